"""The checker reads what markdown-it-py reads, and never raises on any input.

- The registry parser (hooks.parse.registry.parse_registry) finds the same heading, table,
  header and cells as markdown-it-py's own tokens.
- The proposal parser (hooks.parse.proposal.parse_proposal) finds the same title and sections
  as markdown-it-py's heading tokens.
- `bep check`, `bep fix` and the hook entry points return 0 or 1 (never raise, never
  exit 2) on generated repositories and on arbitrary bytes, and every finding names a
  file of the repository and a line inside it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bep_hooks import check_proposals, check_registry, format_registry
from bep_hooks.cli import main
from bep_hooks.config import Config
from bep_hooks.parse.proposal import parse_proposal
from bep_hooks.parse.registry import _normalise_heading, parse_registry
from bep_hooks.parse.table import inline_link as _inline_link
from bep_hooks.repository import Project
from bep_hooks.rules.catalogue import all_rules
from bep_hooks.parse.source import Source

from .conftest import TEMPLATE
from .strategies import REGISTRY_HEADING, proposal_texts, reference_parser, registry_texts

MD = reference_parser()
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the registry as markdown-it-py reads it ---------------------------------------------


def _markdown_it_cells(tokens, start: int, stop: int):
    """Cell contents of the rows between tokens[start] and tokens[stop], one list per row."""
    rows, row = [], None
    for token in tokens[start:stop]:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def _as_markdown_it_sees(cells, width: int):
    """Our cells as markdown-it's tokens hold them: the backslash of `\\|` dropped, cells
    beyond the header's count dropped, missing ones empty."""
    seen = [cell.replace("\\|", "|") for cell in cells][:width]
    return seen + [""] * (width - len(seen))


@PROPERTY
@given(registry_texts())
def test_registry_table_agrees_with_markdown_it_tokens(text):
    source = Source.from_text("README.md", text)
    registry = parse_registry(source, Config())
    tokens = MD.parse(source.text)
    wanted = _normalise_heading(REGISTRY_HEADING)
    headings = [
        (i, t) for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.level == 0 and _normalise_heading(tokens[i + 1].content) == wanted
    ]
    if not headings:
        assert registry.heading_line is None and not registry.has_table
        return
    index, heading = headings[0]
    assert registry.heading_line == heading.map[0] + 1
    section_end = next(
        (j for j in range(index + 1, len(tokens))
         if tokens[j].type == "heading_open" and tokens[j].level == 0 and tokens[j].tag <= heading.tag),
        len(tokens),
    )
    table = next((j for j in range(index, section_end) if tokens[j].type == "table_open" and tokens[j].level == 0), None)
    if table is None:
        assert not registry.has_table
        return
    close = next(j for j in range(table, len(tokens)) if tokens[j].type == "table_close" and tokens[j].level == 0)
    assert (registry.start, registry.end) == tuple(tokens[table].map)
    header, *rows = _markdown_it_cells(tokens, table, close)
    width = len(header)
    assert len(registry.header) == width
    assert _as_markdown_it_sees(registry.header, width) == header
    assert [_as_markdown_it_sees(row.cells, width) for row in registry.rows] == rows
    assert [row.line for row in registry.rows] == [registry.start + 3 + i for i in range(len(rows))]


# -- proposals as markdown-it-py reads them ----------------------------------------------


def _front_matter_end(lines) -> int:
    """Index of the line closing the front matter; 0 when there is none or it is not closed."""
    if not lines or lines[0].rstrip() != "---":
        return -1
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)


@PROPERTY
@given(proposal_texts())
def test_proposal_title_and_sections_agree_with_markdown_it_headings(text):
    source = Source.from_text("proposals/BEP-1001-x.md", text)
    proposal = parse_proposal(source, Config())
    lines = list(source.lines)
    end = _front_matter_end(lines)
    body = [""] * (end + 1) + lines[end + 1 :]
    tokens = MD.parse("\n".join(body) + "\n")
    headings = [
        (int(t.tag[1:]), tokens[i + 1].content, t.map[0] + 1)
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.level == 0
    ]
    h1 = [(text, line) for level, text, line in headings if level == 1]
    h2 = [(text, line) for level, text, line in headings if level == 2]
    title = proposal.title
    assert (None if title is None else (title.text, title.line)) == (h1[0] if h1 else None)
    assert [(s.text, s.line) for s in proposal.sections] == h2


# -- whatever the repository holds, the commands answer 0 or 1 ---------------------------

RULE_NAMES = {r.name for r in all_rules()}
INTERNAL = re.compile(r"internal error|Traceback", re.IGNORECASE)

proposal_names = st.sampled_from(
    ["BEP-1000-a.md", "BEP-1001-app-injection.md", "BEP-1001-second.md", "BEP-1005-RBAC_v2.md", "BEP1009-misnamed.md"]
)
any_bytes = st.binary(max_size=300)


@st.composite
def repositories(draw):
    files = {}
    readme = draw(st.one_of(registry_texts().map(lambda t: t.encode("utf-8")), any_bytes, st.just(b"")))
    files[draw(st.sampled_from(["README.md", "README.md", "proposals/README.md"]))] = readme
    if draw(st.booleans()):
        files["proposals/BEP-0000-template.md"] = draw(
            st.one_of(st.just(TEMPLATE.encode()), proposal_texts().map(lambda t: t.encode("utf-8")), any_bytes)
        )
    for name in draw(st.lists(proposal_names, max_size=4, unique=True)):
        files[f"proposals/{name}"] = draw(
            st.one_of(proposal_texts().map(lambda t: t.encode("utf-8")), any_bytes)
        )
    if draw(st.booleans()):
        files["proposals/BEP-1001/kr/BEP-1001-sub.md"] = b"# sub-document\n"
    return files


def _run(root: Path, *argv: str, entry=main):
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = entry(list(argv))
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def _line_count(data: bytes) -> int:
    return len(re.split(rb"\r\n|\r|\n", data))


def _assert_findings_are_sound(root: Path, findings, files):
    for finding in findings:
        assert set(finding) == {"rule", "severity", "path", "line", "column", "message", "fixable"}
        assert finding["rule"] in RULE_NAMES
        assert finding["severity"] in ("error", "warning")
        assert not INTERNAL.search(finding["message"]), finding
        path = finding["path"]
        assert not path.startswith("/") and ".." not in path.split("/"), path
        if finding["line"] is not None:
            assert path in files, finding
            assert 1 <= finding["line"] <= _line_count(files[path]), finding
            assert finding["column"] is None or finding["column"] >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(repositories())
def test_check_and_fix_answer_0_or_1_with_sound_findings(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".git").mkdir()
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)

        code, out, err = _run(root, "check", "--format", "json")
        assert code in (0, 1) and not INTERNAL.search(err), err
        findings = json.loads(out or "[]")
        _assert_findings_are_sound(root, findings, files)
        assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)

        # As pre-commit runs the hooks: only the files of the commit.
        changed = sorted(files)[: len(files) // 2 + 1]
        for entry in (check_registry.main, check_proposals.main):
            code, out, err = _run(root, *changed, entry=entry)
            assert code in (0, 1) and not INTERNAL.search(out + err), out + err

        # The fixer: 0 or 1; it writes only the registry table; a second run writes nothing.
        project = Project(root, Config())
        registry = project.registry
        code, _, err = _run(root, *sorted(files), entry=format_registry.main)
        assert code in (0, 1) and not INTERNAL.search(err), err
        for name, data in files.items():
            if registry is None or not registry.has_table or name != registry.path:
                assert (root / name).read_bytes() == data, f"{name} was written"
            else:
                source = registry.source
                offsets = source.line_offsets()
                begin = offsets[registry.start]
                finish = offsets[registry.end - 1] + len(source.lines[registry.end - 1])
                new = (root / name).read_bytes().decode("utf-8")
                bom = 1 if source.bom else 0
                assert new[: begin + bom] == data.decode("utf-8")[: begin + bom]
                assert new.endswith(source.text[finish:])
        snapshot = {name: (root / name).read_bytes() for name in files}
        code, _, err = _run(root, "fix", "--quiet")
        assert code in (0, 1) and not INTERNAL.search(err), err
        assert {name: (root / name).read_bytes() for name in files} == snapshot, "bep fix is not idempotent"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_bytes, any_bytes)
def test_arbitrary_bytes_are_findings_not_crashes(readme, document):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "proposals").mkdir()
        (root / "README.md").write_bytes(readme)
        (root / "proposals/BEP-1000-x.md").write_bytes(document)
        code, out, err = _run(root, "check", "--format", "json", "--root", str(root))
        assert code in (0, 1) and not INTERNAL.search(err), err
        _assert_findings_are_sound(root, json.loads(out or "[]"), {"README.md": readme, "proposals/BEP-1000-x.md": document})


# -- the link reader against the expression it replaced ----------------------------------

# The original pattern: right on short cells, quadratic on long runs of spaces.
_OLD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*(?P<target><[^>]*>|[^\s()]*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
link_alphabet = st.text(alphabet=list("[]()<>\"' \tab1\u3000"), max_size=14)


@settings(max_examples=500, deadline=None)
@given(st.one_of(link_alphabet, link_alphabet.map(lambda s: f"[1]({s})")))
@example('[1]( "title only")')
@example("[1](<a b> 't')")
@example("[1](" + " " * 50 + "x")
def test_link_reader_agrees_with_the_regular_expression_it_replaced(cell):
    match = _OLD_LINK.fullmatch(cell)
    link = _inline_link(cell)
    assert (link[:2] if link else None) == ((match.group("text"), match.group("target")) if match else None)
    if link:
        assert cell[link.start : link.end] == link.target  # the span a fix replaces
