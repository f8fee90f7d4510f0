"""JMESPath conditions compiled to Python closures.

jmespath evaluates by walking its AST with a visitor for every card and rule; the conditions rules use
are a small subset (fields, comparisons, and/or/not, literals, contains/length...), which compile to
closures that run ~10x faster with exactly JMESPath's semantics. Anything outside the subset falls back
to jmespath's own interpreter, so every valid expression still works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Fn = Callable[[Any], Any]


class Unsupported(Exception):
    """The expression uses a construct this compiler leaves to jmespath."""


def _false(value: Any) -> bool:
    # JMESPath falsiness: false, null, "", [] and {} (0 is true).
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _equals(x: Any, y: Any) -> bool:
    # JMESPath: true/false never equal the numbers 1/0.
    if isinstance(x, bool) != isinstance(y, bool) and (_number(x) or _number(y)):
        return False
    return bool(x == y)


def _field(name: str) -> Fn:
    def get(value: Any) -> Any:
        return value.get(name) if isinstance(value, dict) else None

    return get


def _ordering(op: str, left: Fn, right: Fn) -> Fn:
    import operator

    cmp = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge}[op]

    def run(value: Any) -> Any:
        a, b = left(value), right(value)
        # JMESPath orders numbers and (by popular demand) strings; anything else is null.
        if not ((_number(a) or isinstance(a, str)) and (_number(b) or isinstance(b, str))):
            return None
        try:
            return cmp(a, b)
        except TypeError:
            raise Unsupported from None  # a number against a string: jmespath reports it

    return run


def _contains(args: list[Fn]) -> Fn:
    subject, search = args

    def run(value: Any) -> Any:
        s, x = subject(value), search(value)
        if isinstance(s, list):
            return x in s  # jmespath's contains() uses Python's `in` (so 1 matches true)
        if isinstance(s, str) and isinstance(x, str):
            return x in s
        raise Unsupported  # jmespath raises a type error here: let it report it

    return run


def _length(args: list[Fn]) -> Fn:
    (subject,) = args

    def run(value: Any) -> Any:
        s = subject(value)
        if isinstance(s, str | list | dict):
            return len(s)
        raise Unsupported

    return run


def _prefix(args: list[Fn], ends: bool) -> Fn:
    subject, part = args

    def run(value: Any) -> Any:
        s, p = subject(value), part(value)
        if isinstance(s, str) and isinstance(p, str):
            return s.endswith(p) if ends else s.startswith(p)
        raise Unsupported

    return run


def compile_ast(node: dict[str, Any]) -> Fn:
    """A closure computing what jmespath would for this AST node; raises Unsupported otherwise."""
    kind = node["type"]
    ch = node.get("children", [])
    if kind == "field":
        return _field(node["value"])
    if kind == "subexpression":  # a.b.c is one node with three children
        steps = [compile_ast(c) for c in ch]

        def chain(v: Any) -> Any:
            for step in steps:
                v = step(v)
                if v is None:
                    return None
            return v

        return chain
    if kind in ("current", "identity"):
        return lambda v: v
    if kind == "literal":
        lit = node["value"]
        return lambda v: lit
    if kind == "comparator":
        left, right = compile_ast(ch[0]), compile_ast(ch[1])
        op = node["value"]
        if op == "eq":
            return lambda v: _equals(left(v), right(v))
        if op == "ne":
            return lambda v: not _equals(left(v), right(v))
        return _ordering(op, left, right)
    if kind == "and_expression":
        left, right = compile_ast(ch[0]), compile_ast(ch[1])

        def both(v: Any) -> Any:
            a = left(v)
            return a if _false(a) else right(v)

        return both
    if kind == "or_expression":
        left, right = compile_ast(ch[0]), compile_ast(ch[1])

        def either(v: Any) -> Any:
            a = left(v)
            return right(v) if _false(a) else a

        return either
    if kind == "not_expression":
        inner = compile_ast(ch[0])
        return lambda v: _false(inner(v))
    if kind == "index_expression" and ch[1]["type"] == "index":
        left, i = compile_ast(ch[0]), ch[1]["value"]

        def index(v: Any) -> Any:
            seq = left(v)
            if not isinstance(seq, list):
                return None
            try:
                return seq[i]
            except IndexError:
                return None

        return index
    if kind in ("projection", "filter_projection"):  # items[*].x and items[?cond].x
        left, right = compile_ast(ch[0]), compile_ast(ch[1])
        keep = compile_ast(ch[2]) if kind == "filter_projection" else None

        def project(v: Any) -> Any:
            items = left(v)
            if not isinstance(items, list):
                return None
            out = []
            for item in items:
                if keep is not None and _false(keep(item)):
                    continue
                value = right(item)
                if value is not None:
                    out.append(value)
            return out

        return project
    if kind == "flatten":
        inner = compile_ast(ch[0])

        def flatten(v: Any) -> Any:
            items = inner(v)
            if not isinstance(items, list):
                return None
            out: list[Any] = []
            for item in items:
                if isinstance(item, list):
                    out.extend(item)
                else:
                    out.append(item)
            return out

        return flatten
    if kind == "function_expression":
        args = [compile_ast(c) for c in ch]
        name = node["value"]
        if name == "contains" and len(args) == 2:
            return _contains(args)
        if name == "length" and len(args) == 1:
            return _length(args)
        if name in ("starts_with", "ends_with") and len(args) == 2:
            return _prefix(args, name == "ends_with")
    raise Unsupported(kind)


def compile_condition(expression: str, ast: dict[str, Any]) -> Fn:
    """A fast evaluator for a JMESPath expression (and its parsed AST), falling back to jmespath itself
    for constructs outside the compiled subset. jmespath is imported only if that fallback runs, so
    rules loaded from the cache cost no jmespath import at all."""
    fallback: list[Any] = []

    def interpreted(value: Any) -> Any:
        if not fallback:
            from jmespath.parser import ParsedResult

            fallback.append(ParsedResult(expression, ast))  # type: ignore[arg-type]
        return fallback[0].search(value)

    try:
        fast = compile_ast(ast)
    except Unsupported:
        return interpreted

    def run(value: Any) -> Any:
        try:
            return fast(value)
        except Unsupported:
            return interpreted(value)

    return run
