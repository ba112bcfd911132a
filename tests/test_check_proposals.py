"""The bep-proposals hook (hooks/check_proposals.py) and `bep check --only proposals`: quiet on
the real shapes, the staged files only, and the example repositories' findings with file
and line."""

from __future__ import annotations

from bep_hooks import check_proposals

from .proposal_shapes import FIXTURES, doc, repo, check


def test_real_shapes_raise_nothing_but_the_empty_created_warning(make_repo, bep_json):
    code, findings = check(bep_json, repo(make_repo))
    assert [(f["rule"], f["path"], f["line"], f["severity"]) for f in findings] == [
        ("frontmatter-date", "proposals/BEP-1012-RBAC.md", 4, "warning")
    ]
    assert code == 0


def test_the_hook_reports_on_staged_files_only(make_repo, monkeypatch, capsys):
    root = repo(make_repo, **{"proposals/BEP-1040-x.md": doc("X", status="Nope")})
    monkeypatch.chdir(root)
    assert check_proposals.main(["proposals/BEP-1000-accelerator-metadata.md", "README.md"]) == 0
    assert check_proposals.main(["proposals/BEP-1040-x.md"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1].split()[1] for line in out] == ["proposal-unreserved", "status-unknown"]
    assert out[1].startswith("proposals/BEP-1040-x.md:3:9: error status-unknown: unknown status 'Nope'")


def test_example_repository_shows_proposal_findings_with_file_and_line(bep_json):
    code, findings = check(bep_json, FIXTURES / "example")
    assert code == 1
    seen = {(f["path"].split("/")[-1], f["rule"], f["line"]) for f in findings}
    for expected in [
        ("BEP-1026-email-notification-channel.md", "proposal-duplicate", 1),
        ("BEP-1026-fair-share-scheduler.md", "proposal-duplicate", 1),
        ("BEP-1040-multi-agent-device-split.md", "proposal-unreserved", 1),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 2),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 7),
        ("BEP-1040-multi-agent-device-split.md", "proposal-placeholder", 11),  # the template's own text
        ("BEP1009-model-serving-registry.md", "proposal-filename", 1),
        ("BEP1009-model-serving-registry.md", "frontmatter-date", 4),
        ("BEP-1012-RBAC.md", "status-mismatch", 3),
        ("BEP-1012-RBAC.md", "status-requirement", 5),
        ("BEP-1015-resource-policy-reorg.md", "frontmatter-invalid", 2),
        ("BEP-1027-docker-relay.md", "proposal-title-mismatch", 11),
        ("BEP-1031", "supporting-orphan", None),
    ]:
        assert expected in seen
    paths = {f["path"] for f in findings}
    assert not any(p.startswith("drafts/") or "/kr/" in p for p in paths)
    assert not {"proposals/BEP-1000-redefining-accelerator-metadata.md", "proposals/BEP-1002-agent-architecture.md"} & {
        f["path"] for f in findings if f["rule"].startswith("section")
    }


def test_monorepo_example_is_clean_but_for_an_empty_created(bep_json, tmp_path):
    code, findings = bep_json("--root", str(FIXTURES / "monorepo"))
    assert [(f["path"], f["rule"], f["severity"]) for f in findings] == [
        ("proposals/BEP-1012-RBAC.md", "frontmatter-date", "warning")
    ]
    assert code == 0
    # BEP-1034 follows the implementation outline its .bep.yaml allows; without it, it would not pass
    import shutil

    copy = shutil.copytree(FIXTURES / "monorepo", tmp_path / "monorepo")
    (copy / ".bep.yaml").unlink()
    code, findings = bep_json("--root", str(copy))
    assert ("proposals/BEP-1034-sokovan-handler-refactoring.md", "section-missing") in {
        (f["path"], f["rule"]) for f in findings
    }

