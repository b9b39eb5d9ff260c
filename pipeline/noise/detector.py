"""Score candidate spans with the learned combination of evidence.

The score is a log-odds: > 0 means "the sentence reads better without the span" was
more likely than not on the training injections. The clean stage adds a per-policy
prior for lexicon entries and compares with thresholds from the config.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.noise.features import FEATURES, LEXICON_FEATURES, Models, span_features, topic_features


@dataclass(frozen=True, eq=False)
class Classifier:
    """Logistic regression, or a one-hidden-layer tanh network, over standardised features."""

    mean: np.ndarray
    std: np.ndarray
    params: dict[str, np.ndarray]

    def logit(self, features: np.ndarray) -> np.ndarray:
        z = (features - self.mean) / self.std
        p = self.params
        if "w1" in p:
            return np.tanh(z @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"][0]
        return z @ p["weights"] + p["bias"][0]


@lru_cache(maxsize=8)
def load_classifier(path: str | Path, name: str = "context") -> Classifier:
    """One weight set of detector.json: ``lexicon`` (contextual lexicon matches), ``context`` or ``detector``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))[name]
    if tuple(data["features"]) != (LEXICON_FEATURES if name == "lexicon" else FEATURES):
        raise ValueError(f"{path}: feature list does not match this code; retrain with pipeline.noise.train")
    names = ("w1", "b1", "w2", "b2") if data.get("kind") == "mlp" else ("weights", "bias")
    params = {k: np.atleast_1d(np.array(data[k], dtype=np.float64)) for k in names}
    return Classifier(np.array(data["mean"]), np.array(data["std"]), params)


def score_span(models: Models, classifier: Classifier, text: str, start: int, end: int) -> tuple[float, dict]:
    """Log-odds that ``text[start:end]`` is injected, with the evidence behind it."""
    features = span_features(models, text, start, end)
    score = float(classifier.logit(features))
    evidence = {name: round(float(v), 3) for name, v in zip(FEATURES, features)}
    return score, evidence


def context_logit(models: Models, context: Classifier, text: str, start: int, end: int) -> tuple[float, np.ndarray]:
    """Sentence-level log-odds that ``text[start:end]`` was injected, and the span features behind it."""
    features = span_features(models, text, start, end)
    return float(context.logit(features)), features


def score_listed(models: Models, context: Classifier, lexicon: Classifier, text: str, start: int,
                 end: int, masked: tuple[tuple[int, int], ...] = (),
                 sentence: tuple[float, np.ndarray] | None = None) -> tuple[float, dict]:
    """Log-odds that this occurrence of a listed (contextual) token was injected, with the evidence.

    Stacked: the sentence-level log-odds of ``context`` plus topic evidence, combined by ``lexicon``.
    ``masked``: other occurrences that read as injected (kept out of the topic evidence);
    ``sentence``: :func:`context_logit` of this span when the caller has it already.
    """
    logit, features = sentence if sentence is not None else context_logit(models, context, text, start, end)
    elsewhere, topic = topic_features(text, start, end, masked)
    score = float(lexicon.logit(np.array([logit, elsewhere, topic])))
    evidence = {name: round(float(v), 3) for name, v in zip(FEATURES, features)}
    evidence.update(context_logit=round(logit, 3), elsewhere=elsewhere, topic=round(topic, 3))
    if masked:
        evidence["twins_unsupported"] = len(masked)
    return score, evidence
