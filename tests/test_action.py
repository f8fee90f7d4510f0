"""The composite action's steps, run as GitHub runs them: bash, inputs through env:, GITHUB_* files.

The install step runs for real, offline: pip installs openlint from this checkout into a fresh venv
(no index, no dependencies, no build isolation); the dependencies come from PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def expand(value: str, inputs: dict[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"unexpected expression {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", sub, value)


def run_action(tmp: Path, **given: str) -> dict[str, Any]:
    inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    inputs["python"] = sys.executable
    inputs.update({k.replace("_", "-"): v for k, v in given.items()})
    files = {name: tmp / name for name in ("summary.md", "output.txt", "path.txt")}
    for f in files.values():
        f.write_text("", encoding="utf-8")
    (tmp / "runner").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GITHUB_", "HF_", "OPENLINT_"))}
    env.update({
        "GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "test", "GITHUB_WORKSPACE": str(ROOT),
        "GITHUB_STEP_SUMMARY": str(files["summary.md"]), "GITHUB_OUTPUT": str(files["output.txt"]),
        "GITHUB_PATH": str(files["path.txt"]), "RUNNER_TEMP": str(tmp / "runner"),
        "PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": sysconfig.get_paths()["purelib"], "OPENLINT_CACHE_DIR": str(tmp / "cache"),
    })
    outcomes = []
    for step in ACTION["runs"]["steps"]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs reach the shell through env: only"
        step_env = {**env, **{k: expand(str(v), inputs) for k, v in step.get("env", {}).items()}}
        extra_path = [p for p in files["path.txt"].read_text(encoding="utf-8").splitlines() if p]
        step_env["PATH"] = os.pathsep.join([*extra_path, env["PATH"]])
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=ROOT,
                              env=step_env, capture_output=True, text=True, timeout=600, check=False)
        outcomes.append(proc)
        if proc.returncode != 0:
            break
    outputs = dict(line.split("=", 1) for line in files["output.txt"].read_text(encoding="utf-8").splitlines()
                   if "=" in line)
    return {"steps": outcomes, "outputs": outputs, "summary": files["summary.md"].read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def washed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("action")
    sarif = tmp / "out.sarif"
    got = run_action(tmp, paths="fixtures/openwashed\nfixtures/honest", fail_on="error", sarif_file=str(sarif))
    got["sarif"] = sarif
    return got


def test_install_then_lint_fails_on_errors(washed: dict[str, Any]) -> None:
    install, lint = washed["steps"]
    assert install.returncode == 0, install.stderr
    assert lint.returncode == 1, lint.stdout + lint.stderr


def test_annotations_on_stdout(washed: dict[str, Any]) -> None:
    out = washed["steps"][1].stdout
    assert re.search(r"^::error file=fixtures/openwashed/README\.md,line=\d+", out, re.M), out


def test_summary_outputs_and_sarif(washed: dict[str, Any]) -> None:
    assert "openlint" in washed["summary"] and "OW001" in washed["summary"]
    outputs = washed["outputs"]
    assert int(outputs["errors"]) >= 1 and int(outputs["warnings"]) >= 1 and outputs["exit-code"] == "1"
    doc = json.loads(washed["sarif"].read_text(encoding="utf-8"))
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"]


def test_clean_release_passes(tmp_path: Path) -> None:
    got = run_action(tmp_path, paths="fixtures/fully-open", sarif_file="")
    assert [p.returncode for p in got["steps"]] == [0, 0], got["steps"][-1].stderr
    assert got["outputs"]["errors"] == "0" and got["outputs"]["exit-code"] == "0"


def test_inputs_cannot_inject_shell(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    got = run_action(tmp_path, paths=f"fixtures/honest $(touch {marker}) ;touch {marker}", sarif_file="")
    assert not marker.exists()
    assert got["steps"][-1].returncode == 2  # the odd "targets" are reported as unreadable, not run


def test_no_targets_is_an_error(tmp_path: Path) -> None:
    got = run_action(tmp_path, paths="", repo_ids="", sarif_file="")
    assert got["steps"][-1].returncode == 2 and "::error" in got["steps"][-1].stdout
