"""LiteralNames finds what the longest-first regex alternation with word-edge lookarounds finds."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from pipeline.literals import LiteralNames, ascii_alnum


def regex_matches(names: list[str], text: str) -> list[tuple[int, int, str]]:
    alternation = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])")
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def test_longest_name_at_the_leftmost_position_wins() -> None:
    names = LiteralNames(["Hong Kong", "Hong Kong Monetary Authority", "Monetary Authority"], ascii_alnum)
    text = "香港金管局（Hong Kong Monetary Authority）與 Hong Kong 政府"
    assert [name for _, _, name in names.find(text)] == ["Hong Kong Monetary Authority", "Hong Kong"]


def test_a_name_inside_a_longer_word_is_not_found() -> None:
    names = LiteralNames(["Lam", "IBM"], ascii_alnum)
    assert names.find("Lambda and IBMs, but Lam and IBM.") == [(21, 24, "Lam"), (29, 32, "IBM")]


def test_right_edge_rule_can_differ() -> None:
    names = LiteralNames(["HK"], ascii_alnum, lambda c: c == "$" or ascii_alnum(c))
    assert names.find("HK$100 in HK") == [(10, 12, "HK")]


def test_slice_end_is_a_boundary_and_left_edge_looks_before_start() -> None:
    names = LiteralNames(["Asus"], ascii_alnum)
    text = "xAsus Asusy"
    assert names.find(text, 1) == []           # "x" before the slice still cuts the word
    assert names.find(text, 6, 10) == [(6, 10, "Asus")]   # the slice ends inside "Asusy"


def test_empty_list_is_false_and_finds_nothing() -> None:
    names = LiteralNames([""], ascii_alnum)
    assert not names
    assert names.find("anything") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab c", min_size=1, max_size=5), min_size=1, max_size=6),
       st.text(alphabet="ab c中", max_size=40))
def test_same_matches_as_the_regex_alternation(names: list[str], text: str) -> None:
    assert LiteralNames(names, ascii_alnum).find(text) == regex_matches(names, text)
