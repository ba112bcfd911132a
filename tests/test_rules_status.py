"""status-* rules (hooks/rules/status.py): each finding whole, for documents the rules skip
and go on after, misnamed documents, an empty registry status and configured requirements."""

from __future__ import annotations

from .test_rules_proposals import ROWS, check, doc, repo


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
