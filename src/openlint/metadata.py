"""Card metadata facts: gating, lineage, the model's own name, template leftovers."""

from __future__ import annotations

from openlint.card import PLACEHOLDER
from openlint.release import BaseModelRef, Card, Gating, Lineage, Placeholder, Release, Span
from openlint.textpos import LineIndex


def gating(release: Release) -> Gating:
    g = Gating()
    card = release.card
    fm = card.front_matter if card is not None else {}
    gate_keys = sorted(k for k in fm if k.startswith("extra_gated_") and k != "extra_gated_eu_disallowed")
    asked = fm.get("extra_gated_fields")
    # What the gate asks users for (the field labels), for messages; long consent texts are cut.
    fields = [str(k)[:60] for k in asked] if isinstance(asked, dict) else []
    hub = release.hub_gated
    declared = fm.get("gated")
    if hub not in (None, False, "false", "False"):
        g.gated, g.mode = True, str(hub)
    elif declared not in (None, False, "false", "False"):
        g.gated, g.mode = True, str(declared)
    elif gate_keys and hub is None:
        # A local card with a gate prompt is meant to be gated on the Hub.
        g.gated, g.mode = True, "card"
    g.fields = fields
    if card is not None:
        g.span = card.span_of_key(gate_keys[0]) if gate_keys else card.span_of_key("gated")
    if fm.get("extra_gated_eu_disallowed") is True:
        g.eu_disallowed = True
        if card is not None:
            g.span = card.span_of_key("extra_gated_eu_disallowed") or g.span
    return g


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def lineage(card: Card | None) -> Lineage:
    lin = Lineage()
    if card is None:
        return lin
    fm = card.front_matter
    relation = fm.get("base_model_relation")
    rel = relation.strip() if isinstance(relation, str) else None
    raw = fm.get("base_model")
    for i, repo in enumerate(_strings(raw)):
        span = card.span_of_value("base_model", i) if isinstance(raw, list) else card.span_of_value("base_model")
        lin.base_models.append(BaseModelRef(repo, rel or ("merge" if isinstance(raw, list) and len(raw) > 1 else None),
                                            span))
    lin.datasets = _strings(fm.get("datasets"))
    lin.datasets_span = card.span_of_key("datasets")
    return lin


def model_name(card: Card | None) -> tuple[str, Span | None] | None:
    """The model's own name as its card states it: `model_name`, else the first model-index entry."""
    if card is None:
        return None
    fm = card.front_matter
    name = fm.get("model_name")
    if isinstance(name, str) and name.strip():
        return name.strip(), card.span_of_value("model_name")
    index = fm.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict):
        first = index[0].get("name")
        if isinstance(first, str) and first.strip():
            return first.strip(), card.span_of_value("model-index", 0, "name")
    return None


def placeholders(card: Card | None) -> list[Placeholder]:
    if card is None:
        return []
    if "[" not in card.text:
        return []
    matches = list(PLACEHOLDER.finditer(card.text))
    if not matches:
        return []
    index = LineIndex(card.text, card.path)
    return [Placeholder(m.group(0), index.span(m.start(), m.end())) for m in matches]
