"""Emit: the Document becomes the record (a plain dict), written as JSON and YAML.

The record's key order is fixed here, so JSON and YAML are byte-identical across runs.
Every span carries ``start``/``end`` into ``text`` and ``start_original``/``end_original``
into ``text_original``. Writes are atomic: a temporary file in the target folder,
fsync, then rename — an interrupted run never leaves a half-written record.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.document import Document
from pipeline.record import compact_tokens
from pipeline.stages import yaml_writer

SCHEMA_VERSION = "2.0"
FORMATS = ("json", "yaml")


# ---------------------------------------------------------------------------- record
def build_record(doc: Document, record_id: str) -> dict[str, Any]:
    """The record contract (see pipeline/schema/record.schema.json)."""
    paragraphs, sections = _structure(doc)
    noise = [_noise_item(doc, removal) for removal in doc.noise]
    entities = [_with_original(doc, mention) for mention in doc.entities]
    figures = [_with_original(doc, figure) for figure in doc.figures]
    spans: list[tuple[int, int, str]] = []
    if doc.config.get("emit.tokens"):
        spans = [(t.start, t.end, t.pos) for t in doc.tokens if not t.text.isspace()]
    tokens = compact_tokens(spans, doc.to_original_many((start, end) for start, end, _ in spans))
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": record_id,
        "source": doc.source,
        "metadata": doc.metadata,
        "text": doc.text,
        "text_original": doc.text_original,
        "sections": sections,
        "paragraphs": paragraphs,
        "tokens": tokens,
        "entities": entities,
        "entities_unique": _aggregate(entities),
        "figures": figures,
        "noise": noise,
        "noise_candidates": [_noise_item(doc, removal) for removal in doc.noise_candidates],
        "keywords": doc.keywords,
        "stats": _stats(doc, entities, figures, noise),
        "pipeline": {"version": __version__, "config_hash": doc.config.hash,
                     "segmenter": doc.config.get("segment.backend")},
    }
    return record


def _original_span(doc: Document, start: int, end: int) -> dict[str, int]:
    start_original, end_original = doc.to_original(start, end)
    return {"start_original": start_original, "end_original": end_original}


def _with_original(doc: Document, item: dict[str, Any]) -> dict[str, Any]:
    """Insert ``text_original`` after ``text`` and the original span after ``end``."""
    span = _original_span(doc, item["start"], item["end"])
    out: dict[str, Any] = {}
    for key, value in item.items():
        out[key] = value
        if key == "text":
            out["text_original"] = doc.text_original[span["start_original"]:span["end_original"]]
        elif key == "end":
            out.update(span)
    return out


def _noise_item(doc: Document, removal) -> dict[str, Any]:
    start_original, end_original = doc.convert_alignment.dst_to_src(removal.start, removal.end)
    position = doc.clean_alignment.src_to_dst(removal.start, removal.end)[0]
    item = {
        "token": removal.token,
        "token_original": doc.text_original[start_original:end_original],
        "start": position,
        "end": position,
        "start_original": start_original,
        "end_original": end_original,
        "reason": removal.reason,
        "score": round(float(removal.score), 4),
    }
    if removal.detail:
        item["detail"] = removal.detail
    return item


def _structure(doc: Document) -> tuple[list[dict], list[dict]]:
    paragraphs: list[dict] = []
    sections: list[dict] = []
    sentence_index = 0
    sentences = doc.sentences
    for block in doc.blocks:
        start, end = doc.to_clean(block.start, block.end)
        if block.kind == "heading":
            sections.append({
                "heading": doc.text[start:end],
                "heading_original": doc.text_original[block.start:block.end],
                "level": block.level,
                "start": start, "end": end,
                "start_original": block.start, "end_original": block.end,
            })
        while sentence_index < len(sentences) and sentences[sentence_index][1] <= start:
            sentence_index += 1
        own = []
        while sentence_index < len(sentences) and sentences[sentence_index][0] < end:
            s, e = sentences[sentence_index]
            own.append({"start": s, "end": e, **_original_span(doc, s, e)})
            sentence_index += 1
        paragraph = {"kind": block.kind, "start": start, "end": end,
                     "start_original": block.start, "end_original": block.end}
        if block.language:
            paragraph["language"] = block.language
        if block.script:
            paragraph["script"] = block.script
        paragraph["sentences"] = own
        paragraphs.append(paragraph)
    # A section runs from its heading to the next heading of the same or a higher level.
    for i, section in enumerate(sections):
        section["section_end"] = next(
            (later["start"] for later in sections[i + 1:] if later["level"] <= section["level"]), len(doc.text)
        )
    return paragraphs, sections


def _aggregate(mentions: list[dict]) -> list[dict]:
    try:
        from pipeline.stages.entities import aggregate_entities
    except ImportError:
        return []
    return aggregate_entities(mentions)


def _stats(doc: Document, entities, figures, noise) -> dict[str, Any]:
    return {
        "chars_original": len(doc.text_original),
        "chars": len(doc.text),
        "paragraphs": sum(1 for b in doc.blocks if b.kind == "paragraph"),
        "sections": sum(1 for b in doc.blocks if b.kind == "heading"),
        "sentences": len(doc.sentences),
        "tokens": sum(1 for t in doc.tokens if not t.text.isspace()),
        "noise_removed": len(noise),
        "noise_chars_removed": sum(len(n["token"]) for n in noise),
        "entities": dict(sorted(Counter(e["label"] for e in entities).items())),
        "figures": dict(sorted(Counter(f["kind"] for f in figures).items())),
    }


# ---------------------------------------------------------------------------- serialisation
def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def compact_items(items: list[Any]) -> list[str]:
    """Each item's compact JSON; a list of mappings in one encoder call (``yaml_writer.json_items``)."""
    if len(items) > 1 and all(type(item) is dict for item in items):
        pieces = yaml_writer.json_items(items)
        if pieces is not None:
            return pieces
    return [_compact(item) for item in items]


def _column(value: Any) -> str:
    """A token column on one line, without spaces (thousands of items: a byte each counts)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def to_json(record: dict[str, Any]) -> str:
    """UTF-8 unescaped, fixed key order, one line per top-level field and per list item;
    the token columns one line each (``"gap": [0,0,1,...]``).

    Line-per-item keeps diffs readable and lets ``json`` use its C encoder (``indent=``
    would force the pure-Python one, several times slower on long lists).
    """
    parts = []
    for key, value in record.items():
        name = _compact(key)
        if isinstance(value, list) and value:
            items = ",\n  ".join(compact_items(value))
            parts.append(f" {name}: [\n  {items}\n ]")
        elif isinstance(value, dict) and value:
            encode = _column if key == "tokens" else _compact
            items = ",\n  ".join(f"{_compact(k)}: {encode(v)}" for k, v in value.items())
            parts.append(f" {name}: {{\n  {items}\n }}")
        else:
            parts.append(f" {name}: {_compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# The YAML is the readable view of the report, the JSON the complete record. The view leaves
# out what only programs read and the JSON holds: the token columns, ``text_original`` (the
# input as decoded; every item keeps its ``*_original`` text and spans) and the entity
# mentions with their spans (``entities_unique``, one entry per entity with its count and
# surface forms, is the readable list). Everything else has the same key order and shapes.
YAML_OMITS = ("text_original", "tokens", "entities")


def yaml_view(record: dict[str, Any]) -> dict[str, Any]:
    """What the YAML file holds: the record without ``YAML_OMITS``, same key order, same item shapes."""
    return {key: value for key, value in record.items() if key not in YAML_OMITS}


def to_yaml(record: dict[str, Any]) -> str:
    """The readable view (:func:`yaml_view`) as block-style YAML: ``text`` as a literal block (the
    report's lines as they are), other strings double-quoted (see yaml_writer)."""
    return yaml_writer.dump(yaml_view(record))


SERIALISERS = {"json": to_json, "yaml": to_yaml}


def _new_file_mode() -> int:
    """0666 minus the process umask, as open() would create (see pipeline.fileio)."""
    from pipeline.fileio import new_file_mode

    return new_file_mode()


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder, fsync, rename: all or nothing.

    The temporary file is hidden (``.NAME.XXXXXXXX.tmp``) and removed on any error or
    interrupt; one left by a hard kill is swept by the next batch run.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, _new_file_mode())  # mkstemp makes 0600; records are ordinary files
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_record(record: dict[str, Any], out_stem: Path, formats: tuple[str, ...] | list[str]) -> list[Path]:
    """Write ``out_stem.json`` / ``out_stem.yaml``; all serialised first, so a bad record writes nothing."""
    rendered = {fmt: SERIALISERS[fmt](record) for fmt in formats}
    written = []
    for fmt, content in rendered.items():
        target = out_stem.with_name(f"{out_stem.name}.{fmt}")
        atomic_write(target, content)
        written.append(target)
    return written
