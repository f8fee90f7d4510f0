"""Suppressions in the card, with reasons; unused ones are reported."""

from __future__ import annotations

from pathlib import Path

from conftest import run_json

CARD = """---
license: llama3.1  # openlint: ignore[LIC004] -- not a finding here
tags:
- open-source  # openlint: ignore[OW001] -- the tag names the project's code repository
---
# M

<!-- openlint-disable-next-line OW001 -- quoting the press release -->
Called a fully open-source model by the press.

It is an open-source model.

<!-- openlint-disable OW003 -- the history section quotes old wording -->
Once described as a truly open model.
<!-- openlint-enable OW003 -->

An open model today.

<!-- openlint-disable-next-line DOC001 -->
Nothing here.
"""


def test_suppressions(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CARD, encoding="utf-8")
    _, doc = run_json(str(tmp_path))
    diags = doc["results"][0]["diagnostics"]
    where = {(d["code"], d["line"]) for d in diags}
    assert ("OW001", 4) not in where, "front-matter ignore"
    assert ("OW001", 9) not in where, "disable-next-line"
    assert ("OW001", 11) in where, "not suppressed"
    assert ("OW003", 14) not in where, "range"
    assert ("OW003", 17) in where, "after the range"
    unused = [d for d in diags if d["code"] == "SUP001"]
    assert {d["line"] for d in unused} == {2, 19}, "unused: the LIC004 ignore and the DOC001 one"
    no_reason = [d for d in diags if d["code"] == "SUP002"]
    assert [d["line"] for d in no_reason] == [19]
    assert all(d["severity"] == "info" for d in unused + no_reason)


def test_disable_file_and_prefixes(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "---\nlicense: llama3.1\n---\n<!-- openlint-disable-file OW -- marketing copy reviewed by legal -->\n"
        "An open-source model. A truly open model.\n", encoding="utf-8")
    _, doc = run_json(str(tmp_path))
    assert not [d for d in doc["results"][0]["diagnostics"] if d["code"].startswith(("OW", "SUP"))]
