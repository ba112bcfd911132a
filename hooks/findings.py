"""What a check produces: findings, and the problems rules yield to make them.

The models of the suite are named tuples: immutable, compared by value, and cheap to
build, to pickle (a worker sends thousands back) and to define (a frozen dataclass costs
a commit's process most of a millisecond of code generation at import, each).
"""

from __future__ import annotations

from typing import NamedTuple, Optional

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


class Problem(NamedTuple):
    """A rule's raw result: where, and what is wrong. The engine adds the rule's name and grade."""

    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    severity: Optional[str] = None  # None: the rule's grade; a rule may grade one case lower


class Finding(NamedTuple):
    rule: str
    severity: str
    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    fixable: bool = False

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.rule, self.message)

    def as_json(self) -> dict:
        return self._asdict()
