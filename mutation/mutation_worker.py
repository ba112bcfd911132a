"""pytest plugin: one warm pytest session that runs many mutants (mutation/run.py starts it).

The session collects the tests once, then, instead of running them, reads its jobs
($MUTATION_JOBS, JSON lines: key, module, import name, the mutated text, the chain of
functions the change is in, test ids in order, a time limit) and for each:

- writes the mutated text over the module in this worker's copy of the package
  ($MUTATION_SLOT, first on PYTHONPATH: a test that starts `bep` in a subprocess runs it);
- forks; the child swaps the code of the mutated function (and the functions it is
  nested in) in every live function object that holds it (a decorated rule, a property,
  an lru_cache'd function: whatever refers to it keeps referring to it), runs the tests
  in order and exits 1 at the first failure, 0 if all pass;
- kills the child at the time limit (a mutant that loops: killed by timeout), puts the
  module's text back and writes one result line to $MUTATION_OUT.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import signal
import sys
import time
import types
from pathlib import Path

import pytest


def _code_chain(code, chain):
    """The code objects along `chain` (names of nested functions and classes) in a module's code."""
    found = []
    current = code
    for name, index in chain:
        matches = [c for c in current.co_consts if isinstance(c, types.CodeType) and c.co_name == name]
        if len(matches) <= index:
            return None
        current = matches[index]
        found.append(current)
    return found


def _swap(module_name, original_code, mutated_code, chain):
    """Puts the mutated code into the live functions; returns how many were swapped."""
    old = _code_chain(original_code, chain)
    new = _code_chain(mutated_code, chain)
    if old is None or new is None:
        raise RuntimeError(f"cannot find {chain} in {module_name}")
    # (a module the session's test files do not import, rules/frontmatter.py's for tests that
    # only run `bep`, is imported here: its functions must be live to be swapped)
    module = sys.modules.get(module_name) or importlib.import_module(module_name)
    filename = module.__file__
    wanted = {}
    for before, after in zip(old, new):
        if before.co_name == after.co_name and isinstance(before, types.CodeType):
            wanted[(before.co_name, before.co_firstlineno)] = after
    swapped = 0
    for obj in gc.get_objects():
        if type(obj) is types.FunctionType:
            code = obj.__code__
            if code.co_filename == filename:
                after = wanted.get((code.co_name, code.co_firstlineno))
                if after is not None:
                    obj.__code__ = after
                    swapped += 1
    return swapped


class Worker:
    def __init__(self, config):
        self.config = config
        self.failed = False

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if session.testsfailed and not session.config.option.continue_on_collection_errors:
            raise session.Interrupted(f"{session.testsfailed} errors during collection")
        items = {item.nodeid: item for item in session.items}
        slot = Path(os.environ["MUTATION_SLOT"])
        out = open(os.environ["MUTATION_OUT"], "a", encoding="utf-8")
        with open(os.environ["MUTATION_JOBS"], encoding="utf-8") as handle:
            jobs = [json.loads(line) for line in handle if line.strip()]
        for job in jobs:
            out.write(json.dumps(self.run(job, items, slot)) + "\n")
            out.flush()
        out.close()
        return True

    def run(self, job, items, slot: Path):
        started = time.monotonic()
        target = slot / job["path"]
        original = target.read_bytes()
        stat = target.stat()
        mutated = job["source"].encode("utf-8")
        tests = [items[t] for t in job["tests"] if t in items]
        if not tests:
            return {"key": job["key"], "status": "uncovered", "seconds": 0.0}
        import importlib.util  # lazy: the worker only

        cached = Path(importlib.util.cache_from_source(str(target)))
        saved = cached.read_bytes() if cached.exists() else None
        if cached.exists():
            cached.unlink()
        target.write_bytes(mutated)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self.child(job, tests, original, mutated, str(target))
        (slot.parent / "child.pid").write_text(str(pid))  # for the runner to stop it if it is stopped
        deadline = started + job["timeout"]
        status = None
        while status is None:
            got, code = os.waitpid(pid, os.WNOHANG)
            if got:
                code = os.waitstatus_to_exitcode(code)
                status = {0: "survived", 1: "killed"}.get(code, "killed" if code < 0 else "error")
                if code == 4:
                    status = "error"
            elif time.monotonic() > deadline:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                status = "timeout"
            else:
                time.sleep(0.01)
        target.write_bytes(original)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        if saved is not None:
            cached.write_bytes(saved)
        elif cached.exists():
            cached.unlink()
        result = {"key": job["key"], "status": status, "seconds": round(time.monotonic() - started, 2)}
        if status == "error":
            log = slot.parent / "child.log"
            result["log"] = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        return result

    def child(self, job, tests, original, mutated, filename):
        code = 3
        try:
            os.setpgid(0, 0)
            log = os.open(str(Path(os.environ["MUTATION_SLOT"]).parent / "child.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(log, 1)
            os.dup2(log, 2)
            original_code = compile(original, filename, "exec", dont_inherit=True)
            mutated_code = compile(mutated, filename, "exec", dont_inherit=True)
            chain = [tuple(link) for link in job["chain"]]
            if _swap(job["module"], original_code, mutated_code, chain) == 0:
                # not imported yet, or nothing holds it: the tests import the mutated file
                pass
            factory = self.config._tmp_path_factory
            factory._given_basetemp = Path(os.environ["MUTATION_SLOT"]).parent / "tmp"
            factory._basetemp = None
            session = tests[0].session
            for index, item in enumerate(tests):
                following = tests[index + 1] if index + 1 < len(tests) else None
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
                if session.testsfailed or self.failed:
                    code = 1
                    break
            else:
                code = 0
        except BaseException:  # noqa: BLE001: the child must never return into the worker's loop
            import traceback

            traceback.print_exc()
            code = 4
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed = True


def pytest_configure(config):
    if os.environ.get("MUTATION_JOBS"):
        config.pluginmanager.register(Worker(config), "mutation_worker_loop")
