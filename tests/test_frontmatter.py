"""hooks.parse.frontmatter: one test per front matter shape seen in real repositories,
and per broken shape the hooks must survive and report."""

from __future__ import annotations

import time

import pytest

from bep_hooks.parse.frontmatter import (
    MAX_CHARS,
    MAX_LINES,
    Field,
    FrontMatter,
    _parse_fast,
    _parse_yaml,
    parse_front_matter,
)


def parse(text: str) -> FrontMatter:
    result = parse_front_matter(text.split("\n"))
    assert result is not None
    return result


def fast(text: str) -> FrontMatter | None:
    """The fast path's answer for a closed front matter (None: it declined)."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    return _parse_fast(lines, 0, end)


def slow(text: str) -> FrontMatter:
    lines = text.split("\n")
    end = lines.index("---", 1)
    return _parse_yaml(lines, 0, end)


def values(front_matter: FrontMatter) -> dict[str, str | None]:
    return {key: field.value for key, field in front_matter.fields.items()}


# -- real shapes --------------------------------------------------------------

TEMPLATE = """---
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
---

# Title
"""


def test_template_front_matter() -> None:
    result = parse(TEMPLATE)
    assert result.start == 0
    assert result.end == 4
    assert result.error is None
    assert result.comments == ()
    assert list(result.fields.values()) == [
        Field("Author", "Your Full Name (email@example.com)", "scalar", 2, 9),
        Field("Status", "Draft", "scalar", 3, 9),
        Field("Created", "2025-01-01", "scalar", 4, 10),
    ]


def test_version_fields_often_left_empty() -> None:
    result = parse(
        "---\n"
        "Author: Daemyung Kang, Hyunhoi Koo\n"
        "Status: Superseded\n"
        "Created: 2025-03-02\n"
        "Created-Version: 26.1.0\n"
        "Target-Version:\n"
        "Implemented-Version:   \n"
        "Superseded-By: BEP-1067\n"
        "---\n"
    )
    assert result.error is None
    assert values(result) == {
        "Author": "Daemyung Kang, Hyunhoi Koo",
        "Status": "Superseded",
        "Created": "2025-03-02",
        "Created-Version": "26.1.0",
        "Target-Version": None,
        "Implemented-Version": None,
        "Superseded-By": "BEP-1067",
    }
    # an empty value points at its key
    assert result.fields["Target-Version"] == Field("Target-Version", None, "scalar", 6, 1)
    assert result.fields["Superseded-By"].column == 16


def test_copied_template_comment_line() -> None:
    text = (
        "---\n"
        "Author: 강대명 (kang@example.com)\n"
        "# Status: Draft | Accepted | Implemented | Rejected | Superseded\n"
        "Status: Draft\n"
        "Created: 2025-01-01\n"
        "---\n"
    )
    result = parse(text)
    assert result.error is None
    assert result.comments == ((3, "Status: Draft | Accepted | Implemented | Rejected | Superseded"),)
    assert result.fields["Status"] == Field("Status", "Draft", "scalar", 4, 9)
    assert result.fields["Author"].value == "강대명 (kang@example.com)"


def test_copied_template_trailing_comment() -> None:
    result = parse("---\nStatus: Draft  # Draft | Accepted | Implemented | Rejected\n---\n")
    assert result.fields["Status"] == Field("Status", "Draft", "scalar", 2, 9)
    assert result.comments == ((2, "Draft | Accepted | Implemented | Rejected"),)


def test_empty_created_and_author_without_email() -> None:
    result = parse("---\nAuthor: Hyunhoi Koo\nStatus: Draft\nCreated:\n---\n")
    assert values(result) == {"Author": "Hyunhoi Koo", "Status": "Draft", "Created": None}


def test_korean_and_emoji_columns_count_characters() -> None:
    result = parse("---\n저자: 김철수 🚀, 홍길동\n---\n")
    assert result.fields["저자"] == Field("저자", "김철수 🚀, 홍길동", "scalar", 2, 5)


@pytest.mark.parametrize("parser", [fast, slow], ids=["fast", "ruamel"])
def test_dates_and_numbers_stay_as_written(parser) -> None:  # type: ignore[no-untyped-def]
    result = parser("---\nCreated: 2025-01-01\nTarget-Version: 26.10\nNumber: 0o17\nFlag: yes\n---\n")
    assert values(result) == {
        "Created": "2025-01-01",
        "Target-Version": "26.10",
        "Number": "0o17",
        "Flag": "yes",
    }


@pytest.mark.parametrize("parser", [fast, slow], ids=["fast", "ruamel"])
def test_null_words_are_none_but_keep_their_column(parser) -> None:  # type: ignore[no-untyped-def]
    result = parser("---\nA: ~\nB: null\nC: NULL\nD:\n---\n")
    assert [(f.value, f.column) for f in result.fields.values()] == [
        (None, 4),
        (None, 4),
        (None, 4),
        (None, 1),
    ]


def test_quoted_values_go_through_ruamel() -> None:
    text = "---\nTitle: \"Fix: the # sign\"  # real comment\nNull: 'null'\n---\n"
    assert fast(text) is None
    result = parse(text)
    assert result.fields["Title"] == Field("Title", "Fix: the # sign", "scalar", 2, 8)
    assert result.fields["Null"].value == "null"
    assert result.comments == ((2, "real comment"),)


def test_non_string_key_is_its_text() -> None:
    result = parse("---\n1: x\ntrue: y\n2025-01-01: z\n---\n")
    assert list(result.fields) == ["1", "true", "2025-01-01"]


def test_value_on_following_lines_points_at_the_key() -> None:
    result = parse("---\nAuthor:\n  Daemyung Kang\nTitle: a long\n  title\n---\n")
    assert result.fields["Author"] == Field("Author", "Daemyung Kang", "scalar", 2, 1)
    assert result.fields["Title"] == Field("Title", "a long title", "scalar", 4, 8)


def test_list_and_mapping_values() -> None:
    result = parse("---\nAuthors:\n  - Kang\n  - Koo\nMeta: {a: 1}\nTags: [x, y]\n---\n")
    assert result.error is None
    assert result.fields["Authors"] == Field("Authors", None, "sequence", 2, 1)
    assert result.fields["Meta"] == Field("Meta", None, "mapping", 5, 7)
    assert result.fields["Tags"] == Field("Tags", None, "sequence", 6, 7)


def test_block_scalar_comments() -> None:
    result = parse("---\nSummary: |  # header comment\n  # not a comment\n  body\n# after\nB: x\n---\n")
    assert result.fields["Summary"].value == "# not a comment\nbody\n"
    assert result.comments == ((2, "header comment"), (5, "after"))


def test_alias_value_points_at_the_key() -> None:
    result = parse("---\nA: &who Kang\nB: *who\n---\n")
    assert result.fields["B"] == Field("B", "Kang", "scalar", 3, 1)


# -- where the front matter is ------------------------------------------------


@pytest.mark.parametrize("text", ["", "# Title\n---\nA: b\n---", "----\nA: b\n----", " ---\nA: b\n---"])
def test_no_front_matter(text: str) -> None:
    assert parse_front_matter(text.split("\n")) is None


def test_markers_with_trailing_spaces_and_dots_close() -> None:
    result = parse("---  \nStatus: Draft\n...   \n# Title\n")
    assert (result.start, result.end, result.error) == (0, 2, None)
    assert values(result) == {"Status": "Draft"}


def test_empty_front_matter() -> None:
    result = parse("---\n---\n# Title")
    assert result == FrontMatter(0, 1, {}, (), None)


def test_only_comments_and_blank_lines() -> None:
    result = parse("---\n# a\n\n  # b\n---")
    assert result == FrontMatter(0, 4, {}, ((2, "a"), (4, "b")), None)
    assert slow("---\n# a\n\n  # b\n---") == result


def test_crlf_lines_are_read() -> None:
    result = parse_front_matter(["---\r", "Status: Draft\r", "Created: 2025-01-01\r", "---\r"])
    assert result is not None and result.error is None
    assert values(result) == {"Status": "Draft", "Created": "2025-01-01"}


# -- broken shapes: reported, never raised ------------------------------------


def test_unclosed_front_matter() -> None:
    result = parse("---\nAuthor: Kang\nStatus: Draft\n\n# Title\n\nText.\n")
    assert result.end == result.start == 0
    assert result.fields == {}
    assert result.error is not None
    assert result.error.message == "front matter is not closed: add a '---' line after the last field"
    assert (result.error.line, result.error.column) == (1, None)


def test_duplicate_keys() -> None:
    text = "---\nAuthor: Kang\nStatus: Draft\nCreated: 2025-01-01\nStatus: Accepted\n---\n"
    assert fast(text) is None
    result = parse(text)
    assert result.fields == {}
    assert result.error is not None
    assert result.error.message == "duplicate key 'Status' (first on line 3)"
    assert (result.error.line, result.error.column) == (5, 1)


def test_yaml_syntax_error_is_one_sentence_on_the_file_line() -> None:
    result = parse("---\nAuthor: Kang\nStatus: Draft: really\n---\n")
    assert result.fields == {}
    error = result.error
    assert error is not None
    assert (error.line, error.column) == (3, 14)
    assert "mapping values are not allowed here" in error.message
    assert "\n" not in error.message
    assert "<unicode string>" not in error.message
    assert "quotes" in error.message  # the hint


def test_unclosed_quote_names_the_line_it_starts_on() -> None:
    result = parse('---\nTitle: "Fix it\nStatus: Draft\n---\n')
    assert result.error is not None
    assert "while scanning a quoted scalar that starts on line 2" in result.error.message
    assert result.error.line == 4  # the closing '---': where the quote was still open


def test_list_instead_of_mapping() -> None:
    result = parse("---\n- Author: Kang\n- Status: Draft\n---\n")
    assert result.error is not None
    assert result.error.message == "front matter must be a mapping of 'Key: value' lines, found a list"
    assert (result.error.line, result.error.column) == (2, 1)


def test_scalar_instead_of_mapping() -> None:
    result = parse("---\nAuthor Kang\n---\n")
    assert result.error is not None
    assert result.error.message == (
        "front matter must be a mapping of 'Key: value' lines, found the text 'Author Kang'"
    )


def test_tab_indentation() -> None:
    result = parse("---\nAuthor: Kang\n\tStatus: Draft\n---\n")
    assert result.error is not None
    assert (result.error.line, result.error.column) == (3, 1)
    assert "use spaces, not tabs" in result.error.message


def test_tab_after_colon_is_left_to_ruamel() -> None:
    text = "---\nStatus:\tDraft\n---\n"
    assert fast(text) is None
    assert parse(text).error is not None


def test_alias_bomb_is_not_expanded() -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for number in range(1, 12):
        name, previous = chr(ord("a") + number), chr(ord("a") + number - 1)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    began = time.perf_counter()
    result = parse("---\n" + "\n".join(levels) + "\n---\n")
    assert time.perf_counter() - began < 1.0
    assert result.error is None
    assert {field.kind for field in result.fields.values()} == {"sequence"}
    assert all(field.value is None for field in result.fields.values())


def test_undefined_alias() -> None:
    result = parse("---\nAuthor: *Kang\n---\n")
    assert result.error is not None
    assert "found undefined alias 'Kang'" in result.error.message
    assert (result.error.line, result.error.column) == (2, 9)


def test_merge_conflict_markers() -> None:
    result = parse(
        "---\nAuthor: Kang\n<<<<<<< HEAD\nStatus: Draft\n=======\nStatus: Accepted\n>>>>>>> main\n---\n"
    )
    assert result.error is not None
    assert result.error.message == "unresolved merge conflict marker '<<<<<<<': resolve the conflict"
    assert (result.error.line, result.error.column) == (3, 1)


def test_control_character() -> None:
    result = parse("---\nAuthor: Ka\x07ng\n---\n")
    assert result.error is not None
    assert result.error.message == "invalid character U+0007: remove it"
    assert (result.error.line, result.error.column) == (2, 11)


def test_empty_key_and_list_key() -> None:
    empty = parse("---\n: Kang\n---\n").error
    assert empty is not None and empty.message == "missing key before ':'"
    listed = parse("---\n[a, b]: Kang\n---\n").error
    assert listed is not None and listed.message == "a key must be plain text, found a list"


def test_deep_nesting_is_refused_quickly() -> None:
    began = time.perf_counter()
    result = parse("---\nA: " + "[" * 30000 + "\n---\n")
    assert time.perf_counter() - began < 1.0
    assert result.error is not None
    assert result.error.message == "front matter is nested too deeply"
    assert result.error.line == 2

    # Deep block nesting: ruamel >= 0.18 stops at MAX_DEPTH, older versions
    # read it (0.17.21, the lowest allowed: 0.35 s of CPU; MAX_CHARS keeps it near
    # 300 levels); either way it comes back quickly and does not raise. CPU time, so
    # that a busy machine does not fail the test.
    nested = "\n".join(" " * level + f"k{level}:" for level in range(300))
    began = time.process_time()
    result = parse("---\n" + nested + "\n---\n")
    assert time.process_time() - began < 1.0
    if result.error is not None:
        assert result.error.message == "front matter is nested too deeply"
    else:
        assert result.fields["k0"].kind == "mapping"


def test_extremely_long_line_within_the_limit() -> None:
    result = parse("---\nTitle: " + "x" * 60_000 + "\n---\n")
    assert result.error is None
    assert result.fields["Title"].value == "x" * 60_000


def test_too_many_characters() -> None:
    result = parse("---\nTitle: " + "x" * MAX_CHARS + "\n---\n")
    assert result.fields == {}
    assert result.error is not None
    assert result.error.message.startswith("front matter too large")
    assert (result.error.line, result.end) == (1, 2)


def test_too_many_lines() -> None:
    result = parse("---\n" + "A: b\n" * (MAX_LINES + 1) + "---\n")
    assert result.error is not None
    assert result.error.message.startswith("front matter too large")


def test_long_key_is_left_to_ruamel() -> None:
    text = "---\n" + "k" * 1100 + ": v\n---\n"
    assert fast(text) is None
    assert parse(text).error is not None  # ruamel: a simple key is at most 1024 characters


# -- which path runs ----------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Author: Your Full Name (email@example.com)\nStatus: Draft\nCreated: 2025-01-01",
        "Author: Kang\nStatus: Draft  # Draft | Accepted\nCreated:\nTarget-Version:\nSuperseded-By: BEP-1067",
        "# Status: Draft | Accepted | Implemented\nAuthor: 김철수, 홍길동\n\nStatus: Accepted",
        "Author: a:b, C#, it's [x] {y}\nLink: https://example.com/a?b#c",
        "",
    ],
)
def test_fast_path_reads_typical_front_matter(body: str) -> None:
    text = f"---\n{body}\n---\n" if body else "---\n---\n"
    result = fast(text)
    assert result is not None
    assert result == slow(text)


@pytest.mark.parametrize(
    "line",
    [
        'Title: "quoted"',
        "Title: 'quoted'",
        "Tags: [a, b]",
        "Meta: {a: b}",
        "Summary: |",
        "Summary: >",
        "Ref: *anchor",
        "Ref: &anchor x",
        "Type: !tag x",
        "Note: %x",
        "Note: @x",
        "Note: `x`",
        "Number: -1",
        "Question: ?x",
        "Title: Fix: it",
        "Title: Fix:",
        "- item",
        "  indented: x",
        "Key:value",
        "Key : value",
        "Status:\tDraft",
        "Status: Draft\t# c",
        "plain text",
        "<<<<<<< HEAD",
        "'Quoted key': x",
        "Key: a\u2028b",
        "Key: \ufeffx",
    ],
)
def test_fast_path_declines_what_it_is_not_sure_about(line: str) -> None:
    assert fast(f"---\nAuthor: Kang\n{line}\n---\n") is None


def test_fast_path_declines_duplicates_and_continuations() -> None:
    assert fast("---\nStatus: Draft\nStatus: Draft\n---\n") is None
    assert fast("---\nTitle: a\n  continued\n---\n") is None
