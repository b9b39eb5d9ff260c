"""Streets, roads and housing estates are FAC (issue 15, guidelines §10): pipeline/ner/streets.py.

Sentences written for the test in the style of Hong Kong Hansard (Traditional), mainland notices
(Simplified) and Taiwan addresses; prose words ending in 道/路/街 stay untagged.
"""

from __future__ import annotations

import pytest

from entity_helpers import found


@pytest.mark.parametrize("text, names", [
    # Traditional (Hong Kong Hansard: lists and bounds)
    ("政府計劃在位於深水埗深旺道、興華街西、東京街西與西九龍公路之間的用地興建住宅。",
     ["深旺道", "興華街西", "東京街西", "西九龍公路"]),
    ("一幅位於深旺道、發祥街西及英華街之間的用地。", ["深旺道", "發祥街西", "英華街"]),
    ("房委會正研究重建華富邨的可行性，並與海麗邨保持距離。", ["華富邨", "海麗邨"]),
    ("兩條路線分別往返天水圍及元朗福康街。", ["福康街"]),
    ("辦事處位於臺北市忠孝東路四段。", ["忠孝東路"]),
    # Simplified (mainland notices)
    ("游行队伍沿着中山路向南，经过人民路。", ["中山路", "人民路"]),
    ("北京市东城区王府井大街和长安街交界处。", ["长安街"]),
])
def test_streets_and_estates_are_facilities(text: str, names: list[str]) -> None:
    got = found(text)
    for name in names:
        assert (name, "FAC") in got


@pytest.mark.parametrize("text", [
    "拓宽融资渠道，加快轨道交通建设，走新路，坚持一带一路倡议。",
    "他在人行道上走，又在高速公路上开车，大多数路段可以通车。",
    "诸葛亮听到消息后，曾垂泪叹道：这是天意。",
    "政府會重建舊屋邨，並改善公共屋邨的設施。",
    # news prose (MSRA style): reduplication, adverb + verb, 路上 "on the way"
    "不如投入集团，共同闯富路。实现了乡乡通车、村村通路。创业难，创业路上有受不完的委屈。",
])
def test_prose_ending_in_road_words_is_not_a_street(text: str) -> None:
    assert not any(label == "FAC" for _, label in found(text))


@pytest.mark.parametrize("text, names", [
    # English (Hong Kong LegCo papers)
    ("The site is bounded by Sham Mong Road, Fat Tseung Street West and Ying Wah Street.",
     ["Sham Mong Road", "Fat Tseung Street West", "Ying Wah Street"]),
    ("The Housing Authority is studying the redevelopment of Wah Fu Estate.", ["Wah Fu Estate"]),
])
def test_english_streets_and_estates(text: str, names: list[str]) -> None:
    got = found(text)
    for name in names:
        assert (name, "FAC") in got


@pytest.mark.parametrize("text", [
    "The Belt and Road Initiative was discussed. The Road Map was published.",
    "Street View images were used.",
])
def test_english_street_head_inside_a_name_is_no_street(text: str) -> None:
    assert not any(label == "FAC" for _, label in found(text))


@pytest.mark.parametrize("text, name", [
    # a power plant named after a place the segmenter reads as a person name (mainland policy replies)
    ("大连市请求尽快审批庄河电厂项目。", "庄河电厂"),
    ("已优先考虑丹东电厂二期和元宝山电厂二期。", "元宝山电厂"),
    ("大連市請求盡快審批莊河電廠項目。", "莊河電廠"),
    ("The plan covers Castle Peak Power Station.", "Castle Peak Power Station"),
])
def test_infrastructure_named_after_unknown_place(text: str, name: str) -> None:
    assert (name, "FAC") in found(text)


def test_idiom_with_facility_head_is_not_a_facility() -> None:
    assert not any(label == "FAC" for _, label in found("这是一条充满活力的康庄大道，公司本着服务于民的宗旨。"))


@pytest.mark.parametrize("text, part", [
    ("隆福广场商场冷冷清清，顾客很少。", "隆福广场"),   # Simplified (mainland news)
    ("隆福廣場商場冷冷清清，顧客很少。", "隆福廣場"),   # Traditional
])
def test_facility_naming_a_business_is_not_the_facility(text: str, part: str) -> None:
    assert (part, "FAC") not in found(text)
