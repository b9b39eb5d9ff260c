"""The bilingual glossary: Chinese mentions get name_en, English mentions get name_zh; user-extensible."""

from __future__ import annotations

import pytest
import yaml

from pipeline.config import RESOURCES_DIR
from pipeline.stages.entities_en import LABELS
from pipeline.stages.glossary import annotate_names, bilingual_index, english_multiword_names, load_glossary
from test_bilingual_wiring import config_with, prepare

GLOSSARY = RESOURCES_DIR / "gazetteers" / "glossary.yaml"


def test_glossary_file_is_well_formed():
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data
    for zh, value in data.items():
        assert isinstance(value, (str, dict)), zh
        if isinstance(value, dict):
            assert value.get("en"), zh
            assert value.get("label") is None or value["label"] in LABELS, zh


@pytest.mark.parametrize("zh, en", [
    ("松山湖材料实验室", "Songshan Lake Materials Laboratory"),
    ("中国散裂中子源", "China Spallation Neutron Source"),
    ("粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area"),
    ("世界知识产权组织", "World Intellectual Property Organization"),
    ("中国科学院院刊", "Bulletin of the Chinese Academy of Sciences"),
    ("强流重离子加速器装置", "High Intensity Heavy-ion Accelerator Facility"),
])
def test_seed_names_have_english_names(zh, en):
    index = bilingual_index(str(GLOSSARY))
    assert index.zh_to_en[zh] == en
    assert index.en_to_zh[en.casefold()] == zh


def test_annotate_names_both_directions():
    doc = prepare("松山湖材料实验室与Songshan Lake Materials Laboratory。")
    mentions = [
        {"text": "松山湖材料实验室", "label": "ORG", "start": 0, "end": 8, "source": "gazetteer"},
        {"text": "WIPO", "label": "ORG", "start": 0, "end": 4, "source": "alias", "canonical": "世界知识产权组织"},
        {"text": "深圳市", "label": "GPE", "start": 0, "end": 3, "source": "gazetteer", "canonical": "深圳"},
        {"text": "Songshan Lake Materials Laboratory", "label": "ORG", "start": 0, "end": 1, "source": "gazetteer"},
        {"text": "CSNS", "label": "FAC", "start": 0, "end": 4, "source": "gazetteer",
         "canonical": "China Spallation Neutron Source"},
        {"text": "University of Hong Kong", "label": "ORG", "start": 0, "end": 1, "source": "rule"},
        {"text": "香港", "label": "GPE", "start": 0, "end": 2, "source": "gazetteer", "name_en": "HK (kept)"},
        {"text": "无名机构", "label": "ORG", "start": 0, "end": 4, "source": "rule"},
    ]
    annotate_names(mentions, doc)
    assert mentions[0]["name_en"] == "Songshan Lake Materials Laboratory"
    assert mentions[1]["name_en"] == "World Intellectual Property Organization"
    assert mentions[2]["name_en"] == "Shenzhen"
    assert mentions[3]["name_zh"] == "松山湖材料实验室" and "name_en" not in mentions[3]
    assert mentions[4]["name_zh"] == "中国散裂中子源"
    assert mentions[5]["name_zh"] == "香港大学"
    assert mentions[6]["name_en"] == "HK (kept)"  # a value set by an entity stage is kept
    assert "name_en" not in mentions[7] and "name_zh" not in mentions[7]


def test_user_glossary_extends_and_overrides(tmp_path):
    user = tmp_path / "my_glossary.yaml"
    user.write_text("东莞理工学院: {en: Dongguan University of Technology, label: ORG, aliases: [DGUT]}\n"
                    "松山湖材料实验室: SLAB Materials Lab\n", encoding="utf-8")
    config = config_with(glossary=str(user))
    doc = prepare("Dongguan University of Technology (DGUT) joined SLAB Materials Lab.", config)
    mentions = [{"text": "东莞理工学院", "label": "ORG", "start": 0, "end": 6, "source": "rule"},
                {"text": "松山湖材料实验室", "label": "ORG", "start": 0, "end": 8, "source": "rule"}]
    annotate_names(mentions, doc)
    assert mentions[0]["name_en"] == "Dongguan University of Technology"
    assert mentions[1]["name_en"] == "SLAB Materials Lab"
    assert load_glossary(str(user))["松山湖材料实验室"] == {"en": "SLAB Materials Lab", "aliases": []}
    from pipeline.stages.entities_en import extract_english_entities

    english = extract_english_entities(doc)
    annotate_names(english, doc)
    dgut = next(m for m in english if m["text"] == "Dongguan University of Technology")
    assert dgut["label"] == "ORG" and dgut["name_zh"] == "东莞理工学院" and dgut["aliases"] == ["DGUT"]


def test_bad_glossary_is_an_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mapping"):
        load_glossary(str(bad))


def test_multiword_english_names_for_segmentation():
    names = english_multiword_names()
    assert "World Intellectual Property Organization" in names and "Songshan Lake Materials Laboratory" in names
    assert all(" " in n for n in names)
