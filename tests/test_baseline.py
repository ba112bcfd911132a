"""Adopting the suite on an old repository: `bep baseline` and inline suppression comments."""

from __future__ import annotations

import json
import re

from bep_hooks import check_proposals, check_registry
from bep_hooks.commands.baseline import message_key

from .conftest import proposal, registry_readme

OLD_ROWS = (
    "| 1000 | Accelerator Metadata | - | Draft |\n"
    "| 1011 | Storage Quotas | - | Draft |\n"
    "| 1011 | Event Bus | - | Draft |\n"
    "| 1026 | Fair Share Scheduler | - | Draft |\n"
)


def old_repo(make_repo, **extra):
    files = {
        "README.md": registry_readme(OLD_ROWS),
        "proposals/BEP-1000-accelerator-metadata.md": proposal("Accelerator Metadata"),
        "proposals/BEP-1011-storage-quotas.md": proposal("Storage Quotas"),
        "proposals/BEP-1026-fair-share-scheduler.md": proposal("Fair Share Scheduler"),
        "proposals/BEP-1026-email-notification.md": proposal("Email Notification"),
    }
    files.update(extra)
    return make_repo(files)


def rules(out: str):
    return sorted((f["rule"], f["path"]) for f in json.loads(out or "[]"))


def test_baseline_lets_an_old_repository_pass_and_still_fails_new_duplicates(make_repo, bep):
    root = old_repo(make_repo)
    code, out, _ = bep("check", "--root", str(root), "--format", "json")
    assert code == 1
    old = rules(out)
    assert ("registry-duplicate", "README.md") in old
    assert ("proposal-duplicate", "proposals/BEP-1026-email-notification.md") in old

    code, out, _ = bep("baseline", "--root", str(root))
    assert code == 0 and out == f"Recorded {len(old)} findings in .bep-baseline.json.\n"
    recorded = json.loads((root / ".bep-baseline.json").read_text())
    assert recorded["version"] == 1 and len(recorded["findings"]) >= 3
    assert all(set(entry) <= {"rule", "path", "message", "items", "count"} for entry in recorded["findings"])
    assert not any(re.search(r"\bline [0-9]", entry["message"]) for entry in recorded["findings"])

    code, out, err = bep("check", "--root", str(root))
    assert (code, out) == (0, "")
    assert f"{len(old)} findings recorded in .bep-baseline.json not shown." in err

    # a new duplicate reservation and a new duplicate document still fail
    (root / "README.md").write_text(registry_readme(OLD_ROWS + "| 1026 | Another One | - | Draft |\n"))
    (root / "proposals/BEP-1000-second-accelerator.md").write_text(proposal("Second Accelerator"))
    code, out, _ = bep("check", "--root", str(root), "--format", "json")
    assert code == 1
    new = rules(out)
    assert ("registry-duplicate", "README.md") in new
    assert ("proposal-duplicate", "proposals/BEP-1000-second-accelerator.md") in new
    assert not set(new) & {("proposal-duplicate", "proposals/BEP-1026-email-notification.md")}


def test_baseline_survives_line_drift(make_repo, bep):
    root = old_repo(make_repo)
    assert bep("baseline", "--root", str(root))[0] == 0
    drifted = registry_readme(OLD_ROWS, before="## Intro\n\nMany\nnew\nlines.\n\n")
    (root / "README.md").write_text(drifted)
    assert bep("check", "--root", str(root))[0] == 0


def test_line_numbers_in_messages_are_not_part_of_the_key():
    assert message_key("BEP-1011 is reserved twice (also on line 11)") == message_key(
        "BEP-1011 is reserved twice (also on line 14)"
    )
    assert message_key("see lines 3-5 and line 9") == "see lines N and line N"
    assert message_key("BEP-1011 is reserved") != message_key("BEP-1012 is reserved")


def test_identical_findings_are_counted(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Nope |\n| 1001 | B | - | Nope |\n")})
    assert bep("baseline", "--root", str(root))[0] == 0
    entry = json.loads((root / ".bep-baseline.json").read_text())["findings"]
    assert [e.get("count") for e in entry if e["rule"] == "registry-status-unknown"] == [2]
    assert bep("check", "--root", str(root))[0] == 0
    (root / "README.md").write_text(registry_readme("| 1000 | A | - | Nope |\n| 1001 | B | - | Nope |\n| 1002 | C | - | Nope |\n"))
    code, out, _ = bep("check", "--root", str(root))
    assert code == 1 and out.count("registry-status-unknown") == 1


def test_check_says_when_the_baseline_can_shrink(make_repo, bep):
    root = old_repo(make_repo)
    assert bep("baseline", "--root", str(root))[0] == 0
    (root / "proposals/BEP-1026-email-notification.md").unlink()
    code, out, err = bep("check", "--root", str(root))
    assert code == 0 and out == ""
    assert "no longer occur; run `bep baseline` to shrink it." in err
    assert bep("baseline", "--root", str(root))[0] == 0
    assert "no longer occur" not in bep("check", "--root", str(root))[2]


def test_stale_entries_count_only_for_what_was_checked(make_repo, monkeypatch, capsys):
    root = old_repo(make_repo)
    monkeypatch.chdir(root)
    from bep_hooks.cli import main

    assert main(["baseline"]) == 0
    capsys.readouterr()
    # a commit touching one clean proposal: the other files' entries are not "gone"
    assert check_proposals.main(["proposals/BEP-1000-accelerator-metadata.md"]) == 0
    assert "no longer occur" not in capsys.readouterr().err
    assert check_registry.main(["README.md"]) == 0  # the hooks honour the baseline too


def test_no_baseline_and_an_explicit_baseline(make_repo, bep, tmp_path):
    root = old_repo(make_repo)
    assert bep("baseline", "--root", str(root), "--output", str(tmp_path / "b.json"))[0] == 0
    assert not (root / ".bep-baseline.json").exists()
    assert bep("check", "--root", str(root))[0] == 1
    assert bep("check", "--root", str(root), "--baseline", str(tmp_path / "b.json"))[0] == 0
    (root / ".bep.yaml").write_text(f"baseline: {tmp_path / 'b.json'}\n")
    assert bep("check", "--root", str(root))[0] == 0
    assert bep("check", "--root", str(root), "--no-baseline")[0] == 1


def test_a_broken_baseline_exits_2(make_repo, bep):
    root = old_repo(make_repo, **{".bep-baseline.json": "{not json"})
    code, _, err = bep("check", "--root", str(root))
    assert code == 2 and ".bep-baseline.json is not valid JSON" in err and "Traceback" not in err
    (root / ".bep-baseline.json").write_text('{"findings": [{"rule": 1}]}')
    code, _, err = bep("check", "--root", str(root))
    assert code == 2 and "an entry without rule, path and message" in err
    code, _, err = bep("check", "--root", str(root), "--baseline", str(root / "missing.json"))
    assert code == 2 and "no such file" in err


# -- inline suppression ---------------------------------------------------------------


def test_ignore_comment_on_the_line_before_or_the_same_line(make_repo, bep_json):
    doc = proposal("Storage Quotas").replace("Status: Draft", "Status: Drafted")
    root = make_repo({"README.md": registry_readme("| 1011 | Storage Quotas | - | Draft |\n"), "proposals/BEP-1011-storage-quotas.md": doc})
    code, findings = bep_json("--root", str(root))
    assert "status-unknown" in [f["rule"] for f in findings]

    before = doc.replace("Status: Drafted", "# <!-- bep: ignore status-unknown, status-mismatch -->\nStatus: Drafted")
    (root / "proposals/BEP-1011-storage-quotas.md").write_text(before)
    assert [f["rule"] for f in bep_json("--root", str(root))[1]] == []

    same = doc.replace("Status: Drafted", "Status: Drafted  # <!-- bep: ignore status-unknown -->")
    (root / "proposals/BEP-1011-storage-quotas.md").write_text(same)
    remaining = [f["rule"] for f in bep_json("--root", str(root))[1]]
    assert "status-unknown" not in remaining and "status-mismatch" in remaining  # only the rule named


def test_ignore_comment_does_not_reach_further_than_the_next_line(make_repo, bep_json):
    doc = proposal("Storage Quotas").replace("Status: Draft", "Status: Drafted")
    doc = doc.replace("---\nAuthor", "---\n# <!-- bep: ignore status-unknown -->\nAuthor")
    root = make_repo({"README.md": registry_readme("| 1011 | Storage Quotas | - | Drafted |\n"), "proposals/BEP-1011-storage-quotas.md": doc})
    assert "status-unknown" in [f["rule"] for f in bep_json("--root", str(root))[1]]


def test_ignore_file_form_and_all(make_repo, bep_json):
    readme = registry_readme(OLD_ROWS, after="<!-- bep: ignore-file registry-duplicate -->\n")
    root = make_repo({"README.md": readme})
    assert "registry-duplicate" not in [f["rule"] for f in bep_json("--root", str(root), "--only", "registry")[1]]
    readme = registry_readme("| 1001 | B | - | Nope |\n| 1000 | A | - | Draft |\n", after="<!-- BEP: IGNORE-FILE -->\n")
    (root / "README.md").write_text(readme)
    assert bep_json("--root", str(root), "--only", "registry") == (0, [])


def test_ignore_comment_for_another_rule_changes_nothing(make_repo, bep_json):
    readme = registry_readme(OLD_ROWS, after="<!-- bep: ignore-file registry-unsorted -->\n")
    root = make_repo({"README.md": readme})
    assert "registry-duplicate" in [f["rule"] for f in bep_json("--root", str(root), "--only", "registry")[1]]


def test_an_unwritable_baseline_target_exits_2(make_repo, bep, tmp_path):
    root = old_repo(make_repo)
    code, _, err = bep("baseline", "--root", str(root), "--output", str(tmp_path / "missing" / "b.json"))
    assert code == 2 and "cannot write" in err and "Traceback" not in err


# -- improving a legacy document in steps ----------------------------------------------

LEGACY = (
    "---\nAuthor: Joongi Kim (joongi@example.com)\n---\n\n# Legacy Thing\n\n"
    "## Motivation\n\nWhy.\n"
)  # no Status/Created; four of the template's five sections missing
LEGACY_ROWS = "| [1005](proposals/BEP-1005-legacy-thing.md) | Legacy Thing | Joongi Kim | Draft |\n"
LEGACY_PATH = "proposals/BEP-1005-legacy-thing.md"
STEPS = ("Current Design", "Proposed Design", "Impacts to Users or Developers", "References")


def _staged_check(root, bep):
    """What the commit hook runs: `bep check` on the staged files of a real repository."""
    from .gitrepo import git

    staged = [name for name in git(root, "diff", "--cached", "--name-only").splitlines() if name]
    code, out, err = bep("check", "--root", str(root), "--format", "json", *[str(root / name) for name in staged], cwd=root)
    return code, json.loads(out), err


def test_a_legacy_document_improved_in_steps_is_accepted_at_each_commit(make_repo, bep):
    from .gitrepo import commit_all, git, init

    root = init(make_repo({"README.md": registry_readme(LEGACY_ROWS), LEGACY_PATH: LEGACY}))
    assert bep("baseline", "--root", str(root))[0] == 0
    commit_all(root, "adopt bep-hooks with a baseline")
    recorded = json.loads((root / ".bep-baseline.json").read_text())["findings"]
    [missing] = [entry for entry in recorded if entry["rule"] == "section-missing"]
    assert missing["items"] == sorted(STEPS)

    document = root / LEGACY_PATH
    for step, section in enumerate(STEPS, 1):  # the front matter first, then one section per commit
        if step == 1:
            document.write_text(document.read_text().replace("---\n\n#", "Status: Draft\n---\n\n#"))
        document.write_text(document.read_text() + f"\n## {section}\n\nText.\n")
        git(root, "add", LEGACY_PATH)
        code, out, err = _staged_check(root, bep)
        assert (code, out) == (0, []), f"step {step} ({section}) was refused: {out}{err}"
        git(root, "commit", "-q", "-m", f"BEP-1005 (update): add {section}")
    assert "no longer occur" in bep("check", "--root", str(root))[2]  # the baseline can shrink now

    # Taking away a section the document had is new: refused, naming it.
    document.write_text(document.read_text().replace("## Motivation\n\nWhy.\n", ""))
    git(root, "add", LEGACY_PATH)
    code, out, _ = _staged_check(root, bep)
    assert code == 1
    [finding] = out
    assert (finding["rule"], finding["path"]) == ("section-missing", LEGACY_PATH)
    assert "'Motivation'" in finding["message"]


def test_a_section_added_in_the_middle_splits_the_finding_and_both_halves_are_covered(make_repo, bep):
    text = "---\nAuthor: A (a@example.com)\nStatus: Draft\nCreated: 2025-01-02\n---\n\n# Legacy Thing\n\n## Motivation\n\nWhy.\n"
    root = make_repo({"README.md": registry_readme(LEGACY_ROWS), LEGACY_PATH: text})
    assert bep("baseline", "--root", str(root))[0] == 0
    (root / LEGACY_PATH).write_text(text + "\n## Proposed Design\n\nHow.\n")
    code, out, err = bep("check", "--root", str(root), "--format", "json")
    assert (code, json.loads(out)) == (0, []), err
    code, out, _ = bep("check", "--root", str(root), "--format", "json", "--no-baseline")
    assert len([f for f in json.loads(out) if f["rule"] == "section-missing"]) == 2  # two places, two findings


def test_duplicates_shrinking_from_three_files_to_two_stay_covered(make_repo, bep):
    rows = "| 1026 | Fair Share | - | Draft |\n"
    names = ("a", "b", "c")
    root = make_repo({"README.md": registry_readme(rows), **{f"proposals/BEP-1026-{n}.md": proposal(n) for n in names}})
    assert bep("baseline", "--root", str(root))[0] == 0
    (root / "proposals/BEP-1026-c.md").unlink()  # one of the three renumbered away
    code, out, err = bep("check", "--root", str(root))
    assert (code, out) == (0, ""), out + err
    assert "no longer occur" in err  # c's own entry


def test_a_baseline_written_before_items_still_covers_a_shortened_list(make_repo, bep):
    text = "---\nAuthor: A (a@example.com)\nStatus: Draft\nCreated: 2025-01-02\n---\n\n# Legacy Thing\n\n## Motivation\n\nWhy.\n"
    root = make_repo({"README.md": registry_readme(LEGACY_ROWS), LEGACY_PATH: text})
    assert bep("baseline", "--root", str(root))[0] == 0
    path = root / ".bep-baseline.json"
    old = json.loads(path.read_text())
    for entry in old["findings"]:
        entry.pop("items", None)  # the shape of version 1 files written before this change
    path.write_text(json.dumps(old))
    assert bep("check", "--root", str(root))[0] == 0
    (root / LEGACY_PATH).write_text(text + "\n## References\n\nLinks.\n")
    code, out, err = bep("check", "--root", str(root))
    assert (code, out) == (0, ""), out + err
    (root / LEGACY_PATH).write_text(text.replace("## Motivation", "## Something Else"))
    assert bep("check", "--root", str(root))[0] == 1  # Motivation was never missing before


def test_a_number_reserved_three_times_then_twice_stays_covered_also_by_an_old_baseline(make_repo, bep):
    rows = "| 1011 | A | - | Draft |\n| 1011 | B | - | Draft |\n| 1011 | C | - | Draft |\n"
    root = make_repo({"README.md": registry_readme(rows)})
    assert bep("baseline", "--root", str(root))[0] == 0
    (root / "README.md").write_text(registry_readme(rows.replace("| 1011 | C | - | Draft |\n", "")))
    assert bep("check", "--root", str(root))[:2] == (0, "")
    # a baseline of the old wording, which named one line and no items
    old = {"rule": "registry-duplicate", "path": "README.md", "message": "BEP-1011 is reserved twice (also on line 10); give one of them the next free number (`bep next`)"}
    (root / ".bep-baseline.json").write_text(json.dumps({"version": 1, "findings": [old]}))
    assert bep("check", "--root", str(root))[:2] == (0, "")
    (root / "README.md").write_text(registry_readme(rows))  # a third reservation is new
    code, out, _ = bep("check", "--root", str(root))
    assert code == 1 and "reserved 3 times" in out
