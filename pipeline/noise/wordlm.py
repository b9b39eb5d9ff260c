"""Word-level language model: jieba's dictionary as unigrams plus a word bigram table.

Why: a spam token is recognised by what its removal does to the sentence. Inside a
word (终九宫格端) removal fuses the neighbours back into a dictionary word; between
words the evidence is collocational (举办讲座 is a seen pair, 等讲座激励 is not).
The unigram part is jieba's ``dict.txt`` (word, frequency); the bigram table is
estimated from clean text segmented with rjieba (see PROVENANCE.md) and smoothed
Witten-Bell towards the unigram.

Loading is cheap by design (a cold start cleans one report): the dictionary is loaded as
numpy arrays (each word of up to 4 characters packed into one uint64 key, searched with
``searchsorted``), kept in the disk cache (pipeline/cache.py) as raw bytes, instead of a
dict of 350,000 Python strings (~0.5 s to build). A vectorised search costs more per
sentence than dict lookups, so once a process has segmented DICT_AFTER windows (a batch,
the benchmark, training) the dicts are built after all, ski-rental style (``warm()`` builds
them at once). Both routes give the same words and the same floating-point scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

MAX_WORD = 8  # longest dictionary word considered by the segmenter
UNKNOWN_CHAR_PENALTY = 2.0  # nats below the rarest dictionary word for an unknown character
MEMO_LIMIT = 2_000_000  # memoised lookups kept per model before the memo starts over
DICT_AFTER = 2000  # segmentations on the arrays before the dict tables are built (about the same cost)
KEY_CHARS = 4  # words of up to this many characters are searched as one uint64 key (16 bits a character)
UNKNOWN_ID = 0xFFFF  # id of a character that occurs in no dictionary word
_PADDING = "\x00" * (KEY_CHARS - 1)  # id 0: no character


def _keys(ids: np.ndarray, n: int) -> list[np.ndarray]:
    """Keys of the pieces of 1..KEY_CHARS characters starting at each of the first ``n`` positions.

    A key packs the characters' 16-bit ids, first character highest, zeros for absent characters:
    exact (no hashing), so a key equals a word's key only for that word.
    """
    out = [ids[:n] << np.uint64(48)]
    for k in range(1, KEY_CHARS):
        out.append(out[-1] | (ids[k:k + n] << np.uint64(48 - 16 * k)))
    return out


def jieba_dict_path() -> Path:
    """jieba's dictionary file, found without importing jieba (its import costs ~0.4 s)."""
    import importlib.util

    return Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"


def _find(sorted_keys: np.ndarray, queries: list[str]) -> list[int]:
    """Position of each query in a sorted string array, -1 when absent.

    The queries must fit the array's width: a probe of another dtype makes numpy convert the
    whole array on every call.
    """
    if sorted_keys.shape[0] == 0:
        return [-1] * len(queries)
    probe = np.array(queries, dtype=sorted_keys.dtype)
    pos = np.minimum(np.searchsorted(sorted_keys, probe), sorted_keys.shape[0] - 1)
    return np.where(sorted_keys[pos] == probe, pos, -1).tolist()


@dataclass(frozen=True, eq=False)
class WordLM:
    char_ids: np.ndarray  # uint64 code point -> id of the characters of dictionary words (UNKNOWN_ID: none)
    keys: np.ndarray  # sorted uint64 keys of the words of up to KEY_CHARS characters (see _keys)
    key_logp: np.ndarray  # float64 unigram log-probabilities, parallel to ``keys``
    long_words: dict[str, float]  # the few (~7,000) longer words
    long_prefixes: np.ndarray  # sorted uint64 keys of their first KEY_CHARS characters
    unknown: float  # log-probability of a character that is not a dictionary word
    vocab: dict[int, tuple[np.ndarray, np.ndarray]]  # word length -> (sorted bigram-vocabulary words, their ids)
    vocab_size: int
    backoff: np.ndarray  # float64 log backoff weight per bigram-vocabulary id
    pair_keys: np.ndarray  # sorted int64 a*V+b of stored bigrams
    pair_logp: np.ndarray  # float64 log P(b|a), parallel to ``pair_keys``
    dict_path: Path  # jieba's dictionary (for :meth:`items`)
    _memo: dict = field(default_factory=dict, repr=False)  # word -> logp | None
    _state: dict = field(default_factory=lambda: {"calls": 0, "dict": None}, repr=False)
    _ids: dict = field(default_factory=dict, repr=False)  # word -> bigram id | None
    _pairs: dict = field(default_factory=dict, repr=False)  # a*V+b -> logp | None

    def _codes(self, text: str) -> np.ndarray:
        """Character ids of ``text`` (UNKNOWN_ID: in no word) followed by KEY_CHARS - 1 zeros."""
        if "\x00" in text:
            text = text.replace("\x00", "\uffff")  # a NUL would read as padding; U+FFFF is in no word
        cps = np.frombuffer((text + _PADDING).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self.char_ids[cps]

    def _short(self, keys: np.ndarray) -> np.ndarray:
        """log P of the words with these keys (NaN: not a word)."""
        pos = np.minimum(np.searchsorted(self.keys, keys), self.keys.shape[0] - 1)
        return np.where(self.keys[pos] == keys, self.key_logp[pos], np.nan)

    def _busy_tables(self) -> tuple | None:
        """The dict tables (see :meth:`warm`) once segmentation has been busy, else None."""
        state = self._state
        if state["dict"] is None:
            state["calls"] += 1
            if state["calls"] > DICT_AFTER:
                self.warm()
        return state["dict"]

    def warm(self) -> None:
        """Build the dict tables now: for a workload known to be large (a batch, the benchmark, training).

        (log-probabilities, proper prefixes, first characters, bigram-vocabulary ids, stored bigrams).
        """
        if self._state["dict"] is None:
            logp, prefixes, first_chars = _dict_tables(self.dict_path)
            index = {word: i for words, ids in self.vocab.values() for word, i in zip(words.tolist(), ids.tolist())}
            pairs = dict(zip(self.pair_keys.tolist(), self.pair_logp.tolist()))
            self._state["dict"] = (logp, prefixes, first_chars, index, pairs)

    def lookup(self, word: str) -> float | None:
        """Unigram log-probability of a dictionary word, None when ``word`` is not one."""
        tables = self._state["dict"]
        if tables is not None:
            return tables[0].get(word)
        memo = self._memo
        if word in memo:
            return memo[word]
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        if len(word) > KEY_CHARS or not word:
            value = self.long_words.get(word)
        else:
            logp = float(self._short(_keys(self._codes(word), 1)[len(word) - 1])[0])
            value = logp if logp == logp else None
        memo[word] = value
        return value

    def items(self) -> Iterator[tuple[str, float]]:
        """(word, log-probability) of every dictionary word, in jieba's file order (for training)."""
        freq = read_jieba_dict(self.dict_path)
        log_total, _ = _totals(freq)
        for word, f in freq.items():
            if f > 0:
                yield word, math.log(f) - log_total

    def unigram(self, word: str) -> float:
        value = self.lookup(word)
        if value is not None:
            return value
        return self.unknown * len(word)

    def _edges(self, text: str) -> list[tuple[int, int, float]]:
        """Dictionary words of ``text`` as (start, end, log P), sorted by start then end; every single
        character is an edge (unknown ones with ``self.unknown``). One vectorised search for all pieces
        of up to KEY_CHARS characters, a dict for the few longer words."""
        n = len(text)
        keys = np.concatenate(_keys(self._codes(text), n))
        pos = np.searchsorted(self.keys, keys)
        np.minimum(pos, self.keys.shape[0] - 1, out=pos)
        hit = (self.keys[pos] == keys).reshape(KEY_CHARS, n)
        logp = self.key_logp[pos].reshape(KEY_CHARS, n)
        logp[0][~hit[0]] = self.unknown
        hit[0] = True
        for k in range(1, KEY_CHARS):
            hit[k, max(0, n - k):] = False  # pieces running past the end (read as padding)
        starts, lengths = np.nonzero(hit.T)
        edges = list(zip(starts.tolist(), (starts + lengths + 1).tolist(), logp.T[starts, lengths].tolist()))
        if n > KEY_CHARS:
            four = keys[(KEY_CHARS - 1) * n:]
            at = np.minimum(np.searchsorted(self.long_prefixes, four), self.long_prefixes.shape[0] - 1)
            extra = []
            for start in np.flatnonzero(self.long_prefixes[at] == four).tolist():
                for end in range(start + KEY_CHARS + 1, min(n, start + MAX_WORD) + 1):
                    value = self.long_words.get(text[start:end])
                    if value is not None:
                        extra.append((start, end, value))
            if extra:
                edges = sorted(edges + extra, key=lambda edge: edge[:2])
        return edges

    def segment(self, text: str) -> list[str]:
        """Maximum-probability segmentation under the unigram model (jieba's route, no HMM)."""
        tables = self._busy_tables()
        n = len(text)
        best = [0.0] + [-1e18] * n
        back = [0] * (n + 1)
        if tables is None:
            for start, end, value in self._edges(text):
                base = best[start]
                if base > -1e17 and base + value > best[end]:
                    best[end], back[end] = base + value, start
        else:
            logp, prefixes, first_chars = tables[:3]
            unknown = self.unknown
            for start in range(n):
                base = best[start]
                if base <= -1e17:
                    continue
                char = text[start]
                value = base + logp.get(char, unknown)
                if value > best[start + 1]:
                    best[start + 1], back[start + 1] = value, start
                end = start + 2
                if char not in first_chars:
                    continue
                while end <= n and end - start <= MAX_WORD:
                    piece = text[start:end]
                    word = logp.get(piece)
                    if word is not None and base + word > best[end]:
                        best[end], back[end] = base + word, start
                    if piece not in prefixes:
                        break
                    end += 1
        words: list[str] = []
        end = n
        while end > 0:
            words.append(text[back[end]:end])
            end = back[end]
        words.reverse()
        return words

    def bigram_id(self, word: str | None) -> int | None:
        """Id of ``word`` in the bigram vocabulary (None: not in it)."""
        if word is None:
            return None
        tables = self._state["dict"]
        if tables is not None:
            return tables[3].get(word)
        ids = self._ids
        if word not in ids:
            if len(ids) > MEMO_LIMIT:
                ids.clear()
            table = self.vocab.get(len(word))
            k = _find(table[0], [word])[0] if table is not None else -1
            ids[word] = int(table[1][k]) if k >= 0 else None
        return ids[word]

    def stored(self, a: int, b: int) -> float | None:
        """log P(b|a) when the pair is in the bigram table."""
        key = a * self.vocab_size + b
        tables = self._state["dict"]
        if tables is not None:
            return tables[4].get(key)
        pairs = self._pairs
        if key not in pairs:
            if len(pairs) > MEMO_LIMIT:
                pairs.clear()
            k = int(np.searchsorted(self.pair_keys, key))
            found = k < self.pair_keys.shape[0] and int(self.pair_keys[k]) == key
            pairs[key] = float(self.pair_logp[k]) if found else None
        return pairs[key]

    def seen(self, prev: str | None, word: str | None) -> bool:
        """Whether the pair (prev, word) is in the bigram table."""
        a, b = self.bigram_id(prev), self.bigram_id(word)
        return a is not None and b is not None and self.stored(a, b) is not None

    def conditional(self, prev: str | None, word: str) -> float:
        """log P(word | prev), Witten-Bell backed off to the unigram."""
        uni = self.unigram(word)
        if prev is None:
            return uni
        a = self.bigram_id(prev)
        if a is None:
            return uni
        b = self.bigram_id(word)
        if b is not None:
            stored = self.stored(a, b)
            if stored is not None:
                return stored
        return float(self.backoff[a]) + uni

    def score(self, words: list[str]) -> float:
        total = 0.0
        prev = None
        for word in words:
            total += self.conditional(prev, word)
            prev = word
        return total


def read_jieba_dict(path: Path) -> dict[str, int]:
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit():
                freq[parts[0]] = int(parts[1])
    return freq


def _totals(freq: dict[str, int]) -> tuple[float, float]:
    """(log of the total frequency, log-probability of an unknown character)."""
    log_total = math.log(float(sum(freq.values())))
    return log_total, -log_total - UNKNOWN_CHAR_PENALTY


def _unigram_tables(dict_path: Path) -> tuple:
    """jieba's words as raw numpy bytes and small tables: (char ids, sorted keys of the words of up to
    KEY_CHARS characters, their log-probabilities, longer words, sorted keys of their first KEY_CHARS
    characters, unknown-character log-probability)."""
    freq = read_jieba_dict(dict_path)
    log_total, unknown = _totals(freq)
    logp = {w: math.log(f) - log_total for w, f in freq.items() if f > 0}
    chars = sorted(set("".join(logp)))
    if len(chars) >= UNKNOWN_ID:
        raise ValueError(f"{dict_path}: more than {UNKNOWN_ID - 1} distinct characters")
    char_ids = np.zeros(max(map(ord, chars)) + 1, dtype=np.uint16)
    char_ids[[ord(c) for c in chars]] = np.arange(1, len(chars) + 1)
    short = [w for w in logp if len(w) <= KEY_CHARS]
    key = np.zeros(len(short), dtype=np.uint64)
    for k in range(KEY_CHARS):
        column = np.array([char_ids[ord(w[k])] if k < len(w) else 0 for w in short], dtype=np.uint64)
        key |= column << np.uint64(48 - 16 * k)
    order = np.argsort(key, kind="stable")
    values = np.array([logp[w] for w in short], dtype=np.float64)
    long_words = {w: v for w, v in logp.items() if len(w) > KEY_CHARS}
    prefix = np.zeros(len(long_words), dtype=np.uint64)
    for k in range(KEY_CHARS):
        prefix |= np.array([char_ids[ord(w[k])] for w in long_words], dtype=np.uint64) << np.uint64(48 - 16 * k)
    return (char_ids.tobytes(), key[order].tobytes(), values[order].tobytes(), long_words,
            np.unique(prefix).tobytes(), unknown)


def _bigram_tables(bigram_path: Path) -> tuple:
    """The bigram file as raw numpy bytes: ({length: (sorted words, ids)}, size, backoff, sorted keys, values)."""
    with np.load(bigram_path) as data:
        vocab = str(data["words"]).split("\n")
        backoff = data["backoff"].astype(np.float64)
        keys = data["keys"].astype(np.int64)
        values = data["values"].astype(np.float64)
    order = np.argsort(keys, kind="stable")
    tables = {}
    for length in sorted({len(w) for w in vocab}):
        pairs = sorted((w, i) for i, w in enumerate(vocab) if len(w) == length)
        tables[length] = (np.array([w for w, _ in pairs], dtype=f"<U{max(length, 1)}").tobytes(),
                          np.array([i for _, i in pairs], dtype=np.int64).tobytes())
    return tables, len(vocab), backoff.tobytes(), keys[order].tobytes(), values[order].tobytes()


def _dict_source(dict_path: Path) -> tuple[str, bytes, str, str]:
    """jieba's words ("\n"-joined), their log-probabilities (float64 bytes), the proper prefixes
    (2+ characters) of the words longer than 2 ("\n"-joined) and the first characters of multi-character words."""
    freq = read_jieba_dict(dict_path)
    log_total, _ = _totals(freq)
    logp = {w: math.log(f) - log_total for w, f in freq.items() if f > 0}
    prefixes = sorted({w[:k] for w in logp if len(w) > 2 for k in range(2, min(len(w), MAX_WORD))})
    first_chars = "".join(sorted({w[0] for w in logp if len(w) > 1}))
    return "\n".join(logp), np.array(list(logp.values()), dtype=np.float64).tobytes(), "\n".join(prefixes), first_chars


@lru_cache(maxsize=4)
def _dict_tables(dict_path: Path) -> tuple[dict[str, float], frozenset[str], frozenset[str]]:
    from pipeline.cache import cached_table

    words, logp, prefixes, first_chars = cached_table("wordlm-dict", [dict_path], lambda: _dict_source(dict_path))
    return (dict(zip(words.split("\n"), np.frombuffer(logp, dtype=np.float64).tolist())),
            frozenset(prefixes.split("\n")), frozenset(first_chars))


@lru_cache(maxsize=4)
def load(bigram_path: str | Path, dict_path: str | Path | None = None) -> WordLM:
    """Load jieba's dictionary and the bigram file written by build_lm (cached per process,
    the derived arrays also on disk: see pipeline/cache.py)."""
    from pipeline.cache import cached_table

    source = Path(dict_path) if dict_path else jieba_dict_path()
    char_ids, keys, logp, long_words, long_prefixes, unknown = cached_table(
        "wordlm-keys-v2", [source], lambda: _unigram_tables(source))
    vocab, size, backoff, pair_keys, pair_logp = cached_table(
        "wordlm-bigrams-by-length", [Path(bigram_path)], lambda: _bigram_tables(Path(bigram_path)))
    ids = np.full(0x110000, UNKNOWN_ID, dtype=np.uint64)
    known = np.frombuffer(char_ids, dtype=np.uint16)
    ids[:known.shape[0]] = np.where(known > 0, known, UNKNOWN_ID)
    ids[0] = 0  # padding
    return WordLM(char_ids=ids, keys=np.frombuffer(keys, dtype=np.uint64),
                  key_logp=np.frombuffer(logp, dtype=np.float64), long_words=long_words,
                  long_prefixes=np.frombuffer(long_prefixes, dtype=np.uint64),
                  unknown=unknown,
                  vocab={n: (np.frombuffer(w, dtype=f"<U{max(n, 1)}"), np.frombuffer(i, dtype=np.int64))
                         for n, (w, i) in vocab.items()}, vocab_size=size,
                  backoff=np.frombuffer(backoff, dtype=np.float64),
                  pair_keys=np.frombuffer(pair_keys, dtype=np.int64), pair_logp=np.frombuffer(pair_logp, dtype=np.float64),
                  dict_path=source)
