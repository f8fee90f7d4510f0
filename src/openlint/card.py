"""Parse a model card: YAML front matter and Markdown body, keeping exact file positions.

Positions are 1-based lines and columns of the file as the user sees it (columns count characters,
a BOM is not a character of line 1, CRLF counts as one line end).
"""

from __future__ import annotations

import re

import yaml

from openlint import markdown
from openlint.release import Card, Section, Span
from openlint.textpos import LineIndex

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
PLACEHOLDER = re.compile(r"\[More Information Needed\]", re.IGNORECASE)


def normalise(text: str) -> str:
    """Drop a BOM and turn CRLF / CR line ends into LF (positions stay those of the visible text)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_card(text: str, path: str) -> Card:
    text = normalise(text)
    card = Card(path=path, text=text)
    body_offset = 0
    if _OPEN.match(text):
        card.has_front_matter = True
        card.front_matter_span = Span(path, 1, 1, 1, 4)
        close = _find_close(text)
        if close is None:
            card.front_matter_error = "the front matter opened by '---' on line 1 is never closed by a '---' line"
            card.front_matter_error_span = card.front_matter_span
        else:
            yaml_start, yaml_end, body_offset = close
            _parse_front_matter(card, text[yaml_start:yaml_end])
    card.body = text[body_offset:]
    card.body_line = text.count("\n", 0, body_offset) + 1
    card.body_index = LineIndex(card.body, path, card.body_line)
    card.fences = markdown.fenced_code_ranges(card.body)
    heads = markdown.headings(card.body, card.fences)
    for i, h in enumerate(heads):
        end = len(card.body)
        for later in heads[i + 1 :]:
            if later.level <= h.level:
                end = later.start
                break
        card.sections.append(Section(h.title, h.level, card.span_of_body(h.start, h.end), h.end, end))
    return card


def _find_close(text: str) -> tuple[int, int, int] | None:
    """(yaml start, yaml end, body start) offsets for a card whose first line is '---'."""
    first_end = text.index("\n") + 1
    m = _CLOSE.search(text, first_end)
    if m is None:
        return None
    body = m.end() + 1 if m.end() < len(text) else m.end()
    return first_end, m.start(), body


def _parse_front_matter(card: Card, source: str) -> None:
    if not source.strip():
        return
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = (mark.line + 2) if mark is not None else 2
        col = (mark.column + 1) if mark is not None else 1
        card.front_matter_error = f"the front matter is not valid YAML: {problem}"
        card.front_matter_error_span = Span(card.path, line, col)
        return
    finally:
        loader.dispose()
    if data is None:
        return
    if not isinstance(data, dict):
        card.front_matter_error = f"the front matter is a YAML {type(data).__name__}, not a mapping of keys"
        card.front_matter_error_span = Span(card.path, 2, 1)
        return
    card.front_matter = {str(k): v for k, v in data.items()}
    assert node is not None  # data came from it
    _record_spans(card, node, ())
    card.front_matter_comments = _comments(source, first_line=2)


def _mark_span(path: str, node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(path, s.line + 2, s.column + 1, e.line + 2, e.column + 1)


def _record_spans(card: Card, node: yaml.Node, prefix: tuple[str | int, ...]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key: str | int = str(key_node.value)
            here = (*prefix, key)
            card.key_spans[here] = _mark_span(card.path, key_node)
            if isinstance(value_node, yaml.ScalarNode):
                card.value_spans[here] = _mark_span(card.path, value_node)
            else:
                _record_spans(card, value_node, here)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = (*prefix, i)
            card.key_spans[here] = _mark_span(card.path, item)
            if isinstance(item, yaml.ScalarNode):
                card.value_spans[here] = _mark_span(card.path, item)
            else:
                _record_spans(card, item, here)


def _comments(source: str, first_line: int) -> dict[int, str]:
    """Comments on front-matter lines, by file line. Quotes are tracked so '#' inside strings is kept."""
    found: dict[int, str] = {}
    for n, line in enumerate(source.split("\n")):
        if "#" not in line:
            continue
        quote: str | None = None
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"" and (i == 0 or line[i - 1] in " :[{,-"):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                found[n + first_line] = line[i + 1 :].strip()
                break
    return found
