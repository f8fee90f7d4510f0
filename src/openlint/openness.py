"""The openness profile: which licence governs what, each MOF component's status, the MOF class, OSAID.

Licences per content type follow MOT's resolution order: a licence file for that part of the release
(LICENSE-MODEL, LICENSE-CODE, DATA_LICENSE), else the card's declared licence, else a generic LICENSE.
Code that ships in a named library (library_name: transformers) carries that library's licence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openlint import licences
from openlint.mof import COMPONENTS, MOF_LABELS, SPEC, data_information_evidence
from openlint.release import Clause, Component, Evidence, LicenceFacts, LicenceInfo, ResolvedLicence


@dataclass
class Effective:
    """The licences that apply to the release as a whole (what an openness claim is judged against)."""

    entries: list[ResolvedLicence] = field(default_factory=list)
    operator: str = "AND"
    clauses: list[Clause] = field(default_factory=list)

    @property
    def infos(self) -> list[LicenceInfo]:
        return [e.info for e in self.entries]

    @property
    def known(self) -> bool:
        return any(i.family != "unknown" for i in self.infos)

    @property
    def open(self) -> bool:
        infos = self.infos
        if not infos or self.clauses_restrict:
            return False
        if self.operator == "OR":
            return any(i.open for i in infos)
        return all(i.open for i in infos)

    @property
    def clauses_restrict(self) -> bool:
        # A use policy or a clause found in a licence file binds even when the id looks permissive.
        return any(c.span is not None for c in self.clauses)

    @property
    def osi_approved(self) -> bool:
        infos = self.infos
        if not infos or self.clauses_restrict:
            return False
        check = any if self.operator == "OR" else all
        return check(i.osi_approved for i in infos)

    @property
    def restrictive(self) -> bool:
        infos = self.infos
        if self.clauses_restrict:
            return True
        if not infos:
            return False
        check = all if self.operator == "OR" else any
        return check(i.restrictive for i in infos)


def effective(facts: LicenceFacts) -> Effective:
    eff = Effective(operator=facts.expression_operator)
    eff.entries = list(facts.resolved)
    seen = {e.info.key for e in eff.entries}
    has_weights_file = any(f.role == "weights" for f in facts.files)
    for f in facts.files:
        info = f.recognised
        if info is None or info.key in seen or f.confidence != "high":
            continue
        # The text shipped with the weights binds whatever the metadata says; a generic LICENSE only adds
        # to the picture when it is stricter than what is declared (else it is likely the code's licence).
        if f.role == "weights" or (f.role == "licence" and not has_weights_file and info.restrictive):
            eff.entries.append(ResolvedLicence(info, "file", f.name, None, "high"))
            seen.add(info.key)
    kinds: set[str] = set()
    for f in facts.files:
        if f.role in ("use-policy", "weights") or (f.role == "licence" and not has_weights_file):
            for c in f.clauses:
                if c.kind not in kinds:
                    eff.clauses.append(c)
                    kinds.add(c.kind)
    for info in eff.infos:
        for c in info.clauses:
            if c.kind not in kinds:
                eff.clauses.append(c)
                kinds.add(c.kind)
    return eff


@dataclass
class PartLicence:
    key: str | None
    name: str | None
    open: bool


def _part(facts: LicenceFacts, eff: Effective, role: str) -> PartLicence:
    roles = [role]
    if role == "code" and any(f.role == "weights" for f in facts.files):
        roles.append("licence")  # a generic LICENSE beside a LICENSE-MODEL is the code's licence
    for wanted in roles:
        for f in facts.files:
            if f.role == wanted and f.recognised is not None:
                return PartLicence(f.recognised.key, f.recognised.name, f.recognised.open and not f.clauses)
    declared = [e for e in eff.entries if e.via != "file"] or eff.entries
    if declared:
        infos = [e.info for e in declared]
        check = any if eff.operator == "OR" else all
        is_open = check(i.open for i in infos) and not eff.clauses_restrict
        return PartLicence(" AND ".join(i.key for i in infos), ", ".join(i.name for i in infos), is_open)
    return PartLicence(None, None, False)


@dataclass
class Profile:
    components: list[Component]
    mof_class: int
    osaid: dict[str, bool]
    licences: dict[str, PartLicence]  # "weights", "code", "data", "documents"


def parts(facts: LicenceFacts, eff: Effective) -> dict[str, PartLicence]:
    """The licence of each part of the release: weights, code, data, documents."""
    return {
        "weights": _part(facts, eff, "weights"),
        "code": _part(facts, eff, "code"),
        "data": _part(facts, eff, "data"),
        "documents": _part(facts, eff, "licence"),
    }


def profile(found: dict[str, list[Evidence]], facts: LicenceFacts, eff: Effective) -> Profile:
    parts_ = parts(facts, eff)
    components: list[Component] = []
    for spec in COMPONENTS:
        comp = Component(spec.key, spec.name, spec.content_type, spec.mof_class, spec.mof_class > 0,
                         list(found[spec.key]))
        part = parts_["weights" if spec.key in ("model_parameters", "intermediate_parameters") else
                     {"code": "code", "data": "data", "document": "documents"}[spec.content_type]]
        if spec.content_type == "data" and spec.key not in ("model_parameters", "intermediate_parameters") \
                and part.key is None:
            part = parts_["weights"]
        if comp.evidence and all(e.kind == "library" for e in comp.evidence):
            lib = comp.evidence[0].detail.split(":", 1)[1].strip().lower()
            from openlint.evidence import LIBRARY_LICENCES

            lib_info = licences.lookup(LIBRARY_LICENCES.get(lib, ""))
            comp.licence = lib_info.key if lib_info else None
            comp.licence_open = bool(lib_info and lib_info.open)
        else:
            comp.licence = part.key
            comp.licence_open = part.open
        components.append(comp)
    by_key = {c.key: c for c in components}
    data_info = data_information_evidence(found)
    osaid = {
        "data_information": bool(data_info),
        # OSAID Code: "the complete source code used to train and run the system". Released training code
        # defines the model; whether inference code is present too shows in the components.
        "code": by_key["training_code"].present,
        "parameters": by_key["model_parameters"].present,
    }
    return Profile(components, mof_class(by_key), osaid, parts_)


def mof_class(by_key: dict[str, Component]) -> int:
    """The lowest MOF class whose required components are all present and openly licensed (cumulative)."""

    def ok(key: str) -> bool:
        c = by_key[key]
        return c.present and c.licence_open

    def met(cls: int) -> bool:
        need = [s.key for s in COMPONENTS if s.mof_class >= cls]
        for key in need:
            if key == "technical_report":
                # MOF: a research paper may stand in for the technical report.
                if not (ok("technical_report") or ok("research_paper")):
                    return False
            elif not ok(key):
                return False
        return True

    reached = 0
    for cls in (3, 2, 1):
        if not met(cls):
            break
        reached = cls
    return reached


def label(cls: int) -> str:
    return MOF_LABELS[cls]


__all__ = ["SPEC", "Effective", "PartLicence", "Profile", "effective", "label", "mof_class", "parts", "profile"]
