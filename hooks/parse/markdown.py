"""Top-level block outline of a Markdown document: headings, tables, fences.

Why a scanner of our own: the checks only need the top-level block structure
of each proposal (which headings exist and where, where the registry table is,
which lines are code), but markdown-it-py needs tens of milliseconds for a
20 KB proposal and ~200 ms for a README with a 4,000-row table, far too slow
for a full check of hundreds of proposals.  ``outline()`` therefore runs a
line scanner that re-implements just the *block* rules of markdown-it-py
(preset "commonmark" with "table" enabled) with ``str`` methods, in
markdown-it's rule order, and never parses inline markup.  Paragraph text,
fence bodies, table rows and whole top-level lists (nothing inside a list is
top level, so only where it ends matters) are passed over cheaply.

How it stays honest: markdown-it-py is the reference, not CommonMark in the
abstract.  ``outline_slow()`` computes the same outline with markdown-it-py,
the property tests (tests/test_markdown_properties.py) compare the two on
generated documents, and whenever the scanner meets a construct it does not
model with certainty (a block quote inside a list item, lazy lines after
non-paragraph content of a block quote, link reference definitions that could
change the structure, lists that may nest ten deep, ``\\r`` or NUL inside a
line, ...) it gives up on the whole document and ``outline()`` returns what
markdown-it-py says.  The fast path is only an optimisation; the answer is
always markdown-it-py's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, List, NamedTuple, Optional, Sequence, Tuple

# Copies of markdown-it-py's constants (checked against it by the tests): importing
# markdown-it-py costs more than a one-file check, so only outline_slow() does.
from .markdown_constants import HTML_SEQUENCES
from .markdown_constants import md_trim as _md_trim
from .table import DELIMITER_ROW as _DELIMITER_ROW  # (the table syntax has one owner)

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

__all__ = [
    "Block",
    "bail_reason",
    "is_fast",
    "outline",
    "outline_fast",
    "outline_slow",
]


class Block(NamedTuple):
    """One top-level block; ``start``/``end`` are markdown-it's ``token.map``."""

    kind: str  # "heading" | "table" | "fence"
    start: int  # 0-based first line
    end: int  # 0-based line after the block
    level: int = 0  # heading level 1..6 (0 for other kinds)
    text: str = ""  # heading only: content of the heading's inline token


# ---------------------------------------------------------------------------
# The reference: markdown-it-py
# ---------------------------------------------------------------------------

_md_instance: Optional[MarkdownIt] = None


def _markdown_it() -> MarkdownIt:
    """The one parser instance, built on first use.

    The core "inline" rule is off: it only fills ``token.children``, and the
    block tokens (including the heading text in the inline token's
    ``content``) are complete without it.
    """
    global _md_instance
    if _md_instance is None:
        from markdown_it import MarkdownIt  # lazy: start-up

        md = MarkdownIt("commonmark").enable("table")
        md.core.ruler.disable("inline")
        _md_instance = md
    return _md_instance


def outline_slow(lines: Sequence[str]) -> List[Block]:
    """Top-level headings, tables and fences as markdown-it-py reports them."""
    src = "\n".join(lines) + "\n" if len(lines) else ""
    tokens = _markdown_it().parse(src)
    blocks: List[Block] = []
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        if token.type == "heading_open":
            text = tokens[index + 1].content
            blocks.append(
                Block("heading", token.map[0], token.map[1], int(token.tag[1:]), text)
            )
        elif token.type == "table_open":
            blocks.append(Block("table", token.map[0], token.map[1]))
        elif token.type == "fence":
            blocks.append(Block("fence", token.map[0], token.map[1]))
    return blocks


# ---------------------------------------------------------------------------
# The public entry points
# ---------------------------------------------------------------------------


def outline(lines: Sequence[str], *, checked: bool = False) -> List[Block]:
    """Top-level (markdown-it token.level == 0) headings, tables and fenced
    code blocks, in document order.

    ``lines`` are the document's lines without line endings.  The result is
    always exactly what ``outline_slow()`` returns; the line scanner is used
    when it can decide the document, markdown-it-py otherwise.  ``checked``
    says that no line holds ``\r``, ``\n`` or NUL, as for the lines of a
    ``hooks.source.Source`` (split on every line break, NUL refused), so the
    scanner need not look for them.
    """
    blocks = outline_fast(lines, checked=checked)
    if blocks is None:
        return outline_slow(lines)
    return blocks


def outline_fast(lines: Sequence[str], *, checked: bool = False) -> Optional[List[Block]]:
    """The scanner's outline, or None when it cannot decide the document."""
    try:
        return _Scanner(lines).run(checked)
    except _Bail:
        return None


def is_fast(lines: Sequence[str]) -> bool:
    """True when ``outline()`` answers without markdown-it-py."""
    return outline_fast(lines) is not None


def bail_reason(lines: Sequence[str]) -> Optional[str]:
    """Why the scanner hands this document to markdown-it-py (None if it
    does not); for tests and debugging."""
    try:
        _Scanner(lines).run()
    except _Bail as bail:
        return str(bail)
    return None


# ---------------------------------------------------------------------------
# The scanner
# ---------------------------------------------------------------------------


class _Bail(Exception):
    """The scanner cannot decide the document with certainty."""


# Lists nest two token levels deep per list; markdown-it stops parsing at
# level 20 (the commonmark preset's maxNesting), so stay well below that.
_MAX_LIST_DEPTH = 8
_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown_it.rules_block.table

# First characters of a line (at column 0) that could make it anything but a
# paragraph continuation line: indentation, fences, block quotes, thematic
# breaks, list markers, HTML, ATX headings, setext underlines and table
# delimiter rows.
_NOT_PLAIN = frozenset(" \t`~>*-_+=#<|:0123456789")
# First characters of a line that may start a block other than a paragraph
# (a table also needs a "|" in the line).
_BLOCK_FIRST = frozenset(" \t`~>*-_+#<[0123456789")
_MARKER_FIRST = frozenset("-*+0123456789")
_SPACE_OR_END = ("", " ", "\t")

# All regexes are anchored (match() at a line's start, or "\n" first) and
# linear: no two adjacent repetitions can take the same characters.

# "12. text": an ordered list item line, one space after the marker.
_ORDERED_ITEM = re.compile(r"[0-9]{1,9}[.)] (?=[^ \t])")
# A link label up to its first unescaped bracket (markdown-it's reference
# rule fails on "[" and needs "]:" after the label).
_LABEL_START = re.compile(r"\[(?:[^\\\[\]]|\\.)*")
# After a "\n": a line whose leading list markers may reach column 18 (or
# may, with tabs), so that its list may nest ten deep.
_DEEP_LIST = re.compile(
    r"\n(?=[ \-*+0-9.)]{18}|[ \-*+0-9.)]*\t)[ \t]*"
    r"(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)*(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t\n]|$)"
)

# markdown-it's seven HTML block kinds: (start, end, ends at a blank line).
_HTML_BLOCK_TYPES = [(start, end, bool(end.search(""))) for start, end, _ in HTML_SEQUENCES]

_Marker = Tuple[int, bool, int]  # (length incl. delimiter, ordered?, number)


def _indent(line: str) -> Tuple[int, str]:
    """(sCount, content): the indentation in columns (tabs to multiples of 4)
    and the line without its leading spaces and tabs (markdown-it's tShift)."""
    content = line.lstrip(" \t")
    width = len(line) - len(content)
    if width == 0:
        return 0, line
    if line.find("\t", 0, width) < 0:
        return width, content
    return _columns(0, line[:width]), content


def _columns(column: int, whitespace: str) -> int:
    """Column after ``whitespace`` (spaces and tabs) starting at ``column``."""
    for char in whitespace:
        if char == "\t":
            column += 4 - column % 4
        else:
            column += 1
    return column


def _list_marker(content: str) -> Optional[_Marker]:
    """A bullet (``-``, ``*``, ``+``) or ordered (``1.``, ``1)``, at most nine
    digits) list marker followed by a space, a tab or the end of the line."""
    first = content[:1]
    if first == "-" or first == "*" or first == "+":
        if content[1:2] in _SPACE_OR_END:
            return 1, False, 0
        return None
    if "0" <= first <= "9":
        rest = content.lstrip("0123456789")
        digits = len(content) - len(rest)
        if digits <= 9 and rest[:1] in (".", ")") and rest[1:2] in _SPACE_OR_END:
            return digits + 1, True, int(content[:digits])
    return None


def _may_be_reference(content: str) -> bool:
    """Could a link reference definition start here?  Certainly not when the
    label's first unescaped bracket on this line is "[" or a "]" without ":"."""
    match = _LABEL_START.match(content)
    after = content[match.end() : match.end() + 2] if match else ""
    return not (after[:1] == "[" or (after[:1] == "]" and after != "]:"))


def _is_hr(content: str) -> bool:
    """A thematic break: three or more of ``*``, ``-`` or ``_`` (the first
    character), and nothing else but spaces and tabs."""
    marker = content[0]
    count = content.count(marker)
    return count >= 3 and count + content.count(" ") + content.count("\t") == len(content)


def _is_underline(content: str) -> bool:
    """A setext underline: a run of ``=`` or ``-``, then only spaces/tabs."""
    return not content.rstrip(" \t").lstrip(content[0])


def _fence_opening(content: str) -> int:
    """Length of the fence marker run if ``content`` opens a fence, else 0."""
    marker = content[0]
    length = len(content) - len(content.lstrip(marker))
    if length < 3:
        return 0
    if marker == "`" and "`" in content[length:]:
        return 0
    return length


def _html_block_type(content: str) -> int:
    """Index into markdown-it's HTML_SEQUENCES (0..6), or -1.  Only types
    1, 3 and 4 start with "<!", only type 2 with "<?"."""
    second = content[1:2]
    if second == "!":
        candidates: Tuple[int, ...] = (1, 3, 4)
    elif second == "?":
        candidates = (2,)
    else:
        candidates = (0, 5, 6)
    for index in candidates:
        if _HTML_BLOCK_TYPES[index][0].search(content):
            return index
    return -1


def _atx_level(content: str) -> int:
    """Level of an ATX heading line (``content`` starts with "#"), or 0."""
    head = content[:8]
    hashes = len(head) - len(head.lstrip("#"))
    if hashes > 6 or (hashes < len(head) and head[hashes] not in " \t"):
        return 0
    return hashes


def _atx_text(content: str, level: int) -> str:
    """markdown-it's heading content: closing sequence and spaces removed."""
    rest = content[level:].rstrip(" \t")
    without_closing = rest.rstrip("#")
    if without_closing and without_closing[-1] in " \t":
        rest = without_closing
    return _md_trim(rest)


def _count_cells(row: str) -> int:
    """Number of cells markdown-it's ``escapedSplit`` gives for a trimmed row
    (after dropping the empty cells outside leading/trailing pipes)."""
    cells = row.count("|") - row.count("\\|") + 1
    if row.startswith("|"):
        cells -= 1
    if row.endswith("|") and not row.endswith("\\|"):
        cells -= 1  # (a lone "|" is both the leading and the trailing pipe)
    return cells


class _Scanner:
    """markdown-it's block tokenizer, reduced to what decides the top level.

    Methods mirror the block rules they stand for; ``blk`` is markdown-it's
    ``blkIndent`` (the content column of the enclosing list item), ``list_ind``
    its ``listIndent``, ``depth`` the number of enclosing list items.  Only
    blocks found at depth 0 are recorded.

    Everything goes line by line; at the top level the loops over fence
    bodies, table rows and list items look at a line only as far as needed.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.n = len(lines)
        self.blocks: List[Block] = []
        self.skim = True  # pass over top-level lists with skim_list()
        self.skimmed: List[Tuple[int, int]] = []  # the lines it passed over

    def run(self, checked: bool = False) -> List[Block]:
        n = self.n
        if not n:
            return self.blocks
        if not checked:
            text = "\n".join(self.lines)
            # markdown-it turns \r and \r\n into line breaks and NUL into U+FFFD;
            # a document with those inside its lines is left to markdown-it.
            if "\r" in text or "\x00" in text or text.count("\n") != n - 1:
                raise _Bail("\\r, NUL or a line break inside a line")
        self.top()
        if self.skimmed:
            # In a list nested ten deep markdown-it stops parsing (level 20)
            # and the list holds the rest of the document: if a skimmed list
            # may nest that deep, parse the lists in full after all.
            lines = self.lines
            listed = "\n".join(["\n".join(lines[start:end]) for start, end in self.skimmed])
            if _DEEP_LIST.search("\n" + listed):
                self.blocks = []
                self.skimmed = []
                self.skim = False
                self.top()
        return self.blocks

    # -- the block loop ------------------------------------------------------

    def top(self) -> None:
        """tokenize() at the top level, with the commonest blocks (ATX
        headings, paragraphs) started here."""
        lines = self.lines
        n = self.n
        blocks = self.blocks
        line = 0
        while line < n:
            text = lines[line]
            if not text:
                line += 1
                continue
            first = text[0]
            if first not in _BLOCK_FIRST and "|" not in text:
                # Only a paragraph (or setext heading) starts like this.
                line = self.paragraph(line, 0, -1, 0)
            elif first == "#" and "|" not in text:
                level = _atx_level(text)
                if level:
                    blocks.append(Block("heading", line, line + 1, level, _atx_text(text, level)))
                    line += 1
                else:
                    line = self.paragraph(line, 0, -1, 0)  # "#######", "#tag"
            else:
                if first == " " or first == "\t":
                    count, content = _indent(text)
                    if not content:
                        line += 1
                        continue
                else:
                    count, content = 0, text
                line = self.block(line, count, content, 0, -1, 0)

    def tokenize(
        self,
        line: int,
        blk: int,
        list_ind: int,
        depth: int,
        first_count: int,
        first_content: str,
    ) -> int:
        """markdown-it's tokenize() inside a list item: parse blocks from
        ``line`` until a non-blank line is indented less than ``blk``; return
        that line (or the end of the document).

        ``first_count``/``first_content`` replace the first line's indentation
        and content (the item's first line starts after its marker).
        """
        lines = self.lines
        n = self.n
        if first_content:
            line = self.block(line, first_count, first_content, blk, list_ind, depth)
        else:
            line += 1
        while line < n:
            text = lines[line]
            if not text:
                line += 1
                continue
            first = text[0]
            if first == " " or first == "\t":
                count, content = _indent(text)
                if not content:
                    line += 1
                    continue
                if count < blk:
                    break
            else:
                break  # column 0 is left of the item
            line = self.block(line, count, content, blk, list_ind, depth)
        return line

    def block(
        self, line: int, count: int, content: str, blk: int, list_ind: int, depth: int
    ) -> int:
        """Run the block rules in markdown-it's order at a non-blank line
        indented at least ``blk``; return the line after the block."""
        if count - blk >= 4:
            return self.code(line, blk)
        first = content[0]
        if "|" in content:
            columns = self.table_columns(line, count, content, blk)
            if columns:
                end = self.table_body(line, columns, blk, list_ind)
                if depth == 0:
                    self.blocks.append(Block("table", line, end))
                return end
        if first == "`" or first == "~":
            length = _fence_opening(content)
            if length:
                end = self.fence(line, first, length, blk)
                if depth == 0:
                    self.blocks.append(Block("fence", line, end))
                return end
        elif first == ">":
            if depth:
                raise _Bail("block quote inside a list item")
            return self.blockquote(line, content)
        if first in "*-_" and _is_hr(content):
            return line + 1
        if first in "*-+" or "0" <= first <= "9":
            marker = _list_marker(content)
            if marker is not None:
                return self.list(line, count, content, marker, blk, depth)
        elif first == "[" and _may_be_reference(content):
            return self.reference(line, blk)
        elif first == "<":
            kind = _html_block_type(content)
            if kind >= 0:
                return self.html_block(line, content, kind, blk)
        elif first == "#":
            level = _atx_level(content)
            if level:
                if depth == 0:
                    self.blocks.append(
                        Block("heading", line, line + 1, level, _atx_text(content, level))
                    )
                return line + 1
        return self.paragraph(line, blk, list_ind, depth)

    # -- terminators ---------------------------------------------------------

    def interrupts(
        self, line: int, count: int, content: str, blk: int, list_ind: int, parent: str
    ) -> bool:
        """Would a block rule start at this non-blank line and end the
        current ``parent`` block ("paragraph", "table", "blockquote" or
        "list")?  markdown-it's terminator rules in silent mode."""
        if count - blk >= 4:
            return False
        first = content[0]
        if (first == "`" or first == "~") and _fence_opening(content):
            return True
        if first == ">":
            return True
        if first in "*-_" and _is_hr(content):
            return True
        if parent == "list":
            return False
        if parent == "paragraph" and "|" in content:
            if self.table_columns(line, count, content, blk):
                return True
        if first in "*-+" or "0" <= first <= "9":
            marker = _list_marker(content)
            if marker is None:
                return False
            if list_ind >= 0 and count - list_ind >= 4 and count < blk:
                return False  # "this one is a paragraph continuation"
            if parent == "paragraph" and count >= blk:
                length, ordered, number = marker
                if ordered and number != 1:
                    return False
                if not content[length:].strip(" \t"):
                    return False
            return True
        if first == "<":
            return 0 <= _html_block_type(content) < 6
        if first == "#":
            return _atx_level(content) > 0
        return False

    # -- leaf blocks ---------------------------------------------------------

    def code(self, line: int, blk: int) -> int:
        """Line after the indented code block that starts at ``line``."""
        lines = self.lines
        n = self.n
        last = line = line + 1
        while line < n:
            text = lines[line]
            if not text:
                line += 1
                continue
            if text[0] != " " and text[0] != "\t":
                break
            count, content = _indent(text)
            if content and count - blk < 4:
                break
            line += 1
            if content:
                last = line
        return last

    def fence(self, line: int, marker: str, length: int, blk: int) -> int:
        """Line after the fence that opens at ``line``."""
        lines = self.lines
        n = self.n
        closing = marker * length
        line += 1
        if not blk:
            # Only a line holding the marker run can close the fence.
            while line < n:
                text = lines[line]
                if closing in text:
                    content = text.lstrip(" ")
                    if (
                        len(text) - len(content) < 4
                        and content.startswith(closing)
                        and not content.lstrip(marker).strip(" \t")
                    ):
                        return line + 1
                line += 1
            return n
        while line < n:
            text = lines[line]
            first = text[:1]
            if first == " " or first == "\t":
                count, content = _indent(text)
                if content:
                    if count < blk:
                        return line  # a non-blank line left of the item ends it
                    if (
                        content[0] == marker
                        and count - blk < 4
                        and content.startswith(closing)
                        and not content.lstrip(marker).strip(" \t")
                    ):
                        return line + 1
            elif first:
                return line  # column 0 is left of the item
            line += 1
        return n

    def html_block(self, line: int, content: str, kind: int, blk: int) -> int:
        """Line after the HTML block that starts at ``line``."""
        lines = self.lines
        n = self.n
        _start, end_re, ends_on_blank = _HTML_BLOCK_TYPES[kind]
        line += 1
        if end_re.search(content):
            return line
        while line < n:
            count, content = _indent(lines[line])
            if count < blk and (ends_on_blank or content):
                return line
            if end_re.search(content):
                return line + 1 if content else line
            line += 1
        return n

    def paragraph(self, start: int, blk: int, list_ind: int, depth: int) -> int:
        """A paragraph or setext heading starting at ``start``; markdown-it
        tries lheading first, which scans the same lines as paragraph but
        also stops at an underline."""
        lines = self.lines
        n = self.n
        line = start + 1
        while line < n:
            text = lines[line]
            if not text:
                break
            if text[0] not in _NOT_PLAIN:  # cannot start a block: continuation
                line += 1
                continue
            count, content = _indent(text)
            if not content:
                break
            if count - blk > 3:
                line += 1
                continue
            # The previous line was taken as a continuation without looking
            # at this one; it starts a table if this is its delimiter row.
            if line - 1 > start and content[0] in "|-:" and count >= blk:
                head_count, head = _indent(lines[line - 1])
                if "|" in head and self.table_columns(line - 1, head_count, head, blk):
                    return line - 1
            if count >= blk and content[0] in "=-" and _is_underline(content):
                if depth == 0:
                    text = _md_trim("\n".join(lines[start:line]))
                    level = 1 if content[0] == "=" else 2
                    self.blocks.append(Block("heading", start, line + 1, level, text))
                return line + 1
            if self.interrupts(line, count, content, blk, list_ind, "paragraph"):
                break
            line += 1
        return line

    def reference(self, start: int, blk: int) -> int:
        """A paragraph that may begin with link reference definitions.

        markdown-it parses the definitions, then parses what is left of the
        paragraph's lines afresh.  That changes nothing we report unless a
        line of the rest could start a block a paragraph line cannot (code,
        a list item that may not interrupt a paragraph, a type 7 HTML block),
        or the lines hold a setext underline; leave those to markdown-it.
        """
        if blk:
            raise _Bail("link reference definition inside a list item")
        lines = self.lines
        n = self.n
        line = start + 1
        while line < n:
            text = lines[line]
            if not text:
                break
            if text[0] not in _NOT_PLAIN:
                line += 1
                continue
            count, content = _indent(text)
            if not content:
                break
            if count >= 4:
                raise _Bail("indented line after a link reference definition")
            if line - 1 > start and content[0] in "|-:":
                head_count, head = _indent(lines[line - 1])
                if "|" in head and self.table_columns(line - 1, head_count, head, 0):
                    return line - 1
            if content[0] in "=-" and _is_underline(content):
                raise _Bail("setext underline after a link reference definition")
            if self.interrupts(line, count, content, 0, -1, "paragraph"):
                break
            if content[0] == "<" or _list_marker(content) is not None:
                raise _Bail("block start after a link reference definition")
            line += 1
        return line

    # -- tables --------------------------------------------------------------

    def table_columns(self, line: int, count: int, content: str, blk: int) -> int:
        """Column count if ``line`` is a table header whose next line is a
        matching delimiter row, else 0 (markdown-it's table rule, up to the
        body)."""
        if line + 1 >= self.n or count - blk >= 4:
            return 0
        delimiter_count, delimiter = _indent(self.lines[line + 1])
        if delimiter_count < blk or delimiter_count - blk >= 4 or len(delimiter) < 2:
            return 0
        first, second = delimiter[0], delimiter[1]
        if first not in "|-:" or second not in "|-: \t":
            return 0
        if first == "-" and second in " \t":
            return 0
        # Cells of ":?-+:?" between pipes; only the first and the last part
        # of the row split at "|" may be blank.
        if not _DELIMITER_ROW.match(delimiter):
            return 0
        aligns = delimiter.count("|") + 1
        if first == "|":
            aligns -= 1
        if delimiter.rstrip(" \t").endswith("|"):
            aligns -= 1
        header = _md_trim(content)
        if "|" not in header:
            return 0
        columns = _count_cells(header)
        if columns == 0 or columns != aligns:
            return 0
        return columns

    def table_body(self, start: int, columns: int, blk: int, list_ind: int) -> int:
        """Line after the table whose header is at ``start``."""
        lines = self.lines
        n = self.n
        line = start + 2
        # Rows with fewer cells than the header are padded; markdown-it stops
        # the table once it has padded 65536 cells.  Count only if possible.
        count_cells = (n - line) * columns > _MAX_AUTOCOMPLETED_CELLS
        padded = 0
        while line < n:
            if not blk and not count_cells:
                # A row starting with "|" goes on the table: no rule that
                # could end it starts with "|".
                while line < n and lines[line][:1] == "|":
                    line += 1
                if line == n:
                    break
            count, content = _indent(lines[line])
            if count < blk or not content:
                break
            if self.interrupts(line, count, content, blk, list_ind, "table"):
                break
            row = _md_trim(content)
            if not row or count - blk >= 4:
                break
            if count_cells:
                padded += columns - _count_cells(row)
                if padded > _MAX_AUTOCOMPLETED_CELLS:
                    break
            line += 1
        return line

    # -- containers ----------------------------------------------------------

    def blockquote(self, start: int, content: str) -> int:
        """A top-level block quote; its content is never top level.

        Without lazy continuation lines markdown-it's nested parse consumes
        every line the block quote collected.  Lazy lines are consumed too if
        they continue a paragraph; that is certain only when every line of
        the quote is plain paragraph text (or blank).
        """
        lines = self.lines
        n = self.n
        last_empty = not content[1:].strip(" \t")
        lazy = False
        line = start + 1
        while line < n:
            count, content = _indent(lines[line])
            if not content:
                break
            if content[0] == ">":
                last_empty = not content[1:].strip(" \t")
            elif last_empty or self.interrupts(line, count, content, 0, -1, "blockquote"):
                break
            else:
                lazy = True
            line += 1
        if lazy:
            for quoted in lines[start:line]:
                quoted = quoted.lstrip(" \t")
                if quoted[:1] == ">" and not _quoted_line_is_plain(quoted):
                    raise _Bail("lazy continuation of a block quote with non-paragraph content")
        return line

    def list(
        self, line: int, count: int, content: str, marker: _Marker, blk: int, depth: int
    ) -> int:
        """A list starting at ``line``; return the line after it."""
        if depth == 0 and self.skim:
            end = self.skim_list(line, count, content, marker)
            if end is not None:
                return end
        if depth + 1 >= _MAX_LIST_DEPTH:
            raise _Bail("deeply nested list")
        lines = self.lines
        n = self.n
        length, ordered, _number = marker
        marker_char = content[length - 1]
        while True:
            offset, rest, indent = _item_indent(count, content, length)
            if not rest and (line + 1 >= n or not lines[line + 1].strip(" \t")):
                line = min(line + 2, n)  # an empty item ends before a blank line
            else:
                line = self.tokenize(line, indent, blk, depth + 1, offset, rest)
            if line >= n:
                break
            count, content = _indent(lines[line])
            if count < blk or count - blk >= 4 or not content:
                break
            if self.interrupts(line, count, content, blk, -1, "list"):
                break
            next_marker = _list_marker(content)
            if next_marker is None or next_marker[1] != ordered:
                break
            length = next_marker[0]
            if content[length - 1] != marker_char:
                break
        return line

    def skim_list(
        self, start: int, count: int, content: str, marker: _Marker
    ) -> Optional[int]:
        """The end of a top-level list found without parsing its items, or
        None when that needs the full parse (``list()``).

        Nothing inside a list is top level, so only its end matters.  A line
        indented at least to the item's content column belongs to the item.
        A less indented non-blank line ends the item if the line before it
        was blank, or if it would end whatever block it follows (a list
        marker, fence, block quote, thematic break, ATX heading or HTML
        block); otherwise it may be a lazy paragraph continuation, which
        needs the full parse.  The list then goes on only with another item
        of the same kind.  (Whether a skimmed list may nest ten deep, where
        markdown-it stops parsing, is checked once at the end: run().)
        """
        lines = self.lines
        n = self.n
        length, ordered, _number = marker
        marker_char = content[length - 1]
        # "- text" starts another item with content indent 2 (a third
        # character other than the marker rules out a thematic break), and
        # "12. text" one with content indent 4.
        simple_item = "\x00" if ordered else marker_char + " "  # (no line has NUL)
        not_simple = (marker_char, " ", "\t", "")
        line = start
        new_item = True
        while new_item:
            # An item starts at `line`; its marker is `length` characters.
            new_item = False
            _offset, rest, indent = _item_indent(count, content, length)
            pad = " " * indent
            # An empty first line leaves no paragraph open either.
            after_blank = not rest
            line += 1
            if after_blank and (line >= n or not lines[line].strip(" \t")):
                line += 1  # an empty item ends before a blank line
                if line < n:
                    count, content = _indent(lines[line])
                    length = _same_list_item(count, content, ordered, marker_char)
                    new_item = length > 0
                continue
            while line < n:
                text = lines[line]
                if text.startswith(pad):
                    after_blank = False
                elif not text:
                    after_blank = True
                elif text.startswith(simple_item) and text[2:3] not in not_simple:
                    indent = 2
                    pad = "  "
                    after_blank = False
                elif ordered and "0" <= text[0] <= "9" and _ORDERED_ITEM.match(text):
                    match = _ORDERED_ITEM.match(text)
                    if text[match.end() - 2] != marker_char:
                        break  # a list of the other kind starts here
                    indent = match.end()
                    pad = " " * indent
                    after_blank = False
                else:
                    count, content = _indent(text)
                    if not content:
                        after_blank = True
                    elif count >= indent:
                        after_blank = False  # indented with tabs
                    else:
                        # Left of the item's content: the item ends here,
                        # unless this is a lazy continuation line.
                        if count < 4 and content[0] in _MARKER_FIRST:
                            length = _same_list_item(count, content, ordered, marker_char)
                            if length:
                                new_item = True
                                break
                        if after_blank or _ends_any_block(count, content):
                            break
                        return None
                line += 1
        end = min(line, n)
        self.skimmed.append((start, end))
        return end



def _item_indent(count: int, content: str, length: int) -> Tuple[int, str, int]:
    """For a list item line (indentation ``count``, marker ``length`` chars):
    the column of its content, the content, and the item's content indent."""
    after = content[length:]
    rest = after.lstrip(" \t")
    initial = count + length
    spaces = len(after) - len(rest)
    if "\t" in after[:spaces]:
        offset = _columns(initial, after[:spaces])
    else:
        offset = initial + spaces
    if rest:
        indent_after = offset - initial
        if indent_after > 4:
            indent_after = 1  # the rest is an indented code block
    else:
        indent_after = 1
    return offset, rest, initial + indent_after


def _same_list_item(count: int, content: str, ordered: bool, marker_char: str) -> int:
    """Marker length if this line starts another item of a (top-level) list
    of this kind, else 0: markdown-it's checks after a list item ends."""
    if count >= 4 or not content:
        return 0
    marker = _list_marker(content)
    if marker is None or marker[1] != ordered or content[marker[0] - 1] != marker_char:
        return 0
    if content[0] in "*-" and _is_hr(content):
        return 0  # a thematic break ends the list
    return marker[0]


def _ends_any_block(count: int, content: str) -> bool:
    """Does this line, indented less than the enclosing list item's content,
    end any block inside the item (so it cannot be a lazy continuation)?"""
    if count >= 4:
        return False
    first = content[0]
    if first == ">":
        return True
    if (first == "`" or first == "~") and _fence_opening(content):
        return True
    if first in "*-_" and _is_hr(content):
        return True
    if first in _MARKER_FIRST and _list_marker(content) is not None:
        return True
    if first == "#":
        return _atx_level(content) > 0
    if first == "<":
        return 0 <= _html_block_type(content) < 6
    return False


def _quoted_line_is_plain(content: str) -> bool:
    """Is a ``>`` line blank or paragraph text that nothing could turn into
    another block (or into an underline or a table delimiter row)?"""
    rest = content[1:]
    if rest[:1] == " ":
        rest = rest[1:]
    if not rest.strip(" \t"):
        return True
    body = rest.lstrip(" ")
    if len(rest) - len(body) >= 4 or body[0] in "\t>`~<#|:=":
        return False
    if body[0] == "[" and _may_be_reference(body):
        return False
    if body[0] in "*-_+" and (
        _is_hr(body) or _list_marker(body) is not None or _is_underline(body)
    ):
        return False
    if body[0] == "-" and _DELIMITER_ROW.match(body):
        return False
    if "0" <= body[0] <= "9" and _list_marker(body) is not None:
        return False
    return True
