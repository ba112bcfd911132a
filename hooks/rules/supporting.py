"""supporting-* rules: the folders and files that go with a proposal."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from ..findings import Problem
from ..repository import SUPPORTING
from . import PROPOSALS
from .base import Context, rule
from .index import registry_index
from .wording import bep_name


@rule(
    "supporting-orphan",
    "a supporting folder's number has neither a document nor a registry row",
    family=PROPOSALS,
)
def supporting_orphan(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A supporting folder in the proposals folder (`BEP-1005/` or `BEP-1012-RBAC/`) whose number
    has neither a main document nor a registry row. A row or a document for the number is
    enough to clear it. The message says what the number does have: a row that marks it
    skipped, or a document named otherwise than the series' documents (a near miss), or
    neither. The finding has no line number. Its path is the folder. In a layout with one
    folder per proposal (`CIP-0001/`), the other files in that folder are the proposal's
    supporting files and never orphans.

    Why it matters
    When a proposal is renumbered (as the BEP-1011/1012 duplicates were), its images,
    `.graphql` files and translations stay behind under the old number. They then belong to
    nothing, or to whoever takes that number next.

    Example (`proposals/BEP-1005/diagram.png` with no document or row for 1005):

        proposals/BEP-1005: error supporting-orphan: supporting folder BEP-1005/ belongs to BEP-1005, which has neither a document nor a registry row; rename it after its proposal's number, reserve BEP-1005 in README.md, or remove it

    How to fix
    Rename the folder after its proposal's number, reserve the number, or remove the folder.
    `bep fix` does not fix this. For an exception, use
    `per-file-ignores: {"proposals/BEP-1005": [supporting-orphan]}`.
    """
    index = registry_index(ctx)
    if index.registry is None:
        return
    project = ctx.project
    for listing in project.listings:
        for entry in ctx.listed(SUPPORTING, _touched_folders(ctx, listing.folder)):
            if entry.series != listing.series.prefix:
                continue
            if listing.documents(entry.number) or index.reservations(entry.number, entry.series):
                continue  # (a document or a reservation is enough: the folder belongs to it)
            yield _orphan(ctx, index, listing, entry)


def _orphan(ctx: Context, index, listing, entry) -> Problem:
    """The finding, saying what the number does have: a row that marks it skipped, or a
    document the series does not count as one (named otherwise), or neither."""
    name = bep_name(ctx, entry.number, entry.series)
    registry = index.registry.path
    rows = index.rows(entry.number, entry.series)
    # (a near miss has no number of its own: the one number in its name stands for it; a
    # commit's check leaves them out, as listing them classifies the whole folder)
    misnamed = [e for e in listing.misnamed if _number_in(e.name) == entry.number] if ctx.paths is None else []
    if rows and misnamed:
        what = (
            f"which has a registry row ({registry} line {rows[0].line}, marked skipped) and a document named "
            f"otherwise ({misnamed[0].path}) but no document of its own"
        )
        how = "rename the document after its number and reserve the number, or remove the folder"
    elif misnamed:
        what = f"which has a document named otherwise ({misnamed[0].path}) but no registry row"
        how = f"rename the document after its number and reserve {name} in {registry}, or remove the folder"
    elif rows:
        what = f"which has a registry row ({registry} line {rows[0].line}, marked skipped) but no document"
        how = "rename the folder after its proposal's number, or remove it"
    else:
        what = "which has neither a document nor a registry row"
        how = f"rename it after its proposal's number, reserve {name} in {registry}, or remove it"
    return Problem(entry.path, None, None, f"supporting folder {entry.name}/ belongs to {name}, {what}; {how}")


def _number_in(name: str) -> Optional[int]:
    """The number in a name that has one run of digits (`BEP_1033_draft.md`), else None."""
    match = _ONE_NUMBER.fullmatch(name)
    return int(match.group(1)) if match else None


_ONE_NUMBER = re.compile(r"[^0-9]*([0-9]+)[^0-9]*")


def _touched_folders(ctx: Context, folder: Optional[str]):
    """The proposals-folder children the checked paths are in (None: everything checked)."""
    if ctx.paths is None:
        return None
    base = f"{folder}/" if folder else ""
    touched = set()
    for path in ctx.paths:
        if path.startswith(base):
            touched.add(base + path[len(base) :].split("/", 1)[0])
    return touched
