"""Mutation score of chosen modules: `python mutation/run.py hooks/parse/registry.py [MODULE ...]`.

Runs mutmut 3 (configured in pyproject.toml, [tool.mutmut]) over the functions of the
given modules only, each mutant against only the tests that call the mutated function,
then prints per module: mutants, killed, survived, score. Modules are named by path, so
the command follows code that moves (run it again with the new path).

    python mutation/run.py hooks/parse/registry.py hooks/parse/title.py     # score two modules
    python mutation/run.py --workers 1 hooks/rules/*.py         # one worker on a busy machine
    python mutation/run.py --survivors hooks/parse/source.py          # also print each survivor's diff
    python mutation/run.py --report-only hooks/parse/source.py        # print the last results, run nothing
    python mutation/run.py --all hooks/parse/source.py                # run killed mutants again too

A second run re-runs only the mutants no test killed (a mutant whose function changed
is run again in any case): after writing a test, run the same command.

Needs `pip install -e '.[mutation]'`. The first run collects which tests call which
function (the whole suite once, traced); later runs reuse it and re-run only what changed.
Results live in `mutants/` (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Exit codes mutmut records: a failing test, a pytest error, a timeout (an endless loop),
# a type error. 0 is a survivor, 33 a mutant no test calls; None: not run yet.
KILLED = {1, 3, 36, 37, -24, 24, 152, 255}


def mutant_glob(module: str) -> str:
    """mutmut's names for the mutants of `module`: `hooks.parse.registry.x_split_cells__mutmut_1`,
    `hooks.parse.registry.xǁRowǁcell__mutmut_2` (methods); `x*` keeps `hooks.registry_format`
    and `hooks.rules.registry` out of `hooks/parse/registry.py`'s set."""
    path = Path(module)
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) + ".x*"


def results(module: str):
    meta = ROOT / "mutants" / (module + ".meta")
    if not meta.exists():
        return None
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="module paths, e.g. hooks/parse/registry.py")
    parser.add_argument("--workers", type=int, default=2, help="mutants run in parallel (default 2)")
    parser.add_argument("--survivors", action="store_true", help="print the diff of each surviving mutant")
    parser.add_argument("--report-only", action="store_true", help="print the last results without running")
    parser.add_argument(
        "--all", action="store_true", help="run every mutant again, not only those no test killed in the last run"
    )
    parser.add_argument("--fail-under", type=float, default=None, help="exit 1 if a module scores below this")
    args = parser.parse_args(argv)

    modules = []
    for module in args.modules:
        path = (Path.cwd() / module).resolve()
        if not path.is_file() or path.suffix != ".py":
            parser.error(f"{module} is not a Python file")
        modules.append(path.relative_to(ROOT).as_posix())

    mutmut = [sys.executable, "-m", "mutmut"]
    # Twice at most: when a function changed since the last run, mutmut numbers its mutants
    # anew on the first pass, and the second runs those the first could not name.
    for second in ((False, True) if not args.report_only else ()):
        if run_mutmut(args, modules, mutmut, second) != 0:
            return 2
    return report(args, modules, mutmut)


def run_mutmut(args, modules, mutmut, second: bool) -> int:
    names = [mutant_glob(m) for m in modules]
    if second or not args.all:  # mutmut runs every mutant it is given by name: give only those not killed yet
        names = []
        for module in modules:
            codes = results(module)
            if codes is None:
                names.append(mutant_glob(module))
            else:
                prefix = mutant_glob(module)[:-1]
                # (not those no test calls, 33: mutmut refuses a name whose function no test calls)
                wanted = (lambda c: c is None) if second else (lambda c: c not in KILLED and c != 33)
                names += sorted(n for n, c in codes.items() if n.startswith(prefix) and wanted(c))
    if not names:
        return 0
    command = mutmut + ["run", "--max-children", str(args.workers)] + names
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0:
        print(f"mutmut exited with {done.returncode}", file=sys.stderr)
    return done.returncode


def report(args, modules, mutmut) -> int:
    print()
    print("| module | mutants | killed | survived | score |")
    print("|---|---|---|---|---|")
    failed = False
    survivors = []
    for module in modules:
        codes = results(module)
        if codes is None:
            print(f"| `{module}` | not run | | | |")
            failed = True
            continue
        prefix = mutant_glob(module)[:-1]
        codes = {name: code for name, code in codes.items() if name.startswith(prefix)}
        checked = {name: code for name, code in codes.items() if code is not None}
        killed = sum(1 for code in checked.values() if code in KILLED)
        alive = sorted(name for name, code in checked.items() if code not in KILLED)
        survivors += alive
        score = 100.0 * killed / len(checked) if checked else 0.0
        unchecked = f" ({len(codes) - len(checked)} not run yet)" if len(checked) < len(codes) else ""
        print(f"| `{module}` | {len(codes)}{unchecked} | {killed} | {len(alive)} | {score:.1f}% |")
        if args.fail_under is not None and score < args.fail_under:
            failed = True
    if survivors:
        print("\nsurvivors (`python -m mutmut show NAME` shows one):")
        for name in survivors:
            print(" ", name)
            if args.survivors:
                subprocess.run(mutmut + ["show", name], cwd=ROOT)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
