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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openlint.analyse import analyse
from openlint.config import Config, apply_rules, check_selectors, find_config, load_config, path_ignored
from openlint.diagnostics import Result
from openlint.engine import Rule, evaluate, load_rules
from openlint.facts import span_dict
from openlint.policy import policy_facts
from openlint.release import Release
from openlint.sources.common import SourceError
from openlint.sources.local import load_local

# Hub requests wait on latency, not CPU; 32 at once stays far below the Hub's rate limits (500 API calls
# per 5 minutes anonymously: one per repo, plus its base models and datasets, each fetched once per run).
DEFAULT_JOBS = 32
DEFAULT_DEADLINE = 120.0  # seconds per Hub target, retries included


@dataclass
class Options:
    config: str | None = None  # --config FILE: one configuration for every target (else found upward)
    fail_on: str | None = None  # --fail-on (else the configuration's, else "warning")
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


class Session:
    """What a run shares across targets: configurations and the rules each one enables."""

    def __init__(self, base_rules: Sequence[Rule], options: Options) -> None:
        self.base_rules = list(base_rules)
        self.options = options
        self._configs: dict[str, Config] = {}
        self._found: dict[str, str | None] = {}  # folder -> closest configuration file
        self._rules: dict[str, tuple[list[Rule], list[Rule]]] = {}
        self._lock = threading.Lock()

    def config_for(self, target: str, local: bool) -> Config:
        """The configuration for a target: --config, else the closest file above it (cwd for Hub ids)."""
        with self._lock:
            path = self.options.config or find_config(target if local else os.getcwd(), self._found)
        if path is None:
            return Config()
        with self._lock:
            if path not in self._configs:
                self._configs[path] = load_config(path)
            return self._configs[path]

    def rules_for(self, cfg: Config) -> tuple[list[Rule], list[Rule]]:
        """(rules to run on the facts, rules about suppressions), as the configuration selects them."""
        with self._lock:
            if cfg.key() not in self._rules:
                every = self.base_rules + (load_rules(cfg.rules, builtin=False) if cfg.rules else [])
                check_selectors(cfg, every)
                chosen = apply_rules(cfg, every)
                self._rules[cfg.key()] = ([r for r in chosen if r.for_each != "suppressions"],
                                          [r for r in chosen if r.for_each == "suppressions"])
            return self._rules[cfg.key()]

    def every_rule(self) -> list[Rule]:
        seen: dict[str, Rule] = {r.code: r for r in self.base_rules}
        for chosen, after in self._rules.values():
            for r in [*chosen, *after]:
                seen.setdefault(r.code, r)
        return sorted(seen.values(), key=lambda r: r.code)

    def finish(self, release: Release) -> Result:
        cfg = self.config_for(release.target, release.source == "local")
        rules, after = self.rules_for(cfg)
        facts = analyse(release)
        if cfg.policy.active:
            facts["policy"] = policy_facts(cfg.policy, facts["licence"])
        diagnostics = evaluate(rules, facts)
        if release.source == "local" and cfg.per_path_ignores:
            diagnostics = [d for d in diagnostics if not path_ignored(cfg, d.span.path, d.code, d.name)]
        if release.card is not None and "openlint" in release.card.text:
            from openlint import suppress  # only cards that mention openlint can hold suppressions

            found = suppress.parse(release.card)
            diagnostics = suppress.apply(diagnostics, found, release.card.path)
            facts["suppressions"] = [
                {"kind": s.kind, "codes": (" " + ", ".join(s.codes)) if s.codes else "", "reason": s.reason,
                 "used": s.used, "text": s.text, "span": span_dict(s.span)} for s in found]
            if after and found:
                diagnostics = sorted([*diagnostics, *evaluate(after, facts)], key=lambda d: d.sort_key())
        result = _result(release, facts, diagnostics)
        result.fail_on = self.options.fail_on or cfg.fail_on or "warning"
        return result


def _result(release: Release, facts: Any, diagnostics: list[Any]) -> Result:
    result = Result(release.target, release.source, facts=facts, diagnostics=diagnostics)
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


def lint(targets: Sequence[str], rules: Sequence[Rule], options: Options | None = None) -> list[Result]:
    """One Result per target, in the order given; a target that fails never stops the others."""
    return run(targets, rules, options)[0]


def run(targets: Sequence[str], rules: Sequence[Rule],
        options: Options | None = None) -> tuple[list[Result], list[Rule]]:
    """lint(), plus every rule that ran (the given ones and those configurations added), for reporters."""
    opts = options or Options()
    session = Session(rules, opts)
    kinds = [classify(t) for t in targets]
    # Every configuration is read (and every rule file checked) before any target: a bad one stops the run.
    for target, (kind, _) in zip(targets, kinds, strict=True):
        if kind != "invalid":
            session.rules_for(session.config_for(target, kind == "local"))
    results: list[Result | None] = [None] * len(targets)
    hub_jobs: list[tuple[int, str, str, str | None]] = []
    for i, (target, (kind, parsed)) in enumerate(zip(targets, kinds, strict=True)):
        if kind == "local":
            results[i] = _guarded(target, "local", lambda t=target: session.finish(load_local(t)))  # type: ignore[misc]
        elif kind == "hub":
            assert parsed is not None
            hub_jobs.append((i, target, parsed[0], parsed[1]))
        else:
            results[i] = _error(target, "local", "invalid-target",
                                f"{target}: neither an existing file or folder nor a Hub repo id "
                                "(write org/name or org/name@revision)")
    if hub_jobs:
        for i, result in _lint_hub(hub_jobs, session, opts, len(targets)):
            results[i] = result
    return [r for r in results if r is not None], session.every_rule()


def _lint_hub(jobs: list[tuple[int, str, str, str | None]], session: Session, opts: Options,
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
            return session.finish(release)

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
        for i, target, repo, rev in jobs:
            slots.acquire()
            with lock:
                started[i] = time.monotonic()
            threading.Thread(target=runner, args=(i, target, repo, rev), daemon=True,
                             name=f"openlint-hub-{i}").start()

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

