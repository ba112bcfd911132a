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
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, NamedTuple, Optional, Tuple, Union

from .config import Config
from .registry import Registry, parse_registry
from .source import Source, Unreadable, is_inside, read_source
from .suppression import NONE, Suppressions, find_suppressions

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


@dataclass
class Listing:
    """The proposals folder, listed once (names only, nothing read)."""

    folder: Optional[str]
    entries: List[Entry] = field(default_factory=list)
    names: set = field(default_factory=set)  # every name in the folder, whatever it is
    symlinks: set = field(default_factory=set)  # the names among them that are symbolic links

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


def name_patterns(config: Config):
    """(main document, supporting folder, looks-like-a-proposal) name patterns.

    A main document has exactly `number_width` digits (`BEP-1042-slug.md`; slugs may hold
    upper case and underscores). `loose` catches near misses that are reported as
    `proposal-filename`: `BEP1009-x.md`, `bep-1010-x.md`, `1007-x.md`, `BEP-10000-x.md`,
    `BEP-1010.md`, `BEP-1010-x.markdown`; not `BEPs.md` or `README.md`.
    """
    prefix = re.escape(config.prefix)
    width = config.number_width
    main = re.compile(rf"{prefix}-([0-9]{{{width}}})-(.+)\.md", re.ASCII)
    folder = re.compile(rf"{prefix}-([0-9]+)(?:-.*)?", re.ASCII)
    loose = re.compile(
        rf"(?:{prefix}[-_ ]?)?[0-9]{{3,}}(?:[-_ .].*)?\.(?:md|markdown)|{prefix}[-_ ]?[0-9].*\.(?:md|markdown)",
        re.I,
    )
    return main, folder, loose


def _is_symlink(item: os.DirEntry) -> bool:
    try:
        return item.is_symlink()
    except OSError:
        return False


def list_proposals(root: Path, folder: Optional[str], config: Config) -> Listing:
    listing = Listing(folder)
    if folder is None:
        return listing
    main, supporting, loose = name_patterns(config)
    if not is_inside(root, root / folder):
        return listing  # a folder that is a symlink out of the repository is never listed
    try:
        with os.scandir(root / folder if folder else root) as scan:
            items = sorted(scan, key=lambda item: item.name)
    except OSError:
        return listing
    listing.names = {item.name for item in items}
    listing.symlinks = {item.name for item in items if _is_symlink(item)}
    seen_targets = set()
    template = config.template_name
    for item in items:
        path = f"{folder}/{item.name}" if folder else item.name
        try:
            is_dir = item.is_dir()
            is_file = item.is_file()
        except OSError:  # a symlink loop (ELOOP): neither, and reported below if named like a proposal
            is_dir = is_file = False
        if is_dir:
            match = supporting.fullmatch(item.name)
            if match and not item.is_symlink():
                listing.entries.append(Entry(item.name, path, SUPPORTING, int(match.group(1)), True))
            continue
        if not is_file:
            broken = main.fullmatch(item.name) if item.is_symlink() else None
            if broken:  # a link to nothing or a symlink loop: file-unreadable reports it
                listing.entries.append(Entry(item.name, path, MAIN, int(broken.group(1))))
            continue
        if item.name == template:
            listing.entries.append(Entry(item.name, path, TEMPLATE, 0))
            continue
        match = main.fullmatch(item.name)
        if match:
            if item.is_symlink():
                target = os.path.realpath(item.path)
                if os.path.dirname(target) == os.path.realpath(root / folder if folder else root):
                    continue  # a second name for a document that is listed under its own name
                if target in seen_targets:
                    continue
                seen_targets.add(target)
            listing.entries.append(Entry(item.name, path, MAIN, int(match.group(1))))
        elif loose.fullmatch(item.name):
            listing.entries.append(Entry(item.name, path, MISNAMED))
    return listing


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
        twice. Paths in the proposals folder, paths that leave the root and symlink loops
        (realpath gives up on them, it never hangs) come back unchanged.
        """
        listing = self.listing
        if path in listing.by_path or str(PurePosixPath(path).parent) == (listing.folder or "."):
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
        wanted = config.registry_heading.casefold()
        existing = []
        for candidate in dict.fromkeys(candidates):
            if not (self.root / candidate).is_file():
                continue
            existing.append(candidate)
            source = self.source(candidate)
            if isinstance(source, Source) and wanted in source.text.casefold():
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
            document, self._suppressions[path] = read_and_parse(self.root, self.config, path, source)
            self._proposals[path] = document
            if isinstance(document, Unreadable):
                self._sources[path] = document
        return self._proposals[path]

    def status(self, path: str) -> Optional[str]:
        """The Status of the document at `path` (see proposal.status_of), None when it has
        none or cannot be read. A document not parsed yet is not parsed for this: only its
        front matter is read (`bep fix` asks it of every document)."""
        from .frontmatter import parse_front_matter
        from .proposal import Proposal, status_of

        if path in self._proposals:
            document = self._proposals[path]
            return document.status if isinstance(document, Proposal) else None
        source = self._sources.get(path) or read_source(self.root, path, self.config.max_file_size)
        if isinstance(source, Unreadable):
            self._sources[path] = source
            return None
        return status_of(parse_front_matter(source.lines))

    def parse_proposals(self, paths: Iterable[str]) -> None:
        """Parse many proposals ahead of the rules, on several processors when there are
        enough of them (hooks.parallel); otherwise they are parsed as the rules ask."""
        from .parallel import parse_many

        todo = [path for path in dict.fromkeys(paths) if path not in self._proposals and path not in self._sources]
        for path, document, suppressions in parse_many(self.root, self.config, todo) or ():
            self._proposals[path] = document
            self._suppressions[path] = suppressions
            if isinstance(document, Unreadable):
                self._sources[path] = document

    @cached_property
    def template(self):
        """The schema the template gives (fields, statuses, sections), defaults filled in."""
        from .proposal import template_schema

        return template_schema(self)


def read_and_parse(
    root: Path, config: Config, path: str, source: Union[Source, Unreadable, None] = None
) -> Tuple[object, Suppressions]:
    """(the parsed proposal or an Unreadable, its suppression comments): everything a check
    keeps of one document. Also what hooks.parallel's workers run."""
    from .proposal import parse_proposal

    if source is None:
        source = read_source(root, path, config.max_file_size)
    if isinstance(source, Unreadable):
        return source, NONE
    return parse_proposal(source, config), find_suppressions(source)
