"""A release on the Hugging Face Hub, read through `huggingface_hub` (never raw HTTP).

This module is imported only when a Hub target is linted: `huggingface_hub` costs ~130 ms of start-up,
which a pre-commit run on a local card must not pay.

- Metadata comes from `HfApi.model_info(expand=[...])` with a timeout on every call and bounded retries
  (the client itself never retries `model_info`); it is remembered for a short while on disk (cache.py)
  so that a re-run does not ask again, and for ever when the revision is a commit sha.
- Files (the card, licence and use-policy files) come through `hf_hub_download` at the commit sha, so the
  client's own cache serves every re-run with no request at all.
- Every failure becomes a `SourceError` with a one-line message that says what to do. The token is never
  part of a message, a log or a file.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openlint import cache
from openlint.card import parse_card
from openlint.release import Card, Release
from openlint.sources import hubenv
from openlint.sources.common import SourceError, is_licence_file

# Hub repo ids: "org/name" of letters, digits, "-", "_", "." (no "--" or ".." and no leading/trailing
# "-" or "."), at most 96 characters a part. An optional "@revision" names a branch, tag or commit.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
_REPO_ID = re.compile(rf"^({_PART})/({_PART})$")
_HF_URL = re.compile(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?!datasets/|spaces/)([^/\s]+/[^/\s?#]+)"
                     r"(?:/(?:tree|blob|resolve)/([^/\s?#]+))?/?(?:[?#].*)?$")
_SHA = re.compile(r"^[0-9a-f]{40}$")

DATASET_EXPAND = ["cardData", "gated", "tags", "sha"]
MAX_LICENCE_FILES = 8
MAX_FILE_BYTES = 2_000_000
_BLOBS = "hub-blobs"
# Answers that will not change by asking again soon (unlike timeouts, 429s and 5xx).
_DEFINITE = frozenset({"not-found", "revision-not-found", "disabled"})
META_TTL_SECONDS = 300.0  # a re-run within five minutes asks nothing (a commit-sha revision: never asks again)


def parse_repo_target(target: str) -> tuple[str, str | None] | None:
    """(repo id, revision) for "org/name", "org/name@rev" or a huggingface.co model URL; else None."""
    text = target.strip()
    m = _HF_URL.match(text)
    if m:
        repo, rev = m.group(1), m.group(2)
        return (repo, rev) if _REPO_ID.match(repo) else None
    repo, _, rev = text.partition("@")
    if "--" in repo or ".." in repo or not _REPO_ID.match(repo):
        return None
    if "@" in text and not rev:
        return None
    return repo, (rev or None)


@dataclass
class Meta:
    """What openlint needs of `model_info` (or `dataset_info`), as plain data (cacheable as JSON)."""

    repo_id: str
    sha: str | None
    card_data: dict[str, Any]
    tags: list[str]
    files: list[str]
    gated: str | bool | None
    blobs: dict[str, str] = field(default_factory=dict)  # file -> git blob id (content-addressed)
    base_models: list[str] = field(default_factory=list)
    base_relation: str | None = None
    safetensors_total: int | None = None
    library_name: str | None = None
    private: bool = False
    disabled: bool = False
    cached: bool = False  # served from openlint's cache


def _meta_from_info(repo_id: str, info: Any) -> Meta:
    card = info.card_data
    card_dict: dict[str, Any] = card.to_dict() if card is not None and hasattr(card, "to_dict") else dict(card or {})
    raw_bases = getattr(info, "base_models", None)
    bases: list[str] = []
    relation = None
    if isinstance(raw_bases, dict):  # the Hub's shape: {"relation": ..., "models": [{"id": ...}]}
        relation = raw_bases.get("relation")
        bases = [m["id"] for m in raw_bases.get("models", []) if isinstance(m, dict) and isinstance(m.get("id"), str)]
    elif isinstance(raw_bases, list):
        bases = [b for b in raw_bases if isinstance(b, str)]
    tags = [t for t in (getattr(info, "tags", None) or []) if isinstance(t, str)]
    for tag in tags:  # the Hub's computed lineage tags: base_model:<id> and base_model:<relation>:<id>
        if tag.startswith("base_model:"):
            rest = tag[len("base_model:"):]
            rel, sep, repo = rest.partition(":")
            repo = repo if sep else rest
            if sep and relation is None and rel in ("finetune", "adapter", "merge", "quantized"):
                relation = rel
            if repo and repo not in bases:
                bases.append(repo)
    siblings = getattr(info, "siblings", None) or []
    st = getattr(info, "safetensors", None)
    return Meta(
        repo_id=repo_id,
        sha=getattr(info, "sha", None),
        card_data=card_dict,
        tags=tags,
        files=sorted(s.rfilename for s in siblings if getattr(s, "rfilename", None)),
        gated=getattr(info, "gated", None),
        blobs={s.rfilename: s.blob_id for s in siblings if getattr(s, "blob_id", None)},
        base_models=bases,
        base_relation=relation if isinstance(relation, str) else None,
        safetensors_total=getattr(st, "total", None) if st is not None else None,
        library_name=getattr(info, "library_name", None),
        private=bool(getattr(info, "private", False)),
        disabled=bool(getattr(info, "disabled", False)),
    )


def _meta_to_json(m: Meta) -> dict[str, Any]:
    return {k: v for k, v in m.__dict__.items() if k != "cached"}


def _meta_from_json(d: dict[str, Any]) -> Meta:
    return Meta(**{k: v for k, v in d.items() if k in Meta.__dataclass_fields__}, cached=True)


class HubClient:
    """One per run: the Hub API with timeouts, retries, error messages, and each repo fetched once."""

    def __init__(self, *, timeout: float = 20.0, retries: int = 3, refresh: bool = False,
                 ttl: float = META_TTL_SECONDS, sleep: Callable[[float], None] = time.sleep) -> None:
        self._api: Any = None
        self.endpoint = hubenv.endpoint()
        self.offline = hubenv.offline()
        self.timeout = timeout
        self.retries = retries
        self.refresh = refresh
        self.ttl = ttl
        self._sleep = sleep
        self._lock = threading.Lock()
        self._inflight: dict[tuple[str, str, str | None], _Once] = {}

    @property
    def api(self) -> Any:
        """HfApi, imported on the first request that needs the network (a warm re-run needs none)."""
        with self._lock:
            if self._api is None:
                from huggingface_hub import HfApi

                self._api = HfApi()
            return self._api

    # -- metadata -----------------------------------------------------------------------------------

    def model(self, repo_id: str, revision: str | None = None) -> Meta:
        return self._once(("model", repo_id, revision), lambda: self._meta("model", repo_id, revision))

    def dataset(self, repo_id: str) -> Meta:
        return self._once(("dataset", repo_id, None), lambda: self._meta("dataset", repo_id, None))

    def _once(self, key: tuple[str, str, str | None], fetch: Callable[[], Meta]) -> Meta:
        """Each repo is fetched once per run, even when several workers need it at the same moment."""
        with self._lock:
            once = self._inflight.get(key)
            if once is None:
                once = self._inflight[key] = _Once(fetch)
        return once.get()

    def _cache_key(self, kind: str, repo_id: str, revision: str | None) -> str:
        # Whether a token is in use changes what the Hub shows (private repos); the token itself never
        # reaches the key or the file.
        authed = "auth" if hubenv.has_token() else "anon"
        return cache.text_key(f"{self.endpoint}\n{kind}\n{repo_id}\n{revision or ''}\n{authed}")

    def answered(self, repo_id: str, revision: str | None) -> bool:
        """Whether the repo's metadata can be served without asking the Hub (fresh in the cache, or offline)."""
        if self.refresh and not self.offline:
            return False
        hit = cache.get("hub-model", self._cache_key("model", repo_id, revision))
        if not isinstance(hit, dict):
            return False
        pinned = revision is not None and bool(_SHA.match(revision))
        return self.offline or pinned or (time.time() - float(hit.get("at", 0))) < self.ttl

    def _meta(self, kind: str, repo_id: str, revision: str | None) -> Meta:
        key = self._cache_key(kind, repo_id, revision)
        hit = cache.get("hub-" + kind, key)
        pinned = revision is not None and bool(_SHA.match(revision))
        if isinstance(hit, dict):
            fresh = pinned or (time.time() - float(hit.get("at", 0))) < self.ttl
            if self.offline or (fresh and not self.refresh):
                if isinstance(hit.get("meta"), dict):
                    return _meta_from_json(hit["meta"])
                if isinstance(hit.get("error"), dict):  # a definite "no" is remembered as long as a "yes"
                    raise SourceError(str(hit["error"]["kind"]), str(hit["error"]["message"]))
        if self.offline:
            raise SourceError("offline", f"{repo_id}: HF_HUB_OFFLINE=1 and openlint has no cached metadata for it; "
                              "lint it once online (or unset HF_HUB_OFFLINE)")
        try:
            meta = self._call(repo_id, revision, lambda: self._fetch(kind, repo_id, revision))
        except SourceError as err:
            if err.kind in _DEFINITE:
                cache.put("hub-" + kind, key, {"at": time.time(), "error": {"kind": err.kind, "message": err.message}})
            raise
        cache.put("hub-" + kind, key, {"at": time.time(), "meta": _meta_to_json(meta)})
        return meta

    def _fetch(self, kind: str, repo_id: str, revision: str | None) -> Meta:
        if kind == "dataset":
            info = self.api.dataset_info(repo_id, revision=revision, expand=DATASET_EXPAND, timeout=self.timeout)
        else:
            # files_metadata (blob ids of every file) rather than `expand` (the two cannot be combined):
            # the default answer has every field openlint reads except baseModels, which the card and
            # the Hub's base_model: tags give; blob ids let shared licence texts be read once.
            info = self.api.model_info(repo_id, revision=revision, files_metadata=True, timeout=self.timeout)
        return _meta_from_info(repo_id, info)

    def _call(self, repo_id: str, revision: str | None, fn: Callable[[], Meta]) -> Meta:
        """fn() with bounded retries on 429 (honouring Retry-After) and 5xx; errors become SourceErrors."""
        attempt = 0
        while True:
            try:
                return fn()
            except Exception as exc:
                wait = _retry_after(exc, attempt)
                if wait is not None and attempt + 1 < self.retries:
                    attempt += 1
                    self._sleep(wait)
                    continue
                raise describe(exc, repo_id, revision, self.endpoint) from None

    # -- files --------------------------------------------------------------------------------------

    def read_shared(self, repo_id: str, filename: str, sha: str | None, blob: str | None) -> str:
        """A licence-like file: the same text (same git blob id) is read once for all repos.

        Licence texts are shared by thousands of repos (the Apache-2.0 LICENSE is one blob); openlint
        keeps each text it has read under its blob id, which names the content exactly."""
        if blob:
            hit = cache.get(_BLOBS, blob)
            if isinstance(hit, str):
                return hit
        text = self.read_file(repo_id, filename, sha)
        if blob:
            cache.put(_BLOBS, blob, text)
        return text

    def read_file(self, repo_id: str, filename: str, sha: str | None) -> str:
        """A text file of the repo at the commit (from the client's cache when it has it)."""
        path = hubenv.cached_file(repo_id, sha, filename) if sha and _SHA.match(sha) else None
        if path is None:
            path = self._download(repo_id, filename, sha)
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size  # read(n) allocates n bytes up front
            return fh.read(min(size, MAX_FILE_BYTES) or MAX_FILE_BYTES).decode("utf-8", errors="replace")

    def _download(self, repo_id: str, filename: str, sha: str | None) -> str:
        from huggingface_hub import hf_hub_download

        try:
            return hf_hub_download(repo_id, filename, revision=sha, etag_timeout=self.timeout)
        except Exception as exc:
            raise describe(exc, repo_id, sha, self.endpoint, filename) from None


class _Once:
    """A value computed by the first caller; later and concurrent callers get the same value or error."""

    def __init__(self, fetch: Callable[[], Meta]) -> None:
        self._fetch = fetch
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._value: Meta | None = None
        self._error: BaseException | None = None

    def get(self) -> Meta:
        with self._lock:
            first = not self._started
            self._started = True
        if first:
            try:
                self._value = self._fetch()
            except BaseException as exc:
                self._error = exc
            finally:
                self._done.set()
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


# -- errors -----------------------------------------------------------------------------------------


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    return code if isinstance(code, int) else None


def _retry_after(exc: BaseException, attempt: int) -> float | None:
    """Seconds to wait before retrying, or None when the failure is not worth retrying."""
    status = _status(exc)
    if status == 429:
        header = getattr(getattr(exc, "response", None), "headers", {}) or {}
        value = header.get("Retry-After") if hasattr(header, "get") else None
        backoff: float = 2.0**attempt
        try:
            return min(float(value), 30.0) if value is not None else backoff
        except (TypeError, ValueError):
            return backoff
    if status is not None and 500 <= status < 600:
        return 0.5 * 2.0**attempt
    return None


def _transport_error(exc: BaseException) -> str | None:
    name = type(exc).__name__
    if name in ("ReadTimeout", "ConnectTimeout", "WriteTimeout", "PoolTimeout", "TimeoutException"):
        return "timeout"
    if name == "ConnectError":
        return "unreachable"
    if name in ("ReadError", "WriteError", "RemoteProtocolError", "LocalProtocolError", "NetworkError",
                "ProtocolError", "CloseError"):
        return "connection"
    return None


def describe(exc: BaseException, repo_id: str, revision: str | None, endpoint: str,
             filename: str | None = None) -> SourceError:
    """A one-line, token-free message for a failure talking to the Hub, saying what to do."""
    from huggingface_hub import errors as e

    what = f"{repo_id}/{filename}" if filename else repo_id
    rev = f"@{revision}" if revision else ""
    if isinstance(exc, e.LocalEntryNotFoundError) and exc.__cause__ is not None:
        exc = exc.__cause__  # the download wrapper hides the real failure
    if isinstance(exc, e.GatedRepoError):
        return SourceError("gated", f"{repo_id} is gated: its files need a token of an account that has been "
                           "granted access (set HF_TOKEN, or run `hf auth login`, and request access on the Hub)")
    if isinstance(exc, e.RepositoryNotFoundError):
        return SourceError("not-found", f"{repo_id}: no such model repo on the Hub, or it is private "
                           "(check the name; for a private repo set HF_TOKEN or run `hf auth login`)")
    if isinstance(exc, e.RevisionNotFoundError):
        return SourceError("revision-not-found", f"{repo_id}: revision {revision!r} not found "
                           "(use a branch, tag or commit that exists)")
    if isinstance(exc, e.RemoteEntryNotFoundError | e.EntryNotFoundError):
        return SourceError("file-not-found", f"{what}{rev}: the file is listed but could not be found")
    if isinstance(exc, e.DisabledRepoError):
        return SourceError("disabled", f"{repo_id} has been disabled on the Hub; nothing can be read from it")
    if isinstance(exc, e.OfflineModeIsEnabled) or (
            isinstance(exc, e.LocalEntryNotFoundError) and os.environ.get("HF_HUB_OFFLINE")):
        return SourceError("offline", f"{what}: HF_HUB_OFFLINE=1 and it is not in the local cache "
                           "(lint it once online, or unset HF_HUB_OFFLINE)")
    status = _status(exc)
    if status == 401:
        return SourceError("unauthorized", f"{repo_id}: the Hub rejected the token (HF_TOKEN or the one saved by "
                           "`hf auth login`): renew it, or unset it for public repos")
    if status == 403:
        return SourceError("forbidden", f"{repo_id}: access forbidden (the token lacks permission for this repo)")
    if status == 429:
        return SourceError("rate-limited", f"{repo_id}: rate-limited by the Hub even after retries; wait a few "
                           "minutes, lower --jobs, or set HF_TOKEN for a higher limit")
    if status is not None and 500 <= status < 600:
        return SourceError("server-error", f"{repo_id}: the Hub answered {status} (a server error) even after "
                           "retries; try again later")
    if status is not None:
        return SourceError("http-error", f"{repo_id}: the Hub answered HTTP {status}")
    transport = _transport_error(exc)
    if transport == "timeout":
        return SourceError("timeout", f"{what}: the Hub did not answer in time; try again, or raise --timeout")
    if transport == "unreachable":
        return SourceError("unreachable", f"{what}: cannot reach the Hub at {endpoint} (network down, proxy, or "
                           "HF_ENDPOINT wrong?)")
    if transport == "connection":
        return SourceError("connection", f"{what}: the connection to the Hub broke off before a full answer; "
                           "try again")
    if isinstance(exc, json.JSONDecodeError | ValueError | e.FileMetadataError):
        return SourceError("bad-response", f"{what}: {endpoint} did not answer like the Hugging Face Hub "
                           "(a proxy or captive portal in the way?)")
    if isinstance(exc, OSError):
        return SourceError("io-error", f"{what}: {type(exc).__name__}: {exc.strerror or 'I/O error'}")
    return SourceError("hub-error", f"{what}: {type(exc).__name__} talking to the Hub; try again")


# -- the release ------------------------------------------------------------------------------------


def load_hub(target: str, repo_id: str, revision: str | None, client: HubClient) -> Release:
    meta = client.model(repo_id, revision)
    release = Release(target=target, source="hub", root=repo_id, path_prefix="")
    release.revision = meta.sha
    release.name = repo_id.split("/", 1)[1]
    release.files = list(meta.files)
    release.tags = list(meta.tags)
    release.hub_gated = meta.gated if meta.gated not in (None, False) else False
    ref = meta.sha or revision or "main"
    release.web_url = f"{client.endpoint}/{repo_id}/blob/{ref}/README.md"
    if meta.safetensors_total:
        release.extra["safetensors_total"] = meta.safetensors_total
    release.extra["hub_meta"] = meta
    wanted = (["README.md"] if "README.md" in meta.files else []) + [
        f for f in meta.files if is_licence_file(f)][:MAX_LICENCE_FILES]
    texts = _read_all(client, repo_id, meta.sha, wanted, meta.blobs)
    gated_files = any(isinstance(t, SourceError) and t.kind == "gated" for t in texts.values())
    card = texts.get("README.md")
    if isinstance(card, SourceError) and card.kind != "gated":
        raise card
    if isinstance(card, str) and not gated_files:
        release.card = parse_card(card, "README.md")
    if release.card is None:
        release.card = _card_from_metadata(meta, readable=not gated_files)
        if not gated_files:
            release.card_note = "the repo has no README.md: linted its metadata only"
    if not gated_files:
        for rel, text in texts.items():
            if rel == "README.md":
                continue
            if isinstance(text, SourceError):
                release.skipped.append(f"could not read {rel}: {text.message}")
            else:
                release.file_texts[rel] = text
    if gated_files:
        release.file_texts.clear()
        release.skipped.append(
            "the card text and the licence files (gated repo): claims in the card body, licence-text checks, "
            "placeholders and evidence from the card were not checked; set HF_TOKEN (or run `hf auth login`) "
            "with an account that has been granted access to check them")
    return release


def _read_all(client: HubClient, repo_id: str, sha: str | None, names: list[str],
              blobs: dict[str, str]) -> dict[str, str | SourceError]:
    """The files, read at once (each download waits on the network); failures are returned, not raised.

    Daemon threads: a download stuck past the target's deadline must not keep the process alive."""
    out: dict[str, str | SourceError] = {}
    lock = threading.Lock()

    def read(name: str) -> None:
        try:
            if name == "README.md":
                value: str | SourceError = client.read_file(repo_id, name, sha)
            else:
                value = client.read_shared(repo_id, name, sha, blobs.get(name))
        except SourceError as err:
            value = err
        with lock:
            out[name] = value

    local = [n for n in names if (sha and _SHA.match(sha) and hubenv.cached_file(repo_id, sha, n))
             or (n != "README.md" and n in blobs and cache.get(_BLOBS, blobs[n]) is not None)]
    remote = [n for n in names if n not in local]
    for name in local:  # already in the client's cache: no thread, no request
        read(name)
    threads = [threading.Thread(target=read, args=(n,), daemon=True) for n in remote[1:]]
    for t in threads:
        t.start()
    if remote:
        read(remote[0])
    for t in threads:
        t.join()
    return {n: out[n] for n in names if n in out}


def _card_from_metadata(meta: Meta, readable: bool) -> Card:
    """A card holding only the front matter the Hub reports (cardData), for repos whose README is unreadable.

    For a gated repo the README exists but cannot be read: its front matter is what cardData says, so it
    is not reported missing."""
    has = bool(meta.card_data) or not readable
    card = Card(path="README.md", text="", front_matter=dict(meta.card_data), has_front_matter=has)
    from openlint.textpos import LineIndex

    card.body_index = LineIndex("", "README.md")
    return card
