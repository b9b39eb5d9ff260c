"""The particle 着 and the zhù 著 of a Traditional text that writes 著 for both.

Mainland Simplified writes 着 for the particle and for zháo / zhuó (随着, 着手, 睡着) and keeps 著
only for zhù, "to write; prominent" (著名, 显著, 著作, 土著). A Taiwan-style text writes 著 for
all of them, so every 著 is decided here:

1. **No zhù word around it** (``zhe_keep.txt``): the particle 着 — after any verb, listed or not
   (不必搶著 → 抢着) — except the author's 著 of a citation: 魯迅著《吶喊》, 吕荣斌同志著的《…》,
   （著）, after a word that is no verb.
2. **A zhù word covers it.** The zhù word is read only where the particle is impossible or less
   likely:
   - the word before must be able to take the particle — a verb or adjective by the segmenter's
     part of speech (jieba's dictionary, HMM off), or a word the dictionary lists with 着
     as one word (意味着, 指着), and no linking verb (是, 成为: ``zhe_linking.txt``); else zhù (他著有, 中国著名,
     以品质著称, 依法享有著作权 … keep 著);
   - a zhù word whose first character the word before already takes (配合 | 著, 努力 | 著, 不知 |
     著落) is no zhù word (合著, 力著, 知著 are not read);
   - a zhù word whose head the segmenter reads as a word of its own (他 | 执 | 著, 两人 | 合 | 著)
     is read;
   - otherwise the two readings are compared with the segmenter's own word model (jieba's
     unigram frequencies over the rest of the clause): 拿著名片 is 拿 着 名片 (not 著名 片),
     起著作用 is 起 着 作用, 渴望著有機會 is 渴望 着 有 机会, while 邀請著名學者 stays 著名 学者.

Measured with ``make bench-convert`` (Simplified news and encyclopedia text made Taiwan-style by
OpenCC ``s2tw``, where every 着 becomes 著, and converted back).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from pipeline.alignment import Alignment

# Where a clause ends for the decision: punctuation, brackets, quotes, spaces.
BOUNDARY = re.compile(r"[\s。，、；：！？!?,;:()（）《》〈〉“”‘’\"'「」『』【】\[\]—…·・]")
REACH = 12          # characters of the clause considered on each side
TOTAL = 60_101_967  # sum of the frequencies of jieba's dictionary (dict.txt): the word model's denominator
VERB_TAGS = ("v", "vd", "vi", "vg", "vq", "a", "ad", "an", "z")  # jieba tags that can take the particle


@lru_cache(maxsize=8)
def load_linking(path: Path) -> frozenset[str]:
    """``zhe_linking.txt``: verbs that take a nominal complement and never the particle."""
    words = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word)
    return frozenset(words)


class WordModel:
    """jieba's dictionary through the segmenter's rjieba tokenizer: words, tags, frequencies."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def tag(self, text: str, hmm: bool = False) -> list[tuple[str, str]]:
        return self.tokenizer.tag(text, hmm) if text else []

    def score(self, text: str) -> tuple[float, list[tuple[str, str]]]:
        """Log-probability of the segmenter's best segmentation of ``text`` (its words)."""
        words = self.tag(text)
        return sum(math.log(max(self.tokenizer.suggest_freq(w), 1) / TOTAL) for w, _ in words), words


def _clause(view: str, i: int) -> tuple[int, int]:
    """The clause around ``i``: at most REACH characters each side, cut at punctuation."""
    lo = max(0, i - REACH)
    for match in BOUNDARY.finditer(view, lo, i):
        lo = match.end()
    hi_match = BOUNDARY.search(view, i + 1, min(len(view), i + 1 + REACH))
    return lo, hi_match.start() if hi_match else min(len(view), i + 1 + REACH)


def _keep_words(view: str, i: int, keep: re.Pattern[str] | None, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of every zhù word (the longest at each start) covering ``i`` inside the clause."""
    found = []
    if keep is None:
        return found
    for start in range(max(lo, i - 6), i + 1):
        match = keep.match(view, start, hi)
        if match and match.end() > i:
            found.append((start, match.end()))
    return found


def _takes_particle(word: str, tag: str, model: WordModel, linking: frozenset[str]) -> bool:
    """Whether ``word`` can be followed by the particle 着."""
    if not word or word in linking:
        return False
    return tag in VERB_TAGS or len(model.tag(word + "着")) == 1  # 意味着, 指着: one dictionary word


def _authorship(view: str, i: int) -> bool:
    """著 as "written by" in a citation: before a title (著《, 著的《), closing a bracket (（著）,
    （游光荣著）), or before the translator's credit (莱德菲尔德著，李松梅译)."""
    after = view[i + 1:i + 3]
    return (after[:1] == "《" or after == "的《" or after[:1] in "）)"
            or (after[:1] in "，、," and "译" in view[i + 2:i + 12]))


def decide(view: str, i: int, keep: re.Pattern[str] | None, model: WordModel, linking: frozenset[str]) -> str:
    """着 or 著 for the 著 at ``view[i]`` (``view``: the converted text with 着 read as 著)."""
    lo, hi = _clause(view, i)
    words = _keep_words(view, i, keep, lo, hi)
    if not words and not _authorship(view, i):
        return "着"
    if not words:  # the author's 著: after a name or noun (HMM on: names are no dictionary words), never a verb
        author = model.tag(view[lo:i], hmm=True)
        return "着" if author and _takes_particle(*author[-1], model, linking) else "著"
    left = model.tag(view[lo:i])
    before, before_tag = left[-1] if left else ("", "x")
    # a zhù word whose first character the preceding word takes is no zhù word (配合 | 著)
    position, spans = lo, []
    for word, _ in left:
        spans.append((position, position + len(word)))
        position += len(word)
    words = [(s, e) for s, e in words
             if s == i or not any(a < s < b for a, b in spans)]
    if not words:
        return "着"
    if not _takes_particle(before, before_tag, model, linking) or any(view[e:e + 1] == "《" for _, e in words):
        return "著"  # no word to take the particle, or a zhù word before a title (返國著有《…》)
    if any(s < i and view[s:i] == before for s, _ in words):
        return "著"  # the segmenter reads the zhù word's head as a word of its own: 他 | 执 | 著, 两人 | 合 | 著
    zhu, zhu_words = model.score(view[lo:hi])
    zhe, _ = model.score(view[lo:i] + "着" + view[i + 1:hi])
    return "著" if zhu >= zhe and _reads_zhu_word(zhu_words, lo, i, words) else "着"


def _reads_zhu_word(segmented: list[tuple[str, str]], start: int, i: int, words: list[tuple[int, int]]) -> bool:
    """Whether the segmenter's word at ``i`` (words from ``start``) is or contains a zhù word."""
    position = start
    for word, _ in segmented:
        end = position + len(word)
        if position <= i < end:
            return any(position <= s and e <= end for s, e in words)
        position = end
    return False


def choose_zhe(original: str, converted: str, alignment: Alignment, keep: re.Pattern[str] | None,
               within: tuple[int, int] | None, model_factory, linking: frozenset[str]) -> str:
    """Every 著 of ``original`` (inside ``within``) decided by ``decide`` in ``converted``.
    ``model_factory`` gives the WordModel, built only when a decision needs it."""
    lo, hi = within or (0, len(original))
    positions = [m.start() for m in re.finditer("著", original[lo:hi])]
    if not positions:
        return converted
    view = converted.replace("着", "著")
    chars = list(converted)
    model = None
    same_length = len(alignment.segments) == 1 and alignment.src_length == alignment.dst_length  # identity
    for offset in positions:
        start, end = ((lo + offset, lo + offset + 1) if same_length
                      else alignment.src_to_dst(lo + offset, lo + offset + 1))
        if end - start != 1:
            continue
        clause_lo, clause_hi = _clause(view, start)
        if not _keep_words(view, start, keep, clause_lo, clause_hi) and not _authorship(view, start):
            chars[start] = "着"
            continue
        model = model or WordModel(model_factory())
        chars[start] = decide(view, start, keep, model, linking)
    return "".join(chars)
