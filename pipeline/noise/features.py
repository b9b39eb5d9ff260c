"""Evidence about one candidate span: would the sentence read better without it?

Every feature compares the text *with* the span against the text *without* it, under
the two language models (word: jieba dictionary + bigram table; character bigram).
The weights that combine them are learned (pipeline.noise.train), not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.noise import charlm, wordlm

WINDOW = 8  # characters of context on each side, never across sentence punctuation

FEATURES = (
    "word_lr", "char_lr", "bridge", "entry", "exit", "fusion", "glued", "token_in_dict",
    "token_logp_per_char", "left_boundary", "right_boundary", "parallel", "length",
    "left_pair_seen", "right_pair_seen", "bridge_pair_seen", "compound", "fused_logp",
)
NO_COMPOUND = -20.0  # log-probability used when no dictionary compound covers the token
COMPOUND_REACH = 3  # neighbouring characters a dictionary compound may add on each side


def is_boundary_char(char: str) -> bool:
    """Anything but a Chinese character (punctuation, digits, Latin, kana): words do not continue across."""
    if not char:
        return True
    cp = ord(char)
    return not (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
                or 0x20000 <= cp <= 0x2FA1F)


@dataclass(frozen=True)
class Models:
    chars: charlm.CharLM
    words: wordlm.WordLM


@lru_cache(maxsize=4)
def load_models(resource_dir: str) -> Models:
    base = Path(resource_dir)
    return Models(chars=charlm.load(base / "charlm.npz"), words=wordlm.load(base / "wordbigram.npz"))


def context(text: str, start: int, end: int, width: int = WINDOW) -> tuple[int, int]:
    """Window around [start, end) that stops at boundary characters."""
    left = start
    while left > 0 and start - left < width and not is_boundary_char(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < width and not is_boundary_char(text[right]):
        right += 1
    return left, right


def _crosses(words: list[str], offset: int) -> str | None:
    """The multi-character word that straddles ``offset`` in a segmentation, if any."""
    pos = 0
    for word in words:
        if pos < offset < pos + len(word):
            return word
        pos += len(word)
        if pos >= offset:
            return None
    return None


def _neighbours(words: list[str], offset: int) -> tuple[str | None, str | None]:
    """Words ending at and starting at ``offset`` (None when a word straddles it)."""
    pos = 0
    prev = None
    for word in words:
        if pos == offset:
            return prev, word
        if pos > offset:
            return None, None
        prev = word
        pos += len(word)
    return (prev, None) if pos == offset else (None, None)


@lru_cache(maxsize=4096)
def _token_logp(W: wordlm.WordLM, token: str) -> float:
    return W.score(W.segment(token))


def span_features(models: Models, text: str, start: int, end: int) -> np.ndarray:
    """Feature vector (see FEATURES) of removing ``text[start:end]``."""
    W, C = models.words, models.chars
    token = text[start:end]
    left, right = context(text, start, end)
    before, after = text[left:start], text[end:right]
    with_words = W.segment(before + token + after)
    without_words = W.segment(before + after)
    token_logp = _token_logp(W, token)
    word_lr = W.score(without_words) + token_logp - W.score(with_words)

    boundary = C.char_id(charlm.BOUNDARY)
    prev_id = C.char_id(text[start - 1]) if start > 0 else boundary
    next_id = C.char_id(text[end]) if end < len(text) else boundary
    first_id, last_id = C.char_id(token[0]), C.char_id(token[-1])
    pairs = C.bigram(np.array([prev_id, prev_id, last_id]), np.array([next_id, first_id, next_id]))
    bridge, entry, exit_ = float(pairs[0]), float(pairs[1]), float(pairs[2])
    char_lr = bridge + float(C.unigram[first_id]) - entry - exit_

    junction = len(before)
    fusion = _crosses(without_words, junction) is not None
    glued = (_crosses(with_words, junction) is not None
             or _crosses(with_words, junction + len(token)) is not None)
    prev_word, first_word = _neighbours(with_words, junction)
    last_word, next_word = _neighbours(with_words, junction + len(token))
    if first_word != token:
        first_word = None
    if last_word != token:
        last_word = None
    parallel = False
    if prev_word and prev_word != token and len(prev_word) >= 2 and len(token) == len(prev_word):
        parallel = prev_word[0] == token[0] or prev_word[-1] == token[-1]
    if next_word and next_word != token and len(next_word) >= 2 and len(token) == len(next_word):
        parallel = parallel or next_word[0] == token[0] or next_word[-1] == token[-1]
    seen = W.seen
    j_prev, j_next = _neighbours(without_words, junction)
    # a dictionary word that contains the token plus its actual neighbours (文化交流, 交流电)
    compound = NO_COMPOUND
    for k in range(0, COMPOUND_REACH + 1):
        for m in range(0, COMPOUND_REACH + 1):
            if k + m == 0 or start - k < 0 or end + m > len(text):
                continue
            value = W.lookup(text[start - k:end + m])
            if value is not None and value > compound:
                compound = value
    fused = _crosses(without_words, junction)
    fused_logp = W.unigram(fused) / len(fused) if fused else 0.0
    return np.array([
        word_lr, char_lr, bridge, entry, exit_, float(fusion), float(glued),
        float(W.lookup(token) is not None), token_logp / len(token),
        float(is_boundary_char(text[start - 1]) if start > 0 else 1.0),
        float(is_boundary_char(text[end]) if end < len(text) else 1.0),
        float(parallel), float(len(token)),
        float(seen(prev_word, token)), float(seen(token, next_word)), float(seen(j_prev, j_next)),
        compound, fused_logp,
    ], dtype=np.float64)


# Evidence for judging a *listed* token (lexicon policy "contextual"): the span's sentence-level
# log-odds (the "context" weights over FEATURES) plus document-level topic evidence. A genuine
# 交流 belongs to its document (the word or its characters recur nearby); an injected one was
# dropped in regardless of the topic.
LEXICON_FEATURES = ("context_logit", "elsewhere", "topic")
TOPIC_REACH = 300  # characters on each side searched for the token and its characters


def topic_features(text: str, start: int, end: int,
                   masked: tuple[tuple[int, int], ...] = ()) -> tuple[float, float]:
    """(other occurrences of the token nearby, capped at 3; share of its characters recurring nearby).

    ``masked`` spans (other occurrences that read as injected themselves) are blanked out first:
    spam is often injected more than once into one document, and an injected twin must not
    vouch for this occurrence as "the document's topic" (a genuine recurring word reads genuine).
    """
    token = text[start:end]
    lo, hi = max(0, start - TOPIC_REACH), min(len(text), end + TOPIC_REACH)
    if masked:
        chars = list(text[lo:hi])
        for a, b in masked:
            for k in range(max(a, lo), min(b, hi)):
                chars[k - lo] = "\n"
        window = "".join(chars)
        rest = window[:start - lo] + "\n" + window[end - lo:]
    else:
        rest = text[lo:start] + "\n" + text[end:hi]
    chars_of_token = set(token)
    return float(min(rest.count(token), 3)), sum(c in rest for c in chars_of_token) / len(chars_of_token)
