"""pytest plugin for mutation/run.py's coverage collection: each test's duration and outcome.

Written as JSON to the file named by $MUTATION_RECORD: {test id: {"seconds", "passed"}}.
A test that fails without a mutant is left out of the mutants' runs (it would "kill" every one).
"""

from __future__ import annotations

import json
import os

_record = {}


def pytest_runtest_logreport(report):
    entry = _record.setdefault(report.nodeid, {"seconds": 0.0, "passed": True})
    entry["seconds"] += report.duration
    if report.failed:
        entry["passed"] = False


def pytest_sessionfinish(session):
    path = os.environ.get("MUTATION_RECORD")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(_record, handle)
