"""The JSON contract (`--format json`): version 1. Other tools parse this; change it only additively."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from openlint.diagnostics import SEVERITIES, Diagnostic, Result

VERSION = 1


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    s = d.span
    return {
        "code": d.code, "name": d.name, "severity": d.severity, "category": d.category, "message": d.message,
        "fix": d.fix or None, "path": s.path, "line": s.line, "column": s.column, "end_line": s.end_line,
        "end_column": s.end_column, "url": d.url,
    }


def _where(span: dict[str, Any] | None) -> dict[str, Any]:
    if not span:
        return {"path": None, "line": None, "column": None}
    return {"path": span["path"], "line": span["line"], "column": span["column"]}


def licence_doc(facts: dict[str, Any]) -> dict[str, Any]:
    lic = facts["licence"]
    return {
        "declared": lic["declared"],
        "license_name": lic["name"],
        "license_link": lic["link"],
        "resolved": [
            {"key": e["key"], "name": e["name"], "family": e["family"], "hub_id": e["hub_id"], "spdx": e["spdx"],
             "osi_approved": e["osi_approved"], "open": e["open"], "via": e["via"], "declared": e["declared"],
             **_where(e["span"])}
            for e in lic["entries"]
        ],
        "family": lic["family"],
        "open": lic["open"],
        "osi_approved": lic["osi_approved"],
        "restrictive": lic["restrictive"],
        "restrictions": lic["restrictions"],
        "clauses": [{"kind": c["kind"], "summary": c["summary"], "reference": c["reference"] or None,
                     **_where(c["span"])} for c in lic["clauses"]],
        "files": [{"path": f["path"], "role": f["role"], "licence": f["licence"], "family": f["family"],
                   "confidence": f["confidence"]} for f in lic["files"]],
        "parts": {p: lic[p] for p in ("weights", "code", "data", "documents")},
    }


def openness_doc(facts: dict[str, Any]) -> dict[str, Any]:
    o = facts["openness"]
    return {
        "mof_class": o["mof_class"],
        "mof_label": o["mof_label"],
        "osaid": o["osaid"],
        "weights_only": o["weights_only"],
        "gated": facts["gating"]["gated"],
        "eu_excluded": facts["gating"]["eu_excluded"],
        "components": [
            {"key": c["key"], "name": c["name"], "content_type": c["content_type"], "mof_class": c["mof_class"],
             "present": c["present"], "licence": c["licence"], "licence_open": c["licence_open"],
             "evidence": c["evidence"]}
            for c in o["components"]
        ],
    }


def result_doc(r: Result) -> dict[str, Any]:
    f = r.facts
    doc: dict[str, Any] = {"target": r.target, "source": r.source, "error": r.error}
    if f is None:
        doc.update({"card": None, "license": None, "claims": [], "openness": None, "diagnostics": [], "notes": r.notes})
        return doc
    doc.update({
        "card": f["card"]["path"],
        "revision": f["release"]["revision"],
        "url": f["release"]["url"],
        "license": licence_doc(f),
        "claims": [{"kind": c["kind"], "text": c["text"], "source": c["source"], **_where(c["span"])}
                   for c in f["claims"]],
        "openness": openness_doc(f),
        "lineage": {k: v for k, v in f["lineage"].items() if k != "span"},
        "diagnostics": [_diagnostic(d) for d in r.diagnostics],
        "notes": r.notes,
    })
    return doc


def summary(results: Sequence[Result]) -> dict[str, Any]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for r in results:
        for sev, n in r.counts().items():
            counts[sev] += n
    return {"targets": len(results), "failed_targets": sum(1 for r in results if r.error), "diagnostics": counts}


def render(results: Sequence[Result], out: TextIO) -> None:
    doc = {"version": VERSION, "results": [result_doc(r) for r in results], "summary": summary(results)}
    # Indented for a person at a terminal; compact (and ~10x faster to write: CPython's C encoder only
    # runs without indent) for the tools that read it.
    isatty = getattr(out, "isatty", None)
    indent = 2 if isatty is not None and isatty() else None
    out.write(json.dumps(doc, indent=indent, ensure_ascii=False))
    out.write("\n")
