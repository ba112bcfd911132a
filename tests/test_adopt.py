"""`bep init`: a registry table built from the documents, never over an existing one; a
`layout:` proposed where the documents do not fit the defaults."""

from __future__ import annotations

from pathlib import Path

from bep_hooks.config import parse_config
from bep_hooks.layout import effective_layout
from bep_hooks.repository import Project

from .conftest import TEMPLATE, proposal, registry_readme, write_tree

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


# -- a layout proposed for documents the defaults do not fit (small NEP-, CIP-, SLIP- and
# SIP-shaped repositories, written here) -------------------------------------------------

RFC822 = "---\nNEP: {n}\nTitle: Thing `{n}`\nAuthors: Ann <ann@example.com>\nStatus: Final\n---\n\n## Summary\n\nText.\n"
YAML = "---\nCIP: {n}\nTitle: Thing\nStatus: Active\nAuthors:\n  - Ann <ann@example.com>\nImplementors: []\n---\n\n## Abstract\n\nText.\n"


def repo(tmp_path: Path, files) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_tree(root, files)


def proposed(bep, root: Path):
    code, out, err = bep("init", "--root", str(root), "--dry-run")
    assert code == 0, err
    assert not (root / ".bep.yaml").exists()  # a dry run writes nothing
    text = "".join(line[1:] + "\n" for line in out.splitlines() if line.startswith("+") and not line.startswith("+++"))
    assert "layout:" in text, out
    return text, effective_layout(parse_config(text))


def test_a_nep_shaped_repository(tmp_path, bep):
    root = repo(
        tmp_path,
        {
            "README.md": "# Acme NEPs\n\nIntro.\n\n## NEPs\n\n| NEP # | Title | Author | Status |\n| ----- | ----- | ------ | ------ |\n"
            "| [0001](https://example.com/neps/nep-0001.md) | A | Ann | Final |\n| [0012](https://example.com/neps/nep-0012.md) | B | Bo | Final |\n",
            "nep-0000-template.md": RFC822.format(n="?"),
            "neps/nep-0001.md": RFC822.format(n=1),
            "neps/nep-0012.md": RFC822.format(n=12),
            "neps/nep-0021.md": RFC822.format(n=21),
            "neps/nep-0021/Events.md": "# Events\n",
            "neps/archive/0005-old.md": "# old\n",
        },
    )
    text, layout = proposed(bep, root)
    (series,) = layout.series
    assert (series.prefix, series.folder, series.document) == ("NEP", "neps", "nep-{number:4}.md")
    assert (series.supporting, series.template, series.number_start) == ("nep-{number:4}/", "/nep-0000-template.md", 1)
    assert (series.header.format, series.header.title_field, series.header.number_field) == ("rfc822", "Title", "NEP")
    assert series.title == "field"
    (table,) = layout.registry.tables
    assert (layout.registry.file, table.heading, table.number, table.link) == ("README.md", "NEPs", "{number:4}", "number")
    assert table.columns.number == ("NEP #",) and table.columns.author == ("Author",)
    assert table.style == "keep"
    # the proposal finds the documents
    project = Project(root, parse_config(text))
    assert [e.path for e in project.listing.main] == ["neps/nep-0001.md", "neps/nep-0012.md", "neps/nep-0021.md"]


def test_a_cip_shaped_repository_two_series_two_tables(tmp_path, bep):
    cip_rows = "| 0001 | [A](./CIP-0001/) | Active |\n| 0002 | [B](./CIP-0002/) | Active |\n"
    cps_rows = "| 0001 | [P](./CPS-0001) | Open |\n| 0002 | [Q](./CPS-0002) | Open |\n"
    table = "| # | Title | Status |\n| --- | --- | --- |\n"
    root = repo(
        tmp_path,
        {
            "README.md": "## Acme Proposals (CIPs)\n\n## Acme Problem Statements (CPS)\n\nWhat they are.\n\n"
            "## Acme Proposals (CIP)\n\n" + table + cip_rows + "\n## Acme Problem Statements (CPS)\n\n" + table + cps_rows
            + "\n## Editors\n\n| Name | Handle |\n| --- | --- |\n| Ann | @ann |\n",
            ".github/CIP-TEMPLATE.md": YAML.format(n='"?"'),
            ".github/CPS-TEMPLATE.md": YAML.format(n='"?"'),
            "CIP-0001/README.md": YAML.format(n=1),
            "CIP-0001/CIP-0001.md": "Moved to README.md\n",
            "CIP-0002/README.md": YAML.format(n=2),
            "CIP-0003/README.md": YAML.format(n=3),
            "CPS-0001/README.md": YAML.format(n=1).replace("CIP:", "CPS:"),
            "CPS-0002/README.md": YAML.format(n=2).replace("CIP:", "CPS:"),
        },
    )
    _, layout = proposed(bep, root)
    cip, cps = layout.series
    assert (cip.prefix, cip.folder, cip.document, cip.template) == ("CIP", "", "{prefix}-{number:4}/README.md", "/.github/CIP-TEMPLATE.md")
    assert (cps.prefix, cps.document, cps.template) == ("CPS", "{prefix}-{number:4}/README.md", "/.github/CPS-TEMPLATE.md")
    assert cip.header.format == "yaml" and cps.header.number_field == "CPS"
    first, second = layout.registry.tables  # the Editors table holds no numbers
    assert (first.heading, first.series, first.occurrence, first.link) == ("Acme Proposals (CIP)", "CIP", None, "title")
    assert (second.heading, second.series, second.occurrence) == ("Acme Problem Statements (CPS)", "CPS", 2)
    assert first.columns.number == ("#",) and first.columns.author is None


def test_a_slip_shaped_repository_prefix_in_the_number_cell_and_a_fenced_header(tmp_path, bep):
    header = "# SLIP-{n:04d} : Thing\n\n```\nNumber:  SLIP-{n:04d}\nTitle:   Thing\nStatus:  Final\n```\n\n## Abstract\n"
    root = repo(
        tmp_path,
        {
            "README.md": "# SLIPs\n\n| Number | Title | Type | Status |\n|--------|-------|------|--------|\n"
            "| [SLIP-0010](slip-0010.md) | A | Standard | Final |\n| [SLIP-0044](slip-0044.md) | B | Standard | Final |\n"
            "| SLIP-0018 | reserved | Standard | Draft |\n",
            "slip-0010.md": header.format(n=10),
            "slip-0044.md": header.format(n=44),
            "slip-0010/vectors.txt": "x\n",
        },
    )
    _, layout = proposed(bep, root)
    (series,) = layout.series
    assert (series.prefix, series.folder, series.document) == ("SLIP", "", "slip-{number:4}.md")
    assert series.header.format == "fenced" and series.header.number_field == "Number"
    assert series.title == "h1"  # the documents have an H1
    (table,) = layout.registry.tables
    assert (table.heading, table.number, table.columns.author) == ("SLIPs", "{prefix}-{number:4}", None)


def test_a_sip_shaped_repository_folders_with_a_patterned_document_and_a_preamble(tmp_path, bep):
    doc = "# Preamble\n\nSIP Number: {n:03d}\n\nTitle: Thing\n\nStatus: Ratified\n\n# Abstract\n\nText.\n"
    root = repo(
        tmp_path,
        {
            "README.md": "# SIPs\n\n| SIP Number | SIP Title | Status |\n| :--- | :--- | :--- |\n"
            "| [SIP-001](sips/sip-001/sip-001-burn.md) | A | Ratified |\n| [SIP-010](sips/sip-010/sip-010-token.md) | B | Ratified |\n",
            "sips/sip-001/sip-001-burn.md": doc.format(n=1),
            "sips/sip-010/sip-010-token.md": doc.format(n=10),
            "sips/sip-010/summary_of_benefits.md": "x\n",
            "sips/sip-012/sip-012-x.md": doc.format(n=12),
        },
    )
    text, layout = proposed(bep, root)
    (series,) = layout.series
    assert (series.prefix, series.folder, series.document) == ("SIP", "sips", "sip-{number:3}/sip-*.md")
    assert series.header.format == "preamble" and series.header.number_field == "SIP Number"
    (table,) = layout.registry.tables
    assert (table.columns.number, table.columns.title, table.number) == (("SIP Number",), ("SIP Title",), "{prefix}-{number:3}")
    project = Project(root, parse_config(text))
    assert [e.number for e in project.listing.main] == [1, 10, 12]


def test_bep_shaped_repositories_keep_the_flat_settings(tmp_path, bep):
    root = repo(
        tmp_path,
        {
            "README.md": "# x\n",
            "xeps/XEP-000-template.md": "---\nStatus: Draft\n---\n\n# T\n",
            "xeps/XEP-101-a.md": "---\nStatus: Draft\n---\n\n# A\n",
            "xeps/XEP-102-b.md": "---\nStatus: Draft\n---\n\n# B\n",
        },
    )
    code, out, err = bep("init", "--root", str(root), "--dry-run")
    assert code == 0, err
    assert "layout:" not in out and "+prefix: XEP" in out and "+proposals-dir: xeps" in out


def test_the_statuses_in_use_are_proposed_where_the_defaults_lack_them(tmp_path, bep):
    """The vocabulary is read off the documents and the table (most used first), with a
    reason in parentheses and mixed case noticed; a vocabulary the defaults hold adds
    nothing."""
    doc = "---\nNEP: {n}\nTitle: T{n}\nStatus: {s}\n---\n\n## Summary\n\nText.\n"
    rows = (
        "| [0001](neps/nep-0001.md) | A | Ann | Living |\n| [0002](neps/nep-0002.md) | B | Bo | Final |\n"
        "| 0005 | C | Cy | (withdrawn) |\n"  # only a parenthesis: no status word
    )
    root = repo(
        tmp_path,
        {
            "README.md": "## NEPs\n\n| NEP # | Title | Author | Status |\n| --- | --- | --- | --- |\n" + rows,
            "neps/nep-0001.md": doc.format(n=1, s="Approved"),
            "neps/nep-0002.md": doc.format(n=2, s="**Approved**"),
            "neps/nep-0003.md": doc.format(n=3, s="Inactive (superseded by NEP-0002)"),
            "neps/nep-0004.md": doc.format(n=4, s="approved"),
        },
    )
    text, layout = proposed(bep, root)
    statuses = layout.series[0].statuses
    assert statuses.document == ("Approved", "Inactive")  # markup and reason left out, one spelling
    assert statuses.registry == ("Final", "Living")
    assert (statuses.reason, statuses.case) == ("parenthesis", "insensitive")
    # the proposal, applied, reports no status as unknown but the row that has none
    (root / ".bep.yaml").write_text(text)
    code, out, _ = bep("check", "--root", str(root))
    unknown = [line for line in out.splitlines() if "status-unknown" in line]
    assert len(unknown) == 1 and "'(withdrawn)'" in unknown[0], out


def test_statuses_the_defaults_hold_are_not_proposed(tmp_path, bep):
    doc = "---\nNEP: {n}\nTitle: T\nStatus: Draft\n---\n\n## Summary\n"
    root = repo(
        tmp_path,
        {
            "README.md": "## NEPs\n\n| NEP # | Title | Author | Status |\n| --- | --- | --- | --- |\n"
            "| [0001](neps/nep-0001.md) | A | Ann | Draft |\n",
            "neps/nep-0001.md": doc.format(n=1),
            "neps/nep-0002.md": doc.format(n=2),
        },
    )
    text, layout = proposed(bep, root)
    assert "statuses:" not in text and layout.series[0].statuses.document is None


def test_link_base_aliases_dates_and_versions_are_read_off_the_documents(tmp_path, bep):
    """Absolute links under one `.../blob/BRANCH/` prefix, `Author` beside `Authors`,
    `8-Sep-2021` dates and `1.0.0` versions: the proposal says so, so the first `bep check`
    is not buried under findings the repository's own conventions explain."""
    doc = "---\nNEP: {n}\nTitle: T{n}\n{who}: Ann\nStatus: Draft\nCreated: {date}\nVersion: 1.0.0\n---\n\n## Summary\n"
    base = "https://git.example.com/acme/neps/blob/main/"
    rows = "".join(f"| [{n:04d}]({base}neps/nep-{n:04d}.md) | T{n} | Ann | Draft |\n" for n in (1, 2, 3))
    root = repo(
        tmp_path,
        {
            "README.md": "## NEPs\n\n| NEP # | Title | Author | Status |\n| --- | --- | --- | --- |\n" + rows,
            "neps/nep-0001.md": doc.format(n=1, who="Authors", date="8-Sep-2021"),
            "neps/nep-0002.md": doc.format(n=2, who="Authors", date="2022-03-03"),
            "neps/nep-0003.md": doc.format(n=3, who="Author", date="2022-03-04"),
        },
    )
    text, layout = proposed(bep, root)
    header = layout.series[0].header
    assert layout.registry.tables[0].link_base == (base,)
    assert header.aliases == {"Authors": ("Author",)}
    assert header.date_formats == ("YYYY-MM-DD", "D-Mon-YYYY") and header.version_format == "semver"
    (root / ".bep.yaml").write_text(text)
    code, out, _ = bep("check", "--root", str(root))
    assert code == 0, out  # links under the base resolve; the dates, versions and authors are fine


def test_without_a_template_the_fields_every_document_has_are_required(tmp_path, bep):
    """No template to take the required fields from (a SLIP-shaped repository): the
    proposal requires the header keys every document has, in the first one's order, so
    the BEP defaults (`Author`, where these write `Authors`) do not flag every document."""
    doc = "# SLIP-{n}: T{n}\n\n```\nNumber:  SLIP-{n}\nTitle:   T{n}\nType:    Standard\nStatus:  Final\nAuthors: Ann\n{extra}```\n\nText.\n"
    root = repo(
        tmp_path,
        {
            "README.md": "# Acme SLIPs\n\n| Number | Title | Type | Status |\n|---|---|---|---|\n"
            + "".join(f"| [SLIP-{n}](slip-{n}.md) | T{n} | Standard | Final |\n" for n in ("0044", "0048")),
            "slip-0044.md": doc.format(n="0044", extra="Created: 2014-04-03\n"),
            "slip-0048.md": doc.format(n="0048", extra=""),
        },
    )
    text, layout = proposed(bep, root)
    assert layout.series[0].header.required == ("Number", "Title", "Type", "Status", "Authors")  # Created: not in every one
    (root / ".bep.yaml").write_text(text)
    code, out, err = bep("check", "--root", str(root))
    assert "frontmatter-field-missing" not in out, out
