"""Evidence for a model PERSON span: a name needs more than the CRF's word.

A model span is accepted as a person when it has the form of a name — a common surname and a one- or
two-character given name (王伟, 钱其琛), or a transliteration (克林顿) — and is not a common word shaped
like a name (周密, 叶子, 高峰: ``name_shaped_common.txt``, built from jieba's dictionary and the NER
training counts). Listed common words, and two-character spans that a dictionary lists as a word
(``name_shaped_words.txt``: jieba's dictionary, THUOCL's technical, legal and financial terms — 林权, 哈希),
also need a context cue next to them: a
title or role (市长王伟, 王伟教授), a verb of saying (王伟说), or another person in the same list
(王伟、李明) — at this occurrence or at another occurrence of the same name in the document (one name,
one referent: 漫画家丁聪 early on makes every later 丁聪 a name). A foreign name with a middle dot made
of transliteration characters (托·怀塔克) is a name by form. Gazetteer persons and byline names never come here (they are not model spans).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Sequence

from pipeline.ner.resources import word_list
from pipeline.ner.rules import looks_like_person

_LIST_SEP = "、，, 和与及／/"  # ／: doubles pairs in sports results (葛菲／顾俊)
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_DOT = re.compile(r"[·•・]")


@lru_cache(maxsize=1)
def _translit_table() -> frozenset[str]:
    return frozenset("".join(word_list("transliteration_chars.txt")))


@lru_cache(maxsize=1)
def _cues() -> tuple[str, ...]:
    return tuple(sorted(word_list("person_cues.txt"), key=len, reverse=True))


def is_transliteration(name: str) -> bool:
    """Three or more characters, all from the transliteration table (克林顿, 奥尔布赖特)."""
    table = _translit_table()
    return len(name) >= 3 and bool(_HAN.match(name)) and all(c in table for c in name)


def foreign_name_form(name: str) -> bool:
    """A transliterated name with a rarer character inside (基里延科, 罗森施廷格尔, 米夏勒克: Xinhua news,
    Taiwan and Hong Kong releases after t2s): three or more Han characters, the first and last from the
    table and at least three in four of them."""
    table = _translit_table()
    return (len(name) >= 3 and bool(_HAN.match(name)) and name[0] in table and name[-1] in table
            and sum(c in table for c in name) >= 0.75 * len(name))


def japanese_name_form(name: str) -> bool:
    """A listed Japanese surname and a given name, three or four Han characters in all (中岛宏, 伊奈恭子,
    片山和之: mainland news and Taiwan / HK releases after t2s)."""
    if not (3 <= len(name) <= 4 and _HAN.match(name)):
        return False
    surnames = word_list("japanese_surnames.txt")
    return name[:2] in surnames or (len(name) == 4 and name[:3] in surnames)


def has_cue(text: str, start: int, end: int, person_spans: Sequence[tuple[int, int]] = ()) -> bool:
    """A title / role right before or after, a verb of saying right after, or a neighbouring person in a list."""
    cues = _cues()
    before = text[max(0, start - 5):start]
    after = text[end:end + 5]
    if any(before.endswith(c) or after.startswith(c) for c in cues):
        return True
    for s, e in person_spans:
        if (e < start and start - e <= 1 and text[e:start] in _LIST_SEP) or (
                s > end and s - end <= 1 and text[end:s] in _LIST_SEP):
            return True
    return False


def is_dotted_transliteration(name: str, places: frozenset[str] = frozenset()) -> bool:
    """A foreign name written with a middle dot (托·怀塔克, 彼得·汉默): every part Han, at least 70 % of the
    characters from the transliteration table, no part a known place (中国·深圳)."""
    parts = _DOT.split(name)
    if len(parts) < 2 or not all(p and _HAN.match(p) for p in parts) or any(p in places for p in parts):
        return False
    han = "".join(parts)
    table = _translit_table()
    return sum(c in table for c in han) >= 0.7 * len(han)


def cued_elsewhere(text: str, name: str, person_spans: Sequence[tuple[int, int]] = ()) -> bool:
    """One name, one referent per document: some occurrence of ``name`` has a cue (漫画家丁聪 … 丁聪说)."""
    at = text.find(name)
    while at >= 0:
        if has_cue(text, at, at + len(name), person_spans):
            return True
        at = text.find(name, at + len(name))
    return False


def person_evidence(text: str, start: int, end: int, person_spans: Sequence[tuple[int, int]] = (),
                    places: frozenset[str] = frozenset(), discourse: Callable[[str], bool] | None = None,
                    segmenter_name: bool = True, segmenter_proper: bool = False) -> bool:
    """Is the model span text[start:end] a person by form, frequency and context (module docstring)?
    A known place name (元朗, 秦皇岛) is never a person. ``discourse(name)``: the cue may stand at another
    occurrence of the same name in the document (:func:`cued_elsewhere`, memoised by the caller).
    ``segmenter_name``: the segmenter read the span as one word tagged as a name (nr); an unlisted
    two-character name needs that or a cue. ``segmenter_proper``: every word of the span is tagged as a
    proper name (nr, ns, nz): then two transliteration characters in three make a foreign name (塞迪略,
    理查森, 扎瓦尔津)."""
    name = text[start:end]
    if name in places:
        return False
    if is_dotted_transliteration(name, places):
        return True
    short_foreign = len(name) == 2 and bool(_HAN.match(name)) and all(c in _translit_table() for c in name)
    loose_foreign = (segmenter_proper and len(name) >= 3 and bool(_HAN.match(name))
                     and sum(c in _translit_table() for c in name) >= 2 * len(name) / 3)
    if not (looks_like_person(name) or foreign_name_form(name) or short_foreign or loose_foreign
            or japanese_name_form(name)):
        return False
    if name in word_list("name_shaped_common.txt") or (
            len(name) == 2 and (not segmenter_name or name in word_list("name_shaped_words.txt")
                                or not looks_like_person(name))):
        return has_cue(text, start, end, person_spans) or (discourse is not None and discourse(name))
    return True
