"""Spans that noise removal must never touch: figures, gazetteer entities, Latin text.

Figures come from ``pipeline.stages.figures.protected_spans`` and gazetteer names from
``pipeline.ner.resources.gazetteer``; both are imported lazily so the clean stage does
not depend on those modules being importable (a small fallback covers figures).
"""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

_FALLBACK_FIGURE = re.compile(
    r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9]+)?\s?"
    r"(?:%|％|‰|[A-Za-z]+|[万亿千百十]*[元吨个年月日号岁倍项家人次台座所件种条篇名位米克度])?"
)
LATIN_RUN = re.compile(r"[A-Za-z]+(?:[\s.\-'&/][A-Za-z]+)*")


def figure_spans(text: str) -> list[tuple[int, int]]:
    try:
        from pipeline.stages.figures import protected_spans
    except ImportError:  # the figures stage is optional for cleaning
        return [m.span() for m in _FALLBACK_FIGURE.finditer(text) if m.end() > m.start()]
    return list(protected_spans(text))


@lru_cache(maxsize=1)
def _gazetteer_automaton() -> ahocorasick.Automaton | None:
    try:
        from pipeline.ner.resources import gazetteer
        names = {entry.name for entry in gazetteer() if len(entry.name) >= 2}
    except Exception:  # noqa: BLE001 - gazetteers are an optional protection source
        return None
    if not names:
        return None
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


def gazetteer_spans(text: str) -> list[tuple[int, int]]:
    automaton = _gazetteer_automaton()
    if automaton is None:
        return []
    return [(end + 1 - length, end + 1) for end, length in automaton.iter(text)]


def latin_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in LATIN_RUN.finditer(text)]


NUMERAL = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两%％]")
NUMERAL_REACH = 6  # a figure touching a span has a numeral within this many characters of it


def protected_spans(text: str, start: int = 0, end: int | None = None, latin: bool = True) -> list[tuple[int, int]]:
    """Sorted, merged spans of ``text`` that removals must not overlap.

    With ``start``/``end`` (the span to be judged), the figure matcher only runs when a
    numeral sits within reach of that span: cheaper, and exact for such a local check.
    """
    end = len(text) if end is None else end
    near = text[max(0, start - NUMERAL_REACH):end + NUMERAL_REACH]
    figures = figure_spans(text) if NUMERAL.search(near) else []
    spans = sorted(figures + gazetteer_spans(text) + (latin_spans(text) if latin else []))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
