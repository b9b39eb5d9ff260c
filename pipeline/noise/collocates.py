"""Collocates of the contextual lexicon words: evidence that an occurrence is the genuine word.

Why: a genuine 讲座 is usually governed by its verb or modifier in the same clause (举办…讲座,
学术讲座), a genuine 交流 by its partners (两国…交流, 交流与合作, 进行交流); spam dropped in at a
random position has such a word nearby only by chance. Measured out of sample (two-fold over
all the development text, news and encyclopedia): a collocate within WINDOW words of the same
clause for 55 % of the genuine occurrences and 3.7 % of the injected ones (README, noise cleaning).

The table ``resources/noise/collocates.tsv`` holds derived counts only (token, word, count,
ratio); it is built from the train split of the clean paragraphs and the news sentences
(``python -m pipeline.noise.collocates``, see PROVENANCE.md). Words of the clause are found with
rjieba, the segmenter of the pipeline; Traditional input reaches here converted to Simplified.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Collection, Mapping

WINDOW = 4  # words on each side, inside the clause
MIN_DOCS = 3  # documents of the training text holding the pair before a word counts as a collocate
MIN_RATIO = 5.0  # the word is this many times likelier near the token than near a random position
CLAUSE_BREAK = re.compile(r"[，。！？；：、,.!?;:\s“”‘’（）()《》「」『』【】\[\]<>〈〉…—\-]")
HEADER = "# token\tword\tdocuments\tratio (derived counts: see pipeline/resources/noise/PROVENANCE.md)\n"


def clause_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Words of the clause left and right of ``text[start:end]`` (up to WINDOW each, nearest first)."""
    import rjieba

    a = start
    while a > 0 and not CLAUSE_BREAK.match(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and not CLAUSE_BREAK.match(text[b]):
        b += 1
    left = rjieba.cut(text[a:start]) if a < start else []
    right = rjieba.cut(text[end:b]) if end < b else []
    return left[::-1][:WINDOW], right[:WINDOW]


@lru_cache(maxsize=4)
def load_ratios(path: str) -> dict[str, dict[str, float]]:
    """token -> {collocate: ratio}: how many times likelier the word is near a genuine occurrence of the
    token than near a random position, i.e. near an insertion (the likelihood ratio the engine weighs)."""
    table: dict[str, dict[str, float]] = {}
    file = Path(path)
    if not file.exists():
        return {}
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        token, word, _documents, ratio = line.split("\t")[:4]
        table.setdefault(token, {})[word] = float(ratio)
    return table


def found(table: Mapping[str, Collection[str]], text: str, start: int, end: int) -> list[str]:
    """Collocates of the token ``text[start:end]`` in its clause window (nearest first)."""
    words = table.get(text[start:end])
    if not words:
        return []
    left, right = clause_words(text, start, end)
    return [w for w in left + right if w in words]


def count(documents: list[str], tokens: list[str]) -> list[tuple[str, str, int, float]]:
    """(token, word, documents with the pair, ratio) of every collocate passing MIN_DOCS and MIN_RATIO.

    A pair must recur in MIN_DOCS different documents: one article that repeats a name next to the
    token (越秀…讲座) says nothing about the token's genuine use elsewhere.
    """
    import rjieba

    words: Counter = Counter()
    near = {t: Counter() for t in tokens}
    pair_docs = {t: Counter() for t in tokens}
    occurrences: Counter = Counter()
    total = 0
    for document in documents:
        seen: dict[str, set[str]] = {t: set() for t in tokens}
        for clause in CLAUSE_BREAK.split(document):
            if not clause:
                continue
            cut = rjieba.cut(clause)
            words.update(cut)
            total += len(cut)
            for i, w in enumerate(cut):
                if w in near:
                    occurrences[w] += 1
                    window = set(cut[max(0, i - WINDOW):i] + cut[i + 1:i + 1 + WINDOW]) - {w}
                    near[w].update(window)
                    seen[w] |= window
        for t in tokens:
            pair_docs[t].update(seen[t])
    rows = []
    for token in tokens:
        for word, c in near[token].items():
            if pair_docs[token][word] < MIN_DOCS or not any("\u4e00" <= ch <= "\u9fff" for ch in word):
                continue
            chance = min(1.0, 2 * WINDOW * words[word] / max(1, total))
            ratio = (c / occurrences[token]) / chance
            if ratio >= MIN_RATIO:
                rows.append((token, word, pair_docs[token][word], round(ratio, 2)))
    return sorted(rows, key=lambda r: (r[0], -r[2], r[1]))


def training_documents(data_dir: Path) -> list[str]:
    """The text the other noise models read, as documents: train paragraphs (t2s), MSRA train blocks,
    and the CLUENER sentences in blocks of NEWS_BLOCK. People's Daily dev is left out: nearly all its
    sentences are MSRA sentences (of train and held-out blocks), so its articles would count twice."""
    import json

    import opencc

    from pipeline.noise.data import NEWS_BLOCK, news_blocks, paragraphs

    t2s = opencc.OpenCC("t2s")
    docs = [t for _, t in paragraphs(data_dir, "simplified", "train")]
    docs += [t2s.convert(t) for _, t in paragraphs(data_dir, "traditional", "train")]
    docs += ["".join(sentences) for _, sentences in news_blocks(data_dir, "train")]
    for name in ("ner/cluener_train.jsonl",):
        path = Path(data_dir).parent / name
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                lines = [json.loads(line)["text"] for line in handle if line.strip()]
            docs += ["".join(lines[k:k + NEWS_BLOCK]) for k in range(0, len(lines), NEWS_BLOCK)]
    return docs


def main() -> None:
    from pipeline.config import RESOURCES_DIR
    from pipeline.noise.data import DEFAULT_DATA
    from pipeline.noise.lexicon import read_lexicon

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with wiki_*.jsonl (news: ../ner)")
    parser.add_argument("--out", type=Path, default=RESOURCES_DIR / "noise" / "collocates.tsv")
    args = parser.parse_args()
    tokens = [e.token for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv") if e.policy != "always"]
    rows = count(training_documents(args.data), tokens)
    args.out.write_text(HEADER + "".join(f"{t}\t{w}\t{c}\t{r}\n" for t, w, c, r in rows), encoding="utf-8")
    print(f"{len(rows)} collocates of {len(tokens)} tokens -> {args.out}; ratio >= {MIN_RATIO}, documents >= {MIN_DOCS}: "
          f"{math.nan if not rows else min(r[3] for r in rows)}")


if __name__ == "__main__":
    main()
