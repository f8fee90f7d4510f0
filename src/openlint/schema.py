"""The fact schema: every fact a rule may name, with its type.

Rule files are validated against it when they are loaded (see engine.py); `facts.build` produces dicts of
exactly this shape (a test checks that on real releases).
"""

from __future__ import annotations

from typing import Any

from openlint.release import RESTRICTION_KINDS

# Schema type names: "str", "int", "bool", "any"; a trailing "?" means it may be null.
# A dict is an object with exactly those keys; a one-element list is a list of that element.
SPAN: dict[str, Any] = {"path": "str", "line": "int", "column": "int", "end_line": "int", "end_column": "int"}
CLAUSE = {"kind": "str", "summary": "str", "reference": "str", "span": SPAN}
PART = {"key": "str?", "name": "str?", "open": "bool"}
LICENCE_VIEW = {
    "ids": ["str"], "names": "str", "family": "str", "known": "bool", "open": "bool", "restrictive": "bool",
    "non_commercial": "bool", "clause_summary": "str",
}

SCHEMA: dict[str, Any] = {
    "release": {
        "target": "str", "source": "str", "name": "str?", "revision": "str?", "url": "str?",
        "files": ["str"], "tags": ["str"], "skipped": ["str"], "files_unreadable": "bool",
    },
    "card": {
        "path": "str", "note": "str?", "has_front_matter": "bool", "front_matter_error": "str?",
        "front_matter_error_span": SPAN, "keys": ["str"], "sections": ["str"],
        "placeholders": [{"text": "str", "span": SPAN}], "span": SPAN,
    },
    "licence": {
        "present": "bool", "declared": ["str"], "span": SPAN, "name": "str?", "link": "str?",
        "ids": ["str"], "names": "str", "family": "str", "families": ["str"], "known": "bool", "open": "bool",
        "osi_approved": "bool", "restrictive": "bool", "unknown": "bool",
        "restrictions": dict.fromkeys(RESTRICTION_KINDS, "bool"),
        "clauses": [CLAUSE], "clause_summary": "str", "verdict": "str", "honest_wording": "str", "file_hint": "str",
        "entries": [{
            "key": "str", "name": "str", "family": "str", "hub_id": "str?", "spdx": "str?", "osi_approved": "bool",
            "open": "bool", "restrictive": "bool", "via": "str", "declared": "str", "span": SPAN,
        }],
        "files": [{
            "path": "str", "name": "str", "role": "str", "licence": "str?", "licence_name": "str?",
            "family": "str?", "confidence": "str", "pointer": "str?", "clauses": [CLAUSE], "span": SPAN,
        }],
        "problems": [{"kind": "str", "detail": "str", "suggestion": "str?", "span": SPAN}],
        "weights": PART, "code": PART, "data": PART, "documents": PART,
    },
    "claims": [{"kind": "str", "text": "str", "context": "str", "source": "str", "span": SPAN}],
    "openness": {
        "mof_class": "int", "mof_label": "str",
        "osaid": {"data_information": "bool", "code": "bool", "parameters": "bool"},
        "osaid_complete": "bool", "missing": ["str"], "missing_text": "str", "present": ["str"],
        "weights_only": "bool",
        "component": "any",  # {component key: present} for quick access, e.g. openness.component.training_code
        "components": [{
            "key": "str", "name": "str", "content_type": "str", "mof_class": "int", "required": "bool",
            "present": "bool", "licence": "str?", "licence_open": "bool", "evidence": ["str"], "span": SPAN,
        }],
    },
    "gating": {
        "gated": "bool", "mode": "str?", "fields": ["str"], "eu_disallowed": "bool", "eu_excluded": "bool",
        "restricted": "bool", "summary": "str", "span": SPAN,
    },
    "lineage": {
        "checked": "bool",  # the Hub was asked (Hub targets); false for local releases
        "base_models": [{
            "id": "str", "relation": "str?", "span": SPAN, "depth": "int", "child": "str", "found": "bool",
            "error": "str?", "licence": LICENCE_VIEW, "name_prefix": "str?", "attribution": "str?",
        }],
        "datasets": ["str"], "span": SPAN,
        "dataset_licences": [{"id": "str", "found": "bool", "error": "str?", "licence": LICENCE_VIEW}],
        "restrictive_base": "bool", "restrictive_base_names": "str",
        "drops_base_terms": "bool", "dropped_summary": "str",
        "name_prefix": "str?", "name_ok": "bool", "attribution": "str?", "attribution_ok": "bool",
        "unreadable_bases": "str",
        "risky_datasets": "bool", "risky_dataset_summary": "str",
    },
}
SCHEMA["policy"] = {
    "active": "bool", "denied": "bool", "denied_names": "str", "not_allowed": "bool", "not_allowed_names": "str",
    "allow": "str", "message": "str",
}
SCHEMA["suppressions"] = [{
    "kind": "str", "codes": "str", "reason": "str", "used": "bool", "text": "str", "span": SPAN,
}]
# Rule authors write either spelling; both name the same facts.
SCHEMA["license"] = SCHEMA["licence"]
