"""English entities: gazetteers and rules over Latin text, optionally an installed spaCy model.

Same mention format and labels as the Chinese stage (text, label, start, end in clean
offsets, source, optional canonical / aliases). Runs over the whole clean text: the rules
only fire on Latin words, so in a Chinese report they find the English names inside it.
All vocabulary lives in ``pipeline/resources/english/`` (heads, titles, stoplists, given
names, pinyin surnames, place / organisation / NORP gazetteers) and in the bilingual
glossary (see :mod:`pipeline.stages.glossary`).

The rules live in three modules along the seams of the problem: ``entities_en_words`` (vocabulary,
scanning), ``entities_en_orgs`` (heads, gazetteer, acronyms), ``entities_en_people`` (bylines, rosters,
the person rule, surnames). Candidates, longest first, ties by source (byline > gazetteer = alias > rule > model):
1. gazetteer names (English gazetteers, glossary English names and Latin aliases);
2. acronym–expansion pairs, "World Intellectual Property Organization (WIPO)": the expansion
   keeps the acronym as an alias, the acronym is a mention of the same entity (source
   ``alias``), and so is every later bare "WIPO";
3. head rule: a capitalised name sequence (with of/for/and/the inside) containing a head
   (University, Institute, Ministry, Bank, Group, Inc., Park, Province …) → the head's label;
4. person rule, with care: 2–3 capitalised words that are no common word, head or known
   name, AND a cue — a title before (Dr., Professor, Minister), a speech verb beside
   (said), a known given name (Jane), a pinyin surname + pinyin given name (Wang Weihua),
   or a byline name. A later bare surname of a found person is that person;
5. ``extract.english_model`` (an installed spaCy pipeline package or a path; default empty
   = rules only): its NER runs over English/mixed paragraphs, ``beside`` the rules (adds
   spans the rules did not cover) or ``instead`` of the rules. Nothing is downloaded.
Rules (3, 4) are not applied to headings: Title Case there is typography, not a name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from pipeline.config import ConfigError
from pipeline.document import Document
from pipeline.ner.buildings import relabel_buildings_en
from pipeline.ner.rules import Candidate  # one candidate type for the Chinese and English rules
from pipeline.ner.spans import navigation_line_spans, soft_breaks
from pipeline.stages.entities_en_orgs import (  # noqa: F401  (LABELS, _initials_match: re-exported)
    LABELS,
    LEGAL_TAIL,
    _head_candidates,
    _initials_match,
    acronym_pairs,
    gazetteer_candidates,
)
from pipeline.stages.entities_en_people import (
    _capitalised_runs,
    _person_candidates,
    _surname_mentions,
    byline_candidates,
)
from pipeline.stages.entities_en_words import _sequences, _strip_leading, lexicon, scan_words  # noqa: F401
from pipeline.stages.language import has_han

PRIORITY = {"byline": 3, "gazetteer": 2, "alias": 2, "rule": 1, "model": 0}


def setting(config: Any, key: str) -> Any:
    """A key of the ``extract`` config section (defaults in resources/config/default.yaml)."""
    return config.get(f"extract.{key}")


def rule_candidates(text: str, doc: Document, skip: list[tuple[int, int]], known: set[str]) -> list[Candidate]:
    """Head-rule and person-rule candidates outside ``skip`` regions (headings)."""
    lex = lexicon()
    words = scan_words(text)
    words_after = {}
    words_before = {}
    for a, b in zip(words, words[1:]):
        gap = text[a.end:b.start]
        if gap.strip(" ,") == "":
            words_after[a.end] = b
            words_before[b.start] = a
    out: list[Candidate] = []
    for seq in _sequences(text, words, lex):
        if any(s <= seq[0].start < e for s, e in skip):
            continue
        stripped, titled = _strip_leading(seq, lex)
        if not stripped:
            continue
        found, leftovers = _head_candidates(stripped, lex)
        out += found
        for part in leftovers:
            for run in _capitalised_runs(part):
                run_stripped, run_titled = _strip_leading(run, lex)
                if run_stripped:
                    out += _person_candidates(run_stripped, titled or run_titled, text, words_after,
                                              words_before, lex, known)
                titled = False
    return out


@lru_cache(maxsize=2)
def load_model(name: str):
    """An installed spaCy pipeline (package name or path); never downloads."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"extract.english_model: spaCy pipeline '{name}' is not installed or not a pipeline folder "
            f"(install the package yourself; nothing is downloaded at run time): {exc}"
        ) from exc


def model_candidates(doc: Document, name: str) -> list[Candidate]:
    nlp = load_model(name)
    regions = []
    for block in doc.blocks:
        if block.language in ("en", "mixed"):
            start, end = doc.to_clean(block.start, block.end)
            if end > start:
                regions.append((start, end))
    out = []
    for (start, end), sdoc in zip(regions, nlp.pipe(doc.text[s:e] for s, e in regions)):
        for ent in sdoc.ents:
            if ent.label_ in LABELS:
                out.append(Candidate(start + ent.start_char, start + ent.end_char, ent.label_, "model"))
    return out


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Longest span first; ties by source priority; no overlaps in the result."""
    candidates = list(candidates)
    chosen: list[Candidate] = []
    taken = bytearray(max((c.end for c in candidates), default=0))
    for cand in sorted(candidates, key=lambda c: (-c.length, -PRIORITY.get(c.source, 0), c.start)):
        if any(taken[cand.start:cand.end]):
            continue
        chosen.append(cand)
        taken[cand.start:cand.end] = b"\x01" * cand.length
    return sorted(chosen, key=lambda c: c.start)


def _occupied(length: int, candidates: Iterable[Candidate]) -> bytearray:
    taken = bytearray(length)
    for cand in candidates:
        taken[cand.start:cand.end] = b"\x01" * cand.length
    return taken


# ---------------------------------------------------------------------------- entry points
def extract_english_entities(doc: Document) -> list[dict]:
    """English entity mentions of ``doc.text``: text, label, start, end (clean offsets), source [, canonical, aliases]."""
    original = doc.text
    if not original or not setting(doc.config, "english_entities"):
        return []
    # A hard-wrapped paragraph is read with a space for each soft line break (same offsets), so a name
    # broken by the layout (Special\nAdministrative Region) is found whole; mentions keep the break.
    text = original
    paragraphs = [doc.to_clean(b.start, b.end) for b in doc.blocks
                  if b.kind == "paragraph" and doc.alignment is not None] or list(doc.sentences)
    for at in soft_breaks(original, paragraphs):
        if original[at - 1].isascii() and original[at + 1].isascii():
            text = text[:at] + " " + text[at + 1:]
    lex = lexicon()
    mode = setting(doc.config, "english_model_mode")
    if mode not in ("beside", "instead"):
        raise ConfigError(f"extract.english_model_mode must be 'beside' or 'instead', got {mode!r}")
    model = str(setting(doc.config, "english_model") or "")
    headings = []
    for block in doc.blocks:
        if block.kind == "heading" and doc.alignment is not None:
            headings.append(doc.to_clean(block.start, block.end))
    byline = byline_candidates(text, doc)
    if model and mode == "instead":
        candidates = byline + model_candidates(doc, model)
        chosen = resolve(candidates)
        return [_mention(original, c) for c in chosen]
    gazetteer = gazetteer_candidates(text, doc)
    known = {text[c.start:c.end] for c in gazetteer}
    rules = rule_candidates(text, doc, headings, known)
    chosen = resolve(byline + gazetteer + rules)
    navigation = navigation_line_spans(text)
    chosen = [_leader_government(text, c, chosen) for c in chosen if not _instrument_modifier(text, c, lex)
              and not any(a <= c.start < b for a, b in navigation)]
    chosen = relabel_buildings_en(text, chosen)  # a building or its body (guidelines §10)
    chosen = _national_bodies(text, chosen)
    for cand in chosen:  # possessive: "Trump's", "Federal Reserve Bank of New York's"
        if text[cand.end - 2:cand.end] in ("'s", "’s") and cand.length > 2:
            cand.end -= 2
    for cand in chosen:
        tail = LEGAL_TAIL.match(text, cand.end) if cand.label == "ORG" else None
        if tail and not any(o is not cand and o.start < tail.end() and cand.end < o.end for o in chosen):
            cand.end = tail.end()
    # Acronym-expansion pairs, then bare repeats of each acronym.
    extra: list[Candidate] = []
    defined: dict[str, Candidate] = {}
    for cand, a_start, a_end in acronym_pairs(text, chosen):
        acronym = text[a_start:a_end]
        expansion = cand.canonical or text[cand.start:cand.end]
        if acronym not in cand.aliases:
            cand.aliases = sorted(set(cand.aliases) | {acronym})
        chosen = [c for c in chosen if not (a_start <= c.start and c.end <= a_end)]
        alias = Candidate(a_start, a_end, cand.label, "alias", expansion, [expansion])
        extra.append(alias)
        defined.setdefault(acronym, alias)
    taken = _occupied(len(text), chosen + extra)
    for acronym, alias in defined.items():
        for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(acronym)}(?![A-Za-z0-9])", text):
            if not any(taken[match.start():match.end()]):
                taken[match.start():match.end()] = b"\x01" * len(acronym)
                extra.append(Candidate(match.start(), match.end(), alias.label, "alias", alias.canonical,
                                       list(alias.aliases)))
    chosen = sorted(chosen + extra, key=lambda c: c.start)
    taken = _occupied(len(text), chosen)
    surname_extra = [c for c in _surname_mentions(text, chosen, lex) if not any(taken[c.start:c.end])]
    chosen = sorted(chosen + surname_extra, key=lambda c: c.start)
    taken = _occupied(len(text), chosen)
    chosen = sorted(chosen + [c for c in _leader_governments(text, chosen) if not any(taken[c.start:c.end])],
                    key=lambda c: c.start)
    if model:
        taken = _occupied(len(text), chosen)
        chosen = sorted(chosen + [c for c in resolve(model_candidates(doc, model)) if not any(taken[c.start:c.end])],
                        key=lambda c: c.start)
    return [_mention(original, c) for c in chosen]


_GOVERNMENT_WORDS = ("Administration", "administration", "Government", "government")


@lru_cache(maxsize=1)
def _leader_surnames() -> frozenset[str]:
    """Last names of the office-holders of the person gazetteers (Donald Trump → Trump)."""
    from pipeline.ner.resources import gazetteer

    return frozenset(e.name_en.split()[-1] for e in gazetteer() if e.label == "PERSON" and e.name_en)


def _leader_government(text: str, cand: Candidate, chosen: list[Candidate]) -> Candidate:
    """"Trump Administration" names the person's government: the mention is the person (guidelines §5:
    a government named after its leader is the leader; 川普政府 → 川普). The leader is an office-holder
    of the gazetteers or a person named in full in the document."""
    words = text[cand.start:cand.end].split(" ")
    if cand.label != "ORG" or len(words) != 2 or words[1] not in _GOVERNMENT_WORDS:
        return cand
    people = {text[c.start:c.end].split()[-1] for c in chosen if c.label == "PERSON"}
    if words[0] in _leader_surnames() or words[0] in people:
        return Candidate(cand.start, cand.start + len(words[0]), "PERSON", "rule")
    return cand


# "the Trump and Lee governments", "the Obama and Xi administrations" (CRS reports, news in English).
_COORDINATED_GOVERNMENTS = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:, ([A-Z][a-z]+))?,? and ([A-Z][a-z]+) (?:governments|Governments|"
    r"administrations|Administrations)\b")


def _leader_governments(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Each leader in "the Trump and Lee governments" is the person (guidelines §5: a government named
    after its leader is the leader), when an office-holder of the gazetteers or a person of the document."""
    people = {part for c in chosen if c.label == "PERSON" for part in text[c.start:c.end].split()}
    out = []
    for m in _COORDINATED_GOVERNMENTS.finditer(text):
        names = [(m.start(i), m.end(i)) for i in (1, 2, 3) if m.group(i)]
        if all(text[a:b] in _leader_surnames() or text[a:b] in people for a, b in names):
            out += [Candidate(a, b, "PERSON", "rule") for a, b in names]
    return out


@lru_cache(maxsize=1)
def _national_body_names() -> frozenset[str]:
    from pipeline.stages.entities_en_words import _lines, english_dir

    return frozenset(_lines(english_dir() / "national_bodies.txt"))


_ORDINAL_BEFORE = re.compile(r"\b\d{1,3}(?:st|nd|rd|th) $")


def _national_bodies(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """"ROK National Assembly" is one ORG (a place opening an organisation's name, guidelines §5);
    "119th Congress" keeps its term."""
    bodies = _national_body_names()
    out: list[Candidate] = []
    for c in chosen:
        if c.label == "ORG" and text[c.start:c.end] in bodies:
            prev = out[-1] if out else None
            if prev is not None and prev.label == "GPE" and text[prev.end:c.start] == " ":
                out[-1] = Candidate(prev.start, c.end, "ORG", "rule", None, c.aliases)
                continue
            m = _ORDINAL_BEFORE.search(text, max(0, c.start - 8), c.start)
            if m:
                c = Candidate(m.start(), c.end, "ORG", c.source, c.canonical, c.aliases)
        out.append(c)
    return out


_NEXT_WORD = re.compile(r"\s+([A-Za-z\-]+)")


@lru_cache(maxsize=1)
def _instrument_words() -> frozenset[str]:
    from pipeline.stages.entities_en_words import _lines, english_dir

    return frozenset(w.lower() for w in _lines(english_dir() / "instrument_words.txt"))


def _instrument_modifier(text: str, cand: Candidate, lex: Any) -> bool:
    """A one-word ORG naming an instrument ("Treasury securities", "Treasury coupon securities")."""
    if cand.label != "ORG" or " " in text[cand.start:cand.end]:
        return False
    nxt = _NEXT_WORD.match(text, cand.end)
    return nxt is not None and nxt.group(1).lower() in _instrument_words()


def _mention(text: str, cand: Candidate) -> dict[str, Any]:
    mention: dict[str, Any] = {"text": text[cand.start:cand.end], "label": cand.label,
                               "start": cand.start, "end": cand.end, "source": cand.source}
    if cand.canonical and cand.canonical != mention["text"]:
        mention["canonical"] = cand.canonical
    if cand.aliases:
        mention["aliases"] = list(cand.aliases)
    return mention


def merge_mentions(chinese: list[dict], english: list[dict], doc: Document) -> list[dict]:
    """One mention list: Chinese mentions lead outside English paragraphs, English ones inside.

    In an English paragraph a Chinese-stage mention survives only if it holds Han characters
    and overlaps no English mention (the character model is not meant for English). Elsewhere
    an English mention is added where it overlaps no Chinese mention, except that it replaces
    shorter Latin-only Chinese mentions it contains.
    """
    english_spans = []
    for block in doc.blocks:
        if block.language == "en" and doc.alignment is not None:
            english_spans.append(doc.to_clean(block.start, block.end))

    def in_english(mention: dict) -> bool:
        return any(s <= mention["start"] < e for s, e in english_spans)

    def overlaps(a: dict, b: dict) -> bool:
        return a["start"] < b["end"] and b["start"] < a["end"]

    kept_english = []
    for mention in english:
        rivals = [c for c in chinese if overlaps(c, mention)]
        if in_english(mention) or all(
            not has_han(c["text"]) and c["start"] >= mention["start"] and c["end"] <= mention["end"]
            and (c["end"] - c["start"]) < (mention["end"] - mention["start"])
            for c in rivals
        ):
            kept_english.append(mention)
    kept_chinese = [c for c in chinese
                    if not any(overlaps(c, e) for e in kept_english)
                    and (has_han(c["text"]) or not in_english(c))]
    return sorted(kept_chinese + kept_english, key=lambda m: (m["start"], m["end"]))
