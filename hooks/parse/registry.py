"""The registry: the index tables of the registry file (by default one, the Markdown table
under the "BEP Number Registry" heading).

`layout.registry.tables` (hooks/layout.py) says where each table is (the first table of a
heading's section, the Nth occurrence of that heading, the table before another heading,
or the Nth table of the file) and how to read it (which header text holds which role,
the number's pattern, which cell holds the row's link, the placeholders). Tables in code
fences and the README's other tables are ignored. Each row keeps its source line and its
cells exactly as written, so the fixer can re-render what it must and leave everything
else alone; the table syntax itself is parse/table.py's.

A parser speaks in typed data: what is wrong with a table's structure is a `Defect`
(kind, place, and the data a message needs); rules/registry.py words it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Dict, Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple

from ..config import Config
from .markdown import Block, outline
from .source import Source
from .table import (
    CONFLICT_MARKER, CONFLICT_STARTS, UNESCAPED_PIPE, Link, cell_text, inline_link, is_delimiter_row, is_external, split_cells,
)  # fmt: skip

if TYPE_CHECKING:
    from ..layout import Layout, TableLayout

COLUMNS = ("number", "title", "author", "status")

_ASCII_DIGITS = re.compile(r"(?P<number>[0-9]+)")
_MAX_DIGITS = 100  # a "number" longer than this is not one anybody reserved

ENTRY, NEXT, SKIPPED = "entry", "next", "skipped"

# What a Defect says is wrong (rules/registry.py words each kind).
NO_HEADING = "no-heading"  # the table's heading is not in the file (or not that often)
NO_TABLE = "no-table"  # the heading (or the file) has no table where the layout says
BROKEN_TABLE = "broken-table"  # a pipe line under the heading, but no delimiter row under it
HEADING_AGAIN = "heading-again"  # the heading appears again (no `occurrence` given)
CONFLICT = "conflict"  # merge-conflict markers in the table's section
NO_COLUMN = "no-column"  # the header lacks a role's column
ROW_CELLS = "row-cells"  # a row has another cell count than the header


class Defect(NamedTuple):
    """Something wrong with an index table's structure: typed, the rules word it.

    `missing` holds (for NO_COLUMN) the header texts of the missing roles; `lines` (for
    CONFLICT) the marker lines, (for HEADING_AGAIN) the first heading's line; `cells` (for
    ROW_CELLS) the row's cell count; `header` the table's header cells as written."""

    kind: str
    path: str
    line: Optional[int]
    column: Optional[int]
    heading: Optional[str]  # the table's heading as configured (None: located by position)
    expected: str  # the header the layout expects, `| Number | Title | Author | Status |`
    occurrence: object = None  # the configured `occurrence`
    position: int = 1  # the configured `position`
    missing: Tuple[str, ...] = ()
    lines: Tuple[int, ...] = ()
    cells: int = 0
    header: Tuple[str, ...] = ()


def _plain(text: str) -> str:
    """A cell's words without emphasis markers and brackets, for recognising placeholders."""
    return re.sub(r"[_*()\[\]`]", "", text).strip().lower()


def _normalise_heading(text: str) -> str:
    return re.sub(r"[\s#:*_`]+", " ", text).strip().casefold()


class Table:
    """One index table as found in the file: its layout, where it is, its header and
    which column holds which role. `header` is empty when the table was not found."""

    def __init__(self, registry: "Registry", layout: "TableLayout", index: int, series: str):
        self.source = registry.source
        self.layout = layout
        self.index = index  # in layout.registry.tables
        self.series = series  # the prefix of the series whose numbers its rows hold
        self.heading_line: Optional[int] = None  # 1-based
        self.start = 0  # 0-based index of the header line
        self.end = 0  # 0-based index after the last row
        self.header: Tuple[str, ...] = ()
        self.columns: Dict[str, int] = {}
        self.delimiter = ""
        self.number_regex, self.number_width = _number_pattern(layout.number, series)
        self.placeholders = tuple(_plain(text) if text else None for text in layout.placeholders)

    @property
    def has_table(self) -> bool:
        return bool(self.header)

    @property
    def header_line(self) -> int:
        return self.start + 1

    def __repr__(self) -> str:
        return f"<Table {self.index} {self.layout.heading!r} lines {self.start + 1}-{self.end}>"


def _number_pattern(text: str, series: str) -> Tuple["re.Pattern[str]", Optional[int]]:
    """The regex that reads a number cell's text through the table's `number` pattern, at
    any width (a number at another width than `{number:N}` is read, and reported by
    registry-number-invalid), and N."""
    from ..layout import compile_pattern  # lazy: start-up

    pattern = compile_pattern(text, series)
    lenient = compile_pattern(re.sub(r"\{number:[1-9]\}", "{number}", text), series)
    return lenient.regex, pattern.width


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the registry file
    cells: Tuple[str, ...]
    columns: Dict[str, int] = field(compare=False, repr=False, default_factory=dict)
    raw: Optional[str] = None  # the line as written; None once a fix changed a cell
    width: int = 0  # the header's cell count (0: not known)
    table: Optional[Table] = field(default=None, compare=False, repr=False)  # None: read as the BEP table
    original: Optional[str] = field(default=None, compare=False, repr=False)  # the line as written, once changed

    @property
    def well_formed(self) -> bool:
        """Whether the row has as many cells as the header. When it has not (an unescaped
        `|` in a title, a missing cell), only its number is where it belongs: its other
        cells are shifted, and `registry-malformed` says so instead of reading them."""
        return not self.width or len(self.cells) == self.width

    @property
    def series(self) -> Optional[str]:
        """The prefix of the series whose number the row holds (None: a row of no table)."""
        return self.table.series if self.table is not None else None

    def cell(self, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    @cached_property  # the rules ask every row many times; a Row never changes
    def number_text(self) -> str:
        text = self.cell("number")
        link = inline_link(text)
        return link.text.strip() if link else text

    @cached_property
    def link_column(self) -> Optional[str]:
        """The role whose cell holds the row's link (the table's `link`: number, title,
        or for `any` the first cell that is one link); None for none."""
        where = self.table.layout.link if self.table is not None else "number"
        if where == "none":
            return None
        if where != "any":
            return where
        for role, index in sorted(self.columns.items(), key=lambda item: item[1]):
            if index < len(self.cells) and inline_link(self.cells[index]) is not None:
                return role
        return None

    def _link(self) -> Optional[Link]:
        column = self.link_column
        return inline_link(self.cell(column)) if column is not None else None

    @cached_property
    def link(self) -> Optional[str]:
        link = self._link()
        if not link:
            return None
        target = link.target
        return target[1:-1] if target.startswith("<") else target

    @cached_property
    def digits(self) -> Optional[str]:
        """The digits of the number as written (`0044` of `SLIP-0044`), read through the
        table's number pattern at any width; None when the text does not fit it."""
        text = self.number_text
        if len(text) > _MAX_DIGITS + 20:  # (a pattern with `*` backtracks quadratically over thousands of digits)
            return None
        regex = self.table.number_regex if self.table is not None else _ASCII_DIGITS
        found = regex.fullmatch(text)
        if found is None:
            return None
        digits = found.group("number")
        return digits if len(digits) <= _MAX_DIGITS else None

    @cached_property
    def number(self) -> Optional[int]:
        """The row's number when it is written in plain ASCII digits (through the table's
        number pattern: `SLIP-0044` is 44 where the pattern is `{prefix}-{number:4}`); else None."""
        digits = self.digits
        return int(digits) if digits is not None else None

    @cached_property
    def kind(self) -> str:
        following, skipped = self.table.placeholders if self.table is not None else ("next", "skipped")
        if following is not None and _plain(self.number_text) == following:
            return NEXT
        if skipped is not None and _plain(self.cell("title")) == skipped:
            return SKIPPED
        return ENTRY

    @property
    def title(self) -> str:
        """The Title cell as written; its link's text when the table's link is in it."""
        text = self.cell("title")
        if self.link_column == "title":
            link = inline_link(text)
            if link is not None:
                return link.text.strip()
        return text

    @property
    def author(self) -> Optional[str]:
        """The Author cell as written; None when the table has no author column."""
        if self.table is not None and self.table.layout.columns.author is None:
            return None
        return self.cell("author")

    @property
    def status(self) -> str:
        """The status as text (`On\\|Hold` in the cell is `On|Hold`), as the document writes it."""
        return cell_text(self.cell("status"))

    def column_of(self, column: str) -> int:
        """1-based column where a cell starts in the source line (1 when unknown)."""
        index = self.columns.get(column)
        if self.raw is None or index is None:
            return 1
        pipes = [m.start() for m in UNESCAPED_PIPE.finditer(self.raw)]
        leading = self.raw.lstrip().startswith("|")
        start = 0
        boundary = index if leading else index - 1
        if 0 <= boundary < len(pipes):
            start = pipes[boundary] + 1
        while start < len(self.raw) and self.raw[start] == " ":
            start += 1
        return start + 1

    def with_link(self, target: str) -> "Row":
        """This row with its link pointing at ``target`` (a link of the row,
        `[1028](old.md "title")`), and every other character of the cell as written."""
        column = self.link_column
        cell = self.cell(column)
        link = inline_link(cell)
        return self.with_cell(column, cell[: link.start] + target + cell[link.end :])

    def with_cell(self, column: str, text: str) -> "Row":
        index = self.columns[column]
        cells = list(self.cells)  # (fixes change only rows with one cell per column)
        cells[index] = text
        return replace(self, cells=tuple(cells), raw=None, original=self.raw if self.raw is not None else self.original)


class RowForm(NamedTuple):
    """What a new row copies from its table's rows, read once per table (`Registry.form_of`):
    the width their numbers are zero-padded to (None: they are not), whether most of their
    relative links start with `./`, and whether most of their links to a folder end with
    `/` (`./CPS-0002/`, or `./CPS-0002`)."""

    padded_width: Optional[int] = None
    dotted_links: bool = False
    slashed_folders: bool = True


def row_form(rows: Sequence["Row"]) -> RowForm:
    padded = [len(row.digits) for row in rows if row.digits and len(row.digits) > 1 and row.digits[0] == "0"]
    relative = [row.link for row in rows if row.link and not is_external(row.link)]
    dotted = sum(1 for target in relative if target.startswith("./"))
    folders = [target for target in relative if target.endswith("/") or "." not in target.rpartition("/")[2]]
    slashed = sum(1 for target in folders if target.endswith("/"))
    return RowForm(
        max(padded) if padded else None,
        bool(relative) and dotted * 2 > len(relative),
        not folders or slashed * 2 >= len(folders),
    )


def number_cell_text(table: Table, number: int, width: Optional[int], form: RowForm = RowForm()) -> str:
    """How `table` writes `number`: through its `number` pattern (`{prefix}-{number:4}`
    gives `SLIP-0044`), or for the plain `{number}` zero-padded to `width` (the series'
    number width, as the BEP registry writes `1002`). With `width` None (a layout's
    `{number}`, any width), as the table's rows (`form`) write theirs: padded to their width
    when they pad (`0001`), else unpadded (`[39]`)."""
    if table.layout.number == "{number}":
        if width is None:
            width = form.padded_width
        return f"{number:0{width}d}" if width else str(number)
    from ..layout import compile_pattern  # lazy: start-up

    return compile_pattern(table.layout.number, table.series).format(number)


def like_its_rows(form: RowForm, link: str) -> str:
    """A relative link written as the table's other rows (`form`) write theirs: with a
    leading `./` when most of them have one (`./CIP-0001/`), without otherwise; a link to
    a folder without its final `/` when most of theirs have none (`./CPS-0002`)."""
    if is_external(link):
        return link
    if form.dotted_links and not link.startswith((".", "/")):
        link = "./" + link
    if not form.slashed_folders and link.strip("./"):  # (not `./` itself)
        link = link.rstrip("/")
    return link


def new_row(table: Table, values: Dict[str, str], target: Optional[str]) -> Row:
    """A row of `table` holding `values` (role -> cell text, already escaped) in the
    table's own columns, its link to `target` (when given) in the cell the table's `link`
    names; a role the table has no column for is left out, a column without a role stays
    empty."""
    values = dict(values)
    where = {"any": "number"}.get(table.layout.link, table.layout.link)
    if target is not None and where in table.columns:  # (`none` is no column)
        values[where] = f"[{values.get(where, '')}]({target})"
    cells = [""] * len(table.header)
    for role, index in table.columns.items():  # (a found table's columns are all in its header)
        cells[index] = values.get(role, "")
    return Row(line=0, cells=tuple(cells), columns=table.columns, width=len(table.header), table=table)


def numbers_in_rows(lines: Iterable[str], tables: Sequence[Table] = ()) -> Optional[Set[int]]:
    """The numbers of the table rows among `lines` (what a change adds to and removes from
    the registry), each line read as a row of every table in `tables`, through its number
    column and pattern (`| [SLIP-0044](slip-0044.md) | ...`, `| 0001 | [T](./CIP-0001/) |`),
    or as the BEP table's (the number first) without tables; None (every row) when a line
    is a delimiter row: then a table itself changed."""
    numbers: Set[int] = set()
    for line in lines:
        if "|" not in line:
            continue
        if is_delimiter_row(line):
            return None
        cells = tuple(split_cells(line))
        for table in tables or (None,):
            columns = table.columns if table is not None else {"number": 0}
            number = Row(line=0, cells=cells, columns=columns, table=table).number
            if number is not None:
                numbers.add(number)
    return numbers


class Registry:
    """The registry file as parsed: every index table of the layout.

    What describes each table (heading, header, columns, where it starts and ends) and the
    defects of its structure are found when it is parsed. The rows are built when first
    asked for: a commit that touches one proposal looks up one number (`rows_for`), and
    builds only the rows whose line holds its digits, not all ten thousand.

    `heading_line`, `start`, `end`, `header`, `columns`, `delimiter` and `header_line`
    describe the first table found (the only one, for the BEP shape).
    """

    def __init__(self, source: Source, blocks: List[Block]):
        self.source = source
        self.blocks = blocks  # the README's outline, for other readers
        self.tables: List[Table] = []  # one per layout.registry.tables entry, in layout order
        self.missing: List[Defect] = []  # no heading, or no table under it
        self.structure: List[Defect] = []  # a repeated heading, conflict markers, a header without columns
        self.conflict_markers: List[int] = []  # 1-based lines of merge-conflict markers in the tables' sections
        self._forms: Dict[int, RowForm] = {}

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def found(self) -> List[Table]:
        """The tables found, in file order."""
        return sorted((table for table in self.tables if table.has_table), key=lambda table: table.start)

    @property
    def primary(self) -> Optional[Table]:
        """The first table of the layout that was found (the BEP registry)."""
        return next((table for table in self.tables if table.has_table), None)

    def _first(self, name: str, default):
        table = self.primary
        return getattr(table, name) if table is not None else default

    @property
    def heading_line(self) -> Optional[int]:
        table = self.primary or (self.tables[0] if self.tables else None)
        return table.heading_line if table is not None else None

    @property
    def start(self) -> int:
        return self._first("start", 0)

    @property
    def end(self) -> int:
        return self._first("end", 0)

    @property
    def header(self) -> Tuple[str, ...]:
        return self._first("header", ())

    @property
    def columns(self) -> Dict[str, int]:
        return self._first("columns", {})

    @property
    def header_line(self) -> int:
        return self.start + 1

    @property
    def has_table(self) -> bool:
        return any(table.has_table for table in self.tables)

    @property
    def conflicted(self) -> bool:
        """Whether a table's section holds merge-conflict markers (then the rows on each
        side are not yet one table: nothing fixes or reads it row by row)."""
        return bool(self.conflict_markers)

    def table_of(self, series: Optional[str]) -> Optional[Table]:
        """The first table found whose rows number `series` (None: the first series')."""
        if series is None:
            series = self.tables[0].series if self.tables else None
        return next((table for table in self.tables if table.has_table and table.series == series), None)

    @cached_property
    def rows(self) -> List[Row]:
        """Every row of every table, in file order (the `_next_` placeholder included)."""
        return [self._row(table, index) for table in self.found for index in range(table.start + 2, table.end)]

    def rows_of(self, table: Table) -> List[Row]:
        return [row for row in self.rows if row.table is table]

    def form_of(self, table: Table) -> RowForm:
        """How `table`'s rows write numbers and links, for the rows written like them."""
        if table.index not in self._forms:
            self._forms[table.index] = row_form(self.rows_of(table))
        return self._forms[table.index]

    @property
    def malformed(self) -> List[Defect]:
        """The structure defects, and each row whose cell count differs from its header's."""
        return self.structure + [
            Defect(
                ROW_CELLS, self.path, row.line, 1, row.table.layout.heading, _expected(row.table.layout),
                cells=len(row.cells), header=row.table.header,
            )  # fmt: skip
            for row in self.rows
            if len(row.cells) != len(row.table.header)
        ]

    @property
    def entries(self) -> List[Row]:
        """Rows that stand for a number (reserved or skipped); not the `_next_` placeholder."""
        return [row for row in self.rows if row.kind != NEXT]

    def rows_for(self, number: int, series: Optional[str] = None) -> List[Row]:
        """The rows of `number` (reserved or skipped) in the tables of `series` (None: the
        first series). Before every row has been built, only the lines holding the number's
        digits are split: a number's digits are in its Number cell whenever the cell reads
        as that number."""
        if series is None:
            series = self.tables[0].series if self.tables else None
        if "rows" in self.__dict__:
            return [row for row in self.rows if row.number == number and row.kind != NEXT and row.series == series]
        digits = str(number)
        lines = self.source.lines
        candidates = (
            self._row(table, index)
            for table in self.found
            if table.series == series
            for index in range(table.start + 2, table.end)
            if digits in lines[index]
        )
        return [row for row in candidates if row.number == number and row.kind != NEXT]

    def rows_mentioning(self, text: str) -> List[Row]:
        """The rows whose line holds `text` (a file name their link may point at)."""
        lines = self.source.lines
        return [
            self._row(table, index)
            for table in self.found
            for index in range(table.start + 2, table.end)
            if text in lines[index]
        ]

    def numbers_in(self, lines: Iterable[str]) -> Optional[Set[int]]:
        """The numbers of the rows among `lines` (what a change adds and removes), read
        as rows of this registry's tables (`numbers_in_rows`)."""
        return numbers_in_rows(lines, self.found)

    def _row(self, table: Table, index: int) -> Row:
        line = self.source.lines[index]
        return Row(
            line=index + 1, cells=tuple(split_cells(line)), columns=table.columns, raw=line,
            width=len(table.header), table=table,
        )  # fmt: skip


def _expected(layout: "TableLayout") -> str:
    """The header a table's layout expects: `| Number | Title | Author | Status |`."""
    columns = layout.columns
    names = [texts[0] for texts in (columns.number, columns.title, columns.author, columns.status) if texts]
    return "| " + " | ".join(names) + " |"


def parse_registry(source: Source, config: Config, layout: Optional["Layout"] = None) -> Registry:
    """Every index table of the layout (by default the configuration's) in `source`."""
    from ..layout import effective_layout  # lazy: start-up

    if layout is None:
        layout = effective_layout(config)
    blocks = outline(source.lines, checked=True)
    registry = Registry(source, blocks)
    markers: set = set()
    for index, table_layout in enumerate(layout.registry.tables):
        table = Table(registry, table_layout, index, layout.series_of(table_layout).prefix)
        registry.tables.append(table)
        _locate(registry, table, markers)
    registry.conflict_markers = sorted(markers)
    return registry


def _locate(registry: Registry, table: Table, markers: set) -> None:
    source, blocks, layout = registry.source, registry.blocks, table.layout
    lines = source.lines
    expected = _expected(layout)

    def defect(kind: str, line: Optional[int], column: Optional[int] = 1, **data) -> Defect:
        return Defect(kind, source.path, line, column, layout.heading, expected, layout.occurrence, layout.position, **data)

    heading = None
    section_start, section_end = 0, len(lines)
    if layout.heading is not None:
        wanted = _normalise_heading(layout.heading)
        headings = [b for b in blocks if b.kind == "heading" and _normalise_heading(b.text) == wanted]
        if layout.before is not None:
            stop = _normalise_heading(layout.before)
            after = next((b for b in blocks if b.kind == "heading" and _normalise_heading(b.text) == stop), None)
            if after is not None:
                headings = [b for b in headings if b.start < after.start]
        if layout.occurrence == "last":
            chosen = headings[-1:]
        elif isinstance(layout.occurrence, int):
            chosen = headings[layout.occurrence - 1 : layout.occurrence]
        else:
            chosen = headings[:1]
        if not chosen:
            registry.missing.append(defect(NO_HEADING, None, None, lines=(len(headings),)))
            return
        [heading] = chosen
        table.heading_line = heading.start + 1
        if layout.occurrence is None and layout.before is None:
            for extra in headings[1:]:
                registry.structure.append(defect(HEADING_AGAIN, extra.start + 1, lines=(heading.start + 1,)))
        section_start = heading.end
        section_end = next(
            (b.start for b in blocks if b.kind == "heading" and b.start > heading.start and b.level <= heading.level),
            len(lines),
        )
    if layout.before is not None:
        stop = _normalise_heading(layout.before)
        after = next(
            (b for b in blocks if b.kind == "heading" and b.start >= section_start and _normalise_heading(b.text) == stop),
            None,
        )
        if after is not None:
            section_end = after.start
    found = [
        index + 1
        for index in range(section_start, section_end)
        if lines[index].startswith(CONFLICT_STARTS) and CONFLICT_MARKER.match(lines[index])  # (startswith first: cheaper)
    ]
    new = [line for line in found if line not in markers]
    markers.update(found)
    if new:  # one finding says it: the rows between the markers are not yet one table
        registry.structure.append(defect(CONFLICT, new[0], lines=tuple(new)))
    tables = [b for b in blocks if b.kind == "table" and section_start <= b.start < section_end]
    if layout.before is not None:
        block = tables[-1] if tables else None
    else:
        block = tables[layout.position - 1] if len(tables) >= layout.position else None
    if block is None:
        pipe_line = next((i for i in range(section_start, section_end) if lines[i].lstrip().startswith("|")), None)
        if pipe_line is not None and not tables:
            registry.structure.append(defect(BROKEN_TABLE, pipe_line + 1))
        else:
            line = heading.start + 1 if heading is not None else None
            registry.missing.append(defect(NO_TABLE, line, 1 if line else None, lines=(len(tables),)))
        return
    table.start, table.end = block.start, block.end
    table.header = tuple(split_cells(lines[block.start]))
    table.delimiter = lines[block.start + 1]
    table.columns = _columns(registry, table, defect)


def _columns(registry: Registry, table: Table, defect) -> Dict[str, int]:
    """Role -> column index, by header text (compared as headings are); a column whose
    header names no role is kept and ignored. A role without a column is a defect (the
    number then read from the first column)."""
    layout = table.layout.columns
    accepted = {
        role: {_header_key(text) for text in texts}
        for role, texts in zip(COLUMNS, (layout.number, layout.title, layout.author, layout.status))
        if texts is not None
    }
    columns: Dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = _header_key(name)
        for role, texts in accepted.items():
            if key in texts and role not in columns:
                columns[role] = index
                break
    missing = tuple(getattr(layout, role)[0] for role in accepted if role not in columns)
    if missing:
        registry.structure.append(defect(NO_COLUMN, table.header_line, missing=missing))
    if "number" not in columns:
        columns["number"] = 0
    return columns


def _header_key(text: str) -> str:
    """A header text compared as headings are (`**NEP #**` is `nep`); a text that is all
    markup (`#`) is compared as written."""
    return _normalise_heading(text) or text.strip()
