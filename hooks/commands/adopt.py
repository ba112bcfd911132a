"""`bep init`: adopt the suite on a repository that has proposals but no registry table.

It looks at the repository as the checks do (the README that holds or should hold the
registry, the proposals folder, the template), proposes the settings the defaults do not
cover, and builds the registry table from the documents that exist: one row per number,
in number order, with the document's title, author and status and a link to it, closed by
the `_next_` row. The maintainer reviews the result like any other change. It never
overwrites a table or a `.bep.yaml` that exists; every write goes through the one writer.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..config import CONFIG_FILE_NAMES, Config, find_config_file, parse_config
from ..parse.proposal import AUTHOR_KEY, author_name, without_number
from ..parse.table import CellError, escape_cell, escape_destination
from ..repository import Entry, Project
from ..parse.source import Source, Unreadable

NEXT_ROW = "| _next_ | _(reserve your number here)_ | | |"
_NUMBERED = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9]*)-(?P<digits>[0-9]{2,})-[^/]+\.md")


class InitError(Exception):
    """The repository cannot be adopted as it is (exit 1)."""


class Plan(NamedTuple):
    """What `bep init` writes (path -> (the bytes it read, None for a new file; the new
    bytes)), what each write is, and what the maintainer should know."""

    writes: Dict[str, Tuple[Optional[bytes], bytes]]
    written: List[str]
    notes: List[str]


def plan(project: Project) -> Plan:
    """The files `bep init` would write and what it has to say about them."""
    notes: List[str] = []
    written: List[str] = []
    writes: Dict[str, Tuple[Optional[bytes], bytes]] = {}
    config_text = _settings(project)
    if config_text is not None:
        writes[".bep.yaml"] = (None, config_text.encode("utf-8"))
        written.append(f"the settings the defaults do not cover, in .bep.yaml:\n{_indent(config_text).rstrip()}")
        project = Project(project.root, parse_config(config_text, CONFIG_FILE_NAMES[0]))
    registry = project.registry
    if registry is not None and registry.has_table:
        notes.append(
            f"{registry.path} already holds the registry table (line {registry.start + 1}); "
            "bep init never rewrites it: run `bep check`"
        )
        return Plan(writes, written, notes)
    if project.proposals_dir is None:
        raise InitError(
            f"no proposals found: no folder holds {project.config.template_name} or files named "
            f"{project.config.prefix}-NNNN-slug.md; set proposals-dir (and prefix) in .bep.yaml, then run bep init again"
        )
    rows, row_notes = _rows(project)
    notes.extend(row_notes)
    # the README that has the registry heading, else where a new registry belongs
    path = registry.path if registry is not None and registry.heading_line is not None else _registry_home(project)
    source = _read(project, path)
    if source is None:
        writes[path] = (None, _with_table(project.config, None, "\n", rows).encode("utf-8"))
    else:
        text = _with_table(project.config, source.text, source.newline, rows)
        writes[path] = (source.encode(source.text), source.encode(text))
    where = "a new file" if source is None else f"under '## {project.config.registry_heading}'"
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    written.append(f"the registry table: {count} in {path} ({where}); review it before you commit")
    return Plan(writes, written, notes)


def _registry_home(project: Project) -> str:
    """Where a new registry goes: the proposals folder's README in a repository whose root
    README is about something else (a monorepo), else the root README."""
    folder = project.proposals_dir or ""
    if folder and (project.root / "README.md").is_file() and (project.root / folder / "README.md").is_file():
        return f"{folder}/README.md"
    return "README.md" if not folder or (project.root / "README.md").is_file() else f"{folder}/README.md"


def _read(project: Project, path: str) -> Optional[Source]:
    """The registry file as read (None: it does not exist yet)."""
    if not os.path.lexists(project.root / path):
        return None
    source = project.source(path)
    if isinstance(source, Unreadable):
        raise InitError(f"{path}: {source.reason}; fix it, then run bep init again")
    return source


def _rows(project: Project) -> Tuple[List[str], List[str]]:
    config = project.config
    statuses = project.template.statuses
    registry = project.registry
    home = registry.path if registry is not None and registry.heading_line is not None else _registry_home(project)
    base = posixpath.dirname(home)
    by_number: Dict[int, List[Entry]] = {}
    for entry in project.listing.main:
        by_number.setdefault(entry.number, []).append(entry)
    rows, notes = [], []
    for number in sorted(by_number):
        entries = by_number[number]
        entry = _first_written(project, entries) if len(entries) > 1 else entries[0]
        if len(entries) > 1:
            others = ", ".join(e.path for e in entries if e is not entry)
            notes.append(
                f"{config.prefix}-{config.format_number(number)}: {len(entries)} documents carry it; the row links "
                f"{entry.path}, written first; give {others} new numbers (`bep next`)"
            )
        document = project.proposal(entry.path)
        title = _title(project, document, entry)
        author = _author(document)
        status = document.status if document is not None else None
        if status not in statuses:
            if status:
                notes.append(f"{entry.path}: status '{status}' is not one of {', '.join(statuses)}; the row says Draft")
            status = "Draft" if "Draft" in statuses else statuses[0]
        link = escape_destination(posixpath.relpath(entry.path, base or "."))
        try:
            cells = [f"[{config.format_number(number)}]({link})", escape_cell(title), escape_cell(author), status]
        except CellError:  # a title or author no table cell can hold (a line break)
            cells = [f"[{config.format_number(number)}]({link})", entry.name, "-", status]
            notes.append(f"{entry.path}: its title or author cannot go in a table cell; the row uses the file name")
        rows.append("| " + " | ".join(cells) + " |")
    for entry in project.listing.supporting:
        if entry.number not in by_number and entry.number:
            notes.append(
                f"{entry.path}/ holds supporting files of {config.prefix}-{config.format_number(entry.number)}, "
                "which has no document: add its row by hand if the number is taken, or remove the folder"
            )
    for entry in project.listing.misnamed:
        notes.append(f"{entry.path} is not named {config.prefix}-NNNN-slug.md: rename it, then add its row (`bep check` suggests one)")
    return rows, notes


def _title(project: Project, document, entry: Entry) -> str:
    schema = project.template
    if document is not None and document.title is not None:
        text = without_number(re.sub(r"\s+", " ", document.title.text).strip(), project.config.prefix)
        if text and text != schema.placeholder_title:
            return text
    slug = entry.name[:-3].split("-", 2)[-1] if entry.name.endswith(".md") else entry.name
    return slug.replace("-", " ").replace("_", " ").strip() or entry.name


def _author(document) -> str:
    field = document.field(AUTHOR_KEY) if document is not None else None
    if field is None or field.kind != "scalar" or not (field.value or "").strip():
        return "-"
    return re.sub(r"\s+", " ", author_name(field.value) or field.value).strip() or "-"


def _first_written(project: Project, entries: List[Entry]) -> Entry:
    """Of the documents that share a number, the one git added first (the others were the
    late ones, as in the real repositories); by name where git cannot tell."""

    def added(entry: Entry) -> Tuple[int, str]:
        try:
            done = subprocess.run(
                ["git", "log", "--diff-filter=A", "--format=%at", "--", entry.path],
                cwd=str(project.root), capture_output=True, text=True, timeout=30,
            )
            stamps = [int(s) for s in done.stdout.split() if s.isdigit()] if done.returncode == 0 else []
        except (OSError, subprocess.SubprocessError):
            stamps = []
        return (min(stamps) if stamps else 2**62, entry.name)

    return min(entries, key=added)


def _with_table(config: Config, text: Optional[str], newline: str, rows: List[str]) -> str:
    """The registry file's text with the table added, in the file's own line endings:
    right under the registry heading when the file has one (with no table under it),
    else as a new section at its end. Every other byte of the file stays as it was."""
    header = ["| Number | Title | Author | Status |", "|--------|-------|--------|--------|"]
    table = newline.join([*header, *rows, NEXT_ROW]) + newline
    heading = f"## {config.registry_heading}"
    intro = "Reserve your number here first: add a row before `_next_` in the pull request of the proposal."
    section = newline.join([heading, "", intro, ""]) + newline + table
    if text is None:
        return newline.join(["# Proposals", "", ""]) + section
    match = re.search(rf"^#{{1,6}}[ \t]+{re.escape(config.registry_heading)}[ \t#]*(?=\r?$)", text, re.M | re.I)
    if match is not None:  # under the heading, before whatever follows it
        line_end = text.find("\n", match.end())
        cut = len(text) if line_end < 0 else line_end + 1
        before = text[:cut] if line_end >= 0 else text + newline
        after = text[cut:].lstrip("\r\n")  # the blank lines under the heading: the table goes there
        return before + newline + table + (newline + after if after else "")
    ending = "" if not text or text.endswith(("\n", "\r")) else newline
    return text + ending + newline + section


def _settings(project: Project) -> Optional[str]:
    """The `.bep.yaml` lines the defaults need, or None when they find everything (or a
    configuration file exists: it is the maintainer's)."""
    if find_config_file(project.root) is not None or project.proposals_dir is not None:
        return None
    found: Dict[Tuple[str, str, int], int] = {}
    paths = _markdown_files(project)
    for path in paths:
        match = _NUMBERED.fullmatch(posixpath.basename(path))
        if match:
            key = (posixpath.dirname(path), match.group("prefix"), len(match.group("digits")))
            found[key] = found.get(key, 0) + 1
    if not found:
        return None
    (folder, prefix, width), _ = max(found.items(), key=lambda item: (item[1], item[0]))
    lines = ["# written by `bep init`: where this repository's proposals are"]
    if prefix != project.config.prefix:
        lines.append(f"prefix: {prefix}")
    if width != project.config.number_width:
        lines.append(f"number-width: {width}")
        matches = (_NUMBERED.fullmatch(posixpath.basename(p)) for p in paths if posixpath.dirname(p) == folder)
        numbers = [int(m.group("digits")) for m in matches if m and m.group("prefix") == prefix]
        lowest = min((n for n in numbers if n > 0), default=1)
        lines.append(f"number-start: {min(lowest, 10 ** (width - 1))}")
    lines.append(f"proposals-dir: {folder or '.'}")
    return "\n".join(lines) + "\n"


def _markdown_files(project: Project, depth: int = 3) -> List[str]:
    results: List[str] = []
    root = str(project.root)
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and relative.count("/") < depth]
        for name in files:
            if name.endswith(".md"):
                results.append(name if relative == "." else f"{relative}/{name}")
    return results


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def apply(project: Project, result: Plan) -> None:
    """Write what `plan` decided, through the one writer (never over a file that changed)."""
    from ..write import create_file, replace_file  # lazy: start-up

    for path, (old, new) in result.writes.items():
        if old is None:
            create_file(project.root, path, new)
        else:
            replace_file(project.root, path, old, new)
