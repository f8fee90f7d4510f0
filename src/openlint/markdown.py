"""Just enough Markdown structure for a linter: code fences, headings, and a prose mask.

The mask keeps every character offset (non-prose is overwritten with spaces, newlines are kept), so a
match found in the masked text maps straight back to a line and column of the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Fences may be indented by any amount: inside list items they routinely are (4+ spaces), and an indented
# block is code either way. A backtick fence's info string cannot contain a backtick (CommonMark), which
# keeps a one-line ```code``` span at the start of a line from opening a fence that runs to the end.
# Fence lines are found by a literal scan and then checked: anchored (^) or case-insensitive patterns
# make the regex engine try every position, which is what costs time on a 90 KB card.
_FENCE_MARKERS = ("```", "~~~")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_SETEXT_TEXT = ("|", "-", "*", ">")


@dataclass
class Heading:
    level: int
    title: str
    start: int  # offset of the heading line
    end: int  # offset just after the heading line (excluding the newline)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def _fence_run_at(text: str, pos: int, char: str) -> int:
    """End of the run of `char` starting at pos."""
    end = pos
    while end < len(text) and text[end] == char:
        end += 1
    return end


def _fence_lines(text: str) -> list[tuple[int, int, str]]:
    """(line start, line end, marker run) of every line that is only indentation + a fence run + a tail."""
    found: list[tuple[int, int, str]] = []
    for marker in _FENCE_MARKERS:
        k = text.find(marker)
        while k >= 0:
            run_end = _fence_run_at(text, k, marker[0])
            line_start, line_end = _line_bounds(text, k)
            if not text[line_start:k].strip(" \t"):
                found.append((line_start, line_end, text[k:run_end]))
            k = text.find(marker, run_end)
    found.sort()
    return found


def _is_opening(text: str, line: tuple[int, int, str]) -> bool:
    start, end, run = line
    tail = text[text.index(run, start) + len(run) : end]
    return not (run[0] == "`" and "`" in tail)


def _is_closing(text: str, line: tuple[int, int, str], marker: str) -> bool:
    start, end, run = line
    tail = text[text.index(run, start) + len(run) : end]
    return run[0] == marker[0] and len(run) >= len(marker) and not tail.strip(" \t\r")


def fenced_code_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks, fences included. An unclosed fence runs to the end."""
    ranges: list[tuple[int, int]] = []
    lines = _fence_lines(text)
    i = 0
    while i < len(lines):
        if not _is_opening(text, lines[i]):
            i += 1
            continue
        marker = lines[i][2]
        j = next((j for j in range(i + 1, len(lines)) if _is_closing(text, lines[j], marker)), None)
        if j is None:
            ranges.append((lines[i][0], len(text)))
            return ranges
        ranges.append((lines[i][0], lines[j][1]))
        i = j + 1
    return ranges


def _range_at(pos: int, ranges: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The range (sorted by start, not overlapping) that holds pos, if any: a binary search."""
    i = bisect.bisect_right(ranges, (pos, _BIG)) - 1
    return ranges[i] if i >= 0 and ranges[i][0] <= pos < ranges[i][1] else None


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether pos falls in one of the ranges (sorted by start, not overlapping): a binary search."""
    i = bisect.bisect_right(ranges, (pos, _BIG)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


_BIG = 1 << 62


def headings(text: str, fences: list[tuple[int, int]] | None = None) -> list[Heading]:
    """ATX (`## Title`) and setext (`Title` over `===`) headings outside code fences.

    Candidate lines are found by literal scans ("#", and "=" / "-" at a line start), so a long card
    costs a few C-level searches rather than a Python step per line.
    """
    if fences is None:
        fences = fenced_code_ranges(text)
    found: list[Heading] = []
    for lead in _ATX_LEADS:
        pos = text.find(lead)
        while pos != -1:
            start = pos + 1 if lead[0] == "\n" else pos
            fence = _range_at(start, fences)
            if fence is not None:  # code blocks are full of "# comments": skip the block
                pos = text.find(lead, fence[1] - 1)
                continue
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            m = _ATX.match(text[start:end])
            if m:
                found.append(Heading(len(m.group(1)), (m.group(2) or "").strip(), start, end))
            pos = text.find(lead, end)
    if text.startswith(("#", " #", "  #", "   #")) and not in_ranges(0, fences):
        end = text.find("\n")
        end = len(text) if end == -1 else end
        m = _ATX.match(text[:end])
        if m:
            found.append(Heading(len(m.group(1)), (m.group(2) or "").strip(), 0, end))
    for u in _SETEXT_UNDERLINE.finditer(text):
        start = u.start() + 1
        heading = _setext(text, start, u.end(), fences)
        if heading is not None:
            found.append(heading)
    found.sort(key=lambda h: h.start)
    return found


# An ATX heading starts a line with up to three spaces, then "#".
_ATX_LEADS = tuple(f"\n{' ' * n}#" for n in range(4))
# A setext underline: a line of "=" or "-" (up to three spaces before). The leading literal newline lets
# the regex engine skip ahead; list items ("- x") fail on their third character.
_SETEXT_UNDERLINE = re.compile(r"\n {0,3}(?:=+|-+)[ \t]*(?=\n|\Z)")


def _setext(text: str, start: int, end: int, fences: list[tuple[int, int]]) -> Heading | None:
    """The heading a setext underline at text[start:end] makes of the line above it, if any."""
    s = _SETEXT.match(text[start:end])  # (pattern.match(text, pos) would not let ^ match at pos)
    if s is None or in_ranges(start, fences):
        return None
    prev_end = start - 1
    prev_start = text.rfind("\n", 0, prev_end) + 1
    prev = text[prev_start:prev_end]
    # The underline turns the previous paragraph line into a heading, but not a table row, a list item,
    # a blank line, a heading or another underline.
    if not prev.strip() or prev.lstrip().startswith(_NOT_SETEXT_TEXT) or in_ranges(prev_start, fences):
        return None
    if _ATX.match(prev) or _SETEXT.match(prev):
        return None
    level = 1 if s.group(1)[0] == "=" else 2
    return Heading(level, prev.strip(), prev_start, prev_end)


# Non-prose constructs. Fences, then HTML comments, then inline code are blanked in that order because
# each hides delimiters from the next (a backtick inside a comment must not open a code span); the
# remaining patterns only ever match inside or beside one another, so their ranges are merged and
# applied in one pass. Every stage keeps offsets. Patterns start with a literal where possible so the
# regex engine can skip ahead (a leading lookbehind or \b makes it try every position).
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# Possessive quantifiers: no backtracking into a destination that turns out to be unclosed.
_LINK_DEST = re.compile(r"\](\((?:[^()\s]++|\([^()\s]*+\))*+(?:\s+\"[^\"\n]*\")?\))")  # group 1 is blanked
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_URL_BODY = re.compile(r"[^\s<>()\[\]\"'`]+")
_URL_SCHEMES = ("https", "http", "ftp")
_SCHEME_SEP = re.compile("://")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>", re.I)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+\.[\w.-]*\w")
_EMAIL_LOCAL = re.compile(r"[\w.+-]")


def blanked(segment: str) -> str:
    """Spaces of the same length, newlines kept (so line/column arithmetic still works)."""
    if "\n" not in segment:
        return " " * len(segment)
    # map() keeps the per-line work in C: blanked stretches of a card run to thousands of lines.
    return "\n".join(map(" ".__mul__, map(len, segment.split("\n"))))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _apply(text: str, ranges: list[tuple[int, int]]) -> str:
    """Blank the given ranges, rebuilding the string once by slicing."""
    if not ranges:
        return text
    parts: list[str] = []
    pos = 0
    for a, b in _merge(ranges):
        parts.append(text[pos:a])
        parts.append(blanked(text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _backtick_runs(text: str) -> list[tuple[int, int]]:
    # str.find + a short walk: the regex `+ gets no literal-prefix speed-up and costs ~0.5 ms per 80 KB.
    runs: list[tuple[int, int]] = []
    k = text.find("`")
    while k >= 0:
        end = _fence_run_at(text, k, "`")
        runs.append((k, end))
        k = text.find("`", end)
    return runs


def _code_span_ranges(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a backtick run closed by the next run of the same length in the same paragraph.

    Runs are maximal (CommonMark), so "``x`" is no span; a span cannot cross a blank line, which also keeps
    a stray backtick from scanning to the end of a 90 KB card.
    """
    runs = _backtick_runs(text)
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        b = bisect.bisect_left(breaks, end)
        paragraph_end = breaks[b] if b < len(breaks) else len(text)
        j = i + 1
        while j < len(runs) and runs[j][0] < paragraph_end and runs[j][1] - runs[j][0] != end - start:
            j += 1
        if j < len(runs) and runs[j][0] < paragraph_end:
            ranges.append((start, runs[j][1]))
            i = j + 1
        else:
            i += 1
    return ranges


def _url_ranges(text: str) -> list[tuple[int, int]]:
    """Bare URLs (scheme:// or www.), found by literal search; a URL must not start inside a word."""
    starts = [k for www in ("www.", "WWW.") for k in _find_all(text, www)]
    for m in _SCHEME_SEP.finditer(text):
        scheme = _scheme_before(text, m.start())
        if scheme:
            starts.append(m.start() - len(scheme))
    ranges: list[tuple[int, int]] = []
    for start in sorted(starts):
        if ranges and start < ranges[-1][1]:
            continue  # www. inside an http:// URL already taken
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        body = _URL_BODY.match(text, start)
        if body:
            ranges.append(body.span())
    return ranges


def _find_all(text: str, needle: str) -> list[int]:
    found: list[int] = []
    k = text.find(needle)
    while k >= 0:
        found.append(k)
        k = text.find(needle, k + len(needle))
    return found


def _scheme_before(text: str, sep: int) -> str:
    for scheme in _URL_SCHEMES:
        if text.endswith(scheme, 0, sep) or text[max(0, sep - len(scheme)) : sep].lower() == scheme:
            return scheme
    return ""


def _ref_def_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    k = text.find("]:")
    while k >= 0:
        line_start, line_end = _line_bounds(text, k)
        m = _REF_DEF.match(text, line_start)
        if m and (not ranges or ranges[-1] != m.span()):
            ranges.append(m.span())
        k = text.find("]:", max(k + 2, line_end))
    return ranges


def _email_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    at = text.find("@")
    while at >= 0:
        domain = _EMAIL_DOMAIN.match(text, at)
        start = at
        # 64 = the longest local part RFC 5321 allows; the bound keeps this linear on hostile input.
        while start > max(0, at - 64) and _EMAIL_LOCAL.match(text, start - 1):
            start -= 1
        while start < at and not (text[start].isalnum() or text[start] == "_"):
            start += 1  # the local part must begin at a word boundary
        if domain and start < at:
            ranges.append((start, domain.end()))
        at = text.find("@", at + 1)
    return ranges


def _spans(pattern: re.Pattern[str], text: str, group: int = 0) -> list[tuple[int, int]]:
    return [m.span(group) for m in pattern.finditer(text)]


def mask_non_prose(text: str, fences: list[tuple[int, int]] | None = None) -> str:
    """The text with code, HTML, URLs and link targets overwritten by spaces (same length)."""
    masked = _apply(text, list(fences if fences is not None else fenced_code_ranges(text)))
    if "<!--" in masked:
        masked = _apply(masked, _spans(_HTML_COMMENT, masked))
    if "`" in masked:
        masked = _apply(masked, _code_span_ranges(masked))
    ranges: list[tuple[int, int]] = []
    if "](" in masked:
        ranges += _spans(_IMAGE, masked) + _spans(_LINK_DEST, masked, 1)
    if "]:" in masked:
        ranges += _ref_def_ranges(masked)
    if "<" in masked:
        ranges += _spans(_AUTOLINK, masked) + _spans(_HTML_TAG, masked)
    ranges += _url_ranges(masked)
    if "@" in masked:
        ranges += _email_ranges(masked)
    return _apply(masked, ranges)


# Both start with a literal so the regex engine can skip ahead (a leading lookbehind or re.I would make it
# try every position); an image's "![" is told apart from a link's "[" in Python.
_LINK = re.compile(r"\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_BARE_URL = re.compile(r"http(?:s)?://[^\s<>()\[\]\"'`]+")


@dataclass
class Link:
    text: str  # link text ("" for a bare URL)
    url: str
    start: int
    end: int


def links(text: str, fences: list[tuple[int, int]] | None = None) -> list[Link]:
    """Markdown links and bare URLs outside code fences (URLs in code are usage, not pointers)."""
    if fences is None:
        fences = fenced_code_ranges(text)
    found: list[Link] = []
    taken: list[tuple[int, int]] = []
    for m in _LINK.finditer(text):
        if (m.start() > 0 and text[m.start() - 1] == "!") or in_ranges(m.start(), fences):
            continue
        found.append(Link(m.group(1).strip(), m.group(2).rstrip(".,;"), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    taken.sort()
    for m in _BARE_URL.finditer(text):
        if in_ranges(m.start(), fences) or in_ranges(m.start(), taken):
            continue
        found.append(Link("", m.group(0).rstrip(".,;:"), m.start(), m.end()))
    found.sort(key=lambda link: link.start)
    return found
