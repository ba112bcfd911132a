"""The rules: the names of every rule, and the families they belong to.

This module imports nothing, so that reading a `.bep.yaml` can check the rule names it
gives (`severity:`, `per-file-ignores:`) without loading any rule. `base.py` says what a
rule is; `catalogue.py` lists the rule modules (a test holds `NAMES` equal to the names
the modules declare).
"""

REGISTRY, PROPOSALS, TITLE = "registry", "proposals", "title"  # the families (`--only`)

NAMES = (
    "file-unreadable",
    "frontmatter-date",
    "frontmatter-field-missing",
    "frontmatter-invalid",
    "frontmatter-missing",
    "frontmatter-version",
    "layout-empty",
    "proposal-conflict",
    "proposal-duplicate",
    "proposal-filename",
    "proposal-placeholder",
    "proposal-title-mismatch",
    "proposal-title-missing",
    "proposal-unreserved",
    "registry-backfill",
    "registry-duplicate",
    "registry-format",
    "registry-link-broken",
    "registry-link-mismatch",
    "registry-malformed",
    "registry-missing",
    "registry-number-invalid",
    "registry-removed",
    "registry-reuse",
    "registry-status-unknown",
    "registry-unsorted",
    "section-missing",
    "section-order",
    "status-mismatch",
    "status-reason",
    "status-requirement",
    "status-transition",
    "status-unknown",
    "supporting-orphan",
    "title-format",
    "title-mismatch",
)
