"""The registry fixer never loses a byte, and fixing twice changes nothing.

Property tests over generated READMEs (tests/strategies.py), then the fixer's file
safety: atomic replacement in the same folder, mode kept, nothing written when the
registry is ambiguous (merge conflict markers) or when the README links out of the
repository, and nothing half-written when the write fails.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bep_hooks import engine, write as write_module
from bep_hooks.parse import source as source_module
from bep_hooks.config import Config
from bep_hooks.parse.registry import NEXT, parse_registry
from bep_hooks.registry_format import first_difference, formatted_text, sort_rows
from bep_hooks.repository import Project
from bep_hooks.parse.source import BOM, Source

from .conftest import registry_readme
from .strategies import reference_parser, registry_texts

MD = reference_parser()
styles = st.sampled_from(["compact", "aligned"])
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fixed(text: str, style: str):
    """(source, registry, new text or None) for a README's text."""
    source = Source.from_text("README.md", text)
    registry = parse_registry(source, Config())
    return source, registry, formatted_text(registry, style=style)


def table_span(source: Source, registry) -> tuple:
    """(first offset of the table, offset just after its last line's text) in source.text."""
    offsets = source.line_offsets()
    last = registry.end - 1
    return offsets[registry.start], offsets[last] + len(source.lines[last])


@PROPERTY
@given(registry_texts(), styles)
def test_fixing_twice_changes_nothing(text, style):
    source, registry, once = fixed(text, style)
    if once is None:
        assert not registry.has_table or registry.conflicted
        return
    again = formatted_text(parse_registry(Source.from_text("README.md", source.encode(once).decode("utf-8")), Config()), style=style)
    assert again == once


@PROPERTY
@given(registry_texts(), styles)
def test_every_byte_outside_the_table_is_kept(text, style):
    source, registry, new = fixed(text, style)
    if new is None:
        return
    begin, finish = table_span(source, registry)
    assert new[:begin] == source.text[:begin]
    assert new[len(new) - (len(source.text) - finish) :] == source.text[finish:]
    data = source.encode(new)
    assert data.startswith(BOM.encode("utf-8")) == text.startswith(BOM)
    if new == source.text:  # nothing to do: the very same bytes come back
        assert data == text.encode("utf-8")


@PROPERTY
@given(registry_texts(), styles)
def test_cells_are_kept_and_rows_come_out_in_number_order(text, style):
    source, registry, new = fixed(text, style)
    if new is None:
        return
    after = parse_registry(Source.from_text("README.md", new), Config())
    assert (after.start, after.end, after.header) == (registry.start, registry.end, registry.header)
    assert Counter(row.cells for row in after.rows) == Counter(row.cells for row in registry.rows)
    assert [row.cells for row in after.rows] == [row.cells for row in sort_rows(registry.rows)]
    numbers = [row.number for row in after.rows if row.kind != NEXT and row.number is not None]
    assert numbers == sorted(numbers)
    kinds = [row.kind == NEXT for row in after.rows]
    assert kinds == sorted(kinds), "the _next_ placeholder closes the table"


def _split_at_registry(text: str, start_line: int):
    """markdown-it's HTML for (before the registry table, its header, its rows, after it)."""
    env: dict = {}
    tokens = MD.parse(text, env)
    opening = next(
        i for i, t in enumerate(tokens) if t.type == "table_open" and t.level == 0 and t.map[0] == start_line
    )
    closing = next(i for i in range(opening, len(tokens)) if tokens[i].type == "table_close" and tokens[i].level == 0)
    render = lambda part: MD.renderer.render(part, MD.options, env)  # noqa: E731
    header, rows, start = "", [], None
    for index in range(opening, closing + 1):
        if tokens[index].type == "tr_open":
            start = index
        elif tokens[index].type == "tr_close":
            html = render(tokens[start : index + 1])
            if "<th" in html and not header:
                header = html
            else:
                rows.append(html)
    return render(tokens[:opening]), header, Counter(rows), render(tokens[closing + 1 :])


@PROPERTY
@given(registry_texts(), styles)
def test_the_rest_of_the_document_renders_the_same(text, style):
    source, registry, new = fixed(text, style)
    if new is None:
        return
    before = _split_at_registry(source.text, registry.start)
    after = _split_at_registry(new, registry.start)
    assert after[0] == before[0], "HTML before the registry table changed"
    assert after[3] == before[3], "HTML after the registry table changed"
    assert after[1] == before[1], "the table header renders differently"
    assert after[2] == before[2], "the table rows render differently (as a multiset: order aside)"


@pytest.mark.parametrize("style, delimiter", [("compact", "   |-|"), ("aligned", "   |--------|")])
def test_an_indented_delimiter_row_keeps_its_indentation(style, delimiter):
    # Found by hypothesis: the table ends the list item's paragraph above it only because
    # its delimiter row is indented; written as `|-|` the table became part of the list item
    # and the registry was gone.
    text = "## BEP Number Registry\n\nNumber|Title\n - | --- \n|_next_|\n   |-|"
    source, registry, new = fixed(text, style)
    assert new == "## BEP Number Registry\n\nNumber|Title\n - | --- \n| _next_ |\n" + delimiter
    before = _split_at_registry(source.text, registry.start)
    assert _split_at_registry(new, registry.start) == before
    again = parse_registry(Source.from_text("README.md", new), Config())
    assert (again.start, again.end) == (registry.start, registry.end)
    assert first_difference(again, style) is None  # check calls the fixed table canonical


# -- through the file system: what `bep fix` writes --------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registry_texts(), st.sampled_from([0o644, 0o600, 0o755]))
def test_bep_fix_writes_only_the_table_keeps_the_mode_and_settles(text, mode):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        readme = root / "README.md"
        original = text.encode("utf-8")
        readme.write_bytes(original)
        os.chmod(readme, mode)
        project = Project(root, Config())
        changed, refused = engine.fix(project)
        data = readme.read_bytes()
        registry = project.registry
        if not changed:
            assert data == original
        else:
            assert changed == ["README.md"] and not refused
            source = registry.source
            begin, finish = table_span(source, registry)
            new_text = data.decode("utf-8")
            bom = 1 if source.bom else 0
            assert new_text[: begin + bom] == text[: begin + bom]
            assert new_text.endswith(source.text[finish:])
            assert stat.S_IMODE(os.stat(readme).st_mode) == mode
        if registry is not None and registry.has_table and registry.conflicted:
            assert refused and not changed
        assert sorted(p.name for p in root.iterdir()) == ["README.md"], "a temporary file was left behind"
        assert engine.fix(Project(root, Config())) == ([], refused)
        assert readme.read_bytes() == data


# -- fixer safety, case by case ----------------------------------------------------------

UNSORTED = registry_readme("|1001|B|-|Draft|\n| 1000 | A | - | Draft |\n")


def test_the_write_is_a_rename_of_a_temporary_file_in_the_same_folder(make_repo, monkeypatch):
    root = make_repo({"README.md": UNSORTED})
    renames = []
    real_replace = os.replace

    def recording_replace(source, target):
        renames.append((Path(source), Path(target)))
        return real_replace(source, target)

    monkeypatch.setattr(source_module.os, "replace", recording_replace)
    assert engine.fix(Project(root, Config())) == (["README.md"], [])
    [(temporary, target)] = renames
    assert target == (root / "README.md").resolve()
    assert temporary.parent == target.parent and temporary.name != target.name
    assert not temporary.exists()
    assert "| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |" in (root / "README.md").read_text()


@pytest.mark.parametrize("failing", ["fsync", "replace", "mkstemp"])
def test_a_failed_write_leaves_the_file_whole_and_no_temporary_file(make_repo, monkeypatch, failing):
    root = make_repo({"README.md": UNSORTED})
    before = (root / "README.md").read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    else:
        monkeypatch.setattr(source_module.os, failing, fail)
    changed, refused = engine.fix(Project(root, Config()))
    assert changed == []
    assert refused == ["README.md: not fixed: cannot write it: No space left on device"]
    assert (root / "README.md").read_bytes() == before
    assert sorted(p.name for p in root.iterdir()) == [".git", "README.md", "proposals"]


def test_a_failed_write_is_a_message_and_exit_1_not_a_traceback(make_repo, bep, monkeypatch):
    root = make_repo({"README.md": UNSORTED})

    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    code, out, err = bep("fix", "--quiet", "--root", str(root))
    assert (code, out) == (1, "")
    assert err.strip() == "README.md: not fixed: cannot write it: Permission denied"


def test_conflict_markers_mean_nothing_is_written(make_repo, bep):
    rows = "| 1001 | B | - | Draft |\n<<<<<<< HEAD\n|1003|Mine|A|Draft|\n=======\n|1002|Theirs|B|Draft|\n>>>>>>> b\n|1000|A|-|Draft|\n"
    root = make_repo({"README.md": registry_readme(rows)})
    before = (root / "README.md").read_bytes()
    code, out, err = bep("fix", "--quiet", "--root", str(root))
    assert (code, out) == (1, "")
    assert "not fixed: the registry holds merge conflict markers" in err
    assert (root / "README.md").read_bytes() == before


def test_a_readme_linking_out_of_the_repository_is_never_read_nor_written(tmp_path, bep):
    outside = tmp_path / "outside.md"
    outside.write_text(UNSORTED)
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "README.md").symlink_to(outside)
    code, out, err = bep("fix", "--root", str(root))
    assert outside.read_text() == UNSORTED
    assert (root / "README.md").is_symlink()
    assert code == 1
    assert out.startswith("README.md: error file-unreadable: it leads outside the repository")


def test_the_write_refuses_a_target_outside_the_repository_even_if_it_was_read(make_repo, monkeypatch):
    """Second line of defence: the reader already refuses such a file (test above)."""
    root = make_repo({"README.md": UNSORTED})
    project = Project(root, Config())
    assert project.registry is not None
    from bep_hooks import write

    monkeypatch.setattr(write, "is_inside", lambda root, path: not str(path).endswith("README.md"))
    assert engine.fix(project) == (
        [],
        ["README.md: not fixed: it leads outside the repository (a symlink, '..' or an absolute path)"],
    )
    assert (root / "README.md").read_text() == UNSORTED


def test_a_readme_linking_inside_the_repository_is_fixed_in_its_real_place(make_repo):
    root = make_repo({"docs/README.md": UNSORTED})
    (root / "README.md").symlink_to("docs/README.md")
    assert engine.fix(Project(root, Config())) == (["README.md"], [])
    assert (root / "README.md").is_symlink()
    assert "| 1000 | A | - | Draft |\n| 1001 | B | - | Draft |" in (root / "docs/README.md").read_text()


def test_write_atomic_creates_a_file_that_did_not_exist(tmp_path):
    write_module.write_atomic(tmp_path / "new.md", b"| a |\n")
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("new.md", b"| a |\n")]


def test_a_failed_rename_whose_cleanup_fails_too_still_leaves_the_original_whole(make_repo, monkeypatch):
    root = make_repo({"README.md": UNSORTED})

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(source_module.os, "replace", fail)
    monkeypatch.setattr(source_module.os, "unlink", fail)
    assert engine.fix(Project(root, Config())) == ([], ["README.md: not fixed: cannot write it: Input/output error"])
    assert (root / "README.md").read_text() == UNSORTED
