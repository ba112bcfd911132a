"""Asking git: the files a commit or a branch touches, and a file as it is at a ref.

Only the commands that need git import this module (it starts subprocesses).
Paths come back relative to the project root (`--relative`), with '/' separators.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import List, Optional, Tuple

Change = Tuple[str, str]  # (status letter A/M/R/C/T, path relative to the root)


class GitError(Exception):
    """git is missing, the folder is not a repository, or a ref does not exist."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=str(root), capture_output=True, check=False)
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def is_work_tree(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except GitError:
        return False


def _changes(output: bytes) -> List[Change]:
    """Parse `git diff --name-status -z`: STATUS NUL PATH NUL, renames/copies with two paths."""
    parts = output.decode("utf-8", "surrogateescape").split("\0")
    changes: List[Change] = []
    index = 0
    while index < len(parts) and parts[index]:
        status = parts[index][:1]
        if status in ("R", "C"):
            changes.append((status, parts[index + 2]))
            index += 3
        else:
            changes.append((status, parts[index + 1]))
            index += 2
    return changes


def staged_changes(root: Path) -> Optional[List[Change]]:
    """What the commit being made adds or changes (deletions left out); None outside git."""
    if not is_work_tree(root):
        return None
    try:
        output = _git(root, "diff", "--cached", "--name-status", "-z", "-M", "--relative", "--diff-filter=d")
    except GitError:
        return None
    return _changes(output)


def comment_char(root: Path) -> str:
    """The character that starts comment lines in a commit message: git's core.commentChar,
    `#` when it is not set (or is `auto`, whose choice the message file does not record)."""
    try:
        value = _git(root, "config", "--get", "core.commentChar").decode("utf-8", "replace").strip()
    except GitError:
        return "#"
    return value if value and value != "auto" else "#"


def author(root: Path) -> Optional[str]:
    """Who git says commits here, as 'Name (email)' (the name or the address alone when git
    knows only one): GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else user.name/user.email. None when
    git knows neither (or is not installed)."""
    import os

    def value(variable: str, key: str) -> str:
        if os.environ.get(variable, "").strip():
            return os.environ[variable].strip()
        try:
            return _git(root, "config", "--get", key).decode("utf-8", "replace").strip()
        except GitError:
            return ""

    name, email = value("GIT_AUTHOR_NAME", "user.name"), value("GIT_AUTHOR_EMAIL", "user.email")
    if name and email:
        return f"{name} ({email})"
    return name or email or None


def verify_ref(root: Path, ref: str) -> str:
    """The commit `ref` names; GitError with a message for the user when there is none."""
    if not is_work_tree(root):
        raise GitError(f"{root} is not inside a git work tree")
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a ref")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"'{ref}' is not a commit in this repository (in CI, fetch it first: "
            f"`git fetch origin main` and use origin/main)"
        ) from None


def changes_since(root: Path, ref: str) -> List[Change]:
    """What the current branch adds or changes since it left `ref` (`git diff REF...HEAD`)."""
    commit = verify_ref(root, ref)
    try:
        output = _git(root, "diff", "--name-status", "-z", "-M", "--relative", "--diff-filter=d", f"{commit}...HEAD")
    except GitError as error:
        raise GitError(f"cannot compare with '{ref}': {error} (a shallow clone needs `fetch-depth: 0`)") from None
    return _changes(output)


def show_file(root: Path, commit: str, path: str) -> Optional[bytes]:
    """The bytes of `path` (relative to the root) at `commit`; None when it is not there."""
    try:
        return _git(root, "show", f"{commit}:./{path}")
    except GitError:
        return None
