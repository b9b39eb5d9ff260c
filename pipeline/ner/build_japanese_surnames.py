"""Build pipeline/resources/gazetteers/japanese_surnames.txt from a list of Japanese full names in kanji.

Source: ../shared/data/lexicons/names/japanese_names_zh.txt (172k Japanese personal names written in
kanji / Chinese characters; Apache License 2.0, LICENSE file alongside). Only a derived fact is kept: a
two- or three-character prefix that starts at least ``MIN_NAMES`` different full names is a surname
(井上, 佐佐木, 小宫山). Written in Simplified (OpenCC t2s), as the entity stage reads it.

    python -m pipeline.ner.build_japanese_surnames [SOURCE] [OUT]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import opencc

MIN_NAMES = 10
HEADER = """# Japanese surnames (two or three characters), Simplified. BUILT by
# `python -m pipeline.ner.build_japanese_surnames` from ../shared/data/lexicons/names/japanese_names_zh.txt
# (Japanese personal names in kanji; Apache License 2.0): a prefix that starts >= {n} different full names.
# Used by pipeline/ner/foreign.py for lists of Japanese names after a title (众议员古屋圭司、小宫山泰子、…)
# in Taiwan / HK / Macao releases (Traditional after t2s) and mainland news (Simplified).
"""


def build(source: Path, out: Path) -> int:
    names = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    t2s = opencc.OpenCC("t2s")
    counts: Counter[str] = Counter()
    for name in names:
        for k in (2, 3):
            if len(name) >= k + 1:
                counts[t2s.convert(name[:k])] += 1
    surnames = sorted(s for s, n in counts.items() if n >= MIN_NAMES and all("\u4e00" <= ch <= "\u9fff" for ch in s))
    out.write_text(HEADER.format(n=MIN_NAMES) + "\n".join(surnames) + "\n", encoding="utf-8")
    return len(surnames)


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lexicons/names/japanese_names_zh.txt")
    dst = Path(sys.argv[2] if len(sys.argv) > 2 else "pipeline/resources/gazetteers/japanese_surnames.txt")
    print(build(src, dst), "surnames")
