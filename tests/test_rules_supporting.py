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


# -- pinned by mutation testing (mutation/README.md) ----------------------------------


def orphans(findings):
    return [(f["path"], f["message"]) for f in findings if f["rule"] == "supporting-orphan"]


def test_the_message_says_what_the_folder_s_number_has_instead_of_a_document(make_repo, bep_json):
    rows = ROWS + "| 1034 | _(skipped)_ | | |\n| 1035 | _(skipped)_ | | |\n"
    files = {
        "proposals/BEP-1011/notes.md": "# Notes\n",  # 1011: a skipped row
        "proposals/BEP_1033_misnamed.md": "# X\n",  # 1033: a near miss, no row
        "proposals/BEP-1033/a.png": b"\x89PNG",
        "proposals/BEP_1034_misnamed.md": "# X\n",  # 1034: both
        "proposals/BEP-1034/a.png": b"\x89PNG",
        "proposals/BEP_1035_v2.md": "# X\n",  # two numbers in the name: a near miss of neither
        "proposals/BEP-1035/a.png": b"\x89PNG",
    }
    root = repo(make_repo, rows, **files)
    _, findings = check(bep_json, root)
    assert orphans(findings) == [
        (
            "proposals/BEP-1011",
            "supporting folder BEP-1011/ belongs to BEP-1011, which has a registry row (README.md line 13, marked "
            "skipped) but no document; rename the folder after its proposal's number, or remove it",
        ),
        (
            "proposals/BEP-1033",
            "supporting folder BEP-1033/ belongs to BEP-1033, which has a document named otherwise "
            "(proposals/BEP_1033_misnamed.md) but no registry row; rename the document after its number and "
            "reserve BEP-1033 in README.md, or remove the folder",
        ),
        (
            "proposals/BEP-1034",
            "supporting folder BEP-1034/ belongs to BEP-1034, which has a registry row (README.md line 15, marked "
            "skipped) and a document named otherwise (proposals/BEP_1034_misnamed.md) but no document of its own; "
            "rename the document after its number and reserve the number, or remove the folder",
        ),
        (
            "proposals/BEP-1035",
            "supporting folder BEP-1035/ belongs to BEP-1035, which has a registry row (README.md line 16, marked "
            "skipped) but no document; rename the folder after its proposal's number, or remove it",
        ),
    ]
    # a commit's check does not look for near misses (that would classify the whole folder)
    _, findings = check(bep_json, root, root / "proposals/BEP-1034/a.png", root / "proposals/BEP-1033/a.png")
    assert [message.split(", which ")[1].split(";")[0] for _, message in orphans(findings)] == [
        "has neither a document nor a registry row",
        "has a registry row (README.md line 15, marked skipped) but no document",
    ]


def test_without_a_registry_table_no_folder_is_an_orphan(make_repo, bep_json):
    root = make_repo({"README.md": "# BEPs\n\nNo registry yet.\n", "proposals/BEP-1031/load_test.py": "print(1)\n"})
    _, findings = check(bep_json, root)
    assert orphans(findings) == []
    _, findings = check(bep_json, root, root / "proposals/BEP-1031/load_test.py")
    assert orphans(findings) == []


TWO_SERIES = """prefix: BEP
layout:
  registry:
    file: README.md
    tables:
      - {heading: BEPs, series: BEP}
      - {heading: XEPs, series: XEP}
  defaults:
    folder: proposals
  series:
    - prefix: BEP
      document: "BEP-{number:4}-{slug}.md"
    - prefix: XEP
      document: "XEP-{number:4}-{slug}.md"
"""


def test_two_series_in_one_folder_each_judge_their_own_folders(make_repo, bep_json):
    table = "| Number | Title | Author | Status |\n|---|---|---|---|\n"
    files = {
        ".bep.yaml": TWO_SERIES,
        "README.md": "# Index\n\n## BEPs\n\n" + table + "| 1000 | A | - | Draft |\n| 1006 | B | - | Draft |\n"
        "\n## XEPs\n\n" + table + "| 1000 | X | - | Draft |\n| 1005 | Y | - | Draft |\n",
        "proposals/BEP-0000-template.md": TEMPLATE,
        "proposals/XEP-0000-template.md": TEMPLATE,
        "proposals/BEP-1000-a.md": TEMPLATE,
        "proposals/XEP-1000-x.md": TEMPLATE,
        "proposals/BEP-1000/a.png": b"\x89PNG",  # its document
        "proposals/BEP-1005/a.png": b"\x89PNG",  # 1005 is reserved as XEP-1005 only
        "proposals/BEP-1006/a.png": b"\x89PNG",  # reserved
        "proposals/XEP-1000/a.png": b"\x89PNG",  # its document
        "proposals/XEP-1006/a.png": b"\x89PNG",  # 1006 is reserved as BEP-1006 only
    }
    root = make_repo(files, template=False)
    expected = [
        (
            "proposals/BEP-1005",
            "supporting folder BEP-1005/ belongs to BEP-1005, which has neither a document nor a registry row; "
            "rename it after its proposal's number, reserve BEP-1005 in README.md, or remove it",
        ),
        (
            "proposals/XEP-1006",
            "supporting folder XEP-1006/ belongs to XEP-1006, which has neither a document nor a registry row; "
            "rename it after its proposal's number, reserve XEP-1006 in README.md, or remove it",
        ),
    ]
    _, findings = check(bep_json, root)
    assert orphans(findings) == expected
    names = ("BEP-1000", "BEP-1005", "BEP-1006", "XEP-1000", "XEP-1006")
    changed = [root / f"proposals/{name}/a.png" for name in names]
    _, findings = check(bep_json, root, *changed)
    assert orphans(findings) == expected
