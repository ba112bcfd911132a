"""The supporting-* rule (hooks/rules/supporting.py): a supporting folder belongs to a proposal."""

from __future__ import annotations

from .proposal_shapes import ROWS, repo, check
from .conftest import TEMPLATE, registry_readme


def test_supporting_orphan(make_repo, bep_json):
    rows = ROWS + "| 1033 | Reserved with a folder only | - | Draft |\n"
    files = {
        "proposals/BEP-1031/load_test.py": "print(1)\n",
        "proposals/BEP-1032-old-name/diagram.png": b"\x89PNG",
        "proposals/BEP-1033/scenarios.md": "# Scenarios\n",
    }
    root = repo(make_repo, rows, **files)
    _, findings = check(bep_json, root)
    orphans = [(f["path"], f["line"]) for f in findings if f["rule"] == "supporting-orphan"]
    assert orphans == [("proposals/BEP-1031", None), ("proposals/BEP-1032-old-name", None)]
    message = next(f["message"] for f in findings if f["rule"] == "supporting-orphan")
    assert "BEP-1031/ belongs to BEP-1031, which has neither a document nor a registry row" in message
    # with paths, only a folder holding a changed file is reported
    _, findings = check(bep_json, root, root / "proposals/BEP-1032-old-name/diagram.png")
    assert [f["path"] for f in findings] == ["proposals/BEP-1032-old-name"]


def test_an_orphan_folder_at_the_root_is_found_when_a_file_in_it_changed(make_repo, bep_json):
    files = {
        "README.md": registry_readme("| 1000 | A | - | Draft |\n"),
        "BEP-0000-template.md": TEMPLATE,
        "BEP-1031/load_test.py": "print(1)\n",
        "docs/BEP-1032/notes.md": "# Notes\n",
    }
    root = make_repo(files, template=False)
    _, findings = bep_json("--only", "proposals", "--root", str(root), str(root / "BEP-1031/load_test.py"))
    assert [(f["rule"], f["path"]) for f in findings if f["rule"] == "supporting-orphan"] == [("supporting-orphan", "BEP-1031")]
    _, findings = bep_json("--only", "proposals", "--root", str(root), str(root / "docs/BEP-1032/notes.md"))
    assert [f for f in findings if f["rule"] == "supporting-orphan"] == []
