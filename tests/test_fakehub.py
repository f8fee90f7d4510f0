"""The real ``huggingface_hub`` client (in a subprocess) against the fake Hub of ``tests/fakehub.py``.

Each test runs ``DRIVER`` with ``python -c`` and an environment from ``FakeHub.env()``, so ``HF_ENDPOINT`` and
friends are set before ``huggingface_hub`` is imported (hub.md §4.7). The driver prints one JSON document:
each operation's result, or its exception (class, module, HTTP status, message).

Client retries sleep for ~23 s in total; operations marked ``fast_sleep`` replace ``time.sleep`` in the
client process by a recorder, so the back-off is checked (``sleeps``) without waiting for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from fakehub import HUB_ROOT, FakeHub, fakehub

__all__ = ["fakehub"]  # the pytest fixture, imported so that pytest finds it here

APACHE = "acme-ai/open-apache-7b"
GATED = "borealis-labs/gated-llama-8b"
APPROVED, OTHER, OWNER = "hf_test_approved", "hf_test_someone_else", "hf_test_owner"
EXPAND = ["cardData", "gated", "tags", "siblings", "baseModels", "sha"]

DRIVER = r'''
import dataclasses, json, sys, time
from datetime import datetime

ops = json.loads(sys.argv[1])
sleeps = []
if any(op.get("fast_sleep") for op in ops):
    time.sleep = sleeps.append  # record the client's back-off instead of sleeping

from huggingface_hub import HfApi, ModelCard, hf_hub_download

api = HfApi()


def plain(o):
    if isinstance(o, (str, int, float, bool, type(None))):
        return o
    if isinstance(o, datetime):
        return o.isoformat()
    if isinstance(o, dict):
        return {str(k): plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [plain(v) for v in o]
    if hasattr(o, "to_dict"):
        return plain(o.to_dict())
    if dataclasses.is_dataclass(o):
        return {k: plain(v) for k, v in vars(o).items()}
    return repr(o)


def run(op):
    op = dict(op)
    kind = op.pop("op")
    op.pop("fast_sleep", None)
    if kind == "model_info":
        return plain(api.model_info(**op))
    if kind == "dataset_info":
        return plain(api.dataset_info(**op))
    if kind == "download":
        path = hf_hub_download(**op)
        with open(path, "rb") as f:
            data = f.read()
        return {"path": path, "text": data.decode("utf-8", "replace"), "size": len(data)}
    if kind == "list_files":
        return api.list_repo_files(**op)
    if kind == "list_models":
        return [m.id for m in api.list_models(**op)]
    if kind == "refs":
        return plain(api.list_repo_refs(**op))
    if kind == "card":
        return plain(ModelCard.load(**op).data)
    raise ValueError(kind)


out = []
for op in ops:
    t0 = time.perf_counter()
    try:
        res = {"ok": run(op)}
    except Exception as exc:
        resp = getattr(exc, "response", None)
        res = {"error": type(exc).__name__, "module": type(exc).__module__,
               "status": resp.status_code if resp is not None else None,
               "retry_after": resp.headers.get("Retry-After") if resp is not None else None,
               "cause": type(exc.__cause__).__name__ if exc.__cause__ is not None else None,
               "message": str(exc)}
    res["seconds"] = round(time.perf_counter() - t0, 3)
    out.append(res)
print(json.dumps({"results": out, "sleeps": sleeps}))
'''


def client(hub: FakeHub, home: Path, *ops: dict[str, Any], token: str | None = None,
           **env: str) -> tuple[list[dict[str, Any]], list[float]]:
    """Run ``ops`` with the real client in a fresh process; return (results, recorded back-off sleeps)."""
    proc = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(ops)], env=hub.env(home, token, **env),
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.splitlines()[-1])
    return doc["results"], doc["sleeps"]


def ok(result: dict[str, Any]) -> Any:
    assert "ok" in result, f"{result.get('error')}: {result.get('message')}"
    return result["ok"]


def info(repo: str, **kw: Any) -> dict[str, Any]:
    return {"op": "model_info", "repo_id": repo, "timeout": 2, **kw}


def download(repo: str, filename: str = "README.md", **kw: Any) -> dict[str, Any]:
    return {"op": "download", "repo_id": repo, "filename": filename, **kw}


def seen(hub: FakeHub) -> list[tuple[str, str, int | None]]:
    return [(r["method"], r["path"], r["status"]) for r in hub.requests]


def http(hub: FakeHub, path: str, method: str = "GET",
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A raw request to the fake Hub (no proxy), for checks of the wire format itself."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(hub.url + path, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


# --- metadata ------------------------------------------------------------------------------------------


def test_model_info_of_an_ungated_repo(fakehub: FakeHub, tmp_path: Path) -> None:
    (expanded, full, card), _ = client(fakehub, tmp_path, info(APACHE, expand=EXPAND), info(APACHE),
                                       {"op": "card", "repo_id_or_path": APACHE})
    m = ok(expanded)
    assert m["id"] == APACHE and m["sha"] == fakehub.repo_sha(APACHE)
    assert m["gated"] is False
    assert m["card_data"]["license"] == "apache-2.0"
    siblings = ["LICENSE", "README.md", "config.json", "model.safetensors"]
    assert [s["rfilename"] for s in m["siblings"]] == siblings
    tags = {"license:apache-2.0", "arxiv:2501.01234", "open-source", "transformers", "region:us"}
    assert tags <= set(m["tags"])
    assert m["base_models"] is None and m["library_name"] is None  # not expanded → not sent
    default = ok(full)
    assert default["library_name"] == "transformers" and default["pipeline_tag"] == "text-generation"
    assert default["config"] == {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}
    assert ok(card)["license"] == "apache-2.0"  # ModelCard.load downloads README.md


def test_gated_metadata_is_public(fakehub: FakeHub, tmp_path: Path) -> None:
    (result,), _ = client(fakehub, tmp_path, info(GATED, expand=EXPAND))
    m = ok(result)
    assert m["gated"] == "manual"
    card = m["card_data"]
    assert card["license"] == "llama3.1"
    assert card["extra_gated_fields"]["Job title"]["type"] == "select"
    assert card["extra_gated_button_content"] == "Submit"
    assert "LLAMA 3.1 COMMUNITY LICENSE" in card["extra_gated_prompt"]
    assert {"LICENSE", "USE_POLICY.md"} <= {s["rfilename"] for s in m["siblings"]}
    assert "license:llama3.1" in m["tags"]
    assert fakehub.requests[0]["auth"] is False and fakehub.requests[0]["status"] == 200


def test_licence_list_and_licence_other(fakehub: FakeHub, tmp_path: Path) -> None:
    (dual, other), _ = client(fakehub, tmp_path, info("acme-ai/dual-license-3b", expand=EXPAND),
                              info("quill-research/custom-license-1b", expand=EXPAND))
    d = ok(dual)
    assert d["card_data"]["license"] == ["apache-2.0", "cc-by-4.0"]
    assert {"license:apache-2.0", "license:cc-by-4.0"} <= set(d["tags"])
    o = ok(other)["card_data"]
    assert o["license"] == "other"
    assert (o["license_name"], o["license_link"]) == ("quill-model-license-1.0", "LICENSE")
    assert "license:other" in ok(other)["tags"]


def test_lineage_chain_merge_adapter_cycle(fakehub: FakeHub, tmp_path: Path) -> None:
    repos = ["lineage-co/tuned-chat-8b", "lineage-co/llama-base-8b", "lineage-co/pretrain-root-8b",
             "lineage-co/merged-8b", "lineage-co/tuned-chat-8b-lora", "lineage-co/cycle-a",
             "lineage-co/cycle-b", "lineage-co/orphan-tune"]
    results, _ = client(fakehub, tmp_path, *(info(r, expand=[*EXPAND, "childrenModelCount"]) for r in repos))
    got = {r: ok(res) for r, res in zip(repos, results, strict=True)}

    def base(repo: str) -> Any:
        return got[repo]["base_models"]

    tuned = got["lineage-co/tuned-chat-8b"]
    assert tuned["card_data"]["license"] == "apache-2.0"
    assert base("lineage-co/tuned-chat-8b") == {"relation": "finetune",
                                                "models": [{"id": "lineage-co/llama-base-8b"}]}
    assert "base_model:finetune:lineage-co/llama-base-8b" in tuned["tags"]
    assert got["lineage-co/llama-base-8b"]["card_data"]["license"] == "llama3.1"
    assert base("lineage-co/llama-base-8b")["models"] == [{"id": "lineage-co/pretrain-root-8b"}]
    assert base("lineage-co/pretrain-root-8b") is None
    assert base("lineage-co/merged-8b") == {"relation": "merge", "models": [
        {"id": "lineage-co/tuned-chat-8b"}, {"id": "acme-ai/open-apache-7b"}]}
    assert base("lineage-co/tuned-chat-8b-lora")["relation"] == "adapter"
    assert base("lineage-co/cycle-a")["models"] == [{"id": "lineage-co/cycle-b"}]
    assert base("lineage-co/cycle-b")["models"] == [{"id": "lineage-co/cycle-a"}]
    assert base("lineage-co/orphan-tune")["models"] == [{"id": "lineage-co/deleted-base"}]
    assert tuned["children_model_count"] == 2  # merged-8b and the LoRA


def test_datasets(fakehub: FakeHub, tmp_path: Path) -> None:
    results, _ = client(
        fakehub, tmp_path,
        info("datatrail/nc-data-tune-1b", expand=EXPAND),
        {"op": "dataset_info", "repo_id": "datatrail/nc-corpus", "timeout": 2},
        {"op": "dataset_info", "repo_id": "datatrail/missing-corpus", "timeout": 2},
        download("datatrail/nc-corpus", repo_type="dataset"),
        {"op": "list_files", "repo_id": "datatrail/nc-corpus", "repo_type": "dataset"},
    )
    model, dataset, missing, readme, files = results
    m = ok(model)
    assert m["card_data"]["datasets"] == ["datatrail/nc-corpus", "datatrail/missing-corpus"]
    assert {"dataset:datatrail/nc-corpus", "dataset:datatrail/missing-corpus"} <= set(m["tags"])
    d = ok(dataset)
    assert d["card_data"]["license"] == "cc-by-nc-4.0" and "license:cc-by-nc-4.0" in d["tags"]
    assert d["sha"] == fakehub.repo_sha("datatrail/nc-corpus", "dataset") and d["gated"] is False
    assert missing["error"] == "RepositoryNotFoundError" and missing["status"] == 401
    assert "CC BY-NC 4.0" in ok(readme)["text"]
    assert "/datasets--datatrail--nc-corpus/" in ok(readme)["path"]
    assert ok(files) == ["README.md", "data/train-00000-of-00001.parquet"]
    assert ("HEAD", "/datasets/datatrail/nc-corpus/resolve/main/README.md", 200) in seen(fakehub)


def test_named_revision_with_an_older_card(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = "acme-ai/versioned-2b"
    v1 = fakehub.repo_sha(repo, revision="v1.0")
    results, _ = client(fakehub, tmp_path, info(repo, revision="v1.0", expand=EXPAND),
                        info(repo, revision=v1, expand=EXPAND), info(repo, expand=EXPAND),
                        download(repo, revision="v1.0"), download(repo),
                        {"op": "refs", "repo_id": repo})
    old, by_sha, new, old_readme, new_readme, refs = (ok(r) for r in results)
    assert old["sha"] == by_sha["sha"] == v1 == "1a1a1a1a0000000000000000000000000000c0de"
    assert old["card_data"]["license"] == "cc-by-nc-4.0" and new["card_data"]["license"] == "apache-2.0"
    assert new["sha"] == fakehub.repo_sha(repo)
    assert "CC BY-NC 4.0" in old_readme["text"] and f"/snapshots/{v1}/" in old_readme["path"]
    assert "Apache License 2.0" in new_readme["text"]
    assert {t["name"]: t["target_commit"] for t in refs["tags"]}["v1.0"] == v1


# --- downloads and the cache ---------------------------------------------------------------------------


def test_download_then_cache_hits(fakehub: FakeHub, tmp_path: Path) -> None:
    sha = fakehub.repo_sha(APACHE)
    first, second, pinned = client(fakehub, tmp_path, download(APACHE), download(APACHE),
                                   download(APACHE, revision=sha))[0]
    path = f"/{APACHE}/resolve/main/README.md"
    # first: HEAD + GET; second: HEAD only (cache hit); pinned to the commit sha: no request at all
    assert seen(fakehub) == [("HEAD", path, 200), ("GET", path, 200), ("HEAD", path, 200)]
    assert ok(first)["path"] == ok(second)["path"] == ok(pinned)["path"]
    readme = (HUB_ROOT / "models" / APACHE / "README.md").read_text("utf-8")
    assert ok(first)["text"] == readme
    cache = tmp_path / "hub" / "models--acme-ai--open-apache-7b"
    assert (cache / "refs" / "main").read_text() == sha
    assert (cache / "blobs" / fakehub.repo(APACHE).main.files["README.md"].git_oid).is_file()


def test_lfs_file_comes_from_the_cdn_without_the_token(fakehub: FakeHub, tmp_path: Path) -> None:
    (weights,), _ = client(fakehub, tmp_path, download(APACHE, "model.safetensors"), token=APPROVED)
    blob = fakehub.repo(APACHE).main.files["model.safetensors"]
    assert ok(weights)["text"].encode() == blob.data
    (head, get) = fakehub.requests
    assert (head["server"], head["method"], head["status"], head["auth"]) == ("hub", "HEAD", 302, True)
    assert (get["server"], get["method"], get["status"], get["auth"]) == ("cdn", "GET", 200, False)
    assert (tmp_path / "hub" / "models--acme-ai--open-apache-7b" / "blobs" / blob.sha256).is_file()


def test_resolve_cache_redirect_like_the_real_hub(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.resolve_redirect = True
    (readme,), _ = client(fakehub, tmp_path, download(APACHE))
    assert "Acme Open 7B" in ok(readme)["text"]
    sha = fakehub.repo_sha(APACHE)
    cached = f"/api/resolve-cache/models/{APACHE}/{sha}/README.md"
    assert seen(fakehub) == [("HEAD", f"/{APACHE}/resolve/main/README.md", 307), ("HEAD", cached, 200),
                             ("GET", cached, 200)]


def test_gated_downloads(fakehub: FakeHub, tmp_path: Path) -> None:
    (anon, anon_card), _ = client(fakehub, tmp_path / "a", download(GATED),
                                  {"op": "card", "repo_id_or_path": GATED})
    (other,), _ = client(fakehub, tmp_path / "b", download(GATED), token=OTHER)
    (readme, licence, shard), _ = client(fakehub, tmp_path / "c", download(GATED), download(GATED, "LICENSE"),
                                         download(GATED, "model-00001-of-00002.safetensors"), token=APPROVED)
    assert (anon["error"], anon["status"]) == ("GatedRepoError", 401)
    assert anon_card["error"] == "GatedRepoError"
    assert (other["error"], other["status"]) == ("GatedRepoError", 403)
    assert "not in the authorized list" in other["message"]
    assert "Borealis 8B" in ok(readme)["text"]
    assert "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" in ok(licence)["text"]
    assert ok(shard)["size"] > 0
    log = json.dumps(fakehub.requests)
    assert APPROVED not in log and OTHER not in log
    assert [r["auth"] for r in fakehub.requests if r["server"] == "hub"] == [False, False, True] + [True] * 5


def test_private_and_missing_repos(fakehub: FakeHub, tmp_path: Path) -> None:
    private = "acme-ai/private-preview"
    anon, _ = client(fakehub, tmp_path / "a", info(private), download(private), info("acme-ai/no-such-model"),
                     download("acme-ai/no-such-model"))
    stranger, _ = client(fakehub, tmp_path / "b", info(private), download(private), token=OTHER)
    (owner,), _ = client(fakehub, tmp_path / "c", info(private), token=OWNER)
    for result in [*anon, *stranger]:
        assert result["error"] == "RepositoryNotFoundError", result
    assert [r["status"] for r in anon] == [401, 401, 401, 401]  # anonymous: 401, like the Hub
    assert [r["status"] for r in stranger] == [404, 404]
    assert ok(owner)["private"] is True
    assert OWNER not in json.dumps(fakehub.requests)


def test_bad_revision_and_missing_file(fakehub: FakeHub, tmp_path: Path) -> None:
    results, _ = client(fakehub, tmp_path, info(APACHE, revision="no-such-branch"),
                        download(APACHE, revision="no-such-branch"), download(APACHE, "NOPE.md"))
    rev_info, rev_file, missing = results
    assert (rev_info["error"], rev_info["status"]) == ("RevisionNotFoundError", 404)
    assert (rev_file["error"], rev_file["status"]) == ("RevisionNotFoundError", 404)
    assert (missing["error"], missing["status"]) == ("RemoteEntryNotFoundError", 404)
    # the client remembers the missing file under .no_exist/<commit> thanks to X-Repo-Commit
    no_exist = tmp_path / "hub" / "models--acme-ai--open-apache-7b" / ".no_exist" / fakehub.repo_sha(APACHE)
    assert (no_exist / "NOPE.md").exists()


def test_offline_mode_with_a_warm_cache(fakehub: FakeHub, tmp_path: Path) -> None:
    (warm,), _ = client(fakehub, tmp_path, download(APACHE))
    fakehub.reset_log()
    (cached, meta, uncached), _ = client(fakehub, tmp_path, download(APACHE), info(APACHE),
                                         download(APACHE, "LICENSE"), HF_HUB_OFFLINE="1")
    assert ok(cached)["path"] == ok(warm)["path"]
    assert meta["error"] == "OfflineModeIsEnabled"
    assert uncached["error"] == "LocalEntryNotFoundError"
    assert fakehub.requests == []


def test_pagination_of_tree_and_model_listing(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.tree_page_size = 2
    fakehub.list_page_size = 3
    (files, models), _ = client(fakehub, tmp_path, {"op": "list_files", "repo_id": GATED},
                                {"op": "list_models", "author": "lineage-co"})
    assert ok(files) == sorted(fakehub.repo(GATED).main.files)
    assert len(ok(models)) == 8 and ok(models) == sorted(ok(models))
    tree = [r for r in fakehub.requests if "/tree/" in r["path"]]
    assert len(ok(files)) == 6  # 3 pages of 2, followed through Link headers
    assert [r["query"].get("cursor") for r in tree] == [None, ["2"], ["4"]]
    assert len([r for r in fakehub.requests if r["path"] == "/api/models"]) == 3


# --- faults --------------------------------------------------------------------------------------------

# (repo, "api" = model_info / "resolve" = hf_hub_download) -> (exception class, HTTP status on the exception)
FAULTS: dict[tuple[str, str], tuple[str, int | None]] = {
    ("faultline/error-500", "api"): ("HfHubHTTPError", 500),
    ("faultline/error-500", "resolve"): ("LocalEntryNotFoundError", None),  # after 6 retries (~23 s)
    ("faultline/unavailable-503", "api"): ("HfHubHTTPError", 503),
    ("faultline/rate-limited", "api"): ("HfHubHTTPError", 429),
    ("faultline/rate-limited", "resolve"): ("LocalEntryNotFoundError", None),  # after 5 retries (2 s each)
    ("faultline/bad-token", "api"): ("HfHubHTTPError", 401),
    ("faultline/bad-token", "resolve"): ("HfHubHTTPError", 401),
    ("faultline/forbidden", "api"): ("HfHubHTTPError", 403),
    ("faultline/forbidden", "resolve"): ("LocalEntryNotFoundError", None),
    ("faultline/reset", "api"): ("ReadError", None),
    ("faultline/reset", "resolve"): ("ReadError", None),
    ("faultline/closed", "api"): ("RemoteProtocolError", None),
    ("faultline/closed", "resolve"): ("RemoteProtocolError", None),
    ("faultline/truncated", "api"): ("RemoteProtocolError", None),
    ("faultline/truncated", "resolve"): ("RemoteProtocolError", None),  # after 5 resume attempts (1 s each)
    ("faultline/nonjson", "api"): ("JSONDecodeError", None),
    ("faultline/disabled", "api"): ("DisabledRepoError", 403),
    ("faultline/disabled", "resolve"): ("LocalEntryNotFoundError", None),
}


def test_fault_to_exception_table(fakehub: FakeHub, tmp_path: Path) -> None:
    keys = list(FAULTS)
    ops = [info(repo) if target == "api" else download(repo, fast_sleep=True) for repo, target in keys]
    results, _ = client(fakehub, tmp_path, *ops)
    observed = {key: (r.get("error", "no error"), r.get("status"))
                for key, r in zip(keys, results, strict=True)}
    assert observed == FAULTS
    by_key = dict(zip(keys, results, strict=True))
    assert by_key[("faultline/error-500", "resolve")]["cause"] == "HfHubHTTPError"
    assert by_key[("faultline/forbidden", "resolve")]["cause"] == "HfHubHTTPError"
    assert by_key[("faultline/disabled", "resolve")]["cause"] == "DisabledRepoError"
    assert by_key[("faultline/reset", "api")]["module"] == "httpx2"  # transport errors are not wrapped
    assert by_key[("faultline/nonjson", "api")]["module"] == "json.decoder"
    for key, result in by_key.items():
        assert result["seconds"] < 1.5, (key, result)  # nothing waited: model_info never retries


def test_model_info_does_not_retry_and_shows_the_rate_limit(fakehub: FakeHub, tmp_path: Path) -> None:
    (err500, err429), sleeps = client(fakehub, tmp_path, info("faultline/error-500"),
                                      info("faultline/rate-limited", fast_sleep=True))
    assert sleeps == []
    assert err500["status"] == 500 and "Internal Error" in err500["message"]
    assert err429["status"] == 429 and err429["retry_after"] == "1"
    assert "Retry after 1 seconds" in err429["message"]
    assert [r["status"] for r in fakehub.requests] == [500, 429]


def test_download_back_off_on_5xx_and_429(fakehub: FakeHub, tmp_path: Path) -> None:
    (err500,), sleeps500 = client(fakehub, tmp_path / "a",
                                  download("faultline/error-500", fast_sleep=True))
    (err429,), sleeps429 = client(fakehub, tmp_path / "b",
                                  download("faultline/rate-limited", fast_sleep=True))
    assert err500["error"] == err429["error"] == "LocalEntryNotFoundError"
    assert sleeps500 == [1, 2, 4, 8, 8]  # HEAD, then a second HEAD with 5 retries: ≈23 s in real time
    assert sleeps429 == [2, 2, 2, 2, 2]  # RateLimit t=1 (+1 s)
    assert [r["method"] for r in fakehub.requests] == ["HEAD"] * 14


def test_transient_download_faults_are_retried_silently(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.set_fault("faultline/truncated", {"kind": "truncated", "times": 1})
    (flaky, truncated), sleeps = client(fakehub, tmp_path, download("faultline/flaky-502"),
                                        download("faultline/truncated", fast_sleep=True))
    assert "Faultline flaky-502" in ok(flaky)["text"]
    assert ok(truncated)["text"] == (HUB_ROOT / "models/faultline/truncated/README.md").read_text("utf-8")
    assert sleeps == [1]  # one resume attempt after the cut
    assert [r["status"] for r in fakehub.requests_for("flaky-502")] == [502, 200, 200]


def test_cached_file_is_returned_when_the_hub_fails(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = "faultline/error-500"
    fakehub.set_fault(repo, None)
    (warm,), _ = client(fakehub, tmp_path, download(repo))
    fakehub.reset_faults()
    (cached, meta), sleeps = client(fakehub, tmp_path, download(repo, fast_sleep=True), info(repo))
    assert ok(cached)["path"] == ok(warm)["path"] and sleeps == []
    assert meta["status"] == 500


def test_html_instead_of_the_hub(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.set_fault("faultline/nonjson", {"kind": "nonjson", "on": "all"})
    (meta, file), _ = client(fakehub, tmp_path, info("faultline/nonjson"), download("faultline/nonjson"))
    assert meta["error"] == "JSONDecodeError"
    assert file["error"] == "LocalEntryNotFoundError" and file["cause"] == "FileMetadataError"
    assert "does not seem to be served by a Hugging Face Hub endpoint" in file["message"]


def test_timeouts(fakehub: FakeHub, tmp_path: Path) -> None:
    slow = "faultline/slow"
    fakehub.set_fault(slow, [{"kind": "timeout", "delay": 3, "on": "api"},
                             {"kind": "timeout", "delay": 2, "on": "resolve", "method": "HEAD"}])
    (meta, file), _ = client(fakehub, tmp_path, info(slow, timeout=1), download(slow),
                             HF_HUB_ETAG_TIMEOUT="1")
    assert meta["error"] == "ReadTimeout" and meta["module"] == "httpx2"
    assert 0.9 < meta["seconds"] < 2
    # The HEAD times out after HF_HUB_ETAG_TIMEOUT; the client retries it at once with a 60 s timeout, which
    # the slow server meets: HF_HUB_ETAG_TIMEOUT does not bound a download.
    assert "Faultline slow" in ok(file)["text"]
    assert 2.9 < file["seconds"] < 5
    heads = [r for r in fakehub.requests_for("/resolve/") if r["method"] == "HEAD"]
    assert len(heads) == 2


# --- the server itself ---------------------------------------------------------------------------------


def test_wire_format(fakehub: FakeHub) -> None:
    status, _, body = http(fakehub, f"/api/models/{APACHE}?expand[]=cardData&expand[]=gated")
    assert status == 200 and set(json.loads(body)) == {"_id", "id", "cardData", "gated"}
    status, _, body = http(fakehub, f"/api/models/{APACHE}?blobs=true")
    siblings = {s["rfilename"]: s for s in json.loads(body)["siblings"]}
    assert siblings["model.safetensors"]["lfs"]["size"] == siblings["model.safetensors"]["size"]
    assert "lfs" not in siblings["README.md"] and len(siblings["README.md"]["blobId"]) == 40
    status, headers, body = http(fakehub, f"/api/models/{APACHE}?expand=nope")
    assert status == 400 and "error" in json.loads(body)
    for path, status_code, code in [
        ("/api/models/acme-ai/nope", 401, "RepoNotFound"),
        (f"/api/models/{APACHE}/revision/nope", 404, "RevisionNotFound"),
        (f"/{APACHE}/resolve/main/_hub.json", 404, "EntryNotFound"),
        (f"/{GATED}/resolve/main/README.md", 401, "GatedRepo"),
    ]:
        status, headers, body = http(fakehub, path)
        assert (status, headers.get("X-Error-Code")) == (status_code, code), path
        assert json.loads(body)["error"]
    status, headers, body = http(fakehub, f"/{APACHE}/resolve/main/README.md",
                                 headers={"Range": "bytes=4-10"})
    assert status == 206 and body == (HUB_ROOT / "models" / APACHE / "README.md").read_bytes()[4:11]
    assert headers["X-Repo-Commit"] == fakehub.repo_sha(APACHE) and headers["ETag"].startswith('"')
    assert http(fakehub, "/api/agent-harnesses")[2] == b'{"standardEnvVars": [], "harnesses": {}}'


def test_fixture_repos_load() -> None:
    hub = FakeHub()
    faults = {r.settings["fault"].get("kind") or r.settings["fault"]["status"]
              for (_, rid), r in hub.repos.items() if rid.startswith("faultline/")}
    assert faults == {500, 502, 503, 429, 401, 403, "timeout", "reset", "close", "truncated", "nonjson",
                      "disabled"}
    for (_, repo_id), repo in hub.repos.items():
        for snap in repo.snapshots.values():
            readme = snap.files.get("README.md")
            if readme is not None and readme.data.startswith(b"---"):
                assert snap.card is not None, f"{repo_id}: front matter is not valid YAML"
            assert "_hub.json" not in snap.files
    assert "license" not in (hub.repo("acme-ai/no-license-1b").main.card or {"license": "?"})


def test_concurrent_requests_with_latency() -> None:
    with FakeHub(latency=0.3) as hub:
        statuses: list[int] = []

        def get() -> None:
            statuses.append(http(hub, f"/api/models/{APACHE}")[0])

        threads = [threading.Thread(target=get) for _ in range(10)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    assert statuses == [200] * 10
    assert 0.3 <= elapsed < 1.5  # answered in parallel, not one after the other (3 s)


def test_standalone_server() -> None:
    script = Path(__file__).with_name("fakehub.py")
    proc = subprocess.Popen([sys.executable, str(script), "--port", "0", "--latency", "0.05"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("FAKEHUB_URL=http://127.0.0.1:")
        url = line.split("=", 1)[1]
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        start = time.perf_counter()
        with opener.open(f"{url}/api/models/{APACHE}", timeout=5) as resp:
            assert json.loads(resp.read())["id"] == APACHE
        assert time.perf_counter() - start >= 0.05
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("token", [None, APPROVED])
def test_env_isolates_the_client(fakehub: FakeHub, tmp_path: Path, token: str | None,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_inherited_secret")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    env = fakehub.env(tmp_path, token)
    assert env.get("HF_TOKEN") == token and "HF_HUB_OFFLINE" not in env
    assert env["HF_ENDPOINT"] == fakehub.url and env["HF_HOME"] == str(tmp_path)
