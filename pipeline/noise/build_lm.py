"""Build the character bigram model shipped in ``pipeline/resources/noise/charlm.npz``.

Run: ``python -m pipeline.noise.build_lm [--data DIR] [--out FILE]``. Sources (see
pipeline/resources/noise/PROVENANCE.md): the *train* split of the clean encyclopedia
paragraphs (Traditional ones converted with OpenCC t2s) and the word list of jieba's
dictionary (within-word bigrams, weighted by word frequency); news sentences (CLUENER,
People's Daily dev, the train blocks of MSRA).
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from importlib import resources as importlib_resources
from pathlib import Path

import numpy as np

from pipeline.noise import charlm
from pipeline.noise.data import DEFAULT_DATA, news_blocks, paragraphs

MIN_CHAR_COUNT = 2
MIN_BIGRAM_COUNT = 2
DICT_SHARE = 0.5  # dictionary bigram mass relative to the running-text bigram mass


def jieba_dict_path() -> Path:
    return Path(str(importlib_resources.files("jieba").joinpath("dict.txt")))


def count(data_dir: Path) -> tuple[Counter, Counter]:
    unigrams: Counter = Counter()
    bigrams: Counter = Counter()
    for text in training_texts(data_dir):
        seq = charlm.BOUNDARY + text + charlm.BOUNDARY
        unigrams.update(text)
        bigrams.update(zip(seq, seq[1:]))
    text_mass = sum(bigrams.values())
    words: list[tuple[str, int]] = []
    with open(jieba_dict_path(), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) >= 2:
                words.append((parts[0], int(parts[1])))
    dict_mass = sum(freq * (len(w) - 1) for w, freq in words)
    scale = DICT_SHARE * text_mass / dict_mass
    dict_bigrams: Counter = Counter()
    for word, freq in words:
        for a, b in zip(word, word[1:]):
            dict_bigrams[(a, b)] += freq * scale
    for key, value in dict_bigrams.items():
        bigrams[key] += value
    for word, freq in words:
        for c in word:
            unigrams[c] += freq * scale / len(word)
    return unigrams, bigrams


def build(data_dir: Path, out: Path) -> None:
    unigrams, bigrams = count(data_dir)
    chars = sorted(c for c, n in unigrams.items() if n >= MIN_CHAR_COUNT)
    if charlm.BOUNDARY not in chars:
        chars.insert(0, charlm.BOUNDARY)
    vocab = ["\0"] + chars
    index = {c: i for i, c in enumerate(vocab)}
    size = len(vocab)
    uni = np.zeros(size, dtype=np.float64)
    for c, n in unigrams.items():
        uni[index.get(c, 0)] += n
    uni[index[charlm.BOUNDARY]] += sum(n for (a, _), n in bigrams.items() if a == charlm.BOUNDARY)
    uni += 0.5
    log_uni = np.log(uni / uni.sum())
    follow_total = np.zeros(size)
    follow_types = np.zeros(size)
    merged: Counter = Counter()
    for (a, b), n in bigrams.items():
        merged[(index.get(a, 0), index.get(b, 0))] += n
    for (a, b), n in merged.items():
        follow_total[a] += n
        follow_types[a] += 1
    denom = follow_total + follow_types
    denom[denom == 0] = 1
    backoff_weight = np.where(follow_types > 0, follow_types / denom, 1.0)
    keys, values = [], []
    for (a, b), n in merged.items():
        if n < MIN_BIGRAM_COUNT:
            continue
        p = (n + follow_types[a] * math.exp(log_uni[b])) / denom[a]
        keys.append(a * size + b)
        values.append(math.log(p))
    order = np.argsort(np.array(keys, dtype=np.int64))
    charlm.save(out, np.array([ord(c) for c in vocab]), log_uni, np.log(backoff_weight),
                np.array(keys, dtype=np.int64)[order], np.array(values)[order])


NEWS_FILES = ("ner/cluener_train.jsonl", "ner/peoples_daily_dev.jsonl")
MIN_WORD_BIGRAM_COUNT = 2


def training_texts(data_dir: Path) -> list[str]:
    """Train split of the clean paragraphs (t2s) plus the news sentences of the NER sets (of MSRA the
    train blocks only: its held-out blocks are the benchmark's news documents)."""
    import json

    import opencc

    t2s = opencc.OpenCC("t2s")
    texts = [t for _, t in paragraphs(data_dir, "simplified", "train")]
    texts += [t2s.convert(t) for _, t in paragraphs(data_dir, "traditional", "train")]
    for name in NEWS_FILES:
        path = Path(data_dir).parent / name
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                texts += [json.loads(line)["text"] for line in handle if line.strip()]
    for _, sentences in news_blocks(data_dir, "train"):
        texts += sentences
    return texts


def build_words(data_dir: Path, out: Path) -> None:
    """Word bigram table (Witten-Bell, backed off to jieba's unigram) from segmented clean text."""
    import rjieba

    from pipeline.noise import wordlm

    freq = wordlm.read_jieba_dict(wordlm.jieba_dict_path())
    total = float(sum(freq.values()))
    unknown = -math.log(total) - wordlm.UNKNOWN_CHAR_PENALTY

    def unigram(word: str) -> float:
        f = freq.get(word)
        return math.log(f / total) if f else unknown * len(word)

    pairs: Counter = Counter()
    for text in training_texts(data_dir):
        for line in text.split("\n"):
            words = [w for w in rjieba.cut(line, False) if w.strip()]
            pairs.update(zip(words, words[1:]))
    follow_total: Counter = Counter()
    follow_types: Counter = Counter()
    for (a, _), n in pairs.items():
        follow_total[a] += n
        follow_types[a] += 1
    kept = {k: n for k, n in pairs.items() if n >= MIN_WORD_BIGRAM_COUNT}
    vocab = sorted({w for k in kept for w in k} | {a for a in follow_types})
    index = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    backoff = np.zeros(size)
    for a, types in follow_types.items():
        backoff[index[a]] = math.log(types / (follow_total[a] + types))
    keys, values = [], []
    for (a, b), n in kept.items():
        types, seen = follow_types[a], follow_total[a]
        p = (n + types * math.exp(unigram(b))) / (seen + types)
        keys.append(index[a] * size + index[b])
        values.append(math.log(p))
    np.savez_compressed(out, words=np.array("\n".join(vocab)), backoff=backoff.astype(np.float32),
                        keys=np.array(keys, dtype=np.int64), values=np.array(values, dtype=np.float32))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with wiki_*.jsonl")
    default_out = Path(__file__).resolve().parent.parent / "resources" / "noise" / "charlm.npz"
    parser.add_argument("--out", type=Path, default=default_out, help="model file to write")
    parser.add_argument("--words-out", type=Path, default=default_out.with_name("wordbigram.npz"),
                        help="word bigram file to write")
    args = parser.parse_args()
    build(args.data, args.out)
    build_words(args.data, args.words_out)


if __name__ == "__main__":
    main()
