"""The catalogue: every rule module is listed, every rule name is known to config
without loading a rule."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import bep_hooks.rules
from bep_hooks.rules import rule_names
from bep_hooks.rules.base import Rule
from bep_hooks.rules.catalogue import MODULES, RULES, all_rules, declared

# The modules of rules/ that declare no rule: what a rule is, the list, and what rules share.
FRAMEWORK = {
    "bep_hooks.rules.base",
    "bep_hooks.rules.catalogue",
    "bep_hooks.rules.history",
    "bep_hooks.rules.index",
    "bep_hooks.rules.wording",
}


def _rule_modules():
    names = [f"bep_hooks.rules.{info.name}" for info in pkgutil.iter_modules(bep_hooks.rules.__path__)]
    return [importlib.import_module(name) for name in sorted(names) if name not in FRAMEWORK]


def test_every_module_that_declares_a_rule_is_in_the_catalogue():
    for module in _rule_modules():
        assert declared(module), f"{module.__name__} declares no rule: list it in FRAMEWORK or give it one"
        assert module in MODULES, f"{module.__name__} declares rules but is missing from catalogue.MODULES"


def test_the_names_config_knows_are_the_names_the_rules_declare():
    # Read from the source without importing a rule, the names are those of every rule the
    # catalogue's modules declare: a rule in a module the catalogue forgets fails here.
    assert rule_names() == tuple(rule.name for rule in all_rules())
    declared_anywhere = [rule.name for module in _rule_modules() for rule in declared(module)]
    assert sorted(declared_anywhere) == sorted(RULES) and len(set(declared_anywhere)) == len(declared_anywhere)


def test_a_rule_is_what_its_decorator_declared():
    assert all(isinstance(rule, Rule) and rule.explanation and rule.summary for rule in all_rules())


def test_loading_a_config_imports_no_rule_module(tmp_path):
    (tmp_path / ".bep.yaml").write_text("severity:\n  registry-format: off\nper-file-ignores:\n  '*.md': [all]\n")
    code = (
        "import json, sys, pathlib\n"
        "from bep_hooks.config import load_config\n"
        f"config = load_config(pathlib.Path({str(tmp_path)!r}))\n"
        "assert config.severity == {'registry-format': 'off'}, config.severity\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('bep_hooks.rules'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["bep_hooks.rules"]


def test_an_unknown_rule_name_in_the_config_is_refused_with_a_suggestion(tmp_path):
    from bep_hooks.config import ConfigError, load_config

    (tmp_path / ".bep.yaml").write_text("severity:\n  registry-fromat: off\n")
    try:
        load_config(tmp_path)
    except ConfigError as error:
        assert "registry-fromat" in str(error) and "did you mean 'registry-format'" in str(error)
    else:
        raise AssertionError("an unknown rule name was accepted")


def test_a_rule_name_leads_to_its_module():
    """`registry-link-broken` is in rules/registry.py, `status-transition` in rules/status.py:
    the part of the name before the first '-' names the module."""
    for module in MODULES:
        for rule in declared(module):
            # (the module's own name: rules/registry.py is `registry`, whatever the package is called)
            assert module.__name__.rsplit(".", 1)[1] == rule.name.split("-")[0], (rule.name, module.__name__)
    prefixes = {name.split("-")[0] for name in rule_names()}
    assert {module.__name__.rsplit(".", 1)[1] for module in MODULES} == prefixes


def test_each_fix_stands_in_its_rules_module():
    for rule in all_rules():
        if rule.fix is not None:
            assert rule.fix.__module__ == rule.check.__module__, rule.name
