"""Each frontmatter-* rule (hooks/rules/frontmatter.py) fires on the shape it is about, and
stays quiet on the real shapes."""

from __future__ import annotations

import pytest

from .proposal_shapes import SECTIONS, doc, repo, found, check


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


PATH = "proposals/BEP-1000-accelerator-metadata.md"


def findings_of(make_repo, bep_json, front: str, rule: str):
    _, findings = check(bep_json, repo(make_repo, **{PATH: doc("Accelerator Metadata", front=front)}))
    return [(f["line"], f["column"], f["message"]) for f in findings if f["rule"] == rule and f["path"] == PATH]


@pytest.mark.parametrize(
    "value, kind",
    [("\n  - 25.9.0\n  - 25.10.0", "sequence"), ("\n  planned: 25.9.0", "mapping"), (" [25.9.0]", "sequence")],
)
def test_a_version_that_is_not_one_value_is_reported_once_with_its_kind(make_repo, bep_json, value, kind):
    front = f"Author: A\nStatus: Draft\nCreated: 2025-01-02\nTarget-Version:{value}\nImplemented-Version: x1\n"
    found = findings_of(make_repo, bep_json, front, "frontmatter-version")
    # the list is reported as a list (not read as text), and the next field is still checked
    assert [message for _, _, message in found] == [
        f"Target-Version must be one version (e.g. 25.9.0), not a {kind}",
        "Implemented-Version 'x1' is not a version written YY.Sprint.Patch (e.g. 25.9.0); leave it empty until it is known",
    ]
    assert found[0][0] == 5


@pytest.mark.parametrize(
    "value, hint",
    [
        ("v25.9", " (e.g. 25.9.0)"),  # a `v`, but what follows is no version either
        ("25.9.0.1", " (e.g. 25.9.0)"),
        ("V25.10.2", " (drop the 'v': 25.10.2)"),
        ("2025.10", " (e.g. 25.9.0)"),
        ("25.10", " (add the patch number: 25.10.0)"),
        ("2025.10.3", " (the year has two digits: 25.10.3)"),
    ],
)
def test_the_version_hint_names_the_slip_only_when_it_mends_it(make_repo, bep_json, value, hint):
    front = f"Author: A\nStatus: Draft\nCreated: 2025-01-02\nTarget-Version: {value}\n"
    found = findings_of(make_repo, bep_json, front, "frontmatter-version")
    assert [message for _, _, message in found] == [
        f"Target-Version '{value}' is not a version written YY.Sprint.Patch{hint}; leave it empty until it is known"
    ]


@pytest.mark.parametrize("value", ["", "   ", "25.9.0", "25.10.12", "  # not yet"])
def test_empty_and_well_written_versions_pass(make_repo, bep_json, value):
    front = f"Author: A\nStatus: Draft\nCreated: 2025-01-02\nTarget-Version: {value}\nSome-Version: 99.1.0\n"
    assert findings_of(make_repo, bep_json, front, "frontmatter-version") == []


def all_findings(make_repo, bep_json, files):
    _, findings = check(bep_json, repo(make_repo, **files))
    return [
        (f["path"], f["line"], f["column"], f["rule"], f["message"])
        for f in findings
        if f["rule"].startswith("frontmatter-") and f["path"] in files
    ]


@pytest.mark.parametrize(
    "value, why",
    [
        ("2025-01-32", "January 2025 has 31 days"),
        ("2025-12-32", "December 2025 has 31 days"),
        ("2025-02-29", "February 2025 has 28 days"),
        ("2025-13-01", "there is no month 13"),
        ("2025-00-10", "there is no month 00"),
    ],
)
def test_an_impossible_date_says_why_after_a_document_the_rule_skipped(make_repo, bep_json, value, why):
    files = {
        # no Created at all (field-missing says so), then a date that is no date: both skipped, not stopped at
        PATH: doc("Accelerator Metadata", front="Author: A\nStatus: Draft\n"),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", front="Author: A\nStatus: Draft\nCreated: soon\n"),
        "proposals/BEP-1002-agent-architecture.md": doc("Agent Architecture", front=f"Author: A\nStatus: Draft\nCreated: {value}\n"),
    }
    dates = [f for f in all_findings(make_repo, bep_json, files) if f[3] == "frontmatter-date"]
    assert dates == [
        ("proposals/BEP-1001-app-injection.md", 4, 10, "frontmatter-date", "Created 'soon' is not a date written YYYY-MM-DD (e.g. 2025-03-04)"),
        ("proposals/BEP-1002-agent-architecture.md", 4, 10, "frontmatter-date", f"Created '{value}' is not a real date ({why})"),
    ]  # fmt: skip


def test_missing_front_matter_and_fields_are_reported_at_column_one(make_repo, bep_json):
    files = {
        PATH: "# Accelerator Metadata\n\n## Motivation\n",
        # front matter that cannot be read: field-missing skips it and goes on
        "proposals/BEP-1001-app-injection.md": "---\nAuthor: [unclosed\n---\n\n# App Injection\n",
        "proposals/BEP-1002-agent-architecture.md": doc("Agent Architecture", front="Status: Draft\n"),
    }
    found = [f for f in all_findings(make_repo, bep_json, files) if f[3] in ("frontmatter-missing", "frontmatter-field-missing")]
    assert [(path, line, column, rule) for path, line, column, rule, _ in found] == [
        (PATH, 1, 1, "frontmatter-missing"),
        ("proposals/BEP-1002-agent-architecture.md", 3, 1, "frontmatter-field-missing"),
        ("proposals/BEP-1002-agent-architecture.md", 3, 1, "frontmatter-field-missing"),
    ]
    assert found[0][4].startswith("no front matter: start the file with a '---' line, the fields Author, Status, Created")
