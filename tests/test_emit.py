"""Emit: the JSON is the record, the YAML its readable view; YAML written by the fast writer reads back exactly."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings, strategies as st

from pipeline.stages import yaml_writer
from pipeline.stages.emit import YAML_OMITS, to_json, to_yaml, yaml_view

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
)
keys = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True), st.text(min_size=1, max_size=8))
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, data, min_size=1, max_size=6))
def test_yaml_reads_back_exactly(record):
    assert yaml.load(yaml_writer.dump(record), Loader=LOADER) == record
    assert yaml.load(to_yaml(record), Loader=LOADER) == yaml_view(record)


multiline = st.text(alphabet=st.sampled_from(list("ab中 \n\t\r#:-|>'\"\u3000\u2028\x85\x00")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(multiline, multiline, st.integers(0, 2))
def test_multiline_strings_read_back_exactly_as_literal_blocks_or_quoted(text, other, depth):
    """Multi-line strings of a mapping go into literal blocks (``|``, ``|-``, ``|+``) when they can;
    whatever the lines hold, they read back exactly, at any depth, followed by other keys."""
    record: dict = {"text": text, "after": other}
    for _ in range(depth):
        record = {"outer": record, "list": [record, {"x": text}], "z": 1}
    assert yaml.load(yaml_writer.dump(record), Loader=LOADER) == record


def test_report_text_is_a_literal_block():
    text = "第一段。\n  indented line\n\n第三段: #1 - ok\n"
    out = yaml_writer.dump({"text": text, "count": 1})
    assert out == "text: |\n  第一段。\n    indented line\n\n  第三段: #1 - ok\ncount: 1\n"
    assert yaml_writer.dump({"text": "a\nb"}) == "text: |-\n  a\n  b\n"
    assert yaml_writer.dump({"text": " a\nb"}) == 'text: " a\\nb"\n'  # first line indented: stays quoted


def test_tricky_strings_and_numbers():
    record = {"A\n": 1, "s": ["yes", "null", "1e3", "- x", "a: b", "#c", "\u2028", "\x85", "\ufeff", "\x00\x7f", "中文 ", ""],
              "f": [1e20, 1e-05, 2.5, -0.0, 2200000000000], "empty": {"d": {}, "l": []}, "true": True}
    assert yaml.load(to_yaml(record), Loader=LOADER) == record


def test_seed_record_yaml_is_the_view_of_the_json(seed_record):
    view = yaml.load(to_yaml(seed_record), Loader=LOADER)
    assert view == yaml_view(json.loads(to_json(seed_record)))
    assert list(view) == [key for key in seed_record if key not in YAML_OMITS]
    assert set(YAML_OMITS) == {"tokens", "text_original", "entities"}
    assert "\ntext: |-\n  中国网/中国发展门户网讯 " in to_yaml(seed_record)  # the report reads as text


def test_token_columns_one_line_each_without_spaces():
    columns = {"gap": [0, 1], "length": [2, 1], "pos": ["ns", "x"], "original_shift": [[0, 0, 0], [1, 2, 3]]}
    text = to_json({"text": "中国 。", "tokens": columns})
    assert text == ('{\n "text": "中国 。",\n "tokens": {\n  "gap": [0,1],\n  "length": [2,1],\n'
                    '  "pos": ["ns","x"],\n  "original_shift": [[0,0,0],[1,2,3]]\n }\n}\n')


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, data, min_size=1, max_size=6))
def test_json_reads_back_exactly(record):
    assert json.loads(to_json(record)) == record


def test_json_is_unescaped_utf8_and_line_per_item():
    text = to_json({"text": "中文", "tokens": [{"text": "中文"}, {"text": "字"}], "empty": []})
    assert text == '{\n "text": "中文",\n "tokens": [\n  {"text": "中文"},\n  {"text": "字"}\n ],\n "empty": []\n}\n'


flat_items = st.lists(st.dictionaries(
    st.sampled_from(["text", "pos", "start", "end", "}, {", "k"]),
    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6),
              st.text(alphabet=st.sampled_from(list('}, {"\\:-\u2028\x85中a')), max_size=8)),
    max_size=6), min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(flat_items)
def test_item_lists_written_in_one_encoder_call_equal_item_by_item(items):
    """Item lists (entities, figures) are encoded in one C-encoder call and split between items; strings that contain
    the item separator ("}, {") must not break the split."""
    record = {"items": items}
    text = to_json(record)
    assert json.loads(text) == record
    assert yaml.load(to_yaml(record), Loader=LOADER) == record
    if items:
        lines = text.split("\n")[2:-3]
        assert [line.strip().rstrip(",") for line in lines] == [json.dumps(i, ensure_ascii=False) for i in items]
