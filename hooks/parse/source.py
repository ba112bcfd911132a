"""Reading a text file once, safely, keeping what is needed to write it back byte for byte.

A file that cannot be read as UTF-8 text (missing permission, binary, invalid UTF-8,
larger than the cap) does not raise: it becomes an `Unreadable` value that the
`file-unreadable` rule reports with the best position we have.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import List, NamedTuple, Optional, Union

BOM = "\ufeff"
MAX_FILE_SIZE = 5 * 1024 * 1024

class Unreadable(NamedTuple):
    path: str
    reason: str
    line: Optional[int] = None
    column: Optional[int] = None


@dataclass
class Source:
    """A decoded text file. `lines` hold no line endings; `text` has no BOM."""

    path: str  # relative to the repository root, with '/' separators
    text: str
    bom: bool = False
    newline: str = "\n"
    lines: List[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, path: str, text: str) -> "Source":
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        return cls(path=path, text=text, bom=bom, newline=detect_newline(text), lines=split_lines(text))

    def line_offsets(self) -> List[int]:
        """Offsets into `text` where each line starts (plus one past the end)."""
        offsets = [0]
        pos = 0
        for line in self.lines:
            pos += len(line)
            if self.text.startswith("\r\n", pos):
                pos += 2
            elif pos < len(self.text):
                pos += 1
            offsets.append(pos)
        return offsets

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def detect_newline(text: str) -> str:
    """The line ending a file uses (its first one); LF when it has none."""
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"


def split_lines(text: str) -> List[str]:
    """Split like CommonMark does (on CRLF, CR and LF only; not on U+2028 and friends)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_source(root: Path, path: str, max_size: int = MAX_FILE_SIZE) -> Union[Source, Unreadable]:
    """Read `path` (relative to `root`) as text, or say why not.

    Never reads outside the repository (a symlink, or `..`, that leaves `root` is not
    followed) and never blocks: a FIFO or device is refused without waiting for a writer.
    """
    target = os.path.join(root, path)
    if not is_inside(root, target):
        return Unreadable(path, "it leads outside the repository (a symlink or '..'); it is not read")
    try:
        data = read_capped(target, max_size)
    except NotRegular as error:
        return Unreadable(path, str(error))
    except OSError as error:
        reason = error.strerror or str(error)
        return Unreadable(path, f"cannot read the file: {reason}")
    return decode_source(path, data, max_size)


class NotRegular(OSError):
    """A FIFO, device or folder: never read (a FIFO would wait for a writer, /dev/zero never ends)."""

    def __init__(self, path: Union[str, Path]):
        super().__init__("not a regular file (a FIFO, device or folder); it is not read")


def read_capped(target: Union[str, Path], max_size: int = MAX_FILE_SIZE) -> bytes:
    """The bytes of a regular file, at most `max_size` + 1 of them (one more shows it is too
    large). Opened without blocking: NotRegular for a FIFO or device, OSError otherwise."""
    fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(target)
        # Ask for the size the file has (one byte more shows it grew): a read of the
        # largest size allowed would allocate, and free, megabytes for every file.
        data = handle.read(min(status.st_size, max_size) + 1)
        if len(data) > status.st_size:  # it is being written to: read on, up to the limit
            data += handle.read(max(max_size + 1 - len(data), 0))
    return data


def read_text_capped(target: Union[str, Path], max_size: int = MAX_FILE_SIZE, errors: str = "strict") -> str:
    """A regular file's UTF-8 text; OSError (with a sentence for the user) when it is not a
    regular file or larger than `max_size`, UnicodeDecodeError when it is not UTF-8."""
    data = read_capped(target, max_size)
    if len(data) > max_size:
        raise OSError(f"larger than {_size(max_size)}; it is not read")
    return data.decode("utf-8", errors)


@lru_cache(maxsize=256)  # a folder is resolved once, not once per file read in it
def _real_folder(path: str) -> str:
    return os.path.realpath(path)


def _realpath(path: str) -> str:
    """os.path.realpath(path), with the folder's resolution cached: when the last name
    is no symlink, resolving it adds only that name (one lstat instead of one per part)."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    return os.path.join(_real_folder(folder), name)


def is_inside(root: Union[str, Path], path: Union[str, Path]) -> bool:
    """Whether `path`, with every symlink resolved, lies inside `root` (or is it)."""
    real_root = _real_folder(os.fspath(root))
    real = _realpath(os.fspath(path))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def decode_source(path: str, data: bytes, max_size: int = MAX_FILE_SIZE) -> Union[Source, Unreadable]:
    if len(data) > max_size:
        return Unreadable(path, f"file is larger than {_size(max_size)} (max-file-size); it is not checked")
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return Unreadable(path, "file contains NUL bytes (binary?); a proposal must be UTF-8 text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return Unreadable(
            path,
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); re-save it as UTF-8",
            line,
            column,
        )
    return Source.from_text(path, text)


def _size(count: int) -> str:
    """5 MB, 64 KB, 1,000 bytes: a size as a person writes it."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale and count % scale == 0:
            return f"{count // scale:,} {unit}"
    return f"{count:,} bytes"
