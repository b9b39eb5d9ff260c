"""Publication dates as stated, to ISO: 2025年4月24日, 二〇〇四年十一月四日, ROC 114年4月24日, 114-04-24, 1140424,
2025-04-24,
04/14/2026 (US order, CRS pages), "December 21, 2023" / "21 December 2023" (via ingest_en.parse_date).

Only whole dates of a dateline or label value; dates of events in the body are not looked at here.
"""

from __future__ import annotations

import re

from pipeline.stages.ingest_en import parse_date

CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "О": 0}
# Typed official documents write the zero of a year as ○ (white circle) or a full-width Ｏ (二○二五年);
# full-width digits and separators (２０２５年４月２４日, ２０２５／０４／２４) read as ASCII.
FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－：", "0123456789/.-:")
CN_DATE = re.compile(r"(?P<y>\d{2,4}|[〇○Ｏ零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                     r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?")
ISO = re.compile(r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
US = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)")
# Taiwan's numeric ROC dates: 114-04-09, 114/4/9, 114.04.09 (ministry release fields) and the compact
# stamp 1140409 of agency copy and document numbers (ROC year N = N + 1911).
ROC_NUMERIC = re.compile(r"(?<![\d.])(?P<y>1[01]\d)(?:[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<m2>[01]\d)(?P<d2>[0-3]\d))(?![\d.])")


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in CN_DIGIT for c in text):  # 二〇〇四
        return int("".join(str(CN_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (CN_DIGIT.get(ones, 0) if ones else 0)
    return CN_DIGIT.get(text, 0)


def parse_any_date(text: str) -> str | None:
    """The ISO form of the first date in ``text``; a year below 1911 + 200 with two or three digits is ROC."""
    text = text.strip().translate(FULL_WIDTH)
    match = ISO.search(text)
    if match:
        return f"{match.group('y')}-{int(match.group('m')):02d}-{int(match.group('d')):02d}"
    match = US.search(text)
    if match:
        return f"{match.group('y')}-{int(match.group('m')):02d}-{int(match.group('d')):02d}"
    match = ROC_NUMERIC.search(text)
    if match and not CN_DATE.search(text):
        month, day = int(match.group("m") or match.group("m2")), int(match.group("d") or match.group("d2"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{int(match.group('y')) + 1911}-{month:02d}-{day:02d}"
    match = CN_DATE.search(text)
    if match:
        year = _cn_number(match.group("y"))
        if year < 1000:
            year += 1911  # 民國 / ROC year (114年 = 2025)
        month = _cn_number(match.group("m"))
        if not 1 <= month <= 12:
            return None
        if match.group("d"):
            return f"{year}-{month:02d}-{_cn_number(match.group('d')):02d}"
        return f"{year}-{month:02d}"
    return parse_date(text)
