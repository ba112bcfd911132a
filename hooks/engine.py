"""The one way through: run the rules over a project, or apply the fixes to its registry."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

from .findings import ERROR, OFF, Finding, Problem
from .registry import Row
from .registry_format import formatted_text
from .repository import Project
from .rules import PROPOSALS, Context, all_rules
from .source import write_atomic

Fixer = Callable[[Context, List[Row]], List[Row]]
FIXERS: List[Fixer] = []


def fixer(function: Fixer) -> Fixer:
    """Register a transformation of the registry rows that `bep fix` applies before rendering."""
    FIXERS.append(function)
    return function


def check(
    project: Project,
    families: Iterable[str],
    paths: Optional[Iterable[str]] = None,
    *,
    message=None,
    base=None,
) -> List[Finding]:
    """Findings of the rules of `families` (limited to `paths`), configuration and inline
    `<!-- bep: ignore ... -->` comments applied. `message` is the commit message the title
    rules check; `base` the registry at a base ref for `--against`."""
    ctx = Context(project, frozenset(families), None if paths is None else frozenset(paths), message=message, base=base)
    config = project.config
    if PROPOSALS in ctx.families:  # one pass over the documents, in parallel when there are many
        project.parse_proposals(entry.path for entry in ctx.proposal_entries())
    findings: List[Finding] = []
    for rule in all_rules():
        if not (rule.families & ctx.families) or config.severity.get(rule.name) == OFF:
            continue
        for problem in _run(rule, ctx):
            if not ctx.wants(problem.path) or _ignored(config.per_file_ignores, problem.path, rule.name):
                continue
            severity = config.severity.get(rule.name) or problem.severity or rule.severity
            findings.append(
                Finding(
                    rule=rule.name,
                    severity=severity,
                    path=problem.path,
                    line=problem.line,
                    column=problem.column,
                    message=problem.message,
                    fixable=rule.fixable,
                    items=problem.items,
                )
            )
    findings = [finding for finding in findings if not _suppressed(project, finding)]
    return sorted(findings, key=Finding.sort_key)


def _suppressed(project: Project, finding: Finding) -> bool:
    """Whether an inline `<!-- bep: ignore ... -->` comment in the finding's file covers it."""
    if not finding.path.endswith((".md", ".markdown")):
        return False
    return project.suppressions(finding.path).covers(finding.rule, finding.line)


def _run(rule, ctx: Context) -> List[Problem]:
    try:
        return list(rule.check(ctx))
    except Exception as error:  # a bug of ours must not hide every other finding
        return [
            Problem(
                ctx.project.registry_path or ".",
                None,
                None,
                f"internal error in rule {rule.name}: {type(error).__name__}: {error} (please report this)",
            )
        ]


def _ignored(ignores, path: str, rule: str) -> bool:
    return any(rule in rules or "all" in rules for pattern, rules in ignores.items() if fnmatch.fnmatch(path, pattern))


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def fix(project: Project, paths: Optional[Iterable[str]] = None) -> Tuple[List[str], List[str]]:
    """Fix the registry when it is among `paths` (or always, without paths).

    Returns (changed files, reasons a fix was refused).
    """
    path = project.registry_path
    if path is None or (paths is not None and path not in set(paths)):
        return [], []
    registry = project.registry
    if registry is None or not registry.has_table:
        return [], []
    if registry.conflicted:
        return [], [f"{path}: not fixed: the registry holds merge conflict markers; resolve them first"]
    ctx = Context(project, frozenset(), None)
    _load_fixers()
    rows = list(registry.rows)
    for transform in FIXERS:
        rows = transform(ctx, rows)
    text = formatted_text(registry, rows, project.config.table_style)
    if text is None or text == registry.source.text:
        return [], []
    target = os.path.realpath(project.root / path)
    root = os.path.realpath(project.root)
    if not target.startswith(root + os.sep):
        return [], [f"{path}: not fixed: it is a link to a file outside the repository"]
    try:
        write_atomic(Path(target), registry.source.encode(text))
    except OSError as error:  # a read-only checkout, a full disk: the file is left as it was
        return [], [f"{path}: not fixed: cannot write it: {error.strerror or error}"]
    return [path], []


def _load_fixers() -> None:
    all_rules()  # rule modules register their fixers on import
