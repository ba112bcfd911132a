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


def _name_status(output: bytes) -> List[Tuple[str, str, Optional[str]]]:
    """Parse `git diff --name-status -z`: (status letter, path, old path of a rename or copy)."""
    parts = output.decode("utf-8", "surrogateescape").split("\0")
    result: List[Tuple[str, str, Optional[str]]] = []
    index = 0
    while index < len(parts) and parts[index]:
        status = parts[index][:1]
        if status in ("R", "C"):
            result.append((status, parts[index + 2], parts[index + 1]))
            index += 3
        else:
            result.append((status, parts[index + 1], None))
            index += 2
    return result


def change_set(output: bytes, compare: Tuple[str, ...]):
    """A scope.ChangeSet from `git diff --name-status -z -M` output: deletions and the old
    names of renamed files are `gone`."""
    from .scope import ChangeSet

    paths, gone = [], []
    for status, path, old in _name_status(output):
        if status == "D":
            gone.append(path)
            continue
        paths.append(path)
        if status == "R" and old is not None:
            gone.append(old)
    return ChangeSet(tuple(paths), tuple(gone), compare)


def hook_change_set(root: Path, paths: List[str]):
    """The change a pre-commit hook checks, read from git: pre-commit passes only the
    files a commit adds or modifies, never the deleted ones nor a renamed file's old name.

    On a push (PRE_COMMIT_FROM_REF/TO_REF), what the pushed commits change. On a commit,
    what is staged, when the files pre-commit passed are staged ones (`pre-commit run
    --all-files` or `--files` pass others: then None, and those files are the change).
    """
    import os

    env = os.environ
    from_ref, to_ref = env.get("PRE_COMMIT_FROM_REF"), env.get("PRE_COMMIT_TO_REF")
    args = ["diff", "--name-status", "--no-ext-diff", "-z", "-M", "--relative"]
    if from_ref and to_ref:
        compare: Tuple[str, ...] = (f"{from_ref}...{to_ref}",)
    else:
        compare = ("--cached",)
    try:
        output = _git(root, *args, *compare)
    except GitError:
        return None
    changes = change_set(output, compare)
    if compare == ("--cached",) and not set(paths) <= set(changes.paths):
        return None
    return changes


def changed_row_numbers(root: Path, path: str, compare: Optional[Tuple[str, ...]]):
    """The numbers of the registry rows a change adds, removes or edits in `path` (from
    `git diff -U0`); None (every row) for a registry the change adds, or when the
    table's delimiter row changed. Outside git (or before the first commit, for paths
    given by hand) nothing tells which rows changed: none are taken as changed."""
    from .scope import numbers_in_rows

    if compare is None:
        return set()
    try:
        output = _git(root, "diff", "-U0", "--no-ext-diff", "--no-color", *compare, "--", path)
    except GitError:
        return set()
    text = output.decode("utf-8", "replace")
    if "\nnew file mode" in text or text.startswith("new file mode"):
        return None
    lines = [
        line[1:]
        for line in text.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++ ", "--- "))
    ]
    return numbers_in_rows(lines)


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
