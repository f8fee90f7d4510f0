"""Turn a release read by a source into facts: the one place every extractor is called."""

from __future__ import annotations

from typing import Any

from openlint import claims as claim_finder
from openlint import facts, licensing, metadata, openness
from openlint.release import Claim, Release, Span


def _claims(release: Release) -> list[Claim]:
    found: list[Claim] = []
    card = release.card
    if card is not None:
        for m in claim_finder.find_claims_in_markdown(card.body, card.fences):
            found.append(Claim(m.kind, m.text, m.context, "body", card.span_of_body(m.start, m.end)))
        raw_tags = card.front_matter.get("tags")
        if isinstance(raw_tags, list):
            for i, tag in enumerate(raw_tags):
                if isinstance(tag, str) and (kind := claim_finder.claim_kind_of_tag(tag)):
                    found.append(Claim(kind, tag, f"tags: {tag}", "tag", card.span_of_value("tags", i)
                                       or card.default_span()))
        elif isinstance(raw_tags, str) and (kind := claim_finder.claim_kind_of_tag(raw_tags)):
            found.append(Claim(kind, raw_tags, f"tags: {raw_tags}", "tag",
                               card.span_of_value("tags") or card.default_span()))
    card_tags = {c.text for c in found if c.source == "tag"}
    for tag in release.tags:  # Hub tags that the card does not list itself
        if tag not in card_tags and (kind := claim_finder.claim_kind_of_tag(tag)):
            found.append(Claim(kind, tag, f"Hub tag: {tag}", "tag", card_span(release)))
    named = metadata.model_name(card)
    if named is not None:
        name, span = named
        for m in claim_finder.find_claims_in_name(name):
            where = span
            if span is not None and span.line == span.end_line:
                # Point at the word inside the value (quotes may shift it; stay within the value).
                offset = max(0, span.end_column - span.column - len(name)) // 2
                col = span.column + offset + m.start
                where = Span(span.path, span.line, col, span.line, col + (m.end - m.start))
            found.append(Claim(m.kind, m.text, f"model name: {name}", "name", where or card_span(release)))
    elif release.source == "hub" and release.name:
        for m in claim_finder.find_claims_in_name(release.name):
            found.append(Claim(m.kind, m.text, f"repo name: {release.name}", "name", card_span(release)))
    found.sort(key=lambda c: (c.span.path, c.span.line, c.span.column))
    return found


def card_span(release: Release) -> Span:
    return release.card.default_span() if release.card else Span(release.display(release.card_name), 1, 1)


def analyse(release: Release) -> dict[str, Any]:
    """Fill the release's facts and return the dict rules are evaluated against."""
    named = metadata.model_name(release.card)
    if named is not None and release.source == "local":
        release.name = named[0]
    release.licence = licensing.resolve(release)
    release.claims = _claims(release)
    release.gating = metadata.gating(release)
    release.lineage = metadata.lineage(release.card)
    release.placeholders = metadata.placeholders(release.card)
    eff = openness.effective(release.licence)
    release.extra["effective"] = eff

    def openness_facts() -> dict[str, Any]:
        # The evidence scan is the costliest step; it runs (and its module is imported) only when a rule
        # or a reporter asks.
        from openlint import evidence

        prof = openness.profile(evidence.collect(release), release.licence, eff)
        release.components = prof.components
        release.extra["profile"] = prof
        return facts.openness_facts(prof)

    return facts.build(release, eff, openness.parts(release.licence, eff), openness_facts)
