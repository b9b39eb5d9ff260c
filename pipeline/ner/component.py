"""spaCy components of the entity stage and the pipeline that chains them.

The spaCy Doc has one token per *character* (``Doc(vocab, words=list(text))``): entity spans then
align with tokens whatever the segmenter did (jieba words often cross entity boundaries), exactly like
the character CRF. The segmenter's words travel in ``doc.user_data["words"]`` as features.

Order and precedence (tested in tests/test_entities.py):
1. ``entity_ruler`` (spaCy EntityRuler, phrase patterns from the gazetteers) proposes known names;
2. ``zh_entity_rules`` adds rule candidates (《titles》, credits, head-word rules, byline people) and
   resolves overlaps: the *longest* span wins (哈尔滨工业大学(深圳) over 哈尔滨工业大学 and 深圳);
   on equal length byline > gazetteer > rule. It also attaches parenthesised place qualifiers
   (X大学(深圳)) and acronyms (世界知识产权组织(WIPO)) as aliases;
3. ``zh_crf_ner`` (the trained CRF) only *adds*: a model span overlapping a ruled entity is dropped,
   except an ORG/FAC model span that strictly contains only places (广州松日队 over 广州).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.ner.model import load_fast_tagger
from pipeline.ner.resources import english_gazetteer, english_heads, gazetteer, word_list
from pipeline.ner.rules import (
    Candidate,
    credit_candidates,
    english_candidates,
    head_candidates,
    looks_like_person,
    name_occurrences,
    title_candidates,
)

_PRIORITY = {"byline": 3, "gazetteer": 2, "rule": 1, "model": 0, "alias": 2}
_ACRONYM = re.compile(r"[(（]\s*([A-Z][A-Za-z0-9&.\-]{1,15})\s*[)）]")
_PLACE_QUALIFIER = re.compile(r"[(（]([\u4e00-\u9fff]{2,6})[)）]")
_GPE_SUFFIX = tuple("省市县区州国")
_MODEL_LABELS = {"PERSON", "ORG", "LOC", "GPE", "FAC"}
_ORG_END_CHARS = "司行厂队委署厅盟社团部局会所院校"
_ORG_END_CHARS_T = tuple(_ORG_END_CHARS)
_PLACE_END = tuple("省市县区镇乡村州国洲岛山河湖江街湾港")


def _info(doc: Doc) -> dict[tuple[int, int], dict[str, Any]]:
    return doc.user_data.setdefault("entity_info", {})


class WordIndex:
    """Segmenter words (sorted, non-overlapping) with bisect look-ups: boundaries, word ending at a point."""

    def __init__(self, words: list[tuple[int, int, str]]) -> None:
        self.words = words
        self.starts = [w[0] for w in words]
        self.ends = [w[1] for w in words]

    def is_boundary(self, pos: int) -> bool:
        i = bisect_left(self.starts, pos)
        if i < len(self.starts) and self.starts[i] == pos:
            return True
        j = bisect_left(self.ends, pos)
        return (j < len(self.ends) and self.ends[j] == pos) or not self.words

    def word_ending_at(self, pos: int) -> tuple[int, int, str] | None:
        j = bisect_left(self.ends, pos)
        return self.words[j] if j < len(self.ends) and self.ends[j] == pos else None

    def range(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Words overlapping [start, end), clipped to it, in offsets relative to ``start``."""
        i = bisect_right(self.ends, start)
        j = bisect_left(self.starts, end)
        out = [(ws - start, we - start, pos) for ws, we, pos in self.words[i:j]]
        if out:
            if out[0][0] < 0:
                out[0] = (0, out[0][1], out[0][2])
            if out[-1][1] > end - start:
                out[-1] = (out[-1][0], end - start, out[-1][2])
        return out


def _ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _short_match_ok(doc: Doc, start: int, end: int) -> bool:
    """A gazetteer match must not cut a Latin word (WIPO in WIPOX); a short Chinese name (<= 3 chars)
    must start and end on segmenter word boundaries."""
    text = doc.user_data.get("text") or doc.text
    if (start > 0 and _ascii_word_char(text[start]) and _ascii_word_char(text[start - 1])) or (
        end < len(text) and _ascii_word_char(text[end - 1]) and _ascii_word_char(text[end])
    ):
        return False
    index = doc.user_data.get("word_index")
    if index is None or end - start > 3 or not index.words:
        return True
    return (start == 0 or index.is_boundary(start)) and index.is_boundary(end)


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


def _set_ents(doc: Doc, chosen: list[Candidate]) -> Doc:
    info = _info(doc)
    info.clear()
    spans = []
    for c in chosen:
        spans.append(Span(doc, c.start, c.end, label=c.label))
        info[(c.start, c.end)] = {"source": c.source, "canonical": c.canonical, "aliases": list(c.aliases)}
    doc.set_ents(spans, default="outside")
    return doc


def _current(doc: Doc) -> list[Candidate]:
    info = _info(doc)
    out = []
    for ent in doc.ents:
        meta = info.get((ent.start, ent.end))
        if meta is None:  # straight from the EntityRuler: its pattern id is the canonical name
            out.append(Candidate(ent.start, ent.end, ent.label_, "gazetteer", ent.ent_id_ or None, []))
            continue
        # A span set by a later component keeps only its own canonical name: the tokens may still
        # carry the ruler's id of a shorter name inside it (粤港澳大湾区 inside 《粤港澳大湾区发展规划纲要》).
        out.append(Candidate(ent.start, ent.end, ent.label_, meta.get("source", "gazetteer"),
                             meta.get("canonical"), list(meta.get("aliases", []))))
    return out


@Language.factory("zh_entity_rules", default_config={"use_rules": True, "english": True})
def make_entity_rules(nlp: Language, name: str, use_rules: bool, english: bool) -> "EntityRules":
    return EntityRules(use_rules, english)


class EntityRules:
    """Rule candidates + longest-span resolution over the EntityRuler's gazetteer matches."""

    def __init__(self, use_rules: bool = True, english: bool = True) -> None:
        self.use_rules = use_rules
        self.english = english

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("text") or doc.text  # doc.text rebuilds the string token by token
        cands = []
        for c in _current(doc):  # gazetteer matches
            if _short_match_ok(doc, c.start, c.end):
                cands.append(Candidate(c.start, c.end, c.label, "gazetteer", c.canonical))
        cands += name_occurrences(text, doc.user_data.get("byline_names", ()), "PERSON", "byline")
        if self.use_rules:
            words = doc.user_data.get("words", [])
            anchored = [False] * len(text)
            for c in cands:
                if c.label in ("GPE", "LOC", "ORG"):
                    for i in range(c.start, c.end):
                        anchored[i] = True
            starts = {s for s, _ in doc.user_data.get("sentences", [])}
            cands += title_candidates(text)
            cands += credit_candidates(text)
            cands += head_candidates(text, words, word_list("org_suffixes.txt"), "ORG", anchored, starts)
            cands += head_candidates(text, words, word_list("facility_heads.txt"), "FAC", anchored, starts)
            cands += head_candidates(text, words, word_list("event_heads.txt"), "EVENT", anchored, starts)
            if self.english:
                cands += english_candidates(text, english_gazetteer(), english_heads())
        chosen = resolve(cands)
        chosen = _attach_parentheses(text, chosen)
        return _set_ents(doc, chosen)


def _attach_parentheses(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """X大学(深圳) → one ORG; 世界知识产权组织(WIPO) → WIPO a mention and alias of the same entity."""
    places = {e.name for e in gazetteer() if e.label == "GPE"}
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


@Language.factory("zh_crf_ner", default_config={"model": "builtin", "labels": ["PERSON", "ORG", "LOC", "FAC"],
                                                "form_filter": True})
def make_crf_ner(nlp: Language, name: str, model: str, labels: list[str], form_filter: bool) -> "CrfNer":
    return CrfNer(None if model == "builtin" else model, set(labels), form_filter)


class CrfNer:
    """Hosts the character CRF; adds model entities where rules and gazetteers found nothing."""

    def __init__(self, model_dir: str | None, labels: set[str], form_filter: bool = True) -> None:
        self.tagger = load_fast_tagger(model_dir)
        self.form_filter = form_filter
        self.labels = labels & _MODEL_LABELS
        self.places = {e.name: e for e in gazetteer()}
        self.fac_heads = tuple(word_list("facility_heads.txt"))

    def _has_head(self, surface: str, label: str, end: int | None = None, doc: Doc | None = None) -> bool:
        """Ends with a listed head word; a one-character head (队, 局 …) only as its own word or inside a
        proper-noun word, so 布局 or 高校 do not count."""
        if label != "ORG":
            return surface.endswith(self.fac_heads)
        if surface.endswith(tuple(word_list("org_suffixes.txt"))):
            return True
        if not surface.endswith(_ORG_END_CHARS_T) or doc is None or end is None:
            return False
        index = doc.user_data.get("word_index")
        last = index.word_ending_at(end) if index is not None else None
        return last is None or last[1] - last[0] == 1 or last[2] in ("nt", "nz")

    def _plausible(self, surface: str, label: str, start: int, end: int, doc: Doc) -> bool:
        """Report text is far from news text: accept a model span only when its form supports the label.

        PERSON: a surname-initial Han name; GPE/LOC: a known place, an administrative/geographic
        ending, or segmenter words all tagged ns; ORG/FAC: an organisation/facility head, or a
        segmenter word tagged nt (spans on word boundaries). With ``form_filter`` off (news-style
        text) every model span is kept.
        """
        if not self.form_filter:
            return True
        index = doc.user_data.get("word_index")
        aligned = index is not None and index.is_boundary(start) and index.is_boundary(end)
        inner = index.range(start, end) if aligned else []
        if label == "PERSON":
            return looks_like_person(surface) and not surface.endswith(_PLACE_END + _ORG_END_CHARS_T + ("站",))
        if label in ("GPE", "LOC"):
            return (surface in self.places or surface.endswith(_PLACE_END)
                    or (bool(inner) and all(p == "ns" for _, _, p in inner)))
        if self._has_head(surface, label, end, doc):
            return True
        return any(p == "nt" for _, _, p in inner)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("text") or doc.text  # doc.text rebuilds the string token by token
        words = doc.user_data.get("words", [])
        sentences = doc.user_data.get("sentences") or [(0, len(text))]
        stop = word_list("stoplist.txt")
        places = self.places
        existing = _current(doc)
        owner = [-1] * len(text)
        for idx, c in enumerate(existing):
            for i in range(c.start, c.end):
                owner[i] = idx
        added: list[Candidate] = []
        removed: set[int] = set()
        index = doc.user_data.get("word_index") or WordIndex(words)
        pieces = _pieces(text, sentences)
        items = [(text[s_start:s_end], index.range(s_start, s_end)) for s_start, s_end in pieces]
        for (s_start, _), spans in zip(pieces, self.tagger.spans_many(items)):
            for ms, me, label in spans:
                start, end = s_start + ms, s_start + me
                surface = text[start:end]
                if surface.strip() != surface or len(surface) < 2 or surface in stop:
                    continue
                if label == "LOC":
                    label = _refine_place(surface, places)
                if label not in self.labels and not (label == "GPE" and "LOC" in self.labels):
                    continue
                if not self._plausible(surface, label, start, end, doc):
                    continue
                inside = {owner[i] for i in range(start, end) if owner[i] >= 0}
                if inside:
                    contained = all(existing[o].start >= start and existing[o].end <= end for o in inside)
                    only_places = all(existing[o].label in ("GPE", "LOC") for o in inside)
                    if label in ("ORG", "FAC") and contained and only_places and self._has_head(surface, label, end, doc):
                        removed |= inside
                    else:
                        continue
                added.append(Candidate(start, end, label, "model"))
        kept = [c for i, c in enumerate(existing) if i not in removed]
        return _set_ents(doc, sorted(kept + added, key=lambda c: c.start))




_MAX_PIECE = 300  # characters per CRF sequence: Viterbi steps grow with the longest sequence
_PIECE_BREAK = re.compile(r"[,，、:：\s]")


def _pieces(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, with very long ones (no punctuation for hundreds of characters) cut into pieces at
    the last comma or space before the limit (hard cut if none): the CRF's context is local."""
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        while end - start > _MAX_PIECE:
            cut = start + _MAX_PIECE
            breaks = [m.end() for m in _PIECE_BREAK.finditer(text, start + _MAX_PIECE // 2, cut)]
            cut = breaks[-1] if breaks else cut
            out.append((start, cut))
            start = cut
        if end > start:
            out.append((start, end))
    return out


def _refine_place(surface: str, places: dict) -> str:
    """The model knows one place label; the gazetteer or an administrative suffix makes it GPE."""
    entry = places.get(surface)
    if entry is not None:
        return entry.label
    if surface.endswith(_GPE_SUFFIX):
        return "GPE"
    return "LOC"
