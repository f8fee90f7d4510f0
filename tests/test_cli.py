"""The CLI as a user meets it: real processes on real folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, run_json, run_openlint


def codes(result: dict) -> list[str]:  # type: ignore[type-arg]
    return [d["code"] for d in result["diagnostics"]]


def test_openwashed_fixture_fails_with_located_findings() -> None:
    proc = run_openlint("check", "fixtures/openwashed")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    ow001 = [ln for ln in lines if " OW001 " in ln]
    assert ow001, proc.stdout
    # ruff style: path:line:col: CODE [severity] message
    assert ow001[0].startswith("fixtures/openwashed/README.md:")
    assert "Llama 3.1 Community License" in ow001[0]
    assert "help:" in proc.stdout
    assert lines[-1].startswith("Found ") and "error" in lines[-1]
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour


def test_honest_and_fully_open_fixtures_are_clean() -> None:
    for name in ("honest", "fully-open"):
        proc = run_openlint("check", f"fixtures/{name}")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "All checks passed!" in proc.stdout


def test_fully_open_profile_reaches_a_mof_class() -> None:
    code, doc = run_json("fixtures/fully-open")
    assert code == 0
    res = doc["results"][0]
    assert res["openness"]["osaid"] == {"data_information": True, "code": True, "parameters": True}
    assert res["openness"]["mof_class"] >= 1
    present = {c["key"] for c in res["openness"]["components"] if c["present"]}
    assert {"training_code", "datasets", "model_parameters", "research_paper"} <= present


def test_json_contract() -> None:
    code, doc = run_json("fixtures/openwashed", "fixtures/honest", "./fixtures/does-not-exist")
    assert code == 2  # one target could not be read; the others are still reported
    assert doc["version"] == 1 and set(doc) == {"version", "results", "summary"}
    targets = [r["target"] for r in doc["results"]]
    assert targets == ["fixtures/openwashed", "fixtures/honest", "./fixtures/does-not-exist"]
    bad = doc["results"][2]
    assert bad["error"]["kind"] == "not-found" and "does-not-exist" in bad["error"]["message"]
    ow = doc["results"][0]
    assert ow["source"] == "local" and ow["error"] is None
    assert ow["license"]["declared"] == ["llama3.1"]
    assert ow["license"]["resolved"][0]["key"] == "llama3.1"
    assert ow["license"]["resolved"][0]["family"] == "vendor"
    claim = ow["claims"][0]
    assert set(claim) >= {"kind", "text", "path", "line", "column"}
    for d in ow["diagnostics"]:
        assert set(d) >= {"code", "name", "severity", "category", "message", "path", "line", "column",
                          "end_line", "end_column", "url"}
        assert d["severity"] in ("error", "warning", "info")
        assert d["line"] >= 1 and d["column"] >= 1
    assert doc["summary"]["targets"] == 3 and doc["summary"]["failed_targets"] == 1


def test_card_file_target_and_model_card_fallback(tmp_path: Path) -> None:
    rel = tmp_path / "rel"
    shutil.copytree(FIXTURES / "openwashed", rel)
    (rel / "README.md").rename(rel / "MODEL_CARD.md")
    proc = run_openlint("check", str(rel))
    assert proc.returncode == 1
    assert "read MODEL_CARD.md" in proc.stderr
    assert f"{rel}/MODEL_CARD.md:" in proc.stdout
    proc2 = run_openlint("check", str(rel / "MODEL_CARD.md"))
    assert proc2.returncode == 1 and f"{rel}/MODEL_CARD.md:" in proc2.stdout


def test_fail_on_threshold() -> None:
    assert run_openlint("check", "--fail-on", "error", "fixtures/openwashed").returncode == 1
    assert run_openlint("check", "--fail-on", "never", "fixtures/openwashed").returncode == 0


def test_folder_without_card_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT", encoding="utf-8")
    proc = run_openlint("check", str(tmp_path))
    assert proc.returncode == 2
    assert "no model card" in proc.stderr and "Traceback" not in proc.stderr


def test_invalid_front_matter_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: [apache-2.0\n---\n# x\n", encoding="utf-8")
    code, doc = run_json(str(tmp_path))
    assert code == 1
    md = [d for d in doc["results"][0]["diagnostics"] if d["code"] == "MD001"]
    assert md and md[0]["line"] >= 2


def test_colour_only_on_request_and_never_with_no_color() -> None:
    forced = run_openlint("check", "--color", "always", "fixtures/openwashed")
    assert "\x1b[" in forced.stdout
    env_forced = run_openlint("check", "fixtures/openwashed", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in env_forced.stdout
    no = run_openlint("check", "fixtures/openwashed", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in no.stdout


def test_terminal_escapes_in_card_text_are_neutralised(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "---\nlicense: other\n---\nThis is an open-source \x1b[2J\x1b]0;pwned\x07 model.\n", encoding="utf-8")
    proc = run_openlint("check", "--color", "never", str(tmp_path))
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


def test_rules_table_and_rule_docs() -> None:
    table = run_openlint("rules")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split()[:4] == ["CODE", "NAME", "CATEGORY", "SEVERITY"]
    assert "OW001" in table.stdout and "LIC001" in table.stdout
    doc = run_openlint("rule", "OW001")
    assert doc.returncode == 0 and "## What it does" in doc.stdout and "opensource.org" in doc.stdout
    by_name = run_openlint("rule", "missing-license")
    assert "(LIC001)" in by_name.stdout
    missing = run_openlint("rule", "OW999")
    assert missing.returncode == 2 and "no rule" in missing.stderr
    as_json = json.loads(run_openlint("rules", "--format", "json").stdout)
    assert {r["code"] for r in as_json} >= {"OW001", "OW002", "OW003", "OW004", "LIC001", "DOC001"}


def test_version_and_usage_errors() -> None:
    v = run_openlint("--version")
    assert v.returncode == 0 and v.stdout.startswith("openlint ")
    assert run_openlint("check").returncode == 2
    assert run_openlint("check", "--format", "xml", "x").returncode == 2


def test_user_rule_files(tmp_path: Path) -> None:
    rule = tmp_path / "acme.yaml"
    rule.write_text(
        "code: ACME001\nname: no-vendor-licences\ncategory: license\nseverity: error\n"
        "summary: Vendor licences are not allowed here.\ncondition: \"contains(licence.families, 'vendor')\"\n"
        "message: \"{licence.names} is a vendor licence\"\nexplanation: |\n  ## What it does\n  x\n"
        "references:\n  - https://example.com/policy\n", encoding="utf-8")
    _, doc = run_json("--rules", str(rule), "fixtures/openwashed")
    assert "ACME001" in codes(doc["results"][0])
    bad = tmp_path / "bad.yaml"
    bad.write_text(rule.read_text(encoding="utf-8").replace("licence.families", "licence.familes"), encoding="utf-8")
    proc = run_openlint("check", "--rules", str(bad), "fixtures/openwashed")
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "familes" in proc.stderr and "Traceback" not in proc.stderr
