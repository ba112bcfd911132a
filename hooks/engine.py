"""The one way through: run the rules over a project, or apply the fixes to its registry."""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Sequence, Tuple

from .findings import ERROR, OFF, Finding, Problem
from .registry_format import formatted_text
from .repository import Project
from .rules import PROPOSALS, REGISTRY
from .rules.base import Context, Draft, Rule


def selected(project: Project, families: Iterable[str]) -> List[Rule]:
    """The rules a check of `families` runs: of those families, and not turned off."""
    from .rules.catalogue import all_rules  # lazy: start-up

    families = frozenset(families)
    severity = project.config.severity
    return [rule for rule in all_rules() if rule.families & families and severity.get(rule.name) != OFF]


def check(
    project: Project,
    families: Iterable[str],
    paths: Optional[Iterable[str]] = None,
    *,
    gone: Iterable[str] = (),
    compare: Optional[Tuple[str, ...]] = ("HEAD",),
    message=None,
    base=None,
) -> List[Finding]:
    """Findings of the rules of `families`, configuration and inline `<!-- bep: ignore
    ... -->` comments applied. Without `paths`, of the whole repository; with them, of the
    change that modified `paths` and deleted `gone`: the findings in those files and those
    the change causes elsewhere (hooks.scope). `compare` tells git what the change is
    measured against (ChangeSet.compare). `message` is the commit message the title rules
    check; `base` the registry at a base ref for `--against`."""
    scope = None
    if paths is not None:
        from .scope import ChangeSet, Scope  # lazy: start-up

        scope = Scope(project, ChangeSet(tuple(paths), tuple(gone), compare))
    targets = None if scope is None else scope.paths()
    ctx = Context(project, frozenset(families), targets, message=message, base=base, scope=scope)
    config = project.config
    if PROPOSALS in ctx.families:  # one pass over the documents, in parallel when there are many
        project.parse_proposals(entry.path for entry in ctx.proposal_entries())
    findings: List[Finding] = []
    for rule in selected(project, ctx.families):
        if scope is not None and not scope.may_keep(rule):
            continue
        for problem in _run(rule, ctx):
            if not ctx.wants(problem.path) or ctx.silenced(rule.name, problem.path, problem.line):
                continue
            if scope is not None and not scope.keeps(rule, problem.path, problem.line):
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
                    fixable=rule.fixable and problem.fixable,
                    items=problem.items,
                )
            )
    return sorted(findings, key=Finding.sort_key)


def _run(rule, ctx: Context) -> List[Problem]:
    from .config import ConfigError  # lazy: start-up

    try:
        return list(rule.check(ctx))
    except ConfigError:  # (a title-pattern that takes too long): the user's to correct, exit 2
        raise
    except Exception as error:  # a bug of ours must not hide every other finding
        return [
            Problem(
                ctx.project.registry_path or ".",
                None,
                None,
                f"internal error in rule {rule.name}: {type(error).__name__}: {error} (please report this)",
            )
        ]


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def fix(
    project: Project,
    paths: Optional[Iterable[str]] = None,
    families: Iterable[str] = (REGISTRY, PROPOSALS),
    edited: Optional[List[str]] = None,
) -> Tuple[List[str], List[str]]:
    """Fix the registry when it is among `paths` (or always, without paths): the fix of
    each rule `check` would run on it (of `families`, not off, not ignored for the file),
    in catalogue order, then the table rendered back. Then the documents among `paths` (or
    all) that a rule's fix edits (`fix.documents`: status-mismatch where the registry is
    the source of truth).

    Returns (changed files, reasons a fix was refused). A document edit is a user's text
    changed by a rule, so `edited` (when given) receives a line for each line a fix
    changed in a document: `neps/nep-0141.md:5: 'Status: Draft' -> 'Status: Final'
    (status-mismatch)`.
    """
    paths = None if paths is None else list(paths)
    changed, refused = _fix_registry(project, paths, families)
    documents, kept = _fix_documents(project, paths, families, edited if edited is not None else [])
    return changed + documents, refused + kept


def _fix_documents(
    project: Project, paths: Optional[List[str]], families: Iterable[str], edited: List[str]
) -> Tuple[List[str], List[str]]:
    """Write what the fixes that edit documents give: `rule.fix.documents(ctx)` yields
    (path, source as read, new text); each file is replaced only if it still holds what
    was read (hooks.write)."""
    rules = [rule for rule in selected(project, families) if getattr(rule.fix, "documents", None) is not None]
    if not rules:
        return [], []
    ctx = Context(project, frozenset(families), None if paths is None else frozenset(paths))
    wanted = ctx.paths
    edits = [(*edit, rule.name) for rule in rules for edit in rule.fix.documents(ctx) if wanted is None or edit[0] in wanted]
    changed: List[str] = []
    refused: List[str] = []
    if not edits:
        return changed, refused
    from .write import WriteRefused, replace_file  # lazy: start-up

    for path, source, text, name in edits:
        if path not in changed:
            try:
                replace_file(project.root, path, source.encode(source.text), source.encode(text))
            except WriteRefused as error:
                refused.append(f"{path}: not fixed: {error}")
            else:
                changed.append(path)
                before, after = source.text.splitlines(), text.splitlines()
                edited.extend(
                    f"{path}:{number}: '{old.strip()}' -> '{new.strip()}' ({name})"
                    for number, (old, new) in enumerate(zip(before, after), 1)
                    if old != new
                )
    return changed, refused


def _fix_registry(project: Project, paths: Optional[List[str]], families: Iterable[str]) -> Tuple[List[str], List[str]]:
    path = project.registry_path
    if path is None or (paths is not None and not _names_registry(project, paths)):
        return [], []
    registry = project.registry
    if registry is None or not registry.has_table:
        return [], []
    if registry.conflicted:
        return [], [f"{path}: not fixed: the registry holds merge conflict markers; resolve them first"]
    ctx = Context(project, frozenset(families), None)
    draft = Draft(tuple(registry.rows))
    for rule in selected(project, families):  # (each fix leaves what `ctx.silenced` hides)
        if rule.fix is not None:
            draft = rule.fix(ctx, draft)
    text = formatted_text(registry, draft)  # (each table in its own style)
    if text is None or text == registry.source.text:
        return [], []
    from .write import WriteRefused, replace_file  # lazy: start-up

    source = registry.source
    try:  # only if the file still holds what was read (an editor, `bep new`): else run again
        replace_file(project.root, path, source.encode(source.text), source.encode(text))
    except WriteRefused as error:  # outside, read-only, changed, a full disk: left as it was
        return [], [f"{path}: not fixed: {error}"]
    return [path], []


def _names_registry(project: Project, paths: Iterable[str]) -> bool:
    """Whether `paths` hold the registry, under its name or its real one (a README that
    is a symlink: git and pre-commit name the file it points at)."""
    wanted = set(paths)
    if project.registry_path in wanted:
        return True
    real = os.path.realpath(project.root / project.registry_path)
    if real == os.path.join(os.path.realpath(project.root), project.registry_path):
        return False  # not a link
    return any(os.path.realpath(project.root / path) == real for path in wanted if path.endswith((".md", ".markdown")))
