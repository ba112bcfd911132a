"""The rules: the names of every rule, and the families they belong to.

This module imports no rule, so that reading a `.bep.yaml` can check the rule names it
gives (`severity:`, `per-file-ignores:`) without loading any rule: `rule_names()` reads
them from the rule modules' declarations. `base.py` says what a rule is; `catalogue.py`
lists the rule modules.
"""

import functools
import re
from pathlib import Path
from typing import Tuple

REGISTRY, PROPOSALS, TITLE = "registry", "proposals", "title"  # the families (`--only`)

_DECLARATION = re.compile(r'^@rule\(\s*"([a-z0-9-]+)"', re.MULTILINE)


@functools.lru_cache(maxsize=None)
def rule_names() -> Tuple[str, ...]:
    """Every rule's name, in order, read from the rule modules' source (each `@rule("NAME",
    ...)` declaration) without importing them: checking the names a `.bep.yaml` gives
    costs reading a few files, not loading every rule. tests/test_rules_catalogue.py holds
    it equal to the names the imported modules declare."""
    folder = Path(__file__).parent
    found = (name for path in folder.glob("*.py") for name in _DECLARATION.findall(path.read_text(encoding="utf-8")))
    return tuple(sorted(found))

