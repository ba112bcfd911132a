"""`bep init` on repositories whose documents do not fit the defaults: it proposes a
`layout:` read off the repository (small repositories shaped like NEPs, CIPs, SLIPs and
SIPs, written here)."""

from __future__ import annotations

from pathlib import Path

from bep_hooks.config import parse_config
from bep_hooks.layout import effective_layout
from bep_hooks.repository import Project

from .conftest import write_tree

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
