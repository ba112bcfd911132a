"""What a rule is: a stable name, a default grade, an explanation, and maybe a fix.

A rule is a function from the `Context` (the parsed project and what to check) to the
problems it sees. Rules never read files and never print; the engine names and grades
their problems, applies the user's configuration and keeps those on the files asked about.
Rule modules declare their rules with `@rule(...)` (rules/catalogue.py lists the modules); the docstring is the explanation
`bep rule NAME` prints. A rule that `bep fix` can repair declares its fix there too
(`fix=`): a function from the registry table being fixed (`Draft`) to the fixed one. The
engine runs a rule's fix only where the rule itself is on, and a finding counts as
fixable only when its rule has a fix and the rule did not mark the finding as one the
fix leaves alone (`Problem(..., fixable=False)`).
"""

from __future__ import annotations

import fnmatch
import inspect
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, Iterable, List, NamedTuple, Optional, TypeVar

from ..findings import ERROR, Problem
from ..registry_format import Draft
from ..repository import MAIN, MISNAMED, SUPPORTING, Entry



if TYPE_CHECKING:
    from ..repository import Project


T = TypeVar("T")
Fix = Callable[["Context", Draft], Draft]


class Rule(NamedTuple):
    name: str
    severity: str
    families: FrozenSet[str]
    summary: str
    explanation: str
    check: Callable[["Context"], Iterable[Problem]]
    fix: Optional[Fix] = None  # what `bep fix` does about this rule's findings

    @property
    def fixable(self) -> bool:
        return self.fix is not None


def rule(name: str, summary: str, *, family, severity: str = ERROR, fix: Optional[Fix] = None):
    families = frozenset([family] if isinstance(family, str) else family)

    def declare(function):
        function.rule = Rule(
            name=name,
            severity=severity,
            families=families,
            summary=summary,
            explanation=inspect.cleandoc(function.__doc__ or summary),
            check=function,
            fix=fix,
        )
        return function

    return declare


class Context:
    """What rules see: the project, the configuration, and which files are being checked."""

    def __init__(
        self,
        project: "Project",
        families: FrozenSet[str],
        paths: Optional[FrozenSet[str]] = None,
        *,
        message=None,
        base=None,
        scope=None,
    ):
        self.project = project
        self.config = project.config
        self.families = families
        self.message = message  # title.Message: the commit message / PR title `bep title` checks
        self.base = base  # history.Base: the registry at a base ref (`bep check --against REF`)
        # None: the whole repository. A path through a symlinked folder means the real file.
        self.paths = None if paths is None else frozenset(project.canonical(path) for path in paths)
        self._derived: Dict[Callable[["Context"], object], object] = {}
        self.scope = scope  # scope.Scope: on a check of a change, which findings it is held to

    def derived(self, make: Callable[["Context"], T]) -> T:
        """What rules derive once per check and share, made by `make` (a class or a
        function of the Context: `ctx.derived(RegistryIndex)`), typed by what it returns."""
        try:
            return self._derived[make]  # type: ignore[return-value]
        except KeyError:
            value = self._derived[make] = make(self)
            return value

    def silenced(self, rule: str, path: str, line: Optional[int] = None) -> bool:
        """Whether a finding of `rule` at `path` (and `line`) is kept from the user: by
        `per-file-ignores`, or by an inline `<!-- bep: ignore ... -->` comment. A fix
        leaves alone what its rule's finding there would not report."""
        for pattern, rules in self.config.per_file_ignores.items():
            if (rule in rules or "all" in rules) and fnmatch.fnmatch(path, pattern):
                return True
        if not path.endswith((".md", ".markdown")):
            return False
        return self.project.suppressions(path).covers(rule, line)

    def registry_rows(self, registry) -> list:
        """The registry rows to check: every row, or, when a change leaves the registry
        alone, only the rows that read the documents it changes (see hooks.scope)."""
        scope = self.scope
        if scope is None or scope.full or scope.template_changed or scope.registry_owned:
            return registry.rows
        return scope.affected_rows()

    def wants(self, path: Optional[str]) -> bool:
        if self.paths is None or path is None:
            return True
        if path in self.paths:
            return True
        prefix = path.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.paths)

    @property
    def registry(self):
        return self.project.registry

    @property
    def registry_targeted(self) -> bool:
        return self.project.registry_path is not None and self.wants_exactly(self.project.registry_path)

    def wants_exactly(self, path: str) -> bool:
        return self.paths is None or path in self.paths

    def proposal_entries(self) -> List[Entry]:
        """The listing entries of the main documents being checked, in name order."""
        return self.listed(MAIN)

    def listed(self, kind: str, paths: Optional[Iterable[str]] = None) -> List[Entry]:
        """The listing entries of one kind (main, supporting, misnamed) in name order: all
        of them when the whole repository is checked, else those at `paths` (by default
        the paths being checked), looked up by name, so a commit's few files never make
        the whole folder be classified."""
        listings = self.project.listings
        if self.paths is None:
            if len(listings) == 1:
                listing = listings[0]
                return {MAIN: listing.main, SUPPORTING: listing.supporting, MISNAMED: listing.misnamed}[kind]
            return [e for listing in listings for e in listing.entries if e.kind == kind]
        entries = (self.project.entry_at(path) for path in (self.paths if paths is None else paths))
        return sorted((e for e in entries if e is not None and e.kind == kind), key=lambda e: e.name)
