"""Read the YAML front matter of a proposal: the ``---`` block at the top.

Why two paths, and how they are kept equal
------------------------------------------
A full check reads every proposal (~736 of them) within ~0.4 ms each, and
ruamel.yaml needs ~0.5 ms for even a tiny front matter.  Nearly every real front
matter is a flat list of ``Key: plain value`` lines, so there are two readers:

* ``_parse_fast`` reads that common shape by hand in a few microseconds.  It
  declines (returns None) on the first line whose YAML meaning it is not
  certain about: quotes, flow collections, indicators at the start of a value,
  ``- `` items, indented lines, ``: `` inside a value, tabs, odd characters,
  duplicate keys, anything that is not a key, comment or blank line.
* ``_parse_yaml`` reads everything else with ruamel.yaml's composer, which
  keeps scalars as the text written (no dates or floats), never expands
  aliases, and gives positions for syntax errors.

The fast path only accepts lines whose meaning is unambiguous, and
tests/test_frontmatter_properties.py checks with hypothesis that whenever it
accepts an input it returns exactly what the ruamel path returns (fields,
values, kinds, lines, columns, comments).  A change to either path must keep
that test passing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, NamedTuple, Sequence

from .table import CONFLICT_MARKER

if TYPE_CHECKING:  # pragma: no cover
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import Node

# ruamel.yaml is imported by the functions of its path, on first use: importing it costs
# more than a one-file check, and the fast path reads nearly every real front matter.

MAX_LINES = 2000
MAX_CHARS = 64 * 1024
MAX_DEPTH = 50  # nesting levels; front matter is flat, this only stops abuse

_NOT_CLOSED = "front matter is not closed: add a '---' line after the last field"
_NOT_A_MAPPING = "front matter must be a mapping of 'Key: value' lines, found {}"


class Field(NamedTuple):
    """One ``Key: value`` of the front matter."""

    key: str
    value: str | None  # scalar text as YAML reads it, not converted; None when empty/null or not a scalar
    kind: str  # "scalar" | "sequence" | "mapping"
    line: int  # 1-based line of the key in the file
    column: int  # 1-based column of the value; the key's column when the value is empty or not on the key's line


class FrontMatterError(NamedTuple):
    message: str  # one sentence for a user: what is wrong
    line: int  # 1-based line in the file
    column: int | None


class FrontMatter(NamedTuple):
    start: int  # 0-based index of the opening '---' line
    end: int  # 0-based index of the closing '---' or '...' line; == start when not closed
    fields: dict[str, Field]  # in document order; empty on error
    comments: tuple[tuple[int, str], ...]  # (1-based line, text without '#' and surrounding spaces)
    error: FrontMatterError | None
    format: str = "yaml"  # the header format it was read as (hooks/parse/header.py reads the others)


def parse_front_matter(lines: Sequence[str]) -> FrontMatter | None:
    """None when the document does not start with a '---' line (no front matter)."""
    if not lines or lines[0].rstrip() != "---":
        return None
    start = 0
    end = _find_closing_line(lines, start)
    if end is None:
        return _failed(start, start, _NOT_CLOSED, start + 1, None)
    line_count = end - start - 1
    char_count = sum(len(line) + 1 for line in lines[start + 1 : end])
    if line_count > MAX_LINES or char_count > MAX_CHARS:
        message = (
            f"front matter too large: {line_count} lines, {char_count} characters"
            f" (at most {MAX_LINES} lines and {MAX_CHARS} characters)"
        )
        return _failed(start, end, message, start + 1, None)
    result = _parse_fast(lines, start, end)
    if result is None:
        result = _parse_yaml(lines, start, end)
    return result


def read_plain_mapping(lines: Sequence[str]) -> dict[str, str | None] | None:
    """A YAML text of nothing but ``Key: plain value`` lines (and comments), read by the
    fast path: each key's value as the plain scalar text, None when empty or null. None
    when the text holds anything else; it must then be read with ruamel.yaml."""
    result = _parse_fast(lines, -1, len(lines))
    return None if result is None else {key: field.value for key, field in result.fields.items()}


def _find_closing_line(lines: Sequence[str], start: int) -> int | None:
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index
    return None


def _failed(start: int, end: int, message: str, line: int, column: int | None) -> FrontMatter:
    return FrontMatter(start, end, {}, (), FrontMatterError(message, line, column))


def _comment_text(comment: str) -> str:
    """'#  Status: Draft ' -> 'Status: Draft' (one '#' removed, then the spaces)."""
    return comment[1:].strip(" \t")


# ---------------------------------------------------------------------------
# Fast path
# ---------------------------------------------------------------------------

# "Key:" at column 1, then nothing or a space and the rest.  Keys are words
# (letters, digits, '_', '.', '-') separated by single spaces: text that YAML
# reads as a plain scalar exactly as written.
_FAST_KEY_LINE = re.compile(r"(\w[\w.-]*(?: [\w.-]+)*):((?: .*)?)")
# Anything but printable characters that YAML treats as ordinary text: tabs,
# CR and the Unicode line breaks (U+0085, U+2028, U+2029), the BOM, control
# and non-characters all go to ruamel.
_FAST_UNSAFE_PATTERN = "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
# The same test for an ASCII line. Compiling the whole class takes ~10 ms (every run
# would pay it at start-up); it is compiled the first time a line is not ASCII.
_FAST_UNSAFE_ASCII = re.compile("[^\x20-\x7e]")


@lru_cache(maxsize=None)
def _fast_unsafe_char() -> re.Pattern:
    return re.compile(_FAST_UNSAFE_PATTERN)


def _has_unsafe_char(line: str) -> bool:
    if line.isascii():
        return _FAST_UNSAFE_ASCII.search(line) is not None
    return _fast_unsafe_char().search(line) is not None


# A plain scalar cannot start with these (or means something else with them).
_FAST_UNSAFE_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
# ruamel gives up on a simple key longer than 1024 characters.
_FAST_MAX_KEY = 1000
_NULL_WORDS = frozenset({"~", "null", "Null", "NULL"})


def _parse_fast(lines: Sequence[str], start: int, end: int) -> FrontMatter | None:
    """Read the block between ``start`` and ``end`` by hand, or None to decline.

    Accepted lines (nothing else): blank lines (spaces only); comment lines
    (optional spaces, '#', text); and ``Key:`` at column 1 followed by nothing
    or by a space, an optional plain value and an optional `` # comment``.
    The value must not start with an indicator, contain ': ' or end with ':'.
    """
    fields: dict[str, Field] = {}
    comments: list[tuple[int, str]] = []
    for index in range(start + 1, end):
        line = lines[index]
        if _has_unsafe_char(line):
            return None
        number = index + 1
        content = line.lstrip(" ")
        if not content:
            continue
        if content[0] == "#":
            comments.append((number, _comment_text(content)))
            continue
        match = _FAST_KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key, rest = match.groups()
        if key in fields or len(key) > _FAST_MAX_KEY:
            return None
        raw, hash_sign, comment = rest.partition(" #")
        if hash_sign:
            comments.append((number, _comment_text("#" + comment)))
        value = raw.strip(" ")
        if not value:
            fields[key] = Field(key, None, "scalar", number, 1)
            continue
        if value[0] in _FAST_UNSAFE_FIRST or value[-1] == ":" or ": " in value:
            return None
        column = match.start(2) + len(raw) - len(raw.lstrip(" ")) + 1
        text = None if value in _NULL_WORDS else value
        fields[key] = Field(key, text, "scalar", number, column)
    return FrontMatter(start, end, fields, tuple(comments), None)


# ---------------------------------------------------------------------------
# ruamel.yaml path
# ---------------------------------------------------------------------------

_NULL_TAG = "tag:yaml.org,2002:null"
_BRACKET = re.compile(r"[\[\]{}]")
_HINTS = (
    ("mapping values are not allowed", "put the value in quotes if it contains ': '"),
    ("'\\t'", "use spaces, not tabs"),
    ("could not find expected ':'", "each line must be 'Key: value'; indent continuation lines"),
    ("found undefined alias", "'*' starts an alias: put the value in quotes"),
    ("expected <block end>", "check the indentation and the quotes of this line"),
)


@lru_cache(maxsize=None)
def _span_recording_scanner() -> type:
    from ruamel.yaml.scanner import Scanner  # lazy: start-up

    class _SpanRecordingScanner(Scanner):
        """ruamel's scanner, noting where each token is.

        Whatever lies between tokens is whitespace or a comment, so the comments
        are the '#'s found outside these spans.
        """

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.spans: list[tuple[int, int, bool]] = []  # (start, end, is block scalar)

        def get_token(self):  # type: ignore[no-untyped-def]
            token = super().get_token()
            if token is not None:
                is_block = getattr(token, "style", None) in ("|", ">")
                self.spans.append((token.start_mark.index, token.end_mark.index, is_block))
            return token

    return _SpanRecordingScanner


class _Positions:
    """Turn character indexes of the front matter text into file (line, column)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.line_starts = [0]
        position = text.find("\n")
        while position != -1:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)

    def locate(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.line_starts, index) - 1
        return self.first_line + row, index - self.line_starts[row] + 1


def _parse_yaml(lines: Sequence[str], start: int, end: int) -> FrontMatter:
    """Read the block between ``start`` and ``end`` with ruamel.yaml's composer."""
    from ruamel.yaml import YAML  # lazy: start-up
    from ruamel.yaml.error import MarkedYAMLError  # lazy: start-up
    from ruamel.yaml.reader import ReaderError  # lazy: start-up

    body = lines[start + 1 : end]
    for offset, line in enumerate(body):
        marker = CONFLICT_MARKER.match(line)
        if marker:
            message = f"unresolved merge conflict marker '{marker.group(1)}': resolve the conflict"
            return _failed(start, end, message, start + 2 + offset, 1)

    text = "".join(line + "\n" for line in body)
    positions = _Positions(text, start + 2)
    too_deep = _deep_brackets(text)
    if too_deep is not None:  # ruamel needs up to a second to say so itself
        line, column = positions.locate(too_deep)
        return _failed(start, end, "front matter is nested too deeply", line, column)
    yaml = YAML(typ="safe", pure=True)
    yaml.Scanner = _span_recording_scanner()
    yaml.max_depth = MAX_DEPTH
    try:
        yaml.composer.warn_double_anchors = False
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        message, index = _describe_marked_error(exc, positions)
        line, column = positions.locate(index) if index is not None else (start + 1, None)
        return _failed(start, end, message, line, column)
    except ReaderError as exc:
        line, column = positions.locate(exc.position)
        character = exc.character
        code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
        return _failed(start, end, f"invalid character {code}: remove it", line, column)
    except RecursionError:
        return _failed(start, end, "front matter is nested too deeply", start + 1, None)
    except Exception as exc:  # noqa: BLE001 - never raise on bad input, whatever ruamel does
        message = " ".join(str(exc).split()) or type(exc).__name__
        return _failed(start, end, f"could not read the front matter: {message}", start + 1, None)

    fields, error = _fields(root, positions.locate)
    if error is not None:
        return FrontMatter(start, end, {}, (), error)
    comments = _comments_outside(text, yaml.scanner.spans, positions.first_line)
    return FrontMatter(start, end, fields, comments, None)


def _deep_brackets(text: str) -> int | None:
    """Index of the first '[' or '{' nested more than MAX_DEPTH deep, if any.

    Brackets inside quotes count too: that only matters for absurd input.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for bracket in _BRACKET.finditer(text):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return bracket.start()
        elif depth:
            depth -= 1
    return None


def _describe_marked_error(exc: MarkedYAMLError, positions: _Positions) -> tuple[str, int | None]:
    """One sentence for ruamel's error, and the text index it points at."""
    problem = " ".join(str(exc.problem or "").split())
    context = " ".join(str(exc.context or "").split())
    problem_mark = exc.problem_mark or exc.context_mark
    index = getattr(problem_mark, "index", None)
    if "maximum depth" in problem:
        return "front matter is nested too deeply", index
    message = f"invalid YAML: {problem or context}"
    if problem and context:
        context_index = getattr(exc.context_mark, "index", None)
        if context_index is not None and index is not None:
            context_line = positions.locate(context_index)[0]
            if context_line != positions.locate(index)[0]:
                context = f"{context} that starts on line {context_line}"
        message = f"{message} ({context})"
    for clue, hint in _HINTS:
        if clue in problem:
            message = f"{message}; {hint}"
            break
    return message, index


def _fields(
    root: Node | None, locate: Callable[[int], tuple[int, int]]
) -> tuple[dict[str, Field], FrontMatterError | None]:
    """The top-level mapping as fields (nested nodes are not visited), or an error."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode  # lazy: start-up

    fields: dict[str, Field] = {}
    if root is None:  # only comments and blank lines
        return fields, None
    if not isinstance(root, MappingNode):
        line, column = locate(root.start_mark.index)
        return fields, FrontMatterError(_NOT_A_MAPPING.format(_describe_node(root)), line, column)
    for key_node, value_node in root.value:
        key_line, key_column = locate(key_node.start_mark.index)
        if not isinstance(key_node, ScalarNode):
            message = f"a key must be plain text, found {_describe_node(key_node)}"
            return {}, FrontMatterError(message, key_line, key_column)
        key = key_node.value
        if key == "":
            return {}, FrontMatterError("missing key before ':'", key_line, key_column)
        if key in fields:
            message = f"duplicate key '{key}' (first on line {fields[key].line})"
            return {}, FrontMatterError(message, key_line, key_column)
        fields[key] = Field(
            key=key,
            value=_scalar_text(value_node),
            kind=_kind(value_node),
            line=key_line,
            column=_value_column(key_node, value_node, locate),
        )
    return fields, None


def _kind(node: Node) -> str:
    from ruamel.yaml.nodes import MappingNode, SequenceNode  # lazy: start-up

    if isinstance(node, SequenceNode):
        return "sequence"
    if isinstance(node, MappingNode):
        return "mapping"
    return "scalar"


def _scalar_text(node: Node) -> str | None:
    from ruamel.yaml.nodes import ScalarNode  # lazy: start-up

    if not isinstance(node, ScalarNode) or str(node.tag) == _NULL_TAG:
        return None
    return node.value


def _value_column(key: Node, value: Node, locate: Callable[[int], tuple[int, int]]) -> int:
    """The value's column when it is written after the key on the key's line.

    Otherwise (empty, on a later line, or an alias of a node written
    elsewhere) the key's column, so that line and column point at one place.
    """
    key_line, key_column = locate(key.start_mark.index)
    value_start = value.start_mark.index
    value_line, value_column = locate(value_start)
    if value_start == value.end_mark.index or value_line != key_line or value_start < key.end_mark.index:
        return key_column
    return value_column


def _describe_node(node: Node) -> str:
    from ruamel.yaml.nodes import MappingNode, SequenceNode  # lazy: start-up

    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    text = " ".join(str(node.value).split())
    if len(text) > 40:
        text = text[:37] + "..."
    return f"the text '{text}'"


def _comments_outside(
    text: str, spans: list[tuple[int, int, bool]], first_line: int
) -> tuple[tuple[int, str], ...]:
    """Comments: the first '#' of a line that lies outside every token."""
    if "#" not in text:
        return ()
    covered: list[tuple[int, int]] = []  # merged, non-empty token ranges
    for span_start, span_end, is_block in sorted(spans):
        if is_block:  # the header line ('|', '>', indicators) may end with a comment
            header_end = text.find("\n", span_start)
            span_start = span_end if header_end == -1 else min(header_end, span_end)
        if span_start >= span_end:
            continue
        if covered and span_start <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(covered[-1][1], span_end))
        else:
            covered.append((span_start, span_end))
    starts = [span_start for span_start, _ in covered]
    comments = []
    line_start = 0
    for number, line in enumerate(text.split("\n"), first_line):
        column = line.find("#")
        while column != -1:
            position = line_start + column
            inside = bisect_right(starts, position) - 1
            if inside < 0 or position >= covered[inside][1]:
                comments.append((number, _comment_text(line[column:])))
                break
            column = line.find("#", column + 1)
        line_start += len(line) + 1
    return tuple(comments)
