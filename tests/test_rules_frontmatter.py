"""Each frontmatter-* rule (hooks/rules/frontmatter.py) fires on the shape it is about, and
stays quiet on the real shapes."""

from __future__ import annotations

import pytest

from .conftest import registry_readme
from .proposal_shapes import SECTIONS, doc, repo, found, check
from .test_header_layouts import NEP_CONFIG, _nep_repo, nep


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


def test_the_frontmatter_rules_read_misnamed_documents_too(make_repo, bep_json):
    files = {
        "proposals/BEP1010 a.md": "# A\n\n## Motivation\n",
        "proposals/BEP1011 b.md": doc("B", front="Author: A\nStatus: Draft\nStatus: Accepted\n"),
        "proposals/BEP1012 c.md": doc("C", front="Author: A\nStatus: Draft\nCreated: 2025-01-02\nTarget-Version: v25.9.0\n"),
    }
    assert all_findings(make_repo, bep_json, files) == [
        ("proposals/BEP1010 a.md", 1, 1, "frontmatter-missing", "no front matter: start the file with a '---' line, the "
         "fields Author, Status, Created, Created-Version, Target-Version, Implemented-Version, and a closing '---' line "
         "(see proposals/BEP-0000-template.md)"),
        ("proposals/BEP1011 b.md", 4, 1, "frontmatter-invalid", "duplicate key 'Status' (first on line 3)"),
        ("proposals/BEP1012 c.md", 5, 17, "frontmatter-version", "Target-Version 'v25.9.0' is not a version written "
         "YY.Sprint.Patch (drop the 'v': 25.9.0); leave it empty until it is known"),
        ("proposals/BEP1012 c.md", 6, 1, "frontmatter-field-missing", "front matter has no 'Created-Version', "
         "'Implemented-Version' fields; add 'Created-Version:', 'Implemented-Version:' before the closing '---' as the "
         "template does (empty until known)"),
    ]  # fmt: skip


def test_without_a_template_the_default_fields_are_asked_for(make_repo, bep_json):
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-1000-x.md": "# X\n\n## Motivation\n"}, template=False)
    _, findings = check(bep_json, root)
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "frontmatter-missing"] == [
        ("frontmatter-missing", 1, 1, "no front matter: start the file with a '---' line, the fields Author, Status, "
         "Created, and a closing '---' line")
    ]  # fmt: skip


# A layout with one series whose header is in FORMAT, and no template.
FORMAT_CONFIG = """\
prefix: XIP
layout:
  registry:
    tables: [{heading: Index, number: "{number:4}", placeholders: null}]
  series:
    - prefix: XIP
      folder: ""
      number-start: 0
      header: {format: FORMAT, required: [Status, Title]}
      statuses: {document: [Draft]}
      sections: {required: []}
"""


@pytest.mark.parametrize(
    "format, header, missing, closing",
    [
        ("rfc822", "---\nStatus: Draft\n---\n\n# B\n", "no header: start the file with a '---' line, the fields Status, "
         "Title, and a closing '---' line", (3, "before the closing '---'")),
        ("fenced", "# B\n\n```\nStatus: Draft\n```\n", "no header: put a fenced code block of 'Key: Value' lines (Status, "
         "Title) at the top, after the title", (5, "before the header's closing fence")),
        ("preamble", "# B\n\n## Preamble\n\nStatus: Draft\n\n## Body\n\nText.\n", "no header: add a '## Preamble' "
         "section of 'Key: Value' lines (Status, Title)", (6, "to the Preamble section")),
        ("table", "| Field | Value |\n| --- | --- |\n| Status | Draft |\n\n# B\n", "no header: start the file with a "
         "two-column table '| Field | Value |' of the fields Status, Title", (3, "as a row of the header table")),
    ],
)  # fmt: skip
def test_a_missing_header_or_field_is_told_in_the_series_header_format(make_repo, bep_json, format, header, missing, closing):
    readme = "# XIPs\n\n## Index\n\n| Number | Title | Author | Status |\n| --- | --- | --- | --- |\n"
    readme += "| [0001](XIP-0001-a.md) | A | - | Draft |\n| [0002](XIP-0002-b.md) | B | - | Draft |\n"
    files = {".bep.yaml": FORMAT_CONFIG.replace("FORMAT", format), "README.md": readme}
    files.update({"XIP-0001-a.md": "# A\n\nText.\n", "XIP-0002-b.md": header})
    _, findings = check(bep_json, make_repo(files, template=False))
    line, where = closing
    assert [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"].startswith("frontmatter")] == [
        ("XIP-0001-a.md", 1, 1, "frontmatter-missing", missing),
        ("XIP-0002-b.md", line, 1, "frontmatter-field-missing", f"the header has no 'Title' field; add 'Title: ...' {where}"),
    ]


def test_a_created_that_is_no_single_value_is_reported_and_the_next_document_still_checked(make_repo, bep_json):
    files = {
        PATH: doc("Accelerator Metadata", front="Author: A\nStatus: Draft\nCreated:\n  - 2025-01-02\n"),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", front="Author: A\nStatus: Draft\nCreated: 2025-02-30\n"),
    }
    dates = [f for f in all_findings(make_repo, bep_json, files) if f[3] == "frontmatter-date"]
    assert dates == [
        (PATH, 4, 1, "frontmatter-date", "Created must be one date (e.g. 2025-03-04), not a sequence"),
        ("proposals/BEP-1001-app-injection.md", 4, 10, "frontmatter-date", "Created '2025-02-30' is not a real date (February 2025 has 28 days)"),
    ]  # fmt: skip


def _nep_dates_and_versions(make_repo, bep_json, config, *documents):
    root = _nep_repo(make_repo, *[(number, f"n{number}", f"N{number}", "Final", text) for number, text in documents], config=config)
    _, findings = bep_json("--root", str(root), "--only", "proposals")
    return [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"] in ("frontmatter-date", "frontmatter-version")]


def test_a_layouts_date_forms_and_semantic_versions(make_repo, bep_json):
    config = NEP_CONFIG.replace("date-formats: [YYYY-MM-DD, DD-Mon-YYYY]", "date-formats: [D-Mon-YYYY, YYYY-MM-DD]")
    documents = [
        (1, nep(1, "N1", "Final").replace("2024-02-02", "3-mar-2022")),  # (the month in any case)
        (2, nep(2, "N2", "Final").replace("2024-02-02", "31-Feb-2022")),
        (3, nep(3, "N3", "Final").replace("2024-02-02", "2022/03/03")),
        (4, nep(4, "N4", "Final", extra="Version: v1.0.0\nLib-Version: v1.0\nApi-Version: x1.0.0\nAbi-Version: 2.0.0-rc.1\n")),
    ]
    version = "is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.0.0)"
    assert _nep_dates_and_versions(make_repo, bep_json, config, *documents) == [
        ("neps/NEP-0002-n2.md", 7, 10, "frontmatter-date", "Created '31-Feb-2022' is not a real date (February 2022 has 28 days)"),
        ("neps/NEP-0003-n3.md", 7, 10, "frontmatter-date", "Created '2022/03/03' is not a date written D-Mon-YYYY or "
         "YYYY-MM-DD (e.g. 4-Mar-2025)"),
        ("neps/NEP-0004-n4.md", 8, 10, "frontmatter-version", f"Version 'v1.0.0' {version} (drop the 'v': 1.0.0); leave it empty until it is known"),
        ("neps/NEP-0004-n4.md", 9, 14, "frontmatter-version", f"Lib-Version 'v1.0' {version}; leave it empty until it is known"),
        ("neps/NEP-0004-n4.md", 10, 14, "frontmatter-version", f"Api-Version 'x1.0.0' {version}; leave it empty until it is known"),
    ]  # fmt: skip


def test_version_format_off_checks_no_version(make_repo, bep_json):
    config = NEP_CONFIG.replace("version-format: semver", "version-format: off")
    documents = [(1, nep(1, "N1", "Final", extra="Version: v1\nTarget-Version: next\n"))]
    assert _nep_dates_and_versions(make_repo, bep_json, config, *documents) == []


def test_with_no_required_fields_a_missing_front_matter_still_names_the_usual_ones(make_repo, bep_json):
    files = {".bep.yaml": "required-fields: []\n", PATH: "# Accelerator Metadata\n\n## Motivation\n"}
    assert [f for f in all_findings(make_repo, bep_json, files) if f[3] == "frontmatter-missing"] == [
        (PATH, 1, 1, "frontmatter-missing", "no front matter: start the file with a '---' line, the fields Author, "
         "Status, Created, and a closing '---' line (see proposals/BEP-0000-template.md)"),
    ]  # fmt: skip


def test_each_series_checks_versions_in_its_own_format(make_repo, bep_json):
    config = (
        "prefix: AIP\nlayout:\n  registry:\n    tables:\n      - {heading: A, series: AIP}\n      - {heading: B, series: BIP}\n"
        "  defaults: {folder: '', number-start: 1, statuses: {document: [Draft]}, sections: {required: []}}\n"
        "  series:\n    - {prefix: AIP, header: {version-format: 'off', required: [Status]}}\n"
        "    - {prefix: BIP, header: {required: [Status]}}\n"
    )
    header = "| Number | Title | Author | Status |\n| --- | --- | --- | --- |\n"
    files = {
        ".bep.yaml": config,
        "README.md": f"# X\n\n## A\n\n{header}| [0001](AIP-0001-a.md) | A | - | Draft |\n\n## B\n\n{header}| [0001](BIP-0001-b.md) | B | - | Draft |\n",
        "AIP-0001-a.md": "---\nStatus: Draft\nVersion: v1\n---\n\n# A\n",
        "BIP-0001-b.md": "---\nStatus: Draft\nVersion: v1\n---\n\n# B\n",
    }
    _, findings = check(bep_json, make_repo(files, template=False))
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in findings if f["rule"] == "frontmatter-version"] == [
        ("BIP-0001-b.md", 3, 10, "Version 'v1' is not a version written YY.Sprint.Patch (e.g. 25.9.0); leave it empty until it is known"),
    ]
