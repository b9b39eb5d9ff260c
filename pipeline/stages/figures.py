"""Figures: every number a report states, as a normalised fact (value, unit, subject, time).

How it works (all vocabulary lives in ``pipeline/resources/figures/``):
1. the text is width-normalised (１２％ → 12%, one character for one, so offsets hold);
2. number cores are found: Arabic (1,200 / 5.45) with an optional scale (万, 亿, 万亿,
   "trillion"), or Chinese numerals (两千零二十三, 十三点五七万亿, 二〇二四);
3. cores inside fixed words (一批, 一流, 珠三角, 党的二十大, 表1, phone numbers …) are dropped;
4. each core is classified by what surrounds it: 第 → ordinal, %/个百分点/成 → percent,
   currency → money, 年 after a year → date, 年/个月/天 → duration, unit → quantity,
   measure word → cardinal; two cores joined by 至/—/~ become a range;
5. qualifiers (约, 左右, 超过 …), change verbs (增长, 下降 …), the subject (nearest
   metric word before it in the clause) and the time (nearest year governing it) are attached.

Decisions (the case table tests/figures_cases.yaml pins each one):
- "9+2" (the 9 Guangdong cities + Hong Kong and Macao) is a cardinal of value 11;
- 一 alone before a measure word (一种, 一个) is an article, not a count; a Chinese numeral
  with nothing after it is never a figure (一流, 百花); a bare Arabic number is a cardinal,
  a bare year 1900–2099 a date, a bare digit string of 5+ digits an identifier (dropped);
- text: prefix qualifiers stay out (约2.2万亿元 → "2.2万亿元"), suffix ones and 连续/来 stay in
  (20年左右, 连续5年, 5年来); 第 is part of an ordinal's text (第4台);
- values are kept in the stated unit (5纳米 → 5 nm); percent values are percents (5.45, not
  0.0545); 倍/times → unit "x"; fractions (1/4, 四分之一) → cardinal 0.25; 千分之五 → 0.5 %;
- dates: value = the year (None for 3月5日), ``date`` = ISO partial ("2024-03", "--03-05");
  year ranges → kind range, low/high years, date "2023/2025"; value of any range is None;
- ¥/￥ and 元 are CNY; 澳元 is AUD, 澳门元/澳门币 MOP; $ alone is USD.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.numbers import (
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    EN_SCALES,
    normalize_width,
    parse_arabic,
    parse_chinese,
    scale_value,
)

KINDS = ("percent", "money", "quantity", "date", "duration", "cardinal", "ordinal", "range")

# ----------------------------------------------------------------------------- resources


class Lex:
    """Surfaces indexed by first character; longest match first. Items are tuples, surface first."""

    def __init__(self, items: list[tuple[str, ...]]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for item in sorted(items, key=lambda it: -len(it[0])):
            self.by_first.setdefault(item[0][0], []).append(item)

    def match(self, norm: str, pos: int, allow_space: bool = True) -> tuple[int, tuple[str, ...]] | None:
        """Longest item at ``pos``; non-CJK surfaces may follow one space and need a boundary after."""
        for start in ((pos, pos + 1) if allow_space and norm[pos : pos + 1] == " " else (pos,)):
            for item in self.by_first.get(norm[start : start + 1], ()):
                surface = item[0]
                cjk = _is_cjk(surface[0])
                if start != pos and cjk:
                    continue
                if not norm.startswith(surface, start):
                    continue
                end = start + len(surface)
                after = norm[end : end + 1]
                if not cjk:
                    if after and after.isascii() and after.isalnum():
                        continue
                    if len(surface) == 1 and surface.isalpha() and start == pos and after \
                            and not after.isascii() and after.isalpha():
                        continue  # 4K视频, 5G网络: a glued single letter before Chinese is a name, not a unit
                return end, item
        return None


@dataclass(frozen=True)
class Qualifier:
    surface: str
    approximate: bool
    bound: str | None


@dataclass(frozen=True)
class Resources:
    units: tuple[tuple[str, str, str], ...]  # surface, symbol, kind; longest first
    currency_suffix: tuple[tuple[str, str], ...]
    currency_prefix: tuple[tuple[str, str], ...]
    classifiers: tuple[str, ...]
    prefix_qualifiers: tuple[Qualifier, ...]
    infix_qualifiers: tuple[Qualifier, ...]
    suffix_qualifiers: tuple[Qualifier, ...]
    direction_re: re.Pattern[str]
    direction_of: dict[str, str]
    subject_re: re.Pattern[str]
    subject_end_re: re.Pattern[str]
    subject_kinds: dict[str, frozenset[str]]
    block_res: tuple[re.Pattern[str], ...]
    units_lex: Lex
    units_cjk_lex: Lex
    currency_lex: Lex
    classifier_lex: Lex
    prefix_qual_re: re.Pattern[str]
    prefix_currency_re: re.Pattern[str]
    prefix_currency: dict[str, str]


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _is_latin(surface: str) -> bool:
    return surface[:1].isascii() and surface[:1].isalpha()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=1)
def default_resource_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "figures"


def resource_dir(doc: Document) -> Path:
    """``extract.figures_resources``: ``builtin`` or a folder (relative to the config file)."""
    return doc.config.resource_path("extract.figures_resources", "figures")


@lru_cache(maxsize=8)
def load_resources(directory: str) -> Resources:
    """Read the figure resource files once per process (cached by folder)."""
    base = Path(directory)
    units = sorted(
        ((r[0], r[1], r[2]) for r in _rows(base / "units.tsv")), key=lambda r: -len(r[0])
    )
    cur = _rows(base / "currencies.tsv")
    suffix = sorted(((r[0], r[1]) for r in cur if r[2] == "suffix"), key=lambda r: -len(r[0]))
    prefix = sorted(((r[0], r[1]) for r in cur if r[2] == "prefix"), key=lambda r: -len(r[0]))
    classifiers = sorted((r[0] for r in _rows(base / "classifiers.txt")), key=lambda s: -len(s))
    quals: dict[str, list[Qualifier]] = {"prefix": [], "infix": [], "suffix": []}
    for r in _rows(base / "qualifiers.tsv"):
        bound = None if r[3] == "-" else r[3]
        quals[r[1]].append(Qualifier(r[0], r[2] == "true", bound))
    for key in quals:
        quals[key].sort(key=lambda q: -len(q.surface))
    directions = {r[0]: r[1] for r in _rows(base / "directions.tsv")}
    cn_verbs = sorted((d for d in directions if not _is_latin(d)), key=len, reverse=True)
    en_verbs = sorted((d for d in directions if _is_latin(d)), key=len, reverse=True)
    prefix_alt = "|".join(re.escape(q.surface) for q in quals["prefix"])
    direction_re = re.compile(
        rf"(?:(?P<cn>{'|'.join(map(re.escape, cn_verbs))})(?:了|至|到|为|达|了约)?"
        rf"(?:\d{{4}}年(?:[初底末中])?的?)?"
        rf"|\b(?P<en>{'|'.join(map(re.escape, en_verbs))})(?:\s+(?:by|to))?\s+)"
        rf"(?:{prefix_alt})?\s*$",
        re.IGNORECASE,
    )
    subjects = {r[0]: frozenset(r[1].split(",")) for r in _rows(base / "subjects.tsv")}
    words = sorted(subjects, key=len, reverse=True)
    subject_re = re.compile(
        "|".join(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if _is_latin(w) else re.escape(w) for w in words),
        re.IGNORECASE,
    )
    words, patterns = [], []
    for line in (base / "not_figures.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(line[3:])
        else:
            words.append(line)
    # one alternation of the fixed words (fast), then each pattern alone (faster than one big alternation)
    block_res = (re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))),
                 *(re.compile(p) for p in patterns))
    cn_quals = [q.surface for q in quals["prefix"] if not _is_latin(q.surface)]
    en_quals = [q.surface for q in quals["prefix"] if _is_latin(q.surface)]
    prefix_qual_re = re.compile(
        rf"(?:(?P<cn>{'|'.join(map(re.escape, cn_quals))})|(?<![A-Za-z])(?P<en>{'|'.join(map(re.escape, en_quals))})\s+)$",
        re.IGNORECASE,
    )
    return Resources(
        units=tuple(units),
        currency_suffix=tuple(suffix),
        currency_prefix=tuple(prefix),
        classifiers=tuple(classifiers),
        prefix_qualifiers=tuple(quals["prefix"]),
        infix_qualifiers=tuple(quals["infix"]),
        suffix_qualifiers=tuple(quals["suffix"]),
        direction_re=direction_re,
        direction_of={k.lower(): v for k, v in directions.items()},
        subject_re=subject_re,
        subject_end_re=re.compile(f"(?:{subject_re.pattern})$", re.IGNORECASE),
        subject_kinds=subjects,
        block_res=block_res,
        units_lex=Lex(units),
        units_cjk_lex=Lex([u for u in units if _is_cjk(u[0][0])]),
        currency_lex=Lex(suffix),
        classifier_lex=Lex([(c,) for c in classifiers]),
        prefix_qual_re=prefix_qual_re,
        prefix_currency_re=re.compile(
            "(?P<cur>" + "|".join(
                (rf"(?<![A-Za-z]){re.escape(c)}" if _is_latin(c) else re.escape(c)) for c, _ in prefix
            ) + r")\s?$"
        ),
        prefix_currency=dict(prefix),
    )


# ----------------------------------------------------------------------------- cores

_CN = re.escape(CN_NUMERAL_CHARS)
_CN_DIGIT = "".join(k for k in CN_DIGITS if k not in "洞幺")
_EN_SCALE = "|".join(sorted(EN_SCALES, key=len, reverse=True))
CORE_RE = re.compile(
    r"(?P<ar>\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d*(?:\.\d+)?))"
    rf"(?P<approx>[多余](?=[十百千]?(?:万亿|亿|万)))?"
    rf"(?P<scale>[十百千]?(?:万亿|亿|万)|千(?![米克瓦伏帕赫焦卡兆])|百万|千万)?"
    rf"(?:\s?(?P<en>{_EN_SCALE})\b)?"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN_DIGIT}]+[万亿]*)?)",
)
# (patterns start with a consuming character, lookbehinds after it: much faster in Python's re)
ISO_DATE_RE = re.compile(r"([12](?<![\d.][12])(?:(?<=1)9|(?<=2)0)\d{2})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![\d.])")
PLUS_RE = re.compile(r"(\d(?<![\d.+]\d)\d?)\+(\d{1,2})(?![\d.%+])")
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
FRACTION_RE = re.compile(
    r"(?P<num>\d(?<![\d/.]\d)\d{0,2})/(?P<den>\d{1,3})(?![\d/.])"
    rf"|(?P<cden>[{_CN}](?<![{_CN}][{_CN}])[{_CN}]*)分之(?P<cnum>[{_CN}]+(?:点[{_CN_DIGIT}]+)?)"
)
ORDINAL_FIRST_RE = re.compile(r"首(?:个|位|家|台|座|款|架|艘|条|例|部|颗|套)")
EN_ORDINAL_RE = re.compile(r"(\d(?<![\w.]\d)\d*)(st|nd|rd|th)\b")
RANGE_SEP_RE = re.compile(r"\s*(?:至|到|~|-|—|–|－|～|〜|―|\bto\b)\s*", re.IGNORECASE)
CLAUSE_BREAK = set("，,。；;：:！？!?\n")
SENTENCE_BREAK = set("。；;！？!?\n")
PERCENT_RE = re.compile(r"\s?%|个百分点|百分点|\s?percentage points?\b|\s?per\s?cent\b|\s?pp\b", re.IGNORECASE)
CHENG_BLOCK = set("为员本果功立效型熟就长品分都绩交像年")


@dataclass
class Core:
    start: int
    end: int  # after scale / English scale word
    value: int | float
    text: str
    chinese: bool
    scaled: bool  # carried a scale (万, 亿, trillion)
    integer_digits: int  # number of Arabic digits for a plain integer, else 0
    factor: int | float = 1  # the scale carried (亿 → 10^8)
    approx: bool = False  # 100多亿: 多/余 between number and scale


def _find_cores(norm: str) -> list[Core]:
    cores: list[Core] = []
    for m in CORE_RE.finditer(norm):
        s, e = m.span()
        if m.group("ar"):
            base = parse_arabic(m.group("ar"))
            if base is None:
                continue
            value: int | float = base
            scaled = False
            factor: int | float = 1
            if m.group("scale"):
                factor = parse_chinese("1" + m.group("scale")) or 1
                scaled = True
            if m.group("en"):
                factor = scale_value(factor, EN_SCALES[m.group("en").lower()])
                scaled = True
            value = scale_value(base, factor) if scaled else base
            plain = m.group("ar")
            digits = len(plain) if plain.isdigit() and not scaled else 0
            cores.append(Core(s, e, value, m.group(0), False, scaled, digits, factor, bool(m.group("approx"))))
        else:
            text = m.group("cn")
            lone_after = None
            if not (any(ch in _CN_DIGIT for ch in text) or text.startswith("十")
                    or (len(text) >= 2 and text[0] in "百千")):
                # 百年, 千年: a bare 百/千 is a word; 千亿元, 百万吨 are numbers, and so is 千 after
                # a qualifier (逾千人, 近百家, 上千家)
                lone_after = LONE_SCALE_LEFT_RE.search(norm, max(0, s - 3), s) if text in ("百", "千", "万") else None
                if lone_after is None:
                    continue
            if all(ch in "零〇○" for ch in text):
                continue  # 零部件, 零碳: a lone zero character is a word, not a number
            val = parse_chinese(text)
            if val is None:
                # try trimming trailing characters that do not parse (三千万一 …)
                continue
            scaled = any(ch in "万亿" for ch in text)
            digits = len(text) if all(ch in CN_DIGITS for ch in text) and len(text) >= 2 else 0
            factor = 1
            tail = re.search(r"[万亿]+$", text)
            if tail and tail.start() > 0:
                factor = parse_chinese("1" + tail.group(0)) or 1
            cores.append(Core(s, e, val, text, True, scaled, digits, factor,
                              approx=lone_after is not None and lone_after.group(0) == "上"))
    return cores


def _overlaps(spans: list[tuple[int, int]], s: int, e: int, reach: int = 64) -> bool:
    """Does [s, e) overlap one of the sorted ``spans`` (none longer than ``reach``)?"""
    j = bisect.bisect_left(spans, (e, e)) - 1
    while j >= 0 and spans[j][0] >= s - reach:
        a, b = spans[j]
        if a < e and s < b:
            return True
        j -= 1
    return False


BLOCK_MARGIN = 24  # longer than any fixed word: a window this wide around a span sees every block touching it


class BlockCheck:
    """Is a span inside a fixed word? The block regex runs only around the spans asked about
    (over a whole report it costs more than all the rest of the extractor); each stretch of
    text is scanned once, as queries come in text order."""

    def __init__(self, norm: str, res: Resources) -> None:
        self.norm = norm
        self.block_res = res.block_res
        self.spans: list[tuple[int, int]] = []
        self.seen: set[tuple[int, int]] = set()
        self.covered = (0, 0)  # [a, b) already scanned

    def _scan(self, a: int, b: int) -> None:
        ca, cb = self.covered
        if ca <= a and b <= cb:
            return
        if ca <= a < cb:  # extend to the right; re-scan a margin for matches across the seam
            start, self.covered = max(ca, cb - BLOCK_MARGIN), (ca, b)
        elif a >= cb:
            start, self.covered = a, (a, b)
        else:  # a query behind the scanned stretch (another pass): scan its window only
            start = a
        for pattern in self.block_res:
            for m in pattern.finditer(self.norm, start, b):
                span = m.span()
                if span[1] > span[0] and span not in self.seen:
                    self.seen.add(span)
                    bisect.insort(self.spans, span)

    def __call__(self, s: int, e: int) -> bool:
        self._scan(max(0, s - BLOCK_MARGIN), min(len(self.norm), e + BLOCK_MARGIN))
        return _overlaps(self.spans, s, e)


# ----------------------------------------------------------------------------- classification


def _year_like(core: Core) -> bool:
    v = core.value
    if not isinstance(v, int) or core.scaled:
        return False
    if core.chinese:
        return 1000 <= v <= 2199 and (core.integer_digits == 4 or "千" in core.text)
    return core.integer_digits == 4 and 1000 <= v <= 2199


LONE_SCALE_LEFT_RE = re.compile(r"(?:上|逾|近|超|超过|约|将近|接近|过)$")
MONTH_TAIL_RE = re.compile(r"底|末|初|中旬|上旬|下旬")
YEAR_CHAR_RE = re.compile(r"\s?年")
YEAR_TAIL_RE = re.compile(r"初|底|末|中|年初|年底|年末|度|上半年|下半年")
SINCE_RE = re.compile(r"以来|来|间")
TIME_BEFORE_YEAR_RE = re.compile(r"\b(?:in|by|as of)\s+$", re.IGNORECASE)
TIME_AFTER_RE = re.compile(r"\s*(?:in|by|as of|for|at the end of)\s+", re.IGNORECASE)
MONTH_DAY_RE = re.compile(rf"([0-9]{{1,2}}|[{_CN}]{{1,3}})月(?:份)?(?:([0-9]{{1,2}}|[{_CN}]{{1,3}})[日号])?")


@dataclass
class Raw:
    start: int
    end: int
    kind: str
    value: Any
    unit: str | None = None
    approximate: bool = False
    bound: str | None = None
    date: str | None = None
    low: Any = None
    high: Any = None
    core_end: int = 0  # end of the number core (before unit)


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


def _classify(norm: str, core: Core, res: Resources) -> Raw | None:
    """Decide kind and unit of one core from what follows (and precedes) it."""
    s, p = core.start, core.end
    left = norm[max(0, s - 6) : s]

    # ordinal: 第4台, 第二类
    if left.endswith("第"):
        end = p
        hit = res.classifier_lex.match(norm, p, allow_space=False)
        if hit:
            end = hit[0]
        else:
            unit_hit = res.units_cjk_lex.match(norm, p, allow_space=False)
            if unit_hit:
                end = unit_hit[0]
        return Raw(s - 1, end, "ordinal", core.value, core_end=p)

    # percent given by 百分之 before the number
    if left.endswith("百分之"):
        return Raw(s - 3, p, "percent", core.value, unit="%", core_end=p)

    approx, bound = (True, "lower") if core.approx else (False, None)
    q_end = p
    for q in res.infix_qualifiers:
        if norm.startswith(q.surface, p):
            after = p + len(q.surface)
            if res.units_lex.match(norm, after, allow_space=False) or res.currency_lex.match(
                norm, after, allow_space=False
            ) or res.classifier_lex.match(norm, after, allow_space=False):
                q_end, approx, bound = after, q.approximate, q.bound
            break

    # percent
    m = PERCENT_RE.match(norm, q_end)
    if m:
        unit = "pp" if "百分点" in m.group(0) or "point" in m.group(0).lower() or m.group(0).strip().lower() == "pp" else "%"
        return Raw(s, m.end(), "percent", core.value, unit=unit, approximate=approx, bound=bound, core_end=p)
    if norm.startswith("成", q_end) and core.value <= 10 \
            and norm[q_end + 1 : q_end + 2] not in CHENG_BLOCK and not core.scaled:
        return Raw(s, q_end + 1, "percent", scale_value(core.value, 10), unit="%", approximate=approx,
                   bound=bound, core_end=p)

    # money: currency after the number
    hit = res.currency_lex.match(norm, q_end)
    if hit:
        return Raw(s, hit[0], "money", core.value, unit=hit[1][1], approximate=approx, bound=bound, core_end=p)
    # money: currency before the number
    cm = res.prefix_currency_re.search(norm, max(0, s - 12), s)
    if cm:
        code = res.prefix_currency[cm.group("cur")]
        return Raw(cm.start(), p, "money", core.value, unit=code, approximate=approx, bound=bound, core_end=p)

    # date: year
    if _year_like(core):
        ym = YEAR_CHAR_RE.match(norm, p)
        if ym and not norm.startswith("年代", ym.end() - 1):
            after = ym.end()
            end, month, day = _month_day(norm, after)
            date = f"{core.value:04d}"
            if month:
                date += f"-{month:02d}"
                if day:
                    date += f"-{day:02d}"
            else:
                tail = YEAR_TAIL_RE.match(norm, after)
                if tail:
                    end = tail.end()
            return Raw(s, end, "date", core.value, date=date, core_end=p)
    # date: month (3月, 3月5日)
    if isinstance(core.value, int) and 1 <= core.value <= 12 and norm.startswith("月", p) and not core.scaled:
        end, month, day = _month_day(norm, s)
        if month and not (core.chinese and core.value == 1 and norm[s - 1 : s] in "每单同"):
            date = f"--{month:02d}" + (f"-{day:02d}" if day else "")
            return Raw(s, end, "date", None, date=date, core_end=p)

    # units (duration, quantity, multiple)
    hit = res.units_lex.match(norm, q_end) if not core.chinese else res.units_cjk_lex.match(
        norm, q_end, allow_space=False
    )
    if hit:
        end, (surface, symbol, kind) = hit
        if kind == "duration":
            if _year_like(core) and symbol == "year":
                return Raw(s, end, "date", core.value, date=f"{core.value:04d}", core_end=p)
            tail = SINCE_RE.match(norm, end)
            if tail:
                end = tail.end()
            return Raw(s, end, "duration", core.value, unit=symbol, approximate=approx, bound=bound, core_end=p)
        if kind == "multiple":
            return Raw(s, end, "quantity", core.value, unit="x", approximate=approx, bound=bound, core_end=p)
        return Raw(s, end, "quantity", core.value, unit=symbol, approximate=approx, bound=bound, core_end=p)

    # cardinal with a measure word
    hit = res.classifier_lex.match(norm, q_end, allow_space=False)
    if hit:
        return Raw(s, hit[0], "cardinal", core.value, approximate=approx, bound=bound, core_end=p)

    if core.chinese:
        return None  # a Chinese numeral with nothing after it is a word (一流, 百花), not a figure
    # bare Arabic number
    if _year_like(core) and 1900 <= core.value <= 2099:
        return Raw(s, p, "date", core.value, date=f"{core.value:04d}", core_end=p)
    if 0 < core.integer_digits <= 2 and (norm[p : p + 1] == "、" or (
            norm[p : p + 1] == "." and not norm[p + 1 : p + 2].isdigit() and (s == 0 or norm[s - 1] in "\n。.;；"))):
        return None  # list numbering 1、 / 1.
    if s > 0 and norm[s - 1] in "(（[【" and p < len(norm) and norm[p] in ")）]】":
        return None
    if p < len(norm) and norm[p].isascii() and norm[p].isalpha():
        return None  # 5A级, 4K: number glued to letters is part of a name
    if core.integer_digits >= 5:
        return None  # a long bare digit string is an identifier (postcode, account, ID), not a count
    return Raw(s, p, "cardinal", core.value, core_end=p)


# ----------------------------------------------------------------------------- public API


LINK_RE = re.compile(r"(?:达到|达|为|是|有|在|了)$")


def _prefix_qualifier(norm: str, start: int, res: Resources) -> Qualifier | None:
    """Qualifier right before the figure, looking through a link verb (至少达到50%, 约有三成)."""
    left = norm[max(0, start - 14) : start]
    q = _prefix_qualifier_at(left, res)
    if q is None:
        stripped = LINK_RE.sub("", left)
        if stripped != left:
            q = _prefix_qualifier_at(stripped, res)
    return q


def _prefix_qualifier_at(left: str, res: Resources) -> Qualifier | None:
    m = res.prefix_qual_re.search(left)
    if m is None:
        return None
    word = (m.group("cn") or m.group("en")).lower()
    return next((q for q in res.prefix_qualifiers if q.surface.lower() == word), None)


def _clause_start(norm: str, pos: int, breaks: set[str]) -> int:
    i = pos - 1
    while i >= 0 and norm[i] not in breaks:
        if norm[i] == "." and i + 1 < len(norm) and norm[i + 1] == " ":
            break
        i -= 1
    return i + 1


QUANTITY_SUBJECT_REACH = 8


def _subject(norm: str, fig: dict, res: Resources) -> str | None:
    kind = fig["kind"] if fig["kind"] != "range" else ("percent" if fig["unit"] in ("%", "pp") else
                                                        "money" if fig["unit"] and fig["unit"].isupper() and len(fig["unit"]) == 3 else "quantity")
    if kind not in ("percent", "money", "quantity"):
        return None
    cs = _clause_start(norm, fig["start"], CLAUSE_BREAK)
    if kind == "quantity":  # quantities: only a word right before (产量达2.6万吨), never one clauses away
        window = norm[max(cs, fig["start"] - 2 * QUANTITY_SUBJECT_REACH) : fig["start"]]
        reach = 2 * QUANTITY_SUBJECT_REACH if window.isascii() else QUANTITY_SUBJECT_REACH  # "pressure of 14 GPa"
        cs = max(cs, fig["start"] - reach)
    best = None
    for m in res.subject_re.finditer(norm, cs, fig["start"]):
        word = m.group(0)
        kinds = res.subject_kinds.get(word) or res.subject_kinds.get(word.upper()) or next(
            (v for k, v in res.subject_kinds.items() if k.lower() == word.lower()), frozenset())
        if kind in kinds:
            if best is None or m.end() > best.end() or (m.end() == best.end() and len(word) > len(best.group(0))):
                best = m
    if best is not None:
        return best.group(0)
    if kind == "quantity":  # 14 GPa压力, 30 MPa的压力
        m = res.subject_re.match(norm, fig["end"] + (1 if norm[fig["end"] : fig["end"] + 1] == "的" else 0))
        if m and "quantity" in res.subject_kinds.get(m.group(0), frozenset()):
            return m.group(0)
    return None


def extract_figures(doc: Document) -> list[dict]:
    """All figures of ``doc.text`` as dicts (clean offsets), in text order."""
    text = doc.text
    res = load_resources(str(resource_dir(doc)))
    return _extract(text, doc.sentences, res)


def _extract(text: str, sentences: list[tuple[int, int]], res: Resources) -> list[dict]:
    norm = normalize_width(text)
    blocked = BlockCheck(norm, res)
    raws: list[Raw] = []
    taken: list[tuple[int, int]] = []

    def take(raw: Raw) -> None:
        raws.append(raw)
        bisect.insort(taken, (raw.start, raw.end))

    # fixed-shape dates first (2024-03-05, March 2024)
    for m in ISO_DATE_RE.finditer(norm):
        month = int(m.group(3))
        day = int(m.group(4)) if m.group(4) else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        if m.group(2) == "-" and day is None and not m.group(3).startswith("0"):
            continue  # 2023-2025 style ranges are handled below; 2019-03 is a month
        if m.group(2) == "." and day is None:
            continue
        date = f"{m.group(1)}-{month:02d}" + (f"-{day:02d}" if day else "")
        take(Raw(m.start(), m.end(), "date", int(m.group(1)), date=date))
    lowered = norm.lower()
    has_month = any(name in lowered for name in MONTH_HINTS)
    for m in (EN_DATE_RE.finditer(norm) if has_month else ()):
        if _overlaps(taken, *m.span()):
            continue
        month = MONTHS[m.group("month").lower()]
        date = f"{m.group('year')}-{month:02d}"
        if m.group("day"):
            date += f"-{int(m.group('day')):02d}"
        take(Raw(m.start(), m.end(), "date", int(m.group("year")), date=date))
    for m in PLUS_RE.finditer(norm):
        if _overlaps(taken, *m.span()) or blocked(*m.span()):
            continue
        after = norm[m.end() : m.end() + 1]
        if after and (after.isascii() and after.isalnum()):
            continue
        take(Raw(m.start(), m.end(), "cardinal", int(m.group(1)) + int(m.group(2))))
    for m in (FRACTION_RE.finditer(norm) if "/" in norm or "分之" in norm else ()):
        if _overlaps(taken, *m.span()) or (m.group("den") is not None and blocked(*m.span())):
            continue
        if m.group("den") is not None:
            den, num = parse_arabic(m.group("den")), parse_arabic(m.group("num"))
        else:
            den, num = parse_chinese(m.group("cden")), parse_chinese(m.group("cnum"))
        if not den or num is None:
            continue
        if m.group("cden") in ("百", "千"):
            take(Raw(m.start(), m.end(), "percent", scale_value(num, 100 / den), unit="%"))
        else:
            take(Raw(m.start(), m.end(), "cardinal", round(num / den, 6)))
    for m in ORDINAL_FIRST_RE.finditer(norm):
        if not blocked(*m.span()):
            take(Raw(m.start(), m.end(), "ordinal", 1))
    for m in EN_ORDINAL_RE.finditer(norm):
        if not blocked(*m.span()):
            take(Raw(m.start(), m.end(), "ordinal", int(m.group(1))))

    cores = [c for c in _find_cores(norm) if not _overlaps(taken, c.start, c.end)]
    i = 0
    while i < len(cores):
        core = cores[i]
        raw = _classify(norm, core, res)
        if raw is not None and blocked(core.start, core.end):
            i += 1
            continue
        # range: core (unit?) sep core unit
        nxt = cores[i + 1] if i + 1 < len(cores) else None
        if nxt is not None:
            for left_end in ([raw.end] if raw is not None and raw.end > core.end else []) + [core.end]:
                sep = RANGE_SEP_RE.match(norm, left_end)
                if sep and sep.end() == nxt.start and sep.end() > left_end and not blocked(nxt.start, nxt.end):
                    raw2 = _classify(norm, nxt, res)
                    ranged = _make_range(core, raw if left_end != core.end else None, nxt, raw2, norm)
                    if ranged is not None and raw is not None and raw.kind == "money" and raw.end == core.end \
                            and ranged.unit is None and raw2 is not None and raw2.kind == "cardinal":
                        ranged.start, ranged.unit = raw.start, raw.unit  # $1-2 billion
                    if ranged is not None:
                        raw = ranged
                        i += 1
                    break
        if raw is not None and not (core.chinese and core.text in ("一",) and raw.kind in ("cardinal", "duration")
                                    and raw.start == core.start):
            if not _overlaps(taken, raw.start, raw.end):
                take(raw)
        i += 1

    figures = []
    sent_starts = [a for a, _ in sentences]
    for raw in sorted(raws, key=lambda r: r.start):
        figures.append(_finish(norm, text, raw, res, sentences, sent_starts))
    _attach_times(norm, figures)
    for fig in figures:
        fig["subject"] = _subject(norm, fig, res)
    return figures


def _make_range(a: Core, raw_a: Raw | None, b: Core, raw_b: Raw | None, norm: str) -> Raw | None:
    if raw_b is None:
        return None
    if raw_b.kind not in ("percent", "money", "quantity", "date", "duration", "cardinal"):
        return None
    if raw_a is not None and (raw_a.kind != raw_b.kind or raw_a.unit != raw_b.unit):
        return None
    low: Any = raw_a.value if raw_a is not None else a.value
    high = raw_b.value
    if raw_a is None and not a.scaled and b.scaled and raw_b.kind in ("money", "quantity", "cardinal", "range"):
        low = scale_value(low, b.factor)  # 3至5亿元 → 3亿 to 5亿
    if raw_b.kind == "date" and raw_b.value is None:
        low = a.value
        if not (isinstance(low, int) and 1 <= low <= 12 and raw_b.date and raw_b.date.startswith("--")):
            return None
        return Raw(a.start, raw_b.end, "range", None, unit=None, low=low, high=int(raw_b.date[2:4]),
                   date=f"--{low:02d}/{raw_b.date}", core_end=a.end)  # 1-3月
    if raw_b.kind == "date":
        if not (isinstance(low, int) and 1000 <= low <= 2199 and a.integer_digits in (0, 4)):
            return None
        if not a.integer_digits == 4 and not a.chinese:
            return None
        date = f"{low:04d}/{raw_b.date}"
        return Raw(a.start, raw_b.end, "range", None, unit=None, low=low, high=high, date=date, core_end=a.end)
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low >= high:
        return None
    return Raw(a.start, raw_b.end, "range", None, unit=raw_b.unit, low=low, high=high,
               approximate=raw_b.approximate, core_end=a.end)


def _finish(norm: str, text: str, raw: Raw, res: Resources, sentences: list[tuple[int, int]],
            sent_starts: list[int]) -> dict:
    start, end = raw.start, raw.end
    approx, bound = raw.approximate, raw.bound
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range", "duration"):
        q = _prefix_qualifier(norm, start, res)
        if q is not None and not (raw.kind == "duration" and q.surface in ("近", "将近", "接近", "预计", "估计")):
            approx = approx or q.approximate
            bound = bound or q.bound
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range", "duration"):
        for sq in res.suffix_qualifiers:
            if norm.startswith(sq.surface, end) if not _is_latin(sq.surface) else (
                    norm[end : end + 1] == " " and norm[end + 1 : end + 1 + len(sq.surface)].lower() == sq.surface
                    and not norm[end + 1 + len(sq.surface) : end + 2 + len(sq.surface)].isalnum()):
                if sq.surface == "内" and raw.kind != "duration":
                    continue
                end += len(sq.surface) + (1 if _is_latin(sq.surface) else 0)
                approx = approx or sq.approximate
                bound = bound or sq.bound
                if raw.kind == "duration":
                    tail = SINCE_RE.match(norm, end)
                    if tail and tail.group(0) != "间":
                        end = tail.end()
                break
    if raw.kind == "duration" and norm[max(0, start - 2) : start] == "连续":
        start -= 2
    direction = None
    if raw.kind in ("percent", "money", "quantity", "cardinal", "range"):
        q = _prefix_qualifier(norm, raw.start, res)
        head = raw.start - (len(q.surface) if q else 0)
        window = norm[max(0, head - 16) : raw.start]
        m = res.direction_re.search(window)
        if m is None:  # 降低能耗20%: the verb, then the measured noun, then the figure
            sm = res.subject_end_re.search(norm, max(0, head - 12), head)
            if sm is not None:
                m = res.direction_re.search(norm[max(0, sm.start() - 16) : sm.start()])
        if m:
            word = (m.group("cn") or m.group("en")).lower()
            if not (word == "up" and re.match(r"up\s+to\b", m.group(0), re.IGNORECASE)):  # "up to" is a bound
                direction = res.direction_of.get(word)
    sentence = 0
    if sentences:
        sentence = max(0, bisect.bisect_right(sent_starts, start) - 1)
    return {
        "text": text[start:end],
        "kind": raw.kind,
        "value": raw.value,
        "low": raw.low,
        "high": raw.high,
        "unit": raw.unit,
        "approximate": approx,
        "bound": bound,
        "direction": direction,
        "start": start,
        "end": end,
        "sentence": sentence,
        "subject": None,
        "time": None,
        "date": raw.date,
    }


def _attach_times(norm: str, figures: list[dict]) -> None:
    """time = the year right after the figure ('in 2019') or the nearest year before it in the sentence."""
    years = [f for f in figures if f["kind"] == "date" and f["value"] is not None]
    year_starts = [y["start"] for y in years]
    by_start = {y["start"]: y for y in years}
    for fig in figures:
        if fig["kind"] not in ("percent", "money", "quantity", "range") or (fig["kind"] == "range" and fig["date"]):
            continue
        after = TIME_AFTER_RE.match(norm, fig["end"])
        if after:
            pos = after.end()
            hit = by_start.get(pos)
            if hit is not None:
                fig["time"] = hit["date"]
                continue
        ss = _clause_start(norm, fig["start"], SENTENCE_BREAK)
        best = None
        lo = bisect.bisect_left(year_starts, ss)
        hi = bisect.bisect_right(year_starts, fig["start"])
        for y in years[lo:hi]:
            if ss <= y["start"] and y["end"] <= fig["start"]:
                if "《" in norm[max(ss, y["start"] - 30) : y["start"]] and "》" in norm[y["end"] : fig["start"]]:
                    continue
                best = y
        if best is None:  # English: "... 10.5% of national GDP in 2023"
            ce = fig["end"]
            while ce < len(norm) and norm[ce] not in CLAUSE_BREAK and not (norm[ce] == "." and norm[ce + 1 : ce + 2] in (" ", "")):
                ce += 1
            for y in years[bisect.bisect_left(year_starts, fig["end"]) : bisect.bisect_left(year_starts, ce)]:
                if TIME_BEFORE_YEAR_RE.search(norm, max(0, y["start"] - 8), y["start"]):
                    best = y
                    break
        if best is not None:
            fig["time"] = best["date"]


# ----------------------------------------------------------------------------- protected spans

@lru_cache(maxsize=4)
def _protect_re(directory: str) -> re.Pattern[str]:
    res = load_resources(directory)
    units = sorted({u[0] for u in res.units} | {c[0] for c in res.currency_suffix}
                   | {"%", "％", "个百分点", "百分点", "月", "日", "号"} | set(res.classifiers), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    prefix_alt = "|".join(re.escape(c[0]) for c in res.currency_prefix)
    digit = r"[0-9０-９]"
    arabic = rf"{digit}+(?:[,，]{digit}{{3}})*(?:[.．]{digit}+)?"
    cn = rf"[{_CN}]+(?:点[{_CN_DIGIT}]+)?"
    scale = rf"(?:[十百千]?(?:万亿|亿|万)|千|\s?(?:{_EN_SCALE})\b)?"
    first = "第百0-9０-９" + re.escape("".join(sorted({c[0][0] for c in res.currency_prefix}))) + _CN
    return re.compile(
        rf"(?=[{first}])"  # a first-character class lets the regex engine skip text fast (about 3x)
        rf"(?:第|百分之|(?:{prefix_alt})\s?)?"
        rf"(?:{arabic}\s?年(?:{digit}{{1,2}}月(?:{digit}{{1,2}}[日号])?)?"
        rf"|{digit}{{1,2}}月(?:{digit}{{1,2}}[日号])?"
        rf"|{digit}{{1,2}}\+{digit}{{1,2}}"
        rf"|{arabic}{scale}(?:[-—~～至到]{arabic}{scale})?(?:\s?(?:{unit_alt}))?"
        rf"|(?<=百分之){cn}|{cn}\s?(?:{unit_alt})|(?<=第){cn})"
    )


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of numbers with their units/scales (5.45%, 2.2万亿元, 14 GPa, 2019年) to keep whole.

    Spans with Arabic digits are always kept (cutting digits is never right); spans made of
    Chinese numerals only are kept when they are real numbers: not a lone 一 (一种, 一方),
    not inside a fixed word (一大批, 零部件, 进一步, 党的二十大).
    """
    directory = str(default_resource_dir())
    pattern = _protect_re(directory)
    res = load_resources(directory)
    blocked: BlockCheck | None = None
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if e <= s:
            continue
        chunk = normalize_width(text[s:e])
        if any(ch.isdigit() for ch in chunk):
            spans.append((s, e))
            continue
        ordinal = chunk.startswith(("第", "百分之"))
        run = re.match(rf"(?:第|百分之)?([{_CN}]+)", chunk)
        if run is None:
            continue
        numeral = run.group(1)
        if not (any(ch in _CN_DIGIT for ch in numeral) or numeral.startswith("十")
                or (len(numeral) >= 2 and numeral[0] in "百千")):
            continue
        if all(ch in "零〇○" for ch in numeral) or (numeral == "一" and not ordinal):
            continue
        if blocked is None:
            blocked = BlockCheck(normalize_width(text), res)
        if blocked(s, e):
            continue
        spans.append((s, e))
    return spans
