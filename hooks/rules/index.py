"""What several rules derive from the project once per check, typed and cached on the
`Context`: the registry rows by number, where their links lead, and which document a row
belongs to. Rules and their fixes ask the same questions here, so a finding is fixable
exactly when the fix acts on it.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Tuple

from ..parse.registry import ENTRY, Row
from ..parse.table import is_external
from ..parse.proposal import Proposal
from ..repository import MAIN, MISNAMED, Entry
from .base import Context



class RegistryIndex:
    """The registry rows by (series, number), built once per check. Links are resolved
    only for the rows asked about: the rows a document can belong to are the rows of its
    series with its number.

    A check of a few files looks up a few numbers (`Registry.rows_for`), without building
    every row of the table.
    """

    _FEW = 16  # paths up to which numbers are looked up one by one

    def __init__(self, ctx: Context):
        self.ctx = ctx
        registry = ctx.registry
        self.registry = registry if registry is not None and registry.has_table else None
        self.project = ctx.project
        self.first = ctx.project.layout.series[0].prefix
        self._per_folder = any(series.folder_per_proposal for series in ctx.project.layout.series)
        self._by_number: Dict[Tuple[str, int], List[Row]] = {}  # rows with a number (not `_next_`)
        self._targets: Dict[Tuple[Optional[str], int], Optional[str]] = {}  # (link, table) -> repository path
        self._complete = ctx.paths is None or len(ctx.paths) > self._FEW
        if self.registry is not None and self._complete:
            for row in self.registry.rows:
                number = row.number
                if number is not None:
                    self._by_number.setdefault((self.series_of(row), number), []).append(row)

    def series_of(self, row: Row) -> str:
        """The prefix of the series whose numbers the row's table holds."""
        return getattr(row, "series", None) or self.first

    def _key(self, series: Optional[str]) -> str:
        return series or self.first

    def rows(self, number: Optional[int], series: Optional[str] = None) -> List[Row]:
        """Every row of a series (None: the first) with this number (reserved or skipped)."""
        if number is None or self.registry is None:
            return []
        key = (self._key(series), number)
        if not self._complete and key not in self._by_number:
            self._by_number[key] = [row for row in self.registry.rows_for(number, key[0]) if self.series_of(row) == key[0]]
        return self._by_number.get(key, [])

    def rows_of(self, entry: Entry) -> List[Row]:
        """The rows with a document's number in its series."""
        return self.rows(entry.number, entry.series)

    def documents_of(self, row: Row) -> List[Entry]:
        """The main documents with a row's number in its series."""
        return self.project.documents(row.number, self.series_of(row))

    def link_target(self, row: Row) -> Optional[str]:
        """The row's link as a repository path, or None for no link / an external URL.
        Once per link: several rules ask for every row's."""
        table = getattr(row, "table", None)
        key = (row.link, table.index if table is not None else -1)  # (link-base is the table's)
        if key not in self._targets:
            self._targets[key] = _link_target(self.ctx, row)
        return self._targets[key]

    def target(self, row: Row) -> Optional[str]:
        """The repository path the row's link points at (None: no link, or external); a
        link to a proposal's folder (`./CIP-0001/`) stands for the document inside it."""
        target = self.link_target(row)
        if not target:
            return None
        target = target.rstrip("/")
        if self._per_folder and self.project.entry_at(target) is None:
            inside = [e for e in self.project.owner(target + "/x") if e.kind == MAIN]
            if len(inside) == 1:
                return inside[0].path
        return target

    def entry_linked(self, row: Row) -> Optional[Entry]:
        """The listing entry (document, folder...) a row's link points at, if any."""
        target = self.target(row)
        return self.project.entry_at(target) if target else None

    def reservations(self, number: Optional[int], series: Optional[str] = None) -> List[Row]:
        return [row for row in self.rows(number, series) if row.kind == ENTRY]

    def linking_to(self, entry: Entry) -> Optional[Row]:
        return next((row for row in self.rows_of(entry) if self.target(row) == entry.path), None)

    def row_for(self, entry: Entry) -> Optional[Row]:
        """The row of a document: the one linking to it, else one with its number whose
        link (if any) does not point at another main document."""
        row = self.linking_to(entry)
        if row is not None:
            return row if row.kind == ENTRY else None
        for row in self.reservations(entry.number, entry.series):
            other = self.entry_linked(row)
            if other is None or other.kind != MAIN:
                return row
        return None

    def single_document(self, row: Row) -> Optional[Entry]:
        """The number's only main document, when the row is the number's only row and its
        link does not point at some other document: the rows `bep fix` syncs."""
        if self.registry is None or row.kind != ENTRY or row.number is None:
            return None
        series = self.series_of(row)
        header = getattr(row, "width", None) or len(self.registry.header)
        if len(self.reservations(row.number, series)) != 1 or len(row.cells) != header:
            return None  # (a malformed row is left as written)
        documents = self.project.documents(row.number, series)
        if len(documents) != 1:
            return None
        document = documents[0]
        target = self.target(row)
        if target is not None and target != document.path:
            other = self.project.entry_at(target)
            if other is not None and other.kind == MAIN:
                return None
        return document

    def links_elsewhere(self, row: Row) -> bool:
        """Whether a numbered row's link points at a document or folder of the listings
        that is not its own number's (registry-link-mismatch). A link to a path no series
        names is judged by its name: `{prefix}-<number>` for the default layout."""
        target = self.target(row)
        if target is None or row.number is None:
            return False
        entry = self.project.entry_at(target) or next(iter(self.project.owner(target + "/x")), None)
        if entry is not None and entry.number is not None:
            return entry.number != row.number or entry.series != self.series_of(row)
        name = posixpath.basename(target)
        prefix = self.series_of(row)
        match = re.match(rf"{re.escape(prefix)}-([0-9]+)", name, re.ASCII | (0 if not self.project.layout.given else re.I))
        return match is None or int(match.group(1)) != row.number


def registry_index(ctx: Context) -> RegistryIndex:
    """The check's one `RegistryIndex`."""
    return ctx.derived(RegistryIndex)


def link_target(ctx: Context, row: Row) -> Optional[str]:
    return registry_index(ctx).link_target(row)


def _link_target(ctx: Context, row: Row) -> Optional[str]:
    """The repository path a row's link leads to: relative to the registry's folder, or
    after one of its table's `link-base` URLs (from the root); None for no link, an anchor
    or an external URL. (`target` reads a link to a proposal's folder as its document.)"""
    link = row.link
    if not link or link.startswith("#"):
        return None
    table = getattr(row, "table", None)
    bases = table.layout.link_base if table is not None else ()
    base_url = next((base for base in bases if link.startswith(base)), None)
    if base_url is not None:
        link = link[len(base_url) :]
        if not link.split("#", 1)[0]:
            return None  # (the repository itself)
    elif is_external(link):
        return None
    link = link.split("#", 1)[0]
    if "\\" in link:  # a backslash escape: `a\\(b.md` is `a(b.md` to Markdown
        link = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", link)
    if "%" in link:  # (urllib costs a few milliseconds to import; most links have no escapes)
        from urllib.parse import unquote  # lazy: start-up

        link = unquote(link)  # (not empty: neither is the link before its '#')
    if base_url is not None:
        path = posixpath.normpath(link.lstrip("/"))
    else:
        base = posixpath.dirname(ctx.project.registry_path)
        path = posixpath.normpath(posixpath.join(base, link)) if not link.startswith("/") else link
    return path


def documents(ctx: Context, *, misnamed: bool = False) -> List[Tuple[Entry, Proposal]]:
    """(entry, parsed document) for the documents being checked, once per check;
    unreadable ones are `file-unreadable`'s business and left out."""
    return ctx.derived(_documents_and_misnamed if misnamed else _documents)


Documents = List[Tuple[Entry, Proposal]]


def _documents(ctx: Context) -> Documents:
    return _parsed(ctx, list(ctx.proposal_entries()))


def _documents_and_misnamed(ctx: Context) -> Documents:
    misnamed = [entry for entry in ctx.listed(MISNAMED) if not entry.is_dir]  # (a folder is no document)
    return _parsed(ctx, list(ctx.proposal_entries()) + misnamed)


def _parsed(ctx: Context, entries: List[Entry]) -> Documents:
    parsed = [(entry, ctx.project.proposal(entry.path)) for entry in entries]
    return [(entry, document) for entry, document in parsed if isinstance(document, Proposal)]


def front_matter_ok(document: Proposal) -> bool:
    front = document.front_matter
    return front is not None and front.error is None


def reserved_for(index: RegistryIndex, entry: Entry) -> bool:
    """Whether a registry row that reserves a number links to the document."""
    row = index.linking_to(entry)
    return row is not None and row.kind == ENTRY
