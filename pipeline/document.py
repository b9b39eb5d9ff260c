"""The one object that travels through the stages.

Each stage reads fields filled by earlier stages and fills its own; no stage reaches
into another's internals. Offsets are code-point offsets, end exclusive.

Coordinate systems:
- *original*: ``text_original`` (the decoded input, line endings normalised);
- *simplified*: ``text_simplified`` (after OpenCC), same length as the original in practice;
- *clean*: ``text`` (after noise removal): the record's coordinate system.
``alignment`` maps clean ↔ original (``convert_alignment.then(clean_alignment)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from pipeline.alignment import Alignment
from pipeline.config import Config


@dataclass
class Block:
    """A line-level unit found by ingest, in *original* offsets."""

    kind: str  # "paragraph" | "heading" | "dateline" | "credits"
    start: int
    end: int
    level: int = 0  # heading level (1 = top); 0 for non-headings
    language: str | None = None  # "zh" | "en" | "mixed", when known
    script: str | None = None  # "traditional" | "simplified" | "mixed", for Chinese text


@dataclass
class Token:
    text: str
    pos: str
    start: int  # clean offsets
    end: int


@dataclass
class Removal:
    """One noise span taken out of the simplified text."""

    token: str  # as removed (simplified)
    start: int  # simplified offsets
    end: int
    reason: str  # "lexicon" | "detector" | ...
    score: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """State of one report while it moves through the pipeline."""

    text_original: str
    config: Config
    source: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    # Metadata as spans into the original text, resolved to strings by emit:
    # {"outlet": (s, e), "authors": [{"name": (s, e), "affiliations": [(s, e), ...]}], ...}
    metadata_spans: dict[str, Any] = field(default_factory=dict)
    metadata_values: dict[str, Any] = field(default_factory=dict)  # non-span metadata (e.g. date)
    # Resolved after cleaning (simplified strings, noise removed), e.g.
    # {"outlet": "中国网", "authors": [{"name": "赵紫威", "name_original": "趙紫威",
    #   "affiliations": ["松山湖材料实验室"], "start": .., "end": ..}], "editor": [{...}], "publication": ...}
    metadata: dict[str, Any] = field(default_factory=dict)

    text_simplified: str = ""
    convert_alignment: Alignment | None = None  # original -> simplified

    text: str = ""
    clean_alignment: Alignment | None = None  # simplified -> clean
    alignment: Alignment | None = None  # original -> clean
    noise: list[Removal] = field(default_factory=list)
    noise_candidates: list[Removal] = field(default_factory=list)  # flag mode / below threshold

    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # clean offsets

    entities: list[dict[str, Any]] = field(default_factory=list)  # clean offsets
    figures: list[dict[str, Any]] = field(default_factory=list)  # clean offsets
    keywords: list[dict[str, Any]] = field(default_factory=list)

    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (not emitted)

    # ------------------------------------------------------------------ helpers
    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original span it came from."""
        assert self.alignment is not None, "clean stage has not run"
        return self.alignment.dst_to_src(start, end)

    def to_original_many(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`to_original` for many spans at once (every token of a record)."""
        assert self.alignment is not None, "clean stage has not run"
        return self.alignment.dst_to_src_many(spans)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the clean span it became."""
        assert self.alignment is not None, "clean stage has not run"
        return self.alignment.src_to_dst(start, end)
