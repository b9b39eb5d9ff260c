"""English phrases that state a figure without the digit + unit shape the core grammar reads.

Quarters and fiscal years ("the third quarter of 2024", "Q3 2024", "FY2025", "fiscal 2024"), spans of
decades ("the past decade", "two decades"), fractions of a percentage point ("half a percentage
point") and proportions ("one in five" → 20 %). Classes from US agency reports (CRS, Federal
Reserve) and English-language Hong Kong and Taiwan releases; GUIDELINES §6 and §10 for the values.
"""

from __future__ import annotations

import re

from pipeline.stages.figures.figure import Raw

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "several": None}
_NUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_YEAR = r"(?:19|20)\d{2}"

QUARTER_RE = re.compile(
    rf"\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s(?:of\s)?(?:(?:the\s)?fiscal\s(?:year\s)?|FY\s?)?(?P<y>{_YEAR}))?"
    rf"|Q(?P<q2>[1-4])(?:\s?(?P<y2>{_YEAR})|\s?FY\s?(?P<y4>{_YEAR}))?"
    rf"|(?P<y3>{_YEAR})\s?Q(?P<q3>[1-4]))\b",
    re.IGNORECASE)
FISCAL_YEAR_RE = re.compile(rf"\b(?:FY\s?|fiscal\s(?:year\s)?)(?P<y>{_YEAR}|\d{{2}}(?![\d/-]))\b(?![/-]\d)", re.IGNORECASE)
DECADE_SPAN_RE = re.compile(
    rf"\b(?:(?P<rel>(?:the\s)?(?:past|last|next|coming|previous|recent|following)|a|one)\s(?:(?P<n1>{_NUM})\s)?"
    rf"decades?\b|\b(?P<n2>two|three|four|five|six|seven|eight|nine|several|\d)\sdecades\b)",
    re.IGNORECASE)
POINT_FRACTION_RE = re.compile(
    r"\b(?P<f>half|a\squarter|three\squarters|a|one)\s(?:of\s)?(?:a\s)?(?P<u>percentage\spoint|per\scent|percent)\b",
    re.IGNORECASE)
POINT_FRACTIONS = {"half": 0.5, "a quarter": 0.25, "three quarters": 0.75, "a": 1, "one": 1}
PROPORTION_RE = re.compile(rf"\b(?P<a>{_NUM})\s(?:in|out\sof)\s(?P<b>{_NUM})\b(?!\s?(?:%|percent|years?|months?|days?))",
                           re.IGNORECASE)
# spelled fractions are percent (GUIDELINES §10: fractions are percent): two-thirds → 66.67, a third of → 33.33
_DEN = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
        "tenth": 10, "tenths": 10}
FRACTION_WORD_RE = re.compile(
    r"\b(?P<n>one|two|three|four|nine|a)[-\s](?P<d>halves|thirds|quarters|fifths|tenths|third|quarter|fifth|tenth)"
    r"(?=\s(?:of|the)\b|[,.;]|\s\w+\s(?:of|in)\b)", re.IGNORECASE)
# spans of centuries (a quarter of a century, half a century, the past century) and -fold multiples (tenfold)
CENTURY_RE = re.compile(r"\b(?P<f>a\squarter\sof\sa|half\sa|a|one|the\s(?:past|last|next|previous))\scentury\b",
                        re.IGNORECASE)
CENTURY_YEARS = {"a quarter of a": 25, "half a": 50, "a": 100, "one": 100}
FOLD_RE = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d+)[-]?fold\b", re.IGNORECASE)
_FOLD = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "twenty": 20, "hundred": 100}
DOZEN_RE = re.compile(r"\ba\sdozen\b(?!\s(?:or\s|times\b))", re.IGNORECASE)
PROPORTION_LEFT_BLOCK = re.compile(r"(?:ranked|rated|scored|number|No\.|page|chapter)\s$", re.IGNORECASE)


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    return int(word) if word.isdigit() else _SMALL.get(word)


# a financial year written with the next year's last two digits (the 2025-26 Budget, in 2019-20: Hong Kong,
# UK and Australian budgets; Chinese 2025-26年度 is read in calendar.py) → "2025/2026"
SPLIT_YEAR_RE = re.compile(r"(?<![A-Za-z]\()(?<![\d./-])((?:19|20)\d\d)[-–/](\d\d)(?![\d./-])(?!\s?(?:%|percent|per\scent)|年|财)")


def english_phrases(norm: str) -> list[Raw]:
    """Figures of the phrases above, in text order; quarters without a year stay ``--Q3`` and take the
    governing year when dates are resolved."""
    split = [Raw(m.start(), m.end(), "date", None, date=f"{m.group(1)}/{int(m.group(1)) + 1}")
             for m in SPLIT_YEAR_RE.finditer(norm) if (int(m.group(1)) + 1) % 100 == int(m.group(2))] if "-" in norm \
        or "–" in norm or "/" in norm else []
    if not any(w in norm for w in ("quarter", "Quarter", "Q", "FY", "fiscal", "ecade", "percent", "per cent",
                                   " in ", " out of ", "half", "third", "fifth", "tenth", "entury", "fold", "dozen")):
        return split
    out: list[Raw] = split
    lowered = norm.lower()
    for m in QUARTER_RE.finditer(norm) if "quarter" in lowered or "Q" in norm else ():
        q = _ORD.get((m.group("q") or "").lower()) or int(m.group("q2") or m.group("q3"))
        year = m.group("y") or m.group("y2") or m.group("y3") or m.group("y4")
        if m.group("q") and year is None and not re.search(r"\b(?:the|this|last|next)\s$", norm[max(0, m.start() - 6):m.start()],
                                                          re.IGNORECASE):
            continue  # "a first quarter of the players" is no calendar quarter
        if m.group("q") and year is None and re.match(r"\s(?:of\s(?:a|the)\b|point)", norm[m.end():m.end() + 9]):
            continue  # "a quarter of a percentage point", "the first quarter of the century"
        out.append(Raw(m.start(), m.end(), "date", int(year) if year else None,
                       date=f"{year}-Q{q}" if year else f"--Q{q}"))
    for m in FISCAL_YEAR_RE.finditer(norm) if "FY" in norm or "fiscal" in lowered else ():
        y = m.group("y")
        year = int(y) if len(y) == 4 else 2000 + int(y)
        out.append(Raw(m.start(), m.end(), "date", year, date=f"{year}"))
    for m in DECADE_SPAN_RE.finditer(norm) if "decade" in lowered else ():
        n = _num(m.group("n1") or m.group("n2")) if (m.group("n1") or m.group("n2")) else 1
        if n is None:
            continue  # several decades: no value
        start = m.start()
        rel = m.group("rel") or ""
        if rel.lower().startswith("the "):
            start += 4  # "the past decade" → "past decade"
        out.append(Raw(start, m.end(), "duration", 10 * n, unit="year", core_end=m.end()))
    for m in POINT_FRACTION_RE.finditer(norm) if "per" in lowered else ():
        unit = "pp" if "point" in m.group("u").lower() else "%"
        if unit == "%" and m.group("f").lower() in ("a", "one"):
            continue  # "one percent" is read with the number words
        out.append(Raw(m.start(), m.end(), "percent", POINT_FRACTIONS[m.group("f").lower().replace("\u00a0", " ")],
                       unit=unit, core_end=m.end()))
    for m in PROPORTION_RE.finditer(norm) if " in " in norm or " out of " in norm else ():
        a, b = _num(m.group("a")), _num(m.group("b"))
        if not a or not b or a >= b or PROPORTION_LEFT_BLOCK.search(norm, max(0, m.start() - 9), m.start()):
            continue
        out.append(Raw(m.start(), m.end(), "percent", round(100 * a / b, 2), unit="%", core_end=m.end()))
    for m in FRACTION_WORD_RE.finditer(norm) if any(w in lowered for w in ("half", "halves", "third", "quarter", "fifth", "tenth")) else ():
        n = 1 if m.group("n").lower() == "a" else _SMALL[m.group("n").lower()]
        d = _DEN[m.group("d").lower()]
        if n >= d or (n == 1 and m.group("d").lower().endswith("s")):
            continue
        out.append(Raw(m.start(), m.end(), "percent", round(100 * n / d, 2), unit="%", core_end=m.end()))
    for m in CENTURY_RE.finditer(norm) if "entury" in norm else ():
        f = m.group("f").lower()
        start = m.start() + (4 if f.startswith("the ") else 0)
        out.append(Raw(start, m.end(), "duration", CENTURY_YEARS.get(f, 100), unit="year", core_end=m.end()))
    for m in FOLD_RE.finditer(norm) if "fold" in norm else ():
        n = m.group("n").lower()
        out.append(Raw(m.start(), m.end(), "quantity", int(n) if n.isdigit() else _FOLD[n], unit="x", core_end=m.end()))
    for m in DOZEN_RE.finditer(norm) if "dozen" in norm else ():
        out.append(Raw(m.start(), m.end(), "cardinal", 12, core_end=m.end()))
    return sorted(out, key=lambda r: (r.start, r.start - r.end))  # at one start the longest phrase wins
