"""Finding the repository's parts, and the Project: the one parsed model rules run over.

Discovery works with zero configuration for both real layouts:
- standalone: `README.md` (registry) at the root, documents in `proposals/`;
- monorepo: `proposals/README.md` (registry) beside the documents.
Every file is read at most once and parsed at most once, lazily: a commit that touches
one proposal reads the registry, lists the proposals folder and parses that one file.
"""

from __future__ import annotations

import os
import posixpath
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Tuple, Union

from .config import Config, name_patterns
from .parse.registry import Registry, parse_registry
from .parse.source import Source, Unreadable, is_inside, read_source
from .parse.suppression import NONE, Suppressions, find_suppressions

MAIN, SUPPORTING, TEMPLATE, MISNAMED = "main", "supporting", "template", "misnamed"


def find_root(start: Path) -> Path:
    """The enclosing git work tree (a folder holding `.git`), else `start` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def relative(root: Path, path: Union[str, Path]) -> str:
    """A path as the suite names it: relative to the root, '/' separators, no '..' games."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(root)
        except ValueError:
            try:
                candidate = candidate.resolve().relative_to(root.resolve())
            except ValueError:
                return candidate.as_posix()
    text = os.path.normpath(candidate.as_posix()).replace(os.sep, "/")
    return "" if text == "." else text


class Entry(NamedTuple):
    """One name in the proposals folder. (A named tuple: a listing of 10,000 names builds
    them three times faster than frozen dataclasses, and a commit pays for every one.)"""

    name: str
    path: str  # relative to the root
    kind: str  # main | supporting | template | misnamed
    number: Optional[int] = None
    is_dir: bool = False


class Listing:
    """The proposals folder: one directory scan (names only, nothing read), each name
    classified the first time it is asked about.

    A full check asks for everything (`entries`, `main`, `by_number`...), which
    classifies every name once. A commit asks about the few files it changed
    (`entry_at`) and their numbers (`documents`): only the names that start with
    `PREFIX-NNNN-` are looked at, so a folder of 10,000 proposals costs its scan, not
    10,000 classifications. (A symlink named like a document is only a document if no
    other name already reaches its target, which depends on every name: with one of
    those in the folder, a lookup classifies the whole folder first.)
    """

    _FEW = 16  # lookups of a number before classifying the whole folder is cheaper

    def __init__(self, root: Path, folder: Optional[str], config: Config, items: Dict[str, os.DirEntry]):
        self.folder = folder
        self._root = root
        self._config = config
        self._items = items  # name -> its directory entry, as the scan gave it
        self._patterns = name_patterns(config)
        self._classified: Dict[str, Optional[Entry]] = {}
        self._documents: Dict[int, List[Entry]] = {}

    @property
    def names(self):
        """Every name in the folder, whatever it is."""
        return self._items.keys()

    @cached_property
    def symlinks(self) -> set:
        """The names in the folder that are symbolic links."""
        return {name for name, item in self._items.items() if _is_symlink(item)}

    # -- lookups -------------------------------------------------------------------
    def entry_at(self, path: str) -> Optional[Entry]:
        """The entry of a path directly in the proposals folder (None for any other path,
        and for names that are neither a document, a folder, the template nor a near miss)."""
        if self.folder is None:
            return None
        parent, name = posixpath.split(path)
        if parent != self.folder or name not in self._items:
            return None
        if self._all_classified:
            return self.by_path.get(path)
        if name not in self._classified:
            if _is_symlink(self._items[name]) and self._patterns[0].fullmatch(name):
                self.entries  # noqa: B018 - whether it counts depends on the other names
                return self.by_path.get(path)
            self._classified[name] = self._classify(name)
        return self._classified[name]

    def documents(self, number: Optional[int]) -> List[Entry]:
        """The main documents with this number, in name order."""
        if number is None:
            return []
        if self._all_classified or len(self._documents) >= self._FEW:
            return self.by_number.get(number, [])
        if number not in self._documents:
            prefix = f"{self._config.prefix}-{self._config.format_number(number)}-"
            base = f"{self.folder}/" if self.folder else ""
            named = sorted(name for name in self._items if name.startswith(prefix))
            found = (self.entry_at(base + name) for name in named)
            self._documents[number] = [e for e in found if e is not None and e.kind == MAIN and e.number == number]
        return self._documents[number]

    # -- everything ----------------------------------------------------------------
    @property
    def _all_classified(self) -> bool:
        return "entries" in self.__dict__  # (cached_property keeps its value there)

    @cached_property
    def entries(self) -> List[Entry]:
        """Every classified name, in name order; a second name for a document (a symlink to
        it, or to a target another name already reaches) is left out."""
        entries = []
        seen_targets: set = set()
        for name in sorted(self._items):
            entry = self._classified[name] if name in self._classified else self._classify(name)
            if entry is None or (entry.kind == MAIN and self._second_name(self._items[name], seen_targets)):
                continue
            entries.append(entry)
        return entries

    def _second_name(self, item: os.DirEntry, seen_targets: set) -> bool:
        """Whether a document is a symlink to a file that is listed under another name: one
        in this folder, or the target of a link listed before it."""
        try:
            if not item.is_symlink() or not item.is_file():
                return False
        except OSError:
            return False
        target = os.path.realpath(item.path)
        folder = os.path.realpath(self._root / self.folder if self.folder else self._root)
        if os.path.dirname(target) == folder or target in seen_targets:
            return True
        seen_targets.add(target)
        return False

    @cached_property
    def main(self) -> List[Entry]:
        return [e for e in self.entries if e.kind == MAIN]

    @cached_property
    def by_number(self) -> Dict[int, List[Entry]]:
        result: Dict[int, List[Entry]] = {}
        for entry in self.main:
            result.setdefault(entry.number, []).append(entry)
        return result

    @cached_property
    def by_path(self) -> Dict[str, Entry]:
        return {e.path: e for e in self.entries}

    @cached_property
    def supporting(self) -> List[Entry]:
        return [e for e in self.entries if e.kind == SUPPORTING]

    @cached_property
    def misnamed(self) -> List[Entry]:
        return [e for e in self.entries if e.kind == MISNAMED]

    def _classify(self, name: str) -> Optional[Entry]:
        """What one name is, from its name and its directory entry alone."""
        main, supporting, loose = self._patterns
        item = self._items[name]
        path = f"{self.folder}/{name}" if self.folder else name
        try:
            is_dir = item.is_dir()
            is_file = item.is_file()
        except OSError:  # a symlink loop (ELOOP): neither, and reported below if named like a proposal
            is_dir = is_file = False
        if is_dir:
            match = supporting.fullmatch(name)
            if match and not _is_symlink(item):
                return Entry(name, path, SUPPORTING, int(match.group(1)), True)
            return None
        if not is_file:
            broken = main.fullmatch(name) if _is_symlink(item) else None
            # a link to nothing or a symlink loop: file-unreadable reports it
            return Entry(name, path, MAIN, int(broken.group(1))) if broken else None
        if name == self._config.template_name:
            return Entry(name, path, TEMPLATE, 0)
        match = main.fullmatch(name)
        if match:
            return Entry(name, path, MAIN, int(match.group(1)))
        if loose.fullmatch(name):
            return Entry(name, path, MISNAMED)
        return None


def _is_symlink(item: os.DirEntry) -> bool:
    try:
        return item.is_symlink()
    except OSError:
        return False


def list_proposals(root: Path, folder: Optional[str], config: Config) -> Listing:
    """Scan the proposals folder once (a folder that is a symlink out of the repository, or
    cannot be read, lists as empty)."""
    items: Dict[str, os.DirEntry] = {}
    if folder is not None and is_inside(root, root / folder):
        try:
            with os.scandir(root / folder if folder else root) as scan:
                items = {item.name: item for item in scan}
        except OSError:
            pass
    return Listing(root, folder, config, items)


class Project:
    """The repository as the rules see it. Parses lazily; never parses a file twice."""

    def __init__(self, root: Path, config: Config):
        self.root = root
        self.config = config
        self._sources: Dict[str, Union[Source, Unreadable]] = {}
        self._proposals: Dict[str, object] = {}
        self._suppressions: Dict[str, Suppressions] = {}

    # -- files -------------------------------------------------------------------
    def source(self, path: str) -> Union[Source, Unreadable]:
        if path not in self._sources:
            self._sources[path] = read_source(self.root, path, self.config.max_file_size)
        return self._sources[path]

    def cached_source(self, path: str) -> Optional[Source]:
        """The source of `path` if some rule already read it (for the reporter). A parsed
        proposal's text is not kept (see `proposal`): it is read again for this."""
        source = self._sources.get(path)
        if source is None and path in self._proposals:
            source = self.source(path)
        return source if isinstance(source, Source) else None

    def suppressions(self, path: str) -> Suppressions:
        """The `<!-- bep: ignore ... -->` comments of a Markdown file, found once."""
        if path not in self._suppressions:
            source = self.source(path)
            self._suppressions[path] = find_suppressions(source) if isinstance(source, Source) else NONE
        return self._suppressions[path]

    def exists(self, path: str) -> bool:
        """Whether a path inside the repository exists (a name lookup; nothing is read)."""
        parent, name = posixpath.split(path)
        listing = self.listing
        if listing.folder is not None and parent == listing.folder and name in listing.names:
            return True
        return os.path.lexists(self.root / path)

    def leads_outside(self, path: str) -> bool:
        """Whether a repository path leaves the root: absolute, through `..`, or through a
        symlink. A name the proposals folder lists as no symlink is decided from the listing
        (a registry of thousands of links costs no system call per row); any other path by
        resolving it."""
        if path.startswith("/") or path == ".." or path.startswith("../"):
            return True
        listing = self.listing
        parent, name = posixpath.split(path)
        if (
            listing.folder is not None
            and parent == listing.folder
            and name in listing.names
            and name not in listing.symlinks
            and self._folder_inside
        ):
            return False
        real = os.path.realpath(os.path.join(self._real_root, path))
        return not (real == self._real_root or real.startswith(self._real_root + os.sep))

    @cached_property
    def _real_root(self) -> str:
        return os.path.realpath(self.root)

    @cached_property
    def _folder_inside(self) -> bool:
        """Whether the proposals folder, symlinks resolved, lies inside the root."""
        folder = self.listing.folder
        if not folder:
            return folder is not None
        real = os.path.realpath(os.path.join(self._real_root, folder))
        return real.startswith(self._real_root + os.sep)

    def canonical(self, path: str) -> str:
        """`path` under its real name when it reaches a file through a symlinked folder
        (`drafts/BEP-1000-x.md` -> `proposals/BEP-1000-x.md`), so one document never counts
        twice. Paths in the proposals folder, the registry (a README that is a symlink is
        still the registry), paths that leave the root and symlink loops (realpath gives
        up on them, it never hangs) come back unchanged.
        """
        if str(PurePosixPath(path).parent) == (self.listing.folder or ".") or path == self.registry_path:
            return path
        root = os.path.realpath(self.root)
        real = os.path.realpath(os.path.join(root, path))
        if not real.startswith(root + os.sep):
            return path
        return os.path.relpath(real, root).replace(os.sep, "/")

    # -- layout ------------------------------------------------------------------
    @cached_property
    def registry_path(self) -> Optional[str]:
        config = self.config
        if config.registry_file:
            return relative(self.root, config.registry_file)
        candidates = ["README.md", "proposals/README.md", "drafts/README.md"]
        if config.proposals_dir:
            candidates.insert(1, f"{relative(self.root, config.proposals_dir)}/README.md")
        heading = config.registry_heading
        existing = []
        for candidate in dict.fromkeys(candidates):
            if not (self.root / candidate).is_file():
                continue
            existing.append(candidate)
            source = self.source(candidate)
            # (the heading as written first: casefolding a README of 10,000 rows costs more)
            if isinstance(source, Source) and (heading in source.text or heading.casefold() in source.text.casefold()):
                return candidate
        return existing[0] if existing else None

    @cached_property
    def proposals_dir(self) -> Optional[str]:
        config = self.config
        if config.proposals_dir:
            return relative(self.root, config.proposals_dir)
        candidates = ["proposals", "drafts"]
        if self.registry_path:
            parent = str(PurePosixPath(self.registry_path).parent)
            candidates.append("" if parent == "." else parent)
        for candidate in candidates:
            if (self.root / candidate / config.template_name).is_file():
                return candidate
        for candidate in candidates:
            folder = self.root / candidate
            if folder.is_dir() and is_inside(self.root, folder) and any(folder.glob(f"{config.prefix}-[0-9]*.md")):
                return candidate
        return None

    @property
    def template_path(self) -> Optional[str]:
        folder = self.proposals_dir
        if folder is None:
            return None
        path = f"{folder}/{self.config.template_name}" if folder else self.config.template_name
        return path if (self.root / path).is_file() else None

    # -- models ------------------------------------------------------------------
    @cached_property
    def registry(self) -> Optional[Registry]:
        """The parsed registry; None when there is no README at all or it is unreadable."""
        if self.registry_path is None:
            return None
        source = self.source(self.registry_path)
        if isinstance(source, Unreadable):
            return None
        return parse_registry(source, self.config)

    @cached_property
    def listing(self) -> Listing:
        return list_proposals(self.root, self.proposals_dir, self.config)

    def proposal(self, path: str):
        """The parsed proposal at `path` (an Unreadable when it cannot be read).

        The text is let go once parsed (only the model and the suppression comments are
        kept), so that a full check holds one document's text at a time, not all of them.
        """
        if path not in self._proposals:
            source = self._sources.get(path)
            document, self._suppressions[path] = self._parse(path, source)
            self._proposals[path] = document
            if isinstance(document, Unreadable):
                self._sources[path] = document
        return self._proposals[path]

    def status(self, path: str) -> Optional[str]:
        """The Status of the document at `path` (see proposal.status_of), None when it has
        none or cannot be read. A document not parsed yet is not parsed for this: only its
        front matter is read (`bep fix` asks it of every document)."""
        from .parse.proposal import Proposal, header_status  # lazy: start-up

        if path in self._proposals:
            document = self._proposals[path]
            return document.status if isinstance(document, Proposal) else None
        source = self._sources.get(path) or read_source(self.root, path, self.config.max_file_size)
        if isinstance(source, Unreadable):
            self._sources[path] = source
            return None
        return header_status(source, self.config)

    def parse_proposals(self, paths: Iterable[str]) -> None:
        """Parse many proposals ahead of the rules, on several processors when there are
        enough of them (hooks.parallel); otherwise they are parsed as the rules ask."""
        from .parallel import parse_many  # lazy: start-up

        todo = [path for path in dict.fromkeys(paths) if path not in self._proposals and path not in self._sources]
        self.template  # noqa: B018 - the schema, once, before workers are forked with it
        for path, document, suppressions in parse_many(self._parse, todo) or ():
            self._proposals[path] = document
            self._suppressions[path] = suppressions
            if isinstance(document, Unreadable):
                self._sources[path] = document

    def _parse(self, path: str, source: Union[Source, Unreadable, None] = None):
        """read_and_parse for this project: its root, its configuration, its template's text."""
        return read_and_parse(self.root, self.config, path, source, self.template.template_lines)

    @cached_property
    def template(self):
        """The schema the template gives (fields, statuses, sections), defaults filled in."""
        from .schema import template_schema  # lazy: start-up

        return template_schema(self)


def read_and_parse(
    root: Path,
    config: Config,
    path: str,
    source: Union[Source, Unreadable, None] = None,
    template_lines: FrozenSet[str] = frozenset(),
) -> Tuple[object, Suppressions]:
    """(the parsed proposal or an Unreadable, its suppression comments): everything a check
    keeps of one document. Also what hooks.parallel's workers run. `template_lines` are
    the template's own lines of text (Schema.template_lines), looked for in the body."""
    from .parse.proposal import parse_proposal  # lazy: start-up

    if source is None:
        source = read_source(root, path, config.max_file_size)
    if isinstance(source, Unreadable):
        return source, NONE
    return parse_proposal(source, config, template_lines), find_suppressions(source)
