"""`bep rules` and `bep rule NAME`: the catalogue, from the rules' own docstrings."""

from __future__ import annotations

import difflib
from typing import List

from ..config import Config
from ..rules.catalogue import RULES, all_rules


class UnknownRule(Exception):
    pass


def _graded(rule, config: Config) -> str:
    configured = config.severity.get(rule.name)
    if configured and configured != rule.severity:
        return f"{rule.severity} (here: {configured})"
    return rule.severity


def rules_table(config: Config) -> str:
    """One line per rule: name, default severity (and the configured one), family, summary."""
    rules = all_rules()
    rows: List[tuple] = [("RULE", "SEVERITY", "FAMILY", "SUMMARY")]
    for rule in rules:
        summary = rule.summary + (" [fixable]" if rule.fixable else "")
        rows.append((rule.name, _graded(rule, config), "/".join(sorted(rule.families)), summary))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip() for row in rows
    )


def rules_markdown() -> str:
    """The rule table of the README (`bep rules --format markdown`): every rule with its
    family, default severity and summary. The README holds this output, so a new rule
    reaches it by running the command, and tests/test_docs.py says when it is stale."""
    lines = ["| rule | family | default | what it finds |", "|---|---|---|---|"]
    for rule in all_rules():
        default = rule.severity + (" (fixable)" if rule.fixable else "")
        lines.append(f"| `{rule.name}` | {'/'.join(sorted(rule.families))} | {default} | {rule.summary} |")
    return "\n".join(lines)


def explain(name: str, config: Config) -> str:
    rule = RULES.get(name)
    if rule is None:
        close = difflib.get_close_matches(name, list(RULES), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise UnknownRule(f"no rule named '{name}'{hint} (`bep rules` lists them)")
    facts = [
        f"severity: {_graded(rule, config)}",
        f"family: {'/'.join(sorted(rule.families))}",
        f"fixable: {'yes, with `bep fix`' if rule.fixable else 'no'}",
    ]
    return f"{rule.name}: {rule.summary}\n{'; '.join(facts)}\n\n{rule.explanation}\n\n{on_a_commit(rule)}"


def on_a_commit(rule) -> str:
    """Which commits a rule's findings hold up (hooks.scope.DEPENDS), in words."""
    from ..rules import TITLE  # lazy: start-up
    from ..rules.title import HOUSEKEEPING  # lazy: start-up
    from ..scope import DEPENDS, DOCUMENTS, REGISTRY_ROW, TEMPLATE  # lazy: start-up

    if TITLE in rule.families:
        return (
            "On a commit: the commit-msg hook (`bep-title`) reads the message as git will keep it "
            "(`-m` keeps '#' lines; an editor's comment lines go). Commit messages follow the rule when the "
            "commit changes proposals (or they start like a proposal title, or `title-required: true`); PR titles "
            "(`bep title TITLE`) always do where the registry is at the repository root. A change to "
            f"{HOUSEKEEPING} or more proposals is housekeeping: its title need not name each one."
        )
    reads = DEPENDS.get(rule.name, frozenset())
    causes = ["the commit changes the file the finding is in"]
    if DOCUMENTS in reads:
        causes.append("it adds, renames or deletes a document the row (or folder) belongs to")
    if REGISTRY_ROW in reads:
        causes.append("it edits or deletes the document's registry row")
    if TEMPLATE in reads:
        causes.append("it changes the template")
    causes.append("it changes .bep.yaml")
    return (
        "On a commit (the pre-commit hooks), a finding of this rule holds the commit up when "
        + ", or ".join(causes)
        + ". Findings the commit neither made nor touched stay out of its way; `bep check` shows them all."
    )
