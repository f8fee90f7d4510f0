"""The wheel carries the rules, and an installed (non-editable) copy loads them from inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_ships_rules_and_installed_copy_uses_them(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # --no-build-isolation: hatchling comes from the test environment, so nothing is downloaded.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(dist), str(ROOT)], check=True, capture_output=True, text=True, timeout=300)
    wheel = next(dist.glob("openlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("openlint/rules/")}
    in_repo = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert in_repo and shipped == in_repo
    assert "openlint/licences/data.yaml" in names

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    probe = (
        "import openlint, openlint.engine as e; "
        "print(openlint.__file__); print(e.builtin_rules_dir()); print(len(e.load_rules()))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                         capture_output=True, text=True, check=True, timeout=60).stdout.splitlines()
    assert out[0].startswith(str(site))
    assert out[1] == str(site / "openlint" / "rules")
    assert int(out[2]) == len(in_repo)
