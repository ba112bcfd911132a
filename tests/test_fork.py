"""A fork of the process (fixtures/fork): prefix XEP, three-digit numbers, its own statuses,
registry, folder, sections and title kinds, all from its .bep.yaml, with no code change."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from .gitrepo import commit_all, init

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fork"


@pytest.fixture
def fork(tmp_path):
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, symlinks=True)
        return target

    return copy


def findings(bep, root, *args):
    code, out, _ = bep("check", "--root", str(root), "--format", "json", *args)
    return code, [(f["rule"], f["path"], f["line"]) for f in json.loads(out or "[]")]


def test_the_clean_fork_passes(fork, bep):
    root = fork("clean")
    assert bep("check", "--root", str(root)) == (0, "", "")


def test_the_broken_fork_fails_on_its_own_terms(fork, bep):
    root = fork("broken")
    code, found = findings(bep, root)
    assert code == 1
    expected = {
        ("registry-status-unknown", "xeps/README.md", 13),  # Draft is no XEP status
        ("registry-number-invalid", "xeps/README.md", 14),  # 1050 has four digits
        ("status-unknown", "xeps/XEP-103-event-bus.md", 3),
        ("section-missing", "xeps/XEP-103-event-bus.md", 16),  # Design (or its alias Specification)
        ("status-requirement", "xeps/XEP-100-plugin-loader.md", 3),  # Done needs Target-Release
        ("proposal-duplicate", "xeps/XEP-101-config-retry.md", 1),
        ("proposal-filename", "xeps/XEP-1005-too-wide.md", 1),
    }
    assert expected <= set(found)
    # the upstream BEP process's files mean nothing here; the alias Specification counts as Design
    assert not [f for f in found if "BEP-1000" in f[1] or f[1] == "xeps/XEP-101-config-schema.md" and f[0] == "section-missing"]


def test_the_fork_reserves_three_digit_numbers(fork, bep):
    root = fork("clean")
    assert bep("next", "--root", str(root)) == (0, "104\n", "")
    code, out, _ = bep("new", "--root", str(root), "Metrics Export", "--author", "Ana Lee (ana@example.org)")
    assert code == 0 and out == "xeps/XEP-104-metrics-export.md\n"
    document = (root / "xeps/XEP-104-metrics-export.md").read_text()
    assert document.startswith(
        f"---\nAuthor: Ana Lee (ana@example.org)\nStatus: Proposed\nCreated: {datetime.date.today().isoformat()}\n---\n\n# Metrics Export\n"
    )
    assert "| [104](XEP-104-metrics-export.md) | Metrics Export" in (root / "xeps/README.md").read_text()
    assert bep("check", "--root", str(root)) == (0, "", "")


def test_the_fork_titles(fork, bep):
    root = fork("clean")
    assert bep("title", "--root", str(root), "XEP-103 (edit): Publish on one bus")[0] == 0
    assert bep("title", "--root", str(root), "XEP-100, XEP-103 (approve): Both")[0] == 0
    code, out, _ = bep("title", "--root", str(root), "XEP-103 (update): Publish")
    assert code == 1 and "must read 'XEP-NNN (new|edit|approve|withdraw): Summary'" in out
    assert "unknown kind 'update'; use one of: new, edit, approve, withdraw" in out
    assert "did you mean" not in out  # nothing in this fork's kinds is near 'update'
    code, out, _ = bep("title", "--root", str(root), "XEP-103 (edited): Publish")
    assert code == 1 and "did you mean 'XEP-103 (edit): Publish'?" in out
    code, out, _ = bep("title", "--root", str(root), "XEP-0103 (edit): Publish")
    assert code == 1 and "'0103' has 4 digits; numbers here have 3" in out
    assert bep("title", "--root", str(root), "BEP-1000 (new): Upstream title")[0] == 0  # not this fork's


def test_the_fork_lifecycle_against_its_base(fork, bep):
    root = init(fork("clean"))
    commit_all(root, "start")
    readme = root / "xeps/README.md"
    readme.write_text(readme.read_text().replace("| Event Bus                    | Mina Park, Jun Seo | Proposed |", "| Event Bus                    | Mina Park, Jun Seo | Done     |"))
    code, found = findings(bep, root, "--against", "main")
    assert code == 1 and ("status-transition", "xeps/README.md", 12) in found


def test_the_fork_configuration_is_what_config_prints(fork, bep):
    out = bep("config", "--root", str(fork("clean")))[1]
    for line in ("prefix: XEP", "number-width: 3", "number-start: 100", "registry-heading: XEP Index", "table-style: aligned"):
        assert line in out.splitlines()
