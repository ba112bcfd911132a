"""The registry: the Markdown table under the "BEP Number Registry" heading.

Only the first table in that heading's section counts; tables in code fences and the
README's other tables are ignored. Each row keeps its source line and its cells exactly
as written, so the fixer can re-render what it must and leave everything else alone.
Cells are split the way GFM (and markdown-it-py) split them: on every pipe that is not
preceded by a backslash, code spans included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..config import Config
from ..findings import Problem
from .markdown import Block, outline
from .source import Source
from .table import CONFLICT_MARKER, CONFLICT_STARTS, UNESCAPED_PIPE, cell_text, inline_link, split_cells

COLUMNS = ("number", "title", "author", "status")

_ASCII_DIGITS = re.compile(r"[0-9]+")
_MAX_DIGITS = 100  # a "number" longer than this is not one anybody reserved

ENTRY, NEXT, SKIPPED = "entry", "next", "skipped"


def _plain(text: str) -> str:
    """A cell's words without emphasis markers and brackets, for recognising placeholders."""
    return re.sub(r"[_*()\[\]`]", "", text).strip().lower()


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the registry file
    cells: Tuple[str, ...]
    columns: Dict[str, int] = field(compare=False, repr=False, default_factory=dict)
    raw: Optional[str] = None  # the line as written; None once a fix changed a cell
    width: int = 0  # the header's cell count (0: not known)

    @property
    def well_formed(self) -> bool:
        """Whether the row has as many cells as the header. When it has not (an unescaped
        `|` in a title, a missing cell), only its number is where it belongs: its other
        cells are shifted, and `registry-malformed` says so instead of reading them."""
        return not self.width or len(self.cells) == self.width

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
    def link(self) -> Optional[str]:
        link = inline_link(self.cell("number"))
        if not link:
            return None
        target = link.target
        return target[1:-1] if target.startswith("<") else target

    @cached_property
    def number(self) -> Optional[int]:
        """The row's number when it is written in plain ASCII digits; else None."""
        text = self.number_text
        # int() refuses (and would take quadratic time on) thousands of digits
        return int(text) if len(text) <= _MAX_DIGITS and _ASCII_DIGITS.fullmatch(text) else None

    @cached_property
    def kind(self) -> str:
        if _plain(self.number_text) == "next":
            return NEXT
        if _plain(self.cell("title")) == "skipped":
            return SKIPPED
        return ENTRY

    @property
    def title(self) -> str:
        return self.cell("title")

    @property
    def author(self) -> str:
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
        """This row with the Number cell's link pointing at ``target`` (a link of the row,
        `[1028](old.md "title")`), and every other character of the cell as written."""
        cell = self.cell("number")
        link = inline_link(cell)
        return self.with_cell("number", cell[: link.start] + target + cell[link.end :])

    def with_cell(self, column: str, text: str) -> "Row":
        index = self.columns[column]
        cells = list(self.cells)  # (fixes change only rows with one cell per column)
        cells[index] = text
        return replace(self, cells=tuple(cells), raw=None)


class Registry:
    """The registry as parsed from its README.

    What describes the table (heading, header, columns, where it starts and ends) and the
    problems of its structure are found when it is parsed. The rows are built when first
    asked for: a commit that touches one proposal looks up one number (`rows_for`), and
    builds only the rows whose line holds its digits, not all ten thousand.
    """

    def __init__(self, source: Source, blocks: List[Block]):
        self.source = source
        self.blocks = blocks  # the README's outline, for other readers
        self.heading_line: Optional[int] = None  # 1-based
        self.start = 0  # 0-based index of the header line
        self.end = 0  # 0-based index after the last row
        self.header: Tuple[str, ...] = ()
        self.columns: Dict[str, int] = {}
        self.delimiter = ""
        self.missing: List[Problem] = []  # no heading, or no table under it
        self.structure: List[Problem] = []  # a repeated heading, conflict markers, a header without columns
        self.conflict_markers: List[int] = []  # 1-based lines of merge-conflict markers in the registry section

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def has_table(self) -> bool:
        return bool(self.header)

    @property
    def conflicted(self) -> bool:
        """Whether the registry section holds merge-conflict markers (then the rows on each
        side are not yet one table: nothing fixes or reads it row by row)."""
        return bool(self.conflict_markers)

    @cached_property
    def rows(self) -> List[Row]:
        """Every row of the table, in table order (the `_next_` placeholder included)."""
        return [self._row(index) for index in range(self.start + 2, self.end)]

    @property
    def malformed(self) -> List[Problem]:
        """The structure problems, and each row whose cell count differs from the header's."""
        width = len(self.header)
        return self.structure + [
            Problem(
                self.path,
                row.line,
                1,
                f"row has {len(row.cells)} cells, the header has {width} ({' | '.join(self.header)}); "
                + (
                    "add the missing cells"
                    if len(row.cells) < width
                    else "escape a '|' inside a cell as '\\|', or remove the extra cell"
                ),
            )
            for row in self.rows
            if len(row.cells) != width
        ]

    @property
    def entries(self) -> List[Row]:
        """Rows that stand for a number (reserved or skipped); not the `_next_` placeholder."""
        return [row for row in self.rows if row.kind != NEXT]

    def rows_for(self, number: int) -> List[Row]:
        """The rows of `number` (reserved or skipped). Before every row has been built,
        only the lines holding the number's digits are split: a number's digits are in
        its Number cell whenever the cell reads as that number."""
        if "rows" in self.__dict__:
            return [row for row in self.rows if row.number == number and row.kind != NEXT]
        digits = str(number)
        lines = self.source.lines
        candidates = (self._row(index) for index in range(self.start + 2, self.end) if digits in lines[index])
        return [row for row in candidates if row.number == number and row.kind != NEXT]

    def rows_mentioning(self, text: str) -> List[Row]:
        """The rows whose line holds `text` (a file name their link may point at)."""
        lines = self.source.lines
        return [self._row(index) for index in range(self.start + 2, self.end) if text in lines[index]]

    def _row(self, index: int) -> Row:
        line = self.source.lines[index]
        return Row(line=index + 1, cells=tuple(split_cells(line)), columns=self.columns, raw=line, width=len(self.header))

    @property
    def header_line(self) -> int:
        return self.start + 1


def _normalise_heading(text: str) -> str:
    return re.sub(r"[\s#:*_`]+", " ", text).strip().casefold()


def parse_registry(source: Source, config: Config) -> Registry:
    lines = source.lines
    wanted = _normalise_heading(config.registry_heading)
    blocks = outline(lines, checked=True)
    registry = Registry(source, blocks)
    headings = [b for b in blocks if b.kind == "heading" and _normalise_heading(b.text) == wanted]
    if not headings:
        registry.missing.append(
            Problem(
                source.path,
                None,
                None,
                f"no '{config.registry_heading}' heading in {source.path}; add the heading followed by a "
                "'| Number | Title | Author | Status |' table",
            )
        )
        return registry
    heading = headings[0]
    registry.heading_line = heading.start + 1
    for extra in headings[1:]:
        registry.structure.append(
            Problem(
                source.path,
                extra.start + 1,
                1,
                f"the '{config.registry_heading}' heading appears again (first on line {heading.start + 1}); "
                "only the first one is the registry: remove or rename the other",
            )
        )
    section_end = next(
        (b.start for b in blocks if b.kind == "heading" and b.start > heading.start and b.level <= heading.level),
        len(lines),
    )
    markers = [
        index + 1
        for index in range(heading.end, section_end)
        if lines[index].startswith(CONFLICT_STARTS) and CONFLICT_MARKER.match(lines[index])  # (startswith first: cheaper)
    ]
    registry.conflict_markers = markers
    if markers:  # one finding says it: the rows between the markers are not yet one table
        shown = ", ".join(str(line) for line in markers[:10]) + (", ..." if len(markers) > 10 else "")
        registry.structure.append(
            Problem(
                source.path,
                markers[0],
                1,
                f"merge conflict markers in the registry section (line{'s' * (len(markers) > 1)} {shown}); "
                "resolve the conflict (keep both reservations under different numbers) and remove the markers",
            )
        )
    table = next(
        (b for b in blocks if b.kind == "table" and heading.end <= b.start < section_end),
        None,
    )
    if table is None:
        _report_missing_table(registry, heading, section_end, config)
        return registry
    registry.start, registry.end = table.start, table.end
    registry.header = tuple(split_cells(lines[table.start]))
    registry.delimiter = lines[table.start + 1]
    registry.columns = _columns(registry, config)
    return registry


def _report_missing_table(registry: Registry, heading, section_end: int, config: Config) -> None:
    lines = registry.source.lines
    pipe_line = next((i for i in range(heading.end, section_end) if lines[i].lstrip().startswith("|")), None)
    if pipe_line is not None:
        registry.structure.append(
            Problem(
                registry.path,
                pipe_line + 1,
                1,
                "the registry table is broken: its second line must be a delimiter row such as "
                "'|--------|-------|--------|--------|' with one cell per column",
            )
        )
        return
    registry.missing.append(
        Problem(
            registry.path,
            heading.start + 1,
            1,
            f"no table under the '{config.registry_heading}' heading; add a "
            "'| Number | Title | Author | Status |' table right below it",
        )
    )


def _columns(registry: Registry, config: Config) -> Dict[str, int]:
    columns: Dict[str, int] = {}
    for index, name in enumerate(registry.header):
        key = _plain(name)
        if key in COLUMNS and key not in columns:
            columns[key] = index
    missing = [name.title() for name in COLUMNS if name not in columns]
    if missing:
        registry.structure.append(
            Problem(
                registry.path,
                registry.header_line,
                1,
                f"the registry header has no {', '.join(missing)} column; "
                "expected '| Number | Title | Author | Status |'",
            )
        )
    if "number" not in columns:
        columns["number"] = 0
    return columns
