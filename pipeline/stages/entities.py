"""Entity stage: gazetteers, rules and the trained CRF, run as one spaCy pipeline over the clean text.

Entry points: :func:`extract_entities` (one dict per mention, clean offsets) and
:func:`aggregate_entities` (unique entities with counts, surface forms and aliases). See
``pipeline/ner/component.py`` for the components and their precedence.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from pipeline.document import Document
from pipeline.ner.component import WordIndex
from pipeline.ner.model import segment_words
from pipeline.ner.resources import english_names, gazetteer, word_list

def _setting(doc: Document, key: str) -> Any:
    """A key of the ``extract`` config section (defaults in resources/config/default.yaml)."""
    return doc.config.get(f"extract.{key}")


@lru_cache(maxsize=4)
def build_nlp(model: str = "builtin", use_model: bool = True, use_rules: bool = True,
              model_labels: tuple[str, ...] = ("PERSON", "ORG", "LOC", "FAC"), english: bool = True,
              model_filter: bool = True) -> Language:
    """The spaCy pipeline (blank Chinese, character tokens), built once per process and setting."""
    nlp = spacy.blank("zh")  # default "char" segmenter: pattern docs are character sequences
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": False, "validate": False})
    patterns = [
        {"label": e.label, "pattern": e.name, "id": e.canonical}
        for e in gazetteer()
        if " " not in e.name
    ]
    ruler.add_patterns(patterns)
    nlp.add_pipe("zh_entity_rules", config={"use_rules": use_rules, "english": english})
    if use_model:
        nlp.add_pipe("zh_crf_ner", config={"model": model, "labels": list(model_labels), "form_filter": model_filter})
    return nlp


def _model_dir(doc: Document) -> str:
    """``builtin`` or the model directory (a relative path is relative to the user's config file)."""
    value = str(_setting(doc, "entities_model"))
    if value == "builtin":
        return value
    try:
        return str(doc.config.resource_path("extract.entities_model", "models", "ner"))
    except (KeyError, AttributeError, TypeError):
        return value


def _noise_points(doc: Document) -> set[int]:
    """Clean offsets where a removal collapsed: no entity may span one."""
    points: set[int] = set()
    if doc.clean_alignment is None:
        return points
    for r in doc.noise:
        points.add(doc.clean_alignment.src_to_dst(r.start, r.end)[0])
    return points


def _byline_names(metadata: dict[str, Any]) -> list[str]:
    names = []
    for author in metadata.get("authors") or []:
        if isinstance(author, dict) and author.get("name"):
            names.append(author["name"])
    for key in ("editor", "reviewer", "reporter"):
        value = metadata.get(key)
        if isinstance(value, dict) and value.get("name"):
            names.append(value["name"])
        elif isinstance(value, list):
            names += [v["name"] for v in value if isinstance(v, dict) and v.get("name")]
    return names


def tag_text(text: str, words: list[tuple[int, int, str]], sentences: list[tuple[int, int]],
             byline_names: Iterable[str] = (), nlp: Language | None = None) -> SpacyDoc:
    """Run the entity pipeline on ``text``; the spaCy Doc has one token per character."""
    nlp = nlp or build_nlp()
    sdoc = SpacyDoc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    sdoc.user_data["text"] = text
    sdoc.user_data["words"] = words
    sdoc.user_data["word_index"] = WordIndex(words)
    sdoc.user_data["sentences"] = sentences
    sdoc.user_data["byline_names"] = list(byline_names)
    return nlp(sdoc)


def extract_entities(doc: Document) -> list[dict]:
    """Entity mentions of ``doc.text``: text, label, start, end (clean offsets), source [, canonical, aliases, name_en]."""
    text = doc.text
    if not text:
        return []
    nlp = build_nlp(
        _model_dir(doc),
        bool(_setting(doc, "entities_use_model")),
        bool(_setting(doc, "entities_use_rules")),
        tuple(_setting(doc, "entities_model_labels")),
        bool(_setting(doc, "entities_english")),
        bool(_setting(doc, "entities_model_filter")),
    )
    if doc.tokens:
        words = [(t.start, t.end, t.pos) for t in doc.tokens]
    else:
        words = segment_words(text)
    sentences = list(doc.sentences) or [(0, len(text))]
    sdoc = tag_text(text, words, sentences, _byline_names(doc.metadata or {}), nlp)
    info = sdoc.user_data.get("entity_info", {})
    points = _noise_points(doc)
    sentence_starts = [s for s, _ in sentences]
    stop = word_list("stoplist.txt")
    english = english_names()
    out: list[dict] = []
    for ent in sdoc.ents:
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        if surface in stop or "\n" in surface or any(start < p < end for p in points):
            continue
        k = bisect_right(sentence_starts, start) - 1
        if k < 0 or end > sentences[k][1]:
            continue
        meta = info.get((ent.start, ent.end), {})
        mention: dict[str, Any] = {"text": surface, "label": ent.label_, "start": start, "end": end,
                                   "source": meta.get("source", "gazetteer")}
        canonical = meta.get("canonical") or surface
        if canonical != surface:
            mention["canonical"] = canonical
        if meta.get("aliases"):
            mention["aliases"] = list(meta["aliases"])
        if canonical in english:
            mention["name_en"] = english[canonical]
        elif surface.isascii() and any(c.isalpha() for c in surface):
            mention["name_en"] = surface
        out.append(mention)
    return out


def aggregate_entities(mentions: list[dict]) -> list[dict]:
    """Unique entities (by label and canonical name) with counts, surface forms and aliases, in first-seen order."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for m in mentions:
        canonical = m.get("canonical") or m["text"]
        key = (m["label"], canonical)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"text": canonical, "label": m["label"], "count": 0, "surface_forms": [],
                               "surface_forms_original": [], "aliases": [], "sources": [], "first_start": m["start"]}
        g["count"] += 1
        for field, value in (("surface_forms", m["text"]), ("surface_forms_original", m.get("text_original")),
                             ("sources", m.get("source"))):
            if value and value not in g[field]:
                g[field].append(value)
        for alias in m.get("aliases", []) + ([m["text"]] if m["text"] != canonical else []):
            if alias != canonical and alias not in g["aliases"]:
                g["aliases"].append(alias)
        if m.get("name_en") and "name_en" not in g:
            g["name_en"] = m["name_en"]
    return list(groups.values())
