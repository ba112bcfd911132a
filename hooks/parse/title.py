"""Commit messages and PR titles, as the `bep-title` hook and `bep title` read them.

The rule of the seed README, for the squash-merge titles that become main's history:

    BEP-NNNN (new|update|accept|reject|revise): Summary
    BEP-1000, BEP-1016 (update): Summary          several proposals at once
    BEP-1043 (new): Storage Quotas (#18)          GitHub's squash suffix

`check_title` reads a title loosely first (any case, missing hyphen or space, brackets,
a dash for the colon), so that it can say exactly what differs (a `TitleProblem`: a code,
its column and what the title holds there) and spell the nearest correct title. Which
titles must follow the rule, and how each problem is put into words, is decided in
rules/title.py; this module only reads.
"""

from __future__ import annotations

import difflib
import re
from typing import List, NamedTuple, Optional, Sequence, Tuple

from ..config import Config

Change = Tuple[str, str]  # (git status letter, path relative to the root)

# Titles git and GitHub write themselves; they never name a proposal.
_EXEMPT = re.compile(
    r"\s*(?:Merge (?:branch|branches|remote-tracking branch|pull request|tag|commit)\b|Merge ['\"]"
    r"|Revert \"|Reapply \"|(?:fixup|squash|amend)! )"
)
_SCISSORS = r"\s*-+\s*>8\s*-+\s*"  # after the comment character
# (?<!\s): start only where a run of spaces starts; retrying inside a long run was quadratic.
_SQUASH_SUFFIX = re.compile(r"(?<!\s)\s*\(#[0-9]+\)\s*$")


class Message(NamedTuple):
    """A commit message (or PR title) to check, and what the commit changes."""

    path: str  # where it came from: the message file, or "<title>" for a title given as an argument
    title: str  # the first line that is not blank and not a comment; "" when there is none
    line: int  # 1-based line of the title in the message
    changes: Optional[Tuple[Change, ...]] = None  # files the commit (or branch) adds or changes; None: unknown


def read_message(
    text: str,
    path: str,
    changes: Optional[Sequence[Change]] = None,
    *,
    comments: bool = True,
    comment_char: str = "#",
    cleanup: str = "strip",
) -> Message:
    """The title of a message as git will keep it. With `comments` (a message file),
    everything from the scissors line (`# ----- >8 -----`, written by `git commit -v` or
    `--cleanup=scissors`) on is dropped, and in `strip` mode (git's default when an
    editor is opened) so are comment lines. In `whitespace` mode (`git commit -m`) and
    `verbatim` mode a `#` line is kept, so it can be the title. `comment_char` is git's
    core.commentChar; `auto` finds the one git chose for this message (git_auto_comment)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if comments and comment_char == "auto":
        comment_char = git_auto_comment(lines)
    scissors = re.compile(re.escape(comment_char) + _SCISSORS)
    strip = comments and cleanup == "strip"
    for index, line in enumerate(lines):
        if comments and scissors.fullmatch(line.strip()):
            break
        if strip and line.startswith(comment_char):
            continue
        if line.strip():
            return Message(path, line.rstrip(), index + 1, None if changes is None else tuple(changes))
    return Message(path, "", 0, None if changes is None else tuple(changes))


_AUTO_CANDIDATES = "#;@!$%^&|:"  # git's order for core.commentChar=auto


def git_auto_comment(lines: Sequence[str]) -> str:
    """The comment character git chose for a message with core.commentChar=auto.

    git picks it before the message is edited: `#` unless the message holds one, else
    the first of `#;@!$%^&|:` that starts none of its lines; then it writes its
    comment block (the status, the scissors line) with that character at the end of
    the file. So: a scissors line names it; else the last line that is not blank, when it
    starts with a candidate (the end of git's block); else git's choice is made again
    over the whole text (an editor setup without the status block).
    """
    for candidate in _AUTO_CANDIDATES:
        pattern = re.compile(re.escape(candidate) + _SCISSORS)
        if any(pattern.fullmatch(line.strip()) for line in lines):
            return candidate
    last = next((line for line in reversed(lines) if line.strip()), "")
    if last[:1] and last[0] in _AUTO_CANDIDATES:
        return last[0]
    if not any("#" in line for line in lines):
        return "#"
    starts = {line[:1] for line in lines}
    return next((c for c in _AUTO_CANDIDATES if c not in starts), "#")


def is_exempt(title: str) -> bool:
    """Merge, revert, fixup!/squash!/amend! titles: written by git, they pass."""
    return bool(_EXEMPT.match(title))


class Ref(NamedTuple):
    number: int
    text: str  # as written, e.g. "BEP1004"
    column: int  # 1-based


# What a title's reading can find; rules/title.py words each (TitleProblem.data, then the
# configuration: prefix, number width, kinds, title-pattern).
PATTERN_MISMATCH = "pattern-mismatch"  # the title does not match `title-pattern`
NOT_A_START = "not-a-start"  # the title does not start with a proposal number
SEPARATOR = "separator"  # (between,): numbers separated by something else than ', '
PREFIX_MISSING = "prefix-missing"  # (spelling,): a number written without its prefix
PREFIX_CASE = "prefix-case"  # (written,): the prefix in another case
HYPHEN = "hyphen"  # (reference, digits): no hyphen (or another) between prefix and number
WIDTH = "width"  # (digits,): not as many digits as the repository's numbers have
KIND_MISSING = "kind-missing"  # no `(kind)` after the numbers
KIND_SPACE = "kind-space"  # (gap,): not one space between the number and '('
KIND_BRACKETS = "kind-brackets"  # (kind,): the kind in brackets; kind: the nearest known one, or ""
KIND_UNKNOWN = "kind-unknown"  # (kind,): a kind the repository does not have (or an empty one)
COLON_WRONG = "colon-wrong"  # (mark, kind): a dash where the colon belongs; kind as for KIND_BRACKETS
COLON_MISSING = "colon-missing"  # (kind,): no colon after the kind
SPACE_BEFORE_COLON = "space-before-colon"
SPACE_AFTER_COLON = "space-after-colon"  # not one space after the colon
SUMMARY_EMPTY = "summary-empty"
LEADING_SPACE = "leading-space"  # the title starts with white space
CODES = (
    PATTERN_MISMATCH, NOT_A_START, SEPARATOR, PREFIX_MISSING, PREFIX_CASE, HYPHEN, WIDTH, KIND_MISSING, KIND_SPACE,
    KIND_BRACKETS, KIND_UNKNOWN, COLON_WRONG, COLON_MISSING, SPACE_BEFORE_COLON, SPACE_AFTER_COLON, SUMMARY_EMPTY,
    LEADING_SPACE,
)  # fmt: skip


class TitleProblem(NamedTuple):
    """One way a title differs from the form: what (`code`, one of CODES), where, and the
    parts of the title the wording quotes (`data`, as each code's comment says)."""

    code: str
    column: int  # 1-based
    data: Tuple[str, ...] = ()


class TitleCheck(NamedTuple):
    refs: Tuple[Ref, ...]  # the proposals the title names, even when it is misspelt
    problems: Tuple[TitleProblem, ...]  # what differs from the rule, by column, each once; empty: it follows
    column: int  # 1-based column of the first problem
    suggestion: Optional[str]  # the nearest title that follows the rule, when there is one
    attempt: bool  # the title starts like a proposal title (prefix and number), right or wrong

    @property
    def numbers(self) -> Tuple[int, ...]:
        return tuple(dict.fromkeys(ref.number for ref in self.refs))


# `title-pattern: conventional`: the conventional-commit style a monorepo's PRs use,
# `docs(BA-4183): Add BEP-1042 mypy strict mode migration` (title-mismatch still asks
# that a proposal PR name its proposals somewhere in the title).
CONVENTIONAL = r"(?:build|chore|ci|docs|feat|fix|perf|refactor|revert|style|test)(?:\([^()\s]+\))?!?: \S.*"
_CONVENTIONAL_HEAD = re.compile(r"\s*[A-Za-z]+(?:\([^()]*\))?!?\s*:\s*")


def title_pattern(config: Config) -> Optional[str]:
    """The regular expression that replaces the rule (`title-pattern`), presets expanded."""
    if config.title_pattern == "conventional":
        return CONVENTIONAL
    return config.title_pattern


def _patterns(config: Config):
    prefix = re.escape(config.prefix)
    ref = rf"(?P<p>{prefix})(?P<sep>\s{{0,2}}[-_\u2013]?\s{{0,2}})(?P<digits>[0-9]+)"
    loose = re.compile(
        rf"""(?P<lead>\s*)
        (?P<refs>{prefix}\s{{0,2}}[-_\u2013]?\s{{0,2}}[0-9]+(?:\s*(?:,|&|/|\band\b)\s*(?:{prefix}\s{{0,2}}[-_\u2013]?\s{{0,2}})?[0-9]+)*)
        (?P<gap1>\s*)
        (?:(?P<open>[(\[])(?P<kind>[^)\]]*)(?P<close>[)\]])?)?
        (?P<gap2>\s*)
        (?P<colon>:|-|\u2013)?
        (?P<gap3>\s*)
        (?P<summary>.*)$""",
        re.IGNORECASE | re.VERBOSE,
    )
    one_ref = re.compile(ref, re.IGNORECASE)
    bare = re.compile(rf"(?:(?P<p>{prefix})(?P<sep>\s{{0,2}}[-_\u2013]?\s{{0,2}}))?(?P<digits>[0-9]+)", re.IGNORECASE)
    return loose, one_ref, bare


def _as_number(digits: str) -> int:
    """The number `digits` spell; a run too long for any numbering (int() refuses thousands
    of digits) becomes one that no repository uses."""
    return int(digits) if len(digits) <= 18 else 10**18


def _number_text(digits: str, config: Config) -> Optional[str]:
    """The number spelt at the repository's width, or None when it cannot be."""
    value = _as_number(digits)
    text = config.format_number(value)
    return text if len(text) == config.number_width else None


def _nearest_kind(kind: str, config: Config) -> Optional[str]:
    word = kind.strip().lower()
    if word in config.title_kinds:
        return word
    close = difflib.get_close_matches(word, config.title_kinds, n=1, cutoff=0.6)
    if close:
        return close[0]
    prefix = [k for k in config.title_kinds if word and (k.startswith(word) or word.startswith(k))]
    return prefix[0] if prefix else None


def check_title(
    title: str, config: Config, default_kind: str = "update", numbers: Optional[Sequence[int]] = None
) -> TitleCheck:
    """Read `title` against the rule; `default_kind` fills a missing kind in the suggestion
    (when the repository has that kind; else a title without a recognisable kind gets no
    suggestion). `numbers`, when given, are the proposals a suggestion names (those the
    change touches), whatever the title names."""
    kind_for_suggestion: Optional[str] = default_kind if default_kind in config.title_kinds else None
    loose, one_ref, bare = _patterns(config)
    match = loose.match(title)
    pattern = title_pattern(config)
    if pattern:
        refs = tuple(
            Ref(_as_number(m.group("digits")), m.group(0), m.start() + 1) for m in one_ref.finditer(title)
        )
        from ..config import fullmatch_user_pattern  # lazy: start-up

        if fullmatch_user_pattern(pattern, title):  # (under a time limit)
            return TitleCheck(refs, (), 1, None, match is not None)
        return TitleCheck(refs, (TitleProblem(PATTERN_MISMATCH, 1),), 1, None, match is not None)
    if match is None:
        return _not_an_attempt(title, config, one_ref, kind_for_suggestion, numbers)

    problems: List[TitleProblem] = []
    refs: List[Ref] = []
    spelt: List[str] = []
    offset = match.start("refs")
    previous_end = None
    refs_text = match.group("refs")  # once: group() copies, and a title may name many numbers
    for part in bare.finditer(refs_text):
        column = offset + part.start() + 1
        digits = part.group("digits")
        refs.append(Ref(_as_number(digits), part.group(0), column))
        text = _number_text(digits, config)
        spelt.append(f"{config.prefix}-{text or digits}")
        if previous_end is not None:
            between = refs_text[previous_end : part.start()]
            if between != ", ":
                problems.append(TitleProblem(SEPARATOR, offset + previous_end + 1, (between,)))
        previous_end = part.end()
        written_prefix, separator = part.group("p"), part.group("sep")
        if written_prefix is None:
            problems.append(TitleProblem(PREFIX_MISSING, column, (spelt[-1],)))
        else:
            if written_prefix != config.prefix:
                problems.append(TitleProblem(PREFIX_CASE, column, (written_prefix,)))
            if separator != "-":
                problems.append(TitleProblem(HYPHEN, column, (part.group(0), digits)))
        if len(digits) != config.number_width:
            problems.append(TitleProblem(WIDTH, column, (digits,)))

    kind = match.group("kind")
    chosen_kind = kind_for_suggestion
    if match.group("open") is None:
        problems.append(TitleProblem(KIND_MISSING, match.end("refs") + 1))
    else:
        kind_column = match.start("open") + 1
        if match.group("gap1") != " ":
            problems.append(TitleProblem(KIND_SPACE, kind_column, (match.group("gap1"),)))
        chosen_kind = _nearest_kind(kind, config) or kind_for_suggestion
        if match.group("open") != "(" or match.group("close") != ")":
            problems.append(TitleProblem(KIND_BRACKETS, kind_column, (chosen_kind or "",)))
        if kind not in config.title_kinds:
            problems.append(TitleProblem(KIND_UNKNOWN, kind_column + 1, (kind,)))

    summary_text = match.group("summary")
    pr = _SQUASH_SUFFIX.search(summary_text)
    summary = (summary_text[: pr.start()] if pr else summary_text).strip()
    suffix = f" ({pr.group(0).strip()[1:-1]})" if pr else ""
    colon_column = match.end("gap2") + 1  # where the colon is, or belongs
    if match.group("colon") != ":":
        if match.group("colon"):
            problems.append(TitleProblem(COLON_WRONG, colon_column, (match.group("colon"), chosen_kind or "")))
        else:
            problems.append(TitleProblem(COLON_MISSING, colon_column, (chosen_kind or "",)))
    else:
        if match.group("gap2"):
            problems.append(TitleProblem(SPACE_BEFORE_COLON, match.start("gap2") + 1))
        if summary and match.group("gap3") != " ":
            problems.append(TitleProblem(SPACE_AFTER_COLON, match.end("colon") + 1))
    if not summary:
        problems.append(TitleProblem(SUMMARY_EMPTY, match.end("gap3") + 1))
    if match.group("lead"):
        problems.append(TitleProblem(LEADING_SPACE, 1))

    if not problems:
        return TitleCheck(tuple(refs), (), 1, None, True)
    problems.sort(key=lambda problem: problem.column)
    suggestion = None
    if numbers:
        spelt = [f"{config.prefix}-{config.format_number(number)}" for number in numbers]
    if all(_number_text(str(ref.number), config) for ref in refs) and summary and chosen_kind:
        # (never the title itself: each problem above is a difference this spelling mends)
        suggestion = f"{', '.join(spelt)} ({chosen_kind}): {summary}{suffix}"
    first = {}  # each problem once (two numbers may have the same one), where it is first
    for problem in problems:
        first.setdefault((problem.code, problem.data), problem)
    return TitleCheck(tuple(refs), tuple(first.values()), problems[0].column, suggestion, True)


_KIND_WORDS = {"add": "new", "adds": "new", "added": "new", "new": "new", "introduce": "new", "propose": "new",
               "accept": "accept", "accepted": "accept", "reject": "reject", "rejected": "reject",
               "revise": "revise", "revised": "revise"}  # fmt: skip


def _not_an_attempt(
    title: str, config: Config, one_ref, default_kind: Optional[str], numbers: Optional[Sequence[int]] = None
) -> TitleCheck:
    """A title that does not start with a proposal number: `[BEP-1000] Add x`, `topic:
    BEP1020 quota spec (#40)`, `Add storage quota BEP (#31)`. The suggestion takes the
    numbers out of the summary (and a conventional `type(scope):` head off it) and puts
    them in front; `numbers` (the proposals the change touches) win over the title's."""
    refs = tuple(Ref(_as_number(m.group("digits")), m.group(0), m.start() + 1) for m in one_ref.finditer(title))
    suggestion = None
    spelt = [_number_text(str(ref.number), config) for ref in refs]
    if numbers:
        spelt = [config.format_number(number) for number in numbers]
    if spelt and all(spelt) and default_kind:
        summary = title
        if re.match(r"\s*[A-Za-z]+(?:\([^()]*\))?!?:", title):  # a conventional `type(scope):` head
            summary = summary[_CONVENTIONAL_HEAD.match(title).end() :]
        # The numbers that open the summary (`[BEP-1000] Add x`, `topic: BEP1020 quota spec`)
        # or close it in brackets (`Add x [BEP-1000]`) move to the front; a number inside the
        # prose stays (`Sync BEP-1000 and BEP-1001` must not become `Sync and`).
        any_ref = re.sub(r"\(\?P<\w+>", "(?:", one_ref.pattern)
        group = rf"(?:{any_ref})(?:\s*(?:,|&|/|\band\b)\s*(?:{any_ref}))*"
        summary = re.sub(rf"^[\s\[(]*{group}[\s\])]*", "", summary, flags=re.IGNORECASE)
        summary = re.sub(rf"\s*[\[(]\s*{group}\s*[\])](?=\s*(?:\(#[0-9]+\))?\s*$)", "", summary, flags=re.IGNORECASE)
        pr = _SQUASH_SUFFIX.search(summary)
        suffix = f" ({pr.group(0).strip()[1:-1]})" if pr else ""
        summary = (summary[: pr.start()] if pr else summary)
        summary = " ".join(summary.split()).strip(" :-\u2013")
        first_word = summary.split(" ", 1)[0].casefold() if summary else ""
        kind = _KIND_WORDS.get(first_word, default_kind)
        if kind not in config.title_kinds:
            kind = default_kind
        if summary:
            names = ", ".join(f"{config.prefix}-{text}" for text in dict.fromkeys(spelt))
            suggestion = f"{names} ({kind}): {summary[:1].upper() + summary[1:]}{suffix}"
    return TitleCheck(refs, (TitleProblem(NOT_A_START, 1),), 1, suggestion, False)
