"""Span hygiene for entity candidates: trimmed fronts, generic phrases, one ORG for "place + body".

Rules and the model both propose spans whose edges come from word statistics, not from the name:
委托台湾经济研究院 (a verb in front), 用川普政府 (a preposition glued by the segmenter), 地方政府 (a generic
phrase with an organisation head). Gazetteer names are trusted as listed; everything else passes here.
Word lists are resources (``span_leading.txt``, ``generic_names.txt``, ``generic_modifiers.txt``) with
their class of text written in the file.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

from pipeline.ner.context import EntityContext
from pipeline.ner.resources import gazetteer, word_list
from pipeline.ner.rules import Candidate

_TRIM_LABELS = ("ORG", "FAC", "GPE", "LOC", "PERSON", "EVENT")
# An administrative place directly in front of an organisation is part of its name (深圳市发改委):
# place names ending like this, or any place in front of a government body.
_ADMIN_END = tuple("省市县区镇乡村州")
_GOV_HEADS = ("政府", "委", "局", "厅", "署", "办", "部", "院", "会", "处", "议会", "国会", "委员会", "法院",
              "检察院", "党委", "工委", "指挥部", "领导小组", "办公室")


@lru_cache(maxsize=1)
def leading_words() -> tuple[str, ...]:
    """span_leading.txt, longest first."""
    return tuple(sorted(word_list("span_leading.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _first_chars() -> frozenset[str]:
    return frozenset(w[0] for w in leading_words())


@lru_cache(maxsize=1)
def _generic_lengths() -> tuple[int, ...]:
    """Lengths (>= 2) of the listed generic phrases, for suffix look-ups."""
    return tuple(sorted({len(g) for g in word_list("generic_names.txt") if len(g) >= 2}))


@lru_cache(maxsize=1)
def _modifiers() -> tuple[str, ...]:
    return tuple(sorted(word_list("generic_modifiers.txt"), key=len, reverse=True))


@lru_cache(maxsize=4)
def _longest_first(heads: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(heads), key=len, reverse=True))


def trim_front(text: str, cand: Candidate, starts_ok: Callable[[int], bool]) -> Candidate | None:
    """``cand`` without a leading verb / preposition / title word (repeatedly), or None when nothing
    name-like is left. ``starts_ok(pos)``: a name may start at ``pos`` (a word boundary or a known name)."""
    if cand.source in ("gazetteer", "alias", "byline") or cand.label not in _TRIM_LABELS:
        return cand
    if text[cand.start:cand.start + 1] not in _first_chars():
        return cand
    start = cand.start
    words = leading_words()
    changed = True
    while changed:
        changed = False
        surface = text[start:cand.end]
        for w in words:
            if surface.startswith(w) and len(surface) - len(w) >= 2 and starts_ok(start + len(w)):
                start += len(w)
                changed = True
                break
    if start == cand.start:
        return cand
    return Candidate(start, cand.end, cand.label, cand.source, None, list(cand.aliases))


def is_generic(surface: str, label: str, heads: Sequence[str], is_place: Callable[[str], bool] = lambda s: False) -> bool:
    """A generic phrase (地方政府, 上市公司, 各级法院): listed; or ending with a listed phrase after words that
    are no place (鼓励地方政府, 互联网时代党和政府; but 深圳市政府, 中西区区议会 are names); or modifiers from
    generic_modifiers.txt + organisation heads (各级人民政府, and heads alone: 人民政府办公厅)."""
    generic = word_list("generic_names.txt")
    if surface in generic:
        return True
    for n in _generic_lengths():
        tail = surface[-n:]
        # A listed bare head (委员会, 区议会) after a common word is generic (督导委员会, 方案咨询区议会:
        # Hansard, policy addresses); after a name that opens with a place or 国际 it is a body of its own
        # (中国关心下一代工作委员会, 美国联邦通讯委员会, 国际红十字委员会: news, reports).
        if (len(surface) > n and tail in generic and not is_place(surface[:-n])
                and not (tail in heads and _opens_with_place(surface[:-n], is_place))):
            return True
    if label != "ORG":
        return False
    ordered = _longest_first(tuple(heads))
    head = next((h for h in ordered if surface.endswith(h) and len(h) < len(surface)), None)
    if head is None:
        return False
    prefix = surface[:-len(head)]
    while True:  # heads stacked on heads (人民政府办公厅): still no name
        inner = next((h for h in ordered if prefix.endswith(h)), None)
        if inner is None:
            break
        prefix = prefix[:-len(inner)]
    modifiers = _modifiers()
    while prefix:
        m = next((w for w in modifiers if prefix.startswith(w)), None)
        if m is None:
            return False
        prefix = prefix[len(m):]
    return True


def _opens_with_place(prefix: str, is_place: Callable[[str], bool]) -> bool:
    """``prefix`` starts with a known place (two to four characters) or with 国际 (international bodies)."""
    return prefix.startswith("国际") or any(is_place(prefix[:n]) for n in range(2, min(len(prefix), 4) + 1))


def merge_place_prefix(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Places directly followed by an organisation become one ORG with it (深圳市发改委,
    重庆市巫山县培石乡政府): always for a government body, for other organisations only after an
    administrative place name (深圳市软科学研究会; but 荷兰 + ASML公司 and 美国 + 杜克大学 stay apart)."""
    out: list[Candidate] = []
    i = 0
    while i < len(chosen):
        j = i
        while j < len(chosen) and chosen[j].label == "GPE" and (j == i or chosen[j].start == chosen[j - 1].end):
            j += 1
        if j > i and j < len(chosen) and chosen[j].label == "ORG" and chosen[j].start == chosen[j - 1].end:
            org = chosen[j]
            org_surface = text[org.start:org.end]
            last_place = text[chosen[j - 1].start:chosen[j - 1].end]
            if org_surface.endswith(_GOV_HEADS) or last_place.endswith(_ADMIN_END):
                out.append(Candidate(chosen[i].start, org.end, "ORG", org.source, None, list(org.aliases)))
                i = j + 1
                continue
        out.append(chosen[i])
        i += 1
    return out


def split_foreign_prefix(text: str, chosen: list[Candidate], places: frozenset[str],
                         translit: frozenset[str]) -> list[Candidate]:
    """A rule or model ORG that opens with a place and goes on with a foreign proper name is two mentions
    (美国杜克大学医学院 → 美国 + 杜克大学医学院, 荷兰ASML公司 → 荷兰 + ASML公司: the country qualifies a
    foreign body, guidelines §3/§5), unlike a Chinese body named after its place (深圳市发改委, 北京大学):
    the rest must start with a Latin letter, three transliteration characters (戈麦斯儿童医院, 波尔多队), or two
    after a country named X国 (美国杜克大学, 英国雷丁大学): two alone are often a Chinese firm's or team's name
    after a Chinese place (大连万达队, 武汉雅琪队, 福建东林…公司: mainland news and reports stay one ORG)."""
    out: list[Candidate] = []
    for c in chosen:
        if c.label == "ORG" and c.source in ("rule", "model"):
            surface = text[c.start:c.end]
            cut = next((n for n in range(min(len(surface) - 3, 6), 1, -1) if surface[:n] in places), 0)
            rest = surface[cut:]
            if cut and not surface[:cut].endswith(_ADMIN_END) and (
                    rest[:1].isascii() and rest[:1].isalpha() or all(ch in translit for ch in rest[:3])
                    or (all(ch in translit for ch in rest[:2]) and surface[:cut].endswith("国")
                        and surface[:cut] != "中国")):
                out.append(Candidate(c.start, c.start + cut, "GPE", "gazetteer"))
                out.append(Candidate(c.start + cut, c.end, "ORG", c.source, None, list(c.aliases)))
                continue
        out.append(c)
    return out


def soft_breaks(text: str, sentences: list[tuple[int, int]]) -> list[int]:
    """Line breaks inside a sentence (or paragraph: any spans) between two printed characters: the
    layout's hard wrap of a paragraph (Hansard, PDF exports: 運\n輸及房屋局, Special\nAdministrative
    Region), not a paragraph end (ingest already joined the wrapped lines into one block)."""
    out = []
    for start, end in sentences:
        at = text.find("\n", start + 1, end - 1)
        while at >= 0:
            if not text[at - 1].isspace() and not text[at + 1].isspace():
                out.append(at)
            at = text.find("\n", at + 1, end - 1)
    return out


_NAV_SEPARATORS = (" > ", "＞", " » ", " › ")


def navigation_line_spans(text: str) -> list[tuple[int, int]]:
    """Breadcrumb lines of scraped web pages (Home > CRS Products > IN12680, 首页 > 新闻 > 正文): two or
    more path separators on one line. Site navigation is not annotated (guidelines §5)."""
    out = []
    start = 0
    for line in text.split("\n"):
        if sum(line.count(sep) for sep in _NAV_SEPARATORS) >= 2:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


# ---------------------------------------------------------------------------- shared by rules and model
_GPE_SUFFIX = tuple("省市县区州国")


@lru_cache(maxsize=1)
def _translit() -> frozenset[str]:
    return frozenset("".join(word_list("transliteration_chars.txt")))


@lru_cache(maxsize=1)
def _gpe_names() -> frozenset[str]:
    return frozenset(e.name for e in gazetteer() if e.label == "GPE")


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(e.name for e in gazetteer() if e.label in ("GPE", "LOC"))


def is_place_name(surface: str) -> bool:
    """A known place or a name with an administrative ending (the front of 深圳市政府, 中西区区议会)."""
    return surface in _place_names() or (len(surface) >= 2 and surface.endswith(_GPE_SUFFIX + ("镇", "乡", "村")))


def drop_generic(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Rule and model spans that are generic phrases (地方政府, 上市公司) are no entities."""
    heads = org_heads()
    return [c for c in chosen if c.source in ("gazetteer", "alias", "byline")
            or not is_generic(text[c.start:c.end], c.label, heads, is_place_name)]


@lru_cache(maxsize=1)
def org_heads() -> tuple[str, ...]:
    return tuple(word_list("org_suffixes.txt")) + _GOV_HEADS


def clean_candidates(ctx: EntityContext, cands: list[Candidate], known_starts: set[int]) -> list[Candidate]:
    """Rule and model candidates without a leading verb / preposition / title (委托X, 用X); gazetteer,
    alias and byline names pass unchanged."""
    text = ctx.text

    def starts_ok(pos: int) -> bool:
        return pos in known_starts or ctx.word_index.is_boundary(pos)

    out = []
    for c in cands:
        t = trim_front(text, c, starts_ok)
        if t is not None:
            out.append(t)
    return out
