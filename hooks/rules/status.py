"""status-* rules: a proposal's status, in its document and in the registry, and how it
changes (status-transition, with `bep check --against REF`)."""

from __future__ import annotations

from typing import Iterator, Optional

from ..findings import Problem
from ..parse.proposal import STATUS_KEY, section_key
from ..parse.registry import ENTRY, Row
from ..parse.table import CellError, escape_cell
from . import PROPOSALS, REGISTRY
from .base import Context, Draft, rule
from .history import label, numbered, registries
from .index import RegistryIndex, documents, registry_index
from .wording import article, where


# -- the status -----------------------------------------------------------------------


@rule("status-unknown", "the Status is not one of the known statuses", family=PROPOSALS)
def status_unknown(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The document's `Status` is empty, not a single value, or not one of the repository's
    statuses. The statuses come from `statuses:` in `.bep.yaml`, else the template's
    `# Draft | Accepted | ...` comment, else the defaults. Case matters: `draft` is unknown,
    with a hint.

    Why it matters
    Ad-hoc statuses (`Approved`, `draft`) break filtering and lifecycle checks, and they
    would spread into the registry if it were synced from them.

    Example (`Status: draft`):

        proposals/BEP-1001-gpu-partitioning.md:3:9: error status-unknown: unknown status 'draft' (did you mean 'Draft'?); use one of: Draft, Accepted, Implemented, Rejected, Superseded (from the comment in proposals/BEP-0000-template.md)

    The same input also gives a `status-mismatch` on line 3 (see that rule).

    How to fix
    Use one of the listed statuses, or add yours to `statuses:` in `.bep.yaml`. `bep fix` does
    not fix this. It does not change the document, and it does not copy an unknown status
    into the registry.
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
    if entry is None:
        return None
    status = ctx.project.status(entry.path)  # (reads the front matter, not the whole document)
    if status not in ctx.project.template.statuses or row.status == status:
        return None
    try:
        escape_cell(status)
    except CellError:  # (a status the template allows, with a line break)
        return None
    # Last: whether the finding is silenced reads the whole document, for the rows that differ only.
    return None if ctx.silenced("status-mismatch", entry.path) else status


@rule(
    "status-mismatch",
    "the document's Status differs from its registry row",
    family=PROPOSALS,
    fix=sync_status_from_documents,
)
def status_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The document's `Status` differs from the Status cell of its registry row. The row is the
    one linking to the document, else the row with its number. The document is the source of
    truth.

    Why it matters
    Statuses change in the document during review, and the README row is forgotten. One
    housekeeping PR had to correct fifteen statuses at once. The registry is what people read
    to see the state of the process.

    Example (`Status: Superseded` in the document, `Draft` in the row):

        proposals/BEP-1001-gpu-partitioning.md:3:9: error status-mismatch: Status is 'Superseded' here but 'Draft' in the registry (README.md line 8); the document is the source of truth: run `bep fix` to update the registry row

    How to fix
    Run `bep fix`: it copies the document's status into the row. It does this only
    when the document's status is a known status, the number has one document and one
    row, and the row has the right number of cells. Otherwise the message says to fix the
    document first or to edit the row by hand; such a finding is not marked fixable, and
    `bep fix` leaves the row alone.
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
        if row is None or not row.well_formed or row.status == status:
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
    """What it finds
    A status lacks the field it requires. By default (where the template has these fields):
    Accepted needs `Target-Version`, and Implemented needs `Implemented-Version`. The finding
    appears when the field is missing or empty. `status-requirements:` in `.bep.yaml`
    replaces these defaults.

    Why it matters
    The README's process says an accepted proposal names the release that ships it. Without
    the field, "Accepted" promises nothing anyone can plan around.

    Example (`Status: Accepted` in the document and the row, `Target-Version:` empty):

        proposals/BEP-1001-gpu-partitioning.md:6:1: error status-requirement: an Accepted proposal needs Target-Version, which is empty; fill in the version that ships it (YY.Sprint.Patch, e.g. 25.9.0), or set Status back

    How to fix
    Fill in the field (`Target-Version: 25.9.0`), or set the status back. `bep fix` does not
    fix this.
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
    """What it finds
    A document whose status is in `reason-required` (default: `Rejected`) does not say why.
    The reason can be:
    - an H2 heading with a word such as reason, rejection, rejected, cancelled, decision or
      withdrawn (`## Rejection Reason`, `## Decision`);
    - a non-empty front-matter field whose name contains `reason` (`Rejection-Reason: …`).

    Why it matters
    The process requires a rejection to record its reason. Later readers otherwise re-propose
    the same idea without knowing why it was dropped.

    Example (`Status: Rejected` in the document and the row, no reason given):

        proposals/BEP-1001-gpu-partitioning.md:3:9: error status-reason: the proposal is Rejected but does not say why: add a section that does ('## Reason', '## Rejection Reason' or '## Decision'), or a 'Reason:' field to the front matter

    How to fix
    Add `## Rejection Reason` with a paragraph, or a `Rejection-Reason: …` field. `bep fix` does not fix this. `reason-required: []` in `.bep.yaml` turns the
    requirement off.
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
    """What it finds
    This rule runs only with `--against REF`. It fires when a registry row's status changed
    from its status on `REF` in a way `transitions` does not allow. The defaults:
    - Draft → Accepted | Rejected | Superseded;
    - Accepted → Implemented | Rejected | Superseded;
    - Implemented → Superseded;
    - Rejected and Superseded are final.

    A status that is not a key of `transitions` may change freely.

    Why it matters
    A proposal implemented without ever being accepted skipped the review the process exists
    for. A "final" status that changes means history was rewritten.

    Example (row 1001 `Draft` on main, `Implemented` on the branch; `bep check --against main`):

        README.md:8:85: error status-transition: BEP-1001 changed status from Draft (on main) to Implemented; Draft may change to: Accepted, Rejected, Superseded

    How to fix
    Go through the missing step (accept first), or describe your repository's lifecycle
    under `transitions:` in `.bep.yaml`. `bep fix` does not fix this.
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
        before = next((other for other in base_rows.get((row.series, row.number), ()) if other.kind == ENTRY), None)
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
