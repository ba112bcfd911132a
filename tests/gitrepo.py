"""Real git repositories for the tests that need git (titles, --against, pre-commit)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": os.environ.get("HOME", "/tmp"),
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **ENV}
    env.pop("GIT_INDEX_FILE", None)
    done = subprocess.run(["git", *args], cwd=str(root), env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def init(root: Path) -> Path:
    """Turn `root` (possibly holding a fake `.git` folder from make_repo) into a real repository."""
    fake = root / ".git"
    if fake.is_dir() and not any(fake.iterdir()):
        fake.rmdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    return root


def commit_all(root: Path, message: str = "commit") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
