"""Helpers shared by the bilingual tests, and tests of the bilingual wiring of ingest and the stages."""

from __future__ import annotations

from pathlib import Path

from pipeline.alignment import Alignment
from pipeline.config import Config, load_config
from pipeline.document import Document

FIXTURES = Path(__file__).parent / "fixtures" / "english"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def process(text: str, **options) -> dict:
    import pipeline

    return pipeline.process(text, **options)


def prepare(text: str, config: Config | None = None) -> Document:
    """A document up to segmentation without the clean stage (identity cleaning): unit tests of
    the bilingual stages must not depend on the noise models."""
    from pipeline.stages import convert, ingest, metadata, segment
    from pipeline.stages.language import annotate_languages

    doc = ingest.ingest_text(text, config or load_config())
    annotate_languages(doc)
    convert.convert(doc)
    doc.text = doc.text_simplified
    doc.clean_alignment = Alignment.identity(len(doc.text))
    doc.alignment = doc.convert_alignment.then(doc.clean_alignment)
    metadata.resolve_metadata(doc)
    segment.segment(doc)
    annotate_languages(doc)
    return doc


def config_with(**extract) -> Config:
    """The default config with some ``extract`` keys changed."""
    return load_config(None, {f"extract.{key}": value for key, value in extract.items()})


# ---------------------------------------------------------------------------- tests of the wiring
def test_english_lines_get_english_block_kinds():
    doc = prepare(read_fixture("policy_brief_en.txt"))
    kinds = [(b.kind, doc.text_original[b.start:b.end][:24]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Building a Materials Inn")
    assert kinds[1][0] == "credits"
    assert ("heading", "Executive Summary") in kinds and ("heading", "Recommendations") in kinds
    assert kinds[-1][0] == "credits"
    assert all(b.language == "en" for b in doc.blocks)


def test_chinese_blocks_keep_chinese_kinds(seed_text):
    from pipeline.stages.ingest import split_blocks

    kinds = [b.kind for b in split_blocks(seed_text, 40)]
    assert kinds.count("credits") == 1 and kinds[-1] == "credits"
    assert set(kinds) == {"heading", "paragraph", "credits"}
