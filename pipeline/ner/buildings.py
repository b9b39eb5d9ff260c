"""A building or the body housed in it (guidelines §10): 總統府 / 医院 name both.

The stage's lists and head rules give such a name one label (ORG: 总统府 is a gazetteer body, 医院 an
organisation head). The contract reads the context: 前來總統府, 在總統府接受, 總統府大禮堂 are the
building (FAC), 總統府秘書長 the office (ORG); a hospital being built, extended or converted
(興建天水圍醫院, 將軍澳醫院擴建工程) is a facility, a hospital that employs or speaks (协和医院院长)
the institution. This pass relabels by the words around the name (``building_cues.txt``), extends the
seat over a named part of it (總統府大禮堂), and finds the unlisted hospitals of a building programme
(a construction word or a list after one: 擴建與重建聯合醫院、廣華醫院及瑪麗醫院), whose prefixes carry
no anchor for the head rule. Runs on the simplified text (Traditional after t2s).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.context import EntityContext
from pipeline.ner.resources import gazetteer_dir, word_list
from pipeline.ner.rules import Candidate

# Joiners between members of a list of facilities (、, 及, 和, 与, 以及; Simplified after t2s).
_LIST_GAP = re.compile(r"^(?:、|，?以及|及|和|与|或|，)(?:扩建|重建|兴建|改建)?$")
# A hospital prefix: Han characters without function words or counters (一所医院, 新的医院, 该医院).
_PREFIX_BAD = set("的一个所家间座该这那其各等及和与或了是在为将把被从对")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,5}")


@lru_cache(maxsize=1)
def _bodies() -> dict[str, str]:
    return dict(_rows("building_bodies.txt"))


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(before cues, after cues) as (word, kind), longest first."""
    rows = [line.split("\t") for line in _raw("building_cues.txt")]
    before = sorted(((w, k) for w, p, k in rows if p == "before"), key=lambda x: -len(x[0]))
    after = sorted(((w, k) for w, p, k in rows if p == "after"), key=lambda x: -len(x[0]))
    return tuple(before), tuple(after)


def _raw(name: str) -> list[str]:
    from pathlib import Path

    out = []
    for line in (Path(gazetteer_dir()) / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _rows(name: str) -> list[tuple[str, str]]:
    return [tuple(line.split("\t")[:2]) for line in _raw(name)]  # type: ignore[misc]


# Parts of a seat that make one facility name with it (總統府大禮堂).
_PARTS = ("大礼堂", "礼堂", "大楼")


def _kind(surface: str) -> str | None:
    bodies = _bodies()
    if surface in bodies and bodies[surface] == "seat":
        return "seat"
    for head, kind in bodies.items():
        if kind == "works" and surface.endswith(head) and len(surface) > len(head):
            return "works"
    return None


def _cued(text: str, start: int, end: int, kind: str) -> bool:
    before, after = _cues()
    for word, k in before:
        if (k == "build" or kind == "seat") and text.endswith(word, max(0, start - len(word)), start):
            return True
    for word, k in after:
        if (k == "build" or kind == "seat") and text.startswith(word, end):
            return True
    return False


def _prefix_ok(prefix: str, generic: frozenset[str]) -> bool:
    return (_HAN.fullmatch(prefix) is not None and not (set(prefix) & _PREFIX_BAD)
            and prefix not in generic and not any(prefix.startswith(g) for g in generic if len(g) >= 2))


def relabel_buildings(ctx: EntityContext, chosen: list[Candidate]) -> list[Candidate]:
    """Buildings (FAC) vs the bodies housed in them (ORG), by context; see the module docstring."""
    text = ctx.text
    if "医院" not in text and not any(s in text for s, k in _bodies().items() if k == "seat"):
        return chosen
    out: list[Candidate] = []
    build = [w for w, k in _cues()[0] if k == "build"]
    for c in chosen:
        if c.label in ("ORG", "FAC"):
            lead = next((w for w in build if text.startswith(w, c.start)), "")
            if lead and _kind(text[c.start + len(lead):c.end]) == "works":  # 新建人民医院 → 人民医院
                c = Candidate(c.start + len(lead), c.end, c.label, c.source, None, c.aliases)
            kind = _kind(text[c.start:c.end])
            if kind is not None and (_cued(text, c.start, c.end, kind)
                                     or (kind == "works" and _after_fac_hospital(text, c.start, out))):
                end = c.end
                if kind == "seat":
                    end += next((len(p) for p in _PARTS if text.startswith(p, end)), 0)
                c = Candidate(c.start, end, "FAC", c.source, None if end != c.end else c.canonical, c.aliases)
        out.append(c)
    for _ in range(3):  # a list alternates listed and new names (廣華醫院及瑪麗醫院): settle it
        again = _programme_hospitals(text, out)
        if again == out:
            break
        out = again
    # A part appended to a seat may now overlap a following candidate: keep the earlier, longer one.
    kept: list[Candidate] = []
    for c in sorted(out, key=lambda c: c.start):
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


def _programme_hospitals(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Unlisted hospitals of a building programme: after a construction word, before works (明愛醫院第二期
    重建, the name then opening after a joiner or punctuation), or next in a list after one (聯合醫院、廣華醫院);
    a listed hospital after a new one in such a list becomes FAC too."""
    chosen = sorted(chosen, key=lambda c: c.start)
    taken = [False] * (len(text) + 1)
    for c in chosen:
        for i in range(c.start, c.end):
            taken[i] = True
    generic = word_list("generic_modifiers.txt")
    before = [w for w, k in _cues()[0] if k == "build"]
    after = [w for w, k in _cues()[1] if k == "build"]
    found: list[Candidate] = []
    for m in re.finditer("医院", text):
        end = m.end()
        if taken[m.start()]:
            continue
        works_after = any(text.startswith(w, end) for w in after)
        for size in range(2, 6):
            start = m.start() - size
            if start < 0 or taken[start]:
                break
            prefix = text[start:m.start()]
            if not _prefix_ok(prefix, generic):
                continue
            cue = any(text.endswith(w, max(0, start - len(w)), start) for w in before)
            opens = start == 0 or text[start - 1] in _OPENERS
            if cue or (works_after and opens) or _after_fac_hospital(text, start, chosen + found):
                found.append(Candidate(start, end, "FAC", "rule"))
                break
    merged = sorted(chosen + found, key=lambda c: c.start)
    out: list[Candidate] = []
    for c in merged:  # a listed hospital right after a new programme hospital (…瑪麗醫院、廣華醫院)
        if c.label == "ORG" and _kind(text[c.start:c.end]) == "works" and _after_fac_hospital(text, c.start, out):
            c = Candidate(c.start, c.end, "FAC", c.source, c.canonical, c.aliases)
        out.append(c)
    return out


# What may stand right before a hospital name that opens a clause or a list member.
_OPENERS = set("，、。；：及和与\n （(")


def _after_fac_hospital(text: str, start: int, cands: list[Candidate]) -> bool:
    for c in cands:
        if c.label == "FAC" and c.end <= start and start - c.end <= 6 and text.endswith("医院", 0, c.end):
            if _LIST_GAP.match(text[c.end:start]):
                return True
    return False


# ------------------------------------------------------------------------------------------- English
@lru_cache(maxsize=1)
def _english_table() -> dict[str, tuple[str, ...]]:
    from pipeline.stages.entities_en_words import english_dir

    rows: dict[str, list[str]] = {}
    for line in (english_dir() / "building_cues.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            kind, item = line.split("\t")[:2]
            rows.setdefault(kind, []).append(item)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in rows.items()}


_THE = re.compile(r"(?:\s+the)?\s+$")


def relabel_buildings_en(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """English: "redevelop Kwong Wah Hospital", "arrived at the Presidential Office" → FAC; "the
    Presidential Office said", "Queen Mary Hospital announced" stay ORG (the body)."""
    t = _english_table()
    out = []
    for c in chosen:
        name = text[c.start:c.end]
        seat = name.endswith(t["seat"])
        if c.label == "ORG" and (seat or name.endswith(t["works"])):
            window = text[max(0, c.start - 30):c.start]
            stripped = _THE.sub("", window) if _THE.search(window) else window.rstrip()
            cues = t["before"] + (t["move"] if seat else ())
            before = any(re.search(rf"(?:^|\W){re.escape(w)}$", stripped, re.IGNORECASE) for w in cues)
            after = any(re.match(rf"\s+{re.escape(w)}\b", text[c.end:c.end + 20]) for w in t["after"])
            if before or after:
                c = Candidate(c.start, c.end, "FAC", c.source, c.canonical, c.aliases)
        out.append(c)
    return out
