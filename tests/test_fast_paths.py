"""The shortcuts taken for speed (issue #6) give the answers of the code they stand in for.

- registry cells: `str.split("|")` for a line without backslashes, the regex otherwise;
- registry links: the listing decides whether a link leaves the repository, not realpath;
- reading a file asks for the size it has, not the largest size allowed, and still
  reads all of a file that grew, or that reports no size;
- a commit's lookups (one number in the registry, one name and one number in the listing)
  give what the fully built registry and listing give, and build nothing else;
- suppression comments: one search over the text before the line-by-line scan;
- parsing in worker processes (hooks.parallel): the same models and findings as one process;
- parsed proposals do not keep their text, and what needs it again still gets it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bep_hooks import engine, parallel
from bep_hooks.parse import suppression
from bep_hooks.config import DEFAULT
from bep_hooks.parse.registry import Row
from bep_hooks.parse.table import UNESCAPED_PIPE as _UNESCAPED_PIPE
from bep_hooks.repository import Project, read_and_parse
from bep_hooks.rules import PROPOSALS, REGISTRY
from bep_hooks.parse.source import Source

from .conftest import proposal, registry_readme, write_tree


@given(st.text(alphabet="|\\ a`b\t-[](x)", max_size=40))
def test_splitting_on_pipes_without_backslashes_is_the_regex(line):
    if "\\" not in line:
        assert line.split("|") == _UNESCAPED_PIPE.split(line)


def test_row_properties_are_computed_again_for_a_changed_row():
    columns = {"number": 0, "title": 1, "author": 2, "status": 3}
    row = Row(10, ("[1001](proposals/BEP-1001-a.md)", "A", "-", "Draft"), columns, raw="| ... |")
    assert (row.number, row.link) == (1001, "proposals/BEP-1001-a.md")
    changed = row.with_cell("number", "[1002](proposals/BEP-1002-b.md)")
    assert (changed.number, changed.link, changed.kind) == (1002, "proposals/BEP-1002-b.md", "entry")
    assert (row.number, row.link) == (1001, "proposals/BEP-1001-a.md")


@pytest.mark.parametrize("reported", [0, 10, 999])
def test_a_file_that_reports_less_than_it_holds_is_read_whole_up_to_the_cap(tmp_path, monkeypatch, reported):
    from types import SimpleNamespace

    from bep_hooks.parse import source as source_module

    (tmp_path / "a.md").write_text("x" * 999 + "\n", encoding="utf-8")
    real_fstat = os.fstat

    def fstat(fd):  # a file being written to, or a /proc-like file that says it is empty
        status = real_fstat(fd)
        return SimpleNamespace(st_mode=status.st_mode, st_size=reported)

    monkeypatch.setattr(source_module.os, "fstat", fstat)
    assert source_module.read_source(tmp_path, "a.md").text == "x" * 999 + "\n"
    over = source_module.read_source(tmp_path, "a.md", max_size=500)
    assert isinstance(over, source_module.Unreadable) and "larger than 500 bytes (max-file-size)" in over.reason


def test_a_file_exactly_at_the_cap_is_read(tmp_path):
    from bep_hooks.parse.source import Source, read_source

    (tmp_path / "a.md").write_bytes(b"y" * 1000)
    assert isinstance(read_source(tmp_path, "a.md", max_size=1000), Source)
    assert not isinstance(read_source(tmp_path, "a.md", max_size=999), Source)


def test_a_number_looked_up_before_the_rows_are_built_has_the_rows_built_later():
    from bep_hooks.parse.registry import NEXT, parse_registry

    rows = (
        "| 1000 | A | - | Draft |\n| [1001](proposals/BEP-1001-x.md) | Title 1000 | - | Draft |\n"
        "| 01002 | Leading zero | - | Draft |\n| 1003 | B \\| 1001 | - | Draft |\n| 1001 | Twice | - | Draft |\n"
        "| ١٠٠٤ | Arabic digits | - | Draft |\n| 1005 | _(skipped)_ | | |\n| 1006 | Short row |\n"
    )
    text = registry_readme(rows)
    for number in (1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 100):
        lazy = parse_registry(Source.from_text("README.md", text), DEFAULT)
        found = lazy.rows_for(number)
        assert "rows" not in lazy.__dict__  # only the lines holding the digits were split
        built = parse_registry(Source.from_text("README.md", text), DEFAULT)
        assert found == [row for row in built.rows if row.number == number and row.kind != NEXT], number
    assert [row.line for row in built.rows_for(1001)] == [11, 14]


@pytest.fixture
def folder_of_shapes(tmp_path):
    """A proposals folder with every kind of name, symlinked documents among them."""
    root = tmp_path / "repo"
    names = ["BEP-1000-a.md", "BEP-1000-b.md", "BEP-1001-c.md", "BEP1002-near.md", "bep-1003-x.md", "AGENTS.md",
             "BEP-1004-RBAC/kr/BEP-1004-RBAC-spec.md", "BEP-1005/x.png", "BEP-10000-wide.md", "BEP-1006.md"]  # fmt: skip
    write_tree(root, {"README.md": registry_readme(""), **{f"proposals/{name}": proposal("X") for name in names}})
    write_tree(root, {"proposals/BEP-0000-template.md": proposal("Title"), "other/BEP-1007-real.md": proposal("R")})
    folder = root / "proposals"
    (folder / "BEP-1007-link.md").symlink_to(root / "other" / "BEP-1007-real.md")
    (folder / "BEP-1007-again.md").symlink_to(root / "other" / "BEP-1007-real.md")  # a second name for it
    (folder / "BEP-1001-alias.md").symlink_to(folder / "BEP-1001-c.md")  # a second name in the folder
    (folder / "BEP-1008-gone.md").symlink_to(root / "nothing.md")
    (folder / "BEP-1009").symlink_to(root / "other", target_is_directory=True)
    return root


def test_looking_names_up_one_by_one_gives_the_full_listing(folder_of_shapes):
    root = folder_of_shapes
    full = Project(root, DEFAULT).listing
    names = sorted(os.listdir(root / "proposals")) + ["missing.md"]
    for name in names:
        listing = Project(root, DEFAULT).listing  # a fresh one: nothing classified yet
        assert listing.entry_at(f"proposals/{name}") == full.by_path.get(f"proposals/{name}"), name
    for number in range(998, 1011):
        listing = Project(root, DEFAULT).listing
        assert listing.documents(number) == full.by_number.get(number, []), number
    assert [e.name for e in full.by_number[1007]] == ["BEP-1007-again.md"]
    assert [e.name for e in full.by_number[1001]] == ["BEP-1001-c.md"]
    assert Project(root, DEFAULT).listing.entry_at("other/BEP-1007-real.md") is None


def test_a_one_file_check_builds_neither_every_row_nor_every_entry(tmp_path):
    rows = "".join(f"| [{n}](proposals/BEP-{n}-x.md) | T | - | Draft |\n" for n in range(1000, 1100))
    files = {f"proposals/BEP-{n}-x.md": proposal("T") for n in range(1000, 1100)}
    root = write_tree(tmp_path / "repo", {"README.md": registry_readme(rows), **files})
    project = Project(root, DEFAULT)
    findings = engine.check(project, (REGISTRY, PROPOSALS), ["proposals/BEP-1042-x.md"])
    assert [f.rule for f in findings] == []
    assert "rows" not in project.registry.__dict__ and "entries" not in project.listing.__dict__
    (root / "proposals/BEP-1042-y.md").write_text(proposal("T"), encoding="utf-8")
    findings = engine.check(Project(root, DEFAULT), (REGISTRY, PROPOSALS), ["proposals/BEP-1042-x.md"])
    assert [f.rule for f in findings] == ["proposal-duplicate"]


def _realpath_outside(root: Path, path: str) -> bool:
    """The definition the listing shortcut stands in for."""
    if path.startswith("/") or path == ".." or path.startswith("../"):
        return True
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, path))
    return not (real == real_root or real.startswith(real_root + os.sep))


def test_leaving_the_repository_is_decided_as_realpath_decides(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("x", encoding="utf-8")
    root = tmp_path / "repo"
    write_tree(root, {"README.md": registry_readme(""), "proposals/BEP-1000-a.md": proposal("A"), "other/x.md": "x"})
    folder = root / "proposals"
    (folder / "BEP-1001-out.md").symlink_to(outside / "secret.md")
    (folder / "BEP-1002-in.md").symlink_to(root / "other" / "x.md")
    (folder / "BEP-1003").symlink_to(outside, target_is_directory=True)
    (root / "drafts").symlink_to(folder, target_is_directory=True)
    (root / "away").symlink_to(outside, target_is_directory=True)
    project = Project(root, DEFAULT)
    paths = [
        "proposals/BEP-1000-a.md",
        "proposals/BEP-1001-out.md",
        "proposals/BEP-1002-in.md",
        "proposals/BEP-1003",
        "proposals/BEP-1003/secret.md",
        "proposals/BEP-9999-missing.md",
        "drafts/BEP-1000-a.md",
        "away/secret.md",
        "other/x.md",
        "proposals",
        "../repo/proposals/BEP-1000-a.md",
        "/etc/passwd",
    ]
    for path in paths:
        assert project.leads_outside(path) == _realpath_outside(root, path), path


def test_resolving_a_file_by_its_folder_is_realpath(tmp_path):
    from bep_hooks.parse.source import _realpath

    outside = tmp_path / "elsewhere"
    write_tree(outside, {"a.md": "x", "sub/b.md": "y"})
    root = tmp_path / "repo"
    write_tree(root, {"proposals/BEP-1000-a.md": "x", "other/x.md": "x"})
    (root / "proposals" / "link.md").symlink_to(outside / "a.md")
    (root / "proposals" / "dangling.md").symlink_to(root / "nothing.md")
    (root / "proposals" / "loop.md").symlink_to(root / "proposals" / "loop.md")
    (root / "away").symlink_to(outside, target_is_directory=True)
    (root / "drafts").symlink_to(root / "proposals", target_is_directory=True)
    names = ["proposals/BEP-1000-a.md", "proposals/link.md", "proposals/dangling.md", "proposals/loop.md",
             "proposals/missing.md", "away/a.md", "away/sub/b.md", "drafts/BEP-1000-a.md", "drafts/link.md",
             "proposals/..", "proposals/.", "proposals/../other/x.md", "proposals/"]  # fmt: skip
    for name in names:
        path = os.path.join(root, name)
        assert _realpath(path) == os.path.realpath(path), name


def test_the_listing_shortcut_needs_the_proposals_folder_inside(tmp_path):
    outside = tmp_path / "elsewhere"
    write_tree(outside, {"BEP-1000-a.md": proposal("A"), "BEP-0000-template.md": proposal("Title")})
    root = tmp_path / "repo"
    write_tree(root, {"README.md": registry_readme("")})
    (root / "proposals").symlink_to(outside, target_is_directory=True)
    project = Project(root, DEFAULT)
    assert project.listing.folder == "proposals"
    assert project.leads_outside("proposals/BEP-1000-a.md") == _realpath_outside(root, "proposals/BEP-1000-a.md")


_FRAGMENTS = ["<!--", "-->", " ", "\t", "\n", "bep:", "BEP:", "Bep:", "ignore", "ignore-file", "all", "x", ",", "-"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25))
def test_the_quick_search_for_suppressions_never_misses_one(fragments):
    source = Source.from_text("a.md", "".join(fragments))
    quick = suppression.find_suppressions(source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression, "_may_suppress", lambda text: True)  # always scan every line
        assert suppression.find_suppressions(source) == quick


# -- workers -----------------------------------------------------------------------------

BODIES = [
    "```python\n# not a heading\n```\n",
    "- item\n\n  ## inside a list item\n",
    "<!-- bep: ignore section-missing -->\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> quoted\n# Heading after a quote\n",
]


def _many_proposals(count: int):
    files = {}
    rows = ""
    for index in range(count):
        number = 1000 + index
        status = ("Draft", "Accepted", "Nope")[index % 3]
        extra = "Target-Version: 25.1.0\n" if index % 5 == 0 else ""
        text = proposal(f"Proposal {number}", status=status, extra=extra) + BODIES[index % len(BODIES)]
        if index % 17 == 3:
            text = text.replace("Author: Joongi Kim (joongi@example.com)", "Author:\n  - A\n  - B")  # ruamel path
        if index % 23 == 4:
            text = text.replace("## Motivation", "## Motivation\n\n## Motivation again")
        files[f"proposals/BEP-{number}-p{index}.md"] = text
        if index % 11 != 7:
            rows += f"| [{number}](proposals/BEP-{number}-p{index}.md) | Proposal {number} | Joongi Kim | Draft |\n"
    files["proposals/BEP-1050-second.md"] = proposal("Second 1050")
    files["proposals/BEP-1051-binary.md"] = b"\x00\x01binary"
    files["proposals/BEP-1052-latin1.md"] = "caf\xe9".encode("latin-1")
    files["README.md"] = registry_readme(rows)
    return files


@pytest.fixture
def big_repo(make_repo):
    return make_repo(_many_proposals(parallel.MIN_DOCUMENTS + 30))


def test_workers_parse_exactly_what_one_process_parses(big_repo, monkeypatch):
    monkeypatch.setenv("BEP_JOBS", "3")
    project = Project(big_repo, DEFAULT)
    paths = [entry.path for entry in project.listing.main]
    assert parallel.worker_count(len(paths)) == 3
    parsed = parallel.parse_many(project._parse, paths)
    assert parsed is not None and sorted(path for path, _, _ in parsed) == sorted(paths)
    lines = project.template.template_lines
    for path, document, suppressions in parsed:
        assert (document, suppressions) == read_and_parse(big_repo, DEFAULT, path, None, lines), path


def test_a_check_with_workers_finds_what_one_process_finds(big_repo, monkeypatch):
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("BEP_JOBS", jobs)
        findings = engine.check(Project(big_repo, DEFAULT), (REGISTRY, PROPOSALS))
        results.append(findings)
    assert results[0] == results[1]
    assert {f.rule for f in results[0]} >= {"file-unreadable", "proposal-duplicate", "proposal-unreserved"}


def test_no_workers_for_a_small_check_or_when_told(monkeypatch):
    monkeypatch.delenv("BEP_JOBS", raising=False)
    assert parallel.worker_count(parallel.MIN_DOCUMENTS - 1) == 1
    monkeypatch.setenv("BEP_JOBS", "1")
    assert parallel.worker_count(10 * parallel.MIN_DOCUMENTS) == 1


def test_a_worker_that_dies_costs_only_time(big_repo, monkeypatch):
    monkeypatch.setenv("BEP_JOBS", "2")
    real = parallel._parse

    def dying(parse, paths):
        if os.getpid() != parent:
            os._exit(3)  # killed mid-way: no answer on the pipe
        return real(parse, paths)

    parent = os.getpid()
    monkeypatch.setattr(parallel, "_parse", dying)
    project = Project(big_repo, DEFAULT)
    paths = [entry.path for entry in project.listing.main]
    parsed = parallel.parse_many(project._parse, paths)
    assert 0 < len(parsed) < len(paths)  # the parent's share only
    monkeypatch.setenv("BEP_JOBS", "1")
    expected = engine.check(Project(big_repo, DEFAULT), (REGISTRY, PROPOSALS))
    monkeypatch.setenv("BEP_JOBS", "2")
    assert engine.check(Project(big_repo, DEFAULT), (REGISTRY, PROPOSALS)) == expected


def test_a_parsed_proposal_lets_its_text_go_and_reads_it_again_when_asked(big_repo):
    project = Project(big_repo, DEFAULT)
    path = "proposals/BEP-1000-p0.md"
    document = project.proposal(path)
    assert document.path == path
    assert path not in project._sources  # not kept: a full check holds one text at a time
    source = project.cached_source(path)  # the reporter quoting a line reads it again
    assert source is not None and source.lines[0] == "---"
    unreadable = project.proposal("proposals/BEP-1051-binary.md")
    assert project.source("proposals/BEP-1051-binary.md") is unreadable


def test_a_status_read_from_the_front_matter_alone_is_the_parsed_documents(big_repo):
    reader, parser = Project(big_repo, DEFAULT), Project(big_repo, DEFAULT)
    for entry in parser.listing.main:
        document = parser.proposal(entry.path)
        expected = getattr(document, "status", None)
        assert reader.status(entry.path) == expected, entry.path
        assert entry.path not in reader._proposals  # nothing but the front matter was parsed
