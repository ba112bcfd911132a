"""Headers that are not YAML front matter (hooks/parse/header.py), and statuses as the
layout normalises them (hooks/schema.py). The documents are invented, in the shapes of
real repositories: NEPs (RFC-822 lines between `---`), SLIPs (a fenced block under the
H1), bLIPs (a fenced block first), SIPs (a Preamble section), and a header table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bep_hooks.layout import SeriesLayout, StatusLayout
from bep_hooks.parse.frontmatter import Field, parse_front_matter
from bep_hooks.parse.header import FORMATS, parse_header, replace_value
from bep_hooks.parse.source import Source
from bep_hooks.schema import normalise_status, split_reason, statuses_agree, strip_markup


def _read(text: str, format: str):
    return parse_header(text.splitlines(), format)


def _values(front) -> dict:
    assert front is not None and front.error is None, front
    return {key: field.value for key, field in front.fields.items()}


# -- rfc822 ------------------------------------------------------------------------------

NEP = """---
NEP: 330
Title: `shard_id()` host function
Authors: Mallory Maas <mallory@acme.example>, @oysterfish
# DiscussionsTo: https://example.org/acme/pull/330
DiscussionsTo: https://example.org/acme/pull/331
Status: Draft
Last Updated: 2024-03-09
Requires:
    141,
    300
---

## Summary
"""


def test_rfc822_values_are_taken_as_written_where_yaml_fails():
    assert parse_front_matter(NEP.splitlines()).error is not None  # (a value cannot start with a backtick in YAML)
    front = _read(NEP, "rfc822")
    assert _values(front) == {
        "NEP": "330",  # text, not an integer
        "Title": "`shard_id()` host function",
        "Authors": "Mallory Maas <mallory@acme.example>, @oysterfish",
        "DiscussionsTo": "https://example.org/acme/pull/331",
        "Status": "Draft",
        "Last Updated": "2024-03-09",
        "Requires": "141, 300",  # continuation lines, joined with a space
    }
    assert (front.start, front.end, front.format) == (0, 11, "rfc822")
    assert front.comments == ((5, "DiscussionsTo: https://example.org/acme/pull/330"),)
    title, requires = front.fields["Title"], front.fields["Requires"]
    assert (title.line, title.column) == (3, 8)
    assert (requires.line, requires.column) == (9, 1)  # the value starts on another line: the key's column


@pytest.mark.parametrize(
    "text, message, line, column",
    [
        ("---\nNEP: 1\nThis is prose\n---\n", "'This is prose' is not a 'Key: Value' line", 3, 1),
        ("---\nNEP: 1\nnep: 2\n---\n", "duplicate key 'nep' (first on line 2)", 3, 1),
        ("---\n  continued\nNEP: 1\n---\n", "an indented line continues the value of the field above it", 2, 3),
        ("---\nNEP: 1\n\n  continued after a blank line\n---\n", "an indented line continues", 4, 3),
        ("---\nNEP: 1\nTitle: x\n", "the header is not closed: add a '---' line after the last field", 1, None),
        ("---\nNEP: 1\n<<<<<<< HEAD\n---\n", "unresolved merge conflict marker '<<<<<<<'", 3, 1),
    ],
)
def test_a_broken_rfc822_header_says_what_and_where(text, message, line, column):
    front = _read(text, "rfc822")
    assert front.fields == {}
    assert message in front.error.message
    assert (front.error.line, front.error.column) == (line, column)


def test_rfc822_needs_its_opening_line():
    assert _read("NEP: 1\n---\n", "rfc822") is None
    assert _read("", "rfc822") is None


def test_an_rfc822_header_too_large_is_an_error_not_a_slow_read():
    text = "---\n" + "".join(f"Key{n}: value\n" for n in range(2500)) + "---\n"
    front = _read(text, "rfc822")
    assert front.error.message.startswith("header too large: 2500 lines")


# -- fenced ------------------------------------------------------------------------------

SLIP = """# SLIP-0044 : Registered coin kinds

```
Number:  SLIP-0044
Title:   Registered coin kinds
Type:    Standard
Status:  Final
Authors: Ann Arbor <ann@example.org>
         Ben Bode <ben@example.org>
Created: 2014-07-09
```

## Abstract
"""


def test_a_fenced_block_under_the_h1_with_a_continued_value():
    front = _read(SLIP, "fenced")
    assert _values(front)["Authors"] == "Ann Arbor <ann@example.org> Ben Bode <ben@example.org>"
    assert _values(front)["Number"] == "SLIP-0044"
    assert (front.start, front.end, front.format) == (2, 10, "fenced")
    number = front.fields["Number"]
    assert (number.line, number.column) == (4, 10)


def test_a_fenced_block_first_with_no_h1():
    front = _read("~~~~ text\nbLIP: 1\nTitle: Channel tags\nStatus: Active\n~~~~\n\nBody.\n", "fenced")
    assert _values(front) == {"bLIP": "1", "Title": "Channel tags", "Status": "Active"}
    assert (front.start, front.end) == (0, 4)


def test_a_fenced_header_must_be_at_the_top():
    assert _read("# Title\n\nSome prose first.\n\n```\nA: b\n```\n", "fenced") is None
    assert _read("# Title\n\n## Abstract\n", "fenced") is None


def test_an_unclosed_fenced_header_is_an_error():
    front = _read("# T\n\n```\nNumber: 1\nTitle: x\n", "fenced")
    assert "the header's fenced block is not closed: add a '```' line" in front.error.message
    assert front.error.line == 3


# -- preamble ----------------------------------------------------------------------------

SIP = """# Preamble

SIP Number: `030`

**Title:** Mining with fewer rounds

**SIP Number**: 031

Status: Activation-in-Progress

# Abstract

The abstract.
"""


def test_a_preamble_section_with_blank_lines_and_bold_keys():
    front = _read(SIP.replace("**SIP Number**: 031", "**Author**: Ada Lane"), "preamble")
    assert _values(front) == {
        "SIP Number": "`030`",
        "Title": "Mining with fewer rounds",
        "Author": "Ada Lane",
        "Status": "Activation-in-Progress",
    }
    assert (front.start, front.end, front.format) == (0, 9, "preamble")  # up to the line before '# Abstract'
    title = front.fields["Title"]
    assert (title.line, title.column) == (5, 12)


def test_a_preamble_key_given_twice_in_two_spellings_is_a_duplicate():
    front = _read(SIP, "preamble")
    assert front.error.message == "duplicate key 'SIP Number' (first on line 3)"
    assert front.error.line == 7


def test_a_preamble_at_any_level_and_never_inside_code():
    text = "# Title\n\n```\n## Preamble\n```\n\n## Preamble\n\nSIP Number: 7\n\n## Specification\n"
    front = _read(text, "preamble")
    assert _values(front) == {"SIP Number": "7"}
    assert front.start == 6
    assert _read("# Title\n\n```\n# Preamble\nA: b\n```\n", "preamble") is None


def test_prose_in_a_preamble_is_an_error_with_its_line():
    front = _read("## Preamble\n\nSIP Number: 7\nThis SIP proposes things.\n", "preamble")
    assert "'This SIP proposes things.' is not a 'Key: Value' line" in front.error.message
    assert (front.error.line, front.error.column) == (4, 1)


# -- table -------------------------------------------------------------------------------


def test_a_header_table_with_a_heading_row():
    text = "| Field | Value |\n|---|---|\n| **SIP** | 12 |\n| Title: | Pipes \\| and more |\n| Status | |\n\nBody.\n"
    front = _read(text, "table")
    assert _values(front) == {"SIP": "12", "Title": "Pipes \\| and more", "Status": None}
    assert (front.fields["SIP"].line, front.fields["SIP"].column) == (3, 13)
    assert (front.start, front.end, front.format) == (0, 4, "table")


def test_a_header_table_whose_first_row_is_a_field():
    front = _read("| SIP | 12 |\n| --- | --- |\n| Title | Pipes |\n", "table")
    assert _values(front) == {"SIP": "12", "Title": "Pipes"}


def test_a_header_table_row_with_three_cells_is_an_error():
    front = _read("| Field | Value |\n|---|---|\n| SIP | 12 | extra |\n", "table")
    assert "has 3 cells; write two" in front.error.message and front.error.line == 3


# -- auto, yaml --------------------------------------------------------------------------


def test_auto_takes_yaml_first_then_the_others():
    assert _read("---\nAuthors:\n  - Ann\nStatus: Draft\n---\n", "auto").fields["Authors"].kind == "sequence"
    assert _read(NEP, "auto").format == "rfc822"  # YAML cannot read it, RFC-822 can
    broken = _read("---\nTitle: `x\nnot a field\n---\n", "auto")
    assert broken.format == "yaml" and broken.error is not None  # neither can: YAML's error
    assert _read(SLIP, "auto").format == "fenced"
    assert _read(SIP.replace("**SIP Number**: 031", ""), "auto").format == "preamble"
    assert _read("| SIP | 12 |\n| --- | --- |\n", "auto").format == "table"
    assert _read("# Title\n\nText.\n", "auto") is None


def test_yaml_is_todays_reader():
    text = "---\nAuthor: Kim\nStatus: Draft  # Draft | Accepted\n---\n# T\n"
    assert _read(text, "yaml") == parse_front_matter(text.splitlines())


@given(st.lists(st.text(alphabet=" \t:#*_`|-~>abcKSN0123\u00e9\n", max_size=40), max_size=12), st.sampled_from(FORMATS))
def test_no_text_makes_a_reader_raise(lines, format):
    text = "\n".join(lines)
    for variant in (text, "---\n" + text, "# T\n\n```\n" + text, "## Preamble\n" + text, "| a | b |\n|---|---|\n" + text):
        front = parse_header(variant.splitlines(), format)
        if front is not None and front.error is None:
            for field in front.fields.values():
                assert field.line >= 1 and field.column >= 1


# -- writing a value back ----------------------------------------------------------------


def test_replace_value_changes_the_value_alone():
    text = "---\r\nNEP: 1\r\nStatus:   Draft  \r\n---\r\n"
    source = Source.from_text("n.md", text)
    field = _read(text, "rfc822").fields["Status"]
    assert replace_value(source.text, source.lines, source.line_offsets(), field, "Final") == text.replace("Draft", "Final")


def test_replace_value_refuses_a_value_not_written_whole_on_its_line():
    text = "---\nStatus: Draft\n  (for now)\nOther: x\n---\n"
    source = Source.from_text("n.md", text)
    field = _read(text, "rfc822").fields["Status"]
    assert field.value == "Draft (for now)"
    assert replace_value(source.text, source.lines, source.line_offsets(), field, "Final") is None
    quoted = Source.from_text("b.md", '---\nStatus: "Draft"\n---\n')
    field = parse_front_matter(quoted.lines).fields["Status"]
    assert replace_value(quoted.text, quoted.lines, quoted.line_offsets(), field, "Final") is None
    assert replace_value("x", ["x"], [0, 1], Field("Status", None, "scalar", 1, 1), "Final") is None


# -- statuses ----------------------------------------------------------------------------

CIP = SeriesLayout(prefix="CIP", statuses=StatusLayout(document=("Proposed", "Active", "Inactive"), reason="parenthesis"))
SIPS = SeriesLayout(prefix="SIP", statuses=StatusLayout(document=("Draft", "Activation-In-Progress"), case="insensitive"))


@pytest.mark.parametrize(
    "text, series, expected",
    [
        ("**Submitted**", None, ("Submitted", None)),
        ("  _Draft_ ", None, ("Draft", None)),
        ("`Final`", None, ("Final", None)),
        ("***Final***", None, ("Final", None)),
        ("Inactive (superseded by CIP-0120)", None, ("Inactive (superseded by CIP-0120)", None)),  # no reasons here
        ("Inactive (superseded by CIP-0120)", CIP, ("Inactive", "superseded by CIP-0120")),
        ("**Inactive** (superseded by CIP-0121 and CIP-0122)", CIP, ("Inactive", "superseded by CIP-0121 and CIP-0122")),
        ("Inactive ()", CIP, ("Inactive", None)),
        ("Activation-in-Progress ", SIPS, ("Activation-In-Progress", None)),
        ("activation-in-progress", None, ("activation-in-progress", None)),  # exact case by default
        ("Ratified", SIPS, ("Ratified", None)),  # not in the vocabulary: as written
        (None, None, ("", None)),
    ],
)
def test_normalise_status(text, series, expected):
    assert normalise_status(text, series) == expected


def test_case_folding_also_takes_a_derived_vocabulary():
    assert normalise_status("ratified", SIPS, ("Ratified",)) == ("Ratified", None)


def test_agree_is_directional():
    nep = SeriesLayout(prefix="NEP", statuses=StatusLayout(agree={"Final": ("Approved",)}))
    assert statuses_agree(nep, "Final", "Approved")  # a row Final, a document Approved
    assert not statuses_agree(nep, "Approved", "Final")
    assert statuses_agree(None, "Draft", "Draft") and not statuses_agree(None, "Draft", "Final")


def test_strip_markup_leaves_inner_markup_and_lone_marks():
    assert strip_markup("*") == "*" and strip_markup("**") == "**"
    assert strip_markup("a **b**") == "a **b**"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Inactive (superseded by CIP-0120)", ("Inactive", "superseded by CIP-0120")),
        ("**Final** ( )", ("Final", None)),  # markup of the status removed, an empty reason is none
        ("(skipped)", ("(skipped)", None)),  # only a parenthesis: no status to split off
        ("Final", ("Final", None)),
        ("Final (", ("Final (", None)),  # no closing parenthesis: no reason
    ],
)
def test_split_reason(text, expected):
    assert split_reason(text) == expected
