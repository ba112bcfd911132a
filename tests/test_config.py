"""Configuration: `.bep.yaml`, `--config FILE`, hook `args:`, and `bep config`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bep_hooks import check_proposals, check_registry, format_registry
from bep_hooks.config import (
    DEFAULT_FIELDS,
    DEFAULT_STATUSES,
    DEFAULT,
    DEFAULT_TRANSITIONS,
    ConfigError,
    config_data,
    dump_config,
    parse_config,
    read_flat_config,
)

from .conftest import proposal, registry_readme
from .proposal_shapes import FIXTURES, repo

UNSORTED = "| 1001 | B | - | Draft |\n| 1000 | A | - | Draft |\n"


def test_every_setting_can_be_written(tmp_path):
    config = parse_config(
        """
registry-file: docs/README.md
registry-heading: XEP Index
proposals-dir: xeps
template: XEP-000-template.md
prefix: XEP
number-width: 3
number-start: 100
statuses: [Proposed, Approved, Done]
required-fields: [Author, Status]
required-sections: [Summary, Design]
section-aliases: {Design: [Specification, Proposed Design]}
status-requirements: {Approved: [Target-Release]}
transitions: {Proposed: [Approved], Approved: [Done], Done: ~}
reason-required: [Done]
severity: {registry-format: warning, section-order: off}
per-file-ignores: {"xeps/old-*.md": [all], "README.md": registry-unsorted}
title-kinds: [new, edit]
title-pattern: 'XEP-[0-9]{3}: .+'
title-required: true
table-style: aligned
baseline: tools/baseline.json
max-file-size: 1000
"""
    )
    assert config.prefix == "XEP" and config.number_width == 3 and config.number_start == 100
    assert config.transitions == {"Proposed": ("Approved",), "Approved": ("Done",), "Done": ()}
    assert config.severity == {"registry-format": "warning", "section-order": "off"}
    assert config.per_file_ignores == {"xeps/old-*.md": ("all",), "README.md": ("registry-unsorted",)}
    assert config.title_kinds == ("new", "edit") and config.title_required is True
    assert config.title_pattern == "XEP-[0-9]{3}: .+" and config.baseline == "tools/baseline.json"
    assert config.template_name == "XEP-000-template.md"
    assert config.reason_required == ("Done",)


def test_underscored_keys_and_empty_files_work():
    assert parse_config("number_width: 5\n").number_width == 5
    assert parse_config("") == DEFAULT
    assert parse_config("# only a comment\n") == DEFAULT


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no-such-setting: 1\n", "unknown setting 'no-such-setting'; allowed settings are: baseline, layout, max-file-size"),
        ("number-width: four\n", "setting 'number-width' must be a positive whole number, not 'four'"),
        ("number-width: 0\n", "setting 'number-width' must be a positive whole number"),
        ("number-width: 12\n", "setting 'number-width' must be a whole number from 1 to 9"),
        ("number-width: 3\n", "'number-start' (1000) has more digits than 'number-width' (3) allows"),
        ("statuses: Draft\n", "setting 'statuses' must be a list of names, not 'Draft'"),
        ("statuses: []\n", "setting 'statuses' must be a list of at least one name"),
        ("title-kinds: [new, 3]\n", "setting 'title-kinds' must be a list of names"),
        ("title-required: maybe\n", "setting 'title-required' must be true, false or auto, not 'maybe'"),
        ("title-pattern: 'BEP-(['\n", "setting 'title-pattern' is not a valid regular expression"),
        ("table-style: pretty\n", "setting 'table-style' must be one of compact, aligned, keep, not 'pretty'"),
        ("prefix: B E P\n", "setting 'prefix' must be a short ASCII word such as BEP"),
        ("severity: {registry-dupe: off}\n", "setting 'severity' names an unknown rule 'registry-dupe' (did you mean 'registry-duplicate'?)"),
        ("severity: {registry-duplicate: fatal}\n", "rule 'registry-duplicate' is graded 'fatal'; allowed grades are: error, warning, off"),
        ("severity: [registry-duplicate]\n", "setting 'severity' must be a mapping of rule names to error, warning or off"),
        ("per-file-ignores: {'*.md': [titel-format]}\n", "setting 'per-file-ignores' names an unknown rule 'titel-format' (did you mean 'title-format'?)"),
        ("transitions: {Draft: 3}\n", "setting 'transitions' must be a mapping of names to lists of names"),
        ("statuses: [Open, Closed]\ntransitions: {Open: [Done]}\n", "lets 'Open' change to 'Done', which is not in 'statuses' (Open, Closed)"),
        ("statuses: [Open, Closed]\ntransitions: {Draft: [Open]}\n", "setting 'transitions' names the status 'Draft', which is not in 'statuses'"),
        ("statuses: [Open, Closed]\nreason-required: [Gone]\n", "setting 'reason-required' names the status 'Gone', which is not in"),
        ("reason-required: Rejected\n", "setting 'reason-required' must be a list of names, not 'Rejected'"),
        ("- a list\n", "expected a mapping of settings, found list"),
        ("key: [unclosed\n", "not valid YAML"),
        ("baseline: ''\n", "setting 'baseline' must be a file name"),
    ],
)
def test_bad_configuration_names_the_key_and_what_is_allowed(text, expected):
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "tools/bep.yaml")
    assert str(raised.value).startswith("tools/bep.yaml: ")
    assert expected in str(raised.value)


def test_a_bad_config_exits_2_with_the_message_and_no_traceback(make_repo, bep):
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": "severity:\n  registry-dupe: off\n"})
    for command in (["check"], ["fix"], ["next"], ["config"], ["title", "x"], ["baseline"], ["rules"]):
        code, out, err = bep(*command, "--root", str(root))
        assert code == 2, command
        assert "unknown rule 'registry-dupe'" in err and "Traceback" not in err
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": b"prefix: \xff\n"})
    code, _, err = bep("check", "--root", str(root))
    assert code == 2 and "cannot read configuration file" in err


def test_explicit_config_file_and_a_missing_one(make_repo, bep):
    root = make_repo({"README.md": registry_readme(UNSORTED), "tools/bep.yaml": "severity: {registry-unsorted: off}\n"})
    assert bep("check", "--root", str(root), "--only", "registry")[0] == 1
    assert bep("check", "--root", str(root), "--only", "registry", "--config", str(root / "tools/bep.yaml"))[0] == 0
    code, _, err = bep("check", "--root", str(root), "--config", str(root / "tools/none.yaml"))
    assert code == 2 and "cannot read configuration file" in err


def test_hook_args_come_before_the_file_names(make_repo, monkeypatch, capsys):
    """`args: [--config, tools/bep.yaml]` in .pre-commit-config.yaml: pre-commit appends the files."""
    root = make_repo({"README.md": registry_readme(UNSORTED), "tools/bep.yaml": "severity: {registry-unsorted: warning}\n"})
    monkeypatch.chdir(root)
    assert check_registry.main(["README.md"]) == 1
    capsys.readouterr()
    assert check_registry.main(["--config", "tools/bep.yaml", "README.md"]) == 0
    assert "warning registry-unsorted" in capsys.readouterr().out
    assert check_proposals.main(["--config", "tools/bep.yaml", "--format", "json", "README.md"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert format_registry.main(["--config", "tools/bep.yaml", "README.md"]) == 1  # the fixer still fixes
    assert check_registry.main(["--config", "tools/missing.yaml", "README.md"]) == 2


def test_severity_off_warning_and_per_file_ignores(make_repo, bep_json):
    files = {"README.md": registry_readme(UNSORTED + "| 1002 | C | - | Nope |\n")}
    root = make_repo({**files, ".bep.yaml": "severity: {registry-unsorted: off, registry-status-unknown: warning}\n"})
    code, findings = bep_json("--root", str(root), "--only", "registry")
    assert code == 0 and [(f["rule"], f["severity"]) for f in findings] == [("registry-status-unknown", "warning")]
    root = make_repo({**files, ".bep.yaml": "per-file-ignores: {'READ*.md': [registry-unsorted, registry-status-unknown]}\n"})
    assert bep_json("--root", str(root), "--only", "registry") == (0, [])


def test_bep_config_prints_the_effective_configuration(make_repo, bep):
    root = make_repo({"README.md": registry_readme(""), ".bep.yaml": "prefix: XEP\nnumber-width: 3\nnumber-start: 100\n"})
    code, out, _ = bep("config", "--root", str(root))
    assert code == 0
    lines = out.splitlines()
    assert "prefix: XEP" in lines and "number-width: 3" in lines and "number-start: 100" in lines
    assert "registry-heading: BEP Number Registry" in lines  # defaults merged in
    assert "registry-file:  # discovered: README.md" in lines
    assert "title-kinds:" in lines and "  - revise" in lines
    assert "  Draft:" in lines  # the default transitions
    # what it prints reads back as the same configuration, with the values the template
    # gave written out (they are what the check uses)
    given = parse_config("prefix: XEP\nnumber-width: 3\nnumber-start: 100\n")
    printed = parse_config(out)
    assert printed._replace(statuses=None, required_fields=None, required_sections=None) == given
    assert printed.statuses == DEFAULT_STATUSES  # (no XEP template: the defaults)
    assert printed.required_fields == DEFAULT_FIELDS and printed.required_sections == ()  # (no template, no sections)
    assert "statuses: # from the defaults" in lines
    assert "required-fields: # from the defaults (no template)" in lines


def test_bep_config_shows_what_it_took_from_the_template(make_repo, bep):
    template = "---\nAuthor: Name\nStatus: Draft\nOwner: team\n---\n\n# Title\n\n## Why\n\n## How\n"
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-0000-template.md": template})
    code, out, _ = bep("config", "--root", str(root))
    assert code == 0
    printed = parse_config(out)
    assert printed.required_sections == ("Why", "How")
    assert printed.required_fields == ("Author", "Status", "Owner")
    assert "required-fields: # from the template proposals/BEP-0000-template.md" in out.splitlines()


def test_dump_round_trips_the_defaults():
    assert parse_config(dump_config(DEFAULT)) == DEFAULT
    data = config_data(DEFAULT)
    assert data["transitions"]["Draft"] == list(DEFAULT_TRANSITIONS["Draft"])
    assert data["title-required"] == "auto" and data["title-pattern"] is None


def test_yaml_11_off_reads_as_off():
    assert parse_config("%YAML 1.1\n---\nseverity: {registry-format: off}\n").severity == {"registry-format": "off"}


def test_config_is_found_at_the_root_only(make_repo, bep):
    root = make_repo(
        {
            "README.md": registry_readme(UNSORTED),
            ".bep.yml": "severity: {registry-unsorted: off}\n",
            "proposals/BEP-1000-a.md": proposal("A"),
        }
    )
    assert bep("check", "--root", str(root), "--only", "registry")[0] == 0


def test_the_documented_fork_configuration_is_valid():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n# \.bep\.yaml\n(.*?)```", text, re.S).group(1)
    config = parse_config(example)
    assert config.prefix == "XEP" and config.number_width == 3 and config.severity["section-order"] == "off"


# -- the fast reader of flat configurations, held to ruamel.yaml -----------------------

FLAT_KEYS = ["prefix", "number-width", "number_start", "registry-heading", "template", "x", "Yes", "on", "1", "true"]
FLAT_VALUES = [
    "", "5", "0", "007", "10000", "1" * 30, "-3", "+4", "1.5", "1e3", "0x1F", "0o17", "2025-01-01", "XEP", "BEP",
    "XEP Number Registry", "true", "False", "TRUE", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~",
    ".inf", ".NaN", "'quoted'", '"double"', "[a, b]", "{a: b}", "a: b", "a #b", "a#b", "&anchor", "*alias",
    "!tag x", "|", ">", "%", "@x", "`x`", "é", "한국어", "x\ty", "-", "- item", "? x", ": x",
]
COMMON_VALUES = ["", "5", "0", "10000", "XEP", "BEP", "XEP Number Registry", "true", "False", "null", "~", "aligned"]


@st.composite
def flat_configurations(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "comment", "blank", "indented"]))
        if kind == "comment":
            lines.append("# " + draw(st.sampled_from(FLAT_VALUES)))
        elif kind == "blank":
            lines.append("")
        else:
            common = draw(st.integers(0, 3)) > 0  # mostly the shapes real configurations have
            key = draw(st.sampled_from(FLAT_KEYS[:6] if common else FLAT_KEYS))
            value = draw(st.sampled_from(COMMON_VALUES if common else FLAT_VALUES))
            comment = draw(st.sampled_from(["", "  # note", " #x"]))
            lines.append(("  " if kind == "indented" else "") + f"{key}:{' ' if value else ''}{value}{comment}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


@settings(max_examples=400, deadline=None)
@given(flat_configurations())
def test_the_flat_reader_reads_what_ruamel_reads(text):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    fast = read_flat_config(text)
    try:
        expected = YAML(typ="safe", pure=True).load(text)
    except (YAMLError, ValueError):
        assert fast is None  # what ruamel.yaml refuses is left to it, so its error is reported
        return
    if fast is not None:
        assert fast == (expected or {})
        assert [type(value) for value in fast.values()] == [type(value) for value in (expected or {}).values()]


def test_the_flat_reader_takes_the_common_fork_configuration():
    text = "prefix: XEP\nnumber-width: 3\nnumber-start: 100\nregistry-heading: XEP Number Registry\n"
    assert read_flat_config(text) == {
        "prefix": "XEP",
        "number-width": 3,
        "number-start": 100,
        "registry-heading": "XEP Number Registry",
    }
    assert read_flat_config("statuses: [Draft]\n") is None
    assert read_flat_config("severity:\n  section-order: off\n") is None


def test_a_number_too_long_to_read_is_a_configuration_error():
    with pytest.raises(ConfigError, match="a value cannot be read"):
        parse_config("number-width: " + "9" * 5000 + "\n")


# -- outlines (issue 14) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, message",
    [
        ("outlines: [Goal]\n", "setting 'outlines' must be a mapping of outline names to lists of section names"),
        ("outlines:\n  impl: 3\n", "'impl' must be a list of section names or a file name"),
        ("outlines:\n  template: [Goal]\n", "'template' is the template's own outline"),
        ("outlines:\n  impl: missing.md\n", "'impl' names the file 'missing.md', which is not a file of the repository"),
    ],
)
def test_bad_outlines_are_configuration_errors(make_repo, bep, setting, message):
    root = repo(make_repo, **{".bep.yaml": setting})
    code, out, err = bep("check", "--root", str(root))
    assert code == 2 and message in err, err


def test_bep_config_shows_every_outline(bep):
    code, out, _ = bep("config", "--root", str(FIXTURES / "monorepo"))
    assert code == 0
    assert "outlines:  # and 'template' (proposals/BEP-0000-template.md): Related Issues, Motivation," in out
    assert "  implementation:\n    - Goal\n    - Current Design & Scope by Area\n" in out


def test_flat_table_style_keep_is_the_layout_tables_keep(make_repo, bep):
    """`table-style: keep` (flat) is the table style `keep` of a layout: `bep fix` rewrites
    only the cells it changes and leaves every other row's padding as written."""
    config = parse_config("table-style: keep\n")
    assert config.table_style == "keep"
    rows = "| 1001  | B   | - | Draft |\n| 1000 | A | -  | Draft  |\n"
    root = make_repo({".bep.yaml": "table-style: keep\n", "README.md": registry_readme(rows)})
    code, out, err = bep("fix", "--root", str(root))
    assert code in (0, 1), err
    table = [line for line in (root / "README.md").read_text().splitlines() if line.startswith("| 100")]
    assert table == ["| 1000 | A | -  | Draft  |", "| 1001  | B   | - | Draft |"]  # sorted, padding kept
