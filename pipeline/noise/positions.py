"""Where a listed word stands in its clause: the ``clause_start`` evidence of a contextual match.

Why: a contextual lexicon word (交流, 讲座, 九宫格) is mostly an object or a complement (进行交流,
举办讲座, 学术交流), so it seldom opens a clause; spam is dropped at uniformly random positions, so it
follows a clause mark (，。、；：？！) as often as any character does (7.4 % of positions in news and
encyclopedia text alike). The ratio of the two shares is a likelihood ratio for injection, added (as
its log) to the score of a match that opens a clause. It is derived from counts of the training text
only (the train split of the clean paragraphs, t2s, the MSRA train blocks and CLUENER; the same text as
collocates.py), shipped as counts in ``resources/noise/positions.tsv``, never as text.

Run: ``python -m pipeline.noise.positions`` (a few seconds) rewrites the table.
"""

from __future__ import annotations

import argparse
import math
from functools import lru_cache
from pathlib import Path

CLAUSE_MARKS = frozenset("，。、；：？！,;:?!")  # a mark after which a clause (or list item) begins
HEADER = "# evidence\tgenuine_at\tgenuine\tpositions_at\tpositions (derived counts: see pipeline/resources/noise/PROVENANCE.md)\n"


def opens_clause(text: str, start: int) -> bool:
    """Whether ``text[start]`` begins a clause: the character before it is a clause mark."""
    return start > 0 and text[start - 1] in CLAUSE_MARKS


@lru_cache(maxsize=4)
def load(path: str) -> dict[str, float]:
    """evidence name -> log likelihood ratio (injected vs genuine); empty when the table is absent."""
    file = Path(path)
    if not file.exists():
        return {}
    table = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, genuine_at, genuine, positions_at, positions = line.split("\t")[:5]
        genuine_share = (int(genuine_at) + 0.5) / (int(genuine) + 1.0)  # smoothed: a small count stays cautious
        table[name] = round(math.log((int(positions_at) / int(positions)) / genuine_share), 3)
    return table


def count(documents: list[str], tokens: list[str]) -> tuple[int, int, int, int]:
    """(occurrences of the tokens opening a clause, all occurrences, positions opening a clause, positions)."""
    genuine_at = genuine = positions_at = positions = 0
    for text in documents:
        positions += max(0, len(text) - 1)
        positions_at += sum(1 for c in text[:-1] if c in CLAUSE_MARKS)
        for token in tokens:
            k = text.find(token)
            while k >= 0:
                genuine += 1
                genuine_at += opens_clause(text, k)
                k = text.find(token, k + 1)
    return genuine_at, genuine, positions_at, positions


def main() -> None:
    from pipeline.config import RESOURCES_DIR
    from pipeline.noise.collocates import training_documents
    from pipeline.noise.data import DEFAULT_DATA
    from pipeline.noise.lexicon import read_lexicon

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with wiki_*.jsonl (news: ../ner)")
    parser.add_argument("--out", type=Path, default=RESOURCES_DIR / "noise" / "positions.tsv")
    args = parser.parse_args()
    tokens = [e.token for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv") if e.policy != "always"]
    counts = count(training_documents(args.data), tokens)
    args.out.write_text(HEADER + "clause_start\t" + "\t".join(map(str, counts)) + "\n", encoding="utf-8")
    load.cache_clear()
    print(f"{args.out}: {counts} -> clause_start log-ratio {load(str(args.out)).get('clause_start')}")


if __name__ == "__main__":
    main()
