"""The proposal model (one parse per document) and the schema the template gives."""

from __future__ import annotations

import pytest

from bep_hooks.parse import proposal as proposal_module
from bep_hooks.config import DEFAULT_STATUSES, Config, parse_config
from bep_hooks.parse.proposal import parse_proposal, section_key, title_key
from bep_hooks.repository import Project
from bep_hooks.parse.source import Source

from .conftest import registry_readme

NEW_TEMPLATE = """---
# Status: Draft | Accepted | Implemented | Rejected | Superseded
Author: Your Full Name (email@example.com)
Status: Draft
Created: 2025-01-01
Created-Version:
Target-Version:
Implemented-Version:
---

# Title

## Related Issues

## Motivation

## Migration / Compatibility

## References
"""


def parse(text: str, path: str = "proposals/BEP-1042-GraphQL_federation.md", config: Config = Config()):
    return parse_proposal(Source.from_text(path, text), config)


def test_number_and_slug_come_from_the_file_name():
    document = parse("# T\n")
    assert (document.number, document.slug) == (1042, "GraphQL_federation")
    assert parse("# T\n", "proposals/notes.md").number is None


def test_headings_skip_front_matter_code_fences_and_html_comments():
    text = (
        "---\n"  # 1
        "# Status: Draft | Accepted\n"  # 2: a YAML comment, not an H1
        "Author: A\n"  # 3
        "Created: 2025-01-01\n"  # 4: with the closing line below, a setext heading if not blanked
        "---\n"  # 5
        "\n"  # 6
        "# BEP-1042: GraphQL Federation\n"  # 7
        "\n"  # 8
        "<!--\n"  # 9
        "## Hidden\n"  # 10
        "-->\n"  # 11
        "\n"  # 12
        "## 1. Motivation\n"  # 13
        "\n"  # 14
        "```python\n"  # 15
        "# not a heading\n"  # 16
        "## nor this\n"  # 17
        "```\n"  # 18
        "\n"  # 19
        "### 1.1 Detail\n"  # 20
        "\n"  # 21
        "Proposed Design\n"  # 22
        "---------------\n"  # 23: a setext H2 is a section too
    )
    document = parse(text)
    assert (document.title.text, document.title.line) == ("BEP-1042: GraphQL Federation", 7)
    assert [(h.text, h.line) for h in document.sections] == [("1. Motivation", 13), ("Proposed Design", 22)]
    assert document.body_line == 6 and document.last_line == 23
    assert document.field("author").value == "A" and document.status is None


def test_no_front_matter_and_unclosed_front_matter():
    bare = parse("# Title here\n\n## Motivation\n")
    assert bare.front_matter is None and bare.body_line == 1 and bare.title.line == 1
    unclosed = parse("---\nAuthor: A\nStatus: Draft\n\n# Title here\n\n## Motivation\n")
    assert unclosed.front_matter.error is not None and unclosed.fields == {}
    assert unclosed.title.text == "Title here" and [h.text for h in unclosed.sections] == ["Motivation"]


def test_empty_and_odd_documents_parse_without_error():
    assert parse("").title is None and parse("").last_line == 1
    assert parse("---\n---\n").fields == {}
    assert parse("\ufeff---\nStatus: Draft\n---\n# T\n").status == "Draft"


@pytest.mark.parametrize(
    "heading, key",
    [
        ("Motivation", "motivation"),
        ("1. Motivation", "motivation"),
        ("1) motivation", "motivation"),
        ("2.1 MOTIVATION:", "motivation"),
        ("**Migration / Compatibility**", "migration compatibility"),
        ("Migration/Compatibility", "migration compatibility"),
        ("A. Impacts to Users or Developers", "impacts to users or developers"),
        ("`References`", "references"),
        ("2FA Support", "2fa support"),
    ],
)
def test_section_key_tolerates_case_numbering_and_punctuation(heading, key):
    assert section_key(heading) == key


def test_title_key_drops_the_number_prefix():
    assert title_key("BEP-1010: Model Serving", "BEP") == title_key("model serving", "BEP") == "model serving"
    assert title_key("BEP 1010 - Model Serving", "BEP") == "model serving"


def project(make_repo, files, config: Config = Config()) -> Project:
    return Project(make_repo(files), config)


def test_schema_from_the_newer_template(make_repo):
    schema = project(make_repo, {"proposals/BEP-0000-template.md": NEW_TEMPLATE}).template
    assert schema.fields == ("Author", "Status", "Created", "Created-Version", "Target-Version", "Implemented-Version")
    assert schema.blank_fields == {"created-version", "target-version", "implemented-version"}
    assert schema.statuses == ("Draft", "Accepted", "Implemented", "Rejected", "Superseded")
    assert schema.sections == ("Related Issues", "Motivation", "Migration / Compatibility", "References")
    assert schema.status_requirements == {"Accepted": ("Target-Version",), "Implemented": ("Implemented-Version",)}
    assert (schema.placeholder_title, schema.placeholder_author) == ("Title", "Your Full Name")
    assert schema.placeholder_emails == ("email@example.com",)
    assert schema.template == "proposals/BEP-0000-template.md"


def test_schema_from_the_older_template_has_no_status_requirements(make_repo):
    schema = project(make_repo, {}).template  # conftest's older template: no version fields, no comment
    assert schema.fields == ("Author", "Status", "Created") and schema.blank_fields == frozenset()
    assert schema.status_requirements == {}
    assert schema.sections[0] == "Motivation" and schema.sections[-1] == "References"


def test_statuses_from_an_inline_comment_on_the_status_line(make_repo):
    template = NEW_TEMPLATE.replace("# Status: Draft | Accepted | Implemented | Rejected | Superseded\n", "").replace(
        "Status: Draft\n", "Status: Draft  # Draft | Final | Withdrawn\n"
    )
    schema = project(make_repo, {"proposals/BEP-0000-template.md": template}).template
    assert schema.statuses == ("Draft", "Final", "Withdrawn")
    assert "BEP-0000-template.md" in schema.statuses_from


def test_statuses_fall_back_to_the_readme_status_table_then_the_defaults(make_repo):
    table = "## Status Lifecycle\n\n| Status | Description |\n|---|---|\n| **Draft** | new |\n| Accepted | ok |\n| `Final` | done |\n\n"
    schema = project(make_repo, {"README.md": registry_readme("", before=table)}).template
    assert schema.statuses == ("Draft", "Accepted", "Final")
    other = "| Name | Status |\n|---|---|\n| Draft | x |\n\n"  # first header cell is not Status
    schema = project(make_repo, {"README.md": registry_readme("", before=other)}).template
    assert schema.statuses == DEFAULT_STATUSES and schema.statuses_from == "the defaults"


def test_configuration_overrides_every_part_of_the_schema(make_repo):
    config = parse_config(
        "statuses: [Draft, Final]\n"
        "required-fields: [Author, Status, Discussion]\n"
        "required-sections: [Abstract, Motivation]\n"
        "section-aliases: {Motivation: [Background, Why]}\n"
        "status-requirements: {Final: [Discussion]}\n"
    )
    schema = project(make_repo, {"proposals/BEP-0000-template.md": NEW_TEMPLATE}, config).template
    assert schema.statuses == ("Draft", "Final") and schema.statuses_from == "the configuration"
    assert schema.fields == ("Author", "Status", "Discussion") and schema.blank_fields == frozenset()
    assert schema.sections == ("Abstract", "Motivation")
    assert schema.section_keys("Motivation") == {"motivation", "background", "why"}
    assert schema.status_requirements == {"Final": ("Discussion",)}


def test_without_a_template_the_defaults_apply(make_repo):
    root = make_repo({"README.md": registry_readme(""), "proposals/BEP-1001-a.md": "# A\n"}, template=False)
    schema = Project(root, Config()).template
    assert schema.fields == ("Author", "Status", "Created") and schema.sections == ()
    assert schema.placeholder_title is None and schema.template is None


def test_the_template_is_parsed_once_and_documents_once(make_repo, monkeypatch):
    calls = []
    real = proposal_module.parse_proposal

    def counting(source, *args):
        calls.append(source.path)
        return real(source, *args)

    monkeypatch.setattr(proposal_module, "parse_proposal", counting)
    repo = project(make_repo, {"proposals/BEP-1001-a.md": "# A\n"})
    assert repo.template is repo.template
    assert repo.proposal("proposals/BEP-1001-a.md") is repo.proposal("proposals/BEP-1001-a.md")
    assert calls == ["proposals/BEP-0000-template.md", "proposals/BEP-1001-a.md"]
