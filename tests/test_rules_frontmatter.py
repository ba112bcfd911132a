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

