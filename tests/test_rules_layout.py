"""layout-empty (a layout that checks nothing), and the rules that pair rows with documents
by (series, number) on repositories shaped like NEPs, CIPs and SIPs (docs/layouts.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import TEMPLATE, proposal, registry_readme, write_tree

DOC = "---\nStatus: Draft\n---\n\n# A title\n\nText.\n"
TABLE = "| Number | Title | Author | Status |\n|---|---|---|---|\n"


def repo(tmp_path: Path, files) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_tree(root, files)


def findings(bep_json, root: Path, *paths: str, rule: str = None):
    code, found = bep_json("--root", str(root), *(str(root / path) for path in paths))
    if rule is not None:
        found = [f for f in found if f["rule"] == rule]
    return code, found


NEP_LAYOUT = """prefix: NEP
layout:
  registry:
    tables:
      - heading: NEPs
  series:
    - folder: neps
      document: "nep-{number:4}.md"
      supporting: "nep-{number:4}/"
      ignore: [archive/]
      template: /nep-0000-template.md
      number-start: 0
"""


def nep_repo(tmp_path, rows: str, config: str = NEP_LAYOUT, **files) -> Path:
    tree = {
        ".bep.yaml": config,
        "README.md": "# Index\n\n## NEPs\n\n" + TABLE + rows,
        "nep-0000-template.md": DOC,
        "neps/nep-0001.md": DOC,
        "neps/nep-0002.md": DOC,
        "neps/archive/0005-old.md": "# old\n",
    }
    tree.update({name.replace("__", "/"): text for name, text in files.items()})
    return repo(tmp_path, tree)


# -- layout-empty ------------------------------------------------------------------


def test_the_bep_fixtures_and_an_empty_new_repository_give_no_layout_empty(make_repo, bep_json):
    for fixture in ("example", "monorepo", "fork/broken", "fork/clean", "neps"):
        root = Path(__file__).resolve().parent.parent / "fixtures" / fixture
        _, found = findings(bep_json, root, rule="layout-empty")
        assert found == [], fixture
    # a new repository: the template and an empty table, nothing written or reserved yet
    root = make_repo({"README.md": registry_readme("")})
    assert findings(bep_json, root) == (0, [])
    # reservations whose documents are not written yet: only the template in the folder
    root = make_repo({"README.md": registry_readme("| 1000 | Soon | a | Draft |\n")})
    assert findings(bep_json, root, rule="layout-empty") == (0, [])


def test_documents_named_otherwise_than_the_default_are_layout_empty(tmp_path, bep_json):
    # a NEP-shaped repository checked with the BEP defaults: nothing is a document
    root = nep_repo(tmp_path, "| 0001 | A | a | Draft |\n", config="prefix: NEP\nregistry-heading: NEPs\nproposals-dir: neps\n")
    code, found = findings(bep_json, root, rule="layout-empty")
    assert code == 1
    (finding,) = found
    assert (finding["path"], finding["line"], finding["severity"]) == ("README.md", None, "error")
    message = finding["message"]
    assert "nothing in neps/ matches 'NEP-{number:4}-{slug}.md'" in message
    assert "(3 names there, none matching)" in message  # nep-0001.md, nep-0002.md, archive
    assert "`layout.series[0].document`" in message


def test_no_folder_found_says_which_key_to_set(tmp_path, bep_json):
    root = repo(
        tmp_path,
        {"README.md": registry_readme("| 1000 | A | a | Draft |\n"), "CIP-0001/README.md": DOC},
    )
    _, found = findings(bep_json, root, rule="layout-empty")
    assert len(found) == 1 and "no folder holds documents named 'BEP-{number:4}-{slug}.md'" in found[0]["message"]
    assert "`layout.series[0].folder`" in found[0]["message"]


def test_a_folder_that_does_not_exist_is_layout_empty_not_a_silent_pass(tmp_path, bep_json):
    """A misspelt `folder:` once turned every document check off with exit 0 (found by
    trying a NEP layout as a new user)."""
    rows = "| [0001](neps/nep-0001.md) | A | a | Draft |\n| [0002](neps/nep-0002.md) | B | b | Draft |\n"
    root = nep_repo(tmp_path, rows, config=NEP_LAYOUT.replace("folder: neps", "folder: nepz"))
    code, found = findings(bep_json, root)
    assert code == 1
    (empty,) = [f for f in found if f["rule"] == "layout-empty"]
    assert "the folder nepz/ does not exist" in empty["message"] and "`layout.series[0].folder`" in empty["message"]


def test_rows_and_documents_with_no_number_in_common(tmp_path, bep_json):
    root = nep_repo(tmp_path, "| 0010 | A | a | Draft |\n| 0011 | B | a | Draft |\n")
    _, found = findings(bep_json, root, rule="layout-empty")
    assert [f["message"] for f in found] == [
        "2 NEP rows and 2 NEP documents, none with the same number: check `layout.registry.tables[0].number` "
        "and `layout.series[0].document`"
    ]
    root2 = nep_repo(tmp_path / "b", "| 0010 | A | a | Draft |\n| 0002 | B | a | Draft |\n")
    assert findings(bep_json, root2, rule="layout-empty")[1] == []  # one match is enough


def test_a_table_with_no_row_while_documents_exist(tmp_path, bep_json):
    root = nep_repo(tmp_path, "")
    _, found = findings(bep_json, root, rule="layout-empty")
    assert [f["message"] for f in found] == [
        "the NEP table (under 'NEPs') has no row, but 2 NEP documents exist; add their rows, or check "
        "`layout.registry.tables[0]`"
    ]


def test_a_series_with_documents_and_no_table(tmp_path, bep_json):
    config = (
        "prefix: AB\nlayout:\n  registry:\n    tables:\n      - {heading: ABs, series: AB}\n"
        "  defaults: {folder: docs, number-start: 0}\n  series:\n"
        "    - {prefix: AB, document: 'ab-{number:4}.md'}\n    - {prefix: XY, document: 'xy-{number:4}.md'}\n"
    )
    root = repo(
        tmp_path,
        {
            ".bep.yaml": config,
            "README.md": "# x\n\n## ABs\n\n" + TABLE + "| 0001 | A | a | Draft |\n",
            "docs/ab-0001.md": DOC,
            "docs/xy-0001.md": DOC,
        },
    )
    _, found = findings(bep_json, root, rule="layout-empty")
    assert [f["message"] for f in found] == [
        "1 XY document found but no registry table holds the XY series; add one to `layout.registry.tables` "
        "with `series: XY`"
    ]


def test_a_commit_is_held_to_layout_empty_only_when_the_registry_or_config_changes(tmp_path, bep_json):
    root = nep_repo(tmp_path, "| 0010 | A | a | Draft |\n")
    assert findings(bep_json, root, "neps/nep-0001.md", rule="layout-empty")[1] == []
    assert len(findings(bep_json, root, "README.md", rule="layout-empty")[1]) == 1


# -- pairing by (series, number) ------------------------------------------------------


def test_neps_pair_rows_and_documents_by_number(tmp_path, bep_json):
    root = nep_repo(
        tmp_path,
        "| [0001](neps/nep-0001.md) | A | a | Draft |\n| 0003 | C | a | Draft |\n",
        neps__nep_0003__diagram="x",  # (renamed below)
    )
    (root / "neps" / "nep_0003").rename(root / "neps" / "nep-0003")
    (root / "neps" / "nep-0777").mkdir()
    (root / "neps" / "nep-0777" / "a.png").write_bytes(b"\x89PNG")
    (root / "neps" / "NEP-0009.md").write_text(DOC)
    _, found = findings(bep_json, root)
    got = {(f["rule"], f["path"]) for f in found if f["rule"] in {
        "proposal-unreserved", "supporting-orphan", "proposal-filename", "registry-link-mismatch",
        "registry-link-broken", "layout-empty"}}
    assert got == {
        ("proposal-unreserved", "neps/nep-0002.md"),  # 0001 is row 1; 0002 has none
        ("supporting-orphan", "neps/nep-0777"),  # nep-0003/ belongs to the row 0003
        ("proposal-filename", "neps/NEP-0009.md"),
    }
    message = next(f["message"] for f in found if f["rule"] == "proposal-filename")
    assert "not named 'nep-{number:4}.md'" in message and "rename it to nep-0009.md" in message


def test_cips_folder_links_stand_for_the_document_and_a_folder_without_readme(tmp_path, bep_json):
    config = (
        "prefix: CIP\nlayout:\n  registry:\n    tables:\n      - heading: CIPs\n"
        "  series:\n    - folder: ''\n      document: 'CIP-{number:4}/README.md'\n      number-start: 1\n"
    )
    rows = "| [0001](./CIP-0001/) | A | a | Draft |\n| [0002](./CIP-0001) | B | a | Draft |\n"
    root = repo(
        tmp_path,
        {
            ".bep.yaml": config,
            "README.md": "# x\n\n## CIPs\n\n" + TABLE + rows,
            "CIP-0001/README.md": DOC,
            "CIP-0001/CIP-0001.md": "Moved to README.md\n",
            "CIP-0002/README.md": DOC,
            "CIP-0042/schema.json": "{}\n",
        },
    )
    _, found = findings(bep_json, root)
    got = sorted((f["rule"], f["path"], f["line"]) for f in found if not f["rule"].startswith(("section", "frontmatter", "proposal-title", "proposal-placeholder")))
    assert got == [
        ("proposal-filename", "CIP-0042", None),
        ("registry-link-mismatch", "README.md", 8),  # row 0002 links to CIP-0001's folder
    ]
    message = next(f["message"] for f in found if f["rule"] == "proposal-filename")
    assert message.startswith("folder CIP-0042/ has no README.md")
    # a commit touching a file in the folder is held to the folder's finding
    _, found = findings(bep_json, root, "CIP-0042/schema.json", rule="proposal-filename")
    assert [f["path"] for f in found] == ["CIP-0042"]


def test_sips_two_documents_in_one_proposal_folder_are_a_duplicate(tmp_path, bep_json):
    config = "prefix: SIP\nlayout:\n  series:\n    - folder: sips\n      document: 'sip-{number:3}/sip-*.md'\n      number-start: 0\n"
    root = repo(
        tmp_path,
        {
            ".bep.yaml": config,
            "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE + "| 10 | A | a | Draft |\n| 12 | B | a | Draft |\n",
            "sips/sip-010/sip-010-tokens.md": DOC,
            "sips/sip-010/summary_of_benefits.md": "x\n",
            "sips/sip-012/sip-012-a.md": DOC,
            "sips/sip-012/sip-012-b.md": DOC,
        },
    )
    _, found = findings(bep_json, root, rule="proposal-duplicate")
    assert sorted(f["path"] for f in found) == ["sips/sip-012/sip-012-a.md", "sips/sip-012/sip-012-b.md"]
    assert "SIP-012 is also used by sips/sip-012/sip-012-b.md" in found[0]["message"]


class _Row:
    """A registry row as the REGISTRY stage gives it (with `.series`)."""

    def __init__(self, number, series, line):
        self.number, self.series, self.line, self.kind, self.link = number, series, line, "entry", None


def test_the_index_meets_rows_and_documents_by_series_and_number(tmp_path):
    from bep_hooks.config import load_config
    from bep_hooks.repository import Project
    from bep_hooks.rules.base import Context
    from bep_hooks.rules.index import registry_index

    config = (
        "prefix: CIP\nlayout:\n  registry:\n    tables:\n      - {heading: CIPs, series: CIP}\n"
        "      - {heading: CPSs, series: CPS}\n  defaults: {folder: '', number-start: 1}\n  series:\n"
        "    - {prefix: CIP, document: 'CIP-{number:4}/README.md'}\n"
        "    - {prefix: CPS, document: 'CPS-{number:4}/README.md'}\n"
    )
    root = repo(
        tmp_path,
        {".bep.yaml": config, "README.md": "# x\n\n## CIPs\n\n" + TABLE, "CIP-0001/README.md": DOC, "CPS-0001/README.md": DOC},
    )
    project = Project(root, load_config(root))
    index = registry_index(Context(project, frozenset({"registry", "proposals"})))
    cip_row, cps_row = _Row(1, "CIP", 5), _Row(1, "CPS", 9)
    index._by_number = {("CIP", 1): [cip_row], ("CPS", 1): [cps_row]}
    cip, cps = project.entry_at("CIP-0001/README.md"), project.entry_at("CPS-0001/README.md")
    assert index.row_for(cip) is cip_row and index.row_for(cps) is cps_row
    assert [e.path for e in index.documents_of(cps_row)] == ["CPS-0001/README.md"]
    assert index.series_of(cps_row) == "CPS"


# -- bep new in a layout ------------------------------------------------------------------


def test_bep_new_writes_the_series_document_pattern(tmp_path, bep):
    root = nep_repo(tmp_path, "| [0001](neps/nep-0001.md) | A | a | Draft |\n| [0002](neps/nep-0002.md) | B | a | Draft |\n")
    code, out, err = bep("new", "--root", str(root), "Storage Quotas", "--author", "Ann (ann@example.com)")
    assert code == 0, err
    assert out.splitlines()[-1] == "neps/nep-0003.md"  # no slug: the pattern has none
    assert (root / "neps" / "nep-0003.md").read_text().startswith("---\nStatus: Draft\n")
    assert "| [0003](neps/nep-0003.md) | Storage Quotas | Ann | Draft |" in (root / "README.md").read_text()


def test_bep_new_creates_a_proposal_folder_and_its_document(tmp_path, bep, bep_json):
    config = "prefix: CIP\nlayout:\n  series:\n    - folder: ''\n      document: 'CIP-{number:4}/README.md'\n      number-start: 1\n"
    root = repo(
        tmp_path,
        {
            ".bep.yaml": config,
            "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE + "| [0001](./CIP-0001/) | A | a | Draft |\n",
            "CIP-0001/README.md": DOC,
        },
    )
    code, out, err = bep("new", "--root", str(root), "Storage Quotas", "--author", "Ann (ann@example.com)")
    assert code == 0, err
    assert out.splitlines()[-1] == "CIP-0002/README.md"
    assert (root / "CIP-0002" / "README.md").is_file()
    # a folder per proposal: the row links the folder, with `./` as the table's rows write it
    assert "| [0002](./CIP-0002/) | Storage Quotas | Ann | Draft |" in (root / "README.md").read_text()
    _, found = findings(bep_json, root, "CIP-0002/README.md")
    assert not [f for f in found if f["rule"] in ("proposal-unreserved", "proposal-filename", "registry-link-broken")]


def test_a_commit_title_names_the_proposal_of_a_folder_per_proposal(tmp_path):
    from bep_hooks.config import load_config
    from bep_hooks.repository import Project
    from bep_hooks.rules.base import Context
    from bep_hooks.rules.title import changed_proposals
    from bep_hooks.parse.title import Message

    config = "prefix: CIP\nlayout:\n  series:\n    - folder: ''\n      document: 'CIP-{number:4}/README.md'\n      number-start: 1\n"
    root = repo(tmp_path, {".bep.yaml": config, "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE, "CIP-0001/README.md": DOC})
    project = Project(root, load_config(root))
    message = Message("<title>", "CIP-0007 (new): A", 1, (("A", "CIP-0007/README.md"), ("M", "CIP-0001/image.png"), ("A", "LICENSE")))
    ctx = Context(project, frozenset({"title"}), message=message)
    assert changed_proposals(ctx) == {7: True, 1: False}


@pytest.mark.parametrize(
    "written, suggested",
    [("1", "| [3](./blip-0003.md) |"), ("0001", "| [0003](./blip-0003.md) |")],
)
def test_the_suggested_row_writes_its_number_as_the_tables_rows_do(tmp_path, bep_json, written, suggested):
    """A `{number}` table (any width) that writes `[1]` for blip-0001.md gets `[3]`, one
    that pads gets `[0003]`: the suggested row pastes in as the table's own."""
    config = (
        "prefix: BLIP\nlayout:\n  series:\n    - folder: ''\n      document: 'blip-{number:4}.md'\n"
        "      number-start: 1\n"
    )
    rows = f"| [{written}](./blip-0001.md) | A | a | Draft |\n| [{written[:-1]}2](./blip-0002.md) | B | b | Draft |\n"
    root = repo(
        tmp_path,
        {
            ".bep.yaml": config,
            "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE + rows,
            "blip-0001.md": DOC,
            "blip-0002.md": DOC,
            "blip-0003.md": DOC,
        },
    )
    _, found = findings(bep_json, root, rule="proposal-unreserved")
    (unreserved,) = found
    assert f"'{suggested} A title | - | Draft |'" in unreserved["message"]
