"""Gold against record for one document: which items were missed, which are extra, which are wrong.

Built on :mod:`pipeline.eval.gold` (the loader locates every gold item in ``text_original``)
and the rules of ``tests/gold/GUIDELINES.md``: entities and figures are compared by their span
in ``text_original`` (the record's ``start_original``/``end_original``) inside the gold's window;
entity labels by family (PERSON; ORG; PLACE = GPE or LOC; FAC; other labels are not scored);
figures by kind, value (or low/high, or date) and unit; noise by span over the whole document.

An item at the same span with a different label, kind, value or unit is *wrong*; a gold item
and a record item of the same family that overlap without the same span are *wrong* too
(boundary); what is left over is *missed* (gold only) or *extra* (record only).

    comparison = compare_with_gold(record, gold)   # gold: pipeline.eval.gold.Gold
    comparison["entities"]["missed"]               # [{"gold": …, "record": None, "why": …, …}]

This is what the review page shows; the scorer ``pipeline.eval`` computes the official numbers.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Any

FAMILY = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "FAC"}
FIGURE_FIELDS = ("kind", "value", "low", "high", "unit", "date")


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _context(text: str, start: int, end: int, width: int = 14) -> str:
    left = text[max(0, start - width):start].replace("\n", "⏎")
    right = text[end:end + width].replace("\n", "⏎")
    return f"{left}【{text[start:end]}】{right}"


def _row(text: str, gold: Any | None, record: dict[str, Any] | None, why: str,
         gold_view: dict[str, Any] | None = None) -> dict[str, Any]:
    start = gold.start if gold is not None else record["start_original"]
    end = gold.end if gold is not None else record["end_original"]
    return {"start": start, "end": end, "why": why, "context": _context(text, start, end),
            "gold": gold_view, "record": record,
            "gold_text": gold_view.get("text") if gold_view else None, "gold_note": _note(gold_view),
            "record_text": _surface(record), "record_note": _note(record)}


def _surface(item: dict[str, Any] | None) -> str | None:
    if not item:
        return None
    return item.get("text_original") or item.get("token_original") or item.get("text") or item.get("token")


def _note(item: dict[str, Any] | None) -> str:
    """Label or kind, value or range or date, unit: what a row shows beside the surface."""
    if not item:
        return ""
    parts = [item.get("label") or item.get("kind") or item.get("reason") or ""]
    if item.get("low") is not None or item.get("high") is not None:
        parts.append(f"{item.get('low')}–{item.get('high')}")
    elif item.get("value") is not None and item.get("kind") != "date":
        parts.append(str(item["value"]))
    if item.get("date") is not None:
        parts.append(str(item["date"]))
    if item.get("unit"):
        parts.append(str(item["unit"]))
    return " ".join(p for p in parts if p)


def _pair(text: str, gold_items: list[Any], predicted: list[dict[str, Any]], family_of_gold, family_of_record,
          differences, view) -> dict[str, Any]:
    """Match by exact original span, then by overlap within a family; the rest is missed / extra."""
    by_span: dict[tuple[int, int], list[int]] = {}
    for index, item in enumerate(predicted):
        by_span.setdefault((item["start_original"], item["end_original"]), []).append(index)
    used: set[int] = set()
    correct = 0
    wrong: list[dict[str, Any]] = []
    unmatched: list[Any] = []
    for gold in gold_items:
        candidates = [i for i in by_span.get((gold.start, gold.end), []) if i not in used]
        if not candidates:
            unmatched.append(gold)
            continue
        # Prefer a prediction that agrees fully, then one of the same family.
        candidates.sort(key=lambda i: (bool(differences(gold, predicted[i])),
                                       family_of_record(predicted[i]) != family_of_gold(gold)))
        chosen = candidates[0]
        used.add(chosen)
        why = differences(gold, predicted[chosen])
        if why:
            wrong.append(_row(text, gold, predicted[chosen], why, view(gold)))
        else:
            correct += 1
    missed: list[dict[str, Any]] = []
    for gold in unmatched:
        overlapping = [i for i, item in enumerate(predicted) if i not in used
                       and item["start_original"] < gold.end and gold.start < item["end_original"]
                       and family_of_record(item) == family_of_gold(gold)]
        if overlapping:
            chosen = min(overlapping, key=lambda i: abs(predicted[i]["start_original"] - gold.start))
            used.add(chosen)
            item = predicted[chosen]
            wrong.append(_row(text, gold, item,
                              f"span: record has {text[item['start_original']:item['end_original']]!r}", view(gold)))
        else:
            missed.append(_row(text, gold, None, "not in the record", view(gold)))
    extra = [_row(text, None, item, "not in the gold") for i, item in enumerate(predicted) if i not in used]
    gold_count, predicted_count = len(gold_items), len(predicted)
    precision = correct / predicted_count if predicted_count else (1.0 if not gold_count else 0.0)
    recall = correct / gold_count if gold_count else (1.0 if not predicted_count else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"missed": missed, "extra": extra, "wrong": sorted(wrong, key=lambda r: r["start"]),
            "correct": correct, "gold": gold_count, "predicted": predicted_count,
            "precision": precision, "recall": recall, "f1": f1}


def _normal(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value is not None else ""


def _metadata(record: dict[str, Any], gold: Any) -> list[dict[str, Any]]:
    """Metadata fields where gold and record disagree (either script of the record counts)."""
    meta = record.get("metadata") or {}
    rows = []

    def person(value: Any) -> tuple[str, str]:
        if isinstance(value, dict):
            return value.get("name") or "", value.get("name_original") or ""
        return str(value or ""), ""

    def check(field: str, expected: Any, found: Any, found_original: Any = None) -> None:
        if _normal(expected) == _normal(found) or (found_original and _normal(expected) == _normal(found_original)):
            return
        rows.append({"field": field, "gold": expected, "record": found})

    check("title", gold.metadata.get("title"), meta.get("title"), meta.get("title_original"))
    check("publication", gold.metadata.get("publication"), meta.get("publication"), meta.get("publication_original"))
    check("date", gold.metadata.get("date"), meta.get("date"))
    authors = [person(a) for a in meta.get("authors") or []]
    expected = [a["name"] for a in gold.metadata.get("authors") or []]
    found = [name for name, _ in authors]
    found_original = [original for _, original in authors]
    if [_normal(n) for n in expected] not in ([_normal(n) for n in found], [_normal(n) for n in found_original]):
        rows.append({"field": "authors", "gold": ", ".join(expected), "record": ", ".join(found)})
    editors = meta.get("editor")
    editors = editors if isinstance(editors, list) else ([editors] if editors else [])
    found = [person(e) for e in editors]
    expected = list(gold.metadata.get("editor") or [])
    if [_normal(n) for n in expected] not in ([_normal(a) for a, _ in found], [_normal(b) for _, b in found]):
        rows.append({"field": "editor", "gold": ", ".join(expected), "record": ", ".join(a for a, _ in found)})
    return rows


def compare_with_gold(record: dict[str, Any], gold: Any) -> dict[str, Any]:
    """Missed, extra and wrong items of ``record`` against ``gold`` (a loaded :class:`Gold`)."""
    text = record.get("text_original") or ""
    window = gold.window

    def entity_family(item: Any) -> str | None:
        label = item.label if hasattr(item, "label") else item.get("label")
        return FAMILY.get(label)

    def entity_differences(gold_item: Any, item: dict[str, Any]) -> str:
        if FAMILY.get(item.get("label")) != FAMILY.get(gold_item.label):
            return f"label: gold {gold_item.label}, record {item.get('label')}"
        return ""

    def figure_differences(gold_item: Any, item: dict[str, Any]) -> str:
        expected = gold_item.attrs
        problems = []
        if expected.get("kind") != item.get("kind"):
            problems.append(f"kind: gold {expected.get('kind')}, record {item.get('kind')}")
        for key in ("value", "low", "high"):
            if expected.get(key) is not None and not _same_number(expected[key], item.get(key)):
                problems.append(f"{key}: gold {expected[key]}, record {item.get(key)}")
        if (expected.get("unit") or None) != (item.get("unit") or None):
            problems.append(f"unit: gold {expected.get('unit')}, record {item.get('unit')}")
        if expected.get("date") is not None and str(expected["date"]) != str(item.get("date")):
            problems.append(f"date: gold {expected['date']}, record {item.get('date')}")
        return "; ".join(problems)

    entities = [e for e in record.get("entities") or []
                if e.get("label") in FAMILY and e.get("start_original") is not None and e["start_original"] < window]
    figures = [f for f in record.get("figures") or []
               if f.get("start_original") is not None and f["start_original"] < window]
    noise = [n for n in record.get("noise") or [] if n.get("start_original") is not None]
    result = {
        "window": window,
        "entities": _pair(text, gold.entities, entities, entity_family, entity_family, entity_differences,
                          lambda g: {"text": g.text, "label": g.label}),
        "figures": _pair(text, gold.figures, figures, lambda g: "figure", lambda f: "figure", figure_differences,
                         lambda g: {"text": g.text, **{k: v for k, v in g.attrs.items() if v is not None}}),
        "noise": _pair(text, gold.noise, noise, lambda g: "noise", lambda n: "noise", lambda g, n: "",
                       lambda g: {"text": g.text}),
        "metadata": _metadata(record, gold),
    }
    return result


def load_gold_for(record: dict[str, Any], gold_dir: Path | None) -> tuple[Any | None, str | None]:
    """The gold of a record (``gold_dir/<id>.yaml``) located in its ``text_original``, or an error text."""
    if gold_dir is None:
        return None, None
    path = Path(gold_dir) / f"{record.get('id')}.yaml"
    if not path.is_file():
        return None, None
    from pipeline.eval.gold import GoldError, load

    try:
        return load(path, record.get("text_original") or ""), None
    except GoldError as exc:
        return None, str(exc)
