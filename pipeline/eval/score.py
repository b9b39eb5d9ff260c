"""Scoring one record against its gold: pure functions, gold + record -> counts -> measures.

Every area yields *counts* (whole numbers that add up across documents, so the corpus scores are
micro-averages) and a few *details* (the items that went wrong, for the JSON report). ``measures``
turns counts into the numbers printed and ratcheted; ``HEADLINE`` names each area's headline.
The record's ``tokens`` are never used. Offsets are the record's ``*_original`` ones, which point
into ``text_original``, the text the gold refers to.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from typing import Any

from pipeline.eval.gold import Gold, Item
from pipeline.eval.normalize import heading_key, norm

AREAS = ("entities", "figures", "metadata", "headings", "noise", "conversion")
HEADLINE = {"entities": "f1", "figures": "f1", "metadata": "accuracy", "headings": "f1",
            "noise": "score", "conversion": "accuracy"}
FAMILY = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "FAC"}
FAMILIES = ("PERSON", "ORG", "PLACE", "FAC")
META_FIELDS = ("title", "authors", "editor", "publication", "date")

Counts = dict[str, int]
AreaScore = dict[str, Any]  # {"counts": Counts, "details": {...}}


# ---------------------------------------------------------------- helpers

def ratio(num: int, den: int) -> float | None:
    """num/den, or None when there is nothing to measure."""
    return num / den if den else None


def f1(tp: int, gold: int, pred: int) -> float | None:
    """2tp / (gold + pred): 0 when either side has items and none match, None when both are empty."""
    return 2 * tp / (gold + pred) if gold + pred else None


def prf(counts: Counts, prefix: str = "") -> dict[str, float | None]:
    tp, gold, pred = counts.get(prefix + "tp", 0), counts.get(prefix + "gold", 0), counts.get(prefix + "pred", 0)
    return {prefix + "precision": ratio(tp, pred), prefix + "recall": ratio(tp, gold), prefix + "f1": f1(tp, gold, pred)}


def _span(entry: dict) -> tuple[int, int]:
    return int(entry.get("start_original", -1)), int(entry.get("end_original", -1))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return a == b or math.isclose(a, b, rel_tol=1e-9)


# ---------------------------------------------------------------- entities

def score_entities(gold: Gold, record: dict) -> AreaScore:
    """Exact original span + label family, predictions starting inside the window with a scored label."""
    golds = Counter((e.start, e.end, FAMILY[e.label]) for e in gold.entities)
    preds: Counter = Counter()
    for ent in record.get("entities") or []:
        family = FAMILY.get(ent.get("label"))
        start, end = _span(ent)
        if family and 0 <= start < gold.window:
            preds[(start, end, family)] += 1
    hits = golds & preds
    counts: Counts = {"tp": sum(hits.values()), "gold": sum(golds.values()), "pred": sum(preds.values())}
    for fam in FAMILIES:
        counts[f"{fam}.tp"] = sum(n for k, n in hits.items() if k[2] == fam)
        counts[f"{fam}.gold"] = sum(n for k, n in golds.items() if k[2] == fam)
        counts[f"{fam}.pred"] = sum(n for k, n in preds.items() if k[2] == fam)
    banned = set(gold.must_not["entities"])
    violations = [e.get("text_original") for e in record.get("entities") or [] if e.get("text_original") in banned]
    counts["must_not"] = len(violations)
    text = record.get("text_original") or ""
    show = lambda k: f"{text[k[0]:k[1]]} {k[2]} @{k[0]}"  # noqa: E731
    return {"counts": counts, "details": {
        "missed": [show(k) for k in sorted((golds - preds).elements())],
        "extra": [show(k) for k in sorted((preds - golds).elements())],
        "must_not": violations}}


# ---------------------------------------------------------------- figures

def figure_value_agrees(item: Item, pred: dict) -> bool:
    """Kind and normalised value (date, low/high, or value) and unit agree."""
    attrs = item.attrs
    if pred.get("kind") != attrs["kind"]:
        return False
    if attrs["kind"] == "date":
        return str(pred.get("date") or "") == attrs["date"]
    if attrs["kind"] == "range" and attrs.get("date") is not None and attrs.get("low") is None:
        return str(pred.get("date") or "") == attrs["date"]
    if attrs["kind"] == "range":
        values = _close(pred.get("low"), attrs["low"]) and _close(pred.get("high"), attrs["high"])
    else:
        values = _close(pred.get("value"), attrs["value"])
    return values and (pred.get("unit") or None) == (attrs.get("unit") or None)


def _match(golds: list[Item], preds: list[dict], ok) -> list[tuple[Item, dict]]:
    """Greedy one-to-one matching in document order: each gold takes the first free prediction."""
    free = list(range(len(preds)))
    pairs = []
    for item in golds:
        for n, i in enumerate(free):
            if _overlap((item.start, item.end), _span(preds[i])) and ok(item, preds[i]):
                pairs.append((item, preds[i]))
                del free[n]
                break
    return pairs


def score_figures(gold: Gold, record: dict) -> AreaScore:
    """value+unit+kind P/R/F1, located (overlap-only) P/R/F1, currency accuracy, must-not violations."""
    all_preds = [f for f in record.get("figures") or [] if isinstance(f, dict)]
    preds = [f for f in all_preds if 0 <= _span(f)[0] < gold.window]
    full = _match(gold.figures, preds, figure_value_agrees)
    located = _match(gold.figures, preds, lambda item, pred: True)
    money = [item for item in gold.figures if item.attrs["kind"] == "money"]
    money_located = _match(money, [p for p in preds if p.get("kind") == "money"], lambda item, pred: True)
    currency_ok = [(i, p) for i, p in money_located if p.get("unit") == i.attrs["unit"]]
    text = record.get("text_original") or ""
    occurrences = []
    for banned in gold.must_not["figures"]:
        at = text.find(banned)
        while at >= 0:
            occurrences.append((at, at + len(banned)))
            at = text.find(banned, at + 1)
    violations = [f.get("text_original") for f in all_preds if any(_overlap(_span(f), o) for o in occurrences)]
    counts = {"tp": len(full), "gold": len(gold.figures), "pred": len(preds), "located.tp": len(located),
              "located.gold": len(gold.figures), "located.pred": len(preds),
              "currency.ok": len(currency_ok), "currency.n": len(money_located), "must_not": len(violations)}
    matched = {id(p) for _, p in full}
    found = {id(i) for i, _ in full}
    return {"counts": counts, "details": {
        "missed": [f"{i.text} {i.attrs['kind']} @{i.start}" for i in gold.figures if id(i) not in found],
        "extra": [f"{p.get('text_original')} {p.get('kind')} {p.get('value', p.get('low'))} {p.get('unit')} "
                  f"@{_span(p)[0]}" for p in preds if id(p) not in matched],
        "wrong_currency": [f"{i.text}: {p.get('unit')} (gold {i.attrs['unit']})"
                           for i, p in money_located if p.get("unit") != i.attrs["unit"]],
        "must_not": violations}}


# ---------------------------------------------------------------- metadata

def _names(value: Any) -> list[str]:
    """Person names from a record field: a dict {name, …}, a list of dicts or strings, a string, or null."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    names = []
    for entry in value:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if name:
            names.append(norm(name))
    return names


def score_metadata(gold: Gold, record: dict) -> AreaScore:
    """Per field: stated (gold non-empty), correct, spurious (gold empty, record not); authors and affiliations F1."""
    meta = record.get("metadata") or {}
    gold_meta = gold.metadata
    gold_authors = [(norm(a["name"]), [norm(x) for x in a["affiliations"]]) for a in gold_meta["authors"]]
    rec_authors = []
    for author in meta.get("authors") or []:
        if isinstance(author, dict):
            rec_authors.append((norm(author.get("name")), [norm(x) for x in author.get("affiliations") or []]))
        elif isinstance(author, str):
            rec_authors.append((norm(author), []))
    values = {
        "title": (norm(gold_meta["title"]), norm(meta.get("title"))),
        "authors": ([n for n, _ in gold_authors], [n for n, _ in rec_authors]),
        "editor": ([norm(e) for e in gold_meta["editor"]], _names(meta.get("editor"))),
        "publication": (norm(gold_meta["publication"]), norm(meta.get("publication"))),
        "date": (norm(gold_meta["date"]), norm(meta.get("date"))),
    }
    counts: Counts = {"stated": 0, "correct": 0, "spurious": 0}
    wrong = {}
    for field in META_FIELDS:
        want, got = values[field]
        stated, correct = int(bool(want)), int(bool(want) and want == got)
        spurious = int(not want and bool(got))
        counts[f"{field}.stated"], counts[f"{field}.correct"], counts[f"{field}.spurious"] = stated, correct, spurious
        counts["stated"] += stated
        counts["correct"] += correct
        counts["spurious"] += spurious
        if want != got:
            wrong[field] = {"gold": want, "record": got}
    # authors F1 by name; affiliations F1 over the matched authors
    left = list(rec_authors)
    tp = aff_tp = aff_gold = aff_pred = 0
    for name, affs in gold_authors:
        for n, (rname, raffs) in enumerate(left):
            if rname == name:
                tp += 1
                aff_tp += sum((Counter(affs) & Counter(raffs)).values())
                aff_gold += len(affs)
                aff_pred += len(raffs)
                del left[n]
                break
    counts.update({"authors.tp": tp, "authors.gold": len(gold_authors), "authors.pred": len(rec_authors),
                   "affiliations.tp": aff_tp, "affiliations.gold": aff_gold, "affiliations.pred": aff_pred})
    return {"counts": counts, "details": {"wrong": wrong}}


# ---------------------------------------------------------------- headings

def score_headings(gold: Gold, record: dict) -> AreaScore:
    """F1 on heading keys (aligned in order), level accuracy on matched pairs after shifting levels to 1."""
    title = norm(gold.metadata.get("title"))
    preds = []
    for section in record.get("sections") or []:
        surface = section.get("heading_original") or section.get("heading") or ""
        if title and norm(surface) == title:
            continue
        preds.append((heading_key(surface), int(section.get("level") or 1), surface))
    golds = [(heading_key(text), level, text) for text, level in gold.headings]
    matcher = difflib.SequenceMatcher(a=[g[0] for g in golds], b=[p[0] for p in preds], autojunk=False)
    pairs = [(golds[block.a + k], preds[block.b + k]) for block in matcher.get_matching_blocks()
             for k in range(block.size)]
    gmin = min((g[1] for g in golds), default=1)
    pmin = min((p[1] for p in preds), default=1)
    level_ok = [g[1] - gmin == p[1] - pmin for g, p in pairs]
    banned = {norm(s) for s in gold.must_not["headings"]}
    violations = [p[2] for p in preds if norm(p[2]) in banned]
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    counts = {"tp": len(pairs), "gold": len(golds), "pred": len(preds),
              "level.ok": sum(level_ok), "level.n": len(pairs), "must_not": len(violations)}
    return {"counts": counts, "details": {
        "missed": [g[2] for g in golds if id(g) not in matched_g],
        "extra": [p[2] for p in preds if id(p) not in matched_p],
        "wrong_level": [f"{g[2]}: {p[1] - pmin + 1} (gold {g[1] - gmin + 1})"
                        for (g, p), ok in zip(pairs, level_ok) if not ok],
        "must_not": violations}}


# ---------------------------------------------------------------- noise

def _covered(spans: list[dict]) -> set[int]:
    chars: set[int] = set()
    for entry in spans:
        start, end = _span(entry)
        chars.update(range(max(start, 0), max(end, 0)))
    return chars


def score_noise(gold: Gold, record: dict) -> AreaScore:
    """Genuine characters removed, gold tokens removed whole (and removed or flagged)."""
    removed = _covered(record.get("noise") or [])
    flagged = removed | _covered(record.get("noise_candidates") or [])
    noise_chars = {i for item in gold.noise for i in range(item.start, item.end)}
    recalled = [item for item in gold.noise if set(range(item.start, item.end)) <= removed]
    recalled_flagged = [item for item in gold.noise if set(range(item.start, item.end)) <= flagged]
    genuine = sorted(removed - noise_chars)
    text = record.get("text_original") or ""
    counts = {"gold": len(gold.noise), "recalled": len(recalled), "flagged": len(recalled_flagged),
              "removed_chars": len(removed), "noise_chars_removed": len(removed & noise_chars),
              "genuine_removed": len(genuine), "chars": len(text)}
    found = {id(i) for i in recalled}
    return {"counts": counts, "details": {
        "missed": [f"{i.text} @{i.start}" for i in gold.noise if id(i) not in found],
        "genuine_removed": [f"{text[i]} @{i}" for i in genuine]}}


# ---------------------------------------------------------------- conversion

def score_conversion(gold: Gold, record: dict) -> AreaScore:
    """Share of gold phrases whose ``simplified`` form occurs in ``record.text``."""
    text = record.get("text") or ""
    missing = [c for c in gold.conversion if c["simplified"] not in text]
    counts = {"ok": len(gold.conversion) - len(missing), "n": len(gold.conversion)}
    return {"counts": counts, "details": {"missing": [f"{c['original']} -> {c['simplified']}" for c in missing]}}


SCORERS = {"entities": score_entities, "figures": score_figures, "metadata": score_metadata,
           "headings": score_headings, "noise": score_noise, "conversion": score_conversion}


def score_document(gold: Gold, record: dict) -> dict[str, AreaScore]:
    """Every area's counts and details for one document."""
    return {area: SCORERS[area](gold, record) for area in AREAS}


# ---------------------------------------------------------------- measures

def measures(area: str, c: Counts) -> dict[str, float | int | None]:
    """The printed numbers of one area from its (possibly summed) counts; the headline comes first."""
    if area == "entities":
        out = {"f1": f1(c.get("tp", 0), c.get("gold", 0), c.get("pred", 0)), **prf(c)}
        for fam in FAMILIES:
            out[f"{fam}.f1"] = f1(c.get(f"{fam}.tp", 0), c.get(f"{fam}.gold", 0), c.get(f"{fam}.pred", 0))
        out["must_not"] = c.get("must_not", 0)
        return out
    if area == "figures":
        return {"f1": f1(c.get("tp", 0), c.get("gold", 0), c.get("pred", 0)), **prf(c),
                "located.f1": f1(c.get("located.tp", 0), c.get("located.gold", 0), c.get("located.pred", 0)),
                "currency": ratio(c.get("currency.ok", 0), c.get("currency.n", 0)),
                "must_not": c.get("must_not", 0)}
    if area == "metadata":
        out = {"accuracy": ratio(c.get("correct", 0), c.get("stated", 0) + c.get("spurious", 0))}
        for field in META_FIELDS:
            out[field] = ratio(c.get(f"{field}.correct", 0), c.get(f"{field}.stated", 0))
        out["spurious"] = c.get("spurious", 0)
        out["authors.f1"] = f1(c.get("authors.tp", 0), c.get("authors.gold", 0), c.get("authors.pred", 0))
        out["affiliations.f1"] = f1(c.get("affiliations.tp", 0), c.get("affiliations.gold", 0),
                                    c.get("affiliations.pred", 0))
        return out
    if area == "headings":
        return {"f1": f1(c.get("tp", 0), c.get("gold", 0), c.get("pred", 0)), **prf(c),
                "level": ratio(c.get("level.ok", 0), c.get("level.n", 0)), "must_not": c.get("must_not", 0)}
    if area == "noise":
        recall = ratio(c.get("recalled", 0), c.get("gold", 0))
        removed = c.get("removed_chars", 0)
        precision = ratio(c.get("noise_chars_removed", 0), removed) if removed else (1.0 if c.get("chars") else None)
        score = (2 * precision * recall / (precision + recall) if precision + recall else 0.0) \
            if precision is not None and recall is not None else precision
        return {"score": score, "recall": recall, "char_precision": precision,
                "recall_flagged": ratio(c.get("flagged", 0), c.get("gold", 0)),
                "genuine_removed": c.get("genuine_removed", 0),
                "genuine_per_100k": (1e5 * c.get("genuine_removed", 0) / c["chars"]) if c.get("chars") else None}
    if area == "conversion":
        return {"accuracy": ratio(c.get("ok", 0), c.get("n", 0))}
    raise ValueError(f"unknown area {area!r}")


def add_counts(many: list[Counts]) -> Counts:
    """Counts summed over documents (micro-averaging)."""
    total: Counter = Counter()
    for counts in many:
        total.update(counts)
    return dict(total)


def headline(area: str, counts: Counts) -> float | None:
    return measures(area, counts)[HEADLINE[area]]
