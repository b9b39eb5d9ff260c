"""Convert: variant detection, OpenCC's regional config, variant characters, the particle 著 by
rule, quotes, overrides; the alignment back to the original; the `convert` command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import load_config
from pipeline.stages.convert import (ConvertError, Rules, convert_text, convert_with_spans, detect_variant,
                                     load_overrides, load_keep_words, load_variants, load_zhe_keep, rules_for,
                                     to_simplified)

RULES = rules_for(load_config())


def simplified(text: str, **changes) -> str:
    rules = Rules(**{**RULES.__dict__, **changes}) if changes else RULES
    return convert_text(text, "auto", rules)[0]


@pytest.mark.parametrize("traditional, expected", [
    # the particle / verb 着, after any verb, not only listed ones
    ("不必搶著到郵局", "不必抢着到邮局"), ("整理著資料", "整理着资料"), ("他背著書包", "他背着书包"),
    ("揹著孩子", "背着孩子"), ("隨著時代", "随着时代"), ("面臨著挑戰", "面临着挑战"), ("著手規劃", "着手规划"),
    ("穿著整齊", "穿着整齐"), ("睡著了", "睡着了"), ("接著說", "接着说"),
    # zhù keeps 著
    ("著名學者", "著名学者"), ("成效顯著", "成效显著"), ("著作權法", "著作权法"), ("土著文化", "土著文化"),
    ("編著者", "编著者"), ("他著有三本書", "他著有三本书"), ("見微知著", "见微知著"),
    # both in one sentence
    ("隨著研究深入，這本專著影響顯著", "随着研究深入，这本专著影响显著"),
])
def test_particle_zhe_is_a_rule_with_zhu_words_as_exceptions(traditional, expected):
    assert simplified(traditional) == expected


def test_a_text_that_writes_zhe_already_distinguishes_it():
    # Hong Kong style: 着 for the particle, 著 for zhù — left as written
    assert simplified("隨着時代發展，他著有專書，著述甚豐。") == "随着时代发展，他著有专书，著述甚丰。"


@pytest.mark.parametrize("traditional, expected", [
    ("歲計賸餘", "岁计剩余"), ("醫療衞生", "医疗卫生"), ("敍述", "叙述"), ("化粧品", "化妆品"),
    ("麻痺", "麻痹"), ("屋簷", "屋檐"), ("祇有", "只有"),
    # 帳: accounts are 账, curtains and tents stay 帐
    ("帳務糾紛", "账务纠纷"), ("轉帳到帳戶", "转账到账户"), ("搭帳篷", "搭帐篷"), ("掛蚊帳", "挂蚊帐"),
])
def test_variant_characters(traditional, expected):
    assert simplified(traditional) == expected


@pytest.mark.parametrize("traditional, expected", [
    ("數位發展部", "数位发展部"), ("網路安全", "网路安全"), ("川普政府", "川普政府"), ("核心裝置", "核心装置"),
    ("軟體產業", "软体产业"),
])
def test_vocabulary_is_never_rewritten(traditional, expected):
    assert simplified(traditional) == expected


def test_quotes_mainland_by_default_and_configurable():
    assert simplified("他說「我們要『創新』」。") == "他说“我们要‘创新’”。"
    assert simplified("他說「好」。", quotes="keep") == "他说「好」。"


@pytest.mark.parametrize("text, variant", [
    ("行政院今天通過新臺幣4100億元特別預算，臺北市政府表示歡迎。", "tw"),
    ("財政司司長表示，政府將預留港元300億元，用於醫療衞生及教育。立法會今日通過撥款。", "hk"),
    ("国务院常务会议审议通过。", "simplified"),
    ("經濟發展與產業轉型。", "traditional"),
])
def test_variant_detection(text, variant):
    assert detect_variant(text, RULES.markers) == variant


def test_the_record_says_which_variant_and_keeps_spans_exact():
    import pipeline

    record = pipeline.process("行政院今天通過新臺幣特別預算，隨著經濟成長，臺北市政府表示歡迎。")
    assert record["source"]["variant"] == "tw"
    assert "随着" in record["text"]
    english = pipeline.process("The Executive Yuan approved the special budget today.")
    assert english["source"]["variant"] is None


# A Hong Kong report (writes 着 for the particle, so its 著 is zhù) quoting a Taiwan release
# (writes 著 for both): each paragraph is judged by its own region.
HK_PARAGRAPH = "財政司司長表示，特區政府將着力推動經濟發展，香港特別行政區立法會今日通過撥款，著名學者出席。"
TW_PARAGRAPH = "據報道：「行政院今天通過新臺幣4100億元特別預算，隨著經濟成長，臺北市政府表示歡迎。」"
HK_CLOSING = "立法會議員表示支持，港元匯率穩定。"


def test_a_paragraph_of_another_region_is_converted_by_its_own_rules():
    text = "\n".join([HK_PARAGRAPH, TW_PARAGRAPH, HK_CLOSING])
    converted, alignment, variant, spans = convert_with_spans(text, "auto", RULES)
    assert variant == "hk"
    assert spans == [(len(HK_PARAGRAPH) + 1, len(HK_PARAGRAPH) + 1 + len(TW_PARAGRAPH), "tw")]
    assert text[spans[0][0]:spans[0][1]] == TW_PARAGRAPH
    assert "随着经济成长" in converted            # the Taiwan paragraph's particle
    assert "着力" in converted and "著名学者" in converted  # the Hong Kong paragraphs unchanged
    # judged as one document (the old behaviour), the quoted release would keep 著
    whole = convert_text(text, "auto", Rules(**{**RULES.__dict__, "paragraph_weight": 0}))[0]
    assert "随著经济成长" in whole
    assert alignment.dst_to_src(0, len(converted)) == (0, len(text))


@pytest.mark.parametrize("paragraph", [
    "兌換溫度稅戶。",          # single Taiwan-style character forms: generic Traditional writes them too
    "他說今天天氣很好。",
])
def test_weak_evidence_never_splits_a_document(paragraph):
    text = "\n".join([HK_PARAGRAPH, paragraph, HK_CLOSING])
    assert convert_with_spans(text, "auto", RULES)[3] == []


def test_roc_calendar_marker_is_not_found_inside_quanmin_guojia():
    assert detect_variant("澳門特別行政區舉辦全民國家安全教育日活動，全民國家安全意識提升。", RULES.markers) == "hk"
    assert detect_variant("中華民國114年度總預算，民國九十年以來首見。", RULES.markers) == "tw"


def test_the_record_lists_paragraphs_of_another_variant():
    import pipeline

    record = pipeline.process("\n".join([HK_PARAGRAPH, TW_PARAGRAPH, HK_CLOSING]))
    (span,) = record["source"]["variant_spans"]
    assert span["variant"] == "tw"
    assert record["text_original"][span["start"]:span["end"]] == TW_PARAGRAPH
    assert pipeline.process(HK_PARAGRAPH)["source"]["variant_spans"] == []


def test_seed_conversion(seed_text):
    converted = simplified(seed_text)
    assert "向着" in converted and "面临着" in converted and "随着" in converted and "着力" in converted
    assert "显著" in converted
    assert "著" not in converted.replace("显著", "").replace("著名", "").replace("著作", "")


@given(st.text(alphabet="著着隨顯名作衞賸「」『』說話國家發展。，\n aA1", max_size=60))
@settings(max_examples=200, deadline=None)
def test_conversion_is_idempotent_and_aligned(text):
    converted, alignment, _ = convert_text(text, "auto", RULES)
    assert alignment.dst_to_src(0, len(converted)) == (0, len(text))
    assert convert_text(converted, "auto", RULES)[0] == converted


def test_to_simplified_keeps_its_old_signature():
    converted, alignment = to_simplified("隨著", "t2s", None)
    assert converted == "随著"  # OpenCC alone: no rules
    assert to_simplified("隨著", rules=RULES)[0] == "随着"


@pytest.mark.parametrize("loader, content, message", [
    (load_overrides, "著\t着了\n", "equal lengths"),
    (load_variants, "賸餘\t剩余\n", "character<TAB>character"),
    (load_zhe_keep, "名字\n", "must contain 著"),
    (lambda path: load_keep_words(path, "帐"), "帐篷\n蚊子\n", "must contain 帐"),
])
def test_malformed_tables_name_file_and_line(tmp_path, loader, content, message):
    path = tmp_path / "table.tsv"
    path.write_text("# comment\n" + content, encoding="utf-8")
    with pytest.raises(ConvertError, match=f"table.tsv:(2|3): .*{message}"):
        loader(path)


def _cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "convert", *args], input=stdin,
                          capture_output=True, timeout=60)


def test_convert_command_reads_stdin_and_files(tmp_path):
    result = _cli(stdin="不必搶著到郵局".encode("utf-8"))
    assert result.returncode == 0 and result.stdout.decode("utf-8") == "不必抢着到邮局\n"
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("醫療衞生與歲計賸餘的報告，行政院今天通過。".encode("big5hkscs"))
    missing = tmp_path / "missing.txt"
    result = _cli(str(missing), str(big5), "--verbose")
    assert result.returncode == 1
    assert "missing.txt: cannot read" in result.stderr.decode("utf-8")
    assert result.stdout.decode("utf-8") == "医疗卫生与岁计剩余的报告，行政院今天通过。\n"
    assert _cli("--opencc", "nosuch", str(big5)).returncode == 2
    assert _cli("--quotes", "keep", stdin="「好」".encode("utf-8")).stdout.decode("utf-8") == "「好」\n"
