"""Each section-* rule (hooks/rules/section.py) fires on the shape it is about, against the
template's outline or another the repository names."""

from __future__ import annotations

from .proposal_shapes import SECTIONS, doc, repo, found, check, wordy_repo
from .test_header_layouts import NEP_CONFIG, TWO_SERIES, _row, nep, nep_readme
from .test_proposal import NEW_TEMPLATE


def test_section_missing_groups_by_insertion_point(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc(
        "Accelerator Metadata",
        sections=("2. motivation:", "Extra Section"),
        body="```\n## Related Issues\n```\n\n<!--\n## References\n-->\n\n",
    )
    _, findings = check(bep_json, repo(make_repo, **{path: text}))
    missing = [(f["line"], f["message"]) for f in findings if f["rule"] == "section-missing"]
    lines = text.splitlines()
    assert missing == [
        (
            lines.index("## 2. motivation:") + 1,
            "section 'Related Issues' is missing; add '## Related Issues' before '## 2. motivation:' "
            f"(line {lines.index('## 2. motivation:') + 1}) (see proposals/BEP-0000-template.md)",
        ),
        (
            len(lines),
            "sections 'Migration / Compatibility', 'References' are missing; add '## Migration / Compatibility', "
            "'## References' at the end (see proposals/BEP-0000-template.md)",
        ),
    ]


def test_section_aliases_and_required_sections_from_configuration(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("Accelerator Metadata", sections=("Background", "References"))
    config = "required-sections: [Motivation, References]\nsection-aliases:\n  Motivation: [Background]\n"
    _, findings = check(bep_json, repo(make_repo, **{path: text, ".bep.yaml": config}))
    assert found(findings, rule="section-missing") == []
    _, findings = check(bep_json, repo(make_repo, **{path: text, ".bep.yaml": "required-sections: [Motivation]\n"}))
    assert found(findings, path, "section-missing") == [("section-missing", len(text.splitlines()))]


def test_section_order_is_a_warning_on_the_moved_section(make_repo, bep_json):
    path = "proposals/BEP-1000-accelerator-metadata.md"
    text = doc("Accelerator Metadata", sections=("References", "Related Issues", "Motivation", "Migration / Compatibility"))
    code, findings = check(bep_json, repo(make_repo, **{path: text}))
    order = [f for f in findings if f["rule"] == "section-order"]
    assert [(f["line"], f["severity"]) for f in order] == [(text.splitlines().index("## References") + 1, "warning")]
    assert order[0]["message"] == "section 'References' is out of order; the template puts it after 'Migration / Compatibility'"
    assert code == 0


def test_sections_the_template_calls_examples_are_missing_as_a_warning_in_any_order(make_repo, bep_json):
    body = "## Motivation\n\nText.\n\n## Related Issues\n\nText.\n"
    code, findings = check(bep_json, wordy_repo(make_repo, body))
    missing = [f for f in findings if f["rule"] == "section-missing"]
    assert [(f["severity"], f["line"]) for f in missing] == [("warning", 16)]  # References, at the end
    assert missing[0]["message"].endswith("(the template calls its sections examples: add them where they fit)")
    assert found(findings, rule="section-order") == [] and code == 0


IMPLEMENTATION = ("Goal", "Current Design & Scope by Area", "Implementation Design", "Decision Summary", "Open Questions", "References")


OUTLINES_YAML = "outlines:\n  implementation:\n" + "".join(f"    - {name}\n" for name in IMPLEMENTATION)


def _numbered(sections):
    return tuple(f"{number}. {name}" for number, name in enumerate(sections, 1))


def test_a_document_may_follow_another_outline_the_repository_names(make_repo, bep_json):
    files = {
        ".bep.yaml": OUTLINES_YAML,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=_numbered(IMPLEMENTATION)),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", status="Accepted"),  # the template's
    }
    root = repo(make_repo, **files)
    _, findings = check(bep_json, root)
    assert not [f for f in findings if f["rule"].startswith("section")]

    (root / ".bep.yaml").unlink()  # without the setting, the template's outline is the only one
    _, findings = check(bep_json, root)
    [missing] = [f for f in findings if f["rule"] == "section-missing"]
    assert missing["path"] == "proposals/BEP-1000-accelerator-metadata.md"


def test_section_findings_say_which_outline_the_document_was_held_to(make_repo, bep_json):
    partial = [s for s in IMPLEMENTATION if s != "Decision Summary"]
    files = {
        ".bep.yaml": OUTLINES_YAML,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=partial),
        "proposals/BEP-1001-app-injection.md": doc("App Injection", status="Accepted", sections=SECTIONS[:-1]),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    missing = {f["path"]: f["message"] for f in findings if f["rule"] == "section-missing"}
    assert missing["proposals/BEP-1000-accelerator-metadata.md"] == (
        "section 'Decision Summary' is missing; add '## Decision Summary' before '## Open Questions' (line 24) "
        "(held to the outline 'implementation' in .bep.yaml, the closest of those this repository allows: "
        "'template', 'implementation')"
    )
    assert missing["proposals/BEP-1001-app-injection.md"].startswith("section 'References' is missing; add")
    assert "held to the outline 'template' in proposals/BEP-0000-template.md" in missing["proposals/BEP-1001-app-injection.md"]


def test_section_order_is_judged_against_the_matching_outline(make_repo, bep_json):
    swapped = ("Goal", "Implementation Design", "Current Design & Scope by Area", "Decision Summary", "Open Questions", "References")
    files = {".bep.yaml": OUTLINES_YAML, "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=swapped)}
    _, findings = check(bep_json, repo(make_repo, **files))
    assert not [f for f in findings if f["rule"] == "section-missing"]
    [order] = [f for f in findings if f["rule"] == "section-order"]
    assert order["message"] == (
        "section 'Current Design & Scope by Area' is out of order; the outline 'implementation' (.bep.yaml) puts it "
        "after 'Goal'"
    )


def test_an_outline_can_be_a_markdown_file(make_repo, bep_json):
    outline = "# Implementation proposals\n\n" + "".join(f"## {name}\n\nWhat goes here.\n\n" for name in IMPLEMENTATION)
    files = {
        ".bep.yaml": "outlines:\n  implementation: proposals/guide/implementation.md\n",
        "proposals/guide/implementation.md": outline,
        "proposals/BEP-1000-accelerator-metadata.md": doc("Accelerator Metadata", sections=IMPLEMENTATION[:-1]),
    }
    _, findings = check(bep_json, repo(make_repo, **files))
    [missing] = [f for f in findings if f["rule"] == "section-missing"]
    assert "section 'References' is missing" in missing["message"]
    assert "held to the outline 'implementation' in proposals/guide/implementation.md" in missing["message"]


A, B, C, D = "Related Issues", "Motivation", "Migration / Compatibility", "References"


def section_findings(make_repo, bep_json, *orders):
    files = {}
    for number, sections in zip((1000, 1001, 1002, 1003), orders):
        files[f"proposals/BEP-{number}-x.md"] = doc("X", sections=sections)
    _, findings = check(bep_json, repo(make_repo, **files))
    return [
        (f["path"][len("proposals/BEP-") : len("proposals/BEP-1000")], f["line"], f["column"], f["rule"], f["message"])
        for f in findings
        if f["rule"].startswith("section-") and f["path"] in files
    ]


def test_an_out_of_order_section_belongs_after_the_nearest_earlier_one_present(make_repo, bep_json):
    found = section_findings(
        make_repo,
        bep_json,
        (D, A, B),  # References first: after Motivation (Migration is missing)
        (B, C, D, A),  # Related Issues last: before the others
        (D, A, C),  # References first: after Migration
    )
    hint = " (see proposals/BEP-0000-template.md)"
    assert found == [
        # (a missing section goes before the next template section the document has, wherever that is)
        ("1000", 12, 1, "section-missing", f"section 'Migration / Compatibility' is missing; add '## Migration / Compatibility' before '## References' (line 12){hint}"),
        ("1000", 12, 1, "section-order", "section 'References' is out of order; the template puts it after 'Motivation'"),
        ("1001", 24, 1, "section-order", "section 'Related Issues' is out of order; the template puts it before the other sections"),
        ("1002", 12, 1, "section-order", "section 'References' is out of order; the template puts it after 'Migration / Compatibility'"),
        ("1002", 20, 1, "section-missing", f"section 'Motivation' is missing; add '## Motivation' before '## Migration / Compatibility' (line 20){hint}"),
    ]  # fmt: skip


def test_a_misnamed_document_is_held_to_the_sections_too(make_repo, bep_json):
    files = {"proposals/BEP1010 x.md": doc("X", sections=(D, A, B))}
    _, findings = check(bep_json, repo(make_repo, **files))
    assert [(f["rule"], f["line"]) for f in findings if f["path"] == "proposals/BEP1010 x.md" and f["rule"].startswith("section-")] == [
        ("section-missing", 12),
        ("section-order", 12),
    ]


# Choosing among several outlines (`outlines:` in .bep.yaml): the fewest sections missing
# wins, then the fewest out of order, then the template on a tie. Template sections
# (NEW_TEMPLATE): A Related Issues, B Motivation, C Migration / Compatibility, D References.


def _outline_yaml(**outlines):
    return "outlines:\n" + "".join(
        f"  {name}:\n" + "".join(f"    - {section}\n" for section in sections) for name, sections in outlines.items()
    )


def _section_findings_with(make_repo, bep_json, config, documents):
    files = {".bep.yaml": config} if isinstance(config, str) else dict(config)
    for number, sections in documents.items():
        files[f"proposals/BEP-{number}-x.md"] = doc("X", sections=sections)
    _, findings = check(bep_json, repo(make_repo, **files))
    return [
        (f["path"], f["line"], f["column"], f["rule"], f["severity"], f["message"])
        for f in findings
        if f["rule"].startswith("section-") and f["path"].endswith("-x.md")
    ]


def test_an_outline_with_none_missing_beats_the_template_with_one_missing(make_repo, bep_json):
    # 1000 lacks only References of the template, and follows 'decided' completely: it is held
    # to 'decided' (nothing to report), not to the template it almost follows.
    config = _outline_yaml(decided=(A, B, C, "Decision Summary"))
    findings = _section_findings_with(
        make_repo, bep_json, config, {1000: (A, B, C, "Decision Summary"), 1001: (A, B, C)}
    )
    # 1001 lacks References of the template and Decision Summary of 'decided': a tie on
    # everything but rank, so the template's outline holds it.
    assert findings == [
        (
            "proposals/BEP-1001-x.md",
            23,  # the last line: 'at the end'
            1,
            "section-missing",
            "error",
            "section 'References' is missing; add '## References' at the end (held to the outline 'template' in "
            "proposals/BEP-0000-template.md, the closest of those this repository allows: 'template', 'decided')",
        )
    ]


def test_an_outline_the_document_follows_in_order_beats_the_template_out_of_order(make_repo, bep_json):
    # 1000 has the template's four sections with Motivation first: out of order for the
    # template, in order for 'motivated', so nothing is reported. 1002 lacks Migration and
    # is out of order for the template only: held to 'motivated', one finding.
    config = _outline_yaml(motivated=(B, A, C, D))
    findings = _section_findings_with(make_repo, bep_json, config, {1000: (B, A, C, D), 1002: (B, A, D)})
    assert findings == [
        (
            "proposals/BEP-1002-x.md",
            20,
            1,
            "section-missing",
            "error",
            "section 'Migration / Compatibility' is missing; add '## Migration / Compatibility' before "
            "'## References' (line 20) (held to the outline 'motivated' in .bep.yaml, the closest of those "
            "this repository allows: 'template', 'motivated')",
        )
    ]


def test_on_a_tie_in_missing_and_order_the_template_holds_the_document(make_repo, bep_json):
    config = _outline_yaml(motivated=(B, A, C, D))
    findings = _section_findings_with(make_repo, bep_json, config, {1000: (C, D)})
    hint = (
        "(held to the outline 'template' in proposals/BEP-0000-template.md, the closest of those this "
        "repository allows: 'template', 'motivated')"
    )
    assert findings == [
        (
            "proposals/BEP-1000-x.md",
            12,
            1,
            "section-missing",
            "error",
            f"sections 'Related Issues', 'Motivation' are missing; add '## Related Issues', '## Motivation' "
            f"before '## Migration / Compatibility' (line 12) {hint}",
        )
    ]


def test_a_later_outline_is_chosen_over_an_earlier_worse_one(make_repo, bep_json):
    # three outlines: the document lacks two of the template's, one of 'short', none of 'exact'
    config = _outline_yaml(short=(A, "Goal", "Plan"), exact=(A, "Goal", "Plan", "Risks"))
    findings = _section_findings_with(make_repo, bep_json, config, {1000: (A, "Goal", "Plan", "Risks"), 1001: ("Goal", A, "Plan")})
    # 1001: 'short' lacks nothing but has Related Issues after Goal; 'exact' lacks Risks;
    # the template lacks three: held to 'short', one section out of order (of the two
    # equally short fixes, the rule moves the earlier section).
    assert findings == [
        (
            "proposals/BEP-1001-x.md",
            16,
            1,
            "section-order",
            "warning",
            "section 'Related Issues' is out of order; the outline 'short' (.bep.yaml) puts it before the other sections",
        )
    ]



def test_a_template_without_sections_leaves_the_configured_outlines_to_apply(make_repo, bep_json):
    # The template's outline is empty: every document would follow it completely, so it is
    # no choice; a document is held to the outline `.bep.yaml` names.
    template = NEW_TEMPLATE[: NEW_TEMPLATE.index("## ")]
    files = {".bep.yaml": _outline_yaml(decided=(A, B, "Decision Summary")), "proposals/BEP-0000-template.md": template}
    documents = {1000: (A, B, "Decision Summary"), 1001: (A, "Decision Summary"), 1002: (B, "Decision Summary", A)}
    assert _section_findings_with(make_repo, bep_json, files, documents) == [
        (
            "proposals/BEP-1001-x.md",
            16,
            1,
            "section-missing",
            "error",
            "section 'Motivation' is missing; add '## Motivation' before '## Decision Summary' (line 16) (held to "
            "the outline 'decided' in .bep.yaml, the closest of those this repository allows: 'decided')",
        ),
        (
            "proposals/BEP-1002-x.md",
            20,
            1,
            "section-order",
            "warning",
            "section 'Related Issues' is out of order; the outline 'decided' (.bep.yaml) puts it before the other sections",
        ),
    ]


def test_a_section_the_template_marks_optional_is_required_by_an_outline_that_names_it(make_repo, bep_json):
    optional = NEW_TEMPLATE.replace("## References", "## Unresolved Issues (Optional)\n\n## References")
    files = {
        ".bep.yaml": _outline_yaml(decided=(A, "Unresolved Issues", "Decision Summary")),
        "proposals/BEP-0000-template.md": optional,
    }
    documents = {
        1000: (A, B, C, D),  # the template's, without its optional section
        1001: (A, "Decision Summary"),  # 'decided', without a section it requires
        1002: (A, B, C, D, "Unresolved Issues"),  # the optional section counts for the order
    }
    assert _section_findings_with(make_repo, bep_json, files, documents) == [
        (
            "proposals/BEP-1001-x.md",
            16,
            1,
            "section-missing",
            "error",
            "section 'Unresolved Issues' is missing; add '## Unresolved Issues' before '## Decision Summary' (line 16) "
            "(held to the outline 'decided' in .bep.yaml, the closest of those this repository allows: 'template', "
            "'decided')",
        ),
        (
            "proposals/BEP-1002-x.md",
            28,
            1,
            "section-order",
            "warning",
            "section 'Unresolved Issues' is out of order; the outline 'template' (proposals/BEP-0000-template.md) puts it "
            "after 'Migration / Compatibility'",
        ),
    ]


# Two series (a layout), each with its own template: the CIP template calls its sections examples.
TWO_SERIES_FILES = {
    ".bep.yaml": TWO_SERIES,
    "README.md": "# Specifications\n\n## Proposals (CIP)\n\n| Number | Title | Status |\n| --- | --- | --- |\n\n"
    "## Problems (CPS)\n\n| Number | Title | Status |\n| --- | --- | --- |\n",
    "CIP-0000-template.md": "---\nCIP: ?\nTitle: ?\nStatus: Proposed\n---\n\n"
    "The below sections are just examples. Feel free to reorganize them.\n\n## Abstract\n\n## Specification\n\n## Rationale\n",
    "CPS-0000-template.md": "---\nCPS: ?\nTitle: ?\nStatus: Open\n---\n\n## Problem\n\n## Goals\n",
}


def test_each_series_is_held_to_its_own_template(make_repo, bep_json):
    files = dict(
        TWO_SERIES_FILES,
        **{
            # out of order, but its template calls its sections examples: no section-order
            "CIP-0001-x.md": "---\nCIP: 1\nTitle: X\nStatus: Proposed\n---\n\n## Rationale\n\nR.\n\n## Abstract\n\nA.\n",
            "CPS-0002-y.md": "---\nCPS: 2\nTitle: Y\nStatus: Open\n---\n\n## Goals\n\nG.\n\n## Problem\n\nP.\n",
            "CPS-0003-z.md": "---\nCPS: 3\nTitle: Z\nStatus: Open\n---\n\n## Goals\n\nG.\n",
        },
    )
    _, findings = check(bep_json, make_repo(files, template=False))
    assert [(f["path"], f["line"], f["rule"], f["severity"], f["message"]) for f in findings if f["rule"].startswith("section-")] == [
        ("CIP-0001-x.md", 7, "section-missing", "warning", "section 'Specification' is missing; add '## Specification' before '## Rationale' (line 7) (see CIP-0000-template.md) (the template calls its sections examples: add them where they fit)"),
        ("CPS-0002-y.md", 11, "section-order", "warning", "section 'Problem' is out of order; the template puts it before the other sections"),
        ("CPS-0003-z.md", 7, "section-missing", "error", "section 'Problem' is missing; add '## Problem' before '## Goals' (line 7) (see CPS-0000-template.md)"),
    ]  # fmt: skip


def test_a_template_without_sections_and_no_outlines_requires_no_sections(make_repo, bep_json):
    template = NEW_TEMPLATE[: NEW_TEMPLATE.index("## ")]
    files = {"proposals/BEP-0000-template.md": template, "proposals/BEP-1000-x.md": doc("X", sections=(D, A))}
    _, findings = check(bep_json, repo(make_repo, **files))
    assert [f for f in findings if f["rule"].startswith("section-")] == []  # (on any file: no internal error)


def test_the_outline_of_a_layout_without_a_template_names_no_file(make_repo, bep_json):
    # No template: the template's outline is the sections the kinds require (`sections.by-kind`
    # in .bep.yaml), written down in no file of its own.
    config = NEP_CONFIG.replace("        required: [Summary, Motivation, Specification]\n", "").replace(
        "required: [Reference Implementation]", "required: [Reference Implementation, Security Implications]"
    )
    config += "outlines:\n  decided: [Summary, Decision]\n"
    reference, security = "## Reference Implementation\n\nR.\n\n", "## Security Implications\n\nS.\n\n"
    files = {
        ".bep.yaml": config,
        "neps/NEP-0330-shards.md": nep(330, "Shards", "Final", type="Protocol", body=reference),
        "neps/NEP-0331-tiles.md": nep(331, "Tiles", "Final", type="Protocol", body=security + reference),
        "README.md": nep_readme(_row(330, "shards", "Shards", "Final"), _row(331, "tiles", "Tiles", "Final")),
    }
    _, findings = bep_json("--root", str(make_repo(files, template=False)))
    hint = "(held to the outline 'template', the closest of those this repository allows: 'template', 'decided')"
    assert [(f["path"], f["line"], f["rule"], f["message"]) for f in findings] == [
        (
            "neps/NEP-0330-shards.md",
            25,
            "section-missing",
            "section 'Security Implications' is missing; add '## Security Implications' at the end (Type is "
            f"'Protocol': that kind of proposal needs 'Security Implications') {hint}",
        ),
        (
            "neps/NEP-0331-tiles.md",
            26,
            "section-order",
            "section 'Reference Implementation' is out of order; the outline 'template' puts it before the other sections",
        ),
    ]
    # the template's outline alone: no outline to name, no file to point to
    files[".bep.yaml"] = config[: config.index("outlines:")]
    _, findings = bep_json("--root", str(make_repo(files, template=False)))
    assert [f["message"] for f in findings if f["rule"] == "section-missing"] == [
        "section 'Security Implications' is missing; add '## Security Implications' at the end (Type is 'Protocol': "
        "that kind of proposal needs 'Security Implications')"
    ]
