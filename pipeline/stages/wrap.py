"""Paragraphs out of hard-wrapped text (PDF and e-mail exports): which lines continue the line before.

A PDF export of a Legco Hansard page, a Chinese paper or an HKSAR report breaks every paragraph
at the page width; a line there is not a unit of meaning, and a short last line of a paragraph
or a line broken before a long word looks like a heading. This module only *reads* the lines:
``text_original`` stays the input as decoded, blocks keep their offsets, and the answer is the
set of line indices that belong to the same paragraph as the line before them.

A document is hard-wrapped when many of its lines end near one common width (display columns,
a CJK character counting two). There, a line continues the previous one when the previous one
ends near that width, or ends mid-sentence (a hyphen, a comma, a function word) and this one
starts in lower case. Documents with one paragraph per line (web pages, scraped text) have no
common width and no continuations.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config import RESOURCES_DIR

SENTENCE_END = "。！？!?；;…：:」』”\"'）)"
MIN_LINES = 12           # fewer lines: no evidence of a page width
NEAR_WIDTH = 0.8         # a line this close to the common width was broken by the layout
SHARE_AT_WIDTH = 0.3     # share of long lines that must end near the width for a hard-wrapped text
# East Asian Width W and F: CJK radicals to Hangul, compatibility ideographs, full-width forms, astral CJK.
WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                  "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")
MAX_WRAP_WIDTH = 200
# A line ending on an abbreviation ("U.S.", "Mr.", "e.g.") may go on; on another full stop the sentence ended.
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|No|Nos|Vol|pp|p|e\.g|i\.e|vs|Inc|Co|Corp|Jr|Sr|St|Gov|Sen|Rep|Prof|Fig|Sec|Art)\.)$")     # page widths (columns); longer lines are whole paragraphs


def display_width(line: str) -> int:
    """Columns a line takes: wide (CJK, full-width) characters count two (East Asian Width W/F ranges)."""
    return len(line) + len(WIDE.findall(line))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English words a sentence never ends on (articles, prepositions, conjunctions)."""
    path = RESOURCES_DIR / "ingest" / "function_words.txt"
    with open(path, encoding="utf-8") as handle:
        return frozenset(w.strip().lower() for w in handle if w.strip() and not w.startswith("#"))


def wrap_width(lines: list[str]) -> int | None:
    """The common width at which the text was hard-wrapped, or None when it was not."""
    widths = [display_width(line.rstrip()) for line in lines if line.strip()]
    if len(widths) < MIN_LINES:
        return None
    ordered = sorted(widths)
    width = ordered[int(len(ordered) * 0.9)]
    if width > MAX_WRAP_WIDTH or width < 20:
        return None
    long_lines = [w for w in widths if w >= width * 0.5]
    near = [w for w in long_lines if width * NEAR_WIDTH <= w <= width * 1.1]
    return width if long_lines and len(near) >= SHARE_AT_WIDTH * len(long_lines) and len(near) >= 5 else None


def _title_case(line: str) -> bool:
    """Every word longer than three letters capitalised, no punctuation inside: an English heading's shape."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
    long_words = [w for w in words if len(w) > 3]
    return (len(long_words) >= 2 and all(w[0].isupper() for w in long_words)
            and not re.search(r"[,.;:!?]", line.strip()[:-1]) and not re.search(r"[\u4e00-\u9fff]", line))


def _bracket_mid_sentence(line: str) -> bool:
    """A closing bracket that ends a citation, not a sentence: 第 8(1) / (第 208A章 ) / (“6號地盤”) at the width
    of a Legco or HKSAR report page go on in the next line; "…。）" and "….)" end one."""
    return line[-1] in ")）" and len(line) >= 2 and line[-2] not in "。！？!?.…"


def continuations(lines: list[str]) -> set[int]:
    """Indices of lines that continue the paragraph of the line before (blank lines end paragraphs)."""
    width = wrap_width(lines)
    found: set[int] = set()
    words = function_words()
    if width is None:
        # no common width (a short page): only the surest sign, an English sentence going on in lower case
        # after a line that ends mid-sentence ("… since March 2020 to" / "respond to the economic effects")
        for index in range(1, len(lines)):
            previous, current = lines[index - 1].strip(), lines[index].strip()
            if (previous and current and current[0].islower() and current[0].isascii()
                    and previous[-1] not in "。！？!?；;….:：" and len(previous) >= 40):
                found.add(index)
        return found
    for index in range(1, len(lines)):
        previous, current = lines[index - 1].rstrip(), lines[index].strip()
        if not previous.strip() or not current:
            continue
        last = previous.strip()[-1]
        if last in SENTENCE_END and not _bracket_mid_sentence(previous.strip()):
            continue
        if last == "." and not ABBREVIATION_END.search(previous) and (current[0].isupper() or current[0].isdigit()):
            continue  # an English sentence ended, the next line starts a new one (or a numbered heading)
        before = lines[index - 2].strip() if index >= 2 else ""
        if (index - 1 not in found and _title_case(previous) and (current[0].isupper() or current[0].isdigit())
                and previous.split()[-1] not in words and (not before or before[-1] in SENTENCE_END + ".")):
            continue  # a long English heading that reaches the width ("Developments in Financial Markets and …")
        tail = previous.split()[-1] if previous.split() else ""
        # a function word ends a wrapped line in lower case ("of", "the"); "文献标识码 A" ends on a capital
        tail = tail if tail.islower() else ""
        if (display_width(previous) >= width * NEAR_WIDTH or last in "-‐,，、"
                or (current[0].islower() and (tail in words or last.isalpha()))
                or tail in words):
            found.add(index)
    return found
