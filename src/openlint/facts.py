"""The facts rules see: a plain JSON-like dict built from a release, and its schema.

The schema is what rule files are validated against at load time, so a condition that names a fact that
does not exist fails with the file and the fact, instead of silently never matching.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openlint.openness import Effective, PartLicence, Profile, label
from openlint.release import RESTRICTION_KINDS, Clause, LicenceFacts, Release, Span, strictest_first

# Families from most to least restrictive: the release's `family` is the strictest that applies.


_NO_POLICY: dict[str, Any] = {"active": False, "denied": False, "denied_names": "", "not_allowed": False,
                              "not_allowed_names": "", "allow": "", "message": ""}

_CLAUSE_ORDER = (
    "non_commercial", "research_only", "no_derivatives", "use_restrictions", "user_cap", "eu_excluded",
    "output_use_ban", "registration", "naming_duty", "attribution_duty",
)


def span_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"path": span.path, "line": span.line, "column": span.column, "end_line": span.end_line,
            "end_column": span.end_column}


def _clause(c: Clause) -> dict[str, Any]:
    return {"kind": c.kind, "summary": c.summary, "reference": c.reference, "span": span_dict(c.span)}


def _join(items: list[str], last: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _the(name: str) -> str:
    if name.startswith("The "):
        return "the " + name[4:]
    return name if name.lower().startswith(("the ", "'", "a ", "an ")) else "the " + name


def _gating(release: Release, eff: Effective) -> dict[str, Any]:
    g = release.gating
    eu_clause = next((c for c in eff.clauses if c.kind == "eu_excluded"), None)
    parts = []
    if g.gated:
        how = {"auto": "automatic approval", "manual": "manual approval", "card": "a gate form in the card"}.get(
            g.mode or "", g.mode or "a gate")
        asking = f" (asking for: {', '.join(g.fields)})" if g.fields else ""
        parts.append(f"downloads are gated behind {how}{asking}")
    if g.eu_disallowed:
        parts.append("the gate refuses users in the European Union (extra_gated_eu_disallowed)")
    if eu_clause is not None:
        parts.append(f"the licence excludes the European Union: {eu_clause.summary}")
    span = g.span
    if span is None and eu_clause is not None:
        span = eu_clause.span
    return {
        "gated": g.gated, "mode": g.mode, "fields": list(g.fields), "eu_disallowed": g.eu_disallowed,
        "eu_excluded": g.eu_disallowed or eu_clause is not None, "restricted": bool(parts),
        "summary": "; ".join(parts) or "downloads are not gated", "span": span_dict(span),
    }


def _file_hint(lic: LicenceFacts) -> str:
    for f in lic.files:
        if f.recognised is not None and f.role in ("licence", "weights"):
            hub = f.recognised.hub_id
            decl = f"license: {hub}" if hub else f"license: other with license_name: {f.recognised.key}"
            return f" ({f.name} reads as {_the(f.recognised.name)}: declare `{decl}`)"
    if lic.files:
        return f" (and openlint cannot identify the licence in {', '.join(f.name for f in lic.files)})"
    return " and the release has no LICENSE file"


class Facts(dict[str, Any]):
    """A release's facts. Some are computed the first time a rule or a reporter reads them (the openness
    profile needs the evidence scan, which text output on a restrictively licensed card never uses)."""

    def __init__(self, data: dict[str, Any], lazy: dict[str, Callable[[], Any]]) -> None:
        super().__init__(data)
        self._lazy = lazy

    def _load(self, key: str) -> None:
        thunk = self._lazy.pop(key, None)
        if thunk is not None:
            dict.__setitem__(self, key, thunk())

    def get(self, key: str, default: Any = None) -> Any:
        self._load(key)
        return dict.get(self, key, default)

    def __getitem__(self, key: str) -> Any:
        self._load(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        return key in self._lazy or dict.__contains__(self, key)

    def materialise(self) -> Facts:
        for key in list(self._lazy):
            self._load(key)
        return self


def openness_facts(prof: Profile) -> dict[str, Any]:
    """The `openness` facts: the MOF components, class and the OSAID elements."""
    missing = []
    if not prof.osaid["code"]:
        missing.append("training code")
    if not prof.osaid["data_information"]:
        missing.append("data information (datasets, a data card or a training-data section)")
    if not prof.osaid["parameters"]:
        missing.append("weights")
    return {
        "mof_class": prof.mof_class,
        "mof_label": label(prof.mof_class),
        "osaid": dict(prof.osaid),
        "osaid_complete": all(prof.osaid.values()),
        "missing": missing,
        "missing_text": _join(missing),
        "present": [c.name for c in prof.components if c.present],
        "weights_only": prof.osaid["parameters"] and not (prof.osaid["code"] and prof.osaid["data_information"]),
        "component": {c.key: c.present for c in prof.components},
        "components": [
            {"key": c.key, "name": c.name, "content_type": c.content_type, "mof_class": c.mof_class,
             "required": c.required, "present": c.present, "licence": c.licence, "licence_open": c.licence_open,
             "evidence": [f"{e.kind}: {e.detail}" for e in c.evidence],
             "span": span_dict(next((e.span for e in c.evidence if e.span is not None), None))}
            for c in prof.components
        ],
    }


def _view(v: Any) -> dict[str, Any]:
    return {"ids": list(v.ids), "names": v.names, "family": v.family, "known": v.known, "open": v.open,
            "restrictive": v.restrictive, "non_commercial": v.non_commercial,
            "clause_summary": "; ".join(c.summary for c in v.clauses[:3])}


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _carries(base: Any, eff: Effective) -> bool:
    """Whether the release's own licence keeps a base model's restrictive terms."""
    ids = {i.key for i in eff.infos}
    if ids & set(base.licence.ids):
        return True
    mine = {c.kind for c in eff.clauses}
    return eff.restrictive and base.licence.kinds() <= mine


def _lineage(release: Release, eff: Effective) -> dict[str, Any]:
    lin = release.lineage
    looked_up: list[Any] | None = release.extra.get("lineage_bases")
    spans = {b.repo_id: b.span for b in lin.base_models}
    if looked_up is None:
        from openlint.lineage import LicenceView  # a local release: its bases were not looked up

        unknown = _view(LicenceView())
        bases = [{"id": b.repo_id, "relation": b.relation, "span": span_dict(b.span), "depth": 1, "child": release.root,
                  "found": False, "error": None, "licence": unknown, "name_prefix": None,
                  "attribution": None} for b in lin.base_models]
        restrictive: list[Any] = []
    else:
        bases = [{"id": b.repo_id, "relation": b.relation, "span": span_dict(spans.get(b.repo_id)), "depth": b.depth,
                  "child": b.child, "found": b.found, "error": b.error, "licence": _view(b.licence),
                  "name_prefix": b.name_prefix, "attribution": b.attribution} for b in looked_up]
        restrictive = sorted((b for b in looked_up if b.found and b.licence.restrictive), key=lambda b: b.depth)
    dropped = [b for b in restrictive if not _carries(b, eff)]
    nearest = dropped[0] if dropped else None  # the closest base whose terms are dropped
    names = ", ".join(f"{b.repo_id} ({b.licence.names})" for b in restrictive)
    duty_base = next((b for b in restrictive if b.name_prefix), None)
    prefix = duty_base.name_prefix if duty_base and duty_base.relation != "quantized" else None
    model_name = release.name or ""
    attribution_base = next((b for b in restrictive if b.attribution), None)
    attribution = attribution_base.attribution if attribution_base else None
    body = release.card.body if release.card is not None else ""
    datasets: list[Any] = release.extra.get("lineage_datasets") or []
    risky = [d for d in datasets if not d.found or d.licence.non_commercial or not d.licence.known]
    return {
        "checked": looked_up is not None,
        "base_models": bases,
        "datasets": list(lin.datasets),
        "span": span_dict(lin.datasets_span),
        "dataset_licences": [{"id": d.repo_id, "found": d.found, "error": d.error, "licence": _view(d.licence)}
                             for d in datasets],
        "restrictive_base": bool(restrictive),
        "restrictive_base_names": names,
        "drops_base_terms": nearest is not None,
        "dropped_summary": (f"it derives from {nearest.repo_id}, licensed under {nearest.licence.names} "
                            f"({'; '.join(c.summary for c in nearest.licence.clauses[:2]) or nearest.licence.family})"
                            if nearest is not None else ""),
        "name_prefix": prefix,
        "name_ok": prefix is None or _alnum(model_name).startswith(_alnum(prefix)),
        "attribution": attribution,
        "attribution_ok": attribution is None or not body or _alnum(attribution) in _alnum(body),
        "unreadable_bases": "; ".join(f"{b.repo_id}: {b.error}" for b in (looked_up or []) if b.error),
        "risky_datasets": bool(risky),
        "risky_dataset_summary": "; ".join(
            f"{d.repo_id} ({'not found on the Hub' if not d.found else d.licence.names})" for d in risky),
    }


def build(release: Release, eff: Effective, parts: dict[str, PartLicence],
          openness: Callable[[], dict[str, Any]]) -> Facts:
    """The facts of a release; `openness` computes the openness facts when they are first read."""
    card = release.card
    lic = release.licence
    infos = eff.infos
    families = strictest_first({i.family for i in infos})
    family = families[0] if families else "none"
    names = _join([_the(i.name) for i in infos], "or" if eff.operator == "OR" else "and") or "no licence"
    known = eff.known
    # The clauses that most plainly fail the Open Source Definition come first; messages show three.
    ordered = sorted(eff.clauses, key=lambda c: _CLAUSE_ORDER.index(c.kind) if c.kind in _CLAUSE_ORDER else 99)
    summaries = [c.summary for c in ordered]
    clause_summary = "; ".join(summaries[:3])
    if len(summaries) > 3:
        clause_summary += f"; and {len(summaries) - 3} more clause{'s' if len(summaries) > 4 else ''}"
    undeclared = " (read from the licence file: the front matter declares none)" if not lic.declared else ""
    if not lic.declared and not infos:
        verdict = "no licence is declared (no `license` in the front matter and no licence file)"
    elif not lic.declared and not eff.restrictive:
        verdict = f"no `license` is declared in the front matter (the licence file reads as {names})"
    elif not known:
        verdict = f"its licence cannot be identified ({names})"
    elif eff.restrictive:
        verdict = (f"{names} restricts it" + (f": {clause_summary}" if clause_summary else f" ({family})")
                   + undeclared)
    elif not eff.open:
        verdict = f"{names} does not grant the freedoms open source requires ({family})"
    else:
        verdict = f"{names} is an open licence"
    if eff.open:
        honest = f"open weights under {names}"
    elif known:
        honest = f"weights available under {names}" + (" (with use restrictions)" if eff.restrictive else "")
    else:
        honest = "weights available (licence not stated)"
    facts: dict[str, Any] = {
        "release": {
            "target": release.target, "source": release.source, "name": release.name, "revision": release.revision,
            "url": release.web_url, "files": list(release.files), "tags": list(release.tags),
            "skipped": list(release.skipped),
            "files_unreadable": any("gated repo" in s for s in release.skipped),
        },
        "card": {
            "path": card.path if card else release.display(release.card_name),
            "note": release.card_note,
            "has_front_matter": bool(card and card.has_front_matter),
            "front_matter_error": card.front_matter_error if card else None,
            "front_matter_error_span": span_dict(card.front_matter_error_span) if card else None,
            "keys": sorted(card.front_matter) if card else [],
            "sections": [s.title for s in card.sections] if card else [],
            "placeholders": [{"text": p.text, "span": span_dict(p.span)} for p in release.placeholders],
            "span": span_dict(card.default_span() if card else Span(release.display(release.card_name), 1, 1)),
        },
        "licence": {
            "present": bool(lic.declared),
            "declared": list(lic.declared),
            "span": span_dict(lic.declared_span),
            "name": lic.license_name,
            "link": lic.license_link,
            "ids": [i.key for i in infos],
            "names": names,
            "family": family,
            "families": families,
            "known": known,
            "open": eff.open,
            "osi_approved": eff.osi_approved,
            "restrictive": eff.restrictive,
            "unknown": not known,
            "restrictions": {k: any(c.kind == k for c in eff.clauses) for k in RESTRICTION_KINDS},
            "clauses": [_clause(c) for c in ordered],
            "clause_summary": clause_summary,
            "verdict": verdict,
            "honest_wording": honest,
            "file_hint": _file_hint(lic),
            "entries": [
                {"key": e.info.key, "name": e.info.name, "family": e.info.family, "hub_id": e.info.hub_id,
                 "spdx": e.info.spdx, "osi_approved": e.info.osi_approved, "open": e.info.open,
                 "restrictive": e.info.restrictive, "via": e.via, "declared": e.declared, "span": span_dict(e.span)}
                for e in eff.entries
            ],
            "files": [
                {"path": f.path, "name": f.name, "role": f.role,
                 "licence": f.recognised.key if f.recognised else None,
                 "licence_name": f.recognised.name if f.recognised else None,
                 "family": f.recognised.family if f.recognised else None, "confidence": f.confidence,
                 "pointer": f.pointer, "clauses": [_clause(c) for c in f.clauses],
                 "span": span_dict(Span(f.path, 1, 1))}
                for f in lic.files
            ],
            "problems": [
                {"kind": p.kind, "detail": p.detail, "suggestion": p.suggestion, "span": span_dict(p.span)}
                for p in lic.problems
            ],
            **{part: {"key": pl.key, "name": pl.name, "open": pl.open} for part, pl in parts.items()},
        },
        "claims": [
            {"kind": c.kind, "text": c.text, "context": c.context, "source": c.source, "span": span_dict(c.span)}
            for c in release.claims
        ],
        "gating": _gating(release, eff),
        "lineage": _lineage(release, eff),
        "policy": dict(_NO_POLICY),  # filled by api from the configuration's licence policy
        "suppressions": [],  # filled by api after the rules ran
    }
    facts["license"] = facts["licence"]
    return Facts(facts, {"openness": openness})
