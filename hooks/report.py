"""Printing findings for people (text), machines (json) and CI (GitHub annotations)."""

from __future__ import annotations

import re
from typing import Callable, List, Optional, Sequence

from .findings import ERROR, Finding
from .parse.table import display_width

FORMATS = ("text", "json", "github")

# What a terminal or a CI log would act on instead of showing: C0 and C1 controls (an
# escape sequence can erase earlier findings), DEL, bidirectional overrides, and the
# surrogates a file name that is not UTF-8 decodes to (they cannot even be printed).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(match: "re.Match[str]") -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\x1b`)."""
    return _UNPRINTABLE.sub(_escape_char, text) if _UNPRINTABLE.search(text) else text

# path -> the file's lines, from the project's cache of what the rules read (None: not read)
LineSource = Callable[[str], Optional[Sequence[str]]]


def render(
    findings: Sequence[Finding], fmt: str, lines: Optional[LineSource] = None, max_annotations: Optional[int] = None
) -> str:
    """Findings in `fmt`; text quotes the offending line under each finding when `lines` is given.

    `max_annotations` (github only): annotate the first N findings; the rest follow as plain
    text lines under one summary annotation, so the log still holds every finding."""
    if fmt == "json":
        import json  # lazy: start-up

        text = json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)
        # (a name that is not UTF-8: its surrogates become JSON's \udcXX escapes, printable)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    if fmt == "github":
        if max_annotations is None or len(findings) <= max_annotations:
            return "\n".join(_github(f) for f in findings)
        shown, rest = findings[:max_annotations], findings[max_annotations:]
        errors = sum(1 for f in rest if f.severity == ERROR)
        note = (
            f"::notice title=bep::{len(rest)} more finding{'s' * (len(rest) != 1)} ({errors} error{'s' * (errors != 1)}) "
            f"not annotated (--max-annotations {max_annotations}); the job log lists them below"
        )
        return "\n".join([*(_github(f) for f in shown), note, *(_text(f) for f in rest)])
    if lines is not None:
        return "\n".join(_text(f) + _quote(f, lines) for f in findings)
    return "\n".join(_text(f) for f in findings)


def _quote(finding: Finding, lines: LineSource) -> str:
    """The finding's line with a caret under its column, the way rustc shows it:

        12 | | 1002 | C | - | Nope |
           |                   ^
    """
    if finding.line is None:
        return ""
    text = lines(finding.path)
    if text is None or not 1 <= finding.line <= len(text):
        return ""
    line = text[finding.line - 1]
    gutter = " " * len(str(finding.line))
    shown = printable(line.replace("\t", "    "))
    quoted = f"\n{gutter} |\n{finding.line} | {shown}"
    if finding.column is None:
        return quoted
    before = printable(line[: max(finding.column - 1, 0)].replace("\t", "    "))
    return quoted + f"\n{gutter} | {' ' * display_width(before)}^"


def _text(finding: Finding) -> str:
    where = finding.path
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    return printable(f"{where}: {finding.severity} {finding.rule}: {finding.message}")


def _escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF as GitHub's runner decodes them; any
    other control character shown as an escape (a log is a terminal too)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _nameable(path: str) -> bool:
    """Whether `file=` can name `path` so that GitHub finds it: the runner decodes only
    `%`, CR, LF, `:` and `,`; a name with another control character or bytes that are not
    UTF-8 would name another file (or none), so the path goes in the message instead."""
    return not _UNPRINTABLE.search(path.replace("\r", "").replace("\n", ""))


def _github(finding: Finding) -> str:
    level = "error" if finding.severity == ERROR else "warning"
    props = []
    message = finding.message
    if finding.path.startswith("<"):  # `<title>`: a PR title given on the command line is no file
        pass
    elif _nameable(finding.path):
        props.append(f"file={_escape_property(finding.path)}")
        if finding.line is not None:
            props.append(f"line={finding.line}")
            if finding.column is not None:
                props.append(f"col={finding.column}")
    else:
        message = f"{finding.path}: {message}"
    props.append(f"title={_escape_property(finding.rule)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def summary(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "No problems found."
    parts: List[str] = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    fixable = sum(1 for f in findings if f.fixable)
    tail = f" ({fixable} fixable with `bep fix`)" if fixable else ""
    return f"Found {' and '.join(parts)}{tail}."
