"""frontmatter-* rules: the front matter of a proposal document."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterator

from ..findings import WARNING, Problem
from ..parse.proposal import CREATED_KEY
from ..schema import Schema, schema_for
from . import PROPOSALS
from .base import Context, rule
from .index import documents, front_matter_ok
from .wording import names, plural


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
    for entry, document in documents(ctx, misnamed=True):
        if document.front_matter is None:
            schema = schema_for(ctx.project, document.series)
            fields = ", ".join(schema.fields) or "Author, Status, Created"
            yield Problem(entry.path, 1, 1, f"{_no_header(_format(schema), fields)}{_hint(schema)}")


def _format(schema: Schema) -> str:
    """The series' header format. (Every schema has a series: without `layout:`, the one the
    flat settings make, whose header is YAML front matter.)"""
    return schema.series.header.format


def _hint(schema: Schema) -> str:
    """Where the series' template is: (see PATH)."""
    return f" (see {schema.template})" if schema.template else ""


def _no_header(format: str, fields: str) -> str:
    """What frontmatter-missing asks for, in the series' header format."""
    if format == "fenced":
        return f"no header: put a fenced code block of 'Key: Value' lines ({fields}) at the top, after the title"
    if format == "preamble":
        return f"no header: add a '## Preamble' section of 'Key: Value' lines ({fields})"
    if format == "table":
        return f"no header: start the file with a two-column table '| Field | Value |' of the fields {fields}"
    what = "front matter" if format == "yaml" else "header"
    return f"no {what}: start the file with a '---' line, the fields {fields}, and a closing '---' line"


def _closing(format: str) -> str:
    """Where frontmatter-field-missing says to add a field, in the series' header format."""
    return {
        "fenced": "before the header's closing fence",
        "preamble": "to the Preamble section",
        "table": "as a row of the header table",
    }.get(format, "before the closing '---'")


@rule("frontmatter-invalid", "the front matter cannot be read", family=PROPOSALS)
def frontmatter_invalid(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The front matter cannot be read as a YAML mapping of `Key: value` lines. This covers
    YAML syntax errors (with the line), duplicate keys, a list or bare text instead of keys,
    and a block that is never closed. The other front-matter rules skip the document until it
    reads. YAML comments and empty values are fine. With another header format in the layout
    (`rfc822`, `fenced`, `preamble`, `table`), a line that is not `Key: Value` is reported
    the same way, with its line.

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
    A field of the template's front matter (or of `required-fields` in `.bep.yaml`, or of
    the layout's `header.required`, where `header.aliases` names count) is absent. It is an **error** for a field the template fills in (`Created`). It is a
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
    for entry, document in documents(ctx, misnamed=True):
        if not front_matter_ok(document):
            continue
        schema = schema_for(ctx.project, document.series)
        format = _format(schema)
        what, closing = "front matter" if format == "yaml" else "the header", _closing(format)
        line = document.front_matter.end + 1
        missing = [name for name in schema.fields if document.field(name) is None]
        needed = [name for name in missing if name.casefold() not in schema.blank_fields]
        blank = [name for name in missing if name.casefold() in schema.blank_fields]
        if needed:
            yield Problem(
                entry.path,
                line,
                1,
                f"{what} has no {names(needed)} {plural(needed, 'field')}; add "
                f"{names([f'{name}: ...' for name in needed])} {closing}",
                items=tuple(needed),
            )
        if blank:
            yield Problem(
                entry.path,
                line,
                1,
                f"{what} has no {names(blank)} {plural(blank, 'field')}; add "
                f"{names([f'{name}:' for name in blank])} {closing} as the template does "
                "(empty until known)",
                severity=WARNING,
                items=tuple(blank),
            )


@rule("frontmatter-date", "Created is not a real YYYY-MM-DD date", family=PROPOSALS)
def frontmatter_date(ctx: Context) -> Iterator[Problem]:
    """What it finds
    `Created` is not a real calendar date written `YYYY-MM-DD`: wrong format, impossible day
    or month, or not a single value. An empty `Created:` is a **warning**. A missing
    `Created` line is `frontmatter-field-missing`'s business. A layout may accept other
    forms (`header.date-formats: [YYYY-MM-DD, DD-Mon-YYYY]`: `03-Mar-2022`).

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
        forms = schema_for(ctx.project, document.series).series.header.date_formats
        example = f"e.g. {_EXAMPLE_DATE.sub(lambda token: _EXAMPLE_PARTS[token.group()], forms[0])}"
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
                f"{field.key} is empty; write the date the proposal was first written, as {forms[0]} ({example})",
                severity=WARNING,
            )
            continue
        match = next((found for found in (_date_pattern(form).fullmatch(value) for form in forms) if found), None)
        if match is None:
            message = f"{field.key} '{value}' is not a date written {' or '.join(forms)} ({example})"
            yield Problem(entry.path, field.line, field.column, message)
            continue
        parts = match.groupdict()
        year, day = int(parts["year"]), int(parts["day"])
        month = int(parts["month"]) if parts.get("month") else _MONTHS.index(parts["mon"].title()) + 1
        try:
            date(year, month, day)
        except ValueError:
            if 1 <= month <= 12:
                import calendar  # lazy: start-up

                why = f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"
            else:
                why = "there is no month {:02d}".format(month)
            yield Problem(entry.path, field.line, field.column, f"{field.key} '{value}' is not a real date ({why})")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE_TOKENS = {
    "YYYY": "(?P<year>[0-9]{4})",
    "MM": "(?P<month>[0-9]{2})",
    "DD": "(?P<day>[0-9]{2})",
    "Mon": "(?P<mon>(?i:" + "|".join(_MONTHS) + "))",
    "M": "(?P<month>[0-9]{1,2})",  # (M and D: one or two digits, `8-Sep-2021`)
    "D": "(?P<day>[0-9]{1,2})",
}
_EXAMPLE_DATE = re.compile("(YYYY|MM|DD|Mon|M|D)")  # (a group: `split` keeps the tokens)
_EXAMPLE_PARTS = {"YYYY": "2025", "MM": "03", "DD": "04", "Mon": "Mar", "M": "3", "D": "4"}


@lru_cache(maxsize=None)
def _date_pattern(form: str) -> "re.Pattern[str]":
    """The expression of a date form of `header.date-formats` (YYYY, MM, DD, Mon, M, D and the
    separators between them, validated by hooks.layout)."""
    parts = _EXAMPLE_DATE.split(form)  # (separators and tokens in turn)
    return re.compile("".join(_DATE_TOKENS.get(part) or re.escape(part) for part in parts), re.ASCII)


_VERSION = re.compile(r"[0-9]{2}\.[0-9]{1,2}\.[0-9]+")
# https://semver.org: MAJOR.MINOR.PATCH, an optional pre-release and build.
_SEMVER = re.compile(r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")


@rule("frontmatter-version", "a version field is not YY.Sprint.Patch", family=PROPOSALS)
def frontmatter_version(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A front-matter field whose name ends in `Version` (`Created-Version`, `Target-Version`,
    `Implemented-Version`, and any other) is not empty and is not `YY.Sprint.Patch` (two
    digits, one or two digits, digits: `25.9.0`). Empty is fine. The message hints at common
    slips: a leading `v`, a missing patch number, a four-digit year. A layout may ask for
    semantic versions instead (`header.version-format: semver`: `1.0.0`), or `off`.

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
        form = schema_for(ctx.project, document.series).series.header.version_format
        if form == "off":
            continue
        semver = form == "semver"
        for field in document.fields.values():
            if not field.key.casefold().endswith("version"):
                continue
            if field.kind != "scalar":
                message = f"{field.key} must be one version (e.g. {'1.0.0' if semver else '25.9.0'}), not a {field.kind}"
                yield Problem(entry.path, field.line, field.column, message)
                continue
            value = (field.value or "").strip()
            if not value or (_SEMVER if semver else _VERSION).fullmatch(value):
                continue
            if semver:
                hint = f" (drop the 'v': {value[1:]})" if value[:1] in "vV" and _SEMVER.fullmatch(value[1:]) else ""
                message = f"{field.key} '{value}' is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.0.0){hint}"
            else:
                message = f"{field.key} '{value}' is not a version written YY.Sprint.Patch{_version_hint(value)}"
            yield Problem(entry.path, field.line, field.column, f"{message}; leave it empty until it is known")


def _version_hint(value: str) -> str:
    if re.fullmatch(r"[vV][0-9.]+", value) and _VERSION.fullmatch(value[1:]):
        return f" (drop the 'v': {value[1:]})"
    if re.fullmatch(r"[0-9]{2}\.[0-9]{1,2}", value):
        return f" (add the patch number: {value}.0)"
    match = re.fullmatch(r"20([0-9]{2})(\.[0-9]{1,2}\.[0-9]+)", value)
    if match:
        return f" (the year has two digits: {match.group(1)}{match.group(2)})"
    return " (e.g. 25.9.0)"
