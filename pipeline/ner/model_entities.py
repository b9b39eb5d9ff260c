"""The trained CRF inside the entity stage: its spans, the form filter and the evidence that lets a span in.

:class:`ModelEntities` tags every sentence piece (:func:`sentence_pieces`), turns the tags into candidate
spans (trimmed, relabelled: :meth:`ModelEntities._candidate`), keeps those with a plausible form
(:meth:`ModelEntities._plausible`) or, failing that, a joint marginal of at least ``_SURE``
(``confidence.py``), and only *adds* them where rules and gazetteers found nothing — except that a longer
model span may replace the shorter names inside it (:meth:`ModelEntities._extends`). Split from
``combine.py``, which keeps the order of the whole chain.
"""

from __future__ import annotations

import re

from pipeline.ner.confidence import span_confidences
from pipeline.ner.context import EntityContext
from pipeline.ner.data import tags_to_spans
from pipeline.ner.evidence import foreign_name_form, has_cue, is_transliteration, person_evidence
from pipeline.ner.model import load_fast_tagger
from pipeline.ner.resources import gazetteer, word_list
from pipeline.ner.rules import Candidate, looks_like_person
from pipeline.ner.spans import (
    _GPE_SUFFIX,
    _gpe_names,
    _place_names,
    _translit,
    clean_candidates,
    drop_generic,
    merge_place_prefix,
    split_foreign_prefix,
)

_MODEL_LABELS = {"PERSON", "ORG", "LOC", "GPE", "FAC"}
_ORG_END_CHARS_T = tuple("司行厂队委署厅盟社团部局会所院校党协处")
_PLACE_END = tuple("省市县区镇乡村州国洲岛山河湖江街湾港")
# One-character heads of estates, streets and villages: a "name" right before one is part of a place name.
_NAMED_PLACE_HEADS = tuple("村邨街苑")
_SURE = 0.95  # the CRF's joint marginal above which a span needs no other evidence (confidence.py)
_PROPER_TAGS = ("nr", "ns", "nt", "nz", "j")  # segmenter tags of a word that may be a name on its own
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")
_DATELINE = re.compile(r"[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:电|讯)")
_COUNCIL_ENDS = ("委会", "事会", "工会", "协会", "学会", "商会", "议会", "联会", "总会")
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十百千两几数多余]+[个座处]")
_MAX_PIECE = 300  # characters per CRF sequence: Viterbi steps grow with the longest sequence
_PIECE_BREAK = re.compile(r"[,，、:：\s]")


class ModelEntities:
    """Hosts the character CRF; adds model entities where rules and gazetteers found nothing."""

    def __init__(self, model_dir: str | None, labels: set[str], form_filter: bool = True) -> None:
        self.tagger = load_fast_tagger(model_dir)
        self.form_filter = form_filter
        self.labels = labels & _MODEL_LABELS
        self.places = {e.name: e for e in gazetteer()}
        self.fac_heads = tuple(word_list("facility_heads.txt"))
        self.org_suffixes = tuple(word_list("org_suffixes.txt"))
        self.natural_ends = tuple(word_list("natural_feature_ends.txt"))
        self.team_heads = tuple(word_list("team_heads.txt"))

    def _has_head(self, ctx: EntityContext, surface: str, label: str, end: int) -> bool:
        """Ends with a listed head word; a one-character head (队, 局 …) only as its own word or inside a
        proper-noun word, so 布局 or 高校 do not count."""
        if label != "ORG":
            return surface.endswith(self.fac_heads)
        if surface.endswith(self.org_suffixes):
            return True
        if not surface.endswith(_ORG_END_CHARS_T):
            return False
        last = ctx.word_index.word_ending_at(end)
        if last is None or last[1] - last[0] == 1 or last[2] in ("nt", "nz"):
            return True
        # A word of three or more characters closing with the head is a body's name (宇航局, 蝶阀厂, 杂志社,
        # 自由党, 组委会, 理事会); two-character words are everyday words (布局, 高校, 当局, 结局), and
        # X会 of three is as often an event (博览会, 运动会): only a council or union form counts.
        word = ctx.text[last[0]:last[1]]
        if len(word) < 3:
            return False
        return not word.endswith("会") or word.endswith(_COUNCIL_ENDS)

    def _plausible(self, ctx: EntityContext, surface: str, label: str, start: int, end: int) -> bool:
        """Report text is far from news text: accept a model span only when its form supports the label.

        PERSON: a surname-initial Han name; GPE/LOC: a known place, an administrative/geographic
        ending, or segmenter words all tagged ns; ORG/FAC: an organisation/facility head, or a
        segmenter word tagged nt (spans on word boundaries). With ``form_filter`` off (news-style
        text) every model span is kept.
        """
        if not self.form_filter:
            return True
        index = ctx.word_index

        def inner_tags() -> list[str]:  # the segmenter's tags inside the span, when it is word-aligned
            if not (index.is_boundary(start) and index.is_boundary(end)):
                return []
            return [p for _, _, p in index.range(start, end)]

        if label == "PERSON":
            word = index.word_ending_at(end)
            segmenter_name = word is not None and word[0] == start and word[2] == "nr"
            tags = inner_tags()
            proper = bool(tags) and all(p.startswith(("nr", "ns", "nz")) for p in tags)
            if not person_evidence(ctx.text, start, end, ctx.person_spans, _place_names(), ctx.cued_name,
                                   segmenter_name, proper) or ctx.text.startswith(_NAMED_PLACE_HEADS, end):
                return False  # 海丽 in 海丽邨 / 海丽村: a place
            if surface.endswith(_PLACE_END + _ORG_END_CHARS_T + ("站",)):
                # 马鬃山, 海丽村 read as names, but also 江建国, 周真国, 陈开河: a name ending like a place needs
                # a cue here or at another occurrence (记者江建国, 校长周真国, a list of persons)
                return has_cue(ctx.text, start, end, ctx.person_spans) or ctx.cued_name(surface)
            return True
        if label in ("GPE", "LOC"):
            if _COUNTED.match(surface):
                return False  # 5个村, 三个乡镇: a count of divisions, not a place
            return (surface in self.places or surface.endswith(_PLACE_END + self.natural_ends)
                    or is_transliteration(surface) or foreign_name_form(surface)
                    or self._listed_with_place(ctx, start, end) or self._place_context(ctx, start, end)
                    or (bool(tags := inner_tags()) and all(p == "ns" for p in tags)))
        if self._has_head(ctx, surface, label, end):
            return True
        if self._is_team(surface, label):
            return True
        return "nt" in inner_tags()

    def _candidate(self, ctx: EntityContext, start: int, end: int, label: str, known_starts: set[int],
                   stop: frozenset[str]) -> Candidate | None:
        """The model span [start, end) made a candidate: leading words trimmed, label refined, or None."""
        text = ctx.text
        if self.form_filter:
            trimmed = clean_candidates(ctx, [Candidate(start, end, label, "model")], known_starts)
            if not trimmed:
                return None
            start = trimmed[0].start
        surface = text[start:end]
        if surface.strip() != surface or len(surface) < 2 or surface in stop:
            return None
        if self._abbreviation_compound(surface):
            return None  # 澳琴, 粤港, 京津冀: a compound of one-character abbreviations is no place name
        if label == "FAC" and surface.endswith(self.natural_ends) and not surface.endswith(self.fac_heads):
            label = "LOC"  # 狼牙山, 珠峰: a natural feature is a place, whatever the model said
        if label in ("LOC", "GPE") and _bare_division_after(ctx, end):
            end += 1  # 马鬃山 + 村 : the village 马鬃山村 is the place
            surface = text[start:end]
        if label in ("LOC", "GPE") and surface not in self.places and surface.endswith(self.fac_heads):
            label = "FAC"  # 金水大道, 北京音乐厅, 隆福广场: a named facility (guidelines §5), not a region
        if label == "LOC":
            label = refine_place(surface, self.places)
        if label not in self.labels and not (label == "GPE" and "LOC" in self.labels):
            return None
        return Candidate(start, end, label, "model")

    def _vetoed(self, ctx: EntityContext, surface: str, label: str, start: int, end: int) -> bool:
        """No confidence makes these names: a person that is a known place or a common word shaped like a
        name (周密, 林权, 哈希: name_shaped_common / name_shaped_words), a counted division (5个村), a span
        the segmenter reads as one common word (地球, 太阳系, 中华: n, v, a …, not a proper-noun tag)."""
        if label == "PERSON" and (surface in self.places or surface in word_list("name_shaped_common.txt")
                                  or surface in word_list("name_shaped_words.txt") or not _HAN_NAME.match(surface)):
            return True
        word = ctx.word_index.word_ending_at(end)
        if word is not None and word[0] == start and not word[2].startswith(_PROPER_TAGS):
            return True
        return bool(_COUNTED.match(surface))

    def _listed_with_place(self, ctx: EntityContext, start: int, end: int) -> bool:
        """In a 、-list next to a known place (巴黎、马赛、里昂; 塞舌尔、纳米比亚): the list's kind is the span's.
        The neighbour is the whole item between the separators, not a prefix of it (東京 in 東京街西)."""
        text = ctx.text
        if start > 1 and text[start - 1] == "、":
            if any(text[max(0, start - 1 - n):start - 1] in self.places for n in range(2, 6)):
                return True  # a known place closing the item before (在巴黎、马赛)
        if end < len(text) - 1 and text[end] == "、":
            rights = [i for i in (text.find(c, end + 1, end + 12) for c in _ITEM_BREAKS) if i > 0]
            if rights and text[end + 1:min(rights)] in self.places:
                return True
        return False

    def _place_context(self, ctx: EntityContext, start: int, end: int) -> bool:
        """Right after a known country or region (德国罗滕堡, 西班牙巴塞罗那), or the place of a dateline
        (本报波恩５月２５日电, 新华社东京5月3日电): news and press releases in every script."""
        text = ctx.text
        if any(text[max(0, start - n):start] in self.places and text[start - 1] == "国"
               for n in range(2, 6)):
            return True
        return bool(_DATELINE.match(text, end))

    def _abbreviation_compound(self, surface: str) -> bool:
        """Two to four one-character region abbreviations (region_abbreviations.txt) that are not
        themselves a gazetteer place (台中, 巴西 are)."""
        if not 2 <= len(surface) <= 4 or surface in self.places:
            return False
        letters = word_list("region_abbreviations.txt")
        return all(char in letters for char in surface)

    def _is_team(self, surface: str, label: str) -> bool:
        """A team or delegation named after a place: 古巴队, 重庆红岩队, 中国代表团 (team_heads.txt)."""
        return label == "ORG" and surface.endswith(self.team_heads) and self._starts_with_place(surface)

    def _starts_with_place(self, surface: str) -> bool:
        """A known place (two or more characters) opens the span: 古巴队, 重庆红岩队."""
        return any(surface[:n] in self.places for n in range(2, min(len(surface) - 1, 6) + 1))

    def _extends(self, ctx: EntityContext, inner: list[Candidate], surface: str, label: str, start: int,
                 end: int) -> bool:
        """May the model span replace the shorter names strictly inside it (guidelines §5: no nesting, the
        longest name)? An ORG/FAC with its own head over places (广州松日队 over 广州) or over a body and a
        unit of it (人民日报群工部, 国家工商局公平交易局, 財政部財稅資料中心: the head closes the span after
        the inner body); a place that adds an administrative ending to a known place (新德里市, 红海省);
        a full Chinese name over a short gazetteer word inside it (刘清华 over 清华, 吴高盛 over 高盛)."""
        if not all(c.start >= start and c.end <= end for c in inner) or any(c.source == "byline" for c in inner):
            return False
        last_end = max(c.end for c in inner)
        if label in ("ORG", "FAC"):
            if not (self._has_head(ctx, surface, label, end) or self._is_team(surface, label)):
                return False
            if all(c.label in ("GPE", "LOC") for c in inner):
                return True
            return (all(c.label in ("GPE", "LOC", "ORG") for c in inner) and last_end < end
                    and min(c.start for c in inner) == start and ctx.word_index.is_boundary(last_end)
                    and not any(ch in _LIST_JOINERS for ch in ctx.text[last_end:end]))
        if label in ("GPE", "LOC"):
            return (len(inner) == 1 and inner[0].label in ("GPE", "LOC") and inner[0].start == start
                    and end - inner[0].end == 1 and surface.endswith(_CHAIN_END))
        if label == "PERSON":
            return (len(inner) == 1 and inner[0].source == "gazetteer" and looks_like_person(surface)
                    and 3 <= len(surface) and (inner[0].label != "PERSON" or inner[0].start == start))
        return False

    def add(self, ctx: EntityContext, existing: list[Candidate]) -> list[Candidate]:
        """``existing`` plus the model's plausible spans that do not collide with it, sorted by start."""
        text = ctx.text
        stop = word_list("stoplist.txt")
        owner = [-1] * len(text)
        for idx, c in enumerate(existing):
            for i in range(c.start, c.end):
                owner[i] = idx
        added: list[Candidate] = []
        removed: set[int] = set()
        pieces = sentence_pieces(text, ctx.sentences)
        items = [(text[s_start:s_end], ctx.word_index.range(s_start, s_end)) for s_start, s_end in pieces]
        known_starts = {c.start for c in existing}
        ctx.person_spans = [(c.start, c.end) for c in existing if c.label == "PERSON"]
        emissions = self.tagger.emissions_many(items)
        paths = self.tagger.viterbi(emissions)
        labels = self.tagger.labels
        tagged = [(s_start, tags_to_spans([labels[j] for j in path]))
                  for (s_start, _), path in zip(pieces, paths)]
        if self.form_filter:  # full names the model found are list neighbours (林必炎、卢晓英、陈开河)
            ctx.person_spans += [(s_start + a, s_start + b) for s_start, spans in tagged for a, b, lab in spans
                                 if lab == "PERSON" and b - a >= 3 and looks_like_person(text[s_start + a:s_start + b])]
        found: list[tuple[Candidate, set[int], tuple[int, int, int] | None]] = []
        for k, (s_start, spans) in enumerate(tagged):
            for ms, me, label in split_place_chains(ctx, [(s_start + a, s_start + b, lab) for a, b, lab in spans]):
                cand = self._candidate(ctx, ms, me, label, known_starts, stop)
                if cand is None:
                    continue
                plausible = self._plausible(ctx, text[cand.start:cand.end], cand.label, cand.start, cand.end)
                if not plausible and self._vetoed(ctx, text[cand.start:cand.end], cand.label, cand.start, cand.end):
                    continue
                inside = {owner[i] for i in range(cand.start, cand.end) if owner[i] >= 0}
                if inside and not self._extends(ctx, [existing[o] for o in inside], text[cand.start:cand.end],
                                                cand.label, cand.start, cand.end):
                    continue
                found.append((cand, inside, None if plausible else (k, ms - s_start, me - s_start)))
        sure = span_confidences(emissions, paths, self.tagger.trans, [q for _, _, q in found if q is not None])
        for cand, inside, query in found:
            if query is None or sure[query] >= _SURE:
                removed |= inside
                added.append(cand)
        kept = [c for i, c in enumerate(existing) if i not in removed]
        merged = merge_place_prefix(text, sorted(kept + added, key=lambda c: c.start))
        return drop_generic(text, split_foreign_prefix(text, merged, _gpe_names(), _translit()))


_CHAIN_END = tuple("省市县区镇乡州")
_ITEM_BREAKS = "、，。；：,;:（(“\n和及与等"  # what ends an item of a list of places
_LIST_JOINERS = "及和与、,，/"  # two bodies side by side (广华医院及玛丽医院), not a body and its unit
_BARE_DIVISION = "村镇乡"


def _bare_division_after(ctx: EntityContext, end: int) -> bool:
    """村 / 镇 / 乡 right after a place span ends the place's name (马鬃山村; not 马鬃山 + 村民: the words of
    ``division_followers.txt``); the segmenter glues it either way (马鬃山/村及, 马鬃山/村属)."""
    text = ctx.text
    return (end < len(text) and text[end] in _BARE_DIVISION
            and text[end:end + 2] not in word_list("division_followers.txt"))


def split_place_chains(ctx: EntityContext, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A model place span that chains divisions (巴东县官渡口镇) is one mention per division (guidelines
    §10; MSRA annotates the same way): cut after an administrative ending that closes a segmenter word,
    when both sides keep two or more characters."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if label not in ("LOC", "GPE") or end - start < 5:
            out.append((start, end, label))
            continue
        cut = start
        for i in range(start + 2, end - 1):
            if ctx.text[i - 1] in _CHAIN_END and i - cut >= 2 and end - i >= 2 and ctx.word_index.is_boundary(i):
                out.append((cut, i, label))
                cut = i
        out.append((cut, end, label))
    return out


def sentence_pieces(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, with very long ones (no punctuation for hundreds of characters) cut into pieces at
    the last comma or space before the limit (hard cut if none): the CRF's context is local."""
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        while end - start > _MAX_PIECE:
            cut = start + _MAX_PIECE
            breaks = [m.end() for m in _PIECE_BREAK.finditer(text, start + _MAX_PIECE // 2, cut)]
            cut = breaks[-1] if breaks else cut
            out.append((start, cut))
            start = cut
        if end > start:
            out.append((start, end))
    return out


def refine_place(surface: str, places: dict) -> str:
    """The model knows one place label; the gazetteer or an administrative suffix makes it GPE."""
    entry = places.get(surface)
    if entry is not None:
        return entry.label
    if surface.endswith(_GPE_SUFFIX):
        return "GPE"
    return "LOC"
