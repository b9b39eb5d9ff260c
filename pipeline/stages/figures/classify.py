"""Classification of one number core by what surrounds it: kind, unit, currency; ranges."""

from __future__ import annotations

import re
from typing import Any

from pipeline.numbers import scale_value
from pipeline.stages.figures.calendar import YEAR_CHAR_RE, YEAR_TAIL_RE, _month_day, _year_like, period_after_year
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.numerals import Core
from pipeline.region import bare_currency
from pipeline.stages.figures.resources import Facts, Resources

QUARTER_BLOCK_LEFT = ("前", "每", "近", "个", "连续", "上", "下", "这", "两", "各")
QUARTER_RE = re.compile(r"\s?季(?:度)?(?![节风军])")
# a rank (排名59位, 居3位), not a count after a word ending in 排 / 居 / 列 (安排3名工人, 邻居2名, 系列5名)
RANK_LEFT_RE = re.compile(r"(?:排名|排在|(?<![安编并彩])排|位列|位居|名列|(?<![邻民故新定同家寓聚移])居"
                          r"|(?<![系行队陈序下上前罗开])列)\s?$")
# a Chinese numeral before 元 that begins a name, not an amount (三元桥, 二元论, 一元二次方程, 多元):
# an amount in Chinese numerals has a scale or stands before a particle, never before these
ZHE_BLOCK = set("合旧算射扣叠腾返中线服损")  # 折合, 折旧, 折算 … are other words
YUAN_NAME_NEXT = set("桥里路街宫村镇坊素论组次方函朝帅老宵旦首勋代化性")
# 两度 / 三度 in prose is "twice / three times", not degrees: only a small Chinese numeral counts this way
TIMES_DU = set("一两二三四五再")
RANGE_SEP_RE = re.compile(r"\s*(?:至|到|~|-|—|–|－|～|〜|―|\bto\b)\s*", re.IGNORECASE)
PERCENT_RE = re.compile(r"\s?%|个百分点|百分点|个基点|基点|\s?percentage points?\b|\s?per\s?cent\b|\s?pp\b"
                        r"|\s?basis points?\b|\s?bps?\b", re.IGNORECASE)
CHENG_BLOCK = set("为员本果功立效型熟就长品分都绩交像年")
SINCE_RE = re.compile(r"以来|来|间")


def _percent_unit(word: str) -> str:
    """% ; pp for percentage points (百分点); bp for basis points (基点, bps): GUIDELINES §6."""
    low = word.strip().lower()
    if "基点" in low or "basis" in low or low in ("bp", "bps"):
        return "bp"
    return "pp" if "百分点" in low or "point" in low or low == "pp" else "%"


def _classify(norm: str, core: Core, res: Resources, facts: Facts = Facts()) -> Raw | None:
    """Decide kind and unit of one core from what follows (and precedes) it."""
    s, p = core.start, core.end
    left = norm[max(0, s - 6) : s]

    # ordinal: 第4台, 第二类, 第 10 个
    if (left.endswith("第") or left.endswith("第 ")) and 1 <= core.value <= 4 and QUARTER_RE.match(norm, p) \
            and not core.scaled:  # 第3季, 第一季度: a quarter of the governing year (resolved like 3月)
        q = QUARTER_RE.match(norm, p)
        return Raw(s - 1, q.end(), "date", None, date=f"--Q{int(core.value)}", core_end=p)
    if core.chinese and core.text in "一二三四" and norm.startswith("季度", p) and not left.endswith(QUARTER_BLOCK_LEFT):
        return Raw(s, p + 2, "date", None, date=f"--Q{int(core.value)}", core_end=p)  # 三季度净利: Q3 of its year
    if left.endswith("第") and core.chinese and norm[p : p + 1] in LIST_MARK_AFTER \
            and _prev_char(norm, s - 1) in LIST_OPENERS:
        return None  # 第一，… 第二，…: list numbering opening a clause (GUIDELINES §10)
    if left.endswith("第") or left.endswith("第 "):
        s = s - (2 if left.endswith(" ") else 1) + 1
        end = p
        if norm.startswith(" ", p) and left.endswith(" "):
            p_cls = p + 1
            if res.classifier_lex.match(norm, p_cls, allow_space=False):
                p = p_cls
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

    # "報名費新台幣 300 元", "200 人", "18 個提案": a number set off by spaces in Chinese text (Taiwan and
    # open-source writing put spaces around Latin and digits) still takes the unit after the space
    if q_end == p and not core.chinese and norm[p : p + 1] == " " and norm[s - 1 : s] == " " \
            and "\u4e00" <= norm[p + 1 : p + 2] <= "\u9fff" and not norm.startswith(("年", "月", "日"), p + 1):
        if res.currency_lex.match(norm, p + 1, allow_space=False) or res.classifier_lex.match(
                norm, p + 1, allow_space=False) or res.units_cjk_lex.match(norm, p + 1, allow_space=False):
            q_end = p + 1
    # percent
    m = PERCENT_RE.match(norm, q_end)
    if m:
        unit = _percent_unit(m.group(0))
        return Raw(s, m.end(), "percent", core.value, unit=unit, approximate=approx, bound=bound, core_end=p)
    if norm.startswith("成", q_end) and core.value <= 10 \
            and norm[q_end + 1 : q_end + 2] not in CHENG_BLOCK and not core.scaled:
        half = norm.startswith("半", q_end + 1)  # 两成半 = 25 %
        value = scale_value(core.value, 10) + (5 if half else 0)
        return Raw(s, q_end + 1 + half, "percent", value, unit="%", approximate=approx,
                   bound=bound, core_end=p)
    # English ages: a 32-year-old, aged 45 years old
    age = AGE_EN_RE.match(norm, p)
    if age and not core.chinese:
        return Raw(s, age.end(), "cardinal", core.value, unit="age", approximate=approx, bound=bound, core_end=p)

    # 打八折 / 八五折 / 7折: the price paid, in percent (GUIDELINES §6)
    if norm.startswith("折", q_end) and not core.scaled and 1 <= core.value < 100 \
            and norm[q_end + 1 : q_end + 2] not in ZHE_BLOCK:
        value = scale_value(core.value, 10) if core.value < 10 else core.value
        return Raw(s, q_end + 1, "percent", value, unit="%", approximate=approx, bound=bound, core_end=p)
    # money: a currency after the number and/or before it; a stated one wins over a bare 元 / $
    cm = _prefix_currency(norm, s, res)
    thousand = 1
    after_k = norm[q_end + 1 : q_end + 2]
    if not core.chinese and norm[q_end : q_end + 1] in ("k", "K", "m", "M") and not (after_k.isascii() and after_k.isalpha()):
        # 40k美元, $40k, $5m: a thousand / million written as a letter, only with a currency
        if res.currency_lex.match(norm, q_end + 1, allow_space=False) or cm is not None:
            thousand = 1000 if norm[q_end] in "kK" else 10**6
            q_end += 1
    hit = res.currency_lex.match(norm, q_end)
    if hit and not cm and core.chinese and not core.scaled and hit[1][0] == "元" \
            and norm[hit[0] : hit[0] + 1] in YUAN_NAME_NEXT:
        return None  # 三元桥, 二元论
    if hit or cm:
        start, end = (cm.start(), p) if cm else (s, p)
        code = res.prefix_currency[cm.group("cur")] if cm else None
        if hit:
            end = hit[0]
            if code is None or code.startswith("LOCAL") and not hit[1][1].startswith("LOCAL"):
                code = hit[1][1]
        source = "stated"
        if code.startswith("LOCAL"):
            code, source = bare_currency(facts.region_at(start), dollar=code == "LOCAL$"), "inferred"
        factor = hit[1][2] if hit and len(hit[1]) > 2 else "1"
        value = core.value if factor == "1" else scale_value(core.value, float(factor))
        if thousand != 1:
            value, end = scale_value(value, thousand), max(end, q_end)
        return Raw(start, end, "money", value, unit=code, approximate=approx, bound=bound, core_end=p,
                   currency_source=source)

    # date: year (2025年, 2025年4月24日; ROC 民国114年, or 114年4月 / 114年度 in a Taiwan text)
    year = core.value if _year_like(core) else None
    if year is None and norm.startswith("年", p + (norm[p : p + 1] == " ")):  # ROC and regnal years
        year = _roc_year(norm, core, left, facts) or _era_year(core, left, res) or _ad_year(core, left)
    if year is not None:
        ym = YEAR_CHAR_RE.match(norm, p)
        if ym and not norm.startswith("年代", ym.end() - 1):
            after = ym.end()
            start = s - 2 if year != core.value and (left.endswith("民国") or left[-2:] in res.eras) else s
            end, month, day = _month_day(norm, after)
            date = f"{year:04d}"
            if month:
                date += f"-{month:02d}"
                if day:
                    date += f"-{day:02d}"
            elif (period := period_after_year(norm, after)) is not None:
                end, date = period[0], date + period[1]
            else:
                tail = YEAR_TAIL_RE.match(norm, after)
                if tail:
                    end = tail.end()
            return Raw(start, end, "date", year, date=date, core_end=p)
    # date: month (3月, 3月5日, 4 月 17 日)
    if isinstance(core.value, int) and 1 <= core.value <= 12 and MONTH_CHAR_RE.match(norm, p) and not core.scaled:
        end, month, day = _month_day(norm, s)
        if month and not (core.chinese and core.value == 1 and norm[s - 1 : s] in "每单同"):
            date = f"--{month:02d}" + (f"-{day:02d}" if day else "")
            return Raw(s, end, "date", None, date=date, core_end=p)
    # date: a day of the month alone (周二（19日）, 台北24日电, 18日、19日): month and year come later
    if isinstance(core.value, int) and 1 <= core.value <= 31 and not core.scaled and DAY_RE.match(norm, p) \
            and not DAY_BLOCK_LEFT_RE.search(left):
        return Raw(s, DAY_RE.match(norm, p).end(), "date", None, date=f"---{core.value:02d}", core_end=p)

    # units (duration, quantity, multiple)
    hit = res.units_lex.match(norm, q_end) if not core.chinese else res.units_cjk_lex.match(
        norm, q_end, allow_space=False
    )
    if hit:
        end, (surface, symbol, kind) = hit
        if symbol == "°" and TEMPERATURE_RE.search(norm, max(0, s - 8), s):
            symbol = "°C"  # 气温零下5度, 攝氏12度: a temperature
        if surface == "度" and core.chinese and core.text in TIMES_DU and not DEGREE_CONTEXT_RE.search(
                norm, max(0, s - 8), s):
            return Raw(s, end, "cardinal", core.value, approximate=approx, bound=bound, core_end=p)  # 两度 = twice
        if surface == "年" and norm.startswith("级", end):
            return Raw(s, end + 1, "ordinal", core.value, core_end=p)  # 一年级: the first grade
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

    # cardinal with a measure word; 岁 makes an age, 级 in an earthquake report a magnitude
    hit = res.classifier_lex.match(norm, q_end, allow_space=False)
    if hit:
        word = norm[q_end:hit[0]].strip(" \u2028")
        if word == "级" and MAGNITUDE_RE.search(norm, max(0, s - MAGNITUDE_REACH), p + MAGNITUDE_REACH):
            return Raw(s, hit[0], "quantity", core.value, unit="M", approximate=approx, bound=bound, core_end=p)
        if word in ("位", "名") and RANK_LEFT_RE.search(left):
            return Raw(s, hit[0], "ordinal", core.value, core_end=p)  # 排名59位: a rank
        unit = "age" if word in AGE_WORDS else None
        return Raw(s, hit[0], "cardinal", core.value, unit=unit, approximate=approx, bound=bound, core_end=p)

    if left.endswith("前") and not left.endswith(("之前", "以前", "目前", "眼前", "当前", "面前", "提前", "空前")) \
            and (p >= len(norm) or norm[p] in TOP_NEXT) and not core.scaled:
        return Raw(s, p, "cardinal", core.value, core_end=p)  # 进入前三, 前十: the top three, ten
    if core.chinese:
        if _spelled_out(core.text):  # 人口一千两百三十四万: a numeral this explicit is a count on its own
            return Raw(s, p, "cardinal", core.value, approximate=approx, bound=bound, core_end=p)
        return None  # a Chinese numeral with nothing after it is a word (一流, 百花), not a figure
    # bare Arabic number
    if _in_name(norm, core, s, p):
        return None
    if _year_like(core) and 1900 <= core.value <= 2099:
        return Raw(s, p, "date", core.value, date=f"{core.value:04d}", core_end=p)
    if 0 < core.integer_digits <= 2 and (norm[p : p + 1] == "、" or (
            norm[p : p + 1] == "." and not norm[p + 1 : p + 2].isdigit()
            and _prev_char(norm, s) in LIST_OPENERS)):
        return None  # list numbering 1、 / 1. (also after 附件： and indented)
    if 0 < core.integer_digits <= 2 and _author_mark(norm, s, p):
        return None  # 王小凡1 张斌2**: affiliation marks of a paper's authors
    if s > 0 and norm[s - 1] in "(（[【" and p < len(norm) and norm[p] in ")）]】":
        return None
    if p < len(norm) and norm[p].isascii() and norm[p].isalpha():
        return None  # 5A级, 4K: number glued to letters is part of a name
    if (isinstance(core.value, int) or core.text.count(".") == 1) and not core.scaled \
            and not GROUPED_RE.search(core.text) and _section_number(norm, s, p):
        return None  # a numbered heading: "1 世界经验", "1.1  编程语言趋势"
    if core.integer_digits > 0 and _alone_on_line(norm, s, p):
        return None  # a page number (立法會 ─ 2013年 4月 17日 ⏎ 5745) or a table row rank (1⇥Java)
    if core.integer_digits >= 5:
        return None  # a long bare digit string is an identifier (postcode, account, ID), not a count
    return Raw(s, p, "cardinal", core.value, core_end=p)



GROUPED_RE = re.compile(r"\d[ ,\u00a0\u2009\u202f]\d")  # 1 177, 1,200: a count, never a heading's number
MONTH_CHAR_RE = re.compile(r"\s?月")
DAY_RE = re.compile(r"\s?日(?![内以间来至均前后])")
# (达5日, 历时3日, 为期7日: a length of days, read as a duration with the unit table)
DAY_BLOCK_LEFT_RE = re.compile(r"(?:第|每|近|连续|数|几|多|约|逾|超过|这|前|后|个|达|历时|为期|持续|长达|共|\d)$")
ROC_MONTH_RE = re.compile(r"\s?年\s?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?月|\s?年度"
                          r"|\s?年\s?(?:第\s?[1-4一二三四]\s?季|[上下]半年|底|初|中)")
ROC_DURATION_TAIL_RE = re.compile(r"\s?年(?:来|以来|间|内|多|左右|之久|的历史)")


def _era_year(core: Core, left: str, res: Resources) -> int | None:
    """A regnal year (乾隆六十年 → 1795, 昭和20年 → 1945) from eras.tsv."""
    if not isinstance(core.value, int) or core.scaled or not 1 <= core.value <= 70 or len(left) < 2:
        return None
    start = res.eras.get(left[-2:])
    return start + core.value - 1 if start else None


def _ad_year(core: Core, left: str) -> int | None:
    """A year of the Common Era named as such (公元397年, 西元408年: encyclopedias, histories of a place
    or institution in reports), not a duration; 公元前 (BC) is left alone."""
    v = core.value
    if not isinstance(v, int) or core.scaled or not 1 <= v <= 999:
        return None
    return v if left.rstrip(" ").endswith(("公元", "西元")) else None


def _roc_year(norm: str, core: Core, left: str, facts: Facts) -> int | None:
    """A Republic of China year as Gregorian (+1911): after 民国, or in a Taiwan text when a month or
    年度 follows (114年4月24日, 113年度): a bare 114年 there may still be a duration."""
    v = core.value
    if not isinstance(v, int) or core.scaled or not 1 <= v <= 200:
        return None
    if left.endswith("民国"):
        return v + 1911
    if facts.region == "TW" and v >= 30 and ROC_MONTH_RE.match(norm, core.end):
        return v + 1911
    if facts.region == "TW" and 100 <= v <= 130 and not core.chinese and norm.startswith("年", core.end) \
            and not ROC_DURATION_TAIL_RE.match(norm, core.end) and not left.endswith(("元", "前", "元 ", "前 ")):
        return v + 1911  # 預估114年成長3.14%: a three-digit year in a Taiwan text is an ROC year (100 = 2011),
        # not after 西元 / 公元 / 公元前 (the Gregorian calendar named)
    return None


TEMPERATURE_RE = re.compile(r"气温|温度|摄氏|零下|高温|低温|最高|最低|体温|水温")
DEGREE_CONTEXT_RE = re.compile(r"气温|温度|摄氏|零下|角|纬|经|倾斜|坡")
AGE_EN_RE = re.compile(r"-year-old\b|-years-old\b|\syears?\sold\b", re.IGNORECASE)
MAGNITUDE_RE = re.compile(r"地震|震级|里氏|震源|余震|ML|[Mm]agnitude")
MAGNITUDE_REACH = 40
AGE_WORDS = ("岁", "周岁", "岁以上", "岁以下")


LIST_MARK_AFTER = set("，,：:")  # (not 、: 第八、九届 is a list of ordinals)
TOP_NEXT = set("，。、；,;:：的）)」” \n")


# a bare number that is part of a name (GUIDELINES §6): a product or series in mixed Chinese text (Mate 60手机,
# iPhone 15与, Wi-Fi 6与: a Latin word ending in a small letter, a space, the number, then Chinese), a version
# glued to a Chinese name (鸿蒙4.0系统, 振兴3.0方案), a year glued to a programme name (中国制造2025, 愿景2030)
NAME_NEXT = set("，、。）)」”》与和及的")
VERSION_NOUN_RE = re.compile(r"\s?(?:系统|版|方案|时代|计划|政策|战略|平台|模式|阶段|行动|工程|标准|生态|框架|体系|升级)")
VALUE_VERBS = set("达为至到长降升是约近超过了的比和与及、较值率数分少多")
PROGRAMME_END = set("造景程划略国动")
VERSION_RE = re.compile(r"\d{1,2}\.\d{1,2}")  # Apache 2.0许可证, Python 3.11与 (a version, as Mate 60手机)


def _in_name(norm: str, core: Core, s: int, p: int) -> bool:
    before, after = norm[s - 1 : s], norm[p : p + 1]
    if before == " " and s >= 2 and (norm[s - 2].islower() or norm[s - 2] == "-") \
            and (core.integer_digits in (1, 2, 3) or VERSION_RE.fullmatch(core.text)) \
            and (after in NAME_NEXT or "\u4e00" <= after <= "\u9fff") and not after in "万亿千百元年月日个倍岁号":
        return True
    if core.text.endswith(".0") and core.text.count(".") == 1 and before and before not in VALUE_VERBS \
            and (before.isascii() and before.isalpha() or "\u4e00" <= before <= "\u9fff") and VERSION_NOUN_RE.match(norm, p):
        return True
    return core.integer_digits == 4 and before in PROGRAMME_END and (after in NAME_NEXT or p == len(norm))


def _section_number(norm: str, s: int, p: int) -> bool:
    """A number opening a short line and followed by words: a heading's number ("1 世界经验",
    "2科技革命源于基础研究", "1.1  编程语言趋势") or an affiliation mark ("1美国杜克大学医学院")."""
    if not (s == 0 or norm[s - 1] == "\n"):
        return False
    after = norm[p : p + 1]
    if not (after in (" ", "\u3000", "\t") or ("\u4e00" <= after <= "\u9fff" and p - s <= 2)):
        return False
    line_end = norm.find("\n", p)
    return 0 < line_end - p <= HEADING_MAX and norm[line_end - 1] not in "。.；;，,"


HEADING_MAX = 40
LIST_OPENERS = ("", *"\n。.;；:：")


def _prev_char(norm: str, s: int) -> str:
    """The character before ``s``, skipping spaces ("" at the start of the text)."""
    i = s - 1
    while i >= 0 and norm[i] in " \u3000":
        i -= 1
    return norm[i] if i >= 0 else ""


def _author_mark(norm: str, s: int, p: int) -> bool:
    """A small number glued to a name and followed by a space, * or the line's end, on a short line
    (the author line of a journal paper: 王小凡1 张斌2**)."""
    if s == 0 or not "\u4e00" <= norm[s - 1] <= "\u9fff" or norm[p : p + 1] not in (" ", "*", "\n", ""):
        return False
    line_start = norm.rfind("\n", 0, s) + 1
    line_end = norm.find("\n", p)
    return (len(norm) if line_end < 0 else line_end) - line_start <= HEADING_MAX and "\n" in norm


def _alone_on_line(norm: str, s: int, p: int) -> bool:
    """A bare number alone on its line, or opening a tab-separated row."""
    a = s
    while a > 0 and norm[a - 1] in " \u3000":
        a -= 1
    if a > 0 and norm[a - 1] != "\n":
        return False
    b = p
    while b < len(norm) and norm[b] in " \u3000":
        b += 1
    if b < len(norm) and norm[b] == "\t":
        return True
    return (a > 0 or b < len(norm)) and (b >= len(norm) or norm[b] == "\n")


def _spelled_out(text: str) -> bool:
    """A Chinese numeral of 4+ characters with a multiplier and at least two digits (一千两百三十四万,
    三万五千): no fixed word looks like that, unlike 一流, 百花, 三五成群."""
    return len(text) >= 4 and any(ch in "十百千万亿" for ch in text) \
        and sum(ch in NUMERAL_DIGITS for ch in text) >= 2


NUMERAL_DIGITS = set("一二两三四五六七八九")


def _prefix_currency(norm: str, s: int, res: Resources) -> re.Match[str] | None:
    """A currency word or symbol right before the number (新台币4100亿元, HK$5, 约港币1400元); a Chinese
    currency word right after another number (100亿美元2023年) is that number's, not this one's."""
    cm = res.prefix_currency_re.search(norm, max(0, s - 12), s)
    if cm is None:
        return None
    before = norm[cm.start() - 1 : cm.start()]
    if before and (before.isdigit() or before in NUMERAL_TAIL):
        return None
    return cm


NUMERAL_TAIL = set("十百千万亿零〇一二两三四五六七八九")


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
    if raw_a is None and raw_b.kind == "percent" and norm.startswith("成", b.end):
        low = scale_value(low, 10)  # 3～5成 → 30 to 50 %
    if raw_b.kind == "date" and raw_a is not None and raw_a.date and raw_b.date and raw_a.date != raw_b.date:
        # 2004年4月13日至15日, 9月3日至9月28日, 2012年 4月至2013年 3月: both ends are dates
        return Raw(raw_a.start, raw_b.end, "range", None, low=a.value if raw_a.value is None else raw_a.value,
                   high=b.value if raw_b.value is None else raw_b.value,
                   date=f"{raw_a.date}/{raw_b.date}", core_end=a.end)
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
    return Raw(a.start if raw_a is None else raw_a.start, raw_b.end, "range", None, unit=raw_b.unit, low=low,
               high=high, approximate=raw_b.approximate, core_end=a.end, currency_source=raw_b.currency_source)


