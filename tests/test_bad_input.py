"""A catalogue of bad input: each is a finding with its file and line, never a traceback,
in bounded time and memory, and nothing outside the repository is ever opened.

Every case runs `bep check` in-process under `bounded()`: a wall-clock alarm (the check
is interrupted, and the test fails, past the limit) and a tracemalloc peak. File-level
problems (too large, unreadable, a symlink loop) have no better position than the file
itself: their findings carry `line: null`, as CONTRACT.md allows (FILE_LEVEL below).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import tracemalloc
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

import pytest

from bep_hooks.parse import source as source_module
from bep_hooks.cli import main

from .conftest import TEMPLATE, proposal, registry_readme, write_tree

FILE_LEVEL = None  # the line of a finding about a whole file
SECONDS = 60  # generous: the slowest case takes a few seconds on a CI core
MEGABYTES = 400

PROPOSAL = "proposals/BEP-1001-app-injection.md"
ROWS = "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Draft |\n"
GOOD_README = registry_readme(ROWS)


class Overtime(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` swallows it."""


@contextlib.contextmanager
def bounded(seconds: float = SECONDS, megabytes: float = MEGABYTES):
    def alarm(signum, frame):
        raise Overtime(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    tracemalloc.start()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < megabytes * 1024 * 1024, f"peak memory {peak / 2**20:.0f} MB"


# -- what the process opens --------------------------------------------------------------

_OPENED: Optional[List[str]] = None


def _audit(event: str, args) -> None:
    if _OPENED is not None and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            _OPENED.append(os.fsdecode(path))


sys.addaudithook(_audit)


@contextlib.contextmanager
def watching_opens():
    """Every path opened, listed or scanned inside the block (an audit hook sees them all)."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def opened_inside(opened: List[str], folder: Path) -> List[str]:
    real = os.path.realpath(folder)
    return [p for p in opened if os.path.realpath(p) == real or os.path.realpath(p).startswith(real + os.sep)]


# -- running a check ---------------------------------------------------------------------


def check(root: Path, *paths: str, seconds: float = SECONDS) -> Tuple[int, List[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    with bounded(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", "--root", str(root), *paths])
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), err.getvalue()
    findings = json.loads(out.getvalue() or "[]")
    assert not [f for f in findings if "internal error" in f["message"]], findings
    return code, findings, err.getvalue()


def where(findings: List[dict]) -> List[Tuple[str, str, Optional[int]]]:
    return [(f["path"], f["rule"], f["line"]) for f in findings]


@pytest.fixture
def repo(tmp_path):
    """repo(files): a small, clean BEP repository with `files` written over it."""

    def make(files: Dict[str, Union[str, bytes]] = {}) -> Path:
        root = tmp_path / "repo"
        (root / ".git").mkdir(parents=True, exist_ok=True)
        tree = {
            "README.md": GOOD_README,
            "proposals/BEP-0000-template.md": TEMPLATE,
            PROPOSAL: proposal("App Injection"),
        }
        tree.update(files)
        return write_tree(root, tree)

    return make


def test_the_clean_repository_has_no_findings(repo):
    assert check(repo()) == (0, [], "")


# -- file contents -----------------------------------------------------------------------

BIG = 5 * 1024 * 1024 + 1
ALIAS_BOMB = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else '"lol"'] * 9) + "]\n" for i in range(9)
)
CONFLICT = "<<<<<<< HEAD\n| 1002 | Mine | A | Draft |\n=======\n| 1002 | Theirs | B | Draft |\n>>>>>>> branch\n"


def _front(*lines: str) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n# App Injection\n"


CASES = {
    # the registry README
    "registry not UTF-8": ({"README.md": GOOD_README.encode().replace(b"Backend.AI", b"Backend\xff")}, ("README.md", "file-unreadable", 2)),
    "registry binary": ({"README.md": b"# BEPs\n\n\x00\x01\x02"}, ("README.md", "file-unreadable", 3)),
    "registry empty": ({"README.md": b""}, ("README.md", "registry-missing", FILE_LEVEL)),
    "registry over the size cap": ({"README.md": b"a" * BIG}, ("README.md", "file-unreadable", FILE_LEVEL)),
    "registry with conflict markers": ({"README.md": registry_readme(ROWS + CONFLICT)}, ("README.md", "registry-malformed", 11)),
    "registry heading twice": (
        {"README.md": GOOD_README + "\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"},
        ("README.md", "registry-malformed", 17),
    ),
    "registry only in a code fence": (
        {"README.md": "# BEPs\n\n```\n" + GOOD_README + "```\n"},
        ("README.md", "registry-missing", FILE_LEVEL),
    ),
    "registry row with a megabyte number cell": (
        {"README.md": registry_readme(ROWS + "| " + "9" * 1_000_000 + " | Big | - | Draft |\n")},
        ("README.md", "registry-number-invalid", 11),
    ),
    "registry link cell built to backtrack": (
        {"README.md": registry_readme(ROWS + "| [1002](" + " " * 200_000 + "x | Slow | - | Draft |\n")},
        ("README.md", "registry-number-invalid", 11),
    ),
    "registry suppression comments built to backtrack": (
        {"README.md": registry_readme(ROWS + "| 1002 | X | - | Nope |\n") + "<!-- bep: ignore " * 60_000 + "\n"},
        ("README.md", "registry-status-unknown", 11),
    ),
    # a proposal
    "proposal not UTF-8": ({PROPOSAL: b"---\nAuthor: Kim\n\xc3\x28\n"}, (PROPOSAL, "file-unreadable", 3)),
    "proposal binary": ({PROPOSAL: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, (PROPOSAL, "file-unreadable", 3)),
    "proposal empty": ({PROPOSAL: b""}, (PROPOSAL, "frontmatter-missing", 1)),
    "proposal over the size cap": ({PROPOSAL: b"# x\n" * (BIG // 4 + 1)}, (PROPOSAL, "file-unreadable", FILE_LEVEL)),
    "front matter not closed": ({PROPOSAL: "---\nAuthor: Kim\nStatus: Draft\n\n# App Injection\n"}, (PROPOSAL, "frontmatter-invalid", 1)),
    "front matter duplicate key": (
        {PROPOSAL: _front("Author: Kim", "Status: Draft", "Created: 2025-01-02", "Status: Accepted")},
        (PROPOSAL, "frontmatter-invalid", 5),
    ),
    "front matter alias bomb": (
        {PROPOSAL: _front("Author: Kim", "Created: 2025-01-02", *ALIAS_BOMB.splitlines(), "Status: *l8")},
        (PROPOSAL, "status-unknown", 13),
    ),
    "front matter is a list": ({PROPOSAL: _front("- Author: Kim", "- Status: Draft")}, (PROPOSAL, "frontmatter-invalid", 2)),
    "front matter is a scalar": ({PROPOSAL: _front("Just a sentence.")}, (PROPOSAL, "frontmatter-invalid", 2)),
    "front matter with tabs": ({PROPOSAL: _front("Author: Kim", "\tStatus: Draft")}, (PROPOSAL, "frontmatter-invalid", 3)),
    "front matter with conflict markers": (
        {PROPOSAL: _front("Author: Kim", "<<<<<<< HEAD", "Status: Draft", "=======", "Status: Accepted", ">>>>>>> b")},
        (PROPOSAL, "frontmatter-invalid", 3),
    ),
    "front matter value of a megabyte": (
        {PROPOSAL: _front("Author: " + "K" * 1_000_000, "Status: Draft")},
        (PROPOSAL, "frontmatter-invalid", 1),
    ),
    "template e-mail built to backtrack": (
        {"proposals/BEP-0000-template.md": TEMPLATE.replace("Your Full Name", "a" * 60_000), PROPOSAL: "# No front matter\n"},
        (PROPOSAL, "frontmatter-missing", 1),
    ),
}


@pytest.mark.parametrize("files, expected", list(CASES.values()), ids=list(CASES))
def test_bad_input_is_a_finding(repo, files, expected):
    code, findings, _ = check(repo(files))
    assert expected in where(findings)
    assert code == 1


def test_conflict_markers_in_a_proposal_body_are_a_finding(repo):
    body = proposal("App Injection").replace("## Motivation\n\nText.\n", "## Motivation\n\n<<<<<<< HEAD\nMine.\n=======\nTheirs.\n>>>>>>> b\n")
    code, findings, _ = check(repo({PROPOSAL: body}))
    conflicts = [f for f in findings if f["path"] == PROPOSAL and f["rule"] == "proposal-conflict"]
    assert code == 1 and [f["line"] for f in conflicts] == [body.splitlines().index("<<<<<<< HEAD") + 1]
    assert "and 2 more marker lines" in conflicts[0]["message"]


def test_a_setext_underline_is_not_a_conflict_marker(repo):
    body = proposal("App Injection").replace("## Motivation\n\nText.\n", "## Motivation\n\nSetext Heading\n=======\n\nText.\n")
    _, findings, _ = check(repo({PROPOSAL: body}))
    assert not [f for f in findings if f["rule"] == "proposal-conflict"]


# -- structure built to be slow ----------------------------------------------------------

DEEP = {
    "lists a thousand deep, one per line": "".join("  " * i + "- x\n" for i in range(1000)) + "\n",
    "lists a thousand deep on one line": "- " * 1000 + "x\n\n",
    "block quotes a thousand deep": ">" * 1000 + " x\n\n",
    "block quotes a thousand deep, one per line": "".join(">" * i + " x\n" for i in range(1, 1001)) + "\n",
    "a megabyte line": "x" * 1_000_000 + "\n\n",
    "a megabyte of pipes": "|" * 1_000_000 + "\n|-|\n\n",
    "a megabyte of brackets": "[" * 1_000_000 + "\n\n",
    "html comments opened a hundred thousand times": "<!--" * 100_000 + "\n\n",
    "emphasis built to backtrack": "*a" * 300_000 + "\n\n",
}


@pytest.mark.parametrize("text", list(DEEP.values()), ids=list(DEEP))
def test_deep_or_huge_structure_in_a_proposal_is_checked_in_bounded_time(repo, text):
    body = proposal("App Injection").replace("## Motivation\n", text + "## Motivation\n")
    code, findings, _ = check(repo({PROPOSAL: body}))
    assert code in (0, 1)
    assert all(f["path"] == PROPOSAL and f["line"] for f in findings), findings


@pytest.mark.parametrize("text", list(DEEP.values()), ids=list(DEEP))
def test_deep_or_huge_structure_before_the_registry_is_checked_in_bounded_time(repo, text):
    code, findings, _ = check(repo({"README.md": registry_readme(ROWS, before=text)}))
    assert code in (0, 1)
    assert all(f["path"] == "README.md" for f in findings), findings


# -- files that are not plain files ------------------------------------------------------


def test_a_proposal_that_is_a_symlink_loop_is_a_finding(repo):
    root = repo()
    (root / PROPOSAL).unlink()
    (root / PROPOSAL).symlink_to(Path(PROPOSAL).name)
    code, findings, _ = check(root)
    assert (PROPOSAL, "file-unreadable", FILE_LEVEL) in where(findings)
    assert "symbolic links" in next(f["message"] for f in findings if f["rule"] == "file-unreadable")


def test_a_registry_that_is_a_symlink_loop_is_a_finding(repo):
    root = repo()
    (root / "README.md").unlink()
    (root / "README.md").symlink_to("README.md")
    code, findings, _ = check(root)
    assert code == 1 and ("README.md", "registry-missing", FILE_LEVEL) in where(findings)


def test_a_proposals_folder_that_is_a_symlink_loop_is_checked_in_bounded_time(repo, tmp_path):
    root = repo()
    (root / "drafts").symlink_to("drafts")
    code, findings, _ = check(root)
    assert code == 0 and findings == []


def _deny_open(monkeypatch, denied: Path):
    """Simulate a file without read permission (tests run as root, who may read anything)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if os.path.realpath(path) == os.path.realpath(denied):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(source_module.os, "open", fake_open)


@pytest.mark.parametrize("path, rule", [(PROPOSAL, "file-unreadable"), ("README.md", "file-unreadable")])
def test_a_file_without_read_permission_is_a_finding(repo, monkeypatch, path, rule):
    root = repo()
    _deny_open(monkeypatch, root / path)
    code, findings, _ = check(root)
    assert code == 1
    assert (path, rule, FILE_LEVEL) in where(findings)
    assert "cannot read the file: Permission denied" in [f["message"] for f in findings if f["path"] == path]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file; covered by the test above")
def test_a_file_without_read_permission_for_real(repo):
    root = repo()
    os.chmod(root / PROPOSAL, 0)
    code, findings, _ = check(root)
    assert (PROPOSAL, "file-unreadable", FILE_LEVEL) in where(findings)


def test_a_fifo_is_refused_without_waiting_for_a_writer(repo):
    root = repo({".bep.yaml": "registry-file: registry.md\n"})
    os.mkfifo(root / "registry.md")
    code, findings, _ = check(root, seconds=20)
    assert code == 1
    assert ("registry.md", "file-unreadable", FILE_LEVEL) in where(findings)


# -- never outside the repository --------------------------------------------------------


@pytest.fixture
def outside(tmp_path):
    """A folder beside the repository, holding what a malicious pull request would love to print."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text("---\nAuthor: SECRET\n---\n# SECRET\n")
    (folder / "BEP-1002-secret.md").write_text("# SECRET\n")
    (folder / "BEP-0000-template.md").write_text(TEMPLATE)
    return folder


def test_registry_links_out_of_the_repository_are_reported_and_never_followed(repo, outside):
    rows = (
        ROWS
        + "| [1002](../../etc/passwd) | Up and out | - | Draft |\n"
        + f"| [1003]({outside / 'secret.md'}) | Absolute | - | Draft |\n"
        + "| [1004](proposals/escape/secret.md) | Through a symlink | - | Draft |\n"
        + "| [1005](<../outside/secret.md>) | Angle brackets | - | Draft |\n"
    )
    root = repo({"README.md": registry_readme(rows)})
    (root / "proposals/escape").symlink_to(outside)
    with watching_opens() as opened:
        code, findings, _ = check(root)
    assert code == 1
    broken = [(f["line"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"]
    assert [line for line, _ in broken] == [11, 12, 13, 14]
    assert all("points outside the repository" in message for _, message in broken)
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"
    assert "SECRET" not in json.dumps(findings)


def test_a_proposal_linking_out_of_the_repository_is_reported_and_never_read(repo, outside):
    root = repo()
    (root / "proposals/BEP-1002-secret.md").symlink_to(outside / "secret.md")
    with watching_opens() as opened:
        code, findings, _ = check(root)
    assert ("proposals/BEP-1002-secret.md", "file-unreadable", FILE_LEVEL) in where(findings)
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"
    assert "SECRET" not in json.dumps(findings)


def test_a_registry_linking_out_of_the_repository_is_reported_and_never_read(repo, outside):
    root = repo()
    (root / "README.md").unlink()
    (root / "README.md").symlink_to(outside / "secret.md")
    with watching_opens() as opened:
        code, findings, _ = check(root)
    assert code == 1 and ("README.md", "file-unreadable", FILE_LEVEL) in where(findings)
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"


def test_a_proposals_folder_linking_out_of_the_repository_is_never_listed(tmp_path, outside):
    root = write_tree(tmp_path / "repo", {".git/HEAD": "", "README.md": GOOD_README})
    (root / "proposals").symlink_to(outside)
    with watching_opens() as opened:
        code, findings, _ = check(root)
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"
    assert "SECRET" not in json.dumps(findings)


def test_a_configuration_file_linking_out_of_the_repository_is_refused_unread(repo, outside, capsys):
    root = repo()
    (root / ".bep.yaml").symlink_to(outside / "secret.md")
    with watching_opens() as opened, bounded():
        code = main(["check", "--root", str(root)])
    captured = capsys.readouterr()
    assert code == 2
    assert "a symlink that leads outside the repository" in captured.err
    assert "SECRET" not in captured.out + captured.err
    assert opened_inside(opened, outside) == []


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("registry-file: ../outside/secret.md", 1),  # file-unreadable: it leads outside
        ("proposals-dir: ../outside", 0),  # never listed: no proposals to check
        ("template: ../../outside/secret.md", 1),  # never read; BEP-0000-template.md is then a document
        ("baseline: ../outside/secret.md", 2),  # a usage error
    ],
)
def test_settings_that_lead_out_of_the_repository_are_never_followed(repo, outside, capsys, setting, expected):
    root = repo({".bep.yaml": setting + "\n"})
    with watching_opens() as opened, bounded():
        code = main(["check", "--format", "json", "--root", str(root)])
    captured = capsys.readouterr()
    assert code == expected, captured.out + captured.err
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"
    assert "SECRET" not in captured.out + captured.err


def test_a_baseline_linking_out_of_the_repository_is_refused_unread(repo, outside, capsys):
    root = repo()
    (root / ".bep-baseline.json").symlink_to(outside / "secret.md")
    with watching_opens() as opened, bounded():
        code = main(["check", "--root", str(root)])
    captured = capsys.readouterr()
    assert code == 2 and "leads outside the repository" in captured.err
    assert opened_inside(opened, outside) == []
    assert opened_inside(opened, root), "the audit hook saw nothing: it is not watching"


BOMB_VALUE = "[" + ", ".join(
    f"&l{i} [" + ", ".join([f"*l{i - 1}" if i else '"lol"'] * 9) + "]" for i in range(9)
) + "]"  # nine levels of nine: 387 million strings once expanded


@pytest.mark.parametrize(
    "setting",
    ["statuses", "table-style", "number-width", "prefix", "registry-file", "severity", "section-aliases", "per-file-ignores"],
)
def test_a_configuration_alias_bomb_is_a_short_usage_error(repo, capsys, setting):
    value = BOMB_VALUE if setting not in ("severity", "section-aliases", "per-file-ignores") else f"{{registry-format: {BOMB_VALUE}}}"
    root = repo({".bep.yaml": f"{setting}: {value}\n"})
    with bounded(seconds=20, megabytes=100):
        code = main(["check", "--root", str(root)])
    captured = capsys.readouterr()
    assert code == 2
    assert f"setting '{setting}'" in captured.err
    assert len(captured.err) < 2000, captured.err[:300]


# -- commit messages (the bep-title hook) ------------------------------------------------

MESSAGES = {
    "thousands of digits": ("BEP-" + "9" * 5000 + " (new): Summary\n").encode(),
    "a megabyte of spaces": ("BEP-1001 (new): x" + " " * 1_000_000 + "y (#12)\n").encode(),
    "a prefix and a megabyte of spaces": ("BEP" + " " * 1_000_000 + "x\n").encode(),
    "numbers by the ten thousand": ("BEP-1001" + ", 1002" * 20_000 + " (new): x\n").encode(),
    "not UTF-8": b"BEP-1001 (new): \xff\xfe broken\n",
    "binary": b"\x00\x01\x02\x03",
    "empty": b"",
}


@pytest.mark.parametrize("message", list(MESSAGES.values()), ids=list(MESSAGES))
def test_bad_commit_messages_are_findings_in_bounded_time(repo, capsys, message):
    root = repo()
    (root / ".git" / "COMMIT_EDITMSG").write_bytes(message)
    with bounded():
        code = main(["title", "--root", str(root), "--format", "json", "--file", str(root / ".git" / "COMMIT_EDITMSG")])
    captured = capsys.readouterr()
    assert code in (0, 1) and "internal error" not in captured.out + captured.err, captured.err[:500]
    findings = json.loads(captured.out or "[]")
    assert all(f["path"] == ".git/COMMIT_EDITMSG" and f["line"] == 1 for f in findings), findings
    assert len(captured.out) < 3 * len(message) + 10_000  # output stays proportional to the input


# -- our own bugs: a line on stderr, never a traceback -----------------------------------


def test_a_crashing_rule_is_one_finding_and_the_other_rules_still_report(repo, monkeypatch):
    from bep_hooks.rules.catalogue import RULES

    def crash(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(RULES, "registry-format", RULES["registry-format"]._replace(check=crash))
    root = repo({"README.md": registry_readme(ROWS + "| 1002 | X | - | Nope |\n")})
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", "--root", str(root)])
    findings = json.loads(out.getvalue())
    assert code == 1 and "Traceback" not in err.getvalue()
    assert ("registry-format", "internal error in rule registry-format: RuntimeError: boom (please report this)") in [
        (f["rule"], f["message"]) for f in findings
    ]
    assert ("README.md", "registry-status-unknown", 11) in where(findings)


def test_a_crash_outside_the_rules_is_one_line_and_exit_2(repo, capsys, monkeypatch):
    from bep_hooks import engine

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "check", crash)
    assert main(["check", "--root", str(repo())]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "bep: internal error: RuntimeError: boom (please report this)\n"


def test_python_dash_m_hooks_is_the_bep_command(repo, capsys, monkeypatch):
    import runpy

    root = repo()
    monkeypatch.setattr(sys, "argv", ["bep", "check", "--root", str(root)])
    with pytest.raises(SystemExit) as done:
        runpy.run_module("bep_hooks", run_name="__main__")
    assert done.value.code == 0
    assert capsys.readouterr() == ("", "")


# -- writing: every write is safe (issue 11) ---------------------------------------------
#
# Races run real `bep` processes, started together and repeated: on the code before the
# one writer (hooks/write.py) each of them lost an update in most rounds.

import subprocess  # noqa: E402

ROUNDS = 6
UNFORMATTED = registry_readme("|[1001](proposals/BEP-1001-app-injection.md)|App Injection|Joongi Kim|Draft|\n")


def bep_process(root: Path, *args: str) -> "subprocess.Popen[str]":
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bep_hooks", *args, "--root", str(root)] if args[0] != "new" else [sys.executable, "-m", "bep_hooks", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(process: "subprocess.Popen[str]", seconds: float = 60) -> Tuple[int, str, str]:
    out, err = process.communicate(timeout=seconds)
    assert "Traceback" not in err and "internal error" not in err, err
    return process.returncode, out, err


def registry_rows(root: Path) -> List[str]:
    return [line for line in (root / "README.md").read_text().splitlines() if line.startswith("|")]


def test_two_bep_new_started_together_reserve_two_numbers(repo):
    for round_ in range(ROUNDS):
        root = repo()
        if round_:  # (a fresh repository each round)
            for name in os.listdir(root / "proposals"):
                if name not in ("BEP-0000-template.md", "BEP-1001-app-injection.md"):
                    os.unlink(root / "proposals" / name)
            (root / "README.md").write_text(GOOD_README)
        first = bep_process(root, "new", "First Idea", "--author", "A")
        second = bep_process(root, "new", "Second Idea", "--author", "B")
        results = [finish(first), finish(second)]
        assert [code for code, _, _ in results] == [0, 0], results
        paths = sorted(out.strip() for _, out, _ in results)
        numbers = sorted(path.split("-")[1] for path in paths)
        assert numbers == ["1002", "1003"], (round_, paths)
        rows = registry_rows(root)
        assert sum("First Idea" in row for row in rows) == 1 and sum("Second Idea" in row for row in rows) == 1, rows
        assert check(root)[0] == 0


def test_bep_new_and_bep_fix_started_together_keep_the_reservation(repo):
    for round_ in range(ROUNDS):
        root = repo({"README.md": UNFORMATTED})
        for name in os.listdir(root / "proposals"):
            if name not in ("BEP-0000-template.md", "BEP-1001-app-injection.md"):
                os.unlink(root / "proposals" / name)
        new = bep_process(root, "new", "Storage Quotas", "--author", "Kim")
        fix = bep_process(root, "fix", "--quiet")
        code, out, err = finish(new)
        fixed = finish(fix)
        assert code == 0, err
        assert fixed[0] in (0, 1)
        assert any("Storage Quotas" in row for row in registry_rows(root)), (round_, (root / "README.md").read_text(), fixed)
        if "changed while fixing; run again" in fixed[2]:
            assert finish(bep_process(root, "fix", "--quiet"))[0] in (0, 1)
        assert any("Storage Quotas" in row for row in registry_rows(root))
        assert check(root)[0] == 0


EDITOR = r"""
import sys, time
path, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    # an editor that saves in place: the table unformatted again, one more line of prose
    text = text.replace("| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Draft |",
                        "| [1001](proposals/BEP-1001-app-injection.md) |App Injection|Joongi Kim|Draft|")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + f"edit {i}\n")
    time.sleep(0.004)
"""


def test_an_editor_saving_while_bep_fix_runs_loses_nothing(repo, tmp_path):
    root = repo({"README.md": UNFORMATTED})
    editor_script = tmp_path / "editor.py"
    editor_script.write_text(EDITOR)
    edits = 400
    editor = subprocess.Popen([sys.executable, str(editor_script), str(root / "README.md"), str(edits)])
    runs = 0
    while editor.poll() is None:
        code, out, err = finish(bep_process(root, "fix", "--quiet"))
        assert code in (0, 1), err
        runs += 1
    assert editor.wait() == 0 and runs >= 3
    text = (root / "README.md").read_text()
    lost = [i for i in range(edits) if f"edit {i}\n" not in text]
    assert lost == [], f"{len(lost)} of the editor's saves lost over {runs} runs of bep fix"


def test_the_write_lock_lives_in_the_git_directory(tmp_path):
    root = tmp_path / "real"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write_tree(root, {"README.md": UNFORMATTED, "proposals/BEP-0000-template.md": TEMPLATE, PROPOSAL: proposal("App Injection")})
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    assert finish(bep_process(root, "fix", "--quiet"))[0] == 1
    assert finish(bep_process(root, "new", "Quotas", "--author", "Kim"))[0] == 0
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--ignored"], capture_output=True, text=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == ["README.md", "proposals/BEP-1002-quotas.md"]
    assert (root / ".git" / "bep.lock").exists()


@pytest.mark.parametrize(
    "setting, link",
    [
        ("", True),  # .bep-baseline.json is a symlink out of the repository
        ("baseline: ../outside/baseline.json\n", False),
        ("baseline: {outside}/baseline.json\n", False),  # an absolute setting
    ],
)
def test_bep_baseline_never_writes_outside_the_repository(repo, outside, capsys, setting, link):
    root = repo({".bep.yaml": setting.format(outside=outside)})
    (outside / "baseline.json").write_text("precious\n")
    if link:
        (root / ".bep-baseline.json").symlink_to(outside / "baseline.json")
    with bounded():
        code = main(["baseline", "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 2 and "leads outside the repository" in err, err
    assert (outside / "baseline.json").read_text() == "precious\n"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_bep_baseline_and_fix_with_a_file_name_that_is_not_utf8(repo, capsys):
    root = repo({"README.md": registry_readme(ROWS + "| [1002](proposals/BEP-1002-old.md) | B | - | Draft |\n")})
    os.rename(root / PROPOSAL, os.path.join(os.fsencode(root), b"proposals/BEP-1001-app-injection.md"))
    with open(os.path.join(os.fsencode(root), b"proposals/BEP-1002-\xff.md"), "wb") as handle:
        handle.write(proposal("B").encode())
    (root / ".bep-baseline.json").write_text('{"version": 1, "findings": []}\n')
    with bounded():
        assert main(["baseline", "--root", str(root)]) == 0
        data = (root / ".bep-baseline.json").read_bytes()
        assert len(data) > 40 and b"\\udcff" in data, data
        data.decode("utf-8")  # the baseline stays UTF-8 text
        assert main(["check", "--root", str(root)]) == 0  # every finding is recorded, the name included
        assert main(["fix", "--root", str(root)]) == 0  # the link cannot be fixed: the row stays as it was
        capsys.readouterr()
        assert main(["check", "--root", str(root), "--no-baseline"]) == 1
    captured = capsys.readouterr()
    assert "internal error" not in captured.err + captured.out
    assert "BEP-1002-\\xff.md" in captured.out and "rename the document" in captured.out, captured.out
    assert "registry-link-broken" in captured.out
    assert "BEP-1002-old.md" in (root / "README.md").read_text()


@pytest.mark.parametrize("setting", ["proposals-dir: ../outside\n", "proposals-dir: {outside}\n", "symlink"])
def test_bep_new_never_creates_a_document_outside_the_repository(repo, outside, capsys, setting):
    files = {".bep.yaml": setting.format(outside=outside)} if setting != "symlink" else {}
    root = repo(files)
    if setting == "symlink":
        for name in os.listdir(root / "proposals"):
            os.unlink(root / "proposals" / name)
        os.rmdir(root / "proposals")
        (root / "proposals").symlink_to(outside)
    os.unlink(outside / "BEP-0000-template.md")  # (no template to read: bep new wrote a default document there)
    before = sorted(os.listdir(outside))
    readme = (root / "README.md").read_bytes()
    with bounded():
        code = main(["new", "--root", str(root), "Secret Plan", "--author", "Kim"])
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err, err
    assert sorted(os.listdir(outside)) == before
    assert (root / "README.md").read_bytes() == readme


NAMES = {
    "pipe": "BEP-1001-a|b.md",
    "parenthesis": "BEP-1001-a)b.md",
    "space and >": "BEP-1001-a b>c.md",
    "backslash": "BEP-1001-a\\-b.md",
    "percent, hash and ampersand": "BEP-1001-50%#1&2.md",
    "< and (": "BEP-1001-<a(b.md",
}


@pytest.mark.parametrize("name", list(NAMES.values()), ids=list(NAMES))
def test_the_link_fixer_writes_a_link_that_leads_to_the_document(repo, name, capsys):
    from markdown_it import MarkdownIt
    from urllib.parse import unquote

    root = repo({"README.md": GOOD_README.replace("BEP-1001-app-injection.md", "BEP-1001-old.md")})
    os.rename(root / PROPOSAL, root / "proposals" / name)
    with bounded():
        assert main(["fix", "--quiet", "--root", str(root)]) == 1
        first = (root / "README.md").read_bytes()
        assert main(["fix", "--quiet", "--root", str(root)]) == 0  # settled
    assert (root / "README.md").read_bytes() == first
    code, findings, _ = check(root)
    assert (code, findings) == (0, []), findings
    tokens = MarkdownIt("commonmark").enable("table").parse(first.decode())
    hrefs = [t.attrs["href"] for token in tokens if token.type == "inline" for t in token.children or [] if t.type == "link_open"]
    assert [unquote(h) for h in hrefs] == [f"proposals/{name}"], hrefs  # (what a browser asks for)
    capsys.readouterr()


def test_a_document_name_with_a_carriage_return_never_reaches_the_readme(repo, capsys):
    root = repo({"README.md": GOOD_README.replace("BEP-1001-app-injection.md", "BEP-1001-old.md")})
    os.rename(root / PROPOSAL, root / "proposals" / "BEP-1001-a\rb.md")
    with bounded():
        main(["fix", "--quiet", "--root", str(root)])
        first = (root / "README.md").read_bytes()
        main(["fix", "--quiet", "--root", str(root)])
    assert b"\r" not in first and (root / "README.md").read_bytes() == first
    capsys.readouterr()


def test_a_status_with_a_pipe_keeps_the_row_whole(repo, capsys):
    root = repo({".bep.yaml": "statuses: [Draft, On|Hold]\n", PROPOSAL: proposal("App Injection", status="On|Hold")})
    with bounded():
        assert main(["fix", "--quiet", "--root", str(root)]) == 1
        first = (root / "README.md").read_text()
        assert main(["fix", "--quiet", "--root", str(root)]) == 0
    assert "| On\\|Hold |" in first
    assert check(root)[:2] == (0, [])
    capsys.readouterr()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0, reason="also run as a normal user below")
def test_a_read_only_readme_is_never_rewritten_even_by_root(repo, capsys):
    _read_only_case(repo, capsys)


def test_a_read_only_readme_is_never_rewritten(repo, capsys):
    _read_only_case(repo, capsys)


def _read_only_case(repo, capsys):
    from bep_hooks import format_registry

    root = repo({"README.md": UNFORMATTED})
    os.chmod(root / "README.md", 0o444)
    with bounded():
        assert format_registry.main(["--root", str(root)]) == 1
        assert main(["fix", "--quiet", "--root", str(root)]) == 1
        assert main(["new", "--root", str(root), "Quotas", "--author", "Kim"]) == 2
    err = capsys.readouterr().err
    assert "README.md: not fixed: the file is read-only" in err
    assert (root / "README.md").read_text() == UNFORMATTED
    assert sorted(os.listdir(root / "proposals")) == ["BEP-0000-template.md", "BEP-1001-app-injection.md"]


def test_bep_new_refuses_a_title_that_reads_as_a_skipped_number(repo, capsys):
    root = repo()
    with bounded():
        assert main(["new", "--root", str(root), "(skipped)", "--author", "Kim", "--slug", "x"]) == 2
    assert "skipped" in capsys.readouterr().err
    assert (root / "README.md").read_text() == GOOD_README
    assert check(root)[0] == 0


def test_a_table_with_mixed_line_endings_check_and_fix_agree(repo, capsys):
    text = GOOD_README.replace("|--------|--------|\n", "|--------|--------|\r\n").encode()
    root = repo({"README.md": text})
    code, findings, _ = check(root)
    with bounded():
        fixed = main(["fix", "--quiet", "--root", str(root)])
    changed = (root / "README.md").read_bytes() != text
    assert (fixed == 1) == changed == any(f["fixable"] for f in findings), (fixed, changed, findings)
    capsys.readouterr()


def test_a_registry_with_conflict_markers_is_one_finding(repo):
    code, findings, _ = check(repo({"README.md": registry_readme(ROWS + CONFLICT)}))
    assert code == 1
    assert where(findings) == [("README.md", "registry-malformed", 11)]
    assert "merge conflict markers" in findings[0]["message"]


# -- reading: capped, never waiting, user patterns under a time limit ----------------------


def test_a_message_file_that_never_ends_is_refused(repo):
    code, out, err = finish(bep_process(repo(), "title", "--file", "/dev/zero"), seconds=20)
    assert code == 2 and "not a regular file" in err


def test_a_configuration_fifo_is_refused_without_waiting(repo, tmp_path):
    os.mkfifo(tmp_path / "config.yaml")
    code, out, err = finish(bep_process(repo(), "check", "--config", str(tmp_path / "config.yaml")), seconds=20)
    assert code == 2 and "not a regular file" in err


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$", "(a|a)*b"])
def test_a_title_pattern_that_backtracks_is_bounded(repo, pattern, capsys):
    root = repo({".bep.yaml": f"title-pattern: '{pattern}'\ntitle-required: true\n"})
    with bounded(seconds=15):
        code = main(["title", "--root", str(root), "a" * 40 + "!"])
    err = capsys.readouterr().err
    assert code in (1, 2), err
    if code == 2:
        assert "title-pattern" in err and "took more than" in err


ESCAPES = "\x1b[2J\x1b[H\x1b]0;owned\x07\r"


def test_control_characters_from_the_repository_are_escaped_in_text_output(repo, capsys):
    root = repo({"README.md": registry_readme(ROWS + f"| 1002 | Evil{ESCAPES} | - | Nope |\n")})
    with bounded():
        main(["check", "--root", str(root), "--show-source"])
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in printed), repr(printed)
    assert "\\x1b[2J" in printed


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse some of these names")
def test_github_annotations_name_only_files_that_exist(repo, capsys):
    names = ["BEP-1002-a,b:c%d.md", "BEP-1003-x\ny.md", "BEP-1004-e\x1bf.md"]
    root = repo({f"proposals/{name}": "# no front matter\n" for name in names})
    with bounded():
        assert main(["check", "--root", str(root), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    files = set()
    for line in lines:
        assert line.startswith(("::error ", "::warning ")), line
        properties, _, message = line.partition(" ")[2].partition("::")
        for part in properties.split(","):
            key, _, value = part.partition("=")
            assert key in ("file", "line", "col", "title"), line
            if key == "file":
                value = value.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
                assert (root / value).exists(), value
                files.add(value)
        assert "\x1b" not in message and "\n" not in message
    assert f"proposals/{names[0]}" in files
    assert any("BEP-1004-e\\x1bf.md" in line and "file=" not in line for line in lines)
