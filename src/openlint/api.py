"""The one entry point every front end uses: lint targets with rules, get one Result per target.

A target that is an existing path is a local release; otherwise a Hub repo id ("org/name",
"org/name@revision" or a huggingface.co URL) is a Hub release; anything else is an error for that target
alone. Hub targets are linted concurrently (they wait on the network), each within a deadline, and the
results come back in the order of the targets.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openlint.analyse import analyse
from openlint.diagnostics import Result
from openlint.engine import Rule, evaluate
from openlint.release import Release
from openlint.sources.common import SourceError
from openlint.sources.local import load_local

# Hub requests wait on latency, not CPU; 32 at once stays far below the Hub's rate limits (500 API calls
# per 5 minutes anonymously: one per repo, plus its base models and datasets, each fetched once per run).
DEFAULT_JOBS = 32
DEFAULT_DEADLINE = 120.0  # seconds per Hub target, retries included


@dataclass
class Options:
    jobs: int = DEFAULT_JOBS
    timeout: float = 20.0  # per Hub request
    deadline: float = DEFAULT_DEADLINE
    refresh: bool = False  # ask the Hub again even when its answer is cached
    lineage: bool = True  # follow base_model and datasets on the Hub (Hub targets)
    progress: Callable[[int, int, str], None] | None = None  # (done, total, target)


def classify(target: str) -> tuple[str, tuple[str, str | None] | None]:
    """("local", None), ("hub", (repo_id, revision)) or ("invalid", None)."""
    if os.path.exists(target) or _looks_like_path(target):
        return "local", None
    from openlint.sources.hub import parse_repo_target

    parsed = parse_repo_target(target)
    if parsed is not None:
        return "hub", parsed
    return "invalid", None


def _looks_like_path(target: str) -> bool:
    """Written as a path, so never a repo id: ./x, ../x, /x, ~/x, x\\y, a/b/c, a card file name."""
    if "://" in target:
        return False
    return (target.startswith((".", "/", "~")) or "\\" in target or target.count("/") > 1
            or target.lower().endswith((".md", ".markdown")) or target.endswith("/"))


def _error(target: str, source: str, kind: str, message: str) -> Result:
    return Result(target, source, error={"kind": kind, "message": message})


def _finish(release: Release, rules: Sequence[Rule]) -> Result:
    facts = analyse(release)
    result = Result(release.target, release.source, facts=facts, diagnostics=evaluate(rules, facts))
    if release.source == "hub":
        result.display_prefix = f"hf://{release.root}/"
    if release.card_note:
        result.notes.append(release.card_note)
    result.notes.extend(release.skipped)
    return result


def _guarded(target: str, source: str, work: Callable[[], Result]) -> Result:
    try:
        return work()
    except SourceError as exc:
        return _error(target, source, exc.kind, exc.message)
    except Exception as exc:  # one bad target never stops the others
        if os.environ.get("OPENLINT_DEBUG"):
            raise
        return _error(target, source, "internal",
                      f"{target}: openlint failed on this target ({type(exc).__name__}: {exc}); please report it")


def lint_one(target: str, rules: Sequence[Rule]) -> Result:
    """Lint one local target (no network)."""
    return _guarded(target, "local", lambda: _finish(load_local(target), rules))


def lint(targets: Sequence[str], rules: Sequence[Rule], options: Options | None = None) -> list[Result]:
    """One Result per target, in the order given; a target that fails never stops the others."""
    opts = options or Options()
    kinds = [classify(t) for t in targets]
    results: list[Result | None] = [None] * len(targets)
    hub_jobs: list[tuple[int, str, str, str | None]] = []
    for i, (target, (kind, parsed)) in enumerate(zip(targets, kinds, strict=True)):
        if kind == "local":
            results[i] = _guarded(target, "local", lambda t=target: _finish(load_local(t), rules))  # type: ignore[misc]
        elif kind == "hub":
            assert parsed is not None
            hub_jobs.append((i, target, parsed[0], parsed[1]))
        else:
            results[i] = _error(target, "local", "invalid-target",
                                f"{target}: neither an existing file or folder nor a Hub repo id "
                                "(write org/name or org/name@revision)")
    if hub_jobs:
        for i, result in _lint_hub(hub_jobs, rules, opts, len(targets)):
            results[i] = result
    return [r for r in results if r is not None]


def _lint_hub(jobs: list[tuple[int, str, str, str | None]], rules: Sequence[Rule], opts: Options,
              total: int) -> list[tuple[int, Result]]:
    from openlint.sources.hub import HubClient, load_hub

    try:
        client = HubClient(timeout=opts.timeout, refresh=opts.refresh)
    except Exception as exc:
        return [(i, _error(t, "hub", "hub-client", f"{t}: cannot start the Hub client ({type(exc).__name__})"))
                for i, t, _, _ in jobs]

    def work(target: str, repo: str, revision: str | None) -> Result:
        def run() -> Result:
            release = load_hub(target, repo, revision, client)
            if opts.lineage:
                from openlint.lineage import resolve_lineage

                resolve_lineage(release, client)
            return _finish(release, rules)

        return _guarded(target, "hub", run)

    # Repos whose answers are all cached need no network: lint them here, without threads.
    inline = [job for job in jobs if client.answered(job[2], job[3])]
    out: list[tuple[int, Result]] = []
    for n, (i, target, repo, rev) in enumerate(inline, 1):
        out.append((i, work(target, repo, rev)))
        if opts.progress:
            opts.progress(n, total, target)
    rest = [job for job in jobs if job not in inline]
    out.extend(_run_with_deadlines(rest, work, opts, total, done_before=len(inline)))
    return sorted(out, key=lambda pair: pair[0])


def _run_with_deadlines(jobs: list[tuple[int, str, str, str | None]],
                        work: Callable[[str, str, str | None], Result], opts: Options,
                        total: int, done_before: int = 0) -> list[tuple[int, Result]]:
    """Run jobs on daemon threads, at most opts.jobs at once, each within opts.deadline.

    Daemon threads, not a ThreadPoolExecutor: a Hub call stuck past its deadline (the client retries
    some failures for minutes) is abandoned, and the process can still exit when the others are done.
    """
    done: queue.Queue[tuple[int, Result]] = queue.Queue()
    slots = threading.Semaphore(max(1, opts.jobs))
    started: dict[int, float] = {}
    freed: set[int] = set()
    pending = {i: (t, repo, rev) for i, t, repo, rev in jobs}
    out: dict[int, Result] = {}
    lock = threading.Lock()
    finished = done_before

    def free(i: int) -> None:
        # A slot is given back once: by the job, or by the deadline when the job is abandoned.
        with lock:
            if i in freed:
                return
            freed.add(i)
        slots.release()

    def runner(i: int, target: str, repo: str, revision: str | None) -> None:
        try:
            done.put((i, work(target, repo, revision)))
        finally:
            free(i)

    def launcher() -> None:
        import time

        for i, target, repo, rev in jobs:
            slots.acquire()
            with lock:
                started[i] = time.monotonic()
            threading.Thread(target=runner, args=(i, target, repo, rev), daemon=True,
                             name=f"openlint-hub-{i}").start()

    import time

    threading.Thread(target=launcher, daemon=True, name="openlint-launcher").start()
    while len(out) < len(jobs):
        try:
            i, result = done.get(timeout=0.5)
        except queue.Empty:
            now = time.monotonic()
            with lock:
                late = [i for i, at in started.items() if i not in out and now - at > opts.deadline]
            for i in late:
                target = pending[i][0]
                out[i] = _error(target, "hub", "timeout",
                                f"{target}: no answer from the Hub within {opts.deadline:.0f} s "
                                "(slow or stuck server); try again later, or raise --timeout")
                free(i)  # its thread is abandoned; let another target start
                finished += 1
                if opts.progress:
                    opts.progress(finished, total, target)
            continue
        if i in out:
            continue  # it came back after its deadline was reported
        out[i] = result
        finished += 1
        if opts.progress:
            opts.progress(finished, total, result.target)
    return sorted(out.items())

