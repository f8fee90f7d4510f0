"""A fake Hugging Face Hub on 127.0.0.1, for running the real ``huggingface_hub`` client offline.

It serves the HTTP contract of ``/work/shared/docs/hub.md`` §4 from fixture folders:

* ``fixtures/hub/models/<org>/<name>/`` and ``fixtures/hub/datasets/<org>/<name>/`` hold a repo's files as
  they would be on the Hub. An optional ``_hub.json`` (never served) holds Hub-side settings: ``sha``,
  ``gated``, ``approved_tokens``, ``private``, ``owner_tokens``, ``tags``, ``revisions``, ``other_revisions``,
  ``fault``, ``lfs`` (extra LFS paths), ``extra`` (keys merged into the API JSON), ``lastModified``,
  ``createdAt``. ``fixtures/hub/README.md`` documents the format.
* ``cardData``, the Hub-computed ``tags`` and ``baseModels`` are derived from README.md's YAML front matter.
* Weight-like files are LFS files: ``resolve`` answers ``302`` to a second server (the fake CDN, another port)
  with ``X-Linked-Etag`` / ``X-Linked-Size``, as the real Hub does.

Use it from tests through the ``fakehub`` fixture (``from fakehub import fakehub`` plus
``__all__ = ["fakehub"]``, which keeps ruff's F401/F811 quiet), or run it standalone:
``python tests/fakehub.py --port 8765 --latency 0.05 [--root DIR]`` (prints ``FAKEHUB_URL=...``).
The server needs the standard library plus PyYAML (an openlint dependency) to read card front matter.
"""

from __future__ import annotations

import argparse
import atexit
import copy
import hashlib
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import yaml

try:  # the fixtures need pytest; the standalone server does not
    import pytest
except ImportError:  # pragma: no cover
    pytest = None  # type: ignore[assignment]

HUB_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "hub"
HUB_SETTINGS_FILE = "_hub.json"

# Files the fake Hub stores in LFS (served through the fake CDN), like the Hub's default .gitattributes.
LFS_SUFFIXES = (
    ".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".msgpack", ".npz", ".npy",
    ".parquet", ".arrow", ".zip", ".tar", ".gz", ".pkl",
)

DEFAULT_LAST_MODIFIED = "2025-06-02T10:00:00.000Z"
DEFAULT_CREATED_AT = "2025-05-20T09:30:00.000Z"

# huggingface_hub 2.4.0 ExpandModelProperty_T / ExpandDatasetProperty_T.
MODEL_EXPAND = frozenset({
    "author", "baseModels", "cardData", "childrenModelCount", "config", "createdAt", "disabled", "downloads",
    "downloadsAllTime", "evalResults", "gated", "gguf", "inference", "inferenceProviderMapping",
    "lastModified", "library_name", "likes", "mask_token", "model-index", "pipeline_tag", "private",
    "resourceGroup", "safetensors", "sha", "siblings", "spaces", "tags", "transformersInfo", "trendingScore",
    "usedStorage", "widgetData",
})
DATASET_EXPAND = frozenset({
    "author", "cardData", "citation", "createdAt", "description", "disabled", "downloads", "downloadsAllTime",
    "gated", "lastModified", "likes", "mainSize", "paperswithcode_id", "private", "resourceGroup", "sha",
    "siblings", "tags", "trendingScore", "usedStorage",
})
# Keys the Hub returns only when asked for with ``expand``.
EXPAND_ONLY = frozenset({"baseModels", "childrenModelCount", "downloadsAllTime", "trendingScore", "mainSize"})

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.S | re.M)
ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.I)
COMMIT_SHA = re.compile(r"^[0-9a-f]{40}$")

STATUS_MESSAGES = {
    500: "Internal Error - We're working hard to fix this as soon as possible!",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    403: "Forbidden",
}


# ----------------------------------------------------------------------------------------------------
# Repositories
# ----------------------------------------------------------------------------------------------------


def git_blob_sha1(data: bytes) -> str:
    """The git object id of a blob (what the Hub uses as a regular file's ETag)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class HubFile:
    path: str
    data: bytes
    lfs: bool

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def pointer(self) -> bytes:
        """The git-lfs pointer file committed in place of an LFS file."""
        spec = "version https://git-lfs.github.com/spec/v1"
        return f"{spec}\noid sha256:{self.sha256}\nsize {self.size}\n".encode()

    @property
    def git_oid(self) -> str:
        return git_blob_sha1(self.pointer if self.lfs else self.data)


@dataclass
class Snapshot:
    sha: str
    files: dict[str, HubFile]
    card: dict[str, Any] | None  # README.md front matter as JSON, None without one
    body: str  # README.md after the front matter


@dataclass
class Repo:
    repo_type: str  # "model" | "dataset"
    repo_id: str
    settings: dict[str, Any]
    snapshots: dict[str, Snapshot]  # commit sha -> files at that commit
    refs: dict[str, str]  # "main" and named revisions -> commit sha

    @property
    def main(self) -> Snapshot:
        return self.snapshots[self.refs["main"]]

    @property
    def private(self) -> bool:
        return bool(self.settings.get("private", False))

    @property
    def gated(self) -> bool | str:
        gated = self.settings.get("gated", False)
        return gated if gated in ("auto", "manual") else False

    def snapshot(self, revision: str) -> Snapshot | None:
        if revision in self.refs:
            return self.snapshots[self.refs[revision]]
        return self.snapshots.get(revision)

    def can_see(self, token: str | None) -> bool:
        return not self.private or (token is not None and token in self.settings.get("owner_tokens", []))

    def can_download(self, token: str | None) -> bool:
        if not self.gated:
            return True
        allowed = [*self.settings.get("approved_tokens", []), *self.settings.get("owner_tokens", [])]
        return token is not None and token in allowed


def _jsonable(value: Any) -> Any:
    """YAML values as JSON would carry them (dates become ISO strings, keys strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def parse_card(text: str) -> tuple[dict[str, Any] | None, str]:
    """Split a README into (front matter as JSON-able dict or None, Markdown body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text
    body = text[match.end():].lstrip("\r\n")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None, body
    return (_jsonable(meta) if isinstance(meta, dict) else None), body


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _read_files(folder: Path, extra_lfs: list[str]) -> dict[str, HubFile]:
    files: dict[str, HubFile] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if rel == HUB_SETTINGS_FILE or "/__pycache__/" in f"/{rel}":
            continue
        lfs = rel.lower().endswith(LFS_SUFFIXES) or rel in extra_lfs
        files[rel] = HubFile(rel, path.read_bytes(), lfs)
    return dict(sorted(files.items()))


def _snapshot(sha: str, files: dict[str, HubFile]) -> Snapshot:
    readme = files.get("README.md")
    card, body = parse_card(readme.data.decode("utf-8", "replace")) if readme else (None, "")
    return Snapshot(sha, files, card, body)


def load_repo(root: Path, repo_type: str, folder: Path) -> Repo:
    repo_id = f"{folder.parent.name}/{folder.name}"
    settings_path = folder / HUB_SETTINGS_FILE
    settings: dict[str, Any] = json.loads(settings_path.read_text("utf-8")) if settings_path.is_file() else {}
    extra_lfs = list(settings.get("lfs", []))
    files = _read_files(folder, extra_lfs)
    sha = settings.get("sha")
    if sha is None:
        digest = hashlib.sha1(f"{repo_type}/{repo_id}\n".encode())
        for f in files.values():
            digest.update(f"{f.path}\0{f.git_oid}\n".encode())
        sha = digest.hexdigest()
    snapshots = {sha: _snapshot(sha, files)}
    for other_sha, rel in settings.get("other_revisions", {}).items():
        snapshots[other_sha] = _snapshot(other_sha, _read_files(root / rel, extra_lfs))
    refs = {"main": sha, **settings.get("revisions", {})}
    for name, target in refs.items():
        if target not in snapshots:
            raise ValueError(f"{settings_path}: revision {name!r} points at {target}, which has no files "
                             "(add it to other_revisions)")
    for commit in snapshots:
        if not COMMIT_SHA.match(commit):
            raise ValueError(f"{settings_path}: {commit!r} is not a 40-hex commit sha")
    return Repo(repo_type, repo_id, settings, snapshots, refs)


def load_repos(root: Path) -> dict[tuple[str, str], Repo]:
    repos: dict[tuple[str, str], Repo] = {}
    for repo_type, sub in (("model", "models"), ("dataset", "datasets")):
        base = root / sub
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.glob("*/*") if p.is_dir()):
            repo = load_repo(root, repo_type, folder)
            repos[(repo_type, repo.repo_id)] = repo
    return repos


# ----------------------------------------------------------------------------------------------------
# Responses
# ----------------------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    action: str = "normal"  # "normal" | "reset" | "close" | "truncate"


def json_reply(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
                 json.dumps(data).encode())


def error_reply(status: int, code: str | None, message: str,
                headers: Mapping[str, str] | None = None) -> Reply:
    """Hub-style error: ``{"error": message}`` body, ``X-Error-Code`` and ``X-Error-Message`` headers."""
    hdrs = {"X-Error-Message": message, **(headers or {})}
    if code is not None:
        hdrs["X-Error-Code"] = code
    return json_reply({"error": message}, status, hdrs)


@dataclass
class Route:
    kind: str  # "info" | "tree" | "refs" | "list" | "resolve" | "resolve-cache" | "harnesses" | "cdn"
    repo_type: str = "model"
    repo_id: str = ""
    revision: str | None = None
    path: str = ""


def parse_route(raw_path: str) -> Route | None:
    """Map a raw (still percent-encoded) request path to a route."""
    parts = raw_path.split("/")[1:]
    types = {"models": "model", "datasets": "dataset", "spaces": "space"}
    if parts[:2] == ["api", "agent-harnesses"] and len(parts) == 2:
        return Route("harnesses")
    if len(parts) >= 2 and parts[0] == "api" and parts[1] in types:
        repo_type = types[parts[1]]
        if len(parts) == 2:
            return Route("list", repo_type)
        if len(parts) < 4:
            return None
        repo_id = f"{unquote(parts[2])}/{unquote(parts[3])}"
        rest = parts[4:]
        if not rest:
            return Route("info", repo_type, repo_id)
        if rest[0] == "revision" and len(rest) >= 2:
            return Route("info", repo_type, repo_id, unquote("/".join(rest[1:])))
        if rest[0] == "tree" and len(rest) >= 2:
            return Route("tree", repo_type, repo_id, unquote(rest[1]), unquote("/".join(rest[2:])).strip("/"))
        if rest == ["refs"]:
            return Route("refs", repo_type, repo_id)
        return None
    if len(parts) >= 7 and parts[:2] == ["api", "resolve-cache"] and parts[2] in types:
        return Route("resolve-cache", types[parts[2]], f"{unquote(parts[3])}/{unquote(parts[4])}",
                     unquote(parts[5]), unquote("/".join(parts[6:])))
    repo_type = "model"
    if parts and parts[0] in ("datasets", "spaces"):
        repo_type = types[parts[0]]
        parts = parts[1:]
    if len(parts) >= 5 and parts[2] == "resolve":
        return Route("resolve", repo_type, f"{unquote(parts[0])}/{unquote(parts[1])}", unquote(parts[3]),
                     unquote("/".join(parts[4:])))
    return None


def _content_type(path: str) -> str:
    if path.endswith(".json"):
        return "application/json; charset=utf-8"
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".md", ".txt", ".yaml", ".yml", ".py", ".cff")) or "." not in name:
        return "text/plain; charset=utf-8"
    return "application/octet-stream"


def _parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """Return (start, end inclusive), None without a usable Range, or "invalid" if unsatisfiable."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    start_s, _, end_s = header[6:].strip().partition("-")
    try:
        if start_s == "":
            start, end = max(size - int(end_s), 0), size - 1
        else:
            start = int(start_s)
            end = min(int(end_s), size - 1) if end_s else size - 1
    except ValueError:
        return None
    if start >= size or start > end:
        return "invalid"
    return start, end


# ----------------------------------------------------------------------------------------------------
# HTTP plumbing
# ----------------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], hub: FakeHub, role: str) -> None:
        self.hub = hub
        self.role = role
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError | OSError):
            return  # the client went away (timeouts, resets): expected here
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeHub/1.0"
    disable_nagle_algorithm = True
    timeout = 60  # idle keep-alive connections are dropped after this
    server: _Server

    def do_GET(self) -> None:
        self.server.hub._handle(self, "GET")

    def do_HEAD(self) -> None:
        self.server.hub._handle(self, "HEAD")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.hub._handle(self, "POST")

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: the request log is FakeHub.requests


@dataclass
class _FaultState:
    spec: dict[str, Any]
    fired: int = 0


# ----------------------------------------------------------------------------------------------------
# The fake Hub
# ----------------------------------------------------------------------------------------------------


class FakeHub:
    """Fake Hub (and fake LFS CDN) serving ``root`` on 127.0.0.1.

    ``requests`` logs every request in arrival order as ``{"method", "path" (raw, without the query),
    "query" (dict of lists), "auth" (an Authorization header was sent; the token itself is never stored),
    "status" (None when no response was sent), "server" ("hub" | "cdn")}``.

    Options that tests may change (``reset()`` restores them): ``latency`` (seconds slept before every
    answer), ``resolve_redirect`` (answer ``/resolve/<branch>/`` with a 307 to ``/api/resolve-cache/...`` like
    the real Hub), ``tree_page_size`` and ``list_page_size`` (pagination through ``Link`` headers).
    """

    def __init__(self, root: Path = HUB_ROOT, latency: float = 0.0, *, resolve_redirect: bool = False,
                 tree_page_size: int = 1000, list_page_size: int = 1000) -> None:
        self.root = Path(root)
        self.latency = latency
        self.resolve_redirect = resolve_redirect
        self.tree_page_size = tree_page_size
        self.list_page_size = list_page_size
        self._defaults = (latency, resolve_redirect, tree_page_size, list_page_size)
        self.repos = load_repos(self.root)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._faults: dict[tuple[str, str], list[_FaultState]] = {}
        self._counter = 0
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.url = ""
        self.cdn_url = ""
        self.reset_faults()

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self, port: int = 0, cdn_port: int = 0) -> FakeHub:
        """Serve on 127.0.0.1:``port`` (0 = a free port) and the fake CDN on another port."""
        self._stop.clear()
        hub = _Server(("127.0.0.1", port), self, "hub")
        cdn = _Server(("127.0.0.1", cdn_port), self, "cdn")
        self._servers = [hub, cdn]
        self.url = f"http://127.0.0.1:{hub.server_address[1]}"
        self.cdn_url = f"http://127.0.0.1:{cdn.server_address[1]}"
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"fakehub-{server.role}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes requests sleeping in latency / timeout faults
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> FakeHub:
        return self.start() if not self._servers else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test helpers ----------------------------------------------------------------------------------

    def env(self, home: Path, token: str | None = None, **overrides: str) -> dict[str, str]:
        """Environment for a subprocess running the real client against this server.

        Inherited ``HF_*`` / ``HUGGINGFACE_*`` variables (token, offline mode, cache paths...) are dropped;
        ``overrides`` are applied last (e.g. ``HF_HUB_OFFLINE="1"``).
        """
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HF_", "HUGGINGFACE_")) and k != "TRANSFORMERS_OFFLINE"}
        env.update({
            "HF_ENDPOINT": self.url,
            "HF_HOME": str(home),
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_HUB_DISABLE_PROGRESS_BARS": "1",
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_ETAG_TIMEOUT": "2",
            "HF_HUB_DOWNLOAD_TIMEOUT": "5",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        })
        if token is not None:
            env["HF_TOKEN"] = token
        env.update(overrides)
        return env

    def reset_log(self) -> None:
        with self._lock:
            self.requests = []

    def reset_faults(self) -> None:
        """Restore every repo's ``_hub.json`` faults with counters at zero (drops ``set_fault`` overrides)."""
        with self._lock:
            self._faults = {key: [_FaultState(dict(spec)) for spec in _as_list(repo.settings.get("fault"))]
                            for key, repo in self.repos.items()}

    def reset(self) -> None:
        """reset_log() + reset_faults() + default options."""
        self.reset_log()
        self.reset_faults()
        self.latency, self.resolve_redirect, self.tree_page_size, self.list_page_size = self._defaults

    def set_fault(self, repo_id: str, fault: dict[str, Any] | list[dict[str, Any]] | None,
                  repo_type: str = "model") -> None:
        """Replace a repo's faults until the next reset_faults() (None removes them)."""
        if (repo_type, repo_id) not in self.repos:
            raise KeyError(f"no {repo_type} fixture {repo_id}")
        with self._lock:
            self._faults[(repo_type, repo_id)] = [_FaultState(dict(spec)) for spec in _as_list(fault)]

    def fault_count(self, repo_id: str, repo_type: str = "model") -> int:
        """How many times the repo's faults have fired."""
        with self._lock:
            return sum(state.fired for state in self._faults.get((repo_type, repo_id), []))

    def repo(self, repo_id: str, repo_type: str = "model") -> Repo:
        return self.repos[(repo_type, repo_id)]

    def repo_sha(self, repo_id: str, repo_type: str = "model", revision: str = "main") -> str:
        return self.repo(repo_id, repo_type).refs[revision]

    def requests_for(self, fragment: str) -> list[dict[str, Any]]:
        """Logged requests whose path contains ``fragment``."""
        with self._lock:
            return [dict(r) for r in self.requests if fragment in r["path"]]

    # -- request handling ------------------------------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._stop.wait(seconds)

    def _handle(self, handler: _Handler, method: str) -> None:
        split = urlsplit(handler.path)
        query = parse_qs(split.query, keep_blank_values=True)
        auth = handler.headers.get("Authorization")
        token = auth[7:].strip() if auth and auth.lower().startswith("bearer ") else None
        entry: dict[str, Any] = {"method": method, "path": split.path, "query": query,
                                 "auth": auth is not None, "status": None, "server": handler.server.role}
        with self._lock:
            self.requests.append(entry)
            self._counter += 1
            request_id = f"Root=1-fakehub-{self._counter:06d}"
        self._wait(self.latency)
        try:
            reply = self._dispatch(handler.server.role, method, split.path, query, token,
                                   handler.headers.get("Range"))
        except Exception as exc:  # a bug in the fake: answer 500 and show it in the body
            reply = error_reply(500, None, f"fakehub crashed: {exc!r}")
        self._send(handler, method, reply, request_id, entry)

    def _send(self, handler: _Handler, method: str, reply: Reply, request_id: str,
              entry: dict[str, Any]) -> None:
        if reply.action == "reset":
            handler.close_connection = True
            conn = handler.connection
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # RST instead of FIN
            return
        if reply.action == "close":
            handler.close_connection = True
            return
        with self._lock:
            entry["status"] = reply.status
        try:
            handler.send_response(reply.status)
            headers = {"X-Request-Id": request_id, **reply.headers}
            headers.setdefault("Content-Length", str(len(reply.body)))
            for name, value in headers.items():
                handler.send_header(name, value)
            if reply.action == "truncate":
                handler.send_header("Connection", "close")
            handler.end_headers()
            if method != "HEAD":
                if reply.action == "truncate":
                    handler.wfile.write(reply.body[: len(reply.body) // 2])
                    handler.wfile.flush()
                    handler.close_connection = True
                    handler.connection.shutdown(socket.SHUT_WR)
                else:
                    handler.wfile.write(reply.body)
        except (ConnectionError, OSError):
            handler.close_connection = True

    def _take_fault(self, key: tuple[str, str], scope: str, method: str,
                    truncation: bool) -> dict[str, Any] | None:
        with self._lock:
            for state in self._faults.get(key, []):
                spec = state.spec
                on = spec.get("on", "all")
                if on != "all" and on != scope:
                    continue
                if spec.get("method") and str(spec["method"]).upper() != method:
                    continue
                if (spec.get("kind") == "truncated") != truncation:
                    continue
                times = spec.get("times")
                if times is not None and state.fired >= int(times):
                    continue
                state.fired += 1
                return spec
        return None

    def _dispatch(self, role: str, method: str, raw_path: str, query: dict[str, list[str]], token: str | None,
                  range_header: str | None) -> Reply:
        if role == "cdn":
            return self._serve_cdn(method, raw_path, range_header)
        route = parse_route(raw_path)
        if route is None or method == "POST":
            return error_reply(404, None, "Sorry, we can't find the page you are looking for.")
        if route.kind == "harnesses":
            return json_reply({"standardEnvVars": [], "harnesses": {}})
        if route.kind == "list":
            return self._list_repos(route.repo_type, raw_path, query, token)

        key = (route.repo_type, route.repo_id)
        scope = "api" if route.kind in ("info", "tree", "refs") else "resolve"
        fault = self._take_fault(key, scope, method, truncation=False) if key in self.repos else None
        if fault is not None:
            if fault.get("kind") == "timeout":
                self._wait(float(fault.get("delay", 30)))  # then answer normally (a slow server)
            else:
                return self._fault_reply(fault, scope)
        reply = self._serve_repo(route, method, query, token, range_header)
        if reply.body and method == "GET" and self._take_fault(key, scope, method, truncation=True):
            reply.action = "truncate"
        return reply

    def _fault_reply(self, fault: dict[str, Any], scope: str) -> Reply:
        kind = fault.get("kind")
        if kind in ("reset", "close"):
            return Reply(0, action=kind)
        if kind == "nonjson":
            if scope == "api":
                return Reply(200, {"Content-Type": "text/html"}, b"<html>Bad gateway</html>")
            # A captive portal / proxy page instead of the file: no Hub headers at all.
            portal = b"<html><body>Please log in to the network</body></html>"
            return Reply(200, {"Content-Type": "text/html"}, portal)
        if kind == "disabled":
            return error_reply(403, None, "Access to this resource is disabled.")
        status = int(fault.get("status", 500))
        headers: dict[str, str] = dict(fault.get("headers", {}))
        message = fault.get("message")
        if status == 429:
            wait = int(fault.get("retry_after", 1))
            bucket = "api" if scope == "api" else "resolvers"
            headers.update({"Retry-After": str(wait), "RateLimit": f'"{bucket}";r=0;t={wait}',
                            "RateLimit-Policy": f'"fixed window";"{bucket}";q=500;w=300'})
            message = message or f"You have reached your '{bucket}' rate limit. Retry after {wait} seconds."
        elif status == 401:
            message = message or "Invalid credentials in Authorization header"
        return error_reply(status, fault.get("error_code"), message or STATUS_MESSAGES.get(status, "Error"),
                           headers)

    # -- repo endpoints --------------------------------------------------------------------------------

    def _serve_repo(self, route: Route, method: str, query: dict[str, list[str]], token: str | None,
                    range_header: str | None) -> Reply:
        repo = self.repos.get((route.repo_type, route.repo_id))
        if repo is None or not repo.can_see(token):
            # Like the Hub: missing and private look the same; 401 when anonymous, 404 with a token.
            return error_reply(401 if token is None else 404, "RepoNotFound", "Repository not found")
        if route.kind in ("resolve", "resolve-cache") and not repo.can_download(token):
            kind = route.repo_type
            if token is None:
                msg = (f"Access to {kind} {repo.repo_id} is restricted. You must have access to it and be "
                       "authenticated to access it. Please log in.")
                return error_reply(401, "GatedRepo", msg)
            msg = (f"Access to {kind} {repo.repo_id} is restricted and you are not in the authorized list. "
                   f"Visit https://huggingface.co/{repo.repo_id} to ask for access.")
            return error_reply(403, "GatedRepo", msg)
        revision = route.revision or "main"
        snap = repo.snapshot(revision)
        if snap is None:
            return error_reply(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        if route.kind == "info":
            return self._info(repo, snap, query)
        if route.kind == "tree":
            return self._tree(repo, snap, route, query)
        if route.kind == "refs":
            return self._refs(repo)
        return self._resolve(repo, snap, route, method, range_header)

    def _info(self, repo: Repo, snap: Snapshot, query: dict[str, list[str]]) -> Reply:
        expand = [*query.get("expand", []), *query.get("expand[]", [])]
        allowed = MODEL_EXPAND if repo.repo_type == "model" else DATASET_EXPAND
        unknown = [e for e in expand if e not in allowed]
        if unknown:
            return error_reply(400, "BadRequest", f'"expand" must be one of [{", ".join(sorted(allowed))}]')
        blobs = query.get("blobs", ["false"])[-1].lower() in ("true", "1")
        info = self.repo_info(repo, snap, blobs=blobs)
        if expand:
            info = {k: v for k, v in info.items() if k in ("_id", "id") or k in expand}
        else:
            info = {k: v for k, v in info.items() if k not in EXPAND_ONLY}
        return json_reply(info)

    def repo_info(self, repo: Repo, snap: Snapshot, *, blobs: bool = False) -> dict[str, Any]:
        """Everything the API can say about a repo at a commit (``_info`` then filters by ``expand``)."""
        card = snap.card or {}
        org = repo.repo_id.split("/")[0]
        settings = repo.settings
        siblings: list[dict[str, Any]] = []
        for f in snap.files.values():
            sibling: dict[str, Any] = {"rfilename": f.path}
            if blobs:
                sibling.update(size=f.size, blobId=f.git_oid)
                if f.lfs:
                    sibling["lfs"] = {"size": f.size, "sha256": f.sha256, "pointerSize": len(f.pointer)}
            siblings.append(sibling)
        info: dict[str, Any] = {
            "_id": hashlib.sha1(f"{repo.repo_type}/{repo.repo_id}".encode()).hexdigest()[:24],
            "id": repo.repo_id,
        }
        if repo.repo_type == "model":
            info["modelId"] = repo.repo_id
        info.update({
            "author": org,
            "sha": snap.sha,
            "lastModified": settings.get("lastModified", DEFAULT_LAST_MODIFIED),
            "createdAt": settings.get("createdAt", DEFAULT_CREATED_AT),
            "private": repo.private,
            "disabled": False,
            "gated": repo.gated,
            "downloads": 0,
            "downloadsAllTime": 0,
            "likes": 0,
            "trendingScore": 0,
            "tags": self._tags(repo, snap),
        })
        if repo.repo_type == "model":
            for key in ("library_name", "pipeline_tag"):
                if isinstance(card.get(key), str):
                    info[key] = card[key]
            config = self._config(snap)
            if config is not None:
                info["config"] = config
            info["model-index"] = card.get("model-index")
            if "widget" in card:
                info["widgetData"] = card["widget"]
            bases = [b for b in _as_list(card.get("base_model")) if isinstance(b, str)]
            if bases:
                info["baseModels"] = {"relation": self._relation(snap, bases),
                                      "models": [{"id": b} for b in bases]}
            info["childrenModelCount"] = self._children(repo.repo_id)
            info["spaces"] = []
        else:
            info["mainSize"] = sum(f.size for f in snap.files.values())
            if isinstance(card.get("paperswithcode_id"), str):
                info["paperswithcode_id"] = card["paperswithcode_id"]
            info["description"] = snap.body.strip()[:500]
        if snap.card is not None:
            info["cardData"] = copy.deepcopy(snap.card)
        info["siblings"] = siblings
        info["usedStorage"] = sum(f.size for f in snap.files.values())
        info.update(copy.deepcopy(settings.get("extra", {})))
        return info

    @staticmethod
    def _config(snap: Snapshot) -> dict[str, Any] | None:
        f = snap.files.get("config.json")
        if f is None:
            return None
        try:
            cfg = json.loads(f.data)
        except ValueError:
            return None
        if not isinstance(cfg, dict):
            return None
        keep = ("architectures", "model_type", "quantization_config", "auto_map")
        return {k: cfg[k] for k in keep if k in cfg}

    @staticmethod
    def _relation(snap: Snapshot, bases: list[str]) -> str:
        declared = (snap.card or {}).get("base_model_relation")
        if isinstance(declared, str):
            return declared
        if len(bases) > 1:
            return "merge"
        if "adapter_config.json" in snap.files:
            return "adapter"
        if any(p.endswith(".gguf") for p in snap.files):
            return "quantized"
        return "finetune"

    def _children(self, repo_id: str) -> int:
        return sum(1 for (kind, _), r in self.repos.items()
                   if kind == "model" and repo_id in _as_list((r.main.card or {}).get("base_model")))

    def _tags(self, repo: Repo, snap: Snapshot) -> list[str]:
        """Tags as the Hub computes them from the card and the files."""
        card = snap.card or {}
        tags: list[str] = []

        def add(*values: Any) -> None:
            for v in values:
                if isinstance(v, str | int | float) and not isinstance(v, bool) and str(v) not in tags:
                    tags.append(str(v))

        arxiv = [f"arxiv:{a}" for a in ARXIV_LINK.findall(snap.body)]
        licences = [f"license:{lic}" for lic in _as_list(card.get("license")) if isinstance(lic, str)]
        if repo.repo_type == "model":
            add(card.get("library_name"))
            names = list(snap.files)
            if any(p.endswith(".safetensors") for p in names):
                add("safetensors")
            if any(p.endswith(".gguf") for p in names):
                add("gguf")
            config = self._config(snap) or {}
            add(config.get("model_type"))
            add(*_as_list(card.get("tags")))
            add(card.get("pipeline_tag"))
            add(*_as_list(card.get("language")))
            add(*(f"dataset:{d}" for d in _as_list(card.get("datasets")) if isinstance(d, str)))
            bases = [b for b in _as_list(card.get("base_model")) if isinstance(b, str)]
            relation = self._relation(snap, bases) if bases else ""
            for base in bases:
                add(f"base_model:{base}", f"base_model:{relation}:{base}")
        else:
            add(*(f"task_categories:{t}" for t in _as_list(card.get("task_categories"))))
            add(*(f"language:{lang}" for lang in _as_list(card.get("language"))))
            add(*(f"size_categories:{s}" for s in _as_list(card.get("size_categories"))))
            add(*_as_list(card.get("tags")))
        add(*arxiv, *licences, *_as_list(repo.settings.get("tags")), "region:us")
        return tags

    def _tree(self, repo: Repo, snap: Snapshot, route: Route, query: dict[str, list[str]]) -> Reply:
        prefix = route.path
        recursive = query.get("recursive", ["false"])[-1].lower() in ("true", "1")
        expand = query.get("expand", ["false"])[-1].lower() in ("true", "1")
        paths = list(snap.files)
        dirs = sorted({"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)})
        if prefix and prefix not in dirs:
            return error_reply(404, "EntryNotFound", f"{prefix} does not exist on \"{route.revision}\"",
                               {"X-Repo-Commit": snap.sha})
        base = f"{prefix}/" if prefix else ""

        def wanted(path: str) -> bool:
            if not path.startswith(base):
                return False
            return recursive or "/" not in path[len(base):]

        entries: list[dict[str, Any]] = []
        for path in sorted([*(d for d in dirs if wanted(d)), *(p for p in paths if wanted(p))]):
            if path in snap.files:
                f = snap.files[path]
                entry: dict[str, Any] = {"type": "file", "oid": f.git_oid, "size": f.size, "path": path}
                if f.lfs:
                    entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": len(f.pointer)}
            else:
                oid = hashlib.sha1(f"{snap.sha}:{path}".encode()).hexdigest()
                entry = {"type": "directory", "oid": oid, "size": 0, "path": path}
            if expand:
                entry["lastCommit"] = {"id": snap.sha, "title": "Upload folder using huggingface_hub",
                                       "date": repo.settings.get("lastModified", DEFAULT_LAST_MODIFIED)}
            entries.append(entry)
        page_size = min(self.tree_page_size, 50) if expand else self.tree_page_size
        return self._page(entries, page_size, route_path_for_tree(route, self.url), query)

    def _page(self, items: list[Any], page_size: int, base_url: str, query: dict[str, list[str]]) -> Reply:
        """One page of ``items`` with a GitHub-style ``Link: <next>; rel="next"`` header."""
        try:
            cursor = int(query.get("cursor", ["0"])[-1])
        except ValueError:
            cursor = 0
        page_size = max(page_size, 1)
        page = items[cursor: cursor + page_size]
        headers = {}
        if cursor + page_size < len(items):
            params = [(k, v) for k, vs in query.items() if k != "cursor" for v in vs]
            params.append(("cursor", str(cursor + page_size)))
            headers["Link"] = f'<{base_url}?{urlencode(params)}>; rel="next"'
        return json_reply(page, headers=headers)

    def _refs(self, repo: Repo) -> Reply:
        tags = [{"name": name, "ref": f"refs/tags/{name}", "targetCommit": sha}
                for name, sha in repo.refs.items() if name != "main"]
        main = {"name": "main", "ref": "refs/heads/main", "targetCommit": repo.refs["main"]}
        return json_reply({"branches": [main], "converts": [], "tags": tags})

    def _list_repos(self, repo_type: str, raw_path: str, query: dict[str, list[str]],
                    token: str | None) -> Reply:
        if repo_type not in ("model", "dataset"):
            return json_reply([])
        expand = [*query.get("expand", []), *query.get("expand[]", [])]
        search = query.get("search", [""])[-1].lower()
        authors = query.get("author", [])
        filters = [f for v in query.get("filter", []) for f in v.split(",") if f]
        gated = query.get("gated", [None])[-1]
        full = query.get("full", ["false"])[-1].lower() == "true"
        with_card = query.get("cardData", ["false"])[-1].lower() == "true"
        with_config = query.get("config", ["false"])[-1].lower() == "true"
        out: list[dict[str, Any]] = []
        for (kind, repo_id), repo in sorted(self.repos.items()):
            if kind != repo_type or not repo.can_see(token):
                continue
            info = self.repo_info(repo, repo.main)
            if search and search not in repo_id.lower():
                continue
            if authors and repo_id.split("/")[0] not in authors:
                continue
            if any(f not in info["tags"] and f != info.get("library_name") for f in filters):
                continue
            if gated is not None and (gated.lower() == "true") != bool(repo.gated):
                continue
            if expand:
                item = {k: v for k, v in info.items() if k in ("_id", "id") or k in expand}
            else:
                keys = ["_id", "id", "modelId", "author", "likes", "downloads", "private", "tags",
                        "pipeline_tag", "library_name", "createdAt", "gated", "sha", "lastModified"]
                if full:
                    keys += ["siblings", "disabled"]
                if with_card or full:
                    keys.append("cardData")
                if with_config:
                    keys.append("config")
                item = {k: info[k] for k in keys if k in info}
            out.append(item)
        limit = query.get("limit", [None])[-1]
        page_size = min(self.list_page_size, int(limit)) if limit and limit.isdigit() else self.list_page_size
        return self._page(out, page_size, f"{self.url}{raw_path}", query)

    def _resolve(self, repo: Repo, snap: Snapshot, route: Route, method: str,
                 range_header: str | None) -> Reply:
        f = snap.files.get(route.path)
        if f is None:
            return error_reply(404, "EntryNotFound", "Entry not found", {"X-Repo-Commit": snap.sha})
        common = {"X-Repo-Commit": snap.sha, "ETag": f'"{f.git_oid}"', "Accept-Ranges": "bytes",
                  "Vary": "Origin, Accept-Encoding"}
        prefix = "" if repo.repo_type == "model" else f"{repo.repo_type}s/"
        if f.lfs:
            disposition = quote("attachment; filename=" + f.path.split("/")[-1])
            location = (f"{self.cdn_url}/repos/{repo.repo_type}s/{repo.repo_id}/{f.sha256}"
                        f"?response-content-disposition={disposition}"
                        "&Expires=4102444800&Signature=fakehub&Key-Pair-Id=FAKEHUB")
            headers = {**common, "Location": location, "X-Linked-Etag": f'"{f.sha256}"',
                       "X-Linked-Size": str(f.size), "Content-Type": "text/plain; charset=utf-8"}
            return Reply(302, headers, f"Found. Redirecting to {location}".encode())
        if self.resolve_redirect and route.kind == "resolve" and not COMMIT_SHA.match(route.revision or ""):
            location = f"/api/resolve-cache/{repo.repo_type}s/{repo.repo_id}/{snap.sha}/{quote(f.path)}"
            origin = f"/{prefix}{repo.repo_id}/resolve/{route.revision or 'main'}"
            location += f"?{quote(origin, safe='')}"
            return Reply(307, {**common, "Location": location, "Content-Type": "text/plain; charset=utf-8"},
                         f"Temporary Redirect. Redirecting to {location}".encode())
        headers = {**common, "Content-Type": _content_type(f.path)}
        return self._file_reply(f.data, headers, method, range_header)

    @staticmethod
    def _file_reply(data: bytes, headers: dict[str, str], method: str, range_header: str | None) -> Reply:
        rng = _parse_range(range_header, len(data)) if method == "GET" else None
        if rng == "invalid":
            return Reply(416, {**headers, "Content-Range": f"bytes */{len(data)}"}, b"")
        if isinstance(rng, tuple):
            start, end = rng
            content_range = f"bytes {start}-{end}/{len(data)}"
            return Reply(206, {**headers, "Content-Range": content_range}, data[start:end + 1])
        return Reply(200, headers, data)

    def _serve_cdn(self, method: str, raw_path: str, range_header: str | None) -> Reply:
        parts = raw_path.split("/")  # /repos/<type>s/<org>/<name>/<sha256>
        types = {"models": "model", "datasets": "dataset"}
        if len(parts) != 6 or parts[1] != "repos" or parts[2] not in types:
            return Reply(404, {"Content-Type": "text/plain"}, b"Not Found")
        key = (types[parts[2]], f"{unquote(parts[3])}/{unquote(parts[4])}")
        repo = self.repos.get(key)
        blob = None
        if repo is not None:
            blob = next((f for s in repo.snapshots.values() for f in s.files.values()
                         if f.lfs and f.sha256 == parts[5]), None)
        if repo is None or blob is None:
            return Reply(403, {"Content-Type": "application/xml"},
                         b"<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>")
        fault = self._take_fault(key, "cdn", method, truncation=False)
        if fault is not None:
            if fault.get("kind") == "timeout":
                self._wait(float(fault.get("delay", 30)))
            else:
                return self._fault_reply(fault, "cdn")
        headers = {"ETag": f'"{blob.sha256}"', "Accept-Ranges": "bytes",
                   "Content-Type": "application/octet-stream",
                   "Content-Disposition": f'attachment; filename="{blob.path.split("/")[-1]}"'}
        reply = self._file_reply(blob.data, headers, method, range_header)
        if reply.body and method == "GET" and self._take_fault(key, "cdn", method, truncation=True):
            reply.action = "truncate"
        return reply


def route_path_for_tree(route: Route, base: str) -> str:
    """Absolute tree URL (without query) for ``Link`` headers."""
    prefix = "models" if route.repo_type == "model" else f"{route.repo_type}s"
    path = f"/{quote(route.path, safe='')}" if route.path else ""
    return f"{base}/api/{prefix}/{route.repo_id}/tree/{quote(route.revision or 'main', safe='')}{path}"


# ----------------------------------------------------------------------------------------------------
# pytest fixtures
# ----------------------------------------------------------------------------------------------------

_shared: FakeHub | None = None
_shared_lock = threading.Lock()


def shared_hub() -> FakeHub:
    """The process-wide fake Hub behind the fixtures, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = FakeHub().start()
            atexit.register(_shared.stop)
        return _shared


if pytest is not None:

    @pytest.fixture(scope="session")
    def fakehub_session() -> FakeHub:
        """The shared fake Hub, without resetting it (prefer ``fakehub``)."""
        return shared_hub()

    @pytest.fixture
    def fakehub() -> FakeHub:
        """The shared fake Hub with an empty request log, the fixtures' faults and default options.

        Import it into a test module with ``from fakehub import fakehub`` and ``__all__ = ["fakehub"]``.
        """
        hub = shared_hub()
        hub.reset()
        return hub


# ----------------------------------------------------------------------------------------------------
# Standalone server
# ----------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake Hugging Face Hub for openlint tests and benchmarks.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--cdn-port", type=int, default=0, help="fake LFS CDN port (0 = any free port)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to sleep before every answer")
    parser.add_argument("--root", type=Path, default=HUB_ROOT, help="fixture root (default: fixtures/hub)")
    parser.add_argument("--resolve-redirect", action="store_true",
                        help="answer /resolve/<branch>/ with a 307 to /api/resolve-cache/ like the real Hub")
    args = parser.parse_args(argv)
    hub = FakeHub(args.root, args.latency, resolve_redirect=args.resolve_redirect)
    hub.start(args.port, args.cdn_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"FAKEHUB_URL={hub.url}", flush=True)
    print(f"FAKEHUB_CDN_URL={hub.cdn_url}", flush=True)
    print(f"serving {len(hub.repos)} repos from {args.root}; set HF_ENDPOINT={hub.url}",
          file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
