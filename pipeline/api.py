"""The public entry point: one text in, one record out, through the staged pipeline.

``process`` is exactly what the CLI runs for every input, so a record produced from
Python equals the file the CLI writes.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any, Callable

from pipeline.config import Config, load_config
from pipeline.document import Document
from pipeline.stages import convert, emit, ingest, metadata, segment
from pipeline.stages.language import annotate_languages

Stage = Callable[[Document], None]


def _clean(doc: Document) -> None:
    from pipeline.stages.clean import clean

    clean(doc)
    doc.alignment = doc.convert_alignment.then(doc.clean_alignment)


def _entities(doc: Document) -> None:
    """Chinese and English mentions merged (each language leads in its own paragraphs), then bilingual names."""
    if doc.config.get("extract.entities"):
        from pipeline.stages.entities_en import extract_english_entities, merge_mentions
        from pipeline.stages.glossary import annotate_names
        from pipeline.stages.language import has_han

        chinese = []
        if has_han(doc.text):  # an all-English report never meets the Chinese character model
            from pipeline.stages.entities import extract_entities

            chinese = extract_entities(doc)
        mentions = merge_mentions(chinese, extract_english_entities(doc), doc)
        annotate_names(mentions, doc)
        doc.entities = mentions


def _figures(doc: Document) -> None:
    from pipeline.region import detect_region

    doc.source["region"] = detect_region(doc.text, doc.source.get("variant"))  # every record has one
    if doc.config.get("extract.figures"):
        from pipeline.stages.figures import extract_figures

        doc.figures = extract_figures(doc)


def _keywords(doc: Document) -> None:
    from pipeline.stages.keywords import extract_keywords

    doc.keywords = extract_keywords(doc, doc.config.get("extract.keywords"))


STAGES: tuple[tuple[str, Stage], ...] = (
    ("language", annotate_languages),  # first: later stages choose English or Chinese tools per paragraph
    ("convert", convert.convert),
    ("clean", _clean),
    ("metadata", metadata.resolve_metadata),
    ("segment", segment.segment),
    ("entities", _entities),
    ("figures", _figures),
    ("keywords", _keywords),
)


def run_stages(doc: Document) -> Document:
    """Run every stage after ingest, timing each (timings stay out of the record)."""
    for name, stage in STAGES:
        started = time.perf_counter()
        stage(doc)
        doc.timings[name] = time.perf_counter() - started
    annotate_languages(doc)  # again, now that the conversion is known: sets source.script
    return doc


def resolve_config(config: Config | str | Path | None, settings: dict[str, Any] | None = None) -> Config:
    if isinstance(config, Config):
        if settings:
            raise ValueError("pass settings together with a config path, not a loaded Config")
        return config
    return load_config(config, settings)


def record_id_for(path: str | None, text: str) -> str:
    """Inputs are known by their path without suffix; bare texts by a content hash."""
    if path:
        return str(Path(path).with_suffix("")).replace("\\", "/")
    return "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def process_document(doc: Document, record_id: str) -> dict[str, Any]:
    run_stages(doc)
    started = time.perf_counter()
    record = emit.build_record(doc, record_id)
    doc.timings["emit"] = time.perf_counter() - started
    return record


def process(text: str, **options: Any) -> dict[str, Any]:
    """Process one report's text and return its record.

    Options: ``config`` (a path or a loaded Config), ``settings`` (dotted overrides such as
    ``{"clean.mode": "flag"}``), ``path`` (the name the record gives its source), ``id``,
    ``encoding``, ``sha256`` and ``replacements`` (as found by the reader, when the text came from bytes).
    """
    unknown = set(options) - {"config", "settings", "path", "id", "encoding", "sha256", "replacements"}
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    config = resolve_config(options.get("config"), options.get("settings"))
    path = options.get("path")
    source = {
        "path": path,
        "sha256": options.get("sha256"),  # ingest hashes the text when the reader did not
        "encoding": options.get("encoding"),
    }
    if options.get("replacements"):
        source["replacements"] = options["replacements"]
    doc = ingest.ingest_text(text, config, source)
    return process_document(doc, options.get("id") or record_id_for(path, text))
