"""Strong evidence that a listed word was injected: its removal rejoins a number or an acronym.

An insertion at a random character position lands inside a word about half the time; inside a
Chinese word the ``fusion`` evidence (features.py) sees it, but numbers and Latin letters are
boundary characters there, so an insertion that splits a figure (１[交流]９年来, ５[交流]月２６日,
７５[交流]％) or an upper-case acronym (Ｎ[讲座]ＢＡ, ＶＣ[讲座]Ｄ) was judged on sentence
evidence alone. Real text never puts a word between a digit and the next digit or its measure
word (数词 + 量词), nor inside an acronym: a removal that rejoins them is as strong as fusion.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.config import RESOURCES_DIR

UNITS_FILE = RESOURCES_DIR / "noise" / "number_units.txt"


@lru_cache(maxsize=1)
def number_units() -> frozenset[str]:
    """Characters that follow a number directly (resources/noise/number_units.txt)."""
    lines = UNITS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"  # ASCII, full-width and other decimal digits


def _upper_latin(char: str) -> bool:
    """An upper-case Latin letter, ASCII or full-width (Ｎ)."""
    return char.isupper() and unicodedata.name(char, "").startswith(("LATIN CAPITAL", "FULLWIDTH LATIN CAPITAL"))


def rejoins(text: str, start: int, end: int) -> str | None:
    """``"number"`` or ``"acronym"`` when removing ``text[start:end]`` rejoins one, else None."""
    if start == 0 or end >= len(text):
        return None
    left, right = text[start - 1], text[end]
    token = text[start:end]
    if _digit(token[0]) or token[0].isascii():
        return None  # a token that is itself a figure or Latin: not this question
    if _digit(left) and (_digit(right) or right in number_units()):
        return "number"
    if _upper_latin(left) and _upper_latin(right):
        return "acronym"
    return None
