"""status-* rules: a proposal's status, in its document and in the registry, and how it
changes (status-transition, with `bep check --against REF`)."""

from __future__ import annotations

from typing import Iterator, NamedTuple, Optional, Tuple

from ..findings import Problem
from ..parse.proposal import STATUS_KEY, Proposal, header_status, section_key
from ..parse.registry import ENTRY, Row
from ..parse.source import Source
from ..parse.table import CellError, escape_cell
from ..repository import Entry
from ..schema import Schema, normalise_status, schema_for, statuses_agree
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
    statuses. The statuses come from `statuses:` in `.bep.yaml` (with a layout, the series'
    `statuses.document`), else the template's `# Draft | Accepted | ...` comment, else the
    defaults. Markup around the status (`**Draft**`) does not count, nor, with
    `statuses.reason: parenthesis`, a reason in parentheses after it. Case matters: `draft`
    is unknown, with a hint (unless the layout says `statuses.case: insensitive`).

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
    for entry, document in documents(ctx, misnamed=True):
        field = document.field(STATUS_KEY)
        if field is None:
            continue
        schema = schema_for(ctx.project, document.series)
        known = ", ".join(schema.statuses)
        if field.kind != "scalar":
            message = f"{field.key} must be one status, not a {field.kind}; use one of: {known}"
        elif not (field.value or "").strip():
            message = f"{field.key} is empty; use one of: {known}"
        else:
            value = field.value.strip()
            status, _ = normalise_status(value, schema.series, schema.statuses)
            if status in schema.statuses:
                continue
            near = next((s for s in schema.statuses if s.casefold() == status.casefold()), None)
            hint = f" (did you mean '{near}'?)" if near else ""
            message = f"unknown status '{value}'{hint}; use one of: {known} (from {schema.statuses_from})"
        yield Problem(entry.path, field.line, field.column, message)


def _truth(schema: Schema) -> str:
    """Which side `status-mismatch` holds right: document, registry or none. (Every schema
    has a series: without `layout:`, the one the flat settings make.)"""
    return schema.series.statuses.source_of_truth


def _row_text(schema: Schema, status: str, reason: Optional[str]) -> str:
    """What the registry row is to say for a document's (normalised) status and reason."""
    if reason is None or schema.series.statuses.registry_cell == "base":
        return status
    return f"{status} ({reason})"


def sync_status_from_documents(ctx: Context, draft: Draft) -> Draft:
    """status-mismatch's fix where the document is the source of truth: the Status cell
    takes the document's status (when it is a known status and the row is the number's
    only one, for its only document). Where the registry is, `_document_edits` (below)
    writes the row's status into the document instead."""
    index = registry_index(ctx)  # (the engine runs the fix only on a registry with a table)
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
    schema = schema_for(ctx.project, entry.series)  # (known from the entry: nothing parsed for it)
    if _truth(schema) != "document":
        return None
    written = ctx.project.status(entry.path)  # (reads the front matter, not the whole document; None: '')
    series = schema.series
    status, reason = normalise_status(written, series, schema.statuses)
    if status not in schema.statuses or status not in schema.row_statuses:
        return None
    if statuses_agree(series, normalise_status(row.status, series, schema.row_statuses)[0], status):
        return None
    text = _row_text(schema, status, reason)
    try:
        escape_cell(text)
    except CellError:  # (a status the template allows, with a line break)
        return None
    # Last: whether the finding is silenced reads the whole document, for the rows that differ only.
    return None if ctx.silenced("status-mismatch", entry.path) else text


class _Edit(NamedTuple):
    """A document's Status value rewritten in place (`source-of-truth: registry`)."""

    source: Source
    text: str  # the document's new text
    status: str  # what the Status field now says


def _status_in_place(row: Row, status: str, schema: Schema) -> bool:
    """Whether a row with more cells than the header still holds its status where the
    header says (a stray `) |` after it): the cells up to the status read as a registry
    status does. A row with fewer cells, or shifted ones, is left to registry-malformed."""
    return len(row.cells) > row.width and "status" in row.columns and status in schema.row_statuses


def _document_edit(ctx: Context, index: RegistryIndex, entry: Entry, document: Proposal, row: Row) -> Optional[_Edit]:
    """How `bep fix` writes the row's status into the document, or None when it does not:
    the registry is not the source of truth, the row's status is no document status, the
    row is not the number's only one for its only document, or the value cannot be
    replaced in place (continued on another line, quoted) and read back as written."""
    schema = schema_for(ctx.project, document.series)
    series = schema.series
    field = document.field(STATUS_KEY)
    if _truth(schema) != "registry" or field is None or document.status is None or not row.well_formed:
        return None
    theirs, reason = normalise_status(row.status, series, schema.row_statuses)
    if not theirs or theirs not in schema.statuses or index.single_document(row) != entry:
        return None
    mine, _ = normalise_status(document.status, series, schema.statuses)
    if statuses_agree(series, theirs, mine):
        return None
    wanted = theirs if reason is None else f"{theirs} ({reason})"
    source = ctx.project.source(entry.path)
    if not isinstance(source, Source) or ctx.silenced("status-mismatch", entry.path, field.line):
        return None
    from ..parse.header import replace_value  # lazy: start-up

    text = replace_value(source.text, source.lines, source.line_offsets(), field, wanted)
    if text is None or header_status(Source.from_text(entry.path, text), ctx.config) != wanted:
        return None  # (the value is not written as read, or would read otherwise: a hand edit)
    return _Edit(source, text, wanted)


def _document_edits(ctx: Context) -> Iterator[Tuple[str, Source, str]]:
    """(path, source, new text) of each document whose Status `bep fix` sets to its row's."""
    layout = ctx.config.layout
    if layout is None or not any(s.statuses.source_of_truth == "registry" for s in layout.series):
        return
    index = registry_index(ctx)
    if index.registry is None:
        return
    for entry, document in documents(ctx):
        row = index.row_for(entry) if document.status is not None else None
        if row is None or not row.well_formed:
            continue
        edit = _document_edit(ctx, index, entry, document, row)
        if edit is not None:
            yield entry.path, edit.source, edit.text


# The engine writes these documents when it runs the rule's fix (hooks/engine.py).
sync_status_from_documents.documents = _document_edits  # type: ignore[attr-defined]


@rule(
    "status-mismatch",
    "the document's Status differs from its registry row",
    family=PROPOSALS,
    fix=sync_status_from_documents,
)
def status_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The document's `Status` differs from the Status cell of its registry row. The row is the
    one linking to the document, else the row with its number. Markup (`**Final**`) never
    counts, nor a reason in parentheses with `statuses.reason: parenthesis`, and
    `statuses.agree` lists registry statuses that say the same as other document ones
    (`Final: [Approved]`). By default the document is the source of truth;
    `statuses.source-of-truth` in the layout makes it the registry, or neither. A row with
    more cells than the header (a stray `) |` after the status) is still compared when its
    Status cell holds a registry status; it is corrected by hand.

    Why it matters
    Statuses change in the document during review, and the README row is forgotten. One
    housekeeping PR had to correct fifteen statuses at once. The registry is what people read
    to see the state of the process.

    Example (`Status: Superseded` in the document, `Draft` in the row):

        proposals/BEP-1001-gpu-partitioning.md:3:9: error status-mismatch: Status is 'Superseded' here but 'Draft' in the registry (README.md line 8); the document is the source of truth: run `bep fix` to update the registry row

    With `source-of-truth: registry` (`Draft` in the document, `Final` in the row):
    `…: Status is 'Draft' here but 'Final' in the registry (README.md line 17); the registry is the source of truth: run `bep fix` to write 'Final' here`.

    How to fix
    Run `bep fix`. Where the document is the source of truth, it copies the document's
    status into the row (`registry-cell: base` leaves the reason out). It does this only
    when the document's status is a known status, the number has one document and one
    row, and the row has the right number of cells. Where the registry is, it replaces the
    value of the document's Status field with the row's, and nothing else in the file;
    only when the row's status is a document status and the value is on one line.
    Otherwise the message says to fix the document first or to edit by hand; such a
    finding is not marked fixable, and `bep fix` leaves both alone. With
    `source-of-truth: none`, nothing is fixed.
    """
    index = registry_index(ctx)
    registry = index.registry
    if registry is None:
        return
    for entry, document in documents(ctx):
        status = document.status
        field = document.field(STATUS_KEY)
        if status is None or field is None:
            continue
        row = index.row_for(entry)
        if row is None:
            continue
        schema = schema_for(ctx.project, document.series)
        series = schema.series
        mine, reason = normalise_status(status, series, schema.statuses)
        theirs, _ = normalise_status(row.status, series, schema.row_statuses)
        if not row.well_formed and not _status_in_place(row, theirs, schema):
            continue  # (its cells are shifted: registry-malformed says so)
        if statuses_agree(series, theirs, mine):
            continue
        truth = _truth(schema)
        fixable = False
        if not row.well_formed:  # (bep fix never rewrites a malformed row, nor reads it to change a document)
            cells = f"the row has {len(row.cells)} cells where the header has {row.width} (registry-malformed)"
            if truth == "document":
                advice = f"the document is the source of truth, but {cells}: correct the row by hand, Status included"
            elif truth == "registry":
                advice = f"the registry is the source of truth, but {cells}: correct the row, then set this Status by hand"
            else:
                advice = f"{cells}, and neither side is the source of truth here: correct both by hand"
        elif truth == "document":
            expected = _row_text(schema, mine, reason)
            fixable = _synced_status(ctx, index, row) == expected
            how = "run `bep fix` to update the registry row" if fixable else "update the registry row by hand"
            if fixable and expected != status:
                how += f" to '{expected}'"
            if mine not in schema.statuses:  # copying an unknown status into the registry would spread the mistake
                advice = (
                    f"'{status}' is not a known status (status-unknown), so fix the document first: use one of "
                    f"{', '.join(schema.statuses)}; then the registry row follows (`bep fix`)"
                )
            elif mine not in schema.row_statuses:
                advice = (
                    f"the document is the source of truth, but '{mine}' is not a status the registry uses "
                    f"({', '.join(schema.row_statuses)}): update the registry row by hand"
                )
            else:
                advice = f"the document is the source of truth: {how}"
        elif truth == "registry":
            edit = _document_edit(ctx, index, entry, document, row)
            fixable = edit is not None
            if edit is not None:
                advice = f"the registry is the source of truth: run `bep fix` to write '{edit.status}' here"
            elif not theirs:
                advice = "the registry is the source of truth, but its row has no status: fill in the row's Status"
            elif theirs not in schema.statuses:
                advice = (
                    f"the registry is the source of truth, but '{theirs}' is not a document status "
                    f"({', '.join(schema.statuses)}): correct the row, or set this Status by hand"
                )
            else:
                advice = f"the registry is the source of truth: change this Status to '{theirs}' by hand"
        else:
            advice = "neither side is the source of truth here (`source-of-truth: none`): make the two agree by hand"
        shown = f"'{row.status}'" if row.status else "empty"
        yield Problem(
            entry.path,
            field.line,
            field.column,
            f"Status is '{status}' here but {shown} in the registry ({where(registry, row)}); {advice}",
            fixable=fixable,
        )


@rule("status-requirement", "a status lacks the field it requires", family=PROPOSALS)
def status_requirement(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A status lacks the field it requires. By default (where the template has these fields):
    Accepted needs `Target-Version`, and Implemented needs `Implemented-Version`. The finding
    appears when the field is missing or empty. `status-requirements:` in `.bep.yaml`
    replaces these defaults (with a layout, the series' `statuses.requirements`; the message
    describes a version in the series' `header.version-format`).

    Why it matters
    The README's process says an accepted proposal names the release that ships it. Without
    the field, "Accepted" promises nothing anyone can plan around.

    Example (`Status: Accepted` in the document and the row, `Target-Version:` empty):

        proposals/BEP-1001-gpu-partitioning.md:6:1: error status-requirement: an Accepted proposal needs Target-Version, which is empty; fill in the version that ships it (YY.Sprint.Patch, e.g. 25.9.0), or set Status back

    How to fix
    Fill in the field (`Target-Version: 25.9.0`), or set the status back. `bep fix` does not
    fix this.
    """
    if ctx.config.layout is None and not ctx.project.template.status_requirements:
        return
    for entry, document in documents(ctx, misnamed=True):
        schema = schema_for(ctx.project, document.series)  # (no Status: '', which requires nothing)
        requirements = schema.status_requirements
        status, _ = normalise_status(document.status, schema.series, schema.statuses)
        if status not in requirements:
            continue
        status_field = document.field(STATUS_KEY)
        form = schema.series.header.version_format
        for name in requirements[status]:
            field = document.field(name)
            if field is not None and field.kind == "scalar" and (field.value or "").strip():
                continue
            is_version = name.casefold().endswith("version")
            what = f"version that ships it{_VERSION_FORMS[form]}" if is_version else "value"
            state = "is empty" if field is not None else "is missing"
            where = field if field is not None else status_field
            yield Problem(
                entry.path,
                where.line,
                where.column,
                f"{article(status)} {status} proposal needs {name}, which {state}; fill in the {what}, or set "
                "Status back",
            )


# How status-requirement describes a version, by the series' `header.version-format`
# (frontmatter-version checks the form).
_VERSION_FORMS = {
    "YY.Sprint.Patch": " (YY.Sprint.Patch, e.g. 25.9.0)",
    "semver": " (MAJOR.MINOR.PATCH, e.g. 1.0.0)",
    "off": "",
}


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
    - a non-empty front-matter field whose name contains `reason` (`Rejection-Reason: …`);
    - with `statuses.reason: parenthesis` in the layout, only the reason in parentheses
      after the status (`Status: Inactive (superseded by CIP-0120)`).

    Why it matters
    The process requires a rejection to record its reason. Later readers otherwise re-propose
    the same idea without knowing why it was dropped.

    Example (`Status: Rejected` in the document and the row, no reason given):

        proposals/BEP-1001-gpu-partitioning.md:3:9: error status-reason: the proposal is Rejected but does not say why: add a section that does ('## Reason', '## Rejection Reason' or '## Decision'), or a 'Reason:' field to the front matter

    How to fix
    Add `## Rejection Reason` with a paragraph, or a `Rejection-Reason: …` field. `bep fix` does not fix this. `reason-required: []` in `.bep.yaml` turns the
    requirement off.
    """
    if not ctx.config.reason_required:  # (a layout's series may not set it then: hooks.config refuses both)
        return
    for entry, document in documents(ctx, misnamed=True):
        schema = schema_for(ctx.project, document.series)  # (no Status: '', which wants no reason)
        wanted = schema.reason_required if schema.reason_required is not None else ctx.config.reason_required
        status, reason = normalise_status(document.status, schema.series, schema.statuses)
        if status not in wanted:
            continue
        where = document.field(STATUS_KEY)
        if schema.series.statuses.reason == "parenthesis":
            if reason is None:
                yield Problem(
                    entry.path,
                    where.line,
                    where.column,
                    f"the proposal is {status} but does not say why: write the reason in parentheses after the "
                    f"status ('{where.key}: {status} (superseded by ...)')",
                )
            continue
        if any(_REASON_WORDS & set(section_key(heading.text).split()) for heading in document.sections):
            continue
        if any(
            "reason" in key.casefold() and field.kind == "scalar" and (field.value or "").strip()
            for key, field in document.fields.items()
        ):
            continue
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
    layout = ctx.config.layout
    base_rows = numbered(base)
    for row in current.rows:
        if row.kind != ENTRY or row.number is None:
            continue
        before = next((other for other in base_rows.get((row.series, row.number), ()) if other.kind == ENTRY), None)
        if before is None or not before.status or not row.status or before.status == row.status:
            continue
        series = None
        if layout is not None:  # (each table's rows follow their series' lifecycle)
            series = next((s for s in layout.series if s.prefix == row.series), layout.series[0])
        transitions = ctx.config.transitions
        if series is not None and series.statuses.transitions is not None:
            transitions = series.statuses.transitions
        old, new = normalise_status(before.status, series)[0], normalise_status(row.status, series)[0]
        if not old or not new or old == new or old not in transitions or new in transitions[old]:
            continue
        allowed = ", ".join(transitions[old]) or "nothing (it is final)"
        yield Problem(
            current.path,
            row.line,
            row.column_of("status"),
            f"{label(ctx, row)} changed status from {old} (on {ctx.base.ref}) to {new}; "
            f"{old} may change to: {allowed}",
        )
