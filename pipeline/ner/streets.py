"""Streets, roads and housing estates as FAC (guidelines §10), found by their bounds, not a gazetteer.

Hong Kong Hansard and planning papers name streets in lists and between places (位於深水埗深旺道、興華街西、
東京街西與西九龍公路之間, 元朗福康街), estates by 邨 (重建華富邨); mainland and Taiwan text likewise
(沿着中山路向南, 王府井大街和长安街交界, 忠孝東路四段). Street names are not in any list the stage has
and their prefixes carry no anchor for the head rule, while prose is full of words ending in 道/路/街
(渠道, 道路, 一路). So a street is a short name (2–4 Han characters + head [+ direction]) with a left
bound (punctuation, a joiner, a place that ends right there, or a location word: 位于, 沿着) *and* a
right bound (punctuation, a joiner, a digit or 之间, 交界, 一带 …), whose head is not the end of a
common word of the segmenter (融资渠道: 渠道/n). Table: ``street_rules.txt``.
"""

from __future__ import annotations

from bisect import bisect_right
import re
from functools import lru_cache
from pathlib import Path

from pipeline.ner.resources import gazetteer_dir
from pipeline.ner.rules import Candidate

_PUNCT = set("，。、；：？！（）()「」“”‘’《》\n 　,;:.!?")
_JOINERS = ("及", "与", "和", "或", "至", "以及")
# Characters no street prefix contains (function words, counters, demonstratives).
_BAD = set("的一了是在为将把被从对以曾多这那该其各每条个些所及与和或向上下里内外就都也还又要会能")
_SECTION = re.compile(r"[一二三四五六七八九十]{1,2}[段巷弄]")
# Tags of a word that cannot open a street name (verbs, prepositions, conjunctions, adverbs, pronouns).
_VERBISH = ("v", "p", "c", "d", "r", "u")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Segmenter tags of a common word whose end is the head (渠道/n, 道路/n, 一路/m): not a street name.
_COMMON_POS = ("n", "vn", "v", "a", "ad", "d", "l", "i", "m", "an", "f")


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    rows: dict[str, list[str]] = {}
    for line in (Path(gazetteer_dir()) / "street_rules.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            kind, item = line.split("\t")[:2]
            rows.setdefault(kind, []).append(item)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in rows.items()}


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    t = _table()
    heads = "|".join(map(re.escape, t["head"] + t["estate"]))
    dirs = "".join(t["direction"])
    return re.compile(f"(?:{heads})[{dirs}]?")


def _left_ok(text: str, start: int, place_ends: set[int]) -> bool:
    if start == 0 or text[start - 1] in _PUNCT or start in place_ends:
        return True
    return any(text.endswith(w, 0, start) for w in _table()["left"] + _JOINERS)


def _right_ok(text: str, end: int) -> bool:
    if end >= len(text) or text[end] in _PUNCT or text[end].isdigit():
        return True
    if _SECTION.match(text, end):  # 忠孝东路四段, 中山北路二段 (Taiwan addresses)
        return True
    return any(text.startswith(w, end) for w in _table()["right"] + _JOINERS)


class _Covering:
    """The segmenter word covering a position, found by bisection (the text is long, heads are rare:
    a per-character table cost more than the rest of the rule)."""

    def __init__(self, words: list[tuple[int, int, str]]) -> None:
        self.words = sorted(words)
        self.starts = [w[0] for w in self.words]

    def get(self, position: int) -> tuple[int, int, str] | None:
        i = bisect_right(self.starts, position) - 1
        if i >= 0 and self.words[i][0] <= position < self.words[i][1]:
            return self.words[i]
        return None


def street_candidates(text: str, words: list[tuple[int, int, str]], place_ends: set[int]) -> list[Candidate]:
    """FAC candidates for streets and estates; ``place_ends``: where a place name ends (深水埗|深旺道)."""
    t = _table()
    if not any(h in text for h in t["head"] + t["estate"]):
        return []
    covering = _Covering(words)
    common = t["common"]
    out: list[Candidate] = []
    last_end = -1
    for m in _head_pattern().finditer(text):
        head = m.group(0)
        estate = head in t["estate"]
        hs = m.start()
        # a direction character belongs to the name only when a bound follows (街西、 but 路南京 …)
        end = m.end() if _right_ok(text, m.end()) or estate else hs + len(head.rstrip("".join(t["direction"])))
        if not (estate or _right_ok(text, end)):
            continue
        if head == "道" and end < len(text) and text[end] in "：:「“，,":
            continue  # 叹道：, 笑道，: 道 "to say" before a quotation
        w = covering.get(hs)
        if w and w[0] < hs and w[2] in _COMMON_POS and not estate:
            continue  # the head ends a common word (渠道/n, 道路/n, 一路/m)
        if estate:  # the estate's name is the segmenter word before 邨 (華富|邨, 海麗|邨, 柴灣|邨)
            prev = covering.get(hs - 1)
            if text[hs - 1:hs] == "屋":
                continue  # 屋邨, 舊屋邨, 公共屋邨: the common noun "housing estate"
            if prev and prev[1] == hs and 2 <= hs - prev[0] <= 3 and not set(text[prev[0]:hs]) & _BAD \
                    and _HAN.fullmatch(text[prev[0]:hs]) and prev[0] >= last_end:
                out.append(Candidate(prev[0], end, "FAC", "rule"))
                last_end = end
            continue
        for size in range(2, 5):
            start = hs - size
            if start < 0 or start < last_end:
                break
            prefix = text[start:hs]
            if not _HAN.fullmatch(prefix) or set(prefix) & _BAD:
                break
            first = covering.get(start)
            if first and first[0] == start and first[2][:1] in _VERBISH and (first[2][:1] != "v" or hs - first[1] < 2):
                continue  # 走新路, 共同闯富路: a verb leaving one character or an adverb opens it (加|惠民道 stays)
            if prefix[0] == prefix[1]:
                break  # 村村通路, 乡乡: reduplication is prose, not a street name
            if _left_ok(text, start, place_ends):
                if not any(text[start:m.end()].endswith(c) for c in common):
                    out.append(Candidate(start, end, "FAC", "rule"))
                    last_end = end
                break
    return out
