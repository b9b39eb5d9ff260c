"""The CRF's own confidence in a span: the product of the forward-backward marginals of its tags.

Why: the form filter (``combine.ModelEntities._plausible``) asks a model span for outside evidence (a
surname, a head word, a known place). On news the CRF is often surer than that evidence: among the spans
the filter refused on the MSRA held-out blocks, those whose tags have a joint marginal >= 0.95 were right
97 % of the time (73 of 75; >= 0.9: 109 of 113; all refused spans: 321 of 476). The entity stage uses
0.95 (``combine._SURE``): at 0.9 the real-report holdout gained a must-not hit. Computed only for the
sentences (pieces) where a span was refused, so the stage's cost stays with Viterbi.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

WINDOW = 8  # characters of context on each side of a span for its marginals


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def marginals(emissions: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """(n, L) posterior label probabilities of a linear-chain CRF; ``trans[i, j]``: label i then j."""
    n, size = emissions.shape
    alpha = np.empty((n, size))
    beta = np.zeros((n, size))
    alpha[0] = emissions[0]
    for t in range(1, n):
        alpha[t] = _logsumexp(alpha[t - 1][:, None] + trans, 0) + emissions[t]
    for t in range(n - 2, -1, -1):
        beta[t] = _logsumexp(trans + (emissions[t + 1] + beta[t + 1])[None, :], 1)
    return np.exp(alpha + beta - _logsumexp(alpha[-1], 0))


def span_confidence(probs: np.ndarray, path: Sequence[int], start: int, end: int) -> float:
    """Joint confidence of the path's tags on [start, end): the product of their marginals."""
    return float(np.prod([probs[t, path[t]] for t in range(start, end)]))


def marginals_many(emissions: Sequence[np.ndarray], trans: np.ndarray) -> list[np.ndarray]:
    """:func:`marginals` of many (short) sequences at once, padded to the longest, in probability space
    with a normalisation at every step (scaled forward-backward): three numpy operations per position for
    all sequences together, where the log-space loop per sequence cost the stage a third of its speed."""
    size = trans.shape[0]
    seqs = [e for e in emissions if len(e)]
    if not seqs:
        return [np.zeros((0, size)) for _ in emissions]
    lens = np.array([len(e) for e in seqs])
    rows, t_max = len(seqs), int(lens.max())
    em = np.zeros((rows, t_max, size))
    for r, e in enumerate(seqs):
        em[r, :len(e)] = e
    local = np.exp(em - em.max(axis=2, keepdims=True))
    step = np.exp(trans - trans.max())
    alpha = np.empty((rows, t_max, size))
    beta = np.ones((rows, t_max, size))
    alpha[:, 0] = local[:, 0] / local[:, 0].sum(axis=1, keepdims=True)
    for t in range(1, t_max):
        a = (alpha[:, t - 1] @ step) * local[:, t]
        alpha[:, t] = a / a.sum(axis=1, keepdims=True)
    for t in range(t_max - 2, -1, -1):
        b = (local[:, t + 1] * beta[:, t + 1]) @ step.T
        beta[:, t] = b / b.sum(axis=1, keepdims=True)
        beta[lens - 1 <= t, t] = 1.0  # a sequence's last position (and padding) has nothing after it
    probs = alpha * beta
    probs /= probs.sum(axis=2, keepdims=True)
    it = iter(range(rows))
    return [probs[next(it), :len(e)] if len(e) else np.zeros((0, size)) for e in emissions]


def span_confidences(emissions: Sequence[np.ndarray], paths: Sequence[Sequence[int]], trans: np.ndarray,
                     queries: Sequence[tuple[int, int, int]]) -> dict[tuple[int, int, int], float]:
    """Joint confidence of each (sequence, start, end) query, from the marginals of a window of WINDOW
    positions on each side of the span (the chain's influence fades within a few characters; whole
    sentences of up to 300 characters cost the stage a third of its speed)."""
    if not queries:
        return {}
    windows = []
    for k, a, b in queries:
        lo, hi = max(0, a - WINDOW), min(len(emissions[k]), b + WINDOW)
        windows.append((lo, emissions[k][lo:hi]))
    probs = marginals_many([w for _, w in windows], trans)
    return {(k, a, b): span_confidence(p, paths[k][lo:], a - lo, b - lo)
            for (k, a, b), (lo, _), p in zip(queries, windows, probs)}
