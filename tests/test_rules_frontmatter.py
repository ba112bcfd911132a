"""frontmatter-* rules (hooks/rules/frontmatter.py): what each reports, where, and in what words."""

from __future__ import annotations

import pytest

from .test_rules_proposals import check, doc, repo

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
