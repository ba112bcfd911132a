"""What a check produces: findings, and the problems rules yield to make them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)


@dataclass(frozen=True)
class Problem:
    """A rule's raw result: where, and what is wrong. The engine adds the rule's name and grade."""

    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    severity: Optional[str] = None  # None: the rule's grade; a rule may grade one case lower


@dataclass(frozen=True)
class Finding:
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
        return asdict(self)
