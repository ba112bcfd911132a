"""Hypothesis strategies for the property tests: registry READMEs and proposal documents.

Generated documents hold the shapes real BEP repositories have (see BEP-CONVENTIONS.md)
and the ones that break naive code: Korean text, emoji, `&`, escaped pipes, code spans
with pipes, uneven rows, LF and CRLF (and both in one file), a BOM, odd bytes at the
start, text before and after the table, other tables and code fences around it.
"""

from __future__ import annotations

from typing import List

from hypothesis import strategies as st
from markdown_it import MarkdownIt

REGISTRY_HEADING = "## BEP Number Registry"


def reference_parser() -> MarkdownIt:
    """markdown-it-py as the suite uses it: CommonMark with GFM tables."""
    return MarkdownIt("commonmark").enable("table")


# -- cells and rows ----------------------------------------------------------------------

CELL_PIECES = [
    "Joongi Kim",
    "Daemyung Kang, Hyunhoi Koo",
    "김현수",
    "한국어 제안서",
    "🚀",
    "👩‍💻",
    "🇰🇷",
    "A & B",
    "&amp;",
    "&",
    "\\|",
    "`a|b`",
    "`c\\|d`",
    "\\\\|",
    "|",
    "↔",
    "/",
    "(x)",
    "_(skipped)_",
    "*em*",
    "**bold**",
    "[t](u.md)",
    "<br>",
    "\\",
    "\u3000",
    "\u00a0",
    "\x85",
    "\x1c",
    "#",
    "-",
    ":",
    "---",
    "`",
    "<!--",
    "-->",
    "[",
    "]",
    "Draft",
    "Accepted",
    " ",
    "\t",
]

# Any character a UTF-8 file can hold on one line (no line breaks, no NUL, no surrogates).
LINE_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00")

cells = st.lists(st.sampled_from(CELL_PIECES) | st.text(LINE_CHARACTERS, max_size=3), max_size=4).map("".join)

numbers = st.integers(min_value=998, max_value=1012).map(str)
number_cells = st.one_of(
    numbers,
    numbers,
    numbers.map(lambda n: f"[{n}](BEP-{n}-title.md)"),
    numbers.map(lambda n: f"[{n}](BEP-{n}/)"),
    numbers.map(lambda n: f'[{n}](<BEP-{n} x.md> "t")'),
    st.just("_next_"),
    st.just("１０００"),
    st.just(""),
    cells,
)

padding = st.sampled_from(["", " ", " ", "  ", "\t", "   "])


@st.composite
def row_lines(draw, header_width: int = 4) -> str:
    width = draw(st.sampled_from([header_width] * 6 + [1, 2, 3, 5, 6]))
    values = [draw(number_cells)] + [draw(cells) for _ in range(width - 1)]
    parts = [draw(padding) + value + draw(padding) for value in values]
    lead = draw(st.sampled_from(["|", "|", "|", ""]))
    trail = draw(st.sampled_from(["|", "|", "|", ""]))
    indent = draw(st.sampled_from(["", "", "", " ", "   "]))
    return indent + lead + "|".join(parts) + trail


HEADERS = [
    ["Number", "Title", "Author", "Status"],
    ["Number", "Title", "Author", "Status"],
    ["**Number**", "Title", "Author", "Status", "Notes"],
    ["Number", "Title"],
]


@st.composite
def tables(draw) -> List[str]:
    names = draw(st.sampled_from(HEADERS))
    width = len(names)
    pad = " " if draw(st.booleans()) else ""
    outer = draw(st.sampled_from(["|", "|", ""]))
    header = outer + "|".join(f"{pad}{name}{pad}" for name in names) + outer
    specs = [draw(st.sampled_from(["---", "--------", ":--", "--:", ":-:", "-"])) for _ in range(width)]
    if draw(st.integers(0, 9)) == 0:
        specs = specs[:-1]  # a broken delimiter row: not a table at all
    dpad = draw(st.sampled_from(["", " "]))
    delimiter = outer + "|".join(f"{dpad}{spec}{dpad}" for spec in specs) + outer
    if not outer and width == 1:
        delimiter = "|" + delimiter
    rows = draw(st.lists(row_lines(width), max_size=8))
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), "| _next_ | _(reserve your number here)_ | | |")
    if draw(st.integers(0, 7)) == 0:
        at = draw(st.integers(0, len(rows)))
        rows[at:at] = ["<<<<<<< HEAD", "| 1005 | Mine | A | Draft |", "=======", "| 1005 | Theirs | B | Draft |", ">>>>>>> branch"]
    return [header, delimiter, *rows]


# -- what surrounds the table ------------------------------------------------------------

BLOCKS = [
    "# BEPs",
    "Backend.AI Enhancement Proposals 🚀 & 한국어",
    "",
    "",
    "",
    "| Status | Description |\n|---|---|\n| Draft | 초안 \\| draft |",
    "```\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n| 9999 | Fenced | - | Draft |\n```",
    "~~~md\n| a | b |\n|---|---|\n~~~",
    "<!-- | 1000 | x | - | Draft | -->",
    "<!--\n## BEP Number Registry\n-->",
    "> quoted | text\n> | a | b |\n> |---|---|",
    "- item\n  - nested | pipe\n- | a | b |\n  |---|---|",
    "1. first\n2. second",
    "***",
    "---",
    "[ref]: https://example.com 'title'",
    "    indented code | x",
    "<div>\n| a | b |\n</div>",
    "Text with two trailing spaces  ",
    "## Status Lifecycle",
    "Setext heading\n===",
    "Paragraph line\n| Lazy | Table |\n|---|---|\n| 1 | 2 |",
    "See [ref] and `code | span`.",
]
# Blocks that hide the registry from the parser (rarer, or every README would lack it).
RARE_BLOCKS = [REGISTRY_HEADING, "```\nan unclosed fence | x", "<details>"]

blocks = st.lists(st.sampled_from(BLOCKS * 4 + RARE_BLOCKS) | st.text(LINE_CHARACTERS, max_size=20), max_size=5)


@st.composite
def registry_texts(draw) -> str:
    """A README as text (a leading BOM included when there is one)."""
    lines: List[str] = []
    lines += draw(blocks)
    lines.append(draw(st.sampled_from([REGISTRY_HEADING, REGISTRY_HEADING, "# BEP Number Registry", "## BEP Number Registry ##"])))
    lines += draw(st.sampled_from([[""], [""], [], ["", "Reserve your number here first.", ""], ["Reserve it first."]]))
    lines += draw(tables())
    after = draw(blocks)
    if after and draw(st.integers(0, 3)):
        after.insert(0, "")  # usually a blank line ends the table; sometimes text runs on
    lines += after
    text = "\n".join(lines)
    return _line_endings(draw, text)


def _line_endings(draw, text: str) -> str:
    style = draw(st.sampled_from(["lf", "lf", "crlf", "crlf", "mixed", "cr"]))
    if style == "crlf":
        text = text.replace("\n", "\r\n")
    elif style == "cr":
        text = text.replace("\n", "\r")
    elif style == "mixed":
        parts = text.split("\n")
        ends = draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(parts), max_size=len(parts)))
        text = "".join(part + end for part, end in zip(parts, ends))
    if draw(st.booleans()):
        text += "\r\n" if style == "crlf" else "\n"
    prefix = draw(st.sampled_from(["", "", "", "\ufeff", "\ufeff", "\u00ec\u008a", "\ufeff\u00ec\u008a "]))
    return prefix + text


# -- proposals ---------------------------------------------------------------------------

FIELD_VALUES = [
    "Joongi Kim (joongi@example.com)",
    "김철수",
    "Draft",
    "Accepted",
    "Implemented",
    "2025-01-02",
    "",
    "26.1.0",
    "'quoted: value'",
    "[a, b]",
    "&anchor x",
    "*alias",
    "{",
    "value # comment",
    "\tTabbed",
    "Draft | Accepted",
]


@st.composite
def front_matters(draw) -> List[str]:
    kind = draw(st.sampled_from(["fields", "fields", "fields", "none", "unclosed", "list", "scalar", "empty", "dots"]))
    if kind == "none":
        return []
    if kind == "list":
        return ["---", "- Author: A", "- Status: Draft", "---"]
    if kind == "scalar":
        return ["---", "just some text", "---"]
    if kind == "empty":
        return ["---", "---"]
    keys = draw(st.lists(st.sampled_from(["Author", "Status", "Created", "Target-Version", "# Status: Draft | Accepted"]), max_size=5))
    body = []
    for key in keys:
        if key.startswith("#"):
            body.append(key)
        else:
            body.append(f"{key}: {draw(st.sampled_from(FIELD_VALUES))}".rstrip(" "))
    if kind == "unclosed":
        return ["---", *body]
    return ["---", *body, "..." if kind == "dots" else "---"]


PROPOSAL_BLOCKS = [
    "# BEP-1001: Title",
    "# Title",
    "# Title #",
    "   # Indented title",
    "    # indented code, not a heading",
    "#No space, not a heading",
    "####### seven, not a heading",
    "## Motivation",
    "## 1. Current Design",
    "## **Proposed Design**",
    "## Impacts to Users or Developers",
    "## References ##",
    "##",
    "Setext title\n===",
    "Setext section\n---",
    "Two line\nsetext section\n---",
    "```python\n# a comment, not a heading\n## nor this\n```",
    "~~~\n# in a tilde fence\n~~~",
    "```\n# unclosed fence",
    "<!--\n# a commented heading\n## another\n-->",
    "<!-- bep: ignore section-missing -->",
    "<div>\n# inside html\n</div>",
    "> # a quoted heading\n> ## and section",
    "- # a heading in a list\n  ## and a section",
    "1. item\n\n   ## section inside an item",
    "| a | b |\n|---|---|\n| # x | ## y |",
    "Paragraph text, 한국어 and 🚀.",
    "",
    "",
    "***",
    "---",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> branch",
    "[x]: https://example.com",
    "\\# escaped, not a heading",
]


@st.composite
def proposal_texts(draw) -> str:
    lines = draw(front_matters())
    lines += draw(st.lists(st.sampled_from(PROPOSAL_BLOCKS) | st.text(LINE_CHARACTERS, max_size=15), max_size=12))
    return _line_endings(draw, "\n".join(lines))
