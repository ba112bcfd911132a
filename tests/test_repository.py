"""hooks/repository.py: discovery per series (`layout.series`): folders, document
patterns (a file, or a folder per proposal), supporting folders, ignored names, templates,
near misses; and how a change maps to its proposals. The repositories reproduce the SHAPES
of real proposal repositories (docs/layouts.md, section 1), with invented content."""

from __future__ import annotations

from pathlib import Path

import pytest

from bep_hooks.config import load_config
from bep_hooks.repository import MAIN, MISNAMED, SUPPORTING, TEMPLATE, Project

from .conftest import write_tree

DOC = "---\nStatus: Draft\n---\n\n# A title\n\nText.\n"
TABLE = "| Number | Title | Author | Status |\n|---|---|---|---|\n"


def project(root: Path) -> Project:
    return Project(root, load_config(root))


def repo(tmp_path: Path, files) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_tree(root, files)


def kinds(listing):
    return {entry.path: (entry.kind, entry.number) for entry in listing.entries}


NEPS = """prefix: NEP
layout:
  registry:
    file: README.md
    tables:
      - heading: NEPs
  series:
    - prefix: NEP
      folder: neps
      document: "nep-{number:4}.md"
      supporting: "nep-{number:4}/"
      ignore: [archive/, assets/]
      template: /nep-0000-template.md
      number-start: 0
"""


@pytest.fixture
def neps(tmp_path):
    return repo(
        tmp_path,
        {
            ".bep.yaml": NEPS,
            "README.md": "# Index\n\n## NEPs\n\n" + TABLE + "| [0001](neps/nep-0001.md) | A | a | Draft |\n",
            "nep-0000-template.md": DOC,
            "neps/nep-0001.md": DOC,
            "neps/nep-0245.md": DOC,
            "neps/nep-0245/Events.md": "# Events\n",
            "neps/nep-0777/diagram.png": b"\x89PNG",
            "neps/archive/0005-access-keys.md": "# old\n",
            "neps/archive/README.md": "# archive\n",
            "neps/assets/nep-0001/a.png": b"\x89PNG",
            "neps/README.md": "# about\n",
            "neps/NEP-0300.md": DOC,
            "neps/nep-12.md": DOC,
            "neps/nep-0013-draft.md": DOC,
        },
    )


def test_neps_documents_without_slug_in_lower_case_numbers_as_integers(neps):
    found = project(neps)
    listing = found.listing
    assert listing.folder == "neps"
    assert kinds(listing) == {
        "neps/nep-0001.md": (MAIN, 1),  # the row `0001` and the file are number 1
        "neps/nep-0245.md": (MAIN, 245),
        "neps/nep-0245": (SUPPORTING, 245),
        "neps/nep-0777": (SUPPORTING, 777),
        # near misses of `nep-{number:4}.md`: another case, another width, an extra suffix
        "neps/NEP-0300.md": (MISNAMED, None),
        "neps/nep-12.md": (MISNAMED, None),
        "neps/nep-0013-draft.md": (MISNAMED, None),
        # archive/ and assets/ are ignored; neps/README.md is no near miss
    }
    assert {entry.series for entry in listing.entries} == {"NEP"}
    assert found.template_path == "nep-0000-template.md"  # `/` = from the root
    assert [e.path for e in found.documents(1)] == ["neps/nep-0001.md"]


def test_a_commit_looks_up_one_number_without_classifying_the_folder(neps):
    listing = project(neps).listing
    assert [e.path for e in listing.documents(245)] == ["neps/nep-0245.md"]
    assert listing.entry_at("neps/nep-0001.md").number == 1
    assert "entries" not in listing.__dict__  # the folder was not classified as a whole
    assert set(listing._classified) <= {"nep-0245.md", "nep-0001.md"}


CIPS = """prefix: CIP
layout:
  registry:
    file: README.md
    tables:
      - {heading: CIPs, series: CIP}
      - {heading: CPSs, series: CPS}
  defaults:
    folder: ""
    number-start: 1
  series:
    - prefix: CIP
      document: "CIP-{number:4}/README.md"
      template: /.github/CIP-TEMPLATE.md
    - prefix: CPS
      document: "CPS-{number:4}/README.md"
      template: /.github/CPS-TEMPLATE.md
"""


@pytest.fixture
def cips(tmp_path):
    return repo(
        tmp_path,
        {
            ".bep.yaml": CIPS,
            "README.md": "# Index\n\n## CIPs\n\n" + TABLE + "| 0001 | [A](./CIP-0001/) | a | Draft |\n",
            "LICENSE": "text\n",
            "0001-notes.md": "notes\n",
            ".github/CIP-TEMPLATE.md": DOC,
            ".github/CPS-TEMPLATE.md": DOC,
            "CIP-0001/README.md": DOC,
            "CIP-0001/CIP-0001.md": "Moved to README.md\n",
            "CIP-0001/image.png": b"\x89PNG",
            "CIP-0002/README.md": DOC,
            "CIP-0002/README.fr.md": DOC,
            "CIP-0042/schema.json": "{}\n",
            "cip-0050/README.md": DOC,
            "CIP-my-feature/README.md": DOC,
            "CPS-0001/README.md": DOC,
        },
    )


def test_cips_one_folder_per_proposal_at_the_root_two_series(cips):
    found = project(cips)
    cip, cps = found.listings
    assert (cip.folder, cps.folder) == ("", "")
    assert kinds(cip) == {
        "CIP-0001/README.md": (MAIN, 1),
        "CIP-0002/README.md": (MAIN, 2),  # README.fr.md, CIP-0001.md, image.png: supporting
        "CIP-0042": (MISNAMED, 42),  # a proposal's folder without its README.md
        "cip-0050": (MISNAMED, None),  # a near miss of CIP-{number:4}
        # README.md (the registry), LICENSE, 0001-notes.md, .github, CIP-my-feature: nothing
    }
    assert kinds(cps) == {"CPS-0001/README.md": (MAIN, 1)}
    assert found.documents(1, "CPS")[0].series == "CPS"
    assert found.documents(1)[0].path == "CIP-0001/README.md"  # (None: the first series)
    assert found.entry_at("CPS-0001/README.md").series == "CPS"
    assert found.entry_at("CIP-0001/image.png") is None
    assert [e.path for e in found.owner("CIP-0001/image.png")] == ["CIP-0001/README.md"]
    assert [e.path for e in found.owner("CIP-0042/schema.json")] == ["CIP-0042"]
    assert found.template_path_of(found.layout.series[1]) == ".github/CPS-TEMPLATE.md"


def test_a_proposal_folder_is_looked_into_only_when_its_number_is_asked(cips):
    listing = project(cips).listing
    assert [e.path for e in listing.documents(2)] == ["CIP-0002/README.md"]
    assert "entries" not in listing.__dict__
    assert set(listing._classified) == {"CIP-0002"}


SLIPS = """prefix: SLIP
layout:
  registry:
    tables:
      - heading: SLIPs
  series:
    - folder: ""
      document: "slip-{number:4}.md"
      supporting: "slip-{number:4}/"
      number-start: 0
"""


def test_slips_documents_at_the_root_beside_the_registry(tmp_path):
    root = repo(
        tmp_path,
        {
            ".bep.yaml": SLIPS,
            "README.md": "# SLIPs\n\n" + TABLE + "| [SLIP-0044](slip-0044.md) | A | a | Draft |\n",
            "slip-0044.md": DOC,
            "slip-0010.md": DOC,
            "slip-0010/vectors.txt": "x\n",
            "SLIP-0039.md": DOC,
            "CONTRIBUTING.md": "x\n",
        },
    )
    listing = project(root).listing
    assert kinds(listing) == {
        "slip-0010.md": (MAIN, 10),
        "slip-0010": (SUPPORTING, 10),
        "slip-0044.md": (MAIN, 44),
        "SLIP-0039.md": (MISNAMED, None),
    }


def test_blips_padded_files_for_unpadded_rows(tmp_path):
    root = repo(
        tmp_path,
        {
            ".bep.yaml": "prefix: bLIP\nlayout:\n  series:\n    - folder: ''\n      document: 'blip-{number:4}.md'\n"
            "      supporting: 'blip-{number:4}/'\n      number-start: 1\n",
            "README.md": "# bLIPs\n\n## BEP Number Registry\n\n" + TABLE + "| [1](./blip-0001.md) | A | a | Draft |\n",
            "blip-0001.md": DOC,
            "blip-0001/diagram.png": b"\x89PNG",
            "blip-0002.md": DOC,
        },
    )
    found = project(root)
    assert kinds(found.listing) == {
        "blip-0001.md": (MAIN, 1),
        "blip-0001": (SUPPORTING, 1),
        "blip-0002.md": (MAIN, 2),
    }


SIPS = """prefix: SIP
layout:
  series:
    - folder: sips
      document: "sip-{number:3}/sip-*.md"
      number-start: 0
"""


def test_sips_a_folder_per_proposal_whose_document_is_a_pattern(tmp_path):
    root = repo(
        tmp_path,
        {
            ".bep.yaml": SIPS,
            "README.md": "# SIPs\n\n## BEP Number Registry\n\n" + TABLE + "| 10 | A | a | Draft |\n",
            "sips/sip-010/sip-010-fungible-tokens.md": DOC,
            "sips/sip-010/summary_of_benefits.md": "x\n",
            "sips/sip-012/sip-012-a.md": DOC,
            "sips/sip-012/sip-012-b.md": DOC,
            "sips/sip-013/notes.md": DOC,
        },
    )
    listing = project(root).listing
    assert kinds(listing) == {
        "sips/sip-010/sip-010-fungible-tokens.md": (MAIN, 10),
        "sips/sip-012/sip-012-a.md": (MAIN, 12),  # two documents in one folder: a duplicate
        "sips/sip-012/sip-012-b.md": (MAIN, 12),
        "sips/sip-013": (MISNAMED, 13),
    }


def test_two_series_in_one_folder_are_never_each_others_near_misses(tmp_path):
    root = repo(
        tmp_path,
        {
            ".bep.yaml": "prefix: AB\nlayout:\n  defaults: {folder: docs}\n  series:\n"
            "    - {prefix: AB, document: 'ab-{number:4}.md'}\n    - {prefix: ABC, document: 'ab-c-{number:4}.md'}\n",
            "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE,
            "docs/ab-0001.md": DOC,
            "docs/ab-c-0001.md": DOC,
        },
    )
    first, second = project(root).listings
    assert kinds(first) == {"docs/ab-0001.md": (MAIN, 1)}
    assert kinds(second) == {"docs/ab-c-0001.md": (MAIN, 1)}


def test_the_bep_default_keeps_its_names_and_template(tmp_path):
    root = repo(
        tmp_path,
        {
            "README.md": "# x\n\n## BEP Number Registry\n\n" + TABLE,
            "proposals/BEP-0000-template.md": DOC,
            "proposals/BEP-1001-a.md": DOC,
            "proposals/BEP-1001/x.png": b"\x89PNG",
            "proposals/BEP1002-b.md": DOC,
            "proposals/1003-c.md": DOC,
        },
    )
    found = project(root)
    assert kinds(found.listing) == {
        "proposals/BEP-0000-template.md": (TEMPLATE, 0),
        "proposals/BEP-1001-a.md": (MAIN, 1001),
        "proposals/BEP-1001": (SUPPORTING, 1001),
        "proposals/BEP1002-b.md": (MISNAMED, None),
        "proposals/1003-c.md": (MISNAMED, None),
    }
    assert found.listing.naming.default
    assert {e.series for e in found.listing.entries} == {"BEP"}


def test_a_change_inside_a_proposal_folder_touches_that_proposal(cips):
    from bep_hooks.git import ChangeSet
    from bep_hooks.scope import Scope

    found = project(cips)
    scope = Scope(found, ChangeSet(("CIP-0001/image.png", "CIP-0042/schema.json"), compare=None))
    assert scope.document_numbers == {1, 42}
    assert {"CIP-0001", "CIP-0042"} <= scope.document_paths  # (rows link to the folder)
    assert scope.paths() >= {"CIP-0001/README.md", "CIP-0042"}
    assert not scope.template_changed
    gone = Scope(found, ChangeSet((), gone=("CPS-0001/README.md",), compare=None))
    assert gone.document_numbers == {1} and "CPS-0001/README.md" in gone.document_paths
    # each series' template is a template: changing the second one checks every document
    assert Scope(found, ChangeSet((".github/CPS-TEMPLATE.md",), compare=None)).template_changed


def test_a_nep_document_change_maps_to_its_number(neps):
    from bep_hooks.git import ChangeSet
    from bep_hooks.scope import Scope

    scope = Scope(project(neps), ChangeSet(("neps/nep-0245.md", "neps/nep-0245/Events.md", "neps/archive/0005-access-keys.md"), compare=None))
    assert scope.document_numbers == {245}
    assert scope.document_paths == {"neps/nep-0245.md"}
