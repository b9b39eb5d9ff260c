"""Ingest: decoding, normalisation, headings and the seed's metadata spans."""

import re

import pytest

from pipeline.config import load_config
from pipeline.stages.ingest import IngestError, decode_bytes, ingest_text, normalise, split_blocks

SAMPLE = "中國網/中國發展門戶網訊 粵港澳大灣區發展迅速。\n發展基礎\n正文第一段，內容充實。\n"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("gb18030", "gb18030"), ("big5", "big5"),
])
def test_decodes_common_chinese_encodings(encoding, expected):
    text = "粵港澳大灣區新材料產業營業收入持續增長。" if encoding == "big5" else "粤港澳大湾区新材料产业营业收入持续增长。"
    decoded = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded.text == text
    assert decoded.encoding == expected


def test_bom_variants():
    assert decode_bytes("\ufeff中文".encode("utf-8"), "a").encoding == "utf-8-sig"
    assert decode_bytes("\ufeff中文".encode("utf-16-le"), "a").text == "中文"
    assert decode_bytes("\ufeff中文".encode("utf-16-be"), "a").encoding == "utf-16-be"


@pytest.mark.parametrize("data, message", [
    (b"", "empty document"),
    (b"  \n\t ", "empty document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text document"),
    (b"%PDF-1.7 binary", "not a text document"),
])
def test_bad_inputs_are_named(data, message):
    with pytest.raises(IngestError) as error:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(error.value) and message in str(error.value)


def test_normalise_keeps_fullwidth_and_fixes_line_endings():
    assert normalise("\ufeffａ１％\r\nb\rc") == "ａ１％\nb\nc"


def test_headings_and_levels():
    text = "總標題\n第一節\n正文，有句號。\n第二節\n正文二。"
    blocks = split_blocks(text, 40)
    kinds = [(b.kind, b.level, text[b.start:b.end]) for b in blocks]
    assert kinds == [("heading", 1, "總標題"), ("heading", 2, "第一節"), ("paragraph", 0, "正文，有句號。"),
                     ("heading", 2, "第二節"), ("paragraph", 0, "正文二。")]


def test_markdown_heading_marker_is_not_part_of_the_heading():
    text = "# Title here\nbody text."
    blocks = split_blocks(text, 40)
    assert (blocks[0].kind, blocks[0].level, text[blocks[0].start:blocks[0].end]) == ("heading", 1, "Title here")


def test_dateline_outlet_span():
    doc = ingest_text(SAMPLE, load_config())
    start, end = doc.metadata_spans["outlet"]
    assert doc.text_original[start:end] == "中國網"


def test_seed_credits(seed_text):
    doc = ingest_text(seed_text, load_config())
    spans = doc.metadata_spans
    text = doc.text_original
    names = [text[s:e] for s, e in (a["name"] for a in spans["authors"])]
    assert names == ["趙紫威", "王燦", "黃慶禮", "汪衛華"]
    assert [text[s:e] for s, e in spans["authors"][3]["affiliations"]] == ["松山湖材料實驗室", "中國科學院物理研究所"]
    assert text[slice(*spans["editor"]["name"])] == "楊柳春"
    assert text[slice(*spans["publication"])] == "中國科學院院刊"


# ---------------------------------------------------------------------------- reliability of inputs
from pathlib import Path  # noqa: E402

from pipeline.stages.ingest import (  # noqa: E402
    binary_kind, ingest_bytes, is_blank, plausibility, read_bytes, read_document,
)
from pipeline.stages.markup import html_to_text  # noqa: E402

BAD = Path(__file__).parent / "fixtures" / "bad_inputs"
SIMPLIFIED = "粤港澳大湾区新材料产业营业收入持续增长，企业与中山大学合作。"
TRADITIONAL = "粵港澳大灣區新材料產業營業收入持續增長，企業與中山大學合作。"


@pytest.mark.parametrize("text, encoding, expected", [
    (SIMPLIFIED, "gbk", "gb18030"),
    (SIMPLIFIED, "gb2312", "gb18030"),
    (TRADITIONAL, "gb18030", "gb18030"),  # Traditional characters in a GB file
    ("𫫇与" + SIMPLIFIED, "gb18030", "gb18030"),  # four-byte GB18030
    (TRADITIONAL, "big5", "big5"),
    (TRADITIONAL, "utf-32", "utf-32-le"),
])
def test_legacy_encodings_are_decoded_not_mojibake(text, encoding, expected):
    decoded = decode_bytes(text.encode(encoding), "x.txt")
    assert (decoded.text.lstrip("\ufeff"), decoded.encoding) == (text, expected)


@pytest.mark.parametrize("text", ["中文", "香港", "發展", "数据", "台灣"])
def test_short_chinese_words_decode_to_themselves(text):
    for encoding in ("gb18030", "big5"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        assert decode_bytes(data, "x.txt").text == text


def test_mojibake_scores_low():
    assert plausibility(TRADITIONAL) == plausibility(SIMPLIFIED) == 1.0
    assert plausibility(TRADITIONAL.encode("big5").decode("gb18030")) < 0.6
    assert plausibility(SIMPLIFIED.encode("gbk").decode("big5", "replace")) < 0.6


def test_undecidable_bytes_are_an_error_naming_the_file():
    data = (BAD / "encodings" / "mixed_utf8_gbk.txt").read_bytes()
    with pytest.raises(IngestError, match=r"^mixed\.txt: cannot decode: mixed or unknown encoding \(invalid UTF-8 at"):
        decode_bytes(data, "mixed.txt")


def test_undecidable_bytes_replaced_on_request_with_a_count():
    data = (BAD / "encodings" / "mixed_utf8_gbk.txt").read_bytes()
    decoded = decode_bytes(data, "mixed.txt", on_undecodable="replace")
    assert decoded.encoding == "utf-8" and decoded.replacements == decoded.text.count("\ufffd") > 0
    assert decoded.text.startswith("中国网讯")
    doc = ingest_bytes(data, "mixed.txt", load_config(None, {"ingest.on_undecodable": "replace"}))
    assert doc.source["replacements"] == decoded.replacements


def test_invalid_bytes_after_a_bom_are_an_error():
    with pytest.raises(IngestError, match="invalid utf-8 at byte 5"):
        decode_bytes(b"\xef\xbb\xbfok\xff", "x.txt")
    with pytest.raises(IngestError, match="invalid utf-16-le"):
        decode_bytes(b"\xff\xfe\x00\xd8a\x00", "x.txt")  # lone surrogate


def test_bomless_utf16_with_ascii_is_text_not_binary():
    decoded = decode_bytes("Annual report 2023, 粤港澳.\n".encode("utf-16-be"), "x.txt")
    assert decoded.encoding == "utf-16-be" and decoded.text.startswith("Annual")


@pytest.mark.parametrize("data, kind", [
    ((BAD / "binary" / "scan.txt").read_bytes(), "PNG image"),
    (b"%PDF-1.4\n", "PDF document"),
    (b"PK\x03\x04rest", "ZIP archive"),
    (b"\x7fELF\x02\x01", "ELF executable"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 4, "binary content"),  # PE executable
    ((BAD / "binary" / "random.txt").read_bytes(), "binary content"),
])
def test_binary_inputs_are_not_text(data, kind):
    assert binary_kind(data) == kind
    with pytest.raises(IngestError, match=r"^f\.txt: not a text document \(" + re.escape(kind) + r"\)$"):
        decode_bytes(data, "f.txt")


def test_text_with_a_few_control_bytes_is_still_text():
    data = (BAD / "chars" / "control_chars.txt").read_bytes()
    assert binary_kind(data) is None
    assert "\x00" in decode_bytes(data, "c.txt").text
    assert binary_kind(b"MZ Corp annual report") is None  # no weak signature


@pytest.mark.parametrize("text", ["", " \n\t", "\u3000\u3000\n", "\u200b\ufeff\u200d\n", "\x00\x01"])
def test_invisible_only_text_is_empty(text):
    assert is_blank(text)
    with pytest.raises(IngestError, match="^<text>: empty document$"):
        ingest_text(text, load_config())


def test_size_limit_refuses_before_reading(tmp_path):
    config = load_config(None, {"ingest.max_bytes": 100})
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 101)
    with pytest.raises(IngestError, match=r"^big\.txt: too large: 101 bytes, over the limit of 100 "
                                          r"\(ingest\.max_bytes\)$"):
        read_bytes(big, "big.txt", config)
    big.write_bytes(b"a" * 100)
    assert read_bytes(big, "big.txt", config) == b"a" * 100
    with pytest.raises(IngestError, match="^gone.txt: cannot read: No such file"):
        read_document(tmp_path / "gone.txt", config, "gone.txt")


def test_lone_surrogates_are_an_ingest_error():
    with pytest.raises(IngestError, match="lone surrogate at character 1"):
        ingest_text("a\ud800b", load_config())


def test_offsets_are_code_points_with_astral_and_control_characters():
    text = "𫫇字\x00標題\n正文\u200b第一段，內容。\n"
    doc = ingest_text(text, load_config())
    assert [doc.text_original[b.start:b.end] for b in doc.blocks] == ["𫫇字\x00標題", "正文\u200b第一段，內容。"]


def test_html_extraction_drops_scripts_styles_and_navigation():
    html = """<html><head><title>T</title><style>p{}</style></head><body>
    <div id="main-nav"><a>首页</a></div><ul class="menu"><li>菜单</li></ul>
    <div role="navigation">导航</div><div hidden>隐藏</div>
    <h1>总标题</h1><h3>小节</h3><p>第一段
    文字，<i>斜体</i> and English
    words.</p><pre>  code line 1
  line 2</pre><table><tr><td>2019</td><td>2.2万亿</td></tr></table><script>alert(1)</script>
    <p>尾段&lt;完&gt;</p></body></html>"""
    extracted = html_to_text(html)
    lines = extracted.text.split("\n")
    assert lines[:7] == ["总标题", "小节", "第一段文字，斜体 and English words.", "  code line 1", "  line 2",
                         "2019 2.2万亿", "尾段<完>"]
    assert extracted.headings == {0: 1, 1: 3}


def test_markup_cut_off_at_the_end_of_a_page_is_not_text():
    """html.parser returns an unterminated comment or tag as data at EOF; a browser shows none of it.
    (Found by the property test: ``<!--<script>`` put "<script" into the text.)"""
    assert html_to_text("<p>正文</p><!--<script>").text == "正文\n"
    assert html_to_text("<p>正文</p><a href='x").text == "正文\n"
    assert html_to_text("<p>小于<5%</p>").text == "小于<5%\n"  # a "<" that is not markup stays


def test_html_headings_come_from_markup_only():
    doc = ingest_text("<h2>标题</h2><p>短行</p><p>正文，内容。</p>", load_config(), {"path": "a/b.HTM"})
    assert [(b.kind, b.level, doc.text_original[b.start:b.end]) for b in doc.blocks] == [
        ("heading", 2, "标题"), ("paragraph", 0, "短行"), ("paragraph", 0, "正文，内容。")]
    assert doc.source["format"] == "html"
    plain = ingest_text("<h2>标题</h2>", load_config(), {"path": "a.txt"})
    assert plain.text_original == "<h2>标题</h2>" and "format" not in plain.source


def test_markdown_atx_closing_hashes_and_setext_headings():
    text = "## 发展基础 ##\n正文，内容。\n存在的问题\n==========\n正文二。\n小结\n---\n"
    blocks = split_blocks(text, 40, setext=True)
    assert [(b.kind, b.level, text[b.start:b.end]) for b in blocks] == [
        ("heading", 2, "发展基础"), ("paragraph", 0, "正文，内容。"), ("heading", 1, "存在的问题"),
        ("paragraph", 0, "正文二。"), ("heading", 2, "小结")]
    doc = ingest_text(text, load_config(), {"path": "notes.md"})
    assert [doc.text_original[b.start:b.end] for b in doc.blocks if b.kind == "heading"] == [
        "发展基础", "存在的问题", "小结"]


def test_gbk_that_is_also_valid_utf8_is_refused_not_misread():
    with pytest.raises(IngestError, match="ambiguous encoding"):
        decode_bytes("一一一一一一".encode("gbk"), "x.txt")  # D2 BB … is valid UTF-8 (Cyrillic һ)
    for text in ("25°C and 14 μm, ±3", "café, ação, Größe", "一一一一一一"):
        assert decode_bytes(text.encode("utf-8"), "x.txt").text == text


def test_binary_behind_a_bom_is_not_text():
    with pytest.raises(IngestError, match=r"not a text document \(binary content after a utf-16-le BOM\)"):
        decode_bytes(b"\xff\xfe" + b"\x01\x00\x02\x00A\x00" * 100, "x.txt")
