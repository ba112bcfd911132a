"""Proposal documents and the template schema. (Minimal until the proposals rules land.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from .config import DEFAULT_STATUSES


@dataclass(frozen=True)
class Schema:
    statuses: Tuple[str, ...]
    fields: Tuple[str, ...] = ()
    sections: Tuple[str, ...] = ()


def template_schema(project) -> Schema:
    return Schema(statuses=project.config.statuses or DEFAULT_STATUSES)


def parse_proposal(source, config):
    return source
