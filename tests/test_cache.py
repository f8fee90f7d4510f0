"""The cache makes runs faster and never changes an answer, whatever state it is in."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import run_json


def lint(env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    _, doc = run_json("fixtures/openwashed", "fixtures/honest", "fixtures/fully-open", env=env)
    for r in doc["results"]:
        r.pop("notes", None)
    return doc


def test_results_are_identical_cold_warm_and_without_cache(tmp_path: Path) -> None:
    env = {"OPENLINT_CACHE_DIR": str(tmp_path / "cache")}
    cold = lint(env)
    files = list((tmp_path / "cache").rglob("*.json"))
    assert files, "the first run fills the cache"
    warm = lint(env)
    off = lint({**env, "OPENLINT_NO_CACHE": "1"})
    assert cold == warm == off


def test_corrupt_or_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    env = {"OPENLINT_CACHE_DIR": str(tmp_path / "cache")}
    expected = lint(env)
    for f in (tmp_path / "cache").rglob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    assert lint(env) == expected
    for f in (tmp_path / "cache").rglob("*.json"):
        f.write_text(json.dumps({"licence": "no-such-licence", "confidence": "high"}), encoding="utf-8")
    assert lint(env) == expected
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    assert lint({"OPENLINT_CACHE_DIR": str(blocked)}) == expected


def test_editing_a_rule_file_invalidates_the_rule_cache(tmp_path: Path) -> None:
    env = {"OPENLINT_CACHE_DIR": str(tmp_path / "cache")}
    rule = tmp_path / "r.yaml"
    text = ("code: ACME001\nname: acme\ncategory: license\nseverity: info\nsummary: s\ncondition: \"{cond}\"\n"
            "message: m\nexplanation: e\nreferences: [https://example.com]\n")
    rule.write_text(text.replace("{cond}", "licence.open"), encoding="utf-8")
    _, doc = run_json("--rules", str(rule), "fixtures/honest", env=env)
    assert "ACME001" in [d["code"] for d in doc["results"][0]["diagnostics"]]
    rule.write_text(text.replace("{cond}", "!(licence.open)"), encoding="utf-8")
    os.utime(rule, ns=(os.stat(rule).st_atime_ns, os.stat(rule).st_mtime_ns + 1_000_000))
    _, doc = run_json("--rules", str(rule), "fixtures/honest", env=env)
    assert "ACME001" not in [d["code"] for d in doc["results"][0]["diagnostics"]]
