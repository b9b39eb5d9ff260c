"""Convert, the rules beyond OpenCC: the particle 着 / zhù 著 by the segmenter's word model
(convert_zhe.py), one-to-many characters with keep words (choices.tsv), Taiwan / Hong Kong word
forms (word_forms.tsv), variant characters; and the benchmark's helpers (bench_convert.py).
Traditional, Simplified and English examples for every class."""

from __future__ import annotations

import pytest

from pipeline.bench_convert import Accepted, differences, wrong_characters
from pipeline.config import load_config
from pipeline.stages.convert import ConvertError, convert_text, load_choices, rules_for

RULES = rules_for(load_config())


def simplified(text: str) -> str:
    return convert_text(text, "auto", RULES)[0]


@pytest.mark.parametrize("traditional, expected", [
    # a zhù word is no word when the word before takes its first character (配合 | 著)
    ("雙方配合著推動改革", "双方配合着推动改革"), ("我們一直努力著", "我们一直努力着"), ("不知著落", "不知着落"),
    ("兩者混合著未經處理的污水", "两者混合着未经处理的污水"),
    # after a verb, the particle reading is the more probable one (著名片 is 着 名片)
    ("他手裡拿著名片", "他手里拿着名片"), ("他忙著作業", "他忙着作业"), ("發揮著作用", "发挥着作用"),
    ("渴望著有機會見面", "渴望着有机会见面"), ("發生著有關孩子的事", "发生着有关孩子的事"), ("他看著書", "他看着书"),
    ("老師指著名單說", "老师指着名单说"),
])
def test_particle_before_a_zhu_word_shape(traditional, expected):
    assert simplified(traditional) == expected


@pytest.mark.parametrize("traditional, expected", [
    # no word that takes the particle before it, or the zhù reading is the more probable one
    ("他著有三本書", "他著有三本书"), ("中國著名學者", "中国著名学者"), ("他是著名作家", "他是著名作家"),
    ("邀請著名學者演講", "邀请著名学者演讲"), ("依法享有著作權", "依法享有著作权"), ("以品質著稱", "以品质著称"),
    ("舉世著稱", "举世著称"), ("兩人合著", "两人合著"), ("一部力著", "一部力著"), ("最新著作", "最新著作"),
    ("成效顯著", "成效显著"), ("戰功卓著", "战功卓著"), ("他執著地追求", "他执著地追求"), ("見微知著", "见微知著"),
    ("後半生的著書", "后半生的著书"), ("返國著有《東遊記》", "返国著有《东游记》"),
])
def test_zhu_words_keep_zhu(traditional, expected):
    assert simplified(traditional) == expected


@pytest.mark.parametrize("traditional, expected", [
    ("魯迅著的《吶喊》", "鲁迅著的《呐喊》"), ("韓愈著《原道》", "韩愈著《原道》"),
    ("（游光榮著）《科技》", "（游光荣著）《科技》"), ("萊德菲爾德著，李松梅譯", "莱德菲尔德著，李松梅译"),
    ("手裡拿著《紅樓夢》", "手里拿着《红楼梦》"),  # a verb before it: the particle
])
def test_the_authors_zhu_of_a_citation(traditional, expected):
    assert simplified(traditional) == expected


def test_zhe_rule_in_simplified_and_english_text():
    # Simplified text that writes 着 already distinguishes them; one without 着 keeps its zhù words
    assert simplified("他很著名，随着时代发展。") == "他很著名，随着时代发展。"
    assert simplified("鲁迅著《呐喊》") == "鲁迅著《呐喊》"
    # Chinese inside English: the same rules
    assert simplified("See 魯迅著《吶喊》 and 拿著名片 (1923).") == "See 鲁迅著《呐喊》 and 拿着名片 (1923)."


@pytest.mark.parametrize("traditional, expected", [
    ("藉著這個機會", "借着这个机会"), ("藉由數位轉型", "借由数位转型"), ("給予慰藉", "给予慰藉"), ("杯盤狼藉", "杯盘狼藉"),
    ("下顎突出", "下颚突出"), ("硬顎與軟顎", "硬腭与软腭"), ("鯰魚", "鲇鱼"),
    ("總部位於倫敦", "总部位于伦敦"), ("少於單獨完成", "少于单独完成"), ("作家於梨華的小說", "作家於梨华的小说"),
    ("暱稱", "昵称"), ("牠們", "它们"), ("砲兵", "炮兵"), ("苧蘿山", "苎萝山"), ("衝鋒鎗", "冲锋枪"), ("琺瑯", "珐琅"),
])
def test_one_to_many_characters_and_variants(traditional, expected):
    assert simplified(traditional) == expected


def test_choices_in_simplified_and_english_text():
    assert simplified("总部位於伦敦，借由数据") == "总部位于伦敦，借由数据"  # a stray 於 after a Han character
    assert simplified("The lab 藉由 AI 與 硬顎 scans") == "The lab 借由 AI 与 硬腭 scans"


@pytest.mark.parametrize("traditional, expected", [
    ("發揮想像力", "发挥想象力"), ("受到藝術薰陶", "受到艺术熏陶"), ("直角座標系", "直角坐标系"), ("大部份地區", "大部分地区"),
    ("是甚麼原因", "是什么原因"), ("慘澹經營", "惨淡经营"), ("初審、覆審與決審", "初审、复审与决审"),
    # only the word: 一座 + 標誌, 全部 + 份額, 理想 + 像 are left as they are
    ("一座標誌性建築", "一座标志性建筑"), ("全部份額", "全部份额"), ("理想像一盞燈", "理想像一盏灯"),
])
def test_word_forms_of_traditional_text(traditional, expected):
    assert simplified(traditional) == expected


def test_word_forms_leave_simplified_text_and_vocabulary_alone():
    assert simplified("发挥想像力，大部份地区") == "发挥想像力，大部份地区"  # a Simplified document keeps its spelling
    assert simplified("數位發展部與網路安全") == "数位发展部与网路安全"  # vocabulary is never rewritten
    assert simplified("The 座標 of 臺北 (想像)") == "The 坐标 of 台北 (想象)"


def test_malformed_choices_name_file_and_line(tmp_path):
    path = tmp_path / "choices.tsv"
    path.write_text("# comment\n藉\t借\t藉\tsometimes\t慰藉\n", encoding="utf-8")
    with pytest.raises(ConvertError, match="choices.tsv:2: .*always"):
        load_choices(path)
    path.write_text("顎\t颚\t腭\talways\t下颚\n", encoding="utf-8")
    with pytest.raises(ConvertError, match="choices.tsv:1: keep word '下颚' must contain 腭"):
        load_choices(path)


def test_bench_accepts_standard_forms_where_the_reference_writes_a_variant():
    accepted = Accepted({"衞": "卫"}, {"部份": "部分", "部份额": "部份额"})
    assert not wrong_characters("醫療衞生，大部份", "醫療卫生，大部分", accepted)
    assert wrong_characters("醫療衞生，大部份", "醫療卫生，大部分") == {("衞", "卫"): 1, ("份", "分"): 1}
    assert wrong_characters("他好象", "他好像", accepted) == {("象", "像"): 1}  # not a listed form
    # a line whose length changed (zhconv's vocabulary) is compared block by block
    assert wrong_characters("衞生署在艾滋病", "卫生署在爱滋病毒", accepted) == {("艾", "爱"): 1, ("", "毒"): 1}


def test_bench_differences_say_who_is_wrong():
    rows = differences("随着时代，显著", "随着时代，显着", "随著时代，显著")
    assert [row[:4] for row in rows] == [["opencc", "着", "着", "著"], ["pipeline", "著", "着", "著"]]


def test_a_nul_character_does_not_cut_the_text():
    """OpenCC's tw2s / hk2s return nothing after a NUL (its core reads a C string); the text around
    a NUL is converted and kept (hypothesis found '\\x00着中國網訊 着' turned into '')."""
    import pipeline
    from pipeline.stages.convert import _converter

    for config in ("t2s", "tw2s", "hk2s"):
        assert _converter(config).convert("中國\x00網訊\x00") == "中国\x00网讯\x00"
    record = pipeline.process("\x00着中國網訊 着")
    assert record["text"] == "\x00着中国网讯 着"
    assert record["source"]["script"] == "traditional"
