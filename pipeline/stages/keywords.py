"""Keywords: the document's most characteristic content words (TF-IDF).

IDF weights come from jieba's own ``idf.txt`` (shipped inside the jieba package, so
nothing is downloaded); words unknown to it get the median IDF, as jieba.analyse does.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipeline.document import Document

CONTENT_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "eng", "l", "j", "an")


def _read_idf(path: Path) -> tuple[dict[str, float], float]:
    with open(path, encoding="utf-8") as handle:
        idf = {word: float(value) for word, _, value in (line.partition(" ") for line in handle) if value}
    values = sorted(idf.values())
    return idf, values[len(values) // 2]


@lru_cache(maxsize=1)
def load_idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median (for unknown words), cached on disk after the first run."""
    import importlib.util

    from pipeline.cache import cached_table

    spec = importlib.util.find_spec("jieba")  # locate the file without importing jieba itself
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    idf, median = cached_table("jieba-idf", [path], lambda: _read_idf(path))
    return idf, median


def extract_keywords(doc: Document, top_k: int) -> list[dict]:
    """Top ``top_k`` nouns/terms by TF-IDF, ties broken alphabetically for stable output."""
    if top_k <= 0:
        return []
    counts = Counter(t.text for t in doc.tokens if t.pos in CONTENT_TAGS and len(t.text) >= 2)
    total = sum(counts.values()) or 1
    idf, median = load_idf()
    scored = [(count / total * idf.get(word, median), word, count) for word, count in counts.items()]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [{"text": word, "score": round(score, 4), "count": count} for score, word, count in scored[:top_k]]
