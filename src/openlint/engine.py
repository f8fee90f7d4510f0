"""Declarative rules: load and validate rule files, evaluate them over a release's facts.

A rule's condition is a JMESPath expression (a standard, side-effect-free query language: no Python is
ever evaluated). JMESPath returns null for a missing field instead of failing, so every field a rule
names is checked against the fact schema when the rule is loaded; a typo is a load-time error that names
the file and the fact.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from openlint import cache
from openlint.conditions import compile_condition
from openlint.diagnostics import SEVERITIES, Diagnostic
from openlint.release import Span
from openlint.schema import SCHEMA, SPAN

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

CATEGORIES = ("openwashing", "license", "metadata", "lineage", "documentation")
_REQUIRED = ("code", "name", "category", "severity", "summary", "message", "explanation", "references", "condition")
_OPTIONAL = ("for_each", "as", "at", "fix", "url")
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


class RuleError(Exception):
    """A rule file that cannot be used. The message names the file and what is wrong."""


@dataclass
class Reference:
    title: str
    url: str


@dataclass
class Rule:
    code: str
    name: str
    category: str
    severity: str
    summary: str
    message: str
    fix: str
    explanation: str
    references: tuple[Reference, ...]
    condition: str
    for_each: str | None
    bind: str | None  # the name the current item has in the condition and the message
    at: str | None
    url: str
    path: str  # the rule file
    ast: Any  # the condition parsed by jmespath (a dict tree)
    test: Any = None  # the condition as a fast closure (conditions.compile_condition)

    def __post_init__(self) -> None:
        if self.test is None:
            self.test = compile_condition(self.condition, self.ast)

    def with_severity(self, severity: str) -> Rule:
        from dataclasses import replace

        return replace(self, severity=severity)


def builtin_rules_dir() -> str:
    """The rules shipped with openlint: inside the installed package, or at the top of a source checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "rules")


def rule_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Rule files: each path itself, or the *.yaml / *.yml files of a folder (sorted)."""
    out: list[str] = []
    for p in (os.fspath(x) for x in paths):
        if os.path.isdir(p):
            out.extend(sorted(
                os.path.join(p, n) for n in os.listdir(p)
                if n.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(p, n))))
        else:
            out.append(p)
    return out


def load_rules(extra: Iterable[str | os.PathLike[str]] = (), builtin: bool = True) -> list[Rule]:
    files = rule_files([builtin_rules_dir()]) if builtin else []
    files += rule_files(extra)
    key = _cache_key(files)
    cached = cache.get(_RULES_CACHE, key) if key else None
    if isinstance(cached, list) and len(cached) == len(files):
        return [_from_cache(item) for item in cached]
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for f in files:
        rule = load_rule(f)
        if rule.code in seen:
            raise RuleError(f"{f}: rule code {rule.code} is already defined in {seen[rule.code]}")
        seen[rule.code] = str(f)
        rules.append(rule)
    rules.sort(key=lambda r: r.code)
    if key:
        cache.put(_RULES_CACHE, key, [_to_cache(r) for r in rules])
    return rules


# Parsing and validating the rule files is most of start-up after imports; a pre-commit run pays it once
# per change of a rule file (or of openlint itself), not once per commit.
_RULES_CACHE = "rules"
_CODE_FILES = ("engine.py", "schema.py")


def _cache_key(files: list[str]) -> str | None:
    here = os.path.dirname(os.path.abspath(__file__))
    parts: list[str] = []
    try:
        for f in [*(os.path.join(here, n) for n in _CODE_FILES), *files]:
            st = os.stat(f)
            parts.append(f"{os.path.abspath(f)}:{st.st_mtime_ns}:{st.st_size}")
    except OSError:
        return None  # a missing file: load_rule reports it
    return cache.text_key("\n".join(parts))


def _to_cache(r: Rule) -> dict[str, Any]:
    return {
        "code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "summary": r.summary,
        "message": r.message, "fix": r.fix, "explanation": r.explanation,
        "references": [[ref.title, ref.url] for ref in r.references], "condition": r.condition,
        "for_each": r.for_each, "bind": r.bind, "at": r.at, "url": r.url, "path": r.path, "ast": r.ast,
    }


def _from_cache(d: dict[str, Any]) -> Rule:
    return Rule(d["code"], d["name"], d["category"], d["severity"], d["summary"], d["message"], d["fix"],
                d["explanation"], tuple(Reference(t, u) for t, u in d["references"]), d["condition"], d["for_each"],
                d["bind"], d["at"], d["url"], d["path"], d["ast"])


def load_rule(path: str | os.PathLike[str]) -> Rule:
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule file is not UTF-8 text") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise RuleError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a rule file must be a YAML mapping with the keys {', '.join(_REQUIRED)}")
    return _build(path, data)


def _err(path: str, msg: str) -> RuleError:
    return RuleError(f"{path}: {msg}")


def _build(path: str, data: dict[str, Any]) -> Rule:
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        hints = [f"{k} (did you mean {m[0]}?)" if (m := _close(k, _REQUIRED + _OPTIONAL)) else k for k in unknown]
        raise _err(path, f"unknown key(s): {', '.join(hints)}")
    missing = [k for k in _REQUIRED if k not in data or data[k] in (None, "", [])]
    if missing:
        raise _err(path, f"missing required key(s): {', '.join(missing)}")
    for key in ("code", "name", "category", "severity", "summary", "message", "explanation", "condition"):
        if not isinstance(data[key], str):
            raise _err(path, f"`{key}` must be a string")
    code, name = data["code"], data["name"]
    if not _CODE.match(code):
        raise _err(path, f"code {code!r} must be 1-4 capital letters and 3 digits, e.g. OW001")
    if not _NAME.match(name):
        raise _err(path, f"name {name!r} must be kebab-case, e.g. open-source-claim-restrictive-licence")
    if data["category"] not in CATEGORIES:
        raise _err(path, f"category {data['category']!r} must be one of: {', '.join(CATEGORIES)}")
    if data["severity"] not in SEVERITIES:
        raise _err(path, f"severity {data['severity']!r} must be one of: {', '.join(SEVERITIES)}")
    refs = _references(path, data["references"])
    for_each = data.get("for_each")
    bind = data.get("as")
    context: dict[str, Any] = dict(SCHEMA)
    if for_each is not None:
        if not isinstance(for_each, str):
            raise _err(path, "`for_each` must be a dotted path to a list of facts, e.g. claims")
        item = _resolve_path(path, for_each, SCHEMA, "for_each")
        if not (isinstance(item, list) and isinstance(item[0], dict)):
            raise _err(path, f"for_each: {for_each} is not a list of objects")
        bind = bind or _singular(for_each.rsplit(".", 1)[-1])
        if not isinstance(bind, str) or not re.match(r"^[a-z_][a-z0-9_]*$", bind):
            raise _err(path, "`as` must be a lower-case name")
        if bind in SCHEMA:
            raise _err(path, f"`as: {bind}` would hide the top-level facts of that name; choose another name")
        context[bind] = item[0]
    elif bind is not None:
        raise _err(path, "`as` needs `for_each`")
    condition = data["condition"]
    import jmespath  # only when a rule file is parsed (not when rules come from the cache)
    from jmespath.exceptions import JMESPathError

    try:
        compiled = jmespath.compile(condition)
    except JMESPathError as exc:
        raise _err(path, f"condition is not a valid JMESPath expression: {_first_line(exc)}") from None
    try:
        _infer(dict(compiled.parsed), context)
    except _SchemaError as exc:
        raise _err(path, f"condition: {exc}") from None
    at = data.get("at")
    if at is not None:
        if not isinstance(at, str):
            raise _err(path, "`at` must be a dotted path to a location, e.g. claim.span")
        target = _resolve_path(path, at, context, "at")
        if target != SPAN:
            raise _err(path, f"at: {at} is not a location (a fact with path, line and column)")
    fix = data.get("fix") or ""
    if not isinstance(fix, str):
        raise _err(path, "`fix` must be a string")
    for key, template in (("message", data["message"]), ("fix", fix)):
        for placeholder in _PLACEHOLDER.findall(template):
            _resolve_path(path, placeholder, context, key)
    url = data.get("url") or refs[0].url
    return Rule(code, name, data["category"], data["severity"], data["summary"].strip(), data["message"].strip(),
                fix.strip(), data["explanation"].strip() + "\n", refs, condition, for_each, bind, at, str(url),
                str(path), compiled.parsed)


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word + "_item"


def _references(path: str, raw: Any) -> tuple[Reference, ...]:
    if not isinstance(raw, list) or not raw:
        raise _err(path, "`references` must be a non-empty list of {title, url}")
    refs = []
    for item in raw:
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            refs.append(Reference(item, item))
        elif isinstance(item, dict) and isinstance(item.get("url"), str) and isinstance(item.get("title"), str):
            refs.append(Reference(item["title"], item["url"]))
        else:
            raise _err(path, f"each reference must be {{title, url}} or a URL; got {item!r}")
    return tuple(refs)


def _resolve_path(path: str, dotted: str, context: dict[str, Any], where: str) -> Any:
    node: Any = context
    walked: list[str] = []
    for part in dotted.split("."):
        if node == "any":
            return "any"
        if not isinstance(node, dict):
            raise _err(path, f"{where}: {'.'.join(walked)} is not an object, so {dotted} does not exist")
        if part not in node:
            raise _err(path, f"{where}: unknown fact {'.'.join([*walked, part])}{_suggest(part, node, walked)}")
        node = node[part]
        walked.append(part)
    return node


def _close(word: str, choices: Iterable[str]) -> list[str]:
    import difflib  # only on the error path: it costs start-up time

    return difflib.get_close_matches(word, list(choices), 1)


def _suggest(name: str, node: dict[str, Any], walked: list[str] | None = None) -> str:
    prefix = ".".join(walked) + "." if walked else ""
    match = _close(name, list(node))
    if match:
        return f" (did you mean {prefix}{match[0]}?)"
    return f" (known here: {', '.join(prefix + k for k in sorted(node))})"


# ---------------------------------------------------------------------------------------------------------
# Schema checking of JMESPath ASTs: infer the type each sub-expression yields over the fact schema.


class _SchemaError(Exception):
    pass


_FUNCTIONS: dict[str, str] = {
    "abs": "int", "avg": "int", "ceil": "int", "contains": "bool", "ends_with": "bool", "floor": "int",
    "join": "str", "keys": "list", "length": "int", "map": "list", "max": "any", "max_by": "any", "merge": "any",
    "min": "any", "min_by": "any", "not_null": "any", "reverse": "same", "sort": "same", "sort_by": "same",
    "starts_with": "bool", "sum": "int", "to_array": "list", "to_number": "int", "to_string": "str", "type": "str",
    "values": "list",
}


def _type_of_literal(value: Any) -> Any:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "int"
    if isinstance(value, str):
        return "str"
    if value is None:
        return "null"
    return "any"


def _base(t: Any) -> Any:
    return t[:-1] if isinstance(t, str) and t.endswith("?") else t


def _infer(node: dict[str, Any], t: Any) -> Any:
    kind = node["type"]
    ch = node.get("children", [])
    t = _base(t)
    if kind == "field":
        name = node["value"]
        if t == "any":
            return "any"
        if isinstance(t, dict):
            if name not in t:
                if name in ("null", "true", "false"):
                    raise _SchemaError(f"{name} is read as a fact name; JMESPath literals take backticks: `{name}`")
                raise _SchemaError(f"unknown fact {name!r}{_suggest(name, t)}")
            return t[name]
        what = "a list" if isinstance(t, list) else f"a {t}"
        raise _SchemaError(f"{name!r} is looked up on {what}, which has no fields")
    if kind in ("subexpression", "pipe"):  # a.b.c is one subexpression node with three children
        if kind == "subexpression" and ch[0]["type"] == "not_expression":
            # JMESPath binds `!` tighter than `.`: `!a.b` is `(!a).b`, which is always null.
            raise _SchemaError("`!x.y` means `(!x).y` in JMESPath, which is always null; write `!(x.y)`")
        for child in ch:
            t = _infer(child, t)
        return t
    if kind == "index_expression":
        left = _base(_infer(ch[0], t))
        if isinstance(left, list):
            return left[0]
        if left != "any":
            raise _SchemaError("an index [n] is applied to something that is not a list")
        return "any"
    if kind in ("projection", "filter_projection"):
        left = _base(_infer(ch[0], t))
        elem = left[0] if isinstance(left, list) else "any"
        if not isinstance(left, list) and left != "any":
            raise _SchemaError("a projection [*] or filter [?] is applied to something that is not a list")
        if kind == "filter_projection":
            _infer(ch[2], elem)
        return [_infer(ch[1], elem)]
    if kind == "value_projection":
        _infer(ch[0], t)
        _infer(ch[1], "any")
        return ["any"]
    if kind == "flatten":
        left = _base(_infer(ch[0], t))
        if isinstance(left, list) and isinstance(left[0], list):
            return left[0]
        return left
    if kind in ("identity", "current"):
        return t
    if kind == "literal":
        return _type_of_literal(node["value"])
    if kind == "comparator":
        left, right = _base(_infer(ch[0], t)), _base(_infer(ch[1], t))
        simple = {"str", "bool", "int"}
        if left in simple and right in simple and left != right:
            raise _SchemaError(f"compares a {left} with a {right}; it can never be equal")
        if node["value"] in ("lt", "lte", "gt", "gte") and {left, right} & {"str", "bool"}:
            raise _SchemaError("ordering comparisons (<, <=, >, >=) only work on numbers")
        return "bool"
    if kind in ("and_expression", "or_expression"):
        left, right = _infer(ch[0], t), _infer(ch[1], t)
        return "bool" if _base(left) == _base(right) == "bool" else "any"
    if kind == "not_expression":
        _infer(ch[0], t)
        return "bool"
    if kind == "function_expression":
        fname = node["value"]
        if fname not in _FUNCTIONS:
            raise _SchemaError(f"unknown function {fname}(){_suggest(fname, dict.fromkeys(_FUNCTIONS))}")
        first: Any = "any"
        for i, arg in enumerate(ch):
            if arg["type"] == "expref":
                elem = first[0] if isinstance(first, list) else "any"
                _infer(arg["children"][0], elem)
            else:
                inferred = _infer(arg, t)
                if i == 0:
                    first = _base(inferred)
        result = _FUNCTIONS[fname]
        if result == "same":
            return first
        if result == "list":
            return ["any"]
        return result
    if kind == "multi_select_list":
        for c in ch:
            _infer(c, t)
        return ["any"]
    if kind == "multi_select_dict":
        for pair in ch:
            _infer(pair["children"][0], t)
        return "any"
    if kind == "slice":
        return t
    if kind == "expref":
        return "any"
    return "any"


# ---------------------------------------------------------------------------------------------------------
# Evaluation


def _truthy(value: Any) -> bool:
    # JMESPath truthiness: false, null, "", [] and {} are false; 0 is true.
    if value is None or value is False:
        return False
    return not (isinstance(value, str | list | dict) and not value)


def _get(context: dict[str, Any], dotted: str) -> Any:
    node: Any = context
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _render(template: str, context: dict[str, Any]) -> str:
    def sub(m: re.Match[str]) -> str:
        value = _get(context, m.group(1))
        if value is None:
            return "(none)"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    return _PLACEHOLDER.sub(sub, template)


def _span(value: Any) -> Span | None:
    if isinstance(value, dict) and isinstance(value.get("line"), int):
        return Span(str(value["path"]), value["line"], value["column"], value["end_line"], value["end_column"])
    return None


class Bound(dict[str, Any]):
    """The facts with one item of a `for_each` list bound to a name, without copying the facts."""

    def __init__(self, facts: dict[str, Any], name: str, item: Any) -> None:
        super().__init__({name: item})
        self._facts = facts
        self._name = name

    def get(self, key: str, default: Any = None) -> Any:
        if key == self._name:
            return dict.__getitem__(self, key)
        return self._facts.get(key, default)

    def __getitem__(self, key: str) -> Any:
        if key == self._name:
            return dict.__getitem__(self, key)
        return self._facts[key]


def evaluate(rules: Iterable[Rule], facts: dict[str, Any]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    fallback = _span(facts["card"]["span"])
    assert fallback is not None
    for rule in rules:
        if rule.for_each is None:
            contexts: Iterable[tuple[dict[str, Any], Any]] = [(facts, None)]
        else:
            items = _get(facts, rule.for_each) or []
            contexts = ((Bound(facts, str(rule.bind), item), item) for item in items)
        for ctx, item in contexts:
            if not _truthy(rule.test(ctx)):
                continue
            if rule.at is not None:
                span = _span(_get(ctx, rule.at))
            elif isinstance(item, dict):
                span = _span(item.get("span"))
            else:
                span = None
            out.append(Diagnostic(
                rule.code, rule.name, rule.severity, rule.category, _render(rule.message, ctx),
                _render(rule.fix, ctx), span or fallback, rule.url,
            ))
    out.sort(key=Diagnostic.sort_key)
    return out
