"""Parsing the registry table: which table counts, and what each row holds."""

from __future__ import annotations

from bep_hooks.config import Config
from bep_hooks.parse.registry import NEXT, SKIPPED, RowForm, like_its_rows, parse_registry, row_form
from bep_hooks.parse.table import split_cells
from bep_hooks.parse.source import Source
from bep_hooks.rules.registry import describe

from .conftest import HEADER, proposal, registry_readme


def parse(text: str, config: Config = Config()):
    return parse_registry(Source.from_text("README.md", text), config)


def test_rows_keep_line_cells_number_link_and_columns():
    registry = parse(
        registry_readme(
            "| 1000 | Redefining Accelerator Metadata | - | Draft |\n"
            "| [1028](BEP-1028-kubernetes-bridge.md) | Kubernetes Bridge | Daemyung Kang, Hyunhoi Koo | Draft |\n"
            "| [1033](BEP-1033/) | Sokovan Handler Test Scenarios | HyeokJin Kim | Draft |\n"
            "| 1011 | _(skipped)_ | | |\n"
        )
    )
    first, second, third, skipped, placeholder = registry.rows
    assert registry.heading_line == 4
    assert first.line == 10 and first.number == 1000 and first.link is None and first.author == "-"
    assert second.number == 1028 and second.link == "BEP-1028-kubernetes-bridge.md"
    assert second.author == "Daemyung Kang, Hyunhoi Koo"
    assert third.link == "BEP-1033/"
    assert skipped.kind == SKIPPED and skipped.status == ""
    assert placeholder.kind == NEXT and placeholder.number is None
    assert second.column_of("status") == second.raw.index("Draft") + 1
    assert not registry.missing and not registry.malformed


def test_only_the_table_under_the_registry_heading_counts():
    fenced = "```\n## BEP Number Registry\n\n" + HEADER + "| 9999 | Fenced | - | Draft |\n```\n\n"
    other = "## Status Lifecycle\n\n| Status | Description |\n|---|---|\n| Draft | Initial |\n\n"
    registry = parse(registry_readme("| 1000 | Real | - | Draft |\n", before=fenced + other))
    assert [row.number_text for row in registry.rows] == ["1000", "_next_"]
    assert registry.heading_line == fenced.count("\n") + other.count("\n") + 4


def test_registry_only_inside_a_code_fence_is_missing():
    text = "# BEPs\n\n```\n## BEP Number Registry\n\n" + HEADER + "| 1000 | X | - | Draft |\n```\n"
    registry = parse(text)
    assert not registry.has_table
    assert len(registry.missing) == 1 and "no 'BEP Number Registry' heading" in describe(registry.missing[0])


def test_heading_without_table_is_missing_with_its_line():
    registry = parse("# BEPs\n\n## BEP Number Registry\n\nNothing here yet.\n\n## Next\n\n" + HEADER)
    assert [(p.line, "no table" in describe(p)) for p in registry.missing] == [(3, True)]


def test_broken_delimiter_row_is_malformed_not_missing():
    registry = parse("## BEP Number Registry\n\n| Number | Title | Author | Status |\n| 1000 | X | - | Draft |\n")
    assert not registry.missing
    assert [(p.line, "delimiter row" in describe(p)) for p in registry.malformed] == [(3, True)]


def test_escaped_pipes_stay_in_one_cell_and_code_spans_split_like_gfm():
    assert split_cells(r"| 1000 | A \| B | - | Draft |") == ["1000", r"A \| B", "-", "Draft"]
    # GFM splits a code span on an unescaped pipe, so GitHub shows five cells: so do we.
    assert split_cells("| 1000 | `a|b` | - | Draft |") == ["1000", "`a", "b`", "-", "Draft"]
    assert split_cells(r"| 1000 | `a\|b` | - | Draft |") == ["1000", r"`a\|b`", "-", "Draft"]
    assert split_cells("1000 | no outer pipes | - | Draft") == ["1000", "no outer pipes", "-", "Draft"]


def test_extra_and_missing_cells_are_malformed_with_lines():
    registry = parse(registry_readme("| 1000 | A | B | - | Draft |\n| 1001 | Short |\n"))
    assert [(p.line, describe(p).split(",")[0]) for p in registry.malformed] == [
        (10, "row has 5 cells"),
        (11, "row has 2 cells"),
    ]


def test_conflict_markers_are_malformed_and_mark_the_registry_conflicted():
    rows = "<<<<<<< HEAD\n| 1001 | Mine | A | Draft |\n=======\n| 1001 | Theirs | B | Draft |\n>>>>>>> branch\n"
    registry = parse("## BEP Number Registry\n\n" + HEADER + "| 1000 | X | - | Draft |\n" + rows)
    assert registry.conflicted
    [conflict] = [p for p in registry.malformed if "conflict" in describe(p)]  # one finding says it all
    assert conflict.line == 6 and "(lines 6, 8, 10)" in describe(conflict)


def test_heading_twice_is_malformed_and_the_first_one_counts():
    text = registry_readme("| 1000 | First | - | Draft |\n") + "\n## BEP Number Registry\n\n" + HEADER + "| 2000 | Second | - | Draft |\n"
    registry = parse(text)
    assert registry.rows[0].number == 1000
    assert any("appears again" in describe(p) for p in registry.malformed)


def test_crlf_bom_korean_and_symbols():
    text = registry_readme("| 1000 | Bridge ↔ Agent & More | 김현수 (Hyunsoo Kim) | Draft |\n")
    source = Source.from_text("README.md", "\ufeff" + text.replace("\n", "\r\n"))
    registry = parse_registry(source, Config())
    assert source.bom and source.newline == "\r\n"
    assert registry.rows[0].title == "Bridge ↔ Agent & More"
    assert registry.rows[0].author == "김현수 (Hyunsoo Kim)"


def test_non_ascii_digits_are_not_numbers():
    registry = parse(registry_readme("| １０００ | Full width | - | Draft |\n| ١٠٠١ | Arabic-Indic | - | Draft |\n"))
    assert [row.number for row in registry.rows[:2]] == [None, None]


def test_header_without_status_column_is_malformed():
    text = "## BEP Number Registry\n\n| Number | Title | Author |\n|---|---|---|\n| 1000 | X | - |\n"
    registry = parse(text)
    assert any("no Status column" in describe(p) for p in registry.malformed)


def test_conflicted_is_the_markers_found_not_the_wording_of_a_message():
    heading = "Conflict Free Registry"  # (a structure problem's message then holds 'conflict')
    config = Config()._replace(registry_heading=heading) if hasattr(Config(), "_replace") else Config(registry_heading=heading)
    text = f"# BEPs\n\n## {heading}\n\n" + HEADER + "| 1000 | A | - | Draft |\n\n## {heading}\n\nagain\n".replace("{heading}", heading)
    registry = parse(text, config)
    assert any("conflict" in describe(problem).lower() for problem in registry.structure)
    assert not registry.conflicted and registry.conflict_markers == []
    marked = parse(registry_readme("<<<<<<< HEAD\n| 1000 | A | - | Draft |\n=======\n| 1000 | B | - | Draft |\n>>>>>>> x\n"))
    assert marked.conflicted and len(marked.conflict_markers) == 3


# -- pinned by mutation testing (mutation/README.md) ----------------------------------

NO_OUTER_PIPES = (
    "# R\n\n## BEP Number Registry\n\n"
    "Number | Title | Author | Status\n--- | :--- | ---: | :---:\n1001 | B | - | Draft\n1000 | A | - | Draft\n"
)


def test_rows_without_outer_pipes_are_read_and_located():
    registry = parse(NO_OUTER_PIPES)
    first = registry.rows[0]
    assert registry.header == ("Number", "Title", "Author", "Status")
    assert first.cells == ("1001", "B", "-", "Draft") and first.number == 1001
    assert (first.column_of("number"), first.column_of("title"), first.column_of("status")) == (1, 8, 16)


def test_cells_are_located_after_their_pipe_and_spaces():
    registry = parse(registry_readme("|  1000 |   Title | A |Draft|\n"))
    row = registry.rows[0]
    assert [row.column_of(c) for c in ("number", "title", "author", "status")] == [4, 13, 21, 24]
    assert row.with_cell("status", "Accepted").column_of("status") == 1  # rewritten: no source column


def test_a_number_column_that_is_not_first_is_read_where_it_is():
    text = "## BEP Number Registry\n\n| Title | Number | Author | Status |\n|---|---|---|---|\n| A | 1001 | - | Draft |\n"
    registry = parse(text)
    assert registry.columns == {"title": 0, "number": 1, "author": 2, "status": 3}
    row = registry.rows[0]
    assert (row.number, row.title, row.column_of("number")) == (1001, "A", 7)
    assert registry.malformed == []


def test_a_header_without_a_number_column_is_malformed_and_reads_the_first_cell():
    text = "## BEP Number Registry\n\n| Title | Author | Status |\n|---|---|---|\n| 1001 | - | Draft |\n"
    registry = parse(text)
    assert [(p.line, p.column, describe(p)) for p in registry.malformed] == [
        (3, 1, "the registry header has no Number column; expected '| Number | Title | Author | Status |'")
    ]
    assert registry.columns["number"] == 0 and registry.rows[0].number == 1001
    assert registry.rows[0].cell("missing") == ""


def test_a_repeated_column_name_counts_once_and_case_and_emphasis_do_not_matter():
    text = "## BEP Number Registry\n\n| **Number** | title | Title | _Author_ | STATUS |\n|---|---|---|---|---|\n"
    assert parse(text).columns == {"number": 0, "title": 1, "author": 3, "status": 4}


def test_link_forms_of_the_number_cell():
    def row(cell):
        return parse(registry_readme(f"| {cell} | T | - | Draft |\n")).rows[0]

    assert (row('[1000](a.md "Title")').link, row('[1000](a.md "Title")').number) == ("a.md", 1000)
    assert row("[1000](<a b.md>)").link == "a b.md"
    assert row('[1000](<a b.md> "t")').link == "a b.md"
    assert row("[1000](  a.md  )").link == "a.md"
    assert row("[ 1000 ](a.md)").number == 1000
    assert row("[1000]( 'only a title')").link == ""
    assert row("[1000](a.md)x").link is None and row("[1000](a.md)x").number is None
    assert row("[1000](a b)").link is None
    assert row("1000").link is None


def test_with_link_replaces_only_the_target():
    row = parse(registry_readme('| [1000](old.md#x "T") | T | - | Draft |\n')).rows[0]
    moved = row.with_link("proposals/new.md#x")
    assert moved.cells[0] == '[1000](proposals/new.md#x "T")' and moved.raw is None
    assert moved.cells[1:] == row.cells[1:]


def test_rows_for_finds_a_number_before_and_after_every_row_is_built():
    text = registry_readme("| 1000 | A | - | Draft |\n| [1001](x.md) | B | - | Draft |\n| 1001 | C | - | Draft |\n| 21001 | D | - | Draft |\n")
    registry = parse(text)
    lazy = [row.line for row in registry.rows_for(1001)]
    assert "rows" not in registry.__dict__  # only the candidate lines were split
    assert len(registry.rows) == 5
    assert lazy == [row.line for row in registry.rows_for(1001)] == [11, 12]
    assert registry.rows_for(1002) == []


def test_a_placeholder_never_answers_for_a_number():
    registry = parse(registry_readme("| 1000 | A | - | Draft |\n"))
    assert registry.rows_for(0) == [] and registry.rows[-1].kind == NEXT


def test_a_pipe_line_without_a_delimiter_row_is_a_broken_table_on_its_line():
    text = "## BEP Number Registry\n\nText.\n\n| Number | Title |\n| 1000 | A |\n"
    registry = parse(text)
    assert not registry.has_table and registry.missing == []
    assert [(p.line, p.column) for p in registry.malformed] == [(5, 1)]
    assert "its second line must be a delimiter row" in describe(registry.malformed[0])


def test_missing_heading_and_missing_table_messages():
    missing = parse("# R\n\nNo registry.\n").missing
    assert [(p.line, p.column, describe(p)) for p in missing] == [
        (None, None, "no 'BEP Number Registry' heading in README.md; add the heading followed by a "
         "'| Number | Title | Author | Status |' table")
    ]
    missing = parse("# R\n\n## BEP Number Registry\n\nNothing yet.\n\n## Next\n\n" + HEADER).missing
    assert [(p.line, p.column) for p in missing] == [(3, 1)]
    assert describe(missing[0]).startswith("no table under the 'BEP Number Registry' heading")


def test_a_table_of_a_later_section_is_not_the_registry():
    text = "## BEP Number Registry\n\nNone.\n\n### Sub\n\n" + HEADER + "| 1000 | A | - | Draft |\n"
    assert parse(text).has_table  # a sub-section belongs to the registry's section
    text = "## BEP Number Registry\n\nNone.\n\n# Other\n\n" + HEADER + "| 1000 | A | - | Draft |\n"
    assert not parse(text).has_table


def test_a_conflict_marker_needs_seven_characters_and_a_space_or_the_end():
    rows = "| 1000 | A | - | Draft |\n"
    for marker, counts in (("<<<<<<< HEAD", True), ("=======", True), ("|||||||  base", True), ("<<<<<<<<", False), ("======", False)):
        registry = parse(registry_readme(rows).replace("| 1000", marker + "\n| 1000", 1))
        assert registry.conflicted is counts, marker


def test_malformed_row_message_names_the_header_and_what_to_do():
    registry = parse(registry_readme("| 1000 | A | B | - | Draft |\n| 1001 | C | Draft |\n"))
    assert [(p.line, p.column, describe(p)) for p in registry.malformed] == [
        (10, 1, "row has 5 cells, the header has 4 (Number | Title | Author | Status); "
         "escape a '|' inside a cell as '\\|', or remove the extra cell"),
        (11, 1, "row has 3 cells, the header has 4 (Number | Title | Author | Status); add the missing cells"),
    ]
    assert [row.well_formed for row in registry.rows] == [False, False, True]  # (the _next_ row has 4)


def test_the_shifted_cells_of_a_row_of_the_wrong_shape_are_not_read(make_repo, bep_json):
    rows = "| [1001](proposals/BEP-1001-gpu.md) | GPU | Partitioning | Sanghun Lee | Draft |\n| 1002 | Short | Draft |\n"
    root = make_repo(
        {
            "README.md": registry_readme(rows),
            "proposals/BEP-1001-gpu.md": proposal("GPU Partitioning"),
            "proposals/BEP-1002-short.md": proposal("Short"),
        }
    )
    code, findings = bep_json("--root", str(root))
    assert code == 1
    assert [(f["rule"], f["line"]) for f in findings] == [("registry-malformed", 10), ("registry-malformed", 11)]


def test_split_cells_trims_markdown_white_space_only():
    assert split_cells("|\x1c a \x85| b |") == ["\x1c a \x85", "b"]
    assert split_cells("a|b") == ["a", "b"] and split_cells("||") == [""] and split_cells("") == []
    assert split_cells(r"| a \| b | `c` |") == [r"a \| b", "`c`"]


def test_a_cell_past_the_end_of_a_short_row_is_empty_and_located_at_1():
    row = parse(registry_readme("| 1000 | A | B |\n")).rows[0]
    assert (row.status, row.author, row.cell("nothing")) == ("", "B", "")
    assert row.column_of("nothing") == 1
    assert row.column_of("status") == len("| 1000 | A | B |") + 1  # after the last pipe: the end of the line


def test_a_link_needs_its_closing_parenthesis_and_with_link_keeps_the_spaces():
    row = parse(registry_readme("| [1000](  old.md#x  ) | T | - | Draft |\n")).rows[0]
    assert row.with_link("new.md#x").cells[0] == "[1000](  new.md#x  )"
    unclosed = parse(registry_readme("| [1000](a.mdx | T | - | Draft |\n")).rows[0]
    assert (unclosed.link, unclosed.number) == (None, None)


def test_a_link_destination_escapes_spaces_and_control_characters_and_a_scheme_like_start():
    from bep_hooks.parse.table import escape_destination

    assert escape_destination("BEP-1000 a.md") == "BEP-1000%20a.md"
    assert escape_destination("BEP-1000\x07.md") == "BEP-1000%07.md"
    assert escape_destination("BEP-1000\u2028.md") == "BEP-1000%E2%80%A8.md"  # one escape per UTF-8 byte
    # a colon before the first slash would read as a URL scheme
    assert escape_destination("a:b/BEP-1000.md") == "./a:b/BEP-1000.md"
    assert escape_destination("x/a:b/BEP-1000.md") == "x/a:b/BEP-1000.md"
    assert escape_destination("x/BEP-1000:a.md") == "x/BEP-1000:a.md"


def test_text_no_cell_can_hold_is_refused_with_what_it_is():
    import pytest

    from bep_hooks.parse.table import CellError, escape_cell

    with pytest.raises(CellError) as refused:
        escape_cell("a\nb")
    assert str(refused.value) == "the text 'a\nb' holds a line break, which no table cell can hold"


def test_conflict_markers_in_the_registry_show_ten_lines_at_most():
    block = "<<<<<<< HEAD\n| 1001 | A | - | Draft |\n=======\n| 1001 | B | - | Draft |\n>>>>>>> other\n"
    ten = parse(registry_readme("| 1000 | X | - | Draft |\n" + block * 3 + "<<<<<<< HEAD\n"))
    eleven = parse(registry_readme("| 1000 | X | - | Draft |\n" + block * 3 + "<<<<<<< HEAD\n=======\n"))
    (problem,) = [p for p in ten.structure if "merge conflict" in describe(p)]
    assert (problem.line, problem.column) == (11, 1)
    assert "(lines 11, 13, 15, 16, 18, 20, 21, 23, 25, 26);" in describe(problem)
    (problem,) = [p for p in eleven.structure if "merge conflict" in describe(p)]
    assert "(lines 11, 13, 15, 16, 18, 20, 21, 23, 25, 26, ...);" in describe(problem)


def test_a_second_registry_heading_is_reported_at_its_line_and_column_one():
    text = registry_readme("| 1000 | X | - | Draft |\n", after="\n## BEP Number Registry\n\nOld.\n")
    (problem,) = [p for p in parse(text).structure if "appears again" in describe(p)]
    assert (problem.line, problem.column) == (text.splitlines().index("## BEP Number Registry", 5) + 1, 1)
    assert describe(problem).startswith("the 'BEP Number Registry' heading appears again (first on line 4)")


def test_the_registry_heading_is_recognised_through_emphasis_and_punctuation_but_not_run_together():
    table = HEADER + "| 1000 | X | - | Draft |\n"
    for heading in ("## **BEP Number Registry**", "## `BEP` Number  Registry:", "### BEP_Number_Registry"):
        registry = parse(f"# BEPs\n\n{heading}\n\n{table}")
        assert registry.has_table and [row.number for row in registry.rows] == [1000], heading
    assert not parse(f"# BEPs\n\n## BEPNumber Registry\n\n{table}").has_table


def test_a_number_may_have_as_many_digits_as_the_limit_and_no_more():
    from bep_hooks.parse.registry import _MAX_DIGITS

    longest, too_long = "9" * _MAX_DIGITS, "9" * (_MAX_DIGITS + 1)
    registry = parse(registry_readme(f"| {longest} | X | - | Draft |\n| {too_long} | Y | - | Draft |\n"))
    assert [row.number for row in registry.rows[:2]] == [int(longest), None]


def test_a_new_row_copies_the_padding_and_the_dotted_links_most_rows_use():
    """`row_form` reads a table's rows once: the widest zero padding of their numbers
    (one digit `0` is not padding), and `./` when more than half of the relative links
    have it (external links do not vote)."""
    registry = parse(
        registry_readme(
            "| [0007](./BEP-0007.md) | A | - | Draft |\n"
            "| [00012](./BEP-00012.md) | B | - | Draft |\n"
            "| [0](BEP-0.md) | C | - | Draft |\n"
            "| [13](https://example.org/13) | D | - | Draft |\n"
        )
    )
    table = registry.primary
    form = registry.form_of(table)
    assert form == row_form(registry.rows_of(table)) == RowForm(padded_width=5, dotted_links=True, slashed_folders=True)
    assert registry.form_of(table) is form  # read once
    assert like_its_rows(form, "BEP-0014.md") == "./BEP-0014.md"
    assert like_its_rows(form, "../BEP-0014.md") == "../BEP-0014.md"
    assert like_its_rows(form, "https://example.org/14") == "https://example.org/14"
    assert like_its_rows(RowForm(), "BEP-0014.md") == "BEP-0014.md"
    # half of the relative links is not most of them
    even = parse(registry_readme("| [1](./a.md) | A | - | Draft |\n| [2](b.md) | B | - | Draft |\n"))
    assert row_form(even.rows_of(even.primary)) == RowForm(None, False, True)
    # links to folders: written with the final '/' most of them have, or without
    folders = parse(registry_readme("| [1](./X-1) | A | - | Draft |\n| [2](./X-2) | B | - | Draft |\n| [3](./X-3/) | C | - | Draft |\n"))
    form = folders.form_of(folders.primary)
    assert form == RowForm(None, True, False)
    assert like_its_rows(form, "X-4/") == "./X-4" and like_its_rows(form, "x-4.md") == "./x-4.md"
    assert like_its_rows(RowForm(None, True, True), "X-4/") == "./X-4/"


def test_an_unfound_table_reads_as_empty_and_the_registry_as_having_none():
    registry = parse("# R\n\nNo registry.\n")
    [table] = registry.tables
    assert (table.start, table.end, table.header, table.columns, table.delimiter) == (0, 0, (), {}, "")
    assert (table.heading_line, table.has_table) == (None, False)
    assert repr(table) == "<Table 0 'BEP Number Registry' lines 1-0>"
    assert (registry.start, registry.end, registry.header, registry.columns) == (0, 0, (), {})
    assert (registry.header_line, registry.heading_line) == (1, None)
    assert (registry.primary, registry.table_of(None)) == (None, None)


def test_the_registry_describes_its_first_table():
    registry = parse(registry_readme("| 1000 | A | - | Draft |\n"))
    table = registry.primary
    assert (registry.start, registry.end, registry.header_line, registry.heading_line) == (7, 11, 8, 4)
    assert table.delimiter == "|--------|-------|--------|--------|"
    assert repr(table) == "<Table 0 'BEP Number Registry' lines 8-11>"
    assert registry.table_of(None) is table and registry.table_of("BEP") is table and registry.table_of("X") is None


def test_a_row_of_no_table_is_read_as_the_bep_tables():
    """`Row.table` None (numbers_in_rows without tables): the number first, `_next_` and
    `_(skipped)_` the placeholders, the link in the Number cell."""
    from bep_hooks.parse.registry import ENTRY, Row

    columns = {"number": 0, "title": 1}
    assert Row(0, ("_next_", "x"), columns).kind == NEXT
    assert Row(0, ("1001", "_(skipped)_"), columns).kind == SKIPPED
    linked = Row(0, ("[1001](a.md)", "T"), columns)
    assert (linked.kind, linked.number, linked.link, linked.series, linked.author) == (ENTRY, 1001, "a.md", None, "")


def test_the_link_of_a_bep_row_is_in_its_number_cell_only():
    row = parse(registry_readme("| 1000 | [Title](x.md) | - | Draft |\n")).rows[0]
    assert (row.link_column, row.link, row.title, row.number) == ("number", None, "[Title](x.md)", 1000)


def test_a_cell_after_the_last_pipe_of_a_row_without_a_closing_pipe_is_at_column_1():
    row = parse(registry_readme("| 1000 | A | B\n")).rows[0]
    assert row.cells == ("1000", "A", "B")
    assert (row.column_of("author"), row.column_of("status")) == (14, 1)


def test_rows_mentioning_a_name_are_the_rows_whose_line_holds_it():
    registry = parse(
        registry_readme(
            "| [1000](a.md) | A | - | Draft |\n| [1001](b.md) | B | - | Draft |\n| 1002 | a.md | - | Draft |\n"
        )
    )
    assert [row.line for row in registry.rows_mentioning("a.md")] == [10, 12]
    assert [row.line for row in registry.rows_mentioning("b.md")] == [11]
    assert registry.rows_mentioning("c.md") == []


def test_numbers_in_lines_are_read_as_rows_of_the_registrys_tables():
    registry = parse(registry_readme("| 1000 | A | - | Draft |\n"))
    lines = ["| [1001](a.md) | A | - | Draft |", "1002", "| 1003 | B | - | Draft |", "| _next_ | | | |"]
    assert registry.numbers_in(lines) == {1001, 1003}
    assert registry.numbers_in(lines + ["|---|---|"]) is None


def test_row_form_padding_is_a_leading_zero_of_two_digits_or_more():
    def form(*cells):
        registry = parse(registry_readme("".join(f"| {cell} | T | - | Draft |\n" for cell in cells)))
        return row_form(registry.rows_of(registry.primary))

    assert form("0", "10").padded_width is None  # (a lone 0, a 0 that is not first: no padding)
    assert form("07", "10").padded_width == 2


def test_row_form_folders_keep_their_slash_when_half_of_them_have_it():
    def form(*targets):
        rows = "".join(f"| [{n}]({t}) | T | - | Draft |\n" for n, t in enumerate(targets, 1))
        registry = parse(registry_readme(rows))
        return row_form(registry.rows_of(registry.primary))

    assert form("X-1/", "X-2").slashed_folders is True
    assert form("X-1/", "X-2", "x-3.md", "d.x/y-4.md").slashed_folders is True  # (files do not vote)
    assert form("X-1/", "X-2", "X-3").slashed_folders is False
    assert form("d.x/X-1", "X-2", "X-3/").slashed_folders is False  # (a dot in a parent folder: still a folder)


def test_like_its_rows_keeps_a_link_to_the_root_folder_whole():
    unslashed = RowForm(None, False, False)
    links = ("./", "/", "X-4/", "X-4//", "x.md")
    assert [like_its_rows(unslashed, link) for link in links] == ["./", "/", "X-4", "X-4", "x.md"]
