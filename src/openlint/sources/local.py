"""A release on disk: a folder holding a model card, or a card file (its folder is the release).

os.path rather than pathlib: pathlib costs several milliseconds of start-up, and a pre-commit run on
one card must feel instant.
"""

from __future__ import annotations

import os
import stat

from openlint.card import parse_card
from openlint.release import Release
from openlint.sources.common import SourceError, is_licence_file

CARD_NAMES = ("README.md", "MODEL_CARD.md", "model_card.md")
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"})
MAX_FILES = 20_000  # a model folder has tens of files; stop walking a mistaken $HOME early
MAX_TEXT_BYTES = 2_000_000


def read_text(path: str) -> str:
    with open(path, "rb") as fh:
        # read(n) allocates n bytes up front: ask for the file's size, not the 2 MB cap.
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(min(size, MAX_TEXT_BYTES) if size else MAX_TEXT_BYTES)
    return data.decode("utf-8", errors="replace")


def find_card(folder: str, files: list[str] | None = None) -> str | None:
    """The card file of a release folder: README.md, else MODEL_CARD.md / model_card.md (any case).

    `files`: the folder's files as list_files gives them, when the caller has them (saves a stat each)."""
    if files is not None:
        names = [f for f in files if "/" not in f]
    else:
        try:
            names = [n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n))]
        except OSError:
            return None
    for name in CARD_NAMES:
        if name in names:
            return name
    lowered = {n.lower(): n for n in names}
    for name in CARD_NAMES:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def list_files(root: str) -> list[str]:
    """Files under root, relative and '/'-separated, sorted; VCS and tool folders skipped."""
    found: list[str] = []
    stack = [""]
    while stack and len(found) < MAX_FILES:
        rel_dir = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel_dir) if rel_dir else root))
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in _SKIP_DIRS:
                    stack.append(rel)
            elif entry.is_file():
                found.append(rel)
    found.sort()
    return found


def path_prefix(target: str) -> str:
    """What goes before a file's path in the release to show it as the user named it."""
    base = os.path.dirname(target) if os.path.isfile(target) else target
    if base in ("", "."):
        return ""
    return base if base.endswith(("/", os.sep)) else base + "/"


def load_local(target: str) -> Release:
    try:
        st = os.stat(target)
    except OSError:
        raise SourceError("not-found", f"{target}: no such file or folder") from None
    files: list[str] | None = None
    if stat.S_ISREG(st.st_mode):
        root = os.path.dirname(target) or "."
        card_name, note = os.path.basename(target), None
    elif stat.S_ISDIR(st.st_mode):
        root = target
        files = list_files(root)
        found = find_card(target, files)
        if found is None:
            raise SourceError(
                "no-card",
                f"{target}: no model card here (looked for {', '.join(CARD_NAMES)}); "
                "pass the card file itself if it has another name",
            )
        card_name = found
        note = None if found == "README.md" else f"read {found} (no README.md in the folder)"
    else:
        raise SourceError("not-readable", f"{target}: not a regular file or folder")
    try:
        card_text = read_text(os.path.join(root, card_name))
    except OSError as exc:
        raise SourceError("not-readable", f"{target}: cannot read {card_name}: {exc.strerror or exc}") from None
    release = Release(target=target, source="local", root=root, path_prefix=path_prefix(target))
    release.card = parse_card(card_text, release.display(card_name))
    release.card_name = card_name
    release.card_note = note
    release.files = files if files is not None else list_files(root)
    release.folder_name = os.path.basename(os.path.abspath(root)) or None
    for rel in release.files:
        if rel != card_name and is_licence_file(rel):
            try:
                release.file_texts[rel] = read_text(os.path.join(root, rel))
            except OSError:
                release.skipped.append(f"could not read {rel}")
    return release
