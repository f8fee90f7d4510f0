"""The Hugging Face client's settings and cache layout, read without importing huggingface_hub.

A re-run over unchanged Hub repos needs no network at all (openlint caches the metadata; the client's
cache holds the files at their commit), so it should not pay the ~150 ms the client costs to import.
These functions follow huggingface_hub's constants.py (HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN,
HF_HUB_OFFLINE) and its cache layout (models--org--name/snapshots/<commit>/<file>). Anything not found
this way goes through the client itself.
"""

from __future__ import annotations

import os

_TRUE = {"1", "ON", "YES", "TRUE"}
DEFAULT_ENDPOINT = "https://huggingface.co"


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")


def offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE")
    return value is not None and value.upper() in _TRUE


def _home() -> str:
    default = os.path.join(os.getenv("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache")),
                           "huggingface")
    return os.path.expandvars(os.path.expanduser(os.getenv("HF_HOME", default)))


def hub_cache() -> str:
    legacy = os.getenv("HUGGINGFACE_HUB_CACHE", os.path.join(_home(), "hub"))
    return os.path.expandvars(os.path.expanduser(os.getenv("HF_HUB_CACHE", legacy)))


def has_token() -> bool:
    """Whether the client will send a token (without reading it: openlint never holds the token)."""
    if os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN"):
        return True
    disabled = os.environ.get("HF_HUB_DISABLE_IMPLICIT_TOKEN")
    if disabled is not None and disabled.upper() in _TRUE:
        return False
    path = os.path.expandvars(os.path.expanduser(os.getenv("HF_TOKEN_PATH", os.path.join(_home(), "token"))))
    return os.path.isfile(path)


def cached_file(repo_id: str, commit: str, filename: str, repo_type: str = "model") -> str | None:
    """The client's cached copy of a file at a commit, if it has one."""
    folder = f"{repo_type}s--" + repo_id.replace("/", "--")
    path = os.path.join(hub_cache(), folder, "snapshots", commit, *filename.split("/"))
    return path if os.path.isfile(path) else None
