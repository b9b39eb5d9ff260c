"""Span assembly of the figures stage: how separate number cores join into one figure.

The pieces found one by one (cores, their classification) are joined here along the text's own
connectives: a unit or scale written once after a list (5.3、1.1、1.7个百分点; "0.5, 1 and 2 percent"),
"from X to Y" changes, approximate spans of neighbouring Chinese digits (二三十年, 七八成), day ranges
sharing a month (4月17至21日, "April 17-21, 2026"), dates joined by 至 / through, signs written before
a number, and the titles (《…》) whose numbers are part of a name.
"""

from __future__ import annotations

import re

from pipeline.numbers import parse_chinese, scale_value
from pipeline.stages.figures.calendar import MONTHS
from pipeline.stages.figures.classify import _classify
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.numerals import BlockCheck, Core
from pipeline.stages.figures.resources import Facts, Resources

SIGNED = ("percent", "money", "quantity", "cardinal", "range")
# a minus sign (not a hyphen or range dash: nothing alphanumeric, no unit or closing bracket before it),
# 负 / 零下 / 负增长: GUIDELINES §6; direction words (下降, fell) are not signs
SIGN_RE = re.compile(r"(?:(?<![0-9A-Za-z%)）\]年月日号度])[-−﹣]|负增长|负|零下)\Z")


LIST_SEP_RE = re.compile(r"\s?(?:、|和|及|与|或|,\s?(?:and\s|or\s)?|\sand\s|\sor\s)\s?")
# "from X to Y" is a change, two figures (GUIDELINES §10), the second's unit shared: "from two to four
# months", "from 9 to 8 percent" (Chinese states a change with a verb: 由12%提高到18% is two figures anyway)
FROM_RE = re.compile(r"\bfrom\s(?:[$€£¥]|US\$|HK\$|NT\$)?[-−]?\Z", re.IGNORECASE)
# ... but "ranging from 10 to 30 cm", "varies from", 由10至30厘米不等 are spans (ranges)
SPAN_VERB_RE = re.compile(r"\b(?:rang\w*|var\w*|anywhere|span\w*)\s(?:\w+\s){0,2}\Z", re.IGNORECASE)
TO_SEP_RE = re.compile(r"\s?(?:\sto\s|到|至)\s?", re.IGNORECASE)


def _from_before(norm: str, start: int) -> bool:
    """Is the number at ``start`` the first end of "from X to Y" / 从X到Y?"""
    m = FROM_RE.search(norm, max(0, start - 9), start)
    return m is not None and SPAN_VERB_RE.search(norm, max(0, m.start() - 24), m.start()) is None
LIST_KINDS = ("percent", "money", "quantity", "duration")


def _share_list_units(norm: str, cores: list[Core], classified: list[Raw | None]) -> None:
    """A unit or scale written once after a list belongs to every member (GUIDELINES §6):
    分别拉动5.3、1.1、1.7个百分点 → three pp; 3、5、8亿元 → 3e8, 5e8, 8e8; "0.5, 1 and 2 percent"."""
    j = len(cores) - 1
    while j > 0:
        last = classified[j]
        month_list = last is not None and last.kind == "date" and last.date is not None \
            and len(last.date) == 4 and last.date.startswith("--")  # 2、5、8、11月: months sharing 月
        if last is None or (last.kind not in LIST_KINDS and not month_list) or last.start != cores[j].start:
            j -= 1
            continue
        i = j
        while i > 0 and _bare(cores[i - 1], classified[i - 1]):
            sep = LIST_SEP_RE.match(norm, cores[i - 1].end)
            if sep is None and _from_before(norm, cores[i - 1].start):
                sep = TO_SEP_RE.match(norm, cores[i - 1].end)
            if not (sep and (sep.end() == cores[i].start or _sign_before(norm, cores[i].start) == sep.end())):
                break
            if cores[i - 1].chinese and not cores[i].chinese and _heading_marker(norm, cores[i - 1].start, sep.group()):
                break  # 三、113年度施政重點 / 贰、2024年工作安排: the heading's number, not a list member
            i -= 1
        for k in range(i, j):
            core = cores[k]
            if month_list:
                if isinstance(core.value, int) and 1 <= core.value <= 12 and not core.chinese:
                    classified[k] = Raw(core.start, core.end, "date", None, date=f"--{core.value:02d}", core_end=core.end)
                continue
            value = core.value
            if cores[j].scaled and not core.scaled:
                value = scale_value(value, cores[j].factor)
            classified[k] = Raw(core.start, core.end, last.kind, value, unit=last.unit, core_end=core.end,
                                currency_source=last.currency_source)
        j = i - 1


def _heading_marker(norm: str, start: int, sep: str) -> bool:
    """A number opening its line before 、 numbers a heading or a list item (一、 / 貳、), GUIDELINES §6;
    the caller asks only for a Chinese numeral before an Arabic one (三、五、八亿元 at a line start is a list)."""
    return sep.strip() == "、" and not norm[norm.rfind("\n", 0, start) + 1 : start].strip()


def _share_from_to(norm: str, raws: list[Raw]) -> None:
    """The number-word side of "from two to four months": a bare first end takes the second's unit."""
    for a, b in zip(raws, raws[1:]):
        if a.kind == "cardinal" and a.unit is None and b.kind in LIST_KINDS and _from_before(norm, a.start):
            sep = TO_SEP_RE.match(norm, a.end)
            if sep is not None and sep.end() == b.start:
                a.kind, a.unit, a.currency_source = b.kind, b.unit, b.currency_source


def _bare(core: Core, raw: Raw | None) -> bool:
    """A number with nothing of its own after it (a list member waiting for the list's unit)."""
    if core.chinese and core.text == "一":
        return False
    return raw is None or (raw.kind == "cardinal" and raw.end == core.end and raw.start == core.start)

# two dates joined by 至 / 起至 / through: one span (自2019年1月1日起至2023年12月31日止)
DATE_SEP_RE = re.compile(r"\s*起?\s*(?:至|到|~|-|—|–|－|～|〜|―|\bto\b|\bthrough\b|\buntil\b)\s*", re.IGNORECASE)
# two neighbouring Chinese digits before a multiplier, 成 or a unit: an approximate span, a range
# (GUIDELINES §10: 二三十年 → 20–30 years; 七八成 → 70–80 %; 三四十人 → 30–40)
APPROX_SPAN_RE = re.compile(r"(?P<a>[一二三四五六七八九两])(?<![一二三四五六七八九十百千万亿零〇○两][一二三四五六七八九两])"
                            r"(?P<sep>、)?(?P<b>[二两三四五六七八九])(?![一二三四五六七八九零〇○])(?P<mult>[十百千]?[万亿]?)")


def _approximate_spans(norm: str, res: Resources, facts: Facts, blocked: BlockCheck) -> list[Raw]:
    out: list[Raw] = []
    for m in APPROX_SPAN_RE.finditer(norm) if any(ch in norm for ch in "二两三四五六七八九") else ():
        a, b = CN_SMALL[m.group("a")], CN_SMALL[m.group("b")]
        if b != a + 1 or blocked(m.start(), m.end()):
            continue
        if m.group("sep") and re.search(r"(?:第|[一二三四五六七八九]、)\Z", norm[max(0, m.start() - 2) : m.start()]):
            continue  # 兩、三年 is a span (GUIDELINES §10), 第二、三名 ordinals, 二、三、四年 a list
        factor = parse_chinese("一" + m.group("mult")) if m.group("mult") else 1
        high = Core(m.start("b"), m.end(), scale_value(b, factor), m.group(0), True, bool(m.group("mult")), 0, factor)
        raw = _classify(norm, high, res, facts)
        if raw is None or raw.kind in ("date", "ordinal") or (raw.kind == "cardinal" and raw.end == m.end()):
            continue
        if m.group("sep") and raw.kind not in ("duration", "quantity", "money", "percent"):
            continue  # 一、二季度: two quarters, not a span
        low = scale_value(a, factor)
        if raw.kind == "percent" and norm.startswith("成", m.end()):
            low = scale_value(a, 10)
        out.append(Raw(m.start(), raw.end, "range", None, unit=raw.unit, low=low, high=raw.value, approximate=True,
                       core_end=m.end(), currency_source=raw.currency_source))
    return out


CN_SMALL = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
BETWEEN_RE = re.compile(r"\bbetween\s$|介于$", re.IGNORECASE)
AND_RE = re.compile(r"\s(?:and)\s|和|与|至", re.IGNORECASE)


# A range of days sharing its month and its 日: 4月17至21日 (Macao and Hong Kong releases), 3月5-7日,
# 4月17日至21日 (mainland); the first day has no 日 of its own, so the pieces are read apart otherwise.
DAY_RANGE_RE = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*(?:日|号)?\s*(?:至|到|-|—|–|－|～|~|〜)\s*"
                          r"(?P<d2>\d{1,2})\s*[日号](?![内以间来均前后])")


_EN_MONTH = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
             r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)")
# English: "April 17-21, 2026", "March 5–7", "17 to 21 April 2026" (HKSAR and Macao English releases, Fed calendars)
EN_DAY_RANGE_RE = re.compile(
    rf"\b(?:{_EN_MONTH}\s+(?P<d1>\d{{1,2}})\s*(?:-|–|—|\s(?:to|through)\s)\s*(?P<d2>\d{{1,2}})\b(?!\s*(?:%|per|percent))"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
    rf"|(?P<e1>\d{{1,2}})\s*(?:-|–|—|\s(?:to|through)\s)\s*(?P<e2>\d{{1,2}})\s+{_EN_MONTH.replace('mon', 'emon')}"
    rf"(?:,?\s+(?P<ey>(?:19|20)\d\d)\b)?)")
YEAR_BEFORE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*$")


def _day_ranges(norm: str, raws: list[Raw]) -> list[Raw]:
    """Replace the pieces of each day range (month date, bare day, day date) by one range."""
    if ASCII_LETTER_RE.search(norm):
        raws = _english_day_ranges(norm, raws)
    for m in DAY_RANGE_RE.finditer(norm) if "月" in norm else ():
        month, first, last = int(m.group("m")), int(m.group("d1")), int(m.group("d2"))
        if not (1 <= month <= 12 and 1 <= first < last <= 31):
            continue
        start = m.start()
        year = YEAR_BEFORE_RE.search(norm, max(0, start - 8), start)
        if year is not None:  # 2026年4月17至21日: the year opens the range
            start = year.start()
        raws = [r for r in raws if r.end <= start or r.start >= m.end()]
        date = f"--{month:02d}-{first:02d}/---{last:02d}" if year is None else \
            f"{year.group(1)}-{month:02d}-{first:02d}/---{last:02d}"
        raws.append(Raw(start, m.end(), "range", None, low=first, high=last, date=date, core_end=m.end("d1")))
    return sorted(raws, key=lambda r: (r.start, r.end))


ASCII_LETTER_RE = re.compile(r"[A-Za-z]")


def _english_day_ranges(norm: str, raws: list[Raw]) -> list[Raw]:
    """The English day ranges of ``norm`` (EN_DAY_RANGE_RE) replace the pieces they cover."""
    for m in EN_DAY_RANGE_RE.finditer(norm):
        name = (m.group("mon") or m.group("emon")).lower()[:3]
        month = MONTHS.get(name)
        first, last = int(m.group("d1") or m.group("e1")), int(m.group("d2") or m.group("e2"))
        if month is None or not 1 <= first < last <= 31:
            continue
        year = m.group("y") or m.group("ey")
        raws = [r for r in raws if r.end <= m.start() or r.start >= m.end()]
        head = year if year else "-"
        raws.append(Raw(m.start(), m.end(), "range", None, low=first, high=last,
                        date=f"{head}-{month:02d}-{first:02d}/---{last:02d}", core_end=m.end()))
    return raws


def _merge_dates(norm: str, raws: list[Raw]) -> list[Raw]:
    """2021年1—11月份 is one range (2021-01/2021-11), not a year and a range of months; two dates
    joined by 至 / 到 / — are one range (今(2022)年1月11日至1月24日)."""
    raws = _day_ranges(norm, raws)
    out: list[Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "date" and prev.date and len(prev.date) == 4 \
                and raw.kind == "range" and raw.date and raw.date.startswith("--") \
                and not norm[prev.end : raw.start].strip():
            raw.start = prev.start
            raw.date = "/".join(f"{prev.date}-{part[2:]}" if part.startswith("--") else part
                                for part in raw.date.split("/"))
            out[-1] = raw
            continue
        if prev is not None and prev.kind == "date" and raw.kind == "date" and prev.date and raw.date \
                and "/" not in prev.date + raw.date and "X" not in prev.date + raw.date:
            sep = DATE_SEP_RE.match(norm, prev.end)
            if sep and sep.end() == raw.start and sep.end() > prev.end:
                out[-1] = Raw(prev.start, raw.end, "range", None, low=prev.value, high=raw.value,
                              date=f"{prev.date}/{raw.date}", core_end=prev.core_end)
                continue
        out.append(raw)
    return out


TITLE_RE = re.compile(
    r"《[^《》\n]{1,80}》|〈[^〈〉\n]{1,60}〉"
    r"|[「“][^「」“”\n]{0,40}(?:报告|规划|纲要|计划|条例|办法|意见|通知|决定|方案|白皮书)[」”]"
)


def _outside_titles(norm: str, raws: list[Raw]) -> list[Raw]:
    """Numbers inside the title of a law, plan, report or book are part of the name (GUIDELINES §10)."""
    if "《" not in norm and "〈" not in norm and "「" not in norm and "“" not in norm:
        return raws
    titles = [m.span() for m in TITLE_RE.finditer(norm)]
    if not titles:
        return raws
    return [r for r in raws if not any(a <= r.start and r.end <= b for a, b in titles)]


def _sign_before(norm: str, start: int) -> int | None:
    """Start of a minus sign written right before the number at ``start``, if any."""
    m = SIGN_RE.search(norm, max(0, start - 4), start)
    return m.start() if m else None


# A table of contents: a title, then the page or paragraph number(s) it starts at (引言 2 – 8 /
# 主席和副主席4-6A / Introduction 2 – 8): Hong Kong budget speeches (段數), LegCo procedures, report contents
# pages in Simplified and English alike. Page furniture (GUIDELINES §6), when three or more such lines in a
# row carry numbers that never go down and one of them is a span (2 – 8) — a column of values does not.
TOC_LINE_RE = re.compile(r"(?m)^[ \t\u3000]*(?=[^\n]*[A-Za-z\u4e00-\u9fff])[^\n\d。，,;；:：%]{2,40}?[ \t\u3000]*"
                         r"(?P<a>\d{1,3})[A-Z]?(?:[ \t]?[-–—~至][ \t]?(?P<b>\d{1,3})[A-Z]?)?[ \t\u3000]*$")


def _outside_toc(norm: str, raws: list[Raw]) -> list[Raw]:
    """Drop the numbers of table-of-contents lines (TOC_LINE_RE) from ``raws``."""
    if norm.count("\n") < 2:
        return raws
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= 3 and any(m.group("b") for m in run):  # (北京 80 / 上海 95 / 广州 120 has no span)
            spans.extend((m.start("a"), m.end()) for m in run)
        run.clear()

    for m in TOC_LINE_RE.finditer(norm):
        prev = run[-1] if run else None
        if prev is not None and (norm.count("\n", prev.end(), m.start()) != 1
                                 or int(m.group("a")) < int(prev.group("b") or prev.group("a"))):
            close()
        run.append(m)
    close()
    if not spans:
        return raws
    return [r for r in raws if not any(a <= r.start and r.end <= b for a, b in spans)]
