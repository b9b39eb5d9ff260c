"""The project's numeral parser: Chinese numerals of every shape, full-width digits, scales."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import (
    normalize_width,
    parse_arabic,
    parse_chinese,
    parse_english,
    parse_number,
    scale_value,
)

CASES = [
    ("2.2万亿", 2_200_000_000_000),
    ("2.8万亿", 2_800_000_000_000),
    ("一点二亿", 120_000_000),
    ("十三点五七万亿", 13_570_000_000_000),
    ("两千零二十三", 2023),
    ("二〇二四", 2024),
    ("二〇二三", 2023),
    ("一九九七", 1997),
    ("十", 10),
    ("十三", 13),
    ("二十", 20),
    ("二十一", 21),
    ("一百零五", 105),
    ("一百一十", 110),
    ("三百五", 350),
    ("两千三", 2300),
    ("一千零一", 1001),
    ("一万", 10_000),
    ("十万", 100_000),
    ("五万零三百", 50_300),
    ("一亿二千万", 120_000_000),
    ("三万亿", 3_000_000_000_000),
    ("两亿", 200_000_000),
    ("零点五", 0.5),
    ("十二点五", 12.5),
    ("壹佰贰拾叁", 123),
    ("1.5万", 15_000),
    ("3千", 3000),
    ("1,234.5万", 12_345_000),
    ("1200万", 12_000_000),
    ("５.４５", 5.45),
    ("１２００", 1200),
    ("1,200", 1200),
    ("1，200", 1200),
    ("5.45", 5.45),
    ("2.2 trillion", 2_200_000_000_000),
    ("310 million", 310_000_000),
    ("1.5 billion", 1_500_000_000),
    ("3.5bn", 3_500_000_000),
    ("20 thousand", 20_000),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


def test_exact_integers_for_scaled_decimals() -> None:
    # Decimal arithmetic: no 2200000000000.0002
    assert parse_number("2.2万亿") == 2_200_000_000_000
    assert isinstance(parse_number("2.2万亿"), int)
    assert isinstance(parse_number("5.45"), float)


@pytest.mark.parametrize("text", ["", "abc", "万亿x", "五五五十", "百千", "一点", "trillion"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_width_normalisation_keeps_length() -> None:
    text = "１２．５％，ＧＰａ　"
    out = normalize_width(text)
    assert out == "12.5%,GPa "
    assert len(out) == len(text)


def test_individual_parsers() -> None:
    assert parse_arabic("1,234,567") == 1234567
    assert parse_chinese("二〇二四") == 2024
    assert parse_english("310 million") == 310_000_000
    assert parse_english("3 gazillion") is None
    assert scale_value(2.2, 10**12) == 2_200_000_000_000


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_roundtrip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """Reference writer for integers below 10^8 (standard form, 零 for gaps)."""
    if n == 0:
        return "零"

    def below_10k(x: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit % 10
            if d:
                if zero:
                    out += "零"
                    zero = False
                out += _DIGITS[d] + name
            elif out:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low)
    text = below_10k(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10k(low)
    return text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_roundtrip(n: int) -> None:
    assert parse_chinese(_to_chinese(n)) == n


@given(st.integers(min_value=1000, max_value=2999))
def test_chinese_digit_string_years(n: int) -> None:
    text = "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    assert parse_chinese(text) == n
