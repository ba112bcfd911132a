"""Adopting the suite on an old repository: `bep baseline` and inline suppression comments."""

from __future__ import annotations

import json
import re

from hooks import check_proposals, check_registry
from hooks.baseline import message_key

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
    assert all(set(entry) <= {"rule", "path", "message", "count"} for entry in recorded["findings"])
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
    from hooks.cli import main

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
