"""Reserving numbers: `bep next` and `bep new`."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from bep_hooks.config import Config
from bep_hooks.repository import Project
from bep_hooks.commands.reserve import new_proposal, slugify

from .conftest import TEMPLATE, proposal, registry_readme

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

TODAY = datetime.date.today().isoformat()
ROWS = (
    "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator Metadata | Joongi Kim | Draft |\n"
    "| 1011 | _(skipped)_ | | |\n"
    "| 1012 | RBAC | Sanghun Lee | Draft |\n"
)


def base_files(rows=ROWS):
    return {
        "README.md": registry_readme(rows),
        "proposals/BEP-1000-accelerator-metadata.md": proposal("Accelerator Metadata"),
    }


# -- bep next -------------------------------------------------------------------------


def test_next_is_above_the_highest_registry_row(make_repo, bep):
    assert bep("next", "--root", str(make_repo(base_files()))) == (0, "1013\n", "")


def test_next_is_above_documents_and_folders_the_registry_does_not_know(make_repo, bep):
    files = base_files()
    files["proposals/BEP-1030-unreserved.md"] = proposal("Unreserved")
    assert bep("next", "--root", str(make_repo(files)))[1] == "1031\n"
    files["proposals/BEP-1044/diagram.png"] = b"\x89PNG"
    assert bep("next", "--root", str(make_repo(files)))[1] == "1045\n"
    files["proposals/BEP1050-misnamed.md"] = proposal("Misnamed")
    assert bep("next", "--root", str(make_repo(files)))[1] == "1051\n"


def test_next_starts_at_the_start_number(make_repo, bep):
    assert bep("next", "--root", str(make_repo({"README.md": registry_readme("")})))[1] == "1000\n"
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": "number-start: 2000\n"})
    assert bep("next", "--root", str(root))[1] == "2000\n"


def test_next_ignores_invalid_numbers_and_says_when_none_is_left(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1001 | A | - | Draft |\n| 99999 | Too wide | - | Draft |\n")})
    assert bep("next", "--root", str(root))[1] == "1002\n"
    root = make_repo({"README.md": registry_readme("| 9999 | Last | - | Draft |\n")})
    code, out, err = bep("next", "--root", str(root))
    assert code == 1 and out == "" and "no free number of 4 digits" in err


# -- bep new --------------------------------------------------------------------------


def test_new_reserves_the_row_creates_the_document_and_passes_check(make_repo, bep):
    root = make_repo(base_files())
    code, out, err = bep("new", "--root", str(root), "Storage Quotas & Limits", "--author", "Joongi Kim (joongi@lablup.com)")
    assert code == 0, err
    assert out == "proposals/BEP-1013-storage-quotas-limits.md\n"
    assert "Reserved BEP-1013 in README.md" in err

    readme = (root / "README.md").read_text()
    assert (
        "| 1012 | RBAC | Sanghun Lee | Draft |\n"
        "| [1013](proposals/BEP-1013-storage-quotas-limits.md) | Storage Quotas & Limits | Joongi Kim | Draft |\n"
        "| _next_ |"
    ) in readme
    assert readme.replace(
        "| [1013](proposals/BEP-1013-storage-quotas-limits.md) | Storage Quotas & Limits | Joongi Kim | Draft |\n", ""
    ) == registry_readme(ROWS)  # one line added, nothing else touched

    document = (root / "proposals/BEP-1013-storage-quotas-limits.md").read_text()
    assert document.startswith(
        f"---\nAuthor: Joongi Kim (joongi@lablup.com)\nStatus: Draft\nCreated: {TODAY}\n---\n\n# Storage Quotas & Limits\n"
    )
    assert document.endswith("## References\n")
    assert bep("check", "--root", str(root)) == (0, "", "")
    assert bep("next", "--root", str(root))[1] == "1014\n"


def test_new_uses_a_bare_number_when_the_registry_links_nothing(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Draft |\n")})
    assert bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")[0] == 0
    assert "| 1001 | Second | Lee | Draft |\n| _next_" in (root / "README.md").read_text()
    assert bep("check", "--root", str(root))[0] == 0


def test_new_keeps_template_comments_fields_and_newlines(make_repo, bep):
    template = (
        "---\r\nAuthor: Your Full Name (email@example.com)\r\nStatus: Draft  # Draft | Accepted | Implemented\r\n"
        "Created: 2025-01-01\r\nCreated-Version:\r\nTarget-Version:\r\n---\r\n\r\n# Title\r\n\r\n"
        "```\r\n# not a heading\r\n```\r\n\r\n## Motivation\r\n"
    )
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-0000-template.md": template})
    code, out, _ = bep("new", "--root", str(root), "Kubernetes Bridge ↔ Agents", "--author", "Daemyung Kang (dk@example.com)")
    assert code == 0
    data = (root / out.strip()).read_bytes()
    assert out.strip() == "proposals/BEP-1000-kubernetes-bridge-agents.md"
    assert data.count(b"\r\n") == data.count(b"\n")  # the template's CRLF throughout
    text = data.decode()
    assert "Status: Draft  # Draft | Accepted | Implemented\r\n" in text
    assert "Created-Version:\r\nTarget-Version:\r\n---\r\n\r\n# Kubernetes Bridge ↔ Agents\r\n" in text
    assert "```\r\n# not a heading\r\n```" in text


def test_new_keeps_the_readme_bom_and_crlf(make_repo, bep):
    readme = "\ufeff" + registry_readme("| 1000 | A | - | Draft |\n").replace("\n", "\r\n")
    root = make_repo({"README.md": readme})
    assert bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")[0] == 0
    data = (root / "README.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"| 1000 | A | - | Draft |\r\n| 1001 | Second | Lee | Draft |\r\n| _next_" in data
    assert data.count(b"\r\n") == data.count(b"\n")


def test_new_in_an_aligned_registry_keeps_it_aligned(make_repo, bep):
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Draft |\n"), ".bep.yaml": "table-style: aligned\n"})
    assert bep("fix", "--root", str(root), "--quiet")[0] == 1  # align it first
    assert bep("new", "--root", str(root), "A much longer title than before", "--author", "Lee (l@x.org)")[0] == 0
    assert "| 1001   | A much longer title than before | Lee    | Draft  |" in (root / "README.md").read_text()
    assert bep("check", "--root", str(root)) == (0, "", "")


def test_new_appends_when_there_is_no_next_row_and_escapes_pipes(make_repo, bep):
    readme = "# BEPs\n\n## BEP Number Registry\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n| 1000 | A | - | Draft |"
    root = make_repo({"README.md": readme})
    assert bep("new", "--root", str(root), "Input | Output", "--author", "Lee")[0] == 0
    assert (root / "README.md").read_text().endswith("| 1000 | A | - | Draft |\n| 1001 | Input \\| Output | Lee | Draft |")
    assert bep("check", "--root", str(root), "--only", "registry")[0] == 0


def test_new_without_a_template_writes_a_minimal_document(make_repo, bep):
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-1000-x.md": proposal("X")}, template=False)
    (root / "README.md").write_text(registry_readme("| 1000 | X | Joongi Kim | Draft |\n"))
    code, out, _ = bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")
    assert code == 0
    assert (root / out.strip()).read_text().startswith(f"---\nAuthor: Lee (lee@example.com)\nStatus: Draft\nCreated: {TODAY}\n---\n\n# Second\n")
    assert bep("check", "--root", str(root))[0] == 0


def test_new_quotes_an_author_yaml_would_misread(make_repo, bep):
    root = make_repo({"README.md": registry_readme("")})
    code, out, _ = bep("new", "--root", str(root), "X", "--author", "Kim: the elder #1")
    assert code == 0
    assert 'Author: "Kim: the elder #1"\n' in (root / out.strip()).read_text()
    assert bep("check", "--root", str(root))[0] == 0


def test_new_skips_a_number_a_dangling_link_holds(make_repo, bep):
    root = make_repo({"README.md": registry_readme("")})
    os.symlink("nowhere.md", root / "proposals/BEP-1000-x.md")
    code, out, _ = bep("new", "--root", str(root), "X", "--author", "Lee")
    assert code == 0 and out == "proposals/BEP-1001-x.md\n"
    assert os.readlink(root / "proposals/BEP-1000-x.md") == "nowhere.md"


def test_new_refuses_to_overwrite(make_repo, bep, monkeypatch):
    """Should the number be taken between reading and writing, nothing is overwritten."""
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-1000-x.md": "mine\n"})
    monkeypatch.setattr("bep_hooks.commands.reserve.next_number", lambda project, position=0: 1000)
    before = (root / "README.md").read_bytes()
    code, out, err = bep("new", "--root", str(root), "X", "--author", "Lee")
    assert code == 1 and out == "" and "proposals/BEP-1000-x.md already exists; not overwriting it" in err
    assert (root / "README.md").read_bytes() == before
    assert (root / "proposals/BEP-1000-x.md").read_text() == "mine\n"


def test_new_refuses_a_conflicted_or_missing_registry_and_writes_nothing(make_repo, bep):
    rows = "<<<<<<< HEAD\n| 1000 | A | - | Draft |\n=======\n| 1000 | B | - | Draft |\n>>>>>>> other\n"
    root = make_repo({"README.md": registry_readme(rows)})
    code, _, err = bep("new", "--root", str(root), "X", "--author", "Lee")
    assert code == 1 and "merge conflict markers" in err
    assert sorted(p.name for p in (root / "proposals").iterdir()) == ["BEP-0000-template.md"]

    root = make_repo({"README.md": "# Nothing here\n"})
    code, _, err = bep("new", "--root", str(root), "X", "--author", "Lee")
    assert code == 2 and "README.md has no registry table under 'BEP Number Registry'" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["  ", "--author", "Lee"], "TITLE must be one line"),
        (["X", "--author", " "], "--author must be one line"),
        (["개발 제안", "--author", "Lee"], "give one with --slug"),
        (["X", "--author", "Lee", "--slug", "../escape"], "cannot be part of a file name"),
    ],
)
def test_new_bad_arguments_exit_2(make_repo, bep, args, message):
    root = make_repo({"README.md": registry_readme("")})
    code, _, err = bep("new", "--root", str(root), *args)
    assert code == 2 and message in err
    assert not list((root / "proposals").glob("BEP-1*"))


def test_new_with_a_slug_for_a_title_without_latin_letters(make_repo, bep):
    root = make_repo({"README.md": registry_readme("")})
    code, out, _ = bep("new", "--root", str(root), "개발 제안", "--author", "Lee", "--slug", "dev-proposal")
    assert code == 0 and out == "proposals/BEP-1000-dev-proposal.md\n"
    assert "| 1000 | 개발 제안 | Lee | Draft |" in (root / "README.md").read_text()


def test_slugify():
    assert slugify("Kubernetes Bridge ↔ Agents") == "kubernetes-bridge-agents"
    assert slugify("Keypair/User/Project Resource Policy Reorg") == "keypair-user-project-resource-policy-reorg"
    assert slugify("Café déjà vu") == "cafe-deja-vu"
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-")


def test_new_proposal_api_takes_a_date(make_repo):
    root = make_repo({"README.md": registry_readme("")})
    number, path = new_proposal(Project(root, Config()), "X", "Lee", today=datetime.date(2026, 1, 2))
    assert number == 1000 and "Created: 2026-01-02\n" in (root / path).read_text()


def test_new_monorepo_layout(make_repo, bep):
    root = make_repo({"proposals/README.md": registry_readme("| [1000](BEP-1000-a.md) | A | - | Draft |\n"), "proposals/BEP-1000-a.md": proposal("A")})
    (root / "proposals/BEP-0000-template.md").write_text(TEMPLATE)
    code, out, _ = bep("new", "--root", str(root), "B", "--author", "Lee")
    assert code == 0 and out == "proposals/BEP-1001-b.md\n"
    assert "| [1001](BEP-1001-b.md) | B | Lee | Draft |" in (root / "proposals/README.md").read_text()
    assert bep("check", "--root", str(root))[0] == 0


# -- issue 14: the author from git, no example values, no registry is a usage problem --


def _git_env(monkeypatch, tmp_path, **config):
    """A git that knows only what `config` says (no global or system configuration)."""
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(variable, raising=False)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    lines = "".join(f"\t{key} = {value}\n" for key, value in config.items())
    (home / ".gitconfig").write_text(f"[user]\n{lines}" if lines else "")


def test_new_takes_the_author_from_git(make_repo, bep, monkeypatch, tmp_path):
    from .gitrepo import init

    _git_env(monkeypatch, tmp_path, name="Jeongkyu Shin", email="jshin@example.com")
    root = init(make_repo(base_files()))
    code, out, err = bep("new", "--root", str(root), "From Git")
    assert code == 0, err
    text = (root / out.strip()).read_text()
    assert "\nAuthor: Jeongkyu Shin (jshin@example.com)\n" in text
    assert "| Jeongkyu Shin | Draft |" in (root / "README.md").read_text()


def test_new_without_author_or_git_identity_is_a_usage_error(make_repo, bep, monkeypatch, tmp_path):
    from .gitrepo import init

    _git_env(monkeypatch, tmp_path)
    root = init(make_repo(base_files()))
    before = (root / "README.md").read_text()
    code, out, err = bep("new", "--root", str(root), "Nobody")
    assert (code, out) == (2, "")
    assert 'no author: give --author "Name (email)", or tell git who you are' in err
    assert (root / "README.md").read_text() == before
    assert not list((root / "proposals").glob("BEP-1013*"))


def test_new_leaves_the_templates_example_versions_and_dates_empty(make_repo, bep):
    template = (
        "---\nAuthor: Your Full Name (email@example.com)\nStatus: Draft\nCreated: 2025-01-01\n"
        "Created-Version: 25.1.0  # the release it was written in\nTarget-Version: 25.9.0\nReviewed: 2025-02-02\n"
        "Type: Standard\n---\n\n# Title\n\n## Motivation\n"
    )
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-0000-template.md": template})
    code, out, _ = bep("new", "--root", str(root), "Fresh", "--author", "Lee (lee@example.com)")
    assert code == 0
    front = (root / out.strip()).read_text().split("---\n")[1]
    assert front == (
        f"Author: Lee (lee@example.com)\nStatus: Draft\nCreated: {TODAY}\n"
        "Created-Version:  # the release it was written in\nTarget-Version:\nReviewed:\nType: Standard\n"
    )
    assert "25.1.0" not in (root / out.strip()).read_text()


def test_new_without_a_registry_is_a_usage_error_that_says_how_to_start_one(make_repo, bep):
    root = make_repo({"README.md": "# Our proposals\n"})
    code, out, err = bep("new", "--root", str(root), "X", "--author", "Lee")
    assert (code, out) == (2, "")
    assert "add a '## BEP Number Registry' heading to README.md with a table under it" in err
    assert "'| Number | Title | Author | Status |'" in err
    assert sorted(p.name for p in (root / "proposals").iterdir()) == ["BEP-0000-template.md"]


def test_new_takes_the_name_alone_when_git_knows_no_email(make_repo, bep, monkeypatch, tmp_path):
    from .gitrepo import init

    _git_env(monkeypatch, tmp_path, name="Jeongkyu Shin")
    root = init(make_repo(base_files()))
    code, out, _ = bep("new", "--root", str(root), "Name Only")
    assert code == 0 and "\nAuthor: Jeongkyu Shin\n" in (root / out.strip()).read_text()


def test_new_writes_lf_bytes_for_lf_files(make_repo, bep):
    # Pinned by mutation testing: read_text() turns any line ending into "\n", so compare bytes.
    root = make_repo({"README.md": registry_readme("| 1000 | A | - | Draft |\n")})
    before = (root / "README.md").read_bytes()
    code, out, err = bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")
    assert code == 0, err
    row = b"| 1001 | Second | Lee | Draft |\n"
    assert (root / "README.md").read_bytes() == before.replace(b"| _next_", row + b"| _next_", 1)
    document = (root / out.strip()).read_bytes()
    assert b"\r" not in document and document.endswith(b"## References\n")
    assert document.startswith(b"---\nAuthor: Lee (lee@example.com)\nStatus: Draft\nCreated: ")


def test_new_writes_the_templates_crlf_and_its_missing_final_newline(make_repo, bep):
    template = TEMPLATE.replace("\n", "\r\n").rstrip("\r\n")
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-0000-template.md": template})
    code, out, err = bep("new", "--root", str(root), "Second", "--author", "Lee (lee@example.com)")
    assert code == 0, err
    document = (root / out.strip()).read_bytes()
    assert document.count(b"\r\n") == document.count(b"\n") > 10
    assert document.endswith(b"\r\n## References")


def test_new_and_next_take_a_series_of_a_layout_with_several(tmp_path, bep):
    """`--series CPS` in a repository of CIPs and CPSs (fixtures/cips): the CPS numbers, the
    CPS folder pattern, template and statuses, a row in the CPS table written like its rows
    (`./CPS-0002`, no final `/`); the CIP table is left as it was."""
    import shutil

    root = tmp_path / "cips"
    shutil.copytree(FIXTURES / "cips", root)
    readme = (root / "README.md").read_text()
    code, out, err = bep("next", "--root", str(root), "--series", "cps")
    assert (code, out) == (0, "0006\n"), err  # CPS-0005 has a folder but no row: taken
    code, out, _ = bep("next", "--root", str(root))
    assert (code, out) == (0, "0008\n")
    code, out, err = bep("new", "--root", str(root), "Fee Market Review", "--author", "Ann", "--series", "CPS")
    assert (code, out) == (0, "CPS-0006/README.md\n") and "Reserved CPS-0006 in README.md" in err
    document = (root / "CPS-0006/README.md").read_text()
    assert "CPS: 6\n" in document and "Title: Fee Market Review\n" in document and "Status: Open\n" in document
    assert "Authors:\n    - Ann\nProposed Solutions: []\n" in document  # the template's one-item list, made the author
    added = [line for line in (root / "README.md").read_text().splitlines() if line not in readme.splitlines()]
    assert added == ["| 0006 | [Fee Market Review](./CPS-0006) | Open |"]
    code, out, err = bep("new", "--root", str(root), "X", "--author", "Ann", "--series", "XIP")
    assert code == 2 and "no series 'XIP' in this repository's layout; use one of: CIP, CPS" in err


def test_series_needs_a_table_that_holds_it(make_repo, bep):
    config = (
        "prefix: BEP\nlayout:\n  series:\n    - prefix: BEP\n      folder: proposals\n"
        "    - prefix: BIP\n      folder: bips\n      document: \"BIP-{number:4}.md\"\n"
    )
    root = make_repo({".bep.yaml": config, "README.md": registry_readme(""), "bips/BIP-0001.md": "# BIP-0001: One\n"})
    code, out, err = bep("new", "--root", str(root), "X", "--author", "Ann", "--series", "BIP")
    assert code == 1 and "no registry table holds the BIP series" in err
    assert not (root / "bips/BIP-0002.md").exists()


@pytest.mark.parametrize(
    "authors, written",
    [
        ("Authors:\n  - Jane Doe <jane@example.org>\n  - John Doe\n", "Authors:\n  - Ann (ann@example.org)\n"),
        ("Authors: [Jane Doe, John Doe]\n", "Authors: [Ann (ann@example.org)]\n"),
        # items of more than one line (mappings): left for the author to fill in
        ("Authors:\n  - name: Jane Doe\n    email: jane@example.org\n", "Authors:\n  - name: Jane Doe\n    email: jane@example.org\n"),
    ],
)
def test_new_writes_the_author_into_a_template_list_of_authors(make_repo, bep, authors, written):
    """A template that lists its authors (`Authors:` then `- name` lines, or `[a, b]`) gets
    the one author `bep new` was given; the fields after the list keep their lines."""
    template = TEMPLATE.replace("Author: Your Full Name (email@example.com)\n", authors, 1)
    assert template.startswith("---\n" + authors)
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-0000-template.md": template})
    code, out, err = bep("new", "--root", str(root), "Quotas", "--author", "Ann (ann@example.org)")
    assert code == 0, err
    text = (root / out.strip()).read_text()
    assert text.startswith("---\n" + written), text
    assert "Status: Draft\n" in text and "\n---\n" in text
