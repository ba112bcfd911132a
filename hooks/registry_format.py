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
    stays after its predecessor. A row of no table (a new one) joins the first table."""
    groups: Dict[object, List[Row]] = {}
    first = next((row.table for row in rows if row.table is not None), None)
    for row in rows:
        groups.setdefault(row.table if row.table is not None else first, []).append(row)
    result: List[Row] = []
    for table, members in groups.items():
        if table is not None and not table.layout.sorted:
            result += members
        else:
            result += _sorted(members)
    return result


def _sorted(rows: Sequence[Row]) -> List[Row]:
    keyed = []
    previous = -1
    for position, row in enumerate(rows):
        if row.kind == NEXT:
            key = (2, 0)
        elif row.number is not None:
            previous = row.number
            key = (1, row.number)
        else:
            key = (1, previous)
        keyed.append((key, position, row))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in keyed]


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
    shortened to fit, at least one kept); a row never written before is compact."""
    original = row.original
    if original is None:
        return _render_compact(row.cells)
    old = split_cells(original)
    if len(old) != len(row.cells):  # (fixes change only rows with one cell per column)
        return _render_compact(row.cells)
    pipes = [m.start() for m in UNESCAPED_PIPE.finditer(original)]
    stripped = original.strip(" \t")
    leading = stripped.startswith("|")
    trailing = stripped.endswith("|") and len(stripped) > 1
    bounds = [-1] + pipes if not leading else pipes  # the pipe before each cell
    if not trailing:
        bounds = bounds + [len(original)]
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
        left, right = spec.startswith(":"), spec.endswith(":") and len(spec) > 1
        dashes = (widths[index] if widths else len(name)) + 2 - left - right
        cells.append(":" * left + "-" * max(dashes, 1) + ":" * right)
    return "|" + "|".join(cells) + "|"


def render_table(table, rows: Sequence[Row], style: Optional[str] = None, canonical: bool = True) -> List[str]:
    """A table's lines (`table`: a Table, or a Registry for its first table): all in
    canonical form, or (not `canonical`) only the rows a fix changed (`raw` None), every
    other line as written. `style` None: the table's own."""
    if isinstance(table, Registry):
        table = table.primary
    style = style or table.layout.style
    header = list(table.header)
    width = len(header)
    well_formed = [row for row in rows if len(row.cells) == width]
    # The delimiter row keeps its indentation (0 to 3 spaces): it decides whether the table
    # may end a list item's paragraph above it, so dropping it can swallow the table.
    indent = table.delimiter[: len(table.delimiter) - len(table.delimiter.lstrip(" "))]
    if style == "keep":
        canonical = False
        render = lambda cells: _render_compact(cells)  # noqa: E731 (new rows only; see below)
        lines: List[str] = []
    elif style == "aligned":
        widths = [display_width(cell) for cell in header]
        for row in well_formed:
            widths = [max(w, display_width(cell)) for w, cell in zip(widths, row.cells)]
        lines = [_render_aligned(header, widths), indent + _delimiter(header, table.delimiter, widths)]
        render = lambda cells: _render_aligned(cells, widths)  # noqa: E731
    else:
        delimiter = table.delimiter.strip()
        if not (delimiter.startswith("|") and delimiter.endswith("|")):
            delimiter = _delimiter(header, table.delimiter, None)
        lines = [_render_compact(header), indent + delimiter]
        render = _render_compact
    if not canonical:
        lines = table.source.lines[table.start : table.start + 2]
    for row in rows:
        if row.raw is not None and (len(row.cells) != width or not canonical):
            lines.append(row.raw)
        elif style == "keep":
            lines.append(_render_kept(row))
        else:
            lines.append(render(row.cells))
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
    by_table: Dict[object, List[Row]] = {table: [] for table in registry.found}
    primary = registry.primary
    for row in draft.rows:
        by_table.setdefault(row.table if row.table is not None else primary, []).append(row)
    text = source.text
    offsets = source.line_offsets()
    for table in reversed(registry.found):  # (from the bottom: the offsets above stay true)
        new_lines = render_table(table, by_table[table], style, draft.canonical)
        first, last = table.start, table.end - 1
        begin = offsets[first]
        finish = offsets[last] + len(source.lines[last])
        # Each line of the table keeps the ending its place had (a table of mixed endings that
        # is otherwise canonical is left byte for byte, as `check` calls it clean); a line
        # more than before (an `aligned` reservation) takes the first line's.
        endings = [source.text[offsets[i] + len(source.lines[i]) : offsets[i + 1]] for i in range(first, last)]
        newline = (endings[0] if endings else "") or source.newline
        parts = [new_lines[0]]
        for index, line in enumerate(new_lines[1:]):
            parts += (endings[index] if index < len(endings) else newline, line)
        text = text[:begin] + "".join(parts) + text[finish:]
    return text


def format_differences(registry: Registry, style: Optional[str] = None) -> List[Tuple[Table, int]]:
    """(table, 1-based line of its first line not in canonical spacing, order aside) for
    each table not in its style's form (`keep` tables never are)."""
    if not registry.has_table or registry.conflicted:
        return []
    found = []
    for table in registry.found:
        wanted = style or table.layout.style
        if wanted == "keep":
            continue
        expected = render_table(table, registry.rows_of(table), wanted)
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
