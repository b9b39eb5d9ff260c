"""A numpy tagger for the trained CRF: same model, same features, several times faster than crfsuite's.

crfsuite's own tagger needs one attribute *string* per feature and character; here each feature
template is a weight table indexed by the template's key, emissions are summed with array gathers and
Viterbi runs over a batch of sentences at once. The weights are exported from the ``.crfsuite`` file
after training (:func:`export`); ``tests/test_ner.py`` checks the two taggers agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from pipeline.ner.features import _END_CLASS, _kind, template_keys, word_positions

FAST_FILE = "ner_crf_weights.npz"


def export(crfsuite_path: Path, out_path: Path) -> dict[str, int]:
    """Write the weights of a crfsuite model as per-template tables (compressed npz)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_path))
    info = tagger.info()
    labels = sorted(info.labels, key=lambda lab: info.labels[lab])
    lab_index = {lab: i for i, lab in enumerate(labels)}
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[lab_index[a], lab_index[b]] = w
    tables: dict[str, dict[str, int]] = {}
    rows: dict[str, list[tuple[int, int, float]]] = {}
    for (attr, label), w in info.state_features.items():
        name, _, key = attr.partition("=")
        vocab = tables.setdefault(name, {})
        idx = vocab.setdefault(key, len(vocab))
        rows.setdefault(name, []).append((idx, lab_index[label], w))
    arrays: dict[str, np.ndarray] = {"trans": trans}
    for name, vocab in tables.items():
        mat = np.zeros((len(vocab) + 1, len(labels)), dtype=np.float32)  # last row: unknown key
        for idx, lab, w in rows[name]:
            mat[idx, lab] = w
        arrays["w:" + name] = mat
    meta = {"labels": labels, "vocab": {name: list(v) for name, v in tables.items()}}
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(out_path, **arrays)
    return {"attributes": sum(len(v) for v in tables.values()), "labels": len(labels)}


class FastCrf:
    """Tags sentences with exported CRF weights; output equals crfsuite's Viterbi."""

    def __init__(self, path: Path) -> None:
        data = np.load(path)
        meta = json.loads(bytes(data["meta"]).decode("utf-8"))
        self.labels: list[str] = meta["labels"]
        self.trans = data["trans"].astype(np.float64)
        self.tables = {
            name: ({k: i for i, k in enumerate(keys)}, data["w:" + name].astype(np.float64))
            for name, keys in meta["vocab"].items()
        }

    def emissions(self, text: str, words: Sequence[tuple[int, int, str]]) -> np.ndarray:
        return self.emissions_many([(text, words)])[0]

    def emissions_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int, str]]]]) -> list[np.ndarray]:
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
            best = cand.argmax(axis=2)
            score[:a] = np.take_along_axis(cand, best[:, :, None], axis=2)[:, :, 0] + packed[offs[:a] + t]
            backs.append(best)
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

    def tag_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int, str]]]]) -> list[list[str]]:
        """BIO tags for many (sentence, words) pairs at once."""
        paths = self.viterbi(self.emissions_many(items))
        labels = self.labels
        return [[labels[j] for j in path] for path in paths]

    def spans_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int, str]]]]) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) spans per sentence; same result as ``tags_to_spans`` on the tags."""
        labels = self.labels
        outside = labels.index("O") if "O" in labels else -1
        kind = [(lab[:2], lab[2:]) for lab in labels]
        out = []
        for path in self.viterbi(self.emissions_many(items)):
            spans: list[tuple[int, int, str]] = []
            start, cur, last = -1, "", -2
            for i in [i for i, j in enumerate(path) if j != outside]:
                prefix, lab = kind[path[i]]
                if start >= 0 and (i != last + 1 or prefix == "B-" or lab != cur):
                    spans.append((start, last + 1, cur))
                    start = -1
                if start < 0:
                    start, cur = i, lab
                last = i
            if start >= 0:
                spans.append((start, last + 1, cur))
            out.append(spans)
        return out


# ---------------------------------------------------------------------------------------------------
# Vectorised emissions: the same templates as pipeline.ner.features, computed on code-point arrays.
_BMES = {"B": 0, "M": 1, "E": 2, "S": 3}
_KINDS = "HDLUSBP"
_UNI = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_BI = {"b-2": -2, "b-1": -1, "b+1": 0, "b+2": 1}  # offset of the first character of the pair


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


class _Codes:
    """Sorted int64 codes -> row; unknown codes map to the last (zero) row."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = np.array(sorted(set(codes)), dtype=np.int64)
        self.row = {int(c): i for i, c in enumerate(self.codes)}

    def lookup(self, query: np.ndarray) -> np.ndarray:
        n = len(self.codes)
        if n == 0:
            return np.zeros(len(query), dtype=np.int64)
        idx = np.searchsorted(self.codes, query)
        idx[idx >= n] = n - 1
        return np.where(self.codes[idx] == query, idx, n)


def _cp(ch: str) -> int:
    return ord(ch)


class VectorCrf(FastCrf):
    """FastCrf whose emissions are computed with array operations over all sentences at once."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        n_labels = len(self.labels)
        get = lambda name: self.tables.get(name, ({}, np.zeros((1, n_labels))))  # noqa: E731
        # Characters, bigrams, trigrams, (bmes, char).
        self.char_codes = _Codes([_cp(k) for name in _UNI for k in get(name)[0] if len(k) == 1])
        self.bi_codes = _Codes([(_cp(k[0]) << 21) | _cp(k[1]) for name in _BI for k in get(name)[0] if len(k) == 2])
        self.tri_codes = _Codes([(_cp(k[0]) << 42) | (_cp(k[1]) << 21) | _cp(k[2]) for k in get("t")[0] if len(k) == 3])
        self.wc_codes = _Codes([(_BMES[k[0]] << 21) | _cp(k[1]) for k in get("wc")[0] if len(k) == 2 and k[0] in _BMES])
        self.mats: dict[str, np.ndarray] = {}
        for name in _UNI:
            self.mats[name] = self._realign(get(name), self.char_codes, lambda k: _cp(k) if len(k) == 1 else None)
        for name in _BI:
            self.mats[name] = self._realign(
                get(name), self.bi_codes, lambda k: (_cp(k[0]) << 21) | _cp(k[1]) if len(k) == 2 else None)
        self.mats["t"] = self._realign(
            get("t"), self.tri_codes,
            lambda k: (_cp(k[0]) << 42) | (_cp(k[1]) << 21) | _cp(k[2]) if len(k) == 3 else None)
        self.mats["wc"] = self._realign(
            get("wc"), self.wc_codes,
            lambda k: (_BMES[k[0]] << 21) | _cp(k[1]) if len(k) == 2 and k[0] in _BMES else None)
        # Kinds (3 letters) and end classes (2 letters): dense tables.
        self.mats["k"] = self._dense(get("k"), 7 ** 3, lambda k: (
            _KINDS.index(k[0]) * 49 + _KINDS.index(k[1]) * 7 + _KINDS.index(k[2])) if len(k) == 3 and all(
                c in _KINDS for c in k) else None)
        self.mats["e"] = self._dense(get("e"), 9, lambda k: (
            "OL-".index(k[0]) * 3 + "OL-".index(k[1])) if len(k) == 2 and all(c in "OL-" for c in k) else None)
        # POS vocabulary for w, p-1, p+1.
        pos_names: set[str] = {"^", "$"}
        for k in get("w")[0]:
            pos_names.add(k[1:])
        for name in ("p-1", "p+1"):
            for k in get(name)[0]:
                pos_names.update(k.split("|"))
        self.pos_id = {p: i for i, p in enumerate(sorted(pos_names))}
        n_pos = len(self.pos_id) + 1  # last id: unknown POS
        self.n_pos = n_pos
        self.mats["w"] = self._dense(get("w"), 4 * n_pos, lambda k: (
            _BMES[k[0]] * n_pos + self.pos_id[k[1:]]) if k and k[0] in _BMES else None)
        for name in ("p-1", "p+1"):
            self.mats[name] = self._dense(get(name), n_pos * n_pos, lambda k: (
                self.pos_id[k.split("|")[0]] * n_pos + self.pos_id[k.split("|")[1]]) if k.count("|") == 1 else None)
        self.word_vocab, self.mats["W"] = get("W")[0], get("W")[1]
        # float32 tables halve the memory traffic of the gathers (the weights are stored as float32).
        self.mats = {name: np.ascontiguousarray(m, dtype=np.float32) for name, m in self.mats.items()}

    @staticmethod
    def _realign(table: tuple[dict[str, int], np.ndarray], codes: _Codes, code_of) -> np.ndarray:
        vocab, weights = table
        out = np.zeros((len(codes.codes) + 1, weights.shape[1]))
        for key, row in vocab.items():
            code = code_of(key)
            if code is not None and code in codes.row:
                out[codes.row[code]] = weights[row]
        return out

    @staticmethod
    def _dense(table: tuple[dict[str, int], np.ndarray], size: int, code_of) -> np.ndarray:
        vocab, weights = table
        out = np.zeros((size + 1, weights.shape[1]))
        for key, row in vocab.items():
            code = code_of(key)
            if code is not None:
                out[code] = weights[row]
        return out

    def emissions_many(self, items: Sequence[tuple[str, Sequence[tuple[int, int, str]]]]) -> list[np.ndarray]:
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
        # Kinds and end classes of the distinct characters, computed once.
        uniq, inverse = np.unique(cps, return_inverse=True)
        uniq_chars = [chr(int(c)) for c in uniq]
        kind_u = np.array([_KINDS.index(_kind(c)) for c in uniq_chars], dtype=np.int64)
        end_u = np.array(["OL-".index(_END_CLASS.get(c, "-")) for c in uniq_chars], dtype=np.int64)
        kinds, ends = kind_u[inverse], end_u[inverse]
        mats = self.mats
        em = mats["k"][kinds[real - 1] * 49 + kinds[real] * 7 + kinds[real + 1]]
        em += mats["e"][ends[real] * 3 + ends[real + 1]]
        # One look-up per padded position, shared by the templates that only differ by an offset.
        uni_rows = self.char_codes.lookup(cps)
        for name, off in _UNI.items():
            em += mats[name][uni_rows[real + off]]
        bi_rows = self.bi_codes.lookup((cps[:-1] << 21) | cps[1:])
        for name, off in _BI.items():
            em += mats[name][bi_rows[real + off]]
        em += mats["t"][self.tri_codes.lookup((cps[real - 1] << 42) | (cps[real] << 21) | cps[real + 1])]
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
        em += mats["w"][bmes * self.n_pos + pos_char]
        em += mats["wc"][self.wc_codes.lookup((bmes << 21) | cps[real])]
        get = self.word_vocab.get
        n_w = len(self.word_vocab)
        keys_l = [k if len(k) <= 6 else "~long" for k in keys_l]
        rows = np.empty((n_words, 4), dtype=np.int64)
        rows[:, 0] = [get("B" + k, n_w) for k in keys_l]
        rows[:, 1] = [get("M" + k, n_w) for k in keys_l]
        rows[:, 2] = [get("E" + k, n_w) for k in keys_l]
        rows[:, 3] = [get("S" + k, n_w) for k in keys_l]
        em += mats["W"][rows[word_id, bmes]]
        prev = np.roll(pos_char, 1)
        nxt = np.roll(pos_char, -1)
        first_idx = np.array(firsts, dtype=np.int64)
        last_idx = np.append(first_idx[1:], n_total) - 1
        prev[first_idx] = self.pos_id["^"]
        nxt[last_idx] = self.pos_id["$"]
        em += mats["p-1"][prev * self.n_pos + pos_char]
        em += mats["p+1"][pos_char * self.n_pos + nxt]
        out = []
        start = 0
        for t, _ in items:
            out.append(em[start:start + len(t)])
            start += len(t)
        return out
