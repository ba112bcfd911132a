"""Finding the repository's parts, and the Project: the one parsed model rules run over.

Discovery works with zero configuration for both real layouts:
- standalone: `README.md` (registry) at the root, documents in `proposals/`;
- monorepo: `proposals/README.md` (registry) beside the documents.
Every file is read at most once and parsed at most once, lazily: a commit that touches
one proposal reads the registry, lists the proposals folder and parses that one file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Dict, List, Optional, Union

from .config import Config
from .registry import Registry, parse_registry
from .source import Source, Unreadable, read_source

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


@dataclass(frozen=True)
class Entry:
    """One name in the proposals folder."""

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
    prefix = re.escape(config.prefix)
    main = re.compile(rf"{prefix}-([0-9]+)-(.+)\.md", re.ASCII)
    folder = re.compile(rf"{prefix}-([0-9]+)(?:-.*)?", re.ASCII)
    loose = re.compile(rf"(?:{prefix})?[-_ ]?[0-9]{{3,}}\b.*\.(?:md|markdown)|{prefix}.*\.(?:md|markdown)", re.I)
    return main, folder, loose


def list_proposals(root: Path, folder: Optional[str], config: Config) -> Listing:
    listing = Listing(folder)
    if folder is None:
        return listing
    main, supporting, loose = name_patterns(config)
    try:
        with os.scandir(root / folder if folder else root) as scan:
            items = sorted(scan, key=lambda item: item.name)
    except OSError:
        return listing
    listing.names = {item.name for item in items}
    seen_targets = set()
    for item in items:
        path = f"{folder}/{item.name}" if folder else item.name
        try:
            is_dir = item.is_dir()
            is_file = item.is_file()
        except OSError:
            continue
        if is_dir:
            match = supporting.fullmatch(item.name)
            if match and not item.is_symlink():
                listing.entries.append(Entry(item.name, path, SUPPORTING, int(match.group(1)), True))
            continue
        if not is_file:
            continue
        if item.name == config.template_name:
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

    # -- files -------------------------------------------------------------------
    def source(self, path: str) -> Union[Source, Unreadable]:
        if path not in self._sources:
            self._sources[path] = read_source(self.root, path, self.config.max_file_size)
        return self._sources[path]

    def exists(self, path: str) -> bool:
        """Whether a path inside the repository exists (a name lookup; nothing is read)."""
        parent = str(PurePosixPath(path).parent)
        listing = self.listing
        if listing.folder is not None and parent == (listing.folder or ".") and PurePosixPath(path).name in listing.names:
            return True
        return os.path.lexists(self.root / path)

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
            if folder.is_dir() and any(folder.glob(f"{config.prefix}-[0-9]*.md")):
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
        """The parsed proposal at `path` (an Unreadable when it cannot be read)."""
        if path not in self._proposals:
            from .proposal import parse_proposal

            source = self.source(path)
            self._proposals[path] = source if isinstance(source, Unreadable) else parse_proposal(source, self.config)
        return self._proposals[path]

    @cached_property
    def template(self):
        """The schema the template gives (fields, statuses, sections), defaults filled in."""
        from .proposal import template_schema

        return template_schema(self)
