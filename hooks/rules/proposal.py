"""proposal-* rules: a proposal document's name, number, title and template text.

Per-document rules parse only the documents being checked (`ctx.proposal_entries()`,
plus misnamed files, which are evidently proposals too). Cross-file rules (duplicates,
reservations) look at the others through `project.listing` (names only) and the
registry, so a commit touching one proposal parses that one file.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ..findings import WARNING, Problem
from ..proposal import Proposal, author_name, title_key, without_number
from ..registry import ENTRY, SKIPPED, CellError, escape_cell, escape_destination
from ..repository import MAIN, MISNAMED, Entry
from . import PROPOSALS
from .base import Context, rule
from .index import documents, registry_index, reserved_for
from .wording import bep_name, plural, shorten, where


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
    index = registry_index(ctx)
    registry = index.registry
    if registry is None:
        return
    for entry in ctx.proposal_entries():
        rows = index.rows(entry.number)
        if any(row.kind == ENTRY for row in rows):
            continue
        name = bep_name(ctx, entry.number)
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
    document = ctx.project.proposal(entry.path)
    title, author, status = "Title", "-", "Draft"  # ('-' is how registries write an unknown author)
    if isinstance(document, Proposal):
        written = without_number(document.title.text, ctx.config.prefix) if document.title else ""
        if written:
            title = _cell_or(written, title)
        field = document.field("Author")
        schema = ctx.project.template
        if field is not None and field.kind == "scalar" and field.value:
            name = author_name(field.value)
            if name and name != schema.placeholder_author:
                author = _cell_or(name, author)
        status = document.status or status
    link = posixpath.relpath(entry.path, posixpath.dirname(ctx.project.registry_path) or ".")
    number = ctx.config.format_number(entry.number)
    try:
        link, status = escape_destination(link), escape_cell(status)
    except CellError:
        pass  # (a suggestion in a message: the name is shown as it is)
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
    index = registry_index(ctx)
    for entry in ctx.proposal_entries():
        others = [other for other in listing.documents(entry.number) if other.path != entry.path]
        if not others:
            continue
        name = bep_name(ctx, entry.number)
        owners = [d for d in [entry, *others] if reserved_for(index, d)]  # the files a row links to
        owned = [o.path for o in owners if o.path != entry.path]
        if entry in owners and not owned:
            other = plural(others, "the other", "the others")
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


# -- the title ------------------------------------------------------------------------


@rule("proposal-conflict", "a proposal holds unresolved merge-conflict markers", family=PROPOSALS)
def proposal_conflict(ctx: Context) -> Iterator[Problem]:
    """A merge left `<<<<<<<`, `=======`, `>>>>>>>` lines in the document: both sides of
    the conflict are in the text, and readers see the markers on the rendered page.

    Fix: keep what each side meant, delete the marker lines, and commit again.
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
    """A proposal starts (after the front matter) with one `# Title` heading: it is what
    readers and the rendered page show. Headings inside code fences do not count.
    """
    index = registry_index(ctx)
    for entry, document in documents(ctx, misnamed=True):
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
        hint = f" (it is the title of {bep_name(ctx, copied.number)}: copied from there?)" if copied is not None else ""
        yield Problem(
            entry.path,
            document.title.line,
            1,
            f"the title '{document.title.text}' differs from the registry's '{row.title}' "
            f"({where(index.registry, row)}){hint}; make the two agree",
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
    for entry, document in documents(ctx, misnamed=True):
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
                f"the template's text is still here: '{shorten(text.strip())}'{also}; replace it with this "
                "proposal's own text, or delete it",
                items=tuple(shorten(t.strip()) for _, t in document.template_text),
            )
