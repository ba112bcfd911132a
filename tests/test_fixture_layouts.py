"""The layouts of two real repositories, written down (fixtures/neps, fixtures/cips):
`bep check` reports exactly the findings their EXPECTED.md lists, and `bep fix` changes
exactly what it says, once."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LAYOUTS = ["neps", "cips"]


def expected_findings(name):
    """(rule, severity, path, line, column or None) of each row of EXPECTED.md's findings table."""
    text = (FIXTURES / name / "EXPECTED.md").read_text()
    section = text.split("## Findings", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[0].startswith("`"):
            continue
        rule, severity, path, row, column = (cell.strip("`") for cell in cells[:5])
        found.append((rule, severity.split()[0], path, int(row), None if column == "*" else int(column)))
    assert found, f"no findings table in fixtures/{name}/EXPECTED.md"
    return sorted(found, key=str)


def bep(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "bep_hooks", *args, "--root", str(root)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(params=LAYOUTS)
def repository(request, tmp_path):
    root = tmp_path / request.param
    shutil.copytree(FIXTURES / request.param, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return request.param, root


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_check_reports_exactly_the_expected_findings(repository):
    name, root = repository
    result = bep(root, "check", "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    got = sorted(
        ((f["rule"], f["severity"], f["path"], f["line"], f["column"]) for f in findings),
        key=str,
    )
    wanted = expected_findings(name)
    unpinned = {(r, s, p, l) for r, s, p, l, c in wanted if c is None}
    got = sorted(((r, s, p, l, None if (r, s, p, l) in unpinned else c) for r, s, p, l, c in got), key=str)
    assert got == wanted, "\n".join(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}: {f['message']}" for f in findings)


def test_fix_changes_only_what_the_source_of_truth_says_and_only_once(repository):
    name, root = repository
    before = snapshot(root)
    fixable = [f for f in json.loads(bep(root, "check", "--format", "json").stdout) if f["fixable"]]
    assert fixable
    bep(root, "fix")
    after = snapshot(root)
    changed = sorted(path for path in after if after[path] != before.get(path))
    if name == "neps":  # the registry is the source of truth: the documents change
        assert changed == sorted({f["path"] for f in fixable if f["rule"] == "status-mismatch"})
        assert "README.md" not in changed
    else:  # the document is the source of truth: the row changes
        assert changed == ["README.md"]
    for path in changed:
        old, new = before[path].splitlines(keepends=True), after[path].splitlines(keepends=True)
        assert len(old) == len(new)
        differing = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
        assert len(differing) == sum(1 for f in fixable if f["path"] == path or name == "cips"), (path, differing)
        for index in differing:
            assert re.search(rb"Status|\|", new[index]), new[index]
    remaining = {f["rule"] for f in json.loads(bep(root, "check", "--format", "json").stdout) if f["fixable"]}
    assert remaining == set()
    bep(root, "fix")
    assert snapshot(root) == after
