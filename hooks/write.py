"""The one way `bep` writes a file: `fix`, the format hook, `new` and `baseline` all come here.

A write
- never leaves the repository: a target that resolves outside the root (a symlink, `..`,
  an absolute setting, a folder that links out) is refused;
- never overrides a file's protection: a file without write permission is refused,
  even for root, who could;
- never loses another writer's update: under a lock that every `bep` process takes,
  the file on disk must still hold the bytes the writer read; if it does not, nothing
  is written and the caller is told (`Changed`) so it can say "run again", or retry;
- is atomic (a temporary file in the same folder, renamed over the target) and keeps
  the file's mode. Encoding, BOM and line endings are the caller's bytes: `Source.encode`.

The lock is an advisory lock (`flock`, or `msvcrt.locking` on Windows) on a file inside
the git directory, so `git status` never sees it; outside a git work tree it lives in the
temporary folder, named after the repository. An editor does not take it: against an
editor the check of the bytes on disk right before the rename is what protects its work.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator, Optional, Union

from .parse.source import is_inside

LOCK_NAME = "bep.lock"
LOCK_TIMEOUT = 30.0  # seconds to wait for another `bep` process before giving up


class WriteRefused(Exception):
    """The target cannot be written (outside the repository, read-only, an OS error);
    the file is left as it was. `str()` says why, for the user: "README.md: not fixed: "
    + reason."""


class Changed(WriteRefused):
    """The file changed on disk after it was read; it is left as it was."""


def _git_dir(root: Path) -> Optional[Path]:
    """The git directory of the work tree holding `root` (a worktree's `.git` file is followed)."""
    folder = Path(os.path.realpath(root))
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                with open(dot_git, encoding="utf-8", errors="replace") as handle:
                    first = handle.read(4096).strip()
            except OSError:
                return None
            if first.startswith("gitdir:"):
                target = Path(first[len("gitdir:") :].strip())
                target = target if target.is_absolute() else candidate / target
                return target if target.is_dir() else None
            return None
    return None


def lock_path(root: Path) -> Path:
    git_dir = _git_dir(root)
    if git_dir is not None:
        return git_dir / LOCK_NAME
    digest = hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"bep-{digest}.lock"


_local = threading.local()  # lock path -> depth, per thread: re-entrant, and threads take turns too


def _depths() -> dict:
    if not hasattr(_local, "held"):
        _local.held = {}
    return _local.held


@contextlib.contextmanager
def repository_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the repository's write lock (re-entrant). Two `bep` processes that write the
    same repository take turns; WriteRefused if the other one holds it past `timeout`."""
    path = str(lock_path(root))
    _held = _depths()
    if _held.get(path):
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    try:
        fd: Optional[int] = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:  # a read-only git directory
        fd = None
        _without_lock(path, error)
    try:
        if fd is not None and not _acquire(fd, path, timeout):
            os.close(fd)
            fd = None
        _held[path] = 1
        try:
            yield
        finally:
            _held.pop(path, None)
    finally:
        if fd is not None:
            _release(fd)
            os.close(fd)


def _acquire(fd: int, path: str, timeout: float) -> bool:
    """Take the lock (False: this file system has no locks, go on without)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt  # lazy: start-up

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl  # lazy: start-up

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except (BlockingIOError, PermissionError):  # another process holds it
            pass
        except OSError as error:  # ENOLCK, EOPNOTSUPP: a file system without locks
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            _without_lock(path, error)
            return False
        if time.monotonic() > deadline:
            raise WriteRefused(f"another bep process holds the lock {path}; try again when it has finished")
        time.sleep(0.01)


def _without_lock(path: str, error: OSError) -> None:
    """Say that the write goes on without the lock, and what still protects it."""
    sys.stderr.write(
        f"bep: cannot lock {path} ({error.strerror or error}); writing without the lock: the file is "
        "still replaced only if it holds what was read\n"
    )


def _release(fd: int) -> None:
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt  # lazy: start-up

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl  # lazy: start-up

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def check_target(root: Path, name: str, target: Union[str, Path], *, inside: bool = True) -> None:
    """WriteRefused unless `target` lies inside `root` (every symlink resolved; not asked
    when `inside` is False) and, when it exists, is a regular file someone may write."""
    if inside and not is_inside(root, target):
        raise WriteRefused("it leads outside the repository (a symlink, '..' or an absolute path)")
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise WriteRefused(f"cannot write it: {error.strerror or error}") from None
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefused("not a regular file")
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteRefused(f"the file is read-only; make it writable (chmod u+w {name}) and run again")


def read_now(target: Union[str, Path]) -> Optional[bytes]:
    """The bytes of `target` now (None: it does not exist); never blocks on a FIFO."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def replace_file(root: Path, name: str, expected: Optional[bytes], data: bytes, *, inside: bool = True) -> None:
    """Write `data` to the repository file `name` (relative to `root`), atomically.

    `expected` is what the caller read (None: the file must not exist yet). Under the
    repository lock, the file must still hold exactly that; otherwise `Changed` and the
    file is left alone. WriteRefused for a target outside the repository (unless `inside`
    is False: a path the user named on the command line) or read-only.

    The new file is written and synced first, so that only a comparison and a rename
    separate reading the file from replacing it. An editor that writes the file in place
    within those microseconds writes into the old file, which is still open here: it is
    read again after the rename, and if it changed, it is put back and `Changed` raised.
    (An editor takes no lock: a second save within the few milliseconds this takes, on
    top of the first, can still lose the first. `bep` processes never race this way.)
    """
    target = os.path.join(root, name)
    with repository_lock(root):
        check_target(root, name, target, inside=inside)
        real = Path(os.path.realpath(target))
        try:
            temporary = _temporary(real, data)
        except OSError as error:  # a read-only folder, a full disk: the file is left as it was
            raise WriteRefused(f"cannot write it: {error.strerror or error}") from None
        handle = None
        try:
            try:
                handle = open(os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb")
            except FileNotFoundError:
                pass
            if (handle.read() if handle is not None else None) != expected:
                raise Changed("changed while fixing; run again")
            os.replace(temporary, real)
            if handle is not None:
                handle.seek(0)
                after = handle.read()
                if after != expected:  # written in place between the comparison and the rename
                    after = _settled(handle, after)
                    if read_now(real) == data:  # (not over a save made since the rename)
                        _atomic(real, after)
                    raise Changed("changed while fixing; run again")
        except OSError as error:
            raise WriteRefused(f"cannot write it: {error.strerror or error}") from None
        finally:
            if handle is not None:
                handle.close()
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _settled(handle, data: bytes) -> bytes:
    """The old file's bytes once its writer is done: an editor truncates, then writes, so
    they must stay the same for two looks in a row, and an empty file (a truncation whose
    write has not come yet) for two seconds: an editor on a loaded machine can wait that
    long between the two, and its write would go to the file this one replaced."""
    deadline = time.monotonic() + 2.0
    steady = 0
    while time.monotonic() < deadline:
        time.sleep(0.01)
        handle.seek(0)
        again = handle.read()
        if again != data:
            data, steady = again, 0
        elif data:  # the same, and not the empty file of a truncation
            steady += 1
            if steady >= 2:
                break
    return data


def create_file(root: Path, name: str, data: bytes) -> None:
    """Create the repository file `name` with `data`; never overwrites (FileExistsError)."""
    target = os.path.join(root, name)
    folder = os.path.dirname(target)
    if not is_inside(root, folder) or not is_inside(root, target):
        raise WriteRefused("it leads outside the repository (a symlink, '..' or an absolute path)")
    # Written and synced beside it first, then linked into place: the name appears only
    # with all of its bytes (a crash leaves no half-written proposal), and the link fails
    # if the name exists, so nothing is ever overwritten.
    temporary = _temporary(Path(target), data)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: create it exclusively, in place
        with open(target, "xb") as handle:
            handle.write(data)
    finally:
        _remove(temporary)


def _temporary(target: Path, data: bytes) -> str:
    """A synced temporary file beside `target` holding `data`, with `target`'s mode."""
    mode = None
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        pass
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` via a temporary file in the same folder, keeping its mode."""
    temporary = _temporary(target, data)
    try:
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` atomically, keeping its mode (no checks: callers in the
    repository go through `replace_file`, which checks and locks)."""
    _atomic(target, data)
