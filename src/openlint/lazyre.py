"""Regexes compiled on first use.

Compiling a pattern runs Python code (sre_parse, sre_compile) and costs up to a millisecond for a big
alternation; patterns that only some cards need (Chinese text, rare link kinds) should not cost every
run its start-up time.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A stand-in for re.compile(pattern, flags) that compiles when first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
