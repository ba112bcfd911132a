"""Parsing the registry table: which table counts, and what each row holds."""

from __future__ import annotations

from bep_hooks.config import Config
from bep_hooks.registry import NEXT, SKIPPED, parse_registry, split_cells
from bep_hooks.source import Source

from .conftest import HEADER, registry_readme


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
    assert len(registry.missing) == 1 and "no 'BEP Number Registry' heading" in registry.missing[0].message


def test_heading_without_table_is_missing_with_its_line():
    registry = parse("# BEPs\n\n## BEP Number Registry\n\nNothing here yet.\n\n## Next\n\n" + HEADER)
    assert [(p.line, "no table" in p.message) for p in registry.missing] == [(3, True)]


def test_broken_delimiter_row_is_malformed_not_missing():
    registry = parse("## BEP Number Registry\n\n| Number | Title | Author | Status |\n| 1000 | X | - | Draft |\n")
    assert not registry.missing
    assert [(p.line, "delimiter row" in p.message) for p in registry.malformed] == [(3, True)]


def test_escaped_pipes_stay_in_one_cell_and_code_spans_split_like_gfm():
    assert split_cells(r"| 1000 | A \| B | - | Draft |") == ["1000", r"A \| B", "-", "Draft"]
    # GFM splits a code span on an unescaped pipe, so GitHub shows five cells: so do we.
    assert split_cells("| 1000 | `a|b` | - | Draft |") == ["1000", "`a", "b`", "-", "Draft"]
    assert split_cells(r"| 1000 | `a\|b` | - | Draft |") == ["1000", r"`a\|b`", "-", "Draft"]
    assert split_cells("1000 | no outer pipes | - | Draft") == ["1000", "no outer pipes", "-", "Draft"]


def test_extra_and_missing_cells_are_malformed_with_lines():
    registry = parse(registry_readme("| 1000 | A | B | - | Draft |\n| 1001 | Short |\n"))
    assert [(p.line, p.message.split(",")[0]) for p in registry.malformed] == [
        (10, "row has 5 cells"),
        (11, "row has 2 cells"),
    ]


def test_conflict_markers_are_malformed_and_mark_the_registry_conflicted():
    rows = "<<<<<<< HEAD\n| 1001 | Mine | A | Draft |\n=======\n| 1001 | Theirs | B | Draft |\n>>>>>>> branch\n"
    registry = parse("## BEP Number Registry\n\n" + HEADER + "| 1000 | X | - | Draft |\n" + rows)
    assert registry.conflicted
    [conflict] = [p for p in registry.malformed if "conflict" in p.message]  # one finding says it all
    assert conflict.line == 6 and "(lines 6, 8, 10)" in conflict.message


def test_heading_twice_is_malformed_and_the_first_one_counts():
    text = registry_readme("| 1000 | First | - | Draft |\n") + "\n## BEP Number Registry\n\n" + HEADER + "| 2000 | Second | - | Draft |\n"
    registry = parse(text)
    assert registry.rows[0].number == 1000
    assert any("appears again" in p.message for p in registry.malformed)


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
    assert any("no Status column" in p.message for p in registry.malformed)


def test_conflicted_is_the_markers_found_not_the_wording_of_a_message():
    heading = "Conflict Free Registry"  # (a structure problem's message then holds 'conflict')
    config = Config()._replace(registry_heading=heading) if hasattr(Config(), "_replace") else Config(registry_heading=heading)
    text = f"# BEPs\n\n## {heading}\n\n" + HEADER + "| 1000 | A | - | Draft |\n\n## {heading}\n\nagain\n".replace("{heading}", heading)
    registry = parse(text, config)
    assert any("conflict" in problem.message.lower() for problem in registry.structure)
    assert not registry.conflicted and registry.conflict_markers == []
    marked = parse(registry_readme("<<<<<<< HEAD\n| 1000 | A | - | Draft |\n=======\n| 1000 | B | - | Draft |\n>>>>>>> x\n"))
    assert marked.conflicted and len(marked.conflict_markers) == 3
