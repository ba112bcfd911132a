"""Markdown table syntax, in one place: how a table line splits into cells, how text is
escaped into a cell and read back, the one-link cell `[text](target "title")`, delimiter
rows, merge-conflict marker lines and the display width of a cell.

Every reader and writer of a table (the registry parser and its fixes, `bep new`, `bep
adopt`, the overview, the git diff reader) asks here; nothing here knows what a table
means. Cells are split the way GFM (and markdown-it-py) split them: on every pipe that is
not preceded by a backslash, code spans included.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, NamedTuple, Optional

from .markdown_constants import MD_TRIM_CHARS as _TRIM

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_LINK_TEXT = re.compile(r"\[(?P<text>[^\]]*)\]\(")
# A link destination without `<>`: up to a space or a parenthesis, but a backslash escape
# (`a\(b\).md`) is part of it (CommonMark; a balanced `a(b).md` is not read here). The
# alternatives never overlap: a backslash escapes the next character only if it is ASCII
# punctuation.
_ESCAPABLE = r"[!-/:-@\[-`{-~]"
_LINK_PLAIN_TARGET = re.compile(rf"(?:\\{_ESCAPABLE}|\\(?!{_ESCAPABLE})|[^\s()\\])*")
_LINK_TITLE = re.compile(r"\"[^\"]*\"|'[^']*'")

# git's merge-conflict markers: seven of <, |, = or > at the start of a line, then a
# space or tab (and git's label) or the end of the line. The one definition every
# reader uses (the registry, a document, its front matter).
CONFLICT_MARKER = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t]|$)")
CONFLICT_STARTS = ("<" * 7, "|" * 7, "=" * 7, ">" * 7)  # (a cheaper test first)

# A table delimiter row (markdown-it's table rule): cells of ":?-+:?" between pipes; only
# the parts before the first and after the last pipe may be blank. Matched against the
# line without its indentation.
_DELIMITER_CELL = r"[ \t]*:?-+:?[ \t]*"
DELIMITER_ROW = re.compile(r"\|?" + _DELIMITER_CELL + r"(?:\|" + _DELIMITER_CELL + r")*(?:\|[ \t]*)?\Z")


def is_delimiter_row(line: str) -> bool:
    """Whether a line is a table's delimiter row (`|---|:--:|`), indentation aside. A
    single `-` is not one (it is a list item or a setext underline)."""
    text = line.lstrip(" \t")
    return "-" in text and ("|" in text or ":" in text) and DELIMITER_ROW.match(text) is not None


def split_cells(line: str) -> List[str]:
    """Cells of a table line as markdown-it splits them, escapes kept as written.

    Trimmed with markdown-it's whitespace set, not `str.strip()`: that one also removes
    U+001C..U+001F and U+0085, which are text to Markdown (the fixer would drop them).
    """
    line = line.strip(_TRIM)
    # Without a backslash every pipe splits: str.split, ten times faster on a big registry.
    cells = line.split("|") if "\\" not in line else UNESCAPED_PIPE.split(line)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return [cell.strip(_TRIM) for cell in cells]  # markdown-it's trim, without a call per cell


class Link(NamedTuple):
    """A cell that is one link `[text](target "title")`: its text and target as written,
    and where the target starts and ends in the cell (so a fix can replace it alone)."""

    text: str
    target: str
    start: int
    end: int


class CellError(ValueError):
    """Text that no table cell can hold (a line break, NUL, a name that is not UTF-8):
    the row is left as it was and the user told why."""


def _refuse_uncellable(text: str, what: str) -> None:
    for char, name in (("\r", "a carriage return"), ("\n", "a line break"), ("\0", "a NUL byte")):
        if char in text:
            raise CellError(f"{what} '{text}' holds {name}, which no table cell can hold")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CellError(f"{what} '{text}' is not valid UTF-8, which no README can hold") from None


def escape_cell(text: str) -> str:
    """Markdown `text` for a table cell, the one way cell text is written.

    Every `|` gets one more backslash: GFM (and markdown-it) split a row on every pipe a
    backslash does not precede, and drop exactly that one backslash, so the cell reads
    back as `text` (`a|b`, `a\\|b` and code spans alike; `cell_text` is the inverse). A
    cell's outer whitespace is not part of it: callers give stripped text. CellError for
    text no cell can hold (CR, LF, NUL, not UTF-8).
    """
    _refuse_uncellable(text, "the text")
    return text.replace("|", "\\|")


def cell_text(cell: str) -> str:
    """The Markdown text a cell holds, as written in the table: `escape_cell`'s inverse."""
    return cell.replace("\\|", "|") if "\\|" in cell else cell


# A link destination: percent-encode what Markdown, the table or a URL would read as
# something else. `%` first; the reader (and a browser) percent-decode it back.
_DESTINATION_ESCAPES = {char: f"%{ord(char):02X}" for char in "% <>()|\\&#?[]`*_\t"}


def escape_destination(path: str) -> str:
    """A relative path as a link destination in a table cell that leads to exactly that
    file: spaces (any Unicode space), `<`, `>`, `(`, `)`, `|`, backslashes, `&`, `#`, `?`
    and characters that do not print are percent-encoded, a first segment with `:` (read as a URL scheme) gets `./`.
    CellError for a name no cell can hold (CR, LF, NUL, not UTF-8)."""
    _refuse_uncellable(path, "the file name")
    # (every Unicode space but " ", which the table escapes, is a character that does not print)
    escaped = "".join(
        _DESTINATION_ESCAPES.get(char) or ("".join(f"%{b:02X}" for b in char.encode()) if not char.isprintable() else char)
        for char in path
    )
    if ":" in escaped.split("/", 1)[0]:
        escaped = "./" + escaped
    return escaped


def inline_link(cell: str) -> Optional[Link]:
    """The link when the whole cell is one link `[text](target "title")`, else None.

    Read by hand: as one regular expression, the optional spaces around the target and
    title backtracked quadratically, and a cell of spaces took hours.
    """
    head = _LINK_TEXT.match(cell)
    if head is None or not cell.endswith(")"):
        return None
    inside = cell[head.end() : -1]
    body = inside.lstrip()
    start = head.end() + len(inside) - len(body)
    targets = [_LINK_PLAIN_TARGET.match(body).group()]
    if body.startswith("<") and ">" in body:
        targets.insert(0, body[: body.index(">") + 1])
    for target in targets:
        rest = body[len(target) :]
        title = rest.strip()
        if not title or (rest[:1].isspace() and _LINK_TITLE.fullmatch(title)):
            return Link(head.group("text"), target, start, start + len(target))
    if body != inside and _LINK_TITLE.fullmatch(body.rstrip()):
        return Link(head.group("text"), "", start, start)  # no target, only a title
    return None


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_external(link: str) -> bool:
    """Whether a link names a scheme (`https:`, `mailto:`): it leads out of the repository."""
    return _SCHEME.match(link) is not None


def display_width(text: str) -> int:
    """Columns a terminal or an aligned table gives `text` (East Asian wide characters
    take two, combining marks none): the one measure, for tables and reports."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width
