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

from ..config import CONFIG_FILE_NAMES, DEFAULT_STATUSES, Config, find_config_file, parse_config
from ..parse.proposal import AUTHOR_KEY, author_name, without_number
from ..parse.table import CellError, escape_cell, escape_destination
from ..repository import Entry, Project
from ..schema import split_reason, strip_markup
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
    config_text = None
    if find_config_file(project.root) is None and project.proposals_dir is None:
        config_text = propose_layout(project.root)  # (None: the documents fit the flat settings)
    if config_text is None:
        config_text = _settings(project)
    if config_text is not None:
        writes[".bep.yaml"] = (None, config_text.encode("utf-8"))
        written.append("the settings the defaults do not cover, in .bep.yaml (review them: `bep config` shows the result)")
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
        if match and "template" not in path.casefold():  # (a template is no proposal: `nep-0000-template.md`)
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



def apply(project: Project, result: Plan) -> None:
    """Write what `plan` decided, through the one writer (never over a file that changed)."""
    from ..write import create_file, replace_file  # lazy: start-up

    for path, (old, new) in result.writes.items():
        if old is None:
            create_file(project.root, path, new)
        else:
            replace_file(project.root, path, old, new)


# -- a layout for documents the defaults do not fit (`layout:`, docs/layouts.md) -----------

_SHAPE = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9]*)-(?P<digits>[0-9]+)(?P<slug>-[^/]+)?")
_CELL_NUMBER = re.compile(r"(?:(?P<prefix>[A-Za-z][A-Za-z0-9]*)-)?(?P<digits>[0-9]+)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")


class _Group(NamedTuple):
    """Names in one folder that share a shape: `nep-NNNN.md`, `CIP-NNNN/README.md`..."""

    folder: str
    written: str  # the prefix as the names write it (`nep`)
    kind: str  # file | file-slug | folder
    inside: str  # the document inside a proposal's folder (`README.md`, `sip-*.md`)


def propose_layout(root) -> Optional[str]:
    """A `.bep.yaml` with a `layout:` read off the repository, when its documents do not fit
    the defaults: the folder holding the most names of one `<prefix>-<digits>` shape (files,
    or folders holding a README.md or a `<prefix>-*.md`) gives each series' `folder` and
    `document` (case and width as written); a README table whose first column holds
    numbers gives the index (`heading`, `columns` by header text, `number`, `link`); the
    documents' first lines give `header.format` and where the title is. None: nothing of
    the kind was found."""
    groups = _shapes(str(root))
    if not groups:
        return None
    best = max(groups.items(), key=lambda item: (len(item[1]), item[0].kind != "file-slug", item[0]))[0]
    if best.kind == "file-slug":
        return None  # `PREFIX-NNNN-slug.md`: the flat settings (prefix, number-width, proposals-dir) fit
    chosen = [
        (group, numbers) for group, numbers in sorted(groups.items(), key=lambda item: -len(item[1]))
        if group.folder == best.folder and group.kind == best.kind and (len(numbers) >= 2 or group == best)
    ]
    series = []
    for group, numbers in chosen:
        prefix = group.written.upper() if group.written.islower() else group.written
        widths = {len(digits) for digits in numbers}
        number = f"{{number:{widths.pop()}}}" if len(widths) == 1 else "{number}"
        head = "{prefix}" if group.written == prefix else group.written
        if group.kind == "folder":
            document = f"{head}-{number}/{group.inside}"
        elif group.kind == "file-slug":
            document = f"{head}-{number}-{{slug}}.md"
        else:
            document = f"{head}-{number}.md"
        series.append(
            {
                "prefix": prefix,
                "folder": group.folder,
                "document": document,
                "supporting": None if group.kind == "folder" else f"{head}-{number}/",
                "template": _template_of(str(root), group),
                "number-start": min(1, *(int(digits) for digits in numbers)),
                "written": group.written,
            }
        )
    registry_file, tables = _index_tables(str(root), best.folder, series)
    return _layout_text(str(root), registry_file, tables, series)


def _shapes(root: str) -> Dict[_Group, List[str]]:
    """Every group of names sharing a shape, with the digits of each name, in the root and
    the folders two levels under it (hidden folders left out)."""
    groups: Dict[_Group, List[str]] = {}
    for folder, dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        relative = "" if relative == "." else relative
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and relative.count("/") < 1)
        for name in files:
            match = _SHAPE.fullmatch(name[:-3]) if name.endswith(".md") else None
            if match is None or "template" in name.casefold():
                continue
            kind = "file-slug" if match.group("slug") else "file"
            groups.setdefault(_Group(relative, match.group("prefix"), kind, ""), []).append(match.group("digits"))
        for name in dirs:
            match = _SHAPE.fullmatch(name)
            if match is None or match.group("slug"):
                continue
            inside = _document_inside(os.path.join(folder, name), match.group("prefix"))
            if inside is not None:
                groups.setdefault(_Group(relative, match.group("prefix"), "folder", inside), []).append(match.group("digits"))
    return groups


def _document_inside(path: str, written: str) -> Optional[str]:
    """The document of a proposal's folder: its README.md, else a `<prefix>-*.md`."""
    try:
        names = os.listdir(path)
    except OSError:
        return None
    if "README.md" in names:
        return "README.md"
    if any(name.casefold().startswith(written.casefold() + "-") and name.endswith(".md") for name in names):
        return f"{written}-*.md"
    return None


def _template_of(root: str, group: _Group) -> Optional[str]:
    """A file named like a template of the series (`nep-0000-template.md`,
    `.github/CIP-TEMPLATE.md`): in the series' folder, at the root, or under `.github/` or
    `docs/`. A leading `/` when it is not in the series' folder."""
    for folder in dict.fromkeys([group.folder, "", ".github", "docs"]):
        try:
            names = sorted(os.listdir(os.path.join(root, folder)))
        except OSError:
            continue
        for name in names:
            lower = name.casefold()
            if lower.endswith(".md") and "template" in lower and group.written.casefold() in lower:
                if folder == group.folder:
                    return name
                return "/" + (f"{folder}/{name}" if folder else name)
    return None


def _index_tables(root: str, folder: str, series: List[dict]) -> Tuple[Optional[str], List[dict]]:
    """The README (at the root, else in the documents' folder) and its tables whose first
    column holds numbers, each mapped to the series its cells or links name."""
    for path in dict.fromkeys(["README.md", f"{folder}/README.md" if folder else "README.md"]):
        try:
            with open(os.path.join(root, path), encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        tables = _numbered_tables(lines, series)
        if tables:
            return path, tables
    return None, []


def _cells(line: str) -> List[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", text)]


def _heading_text(line: str) -> str:
    return line.strip().lstrip("#").strip().rstrip("#").strip()


def _numbered_tables(lines: List[str], series: List[dict]) -> List[dict]:
    tables, headings, fenced = [], [], False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6}\s", line):
            headings.append(_heading_text(line))
        elif (
            not fenced and line.lstrip().startswith("|") and index + 1 < len(lines)
            and re.fullmatch(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*", lines[index + 1])
        ):
            header = _cells(line)
            rows = []
            end = index + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                rows.append(_cells(lines[end]))
                end += 1
            table = _numbered_table(header, rows, headings, series, len(tables))
            if table is not None:
                table["occurrences"] = sum(1 for text in headings if text.casefold() == (table["heading"] or "").casefold())
                table["total"] = sum(1 for other in lines if re.match(r"#{1,6}\s", other) and _heading_text(other).casefold() == (table["heading"] or "").casefold())
                tables.append(table)
            index = end
            continue
        index += 1
    return tables


def _numbered_table(header: List[str], rows: List[List[str]], headings: List[str], series: List[dict], count: int) -> Optional[dict]:
    firsts = [_LINK.sub(r"\1", row[0]).strip().strip("*_`") for row in rows if row]
    numbered = [_CELL_NUMBER.fullmatch(cell) for cell in firsts]
    found = [match for match in numbered if match]
    if not found or len(found) * 2 < len(rows):
        return None
    roles: Dict[str, Optional[str]] = {"number": header[0]}
    for role in ("title", "author", "status"):
        roles[role] = next((text for text in header[1:] if role in text.casefold()), None)
    widths = {len(match.group("digits")) for match in found}
    number = f"{{number:{widths.pop()}}}" if len(widths) == 1 else "{number}"
    if all(match.group("prefix") for match in found):
        number = "{prefix}-" + number
    link = "number"
    title_at = header.index(roles["title"]) if roles["title"] in header else None
    if not any("](" in row[0] for row in rows if row) and title_at is not None:
        if any(len(row) > title_at and "](" in row[title_at] for row in rows):
            link = "title"
    # the series: the one whose prefix the cells and links name most, else by order
    text = " ".join(" ".join(row) for row in rows).casefold()
    scores = [(text.count(item["written"].casefold() + "-"), -position) for position, item in enumerate(series)]
    best = max(range(len(series)), key=lambda position: scores[position]) if any(s[0] for s in scores) else min(count, len(series) - 1)
    links = [m.group(1) for row in rows for cell in row for m in re.finditer(r"\]\(([^)\s]+)", cell)]
    bases = {m.group(0) for m in (re.match(r"https?://[^/]+/(?:[^/]+/){2}(?:-/)?blob/[^/]+/", link) for link in links) if m}
    link_base = bases.pop() if len(bases) == 1 and links and all(link.startswith("http") for link in links) else None
    status_at = header.index(roles["status"]) if roles["status"] in header else None
    statuses = [_status_word(row[status_at]) for row in rows if status_at is not None and len(row) > status_at]
    return {
        "link-base": link_base,
        "statuses": [status for status in statuses if status],
        "heading": headings[-1] if headings else None,
        "series": series[best]["prefix"],
        "columns": roles,
        "number": number,
        "link": link,
    }


def _header_of(root: str, item: dict) -> Dict[str, Optional[str]]:
    """How the series' documents write their header and title, from up to 20 of them."""
    formats, titles, h1 = [], [], 0
    statuses: List[str] = []
    keys: List[str] = []
    per_document: List[List[str]] = []  # each document's header keys, in order
    dates: List[str] = []
    versions: List[str] = []
    reasons = 0
    number_keys: Dict[str, int] = {}
    base = os.path.join(root, item["folder"])
    names = sorted(os.listdir(base)) if os.path.isdir(base) else []
    paths = []
    for name in names:
        path = os.path.join(base, name)
        if not name.casefold().startswith(item["written"].casefold() + "-"):
            continue
        if os.path.isdir(path):
            if "/" not in item["document"]:
                continue  # (a supporting folder beside the documents)
            inside = item["document"].split("/", 1)[1]
            candidates = sorted(n for n in os.listdir(path) if re.fullmatch(re.escape(inside).replace("\\*", ".*"), n))
            path = os.path.join(path, candidates[0]) if candidates else None
        if path and path.endswith(".md") and "template" not in name.casefold():
            paths.append(path)
    for path in paths[:200]:
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        form, fields = _header_form(lines)
        formats.append(form)
        if any(re.match(r"#\s", line) for line in _outside_fences(lines)):
            h1 += 1
        titles.extend(key for key in fields if key.casefold() == "title")
        statuses.extend(_status_word(value) for key, value in fields.items() if key.casefold() == "status")
        keys.extend(fields)
        per_document.append(list(fields))
        dates.extend(value.strip() for key, value in fields.items() if key.casefold() == "created")
        versions.extend(value.strip() for key, value in fields.items() if key.casefold().endswith("version"))
        reasons += sum(1 for key, value in fields.items() if key.casefold() == "status" and "(" in value)
        digits = re.search(r"([0-9]+)", os.path.basename(os.path.dirname(path)) if item["document"].count("/") else os.path.basename(path))
        for key, value in fields.items():
            value_digits = re.sub(r"[^0-9]", "", value.split("-")[-1])
            if digits and value_digits and int(value_digits) == int(digits.group(1)):
                number_keys[key] = number_keys.get(key, 0) + 1
    item["statuses"] = [status for status in statuses if status]
    item["reasons"] = reasons
    item["extra"] = _header_extras(keys, dates, versions)
    if not item["template"] and per_document:  # no template to take the required fields from
        everywhere = [key for key in per_document[0] if all(key in fields for fields in per_document[1:])]
        if everywhere:
            item["extra"].append(f"required: [{', '.join(_yaml(key) for key in everywhere)}]")
    result: Dict[str, Optional[str]] = {"format": None, "title-field": None, "number-field": None}
    known = [form for form in formats if form]
    if known:
        result["format"] = max(set(known), key=known.count)
    if titles and h1 * 2 < len(paths[:20]):
        result["title-field"] = max(set(titles), key=titles.count)
    if number_keys:
        key, hits = max(number_keys.items(), key=lambda pair: pair[1])
        if hits * 2 >= len(paths[:20]):
            result["number-field"] = key
    return result


def _outside_fences(lines: List[str]) -> List[str]:
    kept, fenced = [], False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return kept


_FIELD = re.compile(r"(?:\*\*)?(?P<key>[A-Za-z][A-Za-z0-9 _-]*?)(?::\*\*|\*\*:|:)\s*(?P<value>.*)")


def _header_form(lines: List[str]) -> Tuple[Optional[str], Dict[str, str]]:
    """('yaml' | 'rfc822' | 'fenced' | 'preamble' | None, the header's fields)."""
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            return None, {}
        block = lines[1:end]
        fields = {m.group("key"): m.group("value") for m in map(_FIELD.fullmatch, block) if m}
        return ("yaml" if _yaml_structure(block) and _reads_as_yaml(block) else "rfc822"), fields
    position = 0
    while position < len(lines) and (not lines[position].strip() or re.match(r"#\s", lines[position])):
        position += 1
    if position < len(lines) and lines[position].lstrip().startswith(("```", "~~~")):
        end = next((i for i in range(position + 1, len(lines)) if lines[i].lstrip().startswith(("```", "~~~"))), len(lines))
        block = [line for line in lines[position + 1 : end] if line.strip()]
        matched = [m for m in map(_FIELD.fullmatch, block) if m]
        if matched and len(matched) * 2 >= len(block):
            return "fenced", {m.group("key"): m.group("value") for m in matched}
    for index, line in enumerate(lines):
        if re.match(r"#{1,6}\s+preamble\s*$", line.strip(), re.I):
            block = []
            for other in lines[index + 1 :]:
                if re.match(r"#{1,6}\s", other):
                    break
                block.append(other.strip())
            matched = [m for m in map(_FIELD.fullmatch, block) if m]
            return "preamble", {m.group("key"): m.group("value").strip("`* ") for m in matched}
    return None, {}


def _yaml_structure(block: List[str]) -> bool:
    """Whether a header uses YAML beyond flat `Key: Value` lines (lists, nesting, flow
    values, quoted scalars): then it is YAML front matter; flat lines are read verbatim
    (`rfc822`), which no value can break."""
    for line in block:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1] in (" ", "\t", "-"):
            return True
        value = line.partition(":")[2].strip()
        if value[:1] in ("[", "{", "'", '"', "|", ">"):
            return True
    return False


def _reads_as_yaml(block: List[str]) -> bool:
    from ruamel.yaml import YAML  # lazy: start-up
    from ruamel.yaml.error import YAMLError  # lazy: start-up

    try:
        data = YAML(typ="safe", pure=True).load("\n".join(block))
    except YAMLError:
        return False
    return isinstance(data, dict)


def _yaml(value) -> str:
    """A scalar as YAML (a JSON string is one)."""
    import json  # lazy: start-up

    if isinstance(value, (int, bool)) or value is None:
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _layout_text(root: str, registry_file: Optional[str], tables: List[dict], series: List[dict]) -> str:
    lines = [
        "# written by `bep init`: the layout read off this repository (docs/layouts.md explains every key);",
        "# review it, then run `bep check`",
        f"prefix: {_yaml(series[0]['prefix'])}",
        "layout:",
    ]
    if registry_file is not None and tables:
        lines += ["  registry:", f"    file: {_yaml(registry_file)}", "    tables:"]
        for table in tables:
            lines.append(f"      - heading: {_yaml(table['heading'])}")
            if table["total"] > 1:
                lines.append(f"        occurrence: {table['occurrences']}")
            if len(series) > 1:
                lines.append(f"        series: {_yaml(table['series'])}")
            columns = ", ".join(f"{role}: {_yaml(text)}" for role, text in table["columns"].items() if text or role == "author")
            lines.append(f"        columns: {{{columns}}}")
            lines.append(f"        number: {_yaml(table['number'])}")
            if table["link"] != "number":
                lines.append(f"        link: {table['link']}")
            if table.get("link-base"):
                lines.append(f"        link-base: [{_yaml(table['link-base'])}]   # these URLs stand for the repository's files")
            lines.append("        style: keep")
    lines.append("  series:")
    for item in series:
        lines.append(f"    - prefix: {_yaml(item['prefix'])}")
        lines.append(f"      folder: {_yaml(item['folder'])}")
        lines.append(f"      document: {_yaml(item['document'])}")
        if item["supporting"]:
            lines.append(f"      supporting: {_yaml(item['supporting'])}")
        if item["template"]:
            lines.append(f"      template: {_yaml(item['template'])}")
        lines.append(f"      number-start: {item['number-start']}")
        header = _header_of(root, item)
        parts = [f"{key}: {_yaml(value)}" for key, value in header.items() if value] + item.get("extra", [])
        if parts:
            lines.append(f"      header: {{{', '.join(parts)}}}")
        if header["title-field"]:
            lines.append("      title: field")
        lines += _statuses_text(item, [table for table in tables if table["series"] == item["prefix"] or len(series) == 1])
    return "\n".join(lines) + "\n"


def _header_extras(keys: List[str], dates: List[str], versions: List[str]) -> List[str]:
    """The header settings the documents show they need: `Author`/`Authors` both in use (an
    alias), dates written `8-Sep-2021`, versions that are semantic (`1.0.0`), not BEP's
    YY.Sprint.Patch."""
    lines = []
    counts = {key: keys.count(key) for key in set(keys)}
    for singular in sorted(key for key in counts if key + "s" in counts):
        plural = singular + "s"
        canonical, other = (plural, singular) if counts[plural] >= counts[singular] else (singular, plural)
        lines.append(f"aliases: {{{_yaml(canonical)}: [{_yaml(other)}]}}")
    forms = ["YYYY-MM-DD"]
    if any(re.fullmatch(r"[0-9]{1,2}-[A-Za-z]{3}-[0-9]{4}", value) for value in dates):
        forms.append("D-Mon-YYYY")
    if len(forms) > 1:
        lines.append(f"date-formats: [{', '.join(forms)}]")
    if any(re.fullmatch(r"[0-9]\.[0-9]+\.[0-9]+", value) for value in versions):
        lines.append("version-format: semver")
    return lines


def _status_word(text: str) -> str:
    """A status as a vocabulary lists it (`schema.split_reason`): markup and a reason in
    parentheses left out; '' for a cell that is only a parenthesis (`(skipped)`)."""
    status, _ = split_reason(strip_markup(text))
    return "" if status.startswith("(") else status


def _statuses_text(item: dict, tables: List[dict]) -> List[str]:
    """The statuses the documents and the table use, most used first, when the default
    vocabulary does not hold them all: a start for the list the process allows."""

    found_anywhere = item.get("statuses", []) + [status for table in tables for status in table.get("statuses", [])]
    spelling: Dict[str, str] = {}  # casefolded -> the most used spelling
    for status in sorted(set(found_anywhere), key=lambda status: (-found_anywhere.count(status), status)):
        spelling.setdefault(status.casefold(), status)
    mixed_case = len(spelling) < len(set(found_anywhere))

    def ordered(found: List[str]) -> List[str]:
        found = [spelling[status.casefold()] for status in found]
        return sorted(set(found), key=lambda status: (-found.count(status), status))

    document = ordered(item.get("statuses", []))
    registry = ordered([status for table in tables for status in table.get("statuses", [])])
    if set(document) | set(registry) <= set(DEFAULT_STATUSES):
        return []
    lines = ["      statuses:                   # as found; keep those the process allows"]
    if document:
        lines.append(f"        document: [{', '.join(_yaml(status) for status in document)}]")
    if registry and set(registry) != set(document):
        lines.append(f"        registry: [{', '.join(_yaml(status) for status in registry)}]")
    if mixed_case:
        lines.append("        case: insensitive         # the same status written in more than one case")
    if item.get("reasons"):
        lines.append("        reason: parenthesis       # `Inactive (superseded by ...)`: the reason kept aside")
    return lines
