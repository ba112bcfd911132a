"""The few markdown-it-py constants hooks.markdown's scanner needs, without importing markdown-it-py.

Importing markdown-it-py takes about 60 ms: more than a one-file commit check spends on
everything else. The scanner needs only the HTML block start/end patterns and the
whitespace set markdown-it trims with, so they are copied here from markdown-it-py
(rules_block/html_block.py, common/html_re.py, common/html_blocks.py, common/utils.py),
and markdown-it-py is imported only when a document needs the fallback parser.
tests/test_markdown_constants.py checks that these equal the installed markdown-it-py's,
so an upgrade that changes them fails the tests instead of drifting silently.
The scanner follows markdown-it-py 4.3's block rules (4.0 to 4.2 and 3.x differ in HTML
blocks, trimming, lists and fences), which is why pyproject.toml asks for >= 4.3.
"""

from __future__ import annotations

import re
from typing import List, Pattern, Tuple

BLOCK_NAMES = (
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
    "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
    "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
)  # fmt: skip

_ATTR_NAME = "[a-zA-Z_:][a-zA-Z0-9:._-]*"
_ATTR_VALUE = "(?:" + "[^\"'=<>`\\x00-\\x20]+" + "|" + "'[^']*'" + "|" + '"[^"]*"' + ")"
_ATTRIBUTE = "(?:\\s+" + _ATTR_NAME + "(?:\\s*=\\s*" + _ATTR_VALUE + ")?)"
_OPEN_TAG = "<[A-Za-z][A-Za-z0-9\\-]*" + _ATTRIBUTE + "*\\s*\\/?>"
_CLOSE_TAG = "<\\/[A-Za-z][A-Za-z0-9\\-]*\\s*>"
HTML_OPEN_CLOSE_TAG_STR = "^(?:" + _OPEN_TAG + "|" + _CLOSE_TAG + ")"

# (start, end, can interrupt a paragraph), in markdown-it's order: HTML block types 1..7.
HTML_SEQUENCES: List[Tuple[Pattern[str], Pattern[str], bool]] = [
    (
        re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (
        re.compile("^</?(?a:(" + "|".join(BLOCK_NAMES) + "))(?=(\\s|/?>|$))", re.IGNORECASE),
        re.compile(r"^$"),
        True,
    ),
    (re.compile(HTML_OPEN_CLOSE_TAG_STR + "\\s*$"), re.compile(r"^$"), False),
]

# CommonMark whitespace plus what JavaScript's trim() removes (U+2000..U+200A, U+2028,
# U+2029), without U+FEFF: markdown_it.common.utils.MD_TRIM_CHARS.
MD_TRIM_CHARS = "".join(
    chr(code)
    for code in sorted(
        {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000}
        | set(range(0x2000, 0x200B))
        | {0x2028, 0x2029}
    )
)


def md_trim(string: str) -> str:
    """markdown_it.common.utils.mdTrim: strip the CommonMark whitespace set."""
    return string.strip(MD_TRIM_CHARS)
