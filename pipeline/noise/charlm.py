"""Character bigram language model, vectorised with numpy.

Why: the clean stage must cost less than segmentation, so per-character evidence
(how surprising is each character after its neighbour) is computed for a whole text
in a few numpy calls instead of a Python loop. Smoothing is Witten-Bell: an unseen
bigram ``a b`` gets ``backoff(a) * P(b)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

BOUNDARY = "\n"  # sentence/paragraph boundary symbol used at text edges
_MAX_CODEPOINT = 0x110000


@dataclass(frozen=True)
class CharLM:
    """Log-probabilities (natural log) of a character bigram model."""

    vocab: np.ndarray  # int32 code points; index = id; id 0 is <unk>
    unigram: np.ndarray  # float32 log P(c) per id
    backoff: np.ndarray  # float32 log backoff weight per id
    keys: np.ndarray  # int64 sorted a*V+b of stored bigrams
    values: np.ndarray  # float32 log P(b|a) of stored bigrams
    id_of: np.ndarray  # int32 dense code point -> id map (0 for unknown)

    @property
    def size(self) -> int:
        return int(self.vocab.shape[0])

    def ids(self, text: str) -> np.ndarray:
        """Ids of the characters of ``text``."""
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        cps = np.minimum(cps, self.id_of.shape[0] - 1)
        return self.id_of[cps]

    def char_id(self, char: str) -> int:
        cp = ord(char)
        return int(self.id_of[cp]) if cp < self.id_of.shape[0] else 0

    def bigram(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """log P(b | a) for arrays of ids."""
        key = a.astype(np.int64) * self.size + b
        idx = np.searchsorted(self.keys, key)
        idx = np.minimum(idx, self.keys.shape[0] - 1)
        found = self.keys[idx] == key
        return np.where(found, self.values[idx], self.backoff[a] + self.unigram[b])

    def bigram1(self, a: int, b: int) -> float:
        return float(self.bigram(np.array([a]), np.array([b]))[0])


def save(path: Path, vocab: np.ndarray, unigram: np.ndarray, backoff: np.ndarray,
         keys: np.ndarray, values: np.ndarray) -> None:
    np.savez_compressed(path, vocab=vocab.astype(np.int32), unigram=unigram.astype(np.float32),
                        backoff=backoff.astype(np.float32), keys=keys.astype(np.int64),
                        values=values.astype(np.float32))


def _arrays(path: Path) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """The model file's arrays as raw bytes (int32 vocab, float32 unigram/backoff, int64 keys, float32 values)."""
    with np.load(path) as data:
        return tuple(data[name].tobytes() for name in ("vocab", "unigram", "backoff", "keys", "values"))


@lru_cache(maxsize=4)
def load(path: str | Path) -> CharLM:
    """Load a model file written by :mod:`pipeline.noise.build_lm` (cached per path; the decompressed
    arrays also on disk, see pipeline/cache.py)."""
    from pipeline.cache import cached_table

    raw = cached_table("charlm", [Path(path)], lambda: _arrays(Path(path)))
    vocab, unigram, backoff, keys, values = (np.frombuffer(b, dtype=t) for b, t in zip(
        raw, (np.int32, np.float32, np.float32, np.int64, np.float32)))
    id_of = np.zeros(int(vocab.max()) + 2, dtype=np.int32)
    id_of[vocab[1:]] = np.arange(1, vocab.shape[0], dtype=np.int32)
    return CharLM(vocab=vocab, unigram=unigram, backoff=backoff, keys=keys, values=values, id_of=id_of)
