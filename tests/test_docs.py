"""The documentation names what exists: the package docstring's functions, the README's
code layout (every module of the package, and nothing that is gone)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import bep_hooks

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks"


def _resolve(dotted: str):
    """The object `a.b.c` names under bep_hooks: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module("bep_hooks." + ".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ImportError(dotted)


def test_the_package_docstring_names_functions_that_exist():
    names = re.findall(r"\b([a-z_]+(?:\.[A-Za-z_]+)+)(?:\(\))?", bep_hooks.__doc__)
    assert len(names) >= 10, names
    for name in names:
        assert _resolve(name) is not None, name


def _layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Code layout", 1)[1].split("\n## ", 1)[0]


def test_the_readme_layout_lists_every_module_and_nothing_else():
    layout = _layout()
    listed = set(re.findall(r"`(hooks/[\w/]+\.py)`", layout))
    modules = {str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")}
    assert listed - modules == set(), "the README lists modules that are gone"
    assert modules - listed == set(), "modules missing from the README's code layout"


def test_the_readme_rule_table_is_the_catalogue():
    from bep_hooks.rules.catalogue import all_rules

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [a-z/, ]+ \| ([a-z]+(?: \(fixable\))?) \|", text, re.M))
    assert rows == {rule.name: rule.severity + (" (fixable)" if rule.fixable else "") for rule in all_rules()}
