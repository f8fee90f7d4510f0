"""Shared helpers: run openlint as a real process, the way users and CI do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# Tests never read or write the user's cache: one throw-away cache for the whole run.
os.environ["OPENLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="openlint-test-cache-")


def run_openlint(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                 stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    # Nothing of the developer's environment leaks in: no GitHub or Hub settings (tokens!), no
    # openlint settings but the test cache.
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("GITHUB_", "OPENLINT_", "HF_", "HUGGINGFACE_")) or k == "OPENLINT_CACHE_DIR"}
    full_env.pop("NO_COLOR", None)
    full_env.pop("FORCE_COLOR", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "openlint", *args], cwd=cwd or ROOT, env=full_env, input=stdin,
        capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False,
    )


def run_json(*args: str, **kw: Any) -> tuple[int, dict[str, Any]]:
    proc = run_openlint("check", "--format", "json", *args, **kw)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
