"""Diagnostics (findings) and per-target results: what reporters receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openlint.release import Span

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Diagnostic:
    code: str
    name: str
    severity: str
    category: str
    message: str
    fix: str
    span: Span
    url: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.path, self.span.line, self.span.column, self.code)


@dataclass
class Result:
    """What linting one target produced."""

    target: str
    source: str  # "local" or "hub"
    error: dict[str, str] | None = None  # {"kind", "message"} when the target could not be read
    facts: dict[str, Any] | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # For people reading many Hub repos at once: "hf://org/name/" before a path in the repo.
    display_prefix: str = ""
    fail_on: str = "warning"  # the threshold that applies to this target (CLI, else its configuration)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for d in self.diagnostics:
            out[d.severity] += 1
        return out
