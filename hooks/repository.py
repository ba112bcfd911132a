"""Finding the repository's parts, and the Project: the one parsed model rules run over.

Discovery works with zero configuration for both real layouts:
- standalone: `README.md` (registry) at the root, documents in `proposals/`;
- monorepo: `proposals/README.md` (registry) beside the documents.
Every file is read at most once and parsed at most once, lazily: a commit that touches
one proposal reads the registry, lists the proposals folder and parses that one file.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Tuple, Union

from .config import CONFIG_FILE_NAMES, Config
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
    """One name in a series' folder. (A named tuple: a listing of 10,000 names builds
    them three times faster than frozen dataclasses, and a commit pays for every one.)

    In a folder-per-proposal series (`CIP-{number:4}/README.md`) a document's name is
    its folder and file (`CIP-0001/README.md`); a folder with no document in it is a
    MISNAMED entry whose path is the folder."""

    name: str
    path: str  # relative to the root
    kind: str  # main | supporting | template | misnamed
    number: Optional[int] = None
    is_dir: bool = False
    series: str = ""  # the prefix of the entry's series (Listing always sets it)


_PARTS = re.compile(r"\{[^}]*\}|\*")


class Names:
    """How one series names its files, compiled once: the document (or, for a folder per
    proposal, the folder and the file inside it), the supporting folders, the near misses,
    the template and the ignored names."""

    def __init__(self, series, config: Config, siblings: Tuple["Names", ...] = ()):
        from .layout import compile_pattern  # lazy: start-up

        self.prefix = prefix = series.prefix
        self.text = series.document
        self.per_folder = "/" in series.document
        outer, _, inner = series.document.partition("/")
        self.outer = outer
        pattern = compile_pattern(outer, prefix)
        self.pattern = pattern
        self.width = pattern.width
        self.inner_text = inner
        self.inner = compile_pattern(inner, prefix).regex if self.per_folder else None
        self.inner_literal = inner if self.per_folder and not _PARTS.search(inner) else None
        escaped = re.escape(prefix)
        # The BEP shape (the default pattern at any width): exactly today's names, near misses included.
        self.default = not self.per_folder and series.document == f"{{prefix}}-{{number:{self.width}}}-{{slug}}.md"
        if self.default:
            self.main = re.compile(rf"{escaped}-(?P<number>[0-9]{{{self.width}}})-(.+)\.md", re.ASCII)
            self.loose = re.compile(
                rf"(?:{escaped}[-_ ]?)?[0-9]{{3,}}(?:[-_ .].*)?\.(?:md|markdown)|{escaped}[-_ ]?[0-9].*\.(?:md|markdown)",
                re.I,
            )
        else:
            self.main = pattern.regex
            self.loose = _loose(outer, prefix)
        if self.per_folder:
            self.supporting = None  # everything else in a proposal's folder is supporting
        elif series.supporting == "{prefix}-{number}{slug?}/":
            self.supporting = re.compile(rf"{escaped}-(?P<number>[0-9]+)(?:-.*)?", re.ASCII)
        else:
            self.supporting = series.supporting_pattern().regex
        template = series.template
        if template is None:
            width = self.width if self.width is not None else config.number_width
            template = f"{prefix}-{'0' * width}-template.md"
        self.template_text = template  # as configured: a name in the folder, or '/path' from the root
        self.template = None if template.startswith("/") or "/" in template else template
        self.ignore = tuple((glob.rstrip("/"), glob.endswith("/")) for glob in series.ignore)
        self.siblings = siblings

    def ignored(self, name: str, is_dir: bool) -> bool:
        return any((is_dir or not folder_only) and fnmatch.fnmatchcase(name, glob) for glob, folder_only in self.ignore)

    def claimed(self, name: str) -> bool:
        """Whether another series in the same folder names its documents so."""
        return any(other.main.fullmatch(name) or other.template == name for other in self.siblings)

    def key(self, number: int) -> str:
        """The start every name of `number`'s documents has (a quick filter before matching)."""
        text = self.outer
        found = next((part for part in _PARTS.finditer(text) if part.group().startswith("{number")), None)
        if found is None:
            return ""
        head = text[: found.start()]
        stop = next((part for part in _PARTS.finditer(head) if part.group() != "{prefix}"), None)
        if stop is not None:
            return head[: stop.start()].replace("{prefix}", self.prefix)
        head = head.replace("{prefix}", self.prefix)
        if self.width is None:
            return head
        after = text[found.end() :]
        following = _PARTS.search(after)
        return head + f"{number:0{self.width}d}" + (after[: following.start()] if following else after)

    def name_of(self, number: int) -> Optional[str]:
        """The name the pattern gives `number` when it has no slug or wildcard, else None."""
        if any(part.group() not in ("{prefix}",) and not part.group().startswith("{number") for part in _PARTS.finditer(self.outer)):
            return None
        return self.pattern.format(number)


def _loose(text: str, prefix: str) -> "re.Pattern[str]":
    """Near misses of a pattern: the same name in another case, with the number at another
    width, `-`, `_` or a space between the parts, or an extra suffix before `.md`."""
    markdown = text.endswith(".md")
    if markdown:
        text = text[: -len(".md")]
    out, position = [], 0
    for part in _PARTS.finditer(text):
        out.append(_loose_literal(text[position : part.start()]))
        position = part.end()
        name = part.group()
        if name == "{prefix}":
            out.append(re.escape(prefix))
        elif name.startswith("{number"):
            out.append("[0-9]+")
        elif name == "{slug?}":
            out.append("(?:[-_ ].+)?")
        elif name == "{slug}":
            out.append(".+")
        else:
            out.append("[^/]*")
    out.append(_loose_literal(text[position:]))
    if markdown:
        out.append(r"(?:[-_ .].*)?\.(?:md|markdown)")
    return re.compile("".join(out), re.I)


def _loose_literal(text: str) -> str:
    return "".join("[-_ ]?" if char in "-_ " else re.escape(char) for char in text)


class Listing:
    """One series' folder: one directory scan (names only, nothing read), each name
    classified the first time it is asked about.

    A full check asks for everything (`entries`, `main`, `by_number`...), which
    classifies every name once. A commit asks about the few files it changed
    (`entry_at`) and their numbers (`documents`): only the names that start the way
    the number's documents do (`PREFIX-NNNN-`, `nep-0001.md`, `CIP-0001`) are looked at,
    so a folder of 10,000 proposals costs its scan, not 10,000 classifications. (A
    symlink named like a document is only a document if no other name already reaches
    its target, which depends on every name: with one of those in the folder, a lookup
    classifies the whole folder first.) In a folder-per-proposal series a proposal's
    folder is looked into when it is classified (one stat, or one scan when the file
    inside is a pattern).
    """

    _FEW = 16  # lookups of a number before classifying the whole folder is cheaper

    def __init__(
        self,
        root: Path,
        folder: Optional[str],
        config: Config,
        items: Dict[str, os.DirEntry],
        series=None,
        siblings: Tuple = (),
        exclude: FrozenSet[str] = frozenset(),
    ):
        if series is None:
            from .layout import effective_layout  # lazy: start-up

            series = effective_layout(config).series[0]
        self.folder = folder
        self.series = series
        self._root = root
        self._config = config
        self._items = items  # name -> its directory entry, as the scan gave it
        self._names = Names(series, config, tuple(Names(other, config) for other in siblings))
        self._exclude = exclude
        self._classified: Dict[str, Tuple[Entry, ...]] = {}
        self._documents: Dict[int, List[Entry]] = {}

    @property
    def names(self):
        """Every name in the folder, whatever it is."""
        return self._items.keys()

    @property
    def naming(self) -> Names:
        return self._names

    @property
    def excluded(self) -> FrozenSet[str]:
        """Names in the folder that are never a document nor a near miss (the registry...)."""
        return self._exclude

    def item(self, name: str) -> os.DirEntry:
        return self._items[name]

    def entries_of(self, name: str) -> Tuple[Entry, ...]:
        """The entries of one name in the folder (a proposal's folder may give several)."""
        return self._entries_of(name)

    @cached_property
    def symlinks(self) -> set:
        """The names in the folder that are symbolic links."""
        return {name for name, item in self._items.items() if _is_symlink(item)}

    # -- lookups -------------------------------------------------------------------
    def entry_at(self, path: str) -> Optional[Entry]:
        """The entry of a path directly in the folder, or of a document in a proposal's
        folder (None for any other path, and for names that are neither a document, a
        folder, the template nor a near miss)."""
        if self.folder is None:
            return None
        parent, name = posixpath.split(path)
        if parent != self.folder:
            if not self._names.per_folder:
                return None
            grand, folder_name = posixpath.split(parent)
            if grand != self.folder or folder_name not in self._items:
                return None
            return next((e for e in self._entries_of(folder_name) if e.path == path), None)
        if name not in self._items:
            return None
        return next((e for e in self._entries_of(name) if e.path == path), None)

    def owner(self, path: str) -> List[Entry]:
        """The entries a path inside a folder of the listing belongs to: the document(s) of a
        proposal's folder (or the folder itself when it holds none), or a supporting folder."""
        if self.folder is None:
            return []
        base = f"{self.folder}/" if self.folder else ""
        if not path.startswith(base):
            return []
        first, _, rest = path[len(base) :].partition("/")
        if not rest or first not in self._items:
            return []
        entries = self._entries_of(first)
        if self._names.per_folder:
            return [e for e in entries if e.kind in (MAIN, MISNAMED)]
        return [e for e in entries if e.kind == SUPPORTING]

    def _entries_of(self, name: str) -> Tuple[Entry, ...]:
        """The entries of one name in the folder (a proposal's folder may give several)."""
        if self._all_classified:
            return self._by_name.get(name, ())
        if name not in self._classified:
            if _is_symlink(self._items[name]) and self._names.main.fullmatch(name):
                self.entries  # noqa: B018 - whether it counts depends on the other names
                return self._by_name.get(name, ())
            self._classified[name] = self._classify(name)
        return self._classified[name]

    @cached_property
    def _by_name(self) -> Dict[str, Tuple[Entry, ...]]:
        result: Dict[str, Tuple[Entry, ...]] = {}
        for entry in self.entries:
            first = entry.name.split("/", 1)[0]
            result[first] = result.get(first, ()) + (entry,)
        return result

    def documents(self, number: Optional[int]) -> List[Entry]:
        """The main documents with this number, in name order."""
        if number is None:
            return []
        if self._all_classified or len(self._documents) >= self._FEW:
            return self.by_number.get(number, [])
        if number not in self._documents:
            key = self._names.key(number)
            named = sorted(name for name in self._items if name.startswith(key))
            found = (entry for name in named for entry in self._entries_of(name))
            self._documents[number] = [e for e in found if e.kind == MAIN and e.number == number]
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
        per_folder = self._names.per_folder
        for name in sorted(self._items):
            found = self._classified[name] if name in self._classified else self._classify(name)
            for entry in found:
                if entry.kind == MAIN and not per_folder and self._second_name(self._items[name], seen_targets):
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

    def _classify(self, name: str) -> Tuple[Entry, ...]:
        """What one name is, from its name and its directory entry alone (and, for a folder
        per proposal, the names in the folder)."""
        names = self._names
        if name in self._exclude:
            return ()
        item = self._items[name]
        path = f"{self.folder}/{name}" if self.folder else name
        prefix = names.prefix
        try:
            is_dir = item.is_dir()
            is_file = item.is_file()
        except OSError:  # a symlink loop (ELOOP): neither, and reported below if named like a proposal
            is_dir = is_file = False
        if names.ignore and names.ignored(name, is_dir):
            return ()
        if names.per_folder:
            return self._classify_folder(name, path, is_dir)
        if is_dir:
            match = names.supporting.fullmatch(name)
            if match and not _is_symlink(item):
                return (Entry(name, path, SUPPORTING, int(match.group("number")), True, prefix),)
            return ()
        if not is_file:
            broken = names.main.fullmatch(name) if _is_symlink(item) else None
            # a link to nothing or a symlink loop: file-unreadable reports it
            return (Entry(name, path, MAIN, int(broken.group("number")), False, prefix),) if broken else ()
        if name == names.template:
            return (Entry(name, path, TEMPLATE, 0, False, prefix),)
        match = names.main.fullmatch(name)
        if match:
            return (Entry(name, path, MAIN, int(match.group("number")), False, prefix),)
        if names.loose.fullmatch(name) and not (names.siblings and names.claimed(name)):
            return (Entry(name, path, MISNAMED, None, False, prefix),)
        return ()

    def _classify_folder(self, name: str, path: str, is_dir: bool) -> Tuple[Entry, ...]:
        names = self._names
        if not is_dir:
            return ()
        match = names.main.fullmatch(name)
        if match is None:
            if names.loose.fullmatch(name) and not (names.siblings and names.claimed(name)):
                return (Entry(name, path, MISNAMED, None, True, names.prefix),)
            return ()
        number = int(match.group("number"))
        inside: List[str] = []
        if names.inner_literal is not None:
            if os.path.isfile(os.path.join(self._root, path, names.inner_literal)):
                inside = [names.inner_literal]
        else:
            try:
                with os.scandir(self._root / path) as scan:
                    inside = sorted(i.name for i in scan if names.inner.fullmatch(i.name) and _is_file(i))
            except OSError:
                pass
        if not inside:
            return (Entry(name, path, MISNAMED, number, True, names.prefix),)
        return tuple(Entry(f"{name}/{file}", f"{path}/{file}", MAIN, number, False, names.prefix) for file in inside)


def _is_symlink(item: os.DirEntry) -> bool:
    try:
        return item.is_symlink()
    except OSError:
        return False


def _is_file(item: os.DirEntry) -> bool:
    try:
        return item.is_file()
    except OSError:
        return False


def _scan(root: Path, folder: Optional[str]) -> Dict[str, os.DirEntry]:
    """The names in a folder (a folder that is a symlink out of the repository, or cannot
    be read, lists as empty)."""
    items: Dict[str, os.DirEntry] = {}
    if folder is not None and is_inside(root, root / folder):
        try:
            with os.scandir(root / folder if folder else root) as scan:
                items = {item.name: item for item in scan}
        except OSError:
            pass
    return items


def list_proposals(root: Path, folder: Optional[str], config: Config, series=None) -> Listing:
    """Scan a series' folder once (the first series by default)."""
    return Listing(root, folder, config, _scan(root, folder), series)


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
    def layout(self):
        """The repository's layout (hooks/layout.py): `layout:`, else the flat settings."""
        from .layout import effective_layout  # lazy: start-up

        return effective_layout(self.config)

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
        """The first series' folder."""
        return self.folder_of(self.layout.series[0])

    def folder_of(self, series) -> Optional[str]:
        """A series' folder: as configured (`""`: the root), else discovered: `proposals`,
        `drafts` or the registry's folder, the first holding the series' template, else the
        first holding a document named like the series' documents."""
        cache = self.__dict__.setdefault("_folders", {})
        if series.prefix in cache:
            return cache[series.prefix]
        folder = series.folder
        if folder is not None and (folder or self.layout.given):
            found: Optional[str] = relative(self.root, folder)
        else:
            found = self._discover_folder(series)
        cache[series.prefix] = found
        return found

    def _discover_folder(self, series) -> Optional[str]:
        candidates = ["proposals", "drafts"]
        if self.registry_path:
            parent = str(PurePosixPath(self.registry_path).parent)
            candidates.append("" if parent == "." else parent)
        names = self.naming_of(series)
        template = names.template
        if template is not None:
            for candidate in candidates:
                if (self.root / candidate / template).is_file():
                    return candidate
        for candidate in candidates:
            folder = self.root / candidate
            if not folder.is_dir() or not is_inside(self.root, folder):
                continue
            if names.default:
                if any(folder.glob(f"{series.prefix}-[0-9]*.md")):
                    return candidate
            elif any(names.main.fullmatch(name) for name in _scan(self.root, candidate)):
                return candidate
        return None

    def naming_of(self, series) -> Names:
        """How a series names its files (compiled once per project)."""
        cache = self.__dict__.setdefault("_namings", {})
        if series.prefix not in cache:
            cache[series.prefix] = Names(series, self.config)
        return cache[series.prefix]

    @property
    def template_path(self) -> Optional[str]:
        """The first series' template."""
        return self.template_path_of(self.layout.series[0])

    def template_path_of(self, series) -> Optional[str]:
        """A series' template, when the file exists: `template` in the series' folder, or
        from the root when it starts with `/`."""
        text = self.naming_of(series).template_text
        if text.startswith("/"):
            path = relative(self.root, text.lstrip("/"))
        else:
            folder = self.folder_of(series)
            if folder is None:
                return None
            path = f"{folder}/{text}" if folder else text
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
        return parse_registry(source, self.config, self.layout)

    @cached_property
    def listing(self) -> Listing:
        """The first series' listing."""
        return self.listings[0]

    @cached_property
    def listings(self) -> Tuple[Listing, ...]:
        """One listing per series, in the layout's order. Series that share a folder share
        its one scan; a name another series of the folder names its documents so is never
        this one's near miss, and the registry and configuration files never count."""
        layout = self.layout
        folders = [self.folder_of(series) for series in layout.series]
        scans: Dict[Optional[str], Dict[str, os.DirEntry]] = {}
        listings = []
        for index, series in enumerate(layout.series):
            folder = folders[index]
            if folder not in scans:
                scans[folder] = _scan(self.root, folder)
            siblings = tuple(other for i, other in enumerate(layout.series) if i != index and folders[i] == folder)
            listings.append(Listing(self.root, folder, self.config, scans[folder], series, siblings, self._never(folder)))
        return tuple(listings)

    def _never(self, folder: Optional[str]) -> FrozenSet[str]:
        """Names in `folder` that are never a document nor a near miss."""
        if folder is None:
            return frozenset()
        never = set()
        registry = self.registry_path
        if registry is not None:
            parent, name = posixpath.split(registry)
            if parent == folder:
                never.add(name)
        if folder == "":
            never.update(CONFIG_FILE_NAMES)
        return frozenset(never)

    def listing_of(self, series: Optional[str] = None) -> Listing:
        """The listing of the series with this prefix (None or unknown: the first)."""
        if series:
            for listing in self.listings:
                if listing.series.prefix == series:
                    return listing
        return self.listings[0]

    def documents(self, number: Optional[int], series: Optional[str] = None) -> List[Entry]:
        """The main documents of `number` in a series (None: the first), in name order."""
        return self.listing_of(series).documents(number)

    def entry_at(self, path: str) -> Optional[Entry]:
        """The listing entry at `path`, whichever series it belongs to."""
        listings = self.listings
        if len(listings) == 1:
            return listings[0].entry_at(path)
        return next((e for e in (listing.entry_at(path) for listing in listings) if e is not None), None)

    def owner(self, path: str) -> List[Entry]:
        """The entries a path inside a proposal's or a supporting folder belongs to."""
        return [entry for listing in self.listings for entry in listing.owner(path)]

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
