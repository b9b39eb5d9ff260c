"""Document region (TW / HK / MO / CN / INTL): whose currency a bare 元 / $ is (GUIDELINES §2, §6, §10)."""

from __future__ import annotations

import pytest

import pipeline
from pipeline.region import bare_currency, detect_region


# detect_region reads the clean Simplified text (doc.text) and conversion's variant of the original
@pytest.mark.parametrize("text, variant, region", [
    ("行政院会今日通过新台币4100亿元特别预算，立法院将审议。", "tw", "TW"),       # from Traditional, Taiwan
    ("立法会财务委员会批准拨款港元30亿，特区政府表示。", "hk", "HK"),             # from Traditional, Hong Kong
    ("澳门特别行政区政府宣布，本澳居民可获澳门元5000元。", "hk", "MO"),           # Macao writes HK forms
    ("横琴粤澳深度合作区执行委员会发布新政，合作区对横琴人才给予奖励。", "hk", "CN"),  # a Hengqin policy: renminbi
    ("国务院办公厅关于安排资金300亿元的通知", "simplified", "CN"),               # Simplified, mainland
    ("粤港澳大湾区材料产业发展", "traditional", "CN"),                            # no marker: Chinese → CN
    ("全民国家安全教育日活动在澳门特别行政区举行，本澳全民国家安全意识提升。", "traditional", "MO"),  # 民国 inside 全民国家
    ("人民国家安全意识，全民国家安全教育，全民国家观念。", "simplified", "CN"),   # ... is no ROC calendar
    ("中华民国114年度总预算，民国九十年以来首见。", "traditional", "TW"),
    ("The HKSAR Government will spend HK$1.2 billion, the Legislative Council heard.", None, "HK"),
    ("The Federal Reserve raised the target range by 25 basis points.", None, "INTL"),
    ("Hong Kong was mentioned once in this Federal Reserve note.", None, "INTL"),  # one mention is not enough
])
def test_detect_region(text: str, variant: str | None, region: str) -> None:
    assert detect_region(text, variant) == region


def test_bare_currency_by_region() -> None:
    assert [bare_currency(r, dollar=False) for r in ("TW", "HK", "MO", "CN", "INTL")] == \
        ["TWD", "HKD", "MOP", "CNY", "CNY"]
    assert [bare_currency(r, dollar=True) for r in ("TW", "HK", "MO", "CN", "INTL")] == \
        ["TWD", "HKD", "MOP", "USD", "USD"]


@pytest.mark.parametrize("text, region, unit, source", [
    ("行政院表示，中央政府總預算新台幣3000億元，另編列500億元。", "TW", "TWD", "inferred"),
    ("立法會：特區政府撥款港元50億，另資助200萬元。", "HK", "HKD", "inferred"),
    ("国务院安排中央预算内投资300亿元。", "CN", "CNY", "inferred"),
])
def test_record_region_and_currency_source(text: str, region: str, unit: str, source: str) -> None:
    record = pipeline.process(text)
    assert record["source"]["region"] == region
    money = [f for f in record["figures"] if f["kind"] == "money"]
    assert money and money[-1]["unit"] == unit and money[-1]["currency_source"] == source
    stated = [f for f in money if f["currency_source"] == "stated"]
    assert all(f["unit"] == unit for f in stated)


def _money(text: str) -> list[tuple[str, str, str]]:
    record = pipeline.process(text)
    return [(f["text"], f["unit"], f["currency_source"]) for f in record["figures"] if f["kind"] == "money"]


def test_a_paragraph_of_another_region_gives_its_bare_yuan_that_regions_currency() -> None:
    # a Hong Kong budget text with a paragraph on Taiwan (Traditional)
    hk = ("香港特別行政區政府財政司司長今日發表預算案，政府撥款港元300億元，另撥50億元支援中小企。\n"
          "台灣方面，行政院宣布以新台幣4100億元推動特別預算，其中200億元用於補助民眾。\n"
          "立法會議員表示支持，特區政府將預留100億元。")
    assert _money(hk) == [("港元300亿元", "HKD", "stated"), ("50亿元", "HKD", "inferred"),
                          ("新台币4100亿元", "TWD", "stated"), ("200亿元", "TWD", "inferred"),
                          ("100亿元", "HKD", "inferred")]
    # a mainland notice with a paragraph on Macao (Simplified)
    cn = ("中共中央、国务院印发通知，中央财政安排人民币300亿元支持地方。\n"
          "澳门特别行政区政府宣布，本澳居民可获澳门元5000元，另发放消费卡3000元。\n"
          "国务院常务会议决定，下达资金200亿元。")
    assert [unit for _, unit, _ in _money(cn)] == ["CNY", "MOP", "MOP", "CNY"]


def test_a_paragraph_of_another_region_in_english() -> None:
    text = ("The HKSAR Government will spend HK$1.2 billion on housing, the Legislative Council heard. "
            "The Financial Secretary set aside $500 million more.\n"
            "In Taiwan, the Executive Yuan approved NT$410 billion and the Legislative Yuan set aside $20 billion.")
    assert [unit for _, unit, _ in _money(text)] == ["HKD", "HKD", "TWD", "TWD"]


def test_one_passing_mention_does_not_make_a_paragraph_another_region() -> None:
    text = ("香港特別行政區政府財政司司長今日發表預算案，政府撥款港元300億元。\n"
            "議員提及台北的經驗，建議撥款20億元。")  # 台北 alone (weight 2) is no Taiwan paragraph
    assert _money(text)[-1][1] == "HKD"
