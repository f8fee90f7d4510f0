"""Build small releases on disk for tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from openlint.analyse import analyse
from openlint.engine import evaluate, load_rules
from openlint.sources.local import load_local

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
APACHE = (FIXTURES / "honest" / "LICENSE").read_text(encoding="utf-8")
LLAMA31 = (FIXTURES / "openwashed" / "LICENSE").read_text(encoding="utf-8")
_RULES = load_rules()


def release(tmp: Path, card: str, files: dict[str, str] | None = None) -> Path:
    """A release folder holding README.md (the card) and the given files."""
    root = tmp / "release"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "README.md").write_text(card, encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def facts_of(root: Path) -> dict[str, Any]:
    return analyse(load_local(str(root)))


def codes_of(root: Path) -> list[str]:
    return [d.code for d in evaluate(_RULES, facts_of(root))]
