"""The registry index (hooks/rules/index.py): which row's status `bep fix` may take from a
document, and which rows it leaves as written."""

from __future__ import annotations

from .conftest import proposal
from .test_rules_registry import repo_with


def test_bep_fix_updates_only_a_row_with_one_document_and_leaves_the_doubtful_ones(make_repo, bep):
    rows = (
        "| [1001](proposals/BEP-1002-agent-architecture.md) | App Injection | - | Draft |\n"  # links another document
        "| 1002 | Agent Architecture | - | Draft |\n| 1002 | Agent Again | - | Draft |\n"  # reserved twice
        "| 1003 | Three | - | Draft | extra |\n"  # malformed: a cell too many
        "| 1004 | Four | - | Draft |\n"  # one document, one row: follows the document
    )
    files = {
        "proposals/BEP-1003-three.md": proposal("Three", status="Rejected"),
        "proposals/BEP-1004-four.md": proposal("Four", status="Rejected"),
    }
    root = repo_with(make_repo, rows, **files)
    before = (root / "README.md").read_bytes()
    code, out, _ = bep("fix", "--root", str(root))
    assert (root / "README.md").read_bytes() == before.replace(b"| 1004 | Four | - | Draft |", b"| 1004 | Four | - | Rejected |")
    assert "update the registry row by hand" in out  # (1002's document: two rows, so by hand)


def test_a_backslash_escape_in_a_registry_link_is_read_as_markdown_reads_it(make_repo, bep_json):
    # `\_` is `_` to Markdown: 1003 links the file that exists; 1004's target (unescaped)
    # does not exist, and the message quotes the link as the registry writes it.
    rows = (
        "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | - | Accepted |\n"
        "| [1002](proposals/BEP-1002-agent-architecture.md) | Agent Architecture | - | Implemented |\n"
        "| [1003](proposals/BEP-1003-gpu\\_mig.md) | GPU (MIG) | - | Draft |\n"
        "| [1004](proposals/BEP-1004-quota\\_v2.md) | Quota | - | Draft |\n"
    )
    files = {"proposals/BEP-1003-gpu_mig.md": proposal("GPU (MIG)")}
    root = repo_with(make_repo, rows, **files)
    _, findings = bep_json("--only", "registry", "--root", str(root))
    assert [(f["rule"], f["path"], f["line"], f["column"], f["message"]) for f in findings] == [
        (
            "registry-link-broken",
            "README.md",
            13,
            3,
            "link 'proposals/BEP-1004-quota\\_v2.md' points at a file that does not exist yet; write it, or drop "
            "the link until it exists",
        )
    ]
