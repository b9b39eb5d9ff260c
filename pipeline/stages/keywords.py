"""Keywords: the document's most characteristic content words (TF-IDF).

IDF weights come from jieba's own ``idf.txt`` (shipped inside the jieba package, so
nothing is downloaded); words unknown to it get the median IDF, as jieba.analyse does.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipeline.document import Document

CONTENT_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "eng", "l", "j", "an")


@lru_cache(maxsize=1)
def load_idf() -> tuple[dict[str, str], float]:
    """jieba's IDF table, values kept as strings (only the document's words get converted)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # locate the file without importing jieba itself
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    with open(path, encoding="utf-8") as handle:
        idf = dict(line.split(" ", 1) for line in handle if " " in line)
    values = sorted(map(float, idf.values()))
    return idf, values[len(values) // 2]


def extract_keywords(doc: Document, top_k: int) -> list[dict]:
    """Top ``top_k`` nouns/terms by TF-IDF, ties broken alphabetically for stable output."""
    if top_k <= 0:
        return []
    counts = Counter(t.text for t in doc.tokens if t.pos in CONTENT_TAGS and len(t.text) >= 2)
    total = sum(counts.values()) or 1
    idf, median = load_idf()
    scored = [(count / total * (float(idf[word]) if word in idf else median), word, count)
              for word, count in counts.items()]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [{"text": word, "score": round(score, 4), "count": count} for score, word, count in scored[:top_k]]
