"""`bep list`: the proposals, their state and what is wrong with each."""

from __future__ import annotations

import json

from .conftest import proposal, registry_readme

ROWS = (
    "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Joongi Kim | Draft |\n"
    "| 1001 | App Injection | Kim | Accepted |\n"
    "| 1002 | Reserved Only | Lee | Draft |\n"
    "| 1003 | _(skipped)_ | | |\n"
    "| 1004 | Shown Status | Park | Implemented |\n"
)


def repo(make_repo):
    return make_repo(
        {
            "README.md": registry_readme(ROWS),
            "proposals/BEP-1000-accelerator-metadata.md": proposal("Accelerator Metadata"),
            "proposals/BEP-1001-app-injection.md": proposal("App Injection", status="Accepted"),
            "proposals/BEP-1004-shown-status.md": proposal("Shown Status", status="Implemented"),
            "proposals/BEP-1010-unreserved.md": proposal("Unreserved", author="Choi (c@example.com)"),
            "proposals/BEP1011-misnamed.md": proposal("Misnamed"),
        }
    )


def listed(bep, root, *args):
    code, out, err = bep("list", "--root", str(root), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_list_shows_documents_reservations_and_what_is_wrong(make_repo, bep):
    items = listed(bep, repo(make_repo))
    by_number = {item["number"]: item for item in items}
    assert [item["number"] for item in items] == [1000, 1001, 1002, 1004, 1010, None]  # skipped 1003 is none
    assert by_number[1000] == {
        "number": 1000, "title": "Accelerator Metadata", "status": "Draft", "author": "Joongi Kim",
        "document": "proposals/BEP-1000-accelerator-metadata.md", "registry_line": 10, "errors": {}, "warnings": {},
    }  # fmt: skip
    assert by_number[1002]["document"] is None and by_number[1002]["registry_line"] == 12
    assert by_number[1002]["title"] == "Reserved Only"
    assert by_number[1010]["registry_line"] is None
    assert by_number[1010]["errors"] == {"proposal-unreserved": 1}
    assert by_number[1010]["author"] == "Choi"
    assert items[-1]["document"] == "proposals/BEP1011-misnamed.md" and "proposal-filename" in items[-1]["errors"]


def test_list_counts_row_findings_on_the_row_and_document_findings_on_the_document(make_repo, bep):
    root = repo(make_repo)
    (root / "README.md").write_text(registry_readme(ROWS.replace("| Kim | Accepted |", "| Kim | Nope |")))
    (root / "proposals/BEP-1004-shown-status.md").write_text(proposal("Shown Status", status="Implemented") + "\n## Motivation\n")
    by_number = {item["number"]: item for item in listed(bep, root)}
    assert by_number[1001]["errors"] == {"registry-status-unknown": 1, "status-mismatch": 1}
    assert by_number[1004]["errors"] == {}
    assert by_number[1000]["errors"] == {}


def test_status_filter_is_case_insensitive_repeatable_and_comma_separated(make_repo, bep):
    root = repo(make_repo)
    assert [i["number"] for i in listed(bep, root, "--status", "accepted")] == [1001]
    assert [i["number"] for i in listed(bep, root, "--status", "ACCEPTED,implemented")] == [1001, 1004]
    assert [i["number"] for i in listed(bep, root, "--status", "Accepted", "--status", "Implemented")] == [1001, 1004]
    assert listed(bep, root, "--status", "Rejected") == []


def test_list_text_is_a_table_with_problems(make_repo, bep):
    code, out, _ = bep("list", "--root", str(repo(make_repo)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Number", "Title", "Status", "Author", "Document", "Problems"]
    [row] = [line for line in lines if line.startswith("1010")]
    assert row.endswith("proposal-unreserved")
    assert "(no document; README.md line 12)" in next(line for line in lines if line.startswith("1002"))


def test_list_markdown_is_a_summary_a_ci_job_can_post(make_repo, bep):
    root = repo(make_repo)
    (root / "README.md").write_text(registry_readme(ROWS.replace("| Reserved Only |", "| In \\| Out <b> |")))
    code, out, _ = bep("list", "--root", str(root), "--format", "markdown")
    assert "| 1002 | In \\| Out &lt;b&gt; | Draft | Lee | (no document; README.md line 12) | - |" in out.splitlines()
    code, out, _ = bep("list", "--root", str(root), "--format", "markdown", "--status", "accepted")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Proposals"
    assert "1 proposal (1 Accepted); 0 with errors." in lines
    assert "| Number | Title | Status | Author | Document | Problems |" in lines
    [row] = [line for line in lines if line.startswith("| 1001 ")]
    assert row == "| 1001 | App Injection | Accepted | Kim | `proposals/BEP-1001-app-injection.md` | - |"


def test_list_bad_format_is_a_usage_error(make_repo, bep):
    code, _, err = bep("list", "--root", str(repo(make_repo)), "--format", "github")
    assert code == 2 and "'github' is not one of" in err


def test_list_of_a_repository_without_proposals_says_so(make_repo, bep):
    root = make_repo({"README.md": registry_readme("")})
    assert bep("list", "--root", str(root)) == (0, "No proposals.\n", "")
    code, out, _ = bep("list", "--root", str(root), "--format", "markdown")
    assert code == 0 and "0 proposals; 0 with errors." in out and "| Number |" not in out
