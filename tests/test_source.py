"""Reading a file once: line endings, lines, offsets, BOM, and the reasons a file is not read;
and the one definition of git's conflict markers, which every reader uses.

Pinned by mutation testing (mutation/README.md): each assertion here failed a mutant
that the rest of the suite let survive.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from bep_hooks.parse.source import Source, Unreadable, decode_source, detect_newline, is_inside, read_source, split_lines
from bep_hooks.write import write_atomic

from bep_hooks.config import Config
from bep_hooks.parse.frontmatter import parse_front_matter
from bep_hooks.parse.proposal import conflict_markers
from bep_hooks.parse.registry import parse_registry
from bep_hooks.parse.table import CONFLICT_MARKER

from .conftest import registry_readme


@pytest.mark.parametrize(
    "text, newline",
    [
        ("a\nb\r\n", "\n"),
        ("a\r\nb\n", "\r\n"),
        ("a\rb\r", "\r"),
        ("a", "\n"),
        ("", "\n"),
        ("\nb\r", "\n"),  # the first line ending is LF, at offset 0
        ("a\rb\n", "\n"),  # a lone CR before the first LF is text
    ],
)
def test_the_first_line_ending_is_the_files(text, newline):
    assert detect_newline(text) == newline


def test_lines_split_on_crlf_cr_and_lf_only():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []
    assert split_lines("a\u2028b\x85c\x0cd") == ["a\u2028b\x85c\x0cd"]


def test_line_offsets_step_over_each_line_ending():
    assert Source.from_text("f", "ab\r\ncd\ne\rf").line_offsets() == [0, 4, 7, 9, 10]
    assert Source.from_text("f", "ab\n").line_offsets() == [0, 3]
    assert Source.from_text("f", "").line_offsets() == [0]


def test_a_bom_is_kept_apart_and_written_back():
    source = Source.from_text("f", "\ufeffa\r\n")
    assert (source.bom, source.text, source.newline, source.lines) == (True, "a\r\n", "\r\n", ["a"])
    assert source.encode("b\r\n") == b"\xef\xbb\xbfb\r\n"
    assert Source.from_text("f", "a\n").encode("b") == b"b"


def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_not(tmp_path):
    (tmp_path / "ok.md").write_bytes(b"a" * 1024)
    (tmp_path / "big.md").write_bytes(b"a" * 1025)
    assert isinstance(read_source(tmp_path, "ok.md", max_size=1024), Source)
    assert read_source(tmp_path, "big.md", max_size=1024) == Unreadable(
        "big.md", "file is larger than 1 KB (max-file-size); it is not checked"
    )


@pytest.mark.parametrize(
    "size, shown", [(5 * 1024 * 1024, "5 MB"), (2048, "2 KB"), (1536, "1,536 bytes"), (1000, "1,000 bytes")]
)
def test_the_limit_is_said_as_a_person_writes_it(size, shown):
    assert decode_source("f", b"a" * (size + 1), max_size=size).reason == (
        f"file is larger than {shown} (max-file-size); it is not checked"
    )


def test_nul_bytes_and_invalid_utf8_are_located():
    assert decode_source("f", b"a\nb\0") == Unreadable(
        "f", "file contains NUL bytes (binary?); a proposal must be UTF-8 text", 2
    )
    assert decode_source("f", b"a\nbc\xff") == Unreadable(
        "f", "file is not valid UTF-8 (byte 0xff); re-save it as UTF-8", 2, 3
    )
    assert decode_source("f", b"\xc3") == Unreadable("f", "file is not valid UTF-8 (byte 0xc3); re-save it as UTF-8", 1, 1)


def test_what_is_not_a_regular_file_inside_the_repository_is_not_read(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "outside.md").write_text("x")
    (root / "link.md").symlink_to(tmp_path / "outside.md")
    (root / "folder").mkdir()
    os.mkfifo(root / "pipe")
    assert read_source(root, "link.md").reason.startswith("it leads outside the repository")
    assert read_source(root, "../outside.md").reason.startswith("it leads outside the repository")
    assert read_source(root, "pipe").reason == "not a regular file (a FIFO, device or folder); it is not read"
    assert read_source(root, "folder").reason == "cannot read the file: Is a directory"
    assert read_source(root, "none.md") == Unreadable("none.md", "cannot read the file: No such file or directory")


def test_inside_means_the_root_or_below_it_not_a_sibling_sharing_its_name(tmp_path):
    root = tmp_path / "repo"
    (root / "a").mkdir(parents=True)
    (tmp_path / "repo2").mkdir()
    assert is_inside(root, root) and is_inside(root, root / "a") and is_inside(root, root / "a" / ".")
    assert not is_inside(root, tmp_path / "repo2") and not is_inside(root, root / "..")
    (root / "up").symlink_to(tmp_path)
    assert not is_inside(root, root / "up")


def test_write_atomic_replaces_the_file_keeps_its_mode_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "README.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomic(target, b"new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    fresh = tmp_path / "new.md"
    write_atomic(fresh, b"x")
    assert fresh.read_bytes() == b"x"


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "README.md"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


# -- conflict markers: one definition ---------------------------------------------------

MARKERS = ["<<<<<<< HEAD", "<<<<<<<", "|||||||\tbase", "=======", ">>>>>>> branch"]
NOT_MARKERS = ["<<<<<<<<", "========", "=======x", ">>>>>>>>", "<<<<<< HEAD", " <<<<<<< HEAD"]


@pytest.mark.parametrize("line", MARKERS)
def test_a_marker_is_one_to_every_reader(line):
    assert CONFLICT_MARKER.match(line)
    opened = ["<<<<<<< HEAD"] if not line.startswith("<") else []
    assert conflict_markers([*opened, line]) == tuple(range(1, len(opened) + 2))
    registry = parse_registry(Source.from_text("README.md", registry_readme(f"{line}\n| 1000 | A | - | Draft |\n")), Config())
    assert registry.conflicted
    front = parse_front_matter(["---", "Status: Draft", line, "---"])
    assert front is not None and front.error is not None and "conflict" in front.error.message


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_a_near_miss_is_none_to_every_reader(line):
    assert not CONFLICT_MARKER.match(line)
    assert conflict_markers(["<<<<<<< HEAD", line]) == (1,)
    registry = parse_registry(Source.from_text("README.md", registry_readme(f"{line}\n| 1000 | A | - | Draft |\n")), Config())
    assert not registry.conflicted


def test_no_other_module_writes_its_own_marker_pattern():
    package = Path(__file__).resolve().parent.parent / "hooks"
    code = {p: "\n".join(l for l in p.read_text().splitlines() if not l.lstrip().startswith(('"""', "`"))) for p in package.rglob("*.py")}
    own = [p.name for p, text in code.items() if p.name != "table.py" and re.search(r"\{7\}|[\"']<{7}", text)]
    assert own == []


def test_a_crlf_file_whose_first_line_is_empty_is_crlf():
    assert detect_newline("\r\n# Title\r\n") == "\r\n"
    assert detect_newline("\n# Title\r\n") == "\n"


def test_where_a_file_is_unreadable_counts_a_leading_empty_line():
    nul = decode_source("x.md", b"\nabc\x00def\n")
    assert isinstance(nul, Unreadable) and nul.line == 2
    bad = decode_source("x.md", b"\n\xffabc\n")
    assert isinstance(bad, Unreadable) and (bad.line, bad.column) == (2, 1)
    assert "byte 0xff" in bad.reason


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path):
    from bep_hooks.parse.source import read_text_capped

    target = tmp_path / "big.md"
    target.write_bytes(b"x" * 11)
    assert read_text_capped(target, 11) == "x" * 11
    with pytest.raises(OSError, match="^larger than "):
        read_text_capped(target, 10)
