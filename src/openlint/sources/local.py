"""A release on disk: a folder holding a model card, or a card file (its folder is the release)."""

from __future__ import annotations

import os
from pathlib import Path

from openlint.card import parse_card
from openlint.release import Release
from openlint.sources.common import SourceError, is_licence_file

CARD_NAMES = ("README.md", "MODEL_CARD.md", "model_card.md")
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"})
MAX_FILES = 20_000  # a model folder has tens of files; stop walking a mistaken $HOME early
MAX_TEXT_BYTES = 2_000_000


def read_text(path: Path) -> str:
    data = path.read_bytes()[:MAX_TEXT_BYTES]
    return data.decode("utf-8", errors="replace")


def find_card(folder: Path) -> Path | None:
    names = {p.name: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}
    for name in CARD_NAMES:
        if name in names:
            return names[name]
    lowered = {n.lower(): p for n, p in names.items()}
    for name in CARD_NAMES:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def list_files(root: Path) -> list[str]:
    """Files under root, relative and '/'-separated, sorted; VCS and tool folders skipped."""
    found: list[str] = []
    stack = [root]
    while stack and len(found) < MAX_FILES:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in _SKIP_DIRS:
                    stack.append(Path(entry.path))
            elif entry.is_file():
                found.append(Path(entry.path).relative_to(root).as_posix())
    found.sort()
    return found


def path_prefix(target: str) -> str:
    """What goes before a file's path in the release to show it as the user named it."""
    base = os.path.dirname(target) if os.path.isfile(target) else target
    if base in ("", "."):
        return ""
    return base if base.endswith(("/", os.sep)) else base + "/"


def load_local(target: str) -> Release:
    path = Path(target)
    if not path.exists():
        raise SourceError("not-found", f"{target}: no such file or folder")
    if path.is_file():
        root, card_path, note = path.parent, path, None
    elif path.is_dir():
        root = path
        found = find_card(path)
        if found is None:
            raise SourceError(
                "no-card",
                f"{target}: no model card here (looked for {', '.join(CARD_NAMES)}); "
                "pass the card file itself if it has another name",
            )
        card_path = found
        note = None if found.name == "README.md" else f"read {found.name} (no README.md in the folder)"
    else:
        raise SourceError("not-readable", f"{target}: not a regular file or folder")
    try:
        card_text = read_text(card_path)
    except OSError as exc:
        raise SourceError("not-readable", f"{target}: cannot read {card_path.name}: {exc.strerror or exc}") from None
    card_rel = card_path.name
    release = Release(target=target, source="local", root=str(root), path_prefix=path_prefix(target))
    release.card = parse_card(card_text, release.display(card_rel))
    release.card_name = card_rel
    release.card_note = note
    release.files = list_files(root)
    release.folder_name = root.resolve().name or None
    for rel in release.files:
        if rel != card_rel and is_licence_file(rel):
            try:
                release.file_texts[rel] = read_text(root / rel)
            except OSError:
                release.skipped.append(f"could not read {rel}")
    return release
