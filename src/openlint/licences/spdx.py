"""SPDX licence expressions ("Apache-2.0 OR MIT"), with Hub ids and aliases resolved through lookup().

license_expression (about 80 ms to import and build its SPDX licensing) is imported only here, only
for values that are not simply one known id or alias.
"""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass
from typing import Any

from openlint.licences.knowledge import lookup
from openlint.release import LicenceInfo

# Operators and parentheses; whatever lies between them is a licence (or exception) symbol.
_TOKENS = r"\(|\)|(?<![^\s()])(?:AND|OR|WITH)(?![^\s()])"
_USER_REF = ("licenseref-", "documentref-")
_MAX_LEN = 2000


@dataclass
class ExpressionResult:
    """What an SPDX expression says. `valid` means well-formed with every licence known (a
    LicenseRef-/DocumentRef- of the user's own is valid, but listed in `unknown_keys`)."""

    valid: bool
    normalized: str | None  # canonical ids (SPDX id, else openlint key), operators upper-case
    operator: str | None  # top-level "AND" | "OR"; None for a single licence
    licences: tuple[LicenceInfo, ...]
    unknown_keys: tuple[str, ...]
    error: str | None


def _invalid(error: str, unknown: tuple[str, ...] = ()) -> ExpressionResult:
    return ExpressionResult(False, None, None, (), unknown, error)


def _canonical(found: LicenceInfo) -> str:
    return found.spdx or found.key


def _is_user_ref(key: str) -> bool:
    return key.lower().startswith(_USER_REF)


def parse_expression(expr: str) -> ExpressionResult:
    """Parse an SPDX licence expression. Never raises: problems come back as `valid=False` + `error`."""
    if not isinstance(expr, str):
        return _invalid("not a string")
    text = " ".join(expr.split())
    if not text:
        return _invalid("empty licence expression")
    if len(text) > _MAX_LEN:
        return _invalid("licence expression too long")
    if "(" not in text and ")" not in text:
        found = lookup(text)
        if found is not None:  # one known id or alias: no parser needed
            return ExpressionResult(True, _canonical(found), None, (found,), (), None)
        if len(_split_tokens(text)) == 1:  # one unknown symbol: no parser needed either
            if _is_user_ref(text) and re.fullmatch(r"[A-Za-z0-9.:-]+", text):
                return ExpressionResult(True, text, None, (), (text,), None)
            return _invalid(f"unknown licence id: {text}", (text,))
    return _parse_compound(text)


def _split_tokens(text: str) -> list[tuple[str, bool]]:
    """(token, is_operator_or_paren) in order; symbols keep their inner spaces ("Apache 2.0")."""
    tokens: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(_TOKENS, text, flags=re.IGNORECASE):
        between = text[pos : m.start()].strip()
        if between:
            tokens.append((between, False))
        tokens.append((m.group(0).upper(), True))
        pos = m.end()
    rest = text[pos:].strip()
    if rest:
        tokens.append((rest, False))
    return tokens


@functools.cache
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def _parse_compound(text: str) -> ExpressionResult:
    tokens = _split_tokens(text)
    resolved: dict[str, LicenceInfo] = {}  # placeholder -> licence
    originals: dict[str, str] = {}  # placeholder -> the symbol as written
    parts: list[str] = []
    after_with = False
    for token, is_op in tokens:
        if is_op:
            parts.append(token)
            after_with = token == "WITH"
            continue
        found = None if after_with or _is_user_ref(token) else lookup(token)
        if found is not None:
            placeholder = f"LicenseRef-openlint-{len(resolved)}"
            resolved[placeholder] = found
            originals[placeholder] = token
            parts.append(placeholder)
        else:
            parts.append(token)
        after_with = False
    rewritten = " ".join(parts)
    try:
        licensing = _licensing()
        parsed = licensing.parse(rewritten, validate=False)
    except Exception as exc:  # ExpressionError, ExpressionParseError, and the 30.4.4 bugs (#97, #114)
        return _invalid(f"invalid licence expression: {_message(exc, resolved, originals)}")
    if parsed is None:
        return _invalid("empty licence expression")
    try:
        return _result(licensing, parsed, resolved)
    except Exception as exc:  # defensive: a library quirk must not crash the linter
        return _invalid(f"invalid licence expression: {exc}")


def _message(exc: Exception, resolved: dict[str, LicenceInfo], originals: dict[str, str]) -> str:
    message = str(exc) or type(exc).__name__
    for placeholder, token in originals.items():
        message = message.replace(placeholder, token)
    return message


def _result(licensing: Any, parsed: Any, resolved: dict[str, LicenceInfo]) -> ExpressionResult:
    licences: list[LicenceInfo] = []
    unknown: list[str] = []
    errors: list[str] = []
    known_to_library: set[str] = set()
    with contextlib.suppress(Exception):  # only softens "unknown" for ids the library knows
        symbols = licensing.license_symbols(parsed, unique=True, decompose=True)
        known_to_library = {str(s.key) for s in symbols} - set(
            licensing.unknown_license_keys(parsed, unique=True)
        )

    def render(node: Any, parent: str | None) -> str:
        if isinstance(node, (licensing.AND, licensing.OR)):
            op = "AND" if isinstance(node, licensing.AND) else "OR"
            inner = f" {op} ".join(render(arg, op) for arg in node.args)
            return f"({inner})" if parent is not None and parent != op else inner
        license_symbol = getattr(node, "license_symbol", None)
        if license_symbol is not None:  # LicenseWithExceptionSymbol
            exception = node.exception_symbol
            if exception.key in resolved or lookup(exception.key) is not None:
                errors.append(f"{_name(exception.key, resolved)} is a licence, not an exception")
            return f"{symbol(license_symbol)} WITH {exception.key}"
        return symbol(node)

    def symbol(node: Any) -> str:
        key = str(node.key)
        found = resolved.get(key)
        if found is not None:
            if found not in licences:
                licences.append(found)
            return _canonical(found)
        if key not in unknown:
            unknown.append(key)
        if not _is_user_ref(key) and key not in known_to_library:
            errors.append(f"unknown licence id: {key}")
        return key

    normalized = render(parsed, None)
    operator = None
    if isinstance(parsed, licensing.AND):
        operator = "AND"
    elif isinstance(parsed, licensing.OR):
        operator = "OR"
    error = "; ".join(dict.fromkeys(errors)) or None
    return ExpressionResult(error is None, normalized, operator, tuple(licences), tuple(unknown), error)


def _name(key: str, resolved: dict[str, LicenceInfo]) -> str:
    found = resolved.get(key)
    return _canonical(found) if found is not None else key
