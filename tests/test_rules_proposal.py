"""Each proposal-* rule (hooks/rules/proposal.py) fires on the shape it is about, and stays
quiet on the real shapes: file names, reserved numbers, duplicates, titles, placeholders."""

from __future__ import annotations

import json
import os

import pytest

from bep_hooks.parse import proposal as proposal_module

from .conftest import proposal
from .proposal_shapes import FIXTURES, ROWS, doc, repo, found, check, wordy_repo
from pathlib import Path
from bep_hooks.config import Config
from bep_hooks.repository import Project
from bep_hooks.rules import PROPOSALS
from bep_hooks.rules.base import Context
from bep_hooks.rules.proposal import proposal_conflict, proposal_duplicate


@pytest.mark.parametrize(
    "name, hint",
    [
        ("BEP1009-model-serving.md", "rename it to BEP-1009-model-serving.md"),
        ("bep-1010-x.md", "rename it to BEP-1010-x.md"),
        ("1007-x.md", "rename it to BEP-1007-x.md"),
        ("BEP-1010.md", "rename it to BEP-1010-title-slug.md"),
        ("BEP_1013_old_style.md", "rename it to BEP-1013-old_style.md"),
        ("BEP-1014-x.markdown", "rename it to BEP-1014-x.md"),
        ("BEP-10000-x.md", "numbers have 4 digits, not 5"),
        ("BEP-123-x.md", "numbers have 4 digits, not 3"),
    ],
)
def test_filename_catches_near_misses(make_repo, bep_json, name, hint):
    path = f"proposals/{name}"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("X")}))
    assert found(findings, path, "proposal-filename") == [("proposal-filename", 1)]
    assert hint in next(f["message"] for f in findings if f["rule"] == "proposal-filename")


def test_filename_ignores_other_markdown_and_supporting_folders(make_repo, bep_json):
    root = repo(
        make_repo,
        **{
            "proposals/BEPs.md": "# About BEPs\n",
            "proposals/CLAUDE.md": "# Claude\n",
            "proposals/BEP-1002/BEP1002-notes.md": "# notes\n",
            "proposals/BEP-1002/1007-x.md": "# x\n",
            "notes/BEP1009-x.md": "# outside the proposals folder\n",
        },
    )
    _, findings = check(bep_json, root)
    assert found(findings, rule="proposal-filename") == []


def test_misnamed_documents_are_still_checked_inside(make_repo, bep_json):
    path = "proposals/BEP1009-x.md"
    text = doc("X", front="Author: A (a@lablup.com)\nStatus: Draft\nCreated: 2025-02-30\n")
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    assert ("frontmatter-date", 4) in found(findings, path)
    assert found(findings, path, "proposal-unreserved") == []  # it has no number yet


def test_unreserved_number(make_repo, bep_json):
    path = "proposals/BEP-1040-multi-agent.md"
    code, findings = check(bep_json, repo(make_repo, **{path: doc("Multi Agent")}))
    assert found(findings, path) == [("proposal-unreserved", 1)] and code == 1
    message = next(f["message"] for f in findings if f["path"] == path)
    assert "BEP-1040 has no row in the registry (README.md)" in message
    assert "| [1040](proposals/BEP-1040-multi-agent.md) | Multi Agent | Joongi Kim | Draft |" in message


def test_the_suggested_row_takes_the_title_without_its_number_and_no_placeholder_author(make_repo, bep_json):
    path = "proposals/BEP-1040-multi-agent.md"
    text = doc("BEP-1040: Multi | Agent", front="Author:\nStatus: Draft\nCreated: 2025-03-04\n")
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    message = next(f["message"] for f in findings if f["rule"] == "proposal-unreserved")
    assert "'| [1040](proposals/BEP-1040-multi-agent.md) | Multi \\| Agent | - | Draft |'" in message


def test_unreserved_when_the_number_was_skipped(make_repo, bep_json):
    path = "proposals/BEP-1011-revived.md"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Revived")}))
    assert found(findings, path) == [("proposal-unreserved", 1)]
    message = next(f["message"] for f in findings if f["path"] == path)
    assert "marked skipped in the registry (README.md line 13)" in message


def test_reserved_by_a_bare_number_or_a_folder_link_is_not_unreserved(make_repo, bep_json):
    rows = ROWS + "| 1020 | Bare | - | Draft |\n| [1021](proposals/BEP-1021/) | Folder | - | Draft |\n"
    root = repo(make_repo, rows, **{"proposals/BEP-1020-bare.md": doc("Bare"), "proposals/BEP-1021-folder.md": doc("Folder")})
    _, findings = check(bep_json, root)
    assert found(findings, rule="proposal-unreserved") == []


def test_no_registry_means_no_reservation_findings(make_repo, bep_json):
    root = make_repo({"README.md": "# Just a readme\n", "proposals/BEP-1040-x.md": proposal("X")})
    _, findings = check(bep_json, root, only="proposals")
    assert found(findings, rule="proposal-unreserved") == []


def test_duplicates_report_each_file_once_naming_the_others(make_repo, bep_json):
    rows = ROWS + "| [1026](proposals/BEP-1026-fair-share.md) | Fair Share | - | Draft |\n"
    files = {
        "proposals/BEP-1026-fair-share.md": doc("Fair Share"),
        "proposals/BEP-1026-email.md": doc("Email"),
        "proposals/BEP-1026-third.md": doc("Third"),
    }
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    duplicates = {f["path"]: f["message"] for f in findings if f["rule"] == "proposal-duplicate"}
    assert sorted(duplicates) == sorted(files)
    assert [f["line"] for f in findings if f["rule"] == "proposal-duplicate"] == [1, 1, 1]
    email = duplicates["proposals/BEP-1026-email.md"]
    assert "also used by proposals/BEP-1026-fair-share.md, proposals/BEP-1026-third.md" in email
    assert "the registry reserves BEP-1026 for proposals/BEP-1026-fair-share.md" in email
    assert "reserves BEP-1026 for this file" in duplicates["proposals/BEP-1026-fair-share.md"]


def test_three_documents_each_reserved_by_a_row_are_not_each_told_they_own_the_number(make_repo, bep_json):
    names = ("fair-share", "email", "third")
    rows = ROWS + "".join(f"| [1026](proposals/BEP-1026-{n}.md) | {n} | - | Draft |\n" for n in names)
    files = {f"proposals/BEP-1026-{n}.md": doc(n) for n in names}
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    duplicates = {f["path"]: f["message"] for f in findings if f["rule"] == "proposal-duplicate"}
    assert sorted(duplicates) == sorted(files)
    for path, message in duplicates.items():
        others = sorted(other for other in files if other != path)
        assert "so renumber the others" not in message
        assert f"reserves BEP-1026 for this file and for {', '.join(others)} too" in message
        assert "keep BEP-1026 for one of them" in message


def test_a_document_no_row_links_to_is_told_which_files_the_rows_reserve(make_repo, bep_json):
    rows = ROWS + "".join(f"| [1026](proposals/BEP-1026-{n}.md) | {n} | - | Draft |\n" for n in ("a", "b"))
    files = {f"proposals/BEP-1026-{n}.md": doc(n) for n in ("a", "b", "c")}
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    duplicates = {f["path"]: f["message"] for f in findings if f["rule"] == "proposal-duplicate"}
    assert (
        "the registry reserves BEP-1026 for proposals/BEP-1026-a.md and proposals/BEP-1026-b.md, so give this one"
        in duplicates["proposals/BEP-1026-c.md"]
    )


def test_sub_documents_symlinked_folders_and_file_symlinks_are_not_duplicates(make_repo, bep_json):
    root = repo(make_repo)
    os.symlink("BEP-1001-app-injection.md", root / "proposals" / "BEP-1001-alias.md")
    _, findings = check(bep_json, root)
    assert found(findings, rule="proposal-duplicate") == []


def test_changed_file_gets_the_duplicate_and_the_other_is_not_parsed(make_repo, bep_json, monkeypatch):
    rows = ROWS + "| [1026](proposals/BEP-1026-fair-share.md) | Fair Share | - | Draft |\n"
    files = {"proposals/BEP-1026-fair-share.md": doc("Fair Share"), "proposals/BEP-1026-email.md": doc("Email")}
    root = repo(make_repo, rows, **files)
    parsed = []
    real = proposal_module.parse_proposal
    monkeypatch.setattr(proposal_module, "parse_proposal", lambda s, *args: parsed.append(s.path) or real(s, *args))
    _, findings = check(bep_json, root, root / "proposals/BEP-1026-email.md")
    assert [(f["rule"], f["path"]) for f in findings] == [("proposal-duplicate", "proposals/BEP-1026-email.md")]
    assert "proposals/BEP-1026-fair-share.md" in findings[0]["message"]
    assert sorted(parsed) == ["proposals/BEP-0000-template.md", "proposals/BEP-1026-email.md"]


def test_unchanged_files_are_never_reported(make_repo, bep_json):
    root = repo(make_repo, **{"proposals/BEP-1040-x.md": doc("Title")})
    code, findings = check(bep_json, root, root / "proposals/BEP-1000-accelerator-metadata.md")
    assert findings == [] and code == 0


def test_a_path_through_the_symlinked_folder_means_the_real_document(make_repo, bep_json, monkeypatch):
    root = repo(make_repo, **{"proposals/BEP-1040-x.md": doc("X")})
    monkeypatch.chdir(root)
    _, findings = check(bep_json, root, "drafts/BEP-1040-x.md")
    assert found(findings) == [("proposal-unreserved", 1)]
    assert findings[0]["path"] == "proposals/BEP-1040-x.md"
    through_the_link = check(bep_json, root, "drafts")[1]  # the folder: every document in it, by its real name
    assert through_the_link == check(bep_json, root, "proposals")[1] and through_the_link
    assert not any(f["path"].startswith("drafts/") for f in through_the_link)


def test_symlink_loops_never_hang(make_repo, bep_json, monkeypatch):
    root = repo(make_repo)
    os.symlink("loop-b", root / "proposals" / "loop-a")
    os.symlink("loop-a", root / "proposals" / "loop-b")
    os.symlink(".", root / "proposals" / "BEP-1050-self")
    os.symlink("BEP-1051-x.md", root / "proposals" / "BEP-1051-x.md")
    monkeypatch.chdir(root)
    allowed = {"file-unreadable", "proposal-unreserved"}  # the self-linked BEP-1051-x.md, if it is listed
    for paths in ((), ("proposals/loop-a/x.md", "proposals/BEP-1051-x.md", "proposals/BEP-1050-self/BEP-1000-x.md")):
        _, findings = check(bep_json, root, *paths)
        errors = {(f["path"], f["rule"]) for f in findings if f["severity"] == "error"}
        assert errors <= {("proposals/BEP-1051-x.md", rule) for rule in allowed}
        assert not any("internal error" in f["message"] for f in findings)


def test_title_missing(make_repo, bep_json):
    no_h1 = doc("X").replace("# X\n", "```\n# X\n```\n")
    empty = doc("X").replace("# X\n", "#\n")
    root = repo(make_repo, **{"proposals/BEP-1000-accelerator-metadata.md": no_h1, "proposals/BEP-1001-app-injection.md": empty})
    _, findings = check(bep_json, root)
    # no H1 (the one in the fence does not count): the line after the front matter; an empty '#': its line
    assert found(findings, rule="proposal-title-missing") == [("proposal-title-missing", 9), ("proposal-title-missing", 10)]
    messages = [f["message"] for f in findings if f["rule"] == "proposal-title-missing"]
    assert "there is no '# ' heading" in messages[0] and "the registry calls it 'Accelerator Metadata'" in messages[0]
    assert "line 10 has an empty '#' heading" in messages[1]


def test_title_mismatch_is_a_warning_and_tolerates_prefixes_and_longer_wording(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("BEP-1000: Redefining Accelerator Metadata"),
        "proposals/BEP-1001-app-injection.md": doc("Agent Architecture & More"),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    mismatches = [f for f in findings if f["rule"] == "proposal-title-mismatch"]
    assert [(f["path"], f["line"], f["severity"]) for f in mismatches] == [
        ("proposals/BEP-1001-app-injection.md", 10, "warning")
    ]
    assert "it is the title of BEP-1002" in mismatches[0]["message"]


def test_a_title_that_shares_a_word_with_another_row_is_no_copy_of_it(make_repo, bep_json):
    files = {"proposals/BEP-1001-app-injection.md": doc("Role-Based Access Control (RBAC) Feature Specification")}
    _, findings = check(bep_json, repo(make_repo, **files))
    mismatch = next(f["message"] for f in findings if f["rule"] == "proposal-title-mismatch")
    assert "differs from the registry's 'App Injection'" in mismatch and "title of" not in mismatch  # row 1012: RBAC


def test_placeholders(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("BEP-1000: Title").replace("Joongi Kim (joongi@lablup.com)", "Your Full Name (email@example.com)")
    other = doc("App Injection").replace("Joongi Kim (joongi@lablup.com)", "Joongi Kim (email@example.com)")
    _, findings = check(bep_json, repo(make_repo, **{path: text, "proposals/BEP-1001-app-injection.md": other}))
    assert found(findings, rule="proposal-placeholder") == [
        ("proposal-placeholder", 2),
        ("proposal-placeholder", 10),
        ("proposal-placeholder", 2),
    ]
    placeholders = [f for f in findings if f["rule"] == "proposal-placeholder"]
    assert "Author is still the template's 'Your Full Name (email@example.com)'" in placeholders[0]["message"]
    assert "the title is still the template's 'BEP-1000: Title'" in placeholders[1]["message"]
    assert "example address 'email@example.com'" in placeholders[2]["message"]
    assert placeholders[0]["column"] == placeholders[2]["column"] == 9
    # a title placeholder is not also a title mismatch
    assert found(findings, rule="proposal-title-mismatch") == []


def test_the_templates_text_left_in_is_a_placeholder(make_repo, bep_json):
    body = (
        "## Related Issues\n\n- JIRA: BA-4143\n- GitHub: #XXXX\n\n## Motivation\n\n"
        "Why is this change needed? What problem does it solve?\n\nExample:\n> ```python\n\n## References\n"
    )
    _, findings = check(bep_json, wordy_repo(make_repo, body))
    placeholders = [(f["line"], f["message"]) for f in findings if f["rule"] == "proposal-placeholder"]
    assert placeholders == [
        (
            13,
            "the template's text is still here: '- GitHub: #XXXX' (and 1 more line of it); replace it with this "
            "proposal's own text, or delete it",
        )
    ]  # not the headings, 'Example:', '> ```python', nor the comment copied into the front matter


def test_a_document_of_its_own_words_has_no_template_text(make_repo, bep_json):
    body = "## Related Issues\n\n- JIRA: BA-4143\n\n## Motivation\n\nFractional GPUs fragment the cluster.\n\n## References\n"
    _, findings = check(bep_json, wordy_repo(make_repo, body))
    assert found(findings, rule="proposal-placeholder") == []


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


@pytest.mark.parametrize(
    "name, hint",
    [
        ("BEP_1015__gpu.md", "rename it to BEP-1015-gpu.md"),  # the slug's leading '_' dropped
        ("BEP 1016 gpu  sharing.md", "rename it to BEP-1016-gpu-sharing.md"),  # white space as one '-'
        ("BEP-1017x.md", "rename it to BEP-NNNN-title-slug.md"),  # no number the pattern can keep
    ],
)
def test_a_misnamed_document_gets_the_whole_finding_with_the_name_to_give_it(make_repo, bep_json, name, hint):
    path = f"proposals/{name}"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("X")}))
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "proposal-filename"] == [
        (
            path,
            1,
            1,
            f"'{name}' looks like a proposal but is not named BEP-NNNN-slug.md, so it is not checked against the "
            f"registry; {hint}",
        )
    ]


def test_template_text_left_in_is_reported_at_its_first_line_with_how_many_more(make_repo, bep_json):
    one = "## Related Issues\n\n- JIRA: BA-4143\n- GitHub: #XXXX\n\n## Motivation\n\nOwn words.\n\n## References\n"
    three = (
        "## Related Issues\n\n- JIRA: BA-XXXX\n- GitHub: #XXXX\n\n## Motivation\n\n"
        "Why is this change needed? What problem does it solve?\n\n## References\n"
    )
    results = []
    for body in (one, three):
        _, findings = check(bep_json, wordy_repo(make_repo, body))
        results += [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "proposal-placeholder"]
    assert results == [
        (13, 1, "the template's text is still here: '- GitHub: #XXXX'; replace it with this proposal's own text, or delete it"),
        (
            12,
            1,
            "the template's text is still here: '- JIRA: BA-XXXX' (and 2 more lines of it); replace it with this "
            "proposal's own text, or delete it",
        ),
    ]


def test_a_title_agrees_with_its_row_when_one_holds_every_word_of_the_other_in_any_order(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("GPU Metadata"),  # 'Accelerator' is not in it
        "proposals/BEP-1001-app-injection.md": doc("Injection App"),  # the same words, reordered
        "proposals/BEP-1012-RBAC.md": doc("RBAC Rollout"),  # every word of the row's 'RBAC'
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    assert [(f["path"], f["line"], f["column"], f["severity"], f["message"]) for f in findings if f["rule"] == "proposal-title-mismatch"] == [
        (
            "proposals/BEP-1000-accelerator-metadata.md",
            10,
            1,
            "warning",
            "the title 'GPU Metadata' differs from the registry's 'Accelerator Metadata' (README.md line 10); "
            "make the two agree",
        )
    ]


# -- other layouts: fixtures/neps (NEP-style) and fixtures/cips (a folder per proposal, two tables) --


def layout_repo(tmp_path, name, edits=()):
    """A copy of fixtures/NAME with each (path, old, new) edit made once in its file."""
    import shutil

    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    (root / ".git").mkdir()
    for path, old, new in edits:
        text = (root / path).read_text(encoding="utf-8")
        assert text.count(old) >= 1, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def rule_findings(bep_json, root, rule):
    _, findings = check(bep_json, root)
    return [(f["path"], f["line"], f["column"], f["message"]) for f in findings if f["rule"] == rule]


def test_a_nep_s_suggested_row_links_under_the_table_s_link_base_with_its_padded_number(tmp_path, bep_json):
    base = "          - https://github.com/acme/NEPs/blob/master/\n"
    root = layout_repo(tmp_path, "neps", [(".bep.yaml", base, base + "          - https://mirror.example/NEPs/\n")])
    assert rule_findings(bep_json, root, "proposal-unreserved") == [  # (under the first link-base)
        (
            "neps/nep-0420.md", 1, 1,
            "NEP-0420 has no row in the registry (README.md); reserve it by adding '| [0420](https://github.com/acme/"
            "NEPs/blob/master/neps/nep-0420.md) | Gas Refund Batching | Rupert Rask | Draft |' to the table, or "
            "renumber the document with the next free number (`bep next`)",
        ),
        (
            "neps/nep-0421.md", 1, 1,
            "NEP-0421 has no row in the registry (README.md); reserve it by adding '| [0421](https://github.com/acme/"
            "NEPs/blob/master/neps/nep-0421.md) | Account Rent Revisited | Sybil Sand | New |' to the table, or "
            "renumber the document with the next free number (`bep next`)",
        ),
    ]  # fmt: skip


def test_a_cip_s_suggested_row_is_in_its_own_table_s_columns_linking_to_its_folder(tmp_path, bep_json):
    root = layout_repo(
        tmp_path,
        "cips",
        [
            # the series' own prefix is taken off the title (CPS-, not the configuration's CIP-)
            ("CPS-0005/README.md", "Title: Quantum-Safe Settlement", 'Title: "CPS-0005: Quantum-Safe Settlement"'),
            ("CIP-0007/README.md", "Status: Proposed", "Status: Proposed | Active"),  # escaped in the cell
        ],
    )
    assert rule_findings(bep_json, root, "proposal-unreserved") == [
        (
            "CIP-0007/README.md", 1, 1,
            "CIP-0007 has no row in the registry (README.md); reserve it by adding '| 0007 | [Mempool Fee Priority]"
            "(./CIP-0007/) | Proposed \\| Active |' to the table, or renumber the document with the next free number "
            "(`bep next`)",
        ),
        (
            "CPS-0005/README.md", 1, 1,
            "CPS-0005 has no row in the registry (README.md); reserve it by adding '| 0005 | [Quantum-Safe Settlement]"
            "(./CPS-0005) | Open |' to the table, or renumber the document with the next free number (`bep next`)",
        ),  # (the CPS rows link their folders without a final '/', the CIP rows with one)
    ]  # fmt: skip


def test_a_series_without_its_table_is_suggested_a_row_of_the_default_shape(tmp_path, bep_json):
    # the CPS table's heading is renamed: the CPS documents have no table to be suggested a row of
    root = layout_repo(tmp_path, "cips", [("README.md", "\n## Acme Problem Statements (CPS)\n\n|", "\n## Other\n\n|")])
    found = rule_findings(bep_json, root, "proposal-unreserved")
    assert [path for path, _, _, _ in found] == [
        "CIP-0007/README.md", "CPS-0002/README.md", "CPS-0003/README.md", "CPS-0004/README.md", "CPS-0005/README.md"
    ]  # fmt: skip
    assert found[-1][3] == (
        "CPS-0005 has no row in the registry (README.md); reserve it by adding '| [0005](CPS-0005/) | "
        "Quantum-Safe Settlement | - | Open |' to the table, or renumber the document with the next free number "
        "(`bep next`)"
    )


def test_a_bep_row_suggested_below_1000_is_padded_to_the_number_width(make_repo, bep_json):
    path = "proposals/BEP-0050-early.md"
    found = rule_findings(bep_json, repo(make_repo, **{path: doc("Early")}), "proposal-unreserved")
    assert [message for _, _, _, message in found] == [
        "BEP-0050 has no row in the registry (README.md); reserve it by adding '| [0050](proposals/BEP-0050-early.md) "
        "| Early | Joongi Kim | Draft |' to the table, or renumber the document with the next free number (`bep next`)"
    ]


def test_near_misses_of_a_layout_s_document_name_are_named_in_its_pattern(tmp_path, bep_json):
    root = layout_repo(tmp_path, "neps")
    text = (root / "neps/nep-0420.md").read_text(encoding="utf-8")
    for name in ("NEP-0009.md", "nep-0009-v2.md", "nep-9.md"):
        (root / "neps" / name).write_text(text, encoding="utf-8")
    tail = "looks like a NEP proposal but is not named 'nep-{number:4}.md', so it is not checked against the registry"
    assert rule_findings(bep_json, root, "proposal-filename") == [
        ("neps/NEP-0009.md", 1, 1, f"file 'NEP-0009.md' {tail}; rename it to nep-0009.md"),
        # two numbers in the name: which one is meant is not guessed
        ("neps/nep-0009-v2.md", 1, 1, f"file 'nep-0009-v2.md' {tail}; rename it to match 'nep-{{number:4}}.md'"),
        ("neps/nep-9.md", 1, 1, f"file 'nep-9.md' {tail}; rename it to nep-0009.md"),
    ]


def test_near_misses_of_a_proposal_folder_are_reported_on_the_folder(tmp_path, bep_json):
    root = layout_repo(tmp_path, "cips")
    text = (root / "CIP-0007/README.md").read_text(encoding="utf-8")
    for path in ("CIP-42/README.md", "cip-0042/README.md", "CIP-0043/readme.md"):
        (root / path).parent.mkdir()
        (root / path).write_text(text, encoding="utf-8")
    tail = "looks like a CIP proposal but is not named 'CIP-{number:4}', so it is not checked against the registry"
    assert rule_findings(bep_json, root, "proposal-filename") == [
        (
            "CIP-0043", None, None,
            "folder CIP-0043/ has no README.md, so it holds no CIP document; add its README.md, or rename the folder "
            "if it is not a proposal",
        ),
        ("CIP-42", None, None, f"folder 'CIP-42' {tail}; rename it to CIP-0042"),
        ("cip-0042", None, None, f"folder 'cip-0042' {tail}; rename it to CIP-0042"),
    ]  # fmt: skip


def test_number_mismatch_goes_on_past_documents_it_cannot_or_need_not_check(tmp_path, bep_json):
    root = layout_repo(
        tmp_path,
        "neps",
        [
            ("neps/nep-0001.md", "NEP: 1\n", "NEP 1\n"),  # the header is broken: frontmatter-invalid's
            ("neps/nep-0012.md", "NEP: 12\n", ""),  # no field: frontmatter-field-missing's
            ("neps/nep-0421.md", "NEP: 421\n", "NEP: 12\n"),  # the others agree
        ],
    )
    assert rule_findings(bep_json, root, "proposal-number-mismatch") == [
        (
            "neps/nep-0421.md", 2, 6,
            "the header says NEP 12, but the file is NEP-0421; write 'NEP: 421' (or rename the file if the header "
            "is right)",
        )
    ]  # fmt: skip


def test_number_mismatch_reads_a_list_as_no_number_and_pads_to_the_number_width_without_one_in_the_name(
    tmp_path, bep_json
):
    root = layout_repo(tmp_path, "cips", [("CIP-0007/README.md", "CIP: 7\n", "CIP: [7]\n")])
    assert rule_findings(bep_json, root, "proposal-number-mismatch") == [
        ("CIP-0007/README.md", 2, 6, "CIP is empty, but the file is CIP-0007; write 'CIP: 7'")
    ]
    root = layout_repo(
        tmp_path / "any-width",
        "neps",
        [
            (".bep.yaml", 'document: "nep-{number:4}.md"', 'document: "nep-{number}.md"'),
            ("neps/nep-0421.md", "NEP: 421\n", "NEP: 12\n"),
        ],
    )
    assert [message for _, _, _, message in rule_findings(bep_json, root, "proposal-number-mismatch")] == [
        "the header says NEP 12, but the file is NEP-0421; write 'NEP: 421' (or rename the file if the header is right)"
    ]


def test_a_title_no_cell_can_hold_is_suggested_as_the_word_title(tmp_path, bep_json):
    edit = ("CIP-0007/README.md", "Title: Mempool Fee Priority", 'Title: "Mempool\\rFee"')  # (YAML: a CR)
    root = layout_repo(tmp_path, "cips", [edit])
    found = rule_findings(bep_json, root, "proposal-unreserved")
    assert found[0][3].startswith(
        "CIP-0007 has no row in the registry (README.md); reserve it by adding '| 0007 | [Title](./CIP-0007/) | "
        "Proposed |' to the table"
    )


@pytest.mark.parametrize(
    "value, number",
    [
        ("1", 1),
        ("0044", 44),
        ("SLIP-0044", 44),
        ("**028**", 28),
        ("SLIP 21", 21),
        ("slip_7", 7),
        ("SLIP-`0044`", 44),  # markup inside, after the prefix
        ("`SLIP-0044`", 44),
        ("SLIP-", None),
        ("44a", None),
        ("٤٤", None),  # (digits, but not ASCII ones)
    ],
)
def test_header_number_reads_the_number_under_markup_and_prefix(value, number):
    from bep_hooks.rules.proposal import header_number

    assert header_number(value, "SLIP") == number


def test_a_title_field_in_a_broken_header_is_left_to_the_header_rules_an_h1_is_not(tmp_path, bep_json):
    broken = [("neps/nep-0001.md", "NEP: 1\nTitle: NEP Purpose and Process\n", "NEP 1\n")]  # frontmatter-invalid
    missing = [
        ("neps/nep-0012.md", "Title: Ledger Entry Format\n", ""),
        ("neps/nep-0141.md", "Title: Widget Token Standard", "Title:"),
    ]
    root = layout_repo(tmp_path, "neps", broken + missing)
    assert rule_findings(bep_json, root, "proposal-title-missing") == [
        (
            "neps/nep-0012.md", 9, 1,
            "the proposal has no title: the header has no 'Title' field; write 'Title: <title>' in the header (the "
            "registry calls it 'Ledger Entry Format')",
        ),
        (
            "neps/nep-0141.md", 3, 1,
            "the proposal has no title: its 'Title' field is empty; write 'Title: <title>' in the header (the "
            "registry calls it 'Widget Token Standard')",
        ),
    ]  # fmt: skip
    # with the title in the H1, the broken header hides nothing: the H1 is missing all the same
    root = layout_repo(tmp_path / "h1", "neps", broken + [(".bep.yaml", "      title: field ", "      title: h1 #")])
    assert rule_findings(bep_json, root, "proposal-title-missing")[0] == (
        "neps/nep-0001.md", 11, 1,
        "the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter (the "
        "registry calls it 'NEP Purpose and Process')",
    )  # fmt: skip


def test_a_misnamed_document_is_not_told_the_registry_s_title_even_when_a_row_links_to_it(make_repo, bep_json):
    rows = ROWS + "| [1009](proposals/BEP1009-x.md) | Registered Title | - | Draft |\n"
    text = "---\nAuthor: A\nStatus: Draft\nCreated: 2025-01-01\n---\n\nNo title.\n"
    root = repo(make_repo, rows, **{"proposals/BEP1009-x.md": text})
    assert rule_findings(bep_json, root, "proposal-title-missing") == [
        (
            "proposals/BEP1009-x.md", 6, 1,
            "the proposal has no title: there is no '# ' heading; add '# <title>' right after the front matter",
        )
    ]  # fmt: skip


def test_each_series_is_held_to_its_own_template_s_placeholders(tmp_path, bep_json):
    root = layout_repo(
        tmp_path,
        "cips",
        [
            (".github/CPS-TEMPLATE.md", 'Title: "?"', "Title: Problem Title"),
            (".github/CPS-TEMPLATE.md", "Status: Open\n", "Status: Open\nAuthor: Jane Roe <jane@cps.example>\n"),
            ("CPS-0005/README.md", "Title: Quantum-Safe Settlement", "Title: Problem Title"),
            ("CPS-0005/README.md", "Status: Open\n", "Status: Open\nAuthor: Jane Roe\nContact: jane@cps.example\n"),
            # the CIP template has none of them: a CIP may be called that
            ("CIP-0007/README.md", "Title: Mempool Fee Priority", "Title: Problem Title"),
        ],
    )
    assert rule_findings(bep_json, root, "proposal-placeholder") == [
        ("CPS-0005/README.md", 3, 1, "the title is still the template's 'Problem Title'; write the proposal's title"),
        (
            "CPS-0005/README.md", 6, 9,
            "Author is still the template's 'Jane Roe'; write the author's name and e-mail as 'Name (address)'",
        ),
        (
            "CPS-0005/README.md", 7, 10,
            "Contact holds the template's example address 'jane@cps.example'; write the real one, or drop it",
        ),
    ]  # fmt: skip


def test_a_line_of_another_series_template_is_no_template_text_left_in(tmp_path, bep_json):
    # (a document is read with the lines of every series' template; only its own series' count)
    cip_line = "<!-- Write the motivation of the CIP here. -->"
    cps_line = "<!-- Write the problem of the CPS here. -->"
    root = layout_repo(
        tmp_path,
        "cips",
        [
            ("CPS-0005/README.md", "## Abstract\n", f"## Abstract\n\n{cip_line}\n"),
            ("CPS-0005/README.md", "## Problem\n", f"## Problem\n\n{cps_line}\n"),
            ("CIP-0007/README.md", "## Abstract\n", f"## Abstract\n\n{cps_line}\n"),
        ],
    )
    assert rule_findings(bep_json, root, "proposal-placeholder") == [
        (
            "CPS-0005/README.md", 23, 1,
            f"the template's text is still here: '{cps_line}'; replace it with this proposal's own text, or delete it",
        )
    ]  # fmt: skip


def test_a_misnamed_document_s_conflict_markers_are_found_too(make_repo, bep_json):
    text = doc("X", body="<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> other\n\n")
    root = repo(make_repo, **{"proposals/BEP1009-x.md": text})
    assert rule_findings(bep_json, root, "proposal-conflict") == [
        (
            "proposals/BEP1009-x.md", 12, 1,
            "unresolved merge conflict marker (and 2 more marker lines); resolve the conflict and delete the marker "
            "lines",
        )
    ]  # fmt: skip


def test_title_mismatch_passes_over_a_title_still_the_template_s_and_goes_on(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("Title"),  # proposal-placeholder's business
        "proposals/BEP-1001-app-injection.md": doc("Storage Quotas"),
    }
    assert rule_findings(bep_json, repo(make_repo, **files), "proposal-title-mismatch") == [
        (
            "proposals/BEP-1001-app-injection.md", 10, 1,
            "the title 'Storage Quotas' differs from the registry's 'App Injection' (README.md line 11); make the two "
            "agree",
        )
    ]  # fmt: skip


def test_template_text_allowed_by_line_or_section_is_passed_over_and_the_rest_still_found(tmp_path, bep_json):
    copy = (
        "[Copy this file to start a NEP. Replace every bracketed paragraph with your own text before the pull request "
        "is merged.]"
    )
    body = (
        f"## Summary again\n\n{copy}\n\n## Changelog\n\n"
        "[Reviewers fill this section in; the author may leave it as it is for the first draft.]\n\n"
        "### 1.0.0 - Initial Version\n\n> Room for the reviewers' notes on this version.\n\n"  # (its subsection)
        "## Alternatives\n\n[Describe the designs you did not choose, and why.]\n\n## Copyright\n"
    )
    allowed = "          sections: [Changelog, Copyright]\n"
    root = layout_repo(
        tmp_path,
        "neps",
        [
            (".bep.yaml", allowed, f"{allowed}          lines: [{json.dumps(copy)}]\n"),
            ("neps/nep-0420.md", "## Copyright\n", body),
        ],
    )
    assert rule_findings(bep_json, root, "proposal-placeholder")[0] == (
        "neps/nep-0420.md", 43, 1,
        "the template's text is still here: '[Describe the designs you did not choose, and why.]'; replace it with "
        "this proposal's own text, or delete it",
    )  # fmt: skip


def test_a_misnamed_document_s_placeholders_are_found_too(make_repo, bep_json):
    root = repo(make_repo, **{"proposals/BEP1009-x.md": doc("Title")})
    assert rule_findings(bep_json, root, "proposal-placeholder") == [
        ("proposals/BEP1009-x.md", 10, 1, "the title is still the template's 'Title'; write the proposal's title")
    ]


def test_the_suggested_row_takes_the_row_status_that_agrees_with_the_document(tmp_path, bep_json):
    """A table whose rows have their own vocabulary (fixtures/neps: Final, Living,
    Deprecated; `agree: {Final: [Approved], ...}`): an Approved document's suggested row
    says Final, the first row status that agrees; a status no row status agrees with
    stays as the document writes it."""
    import shutil
    from pathlib import Path

    root = tmp_path / "neps"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "neps", root)
    text = (root / "neps/nep-0420.md").read_text()
    (root / "neps/nep-0420.md").write_text(text.replace("Status: Draft", "Status: Approved"))
    _, found = bep_json("--root", str(root))
    unreserved = {f["path"]: f["message"] for f in found if f["rule"] == "proposal-unreserved"}
    assert "| Gas Refund Batching | Rupert Rask | Final |'" in unreserved["neps/nep-0420.md"]
    assert "| Account Rent Revisited | Sybil Sand | New |'" in unreserved["neps/nep-0421.md"]
