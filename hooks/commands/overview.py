"""`bep list`: the proposals and their state, for maintainers and CI summaries.

One line per proposal: every main document (with the registry row that reserves it,
if any), every reserved row that has no document yet, and misnamed documents (no
number). What is wrong with each is the findings of `bep check` on its document and
its registry row, counted by rule. Skipped numbers (`_(skipped)_`) are not proposals
and are left out.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Dict, Iterable, List, NamedTuple, Optional, Sequence

from ..findings import ERROR, Finding

if TYPE_CHECKING:
    from ..repository import Project


LIST_FORMATS = ("text", "json", "markdown")


class Item(NamedTuple):
    number: Optional[int]
    number_text: str  # as the repository writes it ('1042'; '-' for a misnamed document)
    title: str
    status: str
    author: str
    document: Optional[str]  # path of the document, None for a reservation without one
    row: Optional[int]  # line of the registry row, None for a document without one
    errors: Dict[str, int]  # rule -> how many findings of it are errors
    warnings: Dict[str, int]  # rule -> how many are warnings

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "author": self.author,
            "document": self.document,
            "registry_line": self.row,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def collect(project: Project, findings: Sequence[Finding]) -> List[Item]:
    """Every proposal of `project`, with the findings that fall on its document or its row."""
    from ..parse.proposal import Proposal, author_name, without_number  # lazy: start-up
    from ..parse.registry import ENTRY  # lazy: start-up
    from ..repository import MAIN  # lazy: start-up
    from ..rules.base import Context  # lazy: start-up
    from ..rules.index import registry_index  # lazy: start-up

    config = project.config
    index = registry_index(Context(project, frozenset()))  # the rows by number, as the rules pair them
    registry = index.registry
    by_path: Dict[str, List[Finding]] = {}
    by_line: Dict[int, List[Finding]] = {}
    for finding in findings:
        if registry is not None and finding.path == registry.path and finding.line is not None:
            by_line.setdefault(finding.line, []).append(finding)
        else:
            by_path.setdefault(finding.path, []).append(finding)

    items: List[Item] = []
    paired = set()  # lines of the rows that belong to a document
    first = project.listing.series.prefix
    entries = [entry for listing in project.listings for entry in (*listing.main, *listing.misnamed)]
    for entry in entries:
        if entry.is_dir:
            continue  # (a proposal's folder without its document: proposal-filename says so)
        row = index.row_for(entry) if entry.kind == MAIN and registry is not None else None
        if row is not None:
            paired.add(row.line)
        document = project.proposal(entry.path)
        title = status = author = ""
        if isinstance(document, Proposal):
            if document.title is not None:
                title = without_number(document.title.text, config.prefix)
            status = document.status or ""
            field = document.field("Author")
            if field is not None and field.kind == "scalar" and field.value:
                author = author_name(field.value) or field.value
        if row is not None:
            title, status, author = title or row.title, status or row.status, row.author or author
        found = by_path.get(entry.path, []) + (by_line.get(row.line, []) if row is not None else [])
        number = entry.number if entry.kind == MAIN else None
        items.append(
            _item(number, _number_text(project, entry, first) if number is not None else "-", title, status, author,
                  entry.path, row.line if row is not None else None, found)  # fmt: skip
        )
    if registry is not None:
        for row in registry.rows:
            if row.kind == ENTRY and row.line not in paired:
                items.append(
                    _item(row.number, row.number_text, row.title, row.status, row.author or "", None, row.line,
                          by_line.get(row.line, []))  # fmt: skip
                )
    items.sort(key=lambda item: (item.number is None, item.number or 0, item.document or "", item.row or 0))
    return items


def _number_text(project, entry, first: str) -> str:
    """`1042`; in a series other than the first, with its prefix (`CPS-0001`)."""
    if entry.series in ("", first):
        return project.config.format_number(entry.number)
    width = project.listing_of(entry.series).naming.width or project.config.number_width
    return f"{entry.series}-{entry.number:0{width}d}"


def _item(number, number_text, title, status, author, document, row, found: Iterable[Finding]) -> Item:
    errors: Counter = Counter()
    warnings: Counter = Counter()
    for finding in found:
        (errors if finding.severity == ERROR else warnings)[finding.rule] += 1
    return Item(number, number_text, title, status, author, document, row, dict(sorted(errors.items())),
                dict(sorted(warnings.items())))  # fmt: skip


def with_status(items: Sequence[Item], statuses: Sequence[str]) -> List[Item]:
    """The items whose status is one of `statuses` (case-insensitive; none given: all)."""
    wanted = {status.strip().casefold() for status in statuses if status.strip()}
    return [item for item in items if not wanted or item.status.strip().casefold() in wanted]


def problems(item: Item) -> str:
    """'section-missing, proposal-placeholder x2 (warning: section-order)'; '' when nothing is wrong."""

    def counted(rules: Dict[str, int]) -> str:
        return ", ".join(rule if count == 1 else f"{rule} x{count}" for rule, count in rules.items())

    parts = [counted(item.errors)] if item.errors else []
    if item.warnings:
        parts.append(f"warning: {counted(item.warnings)}")
    return "; ".join(parts)


def _document(item: Item, registry_path: Optional[str]) -> str:
    if item.document:
        return item.document
    return f"(no document; {registry_path} line {item.row})" if item.row else "(no document)"


def render(items: Sequence[Item], fmt: str, registry_path: Optional[str]) -> str:
    if fmt == "json":
        return json.dumps([item.as_json() for item in items], ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return _markdown(items, registry_path)
    return _text(items, registry_path)


_HEADER = ("Number", "Title", "Status", "Author", "Document", "Problems")


def _cells(item: Item, registry_path: Optional[str]) -> List[str]:
    return [item.number_text, item.title, item.status, item.author, _document(item, registry_path),
            problems(item) or "-"]  # fmt: skip


def _text(items: Sequence[Item], registry_path: Optional[str]) -> str:
    from ..parse.table import display_width as _width  # lazy: start-up

    if not items:
        return "No proposals."
    rows = [list(_HEADER)] + [_cells(item, registry_path) for item in items]
    widths = [max(_width(row[column]) for row in rows) for column in range(len(_HEADER) - 1)]
    lines = []
    for row in rows:
        padded = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)]
        lines.append("  ".join(padded + [row[-1]]).rstrip())
    return "\n".join(lines)


def _markdown(items: Sequence[Item], registry_path: Optional[str]) -> str:
    """A summary for a CI job to post (GitHub's $GITHUB_STEP_SUMMARY, a PR comment)."""
    with_errors = sum(1 for item in items if item.errors)
    statuses = Counter(item.status or "(none)" for item in items)
    counts = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
    lines = [
        "## Proposals",
        "",
        f"{len(items)} proposal{'s' * (len(items) != 1)}" + (f" ({counts})" if items else "")
        + f"; {with_errors} with errors.",
        "",
    ]
    if not items:
        return "\n".join(lines)
    lines.append("| " + " | ".join(_HEADER) + " |")
    lines.append("|" + "---|" * len(_HEADER))
    for item in items:
        cells = _cells(item, registry_path)
        if item.document and "`" not in item.document:
            cells[4] = f"`{item.document}`"
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """`text` as a Markdown table cell: one line, pipes escaped, no HTML."""
    from ..parse.table import CellError, cell_text, escape_cell  # lazy: start-up

    text = cell_text(" ".join(text.split()))  # (a registry cell is escaped already: once is enough)
    try:
        text = escape_cell(text)
    except CellError:  # NUL, a name that is not UTF-8: shown as escapes
        text = escape_cell(text.replace("\0", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8"))
    return text.replace("<", "&lt;").replace(">", "&gt;") or " "
