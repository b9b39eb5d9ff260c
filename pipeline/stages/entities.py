"""Entity stage: gazetteers, rules and the trained CRF combined over the clean text.

Entry points: :func:`extract_entities` (one dict per mention, clean offsets) and
:func:`aggregate_entities` (unique entities with counts, surface forms and aliases). The combination
and its precedence live in ``pipeline/ner/combine.py``; ``pipeline/ner/component.py`` hosts the same
steps as spaCy components (``build_nlp``) for users who want a spaCy pipeline.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any

from pipeline.document import Document
from pipeline.ner.combine import EntityCombiner, EntityContext, entity_combiner
from pipeline.ner.model import segment_words
from pipeline.ner.resources import english_names, gazetteer_dir, word_list
from pipeline.ner.spans import navigation_line_spans, soft_breaks


def _setting(doc: Document, key: str) -> Any:
    """A key of the ``extract`` config section (defaults in resources/config/default.yaml)."""
    return doc.config.get(f"extract.{key}")


def combiner_for(doc: Document) -> EntityCombiner:
    """The combiner for this document's ``extract.entities_*`` settings (built once per process)."""
    return entity_combiner(
        _model_dir(doc),
        bool(_setting(doc, "entities_use_model")),
        bool(_setting(doc, "entities_use_rules")),
        tuple(_setting(doc, "entities_model_labels")),
        bool(_setting(doc, "entities_english")),
        bool(_setting(doc, "entities_model_filter")),
    )


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


def ad_line_spans(text: str) -> list[tuple[int, int]]:
    """Lines that are advertisements or promotions (``ad_markers.txt``): a strong marker, or two weak ones."""
    strong, weak = ad_markers()
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if any(m in line for m in strong) or sum(m in line for m in weak) >= 2:
            out.append((start, end))
        start = end + 1
    return out


@lru_cache(maxsize=1)
def ad_markers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    strong, weak = [], []
    for line in (gazetteer_dir() / "ad_markers.txt").read_text(encoding="utf-8").splitlines():
        kind, _, marker = line.partition("\t")
        if marker and kind in ("strong", "weak"):
            (strong if kind == "strong" else weak).append(marker.strip())
    return tuple(strong), tuple(weak)


def _unwrap(text: str, breaks: list[int]) -> tuple[str, list[int]]:
    """``text`` with each soft break removed between Han characters and a space between Latin ones, and
    for every character of the result its offset in ``text`` (plus ``len(text)`` at the end)."""
    parts: list[str] = []
    back: list[int] = []
    pos = 0
    for at in breaks:
        parts.append(text[pos:at])
        back.extend(range(pos, at))
        if text[at - 1].isascii() and text[at + 1].isascii():
            parts.append(" ")
            back.append(at)
        pos = at + 1
    parts.append(text[pos:])
    back.extend(range(pos, len(text) + 1))
    return "".join(parts), back


def extract_entities(doc: Document) -> list[dict]:
    """Entity mentions of ``doc.text``: text, label, start, end (clean offsets), source [, canonical, aliases, name_en].

    A hard-wrapped paragraph is read without its soft line breaks (:func:`soft_breaks`), so a name broken
    by the layout is found whole; its mention keeps the break inside the span (guidelines §10)."""
    text = doc.text
    if not text:
        return []
    sentences = list(doc.sentences)
    breaks = soft_breaks(text, sentences)
    if breaks:
        view, back = _unwrap(text, breaks)
        fwd = _forward(back, len(text))
        words = segment_words(view)
        sentences = [(fwd[s], fwd[e]) for s, e in sentences]
        points = {fwd[p] for p in _noise_points(doc)}
    else:
        view, back = text, []
        words = [(t.start, t.end, t.pos) for t in doc.tokens] if doc.tokens else segment_words(text)
        points = _noise_points(doc)
    ctx = EntityContext(view, words, sentences, _byline_names(doc.metadata or {}))
    chosen = combiner_for(doc)(ctx)
    sentences = ctx.sentences
    sentence_starts = [s for s, _ in sentences]
    stop = word_list("stoplist.txt")
    english = english_names()
    ads = ad_line_spans(view) + navigation_line_spans(view)
    out: list[dict] = []
    for ent in chosen:
        start, end = ent.start, ent.end
        surface = view[start:end]
        if surface in stop or "\n" in surface or any(start < p < end for p in points):
            continue
        if ent.label == "-" or any(a <= start < b for a, b in ads):
            continue  # "-": a listed ideology name (ideologies.tsv) only shields the names inside it
        k = bisect_right(sentence_starts, start) - 1
        if k < 0 or end > sentences[k][1]:
            continue
        name = surface  # the name without a layout break: canonical form, glossary key
        if back:
            start, end = back[start], back[end - 1] + 1
            surface = text[start:end]
        mention: dict[str, Any] = {"text": surface, "label": ent.label, "start": start, "end": end,
                                   "source": ent.source}
        canonical = ent.canonical or name
        if canonical != surface:
            mention["canonical"] = canonical
        if ent.aliases:
            mention["aliases"] = list(ent.aliases)
        if canonical in english:
            mention["name_en"] = english[canonical]
        elif surface.isascii() and any(c.isalpha() for c in surface):
            mention["name_en"] = surface
        out.append(mention)
    return out


def _forward(back: list[int], length: int) -> list[int]:
    """Offsets of ``text`` (0..length) in the unwrapped view; a removed break maps to the next character."""
    fwd = [0] * (length + 1)
    j = 0
    for i in range(length + 1):
        while j < len(back) - 1 and back[j] < i:
            j += 1
        fwd[i] = j
    return fwd


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
