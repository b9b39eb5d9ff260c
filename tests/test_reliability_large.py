"""Very large inputs: refused by size before reading, or processed with exact offsets — never a hang.

Generated here, never committed. The whole-pipeline test on a 400,000-character line is
the slowest test of this file (tens of seconds); the ingest tests cover every shape of
pathological line in well under a second each.
"""

from __future__ import annotations

import random

import pytest

import pipeline
from pipeline.config import load_config
from pipeline.stages.ingest import IngestError, ingest_bytes, ingest_text, read_bytes
from test_record import check_offsets

LONG = 400_000
COMMON = "发展科技创新产业材料研究实验室广东香港澳门深圳企业人才技术合作国家政府"


def _chinese_line(n: int) -> str:
    rng = random.Random(0)
    return "".join(rng.choice(COMMON) for _ in range(n))


def test_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    config = load_config()
    limit = config.get("ingest.max_bytes")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: the test never writes (or reads) 50 MB
    with pytest.raises(IngestError, match=r"^huge\.txt: too large: .* \(ingest\.max_bytes\)$"):
        read_bytes(huge, "huge.txt", config)
    fifty = tmp_path / "fifty.txt"
    with open(fifty, "wb") as handle:
        handle.truncate(50_000_000)
    with pytest.raises(IngestError, match="50,000,000 bytes, over the limit of 8,388,608"):
        read_bytes(fifty, "fifty.txt", load_config(None, {"ingest.max_bytes": 8_388_608}))


def test_a_large_file_under_the_limit_is_ingested_whole():
    line = ("粤港澳大湾区新材料产业营业收入约2.2万亿元，增长5.45%。" * 20 + "\n").encode("gb18030")
    data = line * (8_000_000 // len(line))
    doc = ingest_bytes(data, "big.txt", load_config(None, {"ingest.max_bytes": 8_388_608}))
    assert doc.source["encoding"] == "gb18030"
    assert len(doc.blocks) == data.count(b"\n")
    last = doc.blocks[-1]
    assert doc.text_original[last.start:last.end] == line.decode("gb18030").rstrip("\n")


@pytest.mark.parametrize("shape", [
    "a" * LONG,
    "1" * LONG,
    "中" * LONG,
    "a" + " " * LONG + "b",
    "# a" + " " * LONG + "b ##",
    "（作者：" + "《" * LONG + "）",
    "（作者：" + "甲、" * (LONG // 2) + "乙，单位）",
    "=" * LONG,
], ids=["letters", "digits", "han", "spaces", "markdown-spaces", "credits-brackets", "credits-names", "underline"])
def test_ingest_handles_every_shape_of_400k_line(shape):
    for path in ("long.txt", "long.md"):
        doc = ingest_text(shape + "\n", load_config(), {"path": path})
        assert doc.blocks and all(0 <= b.start < b.end <= len(shape) for b in doc.blocks)


def test_html_with_a_400k_paragraph():
    body = _chinese_line(LONG)
    doc = ingest_text(f"<html><body><h1>标题</h1><p>{body}</p></body></html>", load_config(), {"path": "x.html"})
    assert doc.text_original == f"标题\n{body}\n"


def test_400k_chinese_line_without_punctuation_through_the_whole_pipeline():
    text = _chinese_line(LONG) + "\n"
    record = pipeline.process(text, path="long.txt", settings={"emit.tokens": False})
    assert record["text_original"] == text
    assert len(record["paragraphs"]) == 1 and len(record["paragraphs"][0]["sentences"]) == 1
    check_offsets(record)


def test_400k_ascii_line_through_the_whole_pipeline():
    record = pipeline.process("a" * LONG + "\n", path="long.txt", settings={"emit.tokens": False})
    check_offsets(record)


def _strict_json(text: str):
    import json

    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_an_absurdly_long_number_still_gives_a_record():
    from pipeline.stages.emit import to_json

    record = pipeline.process("1" * 5000 + "元\n", settings={"emit.tokens": False})
    _strict_json(to_json(record))


def test_an_overflowing_number_gives_valid_json():
    from pipeline.stages.emit import to_json

    record = pipeline.process("9" * 400 + ".5%\n", settings={"emit.tokens": False})
    _strict_json(to_json(record))


def test_lone_surrogate_through_the_api_is_an_ingest_error():
    with pytest.raises(IngestError, match="lone surrogate"):
        pipeline.process("正文\ud800。")
