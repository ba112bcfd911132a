"""The fast path and the ruamel path of hooks.parse.frontmatter must agree.

Whenever ``_parse_fast`` accepts a front matter, its result must be exactly
the one ``_parse_yaml`` (ruamel.yaml) gives: same fields in the same order,
same values, kinds, lines and columns, same comments.  And whatever the input,
``parse_front_matter`` returns instead of raising.
"""

from __future__ import annotations

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from bep_hooks.parse.frontmatter import FrontMatter, _parse_fast, _parse_yaml, parse_front_matter

KNOWN_KEYS = [
    "Author",
    "Status",
    "Created",
    "Created-Version",
    "Target-Version",
    "Implemented-Version",
    "Superseded-By",
    "Title",
]

# Pieces that real values are made of, plus the characters YAML cares about.
VALUE_PIECES = [
    "Your Full Name",
    "(email@example.com)",
    "<kang@example.com>",
    "Daemyung Kang",
    "Hyunhoi Koo",
    "김철수",
    "홍길동 (hong@example.com)",
    "🚀",
    "👩‍💻",
    "Draft",
    "Accepted",
    "2025-01-01",
    "26.1.0",
    "26.10",
    "BEP-1067",
    "https://example.com/a?b=c#frag",
    "C#",
    "x",
    "1",
    "0o17",
    "true",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    ",",
    ", ",
    ":",
    ": ",
    ":x",
    "#",
    " #",
    " # ",
    "'",
    '"',
    "''",
    '"a"',
    "[",
    "]",
    "[a, b]",
    "{",
    "}",
    "{a: b}",
    "-",
    "- ",
    "?",
    "? ",
    "*",
    "*a",
    "&",
    "&a ",
    "!",
    "!!str ",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\\",
    "\\n",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\x85",
    "\ufeff",
    "...",
    "---",
    "<<",
    "=",
]

# Pieces that realistic values are made of, none of which YAML reads specially.
PLAIN_PIECES = [
    "Your Full Name",
    "(email@example.com)",
    "김철수",
    "Draft",
    "2025-01-01",
    "26.1.0",
    "26.10",
    "BEP-1067",
    "🚀",
    " ",
    ", ",
    "a:b",
    "C#",
    "it's",
    'say "hi"',
    "[x]",
    "{y}",
    "- z",
    "null",
    "~",
]

REALISTIC_CHARS = "abcdefgXYZ0129 ,.:;-_()<>@/#'\"[]{}|!?~*&%`가나다김철수🚀é"

realistic_key = st.from_regex(
    r"[A-Za-z가-힣][A-Za-z0-9가-힣_.-]{0,10}( [A-Za-z0-9]{1,5})?", fullmatch=True
)
odd_key = st.text(
    alphabet=st.sampled_from("abcXYZ019_-. 가나:#'\"[&*!~?<\t"), min_size=1, max_size=8
)
plain_value = st.lists(st.sampled_from(PLAIN_PIECES), max_size=4).map("".join)
tricky_value = st.lists(st.sampled_from(VALUE_PIECES), max_size=5).map("".join)
comment_text = st.one_of(
    st.sampled_from(["Draft | Accepted | Implemented | Rejected", "", "x", "# nested", "a: b"]),
    st.text(alphabet=st.sampled_from(REALISTIC_CHARS), max_size=10),
    st.text(max_size=6),
)

# Realistic front matter: what proposals contain, with odd values mixed in.
realistic_value = st.tuples(
    st.sampled_from([piece for piece in PLAIN_PIECES if piece[0] not in " ,[{-"]), plain_value
).map("".join)
realistic_rest = st.tuples(
    st.sampled_from([":", ": ", ": ", ": ", ": ", ":  "]),
    st.one_of(st.just(""), realistic_value, realistic_value, realistic_value, tricky_value),
    st.sampled_from(["", "", "", "  # Draft | Accepted", " #", "  #x", " # a # b"]),
).map("".join)
realistic_other_line = st.sampled_from(
    [
        "",
        "   ",
        "# Status: Draft | Accepted | Implemented | Rejected | Superseded",
        "#",
        "  # indented comment",
        "##  double",
        "- item",
        "  continued text",
        "  key: nested",
    ]
)


@st.composite
def realistic_front_matter(draw: st.DrawFn) -> list[str]:
    """Key lines (distinct keys; now and then a duplicate), blank and comment lines."""
    any_key = st.one_of(st.sampled_from(KNOWN_KEYS), realistic_key)
    keys = draw(st.lists(any_key, max_size=7, unique=True))
    if keys and draw(st.integers(0, 9)) == 0:
        keys.append(draw(st.sampled_from(keys)))
    lines = [name + draw(realistic_rest) for name in keys]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(realistic_other_line))
    return lines


realistic_body = realistic_front_matter()

# Anything goes: odd keys, odd separators, odd values, arbitrary text.
any_value = st.one_of(
    plain_value,
    st.tuples(plain_value, tricky_value).map("".join),
    tricky_value,
    st.text(alphabet=st.sampled_from(REALISTIC_CHARS), max_size=15),
    st.text(max_size=8),
)
any_comment = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(["  #", " #", " # ", "#", "\t#"]), comment_text).map("".join),
)
any_key_line = st.tuples(
    st.one_of(st.sampled_from(KNOWN_KEYS), realistic_key, odd_key),
    st.sampled_from([":", ": ", ":  ", ":\t", ": \t"]),
    any_value,
    any_comment,
).map("".join)
any_line = st.one_of(
    any_key_line,
    any_key_line,
    realistic_other_line,
    comment_text.map(lambda text: "# " + text),
    any_value.map(lambda text: "  " + text),
    any_value.map(lambda text: "- " + text),
    st.sampled_from(["...x", "? key", ": value", "<<<<<<< HEAD", "=======", "plain text"]),
    st.text(max_size=10),
)
# Short, so that a single odd line is not hidden behind another declined one.
any_body = st.lists(any_line, max_size=3)


def as_document(lines: list[str]) -> list[str]:
    return ["---", *lines, "---", "", "# Title"]


def snapshot(front_matter: FrontMatter) -> tuple:
    """Everything in a result, with the fields' order made explicit."""
    return (
        front_matter.start,
        front_matter.end,
        list(front_matter.fields.items()),
        front_matter.comments,
        front_matter.error,
    )


def check_agreement(lines: list[str]) -> None:
    if any(text.rstrip() in ("---", "...") for text in lines):
        event("skipped: a line closes the front matter early")
        return
    document = as_document(lines)
    end = len(lines) + 1
    fast = _parse_fast(document, 0, end)
    event("fast path accepted" if fast is not None else "fast path declined")
    if fast is not None:
        assert snapshot(fast) == snapshot(_parse_yaml(document, 0, end))


@settings(max_examples=300, deadline=None)
@given(realistic_body)
def test_fast_path_agrees_with_ruamel_on_realistic_front_matter(lines: list[str]) -> None:
    check_agreement(lines)


@settings(max_examples=300, deadline=None)
@given(any_body)
@example(["Key: \u00a0x", "B: a\u00a0#b", "C: a\u00a0 # c", "D: \u3000"])  # not YAML spaces
@example(["Key: a :b", "B: a?", "C: ...", "D: a ---", "E: a]", "F: C#"])
@example(["Key: ~ #", "B: null # x", "C: NULL", "D: nUll", "E:", "F:  ", "G: #"])
@example(["1.5: x", "a.: b", "a-: b", "_: b", "a b c: d", "가: 나"])
@example(["  # indented comment", "Key: x", "  # after", "", "#"])
@example(["k" * 1000 + ": v"])
def test_fast_path_agrees_with_ruamel_on_odd_lines(lines: list[str]) -> None:
    check_agreement(lines)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        realistic_body.map(as_document),
        any_body.map(as_document),
        st.lists(st.text(max_size=30), max_size=12).map(lambda lines: ["---", *lines]),
        st.lists(st.text(max_size=30), max_size=12),
    )
)
def test_parse_front_matter_never_raises(document: list[str]) -> None:
    result = parse_front_matter(document)
    if result is None:
        assert not document or document[0].rstrip() != "---"
        return
    assert result.start == 0
    if result.error is not None:
        assert result.fields == {}
        assert 1 <= result.error.line <= len(document) + 1
        assert result.error.message
    for field in result.fields.values():
        assert field.kind in ("scalar", "sequence", "mapping")
        assert field.value is None or field.kind == "scalar"
        assert result.start + 1 < field.line <= result.end
        assert field.column >= 1
