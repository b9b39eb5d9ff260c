"""Emit: JSON and YAML carry the same data; YAML written by the fast writer reads back exactly."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings, strategies as st

from pipeline.stages.emit import to_json, to_yaml

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
    assert yaml.load(to_yaml(record), Loader=LOADER) == record


def test_tricky_strings_and_numbers():
    record = {"A\n": 1, "s": ["yes", "null", "1e3", "- x", "a: b", "#c", "\u2028", "\x85", "\ufeff", "\x00\x7f", "中文 ", ""],
              "f": [1e20, 1e-05, 2.5, -0.0, 2200000000000], "empty": {"d": {}, "l": []}, "true": True}
    assert yaml.load(to_yaml(record), Loader=LOADER) == record


def test_seed_record_yaml_equals_json(seed_record):
    assert yaml.load(to_yaml(seed_record), Loader=LOADER) == json.loads(to_json(seed_record))


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
    """Token lists are encoded in one C-encoder call and split between items; strings that contain
    the item separator ("}, {") must not break the split."""
    record = {"tokens": items}
    text = to_json(record)
    assert json.loads(text) == record
    assert yaml.load(to_yaml(record), Loader=LOADER) == record
    if items:
        lines = text.split("\n")[2:-3]
        assert [line.strip().rstrip(",") for line in lines] == [json.dumps(i, ensure_ascii=False) for i in items]
