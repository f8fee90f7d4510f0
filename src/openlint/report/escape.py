"""Card text is hostile: make it inert before it reaches a terminal."""

from __future__ import annotations

import re

# C0 controls except tab, DEL, C1 controls, and Unicode bidi overrides that can reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """Show control characters as visible escapes (ESC becomes \\x1b) so no escape sequence runs."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", text)


# ---------------------------------------------------------------------------------------------------------
# CI outputs (GitHub workflow commands, job-summary Markdown, SARIF, JUnit XML). The text is read by a
# program before a person sees it, so it is made inert in two steps: `inert()` turns every character that
# could break a line or hide from a reader into something visible, then each format escapes what is
# special to it.

# Everything a reader of a line could take for a line break: CR, LF, VT, FF, FS, GS, RS, NEL, LS, PS
# (Python's str.splitlines() splits on all of them), plus tab (shown as a space).
_BREAKS = re.compile("\r\n|[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Characters that run, hide or reorder text: C0 and C1 controls (ESC starts ANSI escape sequences), DEL,
# bidi embeddings/overrides/isolates/marks, zero-width and invisible format characters, BOM, interlinear
# annotation marks, the noncharacters U+FFFE/U+FFFF, lone surrogates (not encodable as UTF-8), and the
# Unicode tag characters (invisible "ASCII smuggling"). Each is shown as a \xNN / \uNNNN / \UNNNNNNNN escape.
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]"
)


def _visible(m: re.Match[str]) -> str:
    n = ord(m.group(0))
    if n < 0x100:
        return f"\\x{n:02x}"
    if n < 0x10000:
        return f"\\u{n:04x}"
    return f"\\U{n:08x}"


def inert(text: str, limit: int | None = None) -> str:
    """One line of plain text that no CI program or reader can mistake for more than text.

    Line breaks and tabs become spaces; controls (so ANSI escape sequences), bidi and zero-width characters,
    lone surrogates and other invisible characters become visible escapes (ESC shows as ``\\x1b``). The
    result has no character that XML 1.0 forbids and none that `str.splitlines()` splits on. With `limit`,
    text longer than `limit` characters is cut and ends in "…".
    """
    out = _HIDDEN.sub(_visible, _BREAKS.sub(" ", text))
    if limit is not None and len(out) > limit:
        out = out[: max(0, limit - 1)] + "…"
    return out


# -- GitHub Actions workflow commands (actions/toolkit packages/core/src/command.ts) ----------------------

def workflow_data(text: str) -> str:
    """Escape the message part of a workflow command exactly as actions/toolkit `escapeData` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """Escape a property value of a workflow command exactly as actions/toolkit `escapeProperty` does."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_text(text: str, limit: int | None = None) -> str:
    """Card text for a GitHub Actions log: `inert()`, and the legacy ``##[command]`` prefix broken.

    The runner (actions/runner ActionCommand.TryParse) still recognises ``##[name]data`` *anywhere* in a
    line that is not a ``::`` command, for every registered command including ``stop-commands``; ``##\\[``
    is not recognised.
    """
    return inert(text, limit).replace("##[", "##\\[")


def workflow_log_line(line: str) -> str:
    """A plain (non-command) log line that the runner cannot take for a workflow command.

    The runner trims leading white space and treats a line starting with ``::`` as a command, so such a line
    gets a "> " prefix; ``##[`` is broken anywhere (see `workflow_text`).
    """
    line = workflow_text(line)
    if line.lstrip().startswith("::"):
        line = "> " + line
    return line


# -- GitHub-flavoured Markdown ------------------------------------------------------------------------------

# "&<>" become entities. "@" and "#" get a zero-width space (as an entity, so the Markdown source shows it)
# after them: cmark-gfm links e-mail addresses (and mailto:/xmpp:) even when every character is escaped,
# and GitHub links @mentions and #references after rendering (Renovate writes "@&#8203;" for this).
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "@&#8203;", "#": "\\#&#8203;"}
# Every ASCII punctuation character may be backslash-escaped in CommonMark/GFM and then renders as itself.
_MD_PUNCT = "!\"$%'()*+,-./:;=?[\\]^_`{|}~"
_MD_TABLE = {ord(ch): "\\" + ch for ch in _MD_PUNCT} | {ord(ch): rep for ch, rep in _MD_ENTITIES.items()}


def markdown_text(text: str, limit: int | None = None) -> str:
    """Card text as inline GitHub-flavoured Markdown that renders as that text and nothing else.

    `inert()` first (so it stays on one line: newlines become spaces), then ``&``, ``<``, ``>`` become
    entities (no HTML tag, comment or entity can form), ``@`` and ``#`` are followed by ``&#8203;`` (no
    e-mail autolink, @mention or #reference) and every other ASCII punctuation character is
    backslash-escaped: no emphasis, code span, link, image, autolink (``https\\://``, ``www\\.``), table
    cell separator (``\\|``) or footnote can form. Safe inside table cells and link text.
    """
    return inert(text, limit).translate(_MD_TABLE)


def markdown_url(url: str) -> str | None:
    """An http(s) URL fit for a Markdown link destination inside a table cell, or None.

    Only http and https (no ``javascript:`` or ``data:``); characters that could end the destination or the
    cell (space, parentheses, ``<`` ``>``, ``|``, quotes, backslash, backtick, controls) are percent-encoded.
    """
    from urllib.parse import quote

    if not url.lower().startswith(("https://", "http://")):
        return None
    return quote(url, safe=":/?#@!$&*+,;=%-._~", errors="replace")


# -- XML ----------------------------------------------------------------------------------------------------

def xml_text(text: str, limit: int | None = None) -> str:
    """Card text for XML 1.0 character data or attributes (ElementTree does the ``<&"`` escaping).

    `inert()` removes every character XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE,
    U+FFFF) by showing it as a visible escape.
    """
    return inert(text, limit)


# -- Paths --------------------------------------------------------------------------------------------------

def repo_relative(path: str, root: str | None) -> tuple[str, bool]:
    """(`path` with forward slashes relative to `root`, whether it lies inside `root`).

    With a `root`, the path is resolved against the current directory and made relative to `root`; a path
    outside `root` comes back absolute, with False. With `root` None, a relative path is taken as relative
    to the repository already and only normalised (backslashes become slashes, "./" segments go; True
    unless it climbs out with ".."); an absolute path comes back unchanged, with False.
    """
    import os
    import posixpath

    p = path.replace("\\", "/")
    if root is None:
        if os.path.isabs(path) or p.startswith("/"):
            return p, False
        norm = posixpath.normpath(p)
        return norm, not (norm == ".." or norm.startswith("../"))
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return absolute.replace("\\", "/"), False
    rel = rel.replace("\\", "/")
    if rel == ".." or rel.startswith("../"):
        return absolute.replace("\\", "/"), False
    return rel, True
