"""Words several rules share: how a proposal, a place and a list are written in a message."""

from __future__ import annotations

from typing import List, Optional

from ..parse.registry import Registry, Row
from .base import Context


def bep_name(ctx: Context, number: int, series: Optional[str] = None) -> str:
    """`BEP-1042`: a number as its series writes it (None: the first series)."""
    if series and series != ctx.config.prefix:
        for layout in ctx.project.layout.series:
            if layout.prefix == series:
                width = layout.document_pattern().width or ctx.config.number_width
                return f"{series}-{number:0{width}d}"
    return f"{ctx.config.prefix}-{ctx.config.format_number(number)}"


def where(registry: Registry, row: Row) -> str:
    return f"{registry.path} line {row.line}"


def names(names: List[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def plural(items: list, one: str, many: Optional[str] = None) -> str:
    return one if len(items) == 1 else (many or one + "s")


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
