"""Read a document's header when it is not YAML front matter: the same `FrontMatter` and
`Field` model hooks/parse/frontmatter.py gives (lines, columns, comments, an error with its
place), so every rule that reads a header reads these too.

The formats (`layout.series[].header.format`, docs/layouts.md 2.3):

- `yaml`: YAML front matter between `---` lines: hooks/parse/frontmatter.py, untouched.
- `rfc822`: `Key: Value` lines between `---` lines. Values are taken as written (no YAML
  typing: backticks, `@`, quotes and colons are text), an indented line continues the value
  above it (joined with a space), a line starting with `#` is a comment.
- `fenced`: the same lines inside the first fenced code block of the document, which may
  follow the H1 (`# SLIP-0044 : Title`, then the block).
- `preamble`: the same lines in the section of a heading named `Preamble` (any level); blank
  lines between them are allowed, and so are bold keys (`**SIP Number:** 028`).
- `table`: a two-column Markdown table at the top (`| Field | Value |`).
- `auto`: the first of these found (a `---` block YAML can read is YAML; one only RFC-822
  can read is RFC-822).

A header that cannot be read is a `FrontMatter` whose `error` says what and where, never
an exception. `start`..`end` (0-based, inclusive) are the header's lines: the opening
`---`, fence or Preamble heading to the closing `---`, fence or the section's last line.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .frontmatter import MAX_CHARS, MAX_LINES, Field, FrontMatter, FrontMatterError, parse_front_matter
from .table import CONFLICT_MARKER, is_delimiter_row, split_cells

FORMATS = ("yaml", "rfc822", "fenced", "preamble", "table", "auto")

# `Key:` then a space or the end of the line. Keys are words (letters, digits and
# `_ . ( ) / ' -`) separated by single spaces: `Last Updated`, `SIP Number`, `Post-History`.
_KEY = re.compile(r"([^\W\d][\w.()/'-]*(?: [\w.()/'-]+)*)[ \t]*:(?=[ \t]|$)")
# `**Key:**` or `**Key**:` (and `__` for `**`), in a preamble.
_BOLD_KEY = re.compile(r"(\*\*|__)([^\W\d][\w.()/' -]*?)(?::\1|\1[ \t]*:)(?=[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^`]*)")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_TABLE_HEADINGS = (frozenset({"field", "key", "name", "property", "header"}), frozenset({"value", ""}))


def parse_header(lines: Sequence[str], format: str) -> Optional[FrontMatter]:
    """The header of a document in `format`; None when the document has none."""
    if format == "yaml":
        return parse_front_matter(lines)
    if format == "auto":
        return _auto(lines)
    return _READERS[format](lines)


def _auto(lines: Sequence[str]) -> Optional[FrontMatter]:
    if lines and lines[0].rstrip() == "---":
        yaml = parse_front_matter(lines)
        if yaml is None or yaml.error is None:
            return yaml
        other = _rfc822(lines)
        return other if other is not None and other.error is None else yaml
    for reader in (_fenced, _preamble, _table):
        found = reader(lines)
        if found is not None:
            return found
    return None


# -- the formats ---------------------------------------------------------------------


def _rfc822(lines: Sequence[str]) -> Optional[FrontMatter]:
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return _read_block(lines, 0, index, 1, index, "rfc822")
    return _failed(0, 0, "the header is not closed: add a '---' line after the last field", 1, None, "rfc822")


def _fenced(lines: Sequence[str]) -> Optional[FrontMatter]:
    index = _after_title(lines)
    if index is None:
        return None
    opening = _FENCE.fullmatch(lines[index].rstrip())
    if opening is None or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
        return None
    fence = opening.group(1)
    for end in range(index + 1, len(lines)):
        closing = _FENCE.fullmatch(lines[end].rstrip())
        if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence) and not closing.group(2).strip():
            return _read_block(lines, index, end, index + 1, end, "fenced")
    message = f"the header's fenced block is not closed: add a '{fence}' line after the last field"
    return _failed(index, index, message, index + 1, None, "fenced")


def _preamble(lines: Sequence[str]) -> Optional[FrontMatter]:
    inside: Optional[str] = None  # the fence of the code block being skipped
    start = None
    for index, line in enumerate(lines):
        fence = _FENCE.fullmatch(line.rstrip())
        if inside is not None:
            if fence and fence.group(1)[0] == inside[0] and len(fence.group(1)) >= len(inside) and not fence.group(2).strip():
                inside = None
            continue
        if fence is not None:
            inside = fence.group(1)
            continue
        heading = _ATX.fullmatch(line)
        if heading is None:
            continue
        if start is not None:  # the next heading ends the section
            return _read_block(lines, start, _last_line(lines, start, index), start + 1, index, "preamble", bold=True)
        if _plain(heading.group(2) or "") == "preamble":
            start = index
    if start is None:
        return None
    return _read_block(lines, start, _last_line(lines, start, len(lines)), start + 1, len(lines), "preamble", bold=True)


def _last_line(lines: Sequence[str], start: int, stop: int) -> int:
    """The last line of a section that runs from `start` to before `stop`; a thematic break
    (`---`) ends it too."""
    for index in range(start + 1, stop):
        if _BREAK.fullmatch(lines[index]):
            return index - 1
    return stop - 1


def _table(lines: Sequence[str]) -> Optional[FrontMatter]:
    start = _after_title(lines)
    if start is None or not lines[start].lstrip().startswith("|"):
        return None
    if start + 1 >= len(lines) or not _two_column_delimiter(lines[start + 1]):
        return None
    end = start + 1
    while end + 1 < len(lines) and lines[end + 1].lstrip().startswith("|"):
        end += 1
    fields: Dict[str, Field] = {}
    folded: Dict[str, Field] = {}
    header = _cells(lines[start])
    rows = [(start, header)] if len(header) == 2 and not _generic_heading(header) else []
    rows += [(index, _cells(lines[index])) for index in range(start + 2, end + 1)]
    for index, cells in rows:
        if len(cells) != 2:
            message = f"a row of the header table has {len(cells)} cells; write two: '| Key | Value |'"
            return _failed(start, end, message, index + 1, 1, "table")
        (key, _), (value, column) = cells
        key = _plain_key(key)
        if not key:
            return _failed(start, end, "a row of the header table has no key in its first cell", index + 1, 1, "table")
        error = _add(fields, folded, Field(key, value or None, "scalar", index + 1, column if value else 1))
        if error:
            return _failed(start, end, error, index + 1, 1, "table")
    return FrontMatter(start, end, fields, (), None, "table")


def _two_column_delimiter(line: str) -> bool:
    """Whether a line is the delimiter row of a two-column table (`|---|---|`)."""
    return is_delimiter_row(line) and len(split_cells(line)) == 2


def _after_title(lines: Sequence[str]) -> Optional[int]:
    """The index of the first line after leading blank lines, an optional H1 and the blank
    lines after it; None when there is no such line."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines):
        heading = _ATX.fullmatch(lines[index])
        if heading is not None and heading.group(1) == "#":
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
    return index if index < len(lines) else None


# -- `Key: Value` lines ----------------------------------------------------------------


def _read_block(
    lines: Sequence[str], start: int, end: int, first: int, stop: int, format: str, bold: bool = False
) -> FrontMatter:
    """The `Key: Value` lines from `first` to before `stop`; the header spans `start`..`end`."""
    count = stop - first
    chars = sum(len(line) + 1 for line in lines[first:stop])
    if count > MAX_LINES or chars > MAX_CHARS:
        message = f"header too large: {count} lines, {chars} characters (at most {MAX_LINES} lines and {MAX_CHARS} characters)"
        return _failed(start, end, message, start + 1, None, format)
    fields: Dict[str, Field] = {}
    folded: Dict[str, Field] = {}
    comments: List[Tuple[int, str]] = []
    last: Optional[Field] = None
    for index in range(first, stop):
        line = lines[index]
        number = index + 1
        content = line.strip()
        if not content:
            last = None
            continue
        marker = CONFLICT_MARKER.match(line)
        if marker:
            message = f"unresolved merge conflict marker '{marker.group(1)}': resolve the conflict"
            return _failed(start, end, message, number, 1, format)
        if content.startswith("#"):
            comments.append((number, content[1:].strip(" \t")))
            continue
        if line[0] in " \t":
            if last is None:
                message = (
                    "an indented line continues the value of the field above it, but there is none; start the "
                    "line with 'Key: '"
                )
                return _failed(start, end, message, number, len(line) - len(line.lstrip(" \t")) + 1, format)
            value = f"{last.value} {content}" if last.value else content
            last = last._replace(value=value)
            fields[last.key] = folded[last.key.casefold()] = last
            continue
        key, column = _key(line, bold)
        if key is None:
            message = (
                f"'{_short(content)}' is not a 'Key: Value' line; write 'Key: Value', indent a line that continues "
                "the value above it, or start a comment with '#'"
            )
            return _failed(start, end, message, number, 1, format)
        value = line[column - 1 :].strip(" \t") if column else ""
        field = Field(key, value or None, "scalar", number, column if value else 1)
        error = _add(fields, folded, field)
        if error:
            return _failed(start, end, error, number, 1, format)
        last = field
    return FrontMatter(start, end, fields, tuple(comments), None, format)


def _key(line: str, bold: bool) -> Tuple[Optional[str], int]:
    """(the key, the 1-based column where its value starts) of a `Key: Value` line, or
    (None, 0). The column is past the line's end when the value is empty."""
    found = _KEY.match(line)
    if found is None and bold:
        found = _BOLD_KEY.match(line)
        key = found.group(2).strip() if found else None
    else:
        key = found.group(1) if found else None
    if found is None or not key:
        return None, 0
    rest = line[found.end() :]
    return key, found.end() + len(rest) - len(rest.lstrip(" \t")) + 1


def _add(fields: Dict[str, Field], folded: Dict[str, Field], field: Field) -> Optional[str]:
    """Add a field, or say why not: a key given twice (whatever its case)."""
    other = folded.get(field.key.casefold())
    if other is not None:
        return f"duplicate key '{field.key}' (first on line {other.line})"
    fields[field.key] = folded[field.key.casefold()] = field
    return None


def _cells(line: str) -> List[Tuple[str, int]]:
    """(text, 1-based column) of each cell of a table line; `\\|` does not split."""
    cells = []
    position = line.index("|") + 1 if "|" in line else 0
    start = position
    index = position
    while index <= len(line):
        if index == len(line) or (line[index] == "|" and line[index - 1] != "\\"):
            raw = line[start:index]
            text = raw.strip()
            cells.append((text, start + len(raw) - len(raw.lstrip()) + 1))
            start = index + 1
        index += 1
    if cells and not cells[-1][0] and line.rstrip().endswith("|"):
        cells.pop()
    return cells


def _generic_heading(header: List[Tuple[str, int]]) -> bool:
    """Whether a table's header row names its columns (`| Field | Value |`) rather than
    holding the first field."""
    first, second = (_plain(text) for text, _ in header)
    return (first in _TABLE_HEADINGS[0] or not first) and second in _TABLE_HEADINGS[1]


def _plain(text: str) -> str:
    return " ".join(text.replace("*", " ").replace("_", " ").replace("`", " ").replace(":", " ").split()).casefold()


def _plain_key(text: str) -> str:
    return text.strip().strip("*_`").strip().rstrip(":").strip().strip("*_`").strip()


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."


def _failed(start: int, end: int, message: str, line: int, column: Optional[int], format: str) -> FrontMatter:
    return FrontMatter(start, end, {}, (), FrontMatterError(message, line, column), format)


_READERS: Dict[str, Callable[[Sequence[str]], Optional[FrontMatter]]] = {
    "rfc822": _rfc822,
    "fenced": _fenced,
    "preamble": _preamble,
    "table": _table,
}


# -- editing a value in place ------------------------------------------------------------


def replace_value(text: str, lines: Sequence[str], offsets: Sequence[int], field: Field, value: str) -> Optional[str]:
    """`text` with `field`'s value replaced by `value`, every other character as it was;
    None when the value is not written whole at the field's line and column (a quoted YAML
    value, a value continued on the next line, an empty one)."""
    if not field.value or field.kind != "scalar" or field.line > len(lines):
        return None
    line = lines[field.line - 1]
    start = field.column - 1
    if line[start : start + len(field.value)] != field.value:
        return None
    at = offsets[field.line - 1] + start
    return text[:at] + value + text[at + len(field.value) :]
