"""Suppressions written in the card itself, with a reason.

Markdown body (HTML comments, invisible when the card is rendered):
    <!-- openlint-disable-next-line OW001 -- we mean the code, which is Apache-2.0 -->
    <!-- openlint-disable OW003, LIC004 -- reason -->  ...  <!-- openlint-enable OW003, LIC004 -->
    <!-- openlint-disable-file DOC001 -- reason -->
YAML front matter (a comment on the line of the finding):
    license: other  # openlint: ignore[LIC002] -- the licence is described in the card

A code may also be a prefix (OW) or a rule name; no code means every rule. A suppression that silences
nothing is itself reported (SUP001), as ruff reports an unused `noqa`; one without a reason is reported
too (SUP002), since a silenced finding must say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openlint.diagnostics import Diagnostic
from openlint.release import Card, Span

_COMMENT = re.compile(
    r"<!--\s*openlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)-->", re.IGNORECASE)
_YAML = re.compile(r"openlint:\s*ignore\[([^\]]*)\](.*)$", re.IGNORECASE)
_CODE_LIST = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


@dataclass
class Suppression:
    kind: str  # "next-line", "range", "file", "line" (front matter)
    codes: list[str]  # empty: every rule
    first: int  # lines it covers (inclusive)
    last: int
    reason: str
    span: Span
    used: bool = False
    text: str = ""

    def covers(self, d: Diagnostic) -> bool:
        if not (self.first <= d.span.line <= self.last):
            return False
        return not self.codes or any(_matches(c, d) for c in self.codes)


def _matches(selector: str, d: Diagnostic) -> bool:
    return d.code.startswith(selector.upper()) or selector.lower() == d.name


_CODE_TOKEN = re.compile(r"^(?:[A-Z]{1,4}[0-9]{0,3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)$")


def _split(rest: str) -> tuple[list[str], str]:
    """'OW001, LIC004 -- reason' -> (['OW001', 'LIC004'], 'reason'): codes first, then the reason."""
    head, _, tail = rest.partition("--")
    tokens = head.replace(",", " ").split()
    codes: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.rstrip(":")
        if not _CODE_TOKEN.match(bare):
            return codes, " ".join([*tokens[i:], tail]).strip(" :")
        codes.append(bare)
        if token.endswith(":"):
            return codes, " ".join([*tokens[i + 1:], tail]).strip(" :")
    return codes, tail.strip()


def parse(card: Card) -> list[Suppression]:
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    body = card.body
    last_line = card.body_line + body.count("\n")
    if "openlint-" in body:
        for m in _COMMENT.finditer(body):
            kind = m.group(1).lower()
            codes, reason = _split(m.group(2))
            span = card.span_of_body(m.start(), m.end())
            text = m.group(0)
            if kind == "disable-next-line":
                found.append(Suppression("next-line", codes, span.end_line + 1, span.end_line + 1, reason, span,
                                         text=text))
            elif kind == "disable-file":
                found.append(Suppression("file", codes, 1, last_line, reason, span, text=text))
            elif kind == "disable":
                s = Suppression("range", codes, span.line, last_line, reason, span, text=text)
                found.append(s)
                open_ranges.append(s)
            else:  # enable: closes the ranges it names (or all, without codes)
                for s in list(open_ranges):
                    if not codes or set(c.upper() for c in s.codes) & set(c.upper() for c in codes) or not s.codes:
                        s.last = span.line
                        open_ranges.remove(s)
    for line, comment in card.front_matter_comments.items():
        ignore = _YAML.search(comment)
        if ignore:
            codes = _CODE_LIST.findall(ignore.group(1))
            reason = ignore.group(2).strip().lstrip("-").strip()
            found.append(Suppression("line", codes, line, line, reason, Span(card.path, line, 1), text=comment))
    return found


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression],
          card_path: str) -> list[Diagnostic]:
    """The diagnostics no suppression covers; marks the suppressions that silenced something."""
    if not suppressions:
        return diagnostics
    kept: list[Diagnostic] = []
    for d in diagnostics:
        hit = False
        if d.span.path == card_path:
            for s in suppressions:
                if s.covers(d):
                    s.used = True
                    hit = True
        if not hit:
            kept.append(d)
    return kept
