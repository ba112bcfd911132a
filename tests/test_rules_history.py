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
