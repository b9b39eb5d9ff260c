"""Language and script identification, per document and per paragraph.

Language is read from the letters themselves: the share of Han characters against
Latin words decides zh / en / mixed. Script compares the input with its OpenCC
conversion: characters that t2s changes are Traditional; Simplified-only characters
are those that the reverse conversion would change.
"""

from __future__ import annotations

import re

from pipeline.document import Document

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def detect_language(text: str) -> str | None:
    """``zh``, ``en`` or ``mixed``; None for text with neither Han nor Latin letters."""
    han = len(HAN.findall(text))
    latin_words = len(LATIN_WORD.findall(text))
    if han == 0 and latin_words == 0:
        return None
    # One English word weighs about as much as 1.5 Chinese characters of content.
    english_share = 1.5 * latin_words / (han + 1.5 * latin_words)
    if english_share >= 0.8:
        return "en"
    if english_share <= 0.2:
        return "zh"
    return "mixed"


def detect_script(original: str, simplified: str) -> str | None:
    """``traditional``, ``simplified`` or ``mixed`` from how many characters t2s changed."""
    traditional = sum(1 for a, b in zip(original, simplified) if a != b)
    han = len(HAN.findall(original))
    if han == 0:
        return None
    if traditional == 0:
        return "simplified"
    if traditional / han >= 0.05:
        return "traditional"
    return "mixed"


def annotate_languages(doc: Document) -> None:
    """Set ``source.language`` and each block's language."""
    for block in doc.blocks:
        block.language = detect_language(doc.text_original[block.start:block.end])
    doc.source["language"] = detect_language(doc.text_original)
