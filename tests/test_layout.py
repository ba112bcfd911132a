"""The layout model (`layout:` in .bep.yaml): patterns, defaults, validation."""

from pathlib import Path

import pytest

from bep_hooks.config import DEFAULT, ConfigError, parse_config
from bep_hooks.layout import compile_pattern, effective_layout, series_for_path


@pytest.mark.parametrize(
    "pattern, name, expected",
    [
        ("{prefix}-{number:4}-{slug}.md", "BEP-1002-fair_share.md", (1002, "fair_share")),
        ("{prefix}-{number:4}-{slug}.md", "BEP-102-x.md", None),
        ("{prefix}-{number:4}-{slug}.md", "BEP-10020-x.md", None),
        ("{prefix}-{number:4}-{slug}.md", "bep-1002-x.md", None),  # case-sensitive
        ("nep-{number:4}.md", "nep-0001.md", (1, "")),
        ("nep-{number:4}.md", "nep-0001-x.md", None),
        ("{prefix}-{number}{slug?}", "BEP-1012-RBAC", (1012, "RBAC")),
        ("{prefix}-{number}{slug?}", "BEP-7", (7, "")),
        ("{prefix}-{number:4}/README.md", "BEP-0001/README.md", (1, "")),
        ("sip-{number:3}/sip-*.md", "sip-010/sip-anything.md", (10, "")),
        ("sip-{number:3}/sip-*.md", "sip-010/other/sip-x.md", None),
        ("bLIP-{number}.md", "bLIP-12.md", (12, "")),
    ],
)
def test_a_pattern_matches_whole_names_and_reads_the_number(pattern, name, expected):
    assert compile_pattern(pattern, "BEP").match(name) == expected


def test_a_pattern_writes_the_number_at_its_width():
    assert compile_pattern("{prefix}-{number:4}-{slug}.md", "CIP").format(7, "x") == "CIP-0007-x.md"
    assert compile_pattern("blip-{number}.md", "X").format(7) == "blip-7.md"
    assert compile_pattern("{prefix}-{number}{slug?}", "X").format(7) == "X-7"


@pytest.mark.parametrize("bad", ["x-{nmber}.md", "{number}-{number}.md", "{slug.md"])
def test_a_pattern_with_an_unknown_or_repeated_part_is_refused(bad):
    with pytest.raises(ValueError):
        compile_pattern(bad, "X")


def test_without_layout_the_flat_settings_are_the_bep_shape():
    layout = effective_layout(DEFAULT)
    assert not layout.given
    (series,) = layout.series
    assert (series.prefix, series.document, series.number_start) == ("BEP", "{prefix}-{number:4}-{slug}.md", 1000)
    (table,) = layout.registry.tables
    assert table.heading == "BEP Number Registry" and table.columns.number == ("Number",)
    fork = effective_layout(parse_config("prefix: KEP\nnumber-width: 3\nnumber-start: 1\nregistry-heading: KEPs\n"))
    assert fork.series[0].document_pattern().match("KEP-012-x.md") == (12, "x")
    assert fork.registry.tables[0].heading == "KEPs"


def test_series_merge_the_defaults_key_by_key_and_set_the_flat_view():
    config = parse_config(
        """
layout:
  registry:
    tables:
      - {heading: A, series: A}
      - {heading: B, series: B, occurrence: 2, columns: {number: "#", author: null}}
  defaults:
    folder: ""
    number-start: 1
    header: {format: yaml, title-field: Title}
    title: field
  series:
    - {prefix: A, document: "A-{number:4}/README.md", header: {number-field: A}}
    - {prefix: B, document: "B-{number:3}.md"}
"""
    )
    layout = effective_layout(config)
    first, second = layout.series
    assert first.header.title_field == "Title" and first.header.number_field == "A"  # merged, not replaced
    assert second.header.number_field is None and second.folder == ""
    assert first.folder_per_proposal and not second.folder_per_proposal
    assert layout.series_of(layout.registry.tables[1]) is second
    assert layout.registry.tables[1].columns.author is None and layout.registry.tables[1].columns.number == ("#",)
    assert (config.prefix, config.proposals_dir, config.number_start, config.registry_heading) == ("A", "", 1, "A")
    assert series_for_path(layout, "B-012.md") is second and series_for_path(layout, "A-0001/README.md") is first
    assert series_for_path(layout, "README.md") is None


@pytest.mark.parametrize(
    "text, words",
    [
        ("layout: {series: [{prefix: A, document: 'a.md'}]}", ["layout.series[0].document", "{number}"]),
        ("layout: {registry: {tables: [{style: wide}]}}", ["layout.registry.tables[0].style", "compact, aligned, keep"]),
        ("layout: {series: [{colour: red}]}", ["layout.series[0]", "unknown key 'colour'"]),
        ("layout: {series: [{title: field}]}", ["title-field"]),
        ("layout: {series: [{prefix: A}, {prefix: A}]}", ["own prefix"]),
        ("layout: {registry: {tables: [{series: Z}]}}", ["'Z'", "not the prefix of a series"]),
        ("proposals-dir: x\nlayout: {series: [{folder: y}]}", ["'proposals-dir'", "layout.series[...].folder"]),
        ("registry-heading: x\nlayout: {registry: {tables: [{heading: y}]}}", ["'registry-heading'"]),
    ],
)
def test_a_wrong_layout_is_a_configuration_error_naming_the_key(text, words):
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    "example, fixture",
    [("near-NEPs.bep.yaml", "neps"), ("cardano-foundation-CIPs.bep.yaml", "cips")],
)
def test_the_real_repositories_configurations_are_the_fixtures_but_for_headings_and_urls(example, fixture):
    """examples/layouts/ holds the configurations tried on the real repositories; the
    fixtures that test them hold the same layout over invented text, so everything but the
    table headings and link-base URLs is tested there."""
    root = Path(__file__).resolve().parent.parent
    real = effective_layout(parse_config((root / "examples/layouts" / example).read_text()))
    written = effective_layout(parse_config((root / "fixtures" / fixture / ".bep.yaml").read_text()))
    assert real.series == written.series
    for mine, theirs in zip(real.registry.tables, written.registry.tables, strict=True):
        assert mine._replace(heading=None, link_base=()) == theirs._replace(heading=None, link_base=())
    assert parse_config((root / "examples/layouts" / example).read_text()).severity == parse_config(
        (root / "fixtures" / fixture / ".bep.yaml").read_text()
    ).severity
