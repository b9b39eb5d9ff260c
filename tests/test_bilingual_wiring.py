"""The bilingual wiring (proposed for pipeline/api.py and pipeline/stages/ingest.py) and test helpers.

Other bilingual test files import :func:`prepare` and :func:`bilingual` from here. Until the lead
applies the wiring to api.py / ingest.py, :func:`bilingual` applies the very same change with a
monkeypatch; once applied, it is a no-op and the tests run the real ``pipeline.process``.
"""

from __future__ import annotations

import contextlib
import inspect
from pathlib import Path

import pytest

from pipeline.alignment import Alignment
from pipeline.config import Config, load_config
from pipeline.document import Block, Document

FIXTURES = Path(__file__).parent / "fixtures" / "english"


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- the proposed wiring
def bilingual_entities(doc: Document) -> None:
    """Proposed ``pipeline.api._entities``: Chinese and English mentions merged, then bilingual names."""
    if doc.config.get("extract.entities"):
        from pipeline.stages.entities_en import extract_english_entities, merge_mentions
        from pipeline.stages.glossary import annotate_names
        from pipeline.stages.language import has_han

        chinese = []
        if has_han(doc.text):
            from pipeline.stages.entities import extract_entities

            chinese = extract_entities(doc)
        mentions = merge_mentions(chinese, extract_english_entities(doc), doc)
        annotate_names(mentions, doc)
        doc.entities = mentions


def classify_blocks(text: str, blocks: list[Block]) -> list[Block]:
    """What the proposed ingest change does inside ``split_blocks``: English lines get English kinds."""
    from pipeline.stages.ingest import _assign_heading_levels
    from pipeline.stages.ingest_en import classify_english_line

    changed = False
    for block in blocks:
        line = text[block.start:block.end]
        kind = classify_english_line(line)
        markdown = text[max(0, block.start - 7):block.start].lstrip(" ").startswith("#")
        if kind is not None and not markdown and kind != block.kind:
            block.kind, block.level, changed = kind, 0, True
    if changed:
        for block in blocks:
            if block.kind == "heading" and not text[max(0, block.start - 7):block.start].strip().startswith("#"):
                block.level = 0
            elif block.kind != "heading":
                block.level = 0
        _assign_heading_levels(blocks)
    return blocks


def _wired() -> bool:
    import pipeline.api as api
    import pipeline.stages.ingest as ingest

    return "entities_en" in inspect.getsource(api) and "ingest_en" in inspect.getsource(ingest)


@contextlib.contextmanager
def bilingual():
    """Run ``pipeline.process`` with the bilingual wiring (patched in only if not yet merged)."""
    if _wired():
        yield
        return
    import pipeline.api as api
    import pipeline.stages.ingest as ingest
    from pipeline.stages.ingest_en import find_english_metadata
    from pipeline.stages.language import annotate_languages

    original_split, original_find, original_ingest = ingest.split_blocks, ingest.find_metadata_spans, ingest.ingest_text

    def split_blocks(text, *args, **kwargs):
        return classify_blocks(text, original_split(text, *args, **kwargs))

    def find_metadata_spans(text, blocks, *args, **kwargs):
        spans = original_find(text, blocks, *args, **kwargs)
        for key, value in find_english_metadata(text, blocks).items():
            spans.setdefault(key, value)
        return spans

    def ingest_text(text, config, source=None):
        doc = original_ingest(text, config, source)
        date = doc.metadata_spans.pop("date", None)
        if date:
            doc.metadata_values.setdefault("date", date)
        return doc

    stages = [("language", annotate_languages)]
    stages += [(name, bilingual_entities if name == "entities" else stage)
               for name, stage in api.STAGES if name != "language"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest, "split_blocks", split_blocks)
        patch.setattr(ingest, "find_metadata_spans", find_metadata_spans)
        patch.setattr(ingest, "ingest_text", ingest_text)
        patch.setattr(api, "STAGES", tuple(stages))
        yield


def process(text: str, **options) -> dict:
    import pipeline

    with bilingual():
        return pipeline.process(text, **options)


def prepare(text: str, config: Config | None = None) -> Document:
    """A document up to segmentation without the clean stage (identity cleaning): unit tests of
    the bilingual stages must not depend on the noise models."""
    from pipeline.stages import convert, ingest, metadata, segment
    from pipeline.stages.ingest_en import find_english_metadata
    from pipeline.stages.language import annotate_languages

    config = config or load_config()
    doc = ingest.ingest_text(text, config)
    classify_blocks(doc.text_original, doc.blocks)
    for key, value in find_english_metadata(doc.text_original, doc.blocks).items():
        if key == "date":
            doc.metadata_values.setdefault("date", value)
        else:
            doc.metadata_spans.setdefault(key, value)
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
    """The default config with extra ``extract`` keys (keys default.yaml may not carry yet)."""
    base = load_config()
    data = {**base.data, "extract": {**base.data["extract"], **extract}}
    return Config(data=data, path=None, hash=base.hash)


# ---------------------------------------------------------------------------- tests of the wiring itself
def test_english_lines_get_english_block_kinds():
    doc = prepare(read_fixture("policy_brief_en.txt"))
    kinds = [(b.kind, doc.text_original[b.start:b.end][:24]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Building a Materials Inn")
    assert kinds[1][0] == "credits"
    assert ("heading", "Executive Summary") in kinds and ("heading", "Recommendations") in kinds
    assert kinds[-1][0] == "credits"
    assert all(b.language == "en" for b in doc.blocks)


def test_chinese_blocks_are_not_reclassified(seed_text):
    from pipeline.stages.ingest import split_blocks

    before = [(b.kind, b.level) for b in split_blocks(seed_text, 40)]
    after = [(b.kind, b.level) for b in classify_blocks(seed_text, split_blocks(seed_text, 40))]
    assert before == after
