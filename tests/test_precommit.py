"""The real pre-commit runs openlint's hooks (`try-repo`) on a temporary git repository.

pre-commit builds the hook's environment with pip; the test keeps that offline: pip installs openlint
itself from this checkout (no index, no dependencies, no build isolation) and finds the dependencies on
PYTHONPATH, in the site-packages the tests run from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def offline_env(tmp: Path) -> dict[str, str]:
    site = sysconfig.get_paths()["purelib"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PRE_COMMIT", "HF_", "GITHUB_"))}
    env.update({
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": site,
        "OPENLINT_CACHE_DIR": str(tmp / "openlint-cache"),
        "NO_COLOR": "1",
    })
    return env


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("precommit") / "work"
    work.mkdir()
    git(work, "init", "-q")
    shutil.copytree(FIXTURES / "honest", work / "models" / "clean")
    shutil.copytree(FIXTURES / "openwashed", work / "models" / "washed")
    git(work, "add", ".")
    git(work, "commit", "-qm", "models")
    return work


def try_repo(work: Path, hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--verbose", *args],
                          cwd=work, env=offline_env(work.parent), capture_output=True, text=True, timeout=600,
                          check=False)


def test_clean_card_passes(workdir: Path) -> None:
    proc = try_repo(workdir, "openlint", "--files", "models/clean/README.md", "models/clean/LICENSE")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_openwashed_card_fails_with_the_finding(workdir: Path) -> None:
    proc = try_repo(workdir, "openlint", "--files", "models/washed/README.md", "models/washed/LICENSE",
                    "models/washed/USE_POLICY.md")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert "Failed" in out and "OW001" in out and "models/washed/README.md:" in out
    # Three changed files of one release: the release is linted once.
    assert out.count("Found ") == 1 and "in 1 release" in out


def test_unrelated_files_do_not_run_the_hook(workdir: Path) -> None:
    (workdir / "notes.txt").write_text("open source!\n", encoding="utf-8")
    proc = try_repo(workdir, "openlint", "--files", "notes.txt")
    assert proc.returncode == 0 and "no files to check" in proc.stdout.lower()


def test_hub_hook_is_manual_and_needs_repo_ids(workdir: Path) -> None:
    proc = try_repo(workdir, "openlint-hub", "--hook-stage", "manual", "--all-files")
    assert proc.returncode != 0
    assert "repo-ids" in proc.stdout
