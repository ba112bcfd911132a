"""The file-* rule (hooks/rules/file.py): a file that cannot be read is a finding, not a crash."""

from __future__ import annotations

from .proposal_shapes import repo, check


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

