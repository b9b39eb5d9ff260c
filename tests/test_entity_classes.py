"""Entity classes added for issue 15 (the entity stage): evidence, gazetteers, spans, layout wraps.

Each class is checked through ``pipeline.process`` (what a user gets) on Traditional, Simplified and
English text written for the test (public facts), plus the unit functions it relies on.
"""

from __future__ import annotations

import pytest

import pipeline
from entity_helpers import found, mentions, texts
from pipeline.ner.evidence import cued_elsewhere, is_dotted_transliteration, person_evidence
from pipeline.ner.rules import Candidate, headed_candidates
from pipeline.ner.spans import soft_breaks, split_foreign_prefix
from pipeline.stages.entities import _forward, _unwrap


# ---------------------------------------------------------------- gazetteers: universities, armies
@pytest.mark.parametrize("text, name", [
    ("他是北大校友，後來在清華任教。", "北大"),          # Traditional
    ("他是北大校友，后来在清华任教。", "清华"),          # Simplified
    ("她畢業於台大，現任職於成功大學。", "台大"),
    ("港大和浸大合作研究。", "港大"),
])
def test_university_short_forms(text: str, name: str) -> None:
    assert (name, "ORG") in found(text)


def test_university_english_name() -> None:
    assert ("Peking University", "ORG") in found("He studied at Peking University before moving to Hong Kong.")


@pytest.mark.parametrize("text, name", [
    ("1937年日軍侵佔華北，美軍其後參戰。", "日軍"),      # Traditional
    ("1937年日军侵占华北，美军其后参战。", "日军"),      # Simplified
    ("国军在台湾完成换装。", "国军"),
])
def test_armies_are_org(text: str, name: str) -> None:
    assert (name, "ORG") in found(text)


# ---------------------------------------------------------------- a short name read as a common word
@pytest.mark.parametrize("text", [
    "這個故事使我聯想到當前的農村。",                    # Traditional: 聯想 the verb
    "这个故事使我联想到当前的农村。",                    # Simplified
])
def test_short_gazetteer_name_read_as_verb_is_no_entity(text: str) -> None:
    assert not any(t in ("联想", "聯想") for t in texts(text))


def test_company_name_still_found() -> None:
    assert ("联想集团", "ORG") in found("联想集团发布了新的财报。")
    assert ("Lenovo", "ORG") in found("Lenovo reported higher revenue in its latest quarter.")


# ---------------------------------------------------------------- spans: joiners, datelines, foreign prefixes
@pytest.mark.parametrize("text, left, right", [
    ("財政部會同林業局制定方案。", "財政部", "林業局"),   # Traditional
    ("财政部会同林业局制定方案。", "财政部", "林业局"),   # Simplified
])
def test_two_bodies_joined_by_a_verb_are_two(text: str, left: str, right: str) -> None:
    got = texts(text)
    assert left in got and right in got
    assert not any(left in t and right in t for t in got)


def test_head_rule_stops_at_joiner() -> None:
    text = "环保总局会同发展改革委研究。"
    words = [(0, 4, "n"), (4, 6, "n"), (6, 8, "vn"), (8, 10, "vn"), (10, 11, "zg"), (11, 13, "v"), (13, 14, "x")]
    got = {text[c.start:c.end] for c in headed_candidates(text, words, ((("发展改革委",), "ORG"),), [False] * len(text))}
    assert "环保总局会同发展改革委" not in got


@pytest.mark.parametrize("text, name", [
    ("新華社北京5月24日電中國登山協會消息：登山隊凱旋。", "中國登山協會"),   # Traditional
    ("新华社北京5月24日电中国登山协会消息：登山队凯旋。", "中国登山协会"),   # Simplified
])
def test_dateline_end_is_not_part_of_a_name(text: str, name: str) -> None:
    got = texts(text)
    assert not any(t.startswith(("電", "电")) and t.endswith(name) for t in got)


@pytest.mark.parametrize("text, place, org", [
    ("作者為美國杜克大學醫學院教授。", "美國", "杜克大學醫學院"),     # Traditional
    ("作者为美国杜克大学医学院教授。", "美国", "杜克大学医学院"),     # Simplified
    ("荷兰ASML公司生产光刻机。", "荷兰", "ASML公司"),
])
def test_country_before_a_foreign_body_is_its_own_mention(text: str, place: str, org: str) -> None:
    got = found(text)
    assert (place, "GPE") in got and (org, "ORG") in got


def test_chinese_body_named_after_its_place_stays_one() -> None:
    assert ("深圳市发改委", "ORG") in found("深圳市发改委今天发布通知。")
    spans = split_foreign_prefix("深圳市发改委", [Candidate(0, 6, "ORG", "rule")], frozenset({"深圳市", "深圳"}),
                                 frozenset("杜克"))
    assert [(c.start, c.end, c.label) for c in spans] == [(0, 6, "ORG")]


def test_english_country_prefix_is_separate() -> None:
    got = found("Japan-based Tokyo Electron supplies etching tools.")
    assert ("Japan", "GPE") in got and ("Tokyo Electron", "ORG") in got


# ---------------------------------------------------------------- people: evidence
@pytest.mark.parametrize("text, name", [
    ("著名漫畫家丁聰來到鄭州。當晚，丁聰的演講座無虛席。", "丁聰"),   # Traditional
    ("著名漫画家丁聪来到郑州。当晚，丁聪的演讲座无虚席。", "丁聪"),   # Simplified
])
def test_name_cued_elsewhere_in_the_document(text: str, name: str) -> None:
    assert [t for t, label in mentions(text) if label == "PERSON"].count(name) == 2


def test_cued_elsewhere_unit() -> None:
    text = "当晚丁聪的演讲座无虚席。漫画家丁聪说，这是他第一次来。"
    assert cued_elsewhere(text, "丁聪")
    assert not cued_elsewhere("集体林权制度改革，林权流转。", "林权")


@pytest.mark.parametrize("name, expected", [
    ("托·怀塔克", True), ("彼得·汉默", True), ("中国·深圳", False), ("研究·发展", False),
])
def test_dotted_transliteration(name: str, expected: bool) -> None:
    assert is_dotted_transliteration(name, frozenset({"中国", "深圳"})) is expected


def test_listed_words_need_a_cue() -> None:
    text = "集体林权制度改革"
    start = text.index("林权")
    assert not person_evidence(text, start, start + 2, segmenter_name=True)
    text = "下岗女工陈辉当场签约"
    start = text.index("陈辉")
    assert person_evidence(text, start, start + 2)  # 女工: a role cue
    text = "他们和阳靖一起值班"
    start = text.index("阳靖")
    assert person_evidence(text, start, start + 2, segmenter_name=True)  # unlisted, tagged nr
    assert not person_evidence(text, start, start + 2, segmenter_name=False)


@pytest.mark.parametrize("text", [
    "集體林權制度改革深入推進，林權流轉更加規範。",      # Traditional
    "集体林权制度改革深入推进，林权流转更加规范。",      # Simplified
    "The hash of each block (哈希值) is checked by every node.",
])
def test_domain_terms_are_not_people(text: str) -> None:
    assert not any(label == "PERSON" for _, label in mentions(text))


def test_english_roster_names() -> None:
    got = found("Chairman, Board of Directors: Chin-Long Yang. Deputy Governor: Saif M. Khan.")
    assert ("Chin-Long Yang", "PERSON") in got and ("Saif M. Khan", "PERSON") in got


# ---------------------------------------------------------------- places: natural features, villages
@pytest.mark.parametrize("text, name", [
    ("我登臨了狼牙山，親睹了當年五壯士跳崖處。", "狼牙山"),   # Traditional
    ("我登临了狼牙山，亲睹了当年五壮士跳崖处。", "狼牙山"),   # Simplified
])
def test_mountain_is_place_not_facility(text: str, name: str) -> None:
    labels = {label for t, label in mentions(text) if t == name}
    assert "FAC" not in labels


@pytest.mark.parametrize("text, village", [
    ("巴東縣官渡口鎮馬鬃山村地質險情調查。做好馬鬃山村及周圍地區的監測。", "馬鬃山村"),
    ("巴东县官渡口镇马鬃山村地质险情调查。做好马鬃山村及周围地区的监测。", "马鬃山村"),
])
def test_village_keeps_its_division_character(text: str, village: str) -> None:
    got = texts(text)
    assert village in got and village[:-1] not in got


def test_team_named_after_a_place() -> None:
    got = found("古巴队胜刚果队，中国代表团团长表示满意。")
    assert ("古巴队", "ORG") in got


# ---------------------------------------------------------------- layout: hard-wrapped paragraphs
def test_soft_breaks_and_unwrap_units() -> None:
    text = "主席，運\n輸及房屋局局長今天回覆。\n下一段"
    sentences = [(0, 16), (17, 20)]
    breaks = soft_breaks(text, sentences)
    assert breaks == [4]
    view, back = _unwrap(text, breaks)
    assert view == "主席，運輸及房屋局局長今天回覆。\n下一段"
    assert [back[i] for i in range(3, 5)] == [3, 5]
    fwd = _forward(back, len(text))
    assert fwd[5] == 4 and fwd[0] == 0 and fwd[len(text)] == len(view)
    view_en, _ = _unwrap("the Special\nAdministrative Region", [11])
    assert view_en == "the Special Administrative Region"


def _hansard(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def test_wrapped_body_name_found_whole_traditional() -> None:
    body = ("主席，就議員的質詢，運輸及房屋局局長今天作出回覆。政府一直密切留意區內交通情況，並會與有關部門"
            "保持聯繫，確保各項改善措施按計劃推行。我們會繼續聽取區議會及市民的意見，適時檢討安排，以回應"
            "社會的期望。運輸及房屋局亦會與運輸署研究在區內增設巴士路線的可行性，並在適當時候向立法會交"
            "通事務委員會匯報進展。此外，政府會研究優化公共運輸交匯處的設計，以方便乘客轉乘，減少等候的時"
            "間。") * 2
    width = 30
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    text = _hansard(lines)
    got = texts(text)
    assert any(t.replace("\n", "") == "運輸及房屋局" for t in got)


# ---------------------------------------------------------------- a government named after its leader
@pytest.mark.parametrize("text, leader", [
    ("The Trump Administration raised tariffs on steel.", "Trump"),
    ("他批評川普政府的關稅政策。", "川普"),                 # Traditional
    ("他批评特朗普政府的关税政策。", "特朗普"),             # Simplified
])
def test_government_named_after_its_leader_is_the_person(text: str, leader: str) -> None:
    got = found(text)
    assert (leader, "PERSON") in got
    assert not any(label == "ORG" and leader in t for t, label in got)


def test_maritime_administration_stays_org() -> None:
    assert not any(label == "PERSON" for _, label in mentions("The Maritime Administration issued a notice."))


# ---------------------------------------------------------------- a name that is a place and a person
@pytest.mark.parametrize("text, place", [
    ("興建往元朗的鐵路支線。", "元朗"),                     # Traditional
    ("兴建往元朗的铁路支线。", "元朗"),                     # Simplified
])
def test_place_wins_over_person_list(text: str, place: str) -> None:
    labels = {label for t, label in mentions(text) if t == place}
    assert labels and "PERSON" not in labels


# ---------------------------------------------------------------- generic: heads only, counted divisions
@pytest.mark.parametrize("text", [
    "各省、自治區、直轄市人民政府辦公廳，國務院各部委。",   # Traditional
    "各省、自治区、直辖市人民政府办公厅，国务院各部委。",   # Simplified
])
def test_heads_without_a_name_are_generic(text: str) -> None:
    assert not any(t in ("人民政府辦公廳", "人民政府办公厅") for t in texts(text))


def test_is_generic_stacked_heads() -> None:
    from pipeline.ner.combine import is_place_name, org_heads
    from pipeline.ner.spans import is_generic

    assert is_generic("人民政府办公厅", "ORG", org_heads(), is_place_name)
    assert not is_generic("广东省人民政府办公厅", "ORG", org_heads(), is_place_name)


@pytest.mark.parametrize("text", [
    "全鎮共有5個村受災，其中3個村需要搬遷。",               # Traditional
    "全镇共有5个村受灾，其中3个村需要搬迁。",               # Simplified
])
def test_counted_divisions_are_no_place(text: str) -> None:
    assert not any(t[:1].isdigit() for t in texts(text))


# ---------------------------------------------------------------- report titles in 「」 / “”
@pytest.mark.parametrize("text, inside", [
    ("開源社首次發布「中國開源年度報告」至今已十年。", "中國"),      # Traditional
    ("开源社首次发布“中国开源生态系统报告”至今已十年。", "中国"),    # Simplified
])
def test_names_inside_a_quoted_report_title_are_not_tagged(text: str, inside: str) -> None:
    assert (inside, "GPE") not in found(text)


@pytest.mark.parametrize("text, name", [
    ("他說：「台灣經濟穩健成長。」", "台灣"),                        # Traditional speech
    ("他说：“中国经济稳中向好。”", "中国"),                          # Simplified speech
    ("He said: “China will keep growing.”", "China"),              # English speech
])
def test_names_inside_quoted_speech_are_tagged(text: str, name: str) -> None:
    assert (name, "GPE") in found(text)


# ---------------------------------------------------------------- site navigation
@pytest.mark.parametrize("text, name", [
    ("首頁 > 新聞中心 > 財政部新聞稿\n財政部今日公布統計。", "財政部"),    # Traditional
    ("首页 > 新闻中心 > 财政部新闻稿\n财政部今日公布统计。", "财政部"),    # Simplified
    ("Home > CRS Products (Library of Congress) > IN12680\nThe Federal Reserve raised rates.", "Federal Reserve"),
])
def test_breadcrumb_lines_give_no_entities(text: str, name: str) -> None:
    record = pipeline.process(text)
    first_line_end = text.index("\n")
    assert not any(m["start"] < first_line_end for m in record["entities"])
    assert any((m.get("text_original") or m["text"]) == name for m in record["entities"])


@pytest.mark.parametrize("text, compound", [
    ("澳琴兩地攜手打造國際休閒旅遊島，促進澳琴融合發展。", "澳琴"),   # Macao-Hengqin, Traditional
    ("加快推进澳琴一体化，构建澳琴协同发展新格局。", "澳琴"),         # Simplified
    ("川渝两地合作建设成渝地区双城经济圈。", "川渝"),
])
def test_a_compound_of_region_abbreviations_is_no_place(text, compound):
    entities = pipeline.process(text)["entities"]
    assert compound not in {e["text"] for e in entities}


def test_a_gazetteer_place_made_of_abbreviation_letters_stays_a_place():
    assert ("台中", "GPE") in {(e["text"], e["label"]) for e in pipeline.process("台中今日氣溫偏高，台中居民注意防暑。")["entities"]}
