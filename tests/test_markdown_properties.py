"""hooks.parse.markdown's line scanner must agree with markdown-it-py.

Documents are assembled from line-level building blocks like the ones real
proposals and registry READMEs are made of, plus the odd ones (indented and
tab-indented lines, unclosed fences, lazy continuations, setext underlines,
block quotes, HTML of every kind, link reference definitions).  Whatever the
document, ``outline()`` must equal ``outline_slow()``.  And for documents
built only from ordinary blocks the scanner must decide them itself, or the
optimisation would be an illusion.
"""

from __future__ import annotations

from typing import List

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bep_hooks.parse.markdown import bail_reason, outline, outline_fast, outline_slow

Lines = List[str]

WORDS = [
    "Backend.AI",
    "schedules",
    "sessions",
    "onto",
    "agents",
    "자원",
    "그룹",
    "스케줄러",
    "🚀",
    "✨",
    "`code`",
    "`a | b`",
    "**bold**",
    "*emph*",
    "[BEP-1000](BEP-1000-x.md)",
    "![img](a.png)",
    "a|b",
    "\\|",
    "<span>",
    "#tag",
    "1.",
    "-",
    "=",
    "2024",
    "x:",
]
PLAIN_FIRST = ["Backend.AI", "The", "자원", "This", "Agents", "🚀", "`code`", "**Note**:"]
CODE = [
    "# a comment",
    "## not a heading",
    "x = 1",
    "    return x",
    "| a | b |",
    "|---|---|",
    "- item",
    "> quote",
    "<div>",
    "",
    "===",
    "---",
]
FENCE_MARKERS = ["```", "~~~", "````", "~~~~~"]
TABLE_CELLS = [
    "Number",
    "[1000](BEP-1000-x.md)",
    "Title & more",
    "a \\| b",
    "`x | y`",
    "Draft",
    "Joongi Kim, Kyujin Cho",
    "김철수",
]


@st.composite
def text(draw, *, plain_start: bool = True) -> str:
    first = draw(st.sampled_from(PLAIN_FIRST if plain_start else WORDS))
    rest = draw(st.lists(st.sampled_from(WORDS), max_size=5))
    return " ".join([first] + rest)


@st.composite
def indented(draw, line: str, *, max_indent: int = 4, tabs: bool = False) -> str:
    alphabet = [" ", "\t"] if tabs else [" "]
    prefix = draw(st.lists(st.sampled_from(alphabet), max_size=max_indent).map("".join))
    return prefix + line


# -- ordinary blocks: what proposals and READMEs are made of -------------------------


@st.composite
def ordinary_heading(draw) -> Lines:
    level = draw(st.integers(1, 6))
    number = draw(st.sampled_from(["", "1. ", "2.3. ", "10. "]))
    closing = draw(st.sampled_from(["", "", " " + "#" * level]))
    return ["#" * level + " " + number + draw(text()) + closing]


@st.composite
def paragraph(draw) -> Lines:
    return [draw(text())] + draw(st.lists(text(), max_size=3))


@st.composite
def fenced_code(draw, indent: str = "", closed: bool = True) -> Lines:
    marker = draw(st.sampled_from(FENCE_MARKERS))
    info = draw(st.sampled_from(["", "python", "bash", "yaml", " graphql"]))
    body = draw(st.lists(st.sampled_from(CODE), max_size=5))
    lines = [marker + info] + body + ([marker] if closed else [])
    return [indent + line if line else line for line in lines]


@st.composite
def list_item(draw, marker: str, depth: int) -> Lines:
    pad = " " * len(marker)
    lines = [marker + draw(text())]
    lines += [pad + line for line in draw(st.lists(text(), max_size=2))]
    extra = draw(st.sampled_from(["none", "none", "nested", "fence", "paragraph"]))
    if extra == "nested" and depth < 3:
        nested_marker = draw(st.sampled_from(["- ", "* ", "1. "]))
        for item in draw(st.lists(list_item(nested_marker, depth + 1), min_size=1, max_size=3)):
            lines += [pad + line if line else line for line in item]
    elif extra == "fence":
        lines += draw(st.sampled_from([[], [""]])) + draw(fenced_code(indent=pad))
    elif extra == "paragraph":
        lines += [""] + [pad + line for line in draw(paragraph())]
    return lines


@st.composite
def bullet_list(draw) -> Lines:
    marker = draw(st.sampled_from(["- ", "* ", "+ "]))
    items = draw(st.lists(list_item(marker, 0), min_size=1, max_size=4))
    gap = draw(st.sampled_from([[], [""]]))
    return [line for index, item in enumerate(items) for line in (gap if index else []) + item]


@st.composite
def numbered_list(draw) -> Lines:
    count = draw(st.integers(1, 4))
    delimiter = draw(st.sampled_from([".", ")"]))
    lines: Lines = []
    for number in range(1, count + 1):
        lines += draw(list_item(f"{number}{delimiter} ", 0))
    return lines


@st.composite
def ordinary_table(draw) -> Lines:
    columns = draw(st.integers(1, 4))
    pipes = draw(st.booleans())
    cell = st.sampled_from(TABLE_CELLS)
    align = st.sampled_from(["---", ":---", "---:", ":-:", "-------"])

    def row(cells: List[str]) -> str:
        inner = " | ".join(cells)
        return f"| {inner} |" if pipes else inner

    header = row(draw(st.lists(cell, min_size=columns, max_size=columns)))
    if not pipes and columns == 1:
        header = "| " + header  # a header needs a pipe
    delimiter = "|".join(draw(st.lists(align, min_size=columns, max_size=columns)))
    if pipes or columns == 1:
        delimiter = "|" + delimiter + "|"
    body = draw(st.lists(st.lists(cell, min_size=1, max_size=columns + 1).map(row), max_size=4))
    return [header, delimiter] + body


@st.composite
def html(draw) -> Lines:
    kind = draw(st.sampled_from(["comment", "comment1", "details", "div"]))
    if kind == "comment":
        inside = draw(st.lists(st.sampled_from(["## x", "text", "", "# y"]), max_size=3))
        return ["<!--"] + inside + ["-->"]
    if kind == "comment1":
        return ["<!-- " + draw(text()) + " -->"]
    if kind == "details":
        summary = "<summary>" + draw(text()) + "</summary>"
        return ["<details>", summary, ""] + draw(paragraph()) + ["", "</details>"]
    return ["<div align=\"center\">", "<img src=\"a.png\">", "</div>"]


@st.composite
def quote(draw) -> Lines:
    line = st.one_of(text(), st.just(""), text().map("**Note**: {}".format))
    body = draw(st.lists(line, min_size=1, max_size=3))
    return ["> " + line if line else ">" for line in body]


ORDINARY = st.one_of(
    ordinary_heading(),
    paragraph(),
    bullet_list(),
    numbered_list(),
    ordinary_table(),
    fenced_code(),
    html(),
    quote(),
    st.just(["![Allocation map](./assets/map.png)"]),
)


@st.composite
def ordinary_document(draw) -> Lines:
    front_matter = [""] * draw(st.sampled_from([0, 5, 7]))
    lines = front_matter + ["# " + draw(text())]
    for block in draw(st.lists(ORDINARY, max_size=10)):
        lines += [""] + block
    return lines


# -- odd blocks: everything else the scanner must get right or hand over ------------------

ODD_LINES = [
    "",
    "text",
    "a | b",
    "| a | b |",
    "|---|---|",
    "-|-",
    ":-:",
    "===",
    "---",
    "--",
    "-",
    "=",
    "***",
    "* * *",
    "- - -",
    "___",
    "```",
    "~~~",
    "````",
    "``` a`b",
    "# h",
    "## h ##",
    "#",
    "#######",
    "#x",
    "- item",
    "* item",
    "+ item",
    "1. one",
    "2. two",
    "1) one",
    "-",
    "1.",
    "> quote",
    ">",
    "> > nested",
    "> - item",
    "> ```",
    "<!--",
    "-->",
    "<!-- c -->",
    "<details>",
    "</details>",
    "<div>",
    "<span>",
    "<custom-tag>",
    "<script>",
    "</script>",
    "<?php",
    "?>",
    "<!DOCTYPE html>",
    "<![CDATA[",
    "]]>",
    "[ref]: http://example.com",
    "[ref]: http://example.com 'title'",
    "[x] box",
    "[link](url)",
    "\\| escaped",
    "자원 🚀",
    "x\u00a0",
    "\u00a0",
    "x\u2028y",
]


@st.composite
def odd_line(draw) -> str:
    line = draw(st.sampled_from(ODD_LINES))
    prefix = draw(
        st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "     ", "\t", " \t", "- ", "1. ", "> ", "  - "])
    )
    suffix = draw(st.sampled_from(["", "", "", " ", "\t", " #", " |", "|"]))
    return prefix + line + suffix


@st.composite
def odd_heading(draw) -> Lines:
    hashes = "#" * draw(st.integers(1, 7))
    space = draw(st.sampled_from([" ", "\t", "", "  "]))
    closing = draw(st.sampled_from(["", " #", "#", " ##  ", " # ", "\t#"]))
    return [draw(indented(hashes + space + draw(text(plain_start=False)) + closing, tabs=True))]


@st.composite
def setext(draw) -> Lines:
    underline = draw(st.sampled_from(["===", "---", "=", "-", "== =", "---  ", "  ===", "    ==="]))
    return draw(paragraph()) + [underline]


ODD = st.one_of(
    odd_heading(),
    setext(),
    fenced_code(closed=False),
    st.builds(
        lambda indent, lines: [indent + line for line in lines],
        st.sampled_from(["", " ", "   ", "    "]),
        fenced_code(),
    ),
    st.lists(odd_line(), min_size=1, max_size=6),
    # a quoted line followed by lazy continuation lines
    st.lists(text(plain_start=False), min_size=1, max_size=3).map(lambda ls: ["> " + ls[0]] + ls[1:]),
)


@st.composite
def any_document(draw) -> Lines:
    lines: Lines = []
    for block in draw(st.lists(st.one_of(ORDINARY, ODD, ODD), max_size=10)):
        lines += draw(st.sampled_from([[], [""], [""]])) + block
    return lines


# -- the properties -------------------------------------------------------------------------


def assert_agrees(lines: Lines) -> None:
    expected = outline_slow(lines)
    fast = outline_fast(lines)
    assert fast is None or fast == expected, (lines, fast, expected)
    assert outline(lines) == expected


@settings(max_examples=300, deadline=None)
@given(any_document())
@example(["- item", "  ```", "# top", "  ```"])
@example(["> ```", "> code", "lazy", "==="])
@example(["[foo]: /url", "==="])
@example(["-", "", "  text", "  ==="])
@example(["a | b", "--|--", "1 | 2", "# h"])
def test_outline_agrees_with_markdown_it(lines):
    assert_agrees(lines)


@settings(max_examples=300, deadline=None)
@given(ordinary_document())
def test_ordinary_documents_take_the_fast_path(lines):
    assert bail_reason(lines) is None
    assert outline_fast(lines) == outline_slow(lines)
