"""The import graph of the package: no cycle, counting the imports inside functions; an
import inside a function is there for start-up speed and says so (`# lazy: start-up`)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

PACKAGE = Path(__file__).resolve().parent.parent / "hooks"
NAME = "bep_hooks"  # (the installed name of the folder hooks/)
MARK = "# lazy: start-up"


def _modules() -> Dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join([NAME, *parts])] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[Tuple[ast.stmt, bool]]:
    """(import statement, whether it stands inside a function), leaving out what only a
    type checker reads (`if TYPE_CHECKING:`)."""

    def walk(node: ast.AST, in_function: bool) -> Iterator[Tuple[ast.stmt, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    yield from walk(other, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function
            yield from walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    yield from walk(tree, False)


def _targets(module: str, is_package: bool, node: ast.stmt, known: Set[str]) -> Set[str]:
    """The package's modules an import statement loads."""
    found = set()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            base = base if is_package else base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        names = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
    for name in names:
        if name in known:
            found.add(name)
    return found - {module}


def graph() -> Dict[str, Set[str]]:
    modules = _modules()
    known = set(modules)
    edges: Dict[str, Set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: Set[str] = set()
        for node, _ in _imports(tree):
            targets |= _targets(module, path.name == "__init__.py", node, known)
        edges[module] = targets
    return edges


def cycles(edges: Dict[str, Set[str]]) -> List[List[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle_counting_imports_inside_functions():
    edges = graph()
    assert len(edges) > 30 and edges["bep_hooks.cli"]  # (the walk sees the package)
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_import_inside_a_function_says_why_it_is_there():
    unmarked = []
    for module, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, in_function in _imports(ast.parse("\n".join(lines))):
            if in_function and not any(MARK in lines[n - 1] for n in range(node.lineno, node.end_lineno + 1)):
                unmarked.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert unmarked == [], "\n".join(unmarked)


def test_type_checking_imports_are_left_out_of_the_graph():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import engine\ndef f():\n    from . import cli\n")
    seen = [(type(node).__name__, inside) for node, inside in _imports(tree)]
    assert seen == [("ImportFrom", False), ("ImportFrom", True)]


def test_the_package_installs_as_bep_hooks_and_no_top_level_hooks(tmp_path):
    """The folder is hooks/, the installed name is bep_hooks: outside this checkout, a
    `hooks` package of the user's own is never shadowed by ours (nor ours by theirs)."""
    import subprocess
    import sys

    code = (
        "import importlib.util, bep_hooks.cli, sys\n"
        "print(importlib.util.find_spec('hooks') is None, sorted({m.split('.')[0] for m in sys.modules} & {'hooks'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "[]"]
