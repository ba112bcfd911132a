"""The mutants of a Python module: small AST changes, each spliced into the source text.

Every function body is mutated, decorated or not (a rule's body under `@rule(...)`, a
`@property`); module and class bodies, decorators, default values and annotations are
not (they run at import, where no single test covers them). Operators:

- comparison: `==`/`!=`, `is`/`is not`, `in`/`not in` swapped; `<` `<=` `>` `>=` moved
  across the boundary (`<` as `<=`, `<=` as `<`, ...);
- boolean: `and`/`or` swapped; `not` removed; `not` added to a condition (`if`, `while`,
  a conditional expression, a comprehension's `if`);
- constant: an int or float ±1, `True`/`False` swapped, a string emptied (an empty one
  becomes `"XX"`);
- `return X` as `return None`;
- a statement deleted (replaced by `pass`): expressions, assignments, `raise`,
  `assert`, `del`, and `if` blocks;
- `break` and `continue` swapped.

Each mutant replaces one span of the source's bytes, so comments, line numbers before it
and the rest of the file stay as they are. Its key hashes the enclosing function's text
and the change, so results survive edits elsewhere in the module.
"""

from __future__ import annotations

import ast
import copy
import difflib
import hashlib
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

COMPARE_SWAPS = {
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
    ast.Lt: [ast.LtE],
    ast.LtE: [ast.Lt],
    ast.Gt: [ast.GtE],
    ast.GtE: [ast.Gt],
}
DELETABLE = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Assert, ast.Delete, ast.If)


@dataclass(frozen=True)
class Mutant:
    module: str  # the module's path, as given
    function: str  # qualified name of the function it is in
    operator: str
    line: int  # first line of the statement it changes (what coverage reports)
    last_line: int  # last line of that statement
    start: int  # byte offsets of the replaced span in the module's UTF-8 text
    end: int
    replacement: bytes
    key: str
    chain: Tuple[Tuple[str, int], ...] = ()  # the functions and classes it is in, outermost first

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement + source[self.end :]

    def diff(self, source: bytes) -> str:
        before = source.decode("utf-8").splitlines(keepends=True)
        after = self.apply(source).decode("utf-8").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, after, self.module, self.module + " (mutant)", n=1))


def _offsets(source: bytes) -> List[int]:
    starts = [0]
    for index, byte in enumerate(source):
        if byte == 0x0A:
            starts.append(index + 1)
    return starts


def _is_docstring(node: ast.AST, parent_body: Optional[list]) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and parent_body is not None
        and parent_body
        and parent_body[0] is node
    )


class _Finder:
    """Walks a module, yielding (function, statement, node, operator, replacement node or text)."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.found: List[Tuple[ast.AST, ast.stmt, ast.AST, str, str]] = []
        self.functions: List[ast.AST] = []
        self.names: List[str] = []
        self.chain: List[Tuple[str, int]] = []  # (name, which of that name in its scope)
        self.counts: List[dict] = [{}]

    def run(self):
        self._body(self.tree.body, in_function=False)
        return self.found

    def _body(self, body: list, in_function: bool):
        for statement in body:
            self._statement(statement, body, in_function)

    def _statement(self, node: ast.stmt, body: list, in_function: bool):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.names.append(node.name)
            index = self.counts[-1].get(node.name, 0)
            self.counts[-1][node.name] = index + 1
            self.chain.append((node.name, index))
            self.counts.append({})
            if isinstance(node, ast.ClassDef):
                self._body(node.body, in_function=in_function)
            else:
                self.functions.append(node)
                self._body(node.body, in_function=True)
                self.functions.pop()
            self.names.pop()
            self.chain.pop()
            self.counts.pop()
            return
        if not in_function:
            # module or class level: only look for functions inside compound statements
            for field in ("body", "orelse", "finalbody"):
                self._body(getattr(node, field, []) or [], in_function=False)
            for handler in getattr(node, "handlers", []) or []:
                self._body(handler.body, in_function=False)
            return
        if _is_docstring(node, body):
            return
        add = lambda target, operator, replacement: self.found.append(  # noqa: E731
            (self.functions[-1], ".".join(self.names), tuple(self.chain), node, target, operator, replacement)
        )
        if isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                add(node, "return None", "return None")
        if isinstance(node, ast.Break):
            add(node, "break -> continue", "continue")
        if isinstance(node, ast.Continue):
            add(node, "continue -> break", "break")
        if isinstance(node, DELETABLE) and not (isinstance(node, ast.AnnAssign) and node.value is None):
            if not (isinstance(node, ast.If) and node.orelse):
                add(node, "statement deleted", "pass")
        if isinstance(node, (ast.If, ast.While)):
            add(node.test, "not added", None)
        # the expressions of this statement (not of the statements nested in it)
        for field, value in ast.iter_fields(node):
            if field in ("body", "orelse", "finalbody", "handlers", "annotation", "returns", "decorator_list"):
                continue
            if field == "cases":
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, ast.expr):
                    self._expression(item, add)
                elif isinstance(item, (ast.withitem, ast.comprehension, ast.keyword)):
                    for sub in ast.iter_child_nodes(item):
                        if isinstance(sub, ast.expr):
                            self._expression(sub, add)
        for field in ("body", "orelse", "finalbody"):
            self._body(getattr(node, field, []) or [], in_function=True)
        for handler in getattr(node, "handlers", []) or []:
            if handler.type is not None:
                self._expression(handler.type, add)
            self._body(handler.body, in_function=True)

    def _expression(self, node: ast.expr, add):
        if isinstance(node, ast.JoinedStr):  # f-strings: positions inside are unreliable before 3.12
            return
        if isinstance(node, (ast.Lambda,)):
            self._expression(node.body, add)
            return
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                for new in COMPARE_SWAPS.get(type(op), []):
                    changed = copy.deepcopy(node)
                    changed.ops[index] = new()
                    add(node, f"{_op(op)} -> {_op(new())}", changed)
        elif isinstance(node, ast.BoolOp):
            changed = copy.deepcopy(node)
            changed.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            add(node, "and -> or" if isinstance(node.op, ast.And) else "or -> and", changed)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add(node, "not removed", node.operand)
        elif isinstance(node, ast.IfExp):
            add(node.test, "not added", None)
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                add(node, f"{value} -> {not value}", ast.Constant(not value))
            elif isinstance(value, (int, float)):
                add(node, f"{value!r} -> {value + 1!r}", ast.Constant(value + 1))
                add(node, f"{value!r} -> {value - 1!r}", ast.Constant(value - 1))
            elif isinstance(value, str):
                new = "" if value else "XX"
                add(node, f"{_short(value)} -> {new!r}", ast.Constant(new))
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.comprehension):
                for sub in ast.iter_child_nodes(child):
                    if isinstance(sub, ast.expr):
                        self._expression(sub, add)
                for condition in child.ifs:
                    add(condition, "not added", None)
            elif isinstance(child, ast.keyword):
                self._expression(child.value, add)
            elif isinstance(child, ast.expr):
                self._expression(child, add)


def _op(op) -> str:
    return {
        ast.Eq: "==",
        ast.NotEq: "!=",
        ast.Is: "is",
        ast.IsNot: "is not",
        ast.In: "in",
        ast.NotIn: "not in",
        ast.Lt: "<",
        ast.LtE: "<=",
        ast.Gt: ">",
        ast.GtE: ">=",
    }[type(op)]


def _short(value: str) -> str:
    return repr(value if len(value) <= 20 else value[:17] + "...")


def mutants(module: str, source: bytes) -> Iterator[Mutant]:
    """Every mutant of `source` (the text of `module`), in source order."""
    tree = ast.parse(source)
    starts = _offsets(source)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column

    seen = set()
    found = _Finder(tree).run()
    found.sort(key=lambda f: (f[4].lineno, f[4].col_offset, f[5]))
    for function, name, chain, statement, target, operator, replacement in found:
        start = offset(target.lineno, target.col_offset)
        end = offset(target.end_lineno, target.end_col_offset)
        original = source[start:end]
        if replacement is None:  # `not` added
            text = "(not " + original.decode("utf-8") + ")"
            if "\n" in text:
                text = "(not " + ast.unparse(target) + ")"
        elif isinstance(replacement, str):
            text = replacement
        else:
            text = ast.unparse(replacement)
            if isinstance(target, ast.expr):
                text = "(" + text + ")"
        new = text.encode("utf-8")
        if new == original:
            continue
        changed = source[:start] + new + source[end:]
        try:
            compile(changed, module, "exec", dont_inherit=True)
        except SyntaxError:
            continue
        first = offset(function.lineno, 0)
        last = offset(function.end_lineno, function.end_col_offset)
        digest = hashlib.sha1(
            b"\0".join(
                [module.encode(), name.encode(), source[first:last], str(start - first).encode(), str(end - first).encode(), new]
            )
        ).hexdigest()[:16]
        if digest in seen:
            continue
        seen.add(digest)
        yield Mutant(
            module=module,
            function=name,
            operator=operator,
            line=statement.lineno,
            last_line=statement.lineno if hasattr(statement, "body") else statement.end_lineno,
            start=start,
            end=end,
            replacement=new,
            key=digest,
            chain=chain,
        )
