"""Rules over the registry table."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Tuple

from ..findings import WARNING, Problem
from ..parse.registry import (
    BROKEN_TABLE, CONFLICT, ENTRY, HEADING_AGAIN, NEXT, NO_COLUMN, NO_HEADING, NO_TABLE, SKIPPED, Defect, Row,
)  # fmt: skip
from ..parse.table import CellError, escape_destination, is_external
from ..registry_format import format_differences, sort_rows
from ..schema import normalise_status
from . import REGISTRY
from .base import Context, Draft, rule
from .history import label, numbered, registries, same_proposal
from .index import link_target, registry_index

if TYPE_CHECKING:
    from ..layout import Layout, SeriesLayout


def _layout(ctx: Context) -> "Layout":
    """The check's layout (hooks/layout.py)."""
    return ctx.project.layout


def series_of(ctx: Context, row: Row) -> "SeriesLayout":
    """The series whose number a row holds (every registry row is read from a table)."""
    return _layout(ctx).series_of(row.table.layout)


# -- wording the parser's defects ------------------------------------------------------

_ORDINALS = {1: "first", 2: "second", 3: "third"}


def _nth(number: int) -> str:
    return _ORDINALS.get(number, f"{number}th")


def describe(defect: Defect) -> str:
    """What a registry Defect says to the user: what is wrong, where, and how to fix it."""
    heading, expected = defect.heading, defect.expected
    if defect.kind == NO_HEADING:
        (count,) = defect.lines  # how many such headings there are
        if not count:  # (with no `occurrence`, or `occurrence: last`, the only case: any heading would do)
            return f"no '{heading}' heading in {defect.path}; add the heading followed by a '{expected}' table"
        return (
            f"no {_nth(defect.occurrence)} '{heading}' heading in {defect.path} (found {count}); the layout reads the "
            "table under it: add the heading, or correct the table's occurrence in layout.registry.tables"
        )
    if defect.kind == NO_TABLE:
        (count,) = defect.lines  # how many tables there are (under the heading)
        if heading is None:
            if defect.position > 1:
                return (
                    f"no table {defect.position} in {defect.path} (found {count}); add it, or correct the table's "
                    "position in layout.registry.tables"
                )
            return f"no table in {defect.path}; add a '{expected}' table"
        if defect.position > 1:
            return (
                f"no table {defect.position} under the '{heading}' heading (found {count}); add it, or correct the "
                "table's position in layout.registry.tables"
            )
        return f"no table under the '{heading}' heading; add a '{expected}' table right below it"
    if defect.kind == BROKEN_TABLE:
        return (
            "the registry table is broken: its second line must be a delimiter row such as "
            "'|--------|-------|--------|--------|' with one cell per column"
        )
    if defect.kind == HEADING_AGAIN:
        return (
            f"the '{heading}' heading appears again (first on line {defect.lines[0]}); "
            "only the first one is the registry: remove or rename the other"
        )
    if defect.kind == CONFLICT:
        markers = defect.lines
        shown = ", ".join(str(line) for line in markers[:10]) + (", ..." if len(markers) > 10 else "")
        return (
            f"merge conflict markers in the registry section (line{'s' * (len(markers) > 1)} {shown}); "
            "resolve the conflict (keep both reservations under different numbers) and remove the markers"
        )
    if defect.kind == NO_COLUMN:
        return f"the registry header has no {', '.join(defect.missing)} column; expected '{expected}'"
    # ROW_CELLS, the last kind: a row of another cell count than the header
    width = len(defect.header)
    return f"row has {defect.cells} cells, the header has {width} ({' | '.join(defect.header)}); " + (
        "add the missing cells" if defect.cells < width else "escape a '|' inside a cell as '\\|', or remove the extra cell"
    )


def _problems(defects: List[Defect]) -> Iterator[Problem]:
    for defect in defects:
        yield Problem(defect.path, defect.line, defect.column, describe(defect))


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
    """What it finds
    No README (`README.md` or `proposals/README.md`) has a "BEP Number Registry" heading
    (no line number), or the heading has no table under it (points at the heading).
    `registry-heading` and `registry-file` in `.bep.yaml` change what is looked for.

    Why it matters
    Without a registry, nobody can reserve a number. Every rule that checks documents against
    the registry also stops (`proposal-unreserved` says nothing), so a broken registry would
    otherwise hide every numbering mistake.

    Example (the heading renamed to `## Registry`):

        README.md: error registry-missing: no 'BEP Number Registry' heading in README.md; add the heading followed by a '| Number | Title | Author | Status |' table

    With the heading kept but the table deleted, you get
    `README.md:3:1: error registry-missing: no table under the 'BEP Number Registry' heading; add a '| Number | Title | Author | Status |' table right below it`.

    How to fix
    Restore the heading and a `| Number | Title | Author | Status |` table with its
    `|--------|-------|--------|--------|` delimiter row right below it. `bep fix` does not
    fix this. When no BEP document is found either (a repository of NEPs, CIPs... with no
    `layout:` yet), the message says so: `bep init --dry-run` proposes a layout.
    """
    project = ctx.project
    bep_shaped = (
        project.layout.given or project.template_path is not None or any(listing.main for listing in project.listings)
    )
    other_shape = "" if bep_shaped else _OTHER_SHAPE
    if project.registry_path is None:
        if ctx.paths is None:
            yield Problem(
                "README.md",
                None,
                None,
                f"no README with a '{ctx.config.registry_heading}' heading (looked for README.md and "
                f"proposals/README.md); add one, or set registry-file in .bep.yaml{other_shape}",
            )
        return
    registry = _registry(ctx, conflicted=True)
    if registry is not None:
        for problem in _problems(registry.missing):
            yield problem._replace(message=problem.message + other_shape)


_OTHER_SHAPE = (  # (no `layout:`, and no BEP document or template either)
    " (no BEP document was found either: if this repository keeps its proposals in another shape, "
    "`bep init --dry-run` proposes the `layout:` that describes it)"
)


@rule("registry-malformed", "a registry row or the table around it cannot be read as intended", family=REGISTRY)
def registry_malformed(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The registry table cannot be read as intended. This covers four cases:
    - a row has more or fewer cells than the header (usually an unescaped `|` in a title);
    - the delimiter row is broken, so Markdown does not see a table;
    - the registry heading appears a second time;
    - merge-conflict markers are in the registry section.

    Why it matters
    If two people reserve numbers at the same time, a merge can leave conflict markers in the
    table. A pipe in a title (`Keypair | User`) moves every later cell one column to the right.
    The table then shows different numbers and statuses than the author meant.

    Example (line 8 becomes `| [1001](...) | GPU | Partitioning | Sanghun Lee | Draft |`):

        README.md:8:1: error registry-malformed: row has 5 cells, the header has 4 (Number | Title | Author | Status); escape a '|' inside a cell as '\\|', or remove the extra cell

    Only the number of a row of the wrong shape is read: its other cells are shifted, so
    the rules that read a row's title or status (`registry-status-unknown`,
    `status-mismatch`, `proposal-title-mismatch`) pass over it until it is mended.

    How to fix
    Give every row one cell per column, write a pipe inside a cell as `\\|`, and resolve
    conflicts by keeping both reservations under different numbers. Fix it by hand: `bep fix`
    keeps a row with the wrong cell count as it is, and does not write a registry that has
    conflict markers (`README.md: not fixed: the registry holds merge conflict markers`).
    """
    registry = _registry(ctx, conflicted=True)
    if registry is not None:
        yield from _problems(registry.structure if registry.conflicted else registry.malformed)


@rule("registry-number-invalid", "a registry number is not a plain number of the right width", family=REGISTRY)
def registry_number_invalid(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A row's Number cell is not a plain ASCII number of the configured width (4 digits by
    default, `number-width`) at or above the start number (1000 by default,
    `number-start`). The number can be written bare (`1027`) or as a link (`[1028](...)`).
    The rule also catches an empty cell and non-ASCII digits (full-width `１００２`). The `_next_` row is
    exempt. With a `layout:`, the number is read through the table's `number` pattern
    (`{number:4}`, `{prefix}-{number:4}` for `SLIP-0044`), whose width it must have, and the
    series' `number-start` is the first number.

    Why it matters
    Rows are sorted and numbers are compared by their value. A five-digit or full-width
    number looks right to a reader but sorts and matches wrongly, so a document with that
    number never finds its reservation.

    Example (a row `| 10002 | Quota Scopes | Kim | Draft |` added before `_next_`):

        README.md:9:3: error registry-number-invalid: registry number '10002' has 5 digits; numbers here have 4

    `| 0999 | ... |` gives `registry number 0999 is below the first number, 1000`.

    How to fix
    Write the reserved number in ASCII digits at the repository's width. Use `bep next` to
    get the next free one. `bep fix` does not fix this.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    config, layout = ctx.config, _layout(ctx)
    for row in registry.rows:
        if row.kind == NEXT:
            continue
        table, series = row.table, series_of(ctx, row)
        # The width: the table's `{number:N}`; in the BEP shape (no `layout:`), number-width.
        width = table.number_width or (None if layout.given else config.number_width)
        text, number, digits = row.number_text, row.number, row.digits
        if number is None:
            if not text:
                why = "is empty"
            elif table.layout.number == "{number}":
                why = f"'{text}' is not a number written in ASCII digits 0-9"
            else:
                why = f"'{text}' does not read as '{table.layout.number}' with the number in ASCII digits 0-9"
        elif width is not None and len(digits) != width:
            why = f"'{text}' has {len(digits)} digits; numbers here have {width}"
        elif number < series.number_start:
            first = f"{series.number_start:0{width}d}" if width else str(series.number_start)
            why = f"{text} is below the first number, {first}"
        else:
            continue
        yield Problem(registry.path, row.line, row.column_of("number"), f"registry number {why}")


@rule("registry-duplicate", "two registry rows reserve the same number", family=REGISTRY)
def registry_duplicate(ctx: Context) -> Iterator[Problem]:
    """What it finds
    Two or more registry rows (not counting `_next_`) have the same number, including a
    `_(skipped)_` row. The finding is reported on each row after the first and names the
    other rows' lines. With several series (`layout:`, CIPs and CPSs), a number is unique
    within its series: CIP-0001 and CPS-0001 are no duplicate.

    Why it matters
    Two pull requests that each took "the next free number" in different places of the table
    merge without a git conflict. Real registries ended up with one number reserved for two
    proposals. This is how several documents came to be committed under one number.

    Example (a second row `| 1001 | Quota Scopes | Kim | Draft |` on line 9):

        README.md:9:3: error registry-duplicate: BEP-1001 is reserved twice: here and on line 8; give one of them the next free number (`bep next`)

    How to fix
    Keep the number for one proposal. Give the later reservation the number `bep next`
    prints, and rename its document to match. `bep fix` does not fix this. It keeps both
    rows (a stable sort).
    """
    registry = _registry(ctx)
    if registry is None:
        return
    rows_of: Dict[Tuple[Optional[str], int], list] = {}  # (series, number): a number is unique within its series
    for row in registry.rows:
        if row.kind != NEXT and row.number is not None:
            rows_of.setdefault((row.series, row.number), []).append(row)
    for rows in rows_of.values():  # (a number of one row: `rows[1:]` is empty)
        times = "twice" if len(rows) == 2 else f"{len(rows)} times"
        for row in rows[1:]:
            *before, last = [str(other.line) for other in rows if other is not row]
            where = f"{', '.join(before)} and {last}" if before else last
            advice = (
                "give one of them the next free number (`bep next`)"
                if len(rows) == 2
                else "keep it for one of them and give each of the others the next free number (`bep next`)"
            )
            yield Problem(
                registry.path,
                row.line,
                row.column_of("number"),
                f"{label(ctx, row)} is reserved {times}: here and on line{'s' * bool(before)} {where}; {advice}",
                items=tuple(f"{label(ctx, row)} #{n}" for n in range(2, len(rows) + 1)),  # (see baseline)
            )


def sort_table(ctx: Context, draft: Draft) -> Draft:
    """registry-unsorted's fix: rows in number order, the `_next_` placeholder last."""
    if ctx.silenced("registry-unsorted", ctx.project.registry_path):
        return draft
    return draft._replace(rows=tuple(sort_rows(draft.rows)))


@rule("registry-unsorted", "registry rows are not in ascending number order", family=REGISTRY, fix=sort_table)
def registry_unsorted(ctx: Context) -> Iterator[Problem]:
    """What it finds
    Registry rows are not in ascending number order, or the `_next_` placeholder row is not
    the last row. The rule reports only the first row that is out of place (in each table,
    when the layout has several; a table with `sorted: false` is left in its order).

    Why it matters
    With the rows in order, the next free number is at the bottom. Two people reserving at
    the same time then edit the same line, and git shows a conflict instead of merging
    silently.

    Example (rows 1000 and 1001 swapped):

        README.md:8:1: error registry-unsorted: row 1000 is out of order (it comes after 1001 on line 7); run `bep fix` to sort the table

    How to fix
    Run `bep fix` (or let the `bep` / `bep-registry-format` hook run). It sorts the rows
    (stable), puts `_next_` last, and changes nothing outside the table.
    """
    registry = _registry(ctx)
    if registry is None or not registry.has_table:
        return
    for table in registry.found:  # (each table on its own; `sorted: false` opts out)
        if table.layout.sorted:
            yield from _first_out_of_order(registry.path, registry.rows_of(table))


def _first_out_of_order(path: str, rows: List[Row]) -> Iterator[Problem]:
    highest = None
    for position, row in enumerate(rows):
        if row.kind == NEXT:
            if position != len(rows) - 1:
                yield Problem(path, row.line, 1, "the _next_ placeholder row must be the last row; " + _SORT)
                return
        elif row.number is not None:
            if highest is not None and row.number < highest.number:
                yield Problem(
                    path,
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
    """What it finds
    A registry row's Status cell is empty, or holds a value that is not one of the
    repository's statuses. The statuses come from `statuses:` in `.bep.yaml`, else from the
    template's `# Draft | Accepted | ...` comment, else Draft, Accepted, Implemented,
    Rejected, Superseded (with a `layout:`, the series' `statuses.registry`, else its
    `statuses.document`). Markup around the status (`**Final**`) does not count, nor a reason
    in parentheses with `reason: parenthesis`. The match is case-sensitive unless the series
    says `case: insensitive`. A case-only difference gets a `did you mean` hint.
    `_(skipped)_` and `_next_` rows are exempt.

    Why it matters
    Real READMEs drifted: `Approved` next to `Accepted`. A status nobody defined cannot be
    filtered (`bep list --status`), and nothing can check its lifecycle.

    Example (line 8's status changed to `Approved`):

        README.md:8:85: error registry-status-unknown: unknown status 'Approved'; use one of: Draft, Accepted, Implemented, Rejected, Superseded

    The document still says `Draft`, so `status-mismatch` is reported on it too.

    How to fix
    Use a known status, or add the status to `statuses:` in `.bep.yaml`. `bep fix` fixes
    this only when the number has exactly one document, and that document has a known
    `Status`: the row takes the document's status (the `status-mismatch` fix). A reservation
    without a document (`| 1002 | Quota Scopes | Kim | Approved |`) is left as it is.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    for row in registry.rows:
        if row.kind != ENTRY or not row.well_formed:
            continue  # (a row of the wrong shape: registry-malformed, its cells are shifted)
        series = series_of(ctx, row)
        statuses = registry_statuses(ctx, series)
        if row.status in statuses or normalise_status(row.status, series, statuses)[0] in statuses:
            continue
        known = ", ".join(statuses)
        if not row.status:
            message = f"row {row.number_text} has no status; use one of: {known}"
        else:
            near = next((s for s in statuses if s.casefold() == row.status.casefold()), None)
            hint = f" (did you mean '{near}'?)" if near else ""
            message = f"unknown status '{row.status}'{hint}; use one of: {known}"
        yield Problem(registry.path, row.line, row.column_of("status"), message)


def registry_statuses(ctx: Context, series: "SeriesLayout") -> Tuple[str, ...]:
    """The statuses a row of `series` may hold: the series' `statuses.registry`, else its
    document vocabulary (`statuses.document`, else the template's, as today)."""
    given = series.statuses.registry or series.statuses.document
    return tuple(given) if given else tuple(ctx.project.template.statuses)


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
    path, written = entry.path, row.link.partition("#")[0]
    suffix = ""
    if series_of(ctx, row).folder_per_proposal and not written.endswith((".md", ".markdown")):
        path = posixpath.dirname(path)  # a link to the proposal's folder stays one
        suffix = "/" if written.endswith("/") else ""
    url = _link_base(row)
    try:
        if url is not None:  # a link under a `link-base` URL stays under it
            link = url + escape_destination(path)
        else:
            base = posixpath.dirname(project.registry_path) or "."
            link = escape_destination(posixpath.relpath(path, base))
    except CellError:
        return None
    if url is None and row.link.startswith("./") and not link.startswith("."):
        link = "./" + link
    link += suffix
    fragment = row.link.partition("#")[2]
    return link + "#" + fragment if fragment else link


def _link_base(row: Row) -> Optional[str]:
    """The table's `link-base` URL the row's link starts with (None: none)."""
    bases = row.table.layout.link_base if row.table is not None else ()
    return next((base for base in bases if row.link and row.link.startswith(base)), None)


def sync_link_to_renamed_document(ctx: Context, draft: Draft) -> Draft:
    """registry-link-broken's fix: a link to a file that no longer exists points at the
    number's only document; its `#fragment` and title stay. (The engine fixes only a
    registry that has a table.)"""
    rows = []
    for row in draft.rows:
        link = _relinked(ctx, row)
        rows.append(row if link is None else row.with_link(link))
    return draft._replace(rows=tuple(rows))


def _how_to_relink(ctx: Context, row: Row, documents) -> str:
    """What fixes the link: `bep fix`, when it can (see `_relinked`)."""
    if _relinked(ctx, row) is not None:
        return "(run `bep fix` to update the link)"
    if len(documents) > 1:
        return "(several documents have this number: link the right one by hand)"
    (document,) = documents
    try:
        escape_destination(document.path)
    except CellError as error:
        return f"(bep fix cannot link it: {error}; rename the document)"
    return "(link it by hand: bep fix cannot tell this row is the document's)"


@rule("registry-link-broken", "a registry link points at nothing", family=REGISTRY, fix=sync_link_to_renamed_document)
def registry_link_broken(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A link in the Number column points at a path that does not exist, or that leads outside
    the repository (absolute, `../..`, through a symlink). Links to other sites and `#`
    anchors are not checked. There are four cases:
    - The file is missing and a document with that number exists under another name: error.
    - The file is missing and no document has that number yet (a reservation made before
      the document was written): **warning**.
    - The file is missing because the change being checked deletes it (a commit that removes
      a listed proposal): error.
    - The link leads outside the repository: error. Such a link is never followed.

    With a `layout:`, the link is the one in the cell the table names (`link: title` for
    CIPs); a URL under one of the table's `link-base` prefixes is read as a path from the
    repository root; a link to a proposal's own folder (`./CIP-0001/`) stands for the
    document inside it. Other URLs are reservations, or errors with `external-links: error`.

    Why it matters
    Registry links pointed at renamed files and at files never written; one document was
    added under another name than its row linked to. Readers clicking the link got a 404.

    Example (`git mv proposals/BEP-1001-gpu-partitioning.md proposals/BEP-1001-gpu-sharing.md`):

        README.md:8:3: error registry-link-broken: link 'proposals/BEP-1001-gpu-partitioning.md' points at a file that does not exist; the document is BEP-1001-gpu-sharing.md (run `bep fix` to update the link)

    A new row `| [1002](proposals/BEP-1002-quota-scopes.md) | ... |` with no file gives
    `README.md:9:3: warning registry-link-broken: link 'proposals/BEP-1002-quota-scopes.md' points at a file that does not exist yet; write it, or drop the link until it exists`.

    How to fix
    In the rename case, `bep fix` rewrites the link to the number's only document (the
    finding says "run `bep fix`" and is marked fixable). Otherwise write the document or
    correct the link by hand: such a finding is not fixable.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    index = registry_index(ctx)
    for row in ctx.registry_rows(registry):
        target = link_target(ctx, row)
        if target is None:
            if (
                row.link and is_external(row.link) and row.kind == ENTRY and row.table is not None
                and row.table.layout.external_links == "error" and _link_base(row) is None
            ):  # fmt: skip
                yield Problem(
                    registry.path,
                    row.line,
                    row.column_of(row.link_column),
                    f"row {row.number_text} links to '{row.link}', outside the repository; link the document "
                    "in the repository (this table's external-links is 'error')",
                )
            continue
        column = row.column_of(row.link_column)
        if ctx.project.leads_outside(target):
            yield Problem(registry.path, row.line, column, f"link '{row.link}' points outside the repository")
            continue
        if ctx.project.exists(target):  # (`target` is normalised: no trailing slash)
            continue
        documents = index.documents_of(row)
        if documents:
            names = ", ".join(d.name for d in documents)
            yield Problem(
                registry.path,
                row.line,
                column,
                f"link '{row.link}' points at a file that does not exist; the document is {names} "
                + _how_to_relink(ctx, row, documents),
                fixable=_relinked(ctx, row) is not None,
            )
        elif ctx.scope is not None and target in ctx.scope.gone:
            yield Problem(
                registry.path,
                row.line,
                column,
                f"link '{row.link}' points at a file this change deletes; restore it, or drop the link from the "
                "row (the number stays reserved: rows are never removed)",
                fixable=False,
            )
        else:
            yield Problem(
                registry.path,
                row.line,
                column,
                f"link '{row.link}' points at a file that does not exist yet; write it, or drop the link "
                "until it exists",
                severity=WARNING,
                fixable=False,
            )


@rule("registry-link-mismatch", "a registry link points at another number's document", family=REGISTRY)
def registry_link_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A row's link points at a file or folder whose name is not `BEP-<that row's number>…`.
    For example, row 1001 links to `BEP-1000-….md`. The `prefix` setting applies. A link
    that leaves the repository is reported here too. With a `layout:`, the name is read
    through the series' document and supporting patterns (`nep-0001.md`, `CIP-0001/`).

    Why it matters
    A copy-pasted row sends readers to the wrong proposal. Every rule that finds "the row of a
    document" by its link is also misled.

    Example (row 1001 links to `proposals/BEP-1000-storage-quotas.md`):

        README.md:8:3: error registry-link-mismatch: row 1001 links to 'proposals/BEP-1000-storage-quotas.md', which is not a BEP-1001 document or folder

    How to fix
    Point the link at the row's own document (`BEP-1001-….md`) or supporting folder
    (`BEP-1001/`), or drop the link. `bep fix` does not fix this.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    index = registry_index(ctx)
    for row in registry.rows:
        if index.links_elsewhere(row):
            yield Problem(
                registry.path,
                row.line,
                row.column_of(row.link_column),
                f"row {row.number_text} links to '{row.link}', which is not a {label(ctx, row)} "
                "document or folder",
            )


def format_table(ctx: Context, draft: Draft) -> Draft:
    """registry-format's fix: every line of the table in canonical form."""
    if ctx.silenced("registry-format", ctx.project.registry_path):
        return draft
    return draft._replace(canonical=True)


@rule("registry-format", "the registry table is not in canonical form", family=REGISTRY, fix=format_table)
def registry_format(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The registry table is not in canonical form. By default that means the compact style:
    `| cell | cell |` with exactly one space inside each pipe, and the delimiter row
    `|--------|-------|…|`. With `table-style: aligned` in `.bep.yaml`, columns must be
    padded to the widest cell instead (the delimiter's dashes as wide). The rule reports the
    first line that differs. With a `layout:`, each table has its own `style`; `keep` means
    the maintainers' own spacing: no finding, and `bep fix` rewrites only the cells it
    changes, inside the row's existing padding.

    Why it matters
    In compact form, a new reservation changes exactly one line. A table that mixes styles
    makes later diffs rewrite many rows, which hides the real change and causes needless
    merge conflicts.

    Example (line 8 written `|1001|GPU Partitioning|Sanghun Lee|Draft|`):

        README.md:8:1: error registry-format: the registry table is not in compact form from this line on; run `bep fix`

    How to fix
    Run `bep fix`, or commit with the `bep` / `bep-registry-format` hook. Either rewrites
    only the table's lines, and keeps line endings, BOM and all other bytes. Verified: after
    `bep fix`, the check passes. To accept a hand-written style, set
    `severity: {registry-format: warning}` or `off`.
    """
    registry = _registry(ctx)
    if registry is None:
        return
    for table, line in format_differences(registry):  # (each table in its own style; `keep`: never)
        yield Problem(
            registry.path,
            line,
            1,
            f"the registry table is not in {table.layout.style} form from this line on; run `bep fix`",
        )


# -- against a base ref (`bep check --against REF`) ---------------------------------


@rule("registry-reuse", "a number names another proposal than it does on the base branch", family=REGISTRY)
def registry_reuse(ctx: Context) -> Iterator[Problem]:
    """What it finds
    This rule runs only with `bep check --against REF`. It fires when a number that exists
    in the registry on `REF` now names a different proposal. "Different" means the linked
    document stem differs, or, without links, neither title contains the other. It is not
    reported when the row became `_(skipped)_` (a withdrawn reservation). It is not reported
    when the proposal was renamed in place (the new title contains the old one, or the link
    still points at the same document).

    Why it matters
    Two branches that each reserved "the next free number" merge without a conflict when
    their rows sit in different places of the table, or when one branch is older than the
    other's merge. This is how several proposals were committed under one number.

    Example (on branch `topic`, row 1001 rewritten as
    `| 1001 | Quota Scopes | Lee | Draft |`; `bep check --against main`):

        README.md:8:3: error registry-reuse: BEP-1001 is 'GPU Partitioning' on main (line 8), here it is 'Quota Scopes': two proposals took the same number; give this one the next free number (`bep next` after updating from main)

    How to fix
    Update from the base branch, run `bep next`, and move your row and document to that
    number. `bep fix` does not fix this. If you retitled the proposal on purpose, link the
    row to its document, or add `<!-- bep: ignore-file registry-reuse -->` once.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = numbered(base)
    for row in current.rows:
        if row.kind == NEXT or row.number is None or (row.series, row.number) not in base_rows:
            continue
        theirs = base_rows[(row.series, row.number)]
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
    """What it finds
    This rule runs only with `--against REF`. It fires when a number that has a row on `REF`
    has no row at all now. It points at the row after the place where the missing row
    belongs.

    Why it matters
    Numbers are never given back. Links, commit titles and discussions refer to them. A freed
    number gets taken again by someone who does not know its history.

    Example (row 1000 deleted; `bep check --against main`):

        README.md:7:1: error registry-removed: BEP-1000 ('Storage Quotas') is in the registry on main but not here; a number is never given back: restore the row, marked `_(skipped)_` if the proposal was withdrawn or renumbered

    How to fix
    Restore the row. If the proposal was withdrawn or renumbered, write it as
    `| 1000 | _(skipped)_ | | |`. `bep fix` does not fix this.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    ours = numbered(current)
    for (series, number), rows in numbered(base).items():  # (in any order: the engine sorts the findings)
        if (series, number) in ours:
            continue
        gone = rows[0]
        table = current.table_of(series)
        later = [n for s, n in ours if s == series and n > number]
        if later:  # the row of the next number in the series: the missing row belongs before it
            after = ours[(series, min(later))][0]
        else:  # else the series' `_next_` placeholder, else its table's header
            after = next((row for row in current.rows if row.kind == NEXT and row.table is table), None)
        line = after.line if after is not None else (table or current).header_line
        title = "" if gone.kind == SKIPPED else f" ('{gone.title}')"
        yield Problem(
            current.path,
            line,
            1,
            f"{label(ctx, gone)}{title} is in the registry on {ctx.base.ref} but not here; "
            "a number is never given back: restore the row, marked `_(skipped)_` if the proposal was "
            "withdrawn or renumbered",
        )


@rule("registry-backfill", "a new number is below the base branch's highest", family=REGISTRY, severity=WARNING)
def registry_backfill(ctx: Context) -> Iterator[Problem]:
    """What it finds
    This rule runs only with `--against REF`, and is a **warning** by default. It fires when
    the branch adds a row whose number is below the highest number on `REF` (and the number
    is not on `REF`).

    Why it matters
    New reservations take the next number at the end of the table. A new number in the
    middle usually means the branch reserved from an old copy of the table, and another open
    pull request may hold the same number.

    Example (main has 1000, 1001, 1005; the branch adds `| 1003 | Notebook Sharing | Lee | Draft |`):

        README.md:9:3: warning registry-backfill: BEP-1003 is new here but below BEP-1005, the highest number on main: it was reserved from an older view of the registry; take the next free number (`bep next` after updating) unless it was left free on purpose

    How to fix
    Update from the base branch and take `bep next`. If the gap was left free on purpose,
    keep the number. Mark gaps that should stay free as `_(skipped)_`. To make this rule
    fail CI, set `severity: {registry-backfill: error}`.
    """
    pair = registries(ctx)
    if pair is None:
        return
    current, base = pair
    base_rows = numbered(base)
    highest: Dict[Optional[str], Tuple[int, Row]] = {}  # series -> its highest number on the base
    for (series, number), rows in base_rows.items():
        if series not in highest or number > highest[series][0]:
            highest[series] = (number, rows[0])
    for row in current.rows:
        if row.kind != ENTRY or row.number is None or (row.series, row.number) in base_rows:
            continue
        if row.series not in highest or row.number >= highest[row.series][0]:
            continue
        top = highest[row.series][1]
        yield Problem(
            current.path,
            row.line,
            row.column_of("number"),
            f"{label(ctx, row)} is new here but below {label(ctx, top)}, the highest number on "
            f"{ctx.base.ref}: it was reserved from an older view of the registry; take the next free number "
            "(`bep next` after updating) unless it was left free on purpose",
        )
