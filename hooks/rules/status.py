"""status-* rules: a proposal's status, in its document and in the registry, and how it
changes (status-transition, with `bep check --against REF`)."""

from __future__ import annotations

from typing import Iterator, Optional

from ..findings import Problem
from ..proposal import STATUS_KEY, section_key
from ..registry import ENTRY, CellError, Row, escape_cell
from . import PROPOSALS, REGISTRY
from .base import Context, Draft, rule
from .history import label, numbered, registries
from .index import RegistryIndex, documents, registry_index
from .wording import article, where


# -- the status -----------------------------------------------------------------------


@rule("status-unknown", "the Status is not one of the known statuses", family=PROPOSALS)
def status_unknown(ctx: Context) -> Iterator[Problem]:
    """`Status` is one of the repository's statuses: the list in the template's comment
    (`# Status: Draft | Accepted | ...`), else the README's status table, else Draft,
    Accepted, Implemented, Rejected, Superseded; or `statuses` in `.bep.yaml`.
    """
    schema = ctx.project.template
    known = ", ".join(schema.statuses)
    for entry, document in documents(ctx, misnamed=True):
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


def sync_status_from_documents(ctx: Context, draft: Draft) -> Draft:
    """status-mismatch's fix: the Status cell takes the document's status (when it is a
    known status and the row is the number's only one, for its only document)."""
    index = registry_index(ctx)
    if index.registry is None:
        return draft
    rows = []
    for row in draft.rows:
        status = _synced_status(ctx, index, row)
        rows.append(row if status is None else row.with_cell("status", escape_cell(status)))
    return draft._replace(rows=tuple(rows))


def _synced_status(ctx: Context, index: RegistryIndex, row: Row) -> Optional[str]:
    """The status `bep fix` writes into the row, or None when it leaves the row alone."""
    entry = index.single_document(row) if "status" in row.columns else None
    if entry is None or ctx.silenced("status-mismatch", entry.path):
        return None
    status = ctx.project.status(entry.path)  # (reads the front matter, not the whole document)
    if status not in ctx.project.template.statuses or row.status == status:
        return None
    try:
        escape_cell(status)
    except CellError:  # (a status the template allows, with a line break)
        return None
    return status


@rule(
    "status-mismatch",
    "the document's Status differs from its registry row",
    family=PROPOSALS,
    fix=sync_status_from_documents,
)
def status_mismatch(ctx: Context) -> Iterator[Problem]:
    """The registry's Status cell says what the document's front matter says. The
    document is the source of truth: `bep fix` copies its status into the registry row
    when that is unambiguous (one document with the number, one row for it, a known
    status). The row is the one linking to the document, else the one with its number.
    """
    index = registry_index(ctx)
    registry = index.registry
    if registry is None:
        return
    statuses = ctx.project.template.statuses
    for entry, document in documents(ctx):
        status = document.status
        field = document.field(STATUS_KEY)
        if status is None or field is None:
            continue
        row = index.row_for(entry)
        if row is None or row.status == status:
            continue
        fixable = _synced_status(ctx, index, row) == status
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
            f"Status is '{status}' here but {theirs} in the registry ({where(registry, row)}); {advice}",
            fixable=fixable,
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
    for entry, document in documents(ctx, misnamed=True):
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
                f"{article(status)} {status} proposal needs {name}, which {state}; fill in the {what}, or set "
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
    for entry, document in documents(ctx, misnamed=True):
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


@rule("status-transition", "a status changed in a way the lifecycle does not allow", family=REGISTRY)
def status_transition(ctx: Context) -> Iterator[Problem]:
    """With `bep check --against REF`: a proposal's registry status changes only along the
    lifecycle (`transitions` in `.bep.yaml`). By default: Draft -> Accepted | Rejected |
    Superseded, Accepted -> Implemented | Rejected | Superseded, Implemented ->
    Superseded; Rejected and Superseded are final. A status that is not a key of
    `transitions` may change freely.

    Fix: go through the missing step (accept before implementing), or, when the lifecycle
    of your repository differs, set `transitions` in `.bep.yaml`.

    Example (base has `| 1006 | ... | Draft |`): `| 1006 | ... | Implemented |` skips
    Accepted.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    transitions = ctx.config.transitions
    base_rows = numbered(base)
    for row in current.rows:
        if row.kind != ENTRY or row.number is None:
            continue
        before = next((other for other in base_rows.get(row.number, ()) if other.kind == ENTRY), None)
        if before is None or not before.status or not row.status or before.status == row.status:
            continue
        if before.status not in transitions or row.status in transitions[before.status]:
            continue
        allowed = ", ".join(transitions[before.status]) or "nothing (it is final)"
        yield Problem(
            current.path,
            row.line,
            row.column_of("status"),
            f"{label(ctx, row)} changed status from {before.status} (on {ctx.base.ref}) to {row.status}; "
            f"{before.status} may change to: {allowed}",
        )
