"""Compact tokens (schema 2.0): the columns expand to exactly the 1.0 per-token mappings."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import process_document
from pipeline.config import load_config
from pipeline.record import compact_tokens, token_spans, tokens, with_tokens
from pipeline.stages import ingest
from pipeline.stages.emit import to_json
from pipeline.stages.ingest import IngestError
from test_properties import texts
from test_record import SCHEMA

CONFIG = load_config()


def run(text: str):
    """The Document (after every stage) and its record, as ``pipeline.process`` builds them."""
    doc = ingest.ingest_text(text, CONFIG, {"path": "t.txt", "sha256": None, "encoding": "utf-8"})
    return doc, process_document(doc, "t")


def tokens_1_0(doc) -> list[dict]:
    """The 1.0 emitter's token list (pipeline/stages/emit.py before schema 2.0), the reference."""
    kept = [t for t in doc.tokens if not t.text.isspace()]
    originals = doc.to_original_many((t.start, t.end) for t in kept)
    return [{"text": t.text, "pos": t.pos, "start": t.start, "end": t.end,
             "start_original": start_original, "end_original": end_original}
            for t, (start_original, end_original) in zip(kept, originals)]


def test_seed_tokens_expand_to_the_1_0_tokens(seed_text):
    doc, record = run(seed_text)
    expected = tokens_1_0(doc)
    assert len(expected) == 5104
    assert tokens(record) == expected
    assert tokens(json.loads(to_json(record))) == expected  # through the written JSON too
    columns = record["tokens"]
    assert list(columns) == ["gap", "length", "pos", "original_shift"]
    assert columns["original_shift"][0] == [0, 0, 0]
    assert len(columns["original_shift"]) < 20  # shifts change only around the 7 removals
    assert any(t["start_original"] != t["start"] for t in expected)  # so the shifts are exercised


def test_columns_round_trip_any_sorted_spans_and_any_originals():
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4), st.sampled_from(["n", "x", "eng"]),
                              st.integers(-3, 3), st.integers(-3, 3)), max_size=30))
    def check(rows):
        spans, originals, end = [], [], 0
        for gap, length, pos, start_shift, end_shift in rows:
            start = end + gap
            end = start + length
            spans.append((start, end, pos))
            originals.append((start + start_shift, end + end_shift))
        columns = compact_tokens(spans, originals)
        got = token_spans({"tokens": columns})
        assert got == [(s, e, so, eo) for (s, e, _), (so, eo) in zip(spans, originals)]
        assert columns["pos"] == [pos for _, _, pos in spans]
        indices = [run[0] for run in columns["original_shift"]]
        assert indices == sorted(set(indices)) and (not indices or indices[0] == 0)

    check()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_expanded_tokens_slice_what_they_claim(text):
    """On arbitrary text through the whole pipeline: the expansion equals the 1.0 tokens, every token's
    clean span slices the segmenter's word out of ``text``, its original span lies in ``text_original``
    and is the alignment's, and the record validates."""
    try:
        doc, record = run(text)
    except IngestError:
        return
    expanded = tokens(record)
    assert expanded == tokens_1_0(doc)
    words = [t for t in doc.tokens if not t.text.isspace()]
    assert [t["text"] for t in expanded] == [w.text for w in words]
    for token in expanded:
        assert record["text"][token["start"]:token["end"]] == token["text"] != ""
        assert 0 <= token["start_original"] <= token["end_original"] <= len(record["text_original"])
        assert (token["start_original"], token["end_original"]) == doc.to_original(token["start"], token["end"])
    jsonschema.validate(record, SCHEMA)


def test_no_tokens_and_1_0_records():
    assert tokens({"text": "", "tokens": {"gap": [], "length": [], "pos": [], "original_shift": []}}) == []
    old = {"text": "中国", "tokens": [{"text": "中国", "pos": "ns", "start": 0, "end": 2,
                                       "start_original": 0, "end_original": 2}]}
    assert tokens(old) is old["tokens"]  # a 1.0 record is read as it is
    record = {"id": "x", "text": "中国 网", "tokens": compact_tokens([(0, 2, "ns"), (3, 4, "n")], [(0, 2), (5, 6)])}
    assert record["tokens"] == {"gap": [0, 1], "length": [2, 1], "pos": ["ns", "n"],
                                "original_shift": [[0, 0, 0], [1, 2, 2]]}
    expanded = with_tokens(record)
    assert list(expanded) == ["id", "text", "tokens"] and record["tokens"]["gap"] == [0, 1]
    assert expanded["tokens"][1] == {"text": "网", "pos": "n", "start": 3, "end": 4,
                                     "start_original": 5, "end_original": 6}
