"""Read the JSON report of ``make eval`` (``python -m pipeline.eval``) without depending on its details.

The scorer writes per-document scores; this reader accepts the shapes such a report can
reasonably take and turns them into ``{doc_id: {area: score}}`` plus the report's overall
scores as flat ``{"area.metric": number}``:

- per document under ``documents`` / ``per_document`` / ``docs`` (also inside ``dev`` /
  ``holdout`` / ``splits``), as a mapping ``id -> scores`` or a list of ``{"id": …, …}``;
- an area's score is its ``f1``, else ``accuracy``, else ``score``, else its only number;
  a number directly under the document is an area of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DOC_KEYS = ("documents", "per_document", "docs", "by_document")
SPLIT_KEYS = ("dev", "holdout", "splits", "development")
MAIN_METRICS = ("f1", "micro_f1", "accuracy", "score", "rate", "recall")
ID_KEYS = ("id", "doc", "document", "name")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def flatten(node: Any, prefix: str = "", skip: tuple[str, ...] = ()) -> dict[str, float]:
    """Every numeric leaf as ``a.b.c -> value`` (lists are skipped)."""
    out: dict[str, float] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key in skip:
                continue
            name = f"{prefix}.{key}" if prefix else str(key)
            if _number(value):
                out[name] = value
            elif isinstance(value, dict):
                out.update(flatten(value, name, skip))
    return out


def main_score(node: Any) -> float | None:
    if _number(node):
        return node
    if isinstance(node, dict):
        for key in MAIN_METRICS:
            if _number(node.get(key)):
                return node[key]
        numbers = [v for v in node.values() if _number(v)]
        if len(numbers) == 1:
            return numbers[0]
        for key in ("all", "micro", "overall", "total"):
            if isinstance(node.get(key), dict):
                found = main_score(node[key])
                if found is not None:
                    return found
    return None


def _documents(report: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if not isinstance(report, dict):
        return found
    for key in DOC_KEYS:
        node = report.get(key)
        if isinstance(node, dict):
            found.update({str(k): v for k, v in node.items() if isinstance(v, dict)})
        elif isinstance(node, list):
            for entry in node:
                if isinstance(entry, dict):
                    doc_id = next((entry[k] for k in ID_KEYS if isinstance(entry.get(k), str)), None)
                    if doc_id is not None:
                        found[doc_id] = entry
    for key in SPLIT_KEYS:
        node = report.get(key)
        if isinstance(node, dict):
            if key == "splits":
                for split in node.values():
                    found.update(_documents(split))
            else:
                found.update(_documents(node))
    return found


def per_document(report: Any) -> dict[str, dict[str, float]]:
    """``{doc_id: {area: main score}}`` from an eval report (empty when it has no per-document part)."""
    scores: dict[str, dict[str, float]] = {}
    for doc_id, entry in _documents(report).items():
        areas: dict[str, float] = {}
        for area, value in entry.items():
            if area in ID_KEYS or area in ("split", "path"):
                continue
            score = main_score(value)
            if score is not None:
                areas[str(area)] = score
        scores[doc_id] = areas
    return scores


def overall(report: Any) -> dict[str, float]:
    """The report's numbers outside its per-document part, flattened."""
    return flatten(report, skip=DOC_KEYS)


def load(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))
