"""Durations with a half: 半小時 (0.5 hour), 半年, 兩年半 (2.5 years), 三个半月, "half an hour",
"two and a half years", "an hour and a half" (GUIDELINES §10: 半小時 → 0.5 hour).

A half has no digit of its own, so the core finder never sees 半小时; and 两年半 read as 两年 loses
the half. These are read before the cores (a core inside one is then skipped).
"""

from __future__ import annotations

import re

from pipeline.numbers import parse_chinese
from pipeline.stages.figures.figure import Raw

_CN_UNIT = {"小时": "hour", "钟头": "hour", "个小时": "hour", "个钟头": "hour", "年": "year", "个月": "month",
            "天": "day", "周": "week", "个星期": "week"}
# 半小时 / 半年 / 半个月 alone: not 上半年 / 下半年 (halves of a year: dates), 大半年 / 多半 (vague), 半年报 (a report)
CN_HALF_RE = re.compile(
    r"(?<![上下前后大多一二三四五六七八九十两\d个])半(?P<u>个小时|个钟头|小时|钟头|年|个月|个星期)(?![报度刊])")
# 两年半 / 一个半小时 / 三个半月: a whole number, then 半 (between a measure word and its unit, or after the unit)
CN_AND_HALF_RE = re.compile(
    r"(?<![\d.一二两三四五六七八九十百千万])(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
    r"(?:(?P<u1>年|个小时|个钟头|小时|个月|天|周|个星期)半(?!载)|个半(?P<u2>小时|钟头|月|星期))")
_EN_UNIT = {"hour": "hour", "year": "year", "month": "month", "day": "day", "week": "week"}
_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "a": 1, "an": 1}
EN_HALF_RE = re.compile(
    r"\b(?:half\s(?:an?\s)(?P<u>hour|year|month|day|week)"
    r"|(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\sand\sa\shalf\s(?P<u2>hour|year|month|day|week)s?"
    r"|(?P<a>an?)\s(?P<u3>hour|year|month|day|week)\sand\sa\shalf)\b", re.IGNORECASE)


def half_durations(norm: str) -> list[Raw]:
    """Every duration with a half in ``norm`` (clean Simplified, width-normalised)."""
    out: list[Raw] = []
    if "半" in norm:
        for m in CN_AND_HALF_RE.finditer(norm):
            n = int(m.group("n")) if m.group("n").isdigit() else parse_chinese(m.group("n"))
            unit = _CN_UNIT.get(m.group("u1") or "") or {"小时": "hour", "钟头": "hour", "月": "month",
                                                       "星期": "week"}[m.group("u2")]
            if isinstance(n, int):
                out.append(Raw(m.start(), m.end(), "duration", n + 0.5, unit=unit))
        for m in CN_HALF_RE.finditer(norm):
            if not any(r.start <= m.start() < r.end for r in out):
                out.append(Raw(m.start(), m.end(), "duration", 0.5, unit=_CN_UNIT[m.group("u")]))
    if "half" in norm.lower():
        for m in EN_HALF_RE.finditer(norm):
            if m.group("u"):
                out.append(Raw(m.start(), m.end(), "duration", 0.5, unit=_EN_UNIT[m.group("u").lower()]))
            elif m.group("n"):
                word = m.group("n").lower()
                n = int(word) if word.isdigit() else _EN_WORDS[word]
                out.append(Raw(m.start(), m.end(), "duration", n + 0.5, unit=_EN_UNIT[m.group("u2").lower()]))
            else:
                out.append(Raw(m.start(), m.end(), "duration", 1.5, unit=_EN_UNIT[m.group("u3").lower()]))
    return sorted(out, key=lambda r: r.start)
