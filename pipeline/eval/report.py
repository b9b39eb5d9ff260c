"""The evaluation report: per-split summaries, compact tables, and the JSON written to disk."""

from __future__ import annotations

from typing import Any

from pipeline.eval.score import AREAS, HEADLINE, add_counts, measures

COLUMNS = ("dev", "holdout", "all")


def summarise(documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """``{split: {area: {"documents": n, "counts": …, "measures": …}}}`` over dev, holdout and all."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for column in COLUMNS:
        docs = [d for d in documents.values() if column == "all" or d["split"] == column]
        out[column] = {}
        for area in AREAS:
            counts = add_counts([d["areas"][area]["counts"] for d in docs])
            out[column][area] = {"documents": len(docs), "counts": counts, "measures": measures(area, counts)}
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) <= 1.0 else f"{value:.1f}"
    return str(value)


def tables(summary: dict[str, dict[str, dict[str, Any]]]) -> str:
    """One compact table per area: a row per measure (headline first, marked *), columns dev | holdout | all."""
    lines = []
    counts = "  ".join(f"{c} {summary[c][AREAS[0]]['documents']}" for c in COLUMNS)
    lines.append(f"documents: {counts}")
    for area in AREAS:
        names = list(summary["all"][area]["measures"])
        width = max(len(n) for n in names) + 2
        lines.append("")
        lines.append(f"{area:<{width}}" + "".join(f"{c:>9}" for c in COLUMNS))
        for name in names:
            mark = "*" if name == HEADLINE[area] else " "
            row = "".join(f"{_fmt(summary[c][area]['measures'][name]):>9}" for c in COLUMNS)
            lines.append(f"{mark}{name:<{width - 1}}{row}")
    return "\n".join(lines)


def json_report(documents: dict[str, dict[str, Any]], summary: dict, notes: list[str]) -> dict[str, Any]:
    """The JSON report: summary per split, and per document its measures, counts and (dev only) errors.

    Holdout documents carry no item-level details: nobody looks at their errors while tuning.
    """
    docs = {}
    for doc_id, doc in sorted(documents.items()):
        areas = {}
        for area, result in doc["areas"].items():
            entry = {"measures": measures(area, result["counts"]), "counts": result["counts"]}
            if doc["split"] == "dev":
                entry["details"] = result["details"]
            areas[area] = entry
        docs[doc_id] = {"split": doc["split"], "areas": areas}
    return {"headline": {c: {a: summary[c][a]["measures"][HEADLINE[a]] for a in AREAS} for c in COLUMNS},
            "summary": {c: {a: summary[c][a]["measures"] for a in AREAS} for c in COLUMNS},
            "documents": docs, "notes": notes}
