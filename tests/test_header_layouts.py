"""What a document says, by the layout of its series: header formats and field aliases,
the title from a field, the number in the header, statuses (vocabularies, agreement,
reasons in parentheses, case, the source of truth and what `bep fix` changes), and
sections (optional, per kind, template text allowed to stay).

Each test builds a small repository in the shape of a real one (NEPs, CIPs, SLIPs, bLIPs,
SIPs), with invented proposals. The files keep the `PREFIX-NNNN-slug.md` names that
discovery finds with no `document:` pattern, and the index tables the BEP columns with the
link on the number, so that only the header stage is under test (the registry and series
stages of the layout have their own tests).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest

from bep_hooks.cli import main

# -- NEPs: RFC-822 headers, no H1, the registry is the source of truth ---------------------

NEP_CONFIG = """\
prefix: NEP
layout:
  registry:
    file: README.md
    tables:
      - heading: NEPs
        number: "{number:4}"
        placeholders: null
  series:
    - prefix: NEP
      folder: neps
      template: NEP-0000-template.md
      number-start: 0
      header:
        format: rfc822
        number-field: NEP
        title-field: Title
        aliases: {Authors: [Author], LastUpdated: [Last Updated, Updated]}
        required: [NEP, Title, Authors, Status, Type, Created]
        date-formats: [YYYY-MM-DD, DD-Mon-YYYY]
        version-format: semver
      title: field
      statuses:
        document: [New, Draft, Review, Voting, Approved, Rejected, Final, Deprecated, Living]
        registry: [Final, Living, Deprecated]
        agree: {Final: [Approved], Living: [Approved]}
        source-of-truth: registry
      sections:
        required: [Summary, Motivation, Specification]
        optional: [Reference Implementation, Security Implications, Alternatives, Future possibilities,
                   Consequences, Unresolved Issues, Changelog, Copyright]
        by-kind:
          field: Type
          kinds:
            Protocol: {values: [Protocol, Protocol Track], required: [Reference Implementation]}
        template-text-allowed: {sections: [Changelog, Copyright]}
"""

NEP_TEMPLATE = """\
---
NEP: ?
Title: NEP Template
Authors: Jane Roe <jane@example.org>
Status: New
Type: Protocol
Version: 1.0.0
Created: 2024-01-15
---

<!-- The header of every NEP

Every NEP starts with a header of RFC 822 style lines, in this order.

-->

## Summary

[Say in a few sentences what this proposal changes and for whom.]

## Motivation

[Say why the change is needed and what goes wrong without it.]

## Specification

[Describe the change precisely enough for a second team to build it.]

## Reference Implementation

[Required for Protocol proposals, optional for the other types.]

## Future possibilities

[What could come next.]

## Unresolved Issues (Optional)

[List what is still open.]

## Changelog

> Room for the reviewers' notes on this version.

| # | Concern | Resolution | Status |
| -: | :------ | :--------- | -----: |

## Copyright

Copyright and related rights waived via [CC0](https://creativecommons.org/publicdomain/zero/1.0/).
"""


def nep(number: int, title: str, status: str, *, type: str = "Standards Track", extra: str = "", body: str = "") -> str:
    head = f"---\nNEP: {number}\nTitle: {title}\nAuthors: Ana Ames <ana@acme.example>\nStatus: {status}\nType: {type}\n"
    head += f"Created: 2024-02-02\n{extra}---\n\n"
    sections = "".join(f"## {name}\n\nOur own words on {name.lower()}.\n\n" for name in ("Summary", "Motivation", "Specification"))
    return head + sections + body


def nep_readme(*rows: str) -> str:
    return (
        "# Acme Specifications\n\n## NEPs\n\n| Number | Title | Author | Status |\n| ------ | ----- | ------ | ------ |\n"
        + "".join(row + "\n" for row in rows)
        + "\n## Contributing\n\nOpen a pull request.\n"
    )


def _row(number: int, slug: str, title: str, status: str) -> str:
    return f"| [{number:04d}](neps/NEP-{number:04d}-{slug}.md) | {title} | @someone | {status} |"


def _nep_repo(make_repo, *documents, rows=None, config=NEP_CONFIG, template=NEP_TEMPLATE):
    files = {".bep.yaml": config, "neps/NEP-0000-template.md": template}
    listed = []
    for number, slug, title, status, text in documents:
        files[f"neps/NEP-{number:04d}-{slug}.md"] = text
        listed.append(_row(number, slug, title, status))
    files["README.md"] = nep_readme(*(rows if rows is not None else listed))
    return make_repo(files, template=False)


def _check(bep_json, root):
    code, findings = bep_json("--root", str(root))
    return code, [(f["rule"], f["path"], f["line"], f["column"], f["fixable"]) for f in findings], findings


def test_a_nep_shaped_repository_reports_only_what_its_process_does_not_allow(make_repo, bep_json):
    shard = nep(330, "`shard_id()` host function", "Approved", type="Protocol", body="## Reference Implementation\n\nBehind a flag.\n")
    ledger = nep(12, "Ledger Entry Format", "Final", extra="Version: 2.0.0-rc.1\n").replace(
        "Authors: Ana Ames <ana@acme.example>", "Author: Carol Chu <carol@acme.example>"
    ).replace("Created: 2024-02-02", "Created: 03-Mar-2022\nLast Updated: 2024-05-02\n# DiscussionsTo: https://example.org/12")
    process = nep(1, "Purpose and Process", "Approved", body=(
        "## Changelog\n\n> Room for the reviewers' notes on this version.\n\n### 1.0.0\n\n"
        "| # | Concern | Resolution | Status |\n| -: | :------ | :--------- | -----: |\n\n"
        "## Copyright\n\nCopyright and related rights waived via [CC0](https://creativecommons.org/publicdomain/zero/1.0/).\n"
    ))
    deferred = nep(366, "Deferred Receipts", "Draft", type="Protocol", body="## Copyright\n\nCC0.\n")
    root = _nep_repo(
        make_repo,
        (1, "process", "Purpose and Process", "Living", process),
        (12, "ledger", "Ledger Entry Format", "Final", ledger),
        (330, "shard", "`shard_id()` host function", "Final", shard),
        (366, "deferred", "Deferred Receipts", "Final", deferred),
    )
    code, found, findings = _check(bep_json, root)
    assert code == 1
    assert found == [
        ("status-mismatch", "neps/NEP-0366-deferred.md", 5, 9, True),
        ("section-missing", "neps/NEP-0366-deferred.md", 22, 1, False),
    ], findings
    mismatch, missing = findings
    assert mismatch["message"] == (
        "Status is 'Draft' here but 'Final' in the registry (README.md line 10); the registry is the source of "
        "truth: run `bep fix` to write 'Final' here"
    )
    assert missing["message"] == (
        "section 'Reference Implementation' is missing; add '## Reference Implementation' before '## Copyright' "
        "(line 22) (Type is 'Protocol': that kind of proposal needs 'Reference Implementation') "
        "(see neps/NEP-0000-template.md)"
    )


def test_bep_fix_writes_the_rows_status_into_the_document_and_nothing_else(make_repo, bep, bep_json):
    text = nep(366, "Deferred Receipts", "Draft").replace("\n", "\r\n").replace("Status: Draft", "Status:  Draft   ")
    other = nep(400, "Wallet Bridge", "New")
    root = _nep_repo(
        make_repo,
        (366, "deferred", "Deferred Receipts", "Final", text),
        (400, "bridge", "Wallet Bridge", "Deprecated", other),
    )
    readme = (root / "README.md").read_bytes()
    code, out, _ = bep("fix", "--root", str(root))
    assert code == 1 and out.splitlines()[:2] == ["Fixing neps/NEP-0366-deferred.md", "Fixing neps/NEP-0400-bridge.md"]
    assert (root / "neps/NEP-0366-deferred.md").read_bytes() == text.replace("Draft   ", "Final   ").encode()
    assert (root / "neps/NEP-0400-bridge.md").read_text() == other.replace("Status: New", "Status: Deprecated")
    assert (root / "README.md").read_bytes() == readme  # the registry is the source of truth: left as it is
    assert _check(bep_json, root)[:2] == (0, [])
    assert bep("fix", "--root", str(root))[:2] == (0, "")  # a second run changes nothing


@pytest.mark.parametrize(
    "status_line, advice",
    [
        ("Status: Draft\n  (for now)", "the registry is the source of truth: change this Status to 'Final' by hand"),
        ("Status:\n  Draft", "the registry is the source of truth: change this Status to 'Final' by hand"),
    ],
)
def test_a_status_bep_fix_cannot_rewrite_in_place_is_not_fixable(make_repo, bep, bep_json, status_line, advice):
    text = nep(366, "Deferred Receipts", "Draft").replace("Status: Draft", status_line)
    root = _nep_repo(make_repo, (366, "deferred", "Deferred Receipts", "Final", text))
    _, found, findings = _check(bep_json, root)
    mismatches = [f for f in findings if f["rule"] == "status-mismatch"]
    assert [(f["line"], f["fixable"]) for f in mismatches] == [(5, False)], findings
    assert mismatches[0]["message"].endswith(advice)
    before = (root / "neps/NEP-0366-deferred.md").read_bytes()
    assert bep("fix", "--quiet", "--root", str(root))[0] == 0
    assert (root / "neps/NEP-0366-deferred.md").read_bytes() == before


def test_a_registry_status_that_is_no_document_status_is_not_written_into_the_document(make_repo, bep_json):
    config = NEP_CONFIG.replace("Final, Deprecated, Living]\n        registry", "Final, Living]\n        registry")
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Deprecated", nep(21, "Widgets", "Final")), config=config)
    _, found, findings = _check(bep_json, root)
    findings = [f for f in findings if f["rule"] != "registry-status-unknown"]  # (the registry's vocabulary: REGISTRY's rule)
    assert [(f["rule"], f["line"], f["fixable"]) for f in findings] == [("status-mismatch", 5, False)]
    assert findings[0]["message"].endswith(
        "the registry is the source of truth, but 'Deprecated' is not a document status (New, Draft, Review, "
        "Voting, Approved, Rejected, Final, Living): correct the row, or set this Status by hand"
    )


def test_with_no_source_of_truth_a_mismatch_is_reported_and_never_fixed(make_repo, bep, bep_json):
    config = NEP_CONFIG.replace("source-of-truth: registry", "source-of-truth: none")
    root = _nep_repo(make_repo, (366, "deferred", "Deferred Receipts", "Final", nep(366, "Deferred Receipts", "Draft")), config=config)
    _, found, findings = _check(bep_json, root)
    assert found == [("status-mismatch", "neps/NEP-0366-deferred.md", 5, 9, False)]
    assert findings[0]["message"].endswith(
        "neither side is the source of truth here (`source-of-truth: none`): make the two agree by hand"
    )
    readme, document = (root / "README.md").read_bytes(), (root / "neps/NEP-0366-deferred.md").read_bytes()
    assert bep("fix", "--quiet", "--root", str(root))[0] == 0
    assert (root / "README.md").read_bytes() == readme and (root / "neps/NEP-0366-deferred.md").read_bytes() == document


def test_agree_is_one_way_in_a_repository(make_repo, bep_json):
    # The row says Approved, the document Final: `Final: [Approved]` does not cover that.
    config = NEP_CONFIG.replace("registry: [Final, Living, Deprecated]", "registry: [Final, Living, Deprecated, Approved]")
    root = _nep_repo(make_repo, (300, "events", "Events", "Approved", nep(300, "Events", "Final")), config=config)
    assert [rule for rule, *_ in _check(bep_json, root)[1]] == ["status-mismatch"]


def _agree(make_repo, capsys, severity, ignores=()):
    """`bep check` calls fixable exactly what `bep fix` changes (tests/test_engine.py's
    promise), where the fix writes documents."""
    config = NEP_CONFIG + (f"severity:\n  status-mismatch: {severity}\n" if severity else "")
    if ignores:
        config += 'per-file-ignores:\n  "neps/NEP-0366-*": [status-mismatch]\n'
    root = _nep_repo(
        make_repo,
        (366, "deferred", "Deferred Receipts", "Final", nep(366, "Deferred Receipts", "Draft")),
        (400, "bridge", "Wallet Bridge", "Final", nep(400, "Wallet Bridge", "New").replace("Status: New", "Status: New\n  (pending)")),
        config=config,
    )

    def findings():
        capsys.readouterr()
        main(["check", "--format", "json", "--root", str(root)])
        return json.loads(capsys.readouterr().out or "[]")

    before = findings()
    documents = {path: path.read_bytes() for path in (root / "neps").iterdir()}
    code = main(["fix", "--quiet", "--root", str(root)])
    changed = sorted(str(path.relative_to(root)) for path, data in documents.items() if path.read_bytes() != data)
    assert sorted(f["path"] for f in before if f["fixable"]) == changed
    assert (code == 1) == bool(changed)
    after = findings()
    assert not [f for f in after if f["fixable"]]
    kept = Counter((f["rule"], f["path"]) for f in before if not f["fixable"])
    assert Counter((f["rule"], f["path"]) for f in after) == kept
    return changed


@pytest.mark.parametrize("severity, ignores", list(itertools.product(("", "warning", "off"), (False, True))))
def test_check_and_fix_agree_when_the_fix_writes_documents(make_repo, capsys, severity, ignores):
    changed = _agree(make_repo, capsys, severity, ignores)
    expected = [] if severity == "off" or ignores else ["neps/NEP-0366-deferred.md"]
    assert changed == expected


def test_the_hook_fixes_only_the_documents_it_is_given(make_repo, bep):
    root = _nep_repo(
        make_repo,
        (366, "deferred", "Deferred Receipts", "Final", nep(366, "Deferred Receipts", "Draft")),
        (400, "bridge", "Wallet Bridge", "Final", nep(400, "Wallet Bridge", "New")),
    )
    code, out, _ = bep("check", "--fix", "--root", str(root), str(root / "neps/NEP-0400-bridge.md"))
    assert code == 1 and "Fixing neps/NEP-0400-bridge.md" in out
    assert "Status: Final" in (root / "neps/NEP-0400-bridge.md").read_text()
    assert "Status: Draft" in (root / "neps/NEP-0366-deferred.md").read_text()


def test_header_shapes_a_nep_allows(make_repo, bep_json):
    text = (
        "---\nNEP: 141\nTitle: Widget Token Standard\nAuthor: Dave Dorn <dave@acme.example>, Erin Eck <@erin-eck>, @oyster\n"
        "Status: Final\n# DiscussionsTo: https://example.org/acme/issues/141\nType: Standards Track\n"
        "Created: 03-Mar-2022\nUpdated: 2023-01-01\nVersion: 1.1.0\n---\n\n"
        "## Summary\n\nOne step.\n\n## Motivation\n\nTwo steps were one too many.\n\n## Specification\n\n`send_call`.\n"
    )
    root = _nep_repo(make_repo, (141, "widgets", "Widget Token Standard", "Final", text))
    assert _check(bep_json, root)[:2] == (0, [])


@pytest.mark.parametrize(
    "change, expected",
    [
        (("Created: 2024-02-02", "Created: 2024/02/02"), ("frontmatter-date", 7, 10,
            "Created '2024/02/02' is not a date written YYYY-MM-DD or DD-Mon-YYYY (e.g. 2025-03-04)")),
        (("Created: 2024-02-02", "Created: 30-Feb-2024"), ("frontmatter-date", 7, 10,
            "Created '30-Feb-2024' is not a real date (February 2024 has 29 days)")),
        (("Created: 2024-02-02", "Created: 03-Mxr-2022"), ("frontmatter-date", 7, 10,
            "Created '03-Mxr-2022' is not a date written YYYY-MM-DD or DD-Mon-YYYY (e.g. 2025-03-04)")),
        (("Type: Standards Track", "Type: Standards Track\nVersion: 25.9"), ("frontmatter-version", 7, 10,
            "Version '25.9' is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.0.0); leave it empty until it is known")),
        (("Type: Standards Track", "Type: Standards Track\nVersion: v1.2.0"), ("frontmatter-version", 7, 10,
            "Version 'v1.2.0' is not a semantic version MAJOR.MINOR.PATCH (e.g. 1.0.0) (drop the 'v': 1.2.0); "
            "leave it empty until it is known")),
        (("Authors: Ana Ames <ana@acme.example>\n", ""), ("frontmatter-field-missing", 7, 1,
            "the header has no 'Authors' field; add 'Authors: ...' before the closing '---'")),
        (("NEP: 21", "NEP: 12"), ("proposal-number-mismatch", 2, 6,
            "the header says NEP 12, but the file is NEP-0021; write 'NEP: 21' (or rename the file if the header is right)")),
        (("NEP: 21", "NEP: ?"), ("proposal-number-mismatch", 2, 6,
            "NEP is still the template's placeholder '?', but the file is NEP-0021; write 'NEP: 21'")),
        (("NEP: 21", "NEP: twenty-one"), ("proposal-number-mismatch", 2, 6,
            "NEP 'twenty-one' is not a number, but the file is NEP-0021; write 'NEP: 21'")),
        (("NEP: 21", "NEP:"), ("proposal-number-mismatch", 2, 1,
            "NEP is empty, but the file is NEP-0021; write 'NEP: 21'")),
        (("Title: Widgets\n", ""), ("proposal-title-missing", 7, 1,
            "the proposal has no title: the header has no 'Title' field; write 'Title: <title>' in the header "
            "(the registry calls it 'Widgets')")),
        (("Title: Widgets", "Title: Gadget Registry"), ("proposal-title-mismatch", 3, 1,
            "the title 'Gadget Registry' differs from the registry's 'Widgets' (README.md line 7); make the two agree")),
        (("Title: Widgets", "Title: Widgets for Everyone"), ("proposal-title-mismatch", 3, 1,  # (a field: no longer wording)
            "the title 'Widgets for Everyone' differs from the registry's 'Widgets' (README.md line 7); make the two agree")),
        (("Status: Final", "Status: Finished"), ("status-unknown", 5, 9,
            "unknown status 'Finished'; use one of: New, Draft, Review, Voting, Approved, Rejected, Final, Deprecated, "
            "Living (from the configuration)")),
        (("## Motivation\n\nOur own words on motivation.\n\n", ""), ("section-missing", 14, 1,
            "section 'Motivation' is missing; add '## Motivation' before '## Specification' (line 14) "
            "(see neps/NEP-0000-template.md)")),
        (("Our own words on summary.", "[Say why the change is needed and what goes wrong without it.]"),
            ("proposal-placeholder", 12, 1, "the template's text is still here: '[Say why the change is needed and what "
             "goes wrong without...'; replace it with this proposal's own text, or delete it")),
    ],
)
def test_what_a_nep_header_and_body_must_say(make_repo, bep_json, change, expected):
    text = nep(21, "Widgets", "Final").replace(*change)
    assert text != nep(21, "Widgets", "Final")
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Final", text))
    found = [
        (f["rule"], f["line"], f["column"], f["message"])
        for f in bep_json("--root", str(root))[1]
        if f["rule"] not in ("frontmatter-field-missing", "status-mismatch") or f["rule"] == expected[0]
    ]
    assert found == [expected]


def test_an_unreadable_header_is_one_finding_with_its_place(make_repo, bep_json):
    text = nep(21, "Widgets", "Final").replace("Type: Standards Track", "Type Standards Track")
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Final", text))
    _, found, findings = _check(bep_json, root)
    assert found == [("frontmatter-invalid", "neps/NEP-0021-widgets.md", 6, 1, False)]  # no title-missing besides
    assert findings[0]["message"].startswith("'Type Standards Track' is not a 'Key: Value' line")


def test_a_document_without_a_header_is_told_the_series_format(make_repo, bep_json):
    text = nep(21, "Widgets", "Final")
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Final", text[text.index("## Summary") :]))
    found = [(f["rule"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [(
        "frontmatter-missing",
        "no header: start the file with a '---' line, the fields NEP, Title, Authors, Status, Type, Created, and a "
        "closing '---' line (see neps/NEP-0000-template.md)",
    )]


def test_template_text_may_stay_in_the_sections_the_layout_names(make_repo, bep_json):
    changelog = (
        "## Changelog\n\n> Room for the reviewers' notes on this version.\n\n### 1.0.0 - first\n\n"
        "| # | Concern | Resolution | Status |\n\n"
        "## Copyright\n\nCopyright and related rights waived via [CC0](https://creativecommons.org/publicdomain/zero/1.0/).\n"
    )
    stray = "## Alternatives\n\n> Room for the reviewers' notes on this version.\n\n"
    text = nep(1, "Process", "Final", body=stray + changelog)
    root = _nep_repo(make_repo, (1, "process", "Process", "Final", text))
    found = [(f["rule"], f["line"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [(
        "proposal-placeholder", 24,
        "the template's text is still here: '> Room for the reviewers' notes on this version.'; replace it with this "
        "proposal's own text, or delete it",
    )]
    config = NEP_CONFIG.replace(
        "template-text-allowed: {sections: [Changelog, Copyright]}",
        "template-text-allowed: {sections: [Changelog, Copyright], lines: [\"> Room for the reviewers' notes on this version.\"]}",
    )
    (root / ".bep.yaml").write_text(config)
    assert bep_json("--root", str(root)) == (0, [])


def test_sections_marked_optional_in_the_template_are_never_required(make_repo, bep_json):
    config = NEP_CONFIG.replace("        required: [Summary, Motivation, Specification]\n", "").replace(
        "        optional: [Reference Implementation, Security Implications, Alternatives, Future possibilities,\n"
        "                   Consequences, Unresolved Issues, Changelog, Copyright]\n",
        "",
    )
    body = "## Reference Implementation\n\nYes.\n\n## Future possibilities\n\nMore.\n\n## Changelog\n\nNone.\n\n## Copyright\n\nCC0.\n"
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Final", nep(21, "Widgets", "Final", body=body)), config=config)
    assert bep_json("--root", str(root)) == (0, [])  # no 'Unresolved Issues (Optional)'
    text = nep(21, "Widgets", "Final", body=body.replace("## Future possibilities\n\nMore.\n\n", ""))
    (root / "neps/NEP-0021-widgets.md").write_text(text)
    found = [(f["rule"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [(
        "section-missing",
        "section 'Future possibilities' is missing; add '## Future possibilities' before '## Changelog' (line 26) "
        "(see neps/NEP-0000-template.md)",
    )]


def test_section_order_follows_the_template_with_the_optional_sections(make_repo, bep_json):
    body = "## Copyright\n\nCC0.\n\n## Reference Implementation\n\nYes.\n"
    root = _nep_repo(make_repo, (21, "widgets", "Widgets", "Final", nep(21, "Widgets", "Final", body=body)))
    found = [(f["rule"], f["line"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [("section-order", 26, "section 'Reference Implementation' is out of order; the template puts it after 'Specification'")]


# -- CIPs: YAML lists, a reason in parentheses, the document is the source of truth --------

CIP_CONFIG = """\
prefix: CIP
layout:
  registry:
    file: README.md
    tables:
      - heading: Acme Improvement Proposals (CIP)
        number: "{number:4}"
        placeholders: null
  series:
    - prefix: CIP
      folder: ""
      template: CIP-0000-template.md
      number-start: 1
      header:
        format: yaml
        number-field: CIP
        title-field: Title
        required: [CIP, Title, Category, Status, Authors, Implementors, Discussions, Created, License]
      title: field
      statuses:
        document: [Proposed, Active, Inactive]
        reason: parenthesis
        reason-required: [Inactive]
        registry-cell: base
        source-of-truth: document
      sections:
        required: [Abstract, Specification, Copyright]
        optional: [References]
        template-text-allowed: {sections: [Copyright]}
"""

CIP_TEMPLATE = """\
---
CIP: "?"
Title: "?"
Category: "?"
Status: Proposed
Authors:
    - John Doe <john.doe@email.domain>
Implementors: []
Discussions:
    - Original PR: https://example.org/acme/CIPs/pull/?
Created: YYYY-MM-DD
License: CC-BY-4.0
---

## Abstract
<!-- Write the abstract of the CIP here. -->

## Specification
<!-- Write the specification of the CIP here. -->

## Copyright
This CIP is licensed under CC-BY-4.0, as every CIP is.
"""


def cip(number: int, title: str, status: str) -> str:
    return (
        f"---\nCIP: {number}\nTitle: {title}\nCategory: Wallets\nStatus: {status}\nAuthors:\n    - Ana Abreu <ana@acme.example>\n"
        "Implementors: N/A\nDiscussions:\n    - https://example.org/acme/CIPs/pull/9\nCreated: 2021-03-04\nLicense: CC-BY-4.0\n---\n\n"
        "## Abstract\n\nWhat it does.\n\n## Specification\n\nHow it does it.\n\n"
        "## Copyright\nThis CIP is licensed under CC-BY-4.0, as every CIP is.\n"
    )


def _cip_repo(make_repo, *documents):
    files = {".bep.yaml": CIP_CONFIG, "CIP-0000-template.md": CIP_TEMPLATE}
    rows = []
    for number, slug, title, row_status, text in documents:
        files[f"CIP-{number:04d}-{slug}.md"] = text
        rows.append(f"| [{number:04d}](./CIP-{number:04d}-{slug}.md) | {title} | - | {row_status} |")
    files["README.md"] = (
        "## Acme Improvement Proposals (CIPs)\n\nIntro.\n\n## Acme Improvement Proposals (CIP)\n\n"
        "| Number | Title | Author | Status |\n| ---- | --- | --- | --- |\n" + "".join(row + "\n" for row in rows)
    )
    return make_repo(files, template=False)


def test_a_cip_shaped_repository(make_repo, bep, bep_json):
    root = _cip_repo(
        make_repo,
        (1, "process", "Proposal Process", "Active", cip(1, "Proposal Process", "Active")),
        (3, "rotation", "Stake Key Rotation", "Inactive", cip(3, "Stake Key Rotation", "Inactive (superseded by CIP-0005)")),
        (4, "labels", "Metadata Labels", "Proposed", cip(4, "Metadata Labels", "Active")),
        (6, "links", "Deep Links", "Proposed", cip(6, "Deep Links", '"**Inactive** (withdrawn by its authors)"')),
        (7, "tokens", "Tokens", "Inactive", cip(7, "Tokens", "Inactive")),
    )
    code, found, findings = _check(bep_json, root)
    assert code == 1
    assert found == [
        ("status-mismatch", "CIP-0004-labels.md", 5, 9, True),
        ("status-mismatch", "CIP-0006-links.md", 5, 9, True),
        ("status-reason", "CIP-0007-tokens.md", 5, 9, False),
    ], findings
    assert findings[0]["message"] == (
        "Status is 'Active' here but 'Proposed' in the registry (README.md line 11); the document is the source of "
        "truth: run `bep fix` to update the registry row"
    )
    assert findings[1]["message"].endswith("run `bep fix` to update the registry row to 'Inactive'")
    assert findings[2]["message"] == (
        "the proposal is Inactive but does not say why: write the reason in parentheses after the status "
        "('Status: Inactive (superseded by ...)')"
    )
    code, out, _ = bep("fix", "--quiet", "--root", str(root))
    assert out == "Fixing README.md\n"
    table = (root / "README.md").read_text().splitlines()
    assert table[10:12] == [
        "| [0004](./CIP-0004-labels.md) | Metadata Labels | - | Active |",
        "| [0006](./CIP-0006-links.md) | Deep Links | - | Inactive |",  # the reason stays in the document
    ]
    assert [rule for rule, *_ in _check(bep_json, root)[1]] == ["status-reason"]


def test_without_reasons_in_parentheses_the_reason_is_part_of_the_status(make_repo, bep_json):
    root = _cip_repo(make_repo, (3, "rotation", "Rotation", "Inactive", cip(3, "Rotation", "Inactive (superseded by CIP-0005)")))
    config = CIP_CONFIG.replace("        reason: parenthesis\n", "").replace("        reason-required: [Inactive]\n", "")
    (root / ".bep.yaml").write_text(config)
    assert sorted(rule for rule, *_ in _check(bep_json, root)[1]) == ["status-mismatch", "status-unknown"]


# -- SLIPs and bLIPs: a fenced block of `Key: Value` lines ------------------------------------

SLIP_CONFIG = """\
prefix: SLIP
layout:
  registry:
    file: README.md
    tables: [{heading: Index, number: "{number:4}", placeholders: null}]
  series:
    - prefix: SLIP
      folder: ""
      number-start: 0
      header: {format: fenced, number-field: Number, title-field: Title, required: [Number, Title, Status, Authors]}
      title: h1-or-field
      statuses: {document: [Draft, Accepted, Final, Active]}
      sections: {required: []}
"""


def slip(number: str, status: str = "Final", h1: bool = True) -> str:
    head = "# SLIP-0044 : Registered coin kinds\n\n" if h1 else ""
    return (
        head + f"```\nNumber:  {number}\nTitle:   Registered coin kinds\nType:    Standard\nStatus:  {status}\n"
        "Authors: Ann Arbor <ann@example.org>\n         Ben Bode <ben@example.org>\nCreated: 2014-07-09\n```\n\n"
        "## Abstract\n\nA list of coin kinds.\n"
    )


def _slip_repo(make_repo, text, row_status="Final"):
    readme = (
        "# SLIPs\n\n## Index\n\n| Number | Title | Author | Status |\n| --- | --- | --- | --- |\n"
        f"| [0044](SLIP-0044-coins.md) | Registered coin kinds | Ann | {row_status} |\n"
    )
    return make_repo({".bep.yaml": SLIP_CONFIG, "README.md": readme, "SLIP-0044-coins.md": text}, template=False)


def test_a_slip_header_under_the_h1(make_repo, bep_json):
    root = _slip_repo(make_repo, slip("SLIP-0044"))
    assert bep_json("--root", str(root)) == (0, [])
    (root / "SLIP-0044-coins.md").write_text(slip("SLIP-0045", status="Accepted"))
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [
        ("proposal-number-mismatch", 4, 10, "the header says SLIP 45, but the file is SLIP-0044; write 'Number: 44' "
         "(or rename the file if the header is right)"),
        ("status-mismatch", 7, 10, "Status is 'Accepted' here but 'Final' in the registry (README.md line 7); the "
         "document is the source of truth: run `bep fix` to update the registry row"),
    ]


def test_a_blip_header_first_with_no_h1_takes_its_title_from_the_field(make_repo, bep_json):
    root = _slip_repo(make_repo, slip("SLIP-0044", h1=False))
    assert bep_json("--root", str(root)) == (0, [])
    (root / "SLIP-0044-coins.md").write_text(slip("SLIP-0044", h1=False).replace("Title:   Registered coin kinds\n", ""))
    found = [(f["rule"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [
        ("frontmatter-field-missing", "the header has no 'Title' field; add 'Title: ...' before the header's closing fence"),
        ("proposal-title-missing", "the proposal has no title: the header has no 'Title' field; write 'Title: <title>' "
         "in the header (or a '# <title>' heading) (the registry calls it 'Registered coin kinds')"),
    ]


def test_bep_fix_writes_a_status_inside_a_fenced_header(make_repo, bep):
    root = _slip_repo(make_repo, slip("SLIP-0044", status="Draft"))
    config = SLIP_CONFIG.replace("statuses: {document: [Draft, Accepted, Final, Active]}",
                                 "statuses: {document: [Draft, Accepted, Final, Active], source-of-truth: registry}")
    (root / ".bep.yaml").write_text(config)
    # the document's own text changed: the output says which line, how, and by which rule
    assert bep("fix", "--quiet", "--root", str(root))[:2] == (
        1, "Fixing SLIP-0044-coins.md\n  SLIP-0044-coins.md:7: 'Status:  Draft' -> 'Status:  Final' (status-mismatch)\n"
    )  # fmt: skip
    assert (root / "SLIP-0044-coins.md").read_text() == slip("SLIP-0044", status="Final")


# -- SIPs: a Preamble section, bold keys, statuses in any case ------------------------------

SIP_CONFIG = """\
prefix: SIP
number-width: 3
layout:
  registry:
    file: README.md
    tables: [{heading: SIPs, columns: {number: SIP Number, title: SIP Title, author: Author, status: Status}, placeholders: null}]
  series:
    - prefix: SIP
      folder: sips
      number-start: 0
      header: {format: preamble, number-field: SIP Number, title-field: Title, required: [SIP Number, Title, Status]}
      title: field
      statuses:
        document: [Draft, Accepted, Recommended, Activation-In-Progress, Ratified, Rejected, Withdrawn]
        case: insensitive
      sections: {required: [Abstract]}
"""


def sip(number: str, status: str) -> str:
    return (
        f"# Preamble\n\nSIP Number: {number}\n\n**Title:** Fewer Rounds\n\n**Status**: {status}  \n\n"
        "## Abstract\n\nMining with fewer rounds.\n"
    )


def test_a_sip_preamble_with_bold_keys_and_a_status_in_another_case(make_repo, bep_json):
    readme = "# SIPs\n\n| Number | Title | Author | Status |\n| --- | --- | --- | --- |\n| [030](sips/SIP-030-rounds.md) | Fewer Rounds | Ada | Activation-In-Progress |\n"
    files = {".bep.yaml": SIP_CONFIG.replace("columns: {number: SIP Number, title: SIP Title, author: Author, status: Status}, ", ""),
             "README.md": readme, "sips/SIP-030-rounds.md": sip("`030`", "Activation-in-Progress")}
    root = make_repo(files, template=False)
    assert bep_json("--root", str(root)) == (0, [])
    (root / "sips/SIP-030-rounds.md").write_text(sip("**031**", "Ratifed"))
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert [(rule, line, column) for rule, line, column, _ in found] == [
        ("proposal-number-mismatch", 3, 13),
        ("status-mismatch", 7, 13),
        ("status-unknown", 7, 13),
    ]
    assert found[0][3].startswith("the header says SIP 31, but the file is SIP-030;")
    assert found[2][3].startswith("unknown status 'Ratifed'; use one of: Draft, Accepted,")


def test_a_row_with_a_stray_cell_after_its_status_still_disagrees_but_is_corrected_by_hand(make_repo, bep, bep_json):
    root = _cip_repo(make_repo, (8, "sync", "Wallet Sync", "Proposed", cip(8, "Wallet Sync", "Inactive (superseded by CIP-0009)")))
    readme = (root / "README.md").read_text().replace("| Proposed |", "| Proposed |) |")
    (root / "README.md").write_text(readme)
    _, found, findings = _check(bep_json, root)
    assert found == [
        ("status-mismatch", "CIP-0008-sync.md", 5, 9, False),
        ("registry-malformed", "README.md", 9, 1, False),
    ]
    assert findings[0]["message"] == (
        "Status is 'Inactive (superseded by CIP-0009)' here but 'Proposed' in the registry (README.md line 9); the "
        "document is the source of truth, but the row has 5 cells where the header has 4 (registry-malformed): "
        "correct the row by hand, Status included"
    )
    assert bep("fix", "--quiet", "--root", str(root))[1] == ""
    assert (root / "README.md").read_text() == readme
    shifted = readme.replace("| Wallet Sync | - | Proposed |) |", "| Wallet | Sync | - | Proposed |")
    (root / "README.md").write_text(shifted)  # (a cell too many before the status: nothing is read from it)
    assert [rule for rule, *_ in _check(bep_json, root)[1]] == ["registry-malformed"]


# -- several series: each its own template, statuses and sections ---------------------------

TWO_SERIES = """\
prefix: CIP
layout:
  registry:
    tables:
      - {heading: Proposals (CIP), series: CIP}
      - {heading: Problems (CPS), series: CPS}
  defaults:
    folder: ""
    number-start: 1
    header: {title-field: Title}
    title: field
    statuses: {reason: parenthesis}
  series:
    - prefix: CIP
      template: CIP-0000-template.md
      statuses: {document: [Proposed, Active, Inactive]}
    - prefix: CPS
      template: CPS-0000-template.md
      header: {format: rfc822}
      statuses: {document: [Open, Solved, Inactive], registry: [Open, Solved]}
"""


def test_each_series_has_the_schema_of_its_own_template(make_repo):
    from bep_hooks.config import load_config
    from bep_hooks.parse.proposal import parse_proposal
    from bep_hooks.parse.source import Source
    from bep_hooks.repository import Project
    from bep_hooks.schema import schema_for

    cps_template = (
        "---\nCPS: ?\nTitle: ?\nStatus: Open\nAuthors: Jo Doe\n---\n\n## Problem\n\nWrite the problem the CPS states here.\n\n"
        "## Goals (Optional)\n\nWrite the goals of the CPS here.\n"
    )
    root = make_repo({
        ".bep.yaml": TWO_SERIES,
        "CIP-0000-template.md": CIP_TEMPLATE,
        "CPS-0000-template.md": cps_template,
    }, template=False)
    project = Project(root, load_config(root))
    cip_schema, cps_schema = schema_for(project, "CIP"), schema_for(project, "CPS")
    assert cip_schema is project.template and schema_for(project, None) is cip_schema
    assert (cip_schema.template, cps_schema.template) == ("CIP-0000-template.md", "CPS-0000-template.md")
    assert cip_schema.statuses == ("Proposed", "Active", "Inactive") and cip_schema.row_statuses == cip_schema.statuses
    assert cps_schema.statuses == ("Open", "Solved", "Inactive") and cps_schema.row_statuses == ("Open", "Solved")
    assert cip_schema.sections == ("Abstract", "Specification", "Copyright")
    assert cps_schema.sections == ("Problem",) and cps_schema.optional_sections == {"goals"}
    assert cps_schema.fields == ("CPS", "Title", "Status", "Authors")  # read as RFC-822 lines
    assert cps_schema.placeholder_title == "?"
    # Documents are read with every template's lines; each series' rules keep their own.
    cps_line = "Write the problem the CPS states here."
    assert cps_line in cip_schema.template_lines and cps_line in cps_schema.own_lines
    assert cps_line not in cip_schema.own_lines
    document = parse_proposal(
        Source.from_text("CPS-0002-sync.md", "---\nCPS: 2\nTitle: `sync` is slow\nStatus: Open\n---\n\n## Problem\n\n" + cps_line + "\n"),
        project.config,
        project.template.template_lines,
    )
    assert document.series == "CPS" and document.title.text == "`sync` is slow" and document.title.level == 0
    assert document.template_text == ((9, cps_line),)
    assert schema_for(project, document.series) is cps_schema  # (made once)


def test_an_optional_section_the_template_does_not_place_may_stand_anywhere(make_repo, bep_json):
    text = cip(1, "Process", "Active").replace("## Copyright", "## References\n\nA book.\n\n## Copyright")
    root = _cip_repo(make_repo, (1, "process", "Process", "Active", text))
    assert bep_json("--root", str(root)) == (0, [])
    (root / "CIP-0001-process.md").write_text(text.replace("## Specification\n\nHow it does it.\n\n", ""))
    found = [(f["rule"], f["message"]) for f in bep_json("--root", str(root))[1]]
    assert found == [(  # (placed before the next template section present, never before References)
        "section-missing",
        "section 'Specification' is missing; add '## Specification' before '## Copyright' (line 23) "
        "(see CIP-0000-template.md)",
    )]


NASTY = (
    "",
    "---",
    "---\n---\n",
    "```\n",
    "# Preamble\n",
    "## Preamble\n\n**:** x\n  y\n",
    "| a |\n|---|\n",
    "\ufeff---\r\nStatus:\r\n---\r\n",
    "---\nStatus: [Draft, Final]\n---\n",
    "---\nTitle:\n---\n# \n",
    "# T\n\n~~~\nNumber: SLIP-\nStatus: **\n~~~\n",
)


@pytest.mark.parametrize("format", ["yaml", "rfc822", "fenced", "preamble", "table", "auto"])
def test_broken_documents_in_every_format_give_findings_never_a_crash(make_repo, bep, bep_json, format):
    config = NEP_CONFIG.replace("format: rfc822", f"format: {format}")
    documents = [(n, "odd", f"Odd {n}", "Final", text) for n, text in enumerate(NASTY, start=500)]
    root = _nep_repo(make_repo, *documents, config=config)
    code, findings = bep_json("--root", str(root))
    assert code == 1
    assert not [f for f in findings if "internal error" in f["message"]], findings
    assert {f["path"] for f in findings if f["path"].startswith("neps/")} == {f"neps/NEP-{n:04d}-odd.md" for n, *_ in documents}
    assert bep("fix", "--quiet", "--root", str(root))[0] in (0, 1)  # (the registry is the source of truth)
