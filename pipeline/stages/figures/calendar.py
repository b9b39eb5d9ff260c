"""Calendars: years, months, days, ISO and English dates, and their ISO values."""

from __future__ import annotations

import re

from pipeline.numbers import parse_chinese
from pipeline.stages.figures.numerals import _CN, Core
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
    rf"\b(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(?:(?P<day>\d{{1,2}}),?\s+)?(?P<year>(?:19|20)\d{{2}})\b",
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
YEAR_TAIL_RE = re.compile(r"初|底|末|中|年初|年底|年末|度|上半年|下半年")
MONTH_DAY_RE = re.compile(rf"([0-9]{{1,2}}|[{_CN}]{{1,3}})月(?:份)?(?:([0-9]{{1,2}}|[{_CN}]{{1,3}})[日号])?")


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




FULL_DATE_RE = re.compile(r"((?:19|20)\d{2})\s?(?:年\s?|[-/.])(\d{1,2})\s?(?:月\s?|[-/.])(\d{1,2})(?!\d)")
FIRST_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?年(?!代)")
REFERENCE_REACH = 1500  # a dateline, 成文日期 or feed stamp sits near the top


def document_facts(text: str, region: str, metadata_date: str | None = None) -> Facts:
    """The document's reference date: the first full date near the top (a dateline, 成文日期, a feed
    stamp: for a republished letter it is the letter's own date, GUIDELINES §10), else the metadata
    date, else only the year of the first year the text names (a statistics release titled
    2021年1—11月份 …)."""
    m = FULL_DATE_RE.search(text, 0, REFERENCE_REACH)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return Facts(region, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if metadata_date:
        parts = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", metadata_date)
        if parts:
            return Facts(region, *(int(g) if g else None for g in parts.groups()))
    m = FIRST_YEAR_RE.search(text)
    if m:
        return Facts(region, int(m.group(1)))
    return Facts(region)
