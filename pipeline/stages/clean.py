"""Clean stage: remove injected spam tokens from the simplified text, keeping an audit.

Reads ``doc.text_simplified`` and the ``clean`` config section; fills ``doc.text``,
``doc.clean_alignment`` (simplified -> clean), ``doc.noise`` (removals, simplified
offsets) and ``doc.noise_candidates`` (flag mode, or scored below the threshold).
The decisions themselves live in :mod:`pipeline.noise.engine`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.alignment import Alignment
from pipeline.config import Config
from pipeline.document import Document, Removal
from pipeline.noise.engine import Settings, find_noise, load_settings
from pipeline.noise.lexicon import load_lexicon

# Defaults of the clean section keys this stage reads (until default.yaml carries them all).
MODES = ("remove", "flag", "off")


def setting(config: Config, key: str) -> Any:
    """A key of the ``clean`` config section (defaults in resources/config/default.yaml)."""
    return config.get(f"clean.{key}")


def settings_for(config: Config, overrides: dict[str, Any] | None = None) -> Settings:
    """Resolve the clean section (plus ``overrides``, for tools) into engine settings."""
    values = dict(config.section("clean"))
    for key, value in (overrides or {}).items():
        if key not in values:
            raise KeyError(f"unknown clean setting {key!r} (known: {', '.join(values)})")
        values[key] = type(values[key])(value) if not isinstance(values[key], bool) else (
            str(value).lower() in ("1", "true", "yes", "on"))
    lexicon_path = config.resource_path("clean.lexicon", "noise", "lexicon.tsv")
    model_dir = config.resource_path("clean.models", "noise")
    lexicon = load_lexicon(str(lexicon_path), values["default_policy"])
    return load_settings(lexicon, model_dir, values)


class _ConfigKey:
    """Hashable handle on a Config: equal when the effective configuration (hash + file) is equal."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.key = (config.hash, str(config.path))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ConfigKey) and other.key == self.key


@lru_cache(maxsize=16)
def _settings_for_key(handle: _ConfigKey) -> Settings:
    return settings_for(handle.config)


def _settings_cached(config: Config) -> Settings:
    """Settings per effective configuration, resolved once per process (resources are cached anyway)."""
    return _settings_for_key(_ConfigKey(config)) if config.hash else settings_for(config)


def clean(doc: Document) -> None:
    """Fill ``doc.text``, ``doc.clean_alignment``, ``doc.noise`` and ``doc.noise_candidates``."""
    text = doc.text_simplified
    mode = setting(doc.config, "mode")
    if mode not in MODES:
        raise ValueError(f"clean.mode must be one of {MODES}, got {mode!r}")
    if mode == "off":
        doc.text, doc.clean_alignment = text, Alignment.identity(len(text))
        doc.noise, doc.noise_candidates = [], []
        return
    removals, candidates = find_noise(_settings_cached(doc.config), text)
    if mode == "flag":
        flagged = [Removal(r.token, r.start, r.end, r.reason, r.score, dict(r.detail, would_remove=True))
                   for r in removals]
        doc.text, doc.clean_alignment = text, Alignment.identity(len(text))
        doc.noise = []
        doc.noise_candidates = sorted(flagged + candidates, key=lambda r: r.start)
        return
    removals = sorted(removals + exposed_signatures(text, removals), key=lambda r: r.start)
    doc.text = remove_spans(text, [(r.start, r.end) for r in removals])
    doc.clean_alignment = Alignment.from_edits(len(text), [(r.start, r.end, 0) for r in removals])
    doc.noise, doc.noise_candidates = removals, candidates


def exposed_signatures(text: str, removals: list[Removal]) -> list[Removal]:
    """Byte-order marks that the removals would leave at the very start of the text (spam glued to a
    BOM, 瑜伽場地\ufeff中國網訊). Ingest drops leading BOMs as an encoding signature, so a kept one would
    vanish unrecorded when the record's text is processed again: it is removed and recorded now."""
    ends = {r.start: r.end for r in removals}
    found: list[Removal] = []
    position = 0
    while position < len(text):
        if position in ends:
            position = ends[position]
        elif text[position] == "\ufeff" and position > 0:
            found.append(Removal("\ufeff", position, position + 1, "signature", 1.0, {"policy": "exposed_bom"}))
            position += 1
        else:
            break
    return found


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, pos = [], 0
    for s, e in sorted(spans):
        pieces.append(text[pos:s])
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)
