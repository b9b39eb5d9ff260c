#!/usr/bin/env python3
"""Make a synthetic "content-farm" copy of a clean corpus document.

No real scraped copy of a Taiwan official text was found, so the `_scraped`
document of the `tw` group is made from one of the group's own clean documents:

    python3 corpus/_tools/make_damage.py   # writes corpus/tw_cdc_covid_cases_2021_09_scraped.txt

What it does (deterministic: fixed seed, fixed token list):

* injects N_TOKENS spam tokens at random positions *between two Han characters*
  (never next to a digit, a Latin letter or punctuation), so some of them land
  inside words, the way content farms corrupt text (終X端);
* inserts AD_LINES as lines of their own after randomly chosen paragraphs;
* prints every injected token in document order (copy them into the gold's
  `noise` list) and the ad lines (they go to `must_not.headings`).

The spam tokens are invented content-farm vocabulary and deliberately avoid the
project's known lexicon (瑜伽場地, 小樹屋, 九宮格, 教學場地, 交流, 講座), so the
document tests detection of unlisted spam.
"""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

SEED = 20250601
SOURCE = "tw_cdc_covid_cases_2021_09"
TARGET = SOURCE + "_scraped"
N_TOKENS = 9
SPAM_TOKENS = [
    "台中包養網", "借錢網", "室內設計", "老人照護", "汽車借款",
    "當鋪推薦", "搬家公司", "植牙費用", "月子中心", "房屋二胎",
]
AD_LINES = [
    "【限時優惠】台北室內設計免費到府丈量，立即加LINE：@deco888",
    "急用錢？汽車借款免留車，當日撥款，諮詢專線0800-000-123",
]

HERE = Path(__file__).resolve().parent.parent  # corpus/


def is_han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


def main() -> None:
    rng = random.Random(SEED)
    text = (HERE / f"{SOURCE}.txt").read_text(encoding="utf-8")

    # 1. ad lines: after randomly chosen paragraphs (not the last one)
    paragraphs = text.rstrip("\n").split("\n\n")
    slots = sorted(rng.sample(range(len(paragraphs) - 1), len(AD_LINES)))
    for offset, (slot, ad) in enumerate(zip(slots, AD_LINES)):
        paragraphs.insert(slot + 1 + offset, ad)
    text = "\n\n".join(paragraphs) + "\n"

    # 2. spam tokens: between two Han characters of the original paragraphs
    candidates = [
        i for i in range(1, len(text))
        if is_han(text[i - 1]) and is_han(text[i])
        and not any(ad in text[max(0, i - 40):i + 40] for ad in AD_LINES)
    ]
    positions = sorted(rng.sample(candidates, N_TOKENS))
    tokens = [rng.choice(SPAM_TOKENS) for _ in positions]
    pieces, last = [], 0
    for pos, token in zip(positions, tokens):
        pieces.append(text[last:pos])
        pieces.append(token)
        last = pos
    pieces.append(text[last:])
    damaged = "".join(pieces)

    (HERE / f"{TARGET}.txt").write_text(damaged, encoding="utf-8")
    print(f"wrote docs/{TARGET}.txt ({len(damaged)} chars)")
    print("injected tokens in document order:")
    cursor = 0
    for token in tokens:
        at = damaged.index(token, cursor)
        print(f"  {at:5d} {token}  …{damaged[max(0, at - 4):at + len(token) + 4]}…")
        cursor = at + len(token)
    print("ad lines:")
    for ad in AD_LINES:
        print("  " + ad)


if __name__ == "__main__":
    main()
