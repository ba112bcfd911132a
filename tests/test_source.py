"""hooks/source.py: the one definition of git's conflict markers, which every reader uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bep_hooks.config import Config
from bep_hooks.frontmatter import parse_front_matter
from bep_hooks.proposal import conflict_markers
from bep_hooks.registry import parse_registry
from bep_hooks.source import CONFLICT_MARKER, Source

from .conftest import registry_readme

MARKERS = ["<<<<<<< HEAD", "<<<<<<<", "|||||||\tbase", "=======", ">>>>>>> branch"]
NOT_MARKERS = ["<<<<<<<<", "========", "=======x", ">>>>>>>>", "<<<<<< HEAD", " <<<<<<< HEAD"]


@pytest.mark.parametrize("line", MARKERS)
def test_a_marker_is_one_to_every_reader(line):
    assert CONFLICT_MARKER.match(line)
    opened = ["<<<<<<< HEAD"] if not line.startswith("<") else []
    assert conflict_markers([*opened, line]) == tuple(range(1, len(opened) + 2))
    registry = parse_registry(Source.from_text("README.md", registry_readme(f"{line}\n| 1000 | A | - | Draft |\n")), Config())
    assert registry.conflicted
    front = parse_front_matter(["---", "Status: Draft", line, "---"])
    assert front is not None and front.error is not None and "conflict" in front.error.message


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_a_near_miss_is_none_to_every_reader(line):
    assert not CONFLICT_MARKER.match(line)
    assert conflict_markers(["<<<<<<< HEAD", line]) == (1,)
    registry = parse_registry(Source.from_text("README.md", registry_readme(f"{line}\n| 1000 | A | - | Draft |\n")), Config())
    assert not registry.conflicted


def test_no_other_module_writes_its_own_marker_pattern():
    package = Path(__file__).resolve().parent.parent / "hooks"
    code = {p: "\n".join(l for l in p.read_text().splitlines() if not l.lstrip().startswith(('"""', "`"))) for p in package.rglob("*.py")}
    own = [p.name for p, text in code.items() if p.name != "source.py" and re.search(r"\{7\}|[\"']<{7}", text)]
    assert own == []
