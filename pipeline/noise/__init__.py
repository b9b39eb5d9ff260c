"""Noise (injected spam token) detection: lexicon, language models, detector, tools.

The clean stage (pipeline.stages.clean) calls :func:`pipeline.noise.engine.find_noise`;
``summarize`` gives the batch-level noise summary over emitted records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Batch-level noise summary over records' ``noise`` lists (JSON-ready)."""
    by_reason: Counter = Counter()
    chars_by_reason: Counter = Counter()
    tokens: dict[str, dict[str, Any]] = {}
    token_docs: dict[str, set] = defaultdict(set)
    docs_with_noise = 0
    total = 0
    for index, record in enumerate(records):
        noise = record.get("noise") or []
        if noise:
            docs_with_noise += 1
        doc_id = record.get("id", index)
        for item in noise:
            token = item.get("token", "")
            reason = item.get("reason", "unknown")
            total += 1
            by_reason[reason] += 1
            chars_by_reason[reason] += len(token)
            entry = tokens.setdefault(token, {"token": token, "count": 0, "reasons": Counter(), "max_score": None,
                                              "originals": Counter()})
            entry["count"] += 1
            entry["reasons"][reason] += 1
            if item.get("token_original"):
                entry["originals"][item["token_original"]] += 1
            score = item.get("score")
            if isinstance(score, (int, float)) and (entry["max_score"] is None or score > entry["max_score"]):
                entry["max_score"] = score
            token_docs[token].add(doc_id)
    token_rows = []
    for token, entry in tokens.items():
        token_rows.append({
            "token": token,
            "count": entry["count"],
            "documents": len(token_docs[token]),
            "reasons": dict(entry["reasons"]),
            "originals": dict(entry["originals"]),
            "max_score": entry["max_score"],
        })
    token_rows.sort(key=lambda r: (-r["count"], r["token"]))
    return {
        "documents": len(records),
        "documents_with_noise": docs_with_noise,
        "removals": total,
        "characters_removed": sum(chars_by_reason.values()),
        "by_reason": dict(by_reason),
        "tokens": token_rows,
    }
