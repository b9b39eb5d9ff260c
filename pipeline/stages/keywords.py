"""Keywords: the document's most characteristic content words (TF-IDF).

IDF weights come from jieba's own ``idf.txt`` (shipped inside the jieba package, so
nothing is downloaded); words unknown to it get the median IDF, as jieba.analyse does.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.document import Document

CONTENT_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "eng", "l", "j", "an")


class IdfTable:
    """jieba's IDF values as sorted arrays: loading creates no Python objects (270,000 words in a dict
    cost ~0.3 s of every cold start); a document looks up its few hundred words with a binary search."""

    def __init__(self, words: np.ndarray, values: np.ndarray) -> None:
        self.words = words  # sorted, fixed-width unicode
        self.values = values
        self.median = float(np.sort(values)[len(values) // 2]) if len(values) else 0.0  # jieba.analyse's choice

    def get_many(self, queries: list[str]) -> list[float]:
        """IDF of each query word; the median for words the table does not hold."""
        if not queries or not len(self.words):
            return [self.median] * len(queries)
        width = self.words.dtype.itemsize // 4
        probe = np.array([q if len(q) <= width else "" for q in queries], dtype=self.words.dtype)
        at = np.minimum(np.searchsorted(self.words, probe), len(self.words) - 1)
        found = (self.words[at] == probe) & np.array([0 < len(q) <= width for q in queries])
        return np.where(found, self.values[at], self.median).tolist()


def _read_idf(path: Path) -> dict[str, np.ndarray]:
    """idf.txt lines ``word value`` → sorted word array and value array (a repeated word keeps its last value)."""
    table: dict[str, float] = {}
    with open(path, encoding="utf-8") as handle:
        for word, _, value in (line.rstrip("\n").partition(" ") for line in handle):
            if value:
                table[word] = float(value)
    words = sorted(table)
    return {"words": np.array(words, dtype=f"U{max(map(len, words), default=1)}"),
            "values": np.array([table[w] for w in words], dtype=np.float64)}


@lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """jieba's IDF table, cached on disk as arrays after the first run."""
    import importlib.util

    from pipeline.cache import cached_arrays

    spec = importlib.util.find_spec("jieba")  # locate the file without importing jieba itself
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    arrays = cached_arrays("jieba-idf", [path], lambda: _read_idf(path))
    return IdfTable(arrays["words"], arrays["values"])


def extract_keywords(doc: Document, top_k: int) -> list[dict]:
    """Top ``top_k`` nouns/terms by TF-IDF, ties broken alphabetically for stable output."""
    if top_k <= 0:
        return []
    counts = Counter(t.text for t in doc.tokens if t.pos in CONTENT_TAGS and len(t.text) >= 2)
    total = sum(counts.values()) or 1
    words = list(counts)
    idf = load_idf().get_many(words)
    scored = [(counts[word] / total * value, word, counts[word]) for word, value in zip(words, idf)]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [{"text": word, "score": round(score, 4), "count": count} for score, word, count in scored[:top_k]]
