"""The `bep` command's outside: formats, exit codes, paths, and the hook entry points."""

from __future__ import annotations

import json

from bep_hooks import check_proposals, check_registry

from .conftest import registry_readme

UNSORTED = "| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n"


def test_text_format_is_one_line_per_finding_sorted(make_repo, bep):
    root = make_repo({"README.md": registry_readme(UNSORTED + "| 1002 | C | - | Nope |\n")})
    code, out, err = bep("check", "--only", "registry", "--root", str(root))
    assert code == 1
    assert out.splitlines() == [
        "README.md:11:1: error registry-unsorted: row 1000 is out of order (it comes after 1001 on line 10); "
        "run `bep fix` to sort the table",
        "README.md:12:"
        + str(registry_readme("| 1002 | C | - | Nope |\n").splitlines()[9].index("Nope") + 1)
        + ": error registry-status-unknown: unknown status 'Nope'; use one of: Draft, Accepted, Implemented, "
        "Rejected, Superseded",
    ]
    assert "Found 2 errors (1 fixable with `bep fix`)." in err


def test_json_format_has_exactly_the_contract_keys(make_repo, bep):
    root = make_repo({"README.md": registry_readme(UNSORTED)})
    code, out, _ = bep("check", "--format", "json", "--root", str(root))
    data = json.loads(out)
    assert code == 1 and data
    for item in data:
        assert set(item) == {"rule", "severity", "path", "line", "column", "message", "fixable"}


def test_github_format_escapes_and_grades(make_repo, bep):
    rows = "| [1005](proposals/BEP-1005-x.md) | Ahead, of writing | - | Draft |\n"
    root = make_repo({"README.md": registry_readme(rows)})
    code, out, _ = bep("check", "--only", "registry", "--format", "github", "--root", str(root))
    assert code == 0  # only a warning
    assert out.startswith("::warning file=README.md,line=10,col=3,title=registry-link-broken::link ")


def test_clean_repository_exits_zero_and_prints_nothing(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Draft |\n")})
    assert bep("check", "--only", "registry", "--root", str(root)) == (0, "", "")


def test_usage_and_configuration_errors_exit_2(make_repo, bep):
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": "no-such-setting: 1\n"})
    code, _, err = bep("check", "--root", str(root))
    assert code == 2 and "unknown setting 'no-such-setting'" in err
    code, _, err = bep("check", "--format", "xml", "--root", str(root))
    assert code == 2 and "Invalid value for '--format'" in err
    code, _, err = bep("check", "--root", str(root / "missing"))
    assert code == 2


def test_root_defaults_to_the_enclosing_git_work_tree(make_repo, bep):
    root = make_repo({"README.md": registry_readme(UNSORTED)})
    code, out, _ = bep("check", "--only", "registry", cwd=root / "proposals")
    assert code == 1 and out.startswith("README.md:11:1:")


def test_paths_limit_reports_to_the_files_given(make_repo, bep, monkeypatch):
    root = make_repo({"README.md": registry_readme(UNSORTED), "proposals/notes.md": "# Notes\n"})
    monkeypatch.chdir(root)
    assert bep("check", "proposals/notes.md")[0] == 0
    assert bep("check", "README.md")[0] == 1


def test_a_folder_path_checks_the_files_in_it_and_the_root_checks_everything(make_repo, bep, monkeypatch):
    files = {"README.md": registry_readme(UNSORTED), "proposals/BEP-1005-x.md": "# X\n", "notes/a.md": "# A\n"}
    root = make_repo(files)
    monkeypatch.chdir(root)
    code, out, _ = bep("check", "proposals/")
    assert code == 1 and {line.split(":")[0] for line in out.splitlines()} == {"proposals/BEP-1005-x.md"}
    assert bep("check", "notes")[:2] == (0, "")
    everything = bep("check")
    assert bep("check", ".")[:2] == everything[:2] and "README.md:11:1:" in everything[1]


def test_a_path_that_is_not_there_or_not_inside_is_a_usage_error(make_repo, bep, monkeypatch, tmp_path):
    root = make_repo({"README.md": registry_readme(UNSORTED)})
    monkeypatch.chdir(root)
    code, _, err = bep("check", "proposals/BEP-1005-typo.md")
    assert code == 2 and "proposals/BEP-1005-typo.md: no such file or folder" in err
    (tmp_path / "elsewhere.md").write_text("x", encoding="utf-8")
    code, _, err = bep("check", str(tmp_path / "elsewhere.md"))
    assert code == 2 and "not inside the repository" in err


def test_hook_entry_points_take_the_staged_files(make_repo, monkeypatch, capsys):
    root = make_repo({"README.md": registry_readme(UNSORTED)})
    monkeypatch.chdir(root)
    assert check_registry.main(["README.md"]) == 1
    assert "registry-unsorted" in capsys.readouterr().out
    assert check_registry.main(["proposals/BEP-0000-template.md"]) == 0
    assert check_proposals.main(["README.md"]) == 0


def test_version_and_help(bep):
    assert bep("--version")[0] == 0
    code, out, _ = bep("--help")
    assert code == 0 and "check" in out and "fix" in out


def test_help_shows_whole_command_summaries(bep):
    from bep_hooks.cli import bep as group

    code, out, _ = bep("--help")
    commands = out.split("Commands:")[1]
    assert code == 0 and "..." not in commands
    listed = " ".join(commands.split())
    for name, command in group.commands.items():
        if not command.hidden:
            first = " ".join(command.help.split("\n\n")[0].split()).split(". ")[0].rstrip(".")
            assert f"{name} {first}" in listed, (name, first)


def test_max_annotations_caps_the_github_annotations_and_keeps_every_finding(bep):
    """GitHub shows 10 error annotations a step: the cap annotates the first N, one notice
    says how many more, and the rest stay in the log as text lines."""
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "fixtures" / "example"
    code, full, _ = bep("check", "--format", "github", "--no-baseline", "--root", str(example))
    annotations = full.splitlines()
    assert code == 1 and len(annotations) > 10 and all(line.startswith("::") for line in annotations)

    code, capped, _ = bep("check", "--format", "github", "--no-baseline", "--max-annotations", "10", "--root", str(example))
    lines = capped.splitlines()
    assert code == 1  # the cap changes what is annotated, never the verdict
    assert lines[:10] == annotations[:10]
    rest = len(annotations) - 10
    errors = sum(1 for line in annotations[10:] if line.startswith("::error"))
    assert lines[10] == (
        f"::notice title=bep::{rest} more findings ({errors} errors) not annotated "
        "(--max-annotations 10); the job log lists them below"
    )
    assert len(lines) == len(annotations) + 1 and not any(line.startswith("::") for line in lines[11:])
    code, text, _ = bep("check", "--no-baseline", "--root", str(example))
    assert lines[11:] == text.splitlines()[10:]  # the same findings, as text

    code, uncapped, _ = bep("check", "--format", "github", "--no-baseline", "--max-annotations", str(len(annotations)), "--root", str(example))
    assert uncapped == full  # at or under the cap: no notice

    code, _, err = bep("check", "--max-annotations", "3", "--root", str(example))
    assert code == 2 and "--max-annotations applies to --format github only" in err
