"""Printing findings for people (text), machines (json) and CI (GitHub annotations)."""

from __future__ import annotations

import json
from typing import List, Sequence

from .findings import ERROR, Finding

FORMATS = ("text", "json", "github")


def render(findings: Sequence[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(_github(f) for f in findings)
    return "\n".join(_text(f) for f in findings)


def _text(finding: Finding) -> str:
    where = finding.path
    if finding.line is not None:
        where += f":{finding.line}"
        if finding.column is not None:
            where += f":{finding.column}"
    return f"{where}: {finding.severity} {finding.rule}: {finding.message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(finding: Finding) -> str:
    level = "error" if finding.severity == ERROR else "warning"
    props = [f"file={_escape_property(finding.path)}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={_escape_property(finding.rule)}")
    return f"::{level} {','.join(props)}::{_escape_data(finding.message)}"


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
