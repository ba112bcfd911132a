"""The fixer: canonical table, and every byte outside it kept."""

from __future__ import annotations

import os
import stat

import pytest

from bep_hooks.config import Config
from bep_hooks.parse.registry import parse_registry
from bep_hooks.parse.table import display_width
from bep_hooks.registry_format import formatted_text
from bep_hooks.parse.source import Source

from .conftest import HEADER, NEXT_ROW, registry_readme


def fix_text(text: str, style: str = "compact") -> str:
    registry = parse_registry(Source.from_text("README.md", text), Config())
    result = formatted_text(registry, style=style)
    assert result is not None
    return result


def test_canonical_compact_table_is_left_byte_for_byte():
    text = registry_readme("| 1000 | A & B | Joongi Kim | Draft |\n| 1011 | _(skipped)_ | | |\n")
    assert fix_text(text) == text


def test_spacing_is_normalised_and_rows_sorted_stably_with_next_last():
    rows = (
        "|1002|Second|-|Draft|\n"
        "| _next_ | _(reserve your number here)_ | | |\n"
        "|   1000   | First   |  -  | Draft |\n"
        "| 1002 | Duplicate kept after its twin | - | Draft |\n"
        "| 1001 | Middle | - | Accepted |\n"
    )
    text = "## BEP Number Registry\n\n" + HEADER + rows + "\nAfter.\n"
    fixed = fix_text(text)
    assert fixed == (
        "## BEP Number Registry\n\n" + HEADER + "| 1000 | First | - | Draft |\n"
        "| 1001 | Middle | - | Accepted |\n"
        "| 1002 | Second | - | Draft |\n"
        "| 1002 | Duplicate kept after its twin | - | Draft |\n" + NEXT_ROW + "\nAfter.\n"
    )
    assert fix_text(fixed) == fixed


def test_row_with_extra_cell_is_kept_verbatim_and_moves_with_its_number():
    rows = "| 1001 | B | - | Draft |\n|1000 | A | `x|y` | - | Draft |\n"
    fixed = fix_text("## BEP Number Registry\n\n" + HEADER + rows)
    assert "|1000 | A | `x|y` | - | Draft |\n| 1001 | B | - | Draft |" in fixed


def test_crlf_bom_and_missing_final_newline_are_kept():
    text = "\ufeff## BEP Number Registry\r\n\r\n| Number | Title | Author | Status |\r\n|---|---|---|---|\r\n|1000|A|-|Draft|"
    source = Source.from_text("README.md", text)
    registry = parse_registry(source, Config())
    fixed = formatted_text(registry)
    assert fixed == "## BEP Number Registry\r\n\r\n| Number | Title | Author | Status |\r\n|---|---|---|---|\r\n| 1000 | A | - | Draft |"
    assert source.encode(fixed).startswith(b"\xef\xbb\xbf")


def test_bytes_outside_the_table_are_untouched():
    before = "# Intro  \n\n<!-- | 1 | x | -->\n\n| Other | Table |\n|:--|--:|\n|  odd   spacing |  kept |\n\n"
    after = "\n## After\n\n|  not | the registry |\n|---|---|\n"
    text = registry_readme("|1001|B|-|Draft|\n|1000|A|-|Draft|\n", before=before, after=after)
    fixed = fix_text(text)
    prefix, suffix = text.split("| Number")[0], text.split("| _next_")[1]
    assert fixed.startswith(prefix) and fixed.endswith(suffix)


def test_aligned_style_pads_to_display_width():
    text = "## BEP Number Registry\n\n" + HEADER + "| 1000 | 한국어 | - | Draft |\n| 1001 | ab | Kim | Draft |\n"
    fixed = fix_text(text, style="aligned")
    table = fixed.splitlines()[2:]
    assert len({display_width(line) for line in table}) == 1
    assert table[2] == "| 1000   | 한국어 | -      | Draft  |"
    assert fix_text(fixed, style="aligned") == fixed


def test_conflicted_registry_is_not_fixed():
    text = "## BEP Number Registry\n\n" + HEADER + "<<<<<<< HEAD\n|1001|A|-|Draft|\n=======\n|1001|B|-|Draft|\n>>>>>>> x\n"
    registry = parse_registry(Source.from_text("README.md", text), Config())
    assert formatted_text(registry) is None


def test_fix_command_writes_atomically_keeps_mode_and_reports(make_repo, bep):
    root = make_repo({"README.md": registry_readme("|1001|B|-|Draft|\n| 1000 | A | - | Draft |\n")})
    readme = root / "README.md"
    os.chmod(readme, 0o640)
    code, out, _ = bep("fix", "--quiet", "--root", str(root))
    assert code == 1 and out.strip() == "Fixing README.md"
    assert stat.S_IMODE(os.stat(readme).st_mode) == 0o640
    assert "| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |\n" in readme.read_text()
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]
    code, out, _ = bep("fix", "--quiet", "--root", str(root))
    assert (code, out) == (0, "")


def test_fixer_hook_only_touches_the_registry_when_it_is_passed(make_repo, monkeypatch):
    from bep_hooks.format_registry import main

    root = make_repo({"README.md": registry_readme("|1001|B|-|Draft|\n|1000|A|-|Draft|\n")})
    before = (root / "README.md").read_bytes()
    monkeypatch.chdir(root)
    assert main(["proposals/BEP-0000-template.md"]) == 0
    assert (root / "README.md").read_bytes() == before
    assert main(["README.md"]) == 1
    assert (root / "README.md").read_bytes() != before
    assert main(["README.md"]) == 0


# -- pinned by mutation testing (mutation/README.md) ----------------------------------

from bep_hooks.registry_format import Draft, first_difference, format_differences, sort_rows  # noqa: E402


def parse(text: str):
    return parse_registry(Source.from_text("README.md", text), Config())


def test_a_row_without_a_valid_number_stays_after_its_predecessor():
    registry = parse(registry_readme("| 1001 | B | - | Draft |\n| TBD | T | - | Draft |\n| 1000 | A | - | Draft |\n"))
    assert [row.number_text for row in sort_rows(registry.rows)] == ["1000", "1001", "TBD", "_next_"]
    fixed = fix_text(registry.source.text)
    assert fixed.encode() == registry.source.text.encode().replace(
        b"| 1001 | B | - | Draft |\n| TBD | T | - | Draft |\n| 1000 | A | - | Draft |\n",
        b"| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |\n| TBD | T | - | Draft |\n",
    )


def test_rows_without_a_number_before_any_number_stay_first_and_next_goes_last():
    text = registry_readme("| TBD | T | - | Draft |\n| _next_ | x | | |\n| 1000 | A | - | Draft |\n| 1000 | B | - | Draft |\n")
    rows = sort_rows(parse(text).rows)
    assert [(row.number_text, row.title) for row in rows] == [
        ("TBD", "T"), ("1000", "A"), ("1000", "B"), ("_next_", "x"), ("_next_", "_(reserve your number here)_")
    ]


def test_a_delimiter_row_without_outer_pipes_becomes_canonical_keeping_alignment():
    text = (
        "# R\n\n## BEP Number Registry\n\n"
        "Number | Title | Author | Status\n--- | :--- | ---: | :---:\n1000 | A | - | Draft\n\nAfter.\n"
    )
    assert fix_text(text).encode() == (
        b"# R\n\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n"
        b"|--------|:------|-------:|:------:|\n| 1000 | A | - | Draft |\n\nAfter.\n"
    )
    assert fix_text(text, "aligned").encode() == (
        b"# R\n\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n"
        b"|--------|:------|-------:|:------:|\n| 1000   | A     | -      | Draft  |\n\nAfter.\n"
    )


def test_a_delimiter_row_with_outer_pipes_is_kept_as_written_in_compact_style():
    text = registry_readme("| 1000 | A | - | Draft |\n").replace("|--------|-------|--------|--------|", "| :-- | --- | - | --: |")
    assert fix_text(text) == text


def test_an_empty_cell_is_one_space_and_aligned_pads_wide_characters():
    text = registry_readme("| 1000 | 한글 | | Draft |\n")
    assert "| 1000 | 한글 | | Draft |\n" in fix_text(text)
    aligned = fix_text(text, "aligned")
    widest = len("_(reserve your number here)_")  # the title column's widest cell
    assert "| 1000   | 한글" + " " * (widest - 4) + " |        | Draft  |\n" in aligned
    assert "|--------|" + "-" * (widest + 2) + "|--------|--------|\n" in aligned


def test_display_width_counts_wide_as_two_and_combining_as_nothing():
    assert display_width("e\u0301a한") == 4  # the combining accent takes no column
    assert display_width("\uff21") == 2  # full-width Latin A


def test_crlf_table_keeps_crlf_between_its_rewritten_lines():
    text = registry_readme("|1001|B|-|Draft|\n| 1000 | A | - | Draft |\n").replace("\n", "\r\n")
    fixed = fix_text(text).encode()
    assert b"| 1000 | A | - | Draft |\r\n| 1001 | B | - | Draft |\r\n| _next_" in fixed
    assert fixed.count(b"\r\n") == fixed.count(b"\n")


def test_first_difference_is_the_first_uncanonical_line_order_aside():
    text = registry_readme("| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n|1002 | C | - | Draft |\n")
    registry = parse(text)
    assert first_difference(registry) == 12
    assert first_difference(parse(registry_readme("| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n"))) is None
    assert first_difference(registry, "aligned") == 8  # the header line: padded
    assert first_difference(parse("# R\n\nNo registry.\n")) is None


def test_a_registry_without_a_table_cannot_be_formatted():
    registry = parse("## BEP Number Registry\n\nNothing yet.\n")
    assert formatted_text(registry) is None


def test_a_conflicted_registry_has_no_first_difference():
    text = "## BEP Number Registry\n\n" + HEADER + "|1000|A|-|Draft|\n\n<<<<<<< HEAD\n\n=======\n\n>>>>>>> other\n"
    registry = parse(text)
    assert registry.conflicted and first_difference(registry) is None
    assert first_difference(parse(text.split("\n\n<<<")[0] + "\n")) == 5


def test_a_row_without_a_number_before_number_zero_stays_first():
    registry = parse(registry_readme("| TBD | T | - | Draft |\n| 0000 | Zero | - | Draft |\n"))
    assert [row.number_text for row in sort_rows(registry.rows)] == ["TBD", "0000", "_next_"]


def test_a_rebuilt_delimiter_keeps_short_alignment_cells_and_at_least_one_dash():
    text = "## BEP Number Registry\n\nNumber |  | Title | Author | Status\n-: | :-: | --- | --- | ---\n1000 | x | A | - | Draft\n"
    assert fix_text(text).encode() == (
        b"## BEP Number Registry\n\n| Number | | Title | Author | Status |\n"
        b"|-------:|:-:|-------|--------|--------|\n| 1000 | x | A | - | Draft |\n"
    )


def test_a_new_row_takes_the_first_table_line_s_ending_not_the_file_s(make_repo, bep):
    from .conftest import registry_readme as readme

    text = readme("| 1000 | A | - | Draft |\n")
    head, _, rest = text.partition("| Number")
    table, _, tail = ("| Number" + rest).partition("\n\n")
    lines = table.split("\n")
    # the file's lines end in LF; the table's first line in CRLF, its later lines in LF
    mixed = head + lines[0] + "\r\n" + "\n".join(lines[1:]) + "\n\n" + tail
    root = make_repo({"README.md": mixed})
    assert bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")[0] == 0
    data = (root / "README.md").read_bytes()
    before = mixed.encode()
    # each line ending keeps its place; the one ending more (the last) is the first line's
    assert data == before.replace(
        b"| 1000 | A | - | Draft |\n| _next_ | _(reserve your number here)_ | | |\n",
        b"| 1000 | A | - | Draft |\n| 1001 | Second | Lee | Draft |\r\n| _next_ | _(reserve your number here)_ | | |\n",
    )


@pytest.mark.parametrize(
    "delimiter", ["|--------|-------|--------|--------", "--------|-------|--------|--------|", "--------|-------|--------|--------"]
)
def test_bep_fix_gives_a_delimiter_row_its_missing_outer_pipes(make_repo, bep, delimiter):
    from .conftest import registry_readme as readme

    canonical = "|--------|-------|--------|--------|"
    text = readme("| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n").replace(canonical, delimiter)
    root = make_repo({"README.md": text})
    bep("fix", "--root", str(root))
    expected = readme("| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |\n")
    assert (root / "README.md").read_bytes() == expected.encode()


# -- several tables, each in its own style and order (docs/layouts.md) -----------------

TWO_TABLES = """\
layout:
  registry:
    tables:
      - {heading: BEPs, series: BEP, style: keep}
      - {heading: XEPs, series: XEP, sorted: false}
  series:
    - prefix: BEP
    - prefix: XEP
"""


def parse_with(config_text: str, text: str):
    from bep_hooks.config import parse_config

    return parse_registry(Source.from_text("README.md", text), parse_config(config_text))


def test_each_table_is_sorted_and_spaced_by_its_own_layout():
    table = "| Number | Title | Author | Status |\n|---|---|---|---|\n"
    text = (
        "# R\n\n## BEPs\n\n" + table + "| 1001 | B | - | Draft |\n|  1000 |  A | - | Draft |\n"
        "\n## XEPs\n\n" + table + "| 1001 | Y | - | Draft |\n|1000 | X | - | Draft |\n|1002|Z|-|Draft|\n\nAfter.\n"
    )
    registry = parse_with(TWO_TABLES, text)
    # the kept table: sorted, each row as written; the unsorted one: its order, in compact form
    assert formatted_text(registry).encode() == (
        b"# R\n\n## BEPs\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
        b"|  1000 |  A | - | Draft |\n| 1001 | B | - | Draft |\n"
        b"\n## XEPs\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
        b"| 1001 | Y | - | Draft |\n| 1000 | X | - | Draft |\n| 1002 | Z | - | Draft |\n\nAfter.\n"
    )
    assert [row.cells[1] for row in sort_rows(registry.rows)] == ["A", "B", "Y", "X", "Z"]
    # registry-format: the kept table never differs; the other from its first uncanonical row
    assert [(table.index, line) for table, line in format_differences(registry)] == [(1, 15)]  # (the XEPs)


# -- the keep style: a changed cell in the row's own padding, whatever the row's shape ----

KEEP = "layout:\n  registry:\n    tables:\n      - style: keep\n"


def test_keep_rewrites_changed_cells_of_rows_of_every_shape():
    lines = [
        "  | 1000 | Indented | Ann | Draft |",
        "1001 | No outer pipes | Bo | Draft",
        "| 1002 |\tTabbed\t| Cy |  Draft   |",
        "| 1003 | Empty cells |      ||",
        "|1004|Tight|Ed|Accepted|",
    ]
    text = "## BEP Number Registry\n\n" + HEADER + "\n".join(lines) + "\n\nAfter.\n"
    registry = parse_with(KEEP, text)
    rows = list(registry.rows)
    rows[0] = rows[0].with_cell("status", "Accepted")  # indented: the spaces before the pipe kept
    rows[1] = rows[1].with_cell("number", "[1001](x.md)").with_cell("status", "Final")  # no pipe first, none last
    rows[2] = rows[2].with_cell("status", "Final")  # the title's tabs are kept: that cell did not change
    rows[3] = rows[3].with_cell("author", "Di").with_cell("status", "Draft")  # empty cells, one without spaces
    rows[4] = rows[4].with_cell("status", "Ok")  # shorter, without padding: the cell keeps its width
    fixed = formatted_text(registry, Draft(tuple(rows)))
    assert fixed.encode() == (
        b"## BEP Number Registry\n\n" + HEADER.encode() + b"  | 1000 | Indented | Ann | Accepted |\n"
        b"[1001](x.md) | No outer pipes | Bo | Final\n"
        b"| 1002 |\tTabbed\t| Cy |  Final   |\n"
        b"| 1003 | Empty cells | Di   |Draft|\n"
        b"|1004|Tight|Ed|Ok      |\n\nAfter.\n"
    )


# -- an `aligned` reservation: one line more than the table had -----------------------


def test_an_aligned_reservation_s_new_line_takes_the_first_table_line_s_ending(make_repo, bep):
    text = registry_readme("| 1000 | A | - | Draft |\n")
    head, _, rest = text.partition("| Number")
    table, _, tail = ("| Number" + rest).partition("\n\n")
    lines = table.split("\n")
    # the table's first line ends in CRLF, its later lines (and the file's) in LF
    mixed = head + lines[0] + "\r\n" + "\n".join(lines[1:]) + "\n\n" + tail
    root = make_repo({".bep.yaml": "table-style: aligned\n", "README.md": mixed})
    assert bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")[0] == 0
    data = (root / "README.md").read_bytes()
    widest = len("_(reserve your number here)_")
    title, author = "-" * (widest + 2), "-" * len(" Author ")
    assert data == (head.encode() + (
        f"| Number | {'Title'.ljust(widest)} | Author | Status |\r\n"
        f"|--------|{title}|{author}|--------|\n"
        f"| 1000   | {'A'.ljust(widest)} | -      | Draft  |\n"
        f"| 1001   | {'Second'.ljust(widest)} | Lee    | Draft  |\r\n"
        f"| _next_ | _(reserve your number here)_ |        |        |\n\n"
    ).encode() + tail.encode())
