"""Rules about files as files, before any Markdown is read."""

from __future__ import annotations

from typing import Iterator

from ..findings import Problem
from ..source import Unreadable
from . import PROPOSALS, REGISTRY
from .base import Context, rule


@rule("file-unreadable", "a file cannot be read as UTF-8 text", family=(REGISTRY, PROPOSALS))
def file_unreadable(ctx: Context) -> Iterator[Problem]:
    """Registry and proposals are UTF-8 text under the size cap (5 MB by default). A file
    that is not UTF-8, holds NUL bytes (binary), is too large, or cannot be opened is
    reported here and otherwise skipped; nothing else is checked in it.
    """
    project = ctx.project
    read = []  # (path, how the project reads it): a proposal is read by parsing it
    if REGISTRY in ctx.families and ctx.registry_targeted:
        read.append((project.registry_path, project.source))
    if PROPOSALS in ctx.families:
        read.extend((entry.path, project.proposal) for entry in ctx.proposal_entries())
    for path, read_file in read:
        source = read_file(path)
        if isinstance(source, Unreadable):
            yield Problem(path, source.line, source.column, source.reason)
