"""Foreign visitors and bodies in Chinese releases (Taiwan / HK / Macao government, mainland foreign news).

Two general classes of text (guidelines §5, §10):

* a foreign person's Chinese name followed by the original Latin name in brackets, usually after a title
  (议长拉多雷（Raúl Luis Latorre Martínez）, 议员斯为汀（Johnny Svedin）): two PERSON mentions, and the
  Chinese name, once defined this way, is a PERSON wherever else the document repeats it;
* a place followed by the body it names (巴拉圭共和国众议院, 中华人民共和国驻西班牙王国大使馆,
  马德里中国文化中心, 中国驻马德里旅游办事处): one ORG, with no place mention inside.

Resources: foreign_titles.txt (+ person_cues.txt), foreign_body_heads.txt, state_forms.txt,
body_fillers.txt, english_heads.txt (Latin words that make a bracketed name an organisation).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from pipeline.ner.context import EntityContext
from pipeline.ner.resources import gazetteer, word_list
from pipeline.ner.rules import Candidate, name_occurrences

# A Latin personal name: two to eight words, each capitalised (accents allowed), with the lowercase
# particles of Spanish, Portuguese, Dutch, German, French and Arabic names between them.
_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*"
_PARTICLE = r"(?:de|del|da|das|do|dos|di|du|la|le|van|von|der|den|ten|y|e|bin|binti|al|el)"
_LATIN_NAME = re.compile(rf"[(（]\s*({_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{1,7}})\s*[)）]")
_HAN = re.compile(r"[\u4e00-\u9fff·]")
_MAX_RUN = 10
_STATE_OR_FILLER_MAX = 4  # free characters between place and head (旅游 in 中国驻马德里旅游办事处)
_NOT_FILLER_POS = ("v", "p", "c", "d", "r", "u", "m", "q", "x", "w")
_PLACE_LABELS = ("GPE", "LOC")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    words = word_list("foreign_titles.txt") | word_list("person_cues.txt")
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _translit() -> frozenset[str]:
    return frozenset("".join(word_list("transliteration_chars.txt")))


@lru_cache(maxsize=1)
def _known_non_persons() -> frozenset[str]:
    """Gazetteer names that are not persons: a country or body before its English name (美国（United
    States）) is no person."""
    return frozenset(e.name for e in gazetteer() if e.label != "PERSON")


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(w.split()[0].lower() for w in word_list("english_heads.txt"))


def _chinese_name(text: str, bracket: int) -> tuple[int, int] | None:
    """The Chinese name right before a bracketed Latin name: after the last title inside the run of Han
    characters (议长拉多雷 → 拉多雷); a short run after a list comma is the name itself (、贺尔邦（);
    otherwise its transliteration-character tail (今天拉多雷 → 拉多雷)."""
    start = bracket
    while start > 0 and bracket - start < _MAX_RUN and _HAN.match(text, start - 1):
        start -= 1
    run = text[start:bracket]
    if len(run) < 2:
        return None
    cut = -1
    for title in _titles():
        at = run.rfind(title)
        if at >= 0 and at + len(title) > cut and at + len(title) <= len(run) - 2:
            cut = at + len(title)
    if cut >= 0:
        name_start = start + cut
    elif len(run) <= 4 and start > 0 and text[start - 1] in "、,，":
        name_start = start  # a list member after an earlier title: 议员甲（A）、贺尔邦（Erik Hellsborn）
    else:
        n = 0
        while n < len(run) and run[len(run) - 1 - n] in _translit():
            n += 1
        if n < 2:
            return None
        name_start = bracket - n
    if not 2 <= bracket - name_start <= 6:
        return None
    return name_start, bracket


def bracketed_name_candidates(text: str) -> list[Candidate]:
    """Chinese name + (Latin name) → two PERSON candidates; the Chinese name's other occurrences too."""
    out: list[Candidate] = []
    names: set[str] = set()
    org_words = _org_words()
    for m in _LATIN_NAME.finditer(text):
        latin = m.group(1)
        if any(w.lower().strip(".,") in org_words for w in latin.split()) or latin.isupper():
            continue
        zh = _chinese_name(text, m.start())
        if zh is None or text[zh[0]:zh[1]] in _known_non_persons():
            continue
        out.append(Candidate(zh[0], zh[1], "PERSON", "rule"))
        out.append(Candidate(m.start(1), m.end(1), "PERSON", "rule"))
        names.add(text[zh[0]:zh[1]])
    if names:
        seen = {(c.start, c.end) for c in out}
        out += [c for c in name_occurrences(text, names, "PERSON", "rule") if (c.start, c.end) not in seen]
    return out


def _longest_prefix(text: str, pos: int, words: frozenset[str]) -> int:
    return max((len(w) for w in words if text.startswith(w, pos)), default=0)


def merge_foreign_bodies(ctx: EntityContext, chosen: list[Candidate]) -> list[Candidate]:
    """A place (or a body) + [state form] + [驻 + place + [state form]] + a few noun characters + a body
    head → one ORG over the whole span; the places and short bodies inside it go. A country + state form
    alone is the country's full name, one GPE."""
    text = ctx.text
    heads, states, fillers = (word_list("foreign_body_heads.txt"), word_list("state_forms.txt"),
                              word_list("body_fillers.txt"))
    by_start = {c.start: c for c in chosen}
    out: list[Candidate] = []
    absorbed_until = -1
    for c in chosen:
        if c.start < absorbed_until:
            continue
        end = _body_end(ctx, c, by_start, heads, states, fillers) if c.label in _PLACE_LABELS + ("ORG",) else 0
        if end and not any(x.start < end < x.end for x in chosen):
            out.append(Candidate(c.start, end, "ORG", "rule"))
            absorbed_until = end
            continue
        state = _longest_prefix(text, c.end, states) if c.label == "GPE" else 0
        if state and by_start.get(c.end) is None:
            # the full state name without a body after it (巴拉圭共和国, 西班牙王国): one GPE
            out.append(Candidate(c.start, c.end + state, "GPE", c.source, c.canonical, list(c.aliases)))
            continue
        out.append(c)
    return out


def _body_end(ctx: EntityContext, first: Candidate, by_start: dict[int, Candidate], heads: frozenset[str],
              states: frozenset[str], fillers: frozenset[str]) -> int:
    """End of the body named after ``first``, or 0 when no head follows within the span's grammar."""
    text = ctx.text
    pos = first.end
    places = 1 if first.label in _PLACE_LABELS else 0
    pos += _longest_prefix(text, pos, states)
    if text.startswith("驻", pos) and by_start.get(pos + 1) is not None and by_start[pos + 1].label in _PLACE_LABELS:
        pos = by_start[pos + 1].end
        pos += _longest_prefix(text, pos, states)
        places += 1
    free = 0
    while pos < len(text):
        head = _longest_prefix(text, pos, heads)
        if head:
            if first.label == "ORG" and places < 1:
                return 0  # after a body, only a place + head (美国在台协会台北办事处)
            return pos + head
        inner = by_start.get(pos)
        if inner is not None and inner.label in _PLACE_LABELS:
            pos, places = inner.end, places + 1
            continue
        if inner is not None and inner.label == "ORG" and _longest_prefix(text, pos, heads) == 0:
            return 0
        fill = _longest_prefix(text, pos, fillers)
        if fill:
            pos += fill
            continue
        word = _word_at(ctx, pos)
        if (not _HAN.match(text, pos) or text[pos] == "·" or word is None
                or (word[2].startswith(_NOT_FILLER_POS) and word[2] != "vn")):
            return 0
        free += word[1] - pos
        if free > _STATE_OR_FILLER_MAX or (first.label == "ORG"):
            return 0
        pos = word[1]
    return 0


def _word_at(ctx: EntityContext, pos: int) -> tuple[int, int, str] | None:
    """The segmenter word covering ``pos`` (absolute offsets)."""
    index = ctx.word_index
    i = bisect_right(index.starts, pos) - 1
    if i >= 0 and index.ends[i] > pos:
        return index.words[i]
    return None


# A 、-separated list of short Han names (古屋圭司、小宫山泰子、…); the first item carries the title.
_NAME_LIST = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,16}(?:、[\u4e00-\u9fff]{2,10})+")
_MAX_LIST_NAME = 5


@lru_cache(maxsize=1)
def _japanese_surnames() -> frozenset[str]:
    return word_list("japanese_surnames.txt")


def _japanese(item: str) -> bool:
    surnames = _japanese_surnames()
    return any(item[:k] in surnames and len(item) > k for k in (2, 3))


_LIST_END = re.compile(r"[及和与暨等]")


@lru_cache(maxsize=1)
def _cue_words() -> tuple[str, ...]:
    return tuple(word_list("person_cues.txt"))


def _list_item_end(piece: str) -> int:
    """Length of the name at the front of a list item: up to a conjunction (及, 和, 等) or a verb or title of
    person_cues.txt (山中泉出席 → 山中泉)."""
    end = len(piece)
    m = _LIST_END.search(piece, 2)
    if m:
        end = m.start()
    for cue in _cue_words():
        at = piece.find(cue, 2, end + len(cue))
        if 0 <= at < end:
            end = at
    return end


def japanese_list_candidates(text: str) -> list[Candidate]:
    """A title followed by a 、-list of names (each maybe with its own title) most of which open with a Japanese surname (众议员古屋圭司、
    小宫山泰子、金子恭之): every two-to-five-character item is a PERSON — the list is one class of name, so a
    surname missing from the table (东彻, 国场幸之助) is carried by its neighbours."""
    out: list[Candidate] = []
    titles = _titles()
    surnames = _japanese_surnames()
    for m in _NAME_LIST.finditer(text):
        second = m.group(0).split("、", 2)[1]
        if not any(second[i:i + 2] in surnames or second[i:i + 3] in surnames for i in (0, 2, 3)):
            continue  # cheap test first: the second item opens (after a title) with no Japanese surname
        first = m.group(0).split("、", 1)[0]
        cut = max((first.rfind(t) + len(t) for t in titles if first.rfind(t) >= 0), default=-1)
        if cut < 0 or not 2 <= len(first) - cut <= _MAX_LIST_NAME:
            continue
        items: list[tuple[int, int]] = []
        pos = m.start() + cut
        for piece in text[pos:m.end()].split("、"):
            lead = max((len(t) for t in titles if piece.startswith(t)), default=0)
            pos += lead  # each item may repeat its title (众议员古屋圭司、众议员小宫山泰子)
            piece = piece[lead:]
            end = _list_item_end(piece)
            if not 2 <= end <= _MAX_LIST_NAME:
                break
            items.append((pos, pos + end))
            if end < len(piece):
                break  # the list goes on past a conjunction or a verb (…、山中泉及参议员…, …出席)
            pos += len(piece) + 1
        hits = sum(1 for s, e in items if _japanese(text[s:e]))
        if len(items) >= 2 and hits >= 2 and 2 * hits >= len(items):
            out += [Candidate(s, e, "PERSON", "rule") for s, e in items]
    return out
