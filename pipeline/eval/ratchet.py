"""The ratchet: ``tests/gold/baseline.json`` holds main's scores; a change may not lower them.

The baseline keeps, per document and area, the headline and the counts behind it, so the check
compares like with like: both sides are re-aggregated over the documents they have in common.
Documents new to the gold (not in the baseline) and documents gone from it are reported, never
failed. An area fails when its headline drops by more than ``tolerance`` (0.005 = half a point).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.eval.score import AREAS, HEADLINE, add_counts, headline

TOLERANCE = 0.005


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def build_baseline(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The baseline of the current scores: headline per area (all documents) and per document."""
    per_doc = {doc_id: {area: {"headline": _round(headline(area, doc["areas"][area]["counts"])),
                               "counts": dict(sorted(doc["areas"][area]["counts"].items()))}
                        for area in AREAS}
               for doc_id, doc in sorted(documents.items())}
    overall = {area: _round(headline(area, add_counts([d[area]["counts"] for d in per_doc.values()])))
               for area in AREAS}
    return {"tolerance": TOLERANCE, "measures": {a: HEADLINE[a] for a in AREAS}, "headline": overall,
            "documents": per_doc}


def write_baseline(path: Path, baseline: dict[str, Any]) -> None:
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def load_baseline(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def check(baseline: dict[str, Any], documents: dict[str, dict[str, Any]],
          tolerance: float | None = None) -> tuple[list[str], list[str]]:
    """``(failures, notes)``: one failure per area whose headline dropped by more than the tolerance,
    naming the measure, both values and the documents whose own headline got worse."""
    tol = baseline.get("tolerance", TOLERANCE) if tolerance is None else tolerance
    base_docs: dict[str, Any] = baseline.get("documents", {})
    common = sorted(set(base_docs) & set(documents))
    notes = []
    new = sorted(set(documents) - set(base_docs))
    gone = sorted(set(base_docs) - set(documents))
    if new:
        notes.append(f"new document(s), not in the baseline (not checked): {', '.join(new)}")
    if gone:
        notes.append(f"document(s) in the baseline but no longer scored: {', '.join(gone)}")
    failures = []
    for area in AREAS:
        measure = f"{area}.{HEADLINE[area]}"
        before = headline(area, add_counts([base_docs[d].get(area, {}).get("counts", {}) for d in common]))
        after = headline(area, add_counts([documents[d]["areas"][area]["counts"] for d in common]))
        if before is None:
            continue
        if after is None or before - after > tol + 1e-12:
            worse = []
            for d in common:
                b = base_docs[d].get(area, {}).get("headline")
                a = headline(area, documents[d]["areas"][area]["counts"])
                if b is not None and (a is None or a < b - 1e-12):
                    worse.append(f"{d} {_fmt(b)} -> {_fmt(a)}")
            failures.append(f"{measure} dropped {_fmt(before)} -> {_fmt(after)} "
                            f"(tolerance {tol}); worse: {'; '.join(worse) or 'none individually'}")
        elif after > before + 1e-12:
            notes.append(f"{measure} improved {_fmt(before)} -> {_fmt(after)} (make eval-update-baseline to keep it)")
    return failures, notes
