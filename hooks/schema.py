"""What a repository's proposals must hold: the schema its template and configuration
give them, derived once per project (`Project.template`):

- required front-matter fields: the keys of the template's front matter;
- statuses: the list in the template's comment (`# Status: Draft | Accepted | ...`),
  else the first table of the registry README whose header starts with "Status",
  else the defaults;
- required sections: the template's H2 headings (and the other outlines of `outlines:`);
- placeholders: the template's H1 (`Title`), its author value and example e-mail.

Configuration (`statuses`, `required-fields`, `required-sections`, `section-aliases`,
`status-requirements`) overrides each; the defaults live in hooks.config. The template is
parsed by the document parser (hooks/proposal.py), which knows nothing of the project.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Tuple

from .config import DEFAULT_FIELDS, DEFAULT_SECTIONS, DEFAULT_STATUSES, DEFAULT_STATUS_REQUIREMENTS
from .parse.frontmatter import Field, FrontMatter
from .parse import proposal as documents  # (documents.parse_proposal: the one parser, as tests count its calls)
from .parse.proposal import AUTHOR_KEY, STATUS_KEY, Proposal, author_name, section_key
from .parse.source import Source, Unreadable

if TYPE_CHECKING:
    from .layout import SeriesLayout
    from .repository import Project


# Starts only where a run of address characters starts: retrying inside a long run
# without '@' took quadratic time.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

class Schema(NamedTuple):
    statuses: Tuple[str, ...]
    fields: Tuple[str, ...] = DEFAULT_FIELDS
    blank_fields: FrozenSet[str] = frozenset()  # fields the template leaves empty (casefolded)
    sections: Tuple[str, ...] = DEFAULT_SECTIONS
    section_aliases: Mapping[str, Tuple[str, ...]] = {}  # (defaults shared by every instance: read only)
    status_requirements: Mapping[str, Tuple[str, ...]] = {}
    placeholder_title: Optional[str] = None  # the template's H1
    placeholder_author: Optional[str] = None  # the template's author name (without the e-mail)
    placeholder_emails: Tuple[str, ...] = ()  # e-mail addresses in the template's front matter
    template_lines: FrozenSet[str] = frozenset()  # the template body's lines of prose (see _template_lines)
    sections_are_examples: bool = False  # the template says its sections may be reorganized
    template: Optional[str] = None  # path of the template, when there is one
    statuses_from: str = "the defaults"  # where the statuses come from, for messages
    # Every outline a document may follow: (name, sections, where it is written), the
    # template's ('template', `sections`) first, then those of `outlines` in .bep.yaml.
    outlines: Tuple[Tuple[str, Tuple[str, ...], Optional[str]], ...] = ()
    # With a layout (hooks/layout.py): the series this schema is of (None: built by hand).
    series: "Optional[SeriesLayout]" = None
    registry_statuses: Tuple[str, ...] = ()  # statuses a registry row may have; (): the same as `statuses`
    optional_sections: FrozenSet[str] = frozenset()  # section keys known, in order, never required
    reason_required: Optional[Tuple[str, ...]] = None  # None: the flat `reason-required`
    own_template_lines: Optional[FrozenSet[str]] = None  # this series' template lines; None: `template_lines`

    @property
    def own_lines(self) -> FrozenSet[str]:
        """This series' template lines (`template_lines` also holds the other series')."""
        return self.template_lines if self.own_template_lines is None else self.own_template_lines

    @property
    def row_statuses(self) -> Tuple[str, ...]:
        """The statuses a registry row may have (`statuses.registry`, else the document's)."""
        return self.registry_statuses or self.statuses

    def section_keys(self, section: str) -> FrozenSet[str]:
        """Every heading key that counts as `section` (itself and its configured aliases)."""
        keys = {section_key(section)}
        for name, aliases in self.section_aliases.items():
            if section_key(name) == section_key(section):
                keys.update(section_key(alias) for alias in aliases)
        return frozenset(keys)


def template_schema(project: Project, series: "Optional[SeriesLayout]" = None) -> Schema:
    """The schema of a series (by default the first, or the only one) of the project."""
    from .layout import effective_layout  # lazy: start-up

    config = project.config
    layout = effective_layout(config)
    first = series is None or series is layout.series[0] or series.prefix == layout.series[0].prefix
    if series is None:
        series = layout.series[0]
    # (the flat settings, or a first series with nothing said of where it is: today's discovery)
    discovered = first and (not layout.given or (series.folder is None and not (series.template or "").startswith("/")))
    template_path = _template_path(project, series, discovered)
    template_source, template = _parse_template(project, template_path, series)
    front = template.front_matter if template is not None else None
    template_fields = template.fields if template is not None else {}

    if series.header.required is not None:
        fields, blank = tuple(series.header.required), frozenset()
    elif template_fields:
        fields = tuple(template_fields)
        blank = frozenset(key.casefold() for key, f in template_fields.items() if f.value is None)
    else:
        fields, blank = DEFAULT_FIELDS, frozenset()

    if series.statuses.document is not None:
        statuses, statuses_from = tuple(series.statuses.document), "the configuration"
    else:
        statuses, statuses_from = _statuses(project, template, front)

    aliases = dict(series.sections.aliases if series.sections.aliases is not None else config.section_aliases)
    headings = [h.text for h in template.sections] if template is not None else []
    marked = {}  # a template heading marked optional: its name without the mark -> as written
    for text in headings:
        name = _OPTIONAL_MARK.sub("", text).strip()
        if name != text and name:
            marked[name] = text
            aliases[name] = (*aliases.get(name, ()), text)
    headings = [_OPTIONAL_MARK.sub("", text).strip() or text for text in headings]
    if series.sections.required is not None:
        sections = tuple(series.sections.required)
    elif template is not None:
        sections = tuple(name for name in headings if name not in marked)
    else:
        sections = DEFAULT_SECTIONS
    extra = [list(sections)] + [list(kind.required) for kind in series.sections.kinds.values()]
    # (flat `required-sections` replace the template's outline, as they always did)
    base = headings if series.sections.required is None or layout.given else []
    order = _merged_order(base, extra, list(series.sections.optional))
    required_keys = {section_key(name) for name in sections}
    optional = frozenset(section_key(name) for name in order if section_key(name) not in required_keys)

    requirements_given = series.statuses.requirements
    if requirements_given is not None:
        requirements = dict(requirements_given)
    elif config.status_requirements == DEFAULT_STATUS_REQUIREMENTS:
        # the defaults only where the template (or configuration) has the field
        known = {name.casefold() for name in fields}
        requirements = {
            status: tuple(name for name in names if name.casefold() in known)
            for status, names in config.status_requirements.items()
        }
    else:
        requirements = dict(config.status_requirements)

    author = template.field(AUTHOR_KEY) if template is not None else None
    emails = tuple(
        dict.fromkeys(email for f in template_fields.values() if f.value for email in _EMAIL.findall(f.value))
    )
    own_lines = _template_lines(template_source, template) if template is not None else frozenset()
    lines = own_lines
    if first and len(layout.series) > 1:  # documents are read with every series' template lines
        for other in layout.series[1:]:
            lines = lines | _series_template_lines(project, other)
    return Schema(
        statuses=statuses,
        fields=fields,
        blank_fields=blank,
        sections=sections,
        section_aliases=aliases,
        status_requirements={status: names for status, names in requirements.items() if names},
        placeholder_title=template.title.text if template is not None and template.title else None,
        placeholder_author=(author_name(author.value) or None) if author is not None and author.value else None,
        placeholder_emails=emails,
        template_lines=lines,
        sections_are_examples=template is not None and bool(_SECTIONS_ARE_EXAMPLES.search(template_source.text)),
        template=template_path,
        statuses_from=statuses_from,
        outlines=_outlines(project, order, series, template_path) if first else ((_TEMPLATE, order, template_path),),
        series=series,
        registry_statuses=tuple(series.statuses.registry) if series.statuses.registry is not None else (),
        optional_sections=optional,
        reason_required=series.statuses.reason_required,
        own_template_lines=None if lines is own_lines else own_lines,
    )


def schema_for(project: Project, series: Optional[str]) -> Schema:
    """The schema of the series whose prefix is `series` (a document's `Proposal.series`;
    None, or an unknown prefix: the first series'), made once per project."""
    schema = project.template
    layout = project.config.layout
    if series is None or layout is None or schema.series is None or series == schema.series.prefix:
        return schema
    cache: Dict[str, Schema] = project.__dict__.setdefault("_series_schemas", {})
    if series not in cache:
        found = next((s for s in layout.series if s.prefix == series), None)
        cache[series] = schema if found is None else template_schema(project, found)
    return cache[series]


_TEMPLATE = "template"  # (config.TEMPLATE_OUTLINE, without importing config's reader here)
# `## Unresolved Issues (Optional)`: a template section a document may leave out.
_OPTIONAL_MARK = re.compile(r"\s*[(\[]\s*optional\s*[)\]]\s*$", re.I)


def _merged_order(base: List[str], others: List[List[str]], optional: List[str]) -> Tuple[str, ...]:
    """`base` (the template's order), with each name of `others` (the required sections)
    it lacks inserted after the name that comes before it in its own list (at the start
    when it is first). An `optional` name it lacks is inserted only after one it has: an
    optional section with no place in the template's order takes no part in it."""
    order = list(base)
    keys = [section_key(name) for name in order]
    for names, anchored in [*((names, False) for names in others), (optional, True)]:
        previous = None
        for name in names:
            key = section_key(name)
            if key not in keys and (previous in keys or not anchored):
                at = keys.index(previous) + 1 if previous in keys else (0 if previous is None else len(order))
                order.insert(at, name)
                keys.insert(at, key)
            previous = key
    return tuple(order)


def _template_path(project: Project, series: "SeriesLayout", discovered: bool) -> Optional[str]:
    """The series' template: `template` from the repository root when it starts with '/',
    else in the series' folder; `discovered`: the project's template, found as always."""
    template = series.template or ""
    if discovered:
        return project.template_path
    if template.startswith("/"):
        path = template.lstrip("/")
    else:
        folder = series.folder if series.folder is not None else project.proposals_dir
        if folder is None:
            return None
        width = series.document_pattern().width or 4
        name = template or f"{series.prefix}-{'0' * width}-template.md"
        path = f"{folder}/{name}" if folder else name
    return path if path and (project.root / path).is_file() else None


def _series_template_lines(project: Project, series: "SeriesLayout") -> FrozenSet[str]:
    source, template = _parse_template(project, _template_path(project, series, False), series)
    return _template_lines(source, template) if template is not None else frozenset()


def _outlines(
    project: Project, sections: Tuple[str, ...], series: "SeriesLayout", template_path: Optional[str]
) -> Tuple[Tuple[str, Tuple[str, ...], Optional[str]], ...]:
    """The template's outline, then the configured ones (a file's H2 headings, in order)."""
    from .config import TEMPLATE_OUTLINE  # lazy: start-up

    where = ".bep.yaml" if series.sections.required is not None else template_path
    outlines = [(TEMPLATE_OUTLINE, sections, where)]
    for name, outline in project.config.outlines.items():
        if isinstance(outline, str):
            source = project.source(outline)
            if isinstance(source, Unreadable):
                continue  # (checked when the configuration was read; gone since)
            outlines.append((name, tuple(h.text for h in documents.parse_proposal(source, project.config).sections), outline))
        else:
            outlines.append((name, outline, ".bep.yaml"))
    return tuple(outlines)


def _parse_template(
    project: Project, path: Optional[str], series: "SeriesLayout"
) -> Tuple[Optional[Source], Optional[Proposal]]:
    if path is None:
        return None, None
    source = project.source(path)
    if isinstance(source, Unreadable):
        return None, None
    if project.config.layout is None:  # (no layout: the template is read as every document is)
        return source, documents.parse_proposal(source, project.config)
    return source, documents.parse_proposal(source, project.config, series=series)


# The older template: "The below sections are just examples. Feel free to reorganize them."
_SECTIONS_ARE_EXAMPLES = re.compile(r"sections\b[^.\n]{0,40}\bexamples\b|feel free to re-?organi[sz]e", re.I)
_MIN_TEMPLATE_LINE = 12  # characters; and at least three words, so that `> ```python` is no template text


def _template_lines(source: Source, template: Proposal) -> FrozenSet[str]:
    """The template body's lines of prose, as written: placeholder text a document should
    not keep ("Why is this change needed?", "- JIRA: BA-XXXX", the examples). Headings,
    fence lines and short lines are left out: a document has its own of those."""
    lines = source.lines[template.body_line - 1 :]
    return frozenset(
        line
        for line in lines
        if len(line.strip()) >= _MIN_TEMPLATE_LINE
        and len(line.split()) >= 3
        and not line.lstrip(" >").startswith(("#", "```", "~~~"))
    )


_STATUS_NAME = re.compile(r"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?")
_STATUS_LABEL = re.compile(r"status(?:es)?\s*:\s*", re.I)


def _statuses(project: Project, template: Optional[Proposal], front: Optional[FrontMatter]) -> Tuple[Tuple[str, ...], str]:
    if template is not None and front is not None:
        listed = _statuses_in_comments(front, template.field(STATUS_KEY))
        if listed:
            return listed, f"the comment in {template.path}"
    listed = _statuses_in_readme(project)
    if listed:
        return listed, f"the status table in {project.registry_path}"
    return DEFAULT_STATUSES, "the defaults"


def _statuses_in_comments(front: FrontMatter, status: Optional[Field]) -> Tuple[str, ...]:
    """`# Status: Draft | Accepted | ...` on a line of its own, or `Status: Draft  # Draft | ...`."""
    for line, text in front.comments:
        label = _STATUS_LABEL.match(text)
        if label:
            text = text[label.end() :]
        elif status is None or line != status.line:
            continue
        names = [name.strip().strip("*_`").strip() for name in re.split(r"[|,/]", text)]
        if len(names) >= 2 and all(_STATUS_NAME.fullmatch(name) for name in names):
            return tuple(dict.fromkeys(names))
    return ()


def _statuses_in_readme(project: Project) -> Tuple[str, ...]:
    """The first cells of the first README table whose header starts with "Status"."""
    from .parse.table import split_cells  # lazy: start-up

    registry = project.registry  # the README is outlined once, by the registry parser
    if registry is None:
        return ()
    lines = registry.source.lines
    for block in registry.blocks:
        if block.kind != "table":
            continue
        header = split_cells(lines[block.start])
        if not header or header[0].strip("*_` ").casefold() != "status":
            continue
        names = []
        for index in range(block.start + 2, block.end):
            cells = split_cells(lines[index])
            name = cells[0].strip("*_` ") if cells else ""
            if _STATUS_NAME.fullmatch(name):
                names.append(name)
        return tuple(dict.fromkeys(names))
    return ()


# -- statuses ----------------------------------------------------------------------------

_MARKUP_PAIRS = ("**", "__", "*", "_", "`")
_REASON = re.compile(r"(.*?)\s*\((.*)\)", re.S)


def strip_markup(text: str) -> str:
    """`**Submitted**`, `_Draft_`, `` `Final` ``, ` Draft ` -> the text inside (whitespace,
    emphasis and code markup around it removed, as often as they nest)."""
    text = text.strip()
    while True:
        for mark in _MARKUP_PAIRS:
            if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
                text = text[len(mark) : -len(mark)].strip()
                break
        else:
            return text


def split_reason(status: str) -> Tuple[str, Optional[str]]:
    """(status, reason) of a status followed by a reason in parentheses, markup removed:
    `Inactive (superseded by CIP-0120)` -> ('Inactive', 'superseded by CIP-0120'); a text
    that is only parentheses, or has none, is the status as it is, with no reason."""
    found = _REASON.fullmatch(status)
    if found and found.group(1).strip():
        return strip_markup(found.group(1)), found.group(2).strip() or None
    return status, None


def normalise_status(
    text: Optional[str], series: "Optional[SeriesLayout]" = None, vocabulary: Tuple[str, ...] = ()
) -> Tuple[str, Optional[str]]:
    """(status, reason) of a status as written, in a document or a registry cell, for
    comparisons and vocabulary checks (docs/layouts.md 2.3, `statuses`):

    - surrounding whitespace, emphasis and code markup are removed (`**Submitted**`);
    - with `reason: parenthesis`, a reason in parentheses is split off:
      `Inactive (superseded by CIP-0120)` -> ('Inactive', 'superseded by CIP-0120');
    - with `case: insensitive`, the status takes the spelling of the vocabulary
      (`statuses.document`, `statuses.registry`, then `vocabulary`): `Activation-in-Progress`
      -> `Activation-In-Progress`.

    The reason is None when there is none; the status is '' for an empty text."""
    status = strip_markup(text or "")
    reason = None
    settings = series.statuses if series is not None else None
    if settings is not None and settings.reason == "parenthesis":
        status, reason = split_reason(status)
    if settings is not None and settings.case == "insensitive":
        folded = status.casefold()
        words = (*(settings.document or ()), *(settings.registry or ()), *vocabulary)
        status = next((word for word in words if word.casefold() == folded), status)
    return status, reason


def statuses_agree(series: "Optional[SeriesLayout]", row: str, document: str) -> bool:
    """Whether a row's (normalised) status and a document's say the same: equal, or the
    document's is one `statuses.agree` lists for the row's (directional)."""
    if row == document:
        return True
    agree: Mapping[str, Tuple[str, ...]] = series.statuses.agree if series is not None else {}
    return document in agree.get(row, ())
