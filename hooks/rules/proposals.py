"""Rules over proposal documents, and the fixes that sync the registry from them.

Per-document rules parse only the documents being checked (`ctx.proposal_entries()`,
plus misnamed files, which are evidently proposals too). Cross-file rules (duplicates,
reservations, orphaned folders) look at the others through `project.listing` (names
only) and the registry, so a commit touching one proposal parses that one file.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

from .. import engine
from ..findings import WARNING, Problem
from ..proposal import CREATED_KEY, STATUS_KEY, Proposal, author_name, section_key, title_key, without_number
from ..registry import ENTRY, SKIPPED, Row, escape_cell
from ..repository import MAIN, MISNAMED, SUPPORTING, Entry
from . import PROPOSALS, Context, rule
from .registry import link_target

# -- what the rules share -------------------------------------------------------------


class _Index:
    """The registry rows by number, built once per check. Links are resolved only for the
    rows asked about: the rows a document can belong to are the rows with its number.

    A check of a few files looks up a few numbers (`Registry.rows_for`), without building
    every row of the table.
    """

    _FEW = 16  # paths up to which numbers are looked up one by one

    def __init__(self, ctx: Context):
        self.ctx = ctx
        registry = ctx.registry
        self.registry = registry if registry is not None and registry.has_table else None
        self.listing = ctx.project.listing
        self._by_number: Dict[int, List[Row]] = {}  # rows with a number (not `_next_`)
        self._complete = ctx.paths is None or len(ctx.paths) > self._FEW
        if self.registry is not None and self._complete:
            for row in self.registry.rows:
                number = row.number
                if number is not None:
                    self._by_number.setdefault(number, []).append(row)

    def rows(self, number: Optional[int]) -> List[Row]:
        """Every row with this number (reserved or skipped)."""
        if number is None or self.registry is None:
            return []
        if not self._complete and number not in self._by_number:
            self._by_number[number] = self.registry.rows_for(number)
        return self._by_number.get(number, [])

    def target(self, row: Row) -> Optional[str]:
        """The repository path the row's link points at (None: no link, or external)."""
        target = link_target(self.ctx, row)  # (once per link and check)
        return target.rstrip("/") if target else None

    def reservations(self, number: Optional[int]) -> List[Row]:
        return [row for row in self.rows(number) if row.kind == ENTRY]

    def linking_to(self, entry: Entry) -> Optional[Row]:
        return next((row for row in self.rows(entry.number) if self.target(row) == entry.path), None)

    def row_for(self, entry: Entry) -> Optional[Row]:
        """The row of a document: the one linking to it, else one with its number whose
        link (if any) does not point at another main document."""
        row = self.linking_to(entry)
        if row is not None:
            return row if row.kind == ENTRY else None
        for row in self.reservations(entry.number):
            target = self.target(row)
            other = self.listing.entry_at(target) if target else None
            if other is None or other.kind != MAIN:
                return row
        return None


def _index(ctx: Context) -> _Index:
    if "proposals-index" not in ctx.cache:
        ctx.cache["proposals-index"] = _Index(ctx)
    return ctx.cache["proposals-index"]


def _documents(ctx: Context, *, misnamed: bool = False) -> List[Tuple[Entry, Proposal]]:
    """(entry, parsed document) for the documents being checked, once per check;
    unreadable ones are `file-unreadable`'s business and left out."""
    key = f"proposals-documents-{misnamed}"
    if key not in ctx.cache:
        entries = list(ctx.proposal_entries())
        if misnamed:
            entries += ctx.listed(MISNAMED)
        documents = [(entry, ctx.project.proposal(entry.path)) for entry in entries]
        ctx.cache[key] = [(entry, document) for entry, document in documents if isinstance(document, Proposal)]
    return ctx.cache[key]


def _front_matter_ok(document: Proposal) -> bool:
    front = document.front_matter
    return front is not None and front.error is None


def _bep(ctx: Context, number: int) -> str:
    return f"{ctx.config.prefix}-{ctx.config.format_number(number)}"


def _template_hint(ctx: Context) -> str:
    template = ctx.project.template.template
    return f" (see {template})" if template else ""


def _where(registry, row: Row) -> str:
    return f"{registry.path} line {row.line}"


# -- names and numbers ----------------------------------------------------------------


@rule("proposal-filename", "a file looks like a proposal but is not named PREFIX-NNNN-slug.md", family=PROPOSALS)
def proposal_filename(ctx: Context) -> Iterator[Problem]:
    """Main documents are named `BEP-NNNN-title-slug.md` (four digits by default) and sit
    directly in the proposals folder. A near miss such as `BEP1009-x.md`, `bep-1010-x.md`,
    `1007-x.md`, `BEP-10000-x.md` or `BEP-1010.md` is not recognised as a proposal, so
    the registry checks would silently skip it.

    Fix: rename the file (`git mv`). Files in supporting folders (`BEP-1012-RBAC/kr/...`)
    are not main documents and are never reported.
    """
    config = ctx.config
    for entry in ctx.listed(MISNAMED):
        yield Problem(
            entry.path,
            1,
            1,
            f"'{entry.name}' looks like a proposal but is not named {config.prefix}-NNNN-slug.md, so it is "
            f"not checked against the registry; {_rename_hint(entry.name, ctx)}",
        )


def _rename_hint(name: str, ctx: Context) -> str:
    config = ctx.config
    match = re.fullmatch(
        rf"(?:{re.escape(config.prefix)})?[-_ ]?([0-9]+)(?:[-_ .](.*?))?\.(?:md|markdown)", name, re.I | re.ASCII
    )
    if match is None:
        return f"rename it to {config.prefix}-NNNN-title-slug.md"
    digits, slug = match.group(1), (match.group(2) or "").strip(" -_.")
    slug = re.sub(r"\s+", "-", slug) or "title-slug"
    if len(digits) != config.number_width:
        return (
            f"numbers have {config.number_width} digits, not {len(digits)}: rename it to "
            f"{config.prefix}-{'N' * config.number_width}-{slug}.md with the number reserved in the registry "
            "(`bep next` gives the next free one)"
        )
    return f"rename it to {config.prefix}-{digits}-{slug}.md"


@rule("proposal-unreserved", "a proposal's number has no row in the registry", family=PROPOSALS)
def proposal_unreserved(ctx: Context) -> Iterator[Problem]:
    """Every proposal number is reserved in the registry table before the document is
    written, so two authors never pick the same number. A document whose number has no
    row (or whose row says `_(skipped)_`) took a number nobody reserved.

    Fix: add a row for the number to the registry, or, if someone else may have taken
    it, renumber the document with the next free number (`bep next`).
    """
    index = _index(ctx)
    registry = index.registry
    if registry is None:
        return
    for entry in ctx.proposal_entries():
        rows = index.rows(entry.number)
        if any(row.kind == ENTRY for row in rows):
            continue
        name = _bep(ctx, entry.number)
        skipped = next((row for row in rows if row.kind == SKIPPED), None)
        if skipped is not None:
            message = (
                f"{name} is marked skipped in the registry ({_where(registry, skipped)}); give this proposal the "
                "next free number (`bep next`) and reserve it there"
            )
        else:
            message = (
                f"{name} has no row in the registry ({registry.path}); reserve it by adding "
                f"'{_suggested_row(ctx, entry)}' to the table, or renumber the document with the next free "
                "number (`bep next`)"
            )
        yield Problem(entry.path, 1, 1, message)


def _suggested_row(ctx: Context, entry: Entry) -> str:
    document = ctx.project.proposal(entry.path)
    title, author, status = "Title", "-", "Draft"  # ('-' is how registries write an unknown author)
    if isinstance(document, Proposal):
        written = without_number(document.title.text, ctx.config.prefix) if document.title else ""
        if written:
            title = escape_cell(written)
        field = document.field("Author")
        schema = ctx.project.template
        if field is not None and field.kind == "scalar" and field.value:
            name = author_name(field.value)
            if name and name != schema.placeholder_author:
                author = escape_cell(name)
        status = document.status or status
    link = posixpath.relpath(entry.path, posixpath.dirname(ctx.project.registry_path) or ".")
    number = ctx.config.format_number(entry.number)
    return f"| [{number}]({link}) | {title} | {author} | {status} |"


@rule("proposal-duplicate", "two or more main documents share a number", family=PROPOSALS)
def proposal_duplicate(ctx: Context) -> Iterator[Problem]:
    """Each number belongs to one proposal. Parallel pull requests that each took the next
    free number merge without a git conflict and leave two `BEP-1042-*.md` files.
    Each file is reported once, naming the others; sub-documents in supporting folders
    and a symlinked `drafts/` folder never count as a second document.

    Fix: keep the number for the document the registry reserves it for, give the other
    one the next free number (`bep next`) and reserve that in the registry.
    """
    listing = ctx.project.listing
    index = _index(ctx)
    for entry in ctx.proposal_entries():
        others = [other for other in listing.documents(entry.number) if other.path != entry.path]
        if not others:
            continue
        name = _bep(ctx, entry.number)
        owners = [d for d in [entry, *others] if _reserved_for(index, d)]  # the files a row links to
        owned = [o.path for o in owners if o.path != entry.path]
        if entry in owners and not owned:
            other = _plural(others, "the other", "the others")
            advice = f"the registry reserves {name} for this file, so renumber {other}"
        elif entry in owners:
            advice = (
                f"the registry reserves {name} for this file and for {', '.join(owned)} too (one row each): keep "
                f"{name} for one of them; give the others the next free number (`bep next`) and their rows too"
            )
        elif owners:
            advice = (
                f"the registry reserves {name} for {' and '.join(owned)}, so give this one the next free number "
                "(`bep next`)"
            )
        else:
            advice = "give one of them the next free number (`bep next`) and reserve it in the registry"
        yield Problem(
            entry.path,
            1,
            1,
            f"{name} is also used by {', '.join(o.path for o in others)}; {advice}",
            items=tuple(o.path for o in others),
        )


def _reserved_for(index: _Index, entry: Entry) -> bool:
    row = index.linking_to(entry)
    return row is not None and row.kind == ENTRY


@rule(
    "supporting-orphan",
    "a supporting folder's number has neither a document nor a registry row",
    family=PROPOSALS,
)
def supporting_orphan(ctx: Context) -> Iterator[Problem]:
    """Supporting files (images, `.graphql`, `.py`, sub-documents, translations) go in a
    folder named after the proposal (`BEP-1002/` or `BEP-1012-RBAC/`). A folder whose
    number has no main document and no registry row belongs to nothing: usually the
    proposal was renumbered and the folder was left behind.

    Fix: rename the folder after its proposal's number, reserve the number, or remove it.
    """
    index = _index(ctx)
    if index.registry is None:
        return
    listing = ctx.project.listing
    for entry in ctx.listed(SUPPORTING, _touched_folders(ctx, listing.folder)):
        if listing.documents(entry.number) or index.reservations(entry.number):
            continue
        name = _bep(ctx, entry.number)
        yield Problem(
            entry.path,
            None,
            None,
            f"supporting folder {entry.name}/ belongs to {name}, which has neither a document nor a registry row; "
            f"rename it after its proposal's number, reserve {name} in {index.registry.path}, or remove it",
        )


def _touched_folders(ctx: Context, folder: Optional[str]):
    """The proposals-folder children the checked paths are in (None: everything checked)."""
    if ctx.paths is None:
        return None
    base = f"{folder}/" if folder else ""
    touched = set()
    for path in ctx.paths:
        if path.startswith(base):
            touched.add(base + path[len(base) :].split("/", 1)[0])
    return touched


# -- the title ------------------------------------------------------------------------


@rule("proposal-conflict", "a proposal holds unresolved merge-conflict markers", family=PROPOSALS)
def proposal_conflict(ctx: Context) -> Iterator[Problem]:
    """A merge left `<<<<<<<`, `=======`, `>>>>>>>` lines in the document: both sides of
    the conflict are in the text, and readers see the markers on the rendered page.

    Fix: keep what each side meant, delete the marker lines, and commit again.
    """
    for entry, document in _documents(ctx, misnamed=True):
        if document.conflicts:
            first, more = document.conflicts[0], len(document.conflicts) - 1
            also = f" (and {more} more marker line{'s' * (more != 1)})" if more else ""
            yield Problem(
                entry.path,
                first,
                1,
                f"unresolved merge conflict marker{also}; resolve the conflict and delete the marker lines",
                items=tuple(f"marker {n}" for n in range(1, len(document.conflicts) + 1)),
            )


@rule("proposal-title-missing", "a proposal has no H1 title", family=PROPOSALS)
def proposal_title_missing(ctx: Context) -> Iterator[Problem]:
    """A proposal starts (after the front matter) with one `# Title` heading: it is what
    readers and the rendered page show. Headings inside code fences do not count.
    """
    index = _index(ctx)
    for entry, document in _documents(ctx, misnamed=True):
        if document.title is not None and document.title.text.strip():
            continue
        row = index.row_for(entry) if entry.kind == MAIN and index.registry is not None else None
        known = f" (the registry calls it '{row.title}')" if row is not None and row.title else ""
        where = f"line {document.title.line} has an empty '#' heading" if document.title else "there is no '# ' heading"
        yield Problem(
            entry.path,
            document.title.line if document.title else document.body_line,
            1,
            f"the proposal has no title: {where}; add '# <title>' right after the front matter{known}",
        )


@rule("proposal-title-mismatch", "the H1 title and the registry title differ", family=PROPOSALS, severity=WARNING)
def proposal_title_mismatch(ctx: Context) -> Iterator[Problem]:
    """The document's H1 and its registry title name the same thing. A `BEP-1010:` prefix,
    case, punctuation, or one being a longer wording of the other (all words of one
    appear in the other) are fine; a title copied from another proposal is not.
    """
    index = _index(ctx)
    if index.registry is None:
        return
    prefix = ctx.config.prefix
    schema = ctx.project.template
    placeholder = title_key(schema.placeholder_title, prefix) if schema.placeholder_title else None
    for entry, document in _documents(ctx):
        if document.title is None:
            continue
        row = index.row_for(entry)
        if row is None or not row.title:
            continue
        mine, theirs = title_key(document.title.text, prefix), title_key(row.title, prefix)
        if not mine or not theirs or mine == placeholder:
            continue
        if _same_title(mine, theirs):
            continue
        copied = next(  # the very title of another row (a shared word or two is no copy)
            (
                other
                for other in index.registry.rows
                if other.kind == ENTRY
                and other.number != entry.number
                and other.title
                and title_key(other.title, prefix) == mine
            ),
            None,
        )
        hint = f" (it is the title of {_bep(ctx, copied.number)}: copied from there?)" if copied is not None else ""
        yield Problem(
            entry.path,
            document.title.line,
            1,
            f"the title '{document.title.text}' differs from the registry's '{row.title}' "
            f"({_where(index.registry, row)}){hint}; make the two agree",
        )


def _same_title(one: str, other: str) -> bool:
    """Two titles (as title_key gives them) agree when all words of one are in the other."""
    words, others = set(one.split()), set(other.split())
    return bool(words and others) and (words <= others or others <= words)


@rule("proposal-placeholder", "template text was left in the proposal", family=PROPOSALS)
def proposal_placeholder(ctx: Context) -> Iterator[Problem]:
    """Copying the template is the first step, not the last: the H1 still reading
    `Title`, the template's author (`Your Full Name`) or its example e-mail
    (`email@example.com`), or a line of the template's own text (`Why is this change
    needed? What problem does it solve?`, `- JIRA: BA-XXXX`, its examples) mean the
    proposal was committed unfinished. Headings and short lines are never template text.
    """
    schema = ctx.project.template
    prefix = ctx.config.prefix
    title = title_key(schema.placeholder_title, prefix) if schema.placeholder_title else None
    name = schema.placeholder_author.casefold() if schema.placeholder_author else None
    emails = [email.casefold() for email in schema.placeholder_emails]
    for entry, document in _documents(ctx, misnamed=True):
        if title and document.title is not None and title_key(document.title.text, prefix) == title:
            yield Problem(
                entry.path,
                document.title.line,
                1,
                f"the title is still the template's '{document.title.text}'; write the proposal's title",
            )
        for field in document.fields.values():
            if field.kind != "scalar" or not field.value:
                continue
            value = field.value.casefold()
            email = next((e for e in emails if e in value), None)
            is_author = field.key.casefold() == "author"
            if is_author and name and author_name(value) == name:
                yield Problem(
                    entry.path,
                    field.line,
                    field.column,
                    f"{field.key} is still the template's '{field.value}'; write the author's name and e-mail "
                    "as 'Name (address)'",
                )
            elif email:
                yield Problem(
                    entry.path,
                    field.line,
                    field.column,
                    f"{field.key} holds the template's example address '{email}'; write the real one, or drop it",
                )
        if document.template_text:
            (line, text), more = document.template_text[0], len(document.template_text) - 1
            also = f" (and {more} more line{'s' * (more != 1)} of it)" if more else ""
            yield Problem(
                entry.path,
                line,
                1,
                f"the template's text is still here: '{_shorten(text.strip())}'{also}; replace it with this "
                "proposal's own text, or delete it",
                items=tuple(_shorten(t.strip()) for _, t in document.template_text),
            )


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# -- the front matter -----------------------------------------------------------------


@rule("frontmatter-missing", "a proposal has no front matter", family=PROPOSALS)
def frontmatter_missing(ctx: Context) -> Iterator[Problem]:
    """A proposal starts with a YAML block between `---` lines holding at least its
    Author, Status and Created date, as the template shows.
    """
    fields = ", ".join(ctx.project.template.fields) or "Author, Status, Created"
    for entry, document in _documents(ctx, misnamed=True):
        if document.front_matter is None:
            yield Problem(
                entry.path,
                1,
                1,
                f"no front matter: start the file with a '---' line, the fields {fields}, and a closing '---' "
                f"line{_template_hint(ctx)}",
            )


@rule("frontmatter-invalid", "the front matter cannot be read", family=PROPOSALS)
def frontmatter_invalid(ctx: Context) -> Iterator[Problem]:
    """The front matter is a YAML mapping of `Key: value` lines closed by a `---` line.
    YAML syntax errors (with the line in the file), duplicate keys, a list or a bare
    text instead of `Key: value` lines, and a block that is never closed are reported
    here; the other front-matter rules skip the document until it reads.

    YAML comments (`# Status: Draft | Accepted | ...`) and empty values are fine.
    """
    for entry, document in _documents(ctx, misnamed=True):
        front = document.front_matter
        if front is not None and front.error is not None:
            yield Problem(entry.path, front.error.line, front.error.column, front.error.message)


@rule("frontmatter-field-missing", "a field of the template is missing from the front matter", family=PROPOSALS)
def frontmatter_field_missing(ctx: Context) -> Iterator[Problem]:
    """The front matter holds every field the template's front matter has (or the
    `required-fields` of `.bep.yaml`). A field the template leaves empty (such as
    `Target-Version:`) may stay empty, but its line belongs in the document so it is
    filled when the time comes; its absence is a warning.
    """
    schema = ctx.project.template
    for entry, document in _documents(ctx, misnamed=True):
        if not _front_matter_ok(document):
            continue
        line = document.front_matter.end + 1
        missing = [name for name in schema.fields if document.field(name) is None]
        needed = [name for name in missing if name.casefold() not in schema.blank_fields]
        blank = [name for name in missing if name.casefold() in schema.blank_fields]
        if needed:
            yield Problem(
                entry.path,
                line,
                1,
                f"front matter has no {_names(needed)} {_plural(needed, 'field')}; add "
                f"{_names([f'{name}: ...' for name in needed])} before the closing '---'",
                items=tuple(needed),
            )
        if blank:
            yield Problem(
                entry.path,
                line,
                1,
                f"front matter has no {_names(blank)} {_plural(blank, 'field')}; add "
                f"{_names([f'{name}:' for name in blank])} before the closing '---' as the template does "
                "(empty until known)",
                severity=WARNING,
                items=tuple(blank),
            )


def _names(names: List[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _plural(items: list, one: str, many: Optional[str] = None) -> str:
    return one if len(items) == 1 else (many or one + "s")


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@rule("frontmatter-date", "Created is not a real YYYY-MM-DD date", family=PROPOSALS)
def frontmatter_date(ctx: Context) -> Iterator[Problem]:
    """`Created` is the date the proposal was first written, as `YYYY-MM-DD`, and it is a
    real calendar date (`2025-02-30` is not). An empty `Created:` is a warning: fill it in.
    """
    for entry, document in _documents(ctx, misnamed=True):
        field = document.field(CREATED_KEY)
        if field is None:
            continue  # frontmatter-field-missing says so
        example = "e.g. 2025-03-04"
        if field.kind != "scalar":
            message = f"{field.key} must be one date ({example}), not a {field.kind}"
            yield Problem(entry.path, field.line, field.column, message)
            continue
        value = (field.value or "").strip()
        if not value:
            yield Problem(
                entry.path,
                field.line,
                field.column,
                f"{field.key} is empty; write the date the proposal was first written, as YYYY-MM-DD ({example})",
                severity=WARNING,
            )
            continue
        match = _DATE.fullmatch(value)
        if match is None:
            message = f"{field.key} '{value}' is not a date written YYYY-MM-DD ({example})"
            yield Problem(entry.path, field.line, field.column, message)
            continue
        year, month, day = (int(part) for part in match.groups())
        try:
            date(year, month, day)
        except ValueError:
            if 1 <= month <= 12:
                import calendar

                why = f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"
            else:
                why = "there is no month {:02d}".format(month)
            yield Problem(entry.path, field.line, field.column, f"{field.key} '{value}' is not a real date ({why})")


_VERSION = re.compile(r"[0-9]{2}\.[0-9]{1,2}\.[0-9]+")


@rule("frontmatter-version", "a version field is not YY.Sprint.Patch", family=PROPOSALS)
def frontmatter_version(ctx: Context) -> Iterator[Problem]:
    """Version fields (`Created-Version`, `Target-Version`, `Implemented-Version`, any
    field ending in `Version`) hold a release as `YY.Sprint.Patch`, e.g. `25.9.0`.
    They may be empty until the version is known.
    """
    for entry, document in _documents(ctx, misnamed=True):
        for field in document.fields.values():
            if not field.key.casefold().endswith("version"):
                continue
            if field.kind != "scalar":
                message = f"{field.key} must be one version (e.g. 25.9.0), not a {field.kind}"
                yield Problem(entry.path, field.line, field.column, message)
                continue
            value = (field.value or "").strip()
            if not value or _VERSION.fullmatch(value):
                continue
            yield Problem(
                entry.path,
                field.line,
                field.column,
                f"{field.key} '{value}' is not a version written YY.Sprint.Patch{_version_hint(value)}; "
                "leave it empty until it is known",
            )


def _version_hint(value: str) -> str:
    if re.fullmatch(r"[vV][0-9.]+", value) and _VERSION.fullmatch(value[1:]):
        return f" (drop the 'v': {value[1:]})"
    if re.fullmatch(r"[0-9]{2}\.[0-9]{1,2}", value):
        return f" (add the patch number: {value}.0)"
    match = re.fullmatch(r"20([0-9]{2})(\.[0-9]{1,2}\.[0-9]+)", value)
    if match:
        return f" (the year has two digits: {match.group(1)}{match.group(2)})"
    return " (e.g. 25.9.0)"


# -- the status -----------------------------------------------------------------------


@rule("status-unknown", "the Status is not one of the known statuses", family=PROPOSALS)
def status_unknown(ctx: Context) -> Iterator[Problem]:
    """`Status` is one of the repository's statuses: the list in the template's comment
    (`# Status: Draft | Accepted | ...`), else the README's status table, else Draft,
    Accepted, Implemented, Rejected, Superseded; or `statuses` in `.bep.yaml`.
    """
    schema = ctx.project.template
    known = ", ".join(schema.statuses)
    for entry, document in _documents(ctx, misnamed=True):
        field = document.field(STATUS_KEY)
        if field is None:
            continue
        if field.kind != "scalar":
            message = f"{field.key} must be one status, not a {field.kind}; use one of: {known}"
        elif not (field.value or "").strip():
            message = f"{field.key} is empty; use one of: {known}"
        else:
            value = field.value.strip()
            if value in schema.statuses:
                continue
            near = next((s for s in schema.statuses if s.casefold() == value.casefold()), None)
            hint = f" (did you mean '{near}'?)" if near else ""
            message = f"unknown status '{value}'{hint}; use one of: {known} (from {schema.statuses_from})"
        yield Problem(entry.path, field.line, field.column, message)


@rule(
    "status-mismatch",
    "the document's Status differs from its registry row",
    family=PROPOSALS,
    fixable=True,
)
def status_mismatch(ctx: Context) -> Iterator[Problem]:
    """The registry's Status cell says what the document's front matter says. The
    document is the source of truth: `bep fix` copies its status into the registry row
    when that is unambiguous (one document with the number, one row for it, a known
    status). The row is the one linking to the document, else the one with its number.
    """
    index = _index(ctx)
    registry = index.registry
    if registry is None:
        return
    listing = ctx.project.listing
    statuses = ctx.project.template.statuses
    for entry, document in _documents(ctx):
        status = document.status
        field = document.field(STATUS_KEY)
        if status is None or field is None:
            continue
        row = index.row_for(entry)
        if row is None or row.status == status:
            continue
        fixable = (
            len(listing.documents(entry.number)) == 1
            and len(index.reservations(entry.number)) == 1
            and status in statuses
        )
        how = "run `bep fix` to update the registry row" if fixable else "update the registry row by hand"
        theirs = f"'{row.status}'" if row.status else "empty"
        if status in statuses:
            advice = f"the document is the source of truth: {how}"
        else:  # copying an unknown status into the registry would spread the mistake
            advice = (
                f"'{status}' is not a known status (status-unknown), so fix the document first: use one of "
                f"{', '.join(statuses)}; then the registry row follows (`bep fix`)"
            )
        yield Problem(
            entry.path,
            field.line,
            field.column,
            f"Status is '{status}' here but {theirs} in the registry ({_where(registry, row)}); {advice}",
        )


@rule("status-requirement", "a status lacks the field it requires", family=PROPOSALS)
def status_requirement(ctx: Context) -> Iterator[Problem]:
    """Some statuses need a field filled in: an Accepted proposal names its
    `Target-Version`, an Implemented one its `Implemented-Version` (where the template has
    those fields; `status-requirements` in `.bep.yaml` sets others).
    """
    requirements = ctx.project.template.status_requirements
    if not requirements:
        return
    for entry, document in _documents(ctx, misnamed=True):
        status = document.status
        if status is None or status not in requirements:
            continue
        status_field = document.field(STATUS_KEY)
        for name in requirements[status]:
            field = document.field(name)
            if field is not None and field.kind == "scalar" and (field.value or "").strip():
                continue
            is_version = name.casefold().endswith("version")
            what = "version that ships it (YY.Sprint.Patch, e.g. 25.9.0)" if is_version else "value"
            state = "is empty" if field is not None else "is missing"
            where = field if field is not None else status_field
            yield Problem(
                entry.path,
                where.line,
                where.column,
                f"{_article(status)} {status} proposal needs {name}, which {state}; fill in the {what}, or set "
                "Status back",
            )


# Words of a section heading (or of a field name, for "reason") that say why a
# proposal ended: `## Rejection Reason`, `## Why it was cancelled`, `Reason:`.
_REASON_WORDS = frozenset({"reason", "reasons", "rejection", "rejected", "cancellation", "cancelled", "canceled",
                           "decision", "withdrawn", "withdrawal"})  # fmt: skip


@rule("status-reason", "a Rejected proposal does not say why", family=PROPOSALS)
def status_reason(ctx: Context) -> Iterator[Problem]:
    """A proposal that was rejected (or cancelled after it was accepted) records the
    reason in the document, so later readers know why the idea was dropped: a section
    such as `## Rejection Reason`, `## Decision` or `## Why it was cancelled`, or a
    front-matter field such as `Rejection-Reason: ...`. The statuses that need a reason
    are `reason-required` in `.bep.yaml` (default: Rejected).

    Fix: add the section (one paragraph is enough) or the field.
    """
    wanted = set(ctx.config.reason_required)
    if not wanted:
        return
    for entry, document in _documents(ctx, misnamed=True):
        status = document.status
        if status not in wanted:
            continue
        if any(_REASON_WORDS & set(section_key(heading.text).split()) for heading in document.sections):
            continue
        if any(
            "reason" in key.casefold() and field.kind == "scalar" and (field.value or "").strip()
            for key, field in document.fields.items()
        ):
            continue
        where = document.field(STATUS_KEY)
        yield Problem(
            entry.path,
            where.line,
            where.column,
            f"the proposal is {status} but does not say why: add a section that does ('## Reason', "
            "'## Rejection Reason' or '## Decision'), or a 'Reason:' field to the front matter",
        )


# -- the sections ---------------------------------------------------------------------


class _Outline(NamedTuple):
    """The outline a document is held to, and where its sections are in the document."""

    name: str
    sections: Tuple[str, ...]
    where: Optional[str]  # the file that writes it down
    positions: List[Tuple[int, Optional[int]]]  # (section index, heading index or None when missing)
    choices: Tuple[str, ...]  # the names of the outlines the repository allows


def _section_positions(ctx: Context, document: Proposal) -> _Outline:
    """The outline `document` follows best (the fewest sections missing, then the fewest
    out of order; the template's on a tie), with, for each of its sections in order, the
    document's heading index (None when missing). Once per document: section-missing
    and section-order both ask."""
    known = ctx.cache.setdefault("section-positions", {})
    if document.path in known:
        return known[document.path]
    schema = ctx.project.template
    if "section-keys" not in ctx.cache:  # the keys each section of each outline accepts, once per check
        outlines = schema.outlines or (("template", schema.sections, schema.template),)
        ctx.cache["section-keys"] = [
            (name, sections, where, [schema.section_keys(section) for section in sections])
            for name, sections, where in outlines
        ]
    first: Dict[str, int] = {}  # heading key -> index of its first heading
    for index, heading in enumerate(document.sections):
        first.setdefault(section_key(heading.text), index)
    best = None
    choices = ctx.cache["section-keys"]
    for rank, (name, sections, where, keys) in enumerate(choices):
        positions = []
        for number, wanted in enumerate(keys):
            found = [first[key] for key in wanted if key in first]
            positions.append((number, min(found) if found else None))
        present = [number for _, number in sorted((f, n) for n, f in positions if f is not None)]
        missing = sum(1 for _, found in positions if found is None)
        score = (missing, len(present) - len(_longest_increasing(present)), rank)
        if best is None or score < best[0]:
            best = (score, _Outline(name, sections, where, positions, tuple(choice[0] for choice in choices)))
        if len(choices) == 1 or score[:2] == (0, 0):
            break
    known[document.path] = best[1]
    return best[1]


def _outline_hint(ctx: Context, outline: _Outline) -> str:
    """Which outline a section finding holds the document to: the template alone needs no
    name; among several, the message says which one was closest."""
    if len(outline.choices) == 1:
        return _template_hint(ctx)
    where = f" in {outline.where}" if outline.where else ""
    names = ", ".join(f"'{name}'" for name in outline.choices)
    return f" (held to the outline '{outline.name}'{where}, the closest of those this repository allows: {names})"


@rule("section-missing", "a section of the template is missing", family=PROPOSALS)
def section_missing(ctx: Context) -> Iterator[Problem]:
    """A proposal has every H2 section of the template (or `required-sections` in
    `.bep.yaml`). Matching ignores case, numbering (`## 1. Motivation`) and surrounding
    punctuation; `section-aliases` in `.bep.yaml` accepts other names. Headings inside
    fenced code, HTML comments or the front matter never count. Extra sections are fine.
    Where the template says its sections are examples to reorganize (the older BEP
    template does), a missing one is a warning. Where `.bep.yaml` names other `outlines`,
    the document is held to the one it follows best, and the message names it.
    """
    schema = ctx.project.template
    if not any(sections for _, sections, _ in schema.outlines) and not schema.sections:
        return
    for entry, document in _documents(ctx, misnamed=True):
        outline = _section_positions(ctx, document)
        positions = outline.positions
        groups: Dict[Optional[int], List[str]] = {}  # the heading they go before -> missing sections
        for number, found in positions:
            if found is None:
                after = next((f for _, f in positions[number + 1 :] if f is not None), None)
                groups.setdefault(after, []).append(outline.sections[number])
        for after, sections in groups.items():
            if after is not None:
                heading = document.sections[after]
                line, place = heading.line, f"before '## {heading.text}' (line {heading.line})"
            else:
                line, place = document.last_line, "at the end"
            add = ", ".join(f"'## {section}'" for section in sections)
            examples = " (the template calls its sections examples: add them where they fit)"
            yield Problem(
                entry.path,
                line,
                1,
                f"{_plural(sections, 'section')} {_names(sections)} {_plural(sections, 'is', 'are')} missing; "
                f"add {add} {place}{_outline_hint(ctx, outline)}{examples if schema.sections_are_examples else ''}",
                severity=WARNING if schema.sections_are_examples else None,
                items=tuple(sections),
            )


@rule("section-order", "the template's sections are out of order", family=PROPOSALS, severity=WARNING)
def section_order(ctx: Context) -> Iterator[Problem]:
    """The template's sections appear in the template's order, so readers find them
    where they expect them. The fewest sections that would need to move are reported.
    Not where the template says its sections may be reorganized. With other `outlines`
    in `.bep.yaml`, the order is that of the outline the document follows best.
    """
    schema = ctx.project.template
    if schema.sections_are_examples:
        return
    for entry, document in _documents(ctx, misnamed=True):
        outline = _section_positions(ctx, document)
        present = sorted((found, number) for number, found in outline.positions if found is not None)
        keep = _longest_increasing([number for _, number in present])
        for position, (found, number) in enumerate(present):
            if position in keep:
                continue
            heading = document.sections[found]
            follows = next(
                (outline.sections[n] for n in range(number - 1, -1, -1) if any(p[1] == n for p in present)), None
            )
            place = f"after '{follows}'" if follows else "before the other sections"
            whose = "the template"
            if len(outline.choices) > 1:
                whose = f"the outline '{outline.name}'" + (f" ({outline.where})" if outline.where else "")
            yield Problem(
                entry.path,
                heading.line,
                1,
                f"section '{heading.text}' is out of order; {whose} puts it {place}",
            )


def _longest_increasing(values: List[int]) -> set:
    """Positions of one longest strictly increasing subsequence (values are few)."""
    if all(a < b for a, b in zip(values, values[1:])):  # in order, as nearly every document is
        return set(range(len(values)))
    best: List[List[int]] = []
    for i, value in enumerate(values):
        chain = max((best[j] for j in range(i) if values[j] < value), key=len, default=[])
        best.append(chain + [i])
    return set(max(best, key=len, default=[]))


# -- fixes: the registry follows the documents ----------------------------------------


def _single_document(ctx: Context, index: _Index, row: Row) -> Optional[Entry]:
    """The number's only main document, when the row is the number's only row and its
    link does not point at some other document."""
    if row.kind != ENTRY or row.number is None or len(index.reservations(row.number)) != 1:
        return None
    registry = index.registry
    if len(row.cells) != len(registry.header):
        return None  # a malformed row is left as written
    documents = ctx.project.listing.documents(row.number)
    if len(documents) != 1:
        return None
    document = documents[0]
    target = index.target(row)
    if target is not None and target != document.path:
        other = ctx.project.listing.entry_at(target)
        if other is not None and other.kind == MAIN:
            return None
    return document


@engine.fixer
def sync_status_from_documents(ctx: Context, rows: List[Row]) -> List[Row]:
    """The Status cell takes the document's status (when it is a known status)."""
    index = _index(ctx)
    if index.registry is None:
        return rows
    statuses = ctx.project.template.statuses
    result = []
    for row in rows:
        entry = _single_document(ctx, index, row) if "status" in row.columns else None
        if entry is not None:
            status = ctx.project.status(entry.path)  # (reads the front matter, not the whole document)
            if status in statuses and row.status != status:
                row = row.with_cell("status", status)
        result.append(row)
    return result


@engine.fixer
def sync_link_to_renamed_document(ctx: Context, rows: List[Row]) -> List[Row]:
    """A link to a file that no longer exists points at the number's only document,
    written relative to the registry's folder; its `#fragment` and title stay."""
    index = _index(ctx)
    if index.registry is None:
        return rows
    project = ctx.project
    base = posixpath.dirname(project.registry_path) or "."
    result = []
    for row in rows:
        target = index.target(row)
        if target is not None and not project.leads_outside(target) and not project.exists(target):
            entry = _single_document(ctx, index, row)
            if entry is not None:
                link = posixpath.relpath(entry.path, base)
                if row.link.startswith("./") and not link.startswith("."):
                    link = "./" + link
                fragment = row.link.partition("#")[2]
                if fragment:
                    link += "#" + fragment
                if " " in link:
                    link = f"<{link}>"
                row = row.with_link(link)
        result.append(row)
    return result
