"""Word-level language model: jieba's dictionary as unigrams plus a word bigram table.

Why: a spam token is recognised by what its removal does to the sentence. Inside a
word (终九宫格端) removal fuses the neighbours back into a dictionary word; between
words the evidence is collocational (举办讲座 is a seen pair, 等讲座激励 is not).
The unigram part is jieba's ``dict.txt`` (word, frequency); the bigram table is
estimated from clean text segmented with rjieba (see PROVENANCE.md) and smoothed
Witten-Bell towards the unigram.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_WORD = 8  # longest dictionary word considered by the segmenter
UNKNOWN_CHAR_PENALTY = 2.0  # nats below the rarest dictionary word for an unknown character


def jieba_dict_path() -> Path:
    """jieba's dictionary file, found without importing jieba (its import costs ~0.4 s)."""
    import importlib.util

    return Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"


@dataclass(frozen=True, eq=False)
class WordLM:
    logp: dict[str, float]  # unigram log-probabilities of dictionary words
    prefixes: frozenset[str]  # proper prefixes (2+ characters) of dictionary words
    first_chars: frozenset[str]  # first characters of multi-character dictionary words
    unknown: float  # log-probability of a character that is not a dictionary word
    bigram_index: dict[str, int]
    backoff: np.ndarray  # log backoff weight per bigram-vocabulary id
    bigrams: dict[int, float]  # a*V+b -> log P(b|a)

    def unigram(self, word: str) -> float:
        value = self.logp.get(word)
        if value is not None:
            return value
        return self.unknown * len(word)

    def segment(self, text: str) -> list[str]:
        """Maximum-probability segmentation under the unigram model (jieba's route, no HMM)."""
        n = len(text)
        best = [0.0] + [-1e18] * n
        back = [0] * (n + 1)
        logp, prefixes, unknown, first_chars = self.logp, self.prefixes, self.unknown, self.first_chars
        for start in range(n):
            base = best[start]
            if base <= -1e17:
                continue
            char = text[start]
            value = base + logp.get(char, unknown)
            if value > best[start + 1]:
                best[start + 1], back[start + 1] = value, start
            end = start + 2
            if text[start:end - 1] not in first_chars:
                continue
            while end <= n and end - start <= MAX_WORD:
                piece = text[start:end]
                word = logp.get(piece)
                if word is not None and base + word > best[end]:
                    best[end], back[end] = base + word, start
                if piece not in prefixes:
                    break
                end += 1
        words: list[str] = []
        end = n
        while end > 0:
            words.append(text[back[end]:end])
            end = back[end]
        words.reverse()
        return words

    def conditional(self, prev: str | None, word: str) -> float:
        """log P(word | prev), Witten-Bell backed off to the unigram."""
        uni = self.unigram(word)
        if prev is None:
            return uni
        a = self.bigram_index.get(prev)
        if a is None:
            return uni
        b = self.bigram_index.get(word)
        if b is not None:
            stored = self.bigrams.get(a * len(self.bigram_index) + b)
            if stored is not None:
                return stored
        return float(self.backoff[a]) + uni

    def score(self, words: list[str]) -> float:
        total = 0.0
        prev = None
        for word in words:
            total += self.conditional(prev, word)
            prev = word
        return total


def read_jieba_dict(path: Path) -> dict[str, int]:
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit():
                freq[parts[0]] = int(parts[1])
    return freq


def _unigram_tables(dict_path: Path) -> tuple[dict[str, float], float, list[str], list[str]]:
    """Log-probabilities, unknown-char score, prefixes and first characters of jieba's words."""
    freq = read_jieba_dict(dict_path)
    log_total = math.log(float(sum(freq.values())))
    logp = {w: math.log(f) - log_total for w, f in freq.items() if f > 0}
    multi = [w for w in logp if len(w) > 2]
    prefixes = sorted({w[:k] for w in multi for k in range(2, min(len(w), MAX_WORD))})
    first_chars = sorted({w[0] for w in logp if len(w) > 1})
    return logp, -log_total - UNKNOWN_CHAR_PENALTY, prefixes, first_chars


@lru_cache(maxsize=4)
def load(bigram_path: str | Path, dict_path: str | Path | None = None) -> WordLM:
    """Load jieba's dictionary and the bigram file written by build_lm (cached per process,
    the derived unigram tables also on disk: see pipeline/cache.py)."""
    from pipeline.cache import cached_table

    source = Path(dict_path) if dict_path else jieba_dict_path()
    logp, unknown, prefixes, first_chars = cached_table(
        "wordlm-unigrams", [source], lambda: _unigram_tables(source))
    with np.load(bigram_path) as data:
        words = str(data["words"]).split("\n")
        backoff = data["backoff"].astype(np.float64)
        keys = data["keys"].tolist()
        values = data["values"].tolist()
    index = {w: i for i, w in enumerate(words)}
    return WordLM(logp=logp, prefixes=frozenset(prefixes), first_chars=frozenset(first_chars), unknown=unknown,
                  bigram_index=index, backoff=backoff, bigrams=dict(zip(keys, values)))
