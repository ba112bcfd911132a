"""Explaining itself: `bep rules`, `bep rule NAME`, and quoting the source under findings."""

from __future__ import annotations

import pytest

from bep_hooks.findings import Finding
from bep_hooks.report import render
from bep_hooks.rules.catalogue import RULES, all_rules

from .conftest import registry_readme

MY_RULES = ("title-format", "title-mismatch", "registry-reuse", "registry-removed", "registry-backfill", "status-transition")


def test_rules_lists_every_rule_with_its_default_severity(bep, tmp_path):
    code, out, _ = bep("rules", "--root", str(tmp_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["RULE", "SEVERITY", "FAMILY", "SUMMARY"]
    listed = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert listed == {rule.name: rule.severity for rule in all_rules()}
    assert listed["registry-backfill"] == "warning" and listed["registry-reuse"] == "error"
    for contract_rule in ("registry-duplicate", "registry-format", "file-unreadable", "title-format"):
        assert contract_rule in listed
    assert "[fixable]" in next(line for line in lines if line.startswith("registry-format "))


def test_rules_shows_the_configured_grade_beside_the_default(make_repo, bep):
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": "severity: {registry-format: off}\n"})
    out = bep("rules", "--root", str(root))[1]
    assert "error (here: off)" in next(line for line in out.splitlines() if line.startswith("registry-format "))


@pytest.mark.parametrize("name", MY_RULES)
def test_rule_explains_what_why_fix_and_example(bep, tmp_path, name):
    code, out, _ = bep("rule", "--root", str(tmp_path), name)
    assert code == 0
    assert out.startswith(f"{name}: {RULES[name].summary}\nseverity: {RULES[name].severity}; family: ")
    assert "\nHow to fix\n" in out and "\nExample" in out


PARTS = ("What it finds", "Why it matters", "Example", "How to fix")


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_explanation_has_the_four_parts_in_order(name):
    """What it finds, Why it matters, Example, How to fix: each a heading line of its own,
    in this order, once, with text under it; the example shows a finding of the rule."""
    lines = RULES[name].explanation.splitlines()
    headings = [(index, line) for index, line in enumerate(lines) if line.startswith(PARTS)]
    assert [line.split(" ")[0] if line.startswith("Example") else line for _, line in headings] == [
        "What it finds", "Why it matters", "Example", "How to fix"
    ], headings
    ends = [index for index, _ in headings[1:]] + [len(lines)]
    for (start, heading), end in zip(headings, ends):
        assert any(line.strip() for line in lines[start + 1 : end]), f"{name}: nothing under {heading!r}"
    example = "\n".join(lines[headings[2][0] : headings[3][0]])
    assert name in example or "bep" in example, f"{name}: the example shows no finding"


def test_every_rule_has_an_explanation_beyond_its_summary():
    for rule in all_rules():
        assert len(rule.explanation) > len(rule.summary) + 20, rule.name


def test_an_unknown_rule_exits_2_with_a_suggestion(bep, tmp_path):
    code, out, err = bep("rule", "--root", str(tmp_path), "registry-dupe")
    assert code == 2 and out == ""
    assert "no rule named 'registry-dupe'; did you mean registry-duplicate" in err


# -- quoting the source ---------------------------------------------------------------


def test_show_source_quotes_the_line_with_a_caret(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Nope |\n")})
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--show-source")
    assert code == 1
    assert out.splitlines() == [
        "README.md:10:18: error registry-status-unknown: unknown status 'Nope'; use one of: Draft, Accepted, "
        "Implemented, Rejected, Superseded",
        "   |",
        "10 | | 1000 | A | - | Nope |",
        "   | " + " " * 17 + "^",
    ]


def test_no_source_unless_asked_or_on_a_terminal(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Nope |\n")})
    out = bep("check", "--root", str(root), "--only", "registry")[1]
    assert out.count("\n") == 1 and "|" not in out.split(": error")[0]  # capsys is no terminal
    json_out = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--show-source")[1]
    assert "   |" not in json_out


def test_terminal_output_quotes_the_source(make_repo, bep, monkeypatch):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Nope |\n")})
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    out = bep("check", "--root", str(root), "--only", "registry")[1]
    assert "10 | | 1000 | A | - | Nope |" in out
    out = bep("check", "--root", str(root), "--only", "registry", "--no-show-source")[1]
    assert "10 |" not in out


def test_caret_counts_wide_characters_and_tabs():
    lines = {"a.md": ["\t| 김현수 | Nope |"]}
    finding = Finding("r", "error", "a.md", 1, 10, "m")
    out = render([finding], "text", lines.get).splitlines()
    assert out[2] == "1 |     | 김현수 | Nope |"
    assert out[3] == "  | " + " " * 15 + "^"  # tab = 4 columns, each Hangul syllable = 2


def test_quote_is_left_out_when_the_line_is_unknown():
    findings = [
        Finding("r", "error", "a.md", None, None, "no line"),
        Finding("r", "error", "b.md", 3, 1, "file not read"),
        Finding("r", "error", "a.md", 99, 1, "past the end"),
        Finding("r", "error", "a.md", 1, None, "no column"),
    ]
    out = render(findings, "text", {"a.md": ["only line"]}.get)
    assert out.splitlines() == [
        "a.md: error r: no line",
        "b.md:3:1: error r: file not read",
        "a.md:99:1: error r: past the end",
        "a.md:1: error r: no column",
        "  |",
        "1 | only line",
    ]
