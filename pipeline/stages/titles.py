"""The title of a plain-text report: the headline line(s) at its top, never a date, number or credit.

Classes of real text (GUIDELINES §3): a news headline or release title on line 1 (TW/HK/MO
releases, Hansard questions, NBS releases, HKSAR reports, CRS briefs); a paper title under a
journal's running header (中国科学院院刊 via ChinaXiv); a web page title "Site - Title" (Federal
Reserve) whose site part is the publisher; a title wrapped over two centred lines (HKSAR PDF
reports); the 标题 field of a State Council document's header. Lines above the title that are page
furniture (breadcrumbs, journal headers) are skipped; a text that opens with body text has no title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.config import parse_yaml
from pipeline.stages.headings import FULL_DATE, RULES_PATH, SENTENCE_FINAL, is_date_line, is_never_heading, numbering, rules
from pipeline.stages.ingest_en import is_credit_line, looks_like_english_heading
from pipeline.stages.pagehead import head_date, is_masthead, is_tagline
from pipeline.stages.wrap import continuations, function_words

TITLE_MAX_CHARS = 60          # a Chinese headline; longer opening lines are body text
TITLE_FIELD = re.compile(r"^\s*标\s*题\s*[:：]\s*|^\s*標\s*題\s*[:：]\s*")
MONTH_YEAR = re.compile(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d")
MAX_FIELDS = 20              # header field lines (索引号, 发文机关 …) skipped above a title
LOOK_AHEAD = 6                # lines of furniture that may stand above a title


@dataclass
class Title:
    """Title lines (indices), its span(s) in the text, and a site name printed with it."""

    lines: list[int]
    spans: list[tuple[int, int]]
    site: tuple[int, int] | None = None
    whole_line: bool = True
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _rules_data() -> dict:
    """``headings.yaml``, parsed once for the three title tables it holds."""
    return parse_yaml(RULES_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _title_rules() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    data = _rules_data()
    return tuple(re.compile(p) for p in data["title_skip"]), re.compile(data["site_separator"])


@lru_cache(maxsize=1)
def _title_tail() -> re.Pattern[str]:
    return re.compile(_rules_data()["title_tail"])


def _offsets(lines: list[str]) -> list[int]:
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return starts


HEADER_FIELD = re.compile(r"^([^：:︰\t]{1,16}?)\s*[：:︰\t]")


@lru_cache(maxsize=1)
def header_fields() -> frozenset[str]:
    return frozenset(_rules_data()["header_fields"])


def _is_field_label(label: str) -> bool:
    """A header field's label (索 引 号, 發布單位, Authors), as listed in the heading and credit rules."""
    from pipeline.stages.credits import credit_rules

    key = re.sub(r"\s+", "", label)
    return key in header_fields() or key.lower() in credit_rules()["labels"]


def _furniture(line: str) -> bool:
    """Never a title: what is never a heading, except that a headline may have a colon (X：Y)."""
    return bool(rules().never.match(line)) or bool(FULL_DATE.search(line) and len(line) < 30)


def _dateline(line: str) -> bool:
    core = re.sub(r"^(?:Published|Updated|Released|Date|发布日期|發布日期|日期)\s*[:：]?\s*", "", line, flags=re.I)
    return is_date_line(core) or bool(MONTH_YEAR.fullmatch(core.strip()))


def _titleish(line: str) -> bool:
    core = line.rstrip("*＊ \t")
    if core[-1:] in ("？", "?", "！", "!") and not any(m in core[:-1] for m in "。！？!?；;"):
        core = core[:-1]  # a headline asking or exclaiming (美国经济会衰退吗？, "Will the Fed Cut Rates?")
    if not core or core[-1] in SENTENCE_FINAL + "，,、：:" or is_date_line(core):
        return False
    if re.search(r"[\u4e00-\u9fff]", core):
        return len(core) <= TITLE_MAX_CHARS and not any(m in core for m in "。！？；")
    plain = re.sub(r"\b(?:[A-Z]\.)+", "X", core)  # U.S., U.K.: abbreviations, not sentence ends
    if plain.endswith("."):
        return False  # an English sentence
    return looks_like_english_heading(plain) or (len(core.split()) <= 20 and core[0].isupper()
                                                 and not re.search(r"[.!?;]\s", plain))


def find_title(lines: list[str], continued: set[int] | None = None) -> Title | None:
    """The title of the text whose lines are ``lines``, or None (``continued``: hard-wrap continuations)."""
    if continued is None:
        continued = continuations(lines)
    starts = _offsets(lines)
    skip, separator = _title_rules()
    for index, line in enumerate(lines[:15]):
        match = TITLE_FIELD.match(line)
        if match and line[match.end():].strip():
            s = starts[index] + match.end()
            value = line[match.end():].rstrip()
            return Title([], [(s, s + len(value))], whole_line=False)
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    looked = 0
    masthead = False  # a masthead above the title names the site: a dash in the headline is the headline's own
    for position, index in enumerate(nonempty[:LOOK_AHEAD + MAX_FIELDS]):
        stripped = lines[index].strip()
        label = HEADER_FIELD.match(stripped)
        if label and _is_field_label(label.group(1)):
            continue  # a header field (索 引 号：…, 发文机关：…): as many as the header has
        if any(p.match(stripped) for p in skip):
            continue  # page furniture (breadcrumbs, navigation bars, journal headers): as much as the page has
        looked += 1
        if looked > LOOK_AHEAD:
            return None
        if (_dateline(stripped) or is_credit_line(stripped)
                or is_masthead(stripped) or is_tagline(stripped) or head_date(stripped)):
            masthead = masthead or is_masthead(stripped)
            continue  # a date line ("MARCH 2021", 2026-04-14T09:08), a masthead or a byline above the title
        if numbering(stripped) is not None and looked == 1:
            return None  # the text opens with a numbered section: no title line
        following = nonempty[position + 1] if position + 1 < len(nonempty) else None
        after = lines[following].strip() if following is not None else ""
        # a title broken after its colon or a function word ("…Equipment:" / "Accelerants and …";
        # "Minutes of the Board Meeting of the" / "Central Bank …"; "关于推进…的" / "…意见")
        broken = bool(after) and _titleish(after) and _broken_title(stripped, after)
        if not (_titleish(stripped) or broken) or (_furniture(stripped) and not separator.search(stripped)):
            return None
        lead = len(lines[index]) - len(lines[index].lstrip())
        s = starts[index] + lead
        core = stripped.rstrip("*＊ \t")
        title = Title([index], [(s, s + len(core))])
        parts = separator.split(core)
        if len(parts) >= 2 and not masthead:  # "Site - Title": the longer part is the title, the other the site
            pieces = list(separator.finditer(core))
            first, last = (0, pieces[0].start()), (pieces[-1].end(), len(core))
            body, site = (last, first) if last[1] - last[0] >= first[1] - first[0] else (first, last)
            title.spans = [(s + body[0], s + body[1])]
            title.site = (s + site[0], s + site[1])
        if following is not None and (broken or _continues_title(lines, index, following) or following in continued
                                      or _paper_title_continues(lines, nonempty, position)
                                      or _document_title_continues(stripped, lines[following].strip())):
            nxt = lines[following]
            f_lead = len(nxt) - len(nxt.lstrip())
            core2 = nxt.strip().rstrip("*＊ \t")
            title.lines.append(following)
            title.spans.append((starts[following] + f_lead, starts[following] + f_lead + len(core2)))
            third = nonempty[position + 2] if position + 2 < len(nonempty) else None
            if third is not None and _third_line_continues(lines, following, third, continued):
                nxt = lines[third]
                t_lead = len(nxt) - len(nxt.lstrip())
                title.lines.append(third)
                title.spans.append((starts[third] + t_lead, starts[third] + t_lead + len(nxt.strip().rstrip("*＊ \t"))))
        return title
    return None


def _third_line_continues(lines: list[str], second: int, third: int, continued: set[int]) -> bool:
    """A title over three lines (long English report titles in PDFs): the second line is broken too."""
    before, after = lines[second].strip(), lines[third].strip()
    if not _titleish(after) or is_never_heading(after) or head_date(after) or is_credit_line(after):
        return False
    return _broken_title(before, after) or (third in continued and third == second + 1)


def _broken_title(first: str, second: str) -> bool:
    """The first line of a title ends where the title cannot: on a colon, an English function word, a
    Chinese connective (的, 与, 和, 及); or the second line starts in lower case or is a short document-type tail."""
    if first[-1] in ":：" or second[:1].islower() or _title_tail().match(second):
        return True
    tail = first.split()[-1] if first.split() else ""
    if tail.islower() and tail in function_words():
        return True
    return bool(re.search(r"[\u4e00-\u9fff](?:的|与|與|和|及|暨|之|对|對|在|关于|關於|对于|對於)$", first))


def _paper_title_continues(lines: list[str], nonempty: list[int], position: int) -> bool:
    """A paper title wrapped onto a second short line, with the author line right under it."""
    from pipeline.stages.credits_paper import author_line

    if position + 2 >= len(nonempty):
        return False
    second, third = lines[nonempty[position + 1]].strip(), lines[nonempty[position + 2]].strip()
    return (bool(re.search(r"[\u4e00-\u9fff]", second)) and _titleish(second) and not author_line(second)
            and bool(author_line(third)))


def _document_title_continues(first: str, second: str) -> bool:
    """An official-document title wrapped after 关于…: the second line completes it (…的意见, …的通知)."""
    endings = rules().title_endings
    return (not endings.match(first) and bool(endings.match(first + second)) and len(second) <= 40
            and not any(m in second for m in "。，；"))


def _continues_title(lines: list[str], index: int, following: int) -> bool:
    """A title wrapped onto the next line: centred lines both indented, or a hard-wrap continuation."""
    first, second = lines[index], lines[following]
    stripped = second.strip()
    if not _titleish(stripped) or is_never_heading(stripped):
        return False
    indented = (len(first) - len(first.lstrip()) >= 3) and (len(second) - len(second.lstrip()) >= 3)
    return indented and following == index + 1
