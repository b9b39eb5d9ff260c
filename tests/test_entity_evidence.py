"""Entities users can trust (issue 15): evidence for names, regional gazetteers, clean spans, English rosters.

Every class is checked through ``pipeline.process`` (what a user gets) on Traditional, Simplified and English
text written for the test (public facts), plus the unit functions it relies on.
"""

from __future__ import annotations

import pytest

from entity_helpers import found, mentions, texts
from pipeline.ner.evidence import has_cue, is_transliteration, person_evidence
from pipeline.ner.rules import Candidate, dotted_name_candidates
from pipeline.ner.spans import is_generic, merge_place_prefix, trim_front


# ---------------------------------------------------------------- gazetteers of the regions
@pytest.mark.parametrize("text, name, label", [
    ("行政院會今天通過總預算案，送立法院審議。", "行政院", "ORG"),
    ("行政院會今天通過總預算案，送立法院審議。", "立法院", "ORG"),
    ("行政院主計總處今天公布經濟成長率。", "行政院主計總處", "ORG"),
    ("主計總處表示，出口持續成長。", "主計總處", "ORG"),
    ("立法會今日通過撥款，發展局局長出席。", "立法會", "ORG"),
    ("立法會今日通過撥款，發展局局長出席。", "發展局", "ORG"),
    ("国家发改委和商务部联合发布通知。", "国家发改委", "ORG"),
    ("发改委表示将加快项目审批。", "发改委", "ORG"),
    ("中芯国际与台积电的差距仍然明显。", "中芯国际", "ORG"),
    ("中芯国际与台积电的差距仍然明显。", "台积电", "ORG"),
    ("鸿海在印度扩建工厂。", "鸿海", "ORG"),
    ("台灣民眾黨主席柯文哲今天表示反對。", "台灣民眾黨", "ORG"),
    ("台灣民眾黨主席柯文哲今天表示反對。", "柯文哲", "PERSON"),
    ("国家主席习近平会见了来访的客人。", "习近平", "PERSON"),
    ("东盟和欧盟的贸易额持续上升。", "东盟", "ORG"),
])
def test_regional_gazetteers(text: str, name: str, label: str) -> None:
    assert (name, label) in found(text)


def test_taiwan_party_is_not_a_place() -> None:
    assert ("台灣", "GPE") not in found("台灣民眾黨今天召開記者會。")


# ---------------------------------------------------------------- clean spans
def test_leading_verb_and_preposition_are_trimmed() -> None:
    cand = Candidate(0, 8, "ORG", "rule")
    text = "委托中国地质大学开展研究"
    trimmed = trim_front(text, cand, lambda pos: pos == 2)
    assert trimmed is not None and text[trimmed.start:trimmed.end] == "中国地质大学"
    # gazetteer names are never trimmed (行政院 starts with 行)
    assert trim_front("行政院", Candidate(0, 3, "ORG", "gazetteer"), lambda pos: True).start == 0


@pytest.mark.parametrize("text, bad", [
    ("經濟部委託台灣經濟研究院進行調查。", "委託台灣經濟研究院"),
    ("我们鼓励地方政府加大投入。", "鼓励地方政府"),
])
def test_no_span_starts_with_a_verb(text: str, bad: str) -> None:
    assert bad not in texts(text)


@pytest.mark.parametrize("surface, generic", [
    ("地方政府", True), ("上市公司", True), ("各级政府", True), ("鼓励地方政府", True),
    ("深圳市政府", False), ("广东省人民政府", False),
])
def test_generic_phrases(surface: str, generic: bool) -> None:
    from pipeline.ner.combine import is_place_name, org_heads

    assert is_generic(surface, "ORG", org_heads(), is_place_name) is generic


def test_place_then_body_is_one_org() -> None:
    text = "深圳市发改委发布通知"
    merged = merge_place_prefix(text, [Candidate(0, 3, "GPE", "gazetteer"), Candidate(3, 6, "ORG", "gazetteer")])
    assert [(text[c.start:c.end], c.label) for c in merged] == [("深圳市发改委", "ORG")]
    # a country in front of a company stays apart (荷兰 + ASML公司)
    text = "荷兰阿斯麦公司"
    apart = merge_place_prefix(text, [Candidate(0, 2, "GPE", "gazetteer"), Candidate(2, 7, "ORG", "rule")])
    assert len(apart) == 2


@pytest.mark.parametrize("text, org, place", [
    ("深圳市发改委今天发布通知。", "深圳市发改委", "深圳市"),
    ("湖北省地震局派出专家组。", "湖北省地震局", "湖北省"),
    ("香港特區政府今日公布施政報告。", "香港特區政府", "香港"),
])
def test_org_with_place_prefix_end_to_end(text: str, org: str, place: str) -> None:
    got = found(text)
    assert (org, "ORG") in got
    assert not any(t == place for t, _ in got)


# ---------------------------------------------------------------- evidence for names
@pytest.mark.parametrize("text, word", [
    ("要周密组织，精心安排。", "周密"),
    ("推进集体林权制度改革。", "林权"),
    ("婚丧嫁娶不得大操大办。", "大操大办"),
    ("區塊鏈使用哈希函數，哈希值不可逆。", "哈希"),
    ("秋天的叶子落了一地。", "叶子"),
    ("推进农业农村现代化。", "农业农村"),
])
def test_common_words_are_not_names(text: str, word: str) -> None:
    assert word not in texts(text)


def test_short_name_needs_a_cue() -> None:
    text = "会上，王芳说要加强管理。"
    start = text.index("王芳")
    assert has_cue(text, start, start + 2)
    assert person_evidence(text, start, start + 2)
    text = "周密组织"
    assert not person_evidence(text, 0, 2)  # common word, no cue
    assert not person_evidence("元朗", 0, 2, places=frozenset({"元朗"}))


def test_transliterated_names() -> None:
    assert is_transliteration("克林顿")
    assert not is_transliteration("中国")
    text = "爱德华·特勒和冯·诺依曼都来自匈牙利，中国·深圳。"
    names = [text[c.start:c.end] for c in dotted_name_candidates(text, frozenset({"中国", "深圳"}))]
    assert names == ["爱德华·特勒", "冯·诺依曼"]


# ---------------------------------------------------------------- English
def test_english_roster_names() -> None:
    text = ("Voting for the monetary policy action were Jerome H. Powell, Chair; John C. Williams, Vice Chair; "
            "and Christopher J. Waller. Chairman, Board of Directors: Chin-Long Yang.")
    got = found(text)
    for name in ("Jerome H. Powell", "John C. Williams", "Christopher J. Waller", "Chin-Long Yang"):
        assert (name, "PERSON") in got


def test_english_companies_and_no_place_inside() -> None:
    got = found("Japan-based Tokyo Electron, Applied Materials, KLA and Lam Research supply the fabs; UBS and IBM.")
    for name in ("Tokyo Electron", "Applied Materials", "KLA", "Lam Research", "UBS", "IBM"):
        assert (name, "ORG") in got
    assert ("Japan", "GPE") in got
    assert ("Tokyo", "GPE") not in got


def test_english_body_is_no_person() -> None:
    assert ("Federal Reserve Board", "PERSON") not in found("The Federal Reserve Board said rates were unchanged.")


# ---------------------------------------------------------------- ads and footers
@pytest.mark.parametrize("text, ad_name, kept", [
    ("疫情指揮中心今日公布新增病例。\n【限時優惠】台北室內設計免費到府丈量\n新北市新增三例。", "台北", "新北市"),
    ("深圳市发改委发布通知。\n【限时优惠】京东购物卡折扣抢购，立即购买\n广州市新增项目。", "京东", "广州市"),
])
def test_no_entity_from_ad_lines(text: str, ad_name: str, kept: str) -> None:
    got = texts(text)
    assert ad_name not in got
    assert kept in got


def test_english_possessive_and_inverted_initial() -> None:
    got = found("President Trump met Lee Jae Myung. Trump's tariffs worried the Federal Reserve Bank of New York's staff.")
    assert ("Trump", "PERSON") in got
    assert not any(t.endswith("'s") for t, _ in got)
    assert ("Andrew P.", "PERSON") not in found("Authors: Labonte, Marc; Scott, Andrew P.\nThe report.")


def test_names_inside_ideology_names_are_not_tagged() -> None:
    got = found("以习近平新时代中国特色社会主义思想为指导。习近平总书记指出，要坚持马克思主义。")
    assert ("习近平", "PERSON") in got  # the second, standalone mention
    assert sum(1 for t, _ in mentions("以习近平新时代中国特色社会主义思想为指导。习近平总书记指出。") if t == "习近平") == 1
    assert not any(label == "-" for _, label in got)


@pytest.mark.parametrize("text, short", [
    ("省政府印发了《关于加快发展的实施方案》（以下简称《方案》）。《方案》提出三项任务。", "方案"),
    ("公布《人才高質量發展若干措施》（下稱《若干措施》），《若干措施》緊扣需要。", "若干措施"),
])
def test_short_title_abbreviations_are_not_entities(text: str, short: str) -> None:
    got = texts(text)
    assert short not in got
    assert any(len(t) > len(short) and t.endswith(short) for t in got)  # the full title stays
