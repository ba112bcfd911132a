"""The registry on a base ref (`bep check --against REF`), as the rules that compare
with it see it: registry-reuse, registry-removed, registry-backfill (rules/registry.py)
and status-transition (rules/status.py).

They see nothing without `--against`; with it, they catch what a merge does not: two
branches that took the same number, a row that vanished, a number taken below the
base's highest, a status that jumped over the lifecycle.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Tuple

from ..parse.registry import NEXT, SKIPPED, Registry, Row
from ..parse.table import is_external
from .base import Context

# The rules that compare with a base: they find nothing without one (`--against`).
AGAINST_RULES = frozenset({"registry-reuse", "registry-removed", "registry-backfill", "status-transition"})


def registries(ctx: Context) -> Optional[Tuple[Registry, Registry]]:
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


def numbered(registry: Registry) -> Dict[Tuple[Optional[str], int], List[Row]]:
    """The rows by (series, number): a number is one proposal's within its series."""
    rows: Dict[Tuple[Optional[str], int], List[Row]] = {}
    for row in registry.rows:
        if row.kind != NEXT and row.number is not None:
            rows.setdefault((row.series, row.number), []).append(row)
    return rows


def _plain_title(text: str) -> str:
    """A title cell for comparison: emphasis and code marks out, white space as one space,
    case folded (an escaped pipe stays `\\|`: both cells escape it alike)."""
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).casefold()


def _document(row: Row) -> Optional[str]:
    """The stem of the document or folder the row links to (`BEP-1012-RBAC`), if any."""
    link = row.link
    if not link or is_external(link):
        return None
    name = posixpath.basename(link.split("#", 1)[0].rstrip("/"))
    if name.endswith(".md"):
        name = name[: -len(".md")]
    return name or None


def same_proposal(row: Row, base: Row) -> bool:
    if row.kind == SKIPPED:
        return True  # withdrawing a reservation keeps the number taken
    if base.kind == SKIPPED:
        return False  # a number skipped on purpose is not free
    ours, theirs = _document(row), _document(base)
    if ours and theirs:
        return ours.startswith(theirs) or theirs.startswith(ours)
    a, b = _plain_title(row.title), _plain_title(base.title)
    return bool(a and b) and (a in b or b in a)


def label(ctx: Context, row: Row) -> str:
    """How messages name a row's number: `BEP-1001`; the number as written when the
    table's number pattern holds the prefix (`SLIP-0044`)."""
    if row.table is not None and "{prefix}" in row.table.layout.number:
        return row.number_text
    return f"{row.series or ctx.config.prefix}-{row.number_text}"
