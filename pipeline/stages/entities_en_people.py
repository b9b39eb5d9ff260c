"""English entities, part 3: people — bylines and rosters (authors, editors, lists of officials with
middle initials or hyphenated romanised given names), the person rule with its cues (title, speech verb,
given name, pinyin name) and later bare surnames of a person found in full."""

from __future__ import annotations

import re

from pipeline.document import Document
from pipeline.ner.rules import Candidate
from pipeline.stages.entities_en_words import (
    HYPHEN_GIVEN,
    MIDDLE_INITIAL,
    Lexicon,
    Word,
    is_pinyin_given,
)
from pipeline.stages.language import has_han


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
    # "elected Lee Jae Myung as president": an office verb before and "as" after
    cue = cue or (before is not None and before.text.lower() in lex.office and after is not None
                  and after.text == "as")
    if not cue:
        return []
    return [Candidate(first.start, last.end, "PERSON", "rule")]


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
        # "Lee's government": the possessive keeps the bare surname a mention (the span without 's)
        for match in re.finditer(rf"(?<![A-Za-z\-']){re.escape(surname)}(?=['’]s(?![A-Za-z])|(?![A-Za-z\-'’]))", text):
            if match.start() >= after:
                out.append(Candidate(match.start(), match.end(), "PERSON", "rule", full, [full]))
    return out
