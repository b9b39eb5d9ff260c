"""Train the character CRF: ``python -m pipeline.ner.train --data DIR --out DIR``.

Deterministic: L-BFGS has no random state, the split is a hash of the sentence id, and the data are
read in sorted file order, so the same data give the same model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

from pipeline.ner.data import bio_tags, read_sentences, split_of
from pipeline.ner.features import FEATURES_VERSION, char_features
from pipeline.ner.fast import FAST_FILE, export
from pipeline.ner.model import META_FILE, MODEL_FILE, segment_words

PARAMS = {
    # 2 M training characters (MSRA + CLUENER + People's Daily); chosen for the size / load / CPU budget, see
    # MODEL_CARD.md "Retraining with MSRA": rare features dropped before training (minfreq), a firmer L1 prior
    # (c1) so that the model ends sparse, as many L-BFGS iterations as one run on the shared machine allows.
    "c1": 0.5,
    "c2": 0.01,
    "max_iterations": 100,
    "feature.possible_transitions": True,
    "feature.minfreq": 5.0,  # (attribute, label) pairs seen < 5 times: 80 % of the features, little of the signal
}


class _LoggingTrainer(pycrfsuite.Trainer):
    """A trainer whose verbose log goes to a file (progress of a long run), not to stdout."""

    def __init__(self, log: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._log = open(log, "a", encoding="utf-8", buffering=1) if log else None

    def message(self, message: str) -> None:
        if self._log:
            self._log.write(message)
        super().message(message)  # feeds the log parser (last_iteration in the metadata)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data/ner", help="directory of NER *.jsonl files")
    parser.add_argument("--out", default="pipeline/resources/models/ner", help="output directory")
    parser.add_argument("--max-iterations", type=int, default=PARAMS["max_iterations"])
    parser.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 regularisation")
    parser.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 regularisation")
    parser.add_argument("--algorithm", default="lbfgs", choices=["lbfgs", "ap", "pa", "l2sgd"],
                        help="crfsuite training algorithm (c1/c2 apply to lbfgs; c2 to l2sgd)")
    parser.add_argument("--exclude", default="", help="comma-separated template names to leave out (screening)")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N training sentences only (screening)")
    parser.add_argument("--minfreq", type=float, default=PARAMS["feature.minfreq"],
                        help="drop (attribute, label) features seen fewer times before training")
    parser.add_argument("--log", default="", help="append crfsuite's training log (one block per iteration) here")
    args = parser.parse_args(argv)

    started = time.time()
    cpu_started = time.process_time()
    stats: dict[str, int] = {}
    trainer = _LoggingTrainer(args.log, algorithm=args.algorithm, verbose=False)
    n_train = n_held = n_guard = n_chars = 0
    exclude = frozenset(t for t in args.exclude.split(",") if t)
    for sent in read_sentences(args.data, stats):
        split = split_of(sent.id)
        if split != "train":
            n_held += split == "heldout"
            n_guard += split == "guard"
            continue
        if args.limit and n_train >= args.limit:
            continue
        trainer.append(char_features(sent.text, segment_words(sent.text), exclude), bio_tags(sent))
        n_train += 1
        n_chars += len(sent.text)
    params = dict(PARAMS, max_iterations=args.max_iterations, c1=args.c1, c2=args.c2)
    params["feature.minfreq"] = args.minfreq
    if args.algorithm != "lbfgs":
        params = {k: v for k, v in params.items() if k != "c1" and (k != "c2" or args.algorithm == "l2sgd")}
    trainer.set_params(params)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out / MODEL_FILE))
    exported = export(out / MODEL_FILE, out / FAST_FILE)
    seconds = round(time.time() - started, 1)
    cpu_seconds = round(time.process_time() - cpu_started, 1)
    meta = {
        "format": "crfsuite character BIOES tagger",
        "features": "pipeline.ner.features " + FEATURES_VERSION,
        "algorithm": args.algorithm,
        "params": params,
        "excluded_templates": sorted(exclude),
        "limit": args.limit,
        "train_sentences": n_train,
        "train_chars": n_chars,
        "heldout_sentences": n_held,
        "guard_sentences": n_guard,
        "span_stats": stats,
        "training_seconds": seconds,
        "training_cpu_seconds": cpu_seconds,
        "exported": exported,
        "last_iteration": trainer.logparser.last_iteration if trainer.logparser else None,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("train_sentences", "heldout_sentences", "span_stats", "training_seconds",
                                               "training_cpu_seconds")},
                     ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
