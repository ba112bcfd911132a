"""The mutation runner (mutation/run.py, mutation/mutate.py) on a tiny module, so it cannot rot."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

MUTATION = Path(__file__).resolve().parent.parent / "mutation"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_mutation_{name}", MUTATION / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    sys.path.insert(0, str(MUTATION))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(MUTATION))
    return module


mutate = _load("mutate")

TINY = textwrap.dedent(
    '''\
    """A module to mutate."""

    LIMIT = 10  # module level: not mutated


    def traced(function):
        return function


    @traced
    def clamp(value: int, low: int = 0, high: int = LIMIT) -> int:
        """Docstrings are not mutated."""
        if value < low:
            return low
        if value > high:
            return high
        return value


    class Counter:
        @property
        def label(self) -> str:
            return f"count {self}"


    def first_even(values):
        for value in values:
            if value % 2:
                continue
            return value
    '''
)


def changes(source: str):
    data = source.encode()
    return {(m.line, m.operator, m.apply(data).decode().splitlines()[m.line - 1].strip()) for m in mutate.mutants("tiny.py", data)}


def test_every_operator_in_a_decorated_function_and_nothing_outside_functions():
    found = changes(TINY)
    assert (13, "< -> <=", "if (value <= low):") in found
    assert (13, "not added", "if (not value < low):") in found
    assert (13, "statement deleted", "pass") in found
    assert (14, "return None", "return None") in found
    assert (15, "> -> >=", "if (value >= high):") in found
    assert (29, "continue -> break", "break") in found
    assert (28, "2 -> 3", "if value % (3):") in found and (28, "2 -> 1", "if value % (1):") in found
    lines = {line for line, _, _ in found}
    # module level (LIMIT), the signature's annotations and defaults, the docstring and
    # the f-string are left alone
    assert lines == {7, 13, 14, 15, 16, 17, 23, 28, 29, 30}
    assert all(operator == "return None" for line, operator, _ in found if line in (7, 23))


def test_a_mutant_changes_only_its_span_and_has_a_stable_key():
    data = TINY.encode()
    first = list(mutate.mutants("tiny.py", data))
    # an edit in another function keeps every key of clamp's mutants
    edited = data.replace(b"return function", b"return function  # changed")
    second = list(mutate.mutants("tiny.py", edited))
    keys = lambda found: {m.key for m in found if m.function == "clamp"}  # noqa: E731
    assert keys(first) == keys(second) and len(keys(first)) > 5
    for mutant in first:
        changed = mutant.apply(data)
        assert changed[: mutant.start] == data[: mutant.start]
        assert changed[len(changed) - (len(data) - mutant.end) :] == data[mutant.end :]
        compile(changed, "tiny.py", "exec")
    assert len({m.key for m in first}) == len(first)


@pytest.fixture
def tiny_project(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "__init__.py").write_text("")
    (tmp_path / "tiny" / "calc.py").write_text(
        textwrap.dedent(
            """\
            def traced(function):
                return function


            @traced
            def clamp(value, low, high):
                if value < low:
                    return low
                if value > high:
                    return high
                return value
            """
        )
    )
    (tmp_path / "tinytests").mkdir()
    (tmp_path / "tinytests" / "test_tiny_calc.py").write_text(
        textwrap.dedent(
            """\
            from tiny.calc import clamp


            def test_clamp():
                assert clamp(5, 0, 10) == 5
                assert clamp(-1, 0, 10) == 0
            """
        )
    )
    return tmp_path


def test_the_runner_kills_what_the_test_pins_and_lists_the_boundary_survivors(tiny_project, capsys):
    run = _load("run")
    setup = run.Setup(
        root=tiny_project,
        package_dir=tiny_project / "tiny",
        import_name="tiny",
        tests=tiny_project / "tinytests",
        cache=tiny_project / "cache",
        workers=2,
        extra_path=[str(tiny_project)],
        quiet=True,
    )
    scored = run.score(setup, ["tiny/calc.py"])
    source, found, statuses = scored["tiny/calc.py"]
    fates = sorted((m.line, m.operator, statuses[m.key]) for m in found if statuses[m.key] != "killed")
    assert fates == [
        (2, "return None", "uncovered"),  # runs only at import (a decorator): no test covers it
        (7, "< -> <=", "survived"),  # value == low returns low either way: equivalent
        (9, "> -> >=", "survived"),  # value == high returns high either way: equivalent
        (9, "statement deleted", "survived"),  # nothing tests a value above high
        (10, "return None", "uncovered"),
    ]
    # the decorated function's other mutants were run and killed
    assert sum(1 for m in found if m.function == "clamp" and statuses[m.key] == "killed") == len(found) - 5 > 4
    run.report(scored, survivors=True)
    out = capsys.readouterr().out
    assert f"| `tiny/calc.py` | {len(found)} | {len(found) - 5} | 0 | 3 | 2 |" in out
    assert "survived: tiny/calc.py:7 clamp: < -> <=" in out and "+    if (value <= low):" in out

    # a second run reruns only what was not killed: a test above high kills two more
    test_file = tiny_project / "tinytests" / "test_tiny_calc.py"
    test_file.write_text(test_file.read_text() + "\n\ndef test_above_high():\n    assert clamp(11, 0, 10) == 10\n")
    results = run.load_results(setup)
    killed_before = {k for k, v in results.items() if v["status"] == "killed"}
    scored = run.score(setup, ["tiny/calc.py"])
    _, found, statuses = scored["tiny/calc.py"]
    fates = sorted((m.line, m.operator, statuses[m.key]) for m in found if statuses[m.key] != "killed")
    assert fates == [(2, "return None", "uncovered"), (7, "< -> <=", "survived"), (9, "> -> >=", "survived")]
    after = run.load_results(setup)
    assert all(after[k] == results[k] for k in killed_before)  # not run again
