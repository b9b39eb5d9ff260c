"""English entities: gazetteers and rules over Latin text, optionally an installed spaCy model.

Same mention format and labels as the Chinese stage (text, label, start, end in clean
offsets, source, optional canonical / aliases). Runs over the whole clean text: the rules
only fire on Latin words, so in a Chinese report they find the English names inside it.
All vocabulary lives in ``pipeline/resources/english/`` (heads, titles, stoplists, given
names, pinyin surnames, place / organisation / NORP gazetteers) and in the bilingual
glossary (see :mod:`pipeline.stages.glossary`).

Candidates, longest first, ties by source (byline > gazetteer = alias > rule > model):
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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from pipeline.config import RESOURCES_DIR, ConfigError
from pipeline.document import Document
from pipeline.ner.rules import Candidate  # one candidate type for the Chinese and English rules
from pipeline.stages.glossary import index_for
from pipeline.stages.language import has_han

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
PRIORITY = {"byline": 3, "gazetteer": 2, "alias": 2, "rule": 1, "model": 0}
# A word: letters/digits with inner - ' ’ & . (Yat-sen, O'Neil, R&D, U.S.), an optional final period.
WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f'’&.\-]*[A-Za-z0-9\u00c0-\u024f])?\.?")
SENTENCE_BREAK = set(".!?。！？；;:：\n\"“”")
CONNECTORS_SPLIT = ("of", "for")
# Legal-form tail after an organisation name: "Huawei Technologies Co., Ltd.", "Acme, Inc."
LEGAL_TAIL = re.compile(r"(?:,?\s(?:Co\.,?\s)?(?:Ltd|Inc|LLC|PLC|Corp|GmbH|Co)\b\.?)+")


def setting(config: Any, key: str) -> Any:
    """A key of the ``extract`` config section (defaults in resources/config/default.yaml)."""
    return config.get(f"extract.{key}")


# ---------------------------------------------------------------------------- resources
def english_dir() -> Path:
    return RESOURCES_DIR / "english"


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]
    connectors: frozenset[str]
    common: frozenset[str]  # lower-case
    generic: frozenset[str]  # lower-case
    titles: frozenset[str]  # lower-case, no final period
    speech: frozenset[str]
    given: frozenset[str]
    surnames: frozenset[str]


@lru_cache(maxsize=4)
def lexicon(directory: str | None = None) -> Lexicon:
    base = Path(directory) if directory else english_dir()
    heads = {}
    for line in _lines(base / "heads.tsv"):
        head, label = line.split("\t")[:2]
        heads[head.strip()] = label.strip()
    return Lexicon(
        heads=heads,
        connectors=frozenset(_lines(base / "connectors.txt")),
        common=frozenset(w.lower() for w in _lines(base / "common_words.txt")),
        generic=frozenset(w.lower() for w in _lines(base / "generic_words.txt")),
        titles=frozenset(w.lower().rstrip(".") for w in _lines(base / "titles.txt")),
        speech=frozenset(w.lower() for w in _lines(base / "speech_verbs.txt")),
        given=frozenset(_lines(base / "given_names.txt")),
        surnames=frozenset(w for line in _lines(base / "pinyin_surnames.txt") for w in line.split()),
    )


PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                   r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu"
                   r"|ua|uo|ui|ue|er|a|o|e|i|u|v)")
PINYIN_GIVEN = re.compile(rf"(?:{PINYIN_SYLLABLE})(?:[-']?(?:{PINYIN_SYLLABLE})){{0,2}}", re.IGNORECASE)


MIDDLE_INITIAL = re.compile(r"[A-Z]\.")
HYPHEN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[A-Za-z][a-z]{1,5}")


def is_pinyin_given(word: str) -> bool:
    """A pinyin given name of one to three syllables (Weihua, Can, Qing-li)."""
    return len(word) >= 2 and word[0].isupper() and PINYIN_GIVEN.fullmatch(word) is not None


@lru_cache(maxsize=8)
def _gazetteer_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # A first-character class up front lets the regex engine skip Chinese text fast (~10x here).
    first = "".join(sorted({re.escape(n[0]) for n in names if n}))
    return re.compile(rf"(?=[{first}])(?<![A-Za-z0-9\u00c0-\u024f])(?:{alternation})(?![A-Za-z0-9\u00c0-\u024f$])")


# ---------------------------------------------------------------------------- scanning
@dataclass
class Word:
    text: str
    start: int
    end: int
    sentence_initial: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def bare(self) -> str:
        return self.text.rstrip(".") if self.text.count(".") == 1 else self.text


def scan_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Latin words of ``text[start:end]``; a final period stays only on abbreviations and initials."""
    end = len(text) if end is None else end
    words: list[Word] = []
    for match in WORD.finditer(text, start, end):
        s, e = match.span()
        token = match.group()
        if token.endswith(".") and not _keeps_period(token):
            token, e = token[:-1], e - 1
        if not token:
            continue
        words.append(Word(token, s, e, _sentence_initial(text, s)))
    return words


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pipeline.stages.segment import english_abbreviations

    heads = {h for h in lexicon().heads if h.endswith(".")}
    return english_abbreviations() | heads


def _keeps_period(token: str) -> bool:
    """Dr., Inc., U.S., J. keep their period; a sentence's last word gives it back."""
    if len(token) == 2 and token[0].isupper():
        return True
    if token.count(".") >= 2 and all(len(p) <= 2 for p in token.rstrip(".").split(".")):
        return True
    return token in _abbreviations()


def _sentence_initial(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t\"“'‘(（":
        i -= 1
    return i < 0 or text[i] in SENTENCE_BREAK


def _sequences(text: str, words: list[Word], lex: Lexicon) -> list[list[Word]]:
    """Maximal capitalised sequences: words joined by one space, lower-case connectors inside."""
    sequences: list[list[Word]] = []
    current: list[Word] = []

    def close() -> None:
        while current and not current[-1].capitalised:
            current.pop()
        if current:
            sequences.append(list(current))
        current.clear()

    for word in words:
        joined = bool(current) and text[current[-1].end:word.start] == " "
        if word.capitalised:
            if not joined:
                close()
            current.append(word)
        elif joined and word.text in lex.connectors and current[-1].capitalised or (
                joined and word.text == "the" and current[-1].text in CONNECTORS_SPLIT):
            current.append(word)
        else:
            close()
    close()
    return sequences


def _strip_leading(seq: list[Word], lex: Lexicon) -> tuple[list[Word], bool]:
    """Drop sentence-initial common words, titles and dangling connectors; report a title cue."""
    titled = False
    i = 0
    while i < len(seq):
        word = seq[i]
        low = word.bare.lower()
        if not word.capitalised:
            i += 1
            continue
        if low in lex.titles:
            titled = True
            i += 1
            continue
        if (word.sentence_initial or i > 0) and low in lex.common:
            i += 1
            continue
        break
    rest = seq[i:]
    while rest and not rest[0].capitalised:
        rest = rest[1:]
    return rest, titled


def _head_label(words: list[Word], lex: Lexicon) -> str | None:
    labels = [lex.heads[w.text] for w in words if w.text in lex.heads]
    return labels[-1] if labels else None


@lru_cache(maxsize=1)
def _nonname_tails() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines(english_dir() / "nonname_tails.txt"))


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
    if label is None:
        return [], [seq]
    if first[-1].text.lower() in _nonname_tails() and first[-1].text not in lex.heads:
        return [], []  # "Community Bank Leverage Ratio": a measure named after a bank, no ORG
    names = [w for w in seq if w.capitalised]
    if len(names) < 2 or all(w.text in lex.heads for w in names):
        return [], []
    return [Candidate(seq[0].start, seq[-1].end, label, "rule")], []


def _person_candidates(part: list[Word], titled: bool, text: str, words_after: dict[int, Word],
                       words_before: dict[int, Word], lex: Lexicon, known: set[str]) -> list[Candidate]:
    """2–3 capitalised name words with a cue (title, speech verb, given name, pinyin name)."""
    names = [w for w in part if w.capitalised]
    if len(names) != len(part) or not (1 if titled else 2) <= len(names) <= 3:
        return []  # one word only after a title (President Trump, Governor Bowman)
    for w in names:
        low = w.bare.lower()
        if (low in lex.common or low in lex.generic or w.text in lex.heads or w.text in known
                or (w.text.isupper() and len(w.text) > 1 and not MIDDLE_INITIAL.fullmatch(w.text))
                or any(ch.isdigit() for ch in w.text)):
            return []
    first, last = names[0], names[-1]
    if len(names) > 1 and MIDDLE_INITIAL.fullmatch(last.text):
        return []  # "Scott, Andrew P.": an inverted author name is the byline's business, not a run
    cue = titled
    cue = cue or first.text in lex.given
    cue = cue or (first.text in lex.surnames and all(is_pinyin_given(w.text) for w in names[1:]))
    cue = cue or (last.text in lex.surnames and all(is_pinyin_given(w.text) for w in names[:-1]))
    after = words_after.get(last.end)
    before = words_before.get(first.start)
    # Name forms: a middle initial (Jerome H. Powell, Saif M. Khan) in rosters and bylines; a hyphenated
    # romanised given name with a surname (Chin-Long Yang, Yang Chin-Long; Taiwan / Hong Kong usage).
    cue = cue or (len(names) == 3 and MIDDLE_INITIAL.fullmatch(names[1].text) is not None)
    cue = cue or (len(names) == 2 and ((HYPHEN_GIVEN.fullmatch(first.text) is not None and last.text in lex.surnames)
                                       or (HYPHEN_GIVEN.fullmatch(last.text) is not None and first.text in lex.surnames)))
    cue = cue or (after is not None and after.text.lower() in lex.speech)
    cue = cue or (before is not None and before.text.lower() in lex.speech)
    if not cue:
        return []
    return [Candidate(first.start, last.end, "PERSON", "rule")]


# ---------------------------------------------------------------------------- candidates
def gazetteer_candidates(text: str, doc: Document) -> list[Candidate]:
    index = index_for(doc.config)
    pattern = _gazetteer_pattern(tuple(index.english))
    if pattern is None:
        return []
    out = []
    for match in pattern.finditer(text):
        entry = index.english[match.group()]
        if entry.label not in LABELS:
            continue
        canonical = entry.canonical if entry.canonical != entry.name else None
        aliases = [entry.canonical] if canonical else []
        out.append(Candidate(match.start(), match.end(), entry.label, "gazetteer", canonical, aliases))
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


def _capitalised_runs(part: list[Word]) -> list[list[Word]]:
    """"Jane Doe and Wang Weihua" → [Jane Doe], [Wang Weihua]: connectors separate people."""
    runs: list[list[Word]] = [[]]
    for word in part:
        if word.capitalised:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def byline_candidates(text: str, doc: Document) -> list[Candidate]:
    """Every occurrence of a Latin byline name (metadata authors, editor) is a PERSON."""
    names = set()
    metadata = doc.metadata or {}
    for author in metadata.get("authors") or []:
        if isinstance(author, dict) and author.get("name") and not has_han(author["name"]):
            names.add(author["name"])
    for editor in metadata.get("editor") or []:
        if isinstance(editor, dict) and editor.get("name") and not has_han(editor["name"]):
            names.add(editor["name"])
    out = []
    for name in names:
        if len(name.split()) < 2:
            continue
        for match in re.finditer(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text):
            out.append(Candidate(match.start(), match.end(), "PERSON", "byline"))
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


def _surname_mentions(text: str, chosen: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """After "Jane Doe" (or "Wang Weihua"), a bare "Doe" ("Wang") is the same person."""
    out = []
    surnames: dict[str, tuple[int, str]] = {}
    for cand in chosen:
        if cand.label != "PERSON":
            continue
        parts = text[cand.start:cand.end].split()
        if len(parts) < 2:
            continue
        surname = parts[0] if parts[0] in lex.surnames else parts[-1]
        surnames.setdefault(surname, (cand.end, text[cand.start:cand.end]))
    for surname, (after, full) in surnames.items():
        for match in re.finditer(rf"(?<![A-Za-z\-']){re.escape(surname)}(?![A-Za-z\-'])", text):
            if match.start() >= after:
                out.append(Candidate(match.start(), match.end(), "PERSON", "rule", full, [full]))
    return out


# ---------------------------------------------------------------------------- entry points
def extract_english_entities(doc: Document) -> list[dict]:
    """English entity mentions of ``doc.text``: text, label, start, end (clean offsets), source [, canonical, aliases]."""
    text = doc.text
    if not text or not setting(doc.config, "english_entities"):
        return []
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
        return [_mention(text, c) for c in chosen]
    gazetteer = gazetteer_candidates(text, doc)
    known = {text[c.start:c.end] for c in gazetteer}
    rules = rule_candidates(text, doc, headings, known)
    chosen = resolve(byline + gazetteer + rules)
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
    if model:
        taken = _occupied(len(text), chosen)
        chosen = sorted(chosen + [c for c in resolve(model_candidates(doc, model)) if not any(taken[c.start:c.end])],
                        key=lambda c: c.start)
    return [_mention(text, c) for c in chosen]


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
