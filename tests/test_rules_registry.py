"""Each registry rule fires on the shape it is about, and stays quiet on the real shapes."""

from __future__ import annotations

import json

from .conftest import proposal, registry_readme
from .gitrepo import commit_all, git, init
from .proposal_shapes import ROWS, repo

CLEAN_ROWS = (
    "| 1000 | Redefining Accelerator Metadata | - | Draft |\n"
    "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Accepted |\n"
    "| [1002](proposals/BEP-1002/) | Agent Architecture & More ↔ | 김현수, HyeokJin Kim | Implemented |\n"
    "| 1011 | _(skipped)_ | | |\n"
    "| 1012 | Reserved, not yet written | Sanghun Lee | Draft |\n"
)


def rules_of(findings, path="README.md"):
    return [(f["rule"], f["line"]) for f in findings if f["path"] == path]


def repo_with(make_repo, rows: str, **files):
    tree = {
        "README.md": registry_readme(rows),
        "proposals/BEP-1001-app-injection.md": proposal("App Injection", status="Accepted", extra="Target-Version: 25.9.0\n"),
        "proposals/BEP-1002/diagram.png": b"\x89PNG\r\n",
        "proposals/BEP-1002-agent-architecture.md": proposal("Agent Architecture", status="Implemented"),
    }
    tree.update(files)
    return make_repo(tree)


def test_clean_registry_has_no_registry_findings(make_repo, bep_json):
    root = repo_with(make_repo, CLEAN_ROWS)
    code, findings = bep_json("--only", "registry", "--root", str(root))
    assert findings == [] and code == 0


def test_number_invalid(make_repo, bep_json):
    rows = "| 999 | Too low | - | Draft |\n| 10000 | Too wide | - | Draft |\n| １００３ | Full width | - | Draft |\n| | Empty | - | Draft |\n"
    code, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    assert rules_of(findings).count(("registry-number-invalid", 10)) == 1
    assert [line for rule, line in rules_of(findings) if rule == "registry-number-invalid"] == [10, 11, 12, 13]
    assert code == 1


def test_duplicate_reports_the_later_row_naming_the_first(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |\n| 1001 | C | - | Draft |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    duplicates = [f for f in findings if f["rule"] == "registry-duplicate"]
    assert [(f["line"], "reserved twice: here and on line 11;" in f["message"]) for f in duplicates] == [(12, True)]


def test_three_rows_of_one_number_say_how_many_and_where(make_repo, bep_json):
    rows = "| 1001 | B | - | Draft |\n| 1001 | C | - | Draft |\n| 1002 | D | - | Draft |\n| 1001 | E | - | Draft |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    duplicates = {f["line"]: f["message"] for f in findings if f["rule"] == "registry-duplicate"}
    assert sorted(duplicates) == [11, 13]
    assert "BEP-1001 is reserved 3 times: here and on lines 10 and 13;" in duplicates[11]
    assert "BEP-1001 is reserved 3 times: here and on lines 10 and 11;" in duplicates[13]
    assert "twice" not in duplicates[11] + duplicates[13]


def test_unsorted_reports_once_and_is_fixable(make_repo, bep_json):
    rows = "| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n| 1003 | D | - | Draft |\n| 1002 | C | - | Draft |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    unsorted = [f for f in findings if f["rule"] == "registry-unsorted"]
    assert [(f["line"], f["fixable"]) for f in unsorted] == [(11, True)]


def test_next_placeholder_must_be_last(make_repo, bep_json):
    text = registry_readme("| 1000 | A | - | Draft |\n").replace(
        "| 1000 | A | - | Draft |\n| _next_ | _(reserve your number here)_ | | |\n",
        "| _next_ | _(reserve your number here)_ | | |\n| 1000 | A | - | Draft |\n",
    )
    _, findings = bep_json("--only", "registry", "--root", str(make_repo({"README.md": text})))
    assert [f["line"] for f in findings if f["rule"] == "registry-unsorted"] == [10]


def test_status_unknown_suggests_the_spelling(make_repo, bep_json):
    rows = "| 1000 | A | - | draft |\n| 1001 | B | - | Approved |\n| 1002 | C | - | |\n| 1011 | _(skipped)_ | | |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    unknown = [f for f in findings if f["rule"] == "registry-status-unknown"]
    assert [f["line"] for f in unknown] == [10, 11, 12]
    assert "did you mean 'Draft'" in unknown[0]["message"]
    assert unknown[0]["column"] == registry_readme(rows).splitlines()[9].index("draft") + 1


def test_link_broken_error_when_renamed_warning_when_not_written(make_repo, bep_json):
    rows = (
        "| [1001](proposals/BEP-1001-old-name.md) | Renamed | - | Draft |\n"
        "| [1005](proposals/BEP-1005-to-come.md) | Not yet written | - | Draft |\n"
        "| [1006](../../etc/passwd) | Escapes | - | Draft |\n"
        "| [1007](/etc/passwd) | Absolute | - | Draft |\n"
        "| [1008](https://example.com/BEP-1008) | External | - | Draft |\n"
    )
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    broken = [(f["line"], f["severity"]) for f in findings if f["rule"] == "registry-link-broken"]
    assert broken == [(10, "error"), (11, "warning"), (12, "error"), (13, "error")]
    renamed = next(f for f in findings if f["rule"] == "registry-link-broken")
    assert "BEP-1001-app-injection.md" in renamed["message"]


def test_link_through_symlink_out_of_the_repository_is_never_followed(make_repo, bep_json, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "BEP-1003-x.md").write_text("secret")
    root = repo_with(make_repo, "| [1003](escape/BEP-1003-x.md) | Through a link | - | Draft |\n")
    (root / "escape").symlink_to(outside)
    _, findings = bep_json("--only", "registry", "--root", str(root))
    assert [f["message"] for f in findings if f["rule"] == "registry-link-broken"] == [
        "link 'escape/BEP-1003-x.md' points outside the repository"
    ]


def test_link_mismatch(make_repo, bep_json):
    rows = "| [1003](proposals/BEP-1001-app-injection.md) | Copy-pasted link | - | Draft |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    assert [f["line"] for f in findings if f["rule"] == "registry-link-mismatch"] == [10]


def test_format_points_at_the_first_uncanonical_line(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n|1001|B|-|Draft|\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    assert [(f["line"], f["fixable"]) for f in findings if f["rule"] == "registry-format"] == [(11, True)]


def test_missing_registry(make_repo, bep_json):
    root = make_repo({"README.md": "# Just a readme\n"})
    code, findings = bep_json("--only", "registry", "--root", str(root))
    assert code == 1 and [f["rule"] for f in findings] == ["registry-missing"]
    assert findings[0]["message"].endswith("'| Number | Title | Author | Status |' table")  # BEP documents exist


def test_missing_registry_without_bep_documents_points_at_bep_init(make_repo, bep_json):
    """A repository of another shape (no BEP document, no `layout:`) is told how to
    describe itself, not only to add a BEP heading."""
    hint = "(no BEP document was found either: if this repository keeps its proposals in another shape, `bep init --dry-run` proposes the `layout:` that describes it)"
    root = make_repo({"README.md": "# NEPs\n\n| NEP | Title |\n|---|---|\n| [1](neps/nep-0001.md) | A |\n", "neps/nep-0001.md": "# A\n"})
    for name in ("proposals/BEP-0000-template.md",):
        (root / name).unlink()
    code, findings = bep_json("--only", "registry", "--root", str(root))
    assert [f["rule"] for f in findings] == ["registry-missing"]
    assert findings[0]["message"] == f"no 'BEP Number Registry' heading in README.md; add the heading followed by a '| Number | Title | Author | Status |' table {hint}"
    (root / ".bep.yaml").write_text("layout:\n  series:\n    - prefix: NEP\n      folder: neps\n      document: \"nep-{number:4}.md\"\n")
    code, findings = bep_json("--only", "registry", "--root", str(root))
    assert all(hint not in f["message"] for f in findings)  # a layout written: the user has described it


def test_monorepo_layout_is_discovered(make_repo, bep_json):
    root = make_repo(
        {
            "README.md": "# Backend.AI\n\nThe monorepo.\n",
            "proposals/README.md": registry_readme("| [1001](BEP-1001-app-injection.md) | App | - | Draft |\n|1000|A|-|Draft|\n"),
            "proposals/BEP-1001-app-injection.md": proposal("App"),
        }
    )
    code, findings = bep_json("--only", "registry", "--root", str(root))
    assert {f["path"] for f in findings} == {"proposals/README.md"}
    assert {f["rule"] for f in findings} == {"registry-unsorted", "registry-format"}


def test_unreadable_registry_is_a_finding_not_a_crash(make_repo, bep_json):
    root = make_repo({"README.md": b"## BEP Number Registry\n\n\xff\xfe broken\n"})
    code, findings = bep_json("--root", str(root))
    assert code == 1
    assert [(f["rule"], f["line"]) for f in findings if f["path"] == "README.md"] == [("file-unreadable", 3)]


# -- pinned by mutation testing (mutation/README.md): messages, columns, edge rows -----


def registry_findings(make_repo, bep_json, rows, **files):
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows, **files)))
    return findings


def test_number_invalid_says_why_and_points_at_the_number_cell(make_repo, bep_json):
    rows = "|  0999 | Low | - | Draft |\n| 100 | Narrow | - | Draft |\n|   | Empty | - | Draft |\n| 1x00 | Letters | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    invalid = [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-number-invalid"]
    assert invalid == [
        (10, 4, "registry number 0999 is below the first number, 1000"),
        (11, 3, "registry number '100' has 3 digits; numbers here have 4"),
        (12, 5, "registry number is empty"),
        (13, 3, "registry number '1x00' is not a number written in ASCII digits 0-9"),
    ]


def test_a_number_at_the_start_number_is_valid(make_repo, bep_json):
    findings = registry_findings(make_repo, bep_json, "| 1000 | First | - | Draft |\n")
    assert [f for f in findings if f["rule"] == "registry-number-invalid"] == []


def test_equal_adjacent_numbers_are_a_duplicate_not_out_of_order(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n| 1000 | B | - | Draft |\n| 1001 | C | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    assert [(f["rule"], f["line"], f["column"]) for f in findings if f["rule"].startswith("registry-")] == [
        ("registry-duplicate", 11, 3)
    ]
    duplicate = next(f for f in findings if f["rule"] == "registry-duplicate")
    assert duplicate["message"] == (
        "BEP-1000 is reserved twice: here and on line 10; give one of them the next free number (`bep next`)"
    )


def test_two_rows_without_a_number_are_not_reserved_twice(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n| TBD | B | - | Draft |\n| TBD | C | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    assert [f["rule"] for f in findings if f["rule"] in ("registry-duplicate", "registry-unsorted")] == []


def test_unsorted_names_the_row_it_follows_and_ignores_rows_without_a_number(make_repo, bep_json):
    rows = "| 1002 | C | - | Draft |\n| TBD | T | - | Draft |\n| 1001 | B | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    unsorted = [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-unsorted"]
    assert unsorted == [(12, 1, "row 1001 is out of order (it comes after 1002 on line 10); run `bep fix` to sort the table")]


def test_status_unknown_messages_and_column(make_repo, bep_json):
    rows = "| 1000 | A | - | draft |\n| 1001 | B | - | Wip |\n| 1002 | C | - |  |\n| 1003 | _(skipped)_ | | |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    known = "Draft, Accepted, Implemented, Rejected, Superseded"
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-status-unknown"] == [
        (10, 18, f"unknown status 'draft' (did you mean 'Draft'?); use one of: {known}"),
        (11, 18, f"unknown status 'Wip'; use one of: {known}"),
        (12, 1 + len("| 1002 | C | - |  "), f"row 1002 has no status; use one of: {known}"),
    ]


def test_links_with_a_fragment_escapes_or_angle_brackets_reach_the_document(make_repo, bep_json):
    rows = (
        "| [1000](proposals/BEP-1000-a.md#motivation) | A | - | Draft |\n"
        "| [1001](proposals/BEP-1001-b%2Dc.md) | B | - | Draft |\n"
        "| [1002](<proposals/BEP-1002-d.md>) | D | - | Draft |\n"
        "| [1003](#registry) | E | - | Draft |\n"
        "| [1004](https://example.com/BEP-9999.md) | F | - | Draft |\n"
    )
    files = {
        "proposals/BEP-1000-a.md": proposal("A"),
        "proposals/BEP-1001-b-c.md": proposal("B"),
        "proposals/BEP-1002-d.md": proposal("D"),
        "proposals/BEP-1002-agent-architecture.md": proposal("Agent Architecture", status="Implemented"),
    }
    _, findings = bep_json("--only", "registry", "--root", str(make_repo({"README.md": registry_readme(rows), **files})))
    assert [f for f in findings if f["rule"] in ("registry-link-broken", "registry-link-mismatch")] == []


def test_a_broken_link_keeps_its_fragment_in_the_message_and_points_at_the_cell(make_repo, bep_json):
    rows = "| [1000](proposals/BEP-1000-gone.md#x) | A | - | Draft |\n| [1001](<proposals/BEP-1001-gone%20x.md>) | B | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    broken = [(f["line"], f["column"], f["severity"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"]
    assert broken == [
        (10, 3, "warning", "link 'proposals/BEP-1000-gone.md#x' points at a file that does not exist yet; write it, "
         "or drop the link until it exists"),
        (11, 3, "error", "link 'proposals/BEP-1001-gone%20x.md' points at a file that does not exist; the document is "
         "BEP-1001-app-injection.md (run `bep fix` to update the link)"),
    ]


def test_a_link_outside_the_repository_is_reported_at_the_cell(make_repo, bep_json):
    findings = registry_findings(make_repo, bep_json, "| [1000](../BEP-1000-x.md) | A | - | Draft |\n")
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"] == [
        (10, 3, "link '../BEP-1000-x.md' points outside the repository")
    ]


def test_link_mismatch_reads_the_number_of_the_target_without_leading_zeros(make_repo, bep_json):
    rows = (
        "| [1001](proposals/BEP-01001-app-injection.md) | A | - | Draft |\n"
        "| [1002](proposals/BEP-1001-app-injection.md) | B | - | Draft |\n"
        "| [1003](proposals/notes.md) | C | - | Draft |\n"
    )
    files = {"proposals/BEP-01001-app-injection.md": proposal("A"), "proposals/notes.md": "notes\n"}
    findings = registry_findings(make_repo, bep_json, rows, **files)
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-link-mismatch"] == [
        (11, 3, "row 1002 links to 'proposals/BEP-1001-app-injection.md', which is not a BEP-1002 document or folder"),
        (12, 3, "row 1003 links to 'proposals/notes.md', which is not a BEP-1003 document or folder"),
    ]


def test_format_message_names_the_style(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n|1001 | B | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows)
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-format"] == [
        (11, 1, "the registry table is not in compact form from this line on; run `bep fix`")
    ]


# -- registry-link-broken's fix ----------------------------------------------------------


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
def test_a_number_reserved_three_times_names_the_other_two_lines(make_repo, bep_json):
    rows = "| 1000 | A | - | Draft |\n| 1000 | B | - | Draft |\n| 1000 | C | - | Draft |\n"
    _, findings = bep_json("--only", "registry", "--root", str(repo_with(make_repo, rows)))
    advice = "keep it for one of them and give each of the others the next free number (`bep next`)"
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-duplicate"] == [
        (11, 3, f"BEP-1000 is reserved 3 times: here and on lines 10 and 12; {advice}"),
        (12, 3, f"BEP-1000 is reserved 3 times: here and on lines 10 and 11; {advice}"),
    ]


def test_the_next_row_out_of_place_is_reported_whole(make_repo, bep_json):
    text = registry_readme("| 1000 | A | - | Draft |\n").replace(
        "| 1000 | A | - | Draft |\n| _next_ | _(reserve your number here)_ | | |\n",
        "| _next_ | _(reserve your number here)_ | | |\n| 1000 | A | - | Draft |\n",
    )
    _, findings = bep_json("--only", "registry", "--root", str(make_repo({"README.md": text})))
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-unsorted"] == [
        (10, 1, "the _next_ placeholder row must be the last row; run `bep fix` to sort the table")
    ]


def test_bep_fix_leaves_alone_what_the_configuration_switches_off(make_repo, bep):
    rows = "| 1002 | C | - | Implemented |\n|1001|D|-|Accepted|\n"
    root = repo_with(make_repo, rows)
    original = (root / "README.md").read_bytes()
    (root / ".bep.yaml").write_text("severity:\n  registry-unsorted: off\n")
    bep("fix", "--root", str(root))
    # formatted, not sorted
    assert (root / "README.md").read_bytes() == original.replace(b"|1001|D|-|Accepted|", b"| 1001 | D | - | Accepted |")
    (root / "README.md").write_bytes(original)
    (root / ".bep.yaml").write_text("severity:\n  registry-format: off\n")
    bep("fix", "--root", str(root))
    # sorted, not formatted
    assert (root / "README.md").read_bytes() == original.replace(
        b"| 1002 | C | - | Implemented |\n|1001|D|-|Accepted|\n", b"|1001|D|-|Accepted|\n| 1002 | C | - | Implemented |\n"
    )


def test_with_registry_format_off_bep_fix_keeps_the_header_and_delimiter_as_written(make_repo, bep):
    root = repo_with(make_repo, "| 1002 | C | - | Implemented |\n| [1001](proposals/BEP-1001-app-injection.md) | B | - | Accepted |\n")
    text = (root / "README.md").read_bytes().replace(
        b"| Number | Title | Author | Status |\n|--------|-------|--------|--------|\n", b"|Number|Title|Author|Status|\n|-|-|-|-|\n"
    )
    (root / "README.md").write_bytes(text)
    (root / ".bep.yaml").write_text("severity:\n  registry-format: off\n")
    bep("fix", "--root", str(root))
    assert (root / "README.md").read_bytes() == text.replace(
        b"| 1002 | C | - | Implemented |\n| [1001](proposals/BEP-1001-app-injection.md) | B | - | Accepted |\n",
        b"| [1001](proposals/BEP-1001-app-injection.md) | B | - | Accepted |\n| 1002 | C | - | Implemented |\n",
    )


# -- layouts (docs/layouts.md): where a table is looked for, and what is said when it is not there --

EXPECTED_HEADER = "'| Number | Title | Author | Status |'"


def layout_findings(make_repo, bep_json, config: str, readme: str, rules=("registry-",), **files):
    root = make_repo({".bep.yaml": config, "README.md": readme, **files})
    _, findings = bep_json("--root", str(root))
    return [(f["rule"], f["line"], f["column"], f["message"]) for f in findings if f["rule"].startswith(rules)]


def test_each_table_the_layout_cannot_find_is_worded_by_how_it_is_located(make_repo, bep_json):
    config = (
        "layout:\n  registry:\n    tables:\n"
        "      - heading: Registry\n        occurrence: 2\n"  # no such heading at all
        "      - heading: null\n        position: 2\n"  # the second table of the file
        "      - heading: Other\n        position: 2\n"  # the second table under a heading
        "      - heading: Other\n        occurrence: 4\n"  # the fourth such heading of one
    )
    readme = "# X\n\n## Other\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n| 1000 | A | - | Draft |\n\n## End\n"
    assert layout_findings(make_repo, bep_json, config, readme) == [
        ("registry-missing", None, None, f"no 'Registry' heading in README.md; add the heading followed by a "
         f"{EXPECTED_HEADER} table"),
        ("registry-missing", None, None, "no 4th 'Other' heading in README.md (found 1); the layout reads the table under it: "
         "add the heading, or correct the table's occurrence in layout.registry.tables"),
        ("registry-missing", None, None, "no table 2 in README.md (found 1); add it, or correct the table's position in "
         "layout.registry.tables"),
        ("registry-missing", 3, 1, "no table 2 under the 'Other' heading (found 1); add it, or correct the table's position "
         "in layout.registry.tables"),
    ]


def test_the_first_table_missing_asks_for_the_expected_table(make_repo, bep_json):
    config = "layout:\n  registry:\n    tables:\n      - heading: null\n      - heading: Other\n"
    assert layout_findings(make_repo, bep_json, config, "# X\n\n## Other\n\nNo table yet.\n") == [
        ("registry-missing", None, None, f"no table in README.md; add a {EXPECTED_HEADER} table"),
        ("registry-missing", 3, 1, f"no table under the 'Other' heading; add a {EXPECTED_HEADER} table right below it"),
    ]


def test_a_row_of_the_wrong_cell_count_says_what_to_do(make_repo, bep_json):
    findings = registry_findings(make_repo, bep_json, "| 1000 | A | Draft |\n| 1001 | B | C | - | Draft |\n")
    header = "the header has 4 (Number | Title | Author | Status)"
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-malformed"] == [
        (10, 1, f"row has 3 cells, {header}; add the missing cells"),
        (11, 1, f"row has 5 cells, {header}; escape a '|' inside a cell as '\\|', or remove the extra cell"),
    ]


def test_a_table_missing_from_a_conflicted_registry_is_still_reported(make_repo, bep_json):
    readme = "# BEPs\n\n## BEP Number Registry\n\n<<<<<<< HEAD\n\n=======\n\n>>>>>>> topic\n"
    _, findings = bep_json("--only", "registry", "--root", str(make_repo({"README.md": readme})))
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("registry-missing", 3, 1), ("registry-malformed", 5, 1)]
    assert findings[0]["message"] == (
        f"no table under the 'BEP Number Registry' heading; add a {EXPECTED_HEADER} table right below it"
    )


def test_a_row_after_an_early_next_placeholder_is_still_checked(make_repo, bep_json):
    text = registry_readme("| 1000 | A | - | Draft |\n").replace(
        "| _next_ | _(reserve your number here)_ | | |\n", "| _next_ | _(reserve your number here)_ | | |\n| 10001 | B | - | Draft |\n"
    )
    _, findings = bep_json("--only", "registry", "--root", str(make_repo({"README.md": text})))
    assert [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "registry-number-invalid"] == [
        (12, 3, "registry number '10001' has 5 digits; numbers here have 4")
    ]


def test_a_number_of_no_fixed_width_below_the_start_is_named_unpadded(make_repo, bep_json):
    config = (
        "prefix: bLIP\nlayout:\n  registry:\n    tables:\n      - heading: Acme bLIPs\n        number: \"{number}\"\n"
        "  series:\n    - prefix: bLIP\n      folder: \"\"\n      document: \"blip-{number:4}.md\"\n      number-start: 3\n"
    )
    readme = "# Acme bLIPs\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n| 2 | Early | Ann | Draft |\n"
    assert layout_findings(make_repo, bep_json, config, readme, ("registry-number",)) == [
        ("registry-number-invalid", 5, 3, "registry number 2 is below the first number, 3")
    ]


def test_bep_fix_leaves_alone_what_an_inline_comment_switches_off(make_repo, bep):
    rows = "| 1002 | C | - | Implemented |\n|1001|D|-|Accepted|\n"
    for rule, fixed in (
        ("registry-unsorted", rows.replace("|1001|D|-|Accepted|", "| 1001 | D | - | Accepted |")),  # formatted, not sorted
        ("registry-format", "|1001|D|-|Accepted|\n| 1002 | C | - | Implemented |\n"),  # sorted, not formatted
    ):
        comment = f"<!-- bep: ignore-file {rule} -->\n"
        root = make_repo({"README.md": registry_readme(rows, after=comment)})
        bep("fix", "--root", str(root))
        assert (root / "README.md").read_text() == registry_readme(fixed, after=comment)


def test_a_link_outside_the_repository_is_an_error_where_the_table_says_so(make_repo, bep_json):
    config = (
        "prefix: NEP\nlayout:\n  registry:\n    tables:\n      - heading: NEPs\n        number: \"{number:4}\"\n"
        "        link-base: [https://example.org/acme/neps/blob/main/]\n        external-links: error\n"
        "  series:\n    - prefix: NEP\n      folder: neps\n      document: \"nep-{number:4}.md\"\n      number-start: 0\n"
    )
    readme = (
        "## NEPs\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
        "| [0001](https://example.org/acme/neps/blob/main/neps/nep-0001.md) | Process | Ann | Draft |\n"
        "| [0002](https://elsewhere.example/nep-0002.md) | Elsewhere | Bo | Draft |\n"
    )
    findings = layout_findings(make_repo, bep_json, config, readme, ("registry-link",), **{"neps/nep-0001.md": "# A\n"})
    assert findings == [
        ("registry-link-broken", 6, 3, "row 0002 links to 'https://elsewhere.example/nep-0002.md', outside the "
         "repository; link the document in the repository (this table's external-links is 'error')"),
    ]


def test_a_broken_link_the_fix_cannot_mend_says_why(make_repo, bep_json):
    rows = (
        "| [1000](proposals/BEP-1000-gone.md) | Two documents | - | Draft |\n"
        "| [1001](proposals/BEP-1001-gone.md) | Reserved twice | - | Draft |\n"
        "| [1001](proposals/BEP-1001-also-gone.md) | Reserved twice | - | Draft |\n"
    )
    files = {"proposals/BEP-1000-a.md": proposal("A"), "proposals/BEP-1000-b.md": proposal("B")}
    findings = registry_findings(make_repo, bep_json, rows, **files)
    broken = [(f["line"], f["fixable"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"]
    by_hand = "(link it by hand: bep fix cannot tell this row is the document's)"
    assert broken == [
        (10, False, "link 'proposals/BEP-1000-gone.md' points at a file that does not exist; the document is "
         "BEP-1000-a.md, BEP-1000-b.md (several documents have this number: link the right one by hand)"),
        (11, False, f"link 'proposals/BEP-1001-gone.md' points at a file that does not exist; the document is "
         f"BEP-1001-app-injection.md {by_hand}"),
        (12, False, f"link 'proposals/BEP-1001-also-gone.md' points at a file that does not exist; the document is "
         f"BEP-1001-app-injection.md {by_hand}"),
    ]


def test_the_fix_links_a_stale_folder_link_in_the_bep_layout_to_the_document(make_repo, bep):
    root = repo_with(make_repo, "| [1001](proposals/BEP-1001-old/) | App Injection | - | Accepted |\n")
    bep("fix", "--root", str(root))
    text = (root / "README.md").read_text()
    assert "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | - | Accepted |\n" in text  # (not `proposals/`)


def test_a_link_to_a_file_the_commit_deletes_is_an_error_bep_fix_cannot_mend(make_repo, bep_json, monkeypatch):
    """Under pre-commit the change is what git stages: a deleted document is no
    reservation made ahead (a warning) but a link this commit breaks."""
    root = init(repo_with(make_repo, "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | - | Accepted |\n"))
    commit_all(root, "start")
    git(root, "rm", "-q", "proposals/BEP-1001-app-injection.md")
    (root / "proposals/BEP-1002-agent-architecture.md").write_text(proposal("Agent Architecture", status="Accepted"))
    git(root, "add", "-A")
    monkeypatch.setenv("PRE_COMMIT", "1")
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    _, findings = bep_json("--root", str(root), "proposals/BEP-1002-agent-architecture.md", cwd=root)
    broken = [
        (f["line"], f["column"], f["severity"], f["fixable"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"
    ]
    assert broken == [
        (10, 3, "error", False, "link 'proposals/BEP-1001-app-injection.md' points at a file this change deletes; restore "
         "it, or drop the link from the row (the number stays reserved: rows are never removed)"),
    ]


def test_a_broken_link_to_a_document_no_cell_can_name_says_to_rename_it(make_repo, bep_json):
    name = "proposals/BEP-1003-a\rb.md"  # (a carriage return: the name cannot be written as a link)
    rows = "| [1003](proposals/BEP-1003-gone.md) | A | - | Draft |\n"
    findings = registry_findings(make_repo, bep_json, rows, **{name: proposal("A")})
    assert [(f["line"], f["fixable"], f["message"]) for f in findings if f["rule"] == "registry-link-broken"] == [
        (10, False, "link 'proposals/BEP-1003-gone.md' points at a file that does not exist; the document is "
         f"BEP-1003-a\rb.md (bep fix cannot link it: the file name '{name}' holds a carriage return, which no table "
         "cell can hold; rename the document)"),
    ]


# -- against a base ref (`bep check --against main`) -------------------------------------


def against_main(make_repo, bep, base_rows: str, rows: str):
    """(rule, line, column, message) of the --against rules, `rows` on top of `base_rows` committed on main."""
    root = init(make_repo({"README.md": registry_readme(base_rows)}))
    commit_all(root, "start")
    (root / "README.md").write_text(registry_readme(rows))
    _, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    against = ("registry-reuse", "registry-removed", "registry-backfill")
    return [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(out or "[]") if f["rule"] in against]


def test_reuse_is_found_after_rows_it_passes_over_and_names_the_first_base_row(make_repo, bep):
    base = "| 1040 | Fair Share | Kim | Draft |\n| 1041 | Storage Quotas | Lee | Draft |\n| 1041 | Quota Scopes | Lee | Draft |\n"
    rows = "| TBD | Undecided | Choi | Draft |\n| 1040 | Fair Share | Kim | Draft |\n| 1041 | GPU Sharing | Park | Draft |\n"
    # (no number, then the same proposal: passed over; 1041 was reserved twice on main, the first row is named)
    assert against_main(make_repo, bep, base, rows) == [
        ("registry-reuse", 12, 3, "BEP-1041 is 'Storage Quotas' on main (line 11), here it is 'GPU Sharing': two proposals "
         "took the same number; give this one the next free number (`bep next` after updating from main)"),
    ]


def test_removed_names_the_first_base_row_and_points_at_the_first_row_of_the_next_number(make_repo, bep):
    base = "| 1040 | Fair Share | Kim | Draft |\n| 1041 | Storage Quotas | Lee | Draft |\n| 1041 | Quota Scopes | Lee | Draft |\n"
    rows = "| 1040 | Fair Share | Kim | Draft |\n| 1043 | Event Bus | Park | Draft |\n" + "| 1042 | GPU | Choi | Draft |\n" * 2
    removed = (
        "is in the registry on main but not here; a number is never given back: restore the row, marked `_(skipped)_` "
        "if the proposal was withdrawn or renumbered"
    )
    # where 1041 belongs: before the lowest number above it (1042, not 1043 that comes first), at its first row
    assert against_main(make_repo, bep, base, rows) == [("registry-removed", 12, 1, f"BEP-1041 ('Storage Quotas') {removed}")]


def test_backfill_is_found_after_rows_above_the_highest_and_names_it_as_written(make_repo, bep):
    base = "| 1040 | Fair Share | Kim | Draft |\n| 1042 | Event Bus | Park | Draft |\n| 01042 | Event Bus | Park | Draft |\n"
    rows = base + "| 1043 | New | Choi | Draft |\n| 1041 | Late | Lee | Draft |\n"  # 1043 above the highest: no finding
    # (the highest number, written twice on main, is named as its first row writes it)
    assert against_main(make_repo, bep, base, rows) == [
        ("registry-backfill", 14, 3, "BEP-1041 is new here but below BEP-1042, the highest number on main: it was "
         "reserved from an older view of the registry; take the next free number (`bep next` after updating) unless it "
         "was left free on purpose"),
    ]

