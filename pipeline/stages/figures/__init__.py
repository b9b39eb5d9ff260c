"""Figures: every number a report states, as a normalised fact (value, unit, subject, time).

How it works (all vocabulary lives in ``pipeline/resources/figures/``):
1. the text is width-normalised (１２％ → 12%, one character for one, so offsets hold);
2. number cores are found: Arabic (1,200 / 5.45) with an optional scale (万, 亿, 万亿,
   "trillion"), or Chinese numerals (两千零二十三, 十三点五七万亿, 二〇二四);
3. cores inside fixed words (一批, 一流, 珠三角, 党的二十大, 表1, phone numbers …) are dropped;
4. each core is classified by what surrounds it: 第 → ordinal, %/个百分点/成 → percent,
   currency → money, 年 after a year → date, 年/个月/天 → duration, unit → quantity,
   measure word → cardinal; two cores joined by 至/—/~ become a range;
5. qualifiers (约, 左右, 超过 …), change verbs (增长, 下降 …), the subject (nearest
   metric word before it in the clause) and the time (nearest year governing it) are attached.

Decisions (the case table tests/figures_cases.yaml pins each one):
- "9+2" (the 9 Guangdong cities + Hong Kong and Macao) is a cardinal of value 11;
- 一 alone before a measure word (一种, 一个) is an article, not a count; a Chinese numeral
  with nothing after it is never a figure (一流, 百花); a bare Arabic number is a cardinal,
  a bare year 1900–2099 a date, a bare digit string of 5+ digits an identifier (dropped);
- text: prefix qualifiers stay out (约2.2万亿元 → "2.2万亿元"), suffix ones and 连续/来 stay in
  (20年左右, 连续5年, 5年来); 第 is part of an ordinal's text (第4台);
- values are kept in the stated unit (5纳米 → 5 nm); percent values are percents (5.45, not
  0.0545); 倍/times → unit "x"; fractions (1/4, 四分之一) → cardinal 0.25; 千分之五 → 0.5 %;
- dates: value = the year (None for 3月5日), ``date`` = ISO partial ("2024-03", "--03-05");
  year ranges → kind range, low/high years, date "2023/2025"; value of any range is None;
- ¥/￥ and 元 are CNY; 澳元 is AUD, 澳门元/澳门币 MOP; $ alone is USD.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from pipeline.document import Document
from pipeline.numbers import normalize_width, parse_arabic, parse_chinese, scale_value
from pipeline.stages.figures.calendar import calendar_figures, resolve_dates, unresolved
from pipeline.stages.figures.calendar import EN_DATE_RE, ISO_DATE_RE, MONTH_HINTS, MONTHS
from pipeline.stages.figures.classify import PERCENT_RE, RANGE_SEP_RE, _classify, _make_range
from pipeline.stages.language import has_han
from pipeline.stages.figures.english import english_phrases
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.halves import half_durations
from pipeline.stages.figures.context import _attach_times, _finish, _subject
from pipeline.stages.figures.numerals import (EN_ORD_RIGHT_BLOCK, EN_WORD_LEFT_BLOCK, EN_WORD_LEFT_BLOCK_ORD,
    EN_WORD_RIGHT_BLOCK, Core, english_word_value, EN_ORDINAL_RE, FRACTION_RE, ORDINAL_FIRST_RE, BlockCheck,
    _find_cores, _overlaps)
from pipeline.stages.figures.protect import protected_spans
from pipeline.stages.figures.spans import (AND_RE, BETWEEN_RE, SIGNED, _approximate_spans, _from_before,
    _merge_dates, _outside_titles, _outside_toc, _share_from_to, _share_list_units, _sign_before)
from pipeline.region import detect_region, paragraph_regions
from pipeline.stages.figures.calendar import document_facts
from pipeline.stages.figures.tables import table_cells
from pipeline.stages.figures.resources import WRAP, Facts, Resources, default_resource_dir, load_resources, resource_dir

__all__ = ["KINDS", "BlockCheck", "default_resource_dir", "extract_figures", "load_resources", "protected_spans"]

KINDS = ("percent", "money", "quantity", "date", "duration", "cardinal", "ordinal", "range")


def extract_figures(doc: Document) -> list[dict]:
    """All figures of ``doc.text`` as dicts (clean offsets), in text order."""
    text = doc.text
    res = load_resources(str(resource_dir(doc)))
    region = doc.source.get("region")
    if region is None:
        region = doc.source["region"] = detect_region(text, doc.source.get("variant"))
    facts = document_facts(text, region, (doc.metadata or {}).get("date"))
    facts = dataclasses.replace(facts, paragraphs=paragraph_regions(text, region))
    return _extract(text, doc.sentences, res, facts)


WRAP_RE = re.compile(r"(?<=[0-9]) ?\n(?=[\u4e00-\u9fff])")  # 75 000\n個, 24\n小時 (Hong Kong Hansard)
def _wrap(m: re.Match[str], res: Resources) -> str:
    """A line break between a number and its unit stands for a hard wrap (WRAP), unless the number
    is alone on its line (a page number: 立法會 ─ 2013年 4月 17日 ⏎ 5745 ⏎ 巴士…) or the next line
    does not start with a unit, measure word, currency or calendar word (a new line of text)."""
    text, end = m.string, m.end()
    line_start = text.rfind("\n", 0, m.start()) + 1
    if not text[line_start : m.start()].strip(" 0123456789,."):
        return m.group()
    if not (text[end] in "年月日号" or res.units_cjk_lex.match(text, end, allow_space=False)
            or res.classifier_lex.match(text, end, allow_space=False)
            or res.currency_lex.match(text, end, allow_space=False)):
        return m.group()
    return " " * (len(m.group()) - 1) + WRAP


# 一 before a measure word is an article (一个, 一种), but a count after a word that limits or compares it:
# 至少一位, 只开设一个, 仅一家, 将近一年, 短短一个月, 上升一位 (not 最近一次, 只是一个, 不仅一个)
COUNT_ONE_RE = re.compile(
    r"(?:(?<![最附])近|将近|接近|至少|最少|仅仅|仅有|(?<!不)仅|只有|(?<![不])只(?!是)|短短|超过|逾|不到|不足|上升|下降|提升|"
    r"跃升|下滑|多了|少了)(?:[\u4e00-\u9fff](?<![是要])){0,2}\Z")

# ... and a duration after 过去 / 未来 / 今后: 过去一年, 未來一個月 (GUIDELINES §10) — not 今后一段时期
PAST_ONE_RE = re.compile(r"(?:过去|未来|今后)(?:的)?\Z")


NAME_BEFORE_RE = re.compile(r"\b[A-Z][A-Za-z]+\s\Z")
EN_LIST_OPENER_RE = re.compile(r"(?:^|[.;:!?\n]\s{0,2}|\n\s*)\Z")
ASCII_WORD_RE = re.compile(r"[A-Za-z]{3}")


def _english_words(norm: str, res: Resources, facts: Facts, blocked: BlockCheck) -> list[Raw]:
    """Number words in English prose: "five banks", "four months", "a five-year term", "the sixth-largest",
    "one million"; each classified like the digits it stands for."""
    table = res.english_words
    out = []
    for m in res.english_word_re.finditer(norm):
        s, e = m.span()
        left = norm[max(0, s - 8) : s]
        if blocked(s, e):
            continue
        if m.group("ord"):
            if EN_WORD_LEFT_BLOCK_ORD.search(left) or EN_ORD_RIGHT_BLOCK.match(norm, e):
                continue
            if m.group("ord")[0].isupper() and NAME_BEFORE_RE.search(norm, max(0, s - 20), s):
                continue  # Kotlin First, America First: part of a name
            if norm[e : e + 1] == "," and EN_LIST_OPENER_RE.search(norm, max(0, s - 3), s):
                continue  # "First, the Fed raised rates. Second, …": list openers, not figures
            out.append(Raw(s, e, "ordinal", table[m.group("ord").lower()][0], core_end=e))
            continue
        if m.group("card").lower() == "one" and (EN_WORD_LEFT_BLOCK.search(left) or EN_WORD_RIGHT_BLOCK.match(norm, e)):
            continue
        value = english_word_value(m.group("card"), table)
        if value is None:
            continue
        scaled = " " in m.group("card").strip()
        core = Core(s, e, value, m.group(0), False, scaled, 0)
        if norm.startswith("-", e):  # a five-year term
            hit = res.units_lex.match(norm, e + 1, allow_space=False)
            if hit and hit[1][2] == "duration":
                out.append(Raw(s, hit[0], "duration", value, unit=hit[1][1], core_end=e))
                continue
        raw = _classify(norm, core, res, facts)
        if raw is not None and raw.kind != "date":
            out.append(raw)
    return out


# mixed fractions in English rates (the federal funds rate "4-1/4 to 4-1/2 percent", "4 to 4‑1/4 percent")
_MIXED = r"\d{1,2}(?:[-‑ ]\d/\d)?"
MIXED_FRACTION_RE = re.compile(
    rf"(?<![\d./])(?:(?P<a>{_MIXED})\s(?:to|and)\s)?(?P<b>\d{{1,2}}[-‑ ]\d/\d|(?<=to\s){_MIXED})"
    r"\s(?P<unit>percent(?:age points?)?)\b")


def _mixed_value(text: str) -> float:
    """4-1/4 → 4.25, 4 → 4."""
    whole, _, frac = text.replace("‑", "-").replace(" ", "-").partition("-")
    if not frac:
        return int(whole)
    num, den = frac.split("/")
    return round(int(whole) + int(num) / int(den), 6)



def _extract(text: str, sentences: list[tuple[int, int]], res: Resources, facts: Facts = Facts()) -> list[dict]:
    lined = normalize_width(text)
    norm = WRAP_RE.sub(lambda m: _wrap(m, res), lined) if "\n" in lined else lined  # number ⏎ unit: one figure
    blocked = BlockCheck(norm, res)
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = []

    def take(raw: Raw) -> None:
        raws.append(raw)
        bisect.insort(taken, (raw.start, raw.end))

    # cells of a table flattened to one cell per line take their column header's unit
    for raw in table_cells(lined, res, facts):
        take(raw)
    # calendar expressions without a number + 年/月/日 shape (2021/22年度, 80年代, 明年, 今(29)日, 1140424)
    for raw in calendar_figures(norm, facts):
        if not _overlaps(taken, raw.start, raw.end):
            take(raw)
    for raw in half_durations(norm):  # 半小时, 两年半, half an hour
        if not _overlaps(taken, raw.start, raw.end) and not blocked(raw.start, raw.end):
            take(raw)
    # English phrases: quarters, fiscal years, decades, half a percentage point, one in five
    for raw in english_phrases(norm) if ASCII_WORD_RE.search(norm) else ():
        if not _overlaps(taken, raw.start, raw.end) and (raw.kind == "date" or not blocked(raw.start, raw.end)):
            take(raw)  # (Q3, FY2025 look like the letter+digit codes the block list drops)
    # fixed-shape dates first (2024-03-05, March 2024)
    for m in ISO_DATE_RE.finditer(norm):
        if _overlaps(taken, *m.span()) or blocked(*m.span()):
            continue  # inside a fiscal year already read (2007/08學年), or a URL's path
        month = int(m.group(3))
        day = int(m.group(4)) if m.group(4) else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        if m.group(2) == "-" and day is None and not m.group(3).startswith("0"):
            continue  # 2023-2025 style ranges are handled below; 2019-03 is a month
        if m.group(2) == "." and day is None:
            continue
        date = f"{m.group(1)}-{month:02d}" + (f"-{day:02d}" if day else "")
        take(Raw(m.start(), m.end(), "date", int(m.group(1)), date=date))
    lowered = norm.lower()
    has_month = any(name in lowered for name in MONTH_HINTS)
    for m in (EN_DATE_RE.finditer(norm) if has_month else ()):
        if _overlaps(taken, *m.span()) or blocked(*m.span()):  # (blocked: a page's "Last Update" footer)
            continue
        month = MONTHS[m.group("month").lower()]
        date = f"{m.group('year')}-{month:02d}"
        day = m.group("day") or m.group("dday")  # September 17, 2025 / 17 September 2025
        if day:
            date += f"-{int(day):02d}"
        take(Raw(m.start(), m.end(), "date", int(m.group("year")), date=date))
    for m in (MIXED_FRACTION_RE.finditer(norm) if "/" in norm and "percent" in norm else ()):  # 4-1/4 to 4-1/2 percent
        unit = "pp" if "point" in m.group("unit").lower() else "%"
        high = _mixed_value(m.group("b"))
        if m.group("a") is not None and (_from_before(norm, m.start()) or _mixed_value(m.group("a")) >= high):
            continue  # from 9 to 8 percent: two figures, found below
        if m.group("a") is not None:
            take(Raw(m.start(), m.end(), "range", None, unit=unit, low=_mixed_value(m.group("a")), high=high))
        else:
            take(Raw(m.start(), m.end(), "percent", high, unit=unit))
    for m in (FRACTION_RE.finditer(norm) if "/" in norm or "分之" in norm else ()):
        if _overlaps(taken, *m.span()) or (m.group("den") is not None and blocked(*m.span())):
            continue
        if m.group("den") is not None:
            den, num = parse_arabic(m.group("den")), parse_arabic(m.group("num"))
        else:
            den, num = parse_chinese(m.group("cden")), parse_chinese(m.group("cnum"))
        if not den or num is None:
            continue
        unit_hit = res.units_cjk_lex.match(norm, m.end(), allow_space=False) if m.group("cden") else None
        if unit_hit is not None and unit_hit[1][2] == "quantity":  # 万亿分之一米, 千分之一秒: a tiny quantity
            take(Raw(m.start(), unit_hit[0], "quantity", num / den, unit=unit_hit[1][1]))
            continue
        if m.group("cden") in ("百", "千"):
            take(Raw(m.start(), m.end(), "percent", scale_value(num, 100 / den), unit="%"))
            continue
        pct = PERCENT_RE.match(norm, m.end())
        if pct:  # 1/4 percentage point: the fraction is the value
            unit = "pp" if "point" in pct.group(0).lower() or "百分点" in pct.group(0) else "%"
            take(Raw(m.start(), pct.end(), "percent", round(num / den, 6), unit=unit))
        elif m.group("den") is not None and len(m.group("den")) == 2 and 1 <= num <= 12 and not has_han(
                norm[max(0, m.start() - 40) : m.end() + 40]):
            take(Raw(m.start(), m.end(), "date", None, date=f"20{m.group('den')}-{int(num):02d}"))  # 3/26: March 2026
        else:  # GUIDELINES §10: fractions are percent (1/4 → 25, 2/3 → 66.67)
            take(Raw(m.start(), m.end(), "percent", round(num * 100 / den, 2), unit="%"))
    for m in ORDINAL_FIRST_RE.finditer(norm):
        if not blocked(*m.span()):
            take(Raw(m.start(), m.end(), "ordinal", 1))
    for m in EN_ORDINAL_RE.finditer(norm):
        if not _overlaps(taken, *m.span()) and not blocked(*m.span()):  # (the 3rd of "3rd March 2024")
            take(Raw(m.start(), m.end(), "ordinal", int(m.group(1))))

    if ASCII_WORD_RE.search(norm):
        for raw in _english_words(norm, res, facts, blocked):
            if not _overlaps(taken, raw.start, raw.end):
                take(raw)

    for raw in _approximate_spans(norm, res, facts, blocked):  # 二三十年, 七八成, 三四十人
        if not _overlaps(taken, raw.start, raw.end):
            take(raw)
    cores = [c for c in _find_cores(norm) if not _overlaps(taken, c.start, c.end)]
    classified = [_classify(norm, core, res, facts) for core in cores]
    _share_list_units(norm, cores, classified)
    i = 0
    while i < len(cores):
        core = cores[i]
        raw = classified[i]
        if raw is not None and blocked(core.start, core.end):
            i += 1
            continue
        # range: core (unit?) sep core unit
        j = i + 1  # the next core after this figure (a date's month and day cores lie inside it)
        while raw is not None and j < len(cores) and cores[j].start < raw.end:
            j += 1
        nxt = cores[j] if j < len(cores) else None
        if nxt is not None:
            for left_end in ([raw.end] if raw is not None and raw.end > core.end else []) + [core.end]:
                sep = RANGE_SEP_RE.match(norm, left_end)
                if sep is None and BETWEEN_RE.search(norm, max(0, core.start - 9), core.start):
                    sep = AND_RE.match(norm, left_end)  # between 200 and 300: an approximate span
                if sep and sep.end() == nxt.start and sep.end() > left_end and not blocked(nxt.start, nxt.end):
                    raw2 = classified[j]
                    if raw2 is not None and raw2.kind != "date" and _from_before(
                            norm, raw.start if raw is not None else core.start):
                        break  # from 3% to 5%: a change, two figures
                    ranged = _make_range(core, raw if left_end != core.end else None, nxt, raw2, norm)
                    if ranged is not None and raw is not None and raw.kind == "money" and raw.end == core.end \
                            and ranged.unit is None and raw2 is not None and raw2.kind == "cardinal":
                        ranged.start, ranged.unit = raw.start, raw.unit  # $1-2 billion
                        ranged.currency_source = raw.currency_source
                    if ranged is not None:
                        raw = ranged
                        i = j
                    break
        if raw is not None and raw.start == core.start and raw.kind in SIGNED:
            sign = _sign_before(norm, core.start)
            if sign is not None:
                raw.start = sign
                if raw.kind == "range":
                    raw.low = -raw.low
                else:
                    raw.value = -raw.value
        if raw is not None and not (core.chinese and core.text in ("一",) and raw.kind in ("cardinal", "duration")
                                    and raw.start == core.start and not COUNT_ONE_RE.search(norm, max(0, core.start - 6),
                                                                                            core.start)
                                    and not (raw.kind == "duration" and PAST_ONE_RE.search(
                                        norm, max(0, core.start - 3), core.start))):
            if not _overlaps(taken, raw.start, raw.end):
                take(raw)
        i += 1

    figures = []
    sent_starts = [a for a, _ in sentences]
    raws = sorted(raws, key=lambda r: r.start)
    _share_from_to(norm, raws)
    raws = _merge_dates(norm, raws)
    raws = _outside_titles(norm, raws)
    raws = _outside_toc(norm, raws)
    resolve_dates(norm, raws, facts)
    raws = [raw for raw in raws if not unresolved(raw)]
    for raw in raws:
        figures.append(_finish(norm, text, raw, res, sentences, sent_starts))
    _attach_times(norm, figures)
    for fig in figures:
        fig["subject"] = _subject(norm, fig, res)
    return figures


