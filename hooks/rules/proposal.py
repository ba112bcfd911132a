"""proposal-* rules: a proposal document's name, number, title and template text.

Per-document rules parse only the documents being checked (`ctx.proposal_entries()`,
plus misnamed files, which are evidently proposals too). Cross-file rules (duplicates,
reservations) look at the others through `project.listing` (names only) and the
registry, so a commit touching one proposal parses that one file.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator, Optional

from ..findings import WARNING, Problem
from ..parse.proposal import Proposal, author_name, section_key, title_key, without_number
from ..layout import series_for_path
from ..parse.registry import ENTRY, SKIPPED, like_its_rows, new_row, number_cell_text
from ..parse.table import CellError, escape_cell, escape_destination, is_external
from ..repository import MISNAMED, Entry
from ..schema import Schema, schema_for, strip_markup
from . import PROPOSALS
from .base import Context, rule
from .index import documents, registry_index, reserved_for
from .wording import bep_name, plural, shorten, where


# -- names and numbers ----------------------------------------------------------------


@rule("proposal-filename", "a file looks like a proposal but is not named PREFIX-NNNN-slug.md", family=PROPOSALS)
def proposal_filename(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A file in the proposals folder looks like a proposal, but its name is not
    `BEP-NNNN-slug.md` at the configured width and `prefix`. Verified examples:
    `BEP1002-x.md`, `bep-1002-x.md`, `1007-x.md`, `BEP-10000-x.md`, `BEP-1010.md`,
    `BEP_1011_x.md`. Files inside supporting folders (`BEP-1001/kr/BEP-1001-gpu.md`) are
    never reported. With `layout.series[].document` set, a near miss is the same name in
    another case or width, or with an extra suffix (`NEP-0001.md`, `nep-1.md` for
    `nep-{number:4}.md`); in a folder-per-proposal layout, a proposal's folder without its
    document (`folder CIP-0042/ has no README.md`) is reported on the folder.

    Why it matters
    A file with such a name is not recognized as a proposal. It is never compared with the
    registry, so a duplicate or unreserved number would pass unnoticed.

    Example (a copy of a proposal saved as `proposals/BEP1002-quota-scopes.md`):

        proposals/BEP1002-quota-scopes.md:1:1: error proposal-filename: 'BEP1002-quota-scopes.md' looks like a proposal but is not named BEP-NNNN-slug.md, so it is not checked against the registry; rename it to BEP-1002-quota-scopes.md

    How to fix
    Rename the file as the message suggests (`git mv`), and reserve its number if it has no
    row. `bep fix` does not rename files.
    """
    config = ctx.config
    for entry in ctx.listed(MISNAMED):
        naming = ctx.project.listing_of(entry.series).naming
        if not naming.default:
            yield _misnamed_in_layout(entry, naming)
            continue
        yield Problem(
            entry.path,
            1,
            1,
            f"'{entry.name}' looks like a proposal but is not named {config.prefix}-NNNN-slug.md, so it is "
            f"not checked against the registry; {_rename_hint(entry.name, ctx)}",
        )


def _misnamed_in_layout(entry: Entry, naming) -> Problem:
    """proposal-filename in a series named by `layout.series[].document`: a proposal's
    folder without its document, or a name in another case or width than the pattern."""
    if entry.is_dir and entry.number is not None:  # the folder matches; the file inside does not
        inside = naming.inner_text
        return Problem(
            entry.path,
            None,
            None,
            f"folder {entry.name}/ has no {inside}, so it holds no {naming.prefix} document; add its "
            f"{inside}, or rename the folder if it is not a proposal",
        )
    digits = re.findall(r"[0-9]+", entry.name)
    wanted = naming.name_of(int(digits[0])) if len(digits) == 1 and naming.width is not None else None
    hint = f"rename it to {wanted}" if wanted and wanted != entry.name else f"rename it to match '{naming.outer}'"
    what = "folder" if entry.is_dir else "file"
    return Problem(
        entry.path,
        None if entry.is_dir else 1,
        None if entry.is_dir else 1,
        f"{what} '{entry.name}' looks like a {naming.prefix} proposal but is not named '{naming.outer}', so it is "
        f"not checked against the registry; {hint}",
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
    """What it finds
    A main document `BEP-NNNN-*.md` has no registry row for its number, or its only row is
    `_(skipped)_`. The message suggests the exact row to add. This rule is silent while the
    registry is missing or broken (see `registry-missing` and `registry-malformed`).

    Why it matters
    Real documents were added with numbers nobody had reserved. The registry exists so that
    two authors never pick the same number. An unreserved document bypasses it.

    Example (a new `proposals/BEP-1002-quota-scopes.md`, no row for 1002):

        proposals/BEP-1002-quota-scopes.md:1:1: error proposal-unreserved: BEP-1002 has no row in the registry (README.md); reserve it by adding '| [1002](proposals/BEP-1002-quota-scopes.md) | Quota Scopes | Sanghun Lee | Draft |' to the table, or renumber the document with the next free number (`bep next`)

    With `| 1002 | _(skipped)_ | | |` in the table, the message is instead `BEP-1002 is
    marked skipped in the registry (README.md line 9); give this proposal the next free number…`.

    How to fix
    Add the suggested row before `_next_`. If someone else may hold the number, renumber the
    document with `bep next`. (`bep new TITLE` reserves a number and creates the file in one
    step.) `bep fix` does not add rows.
    """
    index = registry_index(ctx)
    registry = index.registry
    if registry is None:
        return
    for entry in ctx.proposal_entries():
        rows = index.rows_of(entry)
        if any(row.kind == ENTRY for row in rows):
            continue
        name = bep_name(ctx, entry.number, entry.series)
        skipped = next((row for row in rows if row.kind == SKIPPED), None)
        if skipped is not None:
            message = (
                f"{name} is marked skipped in the registry ({where(registry, skipped)}); give this proposal the "
                "next free number (`bep next`) and reserve it there"
            )
        else:
            message = (
                f"{name} has no row in the registry ({registry.path}); reserve it by adding "
                f"'{_suggested_row(ctx, entry)}' to the table, or renumber the document with the next free "
                "number (`bep next`)"
            )
        yield Problem(entry.path, 1, 1, message)


def _cell_or(text: str, default: str) -> str:
    try:
        return escape_cell(text)
    except CellError:
        return default


def _suggested_row(ctx: Context, entry: Entry) -> str:
    """The row that would reserve `entry`'s number, in the columns, number form and link
    place of its series' table (`| 0168 | [Title](./CIP-0168/) | Proposed |` in a CIP
    table, `| [1002](proposals/BEP-1002-x.md) | Title | Author | Draft |` in the BEP one)."""
    registry = ctx.project.registry  # (not None: proposal-unreserved is silent without one)
    table = registry.table_of(entry.series)  # (None: the series has no table; a table has a header)
    document = ctx.project.proposal(entry.path)
    title, author, status = "Title", "-", "Draft"  # ('-' is how registries write an unknown author)
    if isinstance(document, Proposal):
        written = without_number(document.title.text, entry.series or ctx.config.prefix) if document.title else ""
        if written:
            title = _cell_or(written, title)
        field = document.field("Author")
        schema = ctx.project.template
        if field is not None and field.kind == "scalar" and field.value:
            name = author_name(field.value)
            if name and name != schema.placeholder_author:
                author = _cell_or(name, author)
        status = _row_status(schema_for(ctx.project, entry.series), document.status) or status
    link = _row_link(ctx, entry, table)
    try:
        status = escape_cell(status)
        link = link if is_external(link) else escape_destination(link)
    except CellError:
        pass  # (a suggestion in a message: the name is shown as it is)
    if table is None:
        number = ctx.config.format_number(entry.number)
        return f"| [{number}]({link}) | {title} | {author} | {status} |"
    width = None if ctx.project.layout.given else ctx.config.number_width
    number = number_cell_text(table, entry.number, width, registry.form_of(table))
    row = new_row(table, {"number": number, "title": title, "author": author, "status": status}, link)
    return "| " + " | ".join(row.cells) + " |"


def _row_status(schema: Schema, status: Optional[str]) -> Optional[str]:
    """The status a row gives a document whose status is `status`: the same where rows may
    have it, else the row status that `statuses.agree` says agrees with it (a NEP row says
    `Final` for an `Approved` document)."""
    if not status or not schema.registry_statuses or status in schema.registry_statuses:
        return status
    agree = schema.series.statuses.agree if schema.series is not None else {}
    return next((row for row, documents in agree.items() if status in documents and row in schema.registry_statuses), status)


def _row_link(ctx: Context, entry: Entry, table) -> str:
    """Where a new row links: the document (for a folder per proposal, its folder, as
    `./CIP-0001/`), relative to the registry, or under the table's first `link-base`."""
    path = entry.path
    series = series_for_path(ctx.project.layout, path)
    if series is not None and series.folder_per_proposal:
        path = posixpath.dirname(path) + "/"
    if table is not None and table.layout.link_base:
        return table.layout.link_base[0] + path
    link = posixpath.relpath(path, posixpath.dirname(ctx.project.registry_path) or ".") + ("/" if path.endswith("/") else "")
    return like_its_rows(ctx.project.registry.form_of(table), link) if table is not None else link


@rule("proposal-duplicate", "two or more main documents share a number", family=PROPOSALS)
def proposal_duplicate(ctx: Context) -> Iterator[Problem]:
    """What it finds
    Two or more main documents in the proposals folder share a number. Each document gets
    one finding that names the others. It also says which one the registry reserves the
    number for (the row that links to it). Sub-documents in supporting folders and a
    symlinked `drafts/` folder never count as a second document.

    Why it matters
    This is the failure the suite was built for. Three proposals were committed as
    `BEP-1011-*.md`, and two as `BEP-1012-*`. Two shared 1026, and two shared 1042, for
    months, while the registry listed only one of each.

    Example (a second document `proposals/BEP-1001-quota-scopes.md`):

        proposals/BEP-1001-gpu-partitioning.md:1:1: error proposal-duplicate: BEP-1001 is also used by proposals/BEP-1001-quota-scopes.md; the registry reserves BEP-1001 for this file, so renumber the other
        proposals/BEP-1001-quota-scopes.md:1:1: error proposal-duplicate: BEP-1001 is also used by proposals/BEP-1001-gpu-partitioning.md; the registry reserves BEP-1001 for proposals/BEP-1001-gpu-partitioning.md, so give this one the next free number (`bep next`)

    How to fix
    Keep the number for the document the registry links to. Renumber the other one
    (`bep next`, `git mv`, and rename its supporting folder) and reserve the new number.
    `bep fix` does not fix this.
    """
    index = registry_index(ctx)
    for entry in ctx.proposal_entries():
        others = [other for other in ctx.project.documents(entry.number, entry.series) if other.path != entry.path]
        if not others:
            continue
        name = bep_name(ctx, entry.number, entry.series)
        owners = [d for d in [entry, *others] if reserved_for(index, d)]  # the files a row links to
        owned = [o.path for o in owners if o.path != entry.path]
        if entry in owners and not owned:
            other = plural(others, "the other")
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


# `?`, `TBD`, `NNNN`, `XXXX`: a number not given yet (a template's, until one is taken).
_PLACEHOLDER_NUMBER = re.compile(r"[?]+|tb[ad]|n/?a|[nx]+|-+|<[^<>]*>|\{[^{}]*\}", re.I)


def header_number(value: str, prefix: str) -> Optional[int]:
    """The number a header field holds, or None: `1`, `0044`, `SLIP-0044`, `` `030` ``,
    `**028**`, `NEP 21` (markup, the prefix and a `-`, `_` or space after it removed)."""
    text = strip_markup(value)
    if text[: len(prefix)].casefold() == prefix.casefold():
        text = text[len(prefix) :].lstrip("-_ ")
    text = strip_markup(text)
    return int(text) if text.isascii() and text.isdigit() else None


@rule("proposal-number-mismatch", "the number in the header differs from the file's", family=PROPOSALS)
def proposal_number_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The header field that holds the proposal's number (the series' `header.number-field`
    in the layout: `NEP: 1`, `Number: SLIP-0044`, ``SIP Number: `030` ``) says another number
    than the document's file or folder name, or holds no number at all. Numbers are compared
    as integers, after removing markup, backticks and the prefix: `NEP: 1` in `nep-0001.md`
    agrees. A placeholder (`?`, `TBD`) is allowed only in the template. Without a
    `number-field`, nothing is checked.

    Why it matters
    A document copied from another one keeps the other's number in its header. Tools and
    readers that go by the header then file it under the wrong proposal, and the registry
    check, which goes by the file name, cannot see it.

    Example (`NEP: 12` in `neps/nep-0021.md`):

        neps/nep-0021.md:2:6: error proposal-number-mismatch: the header says NEP 12, but the file is NEP-0021; write 'NEP: 21' (or rename the file if the header is right)

    How to fix
    Write the file's number in the field, or rename the file when the header is right and
    the number is reserved for it. `bep fix` does not fix this.
    """
    if ctx.config.layout is None:
        return
    for entry, document in documents(ctx):
        schema = schema_for(ctx.project, document.series)
        series = schema.series
        name = series.header.number_field if series is not None else None
        if name is None or entry.number is None or not _header_ok(document):
            continue
        field = document.field(name)
        if field is None:
            continue  # (frontmatter-field-missing, when the field is required)
        written = (field.value or "").strip() if field.kind == "scalar" else ""
        number = header_number(written, series.prefix) if written else None
        if number == entry.number:
            continue
        width = series.document_pattern().width or ctx.config.number_width
        file_name = f"{series.prefix}-{entry.number:0{width}d}"
        fix = f"write '{field.key}: {entry.number}'"
        if number is not None:
            message = f"the header says {series.prefix} {number}, but the file is {file_name}; {fix} (or rename the file if the header is right)"
        elif not written:
            message = f"{field.key} is empty, but the file is {file_name}; {fix}"
        elif _PLACEHOLDER_NUMBER.fullmatch(strip_markup(written)):
            message = f"{field.key} is still the template's placeholder '{written}', but the file is {file_name}; {fix}"
        else:
            message = f"{field.key} '{written}' is not a number, but the file is {file_name}; {fix}"
        yield Problem(entry.path, field.line, field.column, message)


# -- the title ------------------------------------------------------------------------


@rule("proposal-conflict", "a proposal holds unresolved merge-conflict markers", family=PROPOSALS)
def proposal_conflict(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A proposal (including a misnamed one) contains merge-conflict marker lines: `<<<<<<<`,
    `=======` or `>>>>>>>`. The finding points at the first marker and counts the others.

    Why it matters
    A merge left both sides of a conflict in the document. Readers see the markers on the
    rendered page, and the text says two things at once.

    Example (a conflict block around "Nothing limits usage today."):

        proposals/BEP-1001-gpu-partitioning.md:22:1: error proposal-conflict: unresolved merge conflict marker (and 2 more marker lines); resolve the conflict and delete the marker lines

    How to fix
    Keep what each side meant and delete the marker lines. `bep fix` does not fix this.
    """
    for entry, document in documents(ctx, misnamed=True):
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
    """What it finds
    A proposal has no H1 heading (`# Title`) after its front matter, or the H1 is empty.
    Headings inside code fences do not count. If the registry has a title for the number,
    the message shows it. Where the layout takes the title from a header field
    (`title: field`, or `h1-or-field` without an H1), the field is missing or empty.

    Why it matters
    The H1 is what the rendered page and `bep list` show. Without it, the proposal has no
    visible name, and the title checks against the registry cannot run.

    Example (the line `# GPU Partitioning` deleted):

        proposals/BEP-1001-gpu-partitioning.md:9:1: error proposal-title-missing: the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter (the registry calls it 'GPU Partitioning')

    How to fix
    Add `# <title>` right after the closing `---`. `bep fix` does not fix this.
    """
    index = registry_index(ctx)
    for entry, document in documents(ctx, misnamed=True):
        if document.title is not None and document.title.text.strip():
            continue
        series = schema_for(ctx.project, document.series).series if document.series is not None else None
        if series is not None and series.title != "h1" and not _header_ok(document):
            continue  # (the header the title is read from is frontmatter-missing's or -invalid's business)
        row = index.row_for(entry)  # (None for a misnamed file: it has no number, no row links to it)
        known = f" (the registry calls it '{row.title}')" if row is not None and row.title else ""
        if series is not None and series.title != "h1":
            name = series.header.title_field
            field = document.field(name)
            where = f"its '{field.key}' field is empty" if field is not None else f"the header has no '{name}' field"
            h1 = " (or a '# <title>' heading)" if series.title == "h1-or-field" else ""
            yield Problem(
                entry.path,
                field.line if field is not None else document.front_matter.end + 1,
                field.column if field is not None else 1,
                f"the proposal has no title: {where}; write '{name}: <title>' in the header{h1}{known}",
            )
            continue
        where = f"line {document.title.line} has an empty '#' heading" if document.title else "there is no '# ' heading"
        yield Problem(
            entry.path,
            document.title.line if document.title else document.body_line,
            1,
            f"the proposal has no title: {where}; add '# <title>' right after the front matter{known}",
        )


def _header_ok(document: Proposal) -> bool:
    front = document.front_matter
    return front is not None and front.error is None


@rule("proposal-title-mismatch", "the H1 title and the registry title differ", family=PROPOSALS, severity=WARNING)
def proposal_title_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The document's H1 (or its title field, with `title: field` in the layout) and its
    registry row's title name different things. This is a **warning** by default. Allowed differences:
    - a `BEP-1001:` prefix;
    - case and punctuation;
    - one title being a longer wording of the other (all words of one appear in the other),
      for an H1 only: where the layout takes the title from a header field (`title: field`),
      the row must have the same words.

    For example, `# BEP-1001: GPU Partitioning for Inference Sessions` passes. If the H1 is
    exactly another row's title, the message asks whether it was copied.

    Why it matters
    Real H1 titles were plainly wrong, copied from another proposal. The registry and the
    document then disagree about which proposal the number is.

    Example (`# GPU Partitioning` changed to `# Storage Quotas`):

        proposals/BEP-1001-gpu-partitioning.md:10:1: warning proposal-title-mismatch: the title 'Storage Quotas' differs from the registry's 'GPU Partitioning' (README.md line 8) (it is the title of BEP-1000: copied from there?); make the two agree

    How to fix
    Make the H1 and the registry title agree (`bep fix` does not). For a deliberate
    difference, put `<!-- bep: ignore proposal-title-mismatch -->` on the line before the H1;
    to make it fail commits, set `severity: {proposal-title-mismatch: error}`.
    """
    index = registry_index(ctx)
    if index.registry is None:
        return
    prefix = ctx.config.prefix
    schema = ctx.project.template
    placeholder = title_key(schema.placeholder_title, prefix) if schema.placeholder_title else None
    for entry, document in documents(ctx):
        if document.title is None:
            continue
        row = index.row_for(entry)
        if row is None or not row.well_formed or not row.title:
            continue
        mine, theirs = title_key(document.title.text, prefix), title_key(row.title, prefix)
        if not mine or not theirs or mine == placeholder:
            continue
        if mine == theirs or (document.title.level > 0 and _same_title(mine, theirs)):
            continue  # (a title field is the title itself: the row must say the same words)
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
        hint = f" (it is the title of {bep_name(ctx, copied.number)}: copied from there?)" if copied is not None else ""
        yield Problem(
            entry.path,
            document.title.line,
            1,
            f"the title '{document.title.text}' differs from the registry's '{row.title}' "
            f"({where(index.registry, row)}){hint}; make the two agree",
        )


def _same_title(one: str, other: str) -> bool:
    """Two titles (as title_key gives them, not empty: the caller skips those) agree when all
    words of one are in the other."""
    words, others = set(one.split()), set(other.split())
    return words <= others or others <= words


@rule("proposal-placeholder", "template text was left in the proposal", family=PROPOSALS)
def proposal_placeholder(ctx: Context) -> Iterator[Problem]:
    """What it finds
    Text from the template was left in a proposal:
    - the H1 still reads the template's `Title`;
    - `Author` is still the template's `Your Full Name …`;
    - a field holds the template's example address `email@example.com`;
    - a body line is a line of the template's own text (`Why is this change needed? What
      problem does it solve?`, `- JIRA: BA-XXXX`).

    Headings and short lines never count. The placeholders come from the repository's template
    (each series' own). The layout's `sections.template-text-allowed` lets template lines
    stay in the sections it names (a Copyright line) or lets given lines stay anywhere.

    Why it matters
    Documents were committed with the template's `# Title` left in: published unfinished,
    under a meaningless name.

    Example (the Motivation text replaced by the template's question):

        proposals/BEP-1001-gpu-partitioning.md:18:1: error proposal-placeholder: the template's text is still here: 'Why is this change needed? What problem does it solve?'; replace it with this proposal's own text, or delete it

    With `# Title` and the template's Author left in:
    `…:2:9: error proposal-placeholder: Author is still the template's 'Your Full Name (email@example.com)'; …`
    and `…:10:1: error proposal-placeholder: the title is still the template's 'Title'; write the proposal's title`.

    How to fix
    Replace the text with the proposal's own text. `bep fix` does not fix this.
    """
    schema = ctx.project.template
    prefix = ctx.config.prefix
    title = title_key(schema.placeholder_title, prefix) if schema.placeholder_title else None
    name = schema.placeholder_author.casefold() if schema.placeholder_author else None
    emails = [email.casefold() for email in schema.placeholder_emails]
    for entry, document in documents(ctx, misnamed=True):
        if document.series is not None:  # (each series has its template)
            schema = schema_for(ctx.project, document.series)
            title = title_key(schema.placeholder_title, prefix) if schema.placeholder_title else None
            name = schema.placeholder_author.casefold() if schema.placeholder_author else None
            emails = [email.casefold() for email in schema.placeholder_emails]
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
        template_text = document.template_text
        if template_text and document.series is not None:
            template_text = _left_in(schema, document)
        if template_text:
            (line, text), more = template_text[0], len(template_text) - 1
            also = f" (and {more} more line{'s' * (more != 1)} of it)" if more else ""
            yield Problem(
                entry.path,
                line,
                1,
                f"the template's text is still here: '{shorten(text.strip())}'{also}; replace it with this "
                "proposal's own text, or delete it",
                items=tuple(shorten(t.strip()) for _, t in template_text),
            )


def _left_in(schema: Schema, document: Proposal) -> tuple:
    """The document's template text that counts: lines of its own series' template, not in
    a section (or its subsections) nor among the lines `template-text-allowed` lets stay."""
    own = schema.own_lines  # (a document is read with every series' template lines)
    allowed = schema.series.sections if schema.series is not None else None
    sections = {section_key(name) for name in allowed.template_sections} if allowed is not None else set()
    lines = {line.strip() for line in allowed.template_lines} if allowed is not None else set()
    kept = []
    for line, text in document.template_text:
        if text not in own:
            continue
        if text.strip() in lines:
            continue
        if sections:
            heading = next((h for h in reversed(document.sections) if h.line < line), None)
            if heading is not None and section_key(heading.text) in sections:
                continue
        kept.append((line, text))
    return tuple(kept)
