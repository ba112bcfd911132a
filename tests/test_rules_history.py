"""The comparison with the base branch (hooks/rules/history.py): when a number still names
the same proposal, and rows without a number."""

from __future__ import annotations

import pytest

from .test_against import BASE_ROWS, _row, against, repo_on_main, set_rows


@pytest.mark.parametrize(
    "ours, theirs, same",
    [
        # words are compared, not letters run together
        ("| 1041 | Ab Cd | - | Draft |", "| 1041 | A Bcd | - | Draft |", False),
        # an escaped pipe is a character of the title, not nothing
        ("| 1041 | Data Quota Plan | - | Draft |", "| 1041 | Data \\| Quota | - | Draft |", False),
        ("| 1041 | Data \\| Quota v2 | - | Draft |", "| 1041 | Data \\| Quota | - | Draft |", True),
        # a number skipped on the base is never the same proposal, whatever the new title says
        ("| 1041 | Was (skipped) now used | - | Draft |", "| 1041 | _(skipped)_ | | |", False),
    ],
)
def test_same_proposal_edges(ours, theirs, same):
    from bep_hooks.rules.history import same_proposal

    assert same_proposal(_row(ours), _row(theirs)) is same


def test_rows_without_a_number_are_left_out_of_the_comparison(make_repo, bep):
    root = repo_on_main(make_repo, BASE_ROWS + "| TBD | Later | - | Draft |\n")
    set_rows(root, BASE_ROWS + "| TBD | Later, renamed | - | Draft |\n")
    code, findings, _ = against(bep, root)
    # (the TBD row is an invalid number, as without --against; nothing is compared for it)
    assert [rule for rule, _, _ in findings] == ["registry-number-invalid"]


@pytest.mark.parametrize("broken", ["current", "base"])
@pytest.mark.parametrize("how", ["conflicted", "no table"])
def test_a_registry_that_cannot_be_read_row_by_row_is_not_compared(make_repo, bep, broken, how):
    """With conflict markers, or no table, on either side, `--against` compares nothing:
    registry-malformed or registry-missing say what is wrong, not a row 'removed' or
    'reused' that only the broken reading invents."""
    from .gitrepo import commit_all, git

    changed = BASE_ROWS.replace("Storage Quotas", "Storage Quota Scopes")  # a retitled row: registry-reuse when read
    if how == "conflicted":
        bad = "<<<<<<< HEAD\n" + BASE_ROWS + "=======\n" + changed + ">>>>>>> other\n"
    else:
        bad = None
    root = repo_on_main(make_repo)
    if broken == "base":
        if bad is None:
            (root / "README.md").write_text("# BEPs\n\nNo table yet.\n")
        else:
            set_rows(root, bad)
        commit_all(root, "broken base")
        git(root, "branch", "-f", "base")
        set_rows(root, changed)
    else:
        git(root, "branch", "-f", "base")
        if bad is None:
            (root / "README.md").write_text("# BEPs\n\nNo table yet.\n")
        else:
            set_rows(root, bad)
    code, findings, err = against(bep, root, "base")
    rules = {rule for rule, _, _ in findings}
    assert not rules & {"registry-reuse", "registry-removed", "registry-backfill"}, findings
    if broken == "current":
        assert rules == {"registry-malformed" if how == "conflicted" else "registry-missing"}, findings


def test_a_conflicted_base_is_not_compared_row_by_row(make_repo, bep):
    """A base whose registry holds conflict markers (one side reserved 1043) is no base to
    compare with: its 1043 is not 'removed' by a current registry that resolved the
    conflict without it."""
    from .gitrepo import commit_all, git

    root = repo_on_main(make_repo)
    set_rows(root, "<<<<<<< HEAD\n" + BASE_ROWS + "=======\n" + BASE_ROWS + "| 1043 | Theirs | Choi | Draft |\n>>>>>>> other\n")
    commit_all(root, "a conflicted base")
    git(root, "branch", "-f", "base")
    set_rows(root, BASE_ROWS)
    code, findings, _ = against(bep, root, "base")
    assert (code, findings) == (0, [])
