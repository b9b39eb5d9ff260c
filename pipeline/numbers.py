"""Numeral parsing owned by the project: Arabic, Chinese and English forms to numbers.

Why our own parser: cn2an fails on mixed forms (2.2万亿, 一点二亿, 十三点五七万亿) and its
whole-text transform damages fixed words (一带一路, 一流). Arithmetic goes through
``Decimal`` so that 2.2万亿 is exactly 2200000000000, not 2200000000000.0002.

All functions are pure; ``normalize_width`` maps full-width ASCII to half-width one
character for one character, so offsets found on the normalised text are valid on the input.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Chinese digit characters (including financial forms) and their values.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "两": 2, "兩": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6,  # 陆 (financial 6) is left out: 陆块, 大陆, 北陆道 are words far more often
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# Multipliers inside a section (below 万).
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Section multipliers.
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# Characters that may appear in a Chinese numeral (without 点, which is handled apart).
CN_NUMERAL_CHARS = "".join(k for k in CN_DIGITS if k not in "洞幺") + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# Scale characters allowed after an Arabic number (1.5万, 2.2万亿, 3千, 5百万).
CN_SCALE_RE = re.compile(r"[十百千]?(?:万亿|亿|万)|千(?!米|克|瓦|伏|帕|赫|焦|卡|兆)")

# English scale words.
EN_SCALES: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

_WIDTH_MAP = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_WIDTH_MAP["\u3000"] = " "  # ideographic space
_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def normalize_width(text: str) -> str:
    """Full-width ASCII (０-９, ％, ．, ＧＰａ …) to half-width; same length as the input.

    A regex substitution rather than str.translate: translate is ~20x slower on CJK text.
    """
    return _WIDTH_RE.sub(lambda m: _WIDTH_MAP[m.group()], text)


MAX_DIGITS = 30  # longer digit strings are identifiers, not figures


def _to_number(value: Decimal) -> int | float:
    """Integral values become int, others float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_arabic(text: str) -> int | float | None:
    """'1,200' / '１２００' / '5.45' / '1，200' → number; None if not a number."""
    s = normalize_width(text).replace(",", "").replace("，", "").replace(" ", "")
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        return None  # an identifier or a digit run, not a quantity (and JSON could not hold it)
    try:
        return _to_number(Decimal(s))
    except InvalidOperation:
        return None


def _cn_section(text: str) -> Decimal | None:
    """A numeral below 万: 两千零二十三, 十三, 三百五 (colloquial 三百五 = 350)."""
    total = 0
    current: int | None = None
    last_unit = 0
    for ch in text:
        if ch in CN_DIGITS:
            if current is not None and current != 0 and CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: not this shape
            current = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 or current is None else current
            if CN_DIGITS[ch] == 0:
                current = None
        elif ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            if last_unit and unit >= last_unit:
                return None
            total += (current if current is not None else 1) * unit
            current = None
            last_unit = unit
        else:
            return None
    if current is not None:
        # colloquial abbreviation: 三百五 = 350, 两千三 = 2300
        if last_unit >= 100 and text[-2] in CN_SMALL_UNITS:
            total += current * last_unit // 10
        else:
            total += current
    return Decimal(total)


def _cn_integer(text: str) -> Decimal | None:
    """Integer Chinese numeral with 万/亿 sections; 二〇二四 as a digit string."""
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return Decimal(CN_DIGITS[text])
        if "两" in text or "兩" in text:
            return None  # 两 is never a digit of a digit string (二〇二四): 六、七兩集團軍 is 7 and 2, not 72
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in text))
    for big in ("亿", "億", "万", "萬"):
        idx = text.rfind(big)
        if idx >= 0:
            head = text[:idx]
            tail = text[idx + 1 :]
            head_value = _cn_integer(head) if head else Decimal(1)
            if head_value is None:
                return None
            tail_value = Decimal(0)
            if tail:
                tail = tail.lstrip("零〇○")
                if tail:
                    tail_value = _cn_integer(tail)
                    if tail_value is None:
                        return None
            return head_value * CN_BIG_UNITS[big] + tail_value
    return _cn_section(text)


def _scale_of(suffix: str) -> Decimal | None:
    """'万亿' → 10^12, '千万' → 10^7: product of the scale characters."""
    value = Decimal(1)
    for ch in suffix:
        if ch in CN_BIG_UNITS:
            value *= CN_BIG_UNITS[ch]
        elif ch in CN_SMALL_UNITS:
            value *= CN_SMALL_UNITS[ch]
        else:
            return None
    return value


def parse_chinese(text: str) -> int | float | None:
    """Chinese numeral of any shape: 两千零二十三, 十三点五七万亿, 一点二亿, 二〇二四, 1.5万."""
    s = normalize_width(text).strip()
    if not s:
        return None
    # mixed: Arabic digits followed by scale characters
    m = re.fullmatch(r"(\d+(?:[,，]\d{3})*(?:\.\d+)?)([十百千万亿萬億]*)", s)
    if m:
        base = parse_arabic(m.group(1))
        scale = _scale_of(m.group(2))
        if base is None or scale is None:
            return None
        return _to_number(Decimal(str(base)) * scale)
    if "点" in s:
        left, _, right = s.partition("点")
        # right: digits then optional scale (一点二亿 → 二 + 亿)
        rm = re.fullmatch(rf"([{''.join(CN_DIGITS)}]+)([十百千万亿萬億]*)", right)
        if not rm:
            return None
        int_part = _cn_integer(left) if left else Decimal(0)
        if int_part is None:
            return None
        frac = Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in rm.group(1)))
        scale = _scale_of(rm.group(2))
        if scale is None:
            return None
        return _to_number((int_part + frac) * scale)
    value = _cn_integer(s)
    return None if value is None else _to_number(value)


def parse_english(text: str) -> int | float | None:
    """'2.2 trillion', '310 million', '1,200', '3.5bn' → number."""
    s = normalize_width(text).strip().lower()
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*([a-z]*)", s)
    if not m:
        return None
    base = parse_arabic(m.group(1))
    if base is None:
        return None
    word = m.group(2)
    if not word:
        return base
    scale = EN_SCALES.get(word)
    if scale is None:
        return None
    return _to_number(Decimal(str(base)) * scale)


def parse_number(text: str) -> int | float | None:
    """Any numeral span this module knows: Arabic, Chinese, mixed, English scale words."""
    s = normalize_width(text).strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:[,，]\d{3})*(?:\.\d+)?", s):
        return parse_arabic(s)
    if re.search(r"[a-zA-Z]", s):
        return parse_english(s)
    return parse_chinese(s)


def scale_value(value: int | float, factor: int | float) -> int | float:
    """Multiply exactly (Decimal) and return int when integral."""
    return _to_number(Decimal(str(value)) * Decimal(str(factor)))
