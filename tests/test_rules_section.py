"""section-* rules (hooks/rules/section.py): where a missing section goes, and after which
section an out-of-order one belongs."""

from __future__ import annotations

from .test_rules_proposals import check, doc, repo

A, B, C, D = "Related Issues", "Motivation", "Migration / Compatibility", "References"


def section_findings(make_repo, bep_json, *orders):
    files = {}
    for number, sections in zip((1000, 1001, 1002, 1003), orders):
        files[f"proposals/BEP-{number}-x.md"] = doc("X", sections=sections)
    _, findings = check(bep_json, repo(make_repo, **files))
    return [
        (f["path"][len("proposals/BEP-") : len("proposals/BEP-1000")], f["line"], f["column"], f["rule"], f["message"])
        for f in findings
        if f["rule"].startswith("section-") and f["path"] in files
    ]


def test_an_out_of_order_section_belongs_after_the_nearest_earlier_one_present(make_repo, bep_json):
    found = section_findings(
        make_repo,
        bep_json,
        (D, A, B),  # References first: after Motivation (Migration is missing)
        (B, C, D, A),  # Related Issues last: before the others
        (D, A, C),  # References first: after Migration
    )
    hint = " (see proposals/BEP-0000-template.md)"
    assert found == [
        # (a missing section goes before the next template section the document has, wherever that is)
        ("1000", 12, 1, "section-missing", f"section 'Migration / Compatibility' is missing; add '## Migration / Compatibility' before '## References' (line 12){hint}"),
        ("1000", 12, 1, "section-order", "section 'References' is out of order; the template puts it after 'Motivation'"),
        ("1001", 24, 1, "section-order", "section 'Related Issues' is out of order; the template puts it before the other sections"),
        ("1002", 12, 1, "section-order", "section 'References' is out of order; the template puts it after 'Migration / Compatibility'"),
        ("1002", 20, 1, "section-missing", f"section 'Motivation' is missing; add '## Motivation' before '## Migration / Compatibility' (line 20){hint}"),
    ]  # fmt: skip


def test_a_misnamed_document_is_held_to_the_sections_too(make_repo, bep_json):
    files = {"proposals/BEP1010 x.md": doc("X", sections=(D, A, B))}
    _, findings = check(bep_json, repo(make_repo, **files))
    assert [(f["rule"], f["line"]) for f in findings if f["path"] == "proposals/BEP1010 x.md" and f["rule"].startswith("section-")] == [
        ("section-missing", 12),
        ("section-order", 12),
    ]
