"""Compiled conditions agree with jmespath itself, value for value."""

from __future__ import annotations

from typing import Any

import jmespath
from hypothesis import given, settings
from hypothesis import strategies as st

from openlint.conditions import compile_condition

EXPRESSIONS = [
    "a", "a.b", "a.b.c", "!(a.b)", "!a", "a == b", "a != b", "a == `1`", "a == `true`", "a == 'x'",
    "a < b", "a <= `2`", "a > 'm'", "a.b && c", "a || c", "(a == b) || !(c)", "contains(a, 'x')",
    "contains(l, `1`)", "length(l)", "starts_with(s, 'op')", "ends_with(s, 'en')", "l[0]", "l[-1]", "l[5]",
    "@", "`null` == a", "a.b == `null`", "c && d.e", "contains(a, b)", "a[*]", "a[*].b", "l[*]",
    "contains(a[*].b, 'x')", "a[?b == 'x']", "a[?b].c", "a[]", "a[].b", "length(a[?b])", "a[*].b[0]",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "x", "open", "m", "zz"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from("abcde"), inner, max_size=3)),
                      max_leaves=8)
docs = st.fixed_dictionaries({}, optional={k: values for k in ("a", "b", "c", "d")}).flatmap(
    lambda d: st.fixed_dictionaries({"l": st.lists(scalars, max_size=4), "s": st.sampled_from(["open", "x", ""])}).map(
        lambda extra: {**d, **extra}))


def outcome(fn: Any, doc: Any) -> Any:
    try:
        return ("ok", fn(doc))
    except Exception as exc:
        return ("error", type(exc).__name__)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(EXPRESSIONS), docs)
def test_compiled_conditions_match_jmespath(expr: str, doc: dict[str, Any]) -> None:
    parsed = jmespath.compile(expr)
    expected = outcome(parsed.search, doc)
    got = outcome(compile_condition(expr, parsed.parsed), doc)
    assert got == expected, (expr, doc)


def test_projection_falls_back_to_jmespath() -> None:
    parsed = jmespath.compile("items[?kind == 'x'].name")
    doc = {"items": [{"kind": "x", "name": "a"}, {"kind": "y", "name": "b"}]}
    assert compile_condition(parsed.expression, parsed.parsed)(doc) == ["a"]
