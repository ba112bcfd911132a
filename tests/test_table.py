"""Markdown table syntax (hooks/parse/table.py): the one owner of cells, escapes, links,
delimiter rows, conflict markers and display width."""

from __future__ import annotations

import pytest

from bep_hooks.parse import table
from bep_hooks.parse.markdown import outline


@pytest.mark.parametrize(
    "line, expected",
    [
        ("|---|---|", True),
        ("| :--- | ---: | :---: |", True),
        ("--- | ---", True),
        ("   |-|", True),  # (indentation aside)
        ("| ---- | --- | --- |", True),
        ("---", False),  # a thematic break or setext underline, not a table's
        ("- item", False),
        ("| 1000 | A |", False),
        ("| --- | x |", False),
        ("|   |", False),
    ],
)
def test_a_delimiter_row_is_what_markdown_it_reads_as_one(line, expected):
    assert table.is_delimiter_row(line) is expected
    if expected and "|" in line:  # the outline reads a table exactly where the row is one
        cells = len(table.split_cells(line))
        header = "|" + "|".join(" h " for _ in range(cells)) + "|"
        assert [block.kind for block in outline([header, line.strip()])] == ["table"]


def test_the_git_diff_reader_asks_the_same_delimiter_test():
    from bep_hooks.parse.registry import numbers_in_rows

    assert numbers_in_rows(["| [1042](x.md) | A | - | Draft |"]) == {1042}
    assert numbers_in_rows(["| 1042 | A |", "|:-|-:|"]) is None  # a delimiter changed: every row


def test_display_width_is_the_one_measure_of_reports_and_tables():
    from bep_hooks import report

    assert table.display_width("한글") == 4 and table.display_width("e\u0301") == 1
    assert not hasattr(report, "_width")  # (one function, not an alias per module)


def test_conflict_markers_have_one_definition():
    assert table.CONFLICT_MARKER.match("<<<<<<< HEAD") and not table.CONFLICT_MARKER.match("<<<<<<<< x")
    assert all(table.CONFLICT_MARKER.match(start) for start in table.CONFLICT_STARTS)


def test_a_link_cell_and_an_external_link():
    link = table.inline_link('[SLIP-0044](slip-0044.md "t")')
    assert (link.text, link.target) == ("SLIP-0044", "slip-0044.md")
    assert table.is_external("https://github.com/o/r/pull/3") and not table.is_external("./CIP-0001/")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("\t|-|", True),  # (a tab is indentation too)
        (":-:", True),  # (a colon, no pipe: still a delimiter row)
        ("|:|", False),  # (no dash)
        ("-:", True),
    ],
)
def test_a_delimiter_row_needs_a_dash_and_a_pipe_or_colon(line, expected):
    assert table.is_delimiter_row(line) is expected


@pytest.mark.parametrize(
    "line, cells",
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),  # (outer pipes are optional)
        ("  | a |  b  |  ", ["a", "b"]),
        ("| a \\| b | c |", ["a \\| b", "c"]),  # an escaped pipe splits nothing; the escape is kept
        ("| `a|b` | c |", ["`a", "b`", "c"]),  # (code spans split too, as GFM splits them)
        ("| \\a | b |", ["\\a", "b"]),  # (a backslash that escapes no pipe)
        ("|  | x|", ["", "x"]),  # an empty cell stays
        ("||", [""]),
        ("|", []),
        ("", []),
        ("| \x1ca | b\x85 |", ["\x1ca", "b\x85"]),  # text to Markdown, not whitespace
    ],
)
def test_split_cells_as_markdown_it_splits_them(line, cells):
    assert table.split_cells(line) == cells


@pytest.mark.parametrize("text", ["a|b", "a\\|b", "`x | y`", "plain", ""])
def test_escape_cell_and_cell_text_are_inverses(text):
    escaped = table.escape_cell(text)
    assert table.cell_text(escaped) == text
    assert table.split_cells(f"| {escaped} | z |")[0] == escaped  # (one cell)


def test_escape_cell_adds_one_backslash_to_every_pipe():
    assert table.escape_cell("a|b\\|c") == "a\\|b\\\\|c"
    assert table.cell_text("a\\|b") == "a|b" and table.cell_text("a\\b") == "a\\b"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a\rb", "the text 'a\rb' holds a carriage return, which no table cell can hold"),
        ("a\nb", "the text 'a\nb' holds a line break, which no table cell can hold"),
        ("a\0b", "the text 'a\0b' holds a NUL byte, which no table cell can hold"),
        ("a\ud800", "the text 'a\ud800' is not valid UTF-8, which no README can hold"),
    ],
)
def test_text_no_cell_can_hold_is_refused_saying_why(text, message):
    with pytest.raises(table.CellError) as error:
        table.escape_cell(text)
    assert str(error.value) == message
    with pytest.raises(table.CellError) as error:
        table.escape_destination(text)
    assert str(error.value) == message.replace("the text", "the file name")


@pytest.mark.parametrize(
    "path, destination",
    [
        ("proposals/BEP-1001-gpu.md", "proposals/BEP-1001-gpu.md"),
        ("a b.md", "a%20b.md"),
        ("100%.md", "100%25.md"),  # (`%` first: the reader decodes it back)
        ("a(b)|c\\d.md", "a%28b%29%7Cc%5Cd.md"),
        ("<&#?[]`*_\t>", "%3C%26%23%3F%5B%5D%60%2A%5F%09%3E"),
        ("a\u00a0b\u3000c.md", "a%C2%A0b%E3%80%80c.md"),  # any Unicode space, as UTF-8 bytes
        ("a\x7fb\x1cc.md", "a%7Fb%1Cc.md"),  # characters that do not print
        ("é한.md", "é한.md"),  # (letters of any script are kept)
        ("x:y/a.md", "./x:y/a.md"),  # (`x:` would read as a URL scheme)
        ("a/x:y.md", "a/x:y.md"),  # (a colon after the first segment is no scheme)
    ],
)
def test_escape_destination_leads_to_exactly_that_file(path, destination):
    assert table.escape_destination(path) == destination


@pytest.mark.parametrize(
    "cell, link",
    [
        ("[a](x.md)", ("a", "x.md", 4, 8)),
        ("[](x.md)", ("", "x.md", 3, 7)),
        ("[a]( x.md )", ("a", "x.md", 5, 9)),  # (where the target starts and ends in the cell)
        ("[a](x.md \"t\")", ("a", "x.md", 4, 8)),
        ("[a](x.md\t't')", ("a", "x.md", 4, 8)),
        ("[a](<x y.md>)", ("a", "<x y.md>", 4, 12)),  # (the angle brackets are part of it as written)
        ("[a](<x y.md> \"t\")", ("a", "<x y.md>", 4, 12)),
        ("[a](x.md\"t\")", ("a", "x.md\"t\"", 4, 11)),  # (no space: the quotes are the target's)
        ("[a](  )", ("a", "", 6, 6)),
        ("[a]( \"a title\")", ("a", "", 5, 5)),  # no target, only a title
        ("[a](gpu-\\(mig\\).md)", ("a", "gpu-\\(mig\\).md", 4, 18)),  # escaped parentheses are the target's
        ("[a](a\\b\\\\.md \"t\")", ("a", "a\\b\\\\.md", 4, 12)),  # (a backslash escapes punctuation only)
    ],
)
def test_a_cell_that_is_one_link(cell, link):
    assert tuple(table.inline_link(cell)) == link


@pytest.mark.parametrize(
    "cell",
    [
        "[a](x.md) ",  # (the cell is more than the link)
        "x [a](x.md)",
        "[a](x.md)b",
        "[a] (x.md)",
        "[a](x.md t)",  # (a title needs quotes)
        "[a](a\\ b.md)",  # (a backslash escapes no space)
        "[a](a\\\\(b).md)",  # (an escaped backslash: the parenthesis is not escaped)
        "[a](x.md \"t\"",
        "[a](x.md \"t)",
        "1001",
        "",
    ],
)
def test_a_cell_that_is_not_one_link(cell):
    assert table.inline_link(cell) is None


@pytest.mark.parametrize(
    "link, external",
    [("https://x.org/a", True), ("mailto:a@x.org", True), ("git+ssh://h/r", True), ("./a.md", False), ("a.md", False), ("1a:b", False), ("#x", False)],
)
def test_is_external_means_a_url_scheme(link, external):
    assert table.is_external(link) is external


@pytest.mark.parametrize("text, width", [("", 0), ("ab", 2), ("한", 2), ("Ａ", 2), ("e\u0301", 1), ("\u0301", 0), ("ｱ", 1)])
def test_display_width_counts_wide_characters_twice_and_marks_not_at_all(text, width):
    assert table.display_width(text) == width
