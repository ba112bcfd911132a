"""Which findings a check of a change is held to: those the change made or touched.

A finding belongs to the check of a change set when its own file changed, or when a file
its verdict reads changed:

- a registry row reads the document it links to and the documents with its number
  (`registry-link-broken`: a renamed or deleted document breaks the row's link);
- a document reads its registry row (`proposal-unreserved`, `status-mismatch`,
  `proposal-title-mismatch`; a supporting folder, `supporting-orphan`): deleting or
  editing the row breaks the document;
- both read the template (sections, fields, statuses, placeholder text);
- everything reads the configuration (`.bep.yaml`): changing it is a full check.

Findings in files the change neither touched nor affected (a legacy problem in another
document) stay out of its way. `bep rule` and the README say the same; `DEPENDS` below is
the one table of which rule reads what.
"""

from __future__ import annotations

import os
import posixpath
from typing import Dict, FrozenSet, List, Optional, Set

from .config import CONFIG_FILE_NAMES
from .git import ChangeSet
from .repository import MAIN, SUPPORTING, Project


DOCUMENTS, REGISTRY_ROW, TEMPLATE = "documents", "registry row", "template"

# rule -> what its verdict on a file reads besides that file. A rule not listed reads
# only its own file: its findings are kept only when that file changed.
DEPENDS: Dict[str, FrozenSet[str]] = {
    "registry-link-broken": frozenset({DOCUMENTS}),
    "registry-status-unknown": frozenset({TEMPLATE}),
    "proposal-unreserved": frozenset({REGISTRY_ROW}),
    "proposal-title-mismatch": frozenset({REGISTRY_ROW}),
    "status-mismatch": frozenset({REGISTRY_ROW}),
    "supporting-orphan": frozenset({REGISTRY_ROW, DOCUMENTS}),
    "proposal-placeholder": frozenset({TEMPLATE}),
    "frontmatter-field-missing": frozenset({TEMPLATE}),
    "status-unknown": frozenset({TEMPLATE}),
    "status-requirement": frozenset({TEMPLATE}),
    "section-missing": frozenset({TEMPLATE}),
    "section-order": frozenset({TEMPLATE}),
}


class Scope:
    """The files a check of `changes` evaluates, and the findings it keeps."""

    def __init__(self, project: Project, changes: ChangeSet):
        self.project = project
        self.full = False  # the configuration changed: everything is checked and kept
        self.template_changed = False
        registry = project.registry_path
        real_registry = _real_name(project.root, registry) if registry else None
        template = project.template_path
        own: Set[str] = set()
        for path in changes.paths:
            if path in CONFIG_FILE_NAMES:
                self.full = True
            if real_registry is not None and path == real_registry:
                path = registry  # a README that is a symlink: git stages its target
            own.add(project.canonical(path))
        self.own = frozenset(own)
        gone = frozenset(changes.gone)
        self.gone = frozenset(project.canonical(path) for path in gone)  # files the change deletes (or renames away)
        if template is not None and template in self.own:
            self.template_changed = True
        elif len(project.layout.series) > 1:  # each series has its template
            templates = {project.template_path_of(series) for series in project.layout.series[1:]}
            self.template_changed = bool(templates & self.own)
        # Documents the change touches, present or gone: their numbers and names. A file in
        # a proposal's folder (`CIP-0001/image.png`) touches that proposal.
        self.document_numbers: Set[int] = set()
        self.document_paths: Set[str] = set()
        self.owners: Set[str] = set()  # proposals' folders' entries the change touches inside
        for listing in project.listings:
            self._documents_touched(listing, (*self.own, *gone))
        # Registry rows the change adds, removes or edits (numbers); None: all of them.
        self.row_numbers: Optional[Set[int]] = set()
        if registry is not None and registry in self.own:
            from . import git  # lazy: start-up

            lines = git.changed_row_lines(project.root, real_registry or registry, changes.compare)
            self.row_numbers = _numbers_in(project, lines)
        self._rows: Optional[list] = None

    def _documents_touched(self, listing, paths) -> None:
        folder, naming = listing.folder, listing.naming
        if folder is None:
            return
        base = f"{folder}/" if folder else ""
        for path in paths:
            if not path.startswith(base):
                continue
            rest = path[len(base) :]
            first, _, inside = rest.partition("/")
            if naming.per_folder:
                match = naming.main.fullmatch(first) if inside else None
                if match is None:
                    continue
                self.document_numbers.add(int(match.group("number")))
                self.document_paths.add(base + first)  # (rows link to the folder, or to the file in it)
                if naming.inner.fullmatch(inside):
                    self.document_paths.add(path)
                self.owners.update(entry.path for entry in listing.owner(path))
                continue
            if inside or first == naming.template:
                continue
            match = naming.main.fullmatch(first)
            if match:
                self.document_numbers.add(int(match.group("number")))
                self.document_paths.add(path)

    # -- what the rules evaluate ---------------------------------------------------------
    def paths(self) -> Optional[FrozenSet[str]]:
        """The files the rules look at: changed ones and the ones they affect (None: all)."""
        if self.full or self.template_changed:
            return None
        paths = set(self.own)
        if not self.registry_owned and self.affected_rows():
            paths.add(self.project.registry_path)
        paths.update(self.affected_documents())
        paths.update(self.owners)
        return frozenset(paths)

    def affected_rows(self) -> List:
        """The registry rows that read a changed document: its number's rows and the rows
        linking to it (under its new or its old name)."""
        if self._rows is None:
            registry = self.project.registry
            rows: Dict[int, object] = {}
            if registry is not None and registry.has_table and len(self.document_paths) > 16:
                # many documents (`pre-commit run --all-files`): one pass over every row
                base = posixpath.dirname(self.project.registry_path)
                for row in registry.rows:
                    if row.number in self.document_numbers or (row.link and _resolve(base, row.link) in self.document_paths):
                        rows[row.line] = row
            elif registry is not None and registry.has_table and (self.document_numbers or self.document_paths):
                for number in self.document_numbers:
                    for row in _rows_for(registry, number, self.project):
                        rows[row.line] = row
                base = posixpath.dirname(self.project.registry_path)
                for path in self.document_paths:
                    for row in registry.rows_mentioning(posixpath.basename(path)):
                        if row.link and _resolve(base, row.link) == path:
                            rows[row.line] = row
            self._rows = [rows[line] for line in sorted(rows)]
        return self._rows

    def affected_documents(self) -> Set[str]:
        """Documents whose registry row the change edits or removes, and supporting folders
        whose number's row or document it touches."""
        if "_documents" in self.__dict__:
            return self._documents
        entries = []
        for listing in self.project.listings:
            if self.row_numbers is None:  # every row: every document
                entries += listing.main + listing.supporting
                continue
            entries += [entry for number in self.row_numbers for entry in listing.documents(number)]
            numbers = self.row_numbers | self.document_numbers
            naming = listing.naming
            if numbers and naming.supporting is not None:
                # (by name: classifying the whole folder costs a commit too much)
                base = f"{listing.folder}/" if listing.folder else ""
                if naming.default:
                    starts = tuple(f"{naming.prefix}-{number:0{naming.width}d}" for number in numbers)
                    named = [name for name in listing.names if name.startswith(starts)]
                else:
                    named = [name for name in listing.names if naming.supporting.fullmatch(name)]
                for name in named:
                    entry = listing.entry_at(base + name)
                    if entry is not None and entry.kind == SUPPORTING and entry.number in numbers:
                        entries.append(entry)
        self._documents = {entry.path for entry in entries if entry.kind in (MAIN, SUPPORTING)}
        return self._documents

    # -- what the check keeps ------------------------------------------------------------
    def keeps(self, rule, path: Optional[str], line: Optional[int]) -> bool:
        """Whether the check keeps a finding of `rule` (a rules.Rule) at `path`, `line`."""
        if self.full or path is None or self._owned(path):
            return True
        reads = DEPENDS.get(rule.name, frozenset())
        if TEMPLATE in reads and self.template_changed:
            return True
        if path == self.project.registry_path:
            if "_lines" not in self.__dict__:
                self._lines = {row.line for row in self.affected_rows()}
            return DOCUMENTS in reads and line in self._lines
        return bool(reads & {REGISTRY_ROW, DOCUMENTS}) and path in self.affected_documents()

    def may_keep(self, rule) -> bool:
        """Whether a rule can have a finding this check keeps: on a commit that leaves the
        registry alone, only the registry rules that read documents run over it."""
        if self.full or self.template_changed or self.registry_owned:
            return True
        return rule.families != {"registry"} or DOCUMENTS in DEPENDS.get(rule.name, frozenset())

    @property
    def registry_owned(self) -> bool:
        registry = self.project.registry_path
        return registry is not None and registry in self.own

    def _owned(self, path: str) -> bool:
        if path in self.own:
            return True
        prefix = path.rstrip("/") + "/"  # a supporting folder: a file in it changed
        return any(p.startswith(prefix) for p in self.own)


def _numbers_in(project: Project, lines: Optional[List[str]]) -> Optional[Set[int]]:
    """The numbers of the registry rows among a change's lines (None: every row), read
    the way the registry's tables write them."""
    if lines is None:
        return None
    registry = project.registry
    if registry is not None:
        return registry.numbers_in(lines)
    from .parse.registry import numbers_in_rows  # lazy: start-up

    return numbers_in_rows(lines)  # (an unreadable registry: read as the BEP table)


def _rows_for(registry, number: int, project: Project) -> List:
    """The rows of `number` in every table (every series: a commit's few numbers)."""
    return [row for series in project.layout.series for row in registry.rows_for(number, series.prefix)]


def _real_name(root, path: str) -> Optional[str]:
    """The path of the file `path` names, symlinks resolved, relative to the root."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, path))
    if not real.startswith(real_root + os.sep):
        return None
    return os.path.relpath(real, real_root).replace(os.sep, "/")


def _resolve(base: str, link: str) -> str:
    link = link.split("#", 1)[0]
    if "%" in link:
        from urllib.parse import unquote  # lazy: start-up

        link = unquote(link)
    return posixpath.normpath(posixpath.join(base, link)).rstrip("/")
