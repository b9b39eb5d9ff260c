"""Segment: rjieba gives jieba's words; protected spans stay whole; sentences never cross lines."""

from pathlib import Path

import pytest

from pipeline.config import RESOURCES_DIR
from pipeline.stages.convert import to_simplified
from pipeline.stages.segment import build_tagger, split_sentences, tokenize

USER_DICT = RESOURCES_DIR / "segment" / "user_dict.txt"
FIXTURES = Path(__file__).parent / "fixtures"


def simplified_seed(seed_text: str) -> str:
    return to_simplified(seed_text, "t2s", RESOURCES_DIR / "convert" / "overrides.tsv")[0]


@pytest.mark.parametrize("hmm", [True, False])
def test_rjieba_words_equal_jieba_words(seed_text, hmm):
    texts = [simplified_seed(seed_text), "我来到北京清华大学，他来到了网易杭研大厦。", "Hello AI for Science 2024年。"]
    reference = build_tagger("jieba", USER_DICT, hmm)
    fast = build_tagger("rjieba", USER_DICT, hmm)
    for text in texts:
        assert [w for w, _ in fast(text)] == [w for w, _ in reference(text)]


def test_tags_agree_on_dictionary_words(seed_text):
    text = simplified_seed(seed_text)
    reference = dict(build_tagger("jieba", USER_DICT, True)(text))
    import jieba.posseg
    fast = build_tagger("rjieba", USER_DICT, True)(text)
    in_dict = [(w, t) for w, t in fast if w in jieba.posseg.dt.word_tag_tab]
    assert in_dict and all(reference.get(w) == t for w, t in in_dict)


def test_tokens_cover_text_and_protected_spans_stay_whole():
    text = "依托AI for Science平台，营收达2.2万亿元。"
    start = text.index("AI for Science")
    tagger = build_tagger("rjieba", USER_DICT, True)
    tokens = tokenize(text, tagger, [(start, start + 14, "eng")])
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert any(t.text == "AI for Science" and t.pos == "eng" for t in tokens)


def test_user_dictionary_terms_are_single_words():
    words = [w for w, _ in build_tagger("rjieba", USER_DICT, True)("粤港澳大湾区发展新质生产力，松山湖材料实验室")]
    assert {"粤港澳大湾区", "新质生产力", "松山湖材料实验室"} <= set(words)


def test_sentences_split_on_final_punctuation_within_regions():
    text = "第一句。第二句！“第三句？”\n标题\nEnglish one. Two"
    first_line = (0, text.index("\n"))
    sentences = split_sentences(text, [first_line, (text.index("标题"), text.index("标题") + 2),
                                       (text.index("English"), len(text))])
    assert [text[s:e] for s, e in sentences] == ["第一句。", "第二句！", "“第三句？”", "标题", "English one.", "Two"]


def test_private_rjieba_keeps_user_words_to_itself_and_skips_the_default_tokenizer():
    """The pipeline's tokenizer is its own: loading it builds no module-level default (start-up cost)
    and user words added to it are not seen by ``rjieba.cut`` elsewhere in the process."""
    import subprocess
    import sys

    code = ("import sys; from pipeline.stages.segment import _new_rjieba; t = _new_rjieba();"
            "t.add_word('北京清华', 99999, 'n'); print('rjieba' in sys.modules, t.cut('北京清华', False));"
            "import rjieba; print(rjieba.cut('北京清华', False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False ['北京清华']"
    assert out[1] == "['北京', '清华']"
