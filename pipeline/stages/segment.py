"""Segment: words with part-of-speech tags, and sentences, over the clean text.

jieba is the reference segmenter; rjieba (jieba-rs) gives the same words many times
faster and is the default backend (``tests/test_segment.py`` proves the equality).
Each configuration gets its own tokenizer instance (never jieba's module-level global).
Numbers with their units (5.45%, 2.2万亿元, 14 GPa) and multi-word dictionary terms
with spaces (AI for Science) are protected spans: they become single tokens.

Bilingual: paragraphs identified as English (``block.language == "en"``) are tokenized by
spaCy's English tokenizer (``spacy.blank("en")``, shipped with spaCy, no model download)
and split into sentences by spaCy's rule-based sentencizer, which knows abbreviations
(Dr., Inc., U.S.). Chinese and mixed paragraphs keep jieba/rjieba; English terms inside
them stay whole (R&D, O'Neil, known English names such as World Intellectual Property
Organization). English tokens carry jieba-style tags: ``eng`` word, ``m`` number, ``x``
punctuation/space, and c/p/r/d/u/v for function words (resources/english/function_tags.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from pipeline.literals import LiteralNames
from pipeline.document import Document, Token
from pipeline.stages.language import english_regions

SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)\"']*|\.(?=\s|$)[”’\"']*")
# Latin words joined by & or an apostrophe (R&D, AT&T, O'Neil): jieba would cut them.
# Possessive quantifiers keep this linear on long letter runs (a backtracking form was quadratic).
LATIN_COMPOUND = re.compile(r"(?<![A-Za-z0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]++(?:[&'’][A-Za-z0-9]++)+(?![A-Za-z0-9])")
WORD_BEFORE_PERIOD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
# Inside a mixed paragraph, a Latin stretch this long (words) is English prose for spaCy, not a term.
LATIN_STRETCH = re.compile(r"[A-Za-z][^\u3400-\u9fff\u3000-\u303f\uff00-\uffef\n]*[A-Za-z0-9.!?%)\"']")
LATIN_PROSE_MIN_WORDS = 6
OPENING_TAIL = re.compile(r"\s+[\"“‘(\[]+$")

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
        tokenizer = rjieba_tokenizer(user_dict)
        # rjieba keeps its own tag for user words; the user dictionary's tag wins, as in jieba.
        user_tags = {entry.word: entry.tag for entry in entries if entry.tag}
        return lambda text: [(word, user_tags.get(word, flag)) for word, flag in tokenizer.tag(text, hmm)]
    if backend == "jieba":
        return _jieba_tagger(entries, hmm)
    raise ValueError(f"unknown segment.backend '{backend}' (rjieba | jieba)")


@lru_cache(maxsize=4)
def rjieba_tokenizer(user_dict: Path | None):
    """The rjieba tokenizer of a user dictionary, built once per process: the rjieba backend's
    tagger and the converter's word model (``convert_zhe``: word frequencies, ``has_word``) share it."""
    tokenizer = _new_rjieba()
    for entry in (e for e in load_user_dict(user_dict) if " " not in e.word) if user_dict else ():
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    return tokenizer


def _new_rjieba():
    """A private rjieba tokenizer (user words added to it never leak into ``rjieba.cut``).

    ``import rjieba`` builds a module-level default tokenizer at import (~0.25 s of dictionary
    loading) that the pipeline never uses, a sixth of the cold-start budget; so the compiled module
    is loaded on its own when it can be found, and the ordinary import is the fallback.
    """
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("rjieba")  # locates the package without running its __init__
    folder = Path(spec.origin).parent if spec and spec.origin else None
    for candidate in sorted(folder.iterdir()) if folder else []:
        if candidate.name.startswith("rjieba.") and candidate.suffix in (".so", ".pyd"):
            try:
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(candidate))
                module = importlib.util.module_from_spec(
                    importlib.util.spec_from_file_location("rjieba.rjieba", str(candidate), loader=loader))
                loader.exec_module(module)
                return module.Jieba()
            except (ImportError, AttributeError, OSError):
                break
    import rjieba

    return rjieba.Jieba()


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


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


@lru_cache(maxsize=1)
def _english_names() -> LiteralNames | None:
    """Known multi-word English names (glossary, English gazetteers): one token inside Chinese."""
    try:
        from pipeline.stages.glossary import english_multiword_names
    except ImportError:
        return None
    return LiteralNames(english_multiword_names(), _ascii_letter) or None


def protected_spans(text: str, user_dict: Path | None, english_terms: bool = True) -> list[tuple[int, int, str]]:
    """Spans that must be single tokens: numbers with units, multi-word terms.

    ``english_terms`` adds the Chinese-path protections of English inside Chinese
    (known English names, R&D-style compounds); the English path leaves them to spaCy.
    """
    spans: list[tuple[int, int, str]] = []
    pattern = _term_pattern(user_dict)
    if pattern is not None:
        spans += [(m.start(), m.end(), "eng") for m in pattern.finditer(text)]
    if english_terms:
        names = _english_names()
        if names is not None:
            spans += [(start, end, "eng") for start, end, _ in names.find(text)]
        spans += [(m.start(), m.end(), "eng") for m in LATIN_COMPOUND.finditer(text)]
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
            if match.group().startswith(".") and _abbreviation_before(text, match.start()):
                continue
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


def _abbreviation_before(text: str, period: int) -> bool:
    """Whether the period at ``period`` ends an abbreviation (Dr., U.S., an initial J.), not a sentence."""
    match = WORD_BEFORE_PERIOD.search(text, max(0, period - 24), period + 1)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S., e.g., U.K.
        return True
    return word + "." in english_abbreviations()


# ---------------------------------------------------------------------------- English path
@lru_cache(maxsize=1)
def english_nlp():
    """spaCy's blank English pipeline (tokenizer + rule-based sentencizer): no model, no download."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def english_abbreviations() -> frozenset[str]:
    """Abbreviations ending with a period (Dr., Inc., e.g., U.S. ...): resources/english/abbreviations.txt."""
    from pipeline.config import RESOURCES_DIR

    lines = (RESOURCES_DIR / "english" / "abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _function_tags() -> dict[str, str]:
    """English function words → jieba-style tags (resources/english/function_tags.tsv)."""
    from pipeline.config import RESOURCES_DIR

    tags = {}
    for line in (RESOURCES_DIR / "english" / "function_tags.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, tag = line.split("\t")[:2]
            tags[word.strip().lower()] = tag.strip()
    return tags


def english_tag(text: str) -> list[tuple[str, str]]:
    """spaCy English tokens covering ``text`` exactly (whitespace runs as their own ``x`` tokens)."""
    out: list[tuple[str, str]] = []
    position = 0
    for token in english_nlp().tokenizer(text):
        start, end = token.idx, token.idx + len(token.text)
        if start > position:
            out.append((text[position:start], "x"))
        if token.is_space:
            tag = "x"
        elif token.like_num:
            tag = "m"
        elif token.is_punct or token.is_currency or not any(ch.isalnum() for ch in token.text):
            tag = "x"
        else:
            tag = _function_tags().get(token.lower_, "eng")
        if end > start:
            out.append((token.text, tag))
        position = max(position, end)
    if position < len(text):
        out.append((text[position:], "x"))
    return out


def tokenize_english(text: str, start: int, end: int) -> list[Token]:
    """English tokens of ``text[start:end]`` (clean offsets); numbers with units stay one token."""
    region = text[start:end]
    protected = [(s, e, pos) for s, e, pos in protected_spans(region, None, english_terms=False)]
    tokens = tokenize(region, english_tag, protected)
    return [Token(t.text, t.pos, t.start + start, t.end + start) for t in tokens]


def split_english_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of an English region by spaCy's sentencizer; a "sentence" starting lower-case
    (after an abbreviation spaCy does not know: approx. five) is joined to the one before."""
    region = text[start:end]
    spacy_doc = english_nlp()(region)
    pieces: list[tuple[int, int]] = []
    for sent in spacy_doc.sents:
        s, e = _trim(region, sent.start_char, sent.end_char)
        if e <= s:
            continue
        if pieces and (region[s].islower() or region[s] in ",;:)"):
            pieces[-1] = (pieces[-1][0], e)
        else:
            pieces.append((s, e))
    # spaCy leaves an opening quote or bracket at the end of the sentence before: give it back.
    for i in range(len(pieces) - 1):
        s, e = pieces[i]
        opening = OPENING_TAIL.search(region, s, e)
        if opening and opening.start() > s:
            pieces[i] = _trim(region, s, opening.start())
            pieces[i + 1] = (opening.start() + len(opening.group()) - len(opening.group().lstrip()), pieces[i + 1][1])
    return [(s + start, e + start) for s, e in pieces]


# ---------------------------------------------------------------------------- stage
def _chinese_tokens(text: str, start: int, end: int, tagger: Tagger, user_dict: Path | None) -> list[Token]:
    region = text[start:end]
    tokens = tokenize(region, tagger, protected_spans(region, user_dict))
    if start == 0:
        return tokens
    return [Token(t.text, t.pos, t.start + start, t.end + start) for t in tokens]


def _english_spans(doc: Document) -> list[tuple[int, int]]:
    """English paragraphs, plus English prose stretches inside mixed paragraphs (clean offsets)."""
    spans = list(english_regions(doc))
    for block in doc.blocks:
        if block.language != "mixed":
            continue
        start, end = doc.to_clean(block.start, block.end)
        for match in LATIN_STRETCH.finditer(doc.text, start, end):
            if len(match.group().split()) >= LATIN_PROSE_MIN_WORDS:
                spans.append(match.span())
    return sorted(spans)


def segment(doc: Document) -> None:
    """Fill ``doc.tokens`` and ``doc.sentences`` from ``doc.text``: English paragraphs by spaCy, the rest by jieba."""
    config = doc.config
    user_dict = config.resource_path("segment.user_dict", "segment", "user_dict.txt")
    tagger = build_tagger(config.get("segment.backend"), user_dict, config.get("segment.hmm"))
    text = doc.text
    english = _english_spans(doc) if doc.alignment is not None else []
    tokens: list[Token] = []
    position = 0
    for start, end in [*english, (len(text), len(text))]:
        if start > position:
            tokens += _chinese_tokens(text, position, start, tagger, user_dict)
        if end > start:
            tokens += tokenize_english(text, start, end)
        position = max(position, end)
    doc.tokens = tokens
    sentences: list[tuple[int, int]] = []
    regions = []
    for block in doc.blocks:
        start, end = doc.to_clean(block.start, block.end)
        if end > start:
            regions.append((start, end, block.language == "en"))
    if not regions:
        regions = [(0, len(text), doc.source.get("language") == "en")]
    for start, end, is_english in regions:
        if is_english:
            sentences += split_english_sentences(text, start, end)
        else:
            sentences += split_sentences(text, [(start, end)])
    doc.sentences = sentences
