"""Language and script identification, per document and per paragraph.

Language is read from the letters themselves: the share of Han characters against
Latin words decides zh / en / mixed. It needs only the original text, so it can run
right after ingest and every later stage can choose its tools per paragraph (English
tokenizer, English entity rules). Script compares the input with its OpenCC conversion:
characters that t2s changes are Traditional; a text t2s leaves alone is Simplified.
"""

from __future__ import annotations

import re

from pipeline.document import Document

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z\u00c0-\u024f]+)*")
# One English word weighs about as much as 1.5 Chinese characters of content.
WORD_WEIGHT = 1.5
EN_THRESHOLD = 0.8  # English share at or above: "en"
ZH_THRESHOLD = 0.2  # English share at or below: "zh"; between: "mixed"
SCRIPT_TRADITIONAL_SHARE = 0.05  # share of Han characters t2s changes above which a text is Traditional


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def english_share(text: str) -> float | None:
    """Weighted share of Latin words among Han characters + Latin words; None without letters."""
    han = len(HAN.findall(text))
    latin_words = len(LATIN_WORD.findall(text))
    if han == 0 and latin_words == 0:
        return None
    return WORD_WEIGHT * latin_words / (han + WORD_WEIGHT * latin_words)


def detect_language(text: str) -> str | None:
    """``zh``, ``en`` or ``mixed``; None for text with neither Han nor Latin letters."""
    share = english_share(text)
    if share is None:
        return None
    if share >= EN_THRESHOLD:
        return "en"
    if share <= ZH_THRESHOLD:
        return "zh"
    return "mixed"


def detect_script(original: str, simplified: str) -> str | None:
    """``traditional``, ``simplified`` or ``mixed`` from how many characters t2s changed.

    None when the text has no Han characters (an English text has no Chinese script).
    """
    han = len(HAN.findall(original))
    if han == 0:
        return None
    traditional = sum(1 for a, b in zip(original, simplified) if a != b)
    if traditional == 0:
        return "simplified"
    if traditional / han >= SCRIPT_TRADITIONAL_SHARE:
        return "traditional"
    return "mixed"


def document_language(doc: Document) -> str | None:
    """The document's language from its paragraphs' letters, headings and credits included."""
    return detect_language(doc.text_original)


def annotate_languages(doc: Document) -> None:
    """Set ``source.language`` and each block's language (and ``source.script`` once converted).

    Idempotent: run it first (the stages read ``block.language``) and again at the end.
    Blocks may also carry a ``script`` attribute (when ``Block`` has that field): it is
    filled per block the same way as the document's.
    """
    for block in doc.blocks:
        block.language = detect_language(doc.text_original[block.start:block.end])
    doc.source["language"] = document_language(doc)
    if doc.text_simplified and len(doc.text_simplified) == len(doc.text_original):
        doc.source["script"] = detect_script(doc.text_original, doc.text_simplified)
        for block in doc.blocks:
            if hasattr(block, "script"):
                block.script = detect_script(doc.text_original[block.start:block.end],
                                             doc.text_simplified[block.start:block.end])
    elif doc.text_simplified and doc.convert_alignment is not None:
        doc.source["script"] = detect_script(doc.text_original, _aligned_simplified(doc))


def _aligned_simplified(doc: Document) -> str:
    """The simplified text cut back to original positions (only when conversion changed lengths)."""
    out = []
    for i in range(len(doc.text_original)):
        s, e = doc.convert_alignment.src_to_dst(i, i + 1)
        out.append(doc.text_simplified[s:e] if e - s == 1 else doc.text_original[i])
    return "".join(out)


def english_regions(doc: Document, clean: bool = True) -> list[tuple[int, int]]:
    """Spans of the English blocks (clean offsets by default, else original offsets)."""
    regions = []
    for block in doc.blocks:
        if block.language != "en":
            continue
        span = doc.to_clean(block.start, block.end) if clean else (block.start, block.end)
        if span[1] > span[0]:
            regions.append(span)
    return regions
