"""Each status-* rule (hooks/rules/status.py) fires on the shape it is about, and stays quiet
on the real shapes; status-mismatch's fix copies the document's status into the registry."""

from __future__ import annotations

from .conftest import proposal, registry_readme
from .proposal_shapes import ROWS, SECTIONS, doc, repo, check
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
