"""examples/github-workflow.yml, run as GitHub would run it, on a copy of fixtures/example.

The workflow is parsed with ruamel.yaml; each step's `run:` script gets the GitHub
expressions it uses replaced by the values of a pull request in a local repository (a
base branch `main`, adopted with `bep fix` and `bep baseline`, and a pull-request branch)
and runs under `bash -e`, the way a runner does, with `python` a fresh virtual
environment. `uses:` steps are GitHub's own (checkout, setup-python): the test builds what
they would leave behind. Needs git and the package index (marked e2e).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest
from ruamel.yaml import YAML

from .conftest import write_tree
from .test_precommit_e2e import CHECKOUT, HOOK_IDS, git, hooks_repo, run  # noqa: F401  (hooks_repo: fixture)

WORKFLOW = CHECKOUT / "examples" / "github-workflow.yml"
EXAMPLE = CHECKOUT / "fixtures" / "example"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _steps() -> List[dict]:
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    assert "pull_request" in workflow["on"]
    return workflow["jobs"]["check"]["steps"]


def _substitute(text: str, context: Dict[str, str]) -> str:
    def value(match: "re.Match[str]") -> str:
        assert match.group(1) in context, f"the workflow uses an expression the test does not know: {match.group(0)}"
        return context[match.group(1)]

    return EXPRESSION.sub(value, text)


def test_the_workflow_checks_out_the_whole_history_and_uses_known_expressions():
    steps = _steps()
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch must be there for --from-ref/--against
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "--format github" in scripts and "bep title" in scripts and "--from-ref" in scripts
    expressions = set(EXPRESSION.findall(WORKFLOW.read_text(encoding="utf-8")))
    assert expressions == {"github.base_ref", "github.event.pull_request.title", "!cancelled()"}


class Job:
    """Runs the workflow's steps in `root` as a runner would; records each step's result."""

    def __init__(self, root: Path, env: Dict[str, str], title: str) -> None:
        self.root = root
        self.env = env
        self.context = {"github.base_ref": "main", "github.event.pull_request.title": title}

    def run(self, only: str = "") -> Dict[str, subprocess.CompletedProcess]:
        results: Dict[str, subprocess.CompletedProcess] = {}
        failed = False
        for step in _steps():
            if "run" not in step or (only and step.get("name") != only):
                continue
            condition = step.get("if")
            assert condition in (None, "${{ !cancelled() }}"), condition
            if failed and condition is None:  # GitHub's default: success()
                continue
            script = self.root.parent / "step.sh"
            script.write_text(_substitute(step["run"], self.context), encoding="utf-8")
            env = dict(self.env)
            env.update({key: _substitute(str(value), self.context) for key, value in step.get("env", {}).items()})
            done = run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script], self.root, env, timeout=900)
            results[step["name"]] = done
            failed = failed or done.returncode != 0
        return results


@pytest.mark.e2e
def test_the_shipped_workflow_on_a_legacy_repository_and_two_pull_requests(hooks_repo, tmp_path):
    source, head, base_env = hooks_repo
    venv = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(base_env, PATH=f"{venv / 'bin'}:{base_env['PATH']}", VIRTUAL_ENV=str(venv))

    # The base branch: the example repository (full of old mistakes), with the hooks configured.
    root = tmp_path / "beps"
    shutil.copytree(EXAMPLE, root)
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS if hook != "bep-title")
    write_tree(root, {".pre-commit-config.yaml": f"repos:\n  - repo: {source}\n    rev: {head}\n    hooks:\n{hooks}"})
    git(root, env, "init", "-q", "-b", "main")
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "the legacy repository")

    # The install step, as written: pre-commit, and bep from the repo/rev of the config.
    install = Job(root, env, "").run(only="Install pre-commit, and bep from the repo and rev in .pre-commit-config.yaml")
    [done] = install.values()
    assert done.returncode == 0, done.stdout + done.stderr
    assert shutil.which("bep", path=str(venv / "bin")) and shutil.which("pre-commit", path=str(venv / "bin"))

    # Without a baseline every old finding is reported: the cap keeps GitHub's 10 and a summary.
    git(root, env, "update-ref", "refs/remotes/origin/main", "HEAD")
    legacy = Job(root, env, "").run(only="Registry against the base branch")["Registry against the base branch"]
    lines = legacy.stdout.splitlines()
    assert legacy.returncode == 1
    assert len([line for line in lines if line.startswith(("::error", "::warning"))]) == 10
    assert re.fullmatch(r"::notice title=bep::\d+ more findings \(\d+ errors\) not annotated .*", lines[10])

    # Adoption on the base branch: canonical table, old findings recorded.
    bep = str(venv / "bin" / "bep")
    assert run([bep, "fix"], root, env).returncode == 1  # it changed the registry
    done = run([bep, "baseline"], root, env)
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "Adopt bep-hooks: canonical registry, baseline")
    git(root, env, "update-ref", "refs/remotes/origin/main", "HEAD")

    # A good pull request: a reserved number, a complete document, a matching title.
    git(root, env, "checkout", "-q", "-b", "storage-quotas")
    readme = (root / "README.md").read_text(encoding="utf-8")
    row = "| [1041](proposals/BEP-1041-storage-quotas.md) | Storage Quotas | Test Author | Draft |\n"
    (root / "README.md").write_text(readme.replace("| _next_ |", row + "| _next_ |", 1), encoding="utf-8")
    document = (root / "proposals" / "BEP-1028-kubernetes-bridge.md").read_text(encoding="utf-8")
    document = document.replace("Status: Accepted", "Status: Draft").replace(
        "Target-Version: 25.9.0\n", "Created-Version:\nTarget-Version:\nImplemented-Version:\n"
    )
    document = document.replace("# Kubernetes Bridge", "# Storage Quotas").replace("Daemyung Kang, Hyunhoi Koo", "Test Author")
    write_tree(root, {"proposals/BEP-1041-storage-quotas.md": document})
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "BEP-1041 (new): Storage Quotas")
    results = Job(root, env, "BEP-1041 (new): Storage Quotas").run()
    assert list(results)[1:] == ["Hooks on the files the pull request changes", "Registry against the base branch", "PR title"]
    for name, done in results.items():
        assert done.returncode == 0, f"{name}:\n{done.stdout}{done.stderr}"
    assert "::" not in results["Registry against the base branch"].stdout + results["PR title"].stdout

    # A bad pull request: an unreserved document, a registry number retitled, a title that names another number.
    git(root, env, "checkout", "-q", "-b", "bad", "main")
    write_tree(root, {"proposals/BEP-1042-gpu-quotas.md": document.replace("# Storage Quotas", "# GPU Quotas")})
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "| 1027 | Docker Relay in Compute Sessions |" in readme
    (root / "README.md").write_text(readme.replace("| 1027 | Docker Relay in Compute Sessions |", "| 1027 | GPU Quotas |"), encoding="utf-8")
    git(root, env, "add", "-A")
    git(root, env, "commit", "-q", "--no-verify", "-m", "GPU quotas")
    results = Job(root, env, "BEP-1041 (new): GPU Quotas").run()
    hooks_run, registry, title = (results[name] for name in ("Hooks on the files the pull request changes", "Registry against the base branch", "PR title"))
    assert hooks_run.returncode == 1 and "proposals/BEP-1042-gpu-quotas.md:1:1: error proposal-unreserved:" in hooks_run.stdout
    assert registry.returncode == 1
    assert "::error file=proposals/BEP-1042-gpu-quotas.md,line=1,col=1,title=proposal-unreserved::" in registry.stdout
    assert re.search(r"^::error file=README\.md,line=\d+,col=\d+,title=registry-reuse::BEP-1027 ", registry.stdout, re.M)
    assert title.returncode == 1 and re.search(r"^::error .*title=title-mismatch::", title.stdout, re.M), title.stdout


def test_the_readme_copies_this_workflow(tmp_path):
    """The README's CI section copies examples/github-workflow.yml, as written (with the
    clone it calls /opt/bep-hooks being this checkout)."""
    text = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## CI\n(.*?)(?=^## )", text, re.S | re.M).group(1)
    [block] = re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M)
    done = subprocess.run(
        ["bash", "-e", "-c", block.replace("/opt/bep-hooks", str(CHECKOUT))], cwd=str(tmp_path), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".github" / "workflows" / "beps.yml").read_bytes() == WORKFLOW.read_bytes()
