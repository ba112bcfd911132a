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
from typing import Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ..config import (
    Config,
    name_patterns,
)
from .frontmatter import Field, FrontMatter, parse_front_matter
from .markdown import outline
from .source import Source
from .table import CONFLICT_MARKER, CONFLICT_STARTS


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
        conflicts=conflict_markers(lines, body_line - 1) if CONFLICT_STARTS[0] in source.text else (),
        template_text=_lines_from(template_lines, lines, body_line - 1) if template_lines else (),
    )


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
