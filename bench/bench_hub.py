"""Benchmark: linting many Hub repos (not a test; run it by hand and record the figures in README.md).

Starts the fake Hub (tests/fakehub.py) on 127.0.0.1 with 50 ms added to every request, serving 100
generated model repos, and measures in one run:

  baseline  a plain sequential loop: HfApi().model_info(repo) + hf_hub_download(repo, "README.md")
  cold      openlint check on the 100 ids (fresh HF and openlint caches)
  warm      the same command again (unchanged revisions)

Budgets (issue 3): cold at least 8x faster than the baseline; warm at most 20 % of cold.
Usage: python bench/bench_hub.py [--repos 100] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "hub"

BASELINE = """
import sys
from huggingface_hub import HfApi, hf_hub_download
api = HfApi()
for repo in sys.argv[1:]:
    api.model_info(repo, timeout=20)
    hf_hub_download(repo, "README.md")
"""

# Generated repos are copies of these fixtures (an Apache release, a Llama derivative, a dual licence).
TEMPLATES = ["acme-ai/open-apache-7b", "lineage-co/tuned-chat-8b", "acme-ai/dual-license-3b"]


def make_hub(root: Path, n: int) -> list[str]:
    shutil.copytree(FIXTURES, root)
    ids = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)]
        repo = f"bench-org/model-{i:03d}"
        shutil.copytree(FIXTURES / "models" / template, root / "models" / repo)
        ids.append(repo)
    return ids


def start_hub(root: Path, latency: float) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fakehub.py"), "--latency", str(latency),
                             "--root", str(root)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FAKEHUB_URL="):
            return proc, line.split("=", 1)[1].strip()
    raise SystemExit("the fake Hub did not start")


def env_for(url: str, home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_", "OPENLINT_"))}
    env.update({"HF_ENDPOINT": url, "HF_HOME": str(home), "HF_HUB_DISABLE_TELEMETRY": "1",
                "HF_HUB_DISABLE_PROGRESS_BARS": "1", "HF_HUB_DISABLE_XET": "1", "NO_PROXY": "127.0.0.1,localhost",
                "OPENLINT_CACHE_DIR": str(cache)})
    return env


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", type=int, default=100)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs to openlint (default: its own)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        ids = make_hub(tmp / "hub", args.repos)
        (tmp / "ids.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")
        hub, url = start_hub(tmp / "hub", args.latency)
        try:
            base = timed([sys.executable, "-c", BASELINE, *ids], env_for(url, tmp / "hf-base", tmp / "c-base"))
            exe = Path(sys.executable).with_name("openlint")
            cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "openlint"]),
                   "check", "--format", "json", "--from-file", str(tmp / "ids.txt"),
                   *(["--jobs", str(args.jobs)] if args.jobs else [])]
            env = env_for(url, tmp / "hf", tmp / "openlint-cache")
            cold = timed(cmd, env)
            warm = timed(cmd, env)
        finally:
            hub.terminate()
    print(f"{args.repos} repos, {args.latency * 1000:.0f} ms per request:")
    print(f"  sequential model_info + hf_hub_download loop: {base:6.2f} s")
    print(f"  openlint check, cold:                         {cold:6.2f} s  -> {base / cold:4.1f}x faster "
          "(budget >= 8x)")
    print(f"  openlint check, warm re-run:                  {warm:6.2f} s  -> {100 * warm / cold:4.1f} % of cold "
          "(budget <= 20 %)")
    ok = base / cold >= 8 and warm / cold <= 0.2
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
