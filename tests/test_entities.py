"""Entity stage: seed requirements, precedence, noise and sentence constraints, aliases, aggregation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.alignment import Alignment
from pipeline.config import load_config
from pipeline.document import Document, Removal, Token
from pipeline.ner.combine import resolve
from pipeline.ner.rules import Candidate, credit_candidates, head_candidates, title_candidates
from pipeline.ner.component import build_nlp
from pipeline.stages.entities import aggregate_entities, extract_entities

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
SENT_END = re.compile(r"[。！？!?；;\n]")


def make_doc(text: str, metadata: dict | None = None, sentences: list[tuple[int, int]] | None = None) -> Document:
    doc = Document(text_original=text, config=load_config())
    doc.text = text
    pos = 0
    for word, tag in rjieba.tag(text):
        doc.tokens.append(Token(word, tag, pos, pos + len(word)))
        pos += len(word)
    if sentences is None:
        sentences, start = [], 0
        for m in SENT_END.finditer(text):
            sentences.append((start, m.end()))
            start = m.end()
        if start < len(text):
            sentences.append((start, len(text)))
    doc.sentences = sentences
    doc.metadata = metadata or {}
    doc.clean_alignment = Alignment.identity(len(text))
    return doc


SEED_METADATA = {
    "authors": [
        {"name": "赵紫威", "affiliations": ["松山湖材料实验室"]},
        {"name": "王灿", "affiliations": ["松山湖材料实验室"]},
        {"name": "黄庆礼", "affiliations": ["松山湖材料实验室"]},
        {"name": "汪卫华", "affiliations": ["松山湖材料实验室", "中国科学院物理研究所"]},
    ],
    "editor": {"name": "杨柳春"},
}


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    text = (FIXTURES / "seed_simplified.txt").read_text(encoding="utf-8")
    return make_doc(text, SEED_METADATA)


@pytest.fixture(scope="module")
def seed_mentions(seed_doc: Document) -> list[dict]:
    return extract_entities(seed_doc)


def _found(mentions: list[dict]) -> set[tuple[str, str]]:
    return {(m["text"], m["label"]) for m in mentions}


REQUIRED = {
    "ORG": ["中山大学", "松山湖材料实验室", "华为", "世界知识产权组织", "广东省人民政府", "华南理工大学", "香港大学",
            "香港科技大学", "广东省科学院", "哈尔滨工业大学(深圳)", "鹏城实验室", "腾讯", "中国科学院物理研究所"],
    "GPE": ["广州", "深圳", "香港", "澳门", "东莞", "惠州", "中山", "美国", "日本", "英国"],
    "LOC": ["粤港澳大湾区", "珠三角", "欧洲", "亚洲"],
    "PERSON": ["赵紫威", "王灿", "黄庆礼", "汪卫华", "杨柳春"],
    "FAC": ["中国散裂中子源", "先进阿秒激光设施", "强流重离子加速器装置", "加速器驱动嬗变研究装置"],
}
NEVER = ["瑜伽场地", "小树屋", "九宫格", "教学场地", "讲座", "交流", "高水平", "阿秒", "卓越", "显微镜", "摄像机",
         "人工智能", "AI", "新材料", "大装置", "大平台", "高水平研究型大学", "散裂中子源", "GDP", "EUV"]


@pytest.mark.parametrize("label,name", [(lab, n) for lab, names in REQUIRED.items() for n in names])
def test_seed_required_entities(seed_mentions: list[dict], label: str, name: str) -> None:
    assert (name, label) in _found(seed_mentions)


def test_seed_never_entities(seed_mentions: list[dict]) -> None:
    texts = {m["text"] for m in seed_mentions}
    for word in NEVER:
        assert word not in texts, word
    assert not any(m["label"] == "ORG" and "AI" == m["text"] for m in seed_mentions)


def test_seed_zhongshan_city_in_city_list(seed_doc: Document, seed_mentions: list[dict]) -> None:
    pos = seed_doc.text.index("东莞、惠州、中山等7个珠三角节点城市")
    spans = {(m["start"], m["end"], m["label"]) for m in seed_mentions}
    assert (pos, pos + 2, "GPE") in spans and (pos + 3, pos + 5, "GPE") in spans and (pos + 6, pos + 8, "GPE") in spans


def test_seed_nested_university_is_one_org(seed_doc: Document, seed_mentions: list[dict]) -> None:
    start = seed_doc.text.index("哈尔滨工业大学(深圳)")
    inside = [m for m in seed_mentions if start <= m["start"] < start + len("哈尔滨工业大学(深圳)")]
    assert [(m["text"], m["label"]) for m in inside] == [("哈尔滨工业大学(深圳)", "ORG")]


def test_seed_mentions_are_well_formed(seed_doc: Document, seed_mentions: list[dict]) -> None:
    labels = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
    last_end = -1
    for m in seed_mentions:
        assert list(m)[:5] == ["text", "label", "start", "end", "source"]
        assert seed_doc.text[m["start"]:m["end"]] == m["text"]
        assert m["label"] in labels
        assert m["start"] >= last_end  # sorted, no overlaps
        last_end = m["end"]


def test_wipo_is_alias_of_one_entity(seed_mentions: list[dict]) -> None:
    wipo = [m for m in seed_mentions if m["text"] == "WIPO"]
    assert wipo and wipo[0]["label"] == "ORG" and wipo[0]["canonical"] == "世界知识产权组织"
    full = [m for m in seed_mentions if m["text"] == "世界知识产权组织"][0]
    assert "WIPO" in full["aliases"]
    agg = aggregate_entities(seed_mentions)
    entity = [e for e in agg if e["text"] == "世界知识产权组织"]
    assert len(entity) == 1 and entity[0]["count"] == 2 and "WIPO" in entity[0]["aliases"]
    assert not [e for e in agg if e["text"] == "WIPO"]


def test_byline_people_come_from_metadata() -> None:
    doc = make_doc("张三丰在会上发言。李四随后补充。", {"authors": [{"name": "张三丰", "affiliations": []}]})
    mentions = extract_entities(doc)
    assert ("张三丰", "PERSON") in _found(mentions)
    assert [m["source"] for m in mentions if m["text"] == "张三丰"] == ["byline"]


def test_credit_rule_finds_people_without_metadata() -> None:
    text = "(作者:赵紫威、王灿、黄庆礼,松山湖材料实验室。汪卫华,松山湖材料实验室;编审:杨柳春)"
    names = {text[c.start:c.end] for c in credit_candidates(text)}
    assert names == {"赵紫威", "王灿", "黄庆礼", "汪卫华", "杨柳春"}


def test_title_rule_law_vs_work() -> None:
    text = "《粤港澳大湾区发展规划纲要》和《中国科学院院刊》"
    got = {(text[c.start:c.end], c.label) for c in title_candidates(text)}
    assert got == {("粤港澳大湾区发展规划纲要", "LAW"), ("中国科学院院刊", "WORK_OF_ART")}


def _words(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for word, tag in rjieba.tag(text):
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out


def test_org_suffix_rule_needs_a_proper_prefix() -> None:
    text = "深圳布局有鹏城实验室,并谋划建设如材料基因全国重点实验室,依托高水平研究型大学。"
    got = {text[c.start:c.end] for c in head_candidates(text, _words(text), ["实验室", "大学"], "ORG", [False] * len(text))}
    assert got == {"鹏城实验室"}


def test_org_suffix_rule_finds_unlisted_names() -> None:
    text = "此外,江门市人民政府与佛山大学签署协议。"
    got = {text[c.start:c.end] for c in head_candidates(text, _words(text), ["人民政府", "大学"], "ORG", [False] * len(text))}
    assert "江门市人民政府" in got and "佛山大学" in got


def test_precedence_longest_span_then_source() -> None:
    cands = [
        Candidate(0, 7, "ORG", "gazetteer"),  # 哈尔滨工业大学
        Candidate(8, 10, "GPE", "gazetteer"),  # 深圳
        Candidate(0, 11, "ORG", "rule"),  # 哈尔滨工业大学(深圳)
        Candidate(12, 14, "GPE", "gazetteer"),
        Candidate(12, 14, "ORG", "rule"),
        Candidate(12, 14, "PERSON", "byline"),
    ]
    got = [(c.start, c.end, c.label) for c in resolve(cands)]
    assert got == [(0, 11, "ORG"), (12, 14, "PERSON")]


def test_gazetteer_beats_model_and_model_fills_gaps() -> None:
    text = "中山大学的陈志远教授去了广州。"  # a name in no gazetteer: the model finds it
    doc = make_doc(text)
    with_model = {(m["text"], m["label"], m["source"]) for m in extract_entities(doc)}
    assert ("中山大学", "ORG", "gazetteer") in with_model
    assert ("广州", "GPE", "gazetteer") in with_model
    assert ("陈志远", "PERSON", "model") in with_model


def test_rules_only_config_has_no_model_mentions() -> None:
    nlp = build_nlp(use_model=False)
    assert "zh_crf_ner" not in nlp.pipe_names
    assert nlp.pipe_names[0] == "entity_ruler"


def test_no_entity_spans_a_removed_noise_token() -> None:
    simplified = "他在中山九宫格大学读书。"
    clean = "他在中山大学读书。"
    doc = make_doc(clean)
    doc.noise = [Removal("九宫格", 4, 7, "lexicon", 1.0)]
    doc.clean_alignment = Alignment.from_edits(len(simplified), [(4, 7, 0)])
    mentions = extract_entities(doc)
    assert all(not (m["start"] < 4 < m["end"]) for m in mentions)
    assert "中山大学" not in {m["text"] for m in mentions}


def test_no_entity_crosses_a_sentence_boundary() -> None:
    text = "他在中山大学读书"
    doc = make_doc(text, sentences=[(0, 4), (4, len(text))])
    mentions = extract_entities(doc)
    assert all(m["end"] <= 4 or m["start"] >= 4 for m in mentions)


def test_aggregate_counts_and_original_forms() -> None:
    mentions = [
        {"text": "广东省", "label": "GPE", "start": 0, "end": 3, "source": "gazetteer", "canonical": "广东",
         "text_original": "廣東省"},
        {"text": "广东", "label": "GPE", "start": 5, "end": 7, "source": "gazetteer", "text_original": "廣東"},
        {"text": "广东", "label": "GPE", "start": 9, "end": 11, "source": "gazetteer", "text_original": "廣東"},
    ]
    agg = aggregate_entities(mentions)
    assert len(agg) == 1
    assert agg[0]["text"] == "广东" and agg[0]["count"] == 3
    assert agg[0]["surface_forms"] == ["广东省", "广东"]
    assert agg[0]["surface_forms_original"] == ["廣東省", "廣東"]
    assert agg[0]["aliases"] == ["广东省"]


def test_name_en_from_glossary(seed_mentions: list[dict]) -> None:
    lab = [m for m in seed_mentions if m["text"] == "松山湖材料实验室"][0]
    assert lab["name_en"] == "Songshan Lake Materials Laboratory"


_CHUNKS = ["中山大学", "广州", "的", "、", "。", "松山湖材料实验室", "九宫格", "华为", "AI", "(WIPO)", "世界知识产权组织",
           "研究院", "李明", "在", "\n", " ", "深圳", "高水平"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_CHUNKS), min_size=0, max_size=20))
def test_mentions_are_valid_spans_of_any_text(chunks: list[str]) -> None:
    text = "".join(chunks)
    doc = make_doc(text)
    mentions = extract_entities(doc)
    sentence_of = {}
    for n, (s, e) in enumerate(doc.sentences):
        for i in range(s, e):
            sentence_of[i] = n
    last_end = 0
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"] and m["text"]
        assert m["start"] >= last_end
        assert sentence_of.get(m["start"]) == sentence_of.get(m["end"] - 1)
        last_end = m["end"]
    agg = aggregate_entities(mentions)
    assert sum(e["count"] for e in agg) == len(mentions)


def test_english_names_join_their_chinese_entity() -> None:
    text = "华为(Huawei)与Songshan Lake Materials Laboratory合作,Tencent Holdings Ltd.和the University of Hong Kong参与。WIPOX不是组织。"
    mentions = extract_entities(make_doc(text))
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Huawei"]["canonical"] == "华为" and by_text["Huawei"]["label"] == "ORG"
    assert by_text["Songshan Lake Materials Laboratory"]["canonical"] == "松山湖材料实验室"
    assert by_text["Tencent Holdings Ltd."]["label"] == "ORG"
    assert by_text["University of Hong Kong"]["label"] == "ORG"
    assert "WIPO" not in by_text
    agg = {(e["label"], e["text"]): e for e in aggregate_entities(mentions)}
    assert agg[("ORG", "华为")]["count"] == 2 and agg[("ORG", "华为")]["name_en"] == "Huawei"


def test_model_org_absorbs_place_prefix_but_not_generic_words() -> None:
    """The one exception to gazetteer-first: a model ORG with an organisation head that contains only a
    place (广州 in 广州松日队) replaces it; generic model guesses on report text are filtered."""
    text = "相比之下,青岛海牛队和广州松日队的雨中之战。新冠药物设计和协同育人。"
    found = {(m["text"], m["label"], m["source"]) for m in extract_entities(make_doc(text))}
    assert ("广州松日队", "ORG", "model") in found
    assert not any(t == "广州" for t, _, _ in found)
    assert not any(t in ("新冠", "育人") for t, _, _ in found)


def test_long_sentences_are_cut_into_pieces_that_tile_them() -> None:
    from pipeline.ner.combine import _MAX_PIECE, sentence_pieces

    text = "中" * 1000 + "," + "a b " * 200 + "。短句。"
    sentences = [(0, len(text) - 3), (len(text) - 3, len(text))]
    pieces = sentence_pieces(text, sentences)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(0 < e - s <= _MAX_PIECE for s, e in pieces)
    assert (len(text) - 3, len(text)) in pieces


def test_longer_rule_span_keeps_its_own_canonical_name(seed_mentions: list[dict]) -> None:
    """A rule span over a gazetteer name (《粤港澳大湾区发展规划纲要》) is not that name's entity."""
    for mention in seed_mentions:
        if mention["text"] in ("粤港澳大湾区发展规划纲要", "广东省高质量发展大会"):
            assert mention.get("canonical", mention["text"]) == mention["text"], mention
    unique = {(e["text"], e["label"]) for e in aggregate_entities(seed_mentions)}
    assert ("粤港澳大湾区发展规划纲要", "LAW") in unique and ("粤港澳大湾区", "LAW") not in unique


SPACY_EQUIVALENCE_SETTINGS = [
    (),  # defaults: gazetteers, rules, model with the form filter
    ("builtin", False),  # gazetteers and rules only
    ("builtin", True, False),  # no rules
    ("builtin", True, True, ("PERSON", "ORG", "LOC", "FAC"), True, False),  # model without the form filter
]


@pytest.mark.parametrize("settings_", SPACY_EQUIVALENCE_SETTINGS)
def test_spacy_pipeline_finds_exactly_what_the_stage_finds(seed_doc: Document, settings_: tuple) -> None:
    """The stage runs the combiner without spaCy (start-up cost); the spaCy components wrap the same steps
    behind spaCy's own EntityRuler, so both must agree span for span, source and canonical name included."""
    from pipeline.ner.combine import EntityContext, entity_combiner
    from pipeline.ner.component import _info, tag_text

    mixed = (Path(__file__).parent / "fixtures" / "english" / "mixed_zh_en.txt").read_text(encoding="utf-8")
    texts = [seed_doc.text, mixed, "中山大学的李明教授去了广州。相比之下,青岛海牛队和广州松日队的雨中之战。",
             "世界知识产权组织(WIPO)发布报告，WIPO指出哈尔滨工业大学(深圳)和华为的合作。"]
    names = ["赵紫威", "汪卫华", "李明"]
    nlp = build_nlp(*settings_)
    combiner = entity_combiner(*settings_)
    for text in texts:
        doc = make_doc(text)
        words = [(t.start, t.end, t.pos) for t in doc.tokens]
        direct = [(c.start, c.end, c.label, c.source, c.canonical, tuple(c.aliases))
                  for c in combiner(EntityContext(text, words, doc.sentences, names))]
        sdoc = tag_text(text, words, doc.sentences, names, nlp)
        info = _info(sdoc)
        hosted = []
        for ent in sdoc.ents:
            meta = info[(ent.start, ent.end)]
            hosted.append((ent.start_char, ent.end_char, ent.label_, meta["source"], meta["canonical"],
                           tuple(meta["aliases"])))
        assert direct == hosted
        assert direct  # every text names something: an empty agreement would prove nothing


def test_the_entity_stage_does_not_import_spacy() -> None:
    """Start-up budget: a Chinese document's whole pipeline runs without importing spaCy."""
    import subprocess
    import sys

    code = ("import sys, pipeline; pipeline.process('中山大学的李明教授去了广州。2023年增长5%。');"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
