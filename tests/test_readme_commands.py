"""Every command the README shows, run as written: the README is a promise to its reader.

Each `sh` block of the README is matched to a scenario below by its first command; a
block with no scenario fails `test_every_readme_command_has_a_scenario`, so a command
cannot be added to the README without a test that runs it. The commands run one line at
a time in bash, in a repository laid out the way the README's text says (a clone of a
proposals repository, with git and an `origin`), with the installed `bep` on PATH and a
git identity of its own (the machine's global git configuration is neither read nor
written).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple

import pytest

from .conftest import TEMPLATE, proposal, registry_readme, write_tree

CHECKOUT = Path(__file__).resolve().parent.parent
README = CHECKOUT / "README.md"
PLACEHOLDER = "/opt/bep-hooks"  # the README's stand-in for the reader's clone of bep-hooks


class Block(NamedTuple):
    line: int  # where the block starts in the README
    commands: List[str]  # its command lines as written, comments and blank lines left out
    comments: List[str]  # its comment-only lines (the README shows output that way)
    after: str  # the text of the plain ``` block right after it, if any (shown output)


def readme_blocks() -> List[Block]:
    text = README.read_text(encoding="utf-8")
    fences = list(re.finditer(r"^```(\w*)\n(.*?)^```\n", text, re.S | re.M))
    blocks = []
    for index, match in enumerate(fences):
        if match.group(1) != "sh":
            continue
        body = match.group(2)
        commands = [line for line in body.splitlines() if shlex.split(line, comments=True)]
        comments = [line.lstrip("# ").rstrip() for line in body.splitlines() if line.lstrip().startswith("#")]
        following = fences[index + 1] if index + 1 < len(fences) else None
        after = ""
        if following is not None and following.group(1) == "" and text[match.end() : following.start()].strip() == "":
            after = following.group(2)
        blocks.append(Block(text[: match.start()].count("\n") + 1, commands, comments, after))
    return blocks


def _first(block: Block) -> str:
    """The block's first command as written, without its comment."""
    return block.commands[0].split(" #")[0].strip()


class Shell:
    """Runs a README line as written: bash, the test's `bep` first on PATH, git's
    identity from a configuration file of its own."""

    def __init__(self, tmp_path: Path):
        home = tmp_path / "home"
        home.mkdir()
        gitconfig = home / ".gitconfig"
        gitconfig.write_text("[user]\n\tname = Joongi Kim\n\temail = joongi@example.com\n[init]\n\tdefaultBranch = main\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        env.update(
            HOME=str(home),
            GIT_CONFIG_GLOBAL=str(gitconfig),
            GIT_CONFIG_NOSYSTEM="1",
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        )
        self.env = env

    def run(self, line: str, cwd: Path) -> subprocess.CompletedProcess:
        line = line.replace(PLACEHOLDER, shlex.quote(str(CHECKOUT)))
        return subprocess.run(["bash", "-c", line], cwd=str(cwd), env=self.env, capture_output=True, text=True, timeout=600)

    def git(self, cwd: Path, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=str(cwd), env=self.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout


def _clone_of_a_proposals_repository(shell: Shell, tmp_path: Path) -> Path:
    """A clone whose `origin/main` is a standalone BEP repository with numbers reserved up
    to 1042, so the README's `BEP-1043` is the next one, as its text says."""
    origin = tmp_path / "origin"
    rows = "| [1000](proposals/BEP-1000-quota.md) | Quota | Joongi Kim | Draft |\n" + "".join(
        f"| {number} | Reserved {number} | - | Draft |\n" for number in range(1001, 1043)
    )
    write_tree(
        origin,
        {
            "README.md": registry_readme(rows),
            "proposals/BEP-0000-template.md": TEMPLATE,
            "proposals/BEP-1000-quota.md": proposal("Quota"),
        },
    )
    shell.git(origin, "init", "-q", "-b", "main")
    shell.git(origin, "add", "-A")
    shell.git(origin, "commit", "-qm", "BEP-1000 (new): Quota")
    clone = tmp_path / "clone"
    shell.git(tmp_path, "clone", "-q", str(origin), str(clone))
    return clone


def _copy_of_fixture(shell: Shell, tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(CHECKOUT / "fixtures" / name, root, symlinks=True)
    shell.git(root, "init", "-q")
    shell.git(root, "add", "-A")
    shell.git(root, "commit", "-qm", "start")
    return root


# -- the scenarios, one per sh block -------------------------------------------------------


def try_it(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`python3 -m venv .venv && ... bep check --root fixtures/example`: in a copy of this
    checkout, from the package index; the example is full of real mistakes (exit 1)."""
    copy = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=str(CHECKOUT), capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, files):
        source = CHECKOUT / name
        if source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
        elif source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), copy / name)
    [command] = block.commands
    done = shell.run(command, copy)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error proposal-duplicate" in done.stdout and "Traceback" not in done.stderr


def run_the_tests(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`... python -m pytest`: the command that is running this very test; `.ci/run` runs
    it on a fresh machine, so here it is held to what `.ci/run` does."""
    [command] = block.commands
    assert command.endswith("python -m pytest")
    assert "python -m pytest" in (CHECKOUT / ".ci" / "run").read_text()


def covered_by_the_install_test(block: Block, shell: Shell, tmp_path: Path) -> None:
    """The Install section's blocks (pipx, `pre-commit autoupdate`/`install`/`run`) are run
    as written by tests/test_readme_setup.py, which needs pipx and a hook environment."""
    from . import test_readme_setup

    source = Path(test_readme_setup.__file__).read_text()
    assert '_section("Install")' in source and "_commands(" in source


def reserve_a_number(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep next`, `bep new "Storage Quotas"` (the author from git), and with --author."""
    clone = _clone_of_a_proposals_repository(shell, tmp_path)
    results = [shell.run(command, clone) for command in block.commands]
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert results[0].stdout.strip() == "1043"
    shown = [line for line in block.comments if line.startswith(("Reserved", "proposals/"))]
    assert (results[1].stderr + results[1].stdout).strip().splitlines() == shown
    document = (clone / "proposals/BEP-1043-storage-quotas.md").read_text()
    assert "Author: Joongi Kim (joongi@example.com)" in document  # git's user.name (user.email)
    assert "Author: Joongi Kim (joongi@lablup.com)" in (clone / "proposals/BEP-1044-storage-quotas.md").read_text()


def an_authors_day(block: Block, shell: Shell, tmp_path: Path) -> None:
    """The walk-through: `git switch -c`, `bep new`, `bep check PATH`, `git add`/`git
    commit`, `bep title --against origin/main`: the blocks in the order the README gives."""
    blocks = [b for b in readme_blocks() if _scenario(b) in (an_authors_day, walk_through_step)]
    assert [_first(b) for b in blocks] == [_first(b) for b in blocks if _first(b).startswith(WALK_THROUGH)]
    assert [next(k for k in WALK_THROUGH if _first(b).startswith(k)) for b in blocks] == list(WALK_THROUGH)
    clone = _clone_of_a_proposals_repository(shell, tmp_path)
    codes = {}
    for each in blocks:
        for command in each.commands:
            done = shell.run(command, clone)
            assert "Traceback" not in done.stderr
            codes[command.split("#")[0].strip()] = done.returncode
            if command.startswith("bep new"):
                shown = [line for line in each.comments if line.startswith(("Reserved", "proposals/"))]
                assert (done.stderr + done.stdout).strip().splitlines() == shown
    # a new document of this template (sections without prose) is clean from the start
    assert set(codes) >= {"bep check proposals/BEP-1043-storage-quotas.md", 'bep title --against origin/main "BEP-1043 (new): Storage Quotas"'}
    assert all(code == 0 for code in codes.values()), codes
    assert shell.git(clone, "log", "-1", "--format=%s").strip() == "BEP-1043 (new): Storage Quotas"


def walk_through_step(block: Block, shell: Shell, tmp_path: Path) -> None:
    """A later step of the walk-through: run, in order, by `an_authors_day`."""
    assert _first(block).startswith(WALK_THROUGH[1:])


def copy_the_workflow(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`cp /opt/bep-hooks/examples/github-workflow.yml .github/workflows/beps.yml`."""
    clone = _clone_of_a_proposals_repository(shell, tmp_path)
    [command] = block.commands
    assert shell.run(command, clone).returncode == 0
    copied = clone / ".github/workflows/beps.yml"
    assert copied.read_bytes() == (CHECKOUT / "examples/github-workflow.yml").read_bytes()


def adopt_with_a_baseline(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep baseline` then `bep check`: 0, and the note of what the baseline holds back."""
    root = _copy_of_fixture(shell, tmp_path, "example")
    assert shell.run("bep check", root).returncode == 1
    baseline, check = (shell.run(command, root) for command in block.commands)
    assert baseline.returncode == 0 and (root / ".bep-baseline.json").is_file()
    assert check.returncode == 0, check.stdout
    assert re.search(r"^\d+ findings recorded in \.bep-baseline\.json not shown\.$", check.stderr + check.stdout, re.M)


def start_a_registry(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep init --dry-run` then `bep init`, on a repository with documents and no table."""
    root = tmp_path / "repo"
    write_tree(
        root,
        {
            "README.md": "# BEPs\n\n## Process\n\nText.\n",
            "proposals/BEP-0000-template.md": TEMPLATE,
            "proposals/BEP-1000-quota.md": proposal("Quota"),
        },
    )
    shell.git(root, "init", "-q")
    dry, real = (shell.run(command, root) for command in block.commands)
    assert dry.returncode == 0 and "+| [1000](proposals/BEP-1000-quota.md) | Quota | Joongi Kim | Draft |" in dry.stdout
    assert real.returncode == 0 and real.stderr.startswith("Wrote the registry table: 1 row in README.md")
    assert shell.run("bep check", root).returncode == 0


def list_the_proposals(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep list --root fixtures/example --status accepted`: the output shown below it is
    the command's own."""
    [command] = block.commands
    done = shell.run(command, CHECKOUT)
    assert done.returncode == 0, done.stderr
    assert block.after, "the README shows the output of `bep list` right after the command"
    shown = [line.rstrip() for line in block.after.splitlines()]
    assert [line.rstrip() for line in done.stdout.splitlines()] == shown


def explain_findings(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep rules`, `bep rule registry-reuse`, `bep check --show-source`."""
    root = _copy_of_fixture(shell, tmp_path, "example")
    rules, rule, check = (shell.run(command, root) for command in block.commands)
    assert rules.returncode == 0 and "registry-reuse" in rules.stdout
    assert rule.returncode == 0 and "registry-reuse" in rule.stdout
    assert check.returncode == 1 and re.search(r"^ *\| *\^", check.stdout, re.M), check.stdout


def the_rule_table(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep rules --format markdown` prints the README's rule table: the table under "What it
    checks" is that output, byte for byte (a new rule's row is pasted from it)."""
    [command] = block.commands
    done = shell.run(command, CHECKOUT)
    assert done.returncode == 0, done.stderr
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| rule | family | default | what it finds |")
    table = readme[start : readme.index("\n\n", start)]
    assert done.stdout.rstrip("\n") == table, "the README's rule table is stale: paste `bep rules --format markdown`"


def another_layout(block: Block, shell: Shell, tmp_path: Path) -> None:
    """`bep check --root fixtures/neps`: the NEP layout finds what the comment says."""
    [command] = block.commands
    done = shell.run(command, CHECKOUT)
    assert done.returncode == 1, done.stderr
    rules = re.findall(r"^\S+:\d+:\d+: (error|warning) ([a-z-]+):", done.stdout, re.M)
    assert sorted({rule for _, rule in rules}) == [
        "proposal-placeholder", "proposal-title-mismatch", "proposal-unreserved", "section-missing", "status-mismatch"
    ]  # fmt: skip
    assert [grade for grade, _ in rules].count("error") == 6 and [g for g, _ in rules].count("warning") == 2


WALK_THROUGH = (
    "git switch -c bep-storage-quotas",
    "bep check proposals/BEP-1043-storage-quotas.md",
    "git add README.md proposals/BEP-1043-storage-quotas.md",
    "bep title --against origin/main",
)

SCENARIOS: Dict[str, Callable[[Block, Shell, Path], None]] = {
    "python3 -m venv .venv": try_it,  # (the first of the two commands is told apart below)
    "pipx install /opt/bep-hooks": covered_by_the_install_test,
    "pre-commit autoupdate": covered_by_the_install_test,
    "bep next": reserve_a_number,
    "bep rules --format markdown": the_rule_table,
    "bep check --root fixtures/neps": another_layout,
    WALK_THROUGH[0]: an_authors_day,
    **{key: walk_through_step for key in WALK_THROUGH[1:]},
    "mkdir -p .github/workflows": copy_the_workflow,
    "bep baseline": adopt_with_a_baseline,
    "bep init --dry-run": start_a_registry,
    "bep list --root fixtures/example": list_the_proposals,
    "bep rules": explain_findings,
}


def _scenario(block: Block):
    first = _first(block)
    if first.startswith("python3 -m venv .venv") and first.endswith("python -m pytest"):
        return run_the_tests
    keys = [key for key in SCENARIOS if first.startswith(key)]
    return SCENARIOS[max(keys, key=len)] if keys else None


def test_every_readme_command_has_a_scenario():
    blocks = readme_blocks()
    assert len(blocks) >= 8  # the parse found the README's blocks
    missing = [f"README.md line {b.line}: {b.commands[0]}" for b in blocks if _scenario(b) is None]
    assert not missing, "README commands no test runs (add a scenario to tests/test_readme_commands.py):\n" + "\n".join(missing)


def _params() -> list:
    params = []
    for block in readme_blocks():
        name = re.sub(r"\W+", "-", _first(block))[:40]
        # installing from the package index: an end-to-end test
        marks = [pytest.mark.e2e] if _scenario(block) is try_it else []
        params.append(pytest.param(block, id=f"line{block.line}-{name}", marks=marks))
    return params


@pytest.mark.parametrize("block", _params())
def test_the_readme_command_works_as_written(block, tmp_path):
    scenario = _scenario(block)
    if scenario is None:
        pytest.fail(f"README.md line {block.line}: no scenario runs {block.commands[0]!r}")
    scenario(block, Shell(tmp_path), tmp_path)
