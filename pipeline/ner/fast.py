"""A numpy tagger for the trained CRF: same model, same features, several times faster than crfsuite's.

crfsuite's own tagger needs one attribute *string* per feature and character; here each feature
template is a weight table indexed by an integer code of the template's key, emissions are summed with
array gathers and Viterbi runs over a batch of sentences at once.

Shipped file (``ner_crf_weights.npz``, format 4, written by :func:`export` after training): everything the
tagger needs is precomputed, so loading is reading arrays, not rebuilding tables:

- ``meta``: UTF-8 JSON ``{"format": 4, "features", "labels", "pos", "words", "clusters", "shapes"}`` — label names in
  column order, POS names (row order of the POS tables; one extra row for an unknown POS), the word-text
  keys of template ``W`` (``B``/``M``/``E``/``S`` + word, row order; one extra zero row), cluster count;
- ``trans``: (labels, labels) transition weights;
- ``codes:char`` / ``codes:bi`` / ``codes:tri`` / ``codes:wc``: sorted int64 codes of the characters,
  bigrams, trigrams and (B/M/E/S, character) pairs with a weight (21 bits per code point), row ``i`` of the
  matching tables; an unknown code takes the last (zero) row;
- per template, a float32 weight table (rows as above, or dense codes for kinds, end classes, POS,
  lexicon flags and clusters; see :class:`VectorCrf`), stored as its non-zero cells ``i:<template>``
  (flat uint32 index) / ``v:<template>`` (weight) with its shape in the meta's ``"shapes"`` (format 4; format 3
  stored the dense tables ``m:<template>``, 10x the bytes to inflate at load for the MSRA-trained model);
- ``lex:hash`` / ``lex:mask``: the lexicon (:mod:`pipeline.ner.features`) as sorted word hashes and class
  bits; ``cl:codes`` / ``cl:ids``: the character clusters.

:class:`FastCrf` is the plain reference: it reads the ``.crfsuite`` file and looks the feature *strings* up
in dictionaries; ``tests/test_ner.py`` checks that crfsuite, FastCrf and VectorCrf give the same labels.
Re-export an npz from a model directory: ``python -m pipeline.ner.fast DIR``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from pipeline.ner.data import tags_to_spans
from pipeline.ner.features import (
    FEATURES_VERSION, LEX_CLASSES, Clusters, Lexicon, _END_CLASS, _kind, cluster_ids, lexicon_flags, load_clusters,
    load_lexicon, make_lexicon, template_keys, word_positions,
)

FAST_FILE = "ner_crf_weights.npz"
FORMAT_VERSION = 4

Tables = dict[str, tuple[dict[str, int], np.ndarray]]
Items = Sequence[tuple[str, Sequence[tuple[int, int, str]]]]


def read_crfsuite(path: Path) -> tuple[list[str], np.ndarray, Tables]:
    """Labels, transitions and per-template (key -> row, weights) tables of a ``.crfsuite`` model.

    Weights are rounded to float32 (what the npz stores), so both numpy taggers add the same numbers.
    """
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda lab: info.labels[lab])
    lab_index = {lab: i for i, lab in enumerate(labels)}
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[lab_index[a], lab_index[b]] = w
    vocabs: dict[str, dict[str, int]] = {}
    rows: dict[str, list[tuple[int, int, float]]] = {}
    for (attr, label), w in info.state_features.items():
        name, _, key = attr.partition("=")
        vocab = vocabs.setdefault(name, {})
        idx = vocab.setdefault(key, len(vocab))
        rows.setdefault(name, []).append((idx, lab_index[label], w))
    tables: Tables = {}
    for name, vocab in vocabs.items():
        mat = np.zeros((len(vocab) + 1, len(labels)), dtype=np.float32)  # last row: unknown key
        for idx, lab, w in rows[name]:
            mat[idx, lab] = w
        tables[name] = (vocab, mat.astype(np.float64))
    return labels, trans.astype(np.float64), tables


class _Decoder:
    """Viterbi decoding and span extraction shared by the two numpy taggers."""

    labels: list[str]
    trans: np.ndarray

    def emissions_many(self, items: Items) -> list[np.ndarray]:
        raise NotImplementedError

    def emissions(self, text: str, words: Sequence[tuple[int, int, str]]) -> np.ndarray:
        return self.emissions_many([(text, words)])[0]

    def viterbi(self, emissions: list[np.ndarray]) -> list[list[int]]:
        """Best label paths for a list of (n_i, L) emission matrices.

        Sequences are packed longest first (as a PackedSequence): at step t the first ``active[t]``
        rows are the sequences still running, so no work is spent on padding.
        """
        results: list[list[int]] = [[] for _ in emissions]
        order = [i for i in sorted(range(len(emissions)), key=lambda i: -len(emissions[i])) if len(emissions[i])]
        if not order:
            return results
        lens = np.array([len(emissions[i]) for i in order], dtype=np.int64)
        offs = np.concatenate([[0], np.cumsum(lens)[:-1]])
        packed = np.concatenate([emissions[i] for i in order]).astype(np.float64)
        t_max = int(lens[0])
        active = len(lens) - np.searchsorted(lens[::-1], np.arange(t_max), side="right")  # rows with len > t
        trans_t = self.trans.T[None, :, :]
        score = packed[offs].copy()
        backs = []
        for t in range(1, t_max):
            a = int(active[t])
            cand = score[:a, None, :] + trans_t  # (rows, to, from)
            backs.append(cand.argmax(axis=2))
            score[:a] = cand.max(axis=2) + packed[offs[:a] + t]  # max is the entry argmax picks
        cur = score.argmax(axis=1)
        out = np.empty(len(packed), dtype=np.int64)
        for t in range(t_max - 1, -1, -1):
            a = int(active[t])
            out[offs[:a] + t] = cur[:a]
            if t:
                cur[:a] = backs[t - 1][np.arange(a), cur[:a]]
        for row, i in enumerate(order):
            results[i] = out[offs[row]:offs[row] + lens[row]].tolist()
        return results

    def tag_many(self, items: Items) -> list[list[str]]:
        """BIO tags for many (sentence, words) pairs at once."""
        paths = self.viterbi(self.emissions_many(items))
        labels = self.labels
        return [[labels[j] for j in path] for path in paths]

    def spans_many(self, items: Items) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) spans per sentence: ``tags_to_spans`` of the tags."""
        return [tags_to_spans(tags) for tags in self.tag_many(items)]


class FastCrf(_Decoder):
    """Reference numpy tagger: feature strings from :func:`template_keys` looked up in per-template dicts."""

    def __init__(self, labels: list[str], trans: np.ndarray, tables: Tables) -> None:
        self.labels = labels
        self.trans = trans
        self.tables = tables

    @classmethod
    def from_crfsuite(cls, path: Path) -> "FastCrf":
        return cls(*read_crfsuite(path))

    def emissions_many(self, items: Items) -> list[np.ndarray]:
        """Emission scores of many sentences: keys gathered per template over all sentences, one lookup each."""
        columns: dict[str, list[str]] = {}
        bounds = [0]
        for text, words in items:
            if text:
                for name, keys in template_keys(text, *word_positions(text, words)):
                    columns.setdefault(name, []).extend(keys)
            bounds.append(bounds[-1] + len(text))
        out = np.zeros((bounds[-1], len(self.labels)))
        for name, keys in columns.items():
            table = self.tables.get(name)
            if table is None:
                continue
            vocab, weights = table
            unknown = len(vocab)
            get = vocab.get
            out += weights[np.fromiter([get(k, unknown) for k in keys], dtype=np.int64, count=len(keys))]
        return [out[a:b] for a, b in zip(bounds, bounds[1:])]


# ---------------------------------------------------------------------------------------------------
# Vectorised emissions: the same templates as pipeline.ner.features, computed on code-point arrays.
_BMES = {"B": 0, "M": 1, "E": 2, "S": 3}
_KINDS = "HDLUSBP"
_UNI = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_BI = {"b-2": -2, "b-1": -1, "b+1": 0, "b+2": 1}  # offset of the first character of the pair
_LEX_ONE = {"x" + cls: i for i, cls in enumerate(LEX_CLASSES)}
_CLUSTER_UNI = {"z-1": -1, "z": 0, "z+1": 1}


def _tile(words: Sequence[tuple[int, int, str]], n: int) -> list[tuple[int, int, str | None]]:
    """Words clipped to [0, n) and made to tile it; uncovered characters become text-less words (tag None)."""
    out: list[tuple[int, int, str | None]] = []
    cur = 0
    for ws, we, tag in list(words) + [(n, n, "x")]:
        ws, we = max(ws, cur), min(we, n)
        while cur < ws:
            out.append((cur, cur + 1, None))
            cur += 1
        if we > ws:
            out.append((ws, we, tag or "x"))
            cur = we
    return out


def _lookup(codes: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Row of each query code in sorted ``codes``; unknown codes map to ``len(codes)`` (the zero row)."""
    n = len(codes)
    if n == 0:
        return np.zeros(len(query), dtype=np.int64)
    idx = np.minimum(np.searchsorted(codes, query), n - 1)
    return np.where(codes[idx] == query, idx, n)


def _cp2(k: str) -> int | None:
    return (ord(k[0]) << 21) | ord(k[1]) if len(k) == 2 else None


def _cp3(k: str) -> int | None:
    return (ord(k[0]) << 42) | (ord(k[1]) << 21) | ord(k[2]) if len(k) == 3 else None


def _wc(k: str) -> int | None:
    return (_BMES[k[0]] << 21) | ord(k[1]) if len(k) == 2 and k[0] in _BMES else None


def _int_key(k: str, limit: int) -> int | None:
    return int(k) if k.isdigit() and int(k) < limit else None


def _realign(table: tuple[dict[str, int], np.ndarray], codes: np.ndarray,
             code_of: Callable[[str], int | None]) -> np.ndarray:
    """Weights re-ordered to the rows of ``codes`` (plus a zero row for unknown codes)."""
    vocab, weights = table
    row = {int(c): i for i, c in enumerate(codes)}
    out = np.zeros((len(codes) + 1, weights.shape[1]))
    for key, r in vocab.items():
        code = code_of(key)
        if code is not None and code in row:
            out[row[code]] = weights[r]
    return out


def _dense(table: tuple[dict[str, int], np.ndarray], size: int, code_of: Callable[[str], int | None]) -> np.ndarray:
    """Weights at dense integer codes ``0 … size-1`` (plus a zero row)."""
    vocab, weights = table
    out = np.zeros((size + 1, weights.shape[1]))
    for key, r in vocab.items():
        code = code_of(key)
        if code is not None:
            out[code] = weights[r]
    return out


def vector_arrays(labels: list[str], trans: np.ndarray, tables: Tables, lexicon: Lexicon,
                  clusters: Clusters) -> dict[str, np.ndarray]:
    """The arrays with dense ``m:<template>`` tables (format 3 layout; :func:`sparse_arrays` makes format 4)."""
    arrays: dict[str, np.ndarray] = {"trans": trans.astype(np.float32)}
    mats: dict[str, np.ndarray] = {}

    def codes_of(names: Sequence[str], code_of: Callable[[str], int | None]) -> np.ndarray:
        found = {code_of(k) for name in names if name in tables for k in tables[name][0]}
        found.discard(None)
        return np.array(sorted(found), dtype=np.int64)  # type: ignore[type-var]

    char = codes_of(list(_UNI), lambda k: ord(k) if len(k) == 1 else None)
    bi = codes_of(list(_BI), _cp2)
    tri = codes_of(["t"], _cp3)
    wc = codes_of(["wc"], _wc)
    arrays.update({"codes:char": char, "codes:bi": bi, "codes:tri": tri, "codes:wc": wc})
    for names, codes, code_of in ((list(_UNI), char, lambda k: ord(k) if len(k) == 1 else None),
                                  (list(_BI), bi, _cp2), (["t"], tri, _cp3), (["wc"], wc, _wc)):
        for name in names:
            if name in tables:
                mats[name] = _realign(tables[name], codes, code_of)
    pos_names: set[str] = {"^", "$"}
    for k in tables.get("w", ({}, None))[0]:
        pos_names.add(k[1:])
    for name in ("p-1", "p+1"):
        for k in tables.get(name, ({}, None))[0]:
            pos_names.update(k.split("|"))
    pos_list = sorted(pos_names)
    pos_id = {p: i for i, p in enumerate(pos_list)}
    n_pos = len(pos_list) + 1  # last id: unknown POS
    n_cl = clusters.n + 1  # last id: unknown character
    dense: dict[str, tuple[int, Callable[[str], int | None]]] = {
        "k": (7 ** 3, lambda k: (_KINDS.index(k[0]) * 49 + _KINDS.index(k[1]) * 7 + _KINDS.index(k[2]))
              if len(k) == 3 and all(c in _KINDS for c in k) else None),
        "e": (9, lambda k: ("OL-".index(k[0]) * 3 + "OL-".index(k[1]))
              if len(k) == 2 and all(c in "OL-" for c in k) else None),
        "w": (4 * n_pos, lambda k: _BMES[k[0]] * n_pos + pos_id[k[1:]] if k and k[0] in _BMES else None),
        "x": (512, lambda k: int(k[0]) * 64 + int(k[1]) * 8 + int(k[2])
              if len(k) == 3 and all(c in "01234567" for c in k) else None),
        "zb": (n_cl * n_cl, lambda k: int(k.split("|")[0]) * n_cl + int(k.split("|")[1])
               if k.count("|") == 1 and all(_int_key(p, n_cl) is not None for p in k.split("|")) else None),
    }
    for name in ("p-1", "p+1"):
        dense[name] = (n_pos * n_pos, lambda k: (pos_id[k.split("|")[0]] * n_pos + pos_id[k.split("|")[1]])
                       if k.count("|") == 1 else None)
    for name in _LEX_ONE:
        dense[name] = (8, lambda k: _int_key(k, 8))
    for name in _CLUSTER_UNI:
        dense[name] = (n_cl, lambda k, n=n_cl: _int_key(k, n))
    for name, (size, code_of) in dense.items():
        if name in tables:
            mats[name] = _dense(tables[name], size, code_of)
    words: list[str] = []
    if "W" in tables:
        vocab, weights = tables["W"]
        words = sorted(vocab, key=vocab.__getitem__)
        mats["W"] = weights
    unknown = set(tables) - set(mats)
    if unknown:
        raise ValueError(f"templates without a vectorised version: {sorted(unknown)}")
    for name, mat in mats.items():
        arrays["m:" + name] = np.ascontiguousarray(mat, dtype=np.float32)
    arrays.update({"lex:hash": lexicon.hashes, "lex:mask": lexicon.masks,
                   "cl:codes": clusters.codes, "cl:ids": clusters.ids})
    meta = {"format": FORMAT_VERSION, "features": FEATURES_VERSION, "labels": labels, "pos": pos_list,
            "words": words, "clusters": clusters.n}
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    return arrays


def sparse_arrays(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Format 4: each weight table ``m:<name>`` stored as its non-zero cells, ``i:<name>`` (flat uint32 index,
    ascending) and ``v:<name>`` (float32), its shape in the meta's ``"shapes"``.

    An L1-trained CRF leaves most cells of the (rows x labels) tables zero (an attribute has weights for the
    few labels seen with it), so the file holds the weights only and :class:`VectorCrf` rebuilds the dense
    tables with one scatter each: loading reads about a tenth of the bytes and skips most of the inflating.
    """
    out: dict[str, np.ndarray] = {}
    shapes: dict[str, list[int]] = {}
    for name, arr in arrays.items():
        if not name.startswith("m:"):
            out[name] = arr
            continue
        flat = np.ascontiguousarray(arr, dtype=np.float32).reshape(-1)
        if flat.size >= 2 ** 32:
            raise ValueError(f"table {name} too large for uint32 cell indices: {arr.shape}")
        index = np.flatnonzero(flat)
        out["i:" + name[2:]] = index.astype(np.uint32)
        out["v:" + name[2:]] = flat[index]
        shapes[name[2:]] = list(arr.shape)
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    meta["shapes"] = shapes
    out["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    return out


def dense_tables(arrays: dict[str, np.ndarray], shapes: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """The float32 weight tables of a format-4 file (inverse of :func:`sparse_arrays`)."""
    mats: dict[str, np.ndarray] = {}
    for name, shape in shapes.items():
        mat = np.zeros(int(np.prod(shape)), dtype=np.float32)
        mat[arrays["i:" + name]] = arrays["v:" + name]
        mats[name] = mat.reshape(shape)
    return mats


def export(crfsuite_path: Path, out_path: Path) -> dict[str, int]:
    """Write the format-4 npz of a crfsuite model (lexicon and clusters: the resources features use now).

    Stored uncompressed: with only the non-zero cells the file is a few MB, and reading it is about twice as
    fast as inflating a compressed one (MODEL_CARD.md, "Speed, size and load"). Deterministic: same model
    file, same bytes (numpy writes the zip members with a fixed date).
    """
    labels, trans, tables = read_crfsuite(crfsuite_path)
    arrays = sparse_arrays(vector_arrays(labels, trans, tables, load_lexicon(), load_clusters()))
    np.savez(out_path, **arrays)
    return {"attributes": sum(len(v[0]) for v in tables.values()), "labels": len(labels),
            "weights": int(sum(arr.size for name, arr in arrays.items() if name.startswith("v:")))}


class VectorCrf(_Decoder):
    """Tags with a format-4 npz; emissions computed with array operations over all sentences at once."""

    def __init__(self, path: Path) -> None:
        with np.load(path) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8")) if "meta" in data.files else {}
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(
                    f"{path}: NER weights in format {meta.get('format', 2)}, this tagger reads format "
                    f"{FORMAT_VERSION} (precomputed tables); re-export with `python -m pipeline.ner.fast "
                    f"{Path(path).parent}` (needs the .crfsuite file) or retrain with `make train`")
            arrays = {name: data[name] for name in data.files if name != "meta"}
        self.labels: list[str] = meta["labels"]
        self.trans = arrays["trans"].astype(np.float64)
        self.mats = dense_tables(arrays, meta["shapes"])
        self.char_codes, self.bi_codes = arrays["codes:char"], arrays["codes:bi"]
        self.tri_codes, self.wc_codes = arrays["codes:tri"], arrays["codes:wc"]
        self.pos_id = {p: i for i, p in enumerate(meta["pos"])}
        self.n_pos = len(self.pos_id) + 1
        self.word_vocab = {w: i for i, w in enumerate(meta["words"])}
        self.lexicon = make_lexicon(arrays["lex:hash"], arrays["lex:mask"])
        self.clusters = Clusters(arrays["cl:codes"], arrays["cl:ids"], int(meta["clusters"]))
        self.features = meta["features"]

    def emissions_many(self, items: Items) -> list[np.ndarray]:
        n_total = sum(len(t) for t, _ in items)
        if n_total == 0:
            return [np.zeros((0, len(self.labels))) for _ in items]
        padded = "".join("\x02\x02" + t + "\x03\x03" for t, _ in items if t)
        cps = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        real = np.concatenate([np.arange(len(t)) for t, _ in items if t])
        offsets = []
        pos = 0
        for t, _ in items:
            if t:
                offsets.append(np.full(len(t), pos + 2, dtype=np.int64))
                pos += len(t) + 4
        real = real + np.concatenate(offsets)
        mats = self.mats


        def dense(name: str, index: np.ndarray) -> np.ndarray:
            return mats[name][index] if name in mats else 0.0

        # Kinds, end classes and clusters of the distinct characters, computed once.
        uniq, inverse = np.unique(cps, return_inverse=True)
        uniq_chars = [chr(int(c)) for c in uniq]
        kind_u = np.array([_KINDS.index(_kind(c)) for c in uniq_chars], dtype=np.int64)
        end_u = np.array(["OL-".index(_END_CLASS.get(c, "-")) for c in uniq_chars], dtype=np.int64)
        kinds, ends = kind_u[inverse], end_u[inverse]
        em = np.zeros((n_total, len(self.labels)), dtype=np.float32)
        em += dense("k", kinds[real - 1] * 49 + kinds[real] * 7 + kinds[real + 1])
        em += dense("e", ends[real] * 3 + ends[real + 1])
        if any(name in mats for name in ("z", "z-1", "z+1", "zb")):
            cl = cluster_ids(uniq, self.clusters)[inverse]
            for name, off in _CLUSTER_UNI.items():
                em += dense(name, cl[real + off])
            em += dense("zb", cl[real] * (self.clusters.n + 1) + cl[real + 1])
        if any(name in mats for name in ("x", *_LEX_ONE)):
            flags = lexicon_flags(cps, self.lexicon)[real]
            for name, col in _LEX_ONE.items():
                em += dense(name, flags[:, col])
            em += dense("x", flags[:, 0] * 64 + flags[:, 1] * 8 + flags[:, 2])
        # One look-up per padded position, shared by the templates that only differ by an offset.
        uni_rows = _lookup(self.char_codes, cps)
        for name, off in _UNI.items():
            if name in mats:
                em += mats[name][uni_rows[real + off]]
        bi_rows = _lookup(self.bi_codes, (cps[:-1] << 21) | cps[1:])
        for name, off in _BI.items():
            if name in mats:
                em += mats[name][bi_rows[real + off]]
        if "t" in mats:
            em += mats["t"][_lookup(self.tri_codes, (cps[real - 1] << 42) | (cps[real] << 21) | cps[real + 1])]
        # Word features: tile each sentence with its words (gaps become pseudo-words without text).
        lens_l: list[int] = []
        tags_l: list[str] = []
        keys_l: list[str] = []
        firsts: list[int] = []
        at = 0
        for text, words in items:
            n = len(text)
            if not n:
                continue
            firsts.append(at)
            at += n
            if not (words and words[0][0] == 0 and words[-1][1] == n and words[-1][0] < n
                    and all(a[1] == b[0] and a[0] < a[1] for a, b in zip(words, words[1:]))):
                words = _tile(words, n)
            lens_l.extend([we - ws for ws, we, _ in words])
            tags_l.extend([tag or "x" for _, _, tag in words])
            keys_l.extend([text[ws:we] if tag is not None else "" for ws, we, tag in words])
        lens = np.array(lens_l, dtype=np.int64)
        n_words = len(lens)
        word_id = np.repeat(np.arange(n_words), lens)
        word_start = np.repeat(np.cumsum(lens) - lens, lens)
        offset = np.arange(len(word_id)) - word_start
        wl = lens[word_id]
        bmes = np.where(wl == 1, 3, np.where(offset == 0, 0, np.where(offset == wl - 1, 2, 1)))
        unknown_pos = self.n_pos - 1
        pos_get = self.pos_id.get
        pos_char = np.array([pos_get(t, unknown_pos) for t in tags_l], dtype=np.int64)[word_id]
        em += dense("w", bmes * self.n_pos + pos_char)
        if "wc" in mats:
            em += mats["wc"][_lookup(self.wc_codes, (bmes << 21) | cps[real])]
        if "W" in mats:
            get = self.word_vocab.get
            n_w = len(self.word_vocab)
            keys_l = [k if len(k) <= 6 else "~long" for k in keys_l]
            rows = np.full((n_words, 4), n_w, dtype=np.int64)
            multi = lens > 1  # only the B/M/E/S keys a word's characters use are looked up
            for col, letter, need in ((0, "B", multi), (1, "M", lens > 2), (2, "E", multi), (3, "S", ~multi)):
                idx = np.flatnonzero(need)
                rows[idx, col] = [get(letter + keys_l[i], n_w) for i in idx.tolist()]
            em += mats["W"][rows[word_id, bmes]]
        prev = np.roll(pos_char, 1)
        nxt = np.roll(pos_char, -1)
        first_idx = np.array(firsts, dtype=np.int64)
        last_idx = np.append(first_idx[1:], n_total) - 1
        prev[first_idx] = self.pos_id["^"]
        nxt[last_idx] = self.pos_id["$"]
        em += dense("p-1", prev * self.n_pos + pos_char)
        em += dense("p+1", pos_char * self.n_pos + nxt)
        out = []
        start = 0
        for t, _ in items:
            out.append(em[start:start + len(t)])
            start += len(t)
        return out


def main(argv: list[str] | None = None) -> int:
    """Re-export ``ner_crf_weights.npz`` (format 4) from the ``.crfsuite`` file of a model directory."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("model_dir", type=Path)
    args = parser.parse_args(argv)
    from pipeline.ner.model import MODEL_FILE

    print(json.dumps(export(args.model_dir / MODEL_FILE, args.model_dir / FAST_FILE)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
