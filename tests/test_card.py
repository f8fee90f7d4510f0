"""Card parsing: front matter, body, exact positions, and bad input that must not crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openlint.card import parse_card


def test_front_matter_and_positions() -> None:
    text = "---\nlicense: apache-2.0\ntags:\n  - open-source\n---\n# Title\n\nWe are open source.\n"
    card = parse_card(text, "README.md")
    assert card.front_matter == {"license": "apache-2.0", "tags": ["open-source"]}
    assert card.span_of_value("license") == card.value_spans[("license",)]
    span = card.value_spans[("license",)]
    assert (span.line, span.column, span.end_column) == (2, 10, 20)
    tag = card.value_spans[("tags", 0)]
    assert (tag.line, tag.column) == (4, 5)
    start = card.body.index("open source")
    where = card.span_of_body(start, start + len("open source"))
    assert (where.line, where.column, where.end_line, where.end_column) == (8, 8, 8, 19)
    assert [s.title for s in card.sections] == ["Title"]


def test_crlf_and_bom_keep_visible_positions() -> None:
    text = "\ufeff---\r\nlicense: mit\r\n---\r\nline one\r\nan open model here\r\n"
    card = parse_card(text, "README.md")
    assert card.front_matter["license"] == "mit"
    span = card.value_spans[("license",)]
    assert (span.line, span.column) == (2, 10)
    i = card.body.index("open model")
    assert card.span_of_body(i, i + 10).line == 5
    assert card.span_of_body(i, i + 10).column == 4


def test_columns_count_characters_not_bytes() -> None:
    card = parse_card("---\nname: \"模型\"\nlicense: mit\n---\n中文 open source\n", "README.md")
    assert card.value_spans[("license",)].column == 10
    i = card.body.index("open")
    assert card.span_of_body(i, i + 4).column == 4


def test_missing_and_empty_front_matter() -> None:
    none = parse_card("# Just markdown\n", "README.md")
    assert not none.has_front_matter and none.front_matter == {} and none.front_matter_error is None
    empty = parse_card("---\n---\nbody\n", "README.md")
    assert empty.has_front_matter and empty.front_matter == {} and empty.body_line == 3


def test_invalid_yaml_is_an_error_with_a_position() -> None:
    card = parse_card("---\nlicense: apache-2.0\ntags: [a, b\n---\nbody\n", "README.md")
    assert card.front_matter_error is not None and "not valid YAML" in card.front_matter_error
    assert card.front_matter_error_span is not None and card.front_matter_error_span.line >= 3


def test_unclosed_and_non_mapping_front_matter() -> None:
    unclosed = parse_card("---\nlicense: mit\nno closing line\n", "README.md")
    assert unclosed.front_matter_error is not None and "never closed" in unclosed.front_matter_error
    listed = parse_card("---\n- a\n- b\n---\n", "README.md")
    assert listed.front_matter_error is not None and "not a mapping" in listed.front_matter_error


def test_comments_are_collected_for_suppressions() -> None:
    card = parse_card("---\nlicense: mit  # openlint: ignore[LIC004]\nname: 'a # b'\n---\n", "README.md")
    assert card.front_matter_comments == {2: "openlint: ignore[LIC004]"}


def test_headings_inside_code_fences_are_not_sections() -> None:
    card = parse_card("# Real\n\n```python\n# not a heading\n```\n\nSetext\n------\n", "README.md")
    assert [s.title for s in card.sections] == ["Real", "Setext"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"-\n\r:#[]{}ab \t'\"\ufeff`~", "---\n", "```", "license: ", "\n---"]),
                max_size=80).map("".join))
def test_parse_never_crashes(text: str) -> None:
    card = parse_card(text, "README.md")
    assert card.body_line >= 1
    for span in card.value_spans.values():
        assert span.line >= 1 and span.column >= 1
