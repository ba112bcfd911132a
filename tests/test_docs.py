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


def _named(text: str):
    """Every dotted name in `text` (`engine.check`, `repository.Project.registry`)."""
    return re.findall(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)", text)


def _exists(dotted: str) -> bool:
    try:
        _resolve(dotted)
    except (ImportError, AttributeError):
        return False
    return True


def test_the_package_docstring_names_functions_that_exist():
    names = _named(bep_hooks.__doc__)
    assert len(names) >= 20, names
    assert [name for name in names if not _exists(name)] == [], "the package docstring names what does not exist"
    subpackages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert {"parse", "rules", "commands"} <= subpackages
    assert subpackages <= {name.split(".")[0] for name in names}, "the docstring's way through skips a subpackage"


def test_a_name_that_is_gone_is_caught():
    assert _named("see repository.discover() and repository.Project.registry, e.g. x") == [
        "repository.discover",
        "repository.Project.registry",
        "e.g",
    ]
    assert not _exists("repository.discover") and not _exists("engine.run_check")
    assert not _exists("repository.Project.registryy") and not _exists("parse.nothing.parse")
    assert _exists("repository.Project.registry") and _exists("commands.reserve.new_proposal")


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


# Test files that test no one module, each with the reason. Every other tests/test_*.py is
# named after the module it tests (test_rules_X.py: hooks/rules/X.py; test_X.py and
# test_X_properties.py: the module X anywhere under hooks/).
CROSS_CUTTING = {
    "test_bad_input.py": "the catalogue of bad input, through every reader and rule, in bounded time and memory",
    "test_checker_properties.py": "generated repositories through the parsers, `bep check`, `bep fix` and every hook",
    "test_docs.py": "the README and the package docstring held to the tree",
    "test_fast_paths.py": "each shortcut taken for speed against the code it stands in for, in several modules",
    "test_fixer_properties.py": "`bep fix` over generated READMEs: the rendering, the fixes and the one writer together",
    "test_fork.py": "fixtures/fork: a whole fork's configuration, end to end",
    "test_fixture_layouts.py": "fixtures/neps and fixtures/cips: every finding their EXPECTED.md lists, and what `bep fix` changes, end to end",
    "test_header_layouts.py": "a layout's header stage (formats, titles, numbers, statuses, sections) end to end, in each real shape",
    "test_imports.py": "the import graph of the package",
    "test_mutation_runner.py": "mutation/run.py, the mutation-testing tool beside the package (not a module of it)",
    "test_precommit_e2e.py": "the real pre-commit client against this working tree (e2e)",
    "test_registry_layout.py": "a layout's index tables (parser, registry rules, their fixes and styles) end to end, in each real shape",
    "test_readme_commands.py": "every `sh` block of the README, run as written",
    "test_readme_setup.py": "the README's installation, run as written (e2e)",
    "test_workflow_example.py": "examples/github-workflow.yml, run as GitHub would (e2e)",
}


def _tested_module(test_file: str):
    """The module of hooks/ a test file's name says it tests, or None."""
    stem = test_file[len("test_") : -len(".py")]
    if stem.startswith("rules_"):
        candidates = [PACKAGE / "rules" / (stem[len("rules_") :] + ".py")]
    else:
        stem = stem[: -len("_properties")] if stem.endswith("_properties") else stem
        candidates = sorted(PACKAGE.rglob(stem + ".py"))
    return next((path for path in candidates if path.is_file() and path.stem != "__init__"), None)


def test_every_test_file_is_named_after_a_module_or_says_why_not():
    test_files = sorted(path.name for path in (ROOT / "tests").glob("test_*.py"))
    unnamed = [name for name in test_files if _tested_module(name) is None and name not in CROSS_CUTTING]
    assert unnamed == [], "name these after the module they test (tests/test_X.py for X.py), or add them to CROSS_CUTTING"
    assert sorted(set(CROSS_CUTTING) - set(test_files)) == [], "CROSS_CUTTING names test files that are gone"
    mirroring = [name for name in CROSS_CUTTING if _tested_module(name) is not None]
    assert mirroring == [], "these are named after a module: take them out of CROSS_CUTTING"


def test_a_test_file_name_leads_to_its_module():
    assert _tested_module("test_rules_status.py") == PACKAGE / "rules" / "status.py"
    assert _tested_module("test_reserve.py") == PACKAGE / "commands" / "reserve.py"
    assert _tested_module("test_markdown_properties.py") == PACKAGE / "parse" / "markdown.py"
    assert _tested_module("test_rules_markdown.py") is None  # a rules_ name means hooks/rules/ only
    assert _tested_module("test_checker.py") is None
    assert _tested_module("test___init__.py") is None
