"""Conversion benchmark: wrong characters per 10,000 after a round trip through Traditional.

    python -m pipeline.bench_convert [--clean ../shared/data/clean] [--news ../shared/data/ner/msra_train.jsonl]

Simplified text we hold (encyclopedia paragraphs and news sentences) is made Traditional by
several independent converters and regional standards — OpenCC ``s2t``, ``s2tw``, ``s2hk`` and
MediaWiki's tables through ``zhconv`` (``zh-hant``, ``zh-hk``; install ``zhconv``, a benchmark
dependency only) — and converted back by this pipeline (``convert_text`` with the default rules)
and by OpenCC's ``t2s``, ``tw2s`` and ``hk2s``. A character that differs from the Simplified
source is wrong. Where a converter changed the length (zhconv's vocabulary entries), the two
texts are aligned with difflib and every character of a non-equal block counts.

The sources already contain some non-standard forms (舖, 好象, 坐落/座落 …) that every
converter "corrects"; they count against all columns alike. Results go to
``bench-results/convert.json`` and a table on stdout.
"""

from __future__ import annotations

import argparse
import difflib
import json
import time
from collections import Counter
from pathlib import Path

from pipeline.config import load_config
from pipeline.stages.convert import QUOTES, convert_text, load_variants, rules_for

SOURCES = ("opencc s2t", "opencc s2tw", "opencc s2hk", "zhconv zh-hant", "zhconv zh-hk")
BASELINES = ("t2s", "tw2s", "hk2s")


def load_texts(clean: Path, news: Path | None, news_limit: int) -> str:
    """The reference: encyclopedia paragraphs without 著, then news sentences.

    The encyclopedia text is MediaWiki's automatic conversion and often keeps the particle as 著
    (随著, 有著): against such a reference the mainland standard 着 would count as wrong, so its
    paragraphs containing 著 are left out (the news text is edited mainland text and keeps them).
    """
    lines = [json.loads(line)["text"] for line in open(clean / "wiki_simplified.jsonl", encoding="utf-8")]
    lines = [line for line in lines if "著" not in line]
    if news is not None and news.exists():
        with open(news, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= news_limit:
                    break
                lines.append(json.loads(line)["text"])
    return "\n".join(lines)


def make_traditional(text: str, source: str) -> str:
    tool, name = source.split(" ")
    if tool == "opencc":
        import opencc

        return opencc.OpenCC(name).convert(text)
    import zhconv

    return "\n".join(zhconv.convert(line, name) for line in text.split("\n"))


def wrong_characters(reference: str, output: str, variant_forms: frozenset[str] = frozenset()) -> Counter:
    """(expected, got) pairs of every wrong character. Corner brackets and curly quotes are
    compared as one class: the quote style is a configuration choice (``convert.quotes``).
    Where the reference itself writes a variant form that ``variants.tsv`` standardises
    (化粧, 衞生 in encyclopedia text), a standard form in the output is not counted."""
    reference, output = reference.translate(QUOTES), output.translate(QUOTES)
    if variant_forms:
        output = "".join(r if r in variant_forms and o != r and len(o) == 1 else o
                         for r, o in zip(reference, output)) if len(reference) == len(output) else output
    if len(reference) == len(output):
        return Counter((a, b) for a, b in zip(reference, output) if a != b)
    errors: Counter = Counter()
    for ref_line, out_line in zip(reference.split("\n"), output.split("\n")):
        if ref_line == out_line:
            continue
        if len(ref_line) == len(out_line):
            errors.update((a, b) for a, b in zip(ref_line, out_line) if a != b)
            continue
        matcher = difflib.SequenceMatcher(None, ref_line, out_line, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                errors[(ref_line[i1:i2], out_line[j1:j2])] += max(i2 - i1, 1)
    return errors


def run(text: str) -> dict:
    import opencc

    rules = rules_for(load_config())
    variant_forms = frozenset(chr(code) for code in load_variants(rules.variants)) if rules.variants else frozenset()
    results: dict = {"characters": len(text), "sources": {}}
    for source in SOURCES:
        traditional = make_traditional(text, source)
        row: dict = {}
        started = time.perf_counter()
        ours = "\n".join(convert_text(paragraph, "auto", rules)[0] for paragraph in traditional.split("\n"))
        elapsed = time.perf_counter() - started
        candidates = {"pipeline": ours}
        for name in BASELINES:
            candidates[name] = opencc.OpenCC(name).convert(traditional)
        for name, output in candidates.items():
            errors = wrong_characters(text, output, variant_forms)
            total = sum(errors.values())
            row[name] = {"per_10k": round(total / len(text) * 1e4, 3), "wrong": total,
                         "top": [[a, b, n] for (a, b), n in errors.most_common(8)]}
        row["pipeline"]["chars_per_s"] = round(len(traditional) / elapsed)
        results["sources"][source] = row
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_convert", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", type=Path, default=Path("../shared/data/clean"),
                        help="folder with wiki_simplified.jsonl (default ../shared/data/clean)")
    parser.add_argument("--news", type=Path, default=Path("../shared/data/ner/msra_train.jsonl"),
                        help="JSON Lines of Simplified news sentences (default: MSRA train); '' to skip")
    parser.add_argument("--news-limit", type=int, default=20000, help="news sentences to use (default 20000)")
    parser.add_argument("--out", type=Path, default=Path("bench-results/convert.json"))
    args = parser.parse_args(argv)
    text = load_texts(args.clean, Path(str(args.news)) if str(args.news) else None, args.news_limit)
    results = run(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{results['characters']:,} Simplified characters; wrong characters per 10,000 after the round trip")
    header = ["source"] + ["pipeline"] + list(BASELINES)
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for source, row in results["sources"].items():
        cells = [f"{row[name]['per_10k']:.2f}" for name in ["pipeline", *BASELINES]]
        print(f"| {source} | " + " | ".join(cells) + " |")
    for source, row in results["sources"].items():
        print(f"{source}: pipeline's most frequent errors {row['pipeline']['top'][:6]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
