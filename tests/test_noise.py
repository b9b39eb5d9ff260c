"""Noise package: lexicon matching, protection, detector evidence, discover CLI, batch summary."""

from __future__ import annotations

import json
import random
from pathlib import Path

import opencc
import pytest

from pipeline.config import load_config
from pipeline.noise import summarize
from pipeline.noise.features import FEATURES, load_models, span_features
from pipeline.noise.lexicon import load_lexicon
from pipeline.noise import protect
from pipeline.config import RESOURCES_DIR
from pipeline.stages.clean import settings_for

FIXTURES = Path(__file__).parent / "fixtures" / "noise"


def _paragraphs() -> list[str]:
    lines = (FIXTURES / "wiki_simplified_sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def test_aho_corasick_finds_matches_inside_unspaced_text():
    lexicon = load_lexicon(str(RESOURCES_DIR / "noise" / "lexicon.tsv"))
    found = [(s, e, entry.token) for s, e, entry in lexicon.matches("大量终九宫格端龙头企业，小树屋小树屋")]
    assert found == [(3, 6, "九宫格"), (12, 15, "小树屋"), (15, 18, "小树屋")]


def test_protected_spans_cover_figures_names_and_latin():
    text = "增长至2023年约2.8万亿元，中山大学与AI for Science。"
    spans = protect.protected_spans(text)
    covered = lambda word: any(s <= text.index(word) and text.index(word) + len(word) <= e for s, e in spans)  # noqa: E731
    assert covered("2.8万亿元") and covered("2023年") and covered("AI for Science")
    assert covered("中山大学")


def test_fallback_figure_pattern_without_figures_stage(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "pipeline.stages.figures":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert (3, 10) in protect.figure_spans("增长率5.45%，")[:1] or protect.figure_spans("增长率5.45%，") == [(3, 8)]


def test_fusion_evidence_inside_a_word():
    models = load_models(str((RESOURCES_DIR / "noise")))
    text = "拥有大量终九宫格端龙头企业"
    inside = dict(zip(FEATURES, span_features(models, text, 5, 8)))
    assert inside["fusion"] == 1.0 and inside["word_lr"] > 5
    genuine = "拥有大量终端龙头企业"
    word = dict(zip(FEATURES, span_features(models, genuine, 4, 6)))  # 终端 itself
    assert word["word_lr"] < inside["word_lr"]


def test_detector_flags_recurring_unknown_token_and_discover_writes_tsv(tmp_path):
    from pipeline.noise.discover import discover, write_tsv

    rng = random.Random(3)
    docs = []
    for i, text in enumerate(_paragraphs()):
        if i % 2 == 0:
            pos = rng.randrange(5, len(text) - 5)
            text = text[:pos] + "露台包场" + text[pos:]
        docs.append((f"doc{i}", text))
    settings = settings_for(load_config(), {"detector": True, "candidate_threshold": 0.5})
    proposals = discover(settings, docs, min_docs=2)
    assert proposals and proposals[0].token == "露台包场"
    assert len(proposals[0].docs) >= 2
    out = tmp_path / "proposals.tsv"
    write_tsv(proposals, out)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert rows[0][:3] == ["token", "policy", "note"]
    assert rows[1][0] == "露台包场" and rows[1][1] in ("always", "batch")


def test_discover_cli(tmp_path):
    from pipeline.cli import main

    folder = tmp_path / "batch"
    folder.mkdir()
    for i, text in enumerate(_paragraphs()[:12]):
        mid = len(text) // 2
        (folder / f"{i}.txt").write_text(text[:mid] + "露台包场" + text[mid:], encoding="utf-8")
    out = tmp_path / "proposals.tsv"
    assert main(["noise", "discover", str(folder), "--out", str(out)]) == 0
    assert "露台包场" in out.read_text(encoding="utf-8")
    assert main(["noise", "discover", str(tmp_path / "missing"), "--out", str(out)]) == 2


def test_detector_mode_records_reason_and_evidence():
    from pipeline.document import Document
    from pipeline.stages.clean import clean

    config = load_config()
    doc = Document(text_original="", config=config)
    doc.text_simplified = "在超导材料领域，发现了镍氧露台包场化物超导体。"
    settings = settings_for(config, {"detector": True})
    from pipeline.noise.engine import find_noise

    removals, candidates = find_noise(settings, doc.text_simplified)
    flagged = [r for r in removals + candidates if r.reason == "detector"]
    assert flagged and all("evidence" in r.detail for r in flagged)
    clean(doc)  # default config: detector setting from CLEAN_DEFAULTS
    assert doc.text  # runs end to end


def test_summarize_counts_by_reason_and_token():
    records = [
        {"id": "a", "noise": [{"token": "小树屋", "token_original": "小樹屋", "reason": "lexicon", "score": 9.0},
                              {"token": "小树屋", "token_original": "小樹屋", "reason": "lexicon", "score": 0.4}]},
        {"id": "b", "noise": [{"token": "露台包场", "reason": "detector", "score": 5.5}]},
        {"id": "c", "noise": []},
    ]
    summary = summarize(records)
    assert summary["documents"] == 3 and summary["documents_with_noise"] == 2
    assert summary["removals"] == 3 and summary["characters_removed"] == 10
    assert summary["by_reason"] == {"lexicon": 2, "detector": 1}
    top = summary["tokens"][0]
    assert top["token"] == "小树屋" and top["count"] == 2 and top["documents"] == 1
    assert top["originals"] == {"小樹屋": 2} and top["max_score"] == 9.0
    json.dumps(summary, ensure_ascii=False)


def test_unknown_setting_is_rejected():
    with pytest.raises(KeyError, match="unknown clean setting"):
        settings_for(load_config(), {"no_such_key": 1})


def test_context_diversity_separates_random_insertions_from_recurring_names():
    from pipeline.noise.discover import context_diversity

    spam = ["山高水长露台包场的地方", "他们露台包场决定", "研究露台包场工作"]
    names = ["和漠南蒙古的省界", "与漠南蒙古诸部", "总领漠南汉地事务"]
    assert context_diversity("露台包场", spam) == 1.0
    assert context_diversity("漠南", names) < 0.8


def test_benchmark_spam_list_stays_out_of_the_resources():
    from pipeline.noise.bench import SPAM_FILE, read_spam

    invented = set(read_spam(SPAM_FILE))
    assert len(invented) >= 40
    resource_text = "".join(p.read_text(encoding="utf-8") for p in (RESOURCES_DIR / "noise").glob("*.tsv"))
    assert not [w for w in invented if w in resource_text]


def test_benchmark_injection_records_spans():
    from pipeline.noise.bench import inject

    text, spans = inject(random.Random(0), "甲" * 900, ["露台包场"])
    assert len(spans) == 2 and all(text[s:e] == "露台包场" for s, e in spans)
    assert text.replace("露台包场", "") == "甲" * 900


def test_topic_evidence_counts_the_token_elsewhere_in_the_document():
    from pipeline.noise.features import topic_features

    text = "两国在文化领域的交流日益密切。双方加强交流，互派留学生。"
    start = text.index("加强交流") + 2
    elsewhere, topic = topic_features(text, start, start + 2)
    assert elsewhere == 1.0 and topic == 1.0
    isolated = "双方加强交流，互派留学生。"
    s = isolated.index("交流")
    assert topic_features(isolated, s, s + 2) == (0.0, 0.0)


def test_listed_token_on_topic_scores_lower_than_off_topic():
    """A contextual lexicon token that belongs to the document's topic is judged less likely injected."""
    from pipeline.noise.detector import load_classifier, score_listed
    from pipeline.noise.features import LEXICON_FEATURES

    path = str(RESOURCES_DIR / "noise" / "detector.json")
    lexicon = load_classifier(path, "lexicon")
    assert lexicon.mean.shape == (len(LEXICON_FEATURES),)
    models = load_models(str(RESOURCES_DIR / "noise"))
    context = load_classifier(path, "context")
    sentence = "研究所负责文物的调查、保护、发掘和研究工作，也开展交流。"
    on_topic = "该所与国外同行交流频繁，学术交流活动很多。" + sentence
    s1 = sentence.index("交流")
    s2 = on_topic.rindex("交流")
    off, evidence = score_listed(models, context, lexicon, sentence, s1, s1 + 2)
    on, _ = score_listed(models, context, lexicon, on_topic, s2, s2 + 2)
    assert on < off
    assert {"context_logit", "elsewhere", "topic"} <= set(evidence)


def _word_models():
    """The shipped word model twice: searched as numpy arrays (cold start) and as Python dicts (busy)."""
    import dataclasses

    shipped = load_models(str(RESOURCES_DIR / "noise")).words
    arrays = dataclasses.replace(shipped, _memo={}, _ids={}, _pairs={}, _state={"calls": -10**9, "dict": None})
    dicts = dataclasses.replace(shipped, _memo={}, _ids={}, _pairs={}, _state={"calls": 0, "dict": None})
    dicts.warm()
    return arrays, dicts


def test_word_model_routes_agree_on_words_and_scores():
    """Cheap loading must not change cleaning: both lookup routes give the same segmentation and floats."""
    arrays, dicts = _word_models()
    texts = [text[k:k + 24] for text in _paragraphs() for k in range(0, len(text), 17)]
    texts += ["", "交", "中华人民共和国中央人民政府", "终\x00端", "AI芯片2024年", "\ud800交流", "持续交流性的投入"]
    for text in texts:
        words = arrays.segment(text)
        assert words == dicts.segment(text)
        assert "".join(words) == text
        assert arrays.score(words) == dicts.score(words)
        for k in range(len(text)):
            for m in range(k + 1, min(len(text), k + 12) + 1):
                assert arrays.lookup(text[k:m]) == dicts.lookup(text[k:m])
    assert arrays.lookup("中华人民共和国中央人民政府") is not None  # longer than the segmenter's words
    assert arrays.lookup("终\x00") is None and arrays.lookup("") is None


def test_word_model_switches_to_dicts_when_busy(monkeypatch):
    from pipeline.noise import wordlm

    arrays, _ = _word_models()
    arrays._state["calls"] = 0
    monkeypatch.setattr(wordlm, "DICT_AFTER", 3)
    before = [arrays.segment("拥有大量终端龙头企业") for _ in range(3)]
    assert arrays._state["dict"] is None
    after = arrays.segment("拥有大量终端龙头企业")
    assert arrays._state["dict"] is not None and after == before[0]


def test_discover_names_unreadable_inputs_and_goes_on(tmp_path, capsys):
    """A JSON Lines file of another shape (an NER set: no "text"), a broken line, undecodable bytes:
    each is named with its file (and line) on stderr, the rest of the batch is read, exit status 1."""
    from pipeline.cli import main

    folder = tmp_path / "batch"
    folder.mkdir()
    texts = _paragraphs()[:12]
    for i, text in enumerate(texts[:6]):
        mid = len(text) // 2
        (folder / f"{i}.txt").write_text(text[:mid] + "露台包场" + text[mid:], encoding="utf-8")
    lines = [json.dumps({"id": f"p{i}", "text": t[:40] + "露台包场" + t[40:]}, ensure_ascii=False) for i, t in enumerate(texts[6:])]
    (folder / "good.jsonl").write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    (folder / "ner.jsonl").write_text(json.dumps({"tokens": ["交", "流"], "tags": ["O", "O"]}) + "\n[1, 2]\n",
                                      encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 50)
    out = tmp_path / "proposals.tsv"
    assert main(["noise", "discover", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "KeyError" not in err
    assert f"{folder / 'ner.jsonl'}:1: no \"text\" string field (got tokens, tags)" in err
    assert f"{folder / 'ner.jsonl'}:2: no \"text\" string field" in err
    assert f"{folder / 'good.jsonl'}:{len(lines) + 1}: not a JSON line" in err
    assert str(folder / "binary.txt") in err
    assert "露台包场" in out.read_text(encoding="utf-8")  # the readable inputs were used
    assert "proposals from 12 document(s)" in err


def test_discover_iter_texts_raises_without_a_handler(tmp_path):
    from pipeline.noise.discover import DiscoverInputError, iter_texts

    path = tmp_path / "other.jsonl"
    path.write_text('{"sentence": "交流"}\n', encoding="utf-8")
    with pytest.raises(DiscoverInputError, match="other.jsonl:1"):
        list(iter_texts([path], str))
    problems: list[str] = []
    assert list(iter_texts([path], str, problems.append)) == [] and len(problems) == 1


def test_news_blocks_split_whole_articles_and_drop_sentences_the_models_read(tmp_path):
    """The benchmark's news documents: contiguous blocks, held out by block, never a sentence of
    peoples_daily_dev (which the language models read whole)."""
    from pipeline.noise.data import NEWS_BLOCK, is_heldout, news_blocks

    clean, ner = tmp_path / "clean", tmp_path / "ner"
    clean.mkdir()
    ner.mkdir()
    sentences = [f"第{i}句新闻。" for i in range(NEWS_BLOCK * 12)]
    (ner / "msra_train.jsonl").write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n"
                                                  for t in sentences), encoding="utf-8")
    (ner / "peoples_daily_dev.jsonl").write_text(json.dumps({"text": sentences[0]}, ensure_ascii=False) + "\n"
                                                 + json.dumps({"text": sentences[NEWS_BLOCK * 5]}, ensure_ascii=False),
                                                 encoding="utf-8")
    train = dict(news_blocks(clean, "train"))
    heldout = dict(news_blocks(clean, "heldout"))
    assert heldout and train and not set(train) & set(heldout)
    assert all(is_heldout(k) for k in heldout) and not any(is_heldout(k) for k in train)
    everything = dict(news_blocks(clean, "all"))
    assert sum(len(b) for b in everything.values()) == len(sentences)
    for block_id, block in heldout.items():
        k = int(block_id.split("-")[1])
        expected = [t for t in sentences[k * NEWS_BLOCK:(k + 1) * NEWS_BLOCK] if t not in (sentences[0], sentences[NEWS_BLOCK * 5])]
        assert block == expected
    assert list(news_blocks(tmp_path / "nowhere" / "clean", "train")) == []


def test_masked_twins_give_no_topic_support():
    """An occurrence that reads as injected itself is blanked out of the topic evidence of the others."""
    from pipeline.noise.features import topic_features

    for text in ("两国在文化领域的交流日益密切。双方加强交流，互派留学生。",  # Simplified
                 opencc.OpenCC("t2s").convert("兩國在文化領域的交流日益密切。雙方加強交流，互派留學生。")):  # Traditional in
        first = text.index("交流")
        second = text.rindex("交流")
        assert topic_features(text, second, second + 2) == (1.0, 1.0)
        assert topic_features(text, second, second + 2, ((first, first + 2),)) == (0.0, 0.0)
    english = "The MIT 交流 office: 双方加强交流，互派留学生。"  # English around the token
    s, t = english.index("交流"), english.rindex("交流")
    assert topic_features(english, t, t + 2, ((s, s + 2),))[0] == 0.0


def test_discover_suggests_contextual_for_a_common_word():
    """Batch evidence never makes a common dictionary word "always": 姊妹 (a real word, flagged in a
    batch of encyclopedia paragraphs) is suggested contextual, whatever its flagged share; an invented
    string, a rare word and a Latin token keep the share-based suggestion."""
    import opencc

    from pipeline.noise.discover import COMMON_WORD_LOGP, Proposal

    words = settings_for(load_config()).models.words
    strong = dict(flagged=5, occurrences=6, diversity=1.0)
    for token in ("姊妹", opencc.OpenCC("t2s").convert("姊妹"), "交流"):  # Simplified; Traditional input converted
        prop = Proposal(token, word_logp=words.lookup(token), **strong)
        assert prop.word_logp > COMMON_WORD_LOGP and prop.policy == "contextual"
    for token in ("露台包场", "摄影棚", "WiFi"):  # invented; rare word (-15.1); Latin: not in the dictionary
        prop = Proposal(token, word_logp=words.lookup(token), **strong)
        assert prop.policy == "always"
        assert Proposal(token, word_logp=words.lookup(token), flagged=1, occurrences=6, diversity=1.0).policy == "batch"
