"""hooks.parse.markdown: the top-level outline (headings, tables, fences).

Every case states the exact outline, checks that markdown-it-py (outline_slow)
says the same, and states whether the line scanner decided the document
itself (is_fast) or handed it to markdown-it-py.
"""

from __future__ import annotations

from typing import List

import pytest

from bep_hooks.parse.markdown import Block, bail_reason, is_fast, outline, outline_fast, outline_slow


def lines_of(text: str) -> List[str]:
    """A document's lines: the text without its last newline, split at "\\n"."""
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")


def heading(start: int, level: int, text: str, end: int = -1) -> Block:
    return Block("heading", start, start + 1 if end < 0 else end, level, text)


def table(start: int, end: int) -> Block:
    return Block("table", start, end)


def fence(start: int, end: int) -> Block:
    return Block("fence", start, end)


def check(text: str, expected: List[Block], *, fast: bool = True) -> None:
    lines = lines_of(text)
    assert outline_slow(lines) == expected, "the expectation disagrees with markdown-it-py"
    assert outline(lines) == expected
    assert is_fast(lines) is fast, bail_reason(lines)
    if fast:
        assert outline_fast(lines) == expected
    else:
        assert outline_fast(lines) is None
        assert bail_reason(lines)


# -- headings -----------------------------------------------------------------


def test_proposal_skeleton_with_numbered_sections():
    text = """\




# BEP-1042: Fair scheduling

## 1. Goal

Text.

## 2. Design
### 2.1. Details
#### deeper
##### five
###### six
"""
    check(
        text,
        [
            heading(4, 1, "BEP-1042: Fair scheduling"),
            heading(6, 2, "1. Goal"),
            heading(10, 2, "2. Design"),
            heading(11, 3, "2.1. Details"),
            heading(12, 4, "deeper"),
            heading(13, 5, "five"),
            heading(14, 6, "six"),
        ],
    )


def test_closing_sequences_and_heading_text():
    text = """\
# Title #
## Title ##########
### x#
#### #
## ##
#\tTabbed\t#\t
#    spaced   text    ##   
# a # b #
####### seven is text
#not a heading
#
"""
    check(
        text,
        [
            heading(0, 1, "Title"),
            heading(1, 2, "Title"),
            heading(2, 3, "x#"),
            heading(3, 4, ""),
            heading(4, 2, ""),
            heading(5, 1, "Tabbed"),
            heading(6, 1, "spaced   text"),
            heading(7, 1, "a # b"),
            heading(10, 1, ""),
        ],
    )


def test_headings_indented_up_to_three_spaces_at_top_level():
    check(
        " # one\n  ## two\n   ### three\n",
        [heading(0, 1, "one"), heading(1, 2, "two"), heading(2, 3, "three")],
    )


def test_four_space_indented_heading_is_code():
    check("Text.\n\n    ## x\n\n## y\n", [heading(4, 2, "y")])


def test_heading_interrupts_a_paragraph():
    check("Some text\n## Heading\nmore text\n", [heading(1, 2, "Heading")])


def test_korean_and_emoji_heading_text():
    check(
        "# 자원 그룹 🚀\n\n## 2. 설계 ✨ ##\n",
        [heading(0, 1, "자원 그룹 🚀"), heading(2, 2, "2. 설계 ✨")],
    )


def test_setext_headings():
    text = """\
Title
=====

Sub
title
---

  Indented text
  ===
"""
    check(
        text,
        [heading(0, 1, "Title", 2), heading(3, 2, "Sub\ntitle", 6), heading(7, 1, "Indented text", 9)],
    )


def test_dashes_without_paragraph_are_a_thematic_break():
    check("---\n\n***\n- - -\n___\n\n# h\n", [heading(6, 1, "h")])


# -- fences ---------------------------------------------------------------------


def test_comment_lines_inside_backtick_and_tilde_fences_are_not_headings():
    text = """\
## Example

```python
# pick an agent
## not a heading either
```

~~~bash
# install
~~~

````
```
# still inside
````
"""
    check(text, [heading(0, 2, "Example"), fence(2, 6), fence(7, 10), fence(11, 15)])


def test_closing_fence_rules():
    text = """\
```
``
~~~
 ``` not a close
    ```
  ````  
# after
"""
    check(text, [fence(0, 6), heading(6, 1, "after")])


def test_backtick_info_string_may_not_hold_a_backtick():
    check("``` a`b\n# h\n", [heading(1, 1, "h")])


def test_unclosed_fence_runs_to_the_end():
    check("# h\n\n```\n# code\n\n## more code\n", [heading(0, 1, "h"), fence(2, 6)])


def test_indented_fence():
    check("   ```\n   # x\n   ```\n# y\n", [fence(0, 3), heading(3, 1, "y")])


def test_fence_interrupts_a_paragraph():
    check("text\n```\n# x\n```\n", [fence(1, 4)])


# -- HTML -------------------------------------------------------------------------


def test_html_comment_spanning_lines_hides_headings():
    text = """\
<!--
## x

# y
-->
# z
<!-- one line --> ## not a heading
"""
    check(text, [heading(5, 1, "z")])


def test_details_block_ends_at_a_blank_line():
    text = """\
<details>
<summary>More</summary>
# inside the HTML block

## after the blank line

</details>
"""
    check(text, [heading(4, 2, "after the blank line")])


def test_type_7_html_cannot_interrupt_a_paragraph():
    check("text\n<span>\n# h\n\n<span>\n# raw\n\n# h2\n", [heading(2, 1, "h"), heading(7, 1, "h2")])


# -- tables -------------------------------------------------------------------------


REGISTRY = """\
## BEP Number Registry

| Number | Title | Authors | Status |
|--------|-------|---------|--------|
| [1000](BEP-1000-x.md) | Title & more | Joongi Kim, Kyujin Cho | Draft |
| [1001](BEP-1001-y.md) | Pipes \\| in `code | spans` | Someone | Accepted |
| 1002 | short row |
"""


def test_registry_table_ends_at_a_blank_line():
    check(REGISTRY + "\nAfter.\n", [heading(0, 2, "BEP Number Registry"), table(2, 7)])


def test_four_thousand_row_registry():
    lines = ["# BEPs", "", "## BEP Number Registry", ""]
    lines += ["| Number | Title | Authors | Status |", "|---|---|---|---|"]
    lines += [
        f"| [{n}](BEP-{n}-x.md) | Title & more \\| {n} | Joongi Kim, Kyujin Cho | Draft |"
        for n in range(1000, 5000)
    ]
    lines += ["", "## Process"]
    expected = [
        heading(0, 1, "BEPs"),
        heading(2, 2, "BEP Number Registry"),
        table(4, 4006),
        heading(4007, 2, "Process"),
    ]
    assert outline_slow(lines) == expected
    assert outline_fast(lines) == expected


def test_table_ends_at_a_heading():
    check(
        REGISTRY + "## Next\n",
        [heading(0, 2, "BEP Number Registry"), table(2, 7), heading(7, 2, "Next")],
    )


def test_heading_right_after_a_table_row():
    check("a | b\n--|--\n1 | 2\n# h\n", [table(0, 3), heading(3, 1, "h")])


def test_table_rows_without_pipes_continue_it():
    check("|a|b|\n|-|-|\nplain row\n\n", [table(0, 3)])


def test_table_interrupts_a_paragraph():
    check("Some text\n| a | b |\n| - | - |\n| 1 | 2 |\n", [table(1, 4)])


def test_delimiter_row_must_match_the_header():
    check("| a | b |\n|---|\n# h\n", [heading(2, 1, "h")])


def test_table_inside_a_fence_is_not_a_table():
    check("```\n| a | b |\n|---|---|\n```\n", [fence(0, 4)])


def test_table_needs_a_delimiter_row():
    check("| a | b |\n| 1 | 2 |\n", [])


# -- lists --------------------------------------------------------------------------


def test_lists_with_nested_items_and_fenced_code():
    text = """\
## Steps

- First
  - nested
    1. deeper
- Second:

  ```python
  # configure
  x = 1
  ```
- Third
  continued

1. one
2. two
   ```
   # inside
   ```

## After
"""
    check(text, [heading(0, 2, "Steps"), heading(20, 2, "After")])


def test_star_list_with_four_space_nested_items():
    text = """\
### Key Goals

* Make it applicable to non-Docker agent backends
    - Many existing plugin APIs are coupled with Docker
* Allow programmatic extension
    - e.g., interact with a vendor-provided service

### Next
"""
    check(text, [heading(0, 3, "Key Goals"), heading(7, 3, "Next")])


def test_list_followed_by_lazy_paragraph_lines():
    check("- item one\n- item two\nlazy text\n## h\n", [heading(3, 2, "h")])


def test_ordered_list_delimiter_change_starts_a_new_list():
    check("1. one\n2. two\n1) other\n# h\n", [heading(3, 1, "h")])


def test_tab_indented_nested_list():
    check("- item\n\t- nested\n\t\t- deeper\n\n# h\n", [heading(4, 1, "h")])


def test_html_comment_inside_a_list_item():
    check("- item\n  <!--\n\n# hidden?\n-->\n", [heading(3, 1, "hidden?")])


def test_heading_candidate_inside_a_list_item():
    check("- item\n  # in the item\n# top\n", [heading(2, 1, "top")])


def test_fence_in_a_list_item_ends_at_a_less_indented_line():
    text = """\
- item
  ```
# top level
  ```
"""
    check(text, [heading(2, 1, "top level"), fence(3, 4)])


def test_lazy_continuation_inside_a_list_is_no_setext_heading():
    check("- item\ncontinued\n===\n", [])


def test_setext_underline_indented_into_a_list_item():
    check("- item\n  ---\n\n# h\n", [heading(3, 1, "h")])


def test_thematic_break_ends_a_list():
    check("- item\n---\n# h\n", [heading(2, 1, "h")])


def test_list_ends_after_a_blank_line_and_outdented_text():
    check("- item\n\n text\n===\n", [heading(2, 1, "text", 4)])


def test_empty_list_item_before_a_blank_line():
    check("-\n\n  text\n  ===\n", [heading(2, 1, "text", 4)])


# -- block quotes ---------------------------------------------------------------------


def test_block_quote_inside_a_list_item():
    check("- item\n  > quote\n  > # heading\n\n# h\n", [heading(4, 1, "h")])


def test_block_quote_content_is_not_top_level():
    text = """\
> **Note**: the scheduler
> # heading in a quote
>
> ```
> code
> ```

# After
"""
    check(text, [heading(7, 1, "After")])


def test_alert_block_quote_with_a_lazy_line():
    check("> [!NOTE]\n> This moved.\nlazy text\n===\n\n# T\n", [heading(5, 1, "T")])


def test_lazy_block_quote_paragraph():
    check("> quoted\nlazy line\n===\n\n# h\n", [heading(4, 1, "h")])


# -- link reference definitions -------------------------------------------------------------


def test_link_reference_definitions():
    text = """\
[BEP-1000]: ./BEP-1000-x.md
[docs]: https://example.com "Docs"

[link](url) text
===
"""
    check(text, [heading(3, 1, "[link](url) text", 5)])


# -- where the scanner hands over to markdown-it-py ------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- item\n  > quote\nlazy\n# h\n", [heading(3, 1, "h")]),  # block quote in a list item
        ("> ```\n> code\nlazy\n===\n", [heading(2, 1, "lazy", 4)]),  # lazy line after a fence
        ("[foo]: /url\n===\n", []),  # a definition, then a paragraph "==="
        ("[foo]: bar baz\n===\n", [heading(0, 1, "[foo]: bar baz", 2)]),  # not a definition
        ("# a\r# b\n", [heading(0, 1, "a"), heading(1, 1, "b")]),  # \r is a line break
        ("# a\x00b\n", [heading(0, 1, "a\ufffdb")]),  # NUL becomes U+FFFD
    ],
)
def test_ambiguous_documents_go_to_markdown_it(text, expected):
    check(text, expected, fast=False)


def test_deep_list_nesting_goes_to_markdown_it():
    """markdown-it stops parsing at nesting level 20: the rest of the document
    stays inside the list."""
    lines = ["  " * depth + "- item" for depth in range(12)] + ["", "# not reached"]
    assert outline(lines) == outline_slow(lines) == []
    assert not is_fast(lines)


# -- odd input ----------------------------------------------------------------------------


def test_empty_documents():
    assert outline([]) == outline_slow([]) == []
    assert outline([""]) == outline_slow([""]) == []
    assert outline(["   ", "\t"]) == outline_slow(["   ", "\t"]) == []
    assert is_fast([]) and is_fast(["", "  "])


def test_tabs_in_leading_whitespace():
    check("\t# code\n \t# code\n-\titem\n\t# in item\n# h\n", [heading(4, 1, "h")])


def test_front_matter_lines_blanked_by_the_caller_keep_line_numbers():
    check("\n\n\n\n# Title\n", [heading(4, 1, "Title")])


@pytest.mark.parametrize(
    "lines",
    [
        ["# " + "x" * 1_000_000],
        ["<a" + " a=b" * 50_000],
        ["|" * 200_000, "|" + "-|" * 100_000],
        ["- " * 1000 + "x", "# h"],
        ["> " * 1000 + "x", "# h"],
        ["[" + "\\[" * 100_000],
        ["-" + " " * 500_000 + "x"],
        ["    " * 1000 + "```", "# h"],
        ["x", "=" * 1_000_000],
    ],
    ids=[
        "long-heading",
        "html-bait",
        "wide-table",
        "nested-lists",
        "nested-quotes",
        "label-bait",
        "spaces",
        "indent",
        "underline",
    ],
)
def test_hostile_input_agrees_with_markdown_it(lines):
    fast = outline_fast(lines)
    assert fast is None or fast == outline_slow(lines)
    assert outline(lines) == outline_slow(lines)
