"""Sample audit of the figures stage on unseen prose (``python -m pipeline.audit_figures``).

Runs the extractor over paragraphs of JSON Lines files (``{"text": ...}``: by default the shared
development data, ``../shared/data/clean`` encyclopedia paragraphs in Simplified and Traditional and
``../shared/data/ner`` news sentences) and prints, for a fixed random seed, a sample of the figures
found and a sample of the numerals *not* turned into figures, each with its context. A reviewer marks
each line right or wrong; the counts are the error rates of false figures (names, versions, codes,
idioms …), wrong kinds/units/values, and missed numerals. Traditional paragraphs go through
conversion first, as in the pipeline. No file of ../shared is read by the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from pipeline.bench_figures import run_text
from pipeline.config import load_config

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_FILES = ("clean/wiki_simplified.jsonl", "clean/wiki_traditional.jsonl", "ner/msra_train.jsonl",
                 "ner/cluener_train.jsonl")
NUMERAL_RE = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*|[零〇一二两兩三四五六七八九十百千万萬亿億]{1,8}")


def _paragraphs(path: Path, limit: int, rng: random.Random) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rng.shuffle(lines)
    return [json.loads(line)["text"] for line in lines[:limit]]


def _show(text: str, s: int, e: int, reach: int = 18) -> str:
    return f"{text[max(0, s - reach):s]}【{text[s:e]}】{text[e:e + reach]}".replace("\n", "⏎")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help=f"JSON Lines files (default: {DEFAULT_FILES} under {DATA})")
    parser.add_argument("--per-file", type=int, default=800, help="paragraphs drawn per file")
    parser.add_argument("--sample", type=int, default=40, help="figures and non-figures shown per file")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    config = load_config()
    files = args.files or [DATA / f for f in DEFAULT_FILES]
    out = sys.stdout
    for path in files:
        rng = random.Random(args.seed)
        figures, misses = [], []
        chars = 0
        for text in _paragraphs(path, args.per_file, rng):
            chars += len(text)
            got = run_text(text, config)
            spans = [(g["start"], g["end"]) for g in got]
            for g in got:
                unit = g["unit"] or ""
                value = g["date"] if g["kind"] == "date" else (g["low"], g["high"]) if g["kind"] == "range" else g["value"]
                figures.append(f"{g['kind']:<8} {value!s:<14} {unit:<5} {_show(text, g['start'], g['end'])}")
            for m in NUMERAL_RE.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b in spans):
                    misses.append(f"{_show(text, m.start(), m.end())}")
        out.write(f"## {path.name}: {chars} characters, {len(figures)} figures, {len(misses)} numerals not figures\n")
        out.write("### figures\n")
        for line in rng.sample(figures, min(args.sample, len(figures))):
            out.write(f"  {line}\n")
        out.write("### not figures\n")
        for line in rng.sample(misses, min(args.sample, len(misses))):
            out.write(f"  {line}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
