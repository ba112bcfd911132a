"""Adopting the suite on a repository with old violations: `bep baseline`.

`bep baseline` records today's findings in `.bep-baseline.json`; `bep check` then fails
only on findings that are not recorded there. An entry is keyed by rule, path and
message, never by line (lines drift as documents are edited); numbers in phrases like
"on line 12" are left out of the key for the same reason. Identical findings in one
file are counted, so a third copy of a finding recorded twice is new.

When recorded findings no longer occur, `check` says so: run `bep baseline` again and
the file shrinks. Nothing is ever added to it by `check`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

from .findings import Finding

VERSION = 1
Key = Tuple[str, str, str]  # (rule, path, message without line numbers)

_LINE_NUMBERS = re.compile(r"\b(lines?) [0-9]+(?:(?:-|, | and )[0-9]+)*")


class BaselineError(Exception):
    """The baseline file cannot be read (exit 2)."""


def message_key(message: str) -> str:
    return _LINE_NUMBERS.sub(r"\1 N", message)


def key(finding: Finding) -> Key:
    return (finding.rule, finding.path, message_key(finding.message))


def dump(findings: Iterable[Finding]) -> bytes:
    counts = Counter(key(finding) for finding in findings)
    entries = []
    for (rule, path, message), count in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0], item[0][2])):
        entry: Dict[str, object] = {"rule": rule, "path": path, "message": message}
        if count > 1:
            entry["count"] = count
        entries.append(entry)
    text = json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    # A file name that is not UTF-8 reaches here with surrogates: written as JSON's \udcXX
    # escapes, it reads back as the same name, and the file stays UTF-8.
    return text.encode("utf-8", "backslashreplace")


def load(path: Path) -> Counter:
    try:
        from .source import read_text_capped

        data = json.loads(read_text_capped(path))
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {getattr(error, 'strerror', None) or error}") from None
    except ValueError as error:
        raise BaselineError(f"the baseline {path} is not valid JSON ({error}); write it again with `bep baseline`") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(f"the baseline {path} has no 'findings' list; write it again with `bep baseline`")
    counts: Counter = Counter()
    for entry in entries:
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("rule", "path", "message"))):
            raise BaselineError(
                f"the baseline {path} has an entry without rule, path and message: {entry!r}; "
                "write it again with `bep baseline`"
            )
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"the baseline {path} has an entry with a bad count: {entry!r}")
        counts[(entry["rule"], entry["path"], message_key(entry["message"]))] += count
    return counts


def apply(findings: Sequence[Finding], recorded: Counter) -> Tuple[List[Finding], int, Counter]:
    """(findings not in the baseline, how many were, the recorded entries that did not occur)."""
    remaining = Counter(recorded)
    kept: List[Finding] = []
    matched = 0
    for finding in findings:
        k = key(finding)
        if remaining[k] > 0:
            remaining[k] -= 1
            matched += 1
        else:
            kept.append(finding)
    return kept, matched, +remaining
