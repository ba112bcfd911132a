"""`bep init`: a registry table built from the documents, never over an existing one."""

from __future__ import annotations

from .conftest import TEMPLATE, proposal, registry_readme

README_WITHOUT_REGISTRY = "# BEPs\nBackend.AI Enhancement Proposals\n\n## Process\n\n* Write it.\n\n## Rules for PR title\n\nText.\n"


def _documents():
    return {
        "proposals/BEP-0000-template.md": TEMPLATE,
        "proposals/BEP-1001-app-injection.md": proposal("BEP-1001: App Injection", author="Joongi Kim (joongi@example.com)"),
        "proposals/BEP-1000-accelerator-metadata.md": proposal("Accelerator | Metadata", status="Accepted", extra="Target-Version: 25.9.0\n"),
        "proposals/BEP-1002/diagram.png": b"\x89PNG",
        "proposals/BEP-1002-agent-architecture.md": proposal("Agent Architecture", author="HyeokJin Kim, Sanghun Lee"),
    }


def test_init_writes_a_registry_the_check_accepts(make_repo, bep):
    root = make_repo({"README.md": README_WITHOUT_REGISTRY, **_documents()})
    assert bep("check", "--root", str(root))[0] == 1  # registry-missing
    code, out, err = bep("init", "--root", str(root))
    assert code == 0, err
    text = (root / "README.md").read_text()
    assert text.startswith(README_WITHOUT_REGISTRY)  # every byte before it is kept
    table = text[len(README_WITHOUT_REGISTRY) :].split("\n")
    assert table[:6] == [
        "",
        "## BEP Number Registry",
        "",
        "Reserve your number here first: add a row before `_next_` in the pull request of the proposal.",
        "",
        "| Number | Title | Author | Status |",
    ]
    assert table[7:11] == [
        "| [1000](proposals/BEP-1000-accelerator-metadata.md) | Accelerator \\| Metadata | Joongi Kim | Accepted |",
        "| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Draft |",
        "| [1002](proposals/BEP-1002-agent-architecture.md) | Agent Architecture | HyeokJin Kim, Sanghun Lee | Draft |",
        "| _next_ | _(reserve your number here)_ | | |",
    ]
    assert "Wrote the registry table: 3 rows in README.md" in err
    assert bep("check", "--root", str(root)) == (0, "", "")


def test_init_never_rewrites_an_existing_table(make_repo, bep):
    readme = registry_readme("| 1000 | Something Else | - | Draft |\n")
    root = make_repo({"README.md": readme, **_documents()})
    code, _, err = bep("init", "--root", str(root))
    assert code == 0
    assert (root / "README.md").read_text() == readme
    assert "already holds the registry table" in err and "never rewrites it" in err


def test_a_heading_without_a_table_gets_the_table_under_it_in_the_files_own_line_endings(make_repo, bep):
    readme = "\ufeff# BEPs\r\n\r\n## BEP Number Registry\r\n\r\n## Rules for PR title\r\n\r\nText.\r\n"
    root = make_repo({"README.md": readme.encode("utf-8"), **_documents()})
    assert bep("init", "--root", str(root))[0] == 0
    data = (root / "README.md").read_bytes()
    assert data.startswith("\ufeff# BEPs\r\n\r\n## BEP Number Registry\r\n\r\n| Number |".encode("utf-8"))
    assert data.endswith(b"| _next_ | _(reserve your number here)_ | | |\r\n\r\n## Rules for PR title\r\n\r\nText.\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF: the file's CRLF throughout
    assert bep("check", "--root", str(root))[0] == 0


def test_documents_sharing_a_number_get_one_row_and_a_note(make_repo, bep):
    files = {
        "README.md": README_WITHOUT_REGISTRY,
        "proposals/BEP-0000-template.md": TEMPLATE,
        "proposals/BEP-1011-local-cache.md": proposal("Local Cache"),
        "proposals/BEP-1011-artifact-registry.md": proposal("Artifact Registry"),
        "proposals/BEP-1011-model-scanner.md": proposal("Model Scanner"),
    }
    root = make_repo(files)
    code, _, err = bep("init", "--root", str(root))
    assert code == 0
    rows = [line for line in (root / "README.md").read_text().splitlines() if line.startswith("| [1011]")]
    assert rows == ["| [1011](proposals/BEP-1011-artifact-registry.md) | Artifact Registry | Joongi Kim | Draft |"]
    assert "BEP-1011: 3 documents carry it" in err
    assert "give proposals/BEP-1011-local-cache.md, proposals/BEP-1011-model-scanner.md new numbers" in err
    # and the check still holds the other two to it
    code, out, _ = bep("check", "--root", str(root), "--format", "json")
    assert code == 1 and '"proposal-duplicate"' in out


def test_dry_run_prints_the_diff_and_writes_nothing(make_repo, bep):
    root = make_repo({"README.md": README_WITHOUT_REGISTRY, **_documents()})
    code, out, err = bep("init", "--root", str(root), "--dry-run")
    assert code == 0
    assert (root / "README.md").read_text() == README_WITHOUT_REGISTRY
    assert out.startswith("--- README.md\n+++ README.md\n")
    assert "\n+| [1001](proposals/BEP-1001-app-injection.md) | App Injection | Joongi Kim | Draft |\n" in out
    assert err.startswith("Would write the registry table: 3 rows in README.md")


def test_a_fork_with_its_own_prefix_gets_a_bep_yaml_and_its_registry(make_repo, bep):
    files = {
        "README.md": "# XEPs\n",
        "xeps/XEP-101-config-schema.md": proposal("Config Schema").replace("# Config Schema", "# XEP-101: Config Schema"),
        "xeps/XEP-102-plugin-api.md": proposal("Plugin API"),
    }
    root = make_repo(files, template=False)
    code, _, err = bep("init", "--root", str(root))
    assert code == 0, err
    assert (root / ".bep.yaml").read_text() == (
        "# written by `bep init`: where this repository's proposals are\nprefix: XEP\nnumber-width: 3\nnumber-start: 100\nproposals-dir: xeps\n"
    )
    readme = (root / "README.md").read_text()
    assert "| [101](xeps/XEP-101-config-schema.md) | Config Schema | Joongi Kim | Draft |" in readme
    assert "the settings the defaults do not cover, in .bep.yaml" in err
    code, out, _ = bep("check", "--root", str(root), "--format", "json")
    assert '"registry-' not in out and '"proposal-unreserved"' not in out


def test_an_existing_bep_yaml_is_the_maintainers(make_repo, bep):
    files = {"README.md": "# XEPs\n", ".bep.yaml": "prefix: XEP\n", "xeps/XEP-101-config-schema.md": proposal("X")}
    root = make_repo(files, template=False)
    code, _, err = bep("init", "--root", str(root))
    assert code == 1
    assert (root / ".bep.yaml").read_text() == "prefix: XEP\n"
    assert "no proposals found" in err and "proposals-dir" in err


def test_a_monorepo_gets_its_registry_beside_the_documents(make_repo, bep):
    files = {
        "README.md": "# Backend.AI\n\nThe product.\n",
        "proposals/README.md": "# Proposals\n\nHow we write them.\n",
        "proposals/BEP-0000-template.md": TEMPLATE,
        "proposals/BEP-1030-sokovan.md": proposal("Sokovan"),
    }
    root = make_repo(files)
    assert bep("init", "--root", str(root))[0] == 0
    assert (root / "README.md").read_text() == "# Backend.AI\n\nThe product.\n"
    assert "| [1030](BEP-1030-sokovan.md) | Sokovan | Joongi Kim | Draft |" in (root / "proposals/README.md").read_text()
    assert bep("check", "--root", str(root))[0] == 0


def test_a_title_or_status_no_cell_can_hold_falls_back_with_a_note(make_repo, bep):
    files = {
        "README.md": README_WITHOUT_REGISTRY,
        "proposals/BEP-0000-template.md": TEMPLATE,
        "proposals/BEP-1000-odd.md": proposal("Odd", status="Pending"),
        "proposals/BEP-1001-title.md": proposal("Title"),  # the template's placeholder H1
    }
    root = make_repo(files)
    code, _, err = bep("init", "--root", str(root))
    assert code == 0
    readme = (root / "README.md").read_text()
    assert "| [1000](proposals/BEP-1000-odd.md) | Odd | Joongi Kim | Draft |" in readme
    assert "proposals/BEP-1000-odd.md: status 'Pending' is not one of" in err
    assert "| [1001](proposals/BEP-1001-title.md) | title | Joongi Kim | Draft |" in readme  # from the name
