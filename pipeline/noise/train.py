"""Learn the weights that combine the span evidence (``resources/noise/detector.json``).

Run: ``python -m pipeline.noise.train [--data DIR]``. Examples come from the *train*
split of the clean paragraphs only (the benchmark scores the held-out split):
positives are dictionary words and word pairs from jieba's dictionary inserted at
uniformly random character positions (inside words too); negatives are genuine
spans of the same text (segmenter words, adjacent word pairs, arbitrary spans).
Neither the lexicon nor the benchmark's invented spam list is used.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np

from pipeline.noise.data import DEFAULT_DATA, news_blocks, paragraphs
from pipeline.noise.features import (FEATURES, LEXICON_FEATURES, is_boundary_char, load_models, span_features,
                                     topic_features)

SEED = 13
RESOURCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "noise"


def spam_vocabulary(models, rng: random.Random) -> list[str]:
    words = [w for w, lp in models.words.items()
             if 2 <= len(w) <= 4 and lp > -14.5 and not any(is_boundary_char(c) for c in w)]
    rng.shuffle(words)
    return words


def train_texts(data_dir: Path) -> list[str]:
    import opencc

    t2s = opencc.OpenCC("t2s")
    texts = [t for _, t in paragraphs(data_dir, "simplified", "train")]
    texts += [t2s.convert(t) for _, t in paragraphs(data_dir, "traditional", "train")]
    texts += ["".join(sentences) for _, sentences in news_blocks(data_dir, "train")]  # news documents
    return [t for t in texts if len(t) >= 20]


def random_spam(rng: random.Random, vocab: list[str]) -> str:
    token = rng.choice(vocab)
    if rng.random() < 0.35:
        token += rng.choice(vocab)
    return token[:6]


def detector_examples(texts: list[str], count: int, rng: random.Random, prefilter: float,
                      max_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """Within the detector's candidate pool: injected spans that pass the prefilter vs genuine candidates."""
    from pipeline.noise.engine import detector_candidates

    models = load_models(str(RESOURCE_DIR))
    vocab = spam_vocabulary(models, rng)
    X: list[np.ndarray] = []
    y: list[int] = []
    positives = negatives = 0
    while positives < count:
        text = rng.choice(texts)
        token = random_spam(rng, vocab)
        pos = rng.randrange(1, len(text))
        injected = text[:pos] + token + text[pos:]
        span = (pos, pos + len(token))
        if len(token) <= max_chars and any((s, e) == span for s, e, _ in
                                           detector_candidates(models, injected, prefilter, max_chars)):
            X.append(span_features(models, injected, *span))
            y.append(1)
            positives += 1
        pool = detector_candidates(models, text, prefilter, max_chars)
        for s, e, _ in rng.sample(pool, min(2, len(pool))):
            X.append(span_features(models, text, s, e))
            y.append(0)
            negatives += 1
    return np.array(X), np.array(y)


def examples(texts: list[str], count: int, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """Context judgement of word-like spans: injected words vs genuine words of the same text."""
    import rjieba

    models = load_models(str(RESOURCE_DIR))
    vocab = spam_vocabulary(models, rng)
    X: list[np.ndarray] = []
    y: list[int] = []
    for _ in range(count):
        text = rng.choice(texts)
        # positive: a word (or two) inserted at a random position
        token = random_spam(rng, vocab)
        pos = rng.randrange(1, len(text))
        X.append(span_features(models, text[:pos] + token + text[pos:], pos, pos + len(token)))
        y.append(1)
        # negatives: genuine spans of the same text
        words = [w for w in rjieba.cut(text, False)]
        offsets, p = [], 0
        for w in words:
            offsets.append((p, p + len(w)))
            p += len(w)
        cands = [(s, e) for s, e in offsets if e - s >= 2 and not is_boundary_char(text[s])]
        for _k in range(2):
            kind = rng.random()
            if kind < 0.6 and cands:
                s, e = rng.choice(cands)
            elif kind < 0.8 and len(offsets) > 1:
                k = rng.randrange(len(offsets) - 1)
                s, e = offsets[k][0], offsets[k + 1][1]
            else:
                s = rng.randrange(0, len(text) - 2)
                e = min(len(text), s + rng.randint(2, 6))
            if e - s < 2 or e - s > 6:
                continue
            X.append(span_features(models, text, s, e))
            y.append(0)
    return np.array(X), np.array(y)


def _listed_features(models, text: str, start: int, end: int) -> np.ndarray:
    """Span features followed by the two topic features (stacked onto the context log-odds later)."""
    return np.concatenate((span_features(models, text, start, end), topic_features(text, start, end)))


LEXICON_WORDS = 4000  # dictionary words whose genuine vs injected occurrences train the "lexicon" weights
PER_WORD = 12  # genuine occurrences (and as many injections) per word
LEXICON_LOGP = (-12.5, -8.0)  # frequency band of the words (交流 -9.4, 讲座 -11.6)


def lexicon_examples(texts: list[str], rng: random.Random, listed: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Is this occurrence of a known word genuine or injected? The question a contextual lexicon entry asks.

    Negatives: genuine occurrences (any string match, as the lexicon matcher sees them) of dictionary
    words in the frequency band of the contextual lexicon entries; positives: the same words inserted at
    uniformly random positions of the same texts. ``listed`` (the contextual lexicon tokens) are added
    with all their genuine occurrences. Rows: FEATURES + (elsewhere, topic).
    """
    models = load_models(str(RESOURCE_DIR))
    low, high = LEXICON_LOGP
    words = [w for w, lp in models.words.items()
             if 2 <= len(w) <= 4 and low < lp < high and not any(is_boundary_char(c) for c in w)]
    words.sort()
    rng.shuffle(words)
    plan = [(w, PER_WORD) for w in words[:LEXICON_WORDS]] + [(w, 400) for w in listed]
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for w, cap in plan:
        automaton.add_word(w, (w, cap))
    automaton.make_automaton()
    found: dict[str, list[tuple[int, int]]] = {}
    for k, text in enumerate(texts):
        for end, (w, _cap) in automaton.iter(text):
            found.setdefault(w, []).append((k, end + 1 - len(w)))
    X: list[np.ndarray] = []
    y: list[int] = []
    for w, cap in plan:
        spots = found.get(w, [])
        rng.shuffle(spots)
        for k, s in spots[:cap]:
            X.append(_listed_features(models, texts[k], s, s + len(w)))
            y.append(0)
        for _ in range(max(len(spots[:cap]), 1 if cap == PER_WORD else cap)):
            text = rng.choice(texts)
            pos = rng.randrange(1, len(text))
            X.append(_listed_features(models, text[:pos] + w + text[pos:], pos, pos + len(w)))
            y.append(1)
    return np.array(X), np.array(y)


def fit_lexicon(context: dict, Xl: np.ndarray, yl: np.ndarray, listed: list[str]) -> dict:
    """Stacked judge of contextual lexicon matches: the context log-odds plus topic evidence (3 weights)."""
    from pipeline.noise.detector import Classifier

    names = ("w1", "b1", "w2", "b2") if context.get("kind") == "mlp" else ("weights", "bias")
    judge = Classifier(np.array(context["mean"]), np.array(context["std"]),
                       {k: np.atleast_1d(np.array(context[k], dtype=np.float64)) for k in names})
    lexicon = fit(np.column_stack([judge.logit(Xl[:, :len(FEATURES)]), Xl[:, len(FEATURES):]]), yl)
    lexicon["features"] = list(LEXICON_FEATURES)
    lexicon["training"] = {"positives": int(yl.sum()), "negatives": int(len(yl) - yl.sum()), "seed": SEED,
                           "words": LEXICON_WORDS, "per_word": PER_WORD, "listed": listed}
    return lexicon


def fit_mlp(X: np.ndarray, y: np.ndarray, hidden: int = 16, steps: int = 800, l2: float = 1e-4,
            seed: int = SEED) -> dict:
    """One hidden layer (tanh), trained full-batch with Adam: lets evidence interact (boundary x junction)."""
    mean, std = X.mean(axis=0), X.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std
    rng = np.random.default_rng(seed)
    params = {"w1": rng.normal(0, 1 / np.sqrt(Z.shape[1]), (Z.shape[1], hidden)), "b1": np.zeros(hidden),
              "w2": rng.normal(0, 1 / np.sqrt(hidden), hidden), "b2": np.zeros(1)}
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    lr, beta1, beta2 = 0.01, 0.9, 0.999
    for step in range(1, steps + 1):
        h = np.tanh(Z @ params["w1"] + params["b1"])
        logit = h @ params["w2"] + params["b2"][0]
        g = (1 / (1 + np.exp(-logit)) - y) / len(y)
        grads = {"w2": h.T @ g + l2 * params["w2"], "b2": np.array([g.sum()])}
        dh = np.outer(g, params["w2"]) * (1 - h ** 2)
        grads["w1"] = Z.T @ dh + l2 * params["w1"]
        grads["b1"] = dh.sum(axis=0)
        for k, grad in grads.items():
            m, v = moments[k]
            m[:] = beta1 * m + (1 - beta1) * grad
            v[:] = beta2 * v + (1 - beta2) * grad ** 2
            params[k] -= lr * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + 1e-8)
    return {"kind": "mlp", "features": list(FEATURES), "mean": mean.tolist(), "std": std.tolist(),
            **{k: v.tolist() for k, v in params.items()}}


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000) -> dict:
    """Logistic regression by gradient descent on standardised features."""
    mean, std = X.mean(axis=0), X.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1])
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = p - y
        w -= lr * (Z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return {"kind": "logistic", "features": list(FEATURES), "mean": mean.tolist(), "std": std.tolist(),
            "weights": w.tolist(), "bias": float(b)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--count", type=int, default=20000, help="number of injected positives")
    parser.add_argument("--out", type=Path, default=RESOURCE_DIR / "detector.json")
    parser.add_argument("--cache", type=Path, default=None,
                        help="npz file to keep the generated examples in (reused when present)")
    parser.add_argument("--model", choices=("mlp", "logistic"), default="logistic",
                        help="logistic (shipped: better on the benchmark) or a small tanh network")
    parser.add_argument("--only-lexicon", action="store_true",
                        help="keep the context/detector weights of --out, refit only the lexicon (stacked) weights")
    args = parser.parse_args()
    from pipeline.config import load_config

    clean_defaults = load_config().section("clean")

    from pipeline.config import RESOURCES_DIR
    from pipeline.noise.lexicon import read_lexicon

    listed = [e.token for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv") if e.policy == "contextual"]
    rng = random.Random(SEED)
    prefilter, max_chars = clean_defaults["detector_prefilter"], clean_defaults["detector_max_chars"]
    if args.only_lexicon:
        model = json.loads(args.out.read_text(encoding="utf-8"))
        model["lexicon"] = fit_lexicon(model["context"], *lexicon_examples(train_texts(args.data), random.Random(SEED),
                                                                           listed), listed)
        args.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.cache and args.cache.exists():
        with np.load(args.cache) as data:
            Xc, yc, Xd, yd = data["Xc"], data["yc"], data["Xd"], data["yd"]
            Xl, yl = (data["Xl"], data["yl"]) if "Xl" in data else lexicon_examples(
                train_texts(args.data), random.Random(SEED), listed)
    else:
        texts = train_texts(args.data)
        Xc, yc = examples(texts, args.count, rng)
        Xd, yd = detector_examples(texts, args.count // 2, rng, prefilter, max_chars)
        Xl, yl = lexicon_examples(texts, random.Random(SEED), listed)
        if args.cache:
            np.savez_compressed(args.cache, Xc=Xc, yc=yc, Xd=Xd, yd=yd, Xl=Xl, yl=yl)
    fitter = fit_mlp if args.model == "mlp" else fit
    X, y = Xc, yc
    context = fitter(X, y)
    context["training"] = {"positives": int(y.sum()), "negatives": int(len(y) - y.sum()), "seed": SEED}
    X, y = Xd, yd
    detector = fitter(X, y)
    detector["training"] = {"positives": int(y.sum()), "negatives": int(len(y) - y.sum()), "seed": SEED,
                            "prefilter": prefilter, "max_chars": max_chars}
    lexicon = fit_lexicon(context, Xl, yl, listed)
    model = {"context": context, "detector": detector, "lexicon": lexicon}
    args.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
