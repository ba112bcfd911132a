"""`bep check --against REF`: the registry as it is on a base ref, for the races git misses.

Two pull requests that each reserve the next free number, in different places of the
table, merge without a conflict. Comparing the branch's registry with the base branch's
(`git show REF:README.md`, parsed by the same parser) catches them; the rules that
compare are registry-reuse, registry-removed, registry-backfill (rules/registry.py) and
status-transition (rules/status.py); rules/history.py holds what they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Optional

from ..parse.registry import Registry, parse_registry
from ..parse.source import Unreadable, decode_source

if TYPE_CHECKING:
    from ..repository import Project


class AgainstError(Exception):
    """The base cannot be read (not a git repository, unknown ref): a usage error, exit 2."""


class Base(NamedTuple):
    ref: str  # as the user wrote it, for messages
    registry: Optional[Registry]  # None: the base has no registry file (or it is unreadable)


def load_base(project: Project, ref: str) -> Base:
    from .. import git  # lazy: start-up

    try:
        commit = git.verify_ref(project.root, ref)
    except git.GitError as error:
        raise AgainstError(f"--against {ref}: {error}") from None
    path = project.registry_path
    if path is None:
        return Base(ref, None)
    data = git.show_file(project.root, commit, path)
    if data is None:
        return Base(ref, None)
    source = decode_source(path, data, project.config.max_file_size)
    if isinstance(source, Unreadable):
        return Base(ref, None)
    return Base(ref, parse_registry(source, project.config, project.layout))
