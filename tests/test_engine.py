"""The engine: `bep check` and `bep fix` agree. A finding is fixable exactly when `bep
fix` makes it go away; a fix runs only where its rule is on."""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest

from bep_hooks.cli import main
from bep_hooks.rules.catalogue import all_rules

from .conftest import proposal, registry_readme

FIXABLE_RULES = sorted(rule.name for rule in all_rules() if rule.fix is not None)

# One repository with a finding of every fixable rule that `bep fix` repairs, and
# findings of the same rules that it cannot repair.
ROWS = (
    "| [1001](proposals/BEP-1001-old.md) | App Injection | Joongi Kim | Draft |\n"  # link-broken (fixable), status (fixable)
    "| 1003 | Quotas | Joongi Kim | Draft |\n"  # status-mismatch to an unknown status: not fixable
    "|1002|Storage|Joongi Kim|Draft|\n"  # registry-format, registry-unsorted
    "| [1004](proposals/BEP-1004-later.md) | Later | Joongi Kim | Draft |\n"  # link to a document not written yet
)
FILES = {
    "README.md": registry_readme(ROWS),
    "proposals/BEP-1001-app-injection.md": proposal("App Injection", status="Accepted"),
    "proposals/BEP-1002-storage.md": proposal("Storage"),
    "proposals/BEP-1003-quotas.md": proposal("Quotas", status="Frozen"),
}


def _findings(root, capsys):
    capsys.readouterr()
    code = main(["check", "--format", "json", "--root", str(root)])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return json.loads(captured.out or "[]")


def _config(severities, ignores=None) -> str:
    lines = ["severity:"] + [f"  {name}: {grade}" for name, grade in severities.items()] if severities else []
    if ignores:
        lines += ["per-file-ignores:", f"  \"*\": [{', '.join(ignores)}]"]
    return "\n".join(lines) + "\n"


def _agree(make_repo, capsys, severities, ignores=None):
    root = make_repo({**FILES, ".bep.yaml": _config(severities, ignores)})
    before = _findings(root, capsys)
    fixable = [f for f in before if f["fixable"]]
    readme = (root / "README.md").read_bytes()
    code = main(["fix", "--quiet", "--root", str(root)])
    changed = (root / "README.md").read_bytes() != readme
    assert (code == 1) == changed == bool(fixable), (severities, ignores, fixable, code, changed)
    after = _findings(root, capsys)
    assert not [f for f in after if f["fixable"]], after
    # What was not fixable is still there (the lines of the table may have moved).
    kept = Counter((f["rule"], f["path"], f["severity"]) for f in before if not f["fixable"])
    assert Counter((f["rule"], f["path"], f["severity"]) for f in after) == kept, (before, after)
    for finding in fixable:  # each rule that is off, or ignored for the file, is never fixable
        assert severities.get(finding["rule"]) != "off" and finding["rule"] not in (ignores or ())
    return before


def test_the_scene_holds_a_fixable_and_a_lasting_finding_of_every_fixable_rule(make_repo, capsys):
    before = _agree(make_repo, capsys, {})
    assert sorted({f["rule"] for f in before if f["fixable"]}) == FIXABLE_RULES
    lasting = {f["rule"] for f in before if not f["fixable"]}
    assert {"status-mismatch", "registry-link-broken"} <= lasting  # a finding of a fixable rule that fix leaves
    mismatch = next(f for f in before if f["rule"] == "status-mismatch" and not f["fixable"])
    assert "fix the document first" in mismatch["message"]


@pytest.mark.parametrize(
    "grades",
    list(itertools.product(("error", "warning", "off"), repeat=len(FIXABLE_RULES))),
    ids=lambda grades: "-".join(g[0] for g in grades),
)
def test_check_and_fix_agree_under_every_severity_configuration(make_repo, capsys, grades):
    _agree(make_repo, capsys, dict(zip(FIXABLE_RULES, grades)))


@pytest.mark.parametrize("name", FIXABLE_RULES)
def test_a_rule_ignored_for_every_file_is_fixed_nowhere(make_repo, capsys, name):
    _agree(make_repo, capsys, {}, ignores=[name])


@pytest.mark.parametrize("name", FIXABLE_RULES)
def test_a_fix_runs_only_for_its_own_rule(make_repo, capsys, name):
    """Every other fixable rule off: `bep fix` changes the file, and only this rule's
    fixable findings go away."""
    others = {other: "off" for other in FIXABLE_RULES if other != name}
    before = _agree(make_repo, capsys, others)
    assert {f["rule"] for f in before if f["fixable"]} == {name}


def test_only_the_registry_family_fixes_only_registry_rules(make_repo, capsys):
    root = make_repo(FILES)
    main(["check", "--fix", "--only", "registry", "--root", str(root)])
    capsys.readouterr()
    text = (root / "README.md").read_text()
    assert "| 1002 | Storage |" in text  # formatted
    assert "BEP-1001-app-injection.md" in text  # relinked
    assert "| App Injection | Joongi Kim | Draft |" in text  # status-mismatch is a proposals rule: left


def test_a_fix_leaves_a_row_whose_finding_a_comment_suppresses(make_repo, capsys):
    readme = FILES["README.md"].replace(
        "| App Injection |", "| App Injection <!-- bep: ignore registry-link-broken --> |"
    )
    root = make_repo({**FILES, "README.md": readme})
    before = _findings(root, capsys)
    assert [f["line"] for f in before if f["rule"] == "registry-link-broken"] == [13]  # (1004's, not 1001's)
    main(["fix", "--quiet", "--root", str(root)])
    assert "BEP-1001-old.md" in (root / "README.md").read_text()
