"""Per-character feature templates for the CRF.

One definition serves training and tagging: :func:`template_keys` gives, for every template, the key of
each character; training joins them into crfsuite attribute strings ``name=key``, the fast tagger
(:mod:`pipeline.ner.fast`) looks the keys up in per-template weight tables without building strings.
Word features come from the segmenter (B/M/E/S position of the character in its word, the word's POS
and text), so the model sees jieba's view of the text without depending on jieba's boundaries.
"""

from __future__ import annotations

from typing import Iterable, Sequence

FEATURES_VERSION = "v2"

# Characters that end organisation / place names: a cheap, data-free hint for the CRF.
_ORG_END = set("司学院部局会所行厂队委办处校社馆团室台心署厅盟组")
_LOC_END = set("省市县区镇乡村州国洲岛山河湖江路街道海湾")
_END_CLASS = {**{c: "O" for c in _ORG_END}, **{c: "L" for c in _LOC_END}}
_PAD_L, _PAD_R = "\x02", "\x03"


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L" if ch.islower() else "U"
    if ch.isspace():
        return "S"
    if ch in (_PAD_L, _PAD_R):
        return "B"
    return "P"


def word_positions(
    text: str, words: Iterable[tuple[int, int, str]]
) -> tuple[list[str], list[str], list[str]]:
    """B/M/E/S position, POS and text of the word covering each character (``words``: start, end, pos)."""
    n = len(text)
    bmes = ["S"] * n
    pos = ["x"] * n
    wtext = [""] * n
    for start, end, tag in words:
        start, end = max(0, start), min(n, end)
        if end <= start:
            continue
        word = text[start:end] if end - start <= 6 else "~long"
        if end - start == 1:
            bmes[start] = "S"
        else:
            bmes[start] = "B"
            for i in range(start + 1, end - 1):
                bmes[i] = "M"
            bmes[end - 1] = "E"
        for i in range(start, end):
            pos[i] = tag or "x"
            wtext[i] = word
    return bmes, pos, wtext


def template_keys(text: str, bmes: Sequence[str], pos: Sequence[str], wtext: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(template name, per-character keys) for every template."""
    n = len(text)
    p = _PAD_L * 2 + text + _PAD_R * 2
    c_2, c_1, c0, c1, c2 = p[0:n], p[1:n + 1], p[2:n + 2], p[3:n + 3], p[4:n + 4]
    kinds = [_kind(c) for c in p[1:n + 3]]
    kind3 = [a + b + c for a, b, c in zip(kinds, kinds[1:], kinds[2:])]
    ends = [_END_CLASS.get(c, "-") for c in p[2:n + 3]]
    pos_prev = ["^"] + list(pos[:-1])
    pos_next = list(pos[1:]) + ["$"]
    return [
        ("c", list(c0)),
        ("c-1", list(c_1)),
        ("c+1", list(c1)),
        ("c-2", list(c_2)),
        ("c+2", list(c2)),
        ("b-1", [a + b for a, b in zip(c_1, c0)]),
        ("b+1", [a + b for a, b in zip(c0, c1)]),
        ("b-2", [a + b for a, b in zip(c_2, c_1)]),
        ("b+2", [a + b for a, b in zip(c1, c2)]),
        ("t", [a + b + c for a, b, c in zip(c_1, c0, c1)]),
        ("k", kind3),
        ("w", [a + b for a, b in zip(bmes, pos)]),
        ("wc", [a + b for a, b in zip(bmes, c0)]),
        ("p-1", [a + "|" + b for a, b in zip(pos_prev, pos)]),
        ("p+1", [a + "|" + b for a, b in zip(pos, pos_next)]),
        ("e", [a + b for a, b in zip(ends, ends[1:])]),
        ("W", [b + w for b, w in zip(bmes, wtext)]),
    ]


def char_features(text: str, words: Iterable[tuple[int, int, str]]) -> list[list[str]]:
    """crfsuite attribute strings for every character of ``text`` (one sentence)."""
    bmes, pos, wtext = word_positions(text, words)
    keys = template_keys(text, bmes, pos, wtext)
    names = [name + "=" for name, _ in keys]
    columns = [k for _, k in keys]
    return [[name + col[i] for name, col in zip(names, columns)] for i in range(len(text))]
