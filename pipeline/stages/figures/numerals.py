"""Numeral grammar: number cores (Arabic, Chinese, mixed, scaled) and the fixed-word block check."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.numbers import CN_DIGITS, CN_NUMERAL_CHARS, EN_SCALES, parse_arabic, parse_chinese, scale_value
from pipeline.stages.figures.resources import LazyPattern, Resources  # noqa: F401  (Resources: type of BlockCheck's argument)


_CN = re.escape(CN_NUMERAL_CHARS)
_CN_DIGIT = "".join(k for k in CN_DIGITS if k not in "洞幺")
_EN_SCALE = "|".join(sorted(EN_SCALES, key=len, reverse=True))
_CORE_RE = (
    # 兆 = 10^12 before 亿 or a currency (Taiwan and Hong Kong budgets: 3兆1,325億元, 1.5兆美元); elsewhere
    # 兆 is mega- (兆瓦, 兆帕) and is left to the unit table
    r"(?P<zh>\d(?<![\d.]\d)\d*(?:\.\d+)?兆(?:\d{1,4}(?:,\d{3})?(?:\.\d+)?亿|(?=亿|元|美元|新?台币|日[元圆]|韩元|港[元币]|人民币)))|",
    # 亿 then 万, 万 then units, written with Arabic digits (7億3,000萬元, 3萬4,430美元): one number, as Hong
    # Kong and Taiwan print it
    r"(?P<yw>\d(?<![\d.]\d)\d{0,4}亿\d{1,4}(?:,\d{3})?万|\d(?<![\d.]\d)\d{0,3}万(?:\d,\d{3}|\d{4})(?![\d,.]))|",
    # mixed Arabic digits and Chinese multipliers (5万4千6百, 2百): read whole, not as three numbers
    r"(?P<mx>\d(?<![\d.]\d)\d{0,3}(?:[万亿](?:\d{1,4}[千百十])+\d?|百(?![分米万亿]))(?![\d千百十万亿]))"
    # Arabic: 1,200 / 78 000 (thin or plain space groups, as Hong Kong and English texts print) / 5.45
    r"|(?P<ar>\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])"
    r"|\d*(?:\.\d+)?))"
    rf"(?P<approx>[多余](?=[十百千]?(?:万亿|亿|万)))?"
    rf"(?P<scale>[十百千]?(?:万亿|亿|万)|千(?![米克瓦伏帕赫焦卡兆])|百万|千万| (?:万亿|亿|万))?"
    rf"(?:\s?(?P<en>{_EN_SCALE})\b)?"
    rf"|(?P<cn>[{_CN}]+(?:点[{_CN_DIGIT}]+[万亿]*)?)"
)
_COMPOUND = 2  # the first two alternatives (兆, 亿…万) are tried only in texts that have such a number
CORE_RE = re.compile("".join(_CORE_RE))
CORE_RE_SIMPLE = re.compile("".join(_CORE_RE[_COMPOUND:]))
COMPOUND_HINT_RE = re.compile(r"\d兆|\d亿\d|\d万\d")
# (patterns start with a consuming character, lookbehinds after it: much faster in Python's re)

FRACTION_RE = re.compile(
    r"(?P<num>\d(?<![\d/.]\d)\d{0,2})/(?P<den>\d{1,3})(?![\d/.])"
    rf"|(?P<cden>[{_CN}](?<![{_CN}][{_CN}])[{_CN}]*)分之(?P<cnum>[{_CN}]+(?:点[{_CN_DIGIT}]+)?)"
)
# 首個 / 首批 / 首面 (金牌): "the first" (GUIDELINES §10); 首批次 (a policy term) is in not_figures.txt
ORDINAL_FIRST_RE = re.compile(r"首(?:个|位|家|台|座|款|架|艘|条|例|部|颗|套|批|面)")
EN_ORDINAL_RE = re.compile(r"(\d(?<![\w.]\d)\d*)(st|nd|rd|th)\b")

CN_APPROX_SCALE_RE = re.compile(r"[余多](万亿|亿|万)")
LONE_SCALE_LEFT_RE = re.compile(r"(?:上|逾|近|超|超过|约|将近|接近|过)$")


GROUP_SPACE_RE = re.compile(r"[\u00a0\u2009\u202f]")
MIXED_PART_RE = re.compile(r"(\d+)([千百十万亿]?)")
MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


def parse_mixed(text: str) -> int:
    """5万4千6百 → 54600, 2百 → 200: sections as in Chinese numerals, with Arabic digits."""
    total, section = 0, 0
    for digits, mult in MIXED_PART_RE.findall(text):
        n = int(digits)
        if mult in ("万", "亿"):
            total += (section + n) * MULTIPLIER[mult]
            section = 0
        else:
            section += n * MULTIPLIER.get(mult, 1)
    return total + section


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
    core_re = CORE_RE if COMPOUND_HINT_RE.search(norm) else CORE_RE_SIMPLE
    for m in core_re.finditer(norm):
        s, e = m.span()
        if core_re is CORE_RE and m.group("yw"):
            if "亿" in m.group("yw"):
                hundred_millions, _, rest = m.group("yw").partition("亿")
                value = int(hundred_millions) * 10**8 + int(rest[:-1].replace(",", "")) * 10**4
            else:  # 3萬4,430美元 (Taiwan statistics): 34430
                tens_of_thousands, _, rest = m.group("yw").partition("万")
                value = int(tens_of_thousands) * 10**4 + int(rest.replace(",", ""))
            cores.append(Core(s, e, value, m.group(0), False, True, 0, 10**4))
            continue
        if core_re is CORE_RE and m.group("zh"):
            trillions, _, rest = m.group("zh").partition("兆")
            value = scale_value(parse_arabic(trillions) or 0, 10**12)
            if rest:
                value = value + scale_value(parse_arabic(rest[:-1]) or 0, 10**8)
            cores.append(Core(s, e, value, m.group(0), False, True, 0, 10**12))
            continue
        if m.group("mx"):
            value = parse_mixed(m.group("mx"))
            cores.append(Core(s, e, value, m.group(0), False, True, 0, 1))
            continue
        if m.group("ar"):
            base = parse_arabic(GROUP_SPACE_RE.sub("", m.group("ar")))
            if base is None:
                continue
            value: int | float = base
            scaled = False
            factor: int | float = 1
            if m.group("scale"):
                factor = parse_chinese("1" + m.group("scale").strip()) or 1
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
                if lone_after is None and not (text in ("百", "千", "万") and norm.startswith("名", e)) \
                        and not (text in ("百", "千") and norm.startswith(("年来", "年以来"), e)) \
                        and not norm.startswith(("余", "多"), e):  # 百年来: a century; 百余年, 万余人, 千多家
                    continue  # (百名顶尖英才、千名青年英才、万名学子: a lone 百/千/万 counting people is a number)
            if all(ch in "零〇○" for ch in text):
                continue  # 零部件, 零碳: a lone zero character is a word, not a number
            val = parse_chinese(text)
            if val is None:
                # try trimming trailing characters that do not parse (三千万一 …)
                continue
            approx_scale = CN_APPROX_SCALE_RE.match(norm, e)  # 十余万人, 三十多亿元: 多/余 then a scale
            if approx_scale and not any(ch in "万亿" for ch in text):
                factor_big = parse_chinese("一" + approx_scale.group(1)) or 1
                cores.append(Core(s, approx_scale.end(), scale_value(val, factor_big), norm[s:approx_scale.end()], True,
                                  True, 0, factor_big, approx=True))
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
        # patterns whose needed characters the text lacks can never match: drop them for this text
        active = [(pattern, need) for pattern, need in zip(res.block_res, res.block_needs)
                  if need is None or any(ch in norm for ch in need)]
        self.always = tuple(pattern for pattern, need in active if need is None)
        self.needy = tuple(pattern for pattern, need in active if need is not None)  # LazyPattern: compiled by need
        self.by_char: dict[str, list[int]] = {}  # needed character → patterns (indexes into needy)
        for i, (_, need) in enumerate((a for a in active if a[1] is not None)):
            for ch in set(need):
                self.by_char.setdefault(ch, []).append(i)
        self.need_chars = frozenset(self.by_char)
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
        present = self.need_chars.intersection(self.norm[start:b])
        chosen = sorted({i for ch in present for i in self.by_char[ch]}) if present else ()
        end = len(self.norm)
        for lazy in (*self.always, *(self.needy[i] for i in chosen)):
            pattern = lazy.compiled
            for m in pattern.finditer(self.norm, start, b):
                span = m.span()
                if span[1] == b < end:
                    # cut off at the window's end, a lookahead may have accepted a truncated match
                    # ("HTML⇥2.4" of "HTML⇥2.46%" as a product version): match again on the whole text
                    whole = pattern.match(self.norm, span[0], min(end, b + 4 * BLOCK_MARGIN))
                    if whole is None:
                        continue
                    span = whole.span()
                if span[1] > span[0] and span not in self.seen:
                    self.seen.add(span)
                    bisect.insort(self.spans, span)

    def __call__(self, s: int, e: int) -> bool:
        self._scan(max(0, s - BLOCK_MARGIN), min(len(self.norm), e + BLOCK_MARGIN))
        return _overlaps(self.spans, s, e)




# ----------------------------------------------------------------------------- English number words

# "one" as a pronoun or in fixed phrases is no count: no one, one another, one of a kind …
EN_WORD_LEFT_BLOCK = re.compile(r"(?:\b(?:no|any|every|some|each|this|that|which|the|a|per|at|last)\s)$", re.IGNORECASE)
EN_WORD_RIGHT_BLOCK = re.compile(
    r"\s?(?:another\b|-(?:time|off|way|sided|stop|size)\b|\shand\b|\sof\b|\s(?:or two|and the same)\b)", re.IGNORECASE)
EN_WORD_LEFT_BLOCK_ORD = re.compile(r"(?:\b(?:a|per|at|from)\s)$", re.IGNORECASE)
EN_ORD_RIGHT_BLOCK = re.compile(r"\s?(?:s\b|ly\b|-hand\b|-rate\b|-class\b|-tier\b|\sof\sall\b|\s(?:half|quarter)\s(?:of|\d))", re.IGNORECASE)


def english_word_table(directory: str) -> dict[str, tuple[int, str]]:
    """``english_numbers.tsv``: word → (value, kind)."""
    from pathlib import Path

    table = {}
    for line in (Path(directory) / "english_numbers.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, value, kind = line.split("\t")
            table[word] = (int(value), kind)
    return table


def english_word_re(table: dict[str, tuple[int, str]]) -> LazyPattern:
    cardinals = sorted((w for w, (_, k) in table.items() if k == "cardinal" and w != "hundred"), key=len, reverse=True)
    ordinals = sorted((w for w, (_, k) in table.items() if k == "ordinal"), key=len, reverse=True)
    card = "|".join(cardinals)
    return LazyPattern(
        rf"\b(?P<card>(?:{card})(?:-(?:{card}))?(?:\s(?:hundred|{_EN_SCALE}))?)(?![\w-]*\d)\b"
        rf"|\b(?P<ord>{'|'.join(ordinals)})\b",
        re.IGNORECASE,
    )


def english_word_value(text: str, table: dict[str, tuple[int, str]]) -> int | float | None:
    """"twenty-five" → 25, "one million" → 1000000, "two hundred" → 200."""
    from pipeline.numbers import EN_SCALES

    words = text.lower().replace("-", " ").split()
    total: int | float = 0
    for word in words:
        if word == "hundred":
            total = (total or 1) * 100
        elif word in EN_SCALES:
            total = scale_value(total or 1, EN_SCALES[word])
        elif word in table:
            total += table[word][0]
        else:
            return None
    return total
