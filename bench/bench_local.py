"""Benchmark: local linting speed (not a test; run it by hand and record the figures in README.md).

(a) one `openlint check` of a single card as a whole process, against a bare
    `python -c "import click, yaml"` in the same run (budget: at most 2x);
(b) cards linted per second over a large set made by copying the corpus cards many times
    (budget: at least 500 cards per second per core; one process = one core); measured on the card files
    alone (as the budget says) and, for a harder figure, on whole release folders.

Usage: python bench/bench_local.py [--corpus ../shared/corpus] [--copies 20] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def openlint_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("openlint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "openlint"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def startup(card: Path, runs: int) -> tuple[float, float]:
    bare = [sys.executable, "-c", "import click, yaml"]
    lint = [*openlint_cmd(), "check", str(card)]
    timed(bare), timed(lint)  # warm the OS file cache
    bare_t, lint_t = [], []
    for _ in range(runs):  # interleaved, so machine noise hits both alike
        bare_t.append(timed(bare))
        lint_t.append(timed(lint))
    return statistics.median(bare_t), statistics.median(lint_t)


CARD_NAMES = ("README.md", "MODEL_CARD.md", "model_card.md")


def make_set(corpus: Path, copies: int, into: Path, cards_only: bool) -> list[Path]:
    """copies x every corpus release: whole folders (card + licence files + the rest), or the card alone."""
    releases = [d for d in sorted(corpus.iterdir()) if d.is_dir()]
    targets = []
    for i in range(copies):
        for d in releases:
            dest = into / f"{i:03d}" / d.name
            if cards_only:
                card = next(d / n for n in CARD_NAMES if (d / n).is_file())
                dest.mkdir(parents=True)
                shutil.copy(card, dest / card.name)
            else:
                shutil.copytree(d, dest)
            targets.append(dest)
    return targets


def throughput(targets: list[Path], fmt: str, env: dict[str, str]) -> tuple[int, float]:
    cmd = [*openlint_cmd(), "check", "--format", fmt, *map(str, targets)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"openlint failed with exit code {proc.returncode}")
    return len(targets), elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--card", type=Path, default=ROOT / "fixtures" / "openwashed" / "README.md")
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    bare, lint = startup(args.card, args.runs)
    ratio = lint / bare
    print(f"(a) single card, whole process (median of {args.runs}):")
    print(f"    python -c 'import click, yaml': {bare * 1000:7.1f} ms")
    print(f"    openlint check {args.card.name}: {lint * 1000:7.1f} ms  -> {ratio:.2f}x (budget <= 2x)")

    if not args.corpus.is_dir():
        print(f"(b) skipped: no corpus at {args.corpus}")
        return
    rates = {}
    for cards_only in (True, False):
        what = "card files" if cards_only else "whole release folders (card, licence files, other files)"
        with tempfile.TemporaryDirectory() as tmp:
            targets = make_set(args.corpus, args.copies, Path(tmp) / "set", cards_only)
            print(f"(b) {len(targets)} {what}: {args.copies} copies of {len(targets) // args.copies} corpus "
                  "releases, one process (one core), a fresh cache each run:")
            for fmt in ("text", "json"):
                env = {**os.environ, "OPENLINT_CACHE_DIR": str(Path(tmp) / f"cache-{fmt}")}
                n, elapsed = throughput(targets, fmt, env)
                rates[(cards_only, fmt)] = n / elapsed
                print(f"    --format {fmt}: {elapsed:.2f} s -> {rates[(cards_only, fmt)]:.0f} cards/s per core "
                      "(budget >= 500)")
    # The budget is on `openlint check` as run by default (text output) over card files; the JSON
    # figures are printed too: JSON output builds the full openness profile of every card.
    ok = ratio <= 2.0 and rates[(True, "text")] >= 500
    if rates[(True, "json")] < 500:
        print(f"note: with --format json the rate is {rates[(True, 'json')]:.0f} cards/s, below 500")
    print("within budget" if ok else "OVER BUDGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
