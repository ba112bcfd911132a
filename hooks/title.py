"""Commit messages and PR titles, as the `bep-title` hook and `bep title` read them.

The rule of the seed README, for the squash-merge titles that become main's history:

    BEP-NNNN (new|update|accept|reject|revise): Summary
    BEP-1000, BEP-1016 (update): Summary          several proposals at once
    BEP-1043 (new): Storage Quotas (#18)          GitHub's squash suffix

`check_title` reads a title loosely first (any case, missing hyphen or space, brackets,
a dash for the colon), so that it can say exactly what differs and spell the nearest
correct title. Which titles must follow the rule is decided by the rules in
rules/title.py; this module only reads.
"""

from __future__ import annotations

import difflib
import re
from typing import List, NamedTuple, Optional, Sequence, Tuple

from .config import Config

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
) -> Message:
    """The title of a message as git would keep it: comment lines (`#`, or git's
    core.commentChar) and everything from the scissors line (`# ----- >8 -----`, `git
    commit -v`) on are not part of it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    scissors = re.compile(re.escape(comment_char) + _SCISSORS)
    for index, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if comments and scissors.fullmatch(line.strip()):
            break
        if comments and line.startswith(comment_char):
            continue
        if line.strip():
            return Message(path, line.rstrip(), index + 1, None if changes is None else tuple(changes))
    return Message(path, "", 0, None if changes is None else tuple(changes))


def is_exempt(title: str) -> bool:
    """Merge, revert, fixup!/squash!/amend! titles: written by git, they pass."""
    return bool(_EXEMPT.match(title))


class Ref(NamedTuple):
    number: int
    text: str  # as written, e.g. "BEP1004"
    column: int  # 1-based


class TitleCheck(NamedTuple):
    refs: Tuple[Ref, ...]  # the proposals the title names, even when it is misspelt
    problems: Tuple[str, ...]  # what differs from the rule; empty: the title follows it
    column: int  # 1-based column of the first problem
    suggestion: Optional[str]  # the nearest title that follows the rule, when there is one
    attempt: bool  # the title starts like a proposal title (prefix and number), right or wrong

    @property
    def numbers(self) -> Tuple[int, ...]:
        return tuple(dict.fromkeys(ref.number for ref in self.refs))


def expected_form(config: Config) -> str:
    if config.title_pattern:
        return config.title_pattern
    return f"{config.prefix}-{'N' * config.number_width} ({'|'.join(config.title_kinds)}): Summary"


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


def check_title(title: str, config: Config, default_kind: str = "update") -> TitleCheck:
    """Read `title` against the rule; `default_kind` fills a missing kind in the suggestion
    (when the repository has that kind; else a title without a recognisable kind gets no
    suggestion)."""
    kind_for_suggestion: Optional[str] = default_kind if default_kind in config.title_kinds else None
    loose, one_ref, bare = _patterns(config)
    match = loose.match(title)
    if config.title_pattern:
        refs = tuple(
            Ref(_as_number(m.group("digits")), m.group(0), m.start() + 1) for m in one_ref.finditer(title)
        )
        if re.fullmatch(config.title_pattern, title):
            return TitleCheck(refs, (), 1, None, match is not None)
        return TitleCheck(refs, (f"the title does not match '{config.title_pattern}'",), 1, None, match is not None)
    if match is None:
        return _not_an_attempt(title, config, one_ref, kind_for_suggestion)

    problems: List[Tuple[int, str]] = []
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
                problems.append((offset + previous_end + 1, f"separate numbers with ', ' (found '{between}')"))
        previous_end = part.end()
        written_prefix, separator = part.group("p"), part.group("sep")
        if written_prefix is None:
            problems.append((column, f"write each number with its prefix: '{config.prefix}-{text or digits}'"))
        else:
            if written_prefix != config.prefix:
                problems.append((column, f"write the prefix as '{config.prefix}', not '{written_prefix}'"))
            if separator != "-":
                problems.append(
                    (column, f"'{part.group(0)}' needs a hyphen between prefix and number: '{config.prefix}-{digits}'")
                )
        if len(digits) != config.number_width:
            problems.append(
                (column, f"'{digits}' has {len(digits)} digits; numbers here have {config.number_width}")
            )

    kind = match.group("kind")
    chosen_kind = kind_for_suggestion
    if match.group("open") is None:
        problems.append(
            (match.end("refs") + 1, f"no kind after the number: add ' ({'|'.join(config.title_kinds)})'")
        )
    else:
        kind_column = match.start("open") + 1
        if match.group("gap1") != " ":
            what = "a space" if not match.group("gap1") else "one space"
            problems.append((kind_column, f"put {what} between the number and '('"))
        chosen_kind = _nearest_kind(kind, config) or kind_for_suggestion
        if match.group("open") != "(" or match.group("close") != ")":
            problems.append((kind_column, f"write the kind in parentheses: '({chosen_kind or 'kind'})'"))
        if kind not in config.title_kinds:
            shown = f"unknown kind '{kind}'" if kind.strip() else "empty kind '()'"
            problems.append((kind_column + 1, f"{shown}; use one of: {', '.join(config.title_kinds)}"))

    summary_text = match.group("summary")
    pr = _SQUASH_SUFFIX.search(summary_text)
    summary = (summary_text[: pr.start()] if pr else summary_text).strip()
    suffix = f" ({pr.group(0).strip()[1:-1]})" if pr else ""
    colon_column = match.end("gap2") + 1  # where the colon is, or belongs
    if match.group("colon") != ":":
        found = f" (found '{match.group('colon')}')" if match.group("colon") else ""
        problems.append((colon_column, f"a colon follows the kind: '({chosen_kind or 'kind'}): Summary'{found}"))
    else:
        if match.group("gap2"):
            problems.append((match.start("gap2") + 1, "no space before the colon"))
        if summary and match.group("gap3") != " ":
            problems.append((match.end("colon") + 1, "put one space after the colon"))
    if not summary:
        problems.append((match.end("gap3") + 1, "the summary after the colon is empty"))
    if match.group("lead"):
        problems.append((1, "the title starts with white space"))

    if not problems:
        return TitleCheck(tuple(refs), (), 1, None, True)
    problems.sort(key=lambda item: item[0])
    suggestion = None
    if all(_number_text(str(ref.number), config) for ref in refs) and summary and chosen_kind:
        # (never the title itself: each problem above is a difference this spelling mends)
        suggestion = f"{', '.join(spelt)} ({chosen_kind}): {summary}{suffix}"
    return TitleCheck(tuple(refs), tuple(dict.fromkeys(p for _, p in problems)), problems[0][0], suggestion, True)


def _not_an_attempt(title: str, config: Config, one_ref, default_kind: Optional[str]) -> TitleCheck:
    """A title that does not start with a proposal number, e.g. `[BEP-1000] Add x`."""
    refs = tuple(Ref(_as_number(m.group("digits")), m.group(0), m.start() + 1) for m in one_ref.finditer(title))
    problem = f"the title does not start with '{config.prefix}-{'N' * config.number_width}'"
    suggestion = None
    spelt = [_number_text(str(ref.number), config) for ref in refs]
    if refs and all(spelt) and default_kind:
        summary = title
        first = refs[0]
        if first.column <= 2:  # `[BEP-1000] Add x`, `(BEP-1000) Add x`: take the number out
            summary = title[first.column - 1 + len(first.text) :].lstrip("])}:- \t")
        pr = _SQUASH_SUFFIX.search(summary)
        suffix = f" ({pr.group(0).strip()[1:-1]})" if pr else ""
        summary = (summary[: pr.start()] if pr else summary).strip()
        if summary:
            numbers = ", ".join(f"{config.prefix}-{text}" for text in dict.fromkeys(spelt))
            suggestion = f"{numbers} ({default_kind}): {summary}{suffix}"
    return TitleCheck(refs, (problem,), 1, suggestion, False)
