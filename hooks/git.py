"""Asking git: the files a commit or a branch touches, and a file as it is at a ref.

Only the commands that need git import this module (it starts subprocesses).
Paths come back relative to the project root (`--relative`), with '/' separators.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple


Change = Tuple[str, str]  # (status letter A/M/R/C/T, path relative to the root)


class ChangeSet(NamedTuple):
    """What a change does to the repository, as the project names its files."""

    paths: Tuple[str, ...]  # files it adds or modifies (a renamed file under its new name)
    gone: Tuple[str, ...] = ()  # files it deletes, and the old names of renamed files
    # How git compares the registry before and after (`git diff ARGS -- FILE`):
    # ("--cached",) on a commit, ("HEAD",) for paths given by hand, ("A...B",) on a push;
    # None: not in git, every row of a changed registry counts as changed.
    compare: Optional[Tuple[str, ...]] = ("HEAD",)



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
    """A ChangeSet from `git diff --name-status -z -M` output: deletions and the old
    names of renamed files are `gone`."""
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


def changed_row_lines(root: Path, path: str, compare: Optional[Tuple[str, ...]]) -> Optional[List[str]]:
    """The lines a change adds to or removes from `path` (from `git diff -U0`), for the
    registry to read as rows (`Registry.numbers_in`); None (every row) for a registry the
    change adds. Outside git (or before the first commit, for paths given by hand) nothing
    tells which lines changed: none are taken as changed."""
    if compare is None:
        return []
    try:
        output = _git(root, "diff", "-U0", "--no-ext-diff", "--no-color", *compare, "--", path)
    except GitError:
        return []
    text = output.decode("utf-8", "replace")
    if "\nnew file mode" in text or text.startswith("new file mode"):
        return None
    return [line[1:] for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++ ", "--- "))]


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
    """The string that starts comment lines in a commit message: git's core.commentChar
    (or core.commentString, its alias since git 2.45; the one set last wins), `#` when
    neither is set, `auto` when git picks one per message (title.read_message finds it)."""
    return message_settings(root)[1]


def message_settings(root: Path) -> Tuple[Optional[str], str]:
    """(commit.cleanup or None, the comment string) from git's configuration, in one call;
    `git -c key=value commit` reaches a hook through GIT_CONFIG_PARAMETERS."""
    try:
        output = _git(root, "config", "--get-regexp", r"^(commit\.cleanup|core\.comment(char|string))$")
    except GitError:  # nothing set (exit 1), or no git
        return None, "#"
    cleanup, comment = None, "#"
    for line in output.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(" ")
        if key.lower() == "commit.cleanup":
            cleanup = value.strip() or None
        elif value:
            comment = value
    return cleanup, comment


CLEANUP_MODES = ("strip", "whitespace", "verbatim", "scissors", "default")


def commit_cleanup(root: Path) -> Tuple[str, str]:
    """(cleanup mode, comment string) of the commit being made, for a commit-msg hook.

    git cleans the message after the hook: `strip` drops comment lines, `whitespace`
    keeps them (only trailing blanks go), `scissors` drops what follows the scissors line,
    `verbatim` keeps everything. The mode is `--cleanup=MODE` on the command line, else
    commit.cleanup, else `default`: `strip` when an editor is opened, `whitespace` when
    not (`-m`, `-F`, `-C` without `-e`), and `scissors` also becomes `whitespace` without
    an editor. git tells a hook that no editor is opened with GIT_EDITOR=`:` (githooks(5));
    `--cleanup` is read from the command line of the `git commit` process the hook runs
    under (Linux /proc, else `ps`); where neither can be read, commit.cleanup or the
    default stands.
    """
    configured, comment = message_settings(root)
    mode = _cleanup_from_command_line() or configured or "default"
    editor = os.environ.get("GIT_EDITOR") != ":"
    if mode not in CLEANUP_MODES or mode == "default":
        mode = "strip" if editor else "whitespace"
    elif mode == "scissors" and not editor:
        mode = "whitespace"
    return mode, comment


_GLOBAL_WITH_VALUE = frozenset({"-c", "-C", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix"})


def _cleanup_from_command_line() -> Optional[str]:
    """The `--cleanup` value of the nearest `git commit` (or `git merge`) process above
    this one; None when there is none, it has no such option, or it cannot be read."""
    pid = os.getppid()
    for _ in range(8):  # git -> (sh) -> pre-commit -> this hook: a few levels at most
        if pid <= 1:
            return None
        argv, parent = _process(pid)
        if argv and os.path.basename(argv[0]).split(".")[0] == "git":
            return _cleanup_option(argv[1:])
        pid = parent
    return None


def _process(pid: int) -> Tuple[List[str], int]:
    """(command line, parent pid) of a process."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            argv = [part.decode("utf-8", "replace") for part in file.read().split(b"\0") if part]
        with open(f"/proc/{pid}/stat", "rb") as file:
            stat = file.read().decode("ascii", "replace")
        return argv, int(stat.rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:  # no /proc (macOS, BSD): ps (arguments with spaces split wrongly; only --cleanup matters)
        done = subprocess.run(["ps", "-ww", "-o", "ppid=", "-o", "args=", "-p", str(pid)], capture_output=True)
        fields = done.stdout.decode("utf-8", "replace").split()
        return fields[1:], int(fields[0])
    except (OSError, ValueError, IndexError):
        return [], 0


def _cleanup_option(args: List[str]) -> Optional[str]:
    """The `--cleanup` of git's arguments (after the program name), when the command is
    `commit` or `merge`; the last one wins, as in git."""
    index = 0
    while index < len(args) and args[index].startswith("-"):  # git's own options
        index += 2 if args[index] in _GLOBAL_WITH_VALUE else 1
    if index >= len(args) or args[index] not in ("commit", "merge"):
        return None
    found = None
    rest = args[index + 1 :]
    position = 0
    while position < len(rest):
        arg = rest[position]
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) >= 5 and "--cleanup".startswith(name):  # git accepts unambiguous prefixes
            if not equals:
                position += 1
                value = rest[position] if position < len(rest) else ""
            found = value
        elif arg in ("-m", "-F", "-C", "-c", "-t", "--message", "--file", "--reuse-message", "--reedit-message",
                     "--template", "--author", "--date", "--trailer", "--fixup", "--squash"):
            position += 1  # its value is not an option, whatever it says
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2:
            for offset, letter in enumerate(arg[1:], 1):  # -am MSG, -qm MSG, -mMSG
                if letter in "mFCct":
                    if offset == len(arg) - 1:
                        position += 1
                    break
        position += 1
    return found


def author(root: Path) -> Optional[str]:
    """Who git says commits here, as 'Name (email)' (the name or the address alone when git
    knows only one): GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else user.name/user.email. None when
    git knows neither (or is not installed)."""
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
