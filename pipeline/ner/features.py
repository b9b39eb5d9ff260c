"""Per-character feature templates for the CRF.

One definition serves training and tagging: :func:`template_keys` gives, for every template, the key of
each character; training joins them into crfsuite attribute strings ``name=key``, the fast tagger
(:mod:`pipeline.ner.fast`) looks the keys up in per-template weight tables without building strings.
Word features come from the segmenter (B/M/E/S position of the character in its word, the word's POS
and text), so the model sees jieba's view of the text without depending on jieba's boundaries.

v3 adds two resource-backed templates (files in ``pipeline/resources/models/ner/``, provenance in
its MODEL_CARD.md): lexicon flags (does the character start / lie inside / end a known person, place or
organisation name, any match, not only jieba's segmentation) and character clusters (k-means of
distributional vectors learned offline from unlabeled text). Both are computed by the array functions
below, which the numpy tagger calls on its batched code points, so the two taggers cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

FEATURES_VERSION = "v3"
LEXICON_FILE = "lexicon.tsv"  # word <TAB> classes (letters of LEX_CLASSES)
CLUSTER_FILE = "char_clusters.tsv"  # cluster id <TAB> character
LEX_CLASSES = "PLO"  # person, place, organisation
LEX_MAX_LEN = 10  # longer lexicon words are not matched
_HASH_MUL = np.uint64(1000003)
_LEN_SALT = np.array([(n * 0x9E3779B97F4A7C15) % 2 ** 64 for n in range(LEX_MAX_LEN + 1)], dtype=np.uint64)

# Characters that end organisation / place names: a cheap, data-free hint for the CRF.
_ORG_END = set("司学院部局会所行厂队委办处校社馆团室台心署厅盟组")
_LOC_END = set("省市县区镇乡村州国洲岛山河湖江路街道海湾")
_END_CLASS = {**{c: "O" for c in _ORG_END}, **{c: "L" for c in _LOC_END}}
_PAD_L, _PAD_R = "\x02", "\x03"


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L" if ch.islower() else "U"
    if ch.isspace():
        return "S"
    if ch in (_PAD_L, _PAD_R):
        return "B"
    return "P"


def word_positions(
    text: str, words: Iterable[tuple[int, int, str]]
) -> tuple[list[str], list[str], list[str]]:
    """B/M/E/S position, POS and text of the word covering each character (``words``: start, end, pos)."""
    n = len(text)
    bmes = ["S"] * n
    pos = ["x"] * n
    wtext = [""] * n
    for start, end, tag in words:
        start, end = max(0, start), min(n, end)
        if end <= start:
            continue
        word = text[start:end] if end - start <= 6 else "~long"
        if end - start == 1:
            bmes[start] = "S"
        else:
            bmes[start] = "B"
            for i in range(start + 1, end - 1):
                bmes[i] = "M"
            bmes[end - 1] = "E"
        for i in range(start, end):
            pos[i] = tag or "x"
            wtext[i] = word
    return bmes, pos, wtext


def resource_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "models" / "ner"


_FILTER_SHIFT = np.uint64(64 - 21)  # a 2**21-entry presence table on the top hash bits


@dataclass(frozen=True)
class Lexicon:
    """Hashes (sorted, unique) of lexicon words and the class bits of each (bit i: LEX_CLASSES[i]).

    ``present`` (derived by :func:`make_lexicon`) marks the top hash bits of the words, so most n-grams
    are rejected with one array read instead of a binary search.
    """

    hashes: np.ndarray  # uint64
    masks: np.ndarray  # uint8
    present: np.ndarray  # bool, 2**21


def make_lexicon(hashes: np.ndarray, masks: np.ndarray) -> Lexicon:
    """A lexicon from sorted unique hashes and their class bits."""
    present = np.zeros(1 << 21, dtype=bool)
    present[(hashes.astype(np.uint64) >> _FILTER_SHIFT).astype(np.int64)] = True
    return Lexicon(hashes.astype(np.uint64), masks.astype(np.uint8), present)


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """Polynomial 64-bit hashes of words up to LEX_MAX_LEN characters, salted by length (as lexicon_flags computes)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    width = max(len(w) for w in words)
    codes = np.zeros((len(words), width), dtype=np.uint64)
    for i, w in enumerate(words):
        codes[i, :len(w)] = [ord(c) for c in w]
    lens = np.array([len(w) for w in words], dtype=np.int64)
    h = np.zeros(len(words), dtype=np.uint64)
    for j in range(width):
        h = np.where(j < lens, h * _HASH_MUL + codes[:, j], h)
    return h ^ _LEN_SALT[np.minimum(lens, LEX_MAX_LEN)]


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon resource as sorted hashes; words longer than LEX_MAX_LEN or shorter than 2 are skipped."""
    words: list[str] = []
    masks: list[int] = []
    for line in Path(path or resource_dir() / LEXICON_FILE).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, classes = line.split("\t")[:2]
        if 2 <= len(word) <= LEX_MAX_LEN:
            words.append(word)
            masks.append(sum(1 << LEX_CLASSES.index(c) for c in classes if c in LEX_CLASSES))
    return lexicon_from_hashes(word_hashes(words), np.array(masks, dtype=np.uint8))


def lexicon_from_hashes(hashes: np.ndarray, masks: np.ndarray) -> Lexicon:
    """Sorted unique hashes, class bits OR-ed over words sharing a hash."""
    order = np.argsort(hashes, kind="stable")
    hashes, masks = hashes[order], masks[order]
    if len(hashes) == 0:
        return make_lexicon(hashes, masks)
    first = np.concatenate([[True], hashes[1:] != hashes[:-1]])
    starts = np.flatnonzero(first)
    return make_lexicon(hashes[starts], np.bitwise_or.reduceat(masks, starts))


def lexicon_flags(cps: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """(len(cps), len(LEX_CLASSES)) flags: bit 0 a word of the class starts here, bit 1 inside one, bit 2 ends here.

    ``cps``: code points; windows holding a control character (< U+0020: padding, newlines) never match,
    so a batch of padded sentences gives each sentence the flags it gets alone.
    """
    n = len(cps)
    n_cls = len(LEX_CLASSES)
    out = np.zeros((n, n_cls), dtype=np.int64)
    if n == 0 or len(lexicon.hashes) == 0:
        return out
    c64 = cps.astype(np.uint64)
    ctrl = np.concatenate([[0], np.cumsum(cps < 32)])
    begin = np.zeros(n, dtype=np.uint8)  # class bits of the words starting / ending at each position
    end = np.zeros(n, dtype=np.uint8)
    inside = np.zeros((n + 1, n_cls), dtype=np.int64)  # +1 / -1 at the inner span ends, then a prefix sum
    class_bits = (np.arange(256)[:, None] >> np.arange(n_cls)[None, :]) & 1
    h = c64.copy()
    last = len(lexicon.hashes) - 1
    present = lexicon.present
    for length in range(2, min(LEX_MAX_LEN, n) + 1):
        h = h[:-1] * _HASH_MUL + c64[length - 1:]
        key = h ^ _LEN_SALT[length]
        cand = np.flatnonzero(present[(key >> _FILTER_SHIFT).astype(np.int64)] & (ctrl[length:] == ctrl[:-length]))
        idx = np.minimum(np.searchsorted(lexicon.hashes, key[cand]), last)
        hit = lexicon.hashes[idx] == key[cand]
        starts, idx = cand[hit], idx[hit]
        if len(starts) == 0:
            continue
        bits = lexicon.masks[idx]
        begin[starts] |= bits  # positions are distinct within one length: plain fancy indexing is exact
        end[starts + length - 1] |= bits
        if length > 2:
            per_class = class_bits[bits]
            inside[starts + 1] += per_class
            inside[starts + length - 1] -= per_class
    covered = np.cumsum(inside[:-1], axis=0) > 0
    for c in range(n_cls):
        out[:, c] = ((begin >> c) & 1) | (covered[:, c].astype(np.int64) << 1) | (((end >> c) & 1).astype(np.int64) << 2)
    return out


@dataclass(frozen=True)
class Clusters:
    """Sorted code points and their cluster ids; ``n`` clusters, id ``n`` for unknown characters."""

    codes: np.ndarray  # int64
    ids: np.ndarray  # int64
    n: int


@lru_cache(maxsize=4)
def load_clusters(path: str | None = None) -> Clusters:
    pairs: list[tuple[int, int]] = []
    for line in Path(path or resource_dir() / CLUSTER_FILE).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cid, ch = line.split("\t")[:2]
        pairs.append((ord(ch), int(cid)))
    pairs.sort()
    codes = np.array([p[0] for p in pairs], dtype=np.int64)
    ids = np.array([p[1] for p in pairs], dtype=np.int64)
    return Clusters(codes, ids, int(ids.max()) + 1 if len(ids) else 0)


def cluster_ids(cps: np.ndarray, clusters: Clusters) -> np.ndarray:
    """Cluster id of every code point (``clusters.n`` when unknown)."""
    if len(clusters.codes) == 0:
        return np.full(len(cps), clusters.n, dtype=np.int64)
    idx = np.minimum(np.searchsorted(clusters.codes, cps), len(clusters.codes) - 1)
    return np.where(clusters.codes[idx] == cps, clusters.ids[idx], clusters.n)


def template_keys(text: str, bmes: Sequence[str], pos: Sequence[str], wtext: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(template name, per-character keys) for every template."""
    n = len(text)
    p = _PAD_L * 2 + text + _PAD_R * 2
    c_2, c_1, c0, c1, c2 = p[0:n], p[1:n + 1], p[2:n + 2], p[3:n + 3], p[4:n + 4]
    kinds = [_kind(c) for c in p[1:n + 3]]
    kind3 = [a + b + c for a, b, c in zip(kinds, kinds[1:], kinds[2:])]
    ends = [_END_CLASS.get(c, "-") for c in p[2:n + 3]]
    pos_prev = ["^"] + list(pos[:-1])
    pos_next = list(pos[1:]) + ["$"]
    return [
        ("c", list(c0)),
        ("c-1", list(c_1)),
        ("c+1", list(c1)),
        ("c-2", list(c_2)),
        ("c+2", list(c2)),
        ("b-1", [a + b for a, b in zip(c_1, c0)]),
        ("b+1", [a + b for a, b in zip(c0, c1)]),
        ("b-2", [a + b for a, b in zip(c_2, c_1)]),
        ("b+2", [a + b for a, b in zip(c1, c2)]),
        ("t", [a + b + c for a, b, c in zip(c_1, c0, c1)]),
        ("k", kind3),
        ("w", [a + b for a, b in zip(bmes, pos)]),
        ("wc", [a + b for a, b in zip(bmes, c0)]),
        ("p-1", [a + "|" + b for a, b in zip(pos_prev, pos)]),
        ("p+1", [a + "|" + b for a, b in zip(pos, pos_next)]),
        ("e", [a + b for a, b in zip(ends, ends[1:])]),
        ("W", [b + w for b, w in zip(bmes, wtext)]),
    ] + resource_keys(p)


def resource_keys(padded: str) -> list[tuple[str, list[str]]]:
    """Lexicon and cluster templates of one padded sentence (two pad characters on each side)."""
    n = len(padded) - 4
    cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    flags = lexicon_flags(cps, load_lexicon())[2:n + 2]
    cl = cluster_ids(cps, load_clusters())
    z = [str(v) for v in cl[1:n + 3].tolist()]
    fl = flags.tolist()
    keys = [(("x" + cls), [str(f[i]) for f in fl]) for i, cls in enumerate(LEX_CLASSES)]
    keys.append(("x", ["".join(map(str, f)) for f in fl]))
    keys += [("z-1", z[0:n]), ("z", z[1:n + 1]), ("z+1", z[2:n + 2]),
             ("zb", [a + "|" + b for a, b in zip(z[1:n + 1], z[2:n + 2])])]
    return keys


def char_features(text: str, words: Iterable[tuple[int, int, str]],
                  exclude: frozenset[str] = frozenset()) -> list[list[str]]:
    """crfsuite attribute strings for every character of ``text`` (one sentence); ``exclude``: template names to leave out."""
    bmes, pos, wtext = word_positions(text, words)
    keys = [(name, col) for name, col in template_keys(text, bmes, pos, wtext) if name not in exclude]
    names = [name + "=" for name, _ in keys]
    columns = [k for _, k in keys]
    return [[name + col[i] for name, col in zip(names, columns)] for i in range(len(text))]
