"""Hub targets through the real huggingface_hub client against a fake Hub on 127.0.0.1.

openlint runs as a subprocess (the client reads its environment at import), with a fresh HF_HOME and
openlint cache per test unless a test is about the cache.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import run_openlint
from fakehub import FakeHub, fakehub

__all__ = ["fakehub"]

TOKEN = "hf_test_approved"


def lint(hub: FakeHub, tmp: Path, *targets: str, token: str | None = None, extra: tuple[str, ...] = (),
         **env: str) -> tuple[int, dict[str, Any], str]:
    environment = hub.env(tmp / "hf", token=token, OPENLINT_CACHE_DIR=str(tmp / "openlint-cache"), **env)
    proc = run_openlint("check", "--format", "json", "--timeout", "3", *extra, *targets, env=environment)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def result(doc: dict[str, Any], target: str) -> dict[str, Any]:
    return next(r for r in doc["results"] if r["target"] == target)


def codes(res: dict[str, Any]) -> list[str]:
    return [d["code"] for d in res["diagnostics"]]


def test_ungated_repo_is_linted_like_a_local_release(fakehub: FakeHub, tmp_path: Path) -> None:
    code, doc, _ = lint(fakehub, tmp_path, "acme-ai/open-apache-7b")
    assert code == 1
    res = result(doc, "acme-ai/open-apache-7b")
    assert res["source"] == "hub" and res["error"] is None
    sha = fakehub.repo_sha("acme-ai/open-apache-7b")
    assert res["revision"] == sha and res["url"].endswith(f"/acme-ai/open-apache-7b/blob/{sha}/README.md")
    assert res["license"]["declared"] == ["apache-2.0"] and res["license"]["open"]
    assert "OW002" in codes(res)
    d = next(d for d in res["diagnostics"] if d["code"] == "OW002")
    assert d["path"] == "README.md" and d["line"] > 1 and d["column"] >= 1
    assert res["openness"]["osaid"]["parameters"]  # weights seen in the repo's file list


def test_text_output_names_the_repo(fakehub: FakeHub, tmp_path: Path) -> None:
    env = fakehub.env(tmp_path / "hf", OPENLINT_CACHE_DIR=str(tmp_path / "c"))
    proc = run_openlint("check", "acme-ai/open-apache-7b", env=env)
    assert proc.returncode == 1
    assert "hf://acme-ai/open-apache-7b/README.md:" in proc.stdout


def test_gated_repo_without_token_lints_metadata_and_says_what_was_skipped(fakehub: FakeHub, tmp_path: Path) -> None:
    code, doc, _ = lint(fakehub, tmp_path, "borealis-labs/gated-llama-8b")
    res = result(doc, "borealis-labs/gated-llama-8b")
    assert res["error"] is None and code in (0, 1)
    assert res["license"]["declared"] == ["llama3.1"] and res["license"]["family"] == "vendor"
    assert res["openness"]["gated"]
    assert "HUB001" in codes(res)
    assert any("HF_TOKEN" in n for n in res["notes"])
    # The gated files were asked for, refused, and never downloaded.
    gets = [r for r in fakehub.requests_for("/resolve/") if r["method"] == "GET"]
    assert not any(r["status"] == 200 for r in gets if "borealis-labs" in r["path"])


def test_gated_repo_with_an_approved_token_reads_the_card(fakehub: FakeHub, tmp_path: Path) -> None:
    _code, doc, stderr = lint(fakehub, tmp_path, "borealis-labs/gated-llama-8b", token=TOKEN)
    res = result(doc, "borealis-labs/gated-llama-8b")
    assert "HUB001" not in codes(res)
    assert res["license"]["files"], "LICENSE read with the token"
    assert TOKEN not in json.dumps(doc) and TOKEN not in stderr
    assert all(TOKEN not in json.dumps(r) for r in fakehub.requests)


def test_token_never_written_to_openlint_cache(fakehub: FakeHub, tmp_path: Path) -> None:
    lint(fakehub, tmp_path, "borealis-labs/gated-llama-8b", "acme-ai/open-apache-7b", token=TOKEN)
    for f in (tmp_path / "openlint-cache").rglob("*"):
        if f.is_file():
            assert TOKEN not in f.read_text(encoding="utf-8", errors="replace")


def test_list_and_other_licences(fakehub: FakeHub, tmp_path: Path) -> None:
    _, doc, _ = lint(fakehub, tmp_path, "acme-ai/dual-license-3b", "quill-research/custom-license-1b")
    dual = result(doc, "acme-ai/dual-license-3b")
    assert sorted(dual["license"]["declared"]) == ["apache-2.0", "cc-by-4.0"] and dual["license"]["open"]
    custom = result(doc, "quill-research/custom-license-1b")
    assert custom["license"]["declared"] == ["other"] and custom["license"]["license_name"]


def test_lineage_chain_to_the_root_and_each_repo_fetched_once(fakehub: FakeHub, tmp_path: Path) -> None:
    _, doc, _ = lint(fakehub, tmp_path, "lineage-co/tuned-chat-8b", "lineage-co/merged-8b")
    res = result(doc, "lineage-co/tuned-chat-8b")
    chain = [(b["id"], b["depth"]) for b in res["lineage"]["base_models"]]
    assert chain == [("lineage-co/llama-base-8b", 1), ("lineage-co/pretrain-root-8b", 2)]
    assert "LIN001" in codes(res)  # apache-2.0 on a llama3.1 base
    assert "OW007" in codes(res)  # "open-source" on a derivative of a restrictive base
    assert "LIN002" in codes(res) and "LIN003" in codes(res)  # Llama naming and attribution duties
    lin001 = next(d for d in res["diagnostics"] if d["code"] == "LIN001")
    assert "lineage-co/llama-base-8b" in lin001["message"] and lin001["line"] == 2
    infos = [r for r in fakehub.requests if r["path"].startswith("/api/models/lineage-co/llama-base-8b")]
    assert len(infos) == 1, "a base shared by two targets is fetched once per run"


def test_lineage_cycle_terminates(fakehub: FakeHub, tmp_path: Path) -> None:
    _code, doc, _ = lint(fakehub, tmp_path, "lineage-co/cycle-a")
    res = result(doc, "lineage-co/cycle-a")
    assert res["error"] is None
    assert [b["id"] for b in res["lineage"]["base_models"]] == ["lineage-co/cycle-b"]


def test_missing_base_model_is_reported_not_fatal(fakehub: FakeHub, tmp_path: Path) -> None:
    _, doc, _ = lint(fakehub, tmp_path, "lineage-co/orphan-tune")
    res = result(doc, "lineage-co/orphan-tune")
    assert res["error"] is None and "LIN005" in codes(res)


def test_dataset_licences(fakehub: FakeHub, tmp_path: Path) -> None:
    _, doc, _ = lint(fakehub, tmp_path, "datatrail/nc-data-tune-1b")
    res = result(doc, "datatrail/nc-data-tune-1b")
    assert "LIN004" in codes(res)
    msg = next(d["message"] for d in res["diagnostics"] if d["code"] == "LIN004")
    assert "datatrail/nc-corpus" in msg and "Non Commercial" in msg and "datatrail/missing-corpus" in msg


def test_revision_pins_the_card(fakehub: FakeHub, tmp_path: Path) -> None:
    _, doc, _ = lint(fakehub, tmp_path, "acme-ai/versioned-2b@v1.0", "acme-ai/versioned-2b")
    old, new = result(doc, "acme-ai/versioned-2b@v1.0"), result(doc, "acme-ai/versioned-2b")
    assert old["license"]["declared"] == ["cc-by-nc-4.0"] and new["license"]["declared"] == ["apache-2.0"]
    assert old["revision"] != new["revision"]


@pytest.mark.parametrize(
    ("target", "kind", "words"),
    [
        ("acme-ai/does-not-exist", "not-found", "HF_TOKEN"),
        ("acme-ai/private-preview", "not-found", "private"),
        ("acme-ai/open-apache-7b@no-such-branch", "revision-not-found", "no-such-branch"),
        ("faultline/bad-token", "unauthorized", "token"),
        ("faultline/forbidden", "forbidden", "permission"),
        ("faultline/rate-limited", "rate-limited", "--jobs"),
        ("faultline/error-500", "server-error", "try again"),
        ("faultline/unavailable-503", "server-error", "503"),
        ("faultline/slow", "timeout", "--timeout"),
        ("faultline/reset", "connection", "try again"),
        ("faultline/closed", "connection", "try again"),
        ("faultline/truncated", "connection", "try again"),
        ("faultline/nonjson", "bad-response", "proxy"),
        ("faultline/disabled", "disabled", "disabled"),
    ],
)
def test_each_failure_is_that_targets_error_and_others_are_still_linted(
        fakehub: FakeHub, tmp_path: Path, target: str, kind: str, words: str) -> None:
    code, doc, stderr = lint(fakehub, tmp_path, target, "acme-ai/open-apache-7b", "fixtures/honest")
    assert code == 2
    bad = result(doc, target)
    assert bad["error"]["kind"] == kind, bad["error"]
    assert words in bad["error"]["message"] and "\n" not in bad["error"]["message"]
    assert "Traceback" not in stderr
    assert result(doc, "acme-ai/open-apache-7b")["error"] is None
    assert result(doc, "fixtures/honest")["error"] is None
    assert [r["target"] for r in doc["results"]] == [target, "acme-ai/open-apache-7b", "fixtures/honest"]


def test_429_is_retried_after_retry_after(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.set_fault("acme-ai/open-apache-7b", {"status": 429, "retry_after": 1, "times": 1, "on": "api"})
    start = time.monotonic()
    _code, doc, _ = lint(fakehub, tmp_path, "acme-ai/open-apache-7b")
    assert result(doc, "acme-ai/open-apache-7b")["error"] is None
    assert time.monotonic() - start >= 1.0, "waited as Retry-After said"
    assert fakehub.fault_count("acme-ai/open-apache-7b") == 1


def test_transient_5xx_is_retried(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.set_fault("acme-ai/open-apache-7b", {"status": 503, "times": 1, "on": "api"})
    _, doc, _ = lint(fakehub, tmp_path, "acme-ai/open-apache-7b")
    assert result(doc, "acme-ai/open-apache-7b")["error"] is None


def test_from_file_and_stdin(fakehub: FakeHub, tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_text("# repos to check\nacme-ai/open-apache-7b\n\nacme-ai/dual-license-3b  # two licences\n",
                       encoding="utf-8")
    _, doc, _ = lint(fakehub, tmp_path, extra=("--from-file", str(listing)))
    assert [r["target"] for r in doc["results"]] == ["acme-ai/open-apache-7b", "acme-ai/dual-license-3b"]
    env = fakehub.env(tmp_path / "hf", OPENLINT_CACHE_DIR=str(tmp_path / "c2"))
    proc = run_openlint("check", "--format", "json", "--from-file", "-", env=env, stdin="acme-ai/dual-license-3b\n")
    assert [r["target"] for r in json.loads(proc.stdout)["results"]] == ["acme-ai/dual-license-3b"]


def test_rerun_downloads_nothing_again(fakehub: FakeHub, tmp_path: Path) -> None:
    targets = ("acme-ai/open-apache-7b", "lineage-co/tuned-chat-8b", "datatrail/nc-data-tune-1b")
    _, first, _ = lint(fakehub, tmp_path, *targets)
    assert [r for r in fakehub.requests if r["method"] == "GET" and "/resolve/" in r["path"]]
    fakehub.reset_log()
    _, second, _ = lint(fakehub, tmp_path, *targets)
    assert fakehub.requests == [], "a re-run against unchanged revisions asks the Hub nothing"
    assert [r["diagnostics"] for r in first["results"]] == [r["diagnostics"] for r in second["results"]]
    fakehub.reset_log()
    lint(fakehub, tmp_path, *targets, extra=("--refresh",))
    assert not [r for r in fakehub.requests if r["method"] == "GET" and "/resolve/" in r["path"]], \
        "--refresh asks for metadata again, but files at an unchanged commit come from the cache"


def test_offline_mode_uses_the_cache_and_names_what_is_missing(fakehub: FakeHub, tmp_path: Path) -> None:
    _, online, _ = lint(fakehub, tmp_path, "acme-ai/open-apache-7b")
    fakehub.reset_log()
    code, doc, _ = lint(fakehub, tmp_path, "acme-ai/open-apache-7b", "acme-ai/dual-license-3b", HF_HUB_OFFLINE="1")
    assert fakehub.requests == []
    assert result(doc, "acme-ai/open-apache-7b")["diagnostics"] == online["results"][0]["diagnostics"]
    missing = result(doc, "acme-ai/dual-license-3b")
    assert missing["error"]["kind"] == "offline" and "HF_HUB_OFFLINE" in missing["error"]["message"]
    assert code == 2


def test_local_linting_never_imports_huggingface_hub(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys; from openlint.cli import main; sys.argv=['openlint','check','fixtures/honest'];\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('HUB' if 'huggingface_hub' in sys.modules else 'NOHUB')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip().endswith("NOHUB"), out.stdout + out.stderr


def test_neither_path_nor_repo_id(tmp_path: Path) -> None:
    proc = run_openlint("check", "not a repo", "fixtures/honest")
    assert proc.returncode == 2
    assert "neither an existing file or folder nor a Hub repo id" in proc.stderr
