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
