"""Rules about files as files, before any Markdown is read."""

from __future__ import annotations

from typing import Iterator

from ..findings import Problem
from ..parse.source import Unreadable
from . import PROPOSALS, REGISTRY
from .base import Context, rule


@rule("file-unreadable", "a file cannot be read as UTF-8 text", family=(REGISTRY, PROPOSALS))
def file_unreadable(ctx: Context) -> Iterator[Problem]:
    """What it finds
    The registry README or a proposal cannot be read as text:
    - it is not valid UTF-8, or holds NUL bytes;
    - it is larger than `max-file-size` (5 MB by default);
    - it cannot be opened.

    The file is then skipped by every other rule.

    Why it matters
    A file saved in another encoding, or a binary committed by mistake, would otherwise crash
    the hook or be skipped silently. Either way, its numbers would go unchecked.

    Example (bytes `\\xff\\xfe` appended to the proposal):

        proposals/BEP-1001-gpu-partitioning.md:43:1: error file-unreadable: file is not valid UTF-8 (byte 0xff); re-save it as UTF-8

    A file over 6 MB gives `proposals/BEP-1001-gpu-partitioning.md: error file-unreadable: file is larger than 5 MB (max-file-size); it is not checked`.

    How to fix
    Re-save the file as UTF-8, or shrink it (move large data to the supporting folder).
    `bep fix` does not fix this. An ignore comment cannot be read from an unreadable file,
    so use `severity` or `per-file-ignores`.
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
