"""Which licences apply to a release, and what is wrong with how they are declared.

Reads the card's `license` (a Hub id, a list of ids, an SPDX expression or `other` with `license_name`
and `license_link`) and the texts of the release's licence files, using the knowledge in
`openlint.licences`. Produces `LicenceFacts`; judging them is the rules' job.
"""

from __future__ import annotations

import re

from openlint import cache, licences
from openlint.release import (
    Card,
    Clause,
    LicenceFacts,
    LicenceFile,
    LicenceInfo,
    LicenceProblem,
    Release,
    ResolvedLicence,
    Span,
)
from openlint.sources.common import licence_file_role
from openlint.textpos import LineIndex

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_AUP = re.compile(r"acceptable[ -]use|prohibited use|use polic(?:y|ies)|you (?:agree|will) not|使用政策|禁止", re.I)


def unresolved(name: str, what: str) -> LicenceInfo:
    """A licence that applies but that openlint cannot identify."""
    return LicenceInfo(key=name, name=what, family="unknown")


def resolve(release: Release) -> LicenceFacts:
    facts = LicenceFacts()
    card = release.card
    facts.files = _read_files(release)
    if card is not None:
        _declared(card, release, facts)
    _link_file(card, release, facts)
    if not any(r.via != "file" for r in facts.resolved):
        # No usable metadata: what the licence files say is all there is.
        for f in facts.files:
            if f.recognised is not None and f.role in ("licence", "weights") and not any(
                    r.info.key == f.recognised.key for r in facts.resolved):
                facts.resolved.append(
                    ResolvedLicence(f.recognised, "file", f.name, Span(f.path, 1, 1), _confidence(f))
                )
    _mismatches(release, facts)
    return facts


def _confidence(f: LicenceFile) -> str:
    return "high" if f.confidence == "high" else "medium"


_RECOGNITION = "recognised-licence-texts"


def recognise(text: str) -> licences.TextRecognition:
    """`licences.recognise_text`, remembered by the text's content (see cache.py)."""
    key = cache.text_key(text) + "-" + licences.knowledge_version()
    hit = cache.get(_RECOGNITION, key)
    if isinstance(hit, dict):
        info = licences.lookup_key(hit["licence"]) if hit.get("licence") else None
        if info is not None or not hit.get("licence"):
            clauses = tuple(licences.ClauseMatch(c[0], c[1], c[2], c[3]) for c in hit.get("clauses", []))
            return licences.TextRecognition(info, hit["confidence"], clauses, hit.get("pointer"))
    rec = licences.recognise_text(text)
    cache.put(_RECOGNITION, key, {
        "licence": rec.licence.key if rec.licence else None, "confidence": rec.confidence,
        "clauses": [[c.kind, c.summary, c.start, c.end] for c in rec.clauses], "pointer": rec.pointer_url,
    })
    return rec


def _read_files(release: Release) -> list[LicenceFile]:
    out: list[LicenceFile] = []
    for rel, text in sorted(release.file_texts.items()):
        role = licence_file_role(rel)
        rec = recognise(text)
        path = release.display(rel)
        index = LineIndex(text, path) if rec.clauses or role == "use-policy" else None
        clauses = tuple(
            Clause(c.kind, c.summary, "", index.span(c.start, c.end)) for c in rec.clauses if index is not None
        )
        pointer_info = licences.lookup_url(rec.pointer_url) if rec.pointer_url else None
        info = rec.licence or pointer_info
        if role == "use-policy" and not clauses:
            # A use policy that only points at an acceptable-use policy still imposes one.
            m = _AUP.search(text)
            if m and index is not None:
                clauses = (Clause("use_restrictions", f"use is restricted by the acceptable-use policy {rel} refers to",
                                  "", index.span(m.start(), m.end())),)
        confidence = rec.confidence if rec.licence is not None else ("medium" if info is not None else "none")
        out.append(LicenceFile(path, rel, role, info, clauses, rec.pointer_url, confidence))
    return out


def _declared(card: Card, release: Release, facts: LicenceFacts) -> None:
    fm = card.front_matter
    raw = fm.get("license")
    facts.declared_span = card.span_of_value("license") or card.span_of_key("license")
    name = fm.get("license_name")
    link = fm.get("license_link")
    facts.license_name = str(name) if isinstance(name, str | int | float) and str(name).strip() else None
    facts.license_link = str(link).strip() if isinstance(link, str) and link.strip() else None
    values: list[tuple[str, Span | None]] = []
    if isinstance(raw, str):
        if raw.strip():
            values.append((raw.strip(), facts.declared_span))
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            if isinstance(item, str | int | float) and str(item).strip():
                values.append((str(item).strip(), card.span_of_value("license", i)))
    elif raw is not None:
        facts.problems.append(
            LicenceProblem("invalid-type",
                           f"`license` is a {type(raw).__name__}; it must be a licence id or a list of ids",
                           facts.declared_span)
        )
    facts.declared = [v for v, _ in values]
    for value, span in values:
        _one(value, span, card, release, facts)


def _one(value: str, span: Span | None, card: Card, release: Release, facts: LicenceFacts) -> None:
    if value == "other":
        _other(span, card, release, facts)
        return
    if value == "unknown":
        facts.resolved.append(ResolvedLicence(unresolved("unknown", "an unknown licence"), "front-matter", value, span))
        return
    if licences.is_hub_id(value):
        info = licences.lookup(value)
        if info is not None:
            facts.resolved.append(ResolvedLicence(info, "front-matter", value, span))
            return
    info = licences.lookup(value)
    if info is not None:
        facts.resolved.append(ResolvedLicence(info, "front-matter", value, span))
        if info.hub_id:
            suggestion = f"license: {info.hub_id}"
        else:
            suggestion = f"license: other, license_name: {info.key}, and a LICENSE file with its text"
        facts.problems.append(LicenceProblem(
            "unrecognised-id", f"'{value}' is not a Hugging Face Hub licence id (it reads as the {info.name})",
            span, suggestion))
        return
    expr = licences.parse_expression(value)
    if expr.valid and expr.licences:
        facts.expression = expr.normalized
        facts.expression_operator = expr.operator or "AND"
        for item in expr.licences:
            facts.resolved.append(ResolvedLicence(item, "spdx-expression", value, span))
        ids = [i.hub_id for i in expr.licences if i.hub_id]
        if expr.operator == "OR" or len(ids) != len(expr.licences):
            suggestion = "a Hub id, or `license: other` with license_name and a LICENSE file that explains the choice"
        else:
            suggestion = "a YAML list of Hub ids: license: [" + ", ".join(ids) + "]"
        facts.problems.append(LicenceProblem(
            "not-hub-id", f"'{value}' is an SPDX expression, which the Hub does not accept as `license`", span,
            suggestion))
        return
    facts.resolved.append(ResolvedLicence(unresolved(value, f"'{value}'"), "front-matter", value, span))
    detail = f"'{value}' is not a Hugging Face Hub licence id"
    if expr.error:
        detail += " nor a valid SPDX expression"
    facts.problems.append(LicenceProblem(
        "unrecognised-id", detail, span,
        "one of the Hub's licence ids (https://huggingface.co/docs/hub/repositories-licenses), "
        "or `license: other` with license_name and license_link"))


def _other(span: Span | None, card: Card, release: Release, facts: LicenceFacts) -> None:
    name, link = facts.license_name, facts.license_link
    name_span = card.span_of_value("license_name")
    link_span = card.span_of_value("license_link")
    if not name or not link:
        missing = " and ".join(k for k, v in (("license_name", name), ("license_link", link)) if not v)
        facts.problems.append(LicenceProblem("other-incomplete", f"`license: other` without {missing}", span))
    info: LicenceInfo | None = None
    via, declared, where = "license_name", name or "", name_span
    if name:
        info = licences.lookup(name)
    if info is None and link:
        via, declared, where = "license_link", link, link_span
        if _URL.match(link):
            info = licences.lookup_url(link)
        else:
            rel = _link_target(link)
            f = next((f for f in facts.files if f.name == rel), None)
            if f is not None:
                info = f.recognised
    if info is None:
        # The card names a licence openlint does not know; the LICENSE text may still tell.
        text_info = next((f.recognised for f in facts.files if f.recognised and f.role in ("licence", "weights")), None)
        if text_info is not None:
            info, via, declared, where = text_info, "file", "LICENSE", span
    if info is None:
        what = f"'{name}'" if name else "'other'"
        info = unresolved(name or "other", f"the licence {what}")
        via, declared, where = "license_name", name or "other", name_span or span
    facts.resolved.append(ResolvedLicence(info, via, declared, where))
    official = licences.official_hub_id(name) if name else None
    if official is None and link and _URL.match(link):
        by_url = licences.lookup_url(link)
        official = by_url.hub_id if by_url is not None else None
    if official and official not in ("other", "unknown"):
        facts.problems.append(LicenceProblem(
            "official-id-exists",
            f"`license: other` names the {info.name}, which has an official Hub id",
            span, f"license: {official} (and drop license_name/license_link)"))


def _link_target(link: str) -> str:
    rel = link.strip()
    for prefix in ("./", "/"):
        if rel.startswith(prefix):
            rel = rel[len(prefix):]
    # Links like "blob/main/LICENSE" or "LICENSE.md#section" still name a file of the release.
    rel = rel.split("#", 1)[0].split("?", 1)[0]
    m = re.match(r"(?:.*/)?(?:blob|resolve|raw)/[^/]+/(.+)$", rel)
    return m.group(1) if m else rel


def _link_file(card: Card | None, release: Release, facts: LicenceFacts) -> None:
    link = facts.license_link
    if card is None or not link or _URL.match(link) or link.startswith(("mailto:", "#")):
        return
    rel = _link_target(link)
    if rel and rel not in release.files:
        close = [f for f in release.files if f.lower() == rel.lower()]
        hint = f" (there is {close[0]}: file names are case-sensitive on the Hub)" if close else ""
        facts.problems.append(LicenceProblem(
            "missing-link-file", f"license_link points to {rel}, which is not in the release{hint}",
            card.span_of_value("license_link"),
            f"add {rel} with the licence text, or point license_link at the licence's URL"))


def _mismatches(release: Release, facts: LicenceFacts) -> None:
    declared = [r for r in facts.resolved if r.via != "file" and r.info.family != "unknown"]
    if not declared:
        return
    keys = {r.info.key for r in declared}
    has_weights_file = any(f.role == "weights" for f in facts.files)
    for f in facts.files:
        if f.recognised is None or f.confidence != "high":
            continue
        if f.role not in ("licence", "weights") or (f.role == "licence" and has_weights_file):
            continue  # a generic LICENSE beside a LICENSE-MODEL is the code's licence
        if f.recognised.key in keys or _same_licence(f.recognised, declared):
            continue
        names = ", ".join(sorted({r.info.name for r in declared}))
        facts.problems.append(LicenceProblem(
            "mismatch",
            f"the front matter declares {names}, but {f.name} is the text of the {f.recognised.name}",
            facts.declared_span or Span(f.path, 1, 1),
            f"make them agree: if {f.name} is right, declare "
            + (f"license: {f.recognised.hub_id}" if f.recognised.hub_id else
               f"license: other with license_name: {f.recognised.key}")))


def _same_licence(info: LicenceInfo, declared: list[ResolvedLicence]) -> bool:
    return any(info.spdx and info.spdx == r.info.spdx for r in declared)
