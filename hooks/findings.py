"""What a check produces: findings, and the problems rules yield to make them.

The models of the suite are named tuples: immutable, compared by value, and cheap to
build, to pickle (a worker sends thousands back) and to define (a frozen dataclass costs
a commit's process most of a millisecond of code generation at import, each).
"""

from __future__ import annotations

from typing import NamedTuple, Optional, Tuple

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
    # The things a message lists ('Motivation', 'References'; the other files of a number).
    # The baseline matches such a finding item by item: fixing one of them never makes
    # the rest a "new" finding. Empty: the finding is one thing, matched by its message.
    items: Tuple[str, ...] = ()
    # False: the rule's fix (if it has one) leaves this problem alone, so `bep fix` will
    # not make it go away (a status-mismatch whose document holds an unknown status).
    fixable: bool = True


class Finding(NamedTuple):
    rule: str
    severity: str
    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    fixable: bool = False
    items: Tuple[str, ...] = ()  # (see Problem.items; not part of the output formats)

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.rule, self.message)

    def as_json(self) -> dict:
        data = self._asdict()
        del data["items"]
        return data
