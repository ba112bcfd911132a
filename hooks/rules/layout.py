"""layout-* rules: whether the layout found anything to check at all."""

from __future__ import annotations

from typing import Iterator, List, Optional

from ..findings import Problem
from ..parse.registry import NEXT
from ..repository import SUPPORTING, TEMPLATE
from . import PROPOSALS, REGISTRY
from .base import Context, rule
from .index import registry_index


@rule(
    "layout-empty",
    "the layout finds no document, no registry row, or no document that matches a row",
    family=(REGISTRY, PROPOSALS),
)
def layout_empty(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A check that would check nothing, for one series of documents:
    - the registry has rows, but no document matches the series' `folder` and `document`
      pattern, while the folder holds other names (or no folder was found at all);
    - the series has documents, but its table has no row, or no table holds the series;
    - rows and documents both exist, but no document has the number of any row.

    The finding is on the registry file, with no line. A series whose folder holds only its
    template (and supporting folders), with an empty table, is a new repository: no finding.

    Why it matters
    With a layout that does not fit the repository, every cross-check between the table
    and the documents silently has nothing to compare: `bep check` would pass while the
    table and the documents drift apart. A layout that finds nothing is a mistake in the
    layout, and this says which key to look at.

    Example (a repository whose documents are `neps/nep-0001.md`, with no `layout:`):

        README.md: error layout-empty: no BEP document found: nothing in neps/ matches 'BEP-{number:4}-{slug}.md' (50 names there, none matching); set `layout.series[0].document` (and `folder`) to how the documents are named

    How to fix
    Describe the repository in `layout:` (`bep init --dry-run` proposes one; see
    docs/layouts.md): the series' `folder` and `document`, and the table's `heading`,
    `columns` and `number`. `bep fix` does not fix this. A commit is held to it only when
    it changes `.bep.yaml` or the registry.
    """
    project = ctx.project
    registry = project.registry
    if registry is None or not registry.has_table:
        return  # (registry-missing says so)
    scope = ctx.scope
    if ctx.paths is not None and (not ctx.registry_targeted or (scope is not None and not scope.registry_owned)):
        return  # (a whole-repository finding: looked at when the registry or .bep.yaml changes)
    index = registry_index(ctx)
    layout = project.layout
    rows_of = {series.prefix: [] for series in layout.series}
    for row in registry.rows:
        if row.kind != NEXT and row.number is not None:
            rows_of.setdefault(index.series_of(row), []).append(row)
    for position, (series, listing) in enumerate(zip(layout.series, project.listings)):
        problem = _emptiness(ctx, position, series, listing, rows_of.get(series.prefix, []))
        if problem is not None:
            yield Problem(registry.path, None, None, problem)


def _emptiness(ctx: Context, position: int, series, listing, rows: List) -> Optional[str]:
    """What the series is missing, or None when its check compares something."""
    layout = ctx.project.layout
    prefix, key = series.prefix, f"layout.series[{position}]"
    pattern = series.document.replace("{prefix}", prefix)
    documents = listing.main
    if not documents:
        if not rows:
            return None  # a new repository: nothing written yet, nothing reserved
        if listing.folder is None:
            return (
                f"no {prefix} document found: no folder holds documents named '{pattern}' (looked in "
                f"proposals/, drafts/ and the registry's folder), while the registry has {_count(rows, 'row')} "
                f"of {prefix}; set `{key}.folder` (and `{key}.document`)"
            )
        if listing.folder and not (ctx.project.root / listing.folder).is_dir():
            return (
                f"no {prefix} document found: the folder {listing.folder}/ does not exist, while the registry has "
                f"{_count(rows, 'row')} of {prefix}; set `{key}.folder` to the folder that holds the documents"
            )
        names = _other_names(listing)
        if not names:
            return None  # only the template: the rows' documents are not written yet (registry-link-broken)
        where = f"{listing.folder}/" if listing.folder else "the repository root"
        return (
            f"no {prefix} document found: nothing in {where} matches '{pattern}' "
            f"({_count(names, 'name')} there, none matching); set `{key}.document` (and `folder`) to how "
            "the documents are named"
        )
    tables = [(i, table) for i, table in enumerate(layout.registry.tables) if layout.series_of(table) is series]
    if not tables:
        return (
            f"{_count(documents, prefix + ' document')} found but no registry table holds the {prefix} series; "
            f"add one to `layout.registry.tables` with `series: {prefix}`"
        )
    if not rows:
        headings = " or ".join(f"'{table.heading}'" for _, table in tables if table.heading) or "its position"
        return (
            f"the {prefix} table (under {headings}) has no row, but {_count(documents, prefix + ' document')} "
            f"exist; add their rows, or check `layout.registry.tables[{tables[0][0]}]`"
        )
    numbers = {row.number for row in rows}
    if any(entry.number in numbers for entry in documents):
        return None
    return (
        f"{_count(rows, prefix + ' row')} and {_count(documents, prefix + ' document')}, none with the same "
        f"number: check `layout.registry.tables[{tables[0][0]}].number` and `{key}.document`"
    )


def _other_names(listing) -> List[str]:
    """The names in a series' folder that are neither its template nor a supporting folder
    (nor ignored, hidden, or the registry)."""
    names = []
    naming = listing.naming
    for name in sorted(listing.names):
        if name.startswith(".") or name in listing.excluded:
            continue
        entries = listing.entries_of(name)
        if any(entry.kind in (TEMPLATE, SUPPORTING) for entry in entries):
            continue
        if not entries and naming.ignore:
            try:
                is_dir = listing.item(name).is_dir()
            except OSError:
                is_dir = False
            if naming.ignored(name, is_dir):
                continue
        names.append(name)
    return names



def _count(items: list, word: str) -> str:
    return f"{len(items)} {word}" + ("" if len(items) == 1 else "s")
