"""hooks.parse.markdown_constants is a copy of markdown-it-py's constants (so that a check need not
import markdown-it-py); it must stay equal to the installed markdown-it-py's."""

from __future__ import annotations

import subprocess
import sys

from markdown_it.common import utils
from markdown_it.rules_block.html_block import HTML_SEQUENCES

from bep_hooks.parse import markdown_constants


def test_html_sequences_equal_markdown_it():
    ours = [(start.pattern, start.flags, end.pattern, end.flags, paragraph) for start, end, paragraph in markdown_constants.HTML_SEQUENCES]
    theirs = [(start.pattern, start.flags, end.pattern, end.flags, paragraph) for start, end, paragraph in HTML_SEQUENCES]
    assert ours == theirs


def test_trim_equals_markdown_it():
    reference = getattr(utils, "mdTrim", str.strip)
    for code in range(0x3100):
        char = chr(code)
        text = f"{char}{char}x{char}"
        assert markdown_constants.md_trim(text) == reference(text), hex(code)


def test_a_check_does_not_import_the_fallback_libraries():
    """markdown-it-py and ruamel.yaml are imported only when a document needs them."""
    code = (
        "import sys; import bep_hooks.cli, bep_hooks.engine, bep_hooks.parse.proposal, bep_hooks.parse.registry; "
        "from bep_hooks.rules.catalogue import all_rules; all_rules(); "
        "print(sorted(m for m in ('markdown_it', 'ruamel.yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
