"""A building or the body housed in it (issue 15, guidelines §10): pipeline/ner/buildings.py.

Sentences written for the test in the style of Taiwan Presidential Office releases, Hong Kong policy
addresses (Traditional) and mainland news (Simplified).
"""

from __future__ import annotations

import pytest

from entity_helpers import found


@pytest.mark.parametrize("text, name, label", [
    # the seat as a place (Traditional) vs the office
    ("副總統今日上午在總統府接受外賓致意。", "總統府", "FAC"),
    ("外賓上午前往總統府，向總統握手致意。", "總統府", "FAC"),
    ("總統今日上午在總統府大禮堂發表談話。", "總統府大禮堂", "FAC"),
    ("總統府秘書長潘孟安也在座。", "總統府", "ORG"),
    # Simplified
    ("代表团前往总统府递交国书。", "总统府", "FAC"),
    ("总统府发言人表示欢迎。", "总统府", "ORG"),
])
def test_seat_building_or_office(text: str, name: str, label: str) -> None:
    assert (name, label) in found(text)


@pytest.mark.parametrize("text, names", [
    # a hospital building programme (Hong Kong policy address style, Traditional)
    ("我們現正積極籌備興建天水圍醫院，以及擴建與重建聯合醫院、廣華醫院及瑪麗醫院。",
     ["天水圍醫院", "聯合醫院", "廣華醫院", "瑪麗醫院"]),
    ("剛建成的北大嶼山醫院將於今年投入服務，將軍澳醫院擴建工程及明愛醫院第二期重建亦將完工。",
     ["北大嶼山醫院", "將軍澳醫院", "明愛醫院"]),
    # Simplified (mainland construction news)
    ("该市将新建人民医院，并扩建中医医院。", ["人民医院", "中医医院"]),
    ("我们计划重建葵涌医院。", ["葵涌医院"]),
])
def test_hospitals_being_built_are_facilities(text: str, names: list[str]) -> None:
    got = found(text)
    for name in names:
        assert (name, "FAC") in got


@pytest.mark.parametrize("text", [
    "北京协和医院院长表示，将加强合作。",
    "一名男子受伤后被送往医院救治。",
    "政府會興建新的醫院，並監管私家醫院。",
])
def test_hospitals_as_institutions_or_generic_are_not_facilities(text: str) -> None:
    assert not any(label == "FAC" for _, label in found(text))


@pytest.mark.parametrize("text, name, label", [
    # English (Hong Kong policy address and Taiwan Presidential Office releases in English)
    ("The Government will redevelop Queen Mary Hospital next year.", "Queen Mary Hospital", "FAC"),
    ("The expansion of Tseung Kwan O Hospital will be completed.", "Tseung Kwan O Hospital", "FAC"),
    ("Queen Mary Hospital said it was ready.", "Queen Mary Hospital", "ORG"),
    ("She works at Queen Mary Hospital.", "Queen Mary Hospital", "ORG"),
    ("The guests arrived at the Presidential Office.", "Presidential Office", "FAC"),
    ("The Presidential Office said the talks went well.", "Presidential Office", "ORG"),
])
def test_english_building_or_body(text: str, name: str, label: str) -> None:
    assert (name, label) in found(text)
