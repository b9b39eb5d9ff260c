"""English headings, bylines and credit lines, found as spans like the Chinese ones."""

from __future__ import annotations

import pytest

from pipeline.stages.ingest import find_metadata_spans, split_blocks
from pipeline.stages.ingest_en import classify_english_line, find_english_metadata, parse_date
from test_bilingual_wiring import prepare, read_fixture


def resolved(text: str, value):
    """Spans → strings, recursively (what the metadata stage will print)."""
    if isinstance(value, tuple):
        return text[value[0]:value[1]]
    if isinstance(value, list):
        return [resolved(text, v) for v in value]
    if isinstance(value, dict):
        return {k: resolved(text, v) for k, v in value.items()}
    return value


def metadata_of(text: str) -> dict:
    blocks = split_blocks(text, 40)
    return resolved(text, find_english_metadata(text, blocks))


@pytest.mark.parametrize("line, kind", [
    ("Building a Materials Innovation Hub in the Guangdong-Hong Kong-Macao Greater Bay Area", "heading"),
    ("2.1 Research infrastructure", "heading"),
    ("Executive Summary", "heading"),
    ("The region is growing. It is big.", "paragraph"),
    ("By Jane Doe and John Smith, Institute of Physics", "credits"),
    ("Edited by Mary Major", "credits"),
    ("Source: Bulletin of the Chinese Academy of Sciences", "credits"),
    ("(Authors: Jane Doe; Editor: Mary Major)", "credits"),
    ("March 15, 2024", "dateline"),
    ("Published: 15 March 2024", "dateline"),
    ("发展基础", None),
    ("粤港澳大湾区GDP规模持续增长。", None),
])
def test_classify_english_line(line, kind):
    assert classify_english_line(line) == kind


@pytest.mark.parametrize("text, iso", [
    ("March 15, 2024", "2024-03-15"), ("15 March 2024", "2024-03-15"), ("Sept. 3, 2023", "2023-09-03"),
    ("2024-03-01", "2024-03-01"), ("in March 2024", "2024-03"), ("no date here", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_byline_with_shared_affiliation_and_date():
    meta = metadata_of("A Title for the Brief\nBy Jane Doe and John Smith, Institute X | March 15, 2024\nBody text here.\n")
    assert meta == {
        "title": "A Title for the Brief",
        "authors": [{"name": "Jane Doe", "affiliations": ["Institute X"]},
                    {"name": "John Smith", "affiliations": ["Institute X"]}],
        "date": "2024-03-15",
    }


def test_byline_with_one_affiliation_each_editor_and_source():
    meta = metadata_of("Title Here\nBy Jane Doe, Songshan Lake Materials Laboratory, and John Smith, Peking University\n"
                       "Edited by Mary Major\nThe region is growing.\nSource: *China Daily*\n")
    assert meta["authors"] == [{"name": "Jane Doe", "affiliations": ["Songshan Lake Materials Laboratory"]},
                               {"name": "John Smith", "affiliations": ["Peking University"]}]
    assert meta["editor"] == {"name": "Mary Major"} and meta["publication"] == "China Daily"


def test_closing_credits_like_the_chinese_ones():
    meta = metadata_of("Some Title\nBody text of the report.\n(Authors: Jane Doe, Acme Laboratory, and Wang Weihua, "
                       "Songshan Lake Materials Laboratory, Institute of Physics; Editor: Mary Major; "
                       "Source: Bulletin of the Chinese Academy of Sciences)\n")
    assert meta["authors"] == [
        {"name": "Jane Doe", "affiliations": ["Acme Laboratory"]},
        {"name": "Wang Weihua", "affiliations": ["Songshan Lake Materials Laboratory", "Institute of Physics"]},
    ]
    assert meta["editor"] == {"name": "Mary Major"}
    assert meta["publication"] == "Bulletin of the Chinese Academy of Sciences"


def test_wire_dateline_outlet():
    meta = metadata_of("BEIJING, March 15, 2024 (Xinhua) -- China said on Friday it would invest more.\nMore text.\n")
    assert meta["outlet"] == "Xinhua" and meta["date"] == "2024-03-15"


def test_chinese_reports_get_nothing_english(seed_text):
    blocks = split_blocks(seed_text, 40)
    assert find_english_metadata(seed_text, blocks) == {}
    assert "outlet" in find_metadata_spans(seed_text, blocks)


def test_fixture_metadata_resolved():
    doc = prepare(read_fixture("policy_brief_en.txt"))
    meta = doc.metadata
    assert meta["title"] == "Building a Materials Innovation Hub in the Guangdong-Hong Kong-Macao Greater Bay Area"
    assert [a["name"] for a in meta["authors"]] == ["Jane Doe", "Wang Weihua"]
    assert meta["authors"][0]["affiliations"] == ["Songshan Lake Materials Laboratory"]
    assert [e["name"] for e in meta["editor"]] == ["Mary Major"]
    assert meta["publication"] == "Bulletin of the Chinese Academy of Sciences"
    assert meta["date"] == "2024-03-15"
