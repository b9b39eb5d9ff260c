"""Context attachment: qualifiers, direction, subject and time of each figure."""

from __future__ import annotations

import bisect
import re

from pipeline.stages.figures.calendar import COMPARED_AFTER_RE, COMPARED_BEFORE_RE  # (a comparison base)
from pipeline.stages.figures.classify import SINCE_RE
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.resources import LATIN_FOLD_RE, Qualifier, Resources, _is_latin

CLAUSE_BREAK = set("，,。；;：:！？!?\n")
SENTENCE_BREAK = set("。；;！？!?\n")
TIME_BEFORE_YEAR_RE = re.compile(r"\b(?:in|by|as of)\s+$", re.IGNORECASE)
TIME_AFTER_RE = re.compile(r"\s*(?:in|by|as of|for|at the end of)\s+", re.IGNORECASE)

LINK_RE = re.compile(r"(?:达到|达|为|是|有|在|了)$")


def _prefix_qualifier(norm: str, start: int, res: Resources) -> Qualifier | None:
    """Qualifier right before the figure, looking through a link verb (至少达到50%, 约有三成)."""
    left = norm[max(0, start - 14) : start]
    q = _prefix_qualifier_at(left, res)
    if q is None:
        stripped = LINK_RE.sub("", left)
        if stripped != left:
            q = _prefix_qualifier_at(stripped, res)
    return q


def _prefix_qualifier_at(left: str, res: Resources) -> Qualifier | None:
    m = res.prefix_qual_re.search(left)
    if m is None:
        return None
    word = (m.group("cn") or m.group("en")).lower()
    return next((q for q in res.prefix_qualifiers if q.surface.lower() == word), None)


def _clause_start(norm: str, pos: int, breaks: set[str]) -> int:
    i = pos - 1
    while i >= 0 and norm[i] not in breaks:
        if norm[i] == "." and i + 1 < len(norm) and norm[i + 1] == " ":
            break
        i -= 1
    return i + 1


QUANTITY_SUBJECT_REACH = 8


def _subject(norm: str, fig: dict, res: Resources) -> str | None:
    kind = fig["kind"] if fig["kind"] != "range" else ("percent" if fig["unit"] in ("%", "pp") else
                                                        "money" if fig["unit"] and fig["unit"].isupper() and len(fig["unit"]) == 3 else "quantity")
    if kind not in ("percent", "money", "quantity"):
        return None
    cs = _clause_start(norm, fig["start"], CLAUSE_BREAK)
    if kind == "quantity":  # quantities: only a word right before (产量达2.6万吨), never one clauses away
        window = norm[max(cs, fig["start"] - 2 * QUANTITY_SUBJECT_REACH) : fig["start"]]
        reach = 2 * QUANTITY_SUBJECT_REACH if window.isascii() else QUANTITY_SUBJECT_REACH  # "pressure of 14 GPa"
        cs = max(cs, fig["start"] - reach)
    best = None
    subjects = res.subject_re if LATIN_FOLD_RE.search(norm, cs, fig["start"]) else res.subject_cjk_re
    for m in subjects.finditer(norm, cs, fig["start"]):
        word = m.group(0)
        kinds = res.subject_kinds.get(word) or res.subject_kinds.get(word.upper()) or next(
            (v for k, v in res.subject_kinds.items() if k.lower() == word.lower()), frozenset())
        if kind in kinds:
            if best is None or m.end() > best.end() or (m.end() == best.end() and len(word) > len(best.group(0))):
                best = m
    if best is not None:
        return best.group(0)
    if kind == "quantity":  # 14 GPa压力, 30 MPa的压力
        at = fig["end"] + (1 if norm[fig["end"] : fig["end"] + 1] == "的" else 0)
        latin = LATIN_FOLD_RE.search(norm, at, at + res.subject_max_len)
        m = (res.subject_re if latin else res.subject_cjk_re).match(norm, at)
        if m and "quantity" in res.subject_kinds.get(m.group(0), frozenset()):
            return m.group(0)
    return None



def _finish(norm: str, text: str, raw: Raw, res: Resources, sentences: list[tuple[int, int]],
            sent_starts: list[int]) -> dict:
    start, end = raw.start, raw.end
    approx, bound = raw.approximate, raw.bound
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range", "duration"):
        q = _prefix_qualifier(norm, start, res)
        if q is not None and not (raw.kind == "duration" and q.surface in ("近", "将近", "接近", "预计", "估计")):
            approx = approx or q.approximate
            bound = bound or q.bound
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range", "duration"):
        for sq in res.suffix_qualifiers:
            if norm.startswith(sq.surface, end) if not _is_latin(sq.surface) else (
                    norm[end : end + 1] == " " and norm[end + 1 : end + 1 + len(sq.surface)].lower() == sq.surface
                    and not norm[end + 1 + len(sq.surface) : end + 2 + len(sq.surface)].isalnum()):
                if sq.surface == "内" and raw.kind != "duration":
                    continue
                end += len(sq.surface) + (1 if _is_latin(sq.surface) else 0)
                approx = approx or sq.approximate
                bound = bound or sq.bound
                if raw.kind == "duration":
                    tail = SINCE_RE.match(norm, end)
                    if tail and tail.group(0) != "间":
                        end = tail.end()
                break
    if raw.kind == "duration" and norm[max(0, start - 2) : start] == "连续":
        start -= 2
    direction = None
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range"):
        q = _prefix_qualifier(norm, raw.start, res)
        head = raw.start - (len(q.surface) if q else 0)
        window = norm[max(0, head - 16) : raw.start]
        m = res.direction_re.search(window)
        if m is None:  # 降低能耗20%: the verb, then the measured noun, then the figure
            latin = LATIN_FOLD_RE.search(norm, max(0, head - 12), head)
            sm = (res.subject_end_re if latin else res.subject_cjk_end_re).search(norm, max(0, head - 12), head)
            if sm is not None:
                m = res.direction_re.search(norm[max(0, sm.start() - 16) : sm.start()])
        if m:
            word = (m.group("cn") or m.group("en")).lower()
            if not (word == "up" and re.match(r"up\s+to\b", m.group(0), re.IGNORECASE)):  # "up to" is a bound
                direction = res.direction_of.get(word)
    sentence = 0
    if sentences:
        sentence = max(0, bisect.bisect_right(sent_starts, start) - 1)
    return {
        "text": text[start:end],
        "kind": raw.kind,
        "value": raw.value,
        "low": raw.low,
        "high": raw.high,
        "unit": raw.unit,
        "approximate": approx,
        "bound": bound,
        "direction": direction,
        "start": start,
        "end": end,
        "sentence": sentence,
        "subject": None,
        "time": None,
        "date": raw.date,
        "currency_source": raw.currency_source,
    }


def _attach_times(norm: str, figures: list[dict]) -> None:
    """time = the date right after the figure ('in 2019') or the nearest absolute date before it in the
    sentence: a year, a resolved month or day (9月28日 → 2021-09-28), a quarter or half, or a period
    (1—11月份 → 2021-01/2021-11) — GUIDELINES §6, the closest governing date."""
    years = [f for f in figures if f["kind"] in ("date", "range") and (f["date"] or "")[:4].isdigit()]
    year_starts = [y["start"] for y in years]
    by_start = {y["start"]: y for y in years}
    for fig in figures:
        if fig["kind"] not in ("percent", "money", "quantity", "range") or (fig["kind"] == "range" and fig["date"]):
            continue
        after = TIME_AFTER_RE.match(norm, fig["end"])
        if after:
            pos = after.end()
            hit = by_start.get(pos)
            if hit is not None:
                fig["time"] = hit["date"]
                continue
        ss = _clause_start(norm, fig["start"], SENTENCE_BREAK)
        best = None
        lo = bisect.bisect_left(year_starts, ss)
        hi = bisect.bisect_right(year_starts, fig["start"])
        for y in years[lo:hi]:
            if COMPARED_BEFORE_RE.search(norm, max(0, y["start"] - 14), y["start"]) or COMPARED_AFTER_RE.match(
                    norm, y["end"]):
                continue  # 比2015年上涨2.0%, 与上年同期相比, compared with 2022: the base, not the figure's time
            if ss <= y["start"] and y["end"] <= fig["start"]:
                if "《" in norm[max(ss, y["start"] - 30) : y["start"]] and "》" in norm[y["end"] : fig["start"]]:
                    continue
                best = y
        if best is None:  # English: "... 10.5% of national GDP in 2023"
            ce = fig["end"]
            while ce < len(norm) and norm[ce] not in CLAUSE_BREAK and not (norm[ce] == "." and norm[ce + 1 : ce + 2] in (" ", "")):
                ce += 1
            for y in years[bisect.bisect_left(year_starts, fig["end"]) : bisect.bisect_left(year_starts, ce)]:
                if TIME_BEFORE_YEAR_RE.search(norm, max(0, y["start"] - 8), y["start"]):
                    best = y
                    break
        if best is not None:
            fig["time"] = best["date"]


