"""frontmatter-* rules: the front matter of a proposal document."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from ..findings import WARNING, Problem
from ..proposal import CREATED_KEY
from . import PROPOSALS
from .base import Context, rule
from .index import documents, front_matter_ok
from .wording import names, plural, template_hint


# -- the front matter -----------------------------------------------------------------


@rule("frontmatter-missing", "a proposal has no front matter", family=PROPOSALS)
def frontmatter_missing(ctx: Context) -> Iterator[Problem]:
    """A proposal starts with a YAML block between `---` lines holding at least its
    Author, Status and Created date, as the template shows.
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
    """The front matter is a YAML mapping of `Key: value` lines closed by a `---` line.
    YAML syntax errors (with the line in the file), duplicate keys, a list or a bare
    text instead of `Key: value` lines, and a block that is never closed are reported
    here; the other front-matter rules skip the document until it reads.

    YAML comments (`# Status: Draft | Accepted | ...`) and empty values are fine.
    """
    for entry, document in documents(ctx, misnamed=True):
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
    """`Created` is the date the proposal was first written, as `YYYY-MM-DD`, and it is a
    real calendar date (`2025-02-30` is not). An empty `Created:` is a warning: fill it in.
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
    """Version fields (`Created-Version`, `Target-Version`, `Implemented-Version`, any
    field ending in `Version`) hold a release as `YY.Sprint.Patch`, e.g. `25.9.0`.
    They may be empty until the version is known.
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
