"""English path of segmentation: spaCy tokens and sentences for English paragraphs; English inside
Chinese stays whole; Chinese reports are segmented exactly as before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import RESOURCES_DIR
from pipeline.stages.segment import (build_tagger, protected_spans, split_english_sentences, split_sentences,
                                     tokenize, tokenize_english)
from test_bilingual_wiring import prepare, read_fixture

USER_DICT = RESOURCES_DIR / "segment" / "user_dict.txt"


def words(tokens):
    return [t.text for t in tokens if not t.text.isspace()]


def test_english_tokens_follow_spacy_and_keep_figures_whole():
    text = "Dr. Wang said the U.S. firm's output rose 5.45% to US$2.1 trillion in 2024."
    tokens = tokenize_english(text, 0, len(text))
    assert "".join(t.text for t in tokens) == text
    got = words(tokens)
    assert got[:3] == ["Dr.", "Wang", "said"]
    assert "U.S." in got and "firm" in got and "'s" in got and "5.45%" in got
    assert {t.pos for t in tokens if t.text == "5.45%"} == {"m"}
    assert {t.pos for t in tokens if t.text in ("said", "Wang", "firm", "output")} == {"eng"}
    tags = {t.text: t.pos for t in tokens}
    assert (tags["the"], tags["to"], tags["in"], tags["'s"]) == ("r", "u", "p", "u")  # function words
    assert tokens[-1].text == "." and tokens[-1].pos == "x"


def test_english_sentences_respect_abbreviations():
    text = ('Dr. Jane Doe of Acme Inc. said the U.S. economy grew 3.5% in 2024. GDP rose by US$2.1 trillion, '
            'e.g. in Guangdong. Did it? "Yes." Spending reached approx. five billion.')
    sentences = [text[s:e] for s, e in split_english_sentences(text, 0, len(text))]
    assert sentences == [
        "Dr. Jane Doe of Acme Inc. said the U.S. economy grew 3.5% in 2024.",
        "GDP rose by US$2.1 trillion, e.g. in Guangdong.",
        "Did it?",
        '"Yes."',
        "Spending reached approx. five billion.",
    ]


def test_chinese_splitter_keeps_english_abbreviations_together():
    text = "报告由Dr. Wang撰写。The U.S. share fell. 下一句。"
    sentences = [text[s:e] for s, e in split_sentences(text, [(0, len(text))])]
    assert sentences == ["报告由Dr. Wang撰写。", "The U.S. share fell.", "下一句。"]


def test_abbreviation_file_covers_spacys_tokenizer_exceptions():
    """The splitter reads abbreviations from a file (no spaCy import for Chinese text); it was generated
    from spaCy's English exceptions and must still hold all of them after a spaCy upgrade."""
    import spacy

    from pipeline.stages.segment import english_abbreviations

    rules = spacy.blank("en").tokenizer.rules or {}
    from_spacy = {key for key in rules if key.endswith(".") and len(key) > 1}
    assert from_spacy and from_spacy <= english_abbreviations()
    assert {"Dr.", "Inc.", "Corp.", "Calif."} <= english_abbreviations()


def test_english_inside_chinese_stays_whole():
    text = "世界知识产权组织与World Intellectual Property Organization、Songshan Lake Materials Laboratory加强R&D投入，O'Neil说。"
    tagger = build_tagger("rjieba", USER_DICT, True)
    got = words(tokenize(text, tagger, protected_spans(text, USER_DICT)))
    for term in ("World Intellectual Property Organization", "Songshan Lake Materials Laboratory", "R&D", "O'Neil"):
        assert term in got


def test_english_report_is_segmented_by_spacy():
    doc = prepare(read_fixture("policy_brief_en.txt"))
    text = doc.text
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    got = words(doc.tokens)
    assert "Co." in got and "Ltd." in got and "US$150 million" in got or "US$150" in got
    sentences = [text[s:e] for s, e in doc.sentences]
    assert "Executive Summary" in sentences
    assert ("Dr. Wang Weihua said that the laboratory had invested US$150 million in shared instruments "
            "since 2019.") in sentences
    assert any(s.startswith("WIPO also noted that Huawei Technologies Co., Ltd. filed") for s in sentences)
    # no sentence crosses a paragraph
    for s, e in doc.sentences:
        assert "\n" not in text[s:e]


def test_english_prose_inside_a_mixed_paragraph_goes_to_spacy():
    doc = prepare(read_fixture("mixed_zh_en.txt"))
    got = words(doc.tokens)
    assert "AI for Science" in got and "14 GPa" in got and "ArF" in got and "EUV" in got
    assert "Songshan Lake Materials Laboratory" in got and "Peking University" in got
    estimated = [t for t in doc.tokens if t.text == "estimated"]
    assert estimated and estimated[0].pos == "eng"
    sentences = [doc.text[s:e] for s, e in doc.sentences]
    assert "The World Bank estimated that R&D spending in the region exceeded 3.5% of GDP in 2023." in sentences


def test_chinese_report_tokens_unchanged_by_the_english_path(seed_text):
    """The seed (all paragraphs zh) is tokenized in one jieba pass exactly as before the English path."""
    doc = prepare(seed_text)
    tagger = build_tagger("rjieba", USER_DICT, True)
    reference = tokenize(doc.text, tagger, protected_spans(doc.text, USER_DICT))
    assert [(t.text, t.pos, t.start) for t in doc.tokens] == [(t.text, t.pos, t.start) for t in reference]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc XYZ.,!?'-$%19\n")), max_size=60))
def test_english_tokens_cover_the_region(text):
    tokens = tokenize_english(text, 0, len(text))
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text and t.text for t in tokens)
    for s, e in split_english_sentences(text, 0, len(text)):
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
