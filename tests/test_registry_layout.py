"""The index tables of other proposal repositories (issue 13, `layout.registry`): located by
heading, occurrence, `before` or position, columns mapped by header text, numbers read
through a pattern, links from the cell the table names, one series per table, and each
table's style. The repositories are small ones written here in the shapes of
docs/layouts.md (NEPs, CIPs, SLIPs, bLIPs, SIPs); every text is invented."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from bep_hooks.config import parse_config
from bep_hooks.parse.registry import BROKEN_TABLE, HEADING_AGAIN, NO_COLUMN, NO_HEADING, NO_TABLE, parse_registry
from bep_hooks.parse.source import Source
from bep_hooks.registry_format import Draft, formatted_text
from bep_hooks.rules.registry import describe

from .conftest import write_tree


def registry_of(config_text: str, readme: str):
    config = parse_config(textwrap.dedent(config_text))
    return parse_registry(Source.from_text("README.md", textwrap.dedent(readme)), config)


def registry_findings(bep_json, root: Path) -> List[Tuple[str, int, str]]:
    """(rule, line, message) of the registry rules' findings on the whole repository."""
    code, findings = bep_json("--root", str(root))
    return [(f["rule"], f["line"], f["message"]) for f in findings if f["rule"].startswith("registry-")]


def repo(tmp_path: Path, files: Dict[str, str]) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_tree(root, {name: textwrap.dedent(text) for name, text in files.items()})


def rfc822(number: str, status: str = "Final") -> str:
    return f"---\nNEP: {number}\nTitle: Something\nStatus: {status}\n---\n\n## Summary\n\nText.\n"


# -- NEPs: `NEP # | Title | Author | Status`, links to absolute URLs under a link-base -----

NEP_CONFIG = """\
    prefix: NEP
    layout:
      registry:
        file: README.md
        tables:
          - heading: NEPs
            columns: {number: "NEP #", title: Title, author: Author, status: Status}
            number: "{number:4}"
            link-base: [https://example.org/acme/neps/blob/main/]
            style: keep
      series:
        - prefix: NEP
          folder: neps
          document: "nep-{number:4}.md"
          template: /nep-0000-template.md
          number-start: 0
          statuses:
            document: [Draft, Approved, Final]
            registry: [Final, Living, Deprecated]
            source-of-truth: registry   # (as the real NEPs: `bep fix` leaves the table's statuses)
    """
NEP_URL = "https://example.org/acme/neps/blob/main/neps"
NEP_README = f"""\
    # Acme Proposals

    ## NEPs

    | NEP #                               | Title          | Author      | Status     |
    | ----------------------------------- | -------------- | ----------- | ---------- |
    | [0001]({NEP_URL}/nep-0001.md) | Acme Process   | Ann Example | Living     |
    | [0009]({NEP_URL}/nep-0007.md) | Wrong Link     | Cy Person   | Final      |
    | [0021]({NEP_URL}/nep-0021.md) | Token Things   | Bo Sample   | **Final**  |
    | [13]({NEP_URL}/nep-0013.md) | Short Number | Di Writer, Ed Writer, Fy Writer | Final |
    | [0042]({NEP_URL}/nep-0042.md) | Not Yet        | Gu Author   | Finished   |
    | [0030](https://elsewhere.example/nep-0030.md) | Elsewhere | Hy Author | Final |

    ## Process
    """


def nep_repo(tmp_path: Path, readme: str = NEP_README) -> Path:
    files = {".bep.yaml": NEP_CONFIG, "README.md": readme, "nep-0000-template.md": rfc822("0", "Draft")}
    files.update({f"neps/nep-{n}.md": rfc822(n) for n in ("0001", "0007", "0009", "0013", "0021")})
    return repo(tmp_path, files)


def test_nep_table_is_read_by_its_header_texts_and_its_number_pattern():
    registry = registry_of(NEP_CONFIG, NEP_README)
    assert registry.missing == [] and registry.malformed == []
    rows = registry.rows
    assert [row.number for row in rows] == [1, 9, 21, 13, 42, 30]
    assert [row.series for row in rows] == ["NEP"] * 6
    assert rows[0].link == f"{NEP_URL}/nep-0001.md" and rows[0].author == "Ann Example"
    assert rows[3].digits == "13"


def test_nep_registry_findings(tmp_path, bep_json):
    findings = registry_findings(bep_json, nep_repo(tmp_path))
    assert sorted((rule, line) for rule, line, _ in findings) == [
        ("registry-link-broken", 11),  # 0042: a row reserved before its document (warning)
        ("registry-link-mismatch", 8),  # 0009 links to NEP-0007's document, under the link-base
        ("registry-number-invalid", 10),  # `13` against {number:4}
        ("registry-status-unknown", 11),  # `Finished` is not a table status; `**Final**` is Final
        ("registry-unsorted", 10),
    ]
    messages = dict(((rule, line), message) for rule, line, message in findings)
    assert messages[("registry-number-invalid", 10)] == "registry number '13' has 2 digits; numbers here have 4"
    assert "which is not a NEP-0009 document or folder" in messages[("registry-link-mismatch", 8)]
    assert messages[("registry-status-unknown", 11)].endswith("use one of: Final, Living, Deprecated")
    # the aligned-by-hand table is kept: no registry-format finding; the external row is a reservation


def test_nep_fix_sorts_a_kept_table_without_respacing_a_row(tmp_path, bep):
    root = nep_repo(tmp_path)
    before = (root / "README.md").read_text()
    bep("fix", "--root", str(root))
    after = (root / "README.md").read_text()
    assert sorted(after.splitlines()) == sorted(before.splitlines())  # every line as written
    rows = [line for line in after.splitlines() if line.startswith("| [")]
    assert [line.split("]")[0][3:] for line in rows] == ["0001", "0009", "13", "0021", "0030", "0042"]


# -- CIPs: two tables, two series, `# | Title | Status`, the link in the Title cell ----------

CIP_CONFIG = """\
    prefix: CIP
    layout:
      registry:
        file: README.md
        tables:
          - heading: Acme Improvement Proposals (CIP)
            series: CIP
            columns: {number: "#", title: Title, status: Status, author: null}
            number: "{number:4}"
            link: title
            style: keep
          - heading: Acme Problem Statements (CPS)
            occurrence: 2
            series: CPS
            columns: {number: "#", title: Title, status: Status, author: null}
            number: "{number:4}"
            link: title
            style: keep
      defaults:
        folder: ""
        number-start: 1
        statuses: {reason: parenthesis}
      series:
        - prefix: CIP
          document: "CIP-{number:4}/README.md"
          statuses: {document: [Proposed, Active, Inactive]}
        - prefix: CPS
          document: "CPS-{number:4}/README.md"
          statuses: {document: [Open, Solved, Inactive]}
    """
CIP_README = """\
    ## Acme Improvement Proposals (CIPs)

    ## Acme Problem Statements (CPS)

    An introduction to problem statements.

    ## Acme Improvement Proposals (CIP)

    | # | Title | Status |
    | ---- | --- | --- |
    | 0001 | [Acme Process](./CIP-0001/) | Active |
    | 0002 | [Second Thing](./CIP-0001/) | Proposed |
    | 0003 | [Third Thing](./CIP-0003) | Inactive (superseded by CIP-0002) |

    ## Editors

    | Name | Handle |
    | --- | --- |
    | Ann | ann |

    ## Acme Problem Statements (CPS)

    | # | Title | Status |
    | ---- | --- | --- |
    | 0001 | [Smart things](./CPS-0001) | Open |
    | 0003 | [Other things](./CPS-0003/) | **Solved** |
    """


def cip_repo(tmp_path: Path, readme: str = CIP_README) -> Path:
    files = {".bep.yaml": CIP_CONFIG, "README.md": readme}
    for name in ("CIP-0001", "CIP-0002", "CIP-0003", "CPS-0001", "CPS-0003"):
        files[f"{name}/README.md"] = "---\nCIP: 1\nTitle: T\nStatus: Active\n---\n\n## Abstract\n"
    return repo(tmp_path, files)


def test_cip_tables_are_two_series_and_the_repeated_heading_is_expected():
    registry = registry_of(CIP_CONFIG, CIP_README)
    assert registry.missing == [] and registry.malformed == []
    assert [table.heading_line for table in registry.tables] == [7, 21]
    assert [(row.series, row.number) for row in registry.rows] == [("CIP", 1), ("CIP", 2), ("CIP", 3), ("CPS", 1), ("CPS", 3)]
    first = registry.rows[0]
    assert (first.link, first.title, first.author) == ("./CIP-0001/", "Acme Process", None)
    assert [row.line for row in registry.rows_for(1, "CPS")] == [25] and [row.line for row in registry.rows_for(1)] == [11]
    assert (registry.table_of(None), registry.table_of("CPS")) == (registry.tables[0], registry.tables[1])


def test_without_a_table_found_the_heading_line_is_the_first_tables():
    registry = registry_of(CIP_CONFIG, "# Acme\n\n## Acme Improvement Proposals (CIP)\n\nNone yet.\n")
    assert [d.kind for d in registry.missing] == [NO_TABLE, NO_HEADING]
    assert (registry.primary, registry.heading_line, registry.table_of(None)) == (None, 3, None)


def test_cip_registry_findings(tmp_path, bep_json):
    findings = registry_findings(bep_json, cip_repo(tmp_path))
    # 0002's link names CIP-0001's folder; CIP-0001 and CPS-0001 are no duplicate; folder
    # links with or without a slash stand for the README inside; `Inactive (reason)` and
    # `**Solved**` are known statuses; the Editors table is not an index.
    assert findings == [
        ("registry-link-mismatch", 12, "row 0002 links to './CIP-0001/', which is not a CIP-0002 document or folder"),
    ]


def test_cip_a_folder_link_to_nothing_is_broken(tmp_path, bep_json):
    readme = CIP_README.replace("[Second Thing](./CIP-0001/) | Proposed |", "[Second Thing](./CIP-0020/)  |  Proposed |")
    root = cip_repo(tmp_path, readme)
    findings = registry_findings(bep_json, root)
    assert ("registry-link-broken", 12) in [(rule, line) for rule, line, _ in findings]


def test_a_missing_occurrence_is_registry_missing_and_says_which():
    registry = registry_of(CIP_CONFIG.replace("occurrence: 2", "occurrence: 3"), CIP_README)
    [defect] = registry.missing
    assert defect.kind == NO_HEADING and defect.line is None
    assert describe(defect).startswith("no third 'Acme Problem Statements (CPS)' heading in README.md (found 2)")


def test_without_occurrence_a_repeated_heading_is_still_reported():
    registry = registry_of(CIP_CONFIG.replace("            occurrence: 2\n", ""), CIP_README)
    assert [(d.kind, d.line) for d in registry.structure] == [(HEADING_AGAIN, 21)]
    assert registry.tables[1].has_table is False  # the first CPS heading has no table
    assert [d.kind for d in registry.missing] == [NO_TABLE]


def test_before_locates_the_last_table_ahead_of_a_heading():
    config = CIP_CONFIG.replace("heading: Acme Improvement Proposals (CIP)\n", "heading: null\n            before: Editors\n")
    registry = registry_of(config, CIP_README)
    assert registry.tables[0].start == 8 and registry.missing == []


# -- SLIPs: the table under the H1, `[SLIP-0044](...)` number cells, an extra Type column ----

SLIP_CONFIG = """\
    prefix: SLIP
    layout:
      registry:
        tables:
          - heading: {heading}
            columns: {{number: Number, title: Title, author: null, status: Status}}
            number: "{{prefix}}-{{number:4}}"
            style: aligned
      series:
        - prefix: SLIP
          folder: ""
          document: "slip-{{number:4}}.md"
          supporting: "slip-{{number:4}}/"
          number-start: 0
          statuses: {{document: [Draft, Accepted, Final, Active]}}
    """
SLIP_README = """\
    # Acme SLIPs

    | Number                      | Title            | Type     | Status |
    |-----------------------------|------------------|----------|--------|
    | [SLIP-0000](slip-0000.md)   | Process          | Meta     | Active |
    | SLIP-0018                   | reserved (Thing) | Standard | Draft  |
    | [SLIP-0044](slip-0044.md)   | Coin Types       | Standard | Final  |
    | [SLIP-0044](slip-0044.md)   | Again            | Standard | Final  |
    | [SLIP-48](slip-0048.md)     | Short            | Standard | Final  |
    | [SLIP-0049](slip-0044.md)   | Wrong            | Standard | Final  |

    ## More
    """


@pytest.mark.parametrize("heading", ["Acme SLIPs", "null"])
def test_slip_table_under_the_h1_or_first_of_the_file(heading):
    registry = registry_of(SLIP_CONFIG.format(heading=heading), SLIP_README)
    assert registry.missing == [] and registry.malformed == []
    assert [row.number for row in registry.rows] == [0, 18, 44, 44, 48, 49]
    assert registry.rows[1].link is None and registry.rows[2].link == "slip-0044.md"
    assert registry.columns == {"number": 0, "title": 1, "status": 3}  # Type kept and ignored


def test_slip_registry_findings(tmp_path, bep_json):
    files = {".bep.yaml": SLIP_CONFIG.format(heading="Acme SLIPs"), "README.md": SLIP_README}
    files.update({f"slip-{n}.md": "# SLIP\n" for n in ("0000", "0044", "0048", "0049")})
    findings = registry_findings(bep_json, repo(tmp_path, files))
    assert sorted((rule, line) for rule, line, _ in findings) == [
        ("registry-duplicate", 8),
        ("registry-format", 3),  # aligned: the header is narrower than the widest cell
        ("registry-link-mismatch", 10),
        ("registry-number-invalid", 9),
    ]
    messages = {rule: message for rule, _, message in findings}
    assert messages["registry-duplicate"].startswith("SLIP-0044 is reserved twice: here and on line 7")
    assert messages["registry-number-invalid"] == "registry number 'SLIP-48' has 2 digits; numbers here have 4"
    assert messages["registry-link-mismatch"] == "row SLIP-0049 links to 'slip-0044.md', which is not a SLIP-0049 document or folder"


def test_a_number_that_does_not_read_as_the_pattern_is_invalid(tmp_path, bep_json):
    readme = SLIP_README.replace("| SLIP-0018                   |", "| 0018                        |")
    files = {".bep.yaml": SLIP_CONFIG.format(heading="Acme SLIPs"), "README.md": readme}
    findings = registry_findings(bep_json, repo(tmp_path, files))
    assert ("registry-number-invalid", 6, "registry number '0018' does not read as '{prefix}-{number:4}' with the number in ASCII digits 0-9") in findings


def test_aligned_fix_pads_every_column_and_the_delimiter_dashes_as_wide(tmp_path, bep, bep_json):
    files = {".bep.yaml": SLIP_CONFIG.format(heading="Acme SLIPs"), "README.md": SLIP_README}
    root = repo(tmp_path, files)
    bep("fix", "--root", str(root))
    lines = (root / "README.md").read_text().splitlines()[2:10]
    assert len({len(line) for line in lines}) == 1  # every line as wide
    header, delimiter = lines[0].split("|"), lines[1].split("|")
    assert [len(cell) for cell in header] == [len(cell) for cell in delimiter] and set("".join(delimiter)) == {"-"}
    assert lines[0] != SLIP_README.splitlines()[2].strip()  # (it was padded wider than its widest cell)
    assert "registry-format" not in [rule for rule, _, _ in registry_findings(bep_json, root)]


# -- bLIPs: the number unpadded in the table, padded in the file name -----------------------

BLIP_CONFIG = """\
    prefix: bLIP
    layout:
      registry:
        tables:
          - heading: Acme bLIPs
            number: "{number}"
      series:
        - prefix: bLIP
          folder: ""
          document: "blip-{number:4}.md"
          supporting: "blip-{number:4}/"
          number-start: 1
          statuses: {document: [Draft, Active]}
    """
BLIP_README = """\
    # Acme bLIPs

    | Number | Title | Author | Status |
    |--------|-------|--------|--------|
    | [1](./blip-0001.md) | Process | Ann | Active |
    | [2](./blip-0001.md) | Wrong | Bo | Draft |
    | [10](./blip-0010.md) | Ten | Cy | Draft |
    """


def test_blip_unpadded_numbers_match_padded_names(tmp_path, bep_json):
    files = {".bep.yaml": BLIP_CONFIG, "README.md": BLIP_README, "blip-0001.md": "x\n", "blip-0010.md": "x\n"}
    findings = registry_findings(bep_json, repo(tmp_path, files))
    assert [(rule, line) for rule, line, _ in findings] == [("registry-link-mismatch", 6)]


# -- SIPs: `SIP Number | SIP Title | Status`, rows linking to pull requests -----------------

SIP_CONFIG = """\
    prefix: SIP
    layout:
      registry:
        tables:
          - heading: Acme SIPs
            columns: {number: SIP Number, title: SIP Title, status: Status, author: null}
            number: "{number:3}"
            link: any
            external-links: reservation
            style: keep
      series:
        - prefix: SIP
          folder: sips
          document: "sip-{number:3}/sip-*.md"
          number-start: 0
          statuses: {document: [Draft, Accepted, Ratified, Activation-In-Progress], case: insensitive}
    """
SIP_README = """\
    # Acme SIPs

    | SIP Number | SIP Title | Status |
    |:---|:---|:---|
    | [001](./sips/sip-001/sip-001-process.md) | Process | Ratified |
    |  002  | [Withdrawn idea](https://example.org/acme/sips/pull/7) |Draft|
    | 003 | Lower case | Activation-in-Progress |
    | [004](./sips/sip-003) | Wrong folder | Accepted |
    """


def sip_repo(tmp_path: Path, config: str = SIP_CONFIG) -> Path:
    files = {".bep.yaml": config, "README.md": SIP_README, "sips/sip-001/sip-001-process.md": "x\n"}
    files["sips/sip-003/sip-003-x.md"] = "x\n"
    return repo(tmp_path, files)


def test_sip_links_to_pull_requests_are_reservations(tmp_path, bep_json):
    findings = registry_findings(bep_json, sip_repo(tmp_path))
    assert [(rule, line) for rule, line, _ in findings] == [("registry-link-mismatch", 8)]  # case-insensitive status


def test_sip_external_links_as_errors(tmp_path, bep_json):
    findings = registry_findings(bep_json, sip_repo(tmp_path, SIP_CONFIG.replace("external-links: reservation", "external-links: error")))
    assert ("registry-link-broken", 6) in [(rule, line) for rule, line, _ in findings]


def test_a_missing_role_column_is_malformed_naming_its_header_text():
    registry = registry_of(SIP_CONFIG, SIP_README.replace("| SIP Title |", "| Name |"))
    [defect] = registry.structure
    assert (defect.kind, defect.missing, defect.line) == (NO_COLUMN, ("SIP Title",), 3)
    assert describe(defect) == "the registry header has no SIP Title column; expected '| SIP Number | SIP Title | Status |'"


# -- the keep style: a fix touches only the cells it changes, in the row's own padding --------


def test_keep_rewrites_a_changed_cell_inside_the_rows_padding():
    registry = registry_of(SIP_CONFIG, SIP_README)
    rows = list(registry.rows)
    rows[1] = rows[1].with_cell("status", "Accepted")  # `|Draft|`: no padding to keep
    rows[2] = rows[2].with_cell("status", "Ratified")  # shorter: the cell keeps its width
    rows[0] = rows[0].with_cell("title", "A much longer process title")  # longer: one space after it
    text = formatted_text(registry, Draft(tuple(rows)))
    lines = text.splitlines()
    assert lines[4] == "| [001](./sips/sip-001/sip-001-process.md) | A much longer process title | Ratified |"
    assert lines[5] == "|  002  | [Withdrawn idea](https://example.org/acme/sips/pull/7) |Accepted|"
    assert lines[6] == "| 003 | Lower case | Ratified               |"
    assert lines[7] == SIP_README.splitlines()[7].strip()  # every other row as written
    assert formatted_text(registry, Draft(tuple(registry.rows), canonical=True)) == registry.source.text


# -- fixes in the BEP shape with a layout: a link-base kept, a kept table's padding -----------

BEP_KEEP_CONFIG = """\
    layout:
      registry:
        tables:
          - link-base: [https://example.org/acme/beps/blob/main/]
            style: keep
    """


def test_a_broken_link_under_a_link_base_is_relinked_under_it(make_repo, bep, bep_json):
    from .conftest import proposal, registry_readme

    url = "https://example.org/acme/beps/blob/main/proposals"
    rows = (
        f"| [1000]({url}/BEP-1000-old-name.md)  | Storage Quotas   | Ann  | Draft    |\n"
        f"| [1001]({url}/BEP-1001-gpu.md) | GPU | Bo | Draft |\n"
    )
    root = make_repo(
        {
            ".bep.yaml": textwrap.dedent(BEP_KEEP_CONFIG),
            "README.md": registry_readme(rows),
            "proposals/BEP-1000-storage-quotas.md": proposal("Storage Quotas"),
            "proposals/BEP-1001-gpu.md": proposal("GPU"),
        }
    )
    code, findings = bep_json("--root", str(root))
    assert [(f["rule"], f["line"], f["fixable"]) for f in findings] == [("registry-link-broken", 10, True)]
    bep("fix", "--root", str(root))
    lines = (root / "README.md").read_text().splitlines()
    # (longer than the cell's room: one space after it; every other cell as it was)
    assert lines[9] == f"| [1000]({url}/BEP-1000-storage-quotas.md) | Storage Quotas   | Ann  | Draft    |"
    assert lines[10] == rows.splitlines()[1]
    assert bep_json("--root", str(root)) == (0, [])


def test_a_status_fixed_in_a_kept_table_keeps_the_rows_padding(make_repo, bep, bep_json):
    from .conftest import proposal, registry_readme

    rows = "|  1000  |  Storage Quotas  |  Ann  |  Draft      |\n| 1001 | GPU | Bo | Draft |\n"
    root = make_repo(
        {
            ".bep.yaml": textwrap.dedent(BEP_KEEP_CONFIG),
            "README.md": registry_readme(rows),
            "proposals/BEP-1000-storage-quotas.md": proposal("Storage Quotas", status="Accepted"),
            "proposals/BEP-1001-gpu.md": proposal("GPU", status="Accepted"),
        }
    )
    before = (root / "README.md").read_text()
    bep("fix", "--root", str(root))
    after = (root / "README.md").read_text()
    assert after == before.replace("|  Draft      |", "|  Accepted   |").replace("| Bo | Draft |", "| Bo | Accepted |")
    assert bep_json("--root", str(root)) == (0, [])


# -- against a base: numbers compared within their series --------------------------------


def test_against_a_base_compares_numbers_within_their_series(tmp_path, bep):
    import json

    from .gitrepo import commit_all, init

    root = init(cip_repo(tmp_path))
    commit_all(root, "start")
    readme = (root / "README.md").read_text()
    # CPS-0003 removed; a new CIP-0004 whose title no CPS row has: neither is confused with the other series
    readme = readme.replace("| 0003 | [Other things](./CPS-0003/) | **Solved** |\n", "")
    readme = readme.replace("| 0003 | [Third Thing]", "| 0004 | [Fourth Thing](./CIP-0004/) | Proposed |\n| 0003 | [Third Thing]")
    (root / "README.md").write_text(readme)
    code, out, _ = bep("check", "--root", str(root), "--only", "registry", "--format", "json", "--against", "main")
    found = [(f["rule"], f["line"], f["message"]) for f in json.loads(out or "[]") if f["rule"] in AGAINST]
    # CPS-0003 is gone although CIP-0003 is still there; CIP-0001 and CPS-0001 are not one
    # number taken twice; CIP-0004 is above CIP's highest (no backfill). The removed row is
    # pointed at under the CPS table's header (no CPS row follows it).
    assert found == [
        ("registry-removed", 24, "CPS-0003 ('Other things') is in the registry on main but not here; a number is "
         "never given back: restore the row, marked `_(skipped)_` if the proposal was withdrawn or renumbered"),
    ]


AGAINST = ("registry-removed", "registry-reuse", "registry-backfill")


def test_placeholders_come_from_the_layout_or_are_none():
    config = """\
        layout:
          registry:
            tables:
              - heading: Registry
                placeholders: {next: TBD, skipped: withdrawn}
        """
    readme = """\
        ## Registry

        | Number | Title | Author | Status |
        |---|---|---|---|
        | 1000 | *Withdrawn* | | |
        | _next_ | A | - | Draft |
        | **TBD** | | | |
        """
    kinds = [row.kind for row in registry_of(config, readme).rows]
    assert kinds == ["skipped", "entry", "next"]
    none = config.replace("placeholders: {next: TBD, skipped: withdrawn}", "placeholders: null")
    assert {row.kind for row in registry_of(none, readme).rows} == {"entry"}


# -- the shipped fixtures: the registry rules give exactly what EXPECTED.md says -----------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize("name", ["neps", "cips"])
def test_the_registry_findings_of_the_layout_fixtures_are_the_expected_ones(name, bep_json):
    expected = []
    for line in (FIXTURES / name / "EXPECTED.md").read_text().splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].startswith("registry-"):
            expected.append((cells[0], cells[2], int(cells[3]), int(cells[4])))
    code, findings = bep_json("--root", str(FIXTURES / name))
    found = [(f["rule"], f["path"], f["line"], f["column"]) for f in findings if f["rule"].startswith("registry-")]
    assert found == expected


def test_a_table_without_an_author_column_is_listed(tmp_path, bep):
    code, out, err = bep("list", "--root", str(cip_repo(tmp_path)))
    assert "internal error" not in err and "Acme Process" in out and "Smart things" in out


def test_a_folder_link_is_relinked_to_the_documents_folder(tmp_path, monkeypatch):
    """How registry-link-broken's fix writes a folder link (CIPs: `./CIP-0020/` for
    CIP-0002, whose folder is CIP-0002/): the folder, its trailing slash as written. The
    number's document is given here (discovering folder-per-proposal documents is issue
    13's SERIES part)."""
    from bep_hooks.repository import MAIN, Entry, Project
    from bep_hooks.rules import registry as rules
    from bep_hooks.rules.base import Context
    from bep_hooks.rules.index import RegistryIndex

    readme = CIP_README.replace("[Second Thing](./CIP-0001/)", "[Second Thing](./CIP-0020/)")
    readme = readme.replace("[Smart things](./CPS-0001)", "[Smart things](./CPS-0009)")
    root = cip_repo(tmp_path, readme)
    documents = {("CIP", 2): "CIP-0002/README.md", ("CPS", 1): "CPS-0001/README.md"}

    def single_document(self, row):
        path = documents.get((row.series, row.number))
        return Entry(path.split("/")[0], path, MAIN, row.number) if path else None

    monkeypatch.setattr(RegistryIndex, "single_document", single_document)
    from bep_hooks.config import load_config

    ctx = Context(Project(root, load_config(root)), frozenset({"registry"}))
    relinked = {row.line: rules._relinked(ctx, row) for row in ctx.registry.rows}
    assert relinked[12] == "./CIP-0002/"  # (the slash kept)
    assert relinked[25] == "./CPS-0001"  # (no slash: none added)
    assert relinked[11] is None  # a link that leads somewhere stays


# -- where a table is: heading, occurrence, before, position (pinned by mutation testing) ---

TABLE = "| Number | Title | Author | Status |\n|---|---|---|---|\n| {n} | T{n} | - | Draft |\n"
REGISTRY_ONLY = "layout:\n  registry:\n    tables:\n      - {table}\n"


def located(table: str, readme: str):
    """The registry of `readme` with one table laid out as `table` (YAML flow mapping)."""
    return parse_registry(Source.from_text("README.md", readme), parse_config(REGISTRY_ONLY.format(table=table)))


def numbers(registry) -> List[int]:
    return [row.number for row in registry.rows]


def test_before_with_a_heading_counts_only_the_headings_ahead_of_it():
    readme = (
        "## Registry\n\nIntro.\n\n## Registry\n\n"
        + TABLE.format(n=1)
        + "\n## Stop\n\n## Registry\n\n"
        + TABLE.format(n=2)
    )
    last = located("{heading: Registry, before: Stop, occurrence: last}", readme)
    assert (numbers(last), last.heading_line, last.structure, last.missing) == ([1], 5, [], [])
    # the first heading's section runs to `before`: its last table is the same one
    first = located("{heading: Registry, before: Stop}", readme)
    assert (numbers(first), first.heading_line, first.structure) == ([1], 1, [])  # (a repeated heading is expected)
    assert numbers(located("{heading: Registry, occurrence: last}", readme)) == [2]


def test_before_right_at_the_start_of_the_section_leaves_no_room_for_a_table():
    registry = located("{heading: null, before: Stop}", "## Stop\n\n" + TABLE.format(n=1))
    assert [d.kind for d in registry.missing] == [NO_TABLE]
    readme = "## Registry\n### Stop\n\n" + TABLE.format(n=1)
    assert [d.kind for d in located("{heading: Registry, before: Stop}", readme).missing] == [NO_TABLE]
    assert numbers(located("{heading: Registry}", readme)) == [1]  # (the sub-section is the registry's)


def test_before_takes_the_last_table_ahead_of_its_heading_and_position_the_nth():
    readme = "# R\n\n" + TABLE.format(n=1) + "\n" + TABLE.format(n=2) + "\n## Stop\n\n" + TABLE.format(n=3)
    assert numbers(located("{heading: null, before: Stop}", readme)) == [2]
    assert numbers(located("{heading: R}", readme)) == [1]
    assert numbers(located("{heading: R, position: 2}", readme)) == [2]
    assert numbers(located("{heading: null, position: 3}", readme)) == [3]
    missing = located("{heading: R, position: 4}", readme).missing  # (the H1's section holds the ## Stop one)
    assert [(d.kind, d.line, d.column, d.lines, d.position) for d in missing] == [(NO_TABLE, 1, 1, (3,), 4)]
    missing = located("{heading: null, position: 4}", readme).missing
    assert [(d.kind, d.line, d.column, d.lines, d.heading) for d in missing] == [(NO_TABLE, None, None, (3,), None)]


def test_a_table_right_under_its_heading_or_on_the_first_line_is_found():
    registry = located("{heading: Registry}", "## Registry\n" + TABLE.format(n=1))
    assert (numbers(registry), registry.start) == ([1], 1)
    registry = located("{heading: null}", TABLE.format(n=1))
    assert (numbers(registry), registry.start) == ([1], 0)


def test_a_broken_table_of_the_whole_file_is_reported_on_its_first_pipe_line():
    registry = located("{heading: null}", "Text.\n\n| Number | Title |\n| 1 | A |\n")
    assert [(d.kind, d.line) for d in registry.structure] == [(BROKEN_TABLE, 3)]
    assert registry.missing == []


def test_a_header_text_two_roles_accept_goes_to_the_first_role_without_a_column():
    readme = "# R\n\n| Number | Title | Title | Status |\n|---|---|---|---|\n| 1 | A | B | Draft |\n"
    registry = located("{heading: R, columns: {title: Title, author: [Title, Author]}}", readme)
    assert registry.columns == {"number": 0, "title": 1, "author": 2, "status": 3}
    assert (registry.rows[0].title, registry.rows[0].author, registry.malformed) == ("A", "B", [])


def test_a_role_with_several_header_texts_is_named_by_its_first():
    readme = "# R\n\n| # | Name | Status |\n|---|---|---|\n| 1 | A | Draft |\n"
    table = "{heading: R, columns: {number: [SIP Number, '#'], title: [SIP Title, Title], author: null}}"
    [defect] = located(table, readme).structure
    assert (defect.kind, defect.missing) == (NO_COLUMN, ("SIP Title",))
    assert defect.expected == "| SIP Number | SIP Title | Status |"


def test_the_link_column_none_any_and_a_short_row():
    readme = "# R\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n| [1](a.md) | T | - | Draft |\n"
    row = located("{heading: R, link: none}", readme).rows[0]
    assert (row.link_column, row.link, row.number) == (None, None, 1)
    readme = "# R\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
    readme += "| 1 | [T](t.md) | - | [Draft](d.md) |\n| 2 |\n"
    linked, short = located("{heading: R, link: any}", readme).rows
    assert (linked.link_column, linked.link, linked.title) == ("title", "t.md", "T")
    assert (short.link_column, short.link) == (None, None)


def test_a_new_row_and_a_number_written_through_the_tables_pattern():
    from bep_hooks.parse.registry import new_row, number_cell_text

    registry = registry_of(SLIP_CONFIG.format(heading="Acme SLIPs"), SLIP_README)
    table = registry.primary
    assert number_cell_text(table, 44, 4) == "SLIP-0044"
    values = {"number": "SLIP-0050", "title": "New", "author": "Ann"}
    row = new_row(table, values, "slip-0050.md")
    assert (row.line, row.cells, row.raw, row.width) == (0, ("[SLIP-0050](slip-0050.md)", "New", "", ""), None, 4)
    assert (row.number, row.link) == (50, "slip-0050.md")
    assert values == {"number": "SLIP-0050", "title": "New", "author": "Ann"}  # (the caller's values untouched)
    sips = registry_of(SIP_CONFIG, SIP_README).primary  # link: any — the link goes in the Number cell
    values = {"number": "005", "title": "T", "status": "Draft"}
    assert new_row(sips, values, "sips/x.md").cells == ("[005](sips/x.md)", "T", "Draft")
    assert new_row(sips, {"number": "005"}, None).cells == ("005", "", "")
    cip = registry_of(CIP_CONFIG, CIP_README).primary  # link: title
    values = {"number": "0004", "title": "Four", "status": "Proposed"}
    assert new_row(cip, values, "./CIP-0004/").cells == ("0004", "[Four](./CIP-0004/)", "Proposed")
    readme = "# R\n\n| Number | Title | Author | Status |\n|---|---|---|---|\n"
    unlinked = located("{heading: R, link: none}", readme).primary
    assert new_row(unlinked, {"number": "1", "title": "T"}, "x.md").cells == ("1", "T", "", "")
