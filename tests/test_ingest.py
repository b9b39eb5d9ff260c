"""Ingest: decoding, normalisation, headings and the seed's metadata spans."""

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
