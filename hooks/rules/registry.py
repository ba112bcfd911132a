"""Rules over the registry table."""

from __future__ import annotations

import posixpath
import re
from typing import Dict, Iterator, Optional

from ..findings import WARNING, Problem
from ..registry import ENTRY, NEXT
from ..registry_format import first_difference
from . import REGISTRY, Context, rule

_EXTERNAL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


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


@rule("registry-unsorted", "registry rows are not in ascending number order", family=REGISTRY, fixable=True)
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


def link_target(ctx: Context, row) -> Optional[str]:
    """The row's link as a repository path, or None for no link / an external URL. Once
    per link: several rules ask for every row's."""
    known = ctx.cache.setdefault("link-targets", {})
    if row.link not in known:
        known[row.link] = _link_target(ctx, row.link)
    return known[row.link]


def _link_target(ctx: Context, link: Optional[str]) -> Optional[str]:
    if not link or _EXTERNAL.match(link) or link.startswith("#"):
        return None
    link = link.split("#", 1)[0]
    if "\\" in link:  # a backslash escape: `a\\(b.md` is `a(b.md` to Markdown
        link = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", link)
    if "%" in link:  # (urllib costs a few milliseconds to import; most links have no escapes)
        from urllib.parse import unquote

        link = unquote(link)  # (not empty: neither is the link before its '#')
    base = posixpath.dirname(ctx.project.registry_path)
    return posixpath.normpath(posixpath.join(base, link)) if not link.startswith("/") else link


def _how_to_relink(documents) -> str:
    """What fixes the link: `bep fix`, unless the name cannot be written into a cell."""
    from ..registry import CellError, escape_destination

    if len(documents) == 1:
        try:
            escape_destination(documents[0].path)
        except CellError as error:
            return f"(bep fix cannot link it: {error}; rename the document)"
    return "(run `bep fix` to update the link)"


@rule("registry-link-broken", "a registry link points at nothing", family=REGISTRY)
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
                + _how_to_relink(documents),
            )
        else:
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"link '{row.link}' points at a file that does not exist yet; write it, or drop the link "
                "until it exists",
                severity=WARNING,
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


@rule("registry-format", "the registry table is not in canonical form", family=REGISTRY, fixable=True)
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
