"""Rules over the registry table."""

from __future__ import annotations

import posixpath
import re
from typing import Dict, Iterator, Optional

from ..findings import WARNING, Problem
from ..registry import ENTRY, NEXT, SKIPPED, CellError, Row, escape_destination
from ..registry_format import first_difference, sort_rows
from . import REGISTRY
from .base import Context, Draft, rule
from .history import label, numbered, registries, same_proposal
from .index import link_target, registry_index


def _registry(ctx: Context, conflicted: bool = False):
    """The registry, when the registry file is among the files being checked (and, unless
    `conflicted`, holds no merge-conflict markers: then the one finding that says so is
    all there is to say, not one per marker line read as a row)."""
    registry = ctx.registry if ctx.registry_targeted else None
    if registry is not None and registry.conflicted and not conflicted:
        return None
    return registry


@rule("registry-missing", "the README has no registry heading, or no table under it", family=REGISTRY)
def registry_missing(ctx: Context) -> Iterator[Problem]:
    """The registry is the Markdown table under the "BEP Number Registry" heading of the
    README (`README.md` at the root, or `proposals/README.md`). Without it, no number can
    be reserved and no proposal can be checked against a reservation.

    Fix: add the heading, and right below it a table
    `| Number | Title | Author | Status |` with a `|--------|-------|--------|--------|`
    delimiter row. A fork with another registry file or heading sets `registry-file` and
    `registry-heading` in `.bep.yaml`.
    """
    project = ctx.project
    if project.registry_path is None:
        if ctx.paths is None:
            yield Problem(
                "README.md",
                None,
                None,
                f"no README with a '{ctx.config.registry_heading}' heading (looked for README.md and "
                "proposals/README.md); add one, or set registry-file in .bep.yaml",
            )
        return
    registry = _registry(ctx, conflicted=True)
    if registry is not None:
        yield from registry.missing


@rule("registry-malformed", "a registry row or the table around it cannot be read as intended", family=REGISTRY)
def registry_malformed(ctx: Context) -> Iterator[Problem]:
    """A row has more or fewer cells than the header (often an unescaped `|` in a title),
    the delimiter row is broken so the table is not a table, the heading appears twice,
    or merge-conflict markers sit in the registry.

    Fix: give every row one cell per column, escape pipes inside cells as `\\|`, and
    resolve conflicts by keeping both reservations under different numbers.
    """
    registry = _registry(ctx, conflicted=True)
    if registry is not None:
        yield from registry.structure if registry.conflicted else registry.malformed


@rule("registry-number-invalid", "a registry number is not a plain number of the right width", family=REGISTRY)
def registry_number_invalid(ctx: Context) -> Iterator[Problem]:
    """Every row's Number cell is a plain ASCII number of the repository's width (four
    digits by default), at or above the start number (1000 by default), written bare
    (`1027`) or as a link whose text is the number (`[1028](BEP-1028-x.md)`).

    Full-width or other non-ASCII digits look right and sort wrong; they are refused.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    config = ctx.config
    for row in registry.rows:
        if row.kind == NEXT:
            continue
        text, number = row.number_text, row.number
        if number is None:
            why = "is empty" if not text else f"'{text}' is not a number written in ASCII digits 0-9"
        elif len(text) != config.number_width:
            why = f"'{text}' has {len(text)} digits; numbers here have {config.number_width}"
        elif number < config.number_start:
            why = f"{text} is below the first number, {config.format_number(config.number_start)}"
        else:
            continue
        yield Problem(registry.path, row.line, row.column_of("number"), f"registry number {why}")


@rule("registry-duplicate", "two registry rows reserve the same number", family=REGISTRY)
def registry_duplicate(ctx: Context) -> Iterator[Problem]:
    """Each number is reserved once. Two pull requests that each take the next free
    number in different places of the table merge without a git conflict; this catches it.

    Fix: give the later reservation the next free number (`bep next`) and rename its file.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    rows_of: Dict[int, list] = {}
    for row in registry.rows:
        if row.kind != NEXT and row.number is not None:
            rows_of.setdefault(row.number, []).append(row)
    prefix = ctx.config.prefix
    for rows in rows_of.values():
        if len(rows) < 2:
            continue
        times = "twice" if len(rows) == 2 else f"{len(rows)} times"
        for row in rows[1:]:
            others = [other for other in rows if other is not row]
            lines = [str(other.line) for other in others]
            where = lines[0] if len(lines) == 1 else f"{', '.join(lines[:-1])} and {lines[-1]}"
            advice = (
                "give one of them the next free number (`bep next`)"
                if len(rows) == 2
                else "keep it for one of them and give each of the others the next free number (`bep next`)"
            )
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"{prefix}-{row.number_text} is reserved {times}: here and on line{'s' * (len(lines) > 1)} {where}; "
                f"{advice}",
                items=tuple(f"{prefix}-{row.number_text} #{n}" for n in range(2, len(rows) + 1)),  # (see baseline)
            )


def sort_table(ctx: Context, draft: Draft) -> Draft:
    """registry-unsorted's fix: rows in number order, the `_next_` placeholder last."""
    if ctx.silenced("registry-unsorted", ctx.project.registry_path):
        return draft
    return draft._replace(rows=tuple(sort_rows(draft.rows)))


@rule("registry-unsorted", "registry rows are not in ascending number order", family=REGISTRY, fix=sort_table)
def registry_unsorted(ctx: Context) -> Iterator[Problem]:
    """Rows are kept in ascending order of number and the `_next_` placeholder closes the
    table, so the next free number is obvious and parallel reservations collide visibly.

    Fix: `bep fix` (or the `bep-registry-format` hook) sorts the rows.
    """
    registry = _registry(ctx)
    if registry is None or not registry.has_table:
        return
    highest = None
    for position, row in enumerate(registry.rows):
        if row.kind == NEXT:
            if position != len(registry.rows) - 1:
                yield Problem(registry.path, row.line, 1, "the _next_ placeholder row must be the last row; " + _SORT)
                return
        elif row.number is not None:
            if highest is not None and row.number < highest.number:
                yield Problem(
                    registry.path,
                    row.line,
                    1,
                    f"row {row.number_text} is out of order (it comes after {highest.number_text} on line "
                    f"{highest.line}); " + _SORT,
                )
                return
            highest = row


_SORT = "run `bep fix` to sort the table"


@rule("registry-status-unknown", "a registry status is not one of the known statuses", family=REGISTRY)
def registry_status_unknown(ctx: Context) -> Iterator[Problem]:
    """The Status cell holds one of the repository's statuses: by default Draft, Accepted,
    Implemented, Rejected, Superseded, or the list the template gives in a comment
    (`# Status: Draft | Accepted | ...`), or `statuses` in `.bep.yaml`.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    statuses = ctx.project.template.statuses
    for row in registry.rows:
        if row.kind != ENTRY or row.status in statuses:
            continue
        known = ", ".join(statuses)
        if not row.status:
            message = f"row {row.number_text} has no status; use one of: {known}"
        else:
            near = next((s for s in statuses if s.casefold() == row.status.casefold()), None)
            hint = f" (did you mean '{near}'?)" if near else ""
            message = f"unknown status '{row.status}'{hint}; use one of: {known}"
        yield Problem(registry.path, row.line, row.column_of("status"), message)


def _relinked(ctx: Context, row: Row) -> Optional[str]:
    """The link `bep fix` writes into a row whose link points at no file: to the number's
    only document, relative to the registry's folder, its `#fragment` kept. None: the row
    stays as it is (no link, a file that exists, several documents, a name no cell holds)."""
    index = registry_index(ctx)
    project = ctx.project
    target = index.target(row)
    if target is None or project.leads_outside(target) or project.exists(target):
        return None
    entry = index.single_document(row)
    if entry is None or ctx.silenced("registry-link-broken", project.registry_path, row.line):
        return None
    base = posixpath.dirname(project.registry_path) or "."
    try:
        link = escape_destination(posixpath.relpath(entry.path, base))
    except CellError:
        return None
    if row.link.startswith("./") and not link.startswith("."):
        link = "./" + link
    fragment = row.link.partition("#")[2]
    return link + "#" + fragment if fragment else link


def sync_link_to_renamed_document(ctx: Context, draft: Draft) -> Draft:
    """registry-link-broken's fix: a link to a file that no longer exists points at the
    number's only document; its `#fragment` and title stay."""
    if registry_index(ctx).registry is None:
        return draft
    rows = []
    for row in draft.rows:
        link = _relinked(ctx, row)
        rows.append(row if link is None else row.with_link(link))
    return draft._replace(rows=tuple(rows))


def _how_to_relink(ctx: Context, row: Row, documents) -> str:
    """What fixes the link: `bep fix`, when it can (see `_relinked`)."""
    if _relinked(ctx, row) is not None:
        return "(run `bep fix` to update the link)"
    if len(documents) == 1:
        try:
            escape_destination(documents[0].path)
        except CellError as error:
            return f"(bep fix cannot link it: {error}; rename the document)"
        return "(link it by hand: bep fix cannot tell this row is the document's)"
    return "(several documents have this number: link the right one by hand)"


@rule("registry-link-broken", "a registry link points at nothing", family=REGISTRY, fix=sync_link_to_renamed_document)
def registry_link_broken(ctx: Context) -> Iterator[Problem]:
    """A link in the Number column points at the proposal (or its supporting folder). A
    link to a file that was renamed or never written leaves readers at a 404.

    A link to a missing file whose number has no document at all is a reservation made
    ahead of writing: a warning. When a document with that number exists under another
    name, it is an error, and `bep fix` rewrites the link. Links that leave the
    repository (absolute, `../..`, through a symlink) are errors and are never followed.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    listing = ctx.project.listing
    for row in ctx.registry_rows(registry):
        target = link_target(ctx, row)
        if target is None:
            continue
        if ctx.project.leads_outside(target):
            column = row.column_of("number")
            yield Problem(registry.path, row.line, column, f"link '{row.link}' points outside the repository")
            continue
        if ctx.project.exists(target.rstrip("/")):
            continue
        documents = listing.documents(row.number)
        if documents:
            names = ", ".join(d.name for d in documents)
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"link '{row.link}' points at a file that does not exist; the document is {names} "
                + _how_to_relink(ctx, row, documents),
                fixable=_relinked(ctx, row) is not None,
            )
        else:
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"link '{row.link}' points at a file that does not exist yet; write it, or drop the link "
                "until it exists",
                severity=WARNING,
                fixable=False,
            )


@rule("registry-link-mismatch", "a registry link points at another number's document", family=REGISTRY)
def registry_link_mismatch(ctx: Context) -> Iterator[Problem]:
    """The link of row 1028 must point at `BEP-1028-...md` or `BEP-1028/`, not at another
    number's file: a copy-pasted row otherwise sends readers to the wrong proposal.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    pattern = re.compile(rf"{re.escape(ctx.config.prefix)}-([0-9]+)", re.ASCII)
    for row in registry.rows:
        target = link_target(ctx, row)
        if target is None or row.number is None:
            continue
        name = posixpath.basename(target.rstrip("/"))
        match = pattern.match(name)
        if match is None or (match.group(1).lstrip("0") or "0") != str(row.number):
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"row {row.number_text} links to '{row.link}', which is not a {ctx.config.prefix}-{row.number_text} "
                "document or folder",
            )


def format_table(ctx: Context, draft: Draft) -> Draft:
    """registry-format's fix: every line of the table in canonical form."""
    if ctx.silenced("registry-format", ctx.project.registry_path):
        return draft
    return draft._replace(canonical=True)


@rule("registry-format", "the registry table is not in canonical form", family=REGISTRY, fix=format_table)
def registry_format(ctx: Context) -> Iterator[Problem]:
    """Cells are written `| cell | cell |` with one space inside each pipe (the compact
    style real registries use: a new reservation touches one line). With
    `table-style: aligned`, columns are padded to the widest cell instead.

    Fix: `bep fix` or the `bep-registry-format` hook rewrites the table's lines and
    nothing else in the file.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    line = first_difference(registry, ctx.config.table_style)
    if line is not None:
        yield Problem(
            registry.path,
            line,
            1,
            f"the registry table is not in {ctx.config.table_style} form from this line on; run `bep fix`",
        )


# -- against a base ref (`bep check --against REF`) ---------------------------------


@rule("registry-reuse", "a number names another proposal than it does on the base branch", family=REGISTRY)
def registry_reuse(ctx: Context) -> Iterator[Problem]:
    """With `bep check --against REF`: every number that exists on the base keeps naming
    the same proposal (the same document link, or else the same title). Two pull requests
    that each reserved the next free number merge without a git conflict when their rows
    sit in different places of the table, or when one of them was opened before the other
    merged; the registry then names two proposals with one number.

    A row that became `_(skipped)_` is a withdrawn reservation and is fine; a skipped
    number that names a proposal again is a reuse. Renaming a proposal in place (the
    new title contains the old one, or the link still points at the same document) is fine.

    Fix: give your reservation the next free number: update from the base branch, run
    `bep next`, and rename your row and document. If you deliberately retitled the
    proposal, link the row to its document or ignore this finding once.

    Example (base `origin/main` has `| 1043 | Quota Scopes | Kim | Draft |`):

        | 1043 | GPU Partitioning | Lee | Draft |    <- registry-reuse
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = numbered(base)
    for row in current.rows:
        if row.kind == NEXT or row.number is None or row.number not in base_rows:
            continue
        theirs = base_rows[row.number]
        if any(same_proposal(row, other) for other in theirs):
            continue
        other = theirs[0]
        named = "is skipped" if other.kind == SKIPPED else f"is '{other.title}'"
        yield Problem(
            current.path,
            row.line,
            row.column_of("number"),
            f"{label(ctx, row)} {named} on {ctx.base.ref} (line {other.line}), here it is '{row.title}': two "
            f"proposals took the same number; give this one the next free number (`bep next` after updating "
            f"from {ctx.base.ref})",
        )


@rule("registry-removed", "a registry row of the base branch is gone", family=REGISTRY)
def registry_removed(ctx: Context) -> Iterator[Problem]:
    """With `bep check --against REF`: a number reserved on the base stays in the registry.
    Numbers are never given back: links, commit titles and discussions refer to them, and
    a freed number gets taken again by someone who did not know.

    Fix: restore the row; mark it `_(skipped)_` in the Title cell when the proposal was
    withdrawn or renumbered.

    Example (base has `| 1011 | Storage Quotas | Kim | Draft |`, the branch deleted it):
    restore it as `| 1011 | _(skipped)_ | | |`.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    ours = numbered(current)
    in_order = sorted(ours.items())
    anchor = next((row for row in current.rows if row.kind == NEXT), None)
    for number, rows in sorted(numbered(base).items()):
        if number in ours:
            continue
        gone = rows[0]
        after = next((found[0] for n, found in in_order if n > number), anchor)
        line = after.line if after is not None else current.header_line
        title = "" if gone.kind == SKIPPED else f" ('{gone.title}')"
        yield Problem(
            current.path,
            line,
            1,
            f"{ctx.config.prefix}-{gone.number_text}{title} is in the registry on {ctx.base.ref} but not here; "
            "a number is never given back: restore the row, marked `_(skipped)_` if the proposal was "
            "withdrawn or renumbered",
        )


@rule("registry-backfill", "a new number is below the base branch's highest", family=REGISTRY, severity=WARNING)
def registry_backfill(ctx: Context) -> Iterator[Problem]:
    """With `bep check --against REF`: a number this branch adds is below the highest number
    on the base. New reservations take the next free number at the end of the table; a new
    number inside the range means the branch reserved while others did, from an older
    view of the table, and an open pull request may hold the same number.

    A warning: the number may have been left free on purpose.

    Fix: update from the base branch and take `bep next`; or keep the number if you know
    it is free, and mark gaps that stay free as `_(skipped)_`.

    Example (base's highest is 1045; the branch adds `| 1041 | ... |`): use 1046.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = numbered(base)
    if not base_rows:
        return
    highest = max(base_rows)
    top = base_rows[highest][0]
    for row in current.rows:
        if row.kind != ENTRY or row.number is None or row.number in base_rows or row.number >= highest:
            continue
        yield Problem(
            current.path,
            row.line,
            row.column_of("number"),
            f"{label(ctx, row)} is new here but below {ctx.config.prefix}-{top.number_text}, the highest number on "
            f"{ctx.base.ref}: it was reserved from an older view of the registry; take the next free number "
            "(`bep next` after updating) unless it was left free on purpose",
        )
