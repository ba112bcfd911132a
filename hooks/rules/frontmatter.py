"""frontmatter-* rules: the front matter of a proposal document."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from ..findings import WARNING, Problem
from ..parse.proposal import CREATED_KEY
from . import PROPOSALS
from .base import Context, rule
from .index import documents, front_matter_ok
from .wording import names, plural, template_hint


# -- the front matter -----------------------------------------------------------------


@rule("frontmatter-missing", "a proposal has no front matter", family=PROPOSALS)
def frontmatter_missing(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A proposal does not start with a `---` front-matter block. The message lists the
    template's fields.

    Why it matters
    Author, status and creation date live in the front matter. Without it, the status checks
    and the registry sync have nothing to read.

    Example (lines 1-8, the front matter, deleted):

        proposals/BEP-1001-gpu-partitioning.md:1:1: error frontmatter-missing: no front matter: start the file with a '---' line, the fields Author, Status, Created, Created-Version, Target-Version, Implemented-Version, and a closing '---' line (see proposals/BEP-0000-template.md)

    How to fix
    Start the file with `---`, the template's fields and a closing `---`. `bep fix` does not
    fix this. Because the finding is on line 1, use `<!-- bep: ignore-file frontmatter-missing -->`
    or `per-file-ignores` for an exception.
    """
    fields = ", ".join(ctx.project.template.fields) or "Author, Status, Created"
    for entry, document in documents(ctx, misnamed=True):
        if document.front_matter is None:
            yield Problem(
                entry.path,
                1,
                1,
                f"no front matter: start the file with a '---' line, the fields {fields}, and a closing '---' "
                f"line{template_hint(ctx)}",
            )


@rule("frontmatter-invalid", "the front matter cannot be read", family=PROPOSALS)
def frontmatter_invalid(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The front matter cannot be read as a YAML mapping of `Key: value` lines. This covers
    YAML syntax errors (with the line), duplicate keys, a list or bare text instead of keys,
    and a block that is never closed. The other front-matter rules skip the document until it
    reads. YAML comments and empty values are fine.

    Why it matters
    A status or date that cannot be read cannot be checked. A document with an unreadable
    header silently escapes every status rule.

    Example (`Author: Sanghun Lee: GPU team`):

        proposals/BEP-1001-gpu-partitioning.md:2:20: error frontmatter-invalid: invalid YAML: mapping values are not allowed here; put the value in quotes if it contains ': '

    A second `Status:` line gives `…:4:1: error frontmatter-invalid: duplicate key 'Status' (first on line 3)`.
    A missing closing `---` gives `…:1: error frontmatter-invalid: front matter is not closed: add a '---' line after the last field`.

    How to fix
    Quote values that contain `: `, remove duplicate keys, and close the block with `---`.
    `bep fix` does not fix this.
    """
    for entry, document in documents(ctx, misnamed=True):
        front = document.front_matter
        if front is not None and front.error is not None:
            yield Problem(entry.path, front.error.line, front.error.column, front.error.message)


@rule("frontmatter-field-missing", "a field of the template is missing from the front matter", family=PROPOSALS)
def frontmatter_field_missing(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A field of the template's front matter (or of `required-fields` in `.bep.yaml`) is
    absent. It is an **error** for a field the template fills in (`Created`). It is a
    **warning** for a field the template leaves empty (`Target-Version:`), which may stay
    empty, but its line should be there. Nothing is reported while the front matter is
    invalid.

    Why it matters
    Missing fields are filled in late or never. For example, an Accepted proposal needs a
    `Target-Version`, and the line should already be there to fill in.

    Example (the `Created:` and `Target-Version:` lines deleted):

        proposals/BEP-1001-gpu-partitioning.md:6:1: error frontmatter-field-missing: front matter has no 'Created' field; add 'Created: ...' before the closing '---'
        proposals/BEP-1001-gpu-partitioning.md:6:1: warning frontmatter-field-missing: front matter has no 'Target-Version' field; add 'Target-Version:' before the closing '---' as the template does (empty until known)

    How to fix
    Add the lines before the closing `---`. `bep fix` does not fix this. Set
    `required-fields: [Author, Status, Created]` in `.bep.yaml` to require fewer fields.
    """
    schema = ctx.project.template
    for entry, document in documents(ctx, misnamed=True):
        if not front_matter_ok(document):
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
                f"front matter has no {names(needed)} {plural(needed, 'field')}; add "
                f"{names([f'{name}: ...' for name in needed])} before the closing '---'",
                items=tuple(needed),
            )
        if blank:
            yield Problem(
                entry.path,
                line,
                1,
                f"front matter has no {names(blank)} {plural(blank, 'field')}; add "
                f"{names([f'{name}:' for name in blank])} before the closing '---' as the template does "
                "(empty until known)",
                severity=WARNING,
                items=tuple(blank),
            )


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@rule("frontmatter-date", "Created is not a real YYYY-MM-DD date", family=PROPOSALS)
def frontmatter_date(ctx: Context) -> Iterator[Problem]:
    """What it finds
    `Created` is not a real calendar date written `YYYY-MM-DD`: wrong format, impossible day
    or month, or not a single value. An empty `Created:` is a **warning**. A missing
    `Created` line is `frontmatter-field-missing`'s business.

    Why it matters
    The creation date orders and dates proposals. `2025-02-30` or `20.05.2025` cannot be
    sorted or compared reliably.

    Example (`Created: 2025-02-30`):

        proposals/BEP-1001-gpu-partitioning.md:4:10: error frontmatter-date: Created '2025-02-30' is not a real date (February 2025 has 28 days)

    `Created: 20.05.2025` gives `Created '20.05.2025' is not a date written YYYY-MM-DD (e.g. 2025-03-04)`.

    How to fix
    Write the date the proposal was first written, e.g. `2025-05-20`. `bep fix` does not fix
    this.
    """
    for entry, document in documents(ctx, misnamed=True):
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
                import calendar  # lazy: start-up

                why = f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"
            else:
                why = "there is no month {:02d}".format(month)
            yield Problem(entry.path, field.line, field.column, f"{field.key} '{value}' is not a real date ({why})")


_VERSION = re.compile(r"[0-9]{2}\.[0-9]{1,2}\.[0-9]+")


@rule("frontmatter-version", "a version field is not YY.Sprint.Patch", family=PROPOSALS)
def frontmatter_version(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A front-matter field whose name ends in `Version` (`Created-Version`, `Target-Version`,
    `Implemented-Version`, and any other) is not empty and is not `YY.Sprint.Patch` (two
    digits, one or two digits, digits: `25.9.0`). Empty is fine. The message hints at common
    slips: a leading `v`, a missing patch number, a four-digit year.

    Why it matters
    Release planning reads these fields. `v25.9.0`, `25.9` and `2025.9` name the same release
    in three ways that no tool can match.

    Example (`Target-Version: v25.9.0`):

        proposals/BEP-1001-gpu-partitioning.md:6:17: error frontmatter-version: Target-Version 'v25.9.0' is not a version written YY.Sprint.Patch (drop the 'v': 25.9.0); leave it empty until it is known

    How to fix
    Write the version as `25.9.0`, or leave it empty until it is known. `bep fix` does not
    fix this.
    """
    for entry, document in documents(ctx, misnamed=True):
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
