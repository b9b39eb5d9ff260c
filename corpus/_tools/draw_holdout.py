"""Draw the holdout part of a batch of newly staged corpus documents, reproducibly.

The rule every draw of ``corpus/SOURCES.yaml`` follows (GUIDELINES.md §9): one generator
``random.Random(seed)``; for each category in sorted order, ``sample`` ``round(n / 3)`` ids from the
sorted ids of that category's *new* documents. Run on the staging files of the first two draws it
reproduces the ids recorded for them (seeds 20261201 and 20261202). The draw is made before anybody tunes on the new documents, and recorded under
``draws`` with its seed, so anyone can re-run it and get the same ids.

Usage::

    python corpus/_tools/draw_holdout.py --seed 20261203 STAGED_SOURCES.yaml [MORE.yaml ...]

Each argument is a staging ``SOURCES.yaml`` (a list of entries with ``id`` and ``category``, or a
mapping with ``documents``). Prints the holdout ids, one per line, sorted.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

import yaml


def draw(entries: list[dict], seed: int) -> list[str]:
    """The holdout ids of ``entries`` under ``seed``: a third of each category, at random."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        by_category[str(entry["category"])].append(str(entry["id"]))
    rng = random.Random(seed)
    holdout: list[str] = []
    for category in sorted(by_category):
        ids = sorted(by_category[category])
        holdout.extend(rng.sample(ids, round(len(ids) / 3)))
    return sorted(holdout)


def _entries(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("documents", [])
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a list of entries or a mapping with 'documents'")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True, help="the draw's seed, recorded under draws")
    parser.add_argument("sources", nargs="+", type=Path, help="staging SOURCES.yaml files of the new documents")
    args = parser.parse_args(argv)
    entries = [entry for path in args.sources for entry in _entries(path)]
    for doc_id in draw(entries, args.seed):
        print(doc_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
