"""News NER through the whole pipeline: ``python -m pipeline.ner.evaluate_news [--data DIR] [--source NAME]``.

Scores ``pipeline.process`` (ingest, conversion, cleaning, segmentation, gazetteers, rules, CRF and the
form filter: what a user gets), not the CRF alone, on the held-out *blocks* of a NER set
(:func:`pipeline.ner.data.split_of`; never trained on). Each held-out block — consecutive sentences of
whole articles — becomes one document, sentences joined by newlines; predicted mentions are mapped back
through ``start_original`` / ``end_original``. Labels are folded to PER / LOC (GPE, LOC, FAC) / ORG;
other labels (NORP, EVENT, LAW, WORK_OF_ART) are not scored. Exact span match, micro P/R/F1.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from pipeline.ner.data import BLOCK_SENTENCES, Sentence, read_sentences, split_of

FOLD = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def blocks(data: str, source: str) -> list[list[Sentence]]:
    """Held-out sentences of ``source`` grouped by block (consecutive ids)."""
    out: dict[int, list[Sentence]] = {}
    for sent in read_sentences(data):
        src, _, number = sent.id.rpartition("-")
        if src == source and number.isdigit() and split_of(sent.id) == "heldout":
            out.setdefault(int(number) // BLOCK_SENTENCES, []).append(sent)
    return [out[k] for k in sorted(out)]


def score_block(sentences: list[Sentence], settings: dict | None) -> tuple[Counter, Counter, Counter]:
    """(true positives, gold, predicted) per folded label for one block run as a document."""
    import pipeline

    text = "\n".join(s.text for s in sentences)
    gold: set[tuple[int, int, str]] = set()
    at = 0
    for s in sentences:
        for start, end, label in s.spans:
            if label in FOLD:
                gold.add((at + start, at + end, FOLD[label]))
        at += len(s.text) + 1
    record = pipeline.process(text, settings=settings or {})
    pred = {(m["start_original"], m["end_original"], FOLD[m["label"]]) for m in record["entities"]
            if m["label"] in FOLD and m.get("start_original") is not None}
    tp, g, p = Counter(), Counter(), Counter()
    for _, _, lab in gold & pred:
        tp[lab] += 1
    for _, _, lab in gold:
        g[lab] += 1
    for _, _, lab in pred:
        p[lab] += 1
    return tp, g, p


def prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold": gold, "pred": pred}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data/ner")
    parser.add_argument("--source", default="msra_train", help="data set (id prefix) whose held-out blocks are scored")
    parser.add_argument("--no-filter", action="store_true", help="extract.entities_model_filter: false (news mode)")
    parser.add_argument("--model", default=None, help="model directory (extract.entities_model)")
    args = parser.parse_args(argv)
    settings: dict = {}
    if args.no_filter:
        settings["extract.entities_model_filter"] = False
    if args.model:
        settings["extract.entities_model"] = args.model
    tp, gold, pred = Counter(), Counter(), Counter()
    started = time.perf_counter()
    n_sent = n_chars = 0
    groups = blocks(args.data, args.source)
    for block in groups:
        t, g, p = score_block(block, settings)
        tp += t
        gold += g
        pred += p
        n_sent += len(block)
        n_chars += sum(len(s.text) for s in block)
    labels = sorted(set(gold) | set(pred))
    result = {
        "source": args.source, "blocks": len(groups), "sentences": n_sent, "characters": n_chars,
        "settings": settings,
        "folded_micro": prf(sum(tp.values()), sum(pred.values()), sum(gold.values())),
        "per_label": {lab: prf(tp[lab], pred[lab], gold[lab]) for lab in labels},
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
