"""The entity stage as a spaCy pipeline: the same steps as ``pipeline/ner/combine.py``, hosted as components.

The entity stage itself calls :class:`pipeline.ner.combine.EntityCombiner` (no spaCy import, which
costs ~1 s at start-up); this module is for users who want a spaCy ``Language`` —
``build_nlp()`` gives ``entity_ruler`` (spaCy's EntityRuler with the gazetteer names as phrase
patterns) → ``zh_entity_rules`` → ``zh_crf_ner`` — and ``tests/test_entities.py`` proves that it finds
exactly the entities the stage finds. Precedence is documented in ``combine.py``.

The spaCy Doc has one token per *character* (``Doc(vocab, words=list(text))``): entity spans then
align with tokens whatever the segmenter did (jieba words often cross entity boundaries), exactly like
the character CRF. The segmenter's words travel in ``doc.user_data["context"]`` (an ``EntityContext``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.ner.buildings import relabel_buildings
from pipeline.ner.combine import EntityContext, ModelEntities, Word, apply_rules
from pipeline.ner.resources import gazetteer
from pipeline.ner.rules import Candidate


def _info(doc: Doc) -> dict[tuple[int, int], dict[str, Any]]:
    return doc.user_data.setdefault("entity_info", {})


def _context(doc: Doc) -> EntityContext:
    ctx = doc.user_data.get("context")
    if ctx is None:  # a Doc not made by tag_text: characters only, no words
        ctx = doc.user_data["context"] = EntityContext(doc.text, [], [])
    return ctx


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
    """The Doc's entities as candidates (token offsets = character offsets)."""
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
        return _set_ents(doc, apply_rules(_context(doc), _current(doc), self.use_rules, self.english))


@Language.factory("zh_crf_ner", default_config={"model": "builtin", "labels": ["PERSON", "ORG", "LOC", "FAC"],
                                                "form_filter": True})
def make_crf_ner(nlp: Language, name: str, model: str, labels: list[str], form_filter: bool) -> "CrfNer":
    return CrfNer(None if model == "builtin" else model, set(labels), form_filter)


class CrfNer:
    """Hosts the character CRF; adds model entities where rules and gazetteers found nothing."""

    def __init__(self, model_dir: str | None, labels: set[str], form_filter: bool = True) -> None:
        self.model = ModelEntities(model_dir, labels, form_filter)

    def __call__(self, doc: Doc) -> Doc:
        ctx = _context(doc)
        return _set_ents(doc, relabel_buildings(ctx, self.model.add(ctx, _current(doc))))


@lru_cache(maxsize=4)
def build_nlp(model: str = "builtin", use_model: bool = True, use_rules: bool = True,
              model_labels: tuple[str, ...] = ("PERSON", "ORG", "LOC", "FAC"), english: bool = True,
              model_filter: bool = True) -> Language:
    """The spaCy pipeline (blank Chinese, character tokens), built once per process and setting."""
    import spacy

    nlp = spacy.blank("zh")  # default "char" segmenter: pattern docs are character sequences
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": False, "validate": False})
    ruler.add_patterns([
        {"label": e.label, "pattern": e.name, "id": e.canonical}
        for e in gazetteer()
        if " " not in e.name
    ])
    nlp.add_pipe("zh_entity_rules", config={"use_rules": use_rules, "english": english})
    if use_model:
        nlp.add_pipe("zh_crf_ner", config={"model": model, "labels": list(model_labels), "form_filter": model_filter})
    return nlp


def tag_text(text: str, words: list[Word], sentences: list[tuple[int, int]],
             byline_names: Iterable[str] = (), nlp: Language | None = None) -> Doc:
    """Run the spaCy entity pipeline on ``text``; the Doc has one token per character and
    ``user_data["entity_info"]`` holds each entity's source, canonical name and aliases."""
    nlp = nlp or build_nlp()
    sdoc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    sdoc.user_data["context"] = EntityContext(text, words, sentences, list(byline_names))
    return nlp(sdoc)
