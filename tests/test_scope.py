"""What a check of a change is held to (hooks.scope): the findings in the files it changed
and those it causes in the files that depend on them; legacy findings elsewhere stay out."""

from __future__ import annotations

import json
import os

import pytest

from bep_hooks import git as hooks_git
from bep_hooks.rules.catalogue import RULES, all_rules
from bep_hooks.parse.registry import numbers_in_rows
from bep_hooks.scope import DEPENDS
from bep_hooks.parse.title import git_auto_comment, read_message

from .conftest import TEMPLATE, proposal, registry_readme
from .gitrepo import commit_all, git, init

ROWS = (
    "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Kim | Draft |\n"
    "| [1002](proposals/BEP-1002-quota.md) | Quota | Lee | Nope |\n"  # a legacy finding
)


@pytest.fixture
def repo(make_repo):
    root = make_repo(
        {
            "README.md": registry_readme(ROWS),
            "proposals/BEP-1001-app-injection.md": proposal("App Injection"),
            "proposals/BEP-1002-quota.md": proposal("Quota", status="Nope"),  # legacy too
        }
    )
    init(root)
    commit_all(root, "start")
    return root


def findings(bep_json, root, *paths, env=None):
    code, found = bep_json("--root", str(root), *paths, cwd=root)
    return code, {(f["rule"], f["path"]) for f in found}


def test_every_rule_the_table_names_exists():
    all_rules()
    assert set(DEPENDS) <= set(RULES)


def test_a_renamed_document_is_held_to_the_row_linking_to_its_old_name(repo, bep_json):
    os.rename(repo / "proposals/BEP-1001-app-injection.md", repo / "proposals/BEP-1001-renamed.md")
    code, found = findings(bep_json, repo, "proposals/BEP-1001-renamed.md")
    assert code == 1
    assert found == {("registry-link-broken", "README.md")}  # not row 1002's legacy status


def test_legacy_findings_of_untouched_files_stay_out_of_a_text_edit(repo, bep_json):
    path = repo / "proposals/BEP-1001-app-injection.md"
    path.write_text(path.read_text() + "\nMore.\n")
    assert findings(bep_json, repo, "proposals/BEP-1001-app-injection.md") == (0, set())


def test_a_deleted_row_holds_the_readme_commit_to_its_document(repo, bep_json, monkeypatch):
    (repo / "README.md").write_text(registry_readme(ROWS.split("\n", 1)[1]))
    code, found = findings(bep_json, repo, "README.md")
    assert ("proposal-unreserved", "proposals/BEP-1001-app-injection.md") in found
    # the legacy status of the untouched row 1002 is the README's own: it is in the changed file
    assert all(path != "proposals/BEP-1002-quota.md" for _, path in found)


LAYOUT_ROWS = {
    # a number written through the table's pattern, in the first column
    "slip": (
        "prefix: SLIP\nlayout:\n  registry:\n    tables:\n      - heading: Acme SLIPs\n"
        "        columns: {number: Number, title: Title, author: null, status: Status}\n"
        "        number: \"{prefix}-{number:4}\"\n"
        "  series:\n    - prefix: SLIP\n      folder: \"\"\n      document: \"slip-{number:4}.md\"\n"
        "      number-start: 0\n",
        "# Acme SLIPs\n\n| Number | Title | Type | Status |\n|---|---|---|---|\n",
        ["| [SLIP-0044](slip-0044.md) | Coin Types | Standard | Final |\n", "| [SLIP-0048](slip-0048.md) | Paths | Standard | Final |\n"],
        {"slip-0044.md": "# SLIP-0044: Coin Types\n", "slip-0048.md": "# SLIP-0048: Paths\n"},
        "slip-0044.md",
    ),
    # the number in the second column, the link in the title cell
    "second-column": (
        "prefix: XIP\nlayout:\n  registry:\n    tables:\n      - heading: Proposals\n"
        "        columns: {number: '#', title: Title, author: null, status: Status}\n        link: title\n"
        "  series:\n    - prefix: XIP\n      folder: xips\n      document: \"xip-{number:4}.md\"\n"
        "      number-start: 0\n",
        "## Proposals\n\n| Kind | # | Title | Status |\n|---|---|---|---|\n",
        ["| Core | 0007 | [Seven](xips/xip-0007.md) | Final |\n", "| Core | 0009 | [Nine](xips/xip-0009.md) | Final |\n"],
        {"xips/xip-0007.md": "# XIP-0007: Seven\n", "xips/xip-0009.md": "# XIP-0009: Nine\n"},
        "xips/xip-0007.md",
    ),
}


@pytest.mark.parametrize("shape", sorted(LAYOUT_ROWS))
def test_a_deleted_row_of_any_table_shape_holds_the_commit_to_its_document(shape, make_repo, bep_json):
    """The rows a registry change touches are read through the table's own number column
    and pattern: deleting `| [SLIP-0044](...) |` (or a row whose number is not first) holds
    the commit to the document it leaves unreserved, not only to the README."""
    config, head, rows, documents, orphan = LAYOUT_ROWS[shape]
    root = make_repo({".bep.yaml": config, "README.md": head + "".join(rows), **documents})
    init(root)
    commit_all(root, "start")
    _, before = findings(bep_json, root)
    assert not any(rule == "proposal-unreserved" for rule, _ in before), before
    (root / "README.md").write_text(head + rows[1])
    code, found = findings(bep_json, root, "README.md")
    assert ("proposal-unreserved", orphan) in found, found
    assert code == 1


def test_under_pre_commit_the_change_is_read_from_git_deletions_included(repo, bep_json, monkeypatch):
    git(repo, "rm", "-q", "proposals/BEP-1001-app-injection.md")
    (repo / "proposals/BEP-1002-quota.md").write_text(proposal("Quota", status="Nope") + "\nMore.\n")
    git(repo, "add", "-A")
    monkeypatch.setenv("PRE_COMMIT", "1")
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    code, found = findings(bep_json, repo, "proposals/BEP-1002-quota.md")
    # pre-commit passed only the edited document; the deletion broke row 1001's link: an
    # error that says the change deletes the file (not "does not exist yet")
    assert ("status-unknown", "proposals/BEP-1002-quota.md") in found
    _, whole = bep_json("--root", str(repo), "proposals/BEP-1002-quota.md", cwd=repo)
    (broken,) = [f for f in whole if f["rule"] == "registry-link-broken"]
    assert broken["severity"] == "error" and "points at a file this change deletes" in broken["message"]
    monkeypatch.delenv("PRE_COMMIT")
    code, found = findings(bep_json, repo, "proposals/BEP-1002-quota.md")
    assert ("registry-link-broken", "README.md") not in found  # by hand: the paths given are the change


def test_a_template_change_holds_every_document_to_it(repo, bep_json):
    (repo / "proposals/BEP-0000-template.md").write_text(TEMPLATE + "\n## Rollout\n")
    code, found = findings(bep_json, repo, "proposals/BEP-0000-template.md")
    assert ("section-missing", "proposals/BEP-1001-app-injection.md") in found
    assert ("section-missing", "proposals/BEP-1002-quota.md") in found
    assert ("registry-status-unknown", "README.md") in found  # the statuses come from the template


def test_a_symlinked_readme_is_the_registry_by_its_real_name(make_repo, bep_json):
    root = make_repo({"docs/REGISTRY.md": registry_readme("| 1002 | B | - | Draft |\n| 1001 | A | - | Draft |\n")})
    os.symlink("docs/REGISTRY.md", root / "README.md")
    code, found = findings(bep_json, root, "docs/REGISTRY.md")
    assert found == {("registry-unsorted", "README.md")}


def test_changed_rows_are_read_from_the_diff():
    assert numbers_in_rows(["| [1042](x.md) | T | - | Draft |", "| 1043 | U | - | Draft |", "prose"]) == {1042, 1043}
    assert numbers_in_rows(["|--------|-------|"]) is None


@pytest.mark.parametrize(
    "argv, mode",
    [
        (["commit", "-m", "x"], None),
        (["commit", "--cleanup=verbatim", "-m", "x"], "verbatim"),
        (["-c", "a=b", "commit", "--cleanup", "scissors"], "scissors"),
        (["commit", "--clean=strip", "--cleanup=whitespace"], "whitespace"),  # a prefix; the last wins
        (["commit", "-m", "--cleanup=strip"], None),  # that is the message
        (["commit", "-am", "--cleanup=strip"], None),
        (["merge", "--cleanup=strip", "topic"], "strip"),
        (["log", "--cleanup=strip"], None),
    ],
)
def test_the_cleanup_option_is_read_as_git_parses_it(argv, mode):
    assert hooks_git._cleanup_option(argv) == mode


def test_auto_comment_char_is_the_one_git_chose():
    editor = ["#123 x", "", "; Please enter the commit message", "; with ';' will be ignored", ";"]
    assert git_auto_comment(editor) == ";"
    typed = ["#123 x", "real title", "# Please enter the commit message", "#"]  # git chose '#' before editing
    assert git_auto_comment(typed) == "#"
    assert git_auto_comment(["x", "; ------------------------ >8 ------------------------", "diff"]) == ";"
    assert git_auto_comment(["Fix it"]) == "#"


@pytest.mark.parametrize(
    "cleanup, title",
    [("strip", "Real title"), ("whitespace", "#123 Update stuff"), ("verbatim", "#123 Update stuff")],
)
def test_the_title_is_the_line_git_keeps(cleanup, title):
    text = "#123 Update stuff\nReal title\n# ------------------------ >8 ------------------------\nafter\n"
    assert read_message(text, "m", cleanup=cleanup).title == title


def test_the_hook_reads_the_mode_from_git_editor(repo, monkeypatch):
    monkeypatch.setattr(hooks_git, "_cleanup_from_command_line", lambda: None)
    monkeypatch.setenv("GIT_EDITOR", ":")
    assert hooks_git.commit_cleanup(repo) == ("whitespace", "#")
    monkeypatch.setenv("GIT_EDITOR", "vi")
    assert hooks_git.commit_cleanup(repo) == ("strip", "#")
    git(repo, "config", "commit.cleanup", "verbatim")
    git(repo, "config", "core.commentChar", "auto")
    assert hooks_git.commit_cleanup(repo) == ("verbatim", "auto")


MONO_ROWS = "".join(f"| [{n}](BEP-{n}-x.md) | T{n} | - | Draft |\n" for n in range(1040, 1050))


@pytest.fixture
def monorepo(make_repo):
    files = {"proposals/README.md": registry_readme(MONO_ROWS), ".bep.yaml": "title-pattern: conventional\n"}
    files.update({f"proposals/BEP-{n}-x.md": proposal(f"T{n}") for n in range(1040, 1050)})
    root = make_repo(files)
    init(root)
    commit_all(root, "start")
    return root


def _stage_edits(root, numbers):
    for n in numbers:
        path = root / f"proposals/BEP-{n}-x.md"
        path.write_text(path.read_text() + "\nMore.\n")
    git(root, "add", "-A")


def _title(bep, root, tmp_path, text):
    message = tmp_path / "MSG"
    message.write_text(text + "\n")
    code, out, _ = bep("title", "--root", str(root), "--format", "json", "--file", str(message), cwd=root)
    return code, [f["rule"] for f in json.loads(out or "[]")]


def test_the_conventional_monorepo_style_names_its_proposal(monorepo, bep, tmp_path):
    _stage_edits(monorepo, [1042])
    assert _title(bep, monorepo, tmp_path, "docs(BA-4183): Add BEP-1042 mypy strict mode migration") == (0, [])
    assert _title(bep, monorepo, tmp_path, "docs(BA-4183): Fix typos") == (1, ["title-mismatch"])
    assert _title(bep, monorepo, tmp_path, "Add BEP-1042 mypy strict mode") == (1, ["title-format"])


def test_a_housekeeping_change_need_not_name_each_proposal(monorepo, bep, tmp_path):
    _stage_edits(monorepo, range(1040, 1046))  # six proposals: housekeeping
    assert _title(bep, monorepo, tmp_path, "docs(BA-4200): Mark accepted proposals Accepted") == (0, [])
    assert _title(bep, monorepo, tmp_path, "docs(BA-4200): Update BEP-1049 status") == (1, ["title-mismatch"])


def test_on_a_push_the_change_is_what_the_pushed_commits_do(repo, monkeypatch):
    start = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "mv", "proposals/BEP-1001-app-injection.md", "proposals/BEP-1001-renamed.md")
    git(repo, "commit", "-q", "-m", "rename")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", start)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    changes = hooks_git.hook_change_set(repo, ["proposals/BEP-1001-renamed.md"])
    assert changes.paths == ("proposals/BEP-1001-renamed.md",)
    assert changes.gone == ("proposals/BEP-1001-app-injection.md",)
    assert changes.compare == (f"{start}...HEAD",)


def test_files_that_are_not_staged_are_the_change_as_given(repo, monkeypatch):
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    assert hooks_git.hook_change_set(repo, ["README.md"]) is None  # `pre-commit run --all-files`
    assert hooks_git.hook_change_set(repo / "nowhere", ["README.md"]) is None  # not a repository


def test_a_registry_git_has_not_seen_changes_every_row(repo):
    (repo / "proposals" / "REGISTRY.md").write_text(registry_readme(ROWS))
    git(repo, "add", "-A")
    assert hooks_git.changed_row_lines(repo, "proposals/REGISTRY.md", ("--cached",)) is None
    assert hooks_git.changed_row_lines(repo, "README.md", None) == []
    assert hooks_git.changed_row_lines(repo, "README.md", ("no-such-ref",)) == []


def test_the_cleanup_option_is_found_on_the_git_process_above_the_hook(monkeypatch):
    tree = {10: (["python", "-m", "pre_commit"], 9), 9: (["git", "commit", "--cleanup=verbatim"], 1)}
    monkeypatch.setattr(os, "getppid", lambda: 10)
    monkeypatch.setattr(hooks_git, "_process", lambda pid: tree.get(pid, ([], 0)))
    assert hooks_git._cleanup_from_command_line() == "verbatim"
    tree[9] = (["bash"], 1)
    assert hooks_git._cleanup_from_command_line() is None


def test_a_process_is_read_from_proc_or_else_from_ps(monkeypatch):
    argv, parent = hooks_git._process(os.getpid())
    assert parent == os.getppid() and any("python" in part or "pytest" in part for part in argv)

    def no_proc(*args, **kwargs):
        raise OSError("no /proc here")

    monkeypatch.setattr(hooks_git, "open", no_proc, raising=False)
    argv, parent = hooks_git._process(os.getpid())
    assert parent == os.getppid() and argv


def test_scissors_and_unknown_modes_without_an_editor(repo, monkeypatch):
    monkeypatch.setenv("GIT_EDITOR", ":")
    monkeypatch.setattr(hooks_git, "_cleanup_from_command_line", lambda: "scissors")
    assert hooks_git.commit_cleanup(repo)[0] == "whitespace"
    monkeypatch.setenv("GIT_EDITOR", "vi")
    assert hooks_git.commit_cleanup(repo)[0] == "scissors"
    monkeypatch.setattr(hooks_git, "_cleanup_from_command_line", lambda: "nonsense")
    assert hooks_git.commit_cleanup(repo)[0] == "strip"


def test_check_fix_fixes_first_then_checks_and_says_it_changed_a_file(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1002 | B | - | Draft |\n| 1001 | A | - | Draft |\n")})
    code, out, err = bep("check", "--fix", "--root", str(root), str(root / "README.md"), cwd=root)
    assert code == 1 and "Fixing README.md" in out and "registry-unsorted" not in out
    assert bep("check", "--fix", "--root", str(root), str(root / "README.md"), cwd=root)[0] == 0
