"""The README's installation, run as written: its `sh` blocks under "Install" and the
`.pre-commit-config.yaml` of "Use it with pre-commit", with `/opt/bep-hooks` (which the
README says to replace with your clone) replaced by a clone of this working tree.

Needs git, pipx's dependencies and the package index (marked e2e).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEMPLATE, proposal, registry_readme, write_tree
from .test_precommit_e2e import CHECKOUT, CLEAN_ROWS, git, hooks_repo, run  # noqa: F401  (hooks_repo: fixture)

pytestmark = pytest.mark.e2e

README = CHECKOUT / "README.md"
PLACEHOLDER = "/opt/bep-hooks"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"the README has no section '{title}'"
    return match.group(1)


def _blocks(section: str, language: str):
    return re.findall(rf"^```{language}\n(.*?)^```", section, re.S | re.M)


def _commands(block: str):
    """The command lines of an sh block, without their comments."""
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            yield words


def test_the_readme_installs_from_a_clone_with_a_pinned_sha(hooks_repo, tmp_path):
    source, head, env = hooks_repo
    install = _section("Install")
    assert PLACEHOLDER in install and "v0.1.0" not in _blocks(_section("Use it with pre-commit"), "yaml")[0]
    command_block, hooks_block = _blocks(install, "sh")

    # The bep command with pipx (pipx itself from the package index, kept in tmp_path).
    tools = tmp_path / "tools"
    subprocess.run([sys.executable, "-m", "venv", str(tools)], check=True)
    done = run([tools / "bin" / "python", "-m", "pip", "install", "-q", "pipx"], tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    bin_dir = tmp_path / "pipx-bin"
    env = dict(
        env,
        PIPX_HOME=str(tmp_path / "pipx-home"),
        PIPX_BIN_DIR=str(bin_dir),
        PIPX_MAN_DIR=str(tmp_path / "pipx-man"),
        PATH=f"{bin_dir}:{tools / 'bin'}:{Path(sys.executable).parent}:{env['PATH']}",
    )
    outputs = []
    for words in _commands(command_block):
        words = [word.replace(PLACEHOLDER, str(source)) for word in words]
        done = run(words, tmp_path, env, timeout=900)
        assert done.returncode == 0, f"{words}: {done.stdout}{done.stderr}"
        outputs.append(done.stdout)
    assert (bin_dir / "bep").exists()
    assert outputs[-1].startswith("bep, version ")

    # A BEP repository with the README's configuration, pinned, installed and run as written.
    root = tmp_path / "beps"
    config = _blocks(_section("Use it with pre-commit"), "yaml")[0].replace(PLACEHOLDER, str(source))
    write_tree(
        root,
        {
            ".pre-commit-config.yaml": config,
            "README.md": registry_readme(CLEAN_ROWS),
            "proposals/BEP-0000-template.md": TEMPLATE,
            "proposals/BEP-1001-app-injection.md": proposal("App Injection"),
        },
    )
    git(root, env, "init", "-q")
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1001 (new): App Injection")
    for words in _commands(hooks_block):
        done = run(words, root, env, timeout=900)
        assert done.returncode == 0, f"{words}: {done.stdout}{done.stderr}"
    pinned = re.search(r"^\s*rev: (\S+)", (root / ".pre-commit-config.yaml").read_text(), re.M).group(1)
    assert pinned == head  # autoupdate pinned the clone's newest commit, a full sha
    assert (root / ".git" / "hooks" / "pre-commit").exists() and (root / ".git" / "hooks" / "commit-msg").exists()
    ls_remote = run(["git", "ls-remote", str(source), "HEAD"], root, env)
    assert ls_remote.stdout.split()[0] == head  # the README's other way to find the sha

    # The installed hooks refuse a document whose number nobody reserved.
    write_tree(root, {"proposals/BEP-1002-new-thing.md": proposal("New Thing")})
    git(root, env, "add", "-A")
    done = run(["git", "commit", "-m", "BEP-1002 (new): New Thing"], root, env)
    assert done.returncode != 0 and "proposal-unreserved" in done.stdout + done.stderr
