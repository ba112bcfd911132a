"""Rules over commit messages and PR titles (`bep title`, the `bep-title` commit-msg hook).

Which titles must follow the rule:
- merge, revert and `fixup!`/`squash!`/`amend!` titles never do (git writes them);
- a commit that adds or changes proposal documents (or their supporting folders) does,
  and the numbers it names must be the proposals it changes;
- a title that starts like a proposal title (`BEP1004: ...`, `bep-1013(new): ...`) does,
  so that a misspelt one is caught wherever it is used;
- any other title passes, unless `title-required: true` in `.bep.yaml`.

parse/title.py reads a title into typed problems (`TitleProblem`: a code, a column, the
parts of the title it quotes); `title_problem_text` here puts each into words.
"""

from __future__ import annotations

import re
from typing import Dict, Iterator

from ..findings import Problem
from ..config import Config
from . import TITLE
from .base import Context, rule


def expected_form(config: Config) -> str:
    """The form a title must take, as a finding states it: the rule's, or `title-pattern`."""
    if config.title_pattern == "conventional":
        return f"type(scope): Summary naming {config.prefix}-{'N' * config.number_width}"
    if config.title_pattern:
        return config.title_pattern
    return f"{config.prefix}-{'N' * config.number_width} ({'|'.join(config.title_kinds)}): Summary"


def _kind_missing(config: Config) -> str:
    return f"no kind after the number: add ' ({'|'.join(config.title_kinds)})'"


def _kind_unknown(config: Config, kind: str) -> str:
    shown = f"unknown kind '{kind}'" if kind.strip() else "empty kind '()'"
    return f"{shown}; use one of: {', '.join(config.title_kinds)}"


# The words for each code of parse.title.CODES: f(config, *problem.data). (Keyed by the
# codes' strings, so that this module need not import parse.title at start-up; a test
# holds the keys to CODES.)
_WORDING = {
    "pattern-mismatch": lambda config: f"the title does not match '{expected_form(config)}'",
    "not-a-start": lambda config: f"the title does not start with '{config.prefix}-{'N' * config.number_width}'",
    "separator": lambda config, between: f"separate numbers with ', ' (found '{between}')",
    "prefix-missing": lambda config, spelling: f"write each number with its prefix: '{spelling}'",
    "prefix-case": lambda config, written: f"write the prefix as '{config.prefix}', not '{written}'",
    "hyphen": lambda config, reference, digits: (
        f"'{reference}' needs a hyphen between prefix and number: '{config.prefix}-{digits}'"
    ),
    "width": lambda config, digits: f"'{digits}' has {len(digits)} digits; numbers here have {config.number_width}",
    "kind-missing": _kind_missing,
    "kind-space": lambda config, gap: f"put {'one space' if gap else 'a space'} between the number and '('",
    "kind-brackets": lambda config, kind: f"write the kind in parentheses: '({kind or 'kind'})'",
    "kind-unknown": _kind_unknown,
    "colon-wrong": lambda config, mark, kind: f"'{mark}' after the kind must be a colon: write '({kind or 'kind'}): Summary'",
    "colon-missing": lambda config, kind: f"no colon after the kind: write '({kind or 'kind'}): Summary'",
    "space-before-colon": lambda config: "no space before the colon",
    "space-after-colon": lambda config: "put one space after the colon",
    "summary-empty": lambda config: "the summary after the colon is empty",
    "leading-space": lambda config: "the title starts with white space",
}


def title_problem_text(problem, config: Config) -> str:
    """A parse.title.TitleProblem in words."""
    return _WORDING[problem.code](config, *problem.data)


def changed_proposals(ctx: Context) -> Dict[int, bool]:
    """Number -> whether its main document is new, for the proposals the commit changes.

    A proposal is changed when its main document (`BEP-1011-x.md`) or a file in its
    supporting folder (`BEP-1012/`, `BEP-1012-RBAC/`) is added or changed.
    """
    message = ctx.message
    if message is None or not message.changes:
        return {}
    naming = ctx.project.listing.naming  # the first series' names (`BEP-NNNN-slug.md`, `CIP-NNNN/README.md`)
    main, supporting = naming.main, naming.supporting
    folder = ctx.project.proposals_dir
    result: Dict[int, bool] = {}
    for status, path in message.changes:
        if folder:
            if not path.startswith(folder + "/"):
                continue
            rest = path[len(folder) + 1 :]
        elif folder == "":
            rest = path
        else:  # no proposals folder found: recognise documents by name wherever they are
            rest = path.rsplit("/", 1)[-1]
        name, _, inner = rest.partition("/")
        if name == naming.template:
            continue
        if naming.per_folder:  # a folder per proposal: its document, or another file in it
            match = main.fullmatch(name) if inner else None
            if match:
                number = int(match.group("number"))
                added = status == "A" and naming.inner.fullmatch(inner) is not None
                result[number] = result.get(number, False) or added
            continue
        if inner:
            match = supporting.fullmatch(name)
            if match:
                result.setdefault(int(match.group("number")), False)
            continue
        match = main.fullmatch(name)
        if match:
            number = int(match.group("number"))
            result[number] = result.get(number, False) or status == "A"
    return result


def _default_kind(changed: Dict[int, bool]) -> str:
    """The kind a suggestion fills in: `new` when the commit only adds documents."""
    return "new" if changed and all(changed.values()) else "update"


# A change to this many proposals or more is housekeeping (one real PR set fifteen
# statuses at once): its title need not name each proposal.
HOUSEKEEPING = 5


def _checked(ctx: Context):
    """(message, title check, changed proposals) for a title the rules look at, else None."""
    message = ctx.message
    if message is None:  # not checking a commit message: hooks.title is not even imported
        return None
    from ..parse.title import check_title, is_exempt  # lazy: start-up

    if is_exempt(message.title):
        return None
    changed = changed_proposals(ctx)
    return message, check_title(message.title, ctx.config, _default_kind(changed), _numbers(ctx, message, changed)), changed


def _numbers(ctx: Context, message, changed: Dict[int, bool]):
    """The proposals a suggested title names, so that title-mismatch never refuses it: the
    ones the change touches (of a housekeeping change, those the title names that it
    touches); without known changes, the registry row whose title the words match."""
    if changed:
        if len(changed) < HOUSEKEEPING:
            return sorted(changed)
        from ..parse.title import check_title  # lazy: start-up

        named = [number for number in check_title(message.title, ctx.config).numbers if number in changed]
        return named or sorted(changed)[:1]
    if message.changes is None and message.title:
        from ..parse.title import check_title  # lazy: start-up

        if check_title(message.title, ctx.config).refs:
            return None  # the title's own numbers
        guess = _registry_guess(ctx, message.title)
        return [guess] if guess is not None else None
    return None


_FILLER = frozenset("a an and the of for to in on with bep beps proposal spec add adds added new update fix typo docs "
                    "topic feat chore".split())  # fmt: skip


def _words(text: str) -> set:
    """The words of a title that tell it apart: a plural `s` of a longer word dropped, and
    the filler words left out, as written (`docs`) or singular (`proposals`)."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", text.casefold()):
        if word not in _FILLER:
            word = word[:-1] if word.endswith("s") and len(word) > 3 else word
            if word not in _FILLER:
                words.add(word)
    return words


def _registry_guess(ctx: Context, title: str):
    """The number of the one registry row whose title's words the title holds (at least
    half of them, and more than any other row's); None when there is no such row."""
    registry = ctx.registry
    if registry is None or not registry.has_table:
        return None
    words = _words(title)
    if not words:
        return None
    scored = []
    for row in registry.entries:
        theirs = _words(row.title)
        if row.number is None or not theirs:
            continue
        share = len(words & theirs) / len(theirs)
        if share >= 0.5:
            scored.append((share, row.number))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _every_title(ctx: Context, message) -> bool:
    """Whether every title must follow the rule: `title-required: true`; by default (auto)
    every PR title (`bep title TITLE`) of a standalone proposal repository (registry at
    the root), where every PR is a proposal PR. Commit messages stay free."""
    required = ctx.config.title_required
    if required is not None:
        return required
    registry = ctx.project.registry_path
    return message.path == "<title>" and registry is not None and "/" not in registry


def _names(ctx: Context, numbers) -> str:
    return ", ".join(f"{ctx.config.prefix}-{ctx.config.format_number(n)}" for n in sorted(numbers))


@rule("title-format", "a commit or PR title does not follow 'BEP-NNNN (kind): Summary'", family=TITLE)
def title_format(ctx: Context) -> Iterator[Problem]:
    """What it finds
    This rule checks a commit message (`bep title --file .git/COMMIT_EDITMSG`, the
    `bep-title` commit-msg hook) or a PR title (`bep title "TITLE"`). The title must read
    `BEP-NNNN (new|update|accept|reject|revise): Summary`. Several numbers are allowed
    (`BEP-1000, BEP-1016 (update): …`), and a trailing ` (#18)` is fine. `title-kinds` and
    `title-pattern` in `.bep.yaml` change the form. It applies to commits that change
    proposal documents or their supporting folders, to any title that starts like a proposal
    title, to every PR title where the registry is in the root README, and to all titles with
    `title-required: true`. Other commit messages (e.g. `Fix typo in README` with no proposal staged), and merge,
    revert and `fixup!` titles, pass.

    Why it matters
    Squash-merge titles become the main branch's history; drifted ones (`BEP1004: …`,
    `BEP-1013(new): …`, no kind) hide a proposal's history from search.

    Example (`bep title "BEP1004: Scenario tester"`):

        <title>:1:1: error title-format: the title must read 'BEP-NNNN (new|update|accept|reject|revise): Summary': 'BEP1004' needs a hyphen between prefix and number: 'BEP-1004'; no kind after the number: add ' (new|update|accept|reject|revise)'; did you mean 'BEP-1004 (update): Scenario tester'?

    How to fix
    Use the suggested title (`bep fix` does not touch titles). `title-required: false` frees
    PR titles; titles that start like `BEP…` are still checked.
    """
    checked = _checked(ctx)
    if checked is None:
        return
    message, result, changed = checked
    from ..parse.title import title_pattern  # lazy: start-up

    every = _every_title(ctx, message)
    if not message.title:
        if changed or every:
            what = f"the commit changes {_names(ctx, changed)}" if changed else "every title follows the rule here"
            yield Problem(
                message.path,
                1,
                1,
                f"the message has no title (git keeps no line of it): {what}; write '{expected_form(ctx.config)}'",
            )
        return
    if not result.problems:
        return
    housekeeping = len(changed) >= HOUSEKEEPING and not result.refs and not title_pattern(ctx.config)
    if not (every or result.attempt or (changed and not housekeeping)):
        return

    problems = "; ".join(title_problem_text(problem, ctx.config) for problem in result.problems)
    text = f"the title must read '{expected_form(ctx.config)}': {problems}"
    if result.suggestion:
        text += f"; did you mean '{result.suggestion}'?"
    if changed and not result.attempt:
        text += f" (the commit changes {_names(ctx, changed)})"
    yield Problem(message.path, message.line, result.column, text)


@rule("title-mismatch", "the title names other proposals than the commit changes", family=TITLE)
def title_mismatch(ctx: Context) -> Iterator[Problem]:
    """What it finds
    A commit that changes proposal documents has a title naming other numbers than the
    proposals it changes. This covers a number named but not changed, and (below five
    changed proposals) a changed proposal not named. The changed proposals are read from the
    staged files (`git diff --cached`); for a PR title, `bep title --against origin/main "TITLE"` compares with
    the branch. A change to 5 or more proposals is housekeeping and need not name each one.

    Why it matters
    A real title said BEP-1012 while the file it added was BEP-1011. The history then pointed
    readers at the wrong proposal.

    Example (`BEP-1002-quota-scopes.md` and its row staged; the message is `BEP-1003 (new): Quota Scopes`):

        .git/COMMIT_EDITMSG:1:1: error title-mismatch: the title names BEP-1003, but the commit changes BEP-1002; name the proposals the commit changes

    How to fix
    Correct the number in the title (`BEP-1002 (new): Quota Scopes` passes), or split the
    commit. `bep fix` does not apply to titles.
    """
    checked = _checked(ctx)
    if checked is None:
        return
    message, result, changed = checked
    named = set(result.numbers)
    if not changed or not message.title:
        return
    from ..parse.title import title_pattern  # lazy: start-up

    if not named:
        # The standard rule's title-format already says a number is missing; with a
        # title-pattern, the title may put the numbers anywhere, but names them.
        if title_pattern(ctx.config) and len(changed) < HOUSEKEEPING:
            yield Problem(
                message.path,
                message.line,
                1,
                f"the title names no proposal, but the commit changes {_names(ctx, changed)}; name "
                f"{'it' if len(changed) == 1 else 'them'} in the title"
                + (f" (e.g. 'docs: Update {_names(ctx, changed)}')" if ctx.config.title_pattern == "conventional" else ""),
            )
        return
    extra = [ref for ref in result.refs if ref.number not in changed]
    missing = [] if len(changed) >= HOUSEKEEPING else sorted(set(changed) - named)
    if extra:
        first = extra[0]
        yield Problem(
            message.path,
            message.line,
            first.column,
            f"the title names {_names(ctx, {ref.number for ref in extra})}, but the commit changes "
            f"{_names(ctx, changed)}; name the proposals the commit changes",
        )
    elif missing:
        yield Problem(
            message.path,
            message.line,
            result.refs[0].column,  # (named numbers are the title's refs)
            f"the commit also changes {_names(ctx, missing)}; name every proposal it changes in the title "
            f"('{_names(ctx, set(changed) | named)} (kind): Summary') or split the commit",
        )
