"""Shared test helpers: build a BEP repository in a temporary folder, run the command."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Union

import pytest
from hypothesis import settings

from bep_hooks.cli import main

# For the mutation score (mutation/run.py passes `--hypothesis-profile=mutation`): the
# project's settings, but the same examples for every mutant, so a mutant's fate does
# not depend on the draw, and no example database shared between mutants.
settings.register_profile("mutation", derandomize=True, database=None)

HEADER = "| Number | Title | Author | Status |\n|--------|-------|--------|--------|\n"
NEXT_ROW = "| _next_ | _(reserve your number here)_ | | |\n"

TEMPLATE = """---
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
---

# Title

## Motivation

## Current Design

## Proposed Design

## Impacts to Users or Developers

## References
"""


def registry_readme(rows: str, *, before: str = "", after: str = "") -> str:
    return (
        "# BEPs\nBackend.AI Enhancement Proposals\n\n"
        + before
        + "## BEP Number Registry\n\nReserve your number here first.\n\n"
        + HEADER
        + rows
        + NEXT_ROW
        + "\n## Rules for PR title\n\nText.\n"
        + after
    )


def proposal(title: str, *, status: str = "Draft", author: str = "Joongi Kim (joongi@example.com)", extra: str = "") -> str:
    sections = "".join(
        f"## {name}\n\nText.\n\n"
        for name in ("Motivation", "Current Design", "Proposed Design", "Impacts to Users or Developers", "References")
    )
    return f"---\nAuthor: {author}\nStatus: {status}\nCreated: 2025-01-02\n{extra}---\n\n# {title}\n\n{sections}"


def write_tree(root: Path, files: Dict[str, Union[str, bytes]]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture(scope="session", autouse=True)
def _no_global_git_settings(tmp_path_factory):
    """git reads an empty global and no system configuration during the tests, so they pass
    on a machine without a git identity just as here; and none of them may write one."""
    names = ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")
    saved = {name: os.environ.get(name) for name in names}
    config = tmp_path_factory.mktemp("git-global") / "gitconfig"
    config.write_bytes(b"")
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    assert config.read_bytes() == b"", f"a test wrote global git settings: {config.read_text()!r}"


@pytest.fixture
def make_repo(tmp_path):
    """make_repo(files, layout="standalone"|"monorepo"): a BEP repository with a template."""

    def make(files: Dict[str, Union[str, bytes]], *, template: bool = True) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        (root / ".git").mkdir(exist_ok=True)
        tree = dict(files)
        if template:
            tree.setdefault("proposals/BEP-0000-template.md", TEMPLATE)
        return write_tree(root, tree)

    return make


@pytest.fixture
def bep(capsys, monkeypatch):
    """bep(*args, cwd=root) -> (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def bep_json(bep):
    def run(*args: str, cwd: Path = None):
        code, out, err = bep("check", "--format", "json", *args, cwd=cwd)
        return code, json.loads(out or "[]")

    return run
