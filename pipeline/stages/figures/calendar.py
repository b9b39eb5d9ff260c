"""Calendars: years, months, days, ISO and English dates, and their ISO values."""

from __future__ import annotations

import re

from pipeline.numbers import parse_chinese
from pipeline.stages.figures.numerals import _CN, Core
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.resources import Facts

ISO_DATE_RE = re.compile(r"([12](?<![\d.][12])(?:(?<=1)9|(?<=2)0)\d{2})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![\d.])")
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
EN_DATE_RE = re.compile(
    rf"(?=[\dJFMASONDjfmasond])(?:\b(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\s(?=[A-Za-z]{{3}}))?"  # 17 September 2025
    rf"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(?:(?(dday)(?!)|(?P<day>\d{{1,2}})),?\s+)?(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)

def _year_like(core: Core) -> bool:
    v = core.value
    if not isinstance(v, int) or core.scaled:
        return False
    if core.chinese:
        return 1000 <= v <= 2199 and (core.integer_digits == 4 or "千" in core.text)
    return core.integer_digits == 4 and 1000 <= v <= 2199


MONTH_TAIL_RE = re.compile(r"底|末|初|中旬|上旬|下旬")
YEAR_CHAR_RE = re.compile(r"\s?年")
# 年中 only as "mid-year" (2021年中, 年中时), never the start of 中国 / 中央 (2021年中国经济)
YEAR_TAIL_RE = re.compile(r"初|底|末|中(?![\u4e00-\u9fff])|中期|年初|年底|年末|度|上半年|下半年")
MONTH_DAY_RE = re.compile(
    rf"\s?([0-9]{{1,2}}|[{_CN}]{{1,3}})\s?月(?:份)?(?:\s?([0-9]{{1,2}}|[{_CN}]{{1,3}})\s?[日号])?")
# quarters and halves after a year: 2021年第一季度 → 2021-Q1, 2025年上半年 → 2025-H1
PERIOD_RE = re.compile(rf"\s?(?:(?:第?([一二三四1-4])|首)季(?:度)?(?![节风军])|([上下])半年|(?:第([一二两2]|1)|前)半年)")


def period_after_year(norm: str, pos: int) -> tuple[int, str] | None:
    """A quarter or half right after 年: (end, "-Q1" / "-H2")."""
    m = PERIOD_RE.match(norm, pos)
    if m is None:
        return None
    if m.group(1) or "首" in m.group(0):  # 首季 (Hong Kong, Taiwan): the first quarter
        return m.end(), f"-Q{parse_chinese(m.group(1)) if m.group(1) else 1}"
    half = 1 if (m.group(2) == "上" or m.group(3) in ("一", "1") or "前" in m.group(0)) else 2
    return m.end(), f"-H{half}"


def _month_day(norm: str, pos: int) -> tuple[int, int | None, int | None]:
    """After 年: optional N月 and N日 → (end, month, day)."""
    m = MONTH_DAY_RE.match(norm, pos)
    if not m:
        return pos, None, None
    month = parse_chinese(m.group(1))
    if not isinstance(month, int) or not 1 <= month <= 12:
        return pos, None, None
    day = None
    end = m.end()
    if not m.group(2):
        tail = MONTH_TAIL_RE.match(norm, end)
        if tail:
            end = tail.end()
    if m.group(2):
        day = parse_chinese(m.group(2))
        if not isinstance(day, int) or not 1 <= day <= 31:
            day = None
            end = m.start(0) + len(m.group(0).split("月")[0]) + 1
    return end, month, day




# (not 今(2021)年9月27日: a date the text reports, relative to an unstated document date)
FULL_DATE_RE = re.compile(r"((?:19|20)\d{2})\s?(?:年\s?|[-/.])(\d{1,2})\s?(?:月\s?|[-/.])(\d{1,2})(?!\d)")
EN_FULL_DATE_RE = re.compile(
    rf"\b(?P<month>{'|'.join(sorted((m for m in MONTHS if len(m) > 3 or m == 'may'), key=len, reverse=True))})"
    r"\s(?P<day>\d{1,2}),\s(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
FIRST_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?年(?!代)")
THIS_YEAR_RE = re.compile(r"今\s?[(（]\s?((?:19|20)\d{2})\s?[)）]\s?年")
REFERENCE_REACH = 1500  # a dateline, 成文日期 or feed stamp sits near the top


def document_facts(text: str, region: str, metadata_date: str | None = None) -> Facts:
    """The document's reference date: the first full date near the top (a dateline, 成文日期, a feed
    stamp: for a republished letter it is the letter's own date, GUIDELINES §10), else the metadata
    date, else only the year of the first year the text names (a statistics release titled
    2021年1—11月份 …)."""
    m = FULL_DATE_RE.search(text, 0, REFERENCE_REACH)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return Facts(region, int(m.group(1)), int(m.group(2)), int(m.group(3)), stated=True)
    m = EN_FULL_DATE_RE.search(text, 0, REFERENCE_REACH)  # a US report's "April 14, 2026"
    if m and 1 <= int(m.group("day")) <= 31:
        return Facts(region, int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")), stated=True)
    if metadata_date:
        parts = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", metadata_date)
        if parts:
            year, month, day = (int(g) if g else None for g in parts.groups())
            return Facts(region, year, month, day, stated=True)
    m = THIS_YEAR_RE.search(text, 0, REFERENCE_REACH)  # 今(2021)年: the text states its year, not its day
    if m:
        return Facts(region, int(m.group(1)), stated=True)
    m = FIRST_YEAR_RE.search(text)
    if m:
        return Facts(region, int(m.group(1)))
    return Facts(region)


# ----------------------------------------------------------------------------- calendar expressions

# fiscal and school years and seasons (2001-02賽季): 2021/22年度, 19/20年度, 2012-2013年度, 2013/14财政年度 → "2021/2022"
FISCAL_RE = re.compile(
    r"(?P<a>\d(?<![\d.]\d)\d(?:\d{2})?)\s?[/至-]\s?(?P<b>\d{2}(?:\d{2})?)(?![\d.])\s?(?P<tail>(?:财政|学|会计)?年度|学年|财年|赛季|年)"
    r"|\b(?:FY|fiscal year|school year)\s?(?P<c>(?:19|20)\d{2})\s?[/-]\s?(?P<d>\d{2}(?:\d{2})?)\b"
)
# decades and centuries: 1980s, 80年代, 八十年代, 19世纪30年代 → 183X, 20世纪 → 19XX, 二十世纪初
DECADE_RE = re.compile(
    rf"(?:(?P<cent>\d{{1,2}}|[{_CN}]{{1,3}})\s?世纪(?:初|末|中叶|上半叶|下半叶|中期)?"
    rf"(?:\s?(?P<cdec>\d0|[一二三四五六七八九]十)\s?年代(?:初|末|中期)?)?)"
    rf"|(?P<dec>(?:1[0-9]|20)?\d0|[一二三四五六七八九]十)\s?年代(?:初|末|中期)?"
    r"|\b(?:the\s)?(?P<endec>(?:1[0-9]|20)\d0)'?s\b"
)
RELATIVE_RE = re.compile(
    r"(?=[今本去明前上下当同来])(?:"
    r"今\s?[(（]\s?(?P<y>(?:19|20)\d{2})\s?[)）]\s?年"      # 今(2021)年 (Taiwan releases)
    r"|今\s?[(（]\s?(?P<d>\d{1,2})\s?[)）]\s?日"            # 今(29)日
    r"|(?P<word>本年度|本财政年度|下一个年度|下个年度|下年度|(?<![未后原本从近以带将回过出起到])来年|今年|去年|明年|前年|本年|本月|上个?月|下个?月|当日|同日|当天"
    r"|今天|今日(?!头条|说法|美国|俄罗斯|中国)))"  # 今天 / 今日: the reference date (not the names 今日头条 …)
)
YEAR_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "明年": 1, "前年": -2}
MONTH_OFFSET = {"本月": 0, "上月": -1, "下月": 1, "上个月": -1, "下个月": 1}
EN_RELATIVE_RE = re.compile(
    r"\b(?:(?:the\s)?(?P<half>first|second)\shalf\sof\s(?:(?P<rel>this|the|last|next)\syear|(?P<y>(?:19|20)\d{2}))"
    r"|(?P<rel2>this|last|next)\syear)\b", re.IGNORECASE)
# an English month alone after a preposition: "in April", "early March", "since May" → --MM, resolved later
EN_MONTH_ALONE_RE = re.compile(
    r"\b(?P<lead>in|since|by|until|from|of|to|early|late|mid|end of|during)[\s-]"
    r"(?P<month>(?-i:January|February|March|April|May|June|July|August|September|October|November|December))\b"
    r"(?![\s,]+\d)", re.IGNORECASE)
EN_YEAR_OFFSET = {"this": 0, "the": 0, "last": -1, "next": 1}
US_DATE_RE = re.compile(r"(\d(?<![\d/]\d)\d?)/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
EN_MONTH_DAY_RE = re.compile(
    rf"(?=[JFMASONDjfmasond])\b(?P<month>{'|'.join(sorted((m for m in MONTHS if len(m) > 3 or m == 'may'), key=len, reverse=True))})"
    r"\s(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s(?:19|20)\d{2})(?![\d:])",
    re.IGNORECASE,
)
# the day first (Hong Kong, British and Fed usage: 17 September, 3rd March), no year after it
EN_DAY_MONTH_RE = re.compile(
    rf"(?=\d)\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<month>(?-i:{'|'.join(sorted((m.capitalize() for m in MONTHS if len(m) > 3 or m == 'may'), key=len, reverse=True))}))"
    r"\b(?!\.?,?\s(?:19|20)\d{2})(?![\d:])",
)
TW_STAMP_RE = re.compile(r"(?<![\d.])(1[01]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d.])")
# ... and written with separators, as Taiwan government pages date their releases and decisions
# (日期:108-02-14, 發布日期:114/04/24, 114.04.24): the ROC year of the Executive Yuan and Presidential
# Office pages (a mainland or English page writes the Gregorian 2019-02-14, read by ISO_DATE_RE)
TW_SEP_STAMP_RE = re.compile(r"(?<![\d.\-/])(1[01]\d|[89]\d)([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d.\-/])")
FISCAL_START = {"HK": 4, "MO": 1, "TW": 1, "CN": 1, "INTL": 1}  # Hong Kong's financial year starts in April


DECADE_ANCHOR_RE = re.compile(r"世纪|年代|0'?s\b")
DECADE_REACH = 12  # the longest decade or century expression before its anchor (十九世纪三十年代)


def _decades(norm: str) -> list[re.Match[str]]:
    """DECADE_RE run only around its anchors (世纪, 年代, 0s): over a whole text it is slow."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for anchor in DECADE_ANCHOR_RE.finditer(norm):
        a, b = anchor.span()
        for m in DECADE_RE.finditer(norm, max(0, a - DECADE_REACH), min(len(norm), b + DECADE_REACH)):
            if m.start() <= a < m.end() and not any(x < m.end() and m.start() < y for x, y in found):
                found[m.span()] = m
    return [found[k] for k in sorted(found)]


def _century(text: str) -> int | None:
    n = parse_chinese(text)
    return n if isinstance(n, int) and 1 <= n <= 21 else None


def _full_year(two: int, century_of: int) -> int:
    return century_of - century_of % 100 + two


def calendar_figures(norm: str, facts: Facts) -> list[Raw]:
    """Dates that are not a number + 年 / 月 / 日: fiscal years, decades and centuries, relative
    dates (今年, 明年, 本月, 今(29)日), US numeric and English month-day dates, Taiwan date stamps."""
    out: list[Raw] = []
    lowered = norm.lower()
    fiscal = (("年" in norm or "赛季" in norm) and ("/" in norm or "-" in norm or "至" in norm)) or "FY" in norm \
        or "year" in norm
    for m in FISCAL_RE.finditer(norm) if fiscal else ():
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
        first = int(a) if len(a) == 4 else 2000 + int(a) if int(a) < 50 else 1900 + int(a)
        second = int(b) if len(b) == 4 else _full_year(int(b), first)
        if second != first + 1 or (m.group("tail") == "年" and len(b) == 4):
            continue  # 2023-2025年 is a range of years, handled with ranges
        out.append(Raw(m.start(), m.end(), "date", None, date=f"{first}/{second}"))
    for m in _decades(norm):
        if True:
            if m.group("cent"):
                cent = _century(m.group("cent"))
                if cent is None:
                    continue
                date = f"{cent - 1:02d}XX"
                if m.group("cdec"):
                    dec = parse_chinese(m.group("cdec"))
                    date = f"{cent - 1:02d}{dec // 10}X"
            elif m.group("dec"):
                dec = parse_chinese(m.group("dec"))
                if not isinstance(dec, int):
                    continue
                date = f"{dec // 10:03d}X" if dec >= 1000 else f"19{dec // 10}X"
            else:
                date = f"{int(m.group('endec')) // 10:03d}X"
            out.append(Raw(m.start(), m.end(), "date", None, date=date))
    for m in RELATIVE_RE.finditer(norm):
        if m.group("y"):
            end, month, day = _month_day(norm, m.end())
            date = m.group("y") + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
            out.append(Raw(m.start(), end, "date", int(m.group("y")), date=date))
        elif m.group("d"):
            out.append(Raw(m.start(), m.end(), "date", None, date=f"---{int(m.group('d')):02d}"))
        else:
            word = m.group("word")
            raw = _relative(norm, m, word, facts)
            if raw is not None:
                out.append(raw)
    for m in EN_RELATIVE_RE.finditer(norm) if "year" in norm or "half" in norm else ():
        rel = (m.group("rel") or m.group("rel2") or "").lower()
        year = int(m.group("y")) if m.group("y") else (
            facts.year + EN_YEAR_OFFSET[rel] if facts.year and facts.stated else None)
        if year is None:
            continue
        half = m.group("half")
        date = f"{year}" + (f"-H{1 if half.lower() == 'first' else 2}" if half else "")
        out.append(Raw(m.start(), m.end(), "date", year, date=date))
    for m in EN_MONTH_ALONE_RE.finditer(norm) if any(h in lowered for h in MONTH_HINTS) else ():
        start = m.start("month") if m.group("lead").lower() in ("in", "since", "by", "until", "from", "of", "to",
                                                                  "during", "end of") else m.start()
        out.append(Raw(start, m.end(), "date", None, date=f"--{MONTHS[m.group('month').lower()]:02d}"))
    for m in US_DATE_RE.finditer(norm) if "/" in norm else ():
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(Raw(m.start(), m.end(), "date", int(m.group(3)), date=f"{m.group(3)}-{month:02d}-{day:02d}"))
    for m in EN_MONTH_DAY_RE.finditer(norm) if any(h in lowered for h in MONTH_HINTS) else ():
        day = int(m.group("day"))
        if 1 <= day <= 31 and m.group("month")[0].isupper():
            out.append(Raw(m.start(), m.end(), "date", None,
                           date=f"--{MONTHS[m.group('month').lower()]:02d}-{day:02d}"))
    for m in EN_DAY_MONTH_RE.finditer(norm) if any(h in lowered for h in MONTH_HINTS) else ():
        day = int(m.group("day"))
        if 1 <= day <= 31:
            out.append(Raw(m.start(), m.end(), "date", None,
                           date=f"--{MONTHS[m.group('month').lower()]:02d}-{day:02d}"))
    if facts.region == "TW":
        for m in TW_STAMP_RE.finditer(norm):
            out.append(Raw(m.start(), m.end(), "date", int(m.group(1)) + 1911,
                           date=f"{int(m.group(1)) + 1911}-{m.group(2)}-{m.group(3)}"))
        for m in TW_SEP_STAMP_RE.finditer(norm) if "-" in norm or "/" in norm or "." in norm else ():
            year = int(m.group(1)) + 1911
            out.append(Raw(m.start(), m.end(), "date", year,
                           date=f"{year}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"))
    return out


def _relative(norm: str, m: re.Match[str], word: str, facts: Facts) -> Raw | None:
    """今年 / 明年4月30日 / 本年 3月 / 本年度 / 本月24日 / 当日, resolved against the reference date
    when the text states one; 当日 takes the last date named before it (resolved later)."""
    if word in ("当日", "同日", "当天"):
        return Raw(m.start(), m.end(), "date", None, date="---")
    if facts.year is None or not facts.stated:
        return None  # GUIDELINES §6: 今年 with no document date is not annotated
    if word in ("今天", "今日"):  # in a dated speech or release, its day (今天是2025年的第一天, 從今天開始)
        if facts.month is None or facts.day is None:
            return None
        return Raw(m.start(), m.end(), "date", facts.year, date=f"{facts.year}-{facts.month:02d}-{facts.day:02d}")
    if word in ("本年度", "本财政年度", "下一个年度", "下个年度", "下年度", "来年"):
        # 来年 / 下一個年度 in a budget speech: the next financial year (GUIDELINES §10: 2013/2014 in a
        # Hong Kong speech of January 2013); where the financial year is the calendar year, the next year
        ahead = 0 if word in ("本年度", "本财政年度") else 1
        start = FISCAL_START.get(facts.region, 1)
        if start == 1:
            return Raw(m.start(), m.end(), "date", facts.year + ahead, date=f"{facts.year + ahead}")
        first = (facts.year if (facts.month or start) >= start else facts.year - 1) + ahead
        return Raw(m.start(), m.end(), "date", None, date=f"{first}/{first + 1}")
    if word in MONTH_OFFSET:
        if facts.month is None:
            return None
        index = facts.year * 12 + facts.month - 1 + MONTH_OFFSET[word]
        year, month = divmod(index, 12)
        end, date = m.end(), f"{year}-{month + 1:02d}"
        d = re.match(r"\s?(\d{1,2})\s?日", norm[end : end + 5])
        if d and 1 <= int(d.group(1)) <= 31:
            end, date = end + d.end(), f"{date}-{int(d.group(1)):02d}"
        return Raw(m.start(), end, "date", year, date=date)
    year = facts.year + YEAR_OFFSET[word]
    end, month, day = _month_day(norm, m.end())
    date = f"{year}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
    if not month and (period := period_after_year(norm, m.end())) is not None:
        end, date = period[0], date + period[1]
    return Raw(m.start(), end if month or end > m.end() else m.end(), "date", year, date=date)


PARAGRAPH_BREAK = "\n"


def _complete_from(end: str, start: str) -> str:
    """The end of a date range with what its start states: ---15 after 2004-04-13 → 2004-04-15;
    --11 after 2021-01 → 2021-11."""
    if end.startswith("---") and len(end) == 5:
        if start[:4].isdigit() and len(start) >= 7:
            return f"{start[:7]}-{end[3:]}"
        if start.startswith("--") and len(start) >= 4 and start[2:4].isdigit():
            return f"{start[:4]}-{end[3:]}"
        return end
    if end.startswith("--") and start[:4].isdigit():
        return f"{start[:4]}-{end[2:]}"
    return end


# a year that is the base of a comparison (比2023年同期, 与2022年相比, compared with 2022) governs neither
# the time of a figure (context.py) nor the year of the partial dates after it
COMPARED_BEFORE_RE = re.compile(r"(?:比|较|较之|与|同|相对于|对比|\b(?:than|compared\swith|compared\sto|from|over|versus|vs\.?))\s?\Z",
                                re.IGNORECASE)
COMPARED_AFTER_RE = re.compile(r"\s?(?:的?同期|相比|相较|比较)")


def resolve_dates(norm: str, raws: list[Raw], facts: Facts) -> None:
    """Give partial dates the year (and month) that governs them, in text order: the last date
    with a year in the same paragraph (自2003年7月起 … 12月18日), else the reference date.
    "--MM-DD" → "YYYY-MM-DD", "---DD" (a day alone) → the month of the last full date, "---"
    (当日) → the last full date. Partial dates nothing resolves keep the partial ISO form."""
    last_year: int | None = None
    last_month: str | None = None  # "YYYY-MM"
    last_day: str | None = None
    last_day_anywhere: str | None = None  # 当日: the day last named, even paragraphs before
    paragraph_end = -1
    for raw in raws:
        if raw.start > paragraph_end:  # a new paragraph: forget its dates
            last_year, last_month, last_day = None, None, None
            nl = norm.find(PARAGRAPH_BREAK, raw.start)
            paragraph_end = nl if nl >= 0 else len(norm)
        if raw.kind not in ("date", "range") or not raw.date:
            continue
        parts = raw.date.split("/")
        if len(parts) == 2:  # a range's end inherits its start's year and month: 2004年4月13日至15日
            parts[1] = _complete_from(parts[1], parts[0])
        resolved = []
        for part in parts:
            year = last_year if last_year is not None else facts.year
            if part == "---":
                part = last_day or last_day_anywhere or (
                    f"{facts.year}-{facts.month:02d}-{facts.day:02d}" if facts.day else part)
            elif part.startswith("---") and len(part) == 5:
                month = last_month or (f"{facts.year}-{facts.month:02d}" if facts.month else None)
                if month:
                    part = f"{month}-{part[3:]}"
            elif part.startswith("--") and year is not None:
                part = f"{year}-{part[2:]}"
            resolved.append(part)
        if len(resolved) == 2 and resolved[0].startswith("--") and resolved[1][:4].isdigit():
            resolved[0] = f"{resolved[1][:4]}-{resolved[0][2:]}"
        raw.date = "/".join(resolved)
        if raw.kind == "date" and (COMPARED_BEFORE_RE.search(norm, max(0, raw.start - 14), raw.start)
                                   or COMPARED_AFTER_RE.match(norm, raw.end)):
            continue  # 1到11月…比2023年同期增加3.7%；1到11月出口…: the base year governs nothing after it
        last = resolved[-1]
        if last[:4].isdigit() and "X" not in last:
            last_year = int(last[:4])
            if len(last) >= 7 and last[4] == "-" and last[5:7].isdigit():
                last_month = last[:7]
                if len(last) == 10:
                    last_day = last_day_anywhere = last


def unresolved(raw: Raw) -> bool:
    """A day alone or 当日 that nothing resolved: nothing absolute is known, so no figure (GUIDELINES §6)."""
    return raw.kind == "date" and bool(raw.date) and raw.date.startswith("---")
