"""What every source shares: the error a target fails with, and which files carry licence terms."""

from __future__ import annotations

import re


class SourceError(Exception):
    """A target that cannot be read. `kind` is a stable, machine-readable word for the JSON `error`."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


_LICENCE_NAME = re.compile(
    r"licen[cs]e|copying|use[ _-]?policy|usage[ _-]?policy|acceptable[ _-]?use|terms[ _-]?of[ _-]?use|"
    r"notice|许可|协议|協議",
    re.IGNORECASE,
)
_TEXT_SUFFIXES = frozenset({"", ".txt", ".md", ".markdown", ".rst", ".text"})
MAX_LICENCE_DEPTH = 2  # LICENSE at the top or in e.g. model_licenses/ or LICENSES/


def is_licence_file(relative: str) -> bool:
    """True for LICENSE*, LICENCE*, USE_POLICY*, NOTICE* and similar text files near the top."""
    parts = relative.split("/")
    if len(parts) > MAX_LICENCE_DEPTH:
        return False
    name = parts[-1]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 and len(name) - dot <= 9 else ""
    if suffix not in _TEXT_SUFFIXES:
        return False
    return bool(_LICENCE_NAME.search(name))


def licence_file_role(relative: str) -> str:
    """What a licence-like file governs, judged from its name."""
    name = relative.rsplit("/", 1)[-1].lower()
    if re.search(r"use[ _-]?policy|usage[ _-]?policy|acceptable[ _-]?use", name):
        return "use-policy"
    if "notice" in name:
        return "notice"
    if re.search(r"code|software", name):
        return "code"
    if re.search(r"data(?!base)", name) and "model" not in name:
        return "data"
    if re.search(r"model|weight|模型", name):
        return "weights"
    return "licence"
