"""Headings of plain text: which lines title a section, and their level from the numbering scheme.

Rules are data (``resources/ingest/headings.yaml``); this module applies them to the lines of
one document in three steps:

1. *Candidates*, line by line: a numbered line (第一章, 一、, （一）, 1.1, ①, I., A. …) whose
   title is short — the whole line, or its lead phrase when the line runs on ("（一）开设整合。
   县级以上…"); or an unnumbered short line without sentence punctuation. Lines of a known
   non-heading class (captions, footers, table rows, field lines, credits, notes) never are.
2. *Context*: a candidate must start a paragraph (not continue a hard-wrapped one), lie outside
   a paper's front matter and back matter (before 摘要/Abstract, after 参考文献/References), not
   be part of a signature block (lines right above a date line), a document title (…的通知)
   or a running page header (a line repeated on every page). Run-in lead phrases count only
   when every sibling of their series has one (GUIDELINES §10).
3. *Levels*: the dense rank of the numbering schemes the document uses (第一章 > 第一节 > 一、 >
   （一） > 1. > （1） > ①; 1 > 1.1 > 1.1.1; I. > A. > 1. > (a)), so 一、 followed by 1. makes 1.
   level 2. Unnumbered headings among numbered ones are children of the numbered heading above
   them (参考文献 and the like: level 1); in a document without numbering, a run of headings
   nests (each the parent of the next), as the seed's layout does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache


from pipeline.config import RESOURCES_DIR, parse_yaml
from pipeline.stages.pagehead import head_date, is_author_position, is_bracket_credit, is_masthead
from pipeline.stages.wrap import function_words

RULES_PATH = RESOURCES_DIR / "ingest" / "headings.yaml"
ENGLISH_DIVISION = re.compile(r"(?:Part|PART|Chapter|CHAPTER|Section|SECTION)\s+\S+")  # "Part I: …" is no field line
CONNECTIVE_END = "的及和与與或并並之对對从從将將把被及以"  # a Chinese line ending on one of these runs on
SENTENCE_FINAL = "。！？!?；;…"
LEAD_END = "。"
SUBTITLE_SHARED = 2    # Han bigrams a subtitle shares with its headline
SUBTITLE_SHARED_WORDS = 3  # English words (four letters or more): "Monetary Policy Report" / "Monetary Policy and …" is a section
RUN_IN_MAX = 30        # characters of a run-in lead phrase (（一）推进政务公开，强化解读回应。)
BODY_MIN = 50          # a line this long (characters) is body text when it is not a heading
PAPER_NUMBER = re.compile(r"[1-9]\d?(?:\.[1-9]\d?)*(?:\s+|(?=[\u4e00-\u9fff]))(?![年月日])")
YEAR_LEAD = re.compile(r"(?:19|20)\d\d\s*年?\s*[\u4e00-\u9fffA-Za-z]")
# A one-digit section number fused with a four-digit year by PDF-to-text (12050年… = 1 + 2050年…, papers of
# 中国科学院院刊 and other journals whose section titles open on a year); a five-digit year is no year.
FUSED_YEAR = re.compile(r"[1-9](?=(?:19|20)\d\d\s*年[\u4e00-\u9fff])")
# A paper's subsection title (4.3 实施华裔卡制度助力构建海外“科技人才银行”，促进海外华人中的科技人才回流环流) runs
# longer than other headings: with a two-level decimal number and no sentence punctuation it may take 1.5 times the limit.
DECIMAL_SECTION = re.compile(r"[1-9]\d?[.．][1-9]\d?(?:[.．][1-9]\d?)*\s*(?=[\u4e00-\u9fffA-Za-z])")
PAPER_TITLE_FACTOR = 1.5
PAPER_ENUMERATION = 60  # rank of （1）: enumerations from here down
REPEATED = 3           # a line printed this often is a running header or a table label
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
FULL_DATE = re.compile(
    r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[一二三四五六七八九〇○Ｏ零]{4}年[一二三四五六七八九十]{1,3}月"
    r"|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(?:19|20)\d\d")
DATE_ONLY = re.compile(
    r"^(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[一二三四五六七八九〇○Ｏ零]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日|(?:19|20)\d\d-\d\d-\d\d(?:T[\d:+\-.]+)?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d)\s*$")


@dataclass(frozen=True)
class Scheme:
    name: str
    rank: int
    pattern: re.Pattern[str]
    decimal: bool = False


@dataclass(frozen=True)
class Rules:
    schemes: tuple[Scheme, ...]
    top_level: frozenset[str]
    closing: frozenset[str]
    front_matter_end: re.Pattern[str]
    never: re.Pattern[str]  # the never-heading classes, one alternation
    title_endings: re.Pattern[str]
    field_line: re.Pattern[str]
    field_label_max: int
    contents: frozenset[str]
    max_run: int
    notes_label: re.Pattern[str]
    note_item: re.Pattern[str]


@dataclass
class Candidate:
    """A heading candidate: line index, title length within the stripped line, numbering."""

    index: int
    length: int          # characters of the stripped line that form the heading
    rank: float | None   # numbering scheme rank (None: unnumbered)
    run_in: bool = False  # the line runs on after the heading's lead phrase
    plain: bool = False   # a numbered line that is a plain clause (no short title): vetoes run-in siblings
    sentence: bool = False  # the whole line is one short sentence (（一）指导思想。)
    level: int = 0


@lru_cache(maxsize=2)
def rules(path: str = str(RULES_PATH)) -> Rules:
    """The heading rules of ``resources/ingest/headings.yaml``, compiled."""
    with open(path, encoding="utf-8") as handle:
        data = parse_yaml(handle.read())
    schemes = tuple(Scheme(s["name"], s["rank"], re.compile(s["pattern"]), bool(s.get("decimal")))
                    for s in data["schemes"])
    return Rules(
        schemes=schemes,
        top_level=frozenset(_key(w) for w in data["top_level"]),
        closing=frozenset(_key(w) for w in data["closing"]),
        front_matter_end=re.compile(data["front_matter_end"]),
        never=re.compile("|".join(f"(?:{p})" for p in data["never"])),
        title_endings=re.compile(data["title_endings"]),
        field_line=re.compile(data["field_line"]),
        field_label_max=int(data["field_label_max"]),
        contents=frozenset(_key(w) for w in data["contents"]),
        max_run=int(data["max_run"]),
        notes_label=re.compile(data["notes_label"]),
        note_item=re.compile(data["note_item"]),
    )


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def numbering(line: str) -> tuple[float, int] | None:
    """(scheme rank, marker length) of a numbered line; decimal depth adds to the rank (1.1 after 1)."""
    fused = FUSED_YEAR.match(line)
    if fused:  # "12050年中国现代化目标": section 1 run into the year 2050 by the text extraction
        return float(next(s.rank for s in rules().schemes if s.decimal)), fused.end()
    for scheme in rules().schemes:
        match = scheme.pattern.match(line)
        if match:
            rank = float(scheme.rank)
            if scheme.decimal:
                number = match.group("number")
                if re.match(r"\d+\s*(?:年|月|日|%|个|個|万|萬|亿|億|元|倍|位|家|项|項|名|人|次)", line):
                    return None
                rank += 0.1 * len(re.split(r"[.．]", number)) - 0.1
            return rank, match.end()
    return None


def _paper_style(line: str) -> bool:
    """A decimal section number without a full stop after it ("1 世界经验", "3未来建议", "2.1 开源许可证")."""
    return bool(PAPER_NUMBER.match(line))


def is_never_heading(line: str) -> bool:
    """A line of a class that is never a heading (captions, footers, table rows, credits, notes …)."""
    r = rules()
    if r.never.match(line):
        return True
    if FULL_DATE.search(line) or head_date(line):
        return True  # datelines, "Implementation Note issued June 18, 2025", running headers with dates
    if is_masthead(line) or is_author_position(line) or is_bracket_credit(line):
        return True  # 人民日报 above a headline; "Specialist in …" under an author's name; 【旅遊局】 captions
    field = r.field_line.match(line)
    if (field and len(re.sub(r"\s", "", field.group("label"))) <= r.field_label_max
            and not ENGLISH_DIVISION.fullmatch(field.group("label").strip())
            and numbering(field.group("label").strip()) is None):  # "6结语：…" is a numbered section
        return True  # 发布日期：…, 主 题 词：…, Authors: …
    return line[-1] in "：:︰,，、"


def is_notes_label(line: str) -> bool:
    """註： / Notes: alone on its line, above the notes of a table."""
    return bool(rules().notes_label.match(line))


def is_note_item(line: str) -> bool:
    """A note under a table: # …, * …, ^ …, (1) …, 註1 …"""
    return bool(rules().note_item.match(line))


def _note_lines(stripped: list[str], nonempty: list[int], continued: set[int]) -> set[int]:
    """The notes under a table: after a 註： / Notes: label, its items and their wrapped lines."""
    out: set[int] = set()
    in_notes = False
    for i in nonempty:
        if is_notes_label(stripped[i]):
            in_notes = True
        elif in_notes and (is_note_item(stripped[i]) or i in continued):
            out.add(i)
        else:
            in_notes = False
    return out


def is_date_line(line: str) -> bool:
    return bool(DATE_ONLY.match(line.strip()))


def _heading_part(line: str) -> str:
    """The part of a numbered line a heading could be: up to its first full stop."""
    lead = re.search(f"[{LEAD_END}]", line)
    return line[:lead.end()] if lead else line


def _short_unpunctuated(line: str, max_chars: int) -> bool:
    if len(line) > max_chars or line[-1] in SENTENCE_FINAL + "，,、：:︰" or line[-1] == "”":
        return False
    return not any(mark in line[:-1] for mark in "。！？!?；")


def candidate(index: int, line: str, max_chars: int, english: str | None) -> Candidate | None:
    """The heading reading of one stripped line, before its context is looked at."""
    numbered = numbering(line)
    if numbered is None and english is None and not _short_unpunctuated(line, max_chars):
        return None  # cheap test first: most lines are body text
    if is_never_heading(line if numbered is None else _heading_part(line)):
        return None
    if numbered is not None:
        rank, marker = numbered
        title = line[marker:].strip()
        if not title or not (re.search(r"[\u4e00-\u9fffA-Za-z]", title[:4]) or YEAR_LEAD.match(title)):
            return None  # "2 2050中国科技现代化目标" (a title opening on a year) is one
        if english is not None:
            ok = english == "heading"
            return Candidate(index, len(line), rank) if ok else Candidate(index, 0, rank, plain=True)
        lead = re.search(f"[{LEAD_END}]", line)
        if lead is None:
            limit = int(max_chars * PAPER_TITLE_FACTOR) if DECIMAL_SECTION.match(line) else max_chars
            if _short_unpunctuated(line, limit):
                return Candidate(index, len(line), rank)
            return Candidate(index, 0, rank, plain=True)
        if lead.end() <= RUN_IN_MAX and not any(m in line[:lead.start()] for m in "！？!?；;"):
            return Candidate(index, lead.end(), rank, run_in=lead.end() < len(line), sentence=lead.end() == len(line))
        return Candidate(index, 0, rank, plain=True)
    if _ends_mid_sentence(line):
        return None  # "… since March 2020 to", "…分別維持年息2%、2.375%及": a wrapped line, not a title
    if english is not None:
        return Candidate(index, len(line), None) if english == "heading" else None
    if _short_unpunctuated(line, max_chars) and re.search(r"[\u4e00-\u9fffA-Za-z]", line):
        return Candidate(index, len(line), None)
    return None


def _ends_mid_sentence(line: str) -> bool:
    """A line that stops where no title does: on a lower-case English function word or a Chinese connective."""
    tail = line.split()[-1] if line.split() else ""
    if tail.islower() and tail in function_words():
        return True
    return len(line) >= 24 and line[-1] in CONNECTIVE_END


def select(lines: list[str], found: dict[int, Candidate], continued: set[int],
           title_lines: set[int]) -> list[Candidate]:
    """The candidates that their context confirms, with levels (see the module docstring)."""
    r = rules()
    stripped = [line.strip() for line in lines]
    counts = Counter(s for s in stripped if s)
    nonempty = [i for i, s in enumerate(stripped) if s]
    where = {i: n for n, i in enumerate(nonempty)}  # line index -> position among non-empty lines
    # front matter: before a paper's 摘要/Abstract line, or before the first body paragraph
    front_end = -1
    for i in nonempty[:40]:
        if r.front_matter_end.match(stripped[i]):
            front_end = i
            break
    first_body = next((i for i in nonempty if (i not in found or i + 1 in continued) and _is_body(stripped[i], r)),
                      len(lines))  # a heading-shaped line that a wrapped paragraph goes on from is body text
    while first_body in continued and first_body in where and where[first_body] > 0:
        first_body = nonempty[where[first_body] - 1]  # a wrapped paragraph starts at its first line
    before = where[first_body] - 1 if first_body in where else -1
    keep_before_body = nonempty[before] if before >= 0 and nonempty[before] not in title_lines else None
    if keep_before_body is not None and _subtitle(stripped, nonempty, where, title_lines, keep_before_body, r):
        keep_before_body = None
    attached = _attachment_lines(stripped, nonempty, found) | _contents_lines(stripped, nonempty, found, r)
    attached |= _note_lines(stripped, nonempty, continued)
    attached |= _long_runs(nonempty, {i: c for i, c in found.items() if i not in attached}, r.max_run)
    dates = {i for i in nonempty if is_date_line(stripped[i])}
    signature: set[int] = set()
    for d in dates:
        position = where[d]
        for i in nonempty[max(0, position - 3):position]:
            if i in found and found[i].rank is None:
                signature.add(i)
    chosen: list[Candidate] = []
    closed = False
    for i in sorted(found):
        c = found[i]
        line = stripped[i]
        if closed:
            break
        following = nonempty[where[i] + 1] if where[i] + 1 < len(nonempty) else None
        if c.length == 0 or i in continued or i in title_lines or i <= front_end or i in attached:
            continue
        if following is not None and following in continued and not c.run_in:
            continue  # the first line of a hard-wrapped paragraph
        if counts[line] >= REPEATED and c.rank is None:
            continue
        if c.rank is None:
            if i < first_body and i != keep_before_body:
                continue
            if i in signature or _title_group(stripped, i, r) or _sentence_like(line):
                continue
            if _key(line) in r.top_level:
                pass  # 参考文献 / References: followed by entries, not body text
            elif following is None or not _opens_section(stripped, nonempty, where, found, i, r, continued):
                continue  # a heading is followed by its section's text
        chosen.append(c)
        if _key(line) in r.closing:
            closed = True
    chosen.extend(found[i] for i in found if found[i].plain)  # plain clauses veto run-in siblings
    chosen.sort(key=lambda c: c.index)
    chosen = _drop_run_in_of_plain_series(chosen)
    if any(_paper_style(stripped[c.index]) for c in chosen if c.rank is not None):
        # A paper's outline is decimal (GB/T 7713: 1, 1.1, 1.1.1); （1） and ① items under it are
        # enumerations in the text, not sections.
        chosen = [c for c in chosen if c.rank is None or c.rank < PAPER_ENUMERATION or not (c.run_in or c.sentence)]
    _assign_levels(chosen, stripped, r)
    return chosen


def _subtitle(stripped: list[str], nonempty: list[int], where: dict[int, int], title_lines: set[int],
              i: int, r: Rules) -> bool:
    """The line printed right under a headline (or under the date line below it), before the first body
    paragraph: a subtitle, not a section (GUIDELINES §10). Presidential Office and ministry releases (總統接見「…」
    under the headline), Macao GCS releases under their time stamp, Xinhua and People's Daily 副题, English
    releases' standfirsts. A subtitle restates its headline (總統發表「2025新年談話」 under 總統發表2025新年談話…;
    书展 in both): a first section right under a title (年度报告 / 贡献者) shares nothing with it and stays one;
    前言 / Introduction there still open a section."""
    if not title_lines or _key(stripped[i]) in r.top_level:
        return False
    for position in range(where[i] - 1, -1, -1):
        above = nonempty[position]
        if above in title_lines:
            title = "".join(stripped[t] for t in sorted(title_lines))
            shared = len(_content_grams(stripped[i]) & _content_grams(title))
            han = re.search(r"[\u4e00-\u9fff]", stripped[i])
            return shared >= (SUBTITLE_SHARED if han else SUBTITLE_SHARED_WORDS)
        if not (is_date_line(stripped[above]) or head_date(stripped[above])):
            return False  # only a date line (a GCS feed's time stamp, a portal's date) may stand between
    return False


def _content_grams(text: str) -> set[str]:
    """Han character bigrams and lower-cased Latin words of four letters or more: what two lines share in content."""
    grams = {a + b for a, b in zip(text, text[1:]) if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff"}
    return grams | {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _is_body(line: str, r: Rules) -> bool:
    """Body text: a long line or a sentence (an English one ends on a full stop: "… on March 15, 2020.")."""
    ends = (line[-1] in SENTENCE_FINAL or (line.endswith(".") and len(line.split()) >= 6)
            or (line[-1] == "：" and len(line) >= BODY_MIN))  # a long Chinese sentence introducing a table or list
    if is_never_heading(line) and not ends:
        return False
    return len(line) >= BODY_MIN or ends


def _sentence_like(line: str) -> bool:
    """An unnumbered line that reads as a clause: a comma inside, or a dash or colon introducing what follows."""
    if re.search(r"[\u4e00-\u9fff]", line) and "，" in line:
        return True
    return line.endswith(("——", "—", "--"))


def _opens_section(stripped: list[str], nonempty: list[int], where: dict[int, int], found: dict[int, Candidate],
                   i: int, r: Rules, continued: set[int]) -> bool:
    """After the run of heading candidates that starts at ``i`` comes body text (not a table or a number);
    the first line of a hard-wrapped paragraph is body text."""
    position = where[i] + 1

    def wrapped(p: int) -> bool:
        return p + 1 < len(nonempty) and nonempty[p + 1] in continued

    while (position < len(nonempty) and nonempty[position] in found and found[nonempty[position]].length
           and not wrapped(position)):
        position += 1
    if position >= len(nonempty):
        return False
    return _is_body(stripped[nonempty[position]], r) or wrapped(position)


def _contents_lines(stripped: list[str], nonempty: list[int], found: dict[int, Candidate], r: Rules) -> set[int]:
    """A table of contents (目录 / Contents) and its entries, up to the first body text."""
    out: set[int] = set()
    for n, i in enumerate(nonempty):
        if _key(stripped[i]) in r.contents:
            out.add(i)
            entries: list[int] = []
            for j in nonempty[n + 1:]:
                if _is_body(stripped[j], r):
                    break
                entries.append(j)
            out.update(entries[:-1])  # the last line above the body text opens the first section
            break
    return out


def _long_runs(nonempty: list[int], found: dict[int, Candidate], max_run: int) -> set[int]:
    """Unnumbered candidates in runs longer than ``max_run``: a list or a contents page, not an outline."""
    out: set[int] = set()
    run: list[int] = []
    for i in [*nonempty, -1]:
        if i in found and found[i].rank is None and found[i].length:
            run.append(i)
            continue
        if len(run) > max_run:
            out.update(run)
        run = []
    return out


def _attachment_lines(stripped: list[str], nonempty: list[int], found: dict[int, Candidate]) -> set[int]:
    """Attachment lists and the titles of attached documents (附件：1.… 2.…; 附件1 / title lines)."""
    out: set[int] = set()
    for n, i in enumerate(nonempty):
        if re.match(r"附件\s*[\d一二三四五六七八九十]*\s*[:：]?", stripped[i]):
            for j in nonempty[n + 1:n + 4]:
                if j in found:
                    out.add(j)
                else:
                    break
    return out



def _title_group(stripped: list[str], i: int, r: Rules) -> bool:
    """Part of a (possibly wrapped) document title: …的通知 on this line or the one or two after it."""
    for j in range(i, min(i + 3, len(stripped))):
        line = stripped[j]
        if not line:
            return False
        if r.title_endings.match(line):
            return True
        if j > i and (len(line) > 40 or line[-1] in SENTENCE_FINAL):
            return False
    return False


def _drop_run_in_of_plain_series(chosen: list[Candidate]) -> list[Candidate]:
    """Run-in lead phrases are headings only when no sibling of their series is a plain clause."""
    series: dict[tuple[float, int], list[Candidate]] = {}
    parent_of: dict[int, int] = {}
    stack: list[Candidate] = []
    for c in chosen:
        if c.rank is None:
            continue
        while stack and stack[-1].rank is not None and stack[-1].rank >= c.rank:
            stack.pop()
        parent = stack[-1].index if stack else -1
        parent_of[c.index] = parent
        series.setdefault((c.rank, parent), []).append(c)
        stack.append(c)
    vetoed = {c.index for group in series.values() if any(x.plain for x in group)
              for c in group if c.run_in or c.sentence}
    return [c for c in chosen if not c.plain and c.index not in vetoed]


def _assign_levels(chosen: list[Candidate], stripped: list[str], r: Rules) -> None:
    ranks = sorted({c.rank for c in chosen if c.rank is not None})
    if not ranks:
        _nest_runs(chosen)
        return
    level_of = {rank: n + 1 for n, rank in enumerate(ranks)}
    last_numbered = 0
    for c in chosen:
        if c.rank is not None:
            c.level = last_numbered = level_of[c.rank]
        elif _key(stripped[c.index]) in r.top_level:
            c.level = 1
        else:
            c.level = last_numbered + 1 if last_numbered else 1


def _nest_runs(chosen: list[Candidate]) -> None:
    """No numbering: in a run of consecutive headings each is the parent of the next.

    The last heading of a run (the one directly above body text) takes the depth of the
    deepest heading seen so far; the headings before it in the run are its ancestors.
    """
    depth = 1
    i = 0
    while i < len(chosen):
        j = i + 1
        while j < len(chosen) and chosen[j].index == chosen[j - 1].index + 1:
            j += 1
        run = chosen[i:j]
        depth = max(depth, len(run))
        for k, c in enumerate(run):
            c.level = max(1, depth - (len(run) - 1 - k))
        i = j
