"""English entities: gazetteers, heads, careful person rule, acronym pairs, optional spaCy model."""

from __future__ import annotations

import pytest

from pipeline.config import ConfigError
from pipeline.stages.entities_en import extract_english_entities, merge_mentions
from pipeline.stages.glossary import annotate_names
from test_bilingual_wiring import config_with, prepare, read_fixture


def entities_of(text: str, config=None) -> list[dict]:
    doc = prepare(text, config)
    mentions = extract_english_entities(doc)
    annotate_names(mentions, doc)
    for m in mentions:
        assert doc.text[m["start"]:m["end"]] == m["text"]
    return mentions


def by_label(mentions: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m["label"], set()).add(m["text"])
    return out


@pytest.fixture(scope="module")
def brief() -> list[dict]:
    return entities_of(read_fixture("policy_brief_en.txt"))


EXPECTED = {
    "ORG": ["Songshan Lake Materials Laboratory", "World Intellectual Property Organization", "WIPO",
            "Huawei Technologies Co., Ltd.", "Sun Yat-sen University", "Hong Kong University of Science and Technology",
            "Southern University of Science and Technology", "University of Hong Kong", "Chinese Academy of Sciences",
            "National Natural Science Foundation of China", "Ministry of Science and Technology", "MOST"],
    "GPE": ["Hong Kong", "Macao", "Shenzhen", "Guangzhou", "Dongguan", "Singapore", "Japan", "Germany"],
    "LOC": ["Guangdong-Hong Kong-Macao Greater Bay Area", "Greater Bay Area", "GBA", "Asia"],
    "FAC": ["China Spallation Neutron Source"],
    "PERSON": ["Jane Doe", "Wang Weihua", "John Smith", "Mary Major", "Doe"],
    "WORK_OF_ART": ["Bulletin of the Chinese Academy of Sciences"],
}


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_expected_entities_of_the_english_brief(brief, label):
    found = by_label(brief).get(label, set())
    missing = [name for name in EXPECTED[label] if name not in found]
    assert not missing, f"{label} missing: {missing}"


def test_no_false_entities_in_the_english_brief(brief):
    texts = {m["text"] for m in brief}
    for wrong in ("Executive Summary", "Research Infrastructure", "Recommendations", "Large", "Universities",
                  "Governments", "GDP", "US", "Dr. Wang Weihua", "Professor John Smith", "Building",
                  "Materials Innovation Hub"):
        assert wrong not in texts
    persons = by_label(brief)["PERSON"]
    assert persons <= {"Jane Doe", "Wang Weihua", "John Smith", "Mary Major", "Doe", "Wang"}


def test_acronym_pair_is_one_entity_with_an_alias(brief):
    expansion = next(m for m in brief if m["text"] == "World Intellectual Property Organization")
    assert expansion["aliases"] == ["WIPO"] and expansion["name_zh"] == "世界知识产权组织"
    acronyms = [m for m in brief if m["text"] == "WIPO"]
    assert len(acronyms) == 2
    assert all(m.get("canonical") == "World Intellectual Property Organization" for m in acronyms)
    gba = next(m for m in brief if m["text"] == "GBA")
    assert gba["label"] == "LOC" and gba["source"] == "alias"


def test_surname_after_full_name_is_the_same_person(brief):
    doe = next(m for m in brief if m["text"] == "Doe")
    assert doe["label"] == "PERSON" and doe["canonical"] == "Jane Doe"


def test_english_names_carry_chinese_names(brief):
    names = {m["text"]: m.get("name_zh") for m in brief}
    assert names["Songshan Lake Materials Laboratory"] == "松山湖材料实验室"
    assert names["China Spallation Neutron Source"] == "中国散裂中子源"
    assert names["Guangdong-Hong Kong-Macao Greater Bay Area"] == "粤港澳大湾区"
    assert names["Sun Yat-sen University"] == "中山大学"
    assert names["University of Hong Kong"] == "香港大学"
    assert names["Shenzhen"] == "深圳"


@pytest.mark.parametrize("text, expected", [
    ("Peking University and Tsinghua University signed.", [("Peking University", "ORG"), ("Tsinghua University", "ORG")]),
    ("Director of the Institute of Physics, Chinese Academy of Sciences spoke.",
     [("Institute of Physics, Chinese Academy of Sciences", "ORG")]),
    ("The plan names Acme Robotics Group and Zhuhai Port as partners.", [("Acme Robotics Group", "ORG"), ("Zhuhai Port", "FAC")]),
    ("Meanwhile Guangdong Province issued the Outline Development Plan for the Greater Bay Area.",
     [("Guangdong Province", "GPE"), ("Outline Development Plan for the Greater Bay Area", "LAW")]),
    ("Professor Li Ming and economist Sarah Brown disagreed.", [("Li Ming", "PERSON"), ("Sarah Brown", "PERSON")]),
    ("Growth slowed, said Weihua Wang of Acme Bank.", [("Weihua Wang", "PERSON"), ("Acme Bank", "ORG")]),
    ("Chinese and American firms compete in Southeast Asia.", [("Chinese", "NORP"), ("American", "NORP"),
                                                                ("Southeast Asia", "LOC")]),
])
def test_rules(text, expected):
    assert [(m["text"], m["label"]) for m in entities_of(text)] == expected


@pytest.mark.parametrize("text", [
    "Key Findings and Policy Recommendations",
    "However Strong Growth Continued.",
    "Advanced Materials Research is growing fast.",
    "In March the Open Innovation Platform opened.",
    "依托AI for Science平台，EUV和ArF光刻胶仍是短板。",
])
def test_no_entity_without_evidence(text):
    assert entities_of(text) == []


def test_mixed_fixture_english_names():
    mentions = entities_of(read_fixture("mixed_zh_en.txt"))
    found = {(m["text"], m["label"]) for m in mentions}
    assert {("Songshan Lake Materials Laboratory", "ORG"), ("Peking University", "ORG"),
            ("Max Planck Society", "ORG"), ("Wang Weihua", "PERSON"), ("World Bank", "ORG")} <= found
    assert not any(m["text"] in ("AI for Science", "GDP", "EUV", "ArF", "R&D") for m in mentions)


def test_merge_prefers_chinese_in_chinese_paragraphs_and_english_in_english_ones():
    doc = prepare("世界知识产权组织(WIPO)发布报告。\nThe WIPO report praised Shenzhen.")
    text = doc.text
    w1, w2 = text.index("WIPO"), text.index("WIPO", text.index("\n"))
    chinese = [
        {"text": "世界知识产权组织", "label": "ORG", "start": 0, "end": 8, "source": "gazetteer", "aliases": ["WIPO"]},
        {"text": "WIPO", "label": "ORG", "start": w1, "end": w1 + 4, "source": "alias",
         "canonical": "世界知识产权组织"},
        {"text": "WIPO r", "label": "PERSON", "start": w2, "end": w2 + 6, "source": "model"},  # model noise
    ]
    english = extract_english_entities(doc)
    merged = merge_mentions(chinese, english, doc)
    spans = [(m["text"], m["label"], m["source"]) for m in merged]
    assert spans[:2] == [("世界知识产权组织", "ORG", "gazetteer"), ("WIPO", "ORG", "alias")]
    assert ("WIPO r", "PERSON", "model") not in spans
    assert ("WIPO", "ORG", "gazetteer") in spans and ("Shenzhen", "GPE", "gazetteer") in spans
    assert merged == sorted(merged, key=lambda m: (m["start"], m["end"]))


def test_disabled_english_entities():
    assert entities_of("Peking University", config_with(english_entities=False)) == []


# ---------------------------------------------------------------------------- optional spaCy model
@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A small installed-like spaCy pipeline (blank English + entity ruler) saved to disk: no download."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Acme"}, {"label": "PERSON", "pattern": "Jane Doe"},
                        {"label": "DATE", "pattern": "2024"}])
    path = tmp_path_factory.mktemp("model") / "en_tiny"
    nlp.to_disk(path)
    return str(path)


def test_model_beside_rules_adds_what_rules_miss(tiny_model):
    text = "Acme hired Jane Doe in 2024 at Peking University."
    mentions = entities_of(text, config_with(english_model=tiny_model))
    assert [(m["text"], m["label"], m["source"]) for m in mentions] == [
        ("Acme", "ORG", "model"), ("Jane Doe", "PERSON", "rule"), ("Peking University", "ORG", "gazetteer")]


def test_model_instead_of_rules(tiny_model):
    text = "Acme hired Jane Doe in 2024 at Peking University."
    mentions = entities_of(text, config_with(english_model=tiny_model, english_model_mode="instead"))
    assert [(m["text"], m["label"]) for m in mentions] == [("Acme", "ORG"), ("Jane Doe", "PERSON")]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="english_model"):
        entities_of("Peking University.", config_with(english_model=str(tmp_path / "no_such_model")))


@pytest.mark.parametrize("acronym, expansion, expected", [
    ("WIPO", "World Intellectual Property Organization", True),
    ("SYSU", "Sun Yat-sen University", True),
    ("HKUST", "Hong Kong University of Science and Technology", True),
    ("DGUT", "Dongguan University of Technology", True),
    ("GDP", "World Bank", False),
    ("CAS", "Peking University", False),
])
def test_acronym_fits_expansion(acronym, expansion, expected):
    from pipeline.stages.entities_en import _initials_match

    words = [w for w in expansion.split() if w not in ("of", "and", "the", "for")]
    assert _initials_match(acronym, words) is expected


def test_merge_invariants_hold_for_any_mentions():
    """Merged mentions: sorted, taken from the inputs, and no English mention overlaps a kept Chinese one."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    doc = prepare("粤港澳大湾区发展。\nThe Greater Bay Area grew.\n大湾区GDP增长，Peking University合作。")
    length = len(doc.text)

    def mention(draw_span, label, text_kind):
        s, e = draw_span
        return {"text": doc.text[s:e], "label": label, "start": s, "end": e, "source": text_kind}

    span = st.tuples(st.integers(0, length - 1), st.integers(1, 12)).map(lambda p: (p[0], min(length, p[0] + p[1])))
    mentions = st.lists(st.builds(mention, span, st.sampled_from(["ORG", "GPE", "PERSON"]), st.just("rule")),
                        max_size=8)

    @settings(max_examples=150, deadline=None)
    @given(mentions, mentions)
    def check(chinese, english):
        merged = merge_mentions(chinese, english, doc)
        assert merged == sorted(merged, key=lambda m: (m["start"], m["end"]))
        assert all(any(m is x for x in chinese + english) for m in merged)
        kept_chinese = [m for m in merged if any(m is c for c in chinese)]
        kept_english = [m for m in merged if any(m is e for e in english) and not any(m is c for c in chinese)]
        for c in kept_chinese:
            for e in kept_english:
                assert not (c["start"] < e["end"] and e["start"] < c["end"])

    check()


def test_known_names_automaton_finds_what_the_longest_first_regex_would():
    """Known English names are matched with Aho-Corasick (cheap to build) with the semantics of the
    longest-first alternation with word boundaries it replaced; compared on texts built from names."""
    import random
    import re

    from pipeline.ner import rules
    from pipeline.ner.combine import english_gazetteer

    known = english_gazetteer()
    table = {n: v for n, v in known.items() if len(n) >= 3}
    pattern = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
                         + r")(?![A-Za-z0-9])")
    matcher, _ = rules._known_names(tuple(sorted(known.items())))
    names = sorted(table)
    rng = random.Random(7)
    for _ in range(500):
        pieces = [rng.choice(names + ["a", "1", " ", "x", "-", "中", ".", "of", "Bank"]) for _ in range(rng.randint(1, 8))]
        text = rng.choice(["", " ", "x"]).join(pieces)
        for run in rules._LATIN_RUN.finditer(text):
            expected = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text, run.start(), run.end())]
            assert matcher.find(text, run.start(), run.end()) == expected, text
