"""An organisation's licence policy (configuration `policy`), as facts the policy rules read."""

from __future__ import annotations

from typing import Any

from openlint import licences
from openlint.config import Policy
from openlint.release import FAMILIES


def _hits(entries: list[str], ids: list[str], families: list[str]) -> list[str]:
    found: list[str] = []
    for entry in entries:
        if entry in FAMILIES:
            if entry in families:
                found.append(entry)
            continue
        info = licences.lookup(entry)
        key = info.key if info is not None else entry
        if key in ids:
            found.append(key)
    return found


def policy_facts(policy: Policy, licence: dict[str, Any]) -> dict[str, Any]:
    ids: list[str] = list(licence["ids"])
    families: list[str] = list(licence["families"])
    denied = _hits(policy.deny, ids, families)
    # Under an allow list, every licence that applies must be allowed (and an unknown one never is).
    not_allowed: list[str] = []
    if policy.allow:
        allowed_ids = set(_hits(policy.allow, ids, families))
        for key, fam in zip(ids, [e["family"] for e in licence["entries"]], strict=False):
            if key not in allowed_ids and fam not in policy.allow:
                not_allowed.append(key)
        if not ids:
            not_allowed.append("no licence")
    return {
        "active": policy.active,
        "denied": bool(denied),
        "denied_names": ", ".join(denied),
        "not_allowed": bool(not_allowed),
        "not_allowed_names": ", ".join(not_allowed),
        "allow": ", ".join(policy.allow),
        "message": policy.message,
    }

