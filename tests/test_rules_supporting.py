"""supporting-orphan (hooks/rules/supporting.py) where the proposals live at the root."""

from __future__ import annotations

from .conftest import TEMPLATE, registry_readme


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
