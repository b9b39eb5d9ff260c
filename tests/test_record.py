"""The seed's record: contract, schema, offsets, and the facts the foundation issue names."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

import pipeline
from pipeline.record import tokens
from pipeline.stages.emit import to_json, to_yaml

SCHEMA = json.loads((Path(pipeline.__file__).parent / "schema" / "record.schema.json").read_text(encoding="utf-8"))


def spans(record: dict):
    """Every item that claims a span, with the text it claims (if any)."""
    for item in tokens(record):
        yield "tokens", item, item["text"], None
    for key in ("entities", "figures"):
        for item in record[key]:
            yield key, item, item.get("text"), item.get("text_original")
    for section in record["sections"]:
        yield "sections", section, section["heading"], section["heading_original"]
    for paragraph in record["paragraphs"]:
        yield "paragraphs", paragraph, None, None
        for sentence in paragraph["sentences"]:
            yield "sentences", sentence, None, None
    for noise in record["noise"]:
        yield "noise", noise, "", noise["token_original"]


def check_offsets(record: dict) -> None:
    text, original = record["text"], record["text_original"]
    for kind, item, claimed, claimed_original in spans(record):
        assert 0 <= item["start"] <= item["end"] <= len(text), (kind, item)
        assert 0 <= item["start_original"] <= item["end_original"] <= len(original), (kind, item)
        if claimed is not None:
            assert text[item["start"]:item["end"]] == claimed, (kind, item)
        if claimed_original is not None:
            assert original[item["start_original"]:item["end_original"]] == claimed_original, (kind, item)


def test_schema_valid(seed_record):
    jsonschema.validate(seed_record, SCHEMA)


def test_offsets_slice_what_they_claim(seed_record):
    check_offsets(seed_record)


def test_record_keys_in_contract_order(seed_record):
    assert list(seed_record)[:8] == ["schema_version", "id", "source", "metadata", "text", "text_original",
                                     "sections", "paragraphs"]
    assert seed_record["id"] == "000_c7325925ba10cb96"
    assert seed_record["source"]["script"] == "traditional" and seed_record["source"]["language"] == "zh"


def test_seven_noise_removals_and_nothing_else(seed_record):
    removed = sorted(n["token"] for n in seed_record["noise"])
    assert removed == sorted(["瑜伽场地", "小树屋", "小树屋", "九宫格", "教学场地", "交流", "讲座"])
    originals = {n["token_original"] for n in seed_record["noise"]}
    assert {"瑜伽場地", "小樹屋", "九宮格", "教學場地", "講座"} <= originals
    text = seed_record["text"]
    for kept in ("镍氧化物", "新质生产力", "终端龙头企业", "持续性的投入", "企业和下游", "等激励措施",
                 "鼓励材料高技术人才交往交流"):
        assert kept in text
    for noise in ("瑜伽", "小树屋", "九宫格", "教学场地", "讲座"):
        assert noise not in text


def test_zhe_particle_forms(seed_record):
    text = seed_record["text"]
    for word in ("向着", "面临着", "代表着", "随着", "有着", "着力", "显著"):
        assert word in text


def test_metadata(seed_record):
    meta = seed_record["metadata"]
    assert [a["name"] for a in meta["authors"]] == ["赵紫威", "王灿", "黄庆礼", "汪卫华"]
    assert [a["name_original"] for a in meta["authors"]] == ["趙紫威", "王燦", "黃慶禮", "汪衛華"]
    assert meta["authors"][0]["affiliations"] == ["松山湖材料实验室"]
    assert meta["authors"][3]["affiliations"] == ["松山湖材料实验室", "中国科学院物理研究所"]
    assert [e["name"] for e in meta["editor"]] == ["杨柳春"]
    assert meta["publication"] == "中国科学院院刊"
    assert meta["outlet"] == "中国网"


def test_sections(seed_record):
    headings = {s["heading"]: s["level"] for s in seed_record["sections"]}
    for heading in ("发展基础", "发展优势", "存在的主要问题"):
        assert heading in headings
    assert headings["发展基础"] < headings["科技发展基本情况"]


REQUIRED_ENTITIES = {
    "ORG": ["中山大学", "松山湖材料实验室", "华为", "世界知识产权组织", "广东省人民政府"],
    "GPE": ["广州", "深圳", "香港", "澳门"],
    "PERSON": ["赵紫威", "王灿", "黄庆礼", "汪卫华", "杨柳春"],
    "FAC": ["中国散裂中子源"],
}


@pytest.mark.parametrize("label", sorted(REQUIRED_ENTITIES))
def test_required_entities(seed_record, label):
    found = {e["text"] for e in seed_record["entities"] if e["label"] == label}
    missing = [name for name in REQUIRED_ENTITIES[label] if name not in found]
    assert not missing, f"{label} missing: {missing}"


def test_no_generic_word_or_spam_is_an_entity(seed_record):
    texts = {e["text"] for e in seed_record["entities"]}
    for word in ("高水平", "阿秒", "卓越", "显微镜", "瑜伽场地", "小树屋", "九宫格", "教学场地", "讲座"):
        assert word not in texts


def _figure(record, text):
    matches = [f for f in record["figures"] if f["text"] == text]
    assert matches, f"no figure {text!r}"
    return matches[0]


@pytest.mark.parametrize("text, kind, value, unit", [
    ("5.45%", "percent", 5.45, "%"),
    ("12.48%", "percent", 12.48, "%"),
    ("14 GPa", "quantity", 14, "GPa"),
])
def test_required_figures(seed_record, text, kind, value, unit):
    figure = _figure(seed_record, text)
    assert (figure["kind"], figure["value"], figure["unit"]) == (kind, value, unit)


def test_money_and_approximations(seed_record):
    money = {f["value"]: f for f in seed_record["figures"] if f["kind"] == "money"}
    assert money[2.2e12]["unit"] == "CNY" and money[2.2e12]["approximate"] is True
    assert 2.8e12 in money
    percent = {f["value"] for f in seed_record["figures"] if f["kind"] == "percent"}
    assert 14.8 in percent
    duration = [f for f in seed_record["figures"] if f["kind"] == "duration" and f["value"] == 20]
    assert duration and duration[0]["unit"] == "year"
    years = {f["value"] for f in seed_record["figures"] if f["kind"] == "date"}
    assert {2019, 2022, 2023, 2024, 2025} <= years


def test_no_figure_from_place_names(seed_record):
    assert not [f for f in seed_record["figures"] if "三角" in f["text"]]


def test_output_is_byte_identical_across_runs(seed_text, seed_record):
    again = pipeline.process(seed_text, path="000_c7325925ba10cb96.txt", encoding="utf-8")
    assert to_json(again) == to_json(seed_record)
    assert to_yaml(again) == to_yaml(seed_record)


def test_processing_clean_text_again_removes_nothing(seed_record):
    again = pipeline.process(seed_record["text"])
    assert again["noise"] == []
    assert again["text"] == seed_record["text"]


def test_stats_agree_with_lists(seed_record):
    stats = seed_record["stats"]
    assert stats["noise_removed"] == len(seed_record["noise"]) == 7
    assert stats["entities"] == dict(sorted(Counter(e["label"] for e in seed_record["entities"]).items()))


def test_every_editor_of_a_credit_is_a_person_of_its_own():
    import pipeline

    record = pipeline.process("（中央社記者陳俊華台北24日電）行政院今天通過預算。\n（編輯：林克倫、蘇龍麒）1140424\n")
    editors = record["metadata"]["editor"]
    assert [(e["name"], e["name_original"]) for e in editors] == [("林克伦", "林克倫"), ("苏龙麒", "蘇龍麒")]
    for e in editors:
        assert record["text_original"][e["start_original"]:e["end_original"]] == e["name_original"]
        assert record["text"][e["start"]:e["end"]] == e["name"]
    english = pipeline.process("By Jane Doe\nEdited by Mary Major and John Smith\n\nThe bank raised rates.\n")
    assert [e["name"] for e in english["metadata"]["editor"]] == ["Mary Major", "John Smith"]
    assert pipeline.process("没有署名的短文。")["metadata"]["editor"] == []
