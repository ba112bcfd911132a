"""supporting-* rules: the folders and files that go with a proposal."""

from __future__ import annotations

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
    """Supporting files (images, `.graphql`, `.py`, sub-documents, translations) go in a
    folder named after the proposal (`BEP-1002/` or `BEP-1012-RBAC/`). A folder whose
    number has no main document and no registry row belongs to nothing: usually the
    proposal was renumbered and the folder was left behind.

    Fix: rename the folder after its proposal's number, reserve the number, or remove it.
    """
    index = registry_index(ctx)
    if index.registry is None:
        return
    listing = ctx.project.listing
    for entry in ctx.listed(SUPPORTING, _touched_folders(ctx, listing.folder)):
        if listing.documents(entry.number) or index.reservations(entry.number):
            continue
        name = bep_name(ctx, entry.number)
        yield Problem(
            entry.path,
            None,
            None,
            f"supporting folder {entry.name}/ belongs to {name}, which has neither a document nor a registry row; "
            f"rename it after its proposal's number, reserve {name} in {index.registry.path}, or remove it",
        )


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
