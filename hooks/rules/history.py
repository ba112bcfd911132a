"""Rules that compare the registry with the one on a base ref (`bep check --against REF`).

They see nothing without `--against`; with it, they catch what a merge does not: two
branches that took the same number, a row that vanished, a number taken below the
base's highest, a status that jumped over the lifecycle.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, Iterator, List, Optional, Tuple

from ..findings import WARNING, Problem
from ..registry import ENTRY, NEXT, SKIPPED, Registry, Row
from . import REGISTRY
from .base import Context, rule

# The rules of this module: they find nothing without a base (`--against`).
AGAINST_RULES = frozenset({"registry-reuse", "registry-removed", "registry-backfill", "status-transition"})


def _registries(ctx: Context) -> Optional[Tuple[Registry, Registry]]:
    """(current, base) when both can be compared and the registry is being checked."""
    base = ctx.base
    if base is None or base.registry is None or not ctx.registry_targeted:
        return None
    current = ctx.registry
    if current is None or not current.has_table or current.conflicted:
        return None
    if not base.registry.has_table or base.registry.conflicted:
        return None
    return current, base.registry


def _numbered(registry: Registry) -> Dict[int, List[Row]]:
    rows: Dict[int, List[Row]] = {}
    for row in registry.rows:
        if row.kind != NEXT and row.number is not None:
            rows.setdefault(row.number, []).append(row)
    return rows


def _plain_title(text: str) -> str:
    text = text.replace("\\|", "|")
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).casefold()


def _document(row: Row) -> Optional[str]:
    """The stem of the document or folder the row links to (`BEP-1012-RBAC`), if any."""
    link = row.link
    if not link or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", link):
        return None
    name = posixpath.basename(link.split("#", 1)[0].rstrip("/"))
    if name.endswith(".md"):
        name = name[: -len(".md")]
    return name or None


def _same_proposal(row: Row, base: Row) -> bool:
    if row.kind == SKIPPED:
        return True  # withdrawing a reservation keeps the number taken
    if base.kind == SKIPPED:
        return False  # a number skipped on purpose is not free
    ours, theirs = _document(row), _document(base)
    if ours and theirs:
        return ours.startswith(theirs) or theirs.startswith(ours)
    a, b = _plain_title(row.title), _plain_title(base.title)
    return bool(a and b) and (a in b or b in a)


def _label(ctx: Context, row: Row) -> str:
    return f"{ctx.config.prefix}-{row.number_text}"


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
    pair = _registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = _numbered(base)
    for row in current.rows:
        if row.kind == NEXT or row.number is None or row.number not in base_rows:
            continue
        theirs = base_rows[row.number]
        if any(_same_proposal(row, other) for other in theirs):
            continue
        other = theirs[0]
        named = "is skipped" if other.kind == SKIPPED else f"is '{other.title}'"
        yield Problem(
            current.path,
            row.line,
            row.column_of("number"),
            f"{_label(ctx, row)} {named} on {ctx.base.ref} (line {other.line}), here it is '{row.title}': two "
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
    pair = _registries(ctx)
    if pair is None:
        return
    current, base = pair
    ours = _numbered(current)
    numbered = sorted(ours.items())
    anchor = next((row for row in current.rows if row.kind == NEXT), None)
    for number, rows in sorted(_numbered(base).items()):
        if number in ours:
            continue
        gone = rows[0]
        after = next((found[0] for n, found in numbered if n > number), anchor)
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
    pair = _registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = _numbered(base)
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
            f"{_label(ctx, row)} is new here but below {ctx.config.prefix}-{top.number_text}, the highest number on "
            f"{ctx.base.ref}: it was reserved from an older view of the registry; take the next free number "
            "(`bep next` after updating) unless it was left free on purpose",
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
    pair = _registries(ctx)
    if pair is None:
        return
    current, base = pair
    transitions = ctx.config.transitions
    base_rows = _numbered(base)
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
            f"{_label(ctx, row)} changed status from {before.status} (on {ctx.base.ref}) to {row.status}; "
            f"{before.status} may change to: {allowed}",
        )
