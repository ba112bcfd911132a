"""Adopting the suite on a repository with old violations: `bep baseline`.

`bep baseline` records today's findings in `.bep-baseline.json`; `bep check` then fails
only on findings that are not recorded there. An entry is keyed by rule, path and
message, never by line (lines drift as documents are edited); numbers in phrases like
"on line 12" are left out of the key for the same reason. Identical findings in one
file are counted, so a third copy of a finding recorded twice is new.

A finding that lists several things (`section-missing`: "sections 'Motivation',
'References' are missing"; the other files of a duplicate number; missing fields) is
recorded with those things as its `items`, and a later finding of the same rule and
file is covered when every item it lists was recorded: adding one missing section to a
baselined document leaves a finding that lists fewer, which still passes. Improving a
legacy document never fails where leaving it alone passes; a new item (a section that
was there and is now gone) is a new finding.

Files written before items existed stay readable: their entries match by message as
before, and the quoted names and file paths in the message count as its items.

When recorded findings no longer occur, `check` says so: run `bep baseline` again and
the file shrinks. Nothing is ever added to it by `check`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Sequence, Set, Tuple

from ..findings import Finding

VERSION = 1
Key = Tuple[str, str, str]  # (rule, path, message without line numbers)

_LINE_NUMBERS = re.compile(r"\b(lines?) [0-9]+(?:(?:-|, | and )[0-9]+)*")
# What an entry written without `items` lists: quoted names ('Motivation') and file paths.
_QUOTED = re.compile(r"'([^'\n]{1,200})'")
_TOKEN_SEPARATORS = re.compile(r"[\s,;:'()]+")
_RESERVED = re.compile(r"\b([A-Za-z0-9_]+-[0-9]+) is reserved (twice|([0-9]{1,4}) times)")


class Entry(NamedTuple):
    """One recorded finding (or `count` identical ones)."""

    rule: str
    path: str
    message: str  # without line numbers
    items: FrozenSet[str]  # what it lists (empty: matched by message only)
    count: int


class BaselineError(Exception):
    """The baseline file cannot be read (exit 2)."""


def message_key(message: str) -> str:
    return _LINE_NUMBERS.sub(r"\1 N", message)


def key(finding: Finding) -> Key:
    return (finding.rule, finding.path, message_key(finding.message))


def dump(findings: Iterable[Finding]) -> bytes:
    counts = Counter(key(finding) + (tuple(sorted(set(finding.items))),) for finding in findings)
    entries = []
    for (rule, path, message, items), count in sorted(
        counts.items(), key=lambda item: (item[0][1], item[0][0], item[0][2], item[0][3])
    ):
        entry: Dict[str, object] = {"rule": rule, "path": path, "message": message}
        if items:
            entry["items"] = list(items)
        if count > 1:
            entry["count"] = count
        entries.append(entry)
    text = json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    # A file name that is not UTF-8 reaches here with surrogates: written as JSON's \udcXX
    # escapes, it reads back as the same name, and the file stays UTF-8.
    return text.encode("utf-8", "backslashreplace")


def load(path: Path) -> List[Entry]:
    try:
        from ..parse.source import read_text_capped  # lazy: start-up

        data = json.loads(read_text_capped(path))
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {getattr(error, 'strerror', None) or error}") from None
    except ValueError as error:
        raise BaselineError(f"the baseline {path} is not valid JSON ({error}); write it again with `bep baseline`") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(f"the baseline {path} has no 'findings' list; write it again with `bep baseline`")
    recorded: List[Entry] = []
    for entry in entries:
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("rule", "path", "message"))):
            raise BaselineError(
                f"the baseline {path} has an entry without rule, path and message: {entry!r}; "
                "write it again with `bep baseline`"
            )
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"the baseline {path} has an entry with a bad count: {entry!r}")
        items = entry.get("items")
        if items is None:
            items = legacy_items(entry["message"])
        elif not (isinstance(items, list) and all(isinstance(item, str) for item in items)):
            raise BaselineError(f"the baseline {path} has an entry whose items are not a list of names: {entry!r}")
        recorded.append(Entry(entry["rule"], entry["path"], message_key(entry["message"]), frozenset(items), count))
    return recorded


def legacy_items(message: str) -> List[str]:
    """What a message recorded without `items` lists: its quoted names and file paths, and
    the extra reservations of a number reserved twice or more (`BEP-1011 #2`, as
    registry-duplicate lists them)."""
    paths = [token for token in _TOKEN_SEPARATORS.split(message) if token.endswith((".md", ".markdown"))]
    items = _QUOTED.findall(message) + paths
    reserved = _RESERVED.search(message)
    if reserved:
        times = 2 if reserved.group(2) == "twice" else int(reserved.group(3))
        items += [f"{reserved.group(1)} #{n}" for n in range(2, times + 1)]
    return items


def apply(findings: Sequence[Finding], recorded: Sequence[Entry]) -> Tuple[List[Finding], int, List[Entry]]:
    """(findings not in the baseline, how many were, the recorded entries that did not occur).

    A finding is covered by a recorded entry with its rule, path and message (each entry
    covers `count` findings), or, when it lists items, by the entries of its rule and path
    that recorded every one of them between them (any number of findings: a list split in
    two, or shortened, is still the old list)."""
    remaining = Counter()
    pool: Dict[Tuple[str, str], Set[str]] = {}
    for entry in recorded:
        remaining[(entry.rule, entry.path, entry.message)] += entry.count
        pool.setdefault((entry.rule, entry.path), set()).update(entry.items)
    kept: List[Finding] = []
    matched = 0
    used_messages: Counter = Counter()
    used_items: Set[Tuple[str, str, str]] = set()
    for finding in findings:
        k = key(finding)
        if remaining[k] > 0:
            remaining[k] -= 1
            used_messages[k] += 1
            matched += 1
        elif finding.items and set(finding.items) <= pool.get((finding.rule, finding.path), set()):
            used_items.update((finding.rule, finding.path, item) for item in finding.items)
            matched += 1
        else:
            kept.append(finding)
    unused: List[Entry] = []
    for entry in recorded:
        k = (entry.rule, entry.path, entry.message)
        taken = min(used_messages[k], entry.count)
        used_messages[k] -= taken
        if taken == entry.count:
            continue
        if any((entry.rule, entry.path, item) in used_items for item in entry.items):
            continue  # partly fixed: some of what it lists is still there
        unused.append(entry._replace(count=entry.count - taken))
    return kept, matched, unused
