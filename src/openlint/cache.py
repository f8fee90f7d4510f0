"""A small on-disk cache for results that depend only on a text (e.g. what a licence text is).

Licence texts are shared by thousands of releases and rarely change, and recognising one costs
milliseconds; a pre-commit run should not pay that on every commit. Entries are keyed by the text's
content and openlint's version, written atomically, and any failure to read or write the cache is
ignored: the cache can only make openlint faster, never change an answer or stop a run.

Location: $OPENLINT_CACHE_DIR, else $XDG_CACHE_HOME/openlint, else ~/.cache/openlint.
Disabled with OPENLINT_NO_CACHE=1 (or `openlint check --no-cache`).
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from typing import Any

from openlint import __version__

_memory: dict[str, Any] = {}


def enabled() -> bool:
    return not os.environ.get("OPENLINT_NO_CACHE")


def directory() -> str:
    explicit = os.environ.get("OPENLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "openlint")


def text_key(text: str) -> str:
    """A content key: length and two independent checksums (zlib is cheap to import, hashlib is not)."""
    raw = text.encode("utf-8", "surrogatepass")
    return f"{len(raw):x}-{zlib.crc32(raw):08x}-{zlib.adler32(raw):08x}"


def _path(namespace: str, key: str) -> str:
    return os.path.join(directory(), __version__, namespace, key + ".json")


def get(namespace: str, key: str) -> Any:
    mem = _memory.get(namespace + "/" + key)
    if mem is not None or not enabled():
        return mem
    try:
        with open(_path(namespace, key), encoding="utf-8") as fh:
            value = json.load(fh)
    except (OSError, ValueError):
        return None
    _memory[namespace + "/" + key] = value
    return value


def put(namespace: str, key: str, value: Any) -> None:
    _memory[namespace + "/" + key] = value
    if not enabled():
        return
    path = _path(namespace, key)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
