"""Lineage of a Hub release: its base models up to the root, and the licences of its training datasets.

Each base model and dataset is fetched once per run (HubClient memoises), the walk is cycle-safe and
bounded, and a base that cannot be read is recorded with the reason instead of failing the release.
The licences of bases and datasets are resolved from their Hub metadata (`cardData`), with the same
knowledge as the release's own licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openlint import licensing, openness
from openlint.release import Card, Clause, LicenceInfo, Release, strictest_first
from openlint.sources.common import SourceError

MAX_DEPTH = 8
MAX_DATASETS = 12
_QUOTED = re.compile(r"[“\"]([^”\"]{2,60})[”\"]")


@dataclass
class LicenceView:
    """The licence facts of a base model or a dataset, as lineage rules need them."""

    ids: list[str] = field(default_factory=list)
    names: str = "no licence"
    family: str = "none"
    known: bool = False
    open: bool = False
    restrictive: bool = False
    non_commercial: bool = False
    clauses: list[Clause] = field(default_factory=list)

    def kinds(self) -> set[str]:
        return {c.kind for c in self.clauses}


@dataclass
class BaseModel:
    repo_id: str
    relation: str | None
    depth: int  # 1 = a direct base
    child: str  # the repo that names it as base_model
    found: bool = False
    error: str | None = None
    licence: LicenceView = field(default_factory=LicenceView)
    name_prefix: str | None = None  # the licence's naming duty ("Llama")
    attribution: str | None = None  # the licence's attribution duty ("Built with Llama")


@dataclass
class DatasetRef:
    repo_id: str
    found: bool = False
    error: str | None = None
    licence: LicenceView = field(default_factory=LicenceView)


def view_of(card_data: dict[str, Any], files: list[str], name: str) -> LicenceView:
    """Resolve the licence a repo declares in its metadata (no file texts: those need more requests)."""
    mini = Release(target=name, source="hub", root=name)
    mini.card = Card(path="README.md", text="", front_matter=dict(card_data), has_front_matter=True)
    mini.files = list(files)
    facts = licensing.resolve(mini)
    eff = openness.effective(facts)
    infos: list[LicenceInfo] = eff.infos
    families = strictest_first({i.family for i in infos})
    names = ", ".join(i.name for i in infos) or "no licence"
    return LicenceView(
        ids=[i.key for i in infos], names=names, family=families[0] if families else "none", known=eff.known,
        open=eff.open, restrictive=eff.restrictive,
        non_commercial=any(i.family == "non-commercial" or i.has("non_commercial") for i in infos),
        clauses=list(eff.clauses),
    )


def _quoted(clauses: list[Clause], kind: str) -> str | None:
    for c in clauses:
        if c.kind == kind:
            m = _QUOTED.search(c.summary)
            if m:
                return m.group(1).strip()
    return None


def _bases_of(card_data: dict[str, Any], hub_bases: list[str]) -> list[str]:
    raw = card_data.get("base_model")
    named = [raw] if isinstance(raw, str) else [b for b in raw if isinstance(b, str)] if isinstance(raw, list) else []
    out: list[str] = []
    for b in [*named, *hub_bases]:
        b = b.strip()
        if b and b not in out:
            out.append(b)
    return out


def resolve_lineage(release: Release, client: Any) -> None:
    """Fill release.extra["lineage_bases"] and ["lineage_datasets"] by asking the Hub (client: HubClient)."""
    meta = release.extra.get("hub_meta")
    card_data = release.card.front_matter if release.card is not None else {}
    direct = _bases_of(card_data, list(getattr(meta, "base_models", []) or []))
    relation = card_data.get("base_model_relation") or getattr(meta, "base_relation", None)
    bases: list[BaseModel] = []
    seen = {release.root}
    frontier = [(b, release.root, 1, relation if isinstance(relation, str) else None) for b in direct]
    while frontier:
        repo, child, depth, rel = frontier.pop(0)
        if repo in seen or depth > MAX_DEPTH:
            continue  # a cycle, or a chain too long to be real
        seen.add(repo)
        base = BaseModel(repo, rel, depth, child)
        bases.append(base)
        try:
            m = client.model(repo)
        except SourceError as err:
            base.error = err.message
            continue
        base.found = True
        base.licence = view_of(m.card_data, m.files, repo)
        base.name_prefix = _quoted(base.licence.clauses, "naming_duty")
        base.attribution = _quoted(base.licence.clauses, "attribution_duty")
        parent_rel = m.card_data.get("base_model_relation") or m.base_relation
        for parent in _bases_of(m.card_data, m.base_models):
            frontier.append((parent, repo, depth + 1, parent_rel if isinstance(parent_rel, str) else None))
    release.extra["lineage_bases"] = bases
    datasets: list[DatasetRef] = []
    raw = card_data.get("datasets")
    names = [raw] if isinstance(raw, str) else [d for d in raw if isinstance(d, str)] if isinstance(raw, list) else []
    for name in names[:MAX_DATASETS]:
        ref = DatasetRef(name.strip())
        datasets.append(ref)
        if not ref.repo_id:
            continue
        try:
            d = client.dataset(ref.repo_id)
        except SourceError as err:
            ref.error = err.message
            continue
        ref.found = True
        ref.licence = view_of(d.card_data, d.files, ref.repo_id)
    release.extra["lineage_datasets"] = datasets
