"""`bep next` and `bep new`: reserve the next free number and start its document.

The next free number is above every number the registry holds (reserved or skipped)
and every number a file or folder in the proposals folder carries, and never below the
start number. `new_proposal` adds the registry row before the `_next_` placeholder (the
one line a reservation should touch), creates `PREFIX-NNNN-slug.md` from the template,
and refuses to overwrite anything.
"""

from __future__ import annotations

import datetime
import json
import os
import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Optional, Set

from ..parse.registry import ENTRY, NEXT, like_its_rows, new_row, number_cell_text, parse_registry
from ..parse.table import CellError, escape_cell, escape_destination
from ..registry_format import Draft, formatted_text, render_table, sort_rows
from ..schema import schema_for
from ..parse.source import Source, Unreadable, is_inside

if TYPE_CHECKING:
    from ..repository import Project


MAX_SLUG = 60


class ReserveError(Exception):
    """The repository is not in a state to reserve a number (exit 1)."""


class NoRegistry(ReserveError):
    """There is no registry to reserve in: the repository is not set up yet (exit 2)."""


def _start_a_registry(config, where: str) -> str:
    return (
        f"start one: add a '## {config.registry_heading}' heading to {where} with a table under it, "
        "'| Number | Title | Author | Status |', '|---|---|---|---|', one row per proposal "
        f"('| {config.format_number(config.number_start)} | Title | Name | Draft |'), "
        "or name another file with registry-file in .bep.yaml"
    )


def series_position(project: Project, prefix: Optional[str]) -> int:
    """Where the series `prefix` (any case) is in the layout: 0 for None. ValueError, naming
    the series there are, for a prefix the layout has not."""
    if prefix is None:
        return 0
    prefixes = [series.prefix for series in project.layout.series]
    for position, name in enumerate(prefixes):
        if name.casefold() == prefix.strip().casefold():
            return position
    raise ValueError(f"no series '{prefix}' in this repository's layout; use one of: {', '.join(prefixes)}")


def format_number(project: Project, number: int, position: int = 0) -> str:
    """`number` as the series' documents write it (`0042` for `{number:4}`)."""
    width = project.listings[position].naming.width
    return f"{number:0{width}d}" if position and width else project.config.format_number(number)


def taken_numbers(project: Project, position: int = 0) -> Set[int]:
    """The numbers of the series at `position` that a row, a document or a near-miss name
    holds."""
    prefix = project.layout.series[position].prefix
    numbers: Set[int] = set()
    registry = project.registry
    if registry is not None:
        first = project.layout.series[0].prefix
        numbers.update(
            row.number
            for row in registry.rows
            if row.kind != NEXT and row.number is not None and (row.series or first) == prefix
        )
    listing = project.listings[position]
    numbers.update(entry.number for entry in listing.entries if entry.number)  # the template is 0
    loose = re.compile(rf"(?:{re.escape(prefix)})?[-_ ]?([0-9]+)", re.IGNORECASE)
    for entry in listing.misnamed:
        match = loose.match(entry.name)
        if match:
            numbers.add(int(match.group(1)))
    return numbers


def next_number(project: Project, position: int = 0) -> int:
    """The next free number of the series at `position` (the first: `bep next`)."""
    series = project.layout.series[position]
    width = project.listings[position].naming.width if position else None
    width = width or project.config.number_width
    start = series.number_start if position else project.config.number_start
    limit = 10**width
    taken = [n for n in taken_numbers(project, position) if n < limit]
    number = max([start - 1, *taken]) + 1
    if number >= limit:  # the top number is taken (CIP-9999): the next after the highest that has one free
        free = set(taken)
        number = next((n + 1 for n in sorted(free, reverse=True) if n + 1 < limit and n + 1 not in free), limit)
    if number >= limit:
        raise ReserveError(
            f"no free number of {width} digits is left above {format_number(project, max(taken), position)}; "
            "raise number-width in .bep.yaml"
        )
    return number


def slugify(title: str) -> str:
    """`Kubernetes Bridge ↔ Agents` -> `kubernetes-bridge-agents` (ASCII, lower case, at most 60 characters)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = ""
    for word in re.findall(r"[A-Za-z0-9]+", text.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug


def _yaml_value(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    plain = (
        value
        and value == value.strip()
        and value[0] not in "!&*[]{}|>'\"%@`,?:-#"
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and "\t" not in value
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def new_proposal(
    project: Project,
    title: str,
    author: str,
    slug: Optional[str] = None,
    today: Optional[datetime.date] = None,
    series: Optional[str] = None,
):
    """Reserve the next number for `title` in `series` (a prefix; None: the first series)
    and create its document; returns (number, document path).

    ValueError: the arguments are unusable (exit 2). ReserveError: the repository is not
    in a state to reserve (exit 1). Nothing is written unless everything can be.
    """
    title, author = title.strip(), author.strip()
    if not title or "\n" in title or "\r" in title:
        raise ValueError("TITLE must be one line of text")
    if not author or "\n" in author or "\r" in author:
        raise ValueError("--author must be one line, e.g. 'Joongi Kim (joongi@lablup.com)'")
    position = series_position(project, series)
    slug = slug.strip() if slug is not None else slugify(title)
    if not slug:
        raise ValueError(f"cannot make a file name from the title '{title}'; give one with --slug")

    from ..write import Changed, repository_lock  # lazy: start-up

    # Under the repository's write lock, so two `bep new` take turns (the second sees the
    # first one's row); an editor that saves the README meanwhile makes the write fail
    # with Changed, and the reservation starts again from what is on disk.
    for _ in range(ATTEMPTS):
        with repository_lock(project.root):
            try:
                return _reserve(project, title, author, slug, today, position)
            except Changed:
                project = type(project)(project.root, project.config)
    raise ReserveError(f"{project.registry_path} kept changing while reserving a number; run again")


ATTEMPTS = 5


def _reserve(project: Project, title: str, author: str, slug: str, today: Optional[datetime.date], position: int = 0):
    from ..parse.proposal import author_name  # lazy: start-up
    from ..write import Changed, WriteRefused, check_target, create_file, replace_file  # lazy: start-up

    config = project.config
    registry_path = project.registry_path
    registry = project.registry
    if registry_path is None or registry is None:
        where = registry_path or config.registry_file or "README.md"
        raise NoRegistry(f"no registry to reserve a number in ({where} has none); {_start_a_registry(config, where)}")
    if not registry.has_table:
        raise NoRegistry(
            f"{registry_path} has no registry table under '{config.registry_heading}'; "
            f"{_start_a_registry(config, registry_path)}"
        )
    if registry.conflicted:
        raise ReserveError(f"{registry_path}: the registry holds merge conflict markers; resolve them first")
    series = project.layout.series[position]
    folder = project.folder_of(series)
    if folder is None:
        where = f"layout.series[{position}].folder" if project.layout.given else "proposals-dir"
        raise ReserveError(f"no {series.prefix} folder found (one holding the template); set {where} in .bep.yaml")
    if position and registry.table_of(series.prefix) is None:
        raise ReserveError(f"no registry table holds the {series.prefix} series; add one to layout.registry.tables")

    number = next_number(project, position)
    naming = project.listings[position].naming  # the series' names: `nep-0042.md`, `CIP-0042/README.md`
    name = naming.pattern.format(number, slug)
    if not naming.main.fullmatch(name) or "/" in slug or "\\" in slug:
        raise ValueError(f"'{slug}' cannot be part of a file name; use letters, digits and hyphens")
    if naming.per_folder:  # a folder per proposal: the folder and the document inside it
        name = f"{name}/{naming.inner_text.replace('*', slug)}"
    path = f"{folder}/{name}" if folder else name
    target = project.root / path
    try:  # a proposals folder or registry that leads out of the repository, a read-only README
        if not is_inside(project.root, project.root / (folder or ".")):
            raise WriteRefused(f"the proposals folder {folder} leads outside the repository")
        check_target(project.root, path, target)
        check_target(project.root, registry_path, project.root / registry_path)
    except WriteRefused as error:
        where = path if "outside" in str(error) else registry_path
        raise ValueError(f"{where}: not written: {error}") from None
    if os.path.lexists(target):
        raise ReserveError(f"{path} already exists; not overwriting it")

    document = _document_text(project, title, author, today or datetime.date.today(), number, position)
    registry_text = _registry_text(project, registry, number, title, author_name(author) or author, path, position)
    source = registry.source

    # The document first, exclusively: if it cannot be created, the registry is untouched.
    made = None  # the proposal's folder, when this creates it
    try:
        if naming.per_folder and not os.path.lexists(target.parent):
            os.mkdir(target.parent)
            made = target.parent
        create_file(project.root, path, document)
    except FileExistsError:
        raise ReserveError(f"{path} already exists; not overwriting it") from None
    except WriteRefused as error:
        raise ValueError(f"{path}: not written: {error}") from None
    except OSError as error:
        raise ReserveError(f"cannot create {path}: {error.strerror or error}") from None
    try:
        replace_file(project.root, registry_path, source.encode(source.text), source.encode(registry_text))
    except BaseException as error:
        try:
            os.unlink(target)
            if made is not None:
                os.rmdir(made)
        except OSError:
            pass
        if isinstance(error, WriteRefused) and not isinstance(error, Changed):
            raise ReserveError(f"cannot write {registry_path}: {error}") from None
        raise
    return number, path


def _registry_text(project: Project, registry, number: int, title: str, author: str, path: str, position: int = 0) -> str:
    config = project.config
    series = project.layout.series[position]
    schema = schema_for(project, series.prefix)
    status = "Draft" if "Draft" in schema.statuses else schema.statuses[0]
    table = registry.table_of(series.prefix if position else None) or registry.primary
    target = None
    if _links_documents(registry, series.prefix, project.listings[position].naming):
        linked = posixpath.dirname(path) + "/" if series.folder_per_proposal else path
        if table.layout.link_base:
            target = table.layout.link_base[0] + linked
        else:
            relative = posixpath.relpath(linked, posixpath.dirname(registry.path) or ".")
            target = like_its_rows(registry.form_of(table), escape_destination(relative + ("/" if linked.endswith("/") else "")))
    try:
        width = None if project.layout.given else config.number_width
        values = {"number": number_cell_text(table, number, width, registry.form_of(table)), "title": escape_cell(title),
                  "author": escape_cell(author), "status": status}  # fmt: skip
    except CellError as error:
        raise ValueError(str(error)) from None
    row = new_row(table, values, target)
    if row.kind != ENTRY:  # `(skipped)` as a title: the row would read as a withdrawn number
        raise ValueError(f"the title '{title}' reads as a skipped number in the registry; choose another title")
    source = registry.source
    if config.table_style == "aligned":
        text = formatted_text(registry, Draft(tuple(sort_rows([*registry.rows, row])), canonical=True), "aligned")
        if text is None:  # pragma: no cover - has_table and not conflicted were checked
            raise ReserveError(f"{registry.path}: the registry table cannot be rewritten")
    else:
        line = render_table(table, [row], "compact")[2]
        rows = registry.rows_of(table)
        later = next((r for r in rows if r.kind == ENTRY and r.number is not None and r.number > number), None)
        placeholder = next((r for r in rows if r.kind == NEXT), None)  # (in order: before a higher number)
        index = (later or placeholder).line - 1 if (later or placeholder) is not None else table.end
        offsets = source.line_offsets()
        newline = source.text[offsets[table.start] + len(source.lines[table.start]) : offsets[table.start + 1]]
        newline = newline or source.newline
        if index < len(source.lines):
            text = source.text[: offsets[index]] + line + newline + source.text[offsets[index] :]
        elif source.text.endswith(("\n", "\r")):
            text = source.text + line + newline
        else:
            text = source.text + newline + line
    check = parse_registry(Source.from_text(registry.path, text), config)
    if not any(r.number == number and r.title == escape_cell(title) for r in check.rows):
        raise ReserveError(f"{registry.path}: could not add the row to the registry table; add it by hand")
    return text


def _links_documents(registry, prefix: str, naming) -> bool:
    """Whether the registry links its numbers to documents (then the new row does too):
    to `PREFIX-NNNN-slug.md`, or to a name the series' document pattern gives (a file, or
    a proposal's folder)."""
    pattern = re.compile(rf"(?:.*/)?{re.escape(prefix)}-[0-9]+-[^/]*\.md", re.ASCII)

    def named(link: str) -> bool:
        if pattern.fullmatch(link):
            return True
        parts = link.split("#", 1)[0].rstrip("/").split("/")
        if naming.per_folder and len(parts) >= 2 and naming.main.fullmatch(parts[-2]):
            return True
        return bool(naming.main.fullmatch(parts[-1]))

    return any(row.link and named(row.link) for row in registry.rows)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _one_item(lines: list, front, field, value: str) -> int:
    """The template's list of authors (`Authors:` then `- John Doe <...>` lines, or
    `Authors: [John Doe]`) made the one item `value`, in place; returns how many lines
    fewer the header has. A list whose items are more than one line each (mappings) is
    left for the author to fill in."""
    index = field.line - 1
    written = lines[index]
    colon = written.find(":")
    if written[colon + 1 :].strip().startswith("["):  # flow style
        lines[index] = f"{written[:colon]}: [{value}]"
        return 0
    later = [other.line - 1 for other in front.fields.values() if other.line > field.line]
    stop = min(later) if later else front.end
    items = [i for i in range(index + 1, stop) if lines[i].strip()]
    if not items or not all(re.match(r"\s*- \S", lines[i]) for i in items):
        return 0
    first = lines[items[0]]
    lines[items[0] : items[-1] + 1] = [first[: len(first) - len(first.lstrip())] + "- " + value]
    return items[-1] - items[0]


def _is_example(field) -> bool:
    """A field other than Author, Status and Created that the template fills with an
    example a new proposal must not inherit: any version (`Created-Version: 25.1.0`, the
    release the template was written in) or date. Other values (a default `Type:`) stay."""
    key = field.key.casefold()
    if key in ("author", "status", "created") or field.kind != "scalar" or not (field.value or "").strip():
        return False
    return key.endswith("version") or bool(_DATE.fullmatch(field.value.strip()))


def _document_text(project: Project, title: str, author: str, today: datetime.date, number: int, position: int = 0) -> bytes:
    from ..parse.header import parse_header  # lazy: start-up
    from ..parse.markdown import outline  # lazy: start-up

    series = project.layout.series[position]
    header = series.header
    keys = ["Author", "Status", "Created"]
    values = {"author": _yaml_value(author), "status": "Draft", "created": today.isoformat()}
    if header.number_field:  # `NEP: 1`, `CIP: 1`: the number, unpadded, as those headers write it
        keys.append(header.number_field)
        values[header.number_field.casefold()] = str(number)
    if header.title_field and series.title != "h1":
        keys.append(header.title_field)
        values[header.title_field.casefold()] = _yaml_value(title)
    schema = schema_for(project, series.prefix)
    if "Draft" not in schema.statuses:
        values["status"] = _yaml_value(schema.statuses[0])
    template_path = project.template_path_of(series)
    if template_path is None:
        lines = ["---", "Author: ", "Status: ", "Created: ", "---", "", "# Title", ""]
        for section in schema.sections:
            lines += [f"## {section}", ""]
        newline, ends_with_newline = "\n", True
    else:
        template = project.source(template_path)
        if isinstance(template, Unreadable):
            raise ReserveError(f"cannot read the template {template_path}: {template.reason}")
        lines = list(template.lines)
        newline = template.newline
        ends_with_newline = template.text.endswith(("\n", "\r"))
    front = parse_header(lines, header.format)
    if front is None:
        lines[0:0] = ["---", "Author: ", "Status: ", "Created: ", "---", ""]
        front = parse_header(lines, "yaml")
    if front is None or front.error is not None:
        reason = front.error.message if front is not None and front.error else "it cannot be read"
        raise ReserveError(f"the template's front matter cannot be used: {reason}")

    end = front.end
    authors = None
    for key in keys:
        names = {key.casefold(), key.casefold() + "s" if key == "Author" else key.casefold()}
        for canonical, aliases in header.aliases.items():  # (`Authors: [Author]`: either name is the field)
            group = {canonical.casefold(), *(alias.casefold() for alias in aliases)}
            if names & group:
                names |= group
        found = next((f for k, f in front.fields.items() if k.casefold() in names), None)
        if found is not None and found.kind != "scalar":
            if key == "Author" and found.kind == "sequence":
                authors = found  # `Authors:` then `- name` lines: made one item, below
            continue
        value = values[key.casefold()]
        if found is None:
            lines.insert(end, f"{key}: {value}")
            end += 1
            continue
        index = found.line - 1
        written = lines[index]
        colon = written.find(":")
        comment = re.search(r"\s+#.*$", written[colon + 1 :]) if colon >= 0 else None
        lines[index] = f"{written[:colon] if colon >= 0 else key}: {value}{comment.group(0) if comment else ''}"
    for found in front.fields.values():  # the template's example values are not this proposal's
        written = lines[found.line - 1]
        if _is_example(found) and found.value.strip() in written:  # (a one-line value)
            colon = written.find(":")
            comment = re.search(r"\s+#.*$", written[colon + 1 :])
            lines[found.line - 1] = f"{written[:colon]}:{comment.group(0) if comment else ''}"

    if authors is not None:  # (last: it may change how many lines the header has)
        end -= _one_item(lines, front, authors, values["author"])

    body = [""] * (end + 1) + lines[end + 1 :]
    heading = next((b for b in outline(body) if b.kind == "heading" and b.level == 1), None)
    if heading is None and series.title == "field":
        pass  # the title is the header's field (NEPs, CIPs have no H1)
    elif heading is None:
        lines[end + 1 : end + 1] = ["", f"# {title}"]
    elif lines[heading.start].lstrip().startswith("#"):
        lines[heading.start] = f"# {title}"
    else:  # a setext heading: the text line, then '====='
        lines[heading.start] = title
    text = newline.join(lines) + (newline if ends_with_newline else "")
    return text.encode("utf-8")
