"""Foreign visitors and bodies (issue 15, entity stage): pipeline/ner/foreign.py.

Checked through ``pipeline.process`` on Traditional and Simplified text with Latin names in brackets
(sentences written for the test from public facts), plus the unit function for candidates.
"""

from __future__ import annotations

import pytest

from entity_helpers import found, mentions
from pipeline.ner.foreign import bracketed_name_candidates, japanese_list_candidates


# ------------------------------------------------- 1. Chinese name + (Latin name): two PERSON mentions
@pytest.mark.parametrize("text, zh, latin", [
    # Traditional (Taiwan Presidential Office style)
    ("總統今天接見巴拉圭眾議院議長拉多雷（Raúl Luis Latorre Martínez）一行。", "拉多雷", "Raúl Luis Latorre Martínez"),
    ("瑞典國會議員斯為汀（Johnny Svedin）表示支持。", "斯為汀", "Johnny Svedin"),
    ("總統貝尼亞（Santiago Peña Palacios）致詞。", "貝尼亞", "Santiago Peña Palacios"),
    # Simplified (mainland foreign-affairs news)
    ("外交部长会见荷兰外交大臣范德韦尔（Caspar van der Veldt）。", "范德韦尔", "Caspar van der Veldt"),
    ("总统马克龙(Emmanuel Macron)抵达北京。", "马克龙", "Emmanuel Macron"),
    # a list item after 、 with no title of its own
    ("議員高亞里（Nima Gholam Ali Pour）、賀爾邦（Erik Hellsborn）出席。", "賀爾邦", "Erik Hellsborn"),
])
def test_bracketed_latin_name_is_two_persons(text: str, zh: str, latin: str) -> None:
    got = found(text)
    assert (zh, "PERSON") in got
    assert (latin, "PERSON") in got
    assert not any(label in ("GPE", "LOC") for t, label in got if t in latin)  # not Santiago the city


@pytest.mark.parametrize("text, zh", [
    ("議長拉多雷（Raúl Latorre）抵台。拉多雷表示，兩國友誼深厚。", "拉多雷"),          # Traditional
    ("议长拉多雷（Raúl Latorre）抵台。拉多雷表示，两国友谊深厚。", "拉多雷"),          # Simplified
])
def test_defined_chinese_name_is_person_when_repeated(text: str, zh: str) -> None:
    assert sum(1 for t, label in mentions(text) if t == zh and label == "PERSON") == 2


@pytest.mark.parametrize("text", [
    "世界知识产权组织（World Intellectual Property Organization）发布报告。",   # an organisation
    "美國在台協會（American Institute in Taiwan）今天表示。",
    "國際貨幣基金（IMF）預測。",                                                # an acronym
    "本案適用（Act of Parliament）之規定。",                                     # no name before it
    "代表來自中國、紐西蘭（New Zealand）等地。",                                 # a country in a list
    "代表来自中国、新西兰（New Zealand）等地。",
])
def test_bracketed_organisation_or_acronym_is_not_a_person(text: str) -> None:
    assert not any(label == "PERSON" for _, label in mentions(text))


def test_candidates_unit() -> None:
    text = "议长拉多雷（Raúl Luis Latorre Martínez）"
    spans = {(text[c.start:c.end], c.label) for c in bracketed_name_candidates(text)}
    assert spans == {("拉多雷", "PERSON"), ("Raúl Luis Latorre Martínez", "PERSON")}
    assert bracketed_name_candidates("他说（Hello World）。") == []  # 他说: no name (no title, no transliteration)


# ------------------------------------------------- 2. place + body: one ORG, no place inside
@pytest.mark.parametrize("text, org", [
    # Traditional (Taiwan / Macao releases)
    ("總統接見巴拉圭共和國眾議院訪團。", "巴拉圭共和國眾議院"),
    ("活動獲中華人民共和國駐西班牙王國大使館支持。", "中華人民共和國駐西班牙王國大使館"),
    ("中國駐馬德里旅遊辦事處協辦。", "中國駐馬德里旅遊辦事處"),
    ("活動在馬德里中國文化中心舉行。", "馬德里中國文化中心"),
    ("美國在台協會台北辦事處處長出席。", "美國在台協會台北辦事處"),
    ("加拿大駐台北貿易辦事處代表出席。", "加拿大駐台北貿易辦事處"),
    ("瑞典國會議員來訪。", "瑞典國會"),
    # Simplified
    ("中华人民共和国驻西班牙王国大使馆举行招待会。", "中华人民共和国驻西班牙王国大使馆"),
    ("中国驻马德里旅游办事处协办。", "中国驻马德里旅游办事处"),
    ("新加坡驻台北商务办事处代表出席。", "新加坡驻台北商务办事处"),
])
def test_place_and_body_is_one_org(text: str, org: str) -> None:
    got = found(text)
    assert (org, "ORG") in got
    assert not any(label in ("GPE", "LOC") for t, label in got if t in org)


@pytest.mark.parametrize("text, places", [
    ("中國將在馬德里設立辦事處。", {"中國", "馬德里"}),           # a verb between: no body name
    ("中国和西班牙的大使馆都发表声明。", {"中国", "西班牙"}),      # a conjunction between
    ("深圳福田區政府", set()),                                      # a Chinese body: other rules decide
])
def test_no_merge_across_verbs_or_conjunctions(text: str, places: set[str]) -> None:
    got = found(text)
    for place in places:
        assert (place, "GPE") in got


# ------------------------------------------------- 3. lists of Japanese names after a title
@pytest.mark.parametrize("text, names", [
    # Traditional, each item with its own title (Taiwan Presidential Office guest lists)
    ("日本國會議員慶賀團：眾議員古屋圭司、眾議員小宮山泰子、眾議員東徹、參議員北村經夫；",
     {"古屋圭司", "小宮山泰子", "東徹", "北村經夫"}),
    # Traditional, one title for the list
    ("日本眾議員古屋圭司、小宮山泰子、金子恭之、井上信治出席。", {"古屋圭司", "小宮山泰子", "金子恭之", "井上信治"}),
    # Simplified
    ("日本众议员古屋圭司、小宫山泰子、金子恭之出席。", {"古屋圭司", "小宫山泰子", "金子恭之"}),
])
def test_japanese_name_list(text: str, names: set[str]) -> None:
    got = found(text)
    assert {(n, "PERSON") for n in names} <= got


def test_list_without_japanese_surnames_is_left_to_other_rules() -> None:
    assert japanese_list_candidates("部长王伟、李明、张华出席。") == []
    assert japanese_list_candidates("議員陳大明、林小華出席。") == []


@pytest.mark.parametrize("text, name", [
    ("總統感謝巴拉圭共和國的支持。", "巴拉圭共和國"),      # Traditional
    ("西班牙王国的代表出席。", "西班牙王国"),              # Simplified
])
def test_country_with_state_form_is_one_gpe(text: str, name: str) -> None:
    assert (name, "GPE") in found(text)
