"""Held-out evaluation: ``python -m pipeline.ner.evaluate [--data DIR] [--model DIR]``.

Scores the CRF on the fixed 10 % split (never trained on): exact-span P/R/F1 per label, and micro
F1 with labels folded to PER / LOC (GPE, LOC, FAC) / ORG, WORK_OF_ART left out of the folded score.
Also reports the model's size (the files of the model directory) and the cold load of the numpy tagger
(:class:`pipeline.ner.fast.VectorCrf`, the first load in this process; numpy already imported), the two
shipping limits of the model (≤ 30 MB, ≤ 0.2 s).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from pipeline.ner.data import is_heldout, read_sentences
from pipeline.ner.model import builtin_model_dir, load_fast_tagger, load_tagger, segment_words

FOLD = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": n_gold, "pred": n_pred}


def score(pairs: list[tuple[set, set]]) -> dict[str, object]:
    """``pairs``: (gold spans, predicted spans) per sentence; spans are (start, end, label)."""
    tp: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    ftp = fgold = fpred = 0
    for g, p in pairs:
        for s in g:
            gold[s[2]] += 1
        for s in p:
            pred[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
        gf = {(s, e, FOLD[lab]) for s, e, lab in g if lab in FOLD}
        pf = {(s, e, FOLD[lab]) for s, e, lab in p if lab in FOLD}
        ftp += len(gf & pf)
        fgold += len(gf)
        fpred += len(pf)
    labels = sorted(set(gold) | set(pred))
    return {
        "per_label": {label: prf(tp[label], pred[label], gold[label]) for label in labels},
        "micro": prf(sum(tp.values()), sum(pred.values()), sum(gold.values())),
        "folded_micro": prf(ftp, fpred, fgold),
    }


def model_megabytes(model: str | None) -> dict[str, float]:
    """Size in MB (10^6 bytes) of each file of the model directory and of all together (as the size test counts)."""
    directory = Path(model) if model else builtin_model_dir()
    sizes = {p.name: p.stat().st_size for p in sorted(directory.iterdir()) if p.is_file()}
    return {**{k: round(v / 1e6, 2) for k, v in sizes.items()}, "total": round(sum(sizes.values()) / 1e6, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data/ner")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--crfsuite", action="store_true", help="tag with crfsuite instead of the numpy tagger")
    args = parser.parse_args(argv)
    pairs: list[tuple[set, set]] = []
    by_source: dict[str, list[tuple[set, set]]] = {}
    held = [s for s in read_sentences(args.data) if is_heldout(s.id)]
    items = [(s.text, segment_words(s.text)) for s in held]
    if args.crfsuite:
        tagger = load_tagger(args.model)
        started = time.process_time()
        predicted = [tagger.spans(text, words) for text, words in items]
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        fast = load_fast_tagger(args.model)
        load = {"wall_seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3)}
        started = time.process_time()
        predicted = fast.spans_many(items)
    seconds = max(time.process_time() - started, 1e-9)
    chars = sum(len(s.text) for s in held)
    for sent, pred in zip(held, predicted):
        pair = (set(sent.spans), set(pred))
        pairs.append(pair)
        by_source.setdefault(sent.id.rsplit("-", 1)[0], []).append(pair)
    result = {
        "heldout_sentences": len(pairs),
        "overall": score(pairs),
        "by_source": {k: score(v)["folded_micro"] for k, v in sorted(by_source.items())},
        "tagging_chars_per_second_cpu": round(chars / seconds),
        "model_megabytes": model_megabytes(args.model),
    }
    if not args.crfsuite:
        result["numpy_tagger_cold_load"] = load
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
