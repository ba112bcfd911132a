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
from typing import TYPE_CHECKING, FrozenSet, Mapping, NamedTuple, Optional, Tuple

from .config import DEFAULT_FIELDS, DEFAULT_SECTIONS, DEFAULT_STATUSES, DEFAULT_STATUS_REQUIREMENTS
from .parse.frontmatter import Field, FrontMatter
from .parse import proposal as documents  # (documents.parse_proposal: the one parser, as tests count its calls)
from .parse.proposal import AUTHOR_KEY, STATUS_KEY, Proposal, author_name, section_key
from .parse.source import Source, Unreadable

if TYPE_CHECKING:
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

    def section_keys(self, section: str) -> FrozenSet[str]:
        """Every heading key that counts as `section` (itself and its configured aliases)."""
        keys = {section_key(section)}
        for name, aliases in self.section_aliases.items():
            if section_key(name) == section_key(section):
                keys.update(section_key(alias) for alias in aliases)
        return frozenset(keys)


def template_schema(project: Project) -> Schema:
    config = project.config
    template_source, template = _parse_template(project)
    front = template.front_matter if template is not None else None
    template_fields = template.fields if template is not None else {}

    if config.required_fields is not None:
        fields, blank = tuple(config.required_fields), frozenset()
    elif template_fields:
        fields = tuple(template_fields)
        blank = frozenset(key.casefold() for key, f in template_fields.items() if f.value is None)
    else:
        fields, blank = DEFAULT_FIELDS, frozenset()

    statuses, statuses_from = _statuses(project, template, front)

    if config.required_sections is not None:
        sections = tuple(config.required_sections)
    elif template is not None:
        sections = tuple(h.text for h in template.sections)
    else:
        sections = DEFAULT_SECTIONS

    if config.status_requirements == DEFAULT_STATUS_REQUIREMENTS:
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
    return Schema(
        statuses=statuses,
        fields=fields,
        blank_fields=blank,
        sections=sections,
        section_aliases=dict(config.section_aliases),
        status_requirements={status: names for status, names in requirements.items() if names},
        placeholder_title=template.title.text if template is not None and template.title else None,
        placeholder_author=(author_name(author.value) or None) if author is not None and author.value else None,
        placeholder_emails=emails,
        template_lines=_template_lines(template_source, template) if template is not None else frozenset(),
        sections_are_examples=template is not None and bool(_SECTIONS_ARE_EXAMPLES.search(template_source.text)),
        template=project.template_path,
        statuses_from=statuses_from,
        outlines=_outlines(project, sections),
    )


def _outlines(project: Project, sections: Tuple[str, ...]) -> Tuple[Tuple[str, Tuple[str, ...], Optional[str]], ...]:
    """The template's outline, then the configured ones (a file's H2 headings, in order)."""
    from .config import TEMPLATE_OUTLINE  # lazy: start-up

    where = ".bep.yaml" if project.config.required_sections is not None else project.template_path
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


def _parse_template(project: Project) -> Tuple[Optional[Source], Optional[Proposal]]:
    path = project.template_path
    if path is None:
        return None, None
    source = project.source(path)
    if isinstance(source, Unreadable):
        return None, None
    return source, documents.parse_proposal(source, project.config)


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
    if project.config.statuses:
        return tuple(project.config.statuses), "the configuration"
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
