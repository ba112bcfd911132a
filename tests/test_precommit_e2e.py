"""The real pre-commit client, end to end, against the code in this working tree.

pre-commit installs a hook repository at a commit, so the working tree (tracked and
untracked files, the way `git ls-files` sees them) is copied into a temporary folder and
committed there; that folder and its HEAD are the `repo:` and `rev:` of the generated
`.pre-commit-config.yaml`. The hook environment is built once per session (pip, from
the package index) under a temporary PRE_COMMIT_HOME.

Needs git and the package index: `.ci/run` has both. Marked `e2e` (`-m "not e2e"` skips).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from .conftest import TEMPLATE, proposal, registry_readme, write_tree

pytestmark = pytest.mark.e2e

CHECKOUT = Path(__file__).resolve().parent.parent
IGNORED = {".git", ".hypothesis", ".pytest_cache", ".venv", ".nox", "venv", "__pycache__", "build", "dist", ".mypy_cache", ".ruff_cache"}
HOOK_IDS = ("bep-registry", "bep-proposals", "bep-registry-format", "bep-title")


def _env(home: Path) -> Dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    if "GIT_CONFIG_GLOBAL" in os.environ:  # conftest's empty global configuration
        env["GIT_CONFIG_GLOBAL"] = os.environ["GIT_CONFIG_GLOBAL"]
    env.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="BEP Tester",
        GIT_AUTHOR_EMAIL="tester@example.com",
        GIT_COMMITTER_NAME="BEP Tester",
        GIT_COMMITTER_EMAIL="tester@example.com",
    )
    env.pop("PRE_COMMIT", None)  # we may ourselves run under a pre-commit hook
    return env


def run(args, cwd: Path, env: Dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=str(cwd), env=env, capture_output=True, text=True, timeout=timeout
    )


def git(cwd: Path, env, *args: str) -> str:
    done = run(["git", *args], cwd, env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def pre_commit(cwd: Path, env, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pre_commit", *args], cwd, env, timeout)


def _working_tree_files():
    """Tracked and untracked, not ignored, files of the checkout (all files without git)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=str(CHECKOUT),
        capture_output=True,
    )
    if listed.returncode == 0:
        names = [name for name in listed.stdout.decode().split("\0") if name]
    else:
        names = [str(p.relative_to(CHECKOUT)) for p in CHECKOUT.rglob("*") if not p.is_dir()]
    for name in names:
        parts = Path(name).parts
        if any(part in IGNORED or part.endswith(".egg-info") for part in parts):
            continue
        if os.path.lexists(CHECKOUT / name):  # deleted in the working tree: not there
            yield name


def _init(folder: Path, env) -> None:
    git(folder, env, "init", "-q")
    git(folder, env, "config", "user.name", "BEP Tester")
    git(folder, env, "config", "user.email", "tester@example.com")
    git(folder, env, "config", "commit.gpgsign", "false")


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory):
    """(repository path, its HEAD, environment): this working tree as a hook repository,
    with its pre-commit environment already built."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("e2e")
    env = _env(base / "pre-commit-home")
    source = base / "bep-hooks"
    for name in _working_tree_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CHECKOUT / name, target, follow_symlinks=False)
    _init(source, env)
    git(source, env, "add", "-A")
    git(source, env, "commit", "-q", "--no-verify", "-m", "the working tree under test")
    head = git(source, env, "rev-parse", "HEAD").strip()

    warm = base / "warm-up"
    write_tree(warm, {".pre-commit-config.yaml": _config(source, head)})
    _init(warm, env)
    done = pre_commit(warm, env, "install-hooks", timeout=900)
    assert done.returncode == 0, f"building the hook environment failed:\n{done.stdout}\n{done.stderr}"
    return source, head, env


def _config(source: Path, head: str) -> str:
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS)
    return f"repos:\n  - repo: {source}\n    rev: {head}\n    hooks:\n{hooks}"


CLEAN_ROWS = "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Draft |\n"


@pytest.fixture
def work(hooks_repo, tmp_path):
    """A committed, clean BEP repository configured to use the hooks under test."""
    source, head, env = hooks_repo
    root = tmp_path / "work"
    write_tree(
        root,
        {
            ".pre-commit-config.yaml": _config(source, head),
            "README.md": registry_readme(CLEAN_ROWS),
            "proposals/BEP-0000-template.md": TEMPLATE,
            "proposals/BEP-1001-app-injection.md": proposal("App Injection"),
        },
    )
    _init(root, env)
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1001 (new): App Injection")
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 0, f"the starting repository is not clean:\n{done.stdout}{done.stderr}"
    return root, env


def test_the_manifest_validates(hooks_repo):
    _, _, env = hooks_repo
    done = pre_commit(CHECKOUT, env, "validate-manifest", ".pre-commit-hooks.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_run_all_files_fails_on_a_broken_registry_fixes_the_table_then_passes(work):
    root, env = work
    readme = root / "README.md"
    broken = registry_readme("|1002|Second|-|Nope|\n" + CLEAN_ROWS)
    readme.write_text(broken)

    done = pre_commit(root, env, "run", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "README.md:11:1: error registry-unsorted: row 1001 is out of order" in output
    assert "registry-status-unknown: unknown status 'Nope'" in output
    assert "files were modified by this hook" in output  # bep-registry-format rewrote the table
    assert readme.read_text() == registry_readme(CLEAN_ROWS + "| 1002 | Second | - | Nope |\n")

    readme.write_text(readme.read_text().replace("| Nope |", "| Draft |"))
    done = pre_commit(root, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert readme.read_text() == registry_readme(CLEAN_ROWS + "| 1002 | Second | - | Draft |\n")


def test_installed_hooks_refuse_bad_commits_and_let_a_good_one_through(work):
    root, env = work
    done = pre_commit(root, env, "install", "--hook-type", "pre-commit", "--hook-type", "commit-msg")
    assert done.returncode == 0, done.stdout + done.stderr
    head = git(root, env, "rev-parse", "HEAD")

    # A proposal whose number nobody reserved: the pre-commit hooks refuse it.
    write_tree(root, {"proposals/BEP-1002-new-thing.md": proposal("New Thing")})
    git(root, env, "add", "proposals/BEP-1002-new-thing.md")
    done = run(["git", "commit", "-m", "BEP-1002 (new): New Thing"], root, env)
    assert done.returncode != 0
    assert "proposals/BEP-1002-new-thing.md:1:1: error proposal-unreserved:" in done.stdout + done.stderr
    assert git(root, env, "rev-parse", "HEAD") == head

    # Reserved now; but the message does not follow the title rule: commit-msg refuses it.
    write_tree(root, {"README.md": registry_readme(CLEAN_ROWS + "| [1002](proposals/BEP-1002-new-thing.md) | New Thing | Joongi Kim | Draft |\n")})
    git(root, env, "add", "README.md")
    done = run(["git", "commit", "-m", "add a proposal"], root, env)
    assert done.returncode != 0
    assert "title-format" in done.stdout + done.stderr
    assert git(root, env, "rev-parse", "HEAD") == head

    # The same change with a good message goes through.
    done = run(["git", "commit", "-m", "BEP-1002 (new): New Thing"], root, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(root, env, "log", "-1", "--format=%s").strip() == "BEP-1002 (new): New Thing"
    assert git(root, env, "status", "--porcelain") == ""


def test_a_baselined_document_improved_in_steps_passes_the_installed_hooks_at_each_commit(work):
    """Issue 14: the baseline never blocks a partial clean-up of a legacy document."""
    root, env = work
    legacy = "---\nAuthor: Joongi Kim (joongi@example.com)\nStatus: Draft\nCreated: 2025-01-02\n---\n\n# Legacy\n\n## Motivation\n\nWhy.\n"
    row = "| [1002](proposals/BEP-1002-legacy.md) | Legacy | Joongi Kim | Draft |\n"
    write_tree(root, {"README.md": registry_readme(CLEAN_ROWS + row), "proposals/BEP-1002-legacy.md": legacy})
    done = run([sys.executable, "-m", "bep_hooks", "baseline"], root, env)
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1002 (new): Legacy")
    done = pre_commit(root, env, "install", "--hook-type", "pre-commit", "--hook-type", "commit-msg")
    assert done.returncode == 0, done.stdout + done.stderr

    document = root / "proposals/BEP-1002-legacy.md"
    for section in ("References", "Current Design", "Impacts to Users or Developers"):
        document.write_text(document.read_text() + f"\n## {section}\n\nText.\n")
        git(root, env, "add", "proposals/BEP-1002-legacy.md")
        done = run(["git", "commit", "-m", f"BEP-1002 (update): add {section}"], root, env)
        assert done.returncode == 0, f"adding {section} was refused:\n{done.stdout}{done.stderr}"

    document.write_text(document.read_text().replace("## Motivation\n", "## Motive\n"))
    git(root, env, "add", "proposals/BEP-1002-legacy.md")
    done = run(["git", "commit", "-m", "BEP-1002 (update): rename a section"], root, env)
    assert done.returncode != 0
    assert "error section-missing: section 'Motivation' is missing" in done.stdout + done.stderr
# -- the recommended setup: what a commit is held to (issue 10) ---------------------------


def _recommended(source: Path, head: str) -> str:
    """The README's recommended configuration: the combined hook and the title hook."""
    return (
        "default_install_hook_types: [pre-commit, commit-msg]\n"
        f"repos:\n  - repo: {source}\n    rev: {head}\n    hooks:\n      - id: bep\n      - id: bep-title\n"
    )


@pytest.fixture
def installed(hooks_repo, tmp_path):
    """A committed, clean BEP repository with the recommended setup installed: hooks run
    on `git commit` as a user's do."""
    source, head, env = hooks_repo
    root = tmp_path / "installed"
    write_tree(
        root,
        {
            ".pre-commit-config.yaml": _recommended(source, head),
            "README.md": registry_readme(CLEAN_ROWS),
            "proposals/BEP-0000-template.md": TEMPLATE,
            "proposals/BEP-1001-app-injection.md": proposal("App Injection"),
            "src/app.py": "print('hello')\n",
        },
    )
    _init(root, env)
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1001 (new): App Injection")
    done = pre_commit(root, env, "install")
    assert done.returncode == 0, done.stdout + done.stderr
    return root, env


def commit(root: Path, env, *args: str, editor: str = None) -> subprocess.CompletedProcess:
    """`git commit ARGS` as a user runs it; (the hooks' output is in stdout + stderr)."""
    if editor is not None:
        env = {**env, "GIT_EDITOR": editor}
    return run(["git", "commit", *args], root, env)


def refused(done: subprocess.CompletedProcess, *rules: str) -> str:
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    for rule in rules:
        assert f"error {rule}:" in output, f"{rule} not named:\n{output}"
    return output


def accepted(done: subprocess.CompletedProcess) -> str:
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def test_a_rename_that_breaks_the_registry_link_is_refused_at_the_commit(installed):
    root, env = installed
    git(root, env, "mv", "proposals/BEP-1001-app-injection.md", "proposals/BEP-1001-renamed.md")
    output = refused(commit(root, env, "-m", "BEP-1001 (update): Rename"), "registry-link-broken")
    assert re.search(r"^README\.md:\d+:\d+: error registry-link-broken:", output, re.M)  # a file not staged
    # the link follows the document: now the commit goes through
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("BEP-1001-app-injection.md", "BEP-1001-renamed.md"))
    git(root, env, "add", "README.md")
    accepted(commit(root, env, "-m", "BEP-1001 (update): Rename"))


def test_deleting_a_row_and_committing_only_the_readme_is_refused(installed):
    root, env = installed
    (root / "README.md").write_text(registry_readme(""))
    git(root, env, "add", "README.md")
    output = refused(commit(root, env, "-m", "Tidy the registry"), "proposal-unreserved")
    assert "proposals/BEP-1001-app-injection.md:1:1:" in output


def test_a_symlinked_readme_is_still_the_registry(installed):
    root, env = installed
    registry = root / "docs" / "REGISTRY.md"
    registry.parent.mkdir()
    rows = CLEAN_ROWS + "| 1003 | Third | - | Nope |\n| 1002 | Second | - | Draft |\n| 1002 | Again | - | Draft |\n"
    registry.write_text(registry_readme(rows))
    (root / "README.md").unlink()
    (root / "README.md").symlink_to("docs/REGISTRY.md")
    git(root, env, "add", "-A")
    output = refused(
        commit(root, env, "-m", "Move the registry to docs/"), "registry-duplicate", "registry-status-unknown"
    )
    assert "Fixing README.md" in output and "files were modified by this hook" in output
    assert registry.read_text().index("| 1002 | Second") < registry.read_text().index("| 1003 | Third")  # sorted


def test_each_hook_runs_once_and_none_starts_for_a_commit_outside_the_proposals(installed):
    root, env = installed
    document = root / "proposals" / "BEP-1001-app-injection.md"
    document.write_text(document.read_text().replace("Text.", "Better text.", 1))
    git(root, env, "add", "-A")
    output = accepted(commit(root, env, "-m", "BEP-1001 (update): Better text"))
    assert output.count("BEP registry and proposals") == 1 and output.count("BEP commit title") == 1
    assert "Passed" in output

    (root / "src" / "app.py").write_text("print('bye')\n")
    git(root, env, "add", "-A")
    output = accepted(commit(root, env, "-m", "Say bye"))
    assert "BEP registry and proposals" in output and "(no files to check)Skipped" in output


def _edit_document(root: Path, env) -> None:
    document = root / "proposals" / "BEP-1001-app-injection.md"
    document.write_text(document.read_text() + "\nMore text.\n")
    git(root, env, "add", "-A")


def test_a_hash_title_given_with_m_is_the_title_git_keeps(installed):
    root, env = installed
    _edit_document(root, env)
    output = refused(commit(root, env, "-m", "#123 Update stuff"), "title-format")
    assert "the commit changes BEP-1001" in output


def test_an_empty_message_on_a_proposal_commit_is_refused(installed):
    root, env = installed
    _edit_document(root, env)
    output = refused(commit(root, env, "--allow-empty-message", "-m", ""), "title-format")
    assert "the message has no title" in output


def test_comment_char_auto_is_read_as_git_chose_it(installed):
    root, env = installed
    _edit_document(root, env)
    # git sees '#' in the message and comments with ';': '#123 ...' stays, it is the title
    auto = ["-c", "core.commentChar=auto"]
    done = run(["git", *auto, "commit", "-e", "-m", "#123 Update stuff"], root, {**env, "GIT_EDITOR": "true"})
    refused(done, "title-format")
    done = run(
        ["git", *auto, "commit", "-e", "-m", "BEP-1001 (update): More text", "-m", "#123 is the issue"],
        root,
        {**env, "GIT_EDITOR": "true"},
    )
    accepted(done)
    assert git(root, env, "log", "-1", "--format=%B").startswith("BEP-1001 (update): More text\n\n#123 is the issue")


def test_ordinary_good_commits_go_through(installed):
    root, env = installed
    # a new proposal, reserved in the same commit
    write_tree(
        root,
        {
            "README.md": registry_readme(
                CLEAN_ROWS + "| [1002](proposals/BEP-1002-new-thing.md) | New Thing | Joongi Kim | Draft |\n"
            ),
            "proposals/BEP-1002-new-thing.md": proposal("New Thing"),
        },
    )
    git(root, env, "add", "-A")
    accepted(commit(root, env, "-m", "BEP-1002 (new): New Thing"))
    _edit_document(root, env)
    accepted(commit(root, env, "-m", "BEP-1001 (update): More text"))
    (root / "src" / "app.py").write_text("print('changed')\n")
    git(root, env, "add", "-A")
    accepted(commit(root, env, "-m", "Change the app"))
    assert git(root, env, "status", "--porcelain") == ""


VERSIONED_TEMPLATE = TEMPLATE.replace("Created: 2025-01-01\n", "Created: 2025-01-01\nTarget-Version:\n")


def test_a_repository_story_each_breaking_commit_refused_in_the_order_real_ones_came(hooks_repo, tmp_path):
    """Reserve, write, rename, a second document under a taken number, an unreserved
    document, a status change without its version: each mistake refused where it is made."""
    source, head, env = hooks_repo
    root = tmp_path / "story"
    row = "| [{n}](proposals/{name}) | {title} | Joongi Kim | {status} |\n"
    first = row.format(n=1001, name="BEP-1001-app-injection.md", title="App Injection", status="Draft")
    doc = lambda title, **kw: proposal(title, extra="Target-Version:\n", **kw)  # noqa: E731
    write_tree(
        root,
        {
            ".pre-commit-config.yaml": _recommended(source, head),
            "README.md": registry_readme(first),
            "proposals/BEP-0000-template.md": VERSIONED_TEMPLATE,
            "proposals/BEP-1001-app-injection.md": doc("App Injection"),
        },
    )
    _init(root, env)
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1001 (new): App Injection")
    assert pre_commit(root, env, "install").returncode == 0

    def readme(*rows: str) -> None:
        (root / "README.md").write_text(registry_readme(first + "".join(rows)))

    # 1. reserve a number, no document yet
    quota = row.format(n=1002, name="BEP-1002-quota.md", title="Quota", status="Draft")
    readme(quota)
    git(root, env, "add", "README.md")
    accepted(commit(root, env, "-m", "Reserve BEP-1002"))
    # 2. write it
    write_tree(root, {"proposals/BEP-1002-quota.md": doc("Quota")})
    git(root, env, "add", "-A")
    accepted(commit(root, env, "-m", "BEP-1002 (new): Quota"))
    # 3. rename it without touching the registry: refused; with the link: accepted
    git(root, env, "mv", "proposals/BEP-1002-quota.md", "proposals/BEP-1002-storage-quota.md")
    refused(commit(root, env, "-m", "BEP-1002 (update): A better name"), "registry-link-broken")
    quota = row.format(n=1002, name="BEP-1002-storage-quota.md", title="Quota", status="Draft")
    readme(quota)
    git(root, env, "add", "README.md")
    accepted(commit(root, env, "-m", "BEP-1002 (update): A better name"))
    # 4. a second document under a taken number
    write_tree(root, {"proposals/BEP-1001-gpu-sharing.md": doc("GPU Sharing")})
    git(root, env, "add", "-A")
    refused(commit(root, env, "-m", "BEP-1001 (new): GPU Sharing"), "proposal-duplicate")
    git(root, env, "rm", "-q", "--cached", "proposals/BEP-1001-gpu-sharing.md")
    (root / "proposals" / "BEP-1001-gpu-sharing.md").unlink()
    # 5. a document nobody reserved
    write_tree(root, {"proposals/BEP-1003-scheduler.md": doc("Scheduler")})
    git(root, env, "add", "-A")
    refused(commit(root, env, "-m", "BEP-1003 (new): Scheduler"), "proposal-unreserved")
    readme(quota, row.format(n=1003, name="BEP-1003-scheduler.md", title="Scheduler", status="Draft"))
    git(root, env, "add", "-A")
    accepted(commit(root, env, "-m", "BEP-1003 (new): Scheduler"))
    # 6. accepted, but without the version that ships it
    path = root / "proposals" / "BEP-1002-storage-quota.md"
    path.write_text(path.read_text().replace("Status: Draft", "Status: Accepted"))
    git(root, env, "add", "-A")
    refused(commit(root, env, "-m", "BEP-1002 (accept): Planned"), "status-requirement")
    path.write_text(path.read_text().replace("Target-Version:\n", "Target-Version: 25.9.0\n"))
    readme(quota.replace("| Draft |", "| Accepted |"), row.format(n=1003, name="BEP-1003-scheduler.md", title="Scheduler", status="Draft"))
    git(root, env, "add", "-A")
    accepted(commit(root, env, "-m", "BEP-1002 (accept): Planned for 25.9"))
    assert git(root, env, "status", "--porcelain") == ""
