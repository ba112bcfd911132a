"""section-* rules: the sections a proposal holds, against the template's outline(s)."""

from __future__ import annotations

from typing import Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Tuple

from ..config import TEMPLATE_OUTLINE
from ..findings import WARNING, Problem
from ..parse.proposal import Proposal, section_key
from ..schema import Schema, schema_for, strip_markup
from . import PROPOSALS
from .base import Context, rule
from .index import documents
from .wording import names, plural



class _Outline(NamedTuple):
    """The outline a document is held to, and where its sections are in the document."""

    name: str
    sections: Tuple[str, ...]
    where: Optional[str]  # the file that writes it down
    positions: List[Tuple[int, Optional[int]]]  # (section index, heading index or None when missing)
    choices: Tuple[str, ...]  # the names of the outlines the repository allows
    required: Tuple[bool, ...]  # per section: whether this document must have it

    @property
    def template_alone(self) -> bool:
        """The template's is the only outline: findings need not name it."""
        return self.choices == (TEMPLATE_OUTLINE,)


# An outline as `_Outlines.choices` gives it: name, sections, the file that writes it down,
# per section the heading keys that count as it, and per section its key when the
# template's outline lets a document leave it out (`(Optional)`, `sections.optional`), else None.
_Choice = Tuple[str, Tuple[str, ...], Optional[str], List[FrozenSet[str]], List[Optional[str]]]


class _Outlines:
    """The outlines a check holds documents to, once per check and series: for each, the
    keys each of its sections accepts; and each document's best outline, once per document."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.by_series: Dict[Optional[str], List[_Choice]] = {}
        self.positions: Dict[str, _Outline] = {}  # document path -> its outline

    def choices(self, series: Optional[str]) -> List[_Choice]:
        if series not in self.by_series:
            schema = schema_for(self.ctx.project, series)
            optional = schema.optional_sections
            # An outline without sections (a template without H2 headings) holds a document to
            # nothing, so every document would follow it best: no choice unless all are empty.
            outlines = [outline for outline in schema.outlines if outline[1]] or schema.outlines
            self.by_series[series] = [
                (
                    name,
                    sections,
                    where,
                    [schema.section_keys(section) for section in sections],
                    [
                        key if name == TEMPLATE_OUTLINE and key in optional else None
                        for key in map(section_key, sections)
                    ],
                )
                for name, sections, where in outlines
            ]
        return self.by_series[series]


def _kind_sections(schema: Schema, document: Proposal) -> Tuple[Tuple[str, ...], Optional[str]]:
    """The sections a document's kind requires (`sections.by-kind`), and why, for messages:
    ("Reference Implementation",), "Type is 'Protocol'" (no kind: (), None)."""
    series = schema.series
    if series is None or series.sections.kind_field is None:
        return (), None
    field = document.field(series.sections.kind_field)
    if field is None or field.kind != "scalar" or not field.value:
        return (), None
    value = strip_markup(field.value).casefold()
    needed: List[str] = []
    for kind in series.sections.kinds.values():
        if any(value == wanted.casefold() for wanted in kind.values):
            needed += [name for name in kind.required if name not in needed]
    return tuple(needed), f"{field.key} is '{field.value.strip()}'"


def _section_positions(ctx: Context, document: Proposal) -> _Outline:
    """The outline `document` follows best, once per document: section-missing and
    section-order both ask."""
    outlines = ctx.derived(_Outlines)
    known = outlines.positions
    if document.path not in known:
        known[document.path] = _best_outline(ctx, document, outlines.choices(document.series))
    return known[document.path]


def _best_outline(ctx: Context, document: Proposal, choices: List[_Choice]) -> _Outline:
    """The outline `document` follows best (the fewest sections missing, then the fewest
    out of order; the template's on a tie), with, for each of its sections in order, the
    document's heading index (None when missing)."""
    schema = schema_for(ctx.project, document.series)
    extra = {section_key(name) for name in _kind_sections(schema, document)[0]} if schema.optional_sections else set()
    first: Dict[str, int] = {}  # heading key -> index of its first heading
    for index, heading in enumerate(document.sections):
        first.setdefault(section_key(heading.text), index)
    best = None
    for name, sections, where, keys, optional in choices:
        positions = []
        for number, wanted in enumerate(keys):
            found = [first[key] for key in wanted if key in first]
            positions.append((number, min(found) if found else None))
        required = [key is None or key in extra for key in optional]
        present = [number for _, number in sorted((f, n) for n, f in positions if f is not None)]
        missing = sum(found is None and needed for (_, found), needed in zip(positions, required))
        score = (missing, len(present) - len(_longest_increasing(present)))
        if best is None or score < best[0]:  # (on a tie, the earlier outline: the template's first)
            outline = _Outline(name, sections, where, positions, tuple(choice[0] for choice in choices), tuple(required))
            best = (score, outline)
        if not any(score):  # followed completely: no later outline can do better (most documents)
            break
    return best[1]


def _outline_hint(outline: _Outline, schema: Schema) -> str:
    """Which outline a section finding holds the document to: the template alone needs no
    name (the document's series' template); among several, the message says which one was closest."""
    if outline.template_alone:
        return f" (see {schema.template})" if schema.template else ""
    where = f" in {outline.where}" if outline.where else ""
    names = ", ".join(f"'{name}'" for name in outline.choices)
    return f" (held to the outline '{outline.name}'{where}, the closest of those this repository allows: {names})"


@rule("section-missing", "a section of the template is missing", family=PROPOSALS)
def section_missing(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A proposal lacks an H2 section of the template (or of `required-sections`). Case,
    numbering (`## 2. Motivation`) and surrounding punctuation are ignored, and
    `section-aliases` accepts other names. Headings in code fences, HTML comments or front
    matter do not count. Extra sections are fine. If the template says its sections are
    examples to reorganize (the older BEP template's "The below sections are just examples.
    Feel free to reorganize them."), this is a **warning**. With `outlines:` in `.bep.yaml`,
    the document is held to the outline it follows best, and the message names that outline.
    Sections the template marks `(Optional)` (`## Unresolved Issues (Optional)`), and those
    of a layout's `sections.optional`, are never missing (they still count for the order);
    a layout's `sections.by-kind` requires more sections of some kinds (`Type: Protocol`).

    Why it matters
    Reviewers rely on every proposal answering the same questions. A dropped "Migration /
    Compatibility" section is usually an unanswered one.

    Example (the `## Open Questions` section deleted):

        proposals/BEP-1001-gpu-partitioning.md:36:1: error section-missing: section 'Open Questions' is missing; add '## Open Questions' before '## References' (line 36) (see proposals/BEP-0000-template.md)

    How to fix
    Add the section where the message says. `bep fix` does not fix this. For a legacy
    document, use `per-file-ignores: {"proposals/BEP-1001-*.md": [section-missing]}`
    or `bep baseline`.
    """
    for entry, document in documents(ctx, misnamed=True):
        schema = schema_for(ctx.project, document.series)
        outline = _section_positions(ctx, document)
        positions = outline.positions
        needed = outline.required
        kind, why = _kind_sections(schema, document) if schema.optional_sections else ((), None)
        kind_keys = {section_key(name) for name in kind}
        groups: Dict[Optional[int], List[str]] = {}  # the heading they go before -> missing sections
        for number, found in positions:
            if found is None and needed[number]:
                after = next((f for _, f in positions[number:] if f is not None), None)  # (not this one: None)
                groups.setdefault(after, []).append(outline.sections[number])
        for after, sections in groups.items():
            if after is not None:
                heading = document.sections[after]
                line, place = heading.line, f"before '## {heading.text}' (line {heading.line})"
            else:
                line, place = document.last_line, "at the end"
            add = ", ".join(f"'## {section}'" for section in sections)
            examples = " (the template calls its sections examples: add them where they fit)"
            because = ""
            if kind_keys & {section_key(section) for section in sections}:
                because = f" ({why}: that kind of proposal needs {names([s for s in sections if section_key(s) in kind_keys])})"
            yield Problem(
                entry.path,
                line,
                1,
                f"{plural(sections, 'section')} {names(sections)} {plural(sections, 'is', 'are')} missing; "
                f"add {add} {place}{because}{_outline_hint(outline, schema)}"
                f"{examples if schema.sections_are_examples else ''}",
                severity=WARNING if schema.sections_are_examples else None,
                items=tuple(sections),
            )


@rule("section-order", "the template's sections are out of order", family=PROPOSALS, severity=WARNING)
def section_order(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The template's sections (or the chosen outline's) appear out of order. This is a
    **warning** by default. The rule reports the fewest sections that would need to move. It
    is off when the template says its sections may be reorganized.

    Why it matters
    Readers expect to find each part of a proposal in the same place. A jumbled order makes
    reviews slower, but it is not a defect in itself, hence a warning.

    Example (`## Proposed Design` moved above `## Current Design`):

        proposals/BEP-1001-gpu-partitioning.md:24:1: warning section-order: section 'Current Design' is out of order; the template puts it after 'Motivation'

    How to fix
    Move the section as the message says. `bep fix` does not fix this. Where order does not
    matter to you, set `severity:` `section-order: off` in `.bep.yaml`.
    """
    for entry, document in documents(ctx, misnamed=True):
        if schema_for(ctx.project, document.series).sections_are_examples:
            continue
        outline = _section_positions(ctx, document)
        present = sorted((found, number) for number, found in outline.positions if found is not None)
        keep = _longest_increasing([number for _, number in present])
        for position, (found, number) in enumerate(present):
            if position in keep:
                continue
            heading = document.sections[found]
            follows = next(
                (outline.sections[n] for n in reversed(range(number)) if any(p[1] == n for p in present)), None
            )
            place = f"after '{follows}'" if follows else "before the other sections"
            whose = "the template"
            if not outline.template_alone:
                whose = f"the outline '{outline.name}'" + (f" ({outline.where})" if outline.where else "")
            yield Problem(
                entry.path,
                heading.line,
                1,
                f"section '{heading.text}' is out of order; {whose} puts it {place}",
            )


def _longest_increasing(values: List[int]) -> set:
    """Positions of one longest strictly increasing subsequence (values are few and distinct)."""
    if values == sorted(values):  # in order, as nearly every document is
        return set(range(len(values)))
    best: List[List[int]] = []
    for i, value in enumerate(values):
        chain = max((best[j] for j in range(i) if values[j] < value), key=len, default=[])
        best.append(chain + [i])
    return set(max(best, key=len, default=[]))
