"""English entities, part 2: organisations and other headed names (University, Ministry, Bank, Inc. …),
gazetteer names and acronym–expansion pairs ("World Intellectual Property Organization (WIPO)")."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.document import Document
from pipeline.ner.rules import Candidate
from pipeline.stages.entities_en_words import CONNECTORS_SPLIT, Lexicon, Word, _lines, gazetteer_names, english_dir
from pipeline.stages.glossary import index_for

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
# Legal-form tail after an organisation name: "Huawei Technologies Co., Ltd.", "Acme, Inc."
LEGAL_TAIL = re.compile(r"(?:,?\s(?:Co\.,?\s)?(?:Ltd|Inc|LLC|PLC|Corp|GmbH|Co)\b\.?)+")


def _head_label(words: list[Word], lex: Lexicon) -> str | None:
    labels = [lex.heads[w.text] for w in words if w.text in lex.heads]
    return labels[-1] if labels else None


@lru_cache(maxsize=1)
def _nonname_tails() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines(english_dir() / "nonname_tails.txt"))


# Street heads end their name (Sham Mong Road, Fat Tseung Street West): "Road Map", "Street View" are no
# streets. Guidelines §10; Hong Kong LegCo papers in English.
_STREET_HEADS = frozenset({"Street", "Road", "Avenue", "Boulevard", "Highway", "Estate"})
_DIRECTIONS = frozenset({"East", "West", "North", "South", "Central"})


def _street_last(words: list[Word], lex: Lexicon) -> bool:
    """False when the deciding head is a street head that does not end the name (Road Map)."""
    texts = [w.text for w in words]
    while texts and texts[-1] in _DIRECTIONS:
        texts.pop()
    heads = [i for i, t in enumerate(texts) if t in lex.heads]
    return not heads or texts[heads[-1]] not in _STREET_HEADS or heads[-1] == len(texts) - 1


def _head_candidates(seq: list[Word], lex: Lexicon) -> tuple[list[Candidate], list[list[Word]]]:
    """ORG/FAC/... from heads; returns the candidates and the leftover parts (for the person rule)."""
    # Split "A University and B University" where both sides hold a head.
    for i, word in enumerate(seq):
        if word.text == "and" and _head_label(seq[:i], lex) and _head_label(seq[i + 1:], lex):
            left, right = _head_candidates(seq[:i], lex), _head_candidates(seq[i + 1:], lex)
            return left[0] + right[0], left[1] + right[1]
    cut = next((i for i, w in enumerate(seq) if w.text in CONNECTORS_SPLIT), len(seq))
    first = seq[:cut]
    label = _head_label(first, lex)
    if label is None and cut < len(seq):
        # "Jane Doe of Songshan Lake Materials Laboratory": the part after "of" may be the entity.
        rest = seq[cut + 1:]
        while rest and not rest[0].capitalised:
            rest = rest[1:]
        found, leftover = _head_candidates(rest, lex) if rest else ([], [])
        return found, [first, *leftover]
    if label is None or (label == "FAC" and not _street_last(first, lex)):
        return [], [seq]
    if first[-1].text.lower() in _nonname_tails() and first[-1].text not in lex.heads:
        return [], []  # "Community Bank Leverage Ratio": a measure named after a bank, no ORG
    names = [w for w in seq if w.capitalised]
    if len(names) < 2 or all(w.text in lex.heads for w in names):
        return [], []
    return [Candidate(seq[0].start, seq[-1].end, label, "rule")], []


def gazetteer_candidates(text: str, doc: Document) -> list[Candidate]:
    index = index_for(doc.config)
    names = gazetteer_names(tuple(index.english))
    if names is None:
        return []
    out = []
    for start, end, name in names.find(text):
        entry = index.english[name]
        if entry.label not in LABELS:
            continue
        canonical = entry.canonical if entry.canonical != entry.name else None
        aliases = [entry.canonical] if canonical else []
        out.append(Candidate(start, end, entry.label, "gazetteer", canonical, aliases))
    return out


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Schwartz–Hearst style: the acronym's letters appear in order in the expansion, the first one
    starting it, and the expansion's word initials are (nearly) all used — Sun Yat-sen University →
    SYSU, Dongguan University of Technology → DGUT, but no acronym for an unrelated phrase."""
    expansion = " ".join(words).lower()
    letters = [ch.lower() for ch in acronym if ch.isalnum()]
    if not letters or not expansion or letters[0] != expansion[0]:
        return False
    position = 1
    for letter in letters[1:]:
        position = expansion.find(letter, position)
        if position < 0:
            return False
        position += 1
    initials = [w[0].lower() for w in words]
    return sum(1 for ch in initials if ch in letters) >= min(len(initials), len(letters)) - 1


def acronym_pairs(text: str, candidates: list[Candidate]) -> list[tuple[Candidate, int, int]]:
    """(expansion candidate, acronym start, acronym end) for "Expansion (ACR)" where ACR fits its initials."""
    by_end = {}
    for cand in candidates:
        if cand.label in ("PERSON", "NORP"):
            continue
        current = by_end.get(cand.end)
        if current is None or cand.length > current.length:
            by_end[cand.end] = cand
    pairs = []
    for match in re.finditer(r"\s?[(（]\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*[)）]", text):
        cand = by_end.get(match.start())
        acronym = match.group(1)
        if cand is None or sum(ch.isupper() for ch in acronym) < 2:
            continue
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", text[cand.start:cand.end])
                 if w.lower() not in ("of", "for", "and", "the", "on", "in", "de")]
        if words and _initials_match(acronym, words):
            pairs.append((cand, match.start(1), match.end(1)))
    return pairs
