"""The trained CRF: data reading, BIO conversion, split, training on a tiny fixture, the shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ner import train
from pipeline.ner.data import bio_tags, is_heldout, load_label_map, read_sentences, tags_to_spans
from pipeline.ner.evaluate import score
from pipeline.ner.fast import FAST_FILE, FORMAT_VERSION, FastCrf, VectorCrf
from pipeline.ner.features import (
    LEX_CLASSES, char_features, lexicon_flags, lexicon_from_hashes, template_keys, word_hashes, word_positions,
)
from pipeline.ner.model import MODEL_FILE, CrfTagger, builtin_model_dir, load_fast_tagger, segment_words

TINY = Path(__file__).parent / "fixtures" / "entities" / "ner_tiny"


def test_label_map_covers_all_source_labels() -> None:
    mapping = load_label_map()
    for label in ["name", "company", "organization", "government", "address", "scene", "book", "movie", "game",
                  "position", "PER", "LOC", "ORG"]:
        assert label in mapping
    assert mapping["name"] == mapping["PER"] == "PERSON"
    assert mapping["position"] == "O"


def test_read_sentences_maps_labels_and_counts_unaligned() -> None:
    stats: dict[str, int] = {}
    sentences = list(read_sentences(TINY, stats))
    assert len(sentences) == 11
    assert stats["unaligned"] == 1  # 重庆 does not match the text at its offsets
    assert stats["dropped_label"] == 2  # two positions
    first = sentences[0]
    assert [(first.text[s:e], lab) for s, e, lab in first.spans] == [("李明", "PERSON"), ("北京大学", "ORG")]


def test_bio_round_trip() -> None:
    for sent in read_sentences(TINY):
        tags = bio_tags(sent)
        assert len(tags) == len(sent.text)
        assert tags_to_spans(tags) == sorted(sent.spans)


def test_split_is_stable_by_blocks_with_guards() -> None:
    from pipeline.ner.data import BLOCK_SENTENCES, GUARD_SENTENCES, split_of

    ids = [f"msra_train-{i:05d}" for i in range(40000)]
    splits = [split_of(i) for i in ids]
    assert splits == [split_of(i) for i in ids]
    held = splits.count("heldout") / len(ids)
    assert 0.05 < held < 0.16
    # whole blocks: a block is held out entirely or not at all
    for b in range(len(ids) // BLOCK_SENTENCES):
        block = {s for s in splits[b * BLOCK_SENTENCES:(b + 1) * BLOCK_SENTENCES] if s == "heldout"}
        inside = splits[b * BLOCK_SENTENCES + GUARD_SENTENCES:(b + 1) * BLOCK_SENTENCES - GUARD_SENTENCES]
        assert not block or set(inside) == {"heldout"}
    # training never touches a sentence within GUARD_SENTENCES of a held-out one
    for i, s in enumerate(splits):
        if s == "train":
            near = splits[max(0, i - GUARD_SENTENCES):i + GUARD_SENTENCES + 1]
            assert "heldout" not in near
    assert is_heldout(ids[splits.index("heldout")])


def test_duplicates_of_an_earlier_file_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "a-0", "text": "这是一个很长的句子，用来测试重复的检测是否有效。", "entities": []}\n',
                                      encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b-0", "text": "这是一个很长的句子，用来测试重复的检测是否有效！", "entities": []}\n'
                                      '{"id": "b-1", "text": "另一句。", "entities": []}\n', encoding="utf-8")
    stats: dict[str, int] = {}
    ids = [s.id for s in read_sentences(tmp_path, stats)]
    assert ids == ["a-0", "b-1"] and stats["duplicates"] == 1


def test_features_one_list_per_character() -> None:
    text = "哈尔滨工业大学(深圳)"
    words = segment_words(text)
    feats = char_features(text, words)
    assert len(feats) == len(text)
    keys = template_keys(text, *word_positions(text, words))
    assert all(len(col) == len(text) for _, col in keys)
    assert feats[0][0] == "c=哈"


def test_train_tiny_model_and_fast_tagger_agrees(tmp_path: Path) -> None:
    # minfreq 0: the tiny set has too few repeats for the shipped minfreq, and every template should be exported
    assert train.main(["--data", str(TINY), "--out", str(tmp_path), "--max-iterations", "30", "--minfreq", "0"]) == 0
    assert (tmp_path / FAST_FILE).exists()
    slow = CrfTagger(tmp_path)
    fast = FastCrf.from_crfsuite(tmp_path / MODEL_FILE)
    vector = VectorCrf(tmp_path / FAST_FILE)
    texts = ["李明在北京大学读书。", "王芳去了深圳。", "", "x", "\n", "吴敏在南京博物院参观,很久。", "广州市\n广州市"]
    items = [(t, segment_words(t)) for t in texts]
    expected = [slow.tag(t, w) for t, w in items]
    assert fast.tag_many(items) == expected
    assert vector.tag_many(items) == expected


def test_sparse_tables_round_trip() -> None:
    """Format 4 stores the non-zero cells of each table; the tagger rebuilds exactly the dense tables."""
    import json

    import numpy as np

    from pipeline.ner.fast import dense_tables, sparse_arrays

    table = np.zeros((5, 3), dtype=np.float32)
    table[1, 2], table[4, 0], table[0, 0] = 0.5, -1.25, 3.0
    meta = np.frombuffer(json.dumps({"format": FORMAT_VERSION}).encode(), dtype=np.uint8)
    stored = sparse_arrays({"m:c": table, "m:k": np.zeros((2, 3), dtype=np.float32), "trans": np.eye(3), "meta": meta})
    assert "m:c" not in stored and list(stored["i:c"]) == [0, 5, 12] and list(stored["v:c"]) == [3.0, 0.5, -1.25]
    shapes = json.loads(bytes(stored["meta"]).decode())["shapes"]
    rebuilt = dense_tables(stored, shapes)
    assert np.array_equal(rebuilt["c"], table) and rebuilt["c"].dtype == np.float32
    assert np.array_equal(rebuilt["k"], np.zeros((2, 3)))


def test_old_weight_format_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    import json

    import numpy as np

    old = tmp_path / FAST_FILE
    meta = np.frombuffer(json.dumps({"labels": ["O"], "vocab": {}}).encode(), dtype=np.uint8)
    np.savez_compressed(old, meta=meta, trans=np.zeros((1, 1), dtype=np.float32))
    with pytest.raises(ValueError, match=f"format 2.*format {FORMAT_VERSION}.*python -m pipeline.ner.fast"):
        VectorCrf(old)


def _lexicon(entries: dict[str, str]):
    import numpy as np

    masks = np.array([sum(1 << LEX_CLASSES.index(c) for c in v) for v in entries.values()], dtype=np.uint8)
    return lexicon_from_hashes(word_hashes(list(entries)), masks)


def _codes(text: str):
    import numpy as np

    return np.array([ord(c) for c in text], dtype=np.int64)


def test_lexicon_flags_mark_start_inside_end_of_every_match() -> None:
    lex = _lexicon({"北京": "L", "北京大学": "O", "李明": "P", "大学": "O"})
    flags = lexicon_flags(_codes("\x02李明在北京大学\x03"), lex).tolist()
    person, place, org = 0, 1, 2
    assert [f[person] for f in flags] == [0, 1, 4, 0, 0, 0, 0, 0, 0]
    assert [f[place] for f in flags] == [0, 0, 0, 0, 1, 4, 0, 0, 0]
    # 北京大学 (start, inside, inside, end) overlaid with 大学 (start, end).
    assert [f[org] for f in flags] == [0, 0, 0, 0, 1, 2, 3, 4, 0]


def test_lexicon_never_matches_across_control_characters() -> None:
    lex = _lexicon({"北京": "L"})
    assert lexicon_flags(_codes("北\n京"), lex).sum() == 0
    assert lexicon_flags(_codes("北\x03\x02京"), lex).sum() == 0


@given(st.lists(st.text(alphabet="北京大学李明在\n", max_size=8), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_lexicon_flags_of_a_batch_equal_each_sentence_alone(texts: list[str]) -> None:
    import numpy as np

    lex = _lexicon({"北京": "L", "北京大学": "O", "李明": "P", "大学": "O", "京大": "L"})
    batch = lexicon_flags(_codes("".join("\x02\x02" + t + "\x03\x03" for t in texts)), lex)
    alone = np.concatenate([lexicon_flags(_codes("\x02\x02" + t + "\x03\x03"), lex) for t in texts])
    assert np.array_equal(batch, alone)


def test_score_folds_labels() -> None:
    gold = {(0, 2, "PERSON"), (3, 5, "GPE"), (6, 8, "WORK_OF_ART")}
    pred = {(0, 2, "PERSON"), (3, 5, "LOC"), (6, 8, "WORK_OF_ART")}
    result = score([(gold, pred)])
    assert result["folded_micro"]["f1"] == 1.0
    assert result["per_label"]["GPE"]["recall"] == 0.0


@pytest.fixture(scope="module")
def shipped() -> VectorCrf:
    return load_fast_tagger(None)


def test_shipped_model_is_small_and_loads(shipped: VectorCrf) -> None:
    size = sum(p.stat().st_size for p in builtin_model_dir().iterdir())
    assert size <= 30 * 1024 * 1024
    assert {"B-PERSON", "B-ORG", "B-LOC", "O"} <= set(shipped.labels)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("李明在北京大学读书。", {("李明", "PERSON"), ("北京大学", "ORG")}),
        ("外交部发言人表示,中国和日本将举行会谈。", {("外交部", "ORG"), ("中国", "LOC"), ("日本", "LOC")}),
        ("华为公司在深圳发布新手机。", {("华为公司", "ORG"), ("深圳", "LOC")}),
        ("张伟昨天从上海飞往广州。", {("张伟", "PERSON"), ("上海", "LOC"), ("广州", "LOC")}),
    ],
)
def test_shipped_model_tags_sentences(shipped: VectorCrf, text: str, expected: set) -> None:
    spans = shipped.spans_many([(text, segment_words(text))])[0]
    assert expected <= {(text[s:e], lab) for s, e, lab in spans}


SEED = Path(__file__).parent / "fixtures" / "entities" / "seed_simplified.txt"


def test_shipped_fast_taggers_match_crfsuite(shipped: VectorCrf) -> None:
    """Both numpy taggers give crfsuite's labels on every line of the seed (and emissions agree)."""
    import numpy as np

    slow = CrfTagger(builtin_model_dir())
    reference = FastCrf.from_crfsuite(builtin_model_dir() / MODEL_FILE)
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line][:12]
    items = [(t, segment_words(t)) for t in lines] + [("", []), ("Huawei 与 WIPO", [(0, 6, "eng")])]
    expected = [slow.tag(t, w) for t, w in items]
    assert isinstance(shipped, VectorCrf)
    assert shipped.tag_many(items) == expected
    assert reference.tag_many(items) == expected
    assert shipped.spans_many(items) == [tags_to_spans(tags) for tags in expected]
    for a, b in zip(shipped.emissions_many(items), reference.emissions_many(items)):
        assert np.allclose(a, b, atol=1e-4)


def test_character_clusters_are_deterministic_and_cover_frequent_characters() -> None:
    from pipeline.ner.build_resources import build_clusters

    texts = ["北京市和上海市", "广州市与深圳市", "他在北京工作", "她在上海读书", "北京上海广州深圳"] * 3
    first = build_clusters(texts, n_clusters=3, min_count=3, dims=4)
    assert first == build_clusters(texts, n_clusters=3, min_count=3, dims=4)
    assert {"北", "京", "市", "在"} <= set(first)
    assert set(first.values()) <= {0, 1, 2}


def test_shipped_resources_load() -> None:
    from pipeline.ner.features import load_clusters, load_lexicon

    lex = load_lexicon()
    assert len(lex.hashes) > 50_000 and (lex.hashes[1:] > lex.hashes[:-1]).all()
    clusters = load_clusters()
    assert clusters.n >= 2 and len(clusters.codes) > 1_000
