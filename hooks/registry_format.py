"""Rendering the index tables in canonical form, each in its own style.

Canonical means: one space inside each pipe (`| a | b |`), rows in ascending number
order (stable), the `_next_` placeholder last. The default `compact` style is the one
real registries use; it never pads columns, so a reservation touches one line and two
reservations do not conflict everywhere. The `aligned` style pads every cell to the
display width of its column's widest one (East Asian wide characters count two columns),
the delimiter's dashes as wide. The `keep` style has no canonical form: the table is kept
as its maintainers write it, and a fix rewrites only the rows it changes, each changed
cell keeping the row's padding where the new text fits.

Only the tables' lines are rewritten; every other byte of the file stays as it was.
A row whose cell count differs from the header's is kept verbatim (never drop a cell).
"""

from __future__ import annotations

from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from .parse.registry import NEXT, Registry, Row, Table
from .parse.table import UNESCAPED_PIPE, display_width, split_cells


class Draft(NamedTuple):
    """The registry table as `bep fix` rewrites it: its rows (a changed row has `raw`
    None and is rendered anew), and whether the whole table is put in canonical form
    (registry-format's fix) or every row nobody changed keeps its line as written."""

    rows: Tuple[Row, ...]
    canonical: bool = False


def sort_rows(rows: Sequence[Row]) -> List[Row]:
    """Rows in number order within each table, stable (tables in the order their rows
    come; a table with `sorted: false` keeps its order); a row without a valid number
    stays after its predecessor. (Every row has its table: the parsed ones and `new_row`'s.)"""
    groups: Dict[Table, List[Row]] = {}
    for row in rows:
        groups.setdefault(row.table, []).append(row)
    result: List[Row] = []
    for table, members in groups.items():
        result += _sorted(members) if table.layout.sorted else members
    return result


def _sorted(rows: Sequence[Row]) -> List[Row]:
    """(sorted() is stable: rows of one key keep their order.)"""
    keyed = []
    previous = -1
    for row in rows:
        if row.kind == NEXT:
            key: Tuple[int, ...] = (2,)
        elif row.number is not None:
            previous = row.number
            key = (1, row.number)
        else:
            key = (1, previous)
        keyed.append((key, row))
    return [row for _, row in sorted(keyed, key=lambda item: item[0])]


def _render_compact(cells: Sequence[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _render_aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    parts = []
    for cell, width in zip(cells, widths):
        parts.append(" " + cell + " " * (width - display_width(cell)) + " ")
    return "|" + "|".join(parts) + "|"


def _render_kept(row: Row) -> str:
    """A changed row in the `keep` style: its line as written, each changed cell's text
    replaced inside the cell's own padding (the spaces before it kept, the spaces after it
    shortened to fit, at least one kept). The row has its line: a fix changes cells of the
    rows it read (with as many cells as before: one per column), never adds one."""
    original = row.original
    old = split_cells(original)
    pipes = [m.start() for m in UNESCAPED_PIPE.finditer(original)]
    leading = original.lstrip(" \t").startswith("|")
    # The pipe before each cell (-1 before a first cell without one), then the line's end: after
    # a last cell without a pipe (after a trailing pipe, one bound more, never read).
    bounds = ([] if leading else [-1]) + pipes + [len(original)]
    line = original
    for index in reversed(range(len(old))):
        if old[index] == row.cells[index]:
            continue
        begin, finish = bounds[index] + 1, bounds[index + 1]
        region = line[begin:finish]
        content = region.strip(" \t")
        if content:
            before = region[: len(region) - len(region.lstrip(" \t"))]
            after_old = region[len(region.rstrip(" \t")) :]
        else:  # an empty cell: its first space before the text, the rest after it
            before, after_old = region[:1], region[1:]
        room = len(after_old) - (display_width(row.cells[index]) - display_width(content))
        after = " " * max(room, 1 if after_old else 0)
        line = line[:begin] + before + row.cells[index] + after + line[finish:]
    return line


def _delimiter(header: Sequence[str], existing: str, widths: Optional[Sequence[int]]) -> str:
    old = split_cells(existing)
    cells = []
    for index, name in enumerate(header):
        spec = old[index]  # (a table's delimiter row has one cell per column: the outline checks it)
        left, right = spec.startswith(":"), spec.endswith(":")  # (`:` alone is no cell: it holds a `-`)
        dashes = (widths[index] if widths else len(name)) + 2 - left - right
        cells.append(":" * left + "-" * max(dashes, 1) + ":" * right)
    return "|" + "|".join(cells) + "|"


def render_table(table: Table, rows: Sequence[Row], style: Optional[str] = None, canonical: bool = True) -> List[str]:
    """A table's lines: all in canonical form, or (not `canonical`) only the rows a fix
    changed (`raw` None), every other line as written. `style` None: the table's own."""
    style = style or table.layout.style
    header = list(table.header)
    width = len(header)
    well_formed = [row for row in rows if len(row.cells) == width]
    # The delimiter row keeps its indentation (0 to 3 spaces): it decides whether the table
    # may end a list item's paragraph above it, so dropping it can swallow the table.
    indent = table.delimiter[: len(table.delimiter) - len(table.delimiter.lstrip(" "))]
    if style == "keep":  # (no canonical form: each changed row in its own padding)
        canonical, render = False, _render_kept
    elif style == "aligned":
        widths = [display_width(cell) for cell in header]
        for row in well_formed:
            widths = [max(w, display_width(cell)) for w, cell in zip(widths, row.cells)]
        lines = [_render_aligned(header, widths), indent + _delimiter(header, table.delimiter, widths)]
        render = lambda row: _render_aligned(row.cells, widths)  # noqa: E731
    else:
        delimiter = table.delimiter.strip()
        if not (delimiter.startswith("|") and delimiter.endswith("|")):
            delimiter = _delimiter(header, table.delimiter, None)
        lines = [_render_compact(header), indent + delimiter]
        render = lambda row: _render_compact(row.cells)  # noqa: E731
    if not canonical:
        lines = table.source.lines[table.start : table.start + 2]
    for row in rows:
        if row.raw is not None and (len(row.cells) != width or not canonical):
            lines.append(row.raw)
        else:
            lines.append(render(row))
    return lines


def formatted_text(registry: Registry, draft: Optional[Draft] = None, style: Optional[str] = None) -> Optional[str]:
    """The whole file's new text with the tables as `draft` has them (by default: every
    row, sorted, in canonical form), or None if it cannot be fixed. `style` None: each
    table's own style.

    It cannot be fixed when there is no table or a table's section holds merge conflict
    markers (the rows on each side are not yet one table).
    """
    if not registry.has_table or registry.conflicted:
        return None
    source = registry.source
    if draft is None:
        draft = Draft(tuple(sort_rows(registry.rows)), canonical=True)
    by_table: Dict[Table, List[Row]] = {table: [] for table in registry.found}
    for row in draft.rows:
        by_table[row.table].append(row)  # (a row's table is one found: parsed, or `table_of`'s)
    text = source.text
    offsets = source.line_offsets()
    for table in reversed(registry.found):  # (from the bottom: the offsets above stay true)
        new_lines = render_table(table, by_table[table], style, draft.canonical)
        first, last = table.start, table.end - 1
        begin = offsets[first]
        finish = offsets[last] + len(source.lines[last])
        # Each line of the table keeps the ending its place had (a table of mixed endings that
        # is otherwise canonical is left byte for byte, as `check` calls it clean); a line
        # more than before (an `aligned` reservation) takes the first line's (a table has two
        # lines at least, header and delimiter, so the first has an ending).
        endings = [source.text[offsets[i] + len(source.lines[i]) : offsets[i + 1]] for i in range(first, last)]
        parts = [new_lines[0]]
        for index, line in enumerate(new_lines[1:]):
            parts += (endings[index] if index < len(endings) else endings[0], line)
        text = text[:begin] + "".join(parts) + text[finish:]
    return text


def format_differences(registry: Registry, style: Optional[str] = None) -> List[Tuple[Table, int]]:
    """(table, 1-based line of its first line not in canonical spacing, order aside) for
    each table not in its style's form (`keep` tables never are: they render as written)."""
    if not registry.has_table or registry.conflicted:
        return []
    found = []
    for table in registry.found:
        expected = render_table(table, registry.rows_of(table), style)
        actual = registry.source.lines[table.start : table.end]
        for offset, (want, have) in enumerate(zip(expected, actual)):
            if want != have:
                found.append((table, table.start + offset + 1))
                break
    return found


def first_difference(registry: Registry, style: Optional[str] = None) -> Optional[int]:
    """1-based line of the first table line not in canonical spacing (order aside), or None."""
    differences = format_differences(registry, style)
    return min(line for _, line in differences) if differences else None
