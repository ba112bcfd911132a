"""Rendering the registry table in canonical form.

Canonical means: one space inside each pipe (`| a | b |`), rows in ascending number
order (stable), the `_next_` placeholder last. The default `compact` style is the one
real registries use; it never pads columns, so a reservation touches one line and two
reservations do not conflict everywhere. The `aligned` style pads cells to the display
width of the widest one (East Asian wide characters count two columns).

Only the table's lines are rewritten; every other byte of the file stays as it was.
A row whose cell count differs from the header's is kept verbatim (never drop a cell).
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Sequence, Tuple

from .parse.registry import NEXT, Registry, Row
from .parse.table import display_width, split_cells


class Draft(NamedTuple):
    """The registry table as `bep fix` rewrites it: its rows (a changed row has `raw`
    None and is rendered anew), and whether the whole table is put in canonical form
    (registry-format's fix) or every row nobody changed keeps its line as written."""

    rows: Tuple[Row, ...]
    canonical: bool = False


def sort_rows(rows: Sequence[Row]) -> List[Row]:
    """Rows in number order, stable; a row without a valid number stays after its predecessor."""
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


def _delimiter(header: Sequence[str], existing: str, widths: Optional[Sequence[int]]) -> str:
    old = split_cells(existing)
    cells = []
    for index, name in enumerate(header):
        spec = old[index]  # (a table's delimiter row has one cell per column: the outline checks it)
        left, right = spec.startswith(":"), spec.endswith(":") and len(spec) > 1
        dashes = (widths[index] if widths else len(name)) + 2 - left - right
        cells.append(":" * left + "-" * max(dashes, 1) + ":" * right)
    return "|" + "|".join(cells) + "|"


def render_table(registry: Registry, rows: Sequence[Row], style: str = "compact", canonical: bool = True) -> List[str]:
    """The table's lines: all in canonical form, or (not `canonical`) only the rows a fix
    changed (`raw` None), every other line as written."""
    header = list(registry.header)
    width = len(header)
    well_formed = [row for row in rows if len(row.cells) == width]
    # The delimiter row keeps its indentation (0 to 3 spaces): it decides whether the table
    # may end a list item's paragraph above it, so dropping it can swallow the table.
    indent = registry.delimiter[: len(registry.delimiter) - len(registry.delimiter.lstrip(" "))]
    if style == "aligned":
        widths = [display_width(cell) for cell in header]
        for row in well_formed:
            widths = [max(w, display_width(cell)) for w, cell in zip(widths, row.cells)]
        lines = [_render_aligned(header, widths), indent + _delimiter(header, registry.delimiter, widths)]
        render = lambda cells: _render_aligned(cells, widths)  # noqa: E731
    else:
        delimiter = registry.delimiter.strip()
        if not (delimiter.startswith("|") and delimiter.endswith("|")):
            delimiter = _delimiter(header, registry.delimiter, None)
        lines = [_render_compact(header), indent + delimiter]
        render = _render_compact
    if not canonical:
        lines = registry.source.lines[registry.start : registry.start + 2]
    for row in rows:
        if row.raw is not None and (len(row.cells) != width or not canonical):
            lines.append(row.raw)
        else:
            lines.append(render(row.cells))
    return lines


def formatted_text(registry: Registry, draft: Optional[Draft] = None, style: str = "compact") -> Optional[str]:
    """The whole file's new text with the table as `draft` has it (by default: every row,
    sorted, in canonical form), or None if it cannot be fixed.

    It cannot be fixed when there is no table or the registry section holds merge conflict
    markers (the rows on each side are not yet one table).
    """
    if not registry.has_table or registry.conflicted:
        return None
    source = registry.source
    if draft is None:
        draft = Draft(tuple(sort_rows(registry.rows)), canonical=True)
    new_lines = render_table(registry, draft.rows, style, draft.canonical)
    offsets = source.line_offsets()
    first, last = registry.start, registry.end - 1
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
    return source.text[:begin] + "".join(parts) + source.text[finish:]


def first_difference(registry: Registry, style: str = "compact") -> Optional[int]:
    """1-based line of the first table line not in canonical spacing (order aside), or None."""
    if not registry.has_table or registry.conflicted:
        return None
    expected = render_table(registry, registry.rows, style)
    actual = registry.source.lines[registry.start : registry.end]
    for offset, (want, have) in enumerate(zip(expected, actual)):
        if want != have:
            return registry.start + offset + 1
    return None
