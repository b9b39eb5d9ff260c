"""How the entity stage combines gazetteers, rules and the trained CRF — plain Python, no spaCy import.

The entity stage calls :class:`EntityCombiner` directly; ``pipeline/ner/component.py`` wraps the same
functions as spaCy components (``entity_ruler`` + ``zh_entity_rules`` + ``zh_crf_ner``) for anyone who wants a
spaCy pipeline, and ``tests/test_entities.py`` proves both give the same entities. Why two doors to one
room: importing spaCy costs ~1 s, two thirds of the cold-start budget of ``python -m pipeline run``.

Order and precedence (tested in tests/test_entities.py):
1. gazetteer names (:class:`GazetteerMatcher`, resolved exactly like spaCy's EntityRuler: longest match
   first, then the earliest) propose known names;
2. :func:`apply_rules` adds rule candidates (《titles》, credits, head-word rules, byline people) and
   resolves overlaps: the *longest* span wins (哈尔滨工业大学(深圳) over 哈尔滨工业大学 and 深圳);
   on equal length byline > gazetteer > rule. It also attaches parenthesised place qualifiers
   (X大学(深圳)) and acronyms (世界知识产权组织(WIPO)) as aliases;
3. :class:`ModelEntities` (the trained CRF, ``model_entities.py``) only *adds*: a model span overlapping a
   ruled entity is dropped, except a longer name that strictly contains the shorter ones (an ORG/FAC
   with its head over places, 广州松日队 over 广州, or over a body and its unit, 人民日报群工部; a place
   with an administrative ending, 新德里市; a full name over a short gazetteer word, 刘清华 over 清华).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import ahocorasick

from pipeline.ner.context import EntityContext, Word, WordIndex  # noqa: F401  (re-exported)
from pipeline.ner.foreign import bracketed_name_candidates, japanese_list_candidates, merge_foreign_bodies
from pipeline.ner.model_entities import _MAX_PIECE, ModelEntities, sentence_pieces  # noqa: F401  (re-exported)
from pipeline.ner.resources import GazetteerEntry, english_gazetteer, english_heads, gazetteer, word_list
from pipeline.ner.spans import (  # noqa: F401  (is_place_name, org_heads re-exported)
    _gpe_names,
    _place_names,
    _translit,
    clean_candidates,
    drop_generic,
    is_place_name,
    merge_place_prefix,
    org_heads,
    split_foreign_prefix,
)
from pipeline.ner.buildings import relabel_buildings
from pipeline.ner.streets import street_candidates
from pipeline.ner.rules import (
    Candidate,
    credit_candidates,
    dotted_name_candidates,
    english_candidates,
    headed_candidates,
    name_occurrences,
    title_candidates,
)

_PRIORITY = {"byline": 3, "gazetteer": 2, "rule": 1, "model": 0, "alias": 2}
_ACRONYM = re.compile(r"[(（]\s*([A-Z][A-Za-z0-9&.\-]{1,15})\s*[)）]")
_PLACE_QUALIFIER = re.compile(r"[(（]([\u4e00-\u9fff]{2,6})[)）]")
_GPE_SUFFIX = tuple("省市县区州国")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]{3}")
# jieba tags of words that are not names: verbs, adjectives, adverbs, idioms, function words (not "l":
# jieba calls 立法院 a set phrase).
_COMMON_WORD_POS = ("v", "a", "d", "i", "c", "p", "u", "r", "m", "q")


# ---------------------------------------------------------------------------- 1. gazetteers
class GazetteerMatcher:
    """Every gazetteer name in the text (Aho-Corasick), resolved as spaCy's EntityRuler resolves its
    phrase matches: longest first, then the earliest start; a match touching a taken one is dropped."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.automaton = ahocorasick.Automaton()
        count = 0
        for entry in entries:
            if entry.name and " " not in entry.name:  # the EntityRuler patterns skip spaced names too
                self.automaton.add_word(entry.name, (len(entry.name), entry.label, entry.canonical))
                count += 1
        if count:
            self.automaton.make_automaton()
        self.empty = count == 0

    def __call__(self, text: str) -> list[Candidate]:
        if self.empty or not text:
            return []
        matches = [(end + 1 - length, end + 1, label, canonical)
                   for end, (length, label, canonical) in self.automaton.iter(text)]
        matches.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken: set[int] = set()
        out: list[Candidate] = []
        for start, end, label, canonical in matches:
            if start in taken or end - 1 in taken:  # longer spans come first: an end point inside means overlap
                continue
            out.append(Candidate(start, end, label, "gazetteer", canonical))
            taken.update(range(start, end))
        return sorted(out, key=lambda c: c.start)


@lru_cache(maxsize=4)
def gazetteer_matcher(directory: str | None = None) -> GazetteerMatcher:
    return GazetteerMatcher(gazetteer(directory))


# ---------------------------------------------------------------------------- 2. rules
def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Longest span first; ties by source priority; no overlaps in the result."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for cand in sorted(candidates, key=lambda c: (-c.length, -_PRIORITY.get(c.source, 0), c.start)):
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        chosen.append(cand)
        taken.update(range(cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def _ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def short_match_ok(ctx: EntityContext, start: int, end: int, label: str = "") -> bool:
    """A gazetteer match must not cut a Latin word (WIPO in WIPOX); a short Chinese name (<= 3 chars)
    that the segmenter reads as one verb, adjective, adverb or idiom is that word (联想到: 联想 the verb,
    not Lenovo); a short name must start and end on segmenter word boundaries — except that a three-character organisation
    abbreviation (通讯办, 城规会, 发改委) needs only its start: jieba glues the next character to the
    abbreviation's last one (通讯/办有何, 通讯/局会), and such abbreviations are not common words."""
    text = ctx.text
    if (start > 0 and _ascii_word_char(text[start]) and _ascii_word_char(text[start - 1])) or (
        end < len(text) and _ascii_word_char(text[end - 1]) and _ascii_word_char(text[end])
    ):
        return False
    index = ctx.word_index
    if end - start > 3 or not index.words:
        return True
    word = index.word_ending_at(end)
    if (word is not None and word[0] == start and word[2].startswith(_COMMON_WORD_POS)
            and ctx.text[start:end] in word_list("names_also_words.txt")):
        return False  # a short name the segmenter reads as a verb/adjective/idiom here (联想到, 天大的)
    if label == "ORG" and end - start == 3 and _HAN_ONLY.match(ctx.text, start, end):
        return start == 0 or index.is_boundary(start)
    return (start == 0 or index.is_boundary(start)) and index.is_boundary(end)


def apply_rules(ctx: EntityContext, gazetteer_matches: list[Candidate], use_rules: bool = True,
                english: bool = True) -> list[Candidate]:
    """Gazetteer matches + byline people + rule candidates, resolved (longest wins), parentheses attached."""
    text = ctx.text
    cands = [Candidate(c.start, c.end, c.label, "gazetteer", c.canonical)
             for c in gazetteer_matches if short_match_ok(ctx, c.start, c.end, c.label)]
    cands += name_occurrences(text, ctx.byline_names, "PERSON", "byline")
    if use_rules:
        anchored = [False] * len(text)
        for c in cands:
            if c.label in ("GPE", "LOC", "ORG"):
                for i in range(c.start, c.end):
                    anchored[i] = True
        starts = {s for s, _ in ctx.sentences}
        cands += title_candidates(text)
        cands += credit_candidates(text)
        cands += dotted_name_candidates(text, _place_names(), ctx.words)
        cands += bracketed_name_candidates(text)
        cands += japanese_list_candidates(text)
        cands += headed_candidates(text, ctx.words, _head_groups(), anchored, starts)
        cands += street_candidates(text, ctx.words, {c.end for c in cands if c.label in ("GPE", "LOC")})
        if english:
            cands += english_candidates(text, english_gazetteer(), english_heads())
    cands = clean_candidates(ctx, cands, {c.start for c in gazetteer_matches})
    chosen = split_foreign_prefix(text, merge_place_prefix(text, resolve(cands)), _gpe_names(), _translit())
    if use_rules:
        chosen = merge_foreign_bodies(ctx, chosen)
    return attach_parentheses(text, drop_generic(text, chosen))


@lru_cache(maxsize=1)
def _head_groups() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Organisation, facility and event heads, matched in one pass over the words."""
    return tuple((tuple(sorted(word_list(name))), label) for name, label in
                 (("org_suffixes.txt", "ORG"), ("facility_heads.txt", "FAC"), ("event_heads.txt", "EVENT")))


def attach_parentheses(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """X大学(深圳) → one ORG; 世界知识产权组织(WIPO) → WIPO a mention and alias of the same entity."""
    places = _gpe_names()
    by_start = {c.start: c for c in chosen}
    out: list[Candidate] = []
    skip: set[int] = set()
    for c in chosen:
        if c.start in skip:
            continue
        m = _PLACE_QUALIFIER.match(text, c.end)
        if c.label == "ORG" and m and m.group(1) in places:
            inner = by_start.get(m.start(1))
            if inner is not None:
                skip.add(inner.start)
            c = Candidate(c.start, m.end(), c.label, c.source, None, c.aliases)
        a = _ACRONYM.match(text, c.end)
        if a and c.label in ("ORG", "FAC", "GPE", "LOC", "EVENT", "LAW", "PRODUCT"):
            acronym = a.group(1)
            canonical = c.canonical or text[c.start:c.end]
            c.aliases = sorted(set(c.aliases) | {acronym})
            inner = by_start.get(a.start(1))
            if inner is not None:
                skip.add(inner.start)
            out.append(c)
            out.append(Candidate(a.start(1), a.end(1), c.label, "alias", canonical, [canonical]))
            continue
        out.append(c)
    # Other occurrences of a defined acronym are mentions of the same entity.
    defined = {text[x.start:x.end]: x for x in out if x.source == "alias"}
    if defined:
        taken = {i for x in out for i in range(x.start, x.end)}
        for acronym, alias in defined.items():
            for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(acronym) + r"(?![A-Za-z0-9])", text):
                if not any(i in taken for i in range(m.start(), m.end())):
                    out.append(Candidate(m.start(), m.end(), alias.label, "alias", alias.canonical, alias.aliases))
                    taken.update(range(m.start(), m.end()))
    return sorted(out, key=lambda c: c.start)


# ---------------------------------------------------------------------------- the chain
class EntityCombiner:
    """Gazetteers → rules → model, with the entity settings of the config (``extract.entities_*``)."""

    def __init__(self, model: str = "builtin", use_model: bool = True, use_rules: bool = True,
                 model_labels: tuple[str, ...] = ("PERSON", "ORG", "LOC", "FAC"), english: bool = True,
                 model_filter: bool = True) -> None:
        self.matcher = gazetteer_matcher()
        self.use_rules = use_rules
        self.english = english
        self.model = (ModelEntities(None if model == "builtin" else model, set(model_labels), model_filter)
                      if use_model else None)

    def __call__(self, ctx: EntityContext) -> list[Candidate]:
        chosen = apply_rules(ctx, self.matcher(ctx.text), self.use_rules, self.english)
        if self.model is not None:
            chosen = self.model.add(ctx, chosen)
        return relabel_buildings(ctx, chosen) if self.use_rules else chosen


@lru_cache(maxsize=4)
def entity_combiner(model: str = "builtin", use_model: bool = True, use_rules: bool = True,
                    model_labels: tuple[str, ...] = ("PERSON", "ORG", "LOC", "FAC"), english: bool = True,
                    model_filter: bool = True) -> EntityCombiner:
    """One combiner per process and setting (loading the model and the automaton is the costly part)."""
    return EntityCombiner(model, use_model, use_rules, model_labels, english, model_filter)
