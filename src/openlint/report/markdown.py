"""A GitHub job summary (`--format markdown`, for ``$GITHUB_STEP_SUMMARY``): GitHub-flavoured Markdown.

Layout: a heading; an overall verdict line with counts; then per target a ``###`` heading with its verdict
(❌ errors / ⚠️ warnings / ✅ clean / 🚫 could not be read), its licence (names, family) and openness
profile (MOF class; OSAID data information / code / parameters as ✅/❌), and a findings table (severity,
rule code + name linked to the rule's documentation, location ``path:line:col``, message and fix); at the
end a "Findings by rule" table of counts (like ``--statistics``).

Size: GitHub refuses a step summary over 1 MiB. The whole output is kept within `max_bytes` (UTF-8 bytes,
default 1,000,000): finding rows are dropped from the point where the budget runs out, the cut table ends
with a line saying how many findings were left out, and releases that no longer fit are counted in a last
line. The heading, the overall verdict and the by-rule table are always kept.

Card text is hostile: everything that comes from a card or a target (messages, licence names, paths,
error messages) goes through ``escape.markdown_text`` — one line, ``&<>`` as entities, every other ASCII
punctuation backslash-escaped — so it cannot end a table cell, open HTML (``<script``, ``<details>``,
comments), form a link, image, autolink, code span or emphasis. Links are only made by this module, from
rule URLs and Hub URLs that are http(s).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from openlint.diagnostics import SEVERITIES, SEVERITY_RANK, Diagnostic, Result
from openlint.engine import Rule
from openlint.report.escape import markdown_text, markdown_url

MAX_BYTES = 1_000_000  # GitHub: 1 MiB (1,048,576 bytes) per step summary; leave room for other content
FIELD_LIMIT = 1500  # characters of one card-derived field (a message, a licence name)
_SLACK = 600  # bytes kept back for the truncation lines

ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _tick(value: Any) -> str:
    return "✅" if value else "❌"


def _link(text: str, url: str | None) -> str:
    """`text` (already Markdown-escaped) linked to `url` when it is a safe http(s) URL."""
    safe = markdown_url(url) if url else None
    return f"[{text}]({safe})" if safe else text


def verdict(r: Result) -> tuple[str, str]:
    """(icon, words) for one target."""
    if r.error is not None:
        return "🚫", "could not be read"
    c = r.counts()
    if c["error"]:
        return "❌", ", ".join(_plural(c[s], s) for s in SEVERITIES if c[s])
    if c["warning"]:
        return "⚠️", ", ".join(_plural(c[s], s) for s in SEVERITIES if c[s])
    return "✅", "clean" + (f" ({_plural(c['info'], 'info')})" if c["info"] else "")


def _licence_line(facts: dict[str, Any]) -> str:
    lic = facts.get("licence") or {}
    names = lic.get("names") or "not stated"
    family = lic.get("family")
    text = markdown_text(str(names), FIELD_LIMIT)
    if family:
        text += f" ({markdown_text(str(family), 100)})"
    if lic.get("open"):
        text += " · open licence"
    elif lic.get("restrictive"):
        text += " · restrictive"
    return f"**Licence:** {text}"


def _openness_line(facts: dict[str, Any]) -> str:
    try:
        o = facts["openness"]
    except (KeyError, TypeError):
        return "**Openness:** unknown"
    if not isinstance(o, dict):
        return "**Openness:** unknown"
    label = markdown_text(str(o.get("mof_label") or "unknown"), 200)
    osaid = o.get("osaid") or {}
    parts = [f"data information {_tick(osaid.get('data_information'))}", f"code {_tick(osaid.get('code'))}",
             f"parameters {_tick(osaid.get('parameters'))}"]
    return f"**Openness:** MOF {label} · OSAID: {' · '.join(parts)}"


def _target_heading(r: Result) -> str:
    icon, words = verdict(r)
    name = markdown_text(r.target, 300)
    url = ((r.facts or {}).get("release") or {}).get("url") if r.facts is not None else None
    if r.display_prefix and isinstance(url, str):
        name = _link(name, url)
    return f"### {icon} {name}: {words}"


def _location(r: Result, d: Diagnostic) -> str:
    s = d.span
    return markdown_text(f"{r.display_prefix}{s.path}:{s.line}:{s.column}", 400)


def _rule_cell(d: Diagnostic, rules: dict[str, Rule]) -> str:
    rule = rules.get(d.code)
    url = rule.url if rule is not None else d.url
    return _link(f"{markdown_text(d.code, 20)} {markdown_text(d.name, 120)}", url)


TABLE_HEAD = "| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n"


def _row(r: Result, d: Diagnostic, rules: dict[str, Rule]) -> str:
    msg = markdown_text(d.message, FIELD_LIMIT)
    if d.fix:
        msg += "<br>**Fix:** " + markdown_text(d.fix, FIELD_LIMIT)
    return (f"| {ICONS.get(d.severity, '')} {markdown_text(d.severity, 20)} | {_rule_cell(d, rules)} | "
            f"{_location(r, d)} | {msg} |\n")


def _overall(results: Sequence[Result]) -> str:
    counts = dict.fromkeys(SEVERITIES, 0)
    for r in results:
        for sev, n in r.counts().items():
            counts[sev] += n
    releases = sum(1 for r in results if r.error is None)
    failed = len(results) - releases
    if counts["error"]:
        icon = "❌"
    elif counts["warning"]:
        icon = "⚠️"
    elif failed:
        icon = "🚫"
    else:
        icon = "✅"
    found = ", ".join(_plural(counts[s], s) for s in SEVERITIES)
    line = f"{icon} **{found}** in {_plural(releases, 'release')}"
    if failed:
        line += f"; 🚫 {_plural(failed, 'target')} could not be read"
    return line + ".\n"


def _by_rule(results: Sequence[Result], rules: dict[str, Rule]) -> str:
    counts: Counter[str] = Counter()
    first: dict[str, Diagnostic] = {}
    for r in results:
        for d in r.diagnostics:
            counts[d.code] += 1
            first.setdefault(d.code, d)
    if not counts:
        return ""
    order = sorted(counts, key=lambda c: (-SEVERITY_RANK[first[c].severity], -counts[c], c))
    lines = ["### Findings by rule\n", "| Rule | Severity | Count |\n| --- | --- | ---: |\n"]
    for code in order:
        d = first[code]
        lines.append(f"| {_rule_cell(d, rules)} | {ICONS.get(d.severity, '')} {markdown_text(d.severity, 20)} | "
                     f"{counts[code]} |\n")
    return "\n" + "".join(lines)


def render(results: Sequence[Result], rules: Sequence[Rule], out: TextIO, *, max_bytes: int = MAX_BYTES,
           title: str = "openlint") -> None:
    """Write a job-summary Markdown document for `results` to `out`.

    rules: the loaded rules (their URLs link the rule codes; a finding's own URL is the fallback).
    max_bytes: the most UTF-8 bytes to write (default 1,000,000, under GitHub's 1 MiB per step).
    title: the text of the top heading (escaped).
    """
    by_code = {rule.code: rule for rule in rules}
    head = f"## {markdown_text(title, 200)}\n\n{_overall(results)}"
    tail = _by_rule(results, by_code)
    budget = max_bytes - _size(head) - _size(tail) - _SLACK
    body: list[str] = []
    left_findings = 0
    left_targets = 0
    exhausted = False
    for r in results:
        if exhausted:
            left_targets += 1
            left_findings += len(r.diagnostics)
            continue
        section = ["\n", _target_heading(r), "\n\n"]
        if r.error is not None:
            section.append(markdown_text(r.error.get("message") or "could not be read", FIELD_LIMIT) + "\n")
        elif r.facts is not None:
            section.append(_licence_line(r.facts) + "  \n" + _openness_line(r.facts) + "\n")
        for note in r.notes:
            section.append(f"\n> Note: {markdown_text(note, FIELD_LIMIT)}\n")
        text = "".join(section)
        need = _size(text) + (_size("\n" + TABLE_HEAD) if r.diagnostics else 0)
        if need > budget:
            exhausted = True
            left_targets += 1
            left_findings += len(r.diagnostics)
            continue
        budget -= _size(text)
        body.append(text)
        if not r.diagnostics:
            continue
        budget -= _size("\n" + TABLE_HEAD)
        body.append("\n" + TABLE_HEAD)
        for i, d in enumerate(r.diagnostics):
            row = _row(r, d, by_code)
            if _size(row) > budget:
                exhausted = True
                cut = len(r.diagnostics) - i
                left_findings += cut
                body.append(f"\n_{_plural(cut, 'more finding')} of this release left out to keep the summary "
                            f"under {max_bytes:,} bytes._\n")
                break
            budget -= _size(row)
            body.append(row)
    footer = ""
    if left_targets:
        footer = (f"\n_{_plural(left_targets, 'more target')} ({_plural(left_findings, 'finding')} in all left out) "
                  f"not shown to keep the summary under {max_bytes:,} bytes; the log and the SARIF or JSON output "
                  "list everything._\n")
    elif left_findings:
        footer = ("\n_The summary was cut to stay under GitHub's 1 MiB limit; the log and the SARIF or JSON output "
                  "list every finding._\n")
    doc = head + "".join(body) + footer + tail
    if _size(doc) > max_bytes:  # only when even the heading and the by-rule table do not fit
        doc = doc.encode("utf-8", "surrogatepass")[: max(0, max_bytes - 4)].decode("utf-8", "ignore")
        doc = doc[: doc.rfind("\n") + 1]
    out.write(doc)
