"""Each status-* rule (hooks/rules/status.py) fires on the shape it is about, and stays quiet
on the real shapes; status-mismatch's fix copies the document's status into the registry."""

from __future__ import annotations

import json

import pytest

from .conftest import proposal, registry_readme
from .gitrepo import commit_all, init
from .proposal_shapes import ROWS, SECTIONS, doc, repo, check
from .test_header_layouts import CIP_CONFIG, CIP_TEMPLATE, NEP_CONFIG, _check, _cip_repo, _nep_repo, cip, nep
from .test_proposal import NEW_TEMPLATE


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


def test_status_findings_whole(make_repo, bep_json):
    rows = ROWS + "| 1003 | Three | - | |\n| 1004 | Four | - | Draft |\n"
    front = "Author: A\nStatus: {}\nCreated: 2025-01-01\n"
    files = {
        ".bep.yaml": "status-requirements:\n  Accepted: [Reviewer, Target-Version]\n",
        # Reviewer given, Target-Version missing: the second requirement is still checked
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", front=front.format("Accepted") + "Reviewer: B\n"),
        "proposals/BEP-1001-app-injection.md": doc(
            "App Injection", front=front.format("Accepted") + "Reviewer:\nTarget-Version: 25.1.0\n"
        ),
        # no Status at all: every status rule skips it and goes on to the next document
        "proposals/BEP-1002-agent-architecture.md": doc("Agent Architecture", front="Author: A\nCreated: 2025-01-01\n"),
        "proposals/BEP-1003-three.md": doc("Three", front=front.format("Draft")),
        "proposals/BEP-1004-four.md": doc("Four", front=front.format("Approved")),
        # misnamed: its requirements are checked too
        "proposals/BEP1010 x.md": doc("X", front=front.format("Accepted")),
    }
    _, findings = check(bep_json, repo(make_repo, rows, **files))
    found = [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"].startswith("status")]
    known = "Draft, Accepted, Implemented, Rejected, Superseded"
    version = "fill in the version that ships it (YY.Sprint.Patch, e.g. 25.9.0), or set Status back"
    assert found == [
        (
            "proposals/BEP-1000-accelerator-metadata.md", 3, 9, "status-mismatch",
            "Status is 'Accepted' here but 'Draft' in the registry (README.md line 10); the document is the source "
            "of truth: run `bep fix` to update the registry row",
        ),
        (
            "proposals/BEP-1000-accelerator-metadata.md", 3, 9, "status-requirement",
            f"an Accepted proposal needs Target-Version, which is missing; {version}",
        ),
        (
            "proposals/BEP-1001-app-injection.md", 5, 1, "status-requirement",
            "an Accepted proposal needs Reviewer, which is empty; fill in the value, or set Status back",
        ),
        (
            "proposals/BEP-1003-three.md", 3, 9, "status-mismatch",
            "Status is 'Draft' here but empty in the registry (README.md line 15); the document is the source of "
            "truth: run `bep fix` to update the registry row",
        ),
        (
            "proposals/BEP-1004-four.md", 3, 9, "status-mismatch",
            "Status is 'Approved' here but 'Draft' in the registry (README.md line 16); 'Approved' is not a known "
            f"status (status-unknown), so fix the document first: use one of {known}; then the registry row follows "
            "(`bep fix`)",
        ),
        (
            "proposals/BEP-1004-four.md", 3, 9, "status-unknown",
            f"unknown status 'Approved'; use one of: {known} (from the comment in proposals/BEP-0000-template.md)",
        ),
        (
            "proposals/BEP1010 x.md", 3, 9, "status-requirement",
            "an Accepted proposal needs Reviewer, which is missing; fill in the value, or set Status back",
        ),
        ("proposals/BEP1010 x.md", 3, 9, "status-requirement", f"an Accepted proposal needs Target-Version, which is missing; {version}"),
    ]  # fmt: skip


def test_bep_fix_keeps_a_row_whose_status_mismatch_is_silenced(make_repo, bep):
    files = {
        "proposals/BEP-1000-accelerator-metadata.md": doc(
            "Accelerator Metadata", front="Author: A\nStatus: Accepted\nCreated: 2025-01-01\nTarget-Version: 25.1.0\n",
            body="<!-- bep: ignore-file status-mismatch -->\n\n",
        ),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", front="Author: A\nStatus: Draft\nCreated: 2025-01-01\n"),
    }
    root = repo(make_repo, **files)
    before = (root / "README.md").read_bytes()
    bep("fix", "--root", str(root))
    after = (root / "README.md").read_bytes()
    # 1000's row keeps Draft (silenced in its document); 1001's row follows its document
    assert after == before.replace(b"| App Injection | Joongi Kim | Accepted |", b"| App Injection | Joongi Kim | Draft |")
    assert b"| Accelerator Metadata | Joongi Kim | Draft |" in after


# -- layouts: reasons, vocabularies, source of truth, series (docs/layouts.md, `statuses`) ------


def test_status_rules_read_a_misnamed_document_too(make_repo, bep_json):
    front = "Author: A\nStatus: {}\nCreated: 2025-01-01\n"
    files = {"proposals/BEP1010 x.md": doc("X", front=front.format("draft")), "proposals/BEP1011 y.md": doc("Y", front=front.format("Rejected"))}
    _, findings = check(bep_json, repo(make_repo, **files))
    found = [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"].startswith("status")]
    assert found == [
        ("proposals/BEP1010 x.md", 3, 9, "status-unknown", "unknown status 'draft' (did you mean 'Draft'?); use one of: "
         "Draft, Accepted, Implemented, Rejected, Superseded (from the comment in proposals/BEP-0000-template.md)"),
        ("proposals/BEP1011 y.md", 3, 9, "status-reason", "the proposal is Rejected but does not say why: add a section "
         "that does ('## Reason', '## Rejection Reason' or '## Decision'), or a 'Reason:' field to the front matter"),
    ]  # fmt: skip


def test_an_empty_status_is_unknown_and_never_compared_with_its_row(make_repo, bep_json):
    files = {"proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", status="")}
    _, findings = check(bep_json, repo(make_repo, **files))
    found = [(f["line"], f["column"], f["rule"], f["message"]) for f in findings if f["rule"].startswith("status")]
    assert found == [
        (3, 1, "status-unknown", "Status is empty; use one of: Draft, Accepted, Implemented, Rejected, Superseded")
    ]


def test_a_row_with_shifted_cells_is_skipped_and_the_next_document_still_compared(make_repo, bep_json):
    rows = ROWS.replace("| Accelerator Metadata | Joongi Kim |", "| Accelerator | Metadata | Joongi Kim |")
    rows = rows.replace("| Joongi Kim | Accepted |", "| Joongi Kim | Implemented |")
    _, findings = check(bep_json, repo(make_repo, rows))
    assert [(f["path"], f["line"]) for f in findings if f["rule"] == "status-mismatch"] == [
        ("proposals/BEP-1001-app-injection.md", 3)  # (1000's row: its Status cell holds 'Joongi Kim')
    ]


@pytest.mark.parametrize(
    "truth, advice",
    [
        ("registry", "the registry is the source of truth, but the row has 5 cells where the header has 4 "
                     "(registry-malformed): correct the row, then set this Status by hand"),
        ("none", "the row has 5 cells where the header has 4 (registry-malformed), and neither side is the source of "
                 "truth here: correct both by hand"),
    ],
)  # fmt: skip
def test_a_row_with_a_stray_cell_says_what_to_correct_by_the_source_of_truth(make_repo, bep, bep_json, truth, advice):
    config = NEP_CONFIG.replace("source-of-truth: registry", f"source-of-truth: {truth}")
    root = _nep_repo(make_repo, (366, "deferred", "Deferred", "Final", nep(366, "Deferred", "Draft")), config=config)
    readme = (root / "README.md").read_text().replace("| Final |", "| Final |) |")
    (root / "README.md").write_text(readme)
    _, found, findings = _check(bep_json, root)
    assert found == [("registry-malformed", "README.md", 7, 1, False), ("status-mismatch", "neps/NEP-0366-deferred.md", 5, 9, False)]
    assert findings[1]["message"] == f"Status is 'Draft' here but 'Final' in the registry (README.md line 7); {advice}"
    document = (root / "neps/NEP-0366-deferred.md").read_bytes()
    assert bep("fix", "--quiet", "--root", str(root))[:2] == (0, "")
    assert (root / "neps/NEP-0366-deferred.md").read_bytes() == document and (root / "README.md").read_text() == readme


def test_an_empty_row_status_asks_to_fill_the_row_where_the_registry_is_the_source_of_truth(make_repo, bep, bep_json):
    root = _nep_repo(make_repo, (366, "deferred", "Deferred", "", nep(366, "Deferred", "Draft")))
    _, found, findings = _check(bep_json, root)
    [mismatch] = [f for f in findings if f["rule"] == "status-mismatch"]
    assert (mismatch["path"], mismatch["line"], mismatch["column"], mismatch["fixable"]) == ("neps/NEP-0366-deferred.md", 5, 9, False)
    assert mismatch["message"] == (
        "Status is 'Draft' here but empty in the registry (README.md line 7); the registry is the source of truth, but "
        "its row has no status: fill in the row's Status"
    )
    document = (root / "neps/NEP-0366-deferred.md").read_bytes()
    bep("fix", "--quiet", "--root", str(root))
    assert (root / "neps/NEP-0366-deferred.md").read_bytes() == document


@pytest.mark.parametrize("form, described", [("semver", " (MAJOR.MINOR.PATCH, e.g. 1.0.0)"), ("off", "")])
def test_a_required_version_is_described_in_the_series_version_format(make_repo, bep_json, form, described):
    config = NEP_CONFIG.replace("        source-of-truth: registry\n", "        source-of-truth: registry\n        requirements: {Final: [Version]}\n")
    config = config.replace("version-format: semver", f"version-format: {form}")
    root = _nep_repo(
        make_repo,
        (12, "ledger", "Ledger", "Final", nep(12, "Ledger", "Final", extra="Version: 2.0.0\n")),
        (366, "deferred", "Deferred", "Final", nep(366, "Deferred", "Final")),
    )
    (root / ".bep.yaml").write_text(config)
    _, found, findings = _check(bep_json, root)
    assert found == [("status-requirement", "neps/NEP-0366-deferred.md", 5, 9, False)]
    assert findings[0]["message"] == (
        f"a Final proposal needs Version, which is missing; fill in the version that ships it{described}, or set Status back"
    )


@pytest.mark.parametrize(
    "cell, written, to",
    [("full", "Inactive (superseded by CIP-0005)", ""), ("base", "Inactive", " to 'Inactive'")],
)
def test_registry_cell_says_whether_the_reason_goes_into_the_row(make_repo, bep, bep_json, cell, written, to):
    root = _cip_repo(make_repo, (3, "rotation", "Rotation", "Proposed", cip(3, "Rotation", "Inactive (superseded by CIP-0005)")))
    (root / ".bep.yaml").write_text(CIP_CONFIG.replace("registry-cell: base", f"registry-cell: {cell}"))
    _, found, findings = _check(bep_json, root)
    assert found == [("status-mismatch", "CIP-0003-rotation.md", 5, 9, True)]
    assert findings[0]["message"] == (
        "Status is 'Inactive (superseded by CIP-0005)' here but 'Proposed' in the registry (README.md line 9); the "
        f"document is the source of truth: run `bep fix` to update the registry row{to}"
    )
    readme = (root / "README.md").read_text()
    assert bep("fix", "--quiet", "--root", str(root))[:2] == (1, "Fixing README.md\n")
    assert (root / "README.md").read_text() == readme.replace("| Rotation | - | Proposed |", f"| Rotation | - | {written} |")


def test_a_reason_no_cell_can_hold_is_not_copied_into_the_row(make_repo, bep, bep_json):
    text = cip(3, "Rotation", '"Inactive (superseded\\nby CIP-0005)"')
    root = _cip_repo(make_repo, (3, "rotation", "Rotation", "Proposed", text))
    (root / ".bep.yaml").write_text(CIP_CONFIG.replace("registry-cell: base", "registry-cell: full"))
    _, found, findings = _check(bep_json, root)
    assert found == [("status-mismatch", "CIP-0003-rotation.md", 5, 9, False)]
    assert findings[0]["message"] == (
        "Status is 'Inactive (superseded\nby CIP-0005)' here but 'Proposed' in the registry (README.md line 9); the "
        "document is the source of truth: update the registry row by hand"
    )
    readme = (root / "README.md").read_bytes()
    assert bep("fix", "--quiet", "--root", str(root))[:2] == (0, "")
    assert (root / "README.md").read_bytes() == readme


def test_a_document_status_the_registry_does_not_use_is_copied_by_hand(make_repo, bep, bep_json):
    root = _cip_repo(make_repo, (3, "rotation", "Rotation", "Proposed", cip(3, "Rotation", "Inactive (superseded by CIP-0005)")))
    config = CIP_CONFIG.replace("document: [Proposed, Active, Inactive]", "document: [Proposed, Active, Inactive]\n        registry: [Proposed, Active]")
    (root / ".bep.yaml").write_text(config)
    _, found, findings = _check(bep_json, root)
    assert found == [("status-mismatch", "CIP-0003-rotation.md", 5, 9, False)]
    assert findings[0]["message"] == (
        "Status is 'Inactive (superseded by CIP-0005)' here but 'Proposed' in the registry (README.md line 9); the "
        "document is the source of truth, but 'Inactive' is not a status the registry uses (Proposed, Active): update "
        "the registry row by hand"
    )
    readme = (root / "README.md").read_bytes()
    assert bep("fix", "--quiet", "--root", str(root))[:2] == (0, "")
    assert (root / "README.md").read_bytes() == readme


# Two series, each with its own statuses: the CIPs' documents are the source of truth, the
# CPSs' registry rows are; each has its own lifecycle and requirements.
TWO_TRUTHS = """\
prefix: CIP
layout:
  registry:
    tables:
      - {heading: Proposals (CIP), series: CIP}
      - {heading: Problems (CPS), series: CPS}
  defaults:
    folder: ""
    number-start: 1
    header: {title-field: Title}
    title: field
  series:
    - prefix: CIP
      template: CIP-0000-template.md
      statuses: {document: [Proposed, Active, Inactive], transitions: {Proposed: [Active]}}
    - prefix: CPS
      template: CPS-0000-template.md
      statuses:
        document: [Open, Solved, Inactive]
        source-of-truth: registry
        transitions: {Open: [Solved]}
        requirements: {Solved: [Solution]}
"""

CPS_TEMPLATE = "---\nCPS: ?\nTitle: ?\nStatus: Open\nAuthors: Jo Doe\n---\n\n## Problem\n\nWrite the problem here.\n"


def cps(number: int, title: str, status: str) -> str:
    return f"---\nCPS: {number}\nTitle: {title}\nStatus: {status}\nAuthors: Ana Abreu\n---\n\n## Problem\n\nOur words.\n"


def two_truths_readme(cip_rows: str, cps_rows: str) -> str:
    header = "| Number | Title | Author | Status |\n| --- | --- | --- | --- |\n"
    return f"# Acme\n\n## Proposals (CIP)\n\n{header}{cip_rows}\n## Problems (CPS)\n\n{header}{cps_rows}"


def two_truths_repo(make_repo, cip_rows: str, cps_rows: str, **documents):
    files = {".bep.yaml": TWO_TRUTHS, "CIP-0000-template.md": CIP_TEMPLATE, "CPS-0000-template.md": CPS_TEMPLATE}
    files["README.md"] = two_truths_readme(cip_rows, cps_rows)
    return make_repo({**files, **documents}, template=False)


def test_each_series_fixes_the_side_its_source_of_truth_says(make_repo, bep, bep_json):
    documents = {
        "CIP-0004-labels.md": cip(4, "Labels", "Active"),
        "CPS-0001-orphan.md": cps(1, "Orphan", "Open"),  # no row: nothing to write into it
        "CPS-0002-sync.md": cps(2, "Sync", "Open"),
        "CPS-0003-fees.md": cps(3, "Fees", "Solved"),
    }
    cps_rows = "| [0002](CPS-0002-sync.md) | Sync | - | Solved |\n| [0003](CPS-0003-fees.md) | Fees | - | Solved |\n"
    root = two_truths_repo(make_repo, "| [0004](CIP-0004-labels.md) | Labels | - | Proposed |\n", cps_rows, **documents)
    _, found, findings = _check(bep_json, root)
    status = [(f["path"], f["line"], f["column"], f["rule"], f["fixable"], f["message"]) for f in findings if f["rule"].startswith("status")]
    assert status == [
        ("CIP-0004-labels.md", 5, 9, "status-mismatch", True, "Status is 'Active' here but 'Proposed' in the registry "
         "(README.md line 7); the document is the source of truth: run `bep fix` to update the registry row"),
        ("CPS-0002-sync.md", 4, 9, "status-mismatch", True, "Status is 'Open' here but 'Solved' in the registry "
         "(README.md line 13); the registry is the source of truth: run `bep fix` to write 'Solved' here"),
        ("CPS-0003-fees.md", 4, 9, "status-requirement", False, "a Solved proposal needs Solution, which is missing; "
         "fill in the value, or set Status back"),
    ]  # fmt: skip
    before = {name: (root / name).read_bytes() for name in ("README.md", *documents)}
    code, out, _ = bep("fix", "--quiet", "--root", str(root))
    assert (code, out) == (
        1,
        "Fixing README.md\nFixing CPS-0002-sync.md\n  CPS-0002-sync.md:4: 'Status: Open' -> 'Status: Solved' (status-mismatch)\n",
    )
    after = {name: (root / name).read_bytes() for name in before}
    assert after == {
        **before,
        "README.md": before["README.md"].replace(b"| Labels | - | Proposed |", b"| Labels | - | Active |"),
        "CPS-0002-sync.md": before["CPS-0002-sync.md"].replace(b"Status: Open", b"Status: Solved"),
    }


def test_each_series_changes_status_by_its_own_lifecycle(make_repo, bep):
    cip_rows = "| [0004](CIP-0004-labels.md) | Labels | - | Proposed |\n| [0005](CIP-0005-fees.md) | Fees | - | Proposed |\n"
    cps_rows = "| [0002](CPS-0002-sync.md) | Sync | - | Open |\n"
    documents = {"CIP-0004-labels.md": cip(4, "Labels", "Proposed"), "CIP-0005-fees.md": cip(5, "Fees", "Proposed")}
    root = init(two_truths_repo(make_repo, cip_rows, cps_rows, **documents, **{"CPS-0002-sync.md": cps(2, "Sync", "Open")}))
    commit_all(root, "start")
    cip_rows = cip_rows.replace("| Labels | - | Proposed |", "| Labels | - | Active |")  # allowed: the next is still checked
    cip_rows = cip_rows.replace("| Fees | - | Proposed |", "| Fees | - | Inactive |")
    (root / "README.md").write_text(two_truths_readme(cip_rows, cps_rows.replace("| Open |", "| Inactive |")))
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(out)]
    assert found == [
        ("status-transition", 8, 41, "CIP-0005 changed status from Proposed (on main) to Inactive; Proposed may change "
         "to: Active"),
        ("status-transition", 14, 41, "CPS-0002 changed status from Open (on main) to Inactive; Open may change to: Solved"),
    ]  # fmt: skip


def test_a_row_that_became_a_skipped_number_changes_no_status(make_repo, bep):
    rows = "| 1040 | Fair Share | Kim | Draft |\n| 1041 | Quotas | Lee | Draft |\n"
    root = init(make_repo({"README.md": registry_readme(rows)}))
    commit_all(root, "start")
    (root / "README.md").write_text(registry_readme(rows.replace("| 1040 | Fair Share | Kim |", "| 1040 | _(skipped)_ | Kim |").replace("Draft", "Implemented")))
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    assert [(f["rule"], f["line"]) for f in json.loads(out) if f["rule"] == "status-transition"] == [("status-transition", 11)]


def test_a_single_series_lifecycle_comes_from_its_statuses(make_repo, bep):
    config = NEP_CONFIG.replace("        source-of-truth: registry\n", "        source-of-truth: registry\n        transitions: {Final: [Deprecated]}\n")
    root = init(_nep_repo(make_repo, (12, "ledger", "Ledger", "Final", nep(12, "Ledger", "Final")), config=config))
    commit_all(root, "start")
    (root / "README.md").write_text((root / "README.md").read_text().replace("| Final |", "| Living |"))
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(out)] == [
        ("status-transition", 7, 57, "NEP-0012 changed status from Final (on main) to Living; Final may change to: Deprecated")
    ]
