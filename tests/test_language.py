"""Language (zh / en / mixed) per document and paragraph; script (traditional / simplified / mixed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import RESOURCES_DIR
from pipeline.stages.convert import to_simplified
from pipeline.stages.language import detect_language, detect_script, has_han
from test_bilingual_wiring import prepare, read_fixture

OVERRIDES = RESOURCES_DIR / "convert" / "overrides.tsv"


def test_detect_language_cases():
    assert detect_language("粤港澳大湾区GDP规模持续增长，综合实力显著增强。") == "zh"
    assert detect_language("The Greater Bay Area has become one of the most dynamic regions in Asia.") == "en"
    assert detect_language("依托AI for Science平台，研究团队与Peking University and the Max Planck Society合作。") == "mixed"
    assert detect_language("2024 — 5.45%") is None
    assert detect_language("") is None


def test_a_few_english_terms_keep_a_chinese_paragraph_chinese():
    assert detect_language("在14 GPa高压下合成了新型镍氧化物，EUV和ArF光刻胶仍是短板。") == "zh"


def test_detect_script():
    original = "粵港澳大灣區發展"
    assert detect_script(original, to_simplified(original, "t2s", OVERRIDES)[0]) == "traditional"
    simplified = "粤港澳大湾区发展"
    assert detect_script(simplified, simplified) == "simplified"
    mixed = "粤港澳大湾区发展新质生产力，推动湾区现代化产业体系建设，支撑國家战略"
    assert detect_script(mixed, to_simplified(mixed, "t2s", OVERRIDES)[0]) == "mixed"
    assert detect_script("English only.", "English only.") is None


def test_seed_document_and_paragraphs(seed_text):
    doc = prepare(seed_text)
    assert doc.source["language"] == "zh" and doc.source["script"] == "traditional"
    assert {b.language for b in doc.blocks} == {"zh"}


def test_english_fixture():
    doc = prepare(read_fixture("policy_brief_en.txt"))
    assert doc.source["language"] == "en"
    assert doc.source["script"] is None  # no Han characters: no Chinese script
    assert {b.language for b in doc.blocks} == {"en"}


def test_mixed_fixture_paragraphs():
    doc = prepare(read_fixture("mixed_zh_en.txt"))
    languages = [b.language for b in doc.blocks]
    assert doc.source["language"] == "mixed"
    assert languages == ["zh", "mixed", "zh", "mixed"]
    assert doc.source["script"] == "simplified"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80))
def test_opencc_leaves_ascii_alone(text):
    """Why convert needs no English switch: t2s (and the override table) never touch ASCII."""
    converted, alignment = to_simplified(text, "t2s", OVERRIDES)
    assert converted == text
    assert alignment.dst_to_src(0, len(text)) == (0, len(text))


@given(st.text(max_size=60))
def test_language_is_defined_or_none(text):
    language = detect_language(text)
    assert language in ("zh", "en", "mixed", None)
    if language in ("zh", "mixed"):
        assert has_han(text)
