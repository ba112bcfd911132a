"""PR titles and commit messages: `bep title` and the `bep-title` commit-msg hook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bep_hooks import check_title
from bep_hooks.config import DEFAULT, Config, parse_config
from bep_hooks.parse.title import TitleProblem, read_message
from bep_hooks.parse.title import check_title as read_title
from bep_hooks.rules.title import title_problem_text

from .conftest import proposal, registry_readme
from .gitrepo import commit_all, git, init

ROWS = "| 1010 | New GQL | - | Draft |\n| 1011 | Storage Quotas | Kim | Draft |\n| 1012 | RBAC | Lee | Draft |\n"


def title_findings(bep, root, *args):
    code, out, err = bep("title", "--root", str(root), "--format", "json", *args)
    return code, json.loads(out or "[]"), err


@pytest.fixture
def repo(make_repo):
    return make_repo({"README.md": registry_readme(ROWS)})


@pytest.mark.parametrize(
    "title",
    [
        "BEP-9999 (new): A shiny new feature",
        "BEP-9999 (update): Change the implementation plan",
        "BEP-9999 (accept): Planned for 25.9 LTS",
        "BEP-9999 (reject): Decided to drop because of cost",
        "BEP-9999 (revise): Update integration with ZZZ subsytem",
        "BEP-1000, BEP-1016 (update): Align accelerator metadata with interface v2",
        "BEP-1013 (new): GraphQL Schema for New Model Service (#18)",
    ],
)
def test_titles_of_the_seed_readme_pass(repo, bep, title):
    assert bep("title", "--root", str(repo), title) == (0, "", "")


@pytest.mark.parametrize(
    "title, column, problem, suggestion",
    [
        ("BEP-1013(new): GraphQL schema", 9, "put a space between the number and '('", "BEP-1013 (new): GraphQL schema"),
        ("BEP1004: Scenario tester", 1, "needs a hyphen", "BEP-1004 (update): Scenario tester"),
        ("BEP-1014: Preemption of sessions", 9, "no kind after the number", "BEP-1014 (update): Preemption of sessions"),
        ("BEP-1000 (accepted): Planned for 25.9", 11, "unknown kind 'accepted'", "BEP-1000 (accept): Planned for 25.9"),
        ("BEP-1000 (fix): Typo", 11, "unknown kind 'fix'", "BEP-1000 (update): Typo"),
        ("BEP-1000 (new):", 16, "the summary after the colon is empty", None),
        ("BEP-1000 (new): (#18)", 17, "the summary after the colon is empty", None),
        ("BEP-101 (new): Short number", 1, "'101' has 3 digits; numbers here have 4", "BEP-0101 (new): Short number"),
        ("BEP-10000 (new): Long number", 1, "'10000' has 5 digits", None),
        ("bep-1000 (new): Lower case", 1, "write the prefix as 'BEP', not 'bep'", "BEP-1000 (new): Lower case"),
        ("BEP-1000 (new) Missing colon", 16, "no colon after the kind: write '(new): Summary'", "BEP-1000 (new): Missing colon"),
        ("BEP-1000,BEP-1016 (update): Tight", 9, "separate numbers with ', '", "BEP-1000, BEP-1016 (update): Tight"),
        ("BEP-1000 [update] - Brackets (#7)", 10, "in parentheses", "BEP-1000 (update): Brackets (#7)"),
    ],
)
def test_drifted_titles_fail_with_the_expected_form_and_the_nearest_spelling(
    repo, bep, title, column, problem, suggestion
):
    code, findings, _ = title_findings(bep, repo, title)
    assert code == 1
    [finding] = findings
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == ("title-format", "<title>", 1, column)
    assert "must read 'BEP-NNNN (new|update|accept|reject|revise): Summary'" in finding["message"]
    assert problem in finding["message"]
    if suggestion:
        assert finding["message"].endswith(f"did you mean '{suggestion}'?")
        assert read_title(suggestion, DEFAULT).problems == ()  # the suggestion itself passes
    else:
        assert "did you mean" not in finding["message"]


def test_other_titles_pass_where_not_every_pr_is_a_proposal_pr(make_repo, bep, tmp_path):
    monorepo = make_repo({"proposals/README.md": registry_readme(ROWS)})  # the registry beside the documents
    assert bep("title", "--root", str(monorepo), "Fix the CI workflow")[0] == 0
    assert bep("title", "--root", str(monorepo), "[BEP-1000] Fix a typo")[0] == 0
    opted_out = make_repo({"README.md": registry_readme(ROWS), ".bep.yaml": "title-required: false\n"})
    assert bep("title", "--root", str(opted_out), "Fix the CI workflow")[0] == 0


def test_commit_messages_stay_free_in_a_standalone_repository(repo, bep, tmp_path):
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("Fix the CI workflow\n")
    assert bep("title", "--root", str(repo), "--file", str(message))[0] == 0
    assert bep("title", "--root", str(repo), "Fix the CI workflow")[0] == 1  # a PR title there is not


@pytest.mark.parametrize(
    "title, suggestion",
    [
        ("Add storage quota BEP (#31)", "BEP-1011 (new): Add storage quota BEP (#31)"),  # the registry's 'Storage Quotas'
        ("topic: BEP1020 quota spec (#40)", "BEP-1020 (update): Quota spec (#40)"),
        ("fix: BEP 1019 typo (#44)", "BEP-1019 (update): Typo (#44)"),
    ],
)
def test_a_standalone_repository_holds_every_pr_title_to_the_rule(repo, bep, title, suggestion):
    code, findings, _ = title_findings(bep, repo, title)
    assert code == 1
    [finding] = findings
    assert finding["rule"] == "title-format"
    assert finding["message"].endswith(f"did you mean '{suggestion}'?")
    assert read_title(suggestion, DEFAULT).problems == ()


def test_title_required_makes_every_title_follow_the_rule(make_repo, bep):
    root = make_repo({"README.md": registry_readme(ROWS), ".bep.yaml": "title-required: true\n"})
    code, findings, _ = title_findings(bep, root, "[BEP-1000] Fix a typo")
    assert code == 1
    assert "does not start with 'BEP-NNNN'" in findings[0]["message"]
    assert "did you mean 'BEP-1000 (update): Fix a typo'?" in findings[0]["message"]
    assert title_findings(bep, root, "Fix the CI workflow")[0] == 1


@pytest.mark.parametrize(
    "title",
    [
        "Merge branch 'main' into feature",
        "Merge pull request #18 from lablup/bep-1043",
        'Revert "BEP-1043 (new): Storage quotas"',
        "fixup! BEP-1043 (new): Storage quotas",
        "squash! anything",
        "amend! BEP-1043 (new): x",
    ],
)
def test_merge_revert_fixup_titles_pass_even_when_required(make_repo, bep, title):
    root = make_repo({"README.md": registry_readme(ROWS), ".bep.yaml": "title-required: true\n"})
    assert bep("title", "--root", str(root), title)[0] == 0


def test_message_file_ignores_comments_and_the_scissors_section(repo, bep, tmp_path):
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text(
        "# Please enter the commit message for your changes.\n"
        "\n"
        "BEP1004: Scenario tester\n"
        "\n"
        "Body text.\n"
        "# ------------------------ >8 ------------------------\n"
        "diff --git a/x b/x\n"
    )
    code, findings, _ = title_findings(bep, repo, "--file", str(message))
    assert code == 1 and findings[0]["line"] == 3 and findings[0]["rule"] == "title-format"

    message.write_text("# BEP1004: a comment, not the title\n# ------------------------ >8 ------------------------\nBEP1004: x\n")
    assert bep("title", "--root", str(repo), "--file", str(message))[0] == 0  # nothing but comments: empty


def test_message_file_comments_follow_gits_comment_character(repo, bep, tmp_path):
    init(repo)
    git(repo, "config", "core.commentChar", ";")
    message = tmp_path / "COMMIT_EDITMSG"
    message.write_text("; BEP1004: a comment in this repository\n#1234 is fixed\n; ------ >8 ------\n; BEP1: x\n")
    code, findings, _ = title_findings(bep, repo, "--file", str(message))
    assert code == 0  # '#1234 is fixed' is the title here, and names no proposal
    message.write_text("; Please enter the commit message\nBEP1004: Scenario tester\n")
    code, findings, _ = title_findings(bep, repo, "--file", str(message))
    assert (code, findings[0]["line"]) == (1, 2)
    assert read_message("; c\n# title\n", "m", comment_char=";").title == "# title"


def test_read_message_keeps_the_first_real_line():
    text = "\ufeff\n\n  \nBEP-1000 (new): x  \r\nbody\n"
    message = read_message(text, "m")
    assert (message.title, message.line) == ("BEP-1000 (new): x", 4)
    assert read_message("# only\n# comments\n", "m").title == ""
    assert read_message("#hash tag title", "m", comments=False).title == "#hash tag title"


def test_title_needs_exactly_one_of_message_and_file(repo, bep, tmp_path):
    assert bep("title", "--root", str(repo))[0] == 2
    (tmp_path / "m").write_text("x\n")
    code, _, err = bep("title", "--root", str(repo), "--file", str(tmp_path / "m"), "BEP-1000 (new): x")
    assert code == 2 and "one of them" in err
    code, _, err = bep("title", "--root", str(repo), "--file", str(tmp_path / "missing"))
    assert code == 2 and "cannot read the message file" in err


def test_a_message_that_is_not_utf8_is_no_crash(repo, bep, tmp_path):
    message = tmp_path / "m"
    message.write_bytes(b"BEP1004: caf\xe9\n")
    code, out, err = bep("title", "--root", str(repo), "--file", str(message))
    assert code == 1 and "title-format" in out and "Traceback" not in err


def test_fork_kinds_and_pattern(make_repo, bep):
    root = make_repo({"README.md": registry_readme(ROWS), ".bep.yaml": "title-kinds: [draft, final]\n"})
    assert bep("title", "--root", str(root), "BEP-1000 (final): Done")[0] == 0
    code, findings, _ = title_findings(bep, root, "BEP-1000 (new): x")
    assert code == 1 and "use one of: draft, final" in findings[0]["message"]

    config = parse_config(r"title-pattern: '\[BEP-[0-9]{4}\] .+'" + "\n")
    assert read_title("[BEP-1000] Something", config).problems == ()
    assert read_title("[BEP-1000] Something", config).numbers == (1000,)
    assert read_title("BEP-1000 (new): Something", config).problems != ()


def test_severity_applies_to_title_rules(make_repo, bep):
    root = make_repo({"README.md": registry_readme(ROWS), ".bep.yaml": "severity:\n  title-format: warning\n"})
    code, out, _ = bep("title", "--root", str(root), "BEP1004: x")
    assert code == 0 and "warning title-format" in out


# -- with git: the staged files decide -------------------------------------------------


def staged_repo(make_repo, added="proposals/BEP-1011-storage-quotas.md"):
    root = init(make_repo({"README.md": registry_readme(ROWS), "proposals/BEP-1010-new-gql.md": proposal("New GQL")}))
    commit_all(root, "start")
    (root / added).parent.mkdir(parents=True, exist_ok=True)
    (root / added).write_text(proposal("Storage Quotas"))
    git(root, "add", added)
    return root


def write_message(root, text):
    path = root / ".git" / "COMMIT_EDITMSG"
    path.write_text(text + "\n# Please enter the commit message\n")
    return path


def test_hook_rejects_a_title_naming_another_number_than_the_staged_proposal(make_repo, monkeypatch, capsys):
    root = staged_repo(make_repo)
    monkeypatch.chdir(root)
    write_message(root, "BEP-1012 (new): Storage Quotas")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(".git/COMMIT_EDITMSG:1:1: error title-mismatch: the title names BEP-1012, but the commit ")
    assert "changes BEP-1011" in out

    write_message(root, "BEP-1011 (new): Storage Quotas")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 0


def test_hook_requires_the_form_when_a_proposal_is_staged(make_repo, monkeypatch, capsys):
    root = staged_repo(make_repo)
    monkeypatch.chdir(root)
    write_message(root, "Add the storage quota proposal")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1
    out = capsys.readouterr().out
    # the number comes from the staged proposal, so that title-mismatch accepts the suggestion
    assert "did you mean 'BEP-1011 (new): Add the storage quota proposal'?" in out
    assert "(the commit changes BEP-1011)" in out

    write_message(root, "BEP-1011: Add the storage quota proposal")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1
    assert "did you mean 'BEP-1011 (new): Add the storage quota proposal'?" in capsys.readouterr().out


def test_a_supporting_file_counts_as_its_proposal(make_repo, monkeypatch, capsys):
    root = staged_repo(make_repo, added="proposals/BEP-1010/diagram.md")
    monkeypatch.chdir(root)
    write_message(root, "BEP-1012 (update): Add a diagram")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1
    assert "commit changes BEP-1010" in capsys.readouterr().out
    write_message(root, "BEP-1010 (update): Add a diagram")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 0


def test_a_proposal_the_title_leaves_out_is_reported(make_repo, monkeypatch, capsys):
    root = staged_repo(make_repo)
    (root / "proposals/BEP-1010-new-gql.md").write_text(proposal("New GQL v2"))
    git(root, "add", "-A")
    monkeypatch.chdir(root)
    write_message(root, "BEP-1011 (new): Storage Quotas")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1
    assert "the commit also changes BEP-1010" in capsys.readouterr().out
    write_message(root, "BEP-1010, BEP-1011 (update): Storage Quotas and GQL")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 0


def test_no_proposal_staged_means_other_titles_pass(make_repo, monkeypatch):
    root = staged_repo(make_repo, added="docs/notes.md")
    monkeypatch.chdir(root)
    write_message(root, "Update the notes")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 0
    write_message(root, "BEP1004: but this looks like a proposal title")
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 1


def test_hook_args_come_before_the_message_file(make_repo, monkeypatch, capsys):
    root = staged_repo(make_repo, added="docs/notes.md")
    (root / "tools").mkdir()
    (root / "tools/bep.yaml").write_text("title-required: true\n")
    monkeypatch.chdir(root)
    write_message(root, "Update the notes")
    assert check_title.main(["--config", "tools/bep.yaml", ".git/COMMIT_EDITMSG"]) == 1
    assert "title-format" in capsys.readouterr().out
    assert check_title.main([".git/COMMIT_EDITMSG"]) == 0


def test_pr_title_against_the_base_branch(make_repo, bep):
    root = init(make_repo({"README.md": registry_readme(ROWS)}))
    commit_all(root, "start")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "proposals/BEP-1011-storage-quotas.md").write_text(proposal("Storage Quotas"))
    commit_all(root, "wip")
    code, findings, _ = title_findings(bep, root, "--against", "main", "BEP-1012 (new): Storage Quotas")
    assert code == 1 and findings[0]["rule"] == "title-mismatch"
    assert bep("title", "--root", str(root), "--against", "main", "BEP-1011 (new): Storage Quotas")[0] == 0
    code, _, err = bep("title", "--root", str(root), "--against", "no-such-branch", "BEP-1011 (new): x")
    assert code == 2 and "'no-such-branch' is not a commit" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commit_msg_hook_through_pre_commit(make_repo, tmp_path):
    """The real thing: pre-commit at the commit-msg stage runs bep-title with the message file."""
    pytest.importorskip("pre_commit")
    root = staged_repo(make_repo)
    entry = shutil.which("bep-title", path=str(sys.executable.rsplit("/", 1)[0])) or "bep-title"
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: local\n  hooks:\n  - id: bep-title\n    name: BEP commit title\n"
        f"    entry: {entry}\n    language: system\n    stages: [commit-msg]\n"
    )
    git(root, "add", ".pre-commit-config.yaml")
    env_home = tmp_path / "home"
    env_home.mkdir()
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pc"), "HOME": str(env_home)}
    import os

    full_env = {**os.environ, **env}
    full_env.pop("GIT_INDEX_FILE", None)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install", "--hook-type", "commit-msg"],
        cwd=root, env=full_env, check=True, capture_output=True,
    )
    from .gitrepo import ENV

    commit_env = {**full_env, **ENV, "HOME": str(env_home)}
    bad = subprocess.run(
        ["git", "commit", "-q", "-m", "BEP-1012 (new): Storage Quotas"], cwd=root, env=commit_env, capture_output=True, text=True
    )
    assert bad.returncode != 0 and "title-mismatch" in bad.stdout + bad.stderr
    good = subprocess.run(
        ["git", "commit", "-q", "-m", "BEP-1011 (new): Storage Quotas"], cwd=root, env=commit_env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr


def test_show_source_quotes_the_title(repo, bep, tmp_path):
    code, out, _ = bep("title", "--root", str(repo), "--show-source", "BEP-1013(new): GraphQL schema")
    assert code == 1
    assert out.splitlines()[1:] == ["  |", "1 | BEP-1013(new): GraphQL schema", "  |         ^"]
    message = tmp_path / "m"
    message.write_text("# comment\n\nBEP1004: x\n")
    out = bep("title", "--root", str(repo), "--show-source", "--file", str(message))[1]
    assert out.splitlines()[1:] == ["  |", "3 | BEP1004: x", "  | ^"]


def test_pathological_titles_are_read_quickly():
    import time

    start = time.perf_counter()
    for title in ("BEP" + " " * 50000 + "x", "BEP-1" + ", 1" * 20000 + " (", "x" + " BEP " * 20000, "BEP-1 (" + "a" * 50000):
        read_title(title, DEFAULT)
    assert time.perf_counter() - start < 5


def test_a_wrong_separator_after_the_kind_says_what_to_write(repo, bep):
    code, [finding], _ = title_findings(bep, repo, "BEP-1000 (new) - Dash")
    assert code == 1
    assert "'-' after the kind must be a colon: write '(new): Summary'" in finding["message"]


def test_github_annotation_of_a_title_names_no_file(repo, bep, tmp_path):
    code, out, _ = bep("title", "--root", str(repo), "--format", "github", "BEP1000: x")
    assert code == 1
    assert out.startswith("::error title=title-format::the title must read")
    assert "file=" not in out
    message = tmp_path / "MSG"
    message.write_text("BEP1000: x\n")
    code, out, _ = bep("title", "--root", str(repo), "--format", "github", "--file", str(message))
    assert code == 1 and out.startswith("::error file=") and ",line=1,col=1,title=title-format::" in out


# -- pinned by mutation testing (mutation/README.md): each diagnostic, its column, the suggestion


def worded(problems, config=DEFAULT):
    """The problems as title-format words them (rules/title.py)."""
    return tuple(title_problem_text(problem, config) for problem in problems)


def title_report(title, config=DEFAULT, default_kind="update"):
    check = read_title(title, config, default_kind)
    return worded(check.problems, config), check.column, check.suggestion


@pytest.mark.parametrize(
    "title, problems, column, suggestion",
    [
        ("BEP-1000 (new) : Add x", ("no space before the colon",), 15, "BEP-1000 (new): Add x"),
        ("BEP-1000 (new):Add x", ("put one space after the colon",), 16, "BEP-1000 (new): Add x"),
        ("BEP-1000 (new):  Add x", ("put one space after the colon",), 16, "BEP-1000 (new): Add x"),
        (" BEP-1000 (new): Add x", ("the title starts with white space",), 1, "BEP-1000 (new): Add x"),
        ("BEP-1000 (new]: Add x", ("write the kind in parentheses: '(new)'",), 10, "BEP-1000 (new): Add x"),
        ("BEP-1000 [new): Add x", ("write the kind in parentheses: '(new)'",), 10, "BEP-1000 (new): Add x"),
        ("BEP-1000 [new]: Add x", ("write the kind in parentheses: '(new)'",), 10, "BEP-1000 (new): Add x"),
        ("BEP-1000 (new):", ("the summary after the colon is empty",), 16, None),
        ("BEP-1000 (new) Add x", ("no colon after the kind: write '(new): Summary'",), 16, "BEP-1000 (new): Add x"),
        ("BEP-1000: X", ("no kind after the number: add ' (new|update|accept|reject|revise)'",), 9, "BEP-1000 (update): X"),
        (
            "BEP-1000 X",
            (
                    "no kind after the number: add ' (new|update|accept|reject|revise)'",
                    "no colon after the kind: write '(update): Summary'",
                ),
            9,
            "BEP-1000 (update): X",
        ),
        ("BEP-1000,BEP-1001 (new): X", ("separate numbers with ', ' (found ',')",), 9, "BEP-1000, BEP-1001 (new): X"),
        ("BEP-1000, 1001 (new): X", ("write each number with its prefix: 'BEP-1001'",), 11, "BEP-1000, BEP-1001 (new): X"),
        (
            "BEP 1000  (new): X",
            ("'BEP 1000' needs a hyphen between prefix and number: 'BEP-1000'", "put one space between the number and '('"),
            1,
            "BEP-1000 (new): X",
        ),
        ("BEP-100 (new): X", ("'100' has 3 digits; numbers here have 4",), 1, "BEP-0100 (new): X"),
        ("BEP-01000 (new): X (#12)", ("'01000' has 5 digits; numbers here have 4",), 1, "BEP-1000 (new): X (#12)"),
        ("BEP-1000 (): X", ("empty kind '()'; use one of: new, update, accept, reject, revise",), 11, "BEP-1000 (update): X"),
    ],
)
def test_each_title_diagnostic_its_column_and_the_suggestion(title, problems, column, suggestion):
    assert title_report(title) == (problems, column, suggestion)


def test_the_reader_gives_typed_problems_and_the_rule_words_them():
    check = read_title("BEP 1000  (Nw) - X", DEFAULT)
    assert check.problems == (
        TitleProblem("hyphen", 1, ("BEP 1000", "1000")),
        TitleProblem("kind-space", 11, ("  ",)),
        TitleProblem("kind-unknown", 12, ("Nw",)),
        TitleProblem("colon-wrong", 16, ("-", "new")),
    )
    kep = Config(prefix="KEP", number_width=3, title_kinds=("add", "fix"))
    assert read_title("kep 1000 (nw): X", kep).problems == (
        TitleProblem("prefix-case", 1, ("kep",)),
        TitleProblem("hyphen", 1, ("kep 1000", "1000")),
        TitleProblem("width", 1, ("1000",)),
        TitleProblem("kind-unknown", 11, ("nw",)),
    )
    assert worded(read_title("kep 1000 (nw): X", kep).problems, kep) == (
        "write the prefix as 'KEP', not 'kep'",
        "'kep 1000' needs a hyphen between prefix and number: 'KEP-1000'",
        "'1000' has 4 digits; numbers here have 3",
        "unknown kind 'nw'; use one of: add, fix",
    )


def test_a_problem_two_numbers_share_is_given_once_where_it_is_first():
    assert read_title("bep-1000, bep-1001 (new): X", DEFAULT).problems == (TitleProblem("prefix-case", 1, ("bep",)),)
    assert read_title("BEP-1000, 1001, 1002 (new): X", DEFAULT).problems == (
        TitleProblem("prefix-missing", 11, ("BEP-1001",)),
        TitleProblem("prefix-missing", 17, ("BEP-1002",)),
    )


def test_problems_come_in_the_order_of_their_columns_with_the_first_one_reported():
    problems, column, suggestion = title_report("bep1000(New) - Add x")
    assert problems == (
        "write the prefix as 'BEP', not 'bep'",
        "'bep1000' needs a hyphen between prefix and number: 'BEP-1000'",
        "put a space between the number and '('",
        "unknown kind 'New'; use one of: new, update, accept, reject, revise",
        "'-' after the kind must be a colon: write '(new): Summary'",
    )
    assert (column, suggestion) == (1, "BEP-1000 (new): Add x")
    assert title_report(" BEP-1000 (new):Add x")[:2] == (
        ("the title starts with white space", "put one space after the colon"),
        1,
    )


@pytest.mark.parametrize(
    "kind, suggested",
    [
        ("updat", "update"),  # a close spelling
        ("re", "reject"),  # too short to be close: the first kind it begins
        ("newfeature", "new"),  # too long to be close: the kind it begins with
        ("xyz", "update"),  # nothing near: the default kind
    ],
)
def test_an_unknown_kind_suggests_the_nearest_then_the_default(kind, suggested):
    problems, column, suggestion = title_report(f"BEP-1000 ({kind}): X")
    assert problems == (f"unknown kind '{kind}'; use one of: new, update, accept, reject, revise",)
    assert (column, suggestion) == (11, f"BEP-1000 ({suggested}): X")


def test_without_a_usable_default_kind_an_unrecognised_kind_gets_no_suggestion():
    assert title_report("BEP-1000 (xyz): X", default_kind="nope")[2] is None
    assert title_report("BEP-1000: X", default_kind="nope")[2] is None
    assert title_report("BEP-1000 (revise): X", default_kind="nope")[0] == ()


def test_a_title_that_does_not_start_with_a_number():
    check = read_title("[BEP-1000] Add x", DEFAULT)
    assert (worded(check.problems), check.column, check.suggestion, check.attempt) == (
        ("the title does not start with 'BEP-NNNN'",),
        1,
        "BEP-1000 (new): Add x",
        False,
    )
    assert [tuple(ref) for ref in check.refs] == [(1000, "BEP-1000", 2)]
    later = read_title("Add x for BEP-1000 (#7)", DEFAULT)
    assert later.suggestion == "BEP-1000 (new): Add x for BEP-1000 (#7)"
    assert read_title("[BEP-1000]", DEFAULT).suggestion is None
    assert read_title("Add x for BEP-12345", DEFAULT).suggestion is None  # no 4-digit spelling
    assert read_title("Add x", DEFAULT).refs == ()


def test_a_title_that_follows_the_rule_has_no_problem_and_names_its_numbers_once():
    check = read_title("BEP-1000, BEP-1016 (update): Sync (#18)", DEFAULT)
    assert (check.problems, check.column, check.suggestion, check.attempt) == ((), 1, None, True)
    assert [tuple(ref) for ref in check.refs] == [(1000, "BEP-1000", 1), (1016, "BEP-1016", 11)]
    assert read_title("BEP-1000, BEP-1000 (new): X", DEFAULT).numbers == (1000,)


def test_a_huge_number_is_read_without_int_blowing_up():
    check = read_title("BEP-" + "9" * 40 + " (new): X", DEFAULT)
    assert check.refs[0].number == 10**18 and check.suggestion is None


def test_read_message_lines_changes_and_the_scissors_only_with_comments():
    assert read_message("a\rb", "m") == ("m", "a", 1, None)
    assert read_message("\r\n\rtitle\n", "m", [("A", "x.md")]) == ("m", "title", 3, (("A", "x.md"),))
    assert read_message("", "m", []) == ("m", "", 0, ())
    assert read_message("  # --- >8 ---\nafter\n", "m").title == ""  # the scissors, indented
    assert read_message("# --- >8 ---\nafter\n", "m", comments=False).title == "# --- >8 ---"
    assert read_message("#x\n", "m", comments=False).title == "#x"


@pytest.mark.parametrize(
    "title, exempt",
    [
        ("Merge branch 'main'", True),
        ("Merge remote-tracking branch 'origin/main'", True),
        ("Merge 'x'", True),
        ("  Merge tag 'v1'", True),
        ("Reapply \"BEP-1000 (new): x\"", True),
        ("amend! x", True),
        ("Merged the proposals", False),
        ("Merge branchy", False),
        ("Revert BEP-1000", False),
        ("fixup x", False),
    ],
)
def test_only_titles_git_writes_are_exempt(title, exempt):
    from bep_hooks.parse.title import is_exempt

    assert is_exempt(title) is exempt


def test_the_expected_form_follows_the_configuration():
    from bep_hooks.config import Config
    from bep_hooks.rules.title import expected_form

    assert expected_form(DEFAULT) == "BEP-NNNN (new|update|accept|reject|revise): Summary"
    assert expected_form(Config(prefix="KEP", number_width=3, title_kinds=("add", "fix"))) == "KEP-NNN (add|fix): Summary"
    assert expected_form(Config(title_pattern="^x")) == "^x"


def test_a_title_pattern_replaces_the_rule_and_still_finds_the_numbers():
    from bep_hooks.config import Config

    config = Config(title_pattern=r"BEP-[0-9]{4}: .+")
    check = read_title("BEP-1000: Add x", config)
    assert (check.problems, check.column, check.suggestion, check.attempt) == ((), 1, None, True)
    check = read_title("see bep 1001 and BEP-1002", config)
    assert worded(check.problems, config) == ("the title does not match 'BEP-[0-9]{4}: .+'",)
    assert [tuple(ref) for ref in check.refs] == [(1001, "bep 1001", 5), (1002, "BEP-1002", 18)]
    assert (check.column, check.suggestion, check.attempt) == (1, None, False)


def test_number_length_limit_and_the_nearest_kind_by_spelling():
    assert read_title("BEP-" + "9" * 18 + " (new): X", DEFAULT).refs[0].number == 10**18 - 1
    assert read_title("BEP-2" + "0" * 18 + " (new): X", DEFAULT).refs[0].number == 10**18
    assert title_report("BEP-1000 (accpet): X")[2] == "BEP-1000 (accept): X"  # close, not a prefix


@pytest.mark.parametrize(
    "title, suggestion",
    [
        ("(BEP-1000)Add x", "BEP-1000 (new): Add x"),  # the number taken out, up to the bracket; 'Add' is new
        ("[BEP-1000] Xcode support", "BEP-1000 (update): Xcode support"),  # 'Xcode' names no kind
        ("((BEP-1000)) Add x", "BEP-1000 (new): Add x"),  # every bracket around a leading number goes
        ("Add x  (#7)", None),
        # a number inside the prose stays where it is: taking it out left 'Sync and ,'
        ("Sync BEP-1000 and BEP-1001, BEP-1000", "BEP-1000, BEP-1001 (update): Sync BEP-1000 and BEP-1001, BEP-1000"),
        ("[BEP-1000] Add x  (#7)", "BEP-1000 (new): Add x (#7)"),
        ("Add x [BEP-1000] (#3)", "BEP-1000 (new): Add x (#3)"),  # a bracketed number at the end goes too
        ("[BEP-1000, BEP-1001] sync", "BEP-1000, BEP-1001 (update): Sync"),
        ("docs(BEP-1000): Add x", "BEP-1000 (new): Add x"),  # a conventional head with the number in its scope
    ],
)
def test_the_suggestion_for_a_title_that_does_not_start_with_a_number(title, suggestion):
    assert read_title(title, DEFAULT).suggestion == suggestion


def test_a_number_without_prefix_is_spelt_at_the_width_and_an_unknown_kind_in_brackets():
    assert title_report("BEP-1000, 01001 (new): X")[0][0] == "write each number with its prefix: 'BEP-1001'"
    assert title_report("BEP-1000, 12345 (new): X")[0][0] == "write each number with its prefix: 'BEP-12345'"
    assert title_report("BEP-1000 [xyz]: X", default_kind="nope")[0][0] == "write the kind in parentheses: '(kind)'"


def test_a_dash_for_the_colon_is_reported_where_it_is():
    assert title_report("BEP-1000 (new) - Add x") == (
        ("'-' after the kind must be a colon: write '(new): Summary'",),
        16,
        "BEP-1000 (new): Add x",
    )
    assert title_report("BEP-1000 (xyz) X", default_kind="nope")[0][-1] == "no colon after the kind: write '(kind): Summary'"


def test_auto_comment_char_picks_the_first_character_no_line_starts_with():
    from bep_hooks.parse.title import git_auto_comment

    # '#' starts a line and the last line is no comment: git chose the first other candidate
    assert git_auto_comment(["#123 x", "real title"]) == ";"
    assert git_auto_comment(["#1 x", ";2 y", "@3 z", "real title"]) == "!"
    # the last line names it by its first character
    assert git_auto_comment(["#123 x", "; Please enter the commit message", "; with"]) == ";"


def test_a_message_read_with_comment_char_auto_drops_the_comments_git_would():
    text = "#123 x\nreal title\n# Please enter the commit message\n#\n"
    assert read_message(text, "m", cleanup="strip", comment_char="auto").title == "real title"
    text = "#123 x\nreal title\n"  # git chose ';': the '#' line is the title
    assert read_message(text, "m", cleanup="strip", comment_char="auto").title == "#123 x"


# -- pinned by mutation testing (mutation/SURVIVORS.md, hooks/parse/title.py) ---------------


def test_auto_comment_char_when_every_line_holds_a_hash_or_every_candidate_starts_one():
    from bep_hooks.parse.title import git_auto_comment

    # every line holds a '#' somewhere, one starts with it: git takes the next candidate
    assert git_auto_comment(["Title #1", "# comment", "body #2"]) == ";"
    # every candidate starts a line: nothing is left, '#' stays (git itself gives up there)
    assert git_auto_comment([c + " x" for c in "#;@!$%^&|:"] + ["title"]) == "#"


def test_a_title_that_is_no_attempt_or_misses_its_pattern_is_one_problem_at_column_1():
    from bep_hooks.parse.title import NOT_A_START, PATTERN_MISMATCH

    assert read_title("Add storage quotas", DEFAULT).problems == (TitleProblem(NOT_A_START, 1),)
    assert read_title("Add x", Config(title_pattern="XEP .+")).problems == (TitleProblem(PATTERN_MISMATCH, 1),)


def test_a_wrong_colon_after_an_unknown_kind_asks_for_a_kind():
    # kinds without `update` (the default kind): an unknown kind has no stand-in
    kinds = Config(title_kinds=("new", "edit"))
    texts = [title_problem_text(problem, kinds) for problem in read_title("BEP-1011 (zzzz) - Add x", kinds).problems]
    assert "'-' after the kind must be a colon: write '(kind): Summary'" in texts
    texts = [title_problem_text(problem, DEFAULT) for problem in read_title("BEP-1011 (zzzz) - Add x", DEFAULT).problems]
    assert "'-' after the kind must be a colon: write '(update): Summary'" in texts


def test_a_suggestion_trims_the_summary_and_keeps_a_kind_the_repository_has():
    assert read_title("[BEP-1000]  -  Add   storage  quota", DEFAULT).suggestion == "BEP-1000 (new): Add storage quota"
    # `accept` reads as a kind word, but this repository's kinds are new and update
    kinds = Config(title_kinds=("new", "update"))
    assert read_title("Accept storage quota [BEP-1000]", kinds).suggestion == "BEP-1000 (update): Accept storage quota"
    assert read_title("Accept storage quota [BEP-1000]", DEFAULT).suggestion == "BEP-1000 (accept): Accept storage quota"
