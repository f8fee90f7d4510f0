"""Configuration, as ruff does it: `[tool.openlint]` in pyproject.toml, or `.openlint.toml` / `openlint.toml`.

The closest configuration file above a target applies to it (files are not merged; a pyproject.toml
without [tool.openlint] is skipped); `--config FILE` applies one file to every target. A configuration
that cannot be used is an error naming the file, the key and what is wrong (exit 2).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from typing import Any

from openlint.diagnostics import SEVERITIES

CONFIG_NAMES = (".openlint.toml", "openlint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
_KEYS = ("select", "ignore", "extend-select", "severity", "per-path-ignores", "rules", "fail-on", "policy",
         "repo-ids")
_POLICY_KEYS = ("allow", "deny", "message")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass
class Policy:
    """An organisation's licence policy: licence ids or families that are allowed / denied."""

    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def active(self) -> bool:
        return bool(self.allow or self.deny)


@dataclass
class Config:
    path: str | None = None  # the file it came from (None: defaults)
    root: str = "."  # the folder paths in the file are relative to
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)  # extra rule files/folders, absolute
    fail_on: str | None = None
    policy: Policy = field(default_factory=Policy)
    repo_ids: list[str] = field(default_factory=list)

    def key(self) -> str:
        return self.path or "<defaults>"


def find_config(start: str, memo: dict[str, str | None] | None = None) -> str | None:
    """The closest configuration file in start's folder or above it.

    `memo` (folder -> answer) lets a run over many targets in one tree look at each folder once."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    walked: list[str] = []
    found: str | None = None
    while True:
        if memo is not None and folder in memo:
            found = memo[folder]
            break
        walked.append(folder)
        names = _names_in(folder)
        hit = next((os.path.join(folder, n) for n in CONFIG_NAMES if n in names and (
            n != "pyproject.toml" or _has_tool_section(os.path.join(folder, n)))), None)
        if hit is not None:
            found = hit
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    if memo is not None:
        for f in walked:
            memo[f] = found
    return found


def _names_in(folder: str) -> set[str]:
    try:
        return {n for n in os.listdir(folder) if n in CONFIG_NAMES}
    except OSError:
        return set()


def _has_tool_section(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return False
    return b"[tool.openlint" in raw


def load_config(path: str) -> Config:
    import tomllib  # only when a configuration exists: start-up matters for pre-commit

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("openlint")
        if table is None:
            raise ConfigError(f"{path}: no [tool.openlint] table")
        prefix = "tool.openlint."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.openlint] must be a table")
    return _parse(path, table, prefix)


def _close(word: str, choices: tuple[str, ...]) -> str:
    import difflib

    match = difflib.get_close_matches(word, choices, 1)
    return f" (did you mean {match[0]}?)" if match else f" (known keys: {', '.join(choices)})"


def _strings(path: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of strings")
    return [v.strip() for v in value]


def _parse(path: str, table: dict[str, Any], prefix: str) -> Config:
    root = os.path.dirname(os.path.abspath(path))
    cfg = Config(path=path, root=root)
    for key, value in table.items():
        name = prefix + key
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key `{name}`{_close(key, _KEYS)}")
        if key == "select":
            cfg.select = _strings(path, name, value)
        elif key == "ignore":
            cfg.ignore = _strings(path, name, value)
        elif key == "extend-select":
            cfg.extend_select = _strings(path, name, value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: `{name}` must be a table of CODE = \"error|warning|info\"")
            for code, level in value.items():
                if level not in SEVERITIES:
                    raise ConfigError(f"{path}: `{name}.{code}` must be one of {', '.join(SEVERITIES)}, "
                                      f"not {level!r}")
                cfg.severity[str(code)] = str(level)
        elif key == "per-path-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: `{name}` must be a table of \"glob\" = [codes]")
            for glob, codes in value.items():
                cfg.per_path_ignores[str(glob)] = _strings(path, f"{name}.{glob}", codes)
        elif key == "rules":
            cfg.rules = [os.path.normpath(os.path.join(root, p)) for p in _strings(path, name, value)]
            for p in cfg.rules:
                if not os.path.exists(p):
                    raise ConfigError(f"{path}: `{name}`: {p} does not exist")
        elif key == "fail-on":
            if value not in FAIL_ON:
                raise ConfigError(f"{path}: `{name}` must be one of {', '.join(FAIL_ON)}, not {value!r}")
            cfg.fail_on = value
        elif key == "policy":
            cfg.policy = _policy(path, name, value)
        elif key == "repo-ids":
            cfg.repo_ids = _strings(path, name, value)
    return cfg


def _policy(path: str, name: str, value: Any) -> Policy:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `{name}` must be a table with `allow` and/or `deny` lists")
    for key in value:
        if key not in _POLICY_KEYS:
            raise ConfigError(f"{path}: unknown key `{name}.{key}`{_close(key, _POLICY_KEYS)}")
    policy = Policy(allow=_strings(path, f"{name}.allow", value.get("allow", [])),
                    deny=_strings(path, f"{name}.deny", value.get("deny", [])))
    message = value.get("message", "")
    if not isinstance(message, str):
        raise ConfigError(f"{path}: `{name}.message` must be a string")
    policy.message = message
    from openlint import licences
    from openlint.release import FAMILIES

    for entry in [*policy.allow, *policy.deny]:
        if entry not in FAMILIES and licences.lookup(entry) is None:
            raise ConfigError(f"{path}: `{name}`: {entry!r} is neither a licence id openlint knows nor a "
                              f"licence family ({', '.join(FAMILIES)})")
    return policy


# -- applying a configuration to rules ----------------------------------------------------------------


def _matches(selector: str, code: str, name: str) -> bool:
    """A selector is ALL, a full code, a code prefix (OW, LIC00) or a rule name."""
    sel = selector.strip()
    return sel.upper() == "ALL" or code.startswith(sel.upper()) or sel.lower() == name


def check_selectors(cfg: Config, rules: list[Any]) -> None:
    """Every selector must match a rule: a typo must not silently disable nothing."""
    for key, selectors in (("select", cfg.select or []), ("ignore", cfg.ignore),
                           ("extend-select", cfg.extend_select), ("severity", list(cfg.severity)),
                           *((f"per-path-ignores.{g}", c) for g, c in cfg.per_path_ignores.items())):
        for sel in selectors:
            if not any(_matches(sel, r.code, r.name) for r in rules):
                raise ConfigError(f"{cfg.key()}: `{key}`: {sel!r} matches no rule (see `openlint rules`)")


def apply_rules(cfg: Config, rules: list[Any]) -> list[Any]:
    """The rules a configuration enables, with its severities."""
    chosen = []
    for r in rules:
        selected = any(_matches(s, r.code, r.name) for s in cfg.select) if cfg.select is not None else True
        selected = selected or any(_matches(s, r.code, r.name) for s in cfg.extend_select)
        if not selected or any(_matches(s, r.code, r.name) for s in cfg.ignore):
            continue
        # The most specific selector wins: a full code beats a prefix.
        levels = sorted(((len(s), lvl) for s, lvl in cfg.severity.items() if _matches(s, r.code, r.name)),
                        reverse=True)
        chosen.append(r.with_severity(levels[0][1]) if levels else r)
    return chosen


def path_ignored(cfg: Config, display_path: str, code: str, name: str) -> bool:
    """Whether per-path-ignores silences this code for this file (globs relative to the config's folder)."""
    if not cfg.per_path_ignores:
        return False
    absolute = os.path.abspath(display_path)
    rel = os.path.relpath(absolute, cfg.root).replace(os.sep, "/")
    for glob, codes in cfg.per_path_ignores.items():
        if (fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(os.path.basename(rel), glob)) and any(
                _matches(c, code, name) for c in codes):
            return True
    return False
