"""Mutation score of chosen modules: `python mutation/run.py hooks/parse/registry.py [MODULE ...]`.

Changes the code one small step at a time (mutation/mutate.py: a flipped comparison,
`and` for `or`, a constant ±1, `not` removed or added, `return None`, a statement
deleted, `break` for `continue`) and runs the tests that cover the changed line. A
mutant no test fails *survived*: a behaviour nothing pins. Prints per module: mutants,
killed, survived, score.

    python mutation/run.py hooks/parse/registry.py hooks/parse/title.py   # score two modules
    python mutation/run.py --survivors hooks/parse/source.py              # and each survivor's diff
    python mutation/run.py --report-only hooks/parse/source.py            # the last results, run nothing
    python mutation/run.py --all hooks/parse/source.py                    # run killed mutants again too
    python mutation/run.py --workers 1 hooks/rules/*.py                   # one worker on a busy machine

How it stays fast on two cores:
- which tests cover which line is collected once, with coverage.py's per-test contexts,
  and kept per test file in mutation/.cache/ (a test file that changes is collected
  again, alone; a module that changes keeps the lines the change did not touch);
- a mutant runs only the tests that cover its line, fastest first, stopping at the first
  failure, in a process forked from a warm one (pytest and the dependencies imported once);
- the mutated package is a copy of hooks/ imported as bep_hooks from a folder put first
  on sys.path and PYTHONPATH (so tests that start `bep` in a subprocess see it too);
- results are kept by mutant (the enclosing function's text + the change): a second run
  re-runs only the survivors, after a test was written for them.
A mutant whose tests run longer than their time without it (x3, +10 s) is killed by
timeout: it looped. Hypothesis runs at the project's settings, derandomized
(tests/conftest.py's `mutation` profile), so a mutant's fate does not depend on a draw.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mutate  # noqa: E402

ROOT = HERE.parent

# Tests left out: the e2e tests need the network; tests that time themselves measure
# speed, not behaviour, and would run a minute for every survivor.
PROJECT_PYTEST_ARGS = [
    "-m",
    "not e2e",
    "-k",
    "not bounded_time",
    "--hypothesis-profile=mutation",
    "--deselect",
    "tests/test_title.py::test_pathological_titles_are_read_quickly",
    "--deselect",
    "tests/test_frontmatter.py::test_alias_bomb_is_not_expanded",
    "--deselect",
    "tests/test_frontmatter.py::test_deep_nesting_is_refused_quickly",
]
KILLED = ("killed", "timeout")
SLOW = 1.0  # seconds (under coverage): a test this slow runs after the quick ones


@dataclass
class Setup:
    root: Path  # the project: tests run with it as working directory
    package_dir: Path  # the folder that is mutated (hooks/)
    import_name: str  # the name it is imported as (bep_hooks)
    tests: Path  # the tests folder
    pytest_args: List[str] = field(default_factory=list)
    cache: Path = HERE / ".cache"
    workers: int = 2
    extra_path: List[str] = field(default_factory=list)  # on PYTHONPATH while collecting coverage
    quiet: bool = False
    deadline: Optional[float] = None  # time.monotonic() after which no more mutants are run

    def say(self, *args):
        if not self.quiet:
            print(*args, file=sys.stderr, flush=True)


def project_setup() -> Setup:
    return Setup(
        root=ROOT,
        package_dir=ROOT / "hooks",
        import_name="bep_hooks",
        tests=ROOT / "tests",
        pytest_args=list(PROJECT_PYTEST_ARGS),
    )


def _hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


# ---------------------------------------------------------------- which tests cover which line


def _test_files(setup: Setup) -> List[Path]:
    return sorted(setup.tests.rglob("test_*.py"))


def _file_key(setup: Setup, test_file: Path) -> str:
    """A test file's coverage is collected again when it, a helper beside it, or the options change."""
    helpers = sorted(p for p in setup.tests.rglob("*.py") if not p.name.startswith("test_"))
    parts = [test_file.read_bytes()] + [p.read_bytes() for p in helpers] + [json.dumps(setup.pytest_args).encode()]
    return _hash(b"\0".join(parts))


def _coverage_path(setup: Setup, test_file: Path) -> Path:
    name = test_file.relative_to(setup.root).as_posix().replace("/", "__")
    return setup.cache / "coverage" / (name + ".json")


def collect(setup: Setup) -> Dict[str, dict]:
    """Per test file: {"key", "modules": {module: {"hash", "lines": {line: [test ids]}}}, "durations"}."""
    stale = []
    maps = {}
    for test_file in _test_files(setup):
        path = _coverage_path(setup, test_file)
        key = _file_key(setup, test_file)
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") == key:
                maps[test_file.name] = data
                continue
        stale.append((test_file, key))
    if stale:
        setup.say(f"collecting which tests cover which line: {len(stale)} test file(s)")
        started = time.monotonic()
        groups = [stale[i :: setup.workers] for i in range(setup.workers)]
        running = [_start_collection(setup, group, index) for index, group in enumerate(groups) if group]
        for process, group, files in running:
            process.wait()
            for test_file, key in group:
                maps[test_file.name] = _store_collection(setup, test_file, key, files)
        setup.say(f"collected in {time.monotonic() - started:.0f} s")
    return maps


def _start_collection(setup: Setup, group, index):
    work = setup.cache / "collect"
    work.mkdir(parents=True, exist_ok=True)
    files = {"coverage": work / f"coverage-{index}", "record": work / f"record-{index}.json", "log": work / f"log-{index}.txt"}
    for path in files.values():
        if path.exists():
            path.unlink()
    env = dict(os.environ)
    env["COVERAGE_FILE"] = str(files["coverage"])
    env["MUTATION_RECORD"] = str(files["record"])
    env["PYTHONPATH"] = os.pathsep.join([str(HERE)] + setup.extra_path + [env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "mutation_record",
        f"--cov={setup.package_dir}",
        "--cov-context=test",
        "--cov-report=",
        "--cov-fail-under=0",
        "--basetemp",
        str(work / f"tmp-{index}"),
        *setup.pytest_args,
        *[str(test_file) for test_file, _ in group],
    ]
    log = open(files["log"], "w")
    process = subprocess.Popen(command, cwd=setup.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, group, files


def _store_collection(setup: Setup, test_file: Path, key: str, files) -> dict:
    import coverage  # lazy: only the runner needs it

    record = json.loads(files["record"].read_text(encoding="utf-8")) if files["record"].exists() else {}
    prefix = test_file.relative_to(setup.root).as_posix() + "::"
    durations = {t: r["seconds"] for t, r in record.items() if t.startswith(prefix) and r["passed"]}
    failed = sorted(t for t, r in record.items() if t.startswith(prefix) and not r["passed"])
    modules: Dict[str, dict] = {}
    if files["coverage"].exists():
        data = coverage.CoverageData(basename=str(files["coverage"]))
        data.read()
        for measured in data.measured_files():
            path = Path(measured)
            try:
                module = path.resolve().relative_to(setup.root).as_posix()
            except ValueError:
                continue
            lines: Dict[str, List[str]] = {}
            for line, contexts in (data.contexts_by_lineno(measured) or {}).items():
                tests = sorted({c.rsplit("|", 1)[0] for c in contexts if c.startswith(prefix)} & set(durations))
                if tests:
                    lines[str(line)] = tests
            if lines:
                source = path.read_bytes()
                _keep_source(setup, source)
                modules[module] = {"hash": _hash(source), "lines": lines}
    result = {"key": key, "modules": modules, "durations": durations, "failed": failed}
    if failed:
        setup.say(f"  {test_file.name}: {len(failed)} test(s) fail without a mutant, left out: {failed[:3]}")
    path = _coverage_path(setup, test_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result), encoding="utf-8")
    return result


def _keep_source(setup: Setup, source: bytes):
    path = setup.cache / "sources" / _hash(source)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source)


def _line_map(setup: Setup, old_hash: str, new: bytes) -> Optional[Dict[int, int]]:
    """Old line -> new line for the lines an edit did not touch (None: the old text is gone)."""
    import difflib  # lazy: only when a module changed

    path = setup.cache / "sources" / old_hash
    if not path.exists():
        return None
    old_lines = path.read_bytes().splitlines()
    new_lines = new.splitlines()
    mapping = {}
    for block in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_matching_blocks():
        for i in range(block.size):
            mapping[block.a + i + 1] = block.b + i + 1
    return mapping


def coverage_of(setup: Setup, maps: Dict[str, dict], module: str, source: bytes):
    """line -> test ids covering it now, and each test's duration; whether lines were carried over an edit."""
    lines: Dict[int, set] = {}
    durations: Dict[str, float] = {}
    moved = False
    current = _hash(source)
    for data in maps.values():
        durations.update(data["durations"])
        entry = data["modules"].get(module)
        if not entry:
            continue
        mapping = None
        if entry["hash"] != current:
            moved = True
            mapping = _line_map(setup, entry["hash"], source) or {}
        for line, tests in entry["lines"].items():
            line = int(line)
            if mapping is not None:
                if line not in mapping:
                    continue
                line = mapping[line]
            lines.setdefault(line, set()).update(tests)
    return lines, durations, moved


# ---------------------------------------------------------------- running mutants


def _tests_for(mutant: mutate.Mutant, lines, function_lines, moved) -> List[str]:
    tests = set()
    for line in range(mutant.line, mutant.last_line + 1):
        tests |= lines.get(line, set())
    if not tests and moved:
        # the module changed since coverage was collected and this line is new: the
        # tests of the function it is in
        first, last = function_lines
        for line in range(first, last + 1):
            tests |= lines.get(line, set())
    return sorted(tests)


def _function_spans(source: bytes):
    import ast  # lazy: only the runner needs it

    spans = {}

    def walk(node, names):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = names + [child.name]
                if not isinstance(child, ast.ClassDef):
                    spans.setdefault(".".join(name), (child.lineno, child.end_lineno))
                walk(child, name)
            else:
                walk(child, names)

    walk(ast.parse(source), [])
    return spans


def order_tests(tests: List[str], durations: Dict[str, float], quick_only: bool = False) -> List[str]:
    """Fastest first (most mutants die in the first few); without the slow ones (the
    property tests) when only a quick look is wanted."""
    ordered = sorted(tests, key=lambda t: (durations.get(t, 1.0), t))
    if quick_only:
        ordered = [t for t in ordered if durations.get(t, 1.0) < SLOW]
    return ordered


def _start_worker(setup: Setup, base: Path, index: int, jobs: List[dict]):
    """A pytest session that collects the tests once and runs its jobs (mutation_worker.py)."""
    slot = base / f"worker-{index}"
    package = slot / "path" / setup.import_name
    shutil.copytree(setup.package_dir, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    import compileall  # lazy: only the runner needs it

    compileall.compile_dir(str(package), quiet=1)
    files = {"jobs": slot / "jobs.jsonl", "out": slot / "out.jsonl", "log": slot / "log.txt"}
    with open(files["jobs"], "w", encoding="utf-8") as handle:
        for job in jobs:
            handle.write(json.dumps(job) + "\n")
    files["out"].write_text("")
    env = dict(os.environ)
    env["MUTATION_JOBS"] = str(files["jobs"])
    env["MUTATION_OUT"] = str(files["out"])
    env["MUTATION_SLOT"] = str(slot / "path")
    env["PYTHONPATH"] = os.pathsep.join([str(slot / "path"), str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    test_files = sorted({test.split("::", 1)[0] for job in jobs for test in job["tests"]})
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:pytest_cov",
        "-p",
        "mutation_worker",
        "--basetemp",
        str(slot / "tmp"),
        *setup.pytest_args,
        *test_files,
    ]
    log = open(files["log"], "w")
    process = subprocess.Popen(command, cwd=setup.root, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, files


def run_mutants(setup: Setup, jobs: List[dict], results: Dict[str, dict], save) -> None:
    """Runs the jobs in `setup.workers` warm pytest sessions; results[key] is filled as each ends."""
    base = Path(tempfile.mkdtemp(prefix="mutation-"))
    workers = []
    try:
        # the cheapest first (most mutants are known soonest), dealt out in turn
        jobs = sorted(jobs, key=lambda job: job["cost"])
        for index in range(min(setup.workers, len(jobs))):
            workers.append(_start_worker(setup, base, index, jobs[index :: setup.workers]))
        modules = {job["key"]: job["path_in_project"] for job in jobs}
        seen = 0
        last_save = time.monotonic()
        while True:
            alive = [process for process, _ in workers if process.poll() is None]
            lines = []
            for _, files in workers:
                text = files["out"].read_text(encoding="utf-8")
                lines += [json.loads(line) for line in text.splitlines() if line.endswith("}")]
            if len(lines) != seen:
                seen = len(lines)
                for entry in lines:
                    key = entry.pop("key")
                    entry["module"] = modules[key]
                    results[key] = entry
                setup.say(f"  {seen}/{len(jobs)} mutants run")
                if time.monotonic() - last_save > 15:
                    save()
                    last_save = time.monotonic()
            if not alive:
                break
            if setup.deadline is not None and time.monotonic() > setup.deadline:
                setup.say("time is up: the mutants not run yet stay not run")
                break
            time.sleep(0.5)
        if seen < len(jobs) and not any(process.poll() is None for process, _ in workers):
            for process, files in workers:
                setup.say(f"a worker ended with {process.returncode} ({files['log']}):")
                setup.say(files["log"].read_text(errors="replace")[-3000:])
    finally:
        for process, files in workers:
            if process.poll() is None:
                process.kill()
                process.wait()
                child = files["log"].parent / "child.pid"
                try:
                    os.killpg(int(child.read_text()), 9)
                except (OSError, ValueError):
                    pass
        save()
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------- the command


def _results_path(setup: Setup) -> Path:
    return setup.cache / "results.json"


def load_results(setup: Setup) -> Dict[str, dict]:
    path = _results_path(setup)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_results(setup: Setup, results: Dict[str, dict]):
    path = _results_path(setup)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(results, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def score(setup: Setup, modules: Sequence[str], *, rerun_all=False, report_only=False, limit=None, quick_only=False):
    """Runs what is not known yet; returns {module: (mutants, {key: status}, {key: tests})}."""
    results = load_results(setup)
    plan = {}
    jobs = []
    maps = None if report_only else collect(setup)
    for module in modules:
        source = (setup.root / module).read_bytes()
        found = list(mutate.mutants(module, source))
        plan[module] = (source, found)
        if report_only:
            continue
        lines, durations, moved = coverage_of(setup, maps, module, source)
        package_path = (setup.root / module).relative_to(setup.package_dir)
        spans = _function_spans(source)
        for mutant in found:
            known = results.get(mutant.key, {}).get("status")
            if known in KILLED and not rerun_all:
                continue
            tests = _tests_for(mutant, lines, spans.get(mutant.function, (mutant.line, mutant.last_line)), moved)
            if not tests:
                results[mutant.key] = {"status": "uncovered", "module": module}
                continue
            tests = order_tests(tests, durations, quick_only)
            if not tests:
                results[mutant.key] = {"status": "survived", "module": module, "note": "only slow tests cover it"}
                continue
            cost = sum(durations.get(t, 1.0) for t in tests)
            jobs.append(
                {
                    "key": mutant.key,
                    "path_in_project": module,
                    "module": ".".join([setup.import_name, *package_path.with_suffix("").parts]),
                    "path": (Path(setup.import_name) / package_path).as_posix(),
                    "source": mutant.apply(source).decode("utf-8"),
                    "chain": [list(link) for link in mutant.chain],
                    "tests": tests,
                    "timeout": 10 + 3 * cost,
                    "cost": cost,
                }
            )
    if limit is not None:
        jobs = jobs[:limit]
    if jobs:
        setup.say(f"running {len(jobs)} mutants with {setup.workers} worker(s)")
        started = time.monotonic()
        run_mutants(setup, jobs, results, lambda: save_results(setup, results))
        setup.say(f"ran {len(jobs)} mutants in {time.monotonic() - started:.0f} s")
    elif not report_only:
        save_results(setup, results)
    return {module: (source, found, {m.key: results.get(m.key, {}).get("status") for m in found}) for module, (source, found) in plan.items()}


def report(scored, *, survivors=False, out=sys.stdout) -> float:
    """Prints the table (and the survivors); returns the lowest score."""
    lowest = 100.0
    print("| module | mutants | killed | timeouts | survived | not covered | score |", file=out)
    print("|---|---|---|---|---|---|---|", file=out)
    alive = []
    for module, (source, found, statuses) in scored.items():
        counts = {}
        for status in statuses.values():
            counts[status] = counts.get(status, 0) + 1
        killed = counts.get("killed", 0) + counts.get("timeout", 0)
        not_run = counts.get(None, 0)
        run = len(found) - not_run  # (a mutant not run yet counts neither way)
        value = 100.0 * killed / run if run else 100.0
        lowest = min(lowest, value)
        extra = f" ({not_run} not run yet)" if not_run else ""
        errors = f", {counts['error']} errors" if counts.get("error") else ""
        print(
            f"| `{module}` | {len(found)}{extra} | {counts.get('killed', 0)} | {counts.get('timeout', 0)} | "
            f"{counts.get('survived', 0)}{errors} | {counts.get('uncovered', 0)} | {value:.1f}% |",
            file=out,
        )
        alive += [(module, source, m, statuses[m.key]) for m in found if statuses[m.key] not in KILLED]
    if survivors == "markdown" and alive:
        for module in scored:
            mine = [(source, mutant, status) for m, source, mutant, status in alive if m == module]
            if mine:
                print(f"\n### {module}\n", file=out)
            for source, mutant, status in mine:
                before = source[mutant.start : mutant.end].decode("utf-8")
                first = before.splitlines()[0].strip() if before.strip() else before
                if mutant.operator == "statement deleted":
                    more = " ..." if len(before.splitlines()) > 1 else ""
                    what = f"`{first}{more}` deleted"
                elif "\n" in before:
                    what = f"`{' '.join(before.split())}` -> `{mutant.replacement.decode('utf-8')}`"
                else:  # the line as the mutant has it
                    index = source[: mutant.start].count(b"\n")
                    what = f"`{mutant.apply(source).decode('utf-8').splitlines()[index].strip()}`"
                fate = "" if status == "survived" else f" ({status or 'not run'})"
                print(f"- {mutant.line} `{mutant.function}` {mutant.operator}{fate}: {what}", file=out)
    elif survivors and alive:
        print(file=out)
        for module, source, mutant, status in alive:
            print(f"{status or 'not run'}: {module}:{mutant.line} {mutant.function}: {mutant.operator} [{mutant.key}]", file=out)
            print(mutant.diff(source), file=out)
    return lowest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="module paths, e.g. hooks/parse/registry.py")
    parser.add_argument("--workers", type=int, default=2, help="mutants run in parallel (default 2)")
    parser.add_argument("--survivors", action="store_true", help="print each surviving mutant's line and diff")
    parser.add_argument("--markdown", action="store_true", help="list the survivors as SURVIVORS.md does")
    parser.add_argument("--report-only", action="store_true", help="print the last results without running")
    parser.add_argument("--all", action="store_true", help="run every mutant again, not only those not killed")
    parser.add_argument("--limit", type=int, default=None, help="run at most this many mutants (a quick look)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the slow tests (over 1 s: the property tests); the score is then a lower bound",
    )
    parser.add_argument("--minutes", type=float, default=None, help="stop running mutants after this long")
    parser.add_argument("--fail-under", type=float, default=None, help="exit 1 if a module scores below this")
    args = parser.parse_args(argv)
    setup = project_setup()
    setup.workers = max(1, args.workers)
    if args.minutes is not None:
        setup.deadline = time.monotonic() + 60 * args.minutes
    modules = []
    for module in args.modules:
        path = (Path.cwd() / module).resolve()
        if not path.is_file() or path.suffix != ".py":
            parser.error(f"{module} is not a Python file")
        try:
            modules.append(path.relative_to(ROOT).as_posix())
        except ValueError:
            parser.error(f"{module} is not in {ROOT}")
    started = time.monotonic()
    scored = score(
        setup, modules, rerun_all=args.all, report_only=args.report_only, limit=args.limit, quick_only=args.quick
    )
    lowest = report(scored, survivors="markdown" if args.markdown else args.survivors)
    if not args.report_only:
        print(f"\n({time.monotonic() - started:.0f} s)")
    if args.fail_under is not None and lowest < args.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
