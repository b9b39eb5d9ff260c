"""Property tests: arbitrary text and bytes through the decoder and the whole pipeline.

Invariants: nothing but IngestError escapes; every span slices what it claims; cleaning
the cleaned text removes nothing; a second run gives byte-identical output; decoding a
Chinese text encoded in GB18030 or Big5 gives it back or refuses — never mojibake.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.config import load_config
from pipeline.stages.emit import to_json, to_yaml, yaml_view
from pipeline.stages.ingest import IngestError, common_characters, decode_bytes, ingest_bytes, is_blank
from test_record import check_offsets

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real reports and of what goes wrong with them: spam tokens (also inside words),
# figures, credits, headings, Markdown, control/zero-width/astral characters, line endings.
FRAGMENTS = [
    "中國網訊 ", "粵港澳大灣區", "新材料產業", "營業收入約2.2萬億元", "增長5.45%", "14 GPa", "2019年", "１２．４８％",
    "瑜伽場地", "小樹屋", "九宮格", "教學場地", "講座", "交流", "終", "端", "鎳氧", "化物", "持續", "性的投入",
    "鼓勵材料高技術人才交往交流", "中山大學", "松山湖材料實驗室", "華為", "深圳", "香港", "AI for Science", "WIPO",
    "（作者：趙紫威、王燦，松山湖材料實驗室；編審：楊柳春；《中國科學院院刊》供稿）", "發展基礎", "# ", "## ",
    "。", "，", "；", "、", "！", "？", "…", "“", "”", "《", "》", "(", ")", " ", "\t", "\n", "\n\n", "\r\n", "\r",
    "𫫇", "😀", "\x00", "\x07", "\x1b", "\u200b", "\u200d", "\ufeff", "\u3000", "\u0301", "\ufffd", "\x85", "\u2028",
    "的", "是", "在", "和", "着", "著", "後", "后", "乾", "干", "发", "發", "a", "Z", "0", "9", ".", "%", "-", "/",
]
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8", categories=("Lo", "Nd", "Po", "Zs", "Cc", "Cf", "So")),
            max_size=60),
)
COMMON = sorted(common_characters())


def _process(text: str) -> dict | None:
    try:
        return pipeline.process(text, path="prop.txt", encoding="utf-8")
    except IngestError:
        assert is_blank(text.replace("\r", "\n")) or any("\ud800" <= ch <= "\udfff" for ch in text)
        return None


@SETTINGS
@given(texts)
def test_pipeline_never_crashes_and_spans_slice_correctly(text):
    record = _process(text)
    if record is None:
        return
    check_offsets(record)
    for paragraph in record["paragraphs"]:
        assert record["text_original"][paragraph["start_original"]:paragraph["end_original"]].strip()
    assert yaml.load(to_yaml(record), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml_view(record)
    assert json.loads(to_json(record)) == record


@SETTINGS
@given(texts)
def test_second_run_is_identical(text):
    first = _process(text)
    if first is None:
        return
    again = _process(text)
    assert to_json(again) == to_json(first)
    assert to_yaml(again) == to_yaml(first)


@SETTINGS
@given(texts)
def test_cleaning_is_idempotent(text):
    record = _process(text)
    if record is None or is_blank(record["text"]):
        return
    again = pipeline.process(record["text"])
    assert again["noise"] == [], again["noise"]
    assert again["text"] == record["text"]


@SETTINGS
@given(st.binary(max_size=300))
def test_decoder_answers_every_byte_string(data):
    for mode in ("error", "replace"):
        try:
            decoded = decode_bytes(data, "prop.txt", mode)
        except IngestError as error:
            assert str(error).startswith("prop.txt: ")
            continue
        assert not any("\ud800" <= ch <= "\udfff" for ch in decoded.text)
        assert decoded.replacements == (decoded.text.count("\ufffd") if decoded.replacements else 0)
        if mode == "error":
            assert decoded.replacements == 0


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_ingest_bytes_gives_a_document_or_an_ingest_error(data):
    try:
        doc = ingest_bytes(data, "prop.txt", load_config())
    except IngestError:
        return
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(doc.text_original)
        assert doc.text_original[block.start:block.end].strip()


chinese = st.lists(st.sampled_from(COMMON), min_size=8, max_size=60).map("".join)
filler = st.sampled_from(["", "，", "。", "\n", " 2019 ", "、", "AI"])
reports = st.lists(st.tuples(chinese, filler), min_size=1, max_size=4).map(
    lambda parts: "".join(a + b for a, b in parts))


@SETTINGS
@given(reports, st.sampled_from(["gb18030", "big5"]))
def test_legacy_encodings_round_trip_or_refuse_never_mojibake(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    try:
        decoded = decode_bytes(data, "prop.txt")
    except IngestError as error:
        assert "ambiguous encoding" in str(error)
        return
    assert decoded.text == text


TAGS = ["<p>", "</p>", "<h1>", "</h1>", "<h3>", "</h3>", "<br>", "<br/>", "<script>", "</script>", "<style>",
        "</style>", "<nav>", "</nav>", "<div class='menu'>", "</div>", "<pre>", "</pre>", "<td>", "<tr>", "<!--",
        "-->", "&amp;", "&lt;", "&#x2BAC7;", "&nbsp;", "<", ">", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<a href=x>",
        "</a>", "<li>", "<title>", "</title>", "<head>", "</head>", "<svg>", "<p hidden>", "&#0;", "&#xD800;"]
pages = st.lists(st.sampled_from(TAGS + FRAGMENTS), max_size=40).map("".join)


@SETTINGS
@given(pages)
def test_any_html_gives_a_record_or_an_ingest_error(page):
    try:
        record = pipeline.process(page, path="page.html")
    except IngestError:
        return
    assert record["source"]["format"] == "html"
    assert "<script" not in record["text_original"]
    check_offsets(record)
