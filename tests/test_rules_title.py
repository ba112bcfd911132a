"""The title rules on their own: which changes count as a proposal's, which kind a
suggestion takes, where a mismatch is reported. Pinned by mutation testing
(mutation/README.md); the hook and `bep title` paths are in test_title.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bep_hooks.config import Config
from bep_hooks.repository import Project
from bep_hooks.rules import TITLE
from bep_hooks.rules.base import Context
from bep_hooks.rules.title import _numbers, _registry_guess, _words, changed_proposals, title_format, title_mismatch
from bep_hooks.parse.title import Message

from .conftest import TEMPLATE, proposal, registry_readme


@pytest.fixture
def project(make_repo):
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-1010-a.md": proposal("A")})
    return Project(Path(root), Config())


def context(project, title, changes=(), config=None):
    if config is not None:
        project.config = config
    message = Message("MSG", title, 3, None if changes is None else tuple(changes))
    return Context(project, frozenset([TITLE]), message=message)


def problems(rule, ctx):
    return [(p.path, p.line, p.column, p.message) for p in rule(ctx)]


def test_changed_proposals_are_main_documents_and_supporting_files_in_the_folder(project):
    changes = [
        ("A", "proposals/BEP-1011-new.md"),
        ("M", "proposals/BEP-1010-a.md"),
        ("A", "proposals/BEP-1012/diagram.png"),
        ("A", "proposals/BEP-1013-x/notes.md"),
        ("M", "proposals/BEP-0000-template.md"),
        ("A", "docs/BEP-1014-elsewhere.md"),
        ("A", "proposals/notes.md"),
        ("A", "proposals/BEP-1015-deep/BEP-1016-inner.md"),
    ]
    assert changed_proposals(context(project, "x", changes)) == {1011: True, 1010: False, 1012: False, 1013: False, 1015: False}


def test_a_document_both_added_and_changed_counts_as_new(project):
    changes = [("M", "proposals/BEP-1011-new.md"), ("A", "proposals/BEP-1011-new.md"), ("M", "proposals/BEP-1011-new.md")]
    assert changed_proposals(context(project, "x", changes)) == {1011: True}


def test_no_message_or_no_changes_changes_nothing(project):
    assert changed_proposals(Context(project, frozenset([TITLE]))) == {}
    assert changed_proposals(context(project, "x", ())) == {}


def test_without_a_proposals_folder_documents_are_recognised_by_name(make_repo):
    root = make_repo({"README.md": registry_readme("")}, template=False)
    ctx = context(Project(Path(root), Config()), "x", [("A", "any/where/BEP-1011-new.md"), ("A", "BEP-1012-top.md")])
    assert ctx.project.proposals_dir is None
    assert changed_proposals(ctx) == {1011: True, 1012: True}


def test_the_suggestion_takes_new_only_when_every_changed_document_is_added(project):
    added = [("A", "proposals/BEP-1011-new.md")]
    mixed = added + [("M", "proposals/BEP-1010-a.md")]
    assert "did you mean 'BEP-1011 (new): Add x'?" in problems(title_format, context(project, "BEP-1011: Add x", added))[0][3]
    # (the suggestion names every proposal the change touches, so title-mismatch accepts it)
    assert "did you mean 'BEP-1010, BEP-1011 (update): Add x'?" in problems(
        title_format, context(project, "BEP-1011: Add x", mixed)
    )[0][3]


def test_title_format_message_position_and_when_it_applies(project):
    added = [("A", "proposals/BEP-1011-new.md")]
    assert problems(title_format, context(project, "BEP-1011(new): Add x", added)) == [
        (
            "MSG",
            3,
            9,
            "the title must read 'BEP-NNNN (new|update|accept|reject|revise): Summary': put a space between the "
            "number and '('; did you mean 'BEP-1011 (new): Add x'?",
        )
    ]
    assert problems(title_format, context(project, "Add x", added)) == [
        (
            "MSG",
            3,
            1,
            "the title must read 'BEP-NNNN (new|update|accept|reject|revise): Summary': the title does not start "
            "with 'BEP-NNNN'; did you mean 'BEP-1011 (new): Add x'? (the commit changes BEP-1011)",
        )
    ]
    assert problems(title_format, context(project, "Add x")) == []  # no proposal changed, no attempt
    assert problems(title_format, context(project, "Add x", config=Config(title_required=True)))[0][2] == 1
    assert problems(title_format, context(project, "", added)) == [  # an empty title on a proposal commit
        (
            "MSG",
            1,
            1,
            "the message has no title (git keeps no line of it): the commit changes BEP-1011; write "
            "'BEP-NNNN (new|update|accept|reject|revise): Summary'",
        )
    ]
    assert problems(title_format, context(project, "Merge branch 'x'", added)) == []
    assert problems(title_format, context(project, "BEP-1011 (new): Add x", added)) == []
    assert problems(title_format, context(project, "", [("M", "README.md")], config=Config())) == []  # others stay free


def test_title_mismatch_reports_the_first_extra_number_where_it_is_written(project):
    changes = [("A", "proposals/BEP-1011-new.md")]
    assert problems(title_mismatch, context(project, "BEP-1011, BEP-1013, BEP-1012 (new): X", changes)) == [
        (
            "MSG",
            3,
            11,
            "the title names BEP-1012, BEP-1013, but the commit changes BEP-1011; name the proposals the commit changes",
        )
    ]


def test_title_mismatch_reports_a_left_out_proposal_at_the_first_number(project):
    changes = [("A", "proposals/BEP-1012-new.md"), ("M", "proposals/BEP-1010-a.md"), ("A", "proposals/BEP-1011-x.md")]
    assert problems(title_mismatch, context(project, "  BEP-1011 (update): X", changes)) == [
        (
            "MSG",
            3,
            3,
            "the commit also changes BEP-1010, BEP-1012; name every proposal it changes in the title "
            "('BEP-1010, BEP-1011, BEP-1012 (kind): Summary') or split the commit",
        )
    ]


def test_title_mismatch_needs_changed_proposals_and_named_numbers(project):
    changes = [("A", "proposals/BEP-1011-new.md")]
    assert problems(title_mismatch, context(project, "Add the proposal", changes)) == []
    assert problems(title_mismatch, context(project, "BEP-1012 (new): X")) == []
    assert problems(title_mismatch, context(project, "BEP-1011 (new): X", changes)) == []
    assert problems(title_mismatch, context(project, "Revert \"BEP-1012 (new): X\"", changes)) == []


def test_every_problem_the_title_reader_can_find_has_its_words():
    from bep_hooks.parse import title as reader
    from bep_hooks.rules.title import _WORDING

    assert sorted(_WORDING) == sorted(reader.CODES)
    assert len(set(reader.CODES)) == len(reader.CODES)
    assert all(isinstance(code, str) for code in reader.CODES)
def test_only_paths_inside_the_proposals_folder_count(project):
    # a sibling folder whose name is as long as the proposals folder's, or starts with it
    changes = [("A", "elsewhere/BEP-1011-x.md"), ("A", "proposals2/BEP-1012-x.md"), ("A", "proposals/BEP-1013-x.md")]
    assert changed_proposals(context(project, "x", changes)) == {1013: True}


def test_proposals_at_the_root_count_only_directly_there(make_repo):
    root = make_repo({"README.md": registry_readme(""), "BEP-0000-template.md": TEMPLATE}, template=False)
    changes = [("A", "BEP-1011-new.md"), ("A", "docs/BEP-1012-x.md"), ("M", "BEP-1013/diagram.png")]
    ctx = context(Project(Path(root), Config()), "x", changes)
    assert ctx.project.proposals_dir == ""
    assert changed_proposals(ctx) == {1011: True, 1013: False}


def test_words_drop_fillers_and_a_plural_s_of_longer_words():
    assert _words("The GPUs, a Bus and the Kernel of BEP-1011") == {"gpu", "bus", "kernel", "1011"}
    assert _words("Adds a new spec") == set()
    # fillers go as written and as singular: "docs" (not "doc"), "Proposals" ("proposal")
    assert _words("Fix docs") == set()
    assert _words("Proposals Updates Bus") == {"bus"}
    assert _words("Docs for Kernels") == {"kernel"}


def numbers(project, title, changed, changes=()):
    ctx = context(project, title, changes)
    return _numbers(ctx, ctx.message, changed)


def test_a_suggestion_names_every_changed_proposal_below_housekeeping(project):
    four = {n: False for n in (1014, 1011, 1013, 1012)}
    assert numbers(project, "Statuses", four) == [1011, 1012, 1013, 1014]


def test_a_housekeeping_suggestion_names_what_the_title_names_or_the_first(project):
    five = {n: False for n in (1015, 1011, 1013, 1012, 1014)}
    assert numbers(project, "BEP-1013, BEP-1099: statuses", five) == [1013]
    assert numbers(project, "BEP-1014, BEP-1012: statuses", five) == [1014, 1012]
    assert numbers(project, "Set statuses", five) == [1011]


@pytest.fixture
def registry_project(make_repo):
    rows = (
        "| TBD | Kubernetes Bridge For Agents | - | Draft |\n"
        "| 1000 | GPU Partitioning | - | Draft |\n"
        "| 1001 | The Spec | - | Draft |\n"
        "| 1002 | Kubernetes Bridge | - | Draft |\n"
        "| 1003 | Storage Quota | - | Draft |\n"
        "| 1004 | Storage Volumes | - | Draft |\n"
    )
    root = make_repo({"README.md": registry_readme(rows), "proposals/BEP-1000-a.md": proposal("A")})
    return Project(Path(root), Config())


@pytest.mark.parametrize(
    "title, number",
    [
        ("Kubernetes bridge for agents", 1002),  # all of 1002's words; the TBD row has no number
        ("GPU support", 1000),  # half of 1000's words is enough
        ("Partitioning the kubernetes", None),  # half of 1000's words and half of 1002's: a tie
        ("Storage", None),  # half of 1003's and of 1004's words: a tie names none
        ("Completely unrelated", None),
        ("Add the new spec", None),  # only filler words (1001's title is filler too: skipped)
    ],
)
def test_a_title_without_numbers_names_the_registry_row_its_words_match(registry_project, title, number):
    ctx = context(registry_project, title, None)
    assert _registry_guess(ctx, title) == number
    # through the suggestion: only when the change is unknown (a PR title)
    assert numbers(registry_project, title, {}, None) == ([number] if number is not None else None)
    assert numbers(registry_project, title, {}, ()) is None


def test_the_best_share_wins_over_an_earlier_lesser_one(registry_project):
    title = "Storage quota kubernetes"  # 1003: all its words; 1004 and 1002: half
    assert _registry_guess(context(registry_project, title, None), title) == 1003


def test_no_registry_table_guesses_nothing(make_repo, tmp_path):
    root = make_repo({"README.md": "# BEPs\n\nNo registry here.\n", "proposals/BEP-1000-a.md": proposal("A")})
    ctx = context(Project(Path(root), Config()), "GPU", None)
    assert _registry_guess(ctx, "GPU") is None
    bare = tmp_path / "bare"
    (bare / "proposals").mkdir(parents=True)
    (bare / ".git").mkdir()
    (bare / "proposals" / "BEP-1000-a.md").write_text(proposal("A"))
    project = Project(bare, Config())
    assert project.registry is None
    assert _registry_guess(context(project, "GPU", None), "GPU") is None


# -- pinned by mutation testing: the thresholds, the conventional form, per-folder documents --


def changes_of(numbers, status="M"):
    return [(status, f"proposals/BEP-{number}-x.md") for number in numbers]


def test_no_message_is_no_title_finding(project):
    ctx = Context(project, frozenset([TITLE]))  # `bep check`: no commit message
    assert problems(title_format, ctx) == [] and problems(title_mismatch, ctx) == []


def test_a_name_that_only_starts_with_the_folders_name_is_not_in_it(project):
    changes = [("A", "proposals_BEP-1012-x.md"), ("A", "proposalsBEP-1013-x.md")]
    assert changed_proposals(context(project, "x", changes)) == {}


def test_in_a_folder_per_proposal_layout_only_an_added_document_is_new(tmp_path):
    import shutil

    from bep_hooks.cli import open_project

    root = tmp_path / "cips"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "cips", root)
    changes = [("M", "CIP-0001/README.md"), ("A", "CIP-0002/image.png"), ("A", "CIP-0003/README.md"), ("A", "CIP-0004")]
    assert changed_proposals(context(open_project(str(root), None), "x", changes)) == {1: False, 2: False, 3: True}


def test_an_empty_title_where_every_title_follows_the_rule(project):
    every = Config(title_required=True)
    assert problems(title_format, context(project, "", [("M", "README.md")], config=every)) == [
        (
            "MSG", 1, 1,
            "the message has no title (git keeps no line of it): every title follows the rule here; write "
            "'BEP-NNNN (new|update|accept|reject|revise): Summary'",
        )
    ]  # fmt: skip


def test_the_conventional_form_is_what_a_finding_asks_for(project):
    conventional = Config(title_pattern="conventional", title_required=True)
    [(_, _, _, message)] = problems(title_format, context(project, "", [], config=conventional))
    assert message.endswith("write 'type(scope): Summary naming BEP-NNNN'")


def test_every_problem_of_a_title_is_said_in_order(project):
    [(_, _, column, message)] = problems(title_format, context(project, "BEP1011: Add x", changes_of([1011], "A")))
    assert column == 1
    assert message == (
        "the title must read 'BEP-NNNN (new|update|accept|reject|revise): Summary': 'BEP1011' needs a hyphen between "
        "prefix and number: 'BEP-1011'; no kind after the number: add ' (new|update|accept|reject|revise)'; did you "
        "mean 'BEP-1011 (new): Add x'?"
    )


def test_five_changed_proposals_are_housekeeping_four_are_not(project):
    """A title that names no proposal passes a change to five or more (HOUSEKEEPING) under
    the standard rule; a change to four is held to it, and so is a title that names one."""
    five, four = changes_of(range(1011, 1016)), changes_of(range(1011, 1015))
    assert problems(title_format, context(project, "Set the statuses", five)) == []
    assert [p[2] for p in problems(title_format, context(project, "Set the statuses", four))] == [1]
    assert len(problems(title_format, context(project, "Set BEP1011 statuses", five))) == 1  # it names one
    # a title-pattern names the form: no housekeeping pass
    pattern = Config(title_pattern="XEP .+")
    assert len(problems(title_format, context(project, "Set the statuses", five, config=pattern))) == 1
    # title-mismatch: five need not all be named
    assert problems(title_mismatch, context(project, "BEP-1011 (update): Statuses", five)) == []
    assert len(problems(title_mismatch, context(project, "BEP-1011 (update): Statuses", four))) == 1


def test_a_pattern_title_that_names_no_proposal(project):
    conventional = Config(title_pattern="conventional")
    one, two, five = changes_of([1011]), changes_of([1011, 1012]), changes_of(range(1011, 1016))
    assert problems(title_mismatch, context(project, "docs: Update things", one, config=conventional)) == [
        (
            "MSG", 3, 1,
            "the title names no proposal, but the commit changes BEP-1011; name it in the title "
            "(e.g. 'docs: Update BEP-1011')",
        )
    ]  # fmt: skip
    [(_, _, _, message)] = problems(title_mismatch, context(project, "docs: Update things", two, config=Config(title_pattern="docs: .+")))
    assert message == "the title names no proposal, but the commit changes BEP-1011, BEP-1012; name them in the title"
    assert problems(title_mismatch, context(project, "docs: Update things", five, config=conventional)) == []


def test_a_left_out_proposal_is_reported_at_the_first_number_written(project):
    changes = changes_of([1010, 1011, 1012])
    [(_, _, column, _)] = problems(title_mismatch, context(project, "BEP-1010, BEP-1011 (update): X", changes))
    assert column == 1


def test_a_title_sharing_no_word_with_the_only_row_guesses_nothing(make_repo):
    root = make_repo({"README.md": registry_readme("| 1000 | GPU Partitioning | - | Draft |\n")})
    project = Project(Path(root), Config())
    assert _registry_guess(context(project, "Storage quotas", None), "Storage quotas") is None
    assert _registry_guess(context(project, "GPU things", None), "GPU things") == 1000
