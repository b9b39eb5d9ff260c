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
