"""Configuration like ruff's: found upward, select/ignore/severity/per-path-ignores/rules/fail-on/policy."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, run_json, run_openlint


def codes(doc: dict, i: int = 0) -> list[str]:  # type: ignore[type-arg]
    return [d["code"] for d in doc["results"][i]["diagnostics"]]


def project(tmp: Path, config: str, name: str = ".openlint.toml", release: str = "openwashed") -> Path:
    shutil.copytree(FIXTURES / release, tmp / "models" / "rel")
    (tmp / name).write_text(config, encoding="utf-8")
    return tmp / "models" / "rel"


def test_config_found_upward_select_and_ignore(tmp_path: Path) -> None:
    rel = project(tmp_path, 'select = ["OW"]\nignore = ["OW004"]\n')
    _, doc = run_json(str(rel))
    found = set(codes(doc))
    assert found and all(c.startswith("OW") for c in found) and "OW004" not in found


def test_pyproject_tool_table_and_closest_file_wins(tmp_path: Path) -> None:
    rel = project(tmp_path, '[project]\nname = "x"\n[tool.openlint]\nselect = ["DOC001"]\n', name="pyproject.toml")
    _, doc = run_json(str(rel))
    assert set(codes(doc)) == {"DOC001"}
    (rel / ".openlint.toml").write_text('select = ["OW001"]\n', encoding="utf-8")
    _, doc = run_json(str(rel))
    assert set(codes(doc)) == {"OW001"}


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    rel = project(tmp_path, '[project]\nname = "x"\n', name="pyproject.toml")
    _, doc = run_json(str(rel))
    assert "OW001" in codes(doc) and "DOC001" in codes(doc)


def test_severity_overrides_and_fail_on(tmp_path: Path) -> None:
    rel = project(tmp_path, 'fail-on = "error"\n[severity]\nOW = "info"\nOW001 = "warning"\nDOC001 = "info"\n'
                            'OW004 = "info"\n')
    code, doc = run_json(str(rel))
    sev = {d["code"]: d["severity"] for d in doc["results"][0]["diagnostics"]}
    assert sev["OW001"] == "warning" and sev["OW004"] == "info" and sev["DOC001"] == "info"
    assert code == 0, "no error left, and the configuration fails only on errors"
    assert run_json("--fail-on", "warning", str(rel))[0] == 1, "--fail-on on the command line wins"


def test_per_path_ignores(tmp_path: Path) -> None:
    rel = project(tmp_path, '[per-path-ignores]\n"models/*/README.md" = ["DOC001"]\n')
    _, doc = run_json(str(rel))
    assert "DOC001" not in codes(doc) and "OW001" in codes(doc)


def test_extra_rule_files_from_config(tmp_path: Path) -> None:
    (tmp_path / "policy-rules").mkdir()
    (tmp_path / "policy-rules" / "acme.yaml").write_text(
        "code: ACME001\nname: acme-no-gates\ncategory: metadata\nseverity: error\nsummary: No gates.\n"
        "condition: gating.gated\nmessage: gated\nexplanation: x\nreferences: [https://example.com]\n",
        encoding="utf-8")
    rel = project(tmp_path, 'rules = ["policy-rules"]\n')
    _, doc = run_json(str(rel))
    assert "ACME001" in codes(doc)


def test_licence_policy(tmp_path: Path) -> None:
    rel = project(tmp_path, '[policy]\ndeny = ["vendor"]\nmessage = "See the release policy."\n')
    _, doc = run_json(str(rel))
    pol = [d for d in doc["results"][0]["diagnostics"] if d["code"] == "POL001"]
    assert pol and "See the release policy." in pol[0]["message"] and pol[0]["line"] == 2
    allow = project(tmp_path / "b", '[policy]\nallow = ["open-source", "cc-by-4.0"]\n', release="honest")
    _, doc = run_json(str(allow))
    assert "POL002" not in codes(doc)
    deny_nc = project(tmp_path / "c", '[policy]\nallow = ["open-data"]\n', release="honest")
    _, doc = run_json(str(deny_nc))
    assert "POL002" in codes(doc)


def test_explicit_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('select = ["LIC"]\n', encoding="utf-8")
    _, doc = run_json("--config", str(cfg), "fixtures/openwashed")
    assert all(c.startswith("LIC") for c in codes(doc))


def test_bad_configuration_is_exit_2_naming_file_and_key(tmp_path: Path) -> None:
    cases = {
        'selct = ["OW"]\n': "unknown key `selct` (did you mean select?)",
        'select = "OW"\n': "`select` must be a list of strings",
        'select = ["OX"]\n': "'OX' matches no rule",
        '[severity]\nOW001 = "fatal"\n': "`severity.OW001` must be one of error, warning, info",
        'fail-on = "sometimes"\n': "`fail-on` must be one of",
        '[policy]\ndeny = ["not-a-licence"]\n': "'not-a-licence' is neither a licence id",
        'rules = ["missing-dir"]\n': "does not exist",
        'select = [\n': "not valid TOML",
    }
    for text, expected in cases.items():
        rel = project(tmp_path / str(abs(hash(text))), text)
        proc = run_openlint("check", str(rel))
        assert proc.returncode == 2, (text, proc.stdout, proc.stderr)
        assert ".openlint.toml" in proc.stderr and expected in proc.stderr, (text, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_configured_repo_ids(tmp_path: Path) -> None:
    (tmp_path / ".openlint.toml").write_text('repo-ids = []\n', encoding="utf-8")
    proc = run_openlint("check", "--configured-repos", cwd=tmp_path)
    assert proc.returncode == 2 and "lists no `repo-ids`" in proc.stderr
