"""Who issued a release that prints no credit line, and its date lines (split from :mod:`pipeline.stages.credits`).

Classes: a release whose first sentence has the issuing body as subject (財政部為…, 国家统计局今天发布…); a release
opening on a head of state (賴清德總統今（1）日…, President Lai … on January 1: the office the text names, 總統府);
an official document signed by its issuing body above its closing date (国务院办公厅 / 2024年3月1日); date-only lines
(a feed's time stamp under the title, a closing "Ends/Tuesday, June 28, 2022"). Patterns are data in
``resources/ingest/credits.yaml``, passed in as the compiled rules of :func:`pipeline.stages.credits.credit_rules`.
"""

from __future__ import annotations

import re

from pipeline.stages.dates import parse_any_date
from pipeline.stages.pagehead import masthead_name

DATE_LINE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○Ｏ零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
                       r"[一二三四五六七八九十]{1,3}日|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
                       r"(?:19|20)\d\d|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(?:19|20)\d\d"
                       r"|(?:中華民國|中华民国|民國|民国)\s*1[01]\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")  # ROC: 中華民國114年4月24日


def release_subject(text: str, lines: list[tuple[int, str]], r: dict, spans: dict) -> None:
    """A release without credits: the issuing body is the subject of its first sentence (財政部為…) and named again."""
    for start, line in lines[1:8]:
        stripped = line.strip()
        if len(stripped) < 30:
            continue  # a subtitle or a field line, not the opening paragraph
        match = r["release_subject"].match(stripped)
        if match and text.count(match.group("org")) >= 3:
            lead = start + len(line) - len(line.lstrip())
            spans["publication"] = (lead + match.start("org"), lead + match.end("org"))
        return


def issuer_signature(lines: list[tuple[int, str]], spans: dict) -> None:
    """An official document signed by its issuing body above its closing date (国务院办公厅 / 2024年3月1日; 行政院 /
    中華民國114年4月24日; Board of Governors of the Federal Reserve System / June 18, 2025): the body published it."""
    tail = lines[-5:]
    for n in range(len(tail) - 1, 0, -1):
        if not date_line(tail[n][1]):
            continue
        start, line = tail[n - 1]
        name = masthead_name(line)
        if name:
            spans["publication"] = (start + name[0], start + name[1])
        return


def body_line(line: str) -> bool:
    """A paragraph of the text: a long line ending a sentence."""
    stripped = line.strip()
    return len(stripped) >= 50 and stripped[-1] in "。！？!?.；;"


def leader_release(text: str, lines: list[tuple[int, str]], r: dict, spans: dict) -> None:
    """A release opening on a head of state (賴清德總統今（1）日…, President Lai … on January 1): the office the
    text names (總統府, the Presidential Office) issued it."""
    for _, line in lines[1:8]:
        stripped = line.strip()
        if len(stripped) < 30:
            continue  # the date line, the headline or a subtitle
        match = r["leader_opening"].match(stripped)
        if not match:
            continue
        for office in r["leader_offices"].get(match.group("zh") or match.group("en"), ()):
            at = text.find(office)
            if at >= 0:
                spans["publication"] = (at, at + len(office))
                return
        return


def date_line(line: str) -> str | None:
    """The ISO date of a line that is only a date: 2026-04-14T09:08:00+08:00, 2019/05/20, 2022年6月28日（星期二）,
    Ends/Tuesday, June 28, 2022 (HKSAR press releases)."""
    stripped = re.sub(r"^(?:Ends\s*/\s*|完\s*)", "", line.strip())
    stripped = re.sub(r"[（(]\s*(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]\s*[)）]|^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*",
                      "", stripped).strip()
    if len(stripped) > 30 or not stripped:
        return None
    if re.fullmatch(r"(?:19|20)\d\d[-/.]\d\d?[-/.]\d\d?(?:[T ][\d:.+\-Z]+)?", stripped) or DATE_LINE.fullmatch(stripped):
        return parse_any_date(stripped)
    return None
