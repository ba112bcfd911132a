"""The registry index (hooks/rules/index.py): which row's status `bep fix` may take from a
document, and which rows it leaves as written."""

from __future__ import annotations

import dataclasses

import pytest

from .conftest import proposal
from .test_rules_registry import CLEAN_ROWS, repo_with


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



def test_a_registry_link_with_escaped_parentheses_is_a_link(make_repo, bep_json):
    # `\(` is `(` to Markdown: 1003 links the file that exists (it was once read as no link
    # at all, and the row got registry-number-invalid); 1004's does not exist.
    rows = (
        "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | - | Accepted |\n"
        "| [1002](proposals/BEP-1002-agent-architecture.md) | Agent Architecture | - | Implemented |\n"
        "| [1003](proposals/BEP-1003-gpu-\\(mig\\).md) | GPU (MIG) | - | Draft |\n"
        "| [1004](proposals/BEP-1004-quota-\\(v2\\).md) | Quota | - | Draft |\n"
    )
    files = {"proposals/BEP-1003-gpu-(mig).md": proposal("GPU (MIG)")}
    root = repo_with(make_repo, rows, **files)
    _, findings = bep_json("--only", "registry", "--root", str(root))
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in findings] == [
        (
            "registry-link-broken",
            13,
            3,
            "link 'proposals/BEP-1004-quota-\\(v2\\).md' points at a file that does not exist yet; write it, or "
            "drop the link until it exists",
        )
    ]

# -- the index itself, asked directly -----------------------------------------------------


def _index(root, paths=None):
    from bep_hooks.config import load_config
    from bep_hooks.repository import Project
    from bep_hooks.rules.base import Context
    from bep_hooks.rules.index import registry_index

    ctx = Context(Project(root, load_config(root)), frozenset({"registry", "proposals"}), paths)
    return ctx, registry_index(ctx)


def _cip_repo(tmp_path):
    """The CIP shape (docs/layouts.md): `CIP-0001/README.md`, rows linking `./CIP-0001/`;
    the CPS table has a column more than the CIP one."""
    from .test_registry_layout import CIP_README, cip_repo

    readme = CIP_README.replace("[Second Thing](./CIP-0001/)", "[Second Thing](./CIP-0020/)")
    readme = readme.replace("| # | Title | Status |\n    | ---- | --- | --- |\n    | 0001 | [Smart", "| # | Title | Status | Notes |\n    | ---- | --- | --- | --- |\n    | 0001 | [Smart")
    readme = readme.replace("[Smart things](./CPS-0001) | Open |", "[Smart things](./CPS-0001) | Open | n |")
    readme = readme.replace("[Other things](./CPS-0003/) | **Solved** |", "[Other things](./CIP-0003/) | **Solved** | n |")
    return cip_repo(tmp_path, readme)


def test_a_link_to_a_proposals_folder_stands_for_the_document_inside(tmp_path):
    ctx, index = _index(_cip_repo(tmp_path))
    rows = {row.line: row for row in ctx.registry.rows}
    assert [(line, row.link, index.link_target(row), index.target(row)) for line, row in rows.items()] == [
        (11, "./CIP-0001/", "CIP-0001", "CIP-0001/README.md"),  # (the slash or none: the same)
        (12, "./CIP-0020/", "CIP-0020", "CIP-0020"),  # a folder that is not there stays a folder
        (13, "./CIP-0003", "CIP-0003", "CIP-0003/README.md"),
        (25, "./CPS-0001", "CPS-0001", "CPS-0001/README.md"),
        (26, "./CIP-0003/", "CIP-0003", "CIP-0003/README.md"),
    ]
    assert index.entry_linked(rows[11]).path == "CIP-0001/README.md" and index.entry_linked(rows[12]) is None
    # the CPS row linking CIP-0003's folder links another series' document
    assert [index.links_elsewhere(row) for row in rows.values()] == [False, True, False, False, True]
    assert index.single_document(rows[11]).path == "CIP-0001/README.md"
    assert index.single_document(rows[25]).path == "CPS-0001/README.md"  # (its table's width: four cells)
    assert index.single_document(rows[26]) is None  # (its link names another main document)
    assert index.row_for(ctx.project.entry_at("CIP-0003/README.md")) is rows[13]
    assert index.row_for(ctx.project.entry_at("CPS-0003/README.md")) is None
    # a link from the root (outside, to registry-link-broken) is judged by its name, slash or not
    absolute = dataclasses.replace(rows[11], cells=("0001", "[Acme Process](/CIP-0001/)", "Active"))
    assert (absolute.link, index.target(absolute), index.links_elsewhere(absolute)) == ("/CIP-0001/", "/CIP-0001", False)


def test_the_rows_of_a_number_per_series_with_few_paths_or_all(tmp_path):
    root = _cip_repo(tmp_path)
    for paths in (None, frozenset({"CIP-0001/README.md"}), frozenset(f"CIP-{n:04}/README.md" for n in range(17))):
        _, index = _index(root, paths)
        assert [row.line for row in index.rows(1)] == [11] and [row.line for row in index.rows(1, "CIP")] == [11]
        assert [row.line for row in index.rows(1, "CPS")] == [25]
        assert index.rows(2, "CPS") == [] and index.rows(None) == []
        assert [row.line for row in index.reservations(3, "CPS")] == [26]


def test_without_a_registry_table_no_row_is_indexed(make_repo):
    root = make_repo({"README.md": "# BEPs\n\nNo table yet.\n", "proposals/BEP-1001-a.md": proposal("A")})
    for paths in (None, frozenset({"proposals/BEP-1001-a.md"})):  # (all rows indexed, or looked up)
        ctx, index = _index(root, paths)
        entry = ctx.project.entry_at("proposals/BEP-1001-a.md")
        assert index.registry is None and index.rows(1001) == [] and index.rows_of(entry) == []
        assert index.row_for(entry) is None


def test_single_document_is_left_out_for_a_link_to_another_document_only(make_repo):
    rows = (
        "| [1001](proposals/BEP-1002-agent-architecture.md) | App Injection | - | Draft |\n"  # another document
        "| [1003](proposals/BEP-1002/diagram.png) | Three | - | Draft |\n"  # a file, but no document
        "| 1003 | _(skipped)_ | | |\n"  # (not a reservation: 1003 is still reserved once)
        "| [1004](proposals/BEP-1004-gone.md) | Four | - | Draft |\n"  # no file at all
    )
    files = {"proposals/BEP-1003-three.md": proposal("Three"), "proposals/BEP-1004-four.md": proposal("Four")}
    ctx, index = _index(repo_with(make_repo, rows, **files))
    found = [(row.number, row.kind, index.single_document(row)) for row in ctx.registry.rows]
    assert [(number, kind, entry and entry.path) for number, kind, entry in found] == [
        (1001, "entry", None),
        (1003, "entry", "proposals/BEP-1003-three.md"),
        (1003, "skipped", None),
        (1004, "entry", "proposals/BEP-1004-four.md"),
        (None, "next", None),  # the `_next_` row reserves nothing
    ]
    assert [index.links_elsewhere(row) for row in ctx.registry.rows] == [True, True, False, False, False]


def _link_target(link, base=(), registry="README.md"):
    from types import SimpleNamespace

    from bep_hooks.rules.index import _link_target

    ctx = SimpleNamespace(project=SimpleNamespace(registry_path=registry))
    table = SimpleNamespace(layout=SimpleNamespace(link_base=base), index=0) if base else None
    return _link_target(ctx, SimpleNamespace(link=link, table=table))


@pytest.mark.parametrize(
    "link, registry, target",
    [
        (None, "README.md", None),
        ("", "README.md", None),
        ("#registry", "README.md", None),  # (an anchor of the registry itself)
        ("https://example.org/x.md", "README.md", None),
        ("proposals/BEP-1001-a.md#motivation", "README.md", "proposals/BEP-1001-a.md"),
        ("./BEP-1001-a.md", "proposals/README.md", "proposals/BEP-1001-a.md"),  # (from the registry's folder)
        ("../x.md", "proposals/README.md", "x.md"),
        ("../x.md", "README.md", "../x.md"),  # (outside: leads_outside tells)
        ("/docs/x.md", "proposals/README.md", "/docs/x.md"),
        ("BEP-1001%20a%2Bb.md", "README.md", "BEP-1001 a+b.md"),  # percent-decoded
        ("BEP\\-1001\\_a\\(b\\).md", "README.md", "BEP-1001_a(b).md"),  # backslash escapes dropped
        ("BEP\\1001\\a.md", "README.md", "BEP\\1001\\a.md"),  # (a backslash before no punctuation stays)
    ],
)
def test_a_link_as_a_repository_path(link, registry, target):
    assert _link_target(link, registry=registry) == target


@pytest.mark.parametrize(
    "link, target",
    [
        ("https://example.org/acme/blob/main/neps/nep-0001.md", "neps/nep-0001.md"),
        ("https://example.org/acme/blob/main/neps/nep%2D0002.md#top", "neps/nep-0002.md"),
        ("https://example.org/acme/tree/main/neps/../neps/", "neps"),  # (normalised)
        ("https://example.org/acme/blob/main/", None),  # the repository itself
        ("https://example.org/acme/blob/main/#readme", None),
        ("https://example.org/acme/blob/mainly/x.md", None),  # another URL: external
        ("neps/nep-0003.md", "neps/nep-0003.md"),  # (a relative link beside the base URLs)
    ],
)
def test_a_link_under_a_tables_link_base_is_a_path_from_the_root(link, target):
    bases = ("https://example.org/acme/blob/main/", "https://example.org/acme/tree/main")  # (with and without a slash)
    assert _link_target(link, bases, registry="docs/README.md" if target is None else "README.md") == target


def test_documents_with_misnamed_ones_are_files_only(tmp_path):
    from bep_hooks.rules.index import documents

    from .test_registry_layout import nep_repo, rfc822

    root = nep_repo(tmp_path)
    (root / "neps" / "NEP-0300.md").write_text(rfc822("0300"))  # a near miss of nep-{number:4}.md
    ctx, _ = _index(root)
    named = ["neps/nep-0001.md", "neps/nep-0007.md", "neps/nep-0009.md", "neps/nep-0013.md", "neps/nep-0021.md"]
    assert sorted(entry.path for entry, _ in documents(ctx)) == named
    assert sorted(entry.path for entry, _ in documents(ctx, misnamed=True)) == ["neps/NEP-0300.md"] + named


def test_a_link_is_resolved_once_per_table_because_link_base_is_the_tables(make_repo):
    from types import SimpleNamespace

    url = "https://example.org/acme/blob/main/"
    ctx, index = _index(repo_with(make_repo, CLEAN_ROWS))
    based, plain = (SimpleNamespace(index=i, layout=SimpleNamespace(link_base=bases)) for i, bases in ((0, (url,)), (1, ())))
    link = url + "proposals/BEP-1001-app-injection.md"
    rows = [SimpleNamespace(link=link, table=table) for table in (based, plain, None, based)]
    assert [index.link_target(row) for row in rows] == ["proposals/BEP-1001-app-injection.md", None, None, "proposals/BEP-1001-app-injection.md"]
    assert index.link_target(SimpleNamespace(link="x.md", table=None)) == "x.md"


def test_a_link_into_a_supporting_folder_is_judged_by_the_folders_number(make_repo):
    rows = "| [1002](proposals/BEP-1002/diagram.png) | Agent Architecture | - | Implemented |\n| [1001](proposals/BEP-1002/diagram.png) | App Injection | - | Accepted |\n"
    ctx, index = _index(repo_with(make_repo, rows))
    assert [(row.number, index.target(row), index.links_elsewhere(row)) for row in ctx.registry.rows if row.number] == [
        (1002, "proposals/BEP-1002/diagram.png", False),  # (its file name has no number: the folder's counts)
        (1001, "proposals/BEP-1002/diagram.png", True),
    ]


def test_a_link_to_a_folder_of_two_documents_is_judged_by_their_number(tmp_path):
    from .test_registry_layout import repo

    config = """\
        prefix: P
        layout:
          registry:
            tables:
              - {heading: Proposals, series: P, columns: {number: "#", title: Title, status: Status, author: null}, link: title}
          series:
            - {prefix: P, folder: props, document: "{number:4}/{slug}.md"}
        """
    readme = "# x\n\n## Proposals\n\n| # | Title | Status |\n| --- | --- | --- |\n| 2 | [Two](props/0002/) | Draft |\n| 3 | [Three](props/0002) | Draft |\n"
    doc = "---\nStatus: Draft\n---\n\n# T\n"
    root = repo(tmp_path, {".bep.yaml": config, "README.md": readme, "props/0002/a-one.md": doc, "props/0002/b-two.md": doc})
    ctx, index = _index(root)
    # two documents: the folder stands for neither, and its name (no `P-`) does not say its number
    assert [(row.number, index.target(row), index.links_elsewhere(row)) for row in ctx.registry.rows] == [
        (2, "props/0002", False),
        (3, "props/0002", True),
    ]
