"""The head of a news or release page: masthead, the date line with its time and source, a paper's citation.

What real pages print around a headline (GUIDELINES §3), as spans and values for ingest's metadata:

- a **masthead**, a line that is only the outlet's or issuing body's name (人民日报, 澳門特別行政區政府新聞局,
  Congressional Research Service): the publication, never the title;
- a **date line**, the date alone or with its time, an update note and the source after it
  ("2024年05月09日 15:32 来源：中国新闻网", "2023年12月21日 18:05 证券时报", "2025/04/24 16:32（4/24 17:05 更新）",
  "發布日期：114-04-09", "Updated March 3, 2021"): the date, and the source as the publication;
- a paper's **citation line** 《 人民日报 》（ 2024年03月06日 02 版）: publication and date;
- a **bracket credit** opening a line, 【旅遊局】 / 【新华社】: the issuing body as the publication.

Patterns are data (``resources/ingest/credits.yaml``); nothing here edits the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from pipeline.config import RESOURCES_DIR, parse_yaml
from pipeline.stages.dates import FULL_WIDTH, parse_any_date

CREDITS_PATH = RESOURCES_DIR / "ingest" / "credits.yaml"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# The date forms a page head prints (Gregorian and ROC years; Chinese, ISO, slashed, dotted, English).
DATE_FORM = (r"(?:中華民國|中华民国|民國|民国)?\s*(?:(?:19|20)\d\d|1[01]\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
             # an ROC year before 100 needs its era name (自由時報 2002: 中華民國91年3月19日星期二)
             r"|(?:中華民國|中华民国|民國|民国)\s*\d{2,3}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"
             r"|[〇○Ｏ零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
             r"|(?:(?:19|20)\d\d|1[01]\d)[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
             # US month/day/year, as English agency and US agency pages print it (CNA English "04/24/2025 04:32 PM")
             r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d(?!\d)"
             rf"|{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d\d|\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d\d"
             # a report cover's month and year alone ("MARCH 2021", 2021年3月): the date is YYYY-MM
             rf"|{_MONTH}\s+(?:19|20)\d\d|(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月(?!\s*\d)")
WEEKDAY = r"(?:\s*[（(]\s*(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]\s*[)）]|\s*(?:星期|週|周)[一二三四五六日天])?"
TIME = r"(?:\s*(?:[—–]\s*)?(?:上午|下午|中午|晚上|晚间|晚間)\s*\d{1,2}\s*[時时点點](?:\s*\d{1,2}\s*分)?|\s*(?:[—–]\s*)?(?:T|\s)?\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?:\s*[+\-]\d\d:?\d\d|Z)?(?:\s*(?:a\.m\.|p\.m\.|AM|PM|EDT|EST|ET|HKT))?)?"
UPDATE = r"(?:\s*[（(][^（()）]{0,30}(?:更新|修訂|修订|updated|Updated)[^（()）]{0,10}[）)])?"
# a page number, with the section name a paper prints after it (2023年03月15日 第07版:国内)
PAGE = r"(?:\s*第?\s*\d{1,3}\s*版(?:\s*[:：︰]\s*[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){0,7})?)?"


@dataclass(frozen=True)
class HeadDate:
    """A page-head date line: the ISO date and the span (within the line) of the source named after it."""

    date: str
    source: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def credits_data() -> dict:
    """``credits.yaml`` parsed once: the page-head rules here and the credit rules (credits.py) share it."""
    return parse_yaml(CREDITS_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def head_rules() -> dict:
    data = credits_data()
    heads = "|".join(map(re.escape, sorted(data["masthead_heads"], key=len, reverse=True)))
    names = "|".join(map(re.escape, sorted(data["masthead_names"], key=len, reverse=True)))
    source = data["head_source_labels"]
    return {
        "masthead": re.compile(rf"^(?:[\u4e00-\u9fff]{{2,16}}(?:{heads})|(?:The\s+)?(?:{names}))$"),
        "taglines": tuple(re.compile(p) for p in data["taglines"]),
        "release_label": re.compile(data["release_label"]),
        "date_line": re.compile(
            rf"^(?:[-–•·|｜]\s*)?(?:{data['head_date_labels']})?(?P<open>[（(]\s*)?(?P<date>{DATE_FORM})(?(open)\s*[)）]){WEEKDAY}(?P<time>{TIME}){UPDATE}{PAGE}"
            rf"(?:\s*(?P<label>{source})?\s*(?P<source>[^\s:：︰\d][^:：︰]{{1,24}}?))?\s*$", re.IGNORECASE),
        "source_label": re.compile(source, re.IGNORECASE),
        "citation": re.compile(data["citation_line"]),
        "journal_line": re.compile(data["journal_line"]),
        "author_position": re.compile(data["author_position"]),
        "originally_in": re.compile(data["originally_in"]),
        "copyright": re.compile(data["copyright"]),
        "bracket_credit": re.compile(data["bracket_credit"]),
        "masthead_short": re.compile(data["masthead_short"]),
        "masthead_english": re.compile(data["masthead_english"]),
        "name_date_line": re.compile(data["name_date_line"]),
        "outlet_date_line": re.compile(data["outlet_date_line"]),
        "masthead_english_outlet": re.compile(data["masthead_english_outlet"]),
    }


def is_masthead(line: str) -> bool:
    """Only the name of an outlet or issuing body (人民日报, 澳門特別行政區政府新聞局, Congressional Research Service,
    中央銀行新聞稿): a line printed above the headline, never the title or a heading."""
    return masthead_name(line) is not None


def masthead_name(line: str) -> tuple[int, int] | None:
    """The outlet's name within a masthead line (中央銀行 of 中央銀行新聞稿), or None when the line is no masthead."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return None
    lead = len(line) - len(line.lstrip())
    english = head_rules()["masthead_english"].search(stripped)
    if english and re.search(r"[\u4e00-\u9fff]$", stripped[:english.start()]):
        stripped = stripped[:english.start()]  # 立場新聞 Stand News: the Chinese name
    label = head_rules()["release_label"].search(stripped)
    body = stripped[:label.start()] if label and label.start() >= 2 else stripped
    if _known_body(body):  # 中央銀行新聞稿, 總統府新聞: the body issues the news
        return lead, lead + len(body)
    if (head_rules()["masthead"].match(stripped) or head_rules()["masthead_short"].match(stripped)
            or head_rules()["masthead_english_outlet"].match(stripped)):
        return lead, lead + len(stripped)
    return None


def _known_body(name: str) -> bool:
    """A government body, central bank or institution the gazetteers list (Chinese in Simplified; English)."""
    if re.fullmatch(r"[\u4e00-\u9fff]{2,20}", name):
        return _t2s(name) in known_bodies()[0]
    return len(name.split()) >= 2 and name in known_bodies()[1]


@lru_cache(maxsize=1)
def _t2s_converter():
    import opencc  # already loaded by the convert stage in a full run

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    return _t2s_converter().convert(text)


@lru_cache(maxsize=1)
def known_bodies() -> tuple[frozenset[str], frozenset[str]]:
    """(Chinese, English) names of organisations: the ORG rows of the government and institution gazetteers
    (gazetteers/gov_cn, gov_hk, gov_mo, gov_tw, institutions, orgs_intl) and english/organisations.tsv."""
    chinese, english = set(), set()
    for name in ("gov_cn.tsv", "gov_hk.tsv", "gov_mo.tsv", "gov_tw.tsv", "institutions.tsv", "orgs_intl.tsv"):
        path = RESOURCES_DIR / "gazetteers" / name
        if path.exists():
            for row in _rows(path):
                if len(row) > 1 and row[1] == "ORG" and len(row[0]) >= 3:
                    chinese.add(row[0])
    for row in _rows(RESOURCES_DIR / "english" / "organisations.tsv"):
        if len(row) > 1 and row[1] == "ORG":
            english.add(row[0])
    return frozenset(chinese), frozenset(english)


def _rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]


def is_tagline(line: str) -> bool:
    return any(p.fullmatch(line.strip()) for p in head_rules()["taglines"])


def head_date(line: str) -> HeadDate | None:
    """The date of a page-head date line and the source named after it, or None for any other line."""
    stripped = line.strip().translate(FULL_WIDTH)  # ２０２５年４月２４日: same length, same offsets
    match = head_rules()["date_line"].match(stripped)
    if not match:
        return None
    date = parse_any_date(match.group("date")) or parse_any_date(match.group("date").title())  # MARCH 2021
    if not date:
        return None
    source = None
    if match.group("source"):
        value = match.group("source").strip()
        # an outlet after the date: after a label (来源：中国新闻网, Source: Reuters), after the time of a
        # portal's date line (2023年12月21日 18:05 证券时报), or a masthead name; anything else after a
        # date is a headline that starts with a date ("2024年3月国民经济运行情况"), not a date line
        labelled = bool(match.group("label")) and re.search(r"[\u4e00-\u9fffA-Za-z]{2}", value)
        timed = bool(match.group("time").strip()) and re.search(r"[\u4e00-\u9fff]{2}", value)
        if not (labelled or timed or is_masthead(value)):
            return None
        lead = len(line) - len(line.lstrip())
        source = (lead + match.start("source"), lead + match.start("source") + len(value))
    return HeadDate(date, source)


def citation(line: str) -> tuple[tuple[int, int], str] | None:
    """A paper's citation line 《 人民日报 》（ 2024年03月06日 02 版）: (publication span in the line, ISO date)."""
    match = head_rules()["citation"].match(line.strip())
    if not match:
        return None
    date = parse_any_date(match.group("date"))
    if not date:
        return None
    lead = len(line) - len(line.lstrip())
    return (lead + match.start("pub"), lead + match.end("pub")), date


def is_bracket_credit(line: str) -> bool:
    """A line opened by a bracketed issuing body (【旅遊局】“感受澳門”…宣傳短片, 【新华社】…): a credit or caption."""
    return bool(head_rules()["bracket_credit"].match(line))


def is_author_position(line: str) -> bool:
    """An author's position under the name in a CRS or think-tank author block ("Specialist in …")."""
    return bool(head_rules()["author_position"].match(line.strip()))


def find_page_head(text: str, lines: list[tuple[int, str]]) -> tuple[dict, dict]:
    """(spans, values) from the first lines of a page and its last lines: publication, date."""
    spans: dict = {}
    values: dict = {}
    head = lines[:8]
    for start, line in head + lines[-4:]:
        found = head_date(line)
        if found and "date" not in values:
            values["date"] = found.date
            if found.source:  # the source named on the date line is the original outlet (a portal's masthead is not)
                spans.setdefault("publication", (start + found.source[0], start + found.source[1]))
        cited = citation(line)
        if cited:
            spans.setdefault("publication", (start + cited[0][0], start + cited[0][1]))
            values.setdefault("date", cited[1])
    for start, line in lines[-8:]:
        origin = head_rules()["originally_in"].search(line)
        if origin:  # 本文原載於筆者的 am730專欄: where the piece was published
            group = "pub" if origin.group("pub") else "pub_en"
            spans.setdefault("publication", (start + origin.start(group), start + origin.end(group)))
    for n, (start, line) in enumerate(head):
        name = masthead_name(line)
        if name and n + 1 < len(lines):
            spans.setdefault("publication", (start + name[0], start + name[1]))
            break
    for start, line in head:
        outlet = head_rules()["outlet_date_line"].match(line.strip())
        if outlet and is_masthead(outlet.group("pub")) and parse_any_date(outlet.group("date")):
            lead = start + len(line) - len(line.lstrip())  # 上海證券報 2013-11-18 08:48:50
            spans.setdefault("publication", (lead + outlet.start("pub"), lead + outlet.end("pub")))
            values.setdefault("date", parse_any_date(outlet.group("date")))
            break
    for start, line in head:
        dated = head_rules()["name_date_line"].match(line.strip())
        if dated and parse_any_date(dated.group("date")):  # 呂翔禾 2024/12/17 20:13 點閱 318 次
            lead = start + len(line) - len(line.lstrip())
            spans.setdefault("authors", [{"name": (lead + dated.start("name"), lead + dated.end("name")),
                                          "affiliations": []}])
            values.setdefault("date", parse_any_date(dated.group("date")))
            break
    for start, line in head:
        journal = head_rules()["journal_line"].match(line.strip())
        if journal:  # 数据分析与知识发现  2023, Vol. 7 Issue (1): the journal and the year of the issue
            lead = start + len(line) - len(line.lstrip())
            spans.setdefault("publication", (lead + journal.start("pub"), lead + journal.end("pub")))
            values.setdefault("date", journal.group("year"))
            break
    for start, line in head:
        credit = head_rules()["bracket_credit"].match(line)
        if credit:  # 【旅遊局】“感受澳門”馬德里路展…: the issuing department
            spans.setdefault("publication", (start + credit.start("org"), start + credit.end("org")))
            break
    return spans, values


def copyright_holder(text: str) -> tuple[int, int] | None:
    """The holder named by a copyright line among the last or first lines (© 2021 Center for Security and
    Emerging Technology; 版權所有 © 香港特別行政區政府): the publisher when nothing else names one."""
    position, lines = 0, []
    for line in text.split("\n"):
        if line.strip():
            lines.append((position, line))
        position += len(line) + 1
    for start, line in lines[-8:] + lines[:8]:
        mark = head_rules()["copyright"].match(line.strip())
        if mark:
            lead = len(line) - len(line.lstrip())
            org = mark.group("org").rstrip(" .")
            return start + lead + mark.start("org"), start + lead + mark.start("org") + len(org)
    return None
