"""Proposal documents: a document's text into a `Proposal`, and nothing else.

`parse_proposal` reads a document once into a `Proposal`: the number and slug from the
file name, the front matter (hooks.frontmatter), and the top-level headings from
hooks.markdown.outline with the front-matter lines blanked, so that `#` lines in fenced
code, in HTML comments or in the front matter are never headings. Rules read only this
model.

What a document must hold (the template's schema) is hooks/schema.py's business.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ..config import (
    Config,
    name_patterns,
)
from .frontmatter import Field, FrontMatter, parse_front_matter

if TYPE_CHECKING:  # pragma: no cover
    from ..layout import SeriesLayout
from .markdown import outline
from .source import Source
from .table import CONFLICT_MARKER, CONFLICT_STARTS


STATUS_KEY = "Status"
AUTHOR_KEY = "Author"
CREATED_KEY = "Created"


class Heading(NamedTuple):
    level: int  # 0: a title taken from a header field (`title: field`)
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
    series: Optional[str] = None  # the prefix of the document's series (None: no `layout:`, the one series)
    aliases: Mapping[str, Tuple[str, ...]] = {}  # header field name -> other accepted names (read only)

    @property
    def fields(self) -> Dict[str, Field]:
        return _fields(self.front_matter)

    def field(self, name: str) -> Optional[Field]:
        """The header field called `name`, whatever its case, or by a name its series'
        `header.aliases` accepts for it (`Author` for `Authors`, and back)."""
        fields = self.fields
        found = _field(fields, name)
        if found is None and self.aliases:
            for other in alias_group(self.aliases, name):
                found = _field(fields, other)
                if found is not None:
                    break
        return found

    @property
    def status(self) -> Optional[str]:
        """The Status value when it is a plain, non-empty value."""
        return _scalar(self.field(STATUS_KEY))


def _fields(front: Optional[FrontMatter]) -> Dict[str, Field]:
    return front.fields if front is not None and front.error is None else {}


def _field(fields: Mapping[str, Field], name: str) -> Optional[Field]:
    if name in fields:
        return fields[name]
    wanted = name.casefold()
    return next((f for key, f in fields.items() if key.casefold() == wanted), None)


def alias_group(aliases: Mapping[str, Tuple[str, ...]], name: str) -> Tuple[str, ...]:
    """The names that stand for the same field as `name` (itself left out), by `aliases`
    (canonical name -> accepted names), compared without case."""
    wanted = name.casefold()
    for canonical, accepted in aliases.items():
        group = (canonical, *accepted)
        if any(other.casefold() == wanted for other in group):
            return tuple(other for other in group if other.casefold() != wanted)
    return ()


def _scalar(field: Optional[Field]) -> Optional[str]:
    return field.value.strip() if field is not None and field.kind == "scalar" and field.value else None


def status_of(front: Optional[FrontMatter]) -> Optional[str]:
    """A front matter's Status value when it is a plain, non-empty value (`Proposal.status`;
    `Project.status` asks it of a front matter read without the rest of the document)."""
    return _scalar(_field(_fields(front), STATUS_KEY))


def series_of(config: Config, path: str) -> "Optional[SeriesLayout]":
    """The series of the document at `path` (hooks.layout.series_for_path, else the first);
    None when the configuration has no `layout:` (the one BEP series, YAML headers)."""
    layout = config.layout
    if layout is None:
        return None
    from ..layout import series_for_path  # lazy: start-up

    return series_for_path(layout, path) or layout.series[0]


def read_header(lines: Sequence[str], series: "Optional[SeriesLayout]") -> Optional[FrontMatter]:
    """The header of a document of `series` in its format (YAML front matter by default)."""
    if series is None or series.header.format == "yaml":
        return parse_front_matter(lines)
    from .header import parse_header  # lazy: start-up

    return parse_header(lines, series.header.format)


def header_status(source: Source, config: Config) -> Optional[str]:
    """The Status value of a document read without the rest of it (`Project.status`)."""
    series = series_of(config, source.path)
    front = read_header(source.lines, series)
    if series is None or not series.header.aliases:
        return status_of(front)
    fields = _fields(front)
    found = _field(fields, STATUS_KEY)
    for other in alias_group(series.header.aliases, STATUS_KEY) if found is None else ():
        found = found or _field(fields, other)
    return _scalar(found)


def parse_proposal(
    source: Source,
    config: Config,
    template_lines: FrozenSet[str] = frozenset(),
    series: "Optional[SeriesLayout]" = None,
) -> Proposal:
    """The model of one document. `template_lines` are the template's own lines of text
    (Schema.template_lines): those found in the body, verbatim, are template text left in.
    `series` is the document's series (by default the one its path names)."""
    name = posixpath.basename(source.path)
    match = name_patterns(config)[0].fullmatch(name)
    lines = source.lines
    if series is None:
        series = series_of(config, source.path)
    front = read_header(lines, series)
    body: Sequence[str] = lines
    body_line = 1
    if front is not None:  # the header's lines are never headings nor template text
        if front.start == 0:
            body = [""] * (front.end + 1) + list(lines[front.end + 1 :])
        else:
            body = list(lines[: front.start]) + [""] * (front.end + 1 - front.start) + list(lines[front.end + 1 :])
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
    aliases = series.header.aliases if series is not None else {}
    if series is not None and series.title != "h1" and (series.title == "field" or title is None):
        title = _field_title(front, series.header.title_field, aliases)
    return Proposal(
        path=source.path,
        number=int(match.group(1)) if match else None,
        slug=match.group(2) if match else None,
        front_matter=front,
        title=title,
        sections=tuple(sections),
        body_line=min(body_line, max(len(lines), 1)),
        last_line=max(len(lines), 1),
        conflicts=conflict_markers(lines, body_line - 1) if CONFLICT_STARTS[0] in source.text else (),
        template_text=_lines_from(template_lines, body, 0) if template_lines else (),
        series=series.prefix if series is not None else None,
        aliases=aliases,
    )


def _field_title(front: Optional[FrontMatter], name: Optional[str], aliases: Mapping[str, Tuple[str, ...]]) -> Optional[Heading]:
    """The title a header field holds (`title: field`), as a Heading of level 0."""
    if name is None:
        return None
    fields = _fields(front)
    field = _field(fields, name)
    for other in alias_group(aliases, name) if field is None else ():
        field = field or _field(fields, other)
    if field is None or field.kind != "scalar" or not (field.value or "").strip():
        return None
    return Heading(0, field.value.strip(), field.line)


def _lines_from(wanted: FrozenSet[str], lines: Sequence[str], start: int) -> Tuple[Tuple[int, str], ...]:
    """(1-based line, text) of the lines from `start` on that are among `wanted`. (One set
    intersection answers "none" for nearly every document, at the speed of C.)"""
    if wanted.isdisjoint(lines):
        return ()
    return tuple((index + 1, lines[index]) for index in range(start, len(lines)) if lines[index] in wanted)


def conflict_markers(lines: Sequence[str], start: int = 0) -> Tuple[int, ...]:
    """1-based lines of git's conflict markers: `<<<<<<<`, then `|||||||`, `=======`,
    `>>>>>>>` until it closes. A lone `=======` is a setext underline, not a marker."""
    found: List[int] = []
    inside = False
    for index in range(start, len(lines)):
        line = lines[index]
        marker = CONFLICT_MARKER.match(line) if line.startswith(CONFLICT_STARTS) else None
        if marker is None:
            continue
        if line.startswith("<"):
            inside = True
            found.append(index + 1)
        elif inside:
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


def author_name(value: str) -> str:
    """`Joongi Kim (joongi@example.com)` -> `Joongi Kim`."""
    return re.split(r"[(<]", value, maxsplit=1)[0].strip()
