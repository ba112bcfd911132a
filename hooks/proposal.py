"""Proposal documents, and the schema the template gives them.

`parse_proposal` reads a document once into a `Proposal`: the number and slug from the
file name, the front matter (hooks.frontmatter), and the top-level headings from
hooks.markdown.outline with the front-matter lines blanked, so that `#` lines in fenced
code, in HTML comments or in the front matter are never headings. Rules read only this
model.

`template_schema` derives what a proposal must hold from `BEP-0000-template.md`, once
per project (`Project.template`):
- required front-matter fields: the keys of the template's front matter;
- statuses: the list in the template's comment (`# Status: Draft | Accepted | ...`),
  else the first table of the registry README whose header starts with "Status",
  else the defaults;
- required sections: the template's H2 headings;
- placeholders: the template's H1 (`Title`), its author value and example e-mail.
Configuration (`statuses`, `required-fields`, `required-sections`, `section-aliases`,
`status-requirements`) overrides each; the defaults live in hooks.config.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from .config import (
    DEFAULT_FIELDS,
    DEFAULT_SECTIONS,
    DEFAULT_STATUS_REQUIREMENTS,
    DEFAULT_STATUSES,
    Config,
)
from .frontmatter import Field, FrontMatter, parse_front_matter
from .markdown import outline
from .source import Source, Unreadable

STATUS_KEY = "Status"
AUTHOR_KEY = "Author"
CREATED_KEY = "Created"


class Heading(NamedTuple):
    level: int
    text: str  # as markdown-it reads it (closing #'s and outer spaces removed)
    line: int  # 1-based


class Proposal(NamedTuple):
    """One proposal document as the rules see it."""

    path: str
    number: Optional[int]  # None when the name is not PREFIX-NNNN-slug.md
    slug: Optional[str]
    front_matter: Optional[FrontMatter]  # None: the file does not start with '---'
    title: Optional[Heading]  # the first H1
    sections: Tuple[Heading, ...]  # the H2 headings, in order
    body_line: int  # 1-based first line after the front matter (where the H1 belongs)
    last_line: int  # 1-based last line (1 for an empty file)
    conflicts: Tuple[int, ...] = ()  # 1-based lines of merge-conflict markers in the body
    template_text: Tuple[Tuple[int, str], ...] = ()  # (1-based line, text) of the template's lines left in

    @property
    def fields(self) -> Dict[str, Field]:
        return _fields(self.front_matter)

    def field(self, name: str) -> Optional[Field]:
        """The front-matter field called `name`, whatever its case."""
        return _field(self.fields, name)

    @property
    def status(self) -> Optional[str]:
        """The Status value when it is a plain, non-empty value."""
        return status_of(self.front_matter)


def _fields(front: Optional[FrontMatter]) -> Dict[str, Field]:
    return front.fields if front is not None and front.error is None else {}


def _field(fields: Mapping[str, Field], name: str) -> Optional[Field]:
    if name in fields:
        return fields[name]
    wanted = name.casefold()
    return next((f for key, f in fields.items() if key.casefold() == wanted), None)


def status_of(front: Optional[FrontMatter]) -> Optional[str]:
    """A front matter's Status value when it is a plain, non-empty value (`Proposal.status`;
    `Project.status` asks it of a front matter read without the rest of the document)."""
    status = _field(_fields(front), STATUS_KEY)
    return status.value.strip() if status is not None and status.kind == "scalar" and status.value else None


def parse_proposal(source: Source, config: Config, template_lines: FrozenSet[str] = frozenset()) -> Proposal:
    """The model of one document. `template_lines` are the template's own lines of text
    (Schema.template_lines): those found in the body, verbatim, are template text left in."""
    from .repository import name_patterns

    name = posixpath.basename(source.path)
    match = name_patterns(config)[0].fullmatch(name)
    lines = source.lines
    front = parse_front_matter(lines)
    body: Sequence[str] = lines
    body_line = 1
    if front is not None:
        body = [""] * (front.end + 1) + list(lines[front.end + 1 :])
        body_line = front.end + 2
    title = None
    sections: List[Heading] = []
    for block in outline(body, checked=True):
        if block.kind != "heading":
            continue
        if block.level == 1 and title is None:
            title = Heading(1, block.text, block.start + 1)
        elif block.level == 2:
            sections.append(Heading(2, block.text, block.start + 1))
    return Proposal(
        path=source.path,
        number=int(match.group(1)) if match else None,
        slug=match.group(2) if match else None,
        front_matter=front,
        title=title,
        sections=tuple(sections),
        body_line=min(body_line, max(len(lines), 1)),
        last_line=max(len(lines), 1),
        conflicts=conflict_markers(lines, body_line - 1) if "<<<<<<<" in source.text else (),
        template_text=_lines_from(template_lines, lines, body_line - 1) if template_lines else (),
    )


def _lines_from(wanted: FrozenSet[str], lines: Sequence[str], start: int) -> Tuple[Tuple[int, str], ...]:
    """(1-based line, text) of the lines from `start` on that are among `wanted`. (One set
    intersection answers "none" for nearly every document, at the speed of C.)"""
    if wanted.isdisjoint(lines):
        return ()
    return tuple((index + 1, lines[index]) for index in range(start, len(lines)) if lines[index] in wanted)


_CONFLICT_OPEN = re.compile(r"<{7}(?: |$)")
_CONFLICT_INNER = re.compile(r"(?:={7}|\|{7}(?: |$)|>{7}(?: |$))")


def conflict_markers(lines: Sequence[str], start: int = 0) -> Tuple[int, ...]:
    """1-based lines of git's conflict markers: `<<<<<<<`, then `|||||||`, `=======`,
    `>>>>>>>` until it closes. A lone `=======` is a setext underline, not a marker."""
    found: List[int] = []
    inside = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _CONFLICT_OPEN.match(line):
            inside = True
            found.append(index + 1)
        elif inside and _CONFLICT_INNER.match(line):
            found.append(index + 1)
            inside = not line.startswith(">")
    return tuple(found)


# -- names as people write them -------------------------------------------------------

# `1.`, `1)`, `1.2`, `1.2.`, `1 `, `A.`, `IV.` before a heading's words.
_NUMBERING = re.compile(r"[0-9]+(?:\.[0-9]+)*(?:[.):]\s*|\s+)|[A-Za-z][.)]\s+|[IVXivx]+[.)]\s+")
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)  # the same few headings, asked for by several rules per document
def section_key(text: str) -> str:
    """A heading reduced to its words: `## 1. **Migration/Compatibility**:` and
    `## migration / compatibility` both give 'migration compatibility'."""
    text = text.strip().strip("*_`").strip()
    numbering = _NUMBERING.match(text)
    if numbering:
        text = text[numbering.end() :]
    return " ".join(_WORD.findall(text.casefold()))


@lru_cache(maxsize=65536)  # every registry title, when a copied title is looked for
def title_key(text: str, prefix: str) -> str:
    """A title without a leading `BEP-1010:` and reduced to its words."""
    return " ".join(_WORD.findall(without_number(text, prefix).casefold()))


def without_number(title: str, prefix: str) -> str:
    """`BEP-1038: ImageV2 GQL Implementation` -> `ImageV2 GQL Implementation` (H1 titles
    often start with their number; registry titles do not)."""
    return re.sub(rf"^\s*{re.escape(prefix)}[- ]?[0-9]+\s*[:.\-–—]?\s*", "", title, flags=re.I)


# Starts only where a run of address characters starts: retrying inside a long run
# without '@' took quadratic time.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def author_name(value: str) -> str:
    """`Joongi Kim (joongi@example.com)` -> `Joongi Kim`."""
    return re.split(r"[(<]", value, maxsplit=1)[0].strip()


# -- the schema -----------------------------------------------------------------------


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


def template_schema(project) -> Schema:
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


def _outlines(project, sections: Tuple[str, ...]) -> Tuple[Tuple[str, Tuple[str, ...], Optional[str]], ...]:
    """The template's outline, then the configured ones (a file's H2 headings, in order)."""
    from .config import TEMPLATE_OUTLINE

    where = ".bep.yaml" if project.config.required_sections is not None else project.template_path
    outlines = [(TEMPLATE_OUTLINE, sections, where)]
    for name, outline in project.config.outlines.items():
        if isinstance(outline, str):
            source = project.source(outline)
            if isinstance(source, Unreadable):
                continue  # (checked when the configuration was read; gone since)
            outlines.append((name, tuple(h.text for h in parse_proposal(source, project.config).sections), outline))
        else:
            outlines.append((name, outline, ".bep.yaml"))
    return tuple(outlines)


def _parse_template(project) -> Tuple[Optional[Source], Optional[Proposal]]:
    path = project.template_path
    if path is None:
        return None, None
    source = project.source(path)
    if isinstance(source, Unreadable):
        return None, None
    return source, parse_proposal(source, project.config)


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


def _statuses(project, template: Optional[Proposal], front: Optional[FrontMatter]) -> Tuple[Tuple[str, ...], str]:
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


def _statuses_in_readme(project) -> Tuple[str, ...]:
    """The first cells of the first README table whose header starts with "Status"."""
    from .registry import split_cells

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
