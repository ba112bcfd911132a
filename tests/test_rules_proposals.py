"""Each proposal rule fires on the shape it is about, and stays quiet on the real shapes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bep_hooks import check_proposals
from bep_hooks.parse import proposal as proposal_module

from .conftest import proposal, registry_readme
from .test_proposal import NEW_TEMPLATE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

ROWS = (
    "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Joongi Kim | Draft |\n"
    "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Accepted |\n"
    "| [1002](proposals/BEP-1002/) | Agent Architecture & More ↔ | 김현수, HyeokJin Kim | Implemented |\n"
    "| 1011 | _(skipped)_ | | |\n"
    "| 1012 | RBAC | Sanghun Lee | Superseded |\n"
)

SECTIONS = ("Related Issues", "Motivation", "Migration / Compatibility", "References")


def doc(title: str, *, status: str = "Draft", front: str = None, sections=SECTIONS, body: str = "") -> str:
    """A document for NEW_TEMPLATE."""
    if front is None:
        front = (
            f"Author: Joongi Kim (joongi@lablup.com)\nStatus: {status}\nCreated: 2025-03-04\n"
            "Created-Version: 25.4.0\nTarget-Version:\nImplemented-Version:\n"
        )
    text = "".join(f"## {name}\n\nText.\n\n" for name in sections)
    return f"---\n{front}---\n\n# {title}\n\n{body}{text}"


def repo(make_repo, rows: str = ROWS, **files):
    tree = {
        "README.md": registry_readme(rows),
        "proposals/BEP-0000-template.md": NEW_TEMPLATE,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata"),
        "proposals/BEP-1001-app-injection.md": doc(
            "App Injection", front="Author: Joongi Kim\nStatus: Accepted\nCreated: 2025-03-05\n"
            "Created-Version:\nTarget-Version: 25.9.0\nImplemented-Version:\n"
        ),
        "proposals/BEP-1002-agent-architecture.md": doc(
            "BEP-1002: Agent Architecture",
            front="# Status: Draft | Accepted | Implemented | Rejected | Superseded\n"
            "Author: 김현수, HyeokJin Kim\nStatus: Implemented  # was Accepted\nCreated: 2025-03-10\n"
            "Created-Version:\nTarget-Version: 25.6.0\nImplemented-Version: 25.6.2\n",
            sections=("1. Related Issues", "2. Motivation", "3. Migration/Compatibility", "4. References"),
            body="```bash\n# Motivation\n## References\n```\n\n<!--\n## Hidden\n-->\n\n",
        ),
        "proposals/BEP-1012-RBAC.md": doc(
            "RBAC",
            front="Author: Sanghun Lee\nStatus: Superseded\nCreated:\nCreated-Version:\nTarget-Version:\n"
            "Implemented-Version:\nSuperseded-By: BEP-1067\n",
        ),
        "proposals/BEP-1002/diagram.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        "proposals/BEP-1002/BEP-1002-agent-architecture.md": "# Sub-document\n",
        "proposals/BEP-1012-RBAC/schema.graphql": "# a comment\ntype Role { name: String }\n",
        "proposals/BEP-1012-RBAC/check.py": "# comment\nprint(1)\n",
        "proposals/BEP-1012-RBAC/kr/BEP-1012-RBAC.md": "# 번역\n",
        "proposals/README.md": "# Proposals\n\n## Motivation\n",
        "proposals/AGENTS.md": "# Agents\n",
    }
    tree.update(files)
    root = make_repo(tree)
    if not (root / "drafts").exists():
        (root / "drafts").symlink_to("proposals")
    return root


def found(findings, path=None, rule=None):
    return [
        (f["rule"], f["line"])
        for f in findings
        if (path is None or f["path"] == path) and (rule is None or f["rule"] == rule)
    ]


def check(bep_json, root, *paths, only="proposals"):
    code, findings = bep_json("--only", only, "--root", str(root), *[str(p) for p in paths])
    return code, findings


def test_real_shapes_raise_nothing_but_the_empty_created_warning(make_repo, bep_json):
    code, findings = check(bep_json, repo(make_repo))
    assert [(f["rule"], f["path"], f["line"], f["severity"]) for f in findings] == [
        ("frontmatter-date", "proposals/BEP-1012-RBAC.md", 4, "warning")
    ]
    assert code == 0


# -- names and numbers ------------------------------------------------------------------


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


def test_supporting_orphan(make_repo, bep_json):
    rows = ROWS + "| 1033 | Reserved with a folder only | - | Draft |\n"
    files = {
        "proposals/BEP-1031/load_test.py": "print(1)\n",
        "proposals/BEP-1032-old-name/diagram.png": b"\x89PNG",
        "proposals/BEP-1033/scenarios.md": "# Scenarios\n",
    }
    root = repo(make_repo, rows, **files)
    _, findings = check(bep_json, root)
    orphans = [(f["path"], f["line"]) for f in findings if f["rule"] == "supporting-orphan"]
    assert orphans == [("proposals/BEP-1031", None), ("proposals/BEP-1032-old-name", None)]
    message = next(f["message"] for f in findings if f["rule"] == "supporting-orphan")
    assert "BEP-1031/ belongs to BEP-1031, which has neither a document nor a registry row" in message
    # with paths, only a folder holding a changed file is reported
    _, findings = check(bep_json, root, root / "proposals/BEP-1032-old-name/diagram.png")
    assert [f["path"] for f in findings] == ["proposals/BEP-1032-old-name"]


# -- the title --------------------------------------------------------------------------


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


# -- the front matter -------------------------------------------------------------------


def test_frontmatter_missing(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    _, findings = check(bep_json, repo(make_repo, **{path: "# Accelerator Metadata\n\n## Motivation\n"}))
    assert ("frontmatter-missing", 1) in found(findings, path)
    assert "Author, Status, Created" in next(f["message"] for f in findings if f["rule"] == "frontmatter-missing")


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("Author: Joongi Kim: lead\nStatus: Draft\n", 2, "mapping values are not allowed"),
        ("Author: A\nStatus: Draft\nStatus: Accepted\n", 4, "duplicate key 'Status'"),
        ("- Author\n- Status\n", 2, "found a list"),
        ("just some text\n", 2, "found the text"),
        ("Author: 'unclosed\nStatus: Draft\n", 4, "that starts on line 2"),
    ],
)
def test_frontmatter_invalid_points_into_the_file(make_repo, bep_json, front, line, words):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Accelerator Metadata", front=front)}))
    invalid = [f for f in findings if f["path"] == path and f["rule"].startswith(("frontmatter", "status"))]
    assert [(f["rule"], f["line"]) for f in invalid] == [("frontmatter-invalid", line)]
    assert words in invalid[0]["message"]


def test_frontmatter_unclosed(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = "---\nAuthor: A\nStatus: Draft\n\n# Accelerator Metadata\n\n" + "".join(f"## {s}\n\n" for s in SECTIONS)
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    assert found(findings, path) == [("frontmatter-invalid", 1)]
    assert "not closed" in findings[0]["message"]


def test_field_missing_error_for_filled_fields_warning_for_blank_ones(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("Accelerator Metadata", front="Author: A (a@lablup.com)\nCreated: 2025-01-02\n")
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    missing = [(f["line"], f["severity"], f["message"]) for f in findings if f["rule"] == "frontmatter-field-missing"]
    by_severity = {severity: (line, message) for line, severity, message in missing}
    assert len(missing) == 2 and by_severity["error"][0] == by_severity["warning"][0] == 4
    assert "no 'Status' field; add 'Status: ...'" in by_severity["error"][1]
    assert "'Created-Version', 'Target-Version', 'Implemented-Version' fields" in by_severity["warning"][1]


def test_field_names_match_whatever_their_case(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    front = "author: A\nstatus: Draft\ncreated: 2025-01-02\ncreated-version:\ntarget-version:\nimplemented-version:\n"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Accelerator Metadata", front=front)}))
    assert found(findings, path) == []


@pytest.mark.parametrize(
    "value, severity, words",
    [
        ("2025-02-30", "error", "not a real date (February 2025 has 28 days)"),
        ("2025-13-01", "error", "there is no month 13"),
        ("2025/03/04", "error", "not a date written YYYY-MM-DD"),
        ("March 4, 2025", "error", "not a date written YYYY-MM-DD"),
        ("", "warning", "Created is empty"),
        ("[2025-01-01]", "error", "not a sequence"),
    ],
)
def test_created_date(make_repo, bep_json, value, severity, words):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    front = f"Author: A\nStatus: Draft\nCreated: {value}\nCreated-Version:\nTarget-Version:\nImplemented-Version:\n"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Accelerator Metadata", front=front)}))
    dates = [f for f in findings if f["rule"] == "frontmatter-date" and f["path"] == path]
    assert [(f["path"], f["line"], f["severity"]) for f in dates] == [(path, 4, severity)]
    assert words in dates[0]["message"]


@pytest.mark.parametrize("value", ["2025-03-04", "'2025-03-04'", "2024-02-29  # leap year"])
def test_created_date_accepts_real_dates(make_repo, bep_json, value):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    front = f"Author: A\nStatus: Draft\nCreated: {value}\nCreated-Version:\nTarget-Version:\nImplemented-Version:\n"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Accelerator Metadata", front=front)}))
    assert found(findings, path) == []


@pytest.mark.parametrize(
    "value, hint",
    [("25.9", "add the patch number: 25.9.0"), ("v25.9.0", "drop the 'v'"), ("2025.9.0", "two digits: 25.9.0"), ("next", "e.g. 25.9.0")],
)
def test_version_fields(make_repo, bep_json, value, hint):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    front = f"Author: A\nStatus: Draft\nCreated: 2025-01-02\nCreated-Version: 25.10.1\nTarget-Version: {value}\nImplemented-Version:\n"
    _, findings = check(bep_json, repo(make_repo, **{path: doc("Accelerator Metadata", front=front)}))
    versions = [f for f in findings if f["rule"] == "frontmatter-version"]
    assert [(f["line"], f["column"]) for f in versions] == [(6, 17)]
    assert hint in versions[0]["message"]


# -- the status -------------------------------------------------------------------------


def test_status_unknown(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="draft"),
        "proposals/BEP-1012-RBAC.md": doc("RBAC", status="Approved"),
        "proposals/BEP-1002-agent-architecture.md": doc("Agent Architecture", status=""),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    unknown = {f["path"]: (f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "status-unknown"}
    assert unknown["proposals/BEP-1000-accelerator-metadata.md"][:2] == (3, 9)
    assert "did you mean 'Draft'" in unknown["proposals/BEP-1000-accelerator-metadata.md"][2]
    assert "unknown status 'Approved'" in unknown["proposals/BEP-1012-RBAC.md"][2]
    assert "Status is empty" in unknown["proposals/BEP-1002-agent-architecture.md"][2]
    assert len(unknown) == 3


def test_status_vocabulary_comes_from_the_template_comment(make_repo, bep_json):
    template = NEW_TEMPLATE.replace("Accepted | Implemented | Rejected | Superseded", "Final | Withdrawn")
    files = {
        "proposals/BEP-0000-template.md": template,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="Final"),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    unknown = [f for f in findings if f["rule"] == "status-unknown"]
    assert {f["path"] for f in unknown} == {
        "proposals/BEP-1001-app-injection.md",
        "proposals/BEP-1002-agent-architecture.md",
        "proposals/BEP-1012-RBAC.md",
    }
    assert "use one of: Draft, Final, Withdrawn (from the comment in proposals/BEP-0000-template.md)" in unknown[0]["message"]


def test_status_mismatch_matches_the_row_by_link_then_number(make_repo, bep_json):
    rows = ROWS.replace("| Joongi Kim | Draft |", "| Joongi Kim | Accepted |", 1) + (
        "| [1026](proposals/BEP-1026-fair-share.md) | Fair Share | - | Accepted |\n"
    )
    files = {
        "proposals/BEP-1026-fair-share.md": doc("Fair Share", status="Accepted", front=None).replace(
            "Target-Version:\n", "Target-Version: 25.9.0\n"
        ),
        "proposals/BEP-1026-email.md": doc("Email", status="Draft"),  # not compared with fair-share's row
    }
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    mismatches = [f for f in findings if f["rule"] == "status-mismatch"]
    assert [(f["path"], f["line"], f["column"], f["fixable"]) for f in mismatches] == [
        ("proposals/BEP-1000-accelerator-metadata.md", 3, 9, True)
    ]
    assert mismatches[0]["message"] == (
        "Status is 'Draft' here but 'Accepted' in the registry (README.md line 10); "
        "the document is the source of truth: run `bep fix` to update the registry row"
    )


def test_status_mismatch_on_a_duplicate_number_asks_for_a_hand_edit(make_repo, bep_json):
    rows = ROWS + "| 1026 | Fair Share | - | Draft |\n"
    files = {
        "proposals/BEP-1026-fair-share.md": doc("Fair Share", status="Rejected"),
        "proposals/BEP-1026-email.md": doc("Email", status="Draft"),
    }
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    mismatches = [f for f in findings if f["rule"] == "status-mismatch"]
    assert [f["path"] for f in mismatches] == ["proposals/BEP-1026-fair-share.md"]
    assert "update the registry row by hand" in mismatches[0]["message"]


def test_status_mismatch_with_an_unknown_status_asks_to_fix_the_document(make_repo, bep_json):
    files = {"proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="Aproved")}
    _, findings = check(bep_json, repo(make_repo, **files))
    [mismatch] = [f for f in findings if f["rule"] == "status-mismatch"]
    assert mismatch["message"].startswith("Status is 'Aproved' here but 'Draft' in the registry")
    assert "source of truth" not in mismatch["message"]
    assert "'Aproved' is not a known status (status-unknown), so fix the document first" in mismatch["message"]
    assert "use one of Draft, " in mismatch["message"]


def test_status_requirement(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="Accepted"),
        "proposals/BEP-1012-RBAC.md": doc("RBAC", front="Author: S\nStatus: Implemented\nCreated: 2025-01-02\n"),
    }
    rows = ROWS.replace("| Joongi Kim | Draft |", "| Joongi Kim | Accepted |", 1).replace("| Superseded |", "| Implemented |")
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    required = {f["path"]: (f["line"], f["message"]) for f in findings if f["rule"] == "status-requirement"}
    assert required["proposals/BEP-1000-accelerator-metadata.md"] == (
        6,
        "an Accepted proposal needs Target-Version, which is empty; fill in the version that ships it "
        "(YY.Sprint.Patch, e.g. 25.9.0), or set Status back",
    )
    assert required["proposals/BEP-1012-RBAC.md"][0] == 3  # missing: points at Status
    assert "which is missing" in required["proposals/BEP-1012-RBAC.md"][1]
    assert len(required) == 2


def test_status_reason_wants_a_section_or_field_that_says_why(make_repo, bep_json):
    rejected = "Author: S\nStatus: Rejected\nCreated: 2025-01-02\nCreated-Version:\nTarget-Version:\nImplemented-Version:\n"
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", front=rejected),
        "proposals/BEP-1001-app-injection.md": doc(
            "App Injection", front=rejected, sections=SECTIONS + ("5. Why it was rejected",)
        ),
        "proposals/BEP-1002-agent-architecture.md": doc(
            "Agent Architecture", front=rejected + "Rejection-Reason: superseded by the v2 agent\n"
        ),
        "proposals/BEP-1012-RBAC.md": doc("RBAC", front=rejected + "Reason:\n"),  # empty: no reason
    }
    rows = ROWS.replace("| Draft |", "| Rejected |").replace("| Accepted |", "| Rejected |")
    rows = rows.replace("| Implemented |", "| Rejected |").replace("| Superseded |", "| Rejected |")
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    reasons = {f["path"]: (f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "status-reason"}
    assert sorted(reasons) == ["proposals/BEP-1000-accelerator-metadata.md", "proposals/BEP-1012-RBAC.md"]
    assert reasons["proposals/BEP-1000-accelerator-metadata.md"] == (
        3,
        9,
        "the proposal is Rejected but does not say why: add a section that does ('## Reason', "
        "'## Rejection Reason' or '## Decision'), or a 'Reason:' field to the front matter",
    )


def test_status_reason_follows_the_configured_statuses(make_repo, bep_json):
    withdrawn = doc("Accelerator Metadata", status="Withdrawn")
    files = {"proposals/BEP-1000-accelerator-metadata.md": withdrawn, ".bep.yaml": "reason-required: [Withdrawn]\n"}
    rows = ROWS.replace("| Joongi Kim | Draft |", "| Joongi Kim | Withdrawn |", 1)
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    assert [f["path"] for f in findings if f["rule"] == "status-reason"] == ["proposals/BEP-1000-accelerator-metadata.md"]
    files[".bep.yaml"] = "reason-required: []\n"
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    assert [f for f in findings if f["rule"] == "status-reason"] == []


def test_status_requirement_needs_the_field_in_the_template(make_repo, bep_json):
    rows = "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | - | Accepted |\n"
    root = make_repo({"README.md": registry_readme(rows), "proposals/BEP-1001-app-injection.md": proposal("App Injection", status="Accepted")})
    code, findings = check(bep_json, root)
    assert findings == [] and code == 0  # the older template has no Target-Version


# -- the sections -----------------------------------------------------------------------


def test_section_missing_groups_by_insertion_point(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc(
        "Accelerator Metadata",
        sections=("2. motivation:", "Extra Section"),
        body="```\n## Related Issues\n```\n\n<!--\n## References\n-->\n\n",
    )
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    missing = [(f["line"], f["message"]) for f in findings if f["rule"] == "section-missing"]
    lines = text.splitlines()
    assert missing == [
        (
            lines.index("## 2. motivation:") + 1,
            "section 'Related Issues' is missing; add '## Related Issues' before '## 2. motivation:' "
            f"(line {lines.index('## 2. motivation:') + 1}) (see proposals/BEP-0000-template.md)",
        ),
        (
            len(lines),
            "sections 'Migration / Compatibility', 'References' are missing; add '## Migration / Compatibility', "
            "'## References' at the end (see proposals/BEP-0000-template.md)",
        ),
    ]


def test_section_aliases_and_required_sections_from_configuration(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("Accelerator Metadata", sections=("Background", "References"))
    config = "required-sections: [Motivation, References]\nsection-aliases:\n  Motivation: [Background]\n"
    _, findings = check(bep_json, repo(make_repo, **{path: text, ".bep.yaml": config}))
    assert found(findings, rule="section-missing") == []
    _, findings = check(bep_json, repo(make_repo, **{path: text, ".bep.yaml": "required-sections: [Motivation]\n"}))
    assert found(findings, path, "section-missing") == [("section-missing", len(text.splitlines()))]


def test_section_order_is_a_warning_on_the_moved_section(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("Accelerator Metadata", sections=("References", "Related Issues", "Motivation", "Migration / Compatibility"))
    code, findings = check(bep_json, repo(make_repo, **{path: text}))
    order = [f for f in findings if f["rule"] == "section-order"]
    assert [(f["line"], f["severity"]) for f in order] == [(text.splitlines().index("## References") + 1, "warning")]
    assert order[0]["message"] == "section 'References' is out of order; the template puts it after 'Migration / Compatibility'"
    assert code == 0


# -- unreadable files, hooks, fixtures --------------------------------------------------


def test_unreadable_proposals_are_findings_not_crashes(make_repo, bep_json):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": b"---\nAuthor: \xff\n---\n",
        "proposals/BEP-1001-app-injection.md": b"\x00\x01binary",
        "proposals/BEP-1012-RBAC.md": "---\nAuthor: A\n---\n" + "x" * 2000,
        ".bep.yaml": "max-file-size: 1024\n",
    }
    code, findings = check(bep_json, repo(make_repo, **files))
    assert code == 1
    by_path = {}
    for f in findings:
        by_path.setdefault(f["path"], []).append((f["rule"], f["line"]))
    assert by_path["proposals/BEP-1000-accelerator-metadata.md"] == [("file-unreadable", 2)]
    assert by_path["proposals/BEP-1001-app-injection.md"] == [("file-unreadable", 1)]
    assert by_path["proposals/BEP-1012-RBAC.md"] == [("file-unreadable", None)]


def test_the_hook_reports_on_staged_files_only(make_repo, monkeypatch, capsys):
    root = repo(make_repo, **{"proposals/BEP-1040-x.md": doc("X", status="Nope")})
    monkeypatch.chdir(root)
    assert check_proposals.main(["proposals/BEP-1000-accelerator-metadata.md", "README.md"]) == 0
    assert check_proposals.main(["proposals/BEP-1040-x.md"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1].split()[1] for line in out] == ["proposal-unreserved", "status-unknown"]
    assert out[1].startswith("proposals/BEP-1040-x.md:3:9: error status-unknown: unknown status 'Nope'")


def test_example_repository_shows_proposal_findings_with_file_and_line(bep_json):
    code, findings = check(bep_json, FIXTURES / "example")
    assert code == 1
    seen = {(f["path"].split("/")[-1], f["rule"], f["line"]) for f in findings}
    for expected in [
        ("BEP-1026-email-notification-channel.md", "proposal-duplicate", 1),
        ("BEP-1026-fair-share-scheduler.md", "proposal-duplicate", 1),
        ("BEP-1040-multi-agent-device-split.md", "proposal-unreserved", 1),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 2),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 7),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 11),  # the template's own text
        ("BEP1009-model-serving-registry.md", "proposal-filename", 1),
        ("BEP1009-model-serving-registry.md", "frontmatter-date", 4),
        ("BEP-1012-RBAC.md", "status-mismatch", 3),
        ("BEP-1012-RBAC.md", "status-requirement", 5),
        ("BEP-1015-resource-policy-reorg.md", "frontmatter-invalid", 2),
        ("BEP-1027-docker-relay.md", "proposal-title-mismatch", 11),
        ("BEP-1031", "supporting-orphan", None),
    ]:
        assert expected in seen
    paths = {f["path"] for f in findings}
    assert not any(p.startswith("drafts/") or "/kr/" in p for p in paths)
    assert not {"proposals/BEP-1000-redefining-accelerator-metadata.md", "proposals/BEP-1002-agent-architecture.md"} & {
        f["path"] for f in findings if f["rule"].startswith("section")
    }


def test_monorepo_example_is_clean_but_for_an_empty_created(bep_json, tmp_path):
    code, findings = bep_json("--root", str(FIXTURES / "monorepo"))
    assert [(f["path"], f["rule"], f["severity"]) for f in findings] == [
        ("proposals/BEP-1012-RBAC.md", "frontmatter-date", "warning")
    ]
    assert code == 0
    # BEP-1034 follows the implementation outline its .bep.yaml allows; without it, it would not pass
    import shutil

    copy = shutil.copytree(FIXTURES / "monorepo", tmp_path / "monorepo")
    (copy / ".bep.yaml").unlink()
    code, findings = bep_json("--root", str(copy))
    assert ("proposals/BEP-1034-sokovan-handler-refactoring.md", "section-missing") in {
        (f["path"], f["rule"]) for f in findings
    }


# -- fixes ------------------------------------------------------------------------------


def test_fix_syncs_status_from_the_documents_and_is_idempotent(make_repo, bep):
    rows = ROWS.replace("| Joongi Kim | Draft |", "| Joongi Kim | Approved |", 1) + (
        "| 1026 | Fair Share | - | Draft |\n"
        "| [1030](proposals/BEP-1030-unknown.md) | Unknown Status | - | Draft |\n"
    )
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="Implemented").replace(
            "Implemented-Version:\n", "Implemented-Version: 25.6.0\n"
        ),
        "proposals/BEP-1026-fair-share.md": doc("Fair Share", status="Rejected"),
        "proposals/BEP-1026-email.md": doc("Email", status="Draft"),
        "proposals/BEP-1030-unknown.md": doc("Unknown Status", status="Approved"),
    }
    root = repo(make_repo, rows, **files)
    code, out, _ = bep("fix", "--root", str(root), "-q")
    assert code == 1 and out.strip() == "Fixing README.md"
    lines = (root / "README.md").read_text().splitlines()
    assert lines[9] == "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Joongi Kim | Implemented |"
    assert "| 1026 | Fair Share | - | Draft |" in lines  # two documents: ambiguous, left alone
    assert "| [1030](proposals/BEP-1030-unknown.md) | Unknown Status | - | Draft |" in lines  # unknown status not copied
    before = (root / "README.md").read_bytes()
    assert bep("fix", "--root", str(root), "-q")[0] == 0
    assert (root / "README.md").read_bytes() == before


def test_fix_points_a_stale_link_at_the_renamed_document(make_repo, bep):
    rows = ROWS.replace("proposals/BEP-1001-app-injection.md", "proposals/BEP-1001-old-name.md") + (
        "| [1005](proposals/BEP-1005-not-yet.md) | Not yet written | - | Draft |\n"
    )
    root = repo(make_repo, rows)
    assert bep("fix", "--root", str(root), "-q")[0] == 1
    text = (root / "README.md").read_text()
    assert "| [1001](proposals/BEP-1001-app-injection.md) | App Injection |" in text
    assert "[1005](proposals/BEP-1005-not-yet.md)" in text  # no document: nothing to point at


def test_fix_of_a_stale_link_keeps_its_title_fragment_and_spacing(make_repo, bep):
    rows = ROWS.replace(
        "[1001](proposals/BEP-1001-app-injection.md)",
        "[1001]( proposals/BEP-1001-old-name.md#motivation  'App Injection, old name' )",
    )
    root = repo(make_repo, rows)
    assert bep("fix", "--root", str(root), "-q")[0] == 1
    text = (root / "README.md").read_text()
    assert "| [1001]( proposals/BEP-1001-app-injection.md#motivation  'App Injection, old name' ) |" in text
    assert bep("fix", "--root", str(root), "-q")[0] == 0  # and the link now holds


def test_fix_keeps_links_relative_to_a_monorepo_registry(make_repo, bep):
    rows = "| [1001](./BEP-1001-old.md) | App | - | Draft |\n| [1002](BEP-1002-old.md) | Agent | - | Accepted |\n"
    root = make_repo(
        {
            "README.md": "# Monorepo\n",
            "proposals/README.md": registry_readme(rows),
            "proposals/BEP-1001-app.md": proposal("App"),
            "proposals/BEP-1002-agent.md": proposal("Agent", status="Draft"),
        }
    )
    code, out, _ = bep("fix", "--root", str(root), "-q")
    assert (code, out.strip()) == (1, "Fixing proposals/README.md")
    text = (root / "proposals" / "README.md").read_text()
    assert "| [1001](./BEP-1001-app.md) | App | - | Draft |" in text
    assert "| [1002](BEP-1002-agent.md) | Agent | - | Draft |" in text


# -- the template's own text, and templates whose sections are examples -----------------

WORDY_TEMPLATE = """---
# Author: Full name and email of the proposal author
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
---

# Title

The below sections are just examples. Feel free to reorganize them.

## Related Issues

- JIRA: BA-XXXX
- GitHub: #XXXX

## Motivation

Why is this change needed? What problem does it solve?

Example:
> ```python
> # Only 4 fields are handled, others are ignored
> ```

## References
"""


def wordy_repo(make_repo, body: str, front: str = ""):
    document = (
        "---\n# Author: Full name and email of the proposal author\nAuthor: Kim\nStatus: Draft\n"
        f"Created: 2025-03-04\n{front}---\n\n# Accelerator Metadata\n\n{body}"
    )
    return make_repo(
        {
            "README.md": registry_readme("| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Kim | Draft |\n"),
            "proposals/BEP-0000-template.md": WORDY_TEMPLATE,
            "proposals/BEP-1000-accelerator-metadata.md": document,
        }
    )


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


def test_sections_the_template_calls_examples_are_missing_as_a_warning_in_any_order(make_repo, bep_json):
    body = "## Motivation\n\nText.\n\n## Related Issues\n\nText.\n"
    code, findings = check(bep_json, wordy_repo(make_repo, body))
    missing = [f for f in findings if f["rule"] == "section-missing"]
    assert [(f["severity"], f["line"]) for f in missing] == [("warning", 16)]  # References, at the end
    assert missing[0]["message"].endswith("(the template calls its sections examples: add them where they fit)")
    assert found(findings, rule="section-order") == [] and code == 0


# -- more than one outline (issue 14) ---------------------------------------------------

IMPLEMENTATION = ("Goal", "Current Design & Scope by Area", "Implementation Design", "Decision Summary", "Open Questions", "References")
OUTLINES_YAML = "outlines:\n  implementation:\n" + "".join(f"    - {name}\n" for name in IMPLEMENTATION)


def _numbered(sections):
    return tuple(f"{number}. {name}" for number, name in enumerate(sections, 1))


def test_a_document_may_follow_another_outline_the_repository_names(make_repo, bep_json):
    files = {
        ".bep.yaml": OUTLINES_YAML,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=_numbered(IMPLEMENTATION)),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", status="Accepted"),  # the template's
    }
    root = repo(make_repo, **files)
    _, findings = check(bep_json, root)
    assert not [f for f in findings if f["rule"].startswith("section")]

    (root / ".bep.yaml").unlink()  # without the setting, the template's outline is the only one
    _, findings = check(bep_json, root)
    [missing] = [f for f in findings if f["rule"] == "section-missing"]
    assert missing["path"] == "proposals/BEP-1000-accelerator-metadata.md"


def test_section_findings_say_which_outline_the_document_was_held_to(make_repo, bep_json):
    partial = [s for s in IMPLEMENTATION if s != "Decision Summary"]
    files = {
        ".bep.yaml": OUTLINES_YAML,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=partial),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", status="Accepted", sections=SECTIONS[:-1]),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    missing = {f["path"]: f["message"] for f in findings if f["rule"] == "section-missing"}
    assert missing["proposals/BEP-1000-accelerator-metadata.md"] == (
        "section 'Decision Summary' is missing; add '## Decision Summary' before '## Open Questions' (line 24) "
        "(held to the outline 'implementation' in .bep.yaml, the closest of those this repository allows: "
        "'template', 'implementation')"
    )
    assert missing["proposals/BEP-1001-app-injection.md"].startswith("section 'References' is missing; add")
    assert "held to the outline 'template' in proposals/BEP-0000-template.md" in missing["proposals/BEP-1001-app-injection.md"]


def test_section_order_is_judged_against_the_matching_outline(make_repo, bep_json):
    swapped = ("Goal", "Implementation Design", "Current Design & Scope by Area", "Decision Summary", "Open Questions", "References")
    files = {".bep.yaml": OUTLINES_YAML, "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=swapped)}
    _, findings = check(bep_json, repo(make_repo, **files))
    assert not [f for f in findings if f["rule"] == "section-missing"]
    [order] = [f for f in findings if f["rule"] == "section-order"]
    assert order["message"] == (
        "section 'Current Design & Scope by Area' is out of order; the outline 'implementation' (.bep.yaml) puts it "
        "after 'Goal'"
    )


def test_an_outline_can_be_a_markdown_file(make_repo, bep_json):
    outline = "# Implementation proposals\n\n" + "".join(f"## {name}\n\nWhat goes here.\n\n" for name in IMPLEMENTATION)
    files = {
        ".bep.yaml": "outlines:\n  implementation: proposals/guide/implementation.md\n",
        "proposals/guide/implementation.md": outline,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=IMPLEMENTATION[:-1]),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    [missing] = [f for f in findings if f["rule"] == "section-missing"]
    assert "section 'References' is missing" in missing["message"]
    assert "held to the outline 'implementation' in proposals/guide/implementation.md" in missing["message"]


@pytest.mark.parametrize(
    "setting, message",
    [
        ("outlines: [Goal]\n", "setting 'outlines' must be a mapping of outline names to lists of section names"),
        ("outlines:\n  impl: 3\n", "'impl' must be a list of section names or a file name"),
        ("outlines:\n  template: [Goal]\n", "'template' is the template's own outline"),
        ("outlines:\n  impl: missing.md\n", "'impl' names the file 'missing.md', which is not a file of the repository"),
    ],
)
def test_bad_outlines_are_configuration_errors(make_repo, bep, setting, message):
    root = repo(make_repo, **{".bep.yaml": setting})
    code, out, err = bep("check", "--root", str(root))
    assert code == 2 and message in err, err


def test_bep_config_shows_every_outline(bep):
    code, out, _ = bep("config", "--root", str(FIXTURES / "monorepo"))
    assert code == 0
    assert "outlines:  # and 'template' (proposals/BEP-0000-template.md): Related Issues, Motivation," in out
    assert "  implementation:\n    - Goal\n    - Current Design & Scope by Area\n" in out
