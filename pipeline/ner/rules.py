"""Rule candidates for entities: 《titles》, bylines, head-word rules (organisation, facility, event).

Pure functions over the text and the segmenter's words, so each rule is testable alone. A candidate is
``Candidate(start, end, label, source, canonical)``; the component decides precedence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

import ahocorasick

from pipeline.literals import LiteralNames, ascii_alnum
from pipeline.ner.resources import word_list

Word = tuple[int, int, str]  # start, end, pos


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    source: str
    canonical: str | None = None
    aliases: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start


# POS tags that may form the body of a name (nouns, proper nouns, abbreviations, foreign words,
# nominal verbs); a name must still *start* with a noun-like word.
_BODY_POS = ("n", "j", "eng", "vn", "b", "l", "s", "an")
_START_POS = ("n", "j", "eng", "ns", "nt", "nz", "nr", "s", "b", "l")
_PROPER_POS = {"ns", "nt", "nz", "j", "eng"}
# Before a facility head a word the segmenter reads as a person name is a place it does not know
# (庄河/nr 电厂, 元宝山/nr 电厂 in mainland policy replies; 葵涌/nr 醫院 after t2s): an anchor too.
_FAC_PROPER_POS = _PROPER_POS | {"nr", "nrt"}
# Words that never start or sit inside a name even though jieba calls them nouns.
_NOT_IN_NAME = {"我国", "全国", "国内", "国外", "我们", "他们", "其中", "一批", "全球", "等", "以及", "目前", "当前",
                "依托", "如", "建设", "谋划", "布局", "打造", "联合", "支持", "加强", "成为", "包括", "拥有", "参与"}
_MAX_NAME_CHARS = 24
_MAX_WORDS = 7

_TITLE = re.compile(r"《([^《》\n]{1,60})》")
_CORNER_TITLE = re.compile(r"[「“]([^「」“”\n]{2,60})[」”]")  # 「」 reaches this stage as “” after t2s
_CREDIT = re.compile(r"(作者|编审|编辑|责编|责任编辑|记者|通讯员|撰稿|审核|校对|编译)\s*[:：]\s*")
_CREDIT_STOP = re.compile(r"[)）\n]|(作者|编审|编辑|责编|责任编辑|记者|通讯员|撰稿|审核|校对|编译)\s*[:：]")
_NAME_SPLIT = re.compile(r"[、,，;；。\s]+")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def title_candidates(text: str) -> list[Candidate]:
    """Text inside 《》 (and inside 「」 when it ends like a title: quoted_title_heads.txt): LAW when it ends
    like a law/policy (法, 条例, 纲要 …), else WORK_OF_ART."""
    heads = sorted(word_list("law_heads.txt"), key=len, reverse=True)
    out = []
    for m in _TITLE.finditer(text):
        inner = m.group(1).strip()
        if not inner or inner in word_list("generic_titles.txt"):
            continue  # 《方案》, 《若干措施》: the short form of a title named before, not a name
        start = m.start(1) + m.group(1).index(inner)
        label = "LAW" if any(inner.endswith(h) for h in heads) else "WORK_OF_ART"
        out.append(Candidate(start, start + len(inner), label, "rule"))
    quoted_heads = tuple(word_list("quoted_title_heads.txt"))
    for m in _CORNER_TITLE.finditer(text):  # 「2024 中国开源年度报告」: a title when it ends like one
        inner = m.group(1).strip()
        if inner and inner.endswith(quoted_heads) and inner not in word_list("generic_titles.txt"):
            start = m.start(1) + m.group(1).index(inner)
            label = "LAW" if any(inner.endswith(h) for h in heads) else "WORK_OF_ART"
            out.append(Candidate(start, start + len(inner), label, "rule"))
    return out


def looks_like_person(name: str) -> bool:
    """2–4 Han characters starting with a common surname (single or double)."""
    if not (2 <= len(name) <= 4 and _HAN.match(name)):
        return False
    surnames = word_list("surnames.txt")
    if name[:2] in surnames and len(name) >= 3:
        return True
    return name[0] in surnames and len(name) <= 3


def credit_candidates(text: str) -> list[Candidate]:
    """People listed after 作者: / 编审: / 记者: … up to the end of the credits bracket or line."""
    out = []
    for m in _CREDIT.finditer(text):
        stop = _CREDIT_STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        pos = m.end()
        for part in _NAME_SPLIT.split(text[m.end():end]):
            idx = text.find(part, pos, end) if part else -1
            if idx < 0:
                continue
            pos = idx + len(part)
            if looks_like_person(part) and not any(part.endswith(h) for h in word_list("org_suffixes.txt")):
                out.append(Candidate(idx, idx + len(part), "PERSON", "rule"))
    return out


_NOT_IN_DOTTED = "和与及同跟的在是为对把被从向等或了而由于说称指所曾也都就"  # function characters end a dotted name
_LATER_PART = f"[\u4e00-\u9fff](?<![{_NOT_IN_DOTTED}])"


@lru_cache(maxsize=1)
def _dotted_pattern() -> re.Pattern[str]:
    chars = re.escape("".join(sorted(set("".join(word_list("transliteration_chars.txt"))))))
    return re.compile(f"[{chars}]{{1,6}}(?:[·•・](?:{_LATER_PART}){{1,8}})+")


_NAME_TAGS = ("nr", "nz", "ns")  # segmenter tags of a word that may carry a transliterated name part
_NOT_NAME_TAGS = ("v", "p", "c", "u", "d", "t", "r", "q", "a", "f", "x")  # verbs, function words, time …


def dotted_name_candidates(text: str, places: frozenset[str] = frozenset(),
                           words: Sequence[Word] | None = None) -> list[Candidate]:
    """Foreign names written with a middle dot (爱德华·特勒, 冯·诺依曼): PERSON when the first part is made
    of transliteration characters, the later parts hold no function character (和, 与, 说 end a name), at
    least 70 % of all characters are transliteration characters, and the first part is no known place
    (中国·深圳; 卡洛斯·马德里 is a person).

    With the segmenter's ``words`` the name keeps to words (Xinhua style in mainland news, the same after
    t2s in Taiwan and Hong Kong releases): the first part is the word before the dot when the segmenter
    reads it as a name (委内瑞拉 | 西蒙·…, 儒勒·凡尔纳) or it is mostly transliteration (理查德·哈斯); the
    last part runs over words read as names or opening with a transliteration character, and stops at a
    verb, function word, title or noun (鲍里斯·贝克尔率领, 米格尔·卡沙特大夫, 皮勒先生, 菲利普·莫里斯公司)."""
    if "·" not in text and "•" not in text and "・" not in text:
        return []
    chars = frozenset("".join(word_list("transliteration_chars.txt")))
    ends = [w[1] for w in words] if words else []
    out = []
    for m in _dotted_pattern().finditer(text):
        start, end = m.start(), m.end()
        if words:
            start, end = _dotted_extent(text, words, ends, start, end, chars)
        parts = re.split(r"[·•・]", text[start:end])
        han = "".join(parts)
        if (len(parts) < 2 or not parts[-1] or parts[0] in places or all(p in places for p in parts)
                or sum(c in chars for c in han) < 0.7 * len(han)):
            continue
        out.append(Candidate(start, end, "PERSON", "rule"))
    return out


def _dotted_extent(text: str, words: Sequence[Word], ends: list[int], start: int, end: int,
                   chars: frozenset[str]) -> tuple[int, int]:
    """(start, end) of a dotted name found by the pattern at text[start:end], kept to segmenter words."""
    first_dot = min(i for i in (text.find(d, start, end) for d in "·•・") if i >= 0)
    last_dot = max(text.rfind(d, start, end) for d in "·•・")
    i = bisect_left(ends, first_dot)
    if i < len(words) and words[i][1] == first_dot and words[i][0] < start:
        ws, we, tag = words[i]
        word = text[ws:we]
        if tag.startswith(_NAME_TAGS) or (len(word) >= 3 and sum(c in chars for c in word) >= len(word) - 1):
            if not any(c in _NOT_IN_DOTTED for c in word):
                start = ws
    elif i < len(words) and words[i][1] == first_dot and words[i][2].startswith(_NAME_TAGS):
        k = bisect_left(ends, start + 1)
        if k < len(words) and words[k][0] < start:  # the pattern began inside another word:
            start = max(start, words[i][0])  # 委内瑞拉 | 西蒙, the name's own word, not the country's tail
    stop = last_dot + 1
    j = bisect_left(ends, last_dot + 2)
    first = True
    while j < len(words) and words[j][0] >= last_dot + 1 and words[j][1] - (last_dot + 1) <= 8:
        ws, we, tag = words[j]
        word = text[ws:we]
        if not _HAN.match(word):
            break
        if not first and not (tag.startswith(_NAME_TAGS) or (
                word[0] in chars and not tag.startswith(_NOT_NAME_TAGS) and len(word) <= 3)):
            break
        stop = we
        first = False
        j += 1
    return start, max(stop, last_dot + 2) if stop > last_dot + 1 else min(end, last_dot + 2)


def name_occurrences(text: str, names: Iterable[str], label: str, source: str) -> list[Candidate]:
    """Every occurrence of each known name (e.g. the byline's people) in the text."""
    out = []
    for name in sorted(set(n for n in names if n and len(n) >= 2)):
        start = text.find(name)
        while start >= 0:
            out.append(Candidate(start, start + len(name), label, source))
            start = text.find(name, start + len(name))
    return out


def head_candidates(
    text: str,
    words: Sequence[Word],
    heads: Iterable[str],
    label: str,
    anchored: Sequence[bool],
    sentence_starts: set[int] | None = None,
) -> list[Candidate]:
    """Names ending with a head word of one label (see :func:`headed_candidates`)."""
    return headed_candidates(text, words, ((tuple(heads), label),), anchored, sentence_starts)


@lru_cache(maxsize=8)
def _head_automaton(groups: tuple[tuple[tuple[str, ...], str], ...]) -> Any:
    """Every head of every group in one Aho-Corasick automaton: head -> ((group, length), ...)."""
    table: dict[str, list[int]] = {}
    for g, (heads, _label) in enumerate(groups):
        for h in heads:
            if h:
                table.setdefault(h, []).append(g)
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for h, gs in table.items():
        automaton.add_word(h, (len(h), tuple(gs)))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _joiners() -> frozenset[str]:
    """Words that never stand inside a name (span_leading.txt: 会同, 代表, 委托, 和 …)."""
    return word_list("span_leading.txt")


def _word_end(word: Word) -> int:
    return word[1]


def headed_candidates(
    text: str,
    words: Sequence[Word],
    groups: Iterable[tuple[Iterable[str], str]],
    anchored: Sequence[bool],
    sentence_starts: set[int] | None = None,
) -> list[Candidate]:
    """Names ending with a head word (大学, 实验室, 中子源 …), extended left over name-like words. The
    heads of all (heads, label) groups (organisation, facility and event heads) are found in one
    Aho-Corasick pass; at a word's end each group proposes its longest head, as one call per group would.

    A candidate needs an *anchor* in its prefix: a character covered by a gazetteer entity or a word
    jieba tags as a proper noun (ns, nt, nz, nr, j, eng). So 鹏城实验室 and 广东省人民政府 are
    found; 全国重点实验室 or 高水平研究型大学 (generic prefixes) are not.
    """
    frozen = tuple((tuple(sorted(set(h))), lab) for h, lab in groups)
    automaton = _head_automaton(frozen)
    if automaton is None or not text:
        return []
    best: dict[tuple[int, int], int] = {}  # (word index, group) -> longest head length
    n_words = len(words)
    for last, (length, gs) in automaton.iter(text):
        wi = bisect_left(words, last + 1, key=_word_end)  # the word ending here, if any
        if wi == n_words or words[wi][1] != last + 1 or words[wi][0] >= words[wi][1]:
            continue
        for g in gs:
            if best.get((wi, g), 0) < length:
                best[(wi, g)] = length
    stop = word_list("stoplist.txt")
    business = word_list("facility_business_tails.txt")
    starts = sentence_starts or set()
    out: list[Candidate] = []
    for (wi, g), length in sorted(best.items()):
        we = words[wi][1]
        proper = _FAC_PROPER_POS if frozen[g][1] == "FAC" else None
        start = _name_start(text, words, wi, we - length, stop, starts, anchored, proper)
        if start is not None:
            end = we
            if text.endswith(_PARTY_GOVERNMENT, start, we) and we - start >= 5:
                end = we - 2  # 工党政府, 民进党政府, 联盟党政府: the party; 政府 is generic (guidelines §5)
            if frozen[g][1] == "FAC" and any(text.startswith(t, end) for t in business):
                continue  # 隆福广场商场: the facility names a business, not itself
            out.append(Candidate(start, end, frozen[g][1], "rule"))
    return out


# A government named after its party is the party, as one named after its leader is the person (用川普政府
# → 川普; guidelines §5): mainland and foreign news (工党政府), Taiwan (民進黨政府 after t2s).
_PARTY_GOVERNMENT = "党政府"


def _name_start(text: str, words: Sequence[Word], wi: int, head_start: int, stop: frozenset[str],
                starts: set[int], anchored: Sequence[bool], proper: set[str] | None = None) -> int | None:
    """Start of the name whose head word begins at ``head_start`` inside/before word ``wi``, or None."""
    ws, we, _ = words[wi]
    joiners = _joiners()
    if head_start < ws:  # head begins in an earlier word: move to that word
        j = wi
        while j > 0 and words[j][0] > head_start:
            j -= 1
        first = j
    else:
        first = wi
    # Extend left over name-like words.
    k = first
    while k > 0 and wi - (k - 1) < _MAX_WORDS:
        ps, pe, ppos = words[k - 1]
        if words[k][0] in starts:  # the name may start a sentence, not cross into the previous one
            break
        w = text[ps:pe]
        if w in _NOT_IN_NAME or w in stop or w in joiners or we - ps > _MAX_NAME_CHARS:
            break  # 会同, 代表, 和 …: two bodies side by side (环保总局会同发展改革委), not one name
        if not ppos.startswith(_BODY_POS) and not anchored[ps]:  # 大连/d is still the place 大连
            break
        k -= 1
    # Trim leading words that cannot start a name.
    while k < first and (
        text[words[k][0]:words[k][1]] in _NOT_IN_NAME
        or not (words[k][2].startswith(_START_POS) or anchored[words[k][0]])
    ):
        k += 1
    start = words[k][0]
    if start >= head_start and not (words[wi][2] == "nt" and ws < head_start):
        return None  # the head alone (实验室) is not a name
    if any(anchored[start:head_start]):
        return start
    if any(words[j][2] in _PROPER_POS and text[words[j][0]:words[j][1]] not in stop
           for j in range(k, wi + 1) if words[j][0] < head_start):
        return start
    if proper and any(words[j][2] in proper and words[j][1] <= head_start  # a word of its own: not 康庄大道/nr
                      and text[words[j][0]:words[j][1]] not in stop for j in range(k, wi + 1)):
        return start
    return None


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.'\-]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9 .,&'\-]*")
_EN_MAX_WORDS = 8
_EN_CONNECT = {"of", "and", "for", "the", "&", "de", "on"}


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word in ("&",)


def english_candidates(
    text: str, known: dict[str, tuple[str, str]], heads: dict[str, str]
) -> list[Candidate]:
    """English names inside the text.

    ``known``: English name -> (label, canonical Chinese name) from the gazetteers and glossary, so
    "Huawei" or "Hong Kong" become mentions of the same entity as 华为 / 香港. ``heads``: English
    organisation/facility heads (University, Institute, Inc. …); a capitalised word sequence ending
    with one (optionally followed by "of" + capitalised words) is an entity of the head's label.
    """
    out: list[Candidate] = []
    if not re.search(r"[A-Za-z]{2}", text):
        return out
    names, table = _known_names(tuple(sorted(known.items())))
    if names is not None:
        for run in _LATIN_RUN.finditer(text):  # known names are only looked for inside Latin stretches
            for start, end, name in names.find(text, run.start(), run.end()):
                label, canonical = table[name]
                out.append(Candidate(start, end, label, "gazetteer", canonical))
    words = [(m.start(), m.end(), m.group(0)) for m in _EN_WORD.finditer(text)]
    for i, (ws, we, w) in enumerate(words):
        label = heads.get(w) or heads.get(w.rstrip("."))
        if label is None or not _capitalised(w):
            continue
        j = i
        while j > 0 and i - j < _EN_MAX_WORDS:  # extend left over capitalised words and connectors
            ps, pe, pw = words[j - 1]
            if text[pe:words[j][0]] not in (" ", ", ") or not (_capitalised(pw) or pw in _EN_CONNECT):
                break
            j -= 1
        while j < i and words[j][2].lower() in _EN_CONNECT:
            j += 1
        k = i
        if k + 2 < len(words) and words[k + 1][2] == "of" and text[we:words[k + 1][0]] == " ":
            k += 1
            while (k + 1 < len(words) and k - i < _EN_MAX_WORDS and _capitalised(words[k + 1][2])
                   and text[words[k][1]:words[k + 1][0]] == " "):
                k += 1
            if k == i + 1:
                k = i
        if j == i and k == i:
            continue  # a bare head ("Institute") is not a name
        out.append(Candidate(words[j][0], words[k][1], label, "rule"))
    return out


@lru_cache(maxsize=4)
def _known_names(items: tuple[tuple[str, tuple[str, str]], ...]) -> tuple[LiteralNames | None, dict]:
    """Known English names (3+ characters) as one literal matcher: building its automaton is ~50×
    cheaper than compiling the equivalent regex alternation, which cost 0.3 s of every cold start."""
    table = {name: value for name, value in items if len(name) >= 3}
    return (LiteralNames(table, ascii_alnum) or None), table
