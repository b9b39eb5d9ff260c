"""Loading the shipped CRF and tagging text with it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pipeline.ner.data import tags_to_spans
from pipeline.ner.features import char_features

MODEL_FILE = "ner_crf.crfsuite"
META_FILE = "ner_crf.json"


def builtin_model_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "models" / "ner"


class CrfTagger:
    """A character BIO tagger; ``spans`` gives (start, end, label) in the text's offsets."""

    def __init__(self, model_dir: Path) -> None:
        import pycrfsuite  # not needed by the numpy tagger: keep its import out of load_fast_tagger

        self.model_dir = Path(model_dir)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.model_dir / MODEL_FILE))
        meta = self.model_dir / META_FILE
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}

    def tag(self, text: str, words: Sequence[tuple[int, int, str]]) -> list[str]:
        if not text:
            return []
        return list(self.tagger.tag(char_features(text, words)))

    def spans(self, text: str, words: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        return tags_to_spans(self.tag(text, words))


@lru_cache(maxsize=4)
def load_tagger(model_dir: str | None = None) -> CrfTagger:
    """The crfsuite tagger for ``model_dir`` (default: the shipped model), loaded once per process."""
    return CrfTagger(Path(model_dir) if model_dir else builtin_model_dir())


@lru_cache(maxsize=4)
def load_fast_tagger(model_dir: str | None = None) -> "VectorCrf":  # noqa: F821 (imported lazily)
    """The vectorised numpy tagger (same weights and output, faster) for ``model_dir``, loaded once per process."""
    from pipeline.ner.fast import FAST_FILE, VectorCrf

    return VectorCrf((Path(model_dir) if model_dir else builtin_model_dir()) / FAST_FILE)


def segment_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, pos) words of ``text`` from rjieba, used when no tokens are given (training, tools)."""
    import rjieba

    words: list[tuple[int, int, str]] = []
    pos = 0
    for word, tag in rjieba.tag(text):
        words.append((pos, pos + len(word), tag))
        pos += len(word)
    return words
