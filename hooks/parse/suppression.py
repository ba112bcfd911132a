"""Inline suppression comments in Markdown files.

    <!-- bep: ignore RULE[, RULE ...] -->        this line and the next one
    <!-- bep: ignore-file RULE[, RULE ...] -->   the whole file

Rule names are separated by commas or spaces; `all` (or no name) means every rule.
The comment may stand on its own line before the finding's line, or at the end of the
finding's line. The engine applies them to findings after the rules ran, from the sources
the project has already read; rules know nothing about them.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Mapping, NamedTuple, Optional

from .source import Source

_COMMENT = re.compile(r"<!--\s*bep:\s*(ignore-file|ignore)(?![\w-])(.*?)-->", re.IGNORECASE)
_START = re.compile(r"<!--\s*bep:", re.IGNORECASE)  # where such a comment can begin
ALL = "all"


class Suppressions(NamedTuple):
    file: FrozenSet[str] = frozenset()
    # 1-based line -> rules ignored there (a default every instance without one shares: read only)
    lines: Mapping[int, FrozenSet[str]] = {}

    def covers(self, rule: str, line: Optional[int]) -> bool:
        if rule in self.file or ALL in self.file:
            return True
        if line is None:
            return False
        rules = self.lines.get(line, frozenset())
        return rule in rules or ALL in rules


NONE = Suppressions()


def _names(text: str) -> FrozenSet[str]:
    names = frozenset(name for name in re.split(r"[\s,]+", text.strip()) if name)
    return names or frozenset([ALL])


def _may_suppress(text: str) -> bool:
    """Whether a suppression comment can start somewhere in `text`: str.find skips to each
    "<!--" far faster than a regex search of a whole document."""
    at = text.find("<!--")
    while at >= 0:
        if _START.match(text, at):
            return True
        at = text.find("<!--", at + 4)
    return False


def find_suppressions(source: Source) -> Suppressions:
    if not _may_suppress(source.text):  # nearly every document
        return NONE
    whole = set()
    lines: Dict[int, set] = {}
    for index, line in enumerate(source.lines):
        if "<!--" not in line:
            continue
        # Only up to the last '-->': a '<!-- bep: ignore' with no end after it would make
        # the search scan the rest of the line once per such start (quadratic time).
        for match in _COMMENT.finditer(line, 0, line.rfind("-->") + 3):
            names = _names(match.group(2))
            if match.group(1).lower() == "ignore-file":
                whole |= names
            else:
                for covered in (index + 1, index + 2):  # its own line, and the line after it
                    lines.setdefault(covered, set()).update(names)
    if not whole and not lines:
        return NONE
    return Suppressions(frozenset(whole), {line: frozenset(names) for line, names in lines.items()})
