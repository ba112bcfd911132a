"""Every rule module, in one list: a rule runs because its module is named here, not
because something happened to import it (a module missing here fails
tests/test_rules_catalogue.py). Fixes run in this order.
"""

from __future__ import annotations

from types import ModuleType
from typing import Dict, List, Tuple

from . import file, frontmatter, layout, proposal, registry, section, status, supporting, title
from .base import Rule

MODULES: Tuple[ModuleType, ...] = (registry, proposal, supporting, frontmatter, status, section, file, title, layout)


def declared(module: ModuleType) -> List[Rule]:
    """The rules a module declares with `@rule(...)`, in the order they stand."""
    return [value.rule for value in vars(module).values() if isinstance(getattr(value, "rule", None), Rule)]


RULES: Dict[str, Rule] = {rule.name: rule for module in MODULES for rule in declared(module)}


def all_rules() -> List[Rule]:
    """Every rule, by name."""
    return sorted(RULES.values(), key=lambda r: r.name)
