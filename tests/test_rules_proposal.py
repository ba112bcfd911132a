"""proposal-* rules (hooks/rules/proposal.py): each finding whole, with its line, column and words.

Pinned by mutation testing (mutation/README.md): the suggested registry row, the rename
hint, the three kinds of duplicate advice, the conflict count, which documents a rule
skips without stopping."""

from __future__ import annotations

from pathlib import Path

from bep_hooks.config import Config
from bep_hooks.repository import Project
from bep_hooks.rules import PROPOSALS
from bep_hooks.rules.base import Context
from bep_hooks.rules.proposal import proposal_conflict, proposal_duplicate

from .test_rules_proposals import ROWS, check, doc, repo


def proposal_findings(bep_json, root):
    _, findings = check(bep_json, root)
    return [
        (f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"].startswith("proposal-")
    ]


def test_an_unreserved_document_gets_the_row_to_add_and_a_misnamed_one_its_name(make_repo, bep_json):
    files = {
        "proposals/BEP_1052- quota  scopes -.md": doc("Quota"),
        "proposals/BEP-1050-foo.md": "---\nAuthor: Kim Lee (kim@example.com)\nStatus: Accepted\nCreated: 2025-01-01\n---\n\n"
        "# BEP-1050: Foo | Bar\n\n## Motivation\n",
        "proposals/BEP-1051-plain.md": "---\nAuthor: Your Full Name (email@example.com)\nCreated: 2025-01-01\n---\n\nNo title.\n",
    }
    found = proposal_findings(bep_json, repo(make_repo, **files))
    assert found == [
        (
            "proposals/BEP-1050-foo.md", 1, 1, "proposal-unreserved",
            "BEP-1050 has no row in the registry (README.md); reserve it by adding "
            "'| [1050](proposals/BEP-1050-foo.md) | Foo \\| Bar | Kim Lee | Accepted |' to the table, "
            "or renumber the document with the next free number (`bep next`)",
        ),
        (
            "proposals/BEP-1051-plain.md", 1, 1, "proposal-unreserved",
            "BEP-1051 has no row in the registry (README.md); reserve it by adding "
            "'| [1051](proposals/BEP-1051-plain.md) | Title | - | Draft |' to the table, "
            "or renumber the document with the next free number (`bep next`)",
        ),
        (
            "proposals/BEP-1051-plain.md", 2, 9, "proposal-placeholder",
            "Author is still the template's 'Your Full Name (email@example.com)'; write the author's name and "
            "e-mail as 'Name (address)'",
        ),
        (
            "proposals/BEP-1051-plain.md", 5, 1, "proposal-title-missing",
            "the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter",
        ),
        (
            "proposals/BEP_1052- quota  scopes -.md", 1, 1, "proposal-filename",
            "'BEP_1052- quota  scopes -.md' looks like a proposal but is not named BEP-NNNN-slug.md, so it is not "
            "checked against the registry; rename it to BEP-1052-quota-scopes.md",
        ),
    ]  # fmt: skip


def test_the_suggested_row_links_from_the_registry_s_own_folder(make_repo, bep_json):
    from .conftest import registry_readme

    root = repo(make_repo, **{"proposals/BEP-1050-a (b).md": doc("A")})
    (root / "proposals" / "README.md").write_text(registry_readme(ROWS.replace("proposals/", "")), encoding="utf-8")
    (root / "README.md").unlink()
    messages = [m for _, _, _, rule, m in proposal_findings(bep_json, root) if rule == "proposal-unreserved"]
    assert messages == [
        "BEP-1050 has no row in the registry (proposals/README.md); reserve it by adding "
        "'| [1050](BEP-1050-a%20%28b%29.md) | A | Joongi Kim | Draft |' to the table, or renumber the document with "
        "the next free number (`bep next`)"
    ]


def test_duplicate_advice_depends_on_which_file_the_registry_reserves(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-second.md": doc("Second"),
        "proposals/BEP-1000-third.md": doc("Third"),
        "proposals/BEP-1053-a.md": doc("Same"),
        "proposals/BEP-1053-b.md": doc("Other"),
    }
    root = repo(make_repo, **files)
    found = [f for f in proposal_findings(bep_json, root) if f[3] == "proposal-duplicate"]
    assert found == [
        (
            "proposals/BEP-1000-accelerator-metadata.md", 1, 1, "proposal-duplicate",
            "BEP-1000 is also used by proposals/BEP-1000-second.md, proposals/BEP-1000-third.md; the registry "
            "reserves BEP-1000 for this file, so renumber the others",
        ),
        (
            "proposals/BEP-1000-second.md", 1, 1, "proposal-duplicate",
            "BEP-1000 is also used by proposals/BEP-1000-accelerator-metadata.md, proposals/BEP-1000-third.md; the "
            "registry reserves BEP-1000 for proposals/BEP-1000-accelerator-metadata.md, so give this one the next "
            "free number (`bep next`)",
        ),
        (
            "proposals/BEP-1000-third.md", 1, 1, "proposal-duplicate",
            "BEP-1000 is also used by proposals/BEP-1000-accelerator-metadata.md, proposals/BEP-1000-second.md; the "
            "registry reserves BEP-1000 for proposals/BEP-1000-accelerator-metadata.md, so give this one the next "
            "free number (`bep next`)",
        ),
        (
            "proposals/BEP-1053-a.md", 1, 1, "proposal-duplicate",
            "BEP-1053 is also used by proposals/BEP-1053-b.md; give one of them the next free number (`bep next`) "
            "and reserve it in the registry",
        ),
        (
            "proposals/BEP-1053-b.md", 1, 1, "proposal-duplicate",
            "BEP-1053 is also used by proposals/BEP-1053-a.md; give one of them the next free number (`bep next`) "
            "and reserve it in the registry",
        ),
    ]  # fmt: skip
    (root / "proposals/BEP-1000-third.md").unlink()
    messages = [m for path, _, _, rule, m in proposal_findings(bep_json, root) if rule == "proposal-duplicate"]
    assert messages[0].endswith("the registry reserves BEP-1000 for this file, so renumber the other")


def test_conflict_markers_are_counted_and_each_is_an_item(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc(
            "Accelerator Metadata", body="<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> other\n\n"
        ),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", body="<<<<<<< HEAD\n\n"),
    }
    root = repo(make_repo, **files)
    found = [f for f in proposal_findings(bep_json, root) if f[3] == "proposal-conflict"]
    assert found == [
        (
            "proposals/BEP-1000-accelerator-metadata.md", 12, 1, "proposal-conflict",
            "unresolved merge conflict marker (and 2 more marker lines); resolve the conflict and delete the marker lines",
        ),
        (
            "proposals/BEP-1001-app-injection.md", 12, 1, "proposal-conflict",
            "unresolved merge conflict marker; resolve the conflict and delete the marker lines",
        ),
    ]  # fmt: skip
    ctx = Context(Project(Path(root), Config()), frozenset([PROPOSALS]))
    # (a baseline matches a conflict by its markers: each is an item)
    assert [p.items for p in proposal_conflict(ctx)] == [("marker 1", "marker 2", "marker 3"), ("marker 1",)]
    assert all(p.items for p in proposal_duplicate(ctx)) or not list(proposal_duplicate(ctx))


def test_title_rules_skip_a_document_and_go_on_to_the_next(make_repo, bep_json):
    rows = ROWS + "| 1003 | Registered Title | - | Draft |\n| 1060 | Right Title | - | Draft |\n"
    files = {
        # no title: title-mismatch skips it; title-missing names the registry's title
        "proposals/BEP-1003-notitle.md": "---\nAuthor: A\nStatus: Draft\nCreated: 2025-01-01\n---\n\nNo title.\n\n## Motivation\n",
        # no row: title-mismatch skips it
        "proposals/BEP-1040-unreserved.md": doc("Whatever"),
        "proposals/BEP-1060-x.md": doc("Wrong Title"),
        # misnamed, no title: no registry title to name
        "proposals/BEP1010 notitle.md": "---\nAuthor: A\nStatus: Draft\nCreated: 2025-01-01\n---\n\nNo title.\n",
    }
    found = [f for f in proposal_findings(bep_json, repo(make_repo, rows, **files)) if f[3].startswith("proposal-title")]
    assert found == [
        (
            "proposals/BEP-1003-notitle.md", 6, 1, "proposal-title-missing",
            "the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter "
            "(the registry calls it 'Registered Title')",
        ),
        (
            "proposals/BEP-1060-x.md", 10, 1, "proposal-title-mismatch",
            "the title 'Wrong Title' differs from the registry's 'Right Title' (README.md line 16); make the two agree",
        ),
        (
            "proposals/BEP1010 notitle.md", 6, 1, "proposal-title-missing",
            "the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter",
        ),
    ]  # fmt: skip


def test_a_placeholder_after_an_empty_field_is_still_found(make_repo, bep_json):
    front = "Status: Draft\nCreated:\nTags: [a, b]\nAuthor: Your Full Name (email@example.com)\n"
    root = repo(make_repo, **{"proposals/BEP-1000-accelerator-metadata.md": doc("Title", front=front)})
    found = [f for f in proposal_findings(bep_json, root) if f[3] == "proposal-placeholder"]
    assert [(line, column) for _, line, column, _, _ in found] == [(5, 9), (8, 1)]
    assert found[1][4] == "the title is still the template's 'Title'; write the proposal's title"
