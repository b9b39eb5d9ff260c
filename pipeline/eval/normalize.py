"""Normalisation used when comparing metadata and headings with the gold (GUIDELINES.md §1, §4).

Both sides go through NFKC, OpenCC t2s, white-space removal and case folding, so a Traditional
gold string equals the Simplified record string it stands for. Headings also lose a leading
enumeration marker (一、 （一） 1. 1.1 第一章 I. A. ① …) on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CN_NUM = "一二三四五六七八九十百零〇两"
_MARKER = re.compile(
    "^(?:"
    rf"第[{_CN_NUM}\d]+[章节篇部条编]"            # 第一章 第一节 第3条
    rf"|[{_CN_NUM}]+[、.]"                        # 一、 十二.
    rf"|[(\[][{_CN_NUM}\d]+[)\]]"                 # （一） (1) [2]
    r"|[(][a-zA-Z][)]"                            # (a)
    r"|[\u2460-\u2473\u2776-\u277f\u2780-\u2793]"  # ① ❶ ➀
    r"|\d+(?:\.\d+)+[.、)]?"                      # 1.1 1.1.1 1.1.
    r"|\d+[.、)]"                                 # 1. 1、 1)
    r"|\d+(?=\s)"                                 # "1 Title"
    r"|[IVXLC]+[.、)]"                            # I. IV)
    r"|[A-Za-z][.、)](?=\s|[^A-Za-z.])"           # A. b)
    r")\s*"
)
_SPACE = re.compile(r"\s+")
# Quote marks are one class: 「」 → “” is a configuration choice of conversion (convert.quotes), not content.
_QUOTES = str.maketrans("", "", "「」『』“”‘’\"")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only the eval tools need it here

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """NFKC then OpenCC t2s."""
    return _t2s().convert(unicodedata.normalize("NFKC", text))


def norm(text: str | None) -> str:
    """The comparison key of a metadata value or heading: NFKC, t2s, no white space or quote marks,
    case-folded."""
    if not text:
        return ""
    return _SPACE.sub("", simplified(str(text))).translate(_QUOTES).casefold()


def strip_marker(text: str) -> str:
    """``text`` without one leading enumeration marker (after NFKC/t2s, before white space goes)."""
    stripped = _MARKER.sub("", simplified(text.strip()), count=1)
    return stripped if stripped.strip() else simplified(text.strip())


def heading_key(text: str | None) -> str:
    """The comparison key of a heading: normalised, leading enumeration marker removed."""
    if not text:
        return ""
    return _SPACE.sub("", strip_marker(str(text))).casefold()
