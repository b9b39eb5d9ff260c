"""Segment: words with part-of-speech tags, and sentences, over the clean text.

jieba is the reference segmenter; rjieba (jieba-rs) gives the same words many times
faster and is the default backend (``tests/test_segment.py`` proves the equality).
Each configuration gets its own tokenizer instance (never jieba's module-level global).
Numbers with their units (5.45%, 2.2万亿元, 14 GPa) and multi-word dictionary terms
with spaces (AI for Science) are protected spans: they become single tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from pipeline.document import Document, Token

SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)\"']*|\.(?=\s|$)[”’\"']*")

Tagger = Callable[[str], list[tuple[str, str]]]


@dataclass(frozen=True)
class DictEntry:
    word: str
    freq: int | None
    tag: str | None


@lru_cache(maxsize=8)
def load_user_dict(path: Path) -> tuple[DictEntry, ...]:
    """Parse a jieba user dictionary (``word [freq] [tag]``); multi-word terms keep their spaces."""
    entries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            freq = tag = None
            if len(parts) >= 3 and parts[-2].isdigit():
                freq, tag, parts = int(parts[-2]), parts[-1], parts[:-2]
            elif len(parts) >= 2 and parts[-1].isdigit():
                freq, parts = int(parts[-1]), parts[:-1]
            entries.append(DictEntry(" ".join(parts), freq, tag))
    return tuple(entries)


@lru_cache(maxsize=4)
def build_tagger(backend: str, user_dict: Path | None, hmm: bool) -> Tagger:
    """A fresh tokenizer for this configuration, with the user dictionary loaded."""
    entries = [e for e in load_user_dict(user_dict) if " " not in e.word] if user_dict else []
    if backend == "rjieba":
        import rjieba

        tokenizer = rjieba.Jieba()
        for entry in entries:
            tokenizer.add_word(entry.word, entry.freq, entry.tag)
        # rjieba keeps its own tag for user words; the user dictionary's tag wins, as in jieba.
        user_tags = {entry.word: entry.tag for entry in entries if entry.tag}
        return lambda text: [(word, user_tags.get(word, flag)) for word, flag in tokenizer.tag(text, hmm)]
    if backend == "jieba":
        return _jieba_tagger(entries, hmm)
    raise ValueError(f"unknown segment.backend '{backend}' (rjieba | jieba)")


def _jieba_tagger(entries: list[DictEntry], hmm: bool) -> Tagger:
    """Reference backend: jieba's words, tagged from jieba's dictionary (posseg for unknown words)."""
    import logging

    import jieba
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no banner on stderr/stdout
    tokenizer = jieba.Tokenizer()
    for entry in entries:
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    tokenizer.initialize()
    pos_tokenizer = jieba.posseg.POSTokenizer(tokenizer)

    def tag(text: str) -> list[tuple[str, str]]:
        out = []
        for word in tokenizer.cut(text, HMM=hmm):
            flag = pos_tokenizer.word_tag_tab.get(word)
            if flag is None:
                pairs = list(pos_tokenizer.cut(word, HMM=hmm))
                flag = pairs[0].flag if len(pairs) == 1 else "x"
            out.append((word, flag))
        return out

    return tag


@lru_cache(maxsize=4)
def _term_pattern(user_dict: Path | None) -> re.Pattern[str] | None:
    terms = [e.word for e in load_user_dict(user_dict)] if user_dict else []
    terms = sorted((t for t in terms if " " in t), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![A-Za-z])")


def protected_spans(text: str, user_dict: Path | None) -> list[tuple[int, int, str]]:
    """Spans that must be single tokens: numbers with units, multi-word terms."""
    spans: list[tuple[int, int, str]] = []
    pattern = _term_pattern(user_dict)
    if pattern is not None:
        spans += [(m.start(), m.end(), "eng") for m in pattern.finditer(text)]
    try:
        from pipeline.stages.figures import protected_spans as figure_spans
    except ImportError:  # figures stage not present: nothing more to protect
        figure_spans = None
    if figure_spans is not None:
        spans += [(s, e, "m") for s, e in figure_spans(text)]
    spans.sort(key=lambda span: (span[0], -span[1]))
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue  # overlaps an earlier, longer span
        merged.append(span)
    return merged


def tokenize(text: str, tagger: Tagger, protected: list[tuple[int, int, str]]) -> list[Token]:
    """Tag the text between protected spans; protected spans become one token each."""
    tokens: list[Token] = []
    position = 0
    for start, end, pos in [*protected, (len(text), len(text), "")]:
        if start > position:
            offset = position
            for word, flag in tagger(text[position:start]):
                tokens.append(Token(word, flag, offset, offset + len(word)))
                offset += len(word)
        if end > start:
            tokens.append(Token(text[start:end], pos, start, end))
        position = max(position, end)
    return tokens


def split_sentences(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences inside each region (a paragraph or heading); never across regions."""
    sentences: list[tuple[int, int]] = []
    for region_start, region_end in regions:
        start = region_start
        for match in SENTENCE_END.finditer(text, region_start, region_end):
            if match.end() > start and text[start:match.end()].strip():
                sentences.append(_trim(text, start, match.end()))
            start = match.end()
        if start < region_end and text[start:region_end].strip():
            sentences.append(_trim(text, start, region_end))
    return sentences


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(doc: Document) -> None:
    """Fill ``doc.tokens`` and ``doc.sentences`` from ``doc.text``."""
    config = doc.config
    user_dict = config.resource_path("segment.user_dict", "segment", "user_dict.txt")
    tagger = build_tagger(config.get("segment.backend"), user_dict, config.get("segment.hmm"))
    doc.tokens = tokenize(doc.text, tagger, protected_spans(doc.text, user_dict))
    regions = []
    for block in doc.blocks:
        start, end = doc.to_clean(block.start, block.end)
        if end > start:
            regions.append((start, end))
    doc.sentences = split_sentences(doc.text, regions or [(0, len(doc.text))])
