"""`bep check --against REF`: the races git does not catch."""

from __future__ import annotations

import json

import pytest

from .conftest import registry_readme, write_tree
from .gitrepo import commit_all, git, init

BASE_ROWS = (
    "| 1040 | Fair Share Scheduler | Kim | Draft |\n"
    "| 1041 | Storage Quotas | Lee | Accepted |\n"
    "| 1042 | Event Bus | Park | Draft |\n"
)


def repo_on_main(make_repo, rows=BASE_ROWS):
    root = init(make_repo({"README.md": registry_readme(rows)}))
    commit_all(root, "start")
    return root


def set_rows(root, rows):
    (root / "README.md").write_text(registry_readme(rows))


def against(bep, root, ref="main", *extra):
    code, out, err = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", ref, *extra)
    return code, [(f["rule"], f["line"], f["message"]) for f in json.loads(out or "[]")], err


def test_unchanged_registry_and_a_proper_reservation_pass(make_repo, bep):
    root = repo_on_main(make_repo)
    assert against(bep, root)[:2] == (0, [])
    set_rows(root, BASE_ROWS + "| 1043 | GPU Partitioning | Choi | Draft |\n")
    assert against(bep, root)[:2] == (0, [])


def test_two_branches_that_took_the_same_number_merge_cleanly_and_are_caught(make_repo, bep):
    root = repo_on_main(make_repo)
    git(root, "checkout", "-q", "-b", "first")
    set_rows(root, BASE_ROWS + "| 1043 | GPU Partitioning | Choi | Draft |\n")
    commit_all(root, "BEP-1043 (new): GPU Partitioning")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "second")
    # the second author put the row in another place of the table
    set_rows(root, BASE_ROWS.replace("| 1041 |", "| 1043 | Quota Scopes | Kim | Draft |\n| 1041 |"))
    commit_all(root, "BEP-1043 (new): Quota Scopes")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "first")

    # CI of the second pull request, after the first one merged
    git(root, "checkout", "-q", "second")
    code, findings, _ = against(bep, root)
    assert code == 1
    assert [(f[0], f[1]) for f in findings] == [("registry-reuse", 11), ("registry-unsorted", 12)]
    rule, line, message = findings[0]
    assert message.startswith("BEP-1043 is 'GPU Partitioning' on main (line 13), here it is 'Quota Scopes'")

    # git itself merges both without a conflict: the merged table holds the number twice
    git(root, "merge", "-q", "--no-edit", "main")
    code, findings, _ = against(bep, root)
    assert code == 1 and ("registry-duplicate", 14) in [(r, l) for r, l, _ in findings]


def test_renaming_in_place_or_linking_a_document_is_no_reuse(make_repo, bep):
    root = repo_on_main(make_repo)
    rows = BASE_ROWS.replace("| 1041 | Storage Quotas |", "| [1041](proposals/BEP-1041-storage-quotas.md) | Storage Quotas (v2) |")
    rows = rows.replace("| 1040 | Fair Share Scheduler | Kim | Draft |", "| 1040 | _(skipped)_ | | |")
    set_rows(root, rows)
    assert [f[0] for f in against(bep, root)[1] if f[0] != "registry-link-broken"] == []


def test_a_skipped_number_taken_again_is_reuse(make_repo, bep):
    root = repo_on_main(make_repo, BASE_ROWS + "| 1043 | _(skipped)_ | | |\n")
    set_rows(root, BASE_ROWS + "| 1043 | Sneaky | Kim | Draft |\n")
    findings = against(bep, root)[1]
    assert [(f[0], f[1]) for f in findings] == [("registry-reuse", 13)]
    assert "BEP-1043 is skipped on main" in findings[0][2]


def test_documents_that_differ_are_reuse_even_when_titles_match(make_repo, bep):
    rows = BASE_ROWS.replace("| 1042 | Event Bus |", "| [1042](proposals/BEP-1042-event-bus.md) | Event Bus |")
    root = repo_on_main(make_repo, rows)
    set_rows(root, rows.replace("BEP-1042-event-bus.md", "BEP-1042-mypy-strict-mode.md"))
    assert ("registry-reuse", 12) in [(f[0], f[1]) for f in against(bep, root)[1]]


def test_a_row_that_disappeared_is_reported(make_repo, bep):
    root = repo_on_main(make_repo)
    set_rows(root, BASE_ROWS.replace("| 1041 | Storage Quotas | Lee | Accepted |\n", ""))
    code, findings, _ = against(bep, root)
    assert code == 1
    [(rule, line, message)] = findings
    assert (rule, line) == ("registry-removed", 11)  # where the row belongs: before 1042
    assert message.startswith("BEP-1041 ('Storage Quotas') is in the registry on main but not here")


def test_a_new_number_below_the_base_highest_is_a_backfill_warning(make_repo, bep):
    root = repo_on_main(make_repo, BASE_ROWS.replace("| 1041 | Storage Quotas | Lee | Accepted |\n", ""))
    set_rows(root, BASE_ROWS)
    code, findings, _ = against(bep, root)
    assert code == 0
    assert [(f[0], f[1]) for f in findings] == [("registry-backfill", 11)]
    assert "below BEP-1042, the highest number on main" in findings[0][2]


def test_status_transitions_follow_the_lifecycle(make_repo, bep):
    root = repo_on_main(make_repo)
    set_rows(root, BASE_ROWS.replace("| Park | Draft |", "| Park | Accepted |"))
    assert against(bep, root)[:2] == (0, [])
    set_rows(root, BASE_ROWS.replace("| Park | Draft |", "| Park | Implemented |"))
    code, findings, _ = against(bep, root)
    assert code == 1 and [(f[0], f[1]) for f in findings] == [("status-transition", 12)]
    assert "changed status from Draft (on main) to Implemented; Draft may change to: Accepted, Rejected, Superseded" in findings[0][2]
    set_rows(root, BASE_ROWS.replace("| Lee | Accepted |", "| Lee | Draft |"))
    assert against(bep, root)[1][0][0] == "status-transition"


def test_configured_transitions(make_repo, bep):
    root = repo_on_main(make_repo)
    (root / ".bep.yaml").write_text("transitions:\n  Draft: [Implemented]\n")
    set_rows(root, BASE_ROWS.replace("| Park | Draft |", "| Park | Implemented |"))
    assert against(bep, root)[:2] == (0, [])
    set_rows(root, BASE_ROWS.replace("| Lee | Accepted |", "| Lee | Draft |"))  # Accepted is no key: free
    assert against(bep, root)[:2] == (0, [])


def test_without_against_the_comparison_rules_stay_silent(make_repo, bep):
    root = repo_on_main(make_repo)
    set_rows(root, BASE_ROWS.replace("| 1041 | Storage Quotas | Lee | Accepted |\n", ""))
    assert bep("check", "--root", str(root), "--only", "registry")[0] == 0


def test_a_base_without_a_registry_compares_nothing(make_repo, bep):
    root = init(make_repo({"docs.md": "# Docs\n"}))
    commit_all(root, "start")
    set_rows(root, BASE_ROWS)
    assert against(bep, root)[:2] == (0, [])


def test_a_bad_ref_or_no_repository_exits_2(make_repo, bep, tmp_path):
    root = repo_on_main(make_repo)
    code, out, err = bep("check", "--root", str(root), "--against", "origin/main")
    assert code == 2 and out == ""
    assert "--against origin/main: 'origin/main' is not a commit in this repository" in err
    assert "Traceback" not in err
    code, _, err = bep("check", "--root", str(root), "--against", "--help")
    assert code == 2

    plain = write_tree(tmp_path / "plain", {"README.md": registry_readme(BASE_ROWS)})
    code, _, err = bep("check", "--root", str(plain), "--against", "main")
    assert code == 2 and "not inside a git work tree" in err


def test_against_a_tag_and_a_commit_hash(make_repo, bep):
    root = repo_on_main(make_repo)
    git(root, "tag", "v1")
    head = git(root, "rev-parse", "HEAD").strip()
    set_rows(root, BASE_ROWS.replace("| 1042 | Event Bus |", "| 1042 | Something Else |"))
    assert against(bep, root, "v1")[1][0][0] == "registry-reuse"
    assert against(bep, root, head[:10])[1][0][0] == "registry-reuse"


def test_github_format_for_ci(make_repo, bep):
    root = repo_on_main(make_repo)
    set_rows(root, BASE_ROWS.replace("| 1042 | Event Bus |", "| 1042 | Something Else |"))
    code, out, _ = bep("check", "--root", str(root), "--format", "github", "--against", "main")
    assert code == 1 and out.startswith("::error file=README.md,line=12,col=3,title=registry-reuse::BEP-1042 is 'Event Bus' on main")


# -- pinned by mutation testing (mutation/README.md): how two rows are told apart ------


def _row(cells: str):
    from bep_hooks.config import Config
    from bep_hooks.parse.registry import parse_registry
    from bep_hooks.parse.source import Source

    return parse_registry(Source.from_text("README.md", registry_readme(cells + "\n")), Config()).rows[0]


def test_the_document_a_row_links_to_is_its_stem():
    from bep_hooks.rules.history import _document

    assert _document(_row("| [1041](proposals/BEP-1041-quotas.md#top) | T | - | Draft |")) == "BEP-1041-quotas"
    assert _document(_row("| [1041](BEP-1041/) | T | - | Draft |")) == "BEP-1041"
    assert _document(_row("| [1041](https://example.com/BEP-1041.md) | T | - | Draft |")) is None
    assert _document(_row("| [1041](#registry) | T | - | Draft |")) is None
    assert _document(_row("| 1041 | T | - | Draft |")) is None
    assert _document(_row("| [1041](notes.mdx) | T | - | Draft |")) == "notes.mdx"


@pytest.mark.parametrize(
    "ours, theirs, same",
    [
        ("| 1041 | Storage Quotas (v2) | - | Draft |", "| 1041 | storage  *quotas* | - | Draft |", True),
        ("| 1041 | Quotas | - | Draft |", "| 1041 | Storage Quotas | - | Draft |", True),
        ("| 1041 | GPU | - | Draft |", "| 1041 | Storage Quotas | - | Draft |", False),
        ("| 1041 | | - | Draft |", "| 1041 | Storage Quotas | - | Draft |", False),
        ("| [1041](BEP-1041-quotas-v2.md) | X | - | Draft |", "| [1041](BEP-1041-quotas.md) | Y | - | Draft |", True),
        ("| [1041](BEP-1041-gpu.md) | Same | - | Draft |", "| [1041](BEP-1041-quotas.md) | Same | - | Draft |", False),
        ("| [1041](BEP-1041-gpu.md) | Same | - | Draft |", "| 1041 | Same | - | Draft |", True),
        ("| 1041 | _(skipped)_ | | |", "| 1041 | Storage Quotas | - | Draft |", True),
        ("| 1041 | Storage Quotas | - | Draft |", "| 1041 | _(skipped)_ | | |", False),
    ],
)
def test_a_number_names_the_same_proposal_by_link_else_by_title(ours, theirs, same):
    from bep_hooks.rules.history import same_proposal as _same_proposal

    assert _same_proposal(_row(ours), _row(theirs)) is same


def test_a_removed_row_is_reported_where_it_belongs_or_at_the_placeholder(make_repo, bep):
    root = repo_on_main(make_repo, BASE_ROWS + "| 1043 | _(skipped)_ | | |\n")
    set_rows(root, BASE_ROWS.replace("| 1042 | Event Bus | Park | Draft |\n", ""))
    findings = against(bep, root)[1]
    assert [(rule, line) for rule, line, _ in findings] == [("registry-removed", 12), ("registry-removed", 12)]
    assert findings[0][2].startswith("BEP-1042 ('Event Bus') is in the registry on main but not here; a number")
    assert findings[1][2].startswith("BEP-1043 is in the registry on main but not here")  # skipped: no title
    text = registry_readme(BASE_ROWS).replace("| _next_ | _(reserve your number here)_ | | |\n", "")
    (root / "README.md").write_text(text.replace("| 1042 | Event Bus | Park | Draft |\n", ""))
    assert [(rule, line) for rule, line, _ in against(bep, root)[1]] == [("registry-removed", 8), ("registry-removed", 8)]


def test_backfill_column_and_a_rejected_status_is_final(make_repo, bep):
    root = repo_on_main(make_repo, BASE_ROWS.replace("| Park | Draft |", "| Park | Rejected |"))
    set_rows(root, "| 1039 | Early | Kim | Draft |\n" + BASE_ROWS.replace("| Park | Draft |", "| Park | Accepted |"))
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    findings = [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(out)]
    assert findings == [
        ("registry-backfill", 10, 3, "BEP-1039 is new here but below BEP-1042, the highest number on main: it was "
         "reserved from an older view of the registry; take the next free number (`bep next` after updating) "
         "unless it was left free on purpose"),
        ("status-transition", 13, 29, "BEP-1042 changed status from Rejected (on main) to Accepted; Rejected may "
         "change to: nothing (it is final)"),
    ]
