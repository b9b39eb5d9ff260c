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
from pipeline.stages.convert import QUOTES, convert_text, load_overrides, load_variants, rules_for

SOURCES = ("opencc s2t", "opencc s2tw", "opencc s2hk", "zhconv zh-hant", "zhconv zh-hk")
BASELINES = ("t2s", "tw2s", "hk2s")


def load_texts(clean: Path, news: Path | None, news_limit: int) -> tuple[str, int]:
    """The reference: encyclopedia paragraphs without 著, then news sentences; and the line where
    the news begins.

    The encyclopedia text is MediaWiki's automatic conversion and often keeps the particle as 著
    (随著, 有著): against such a reference the mainland standard 着 would count as wrong, so its
    paragraphs containing 著 are left out (the news text is edited mainland text and keeps them).
    """
    lines = [json.loads(line)["text"] for line in open(clean / "wiki_simplified.jsonl", encoding="utf-8")]
    lines = [line for line in lines if "著" not in line]
    news_from = len(lines)
    if news is not None and news.exists():
        with open(news, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= news_limit:
                    break
                lines.append(json.loads(line)["text"])
    return "\n".join(lines), news_from


def make_traditional(text: str, source: str) -> str:
    tool, name = source.split(" ")
    if tool == "opencc":
        import opencc

        return opencc.OpenCC(name).convert(text)
    import zhconv

    return "\n".join(zhconv.convert(line, name) for line in text.split("\n"))


class Accepted:
    """The standard forms the pipeline writes where the reference writes a variant: a character of
    ``variants.tsv`` (化粧, 衞生, 牠 in encyclopedia text) or a word of ``word_forms.tsv`` (部份,
    想像). There the output's standard form is not counted (the reference is MediaWiki's automatic
    conversion of Taiwan and Hong Kong articles and keeps their forms; edited mainland news never
    writes them). ``wrong`` reports the count without this, too."""

    def __init__(self, variant_forms: dict[str, str] | None = None, word_forms: dict[str, str] | None = None):
        self.variant_forms = variant_forms or {}
        self.by_char: dict[str, list[tuple[str, str, int]]] = {}
        for source, target in (word_forms or {}).items():
            if source != target:
                for offset, char in enumerate(source):
                    self.by_char.setdefault(char, []).append((source, target, offset))

    def accepted(self, ref: str, out: str, i: int) -> bool:
        """Whether ``out[i]`` (≠ ``ref[i]``) is the standard form of a variant the reference writes."""
        if self.variant_forms.get(ref[i]) == out[i]:
            return True
        for source, target, offset in self.by_char.get(ref[i], ()):
            start = i - offset
            if start >= 0 and ref[start:start + len(source)] == source and out[start:start + len(source)] == target:
                return True
        return False

    def normalise(self, ref: str, out: str) -> str:
        """``out`` with every accepted standard form put back to the reference's form."""
        if ref == out or (not self.variant_forms and not self.by_char):
            return out
        if len(ref) == len(out):
            return "".join(r if o != r and self.accepted(ref, out, i) else o
                           for i, (r, o) in enumerate(zip(ref, out)))
        pieces = []
        matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            block = out[j1:j2]
            if tag == "replace" and i2 - i1 == j2 - j1:
                block = self.normalise(ref[i1:i2], block)
            pieces.append(block)
        return "".join(pieces)


def wrong_characters(reference: str, output: str, accepted: Accepted | None = None) -> Counter:
    """(expected, got) pairs of every wrong character, line by line. Corner brackets and curly
    quotes are compared as one class: the quote style is a configuration choice
    (``convert.quotes``). With ``accepted``, a standard form where the reference writes its
    variant is not counted (see ``Accepted``)."""
    errors: Counter = Counter()
    for ref_line, out_line in zip(reference.translate(QUOTES).split("\n"), output.translate(QUOTES).split("\n")):
        if accepted is not None:
            out_line = accepted.normalise(ref_line, out_line)
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


def differences(reference: str, ours: str, theirs: str, accepted: Accepted | None = None,
                context: int = 12) -> list[list]:
    """Every place where the pipeline or ``theirs`` (the best OpenCC config) differs from the
    reference, line by line: [kind, expected, pipeline, theirs, line, context]. ``kind`` is
    ``pipeline`` (only the pipeline is wrong), ``opencc`` (only theirs) or ``both``. Quote style
    is one class, as in ``wrong_characters``. For inspection (``--dump``), never for the score."""
    rows: list[list] = []
    triples = zip(reference.translate(QUOTES).split("\n"), ours.translate(QUOTES).split("\n"),
                  theirs.translate(QUOTES).split("\n"))
    for number, (ref, a, b) in enumerate(triples):
        if accepted is not None:
            a, b = accepted.normalise(ref, a), accepted.normalise(ref, b)
        if ref == a == b:
            continue
        if len(ref) == len(a) == len(b):
            spans = [(i, i + 1, a[i], b[i]) for i in range(len(ref)) if not ref[i] == a[i] == b[i]]
        else:  # a length-changing converter: difflib blocks of each output against the reference
            spans = []
            for name, out in (("a", a), ("b", b)):
                matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    if tag != "equal":
                        spans.append((i1, i2, out[j1:j2] if name == "a" else None,
                                      out[j1:j2] if name == "b" else None))
        for start, end, got_a, got_b in spans:
            got_a = ref[start:end] if got_a is None and len(ref) == len(a) else (a[start:end] if got_a is None else got_a)
            got_b = ref[start:end] if got_b is None and len(ref) == len(b) else (b[start:end] if got_b is None else got_b)
            expected = ref[start:end]
            wrong_a, wrong_b = got_a != expected, got_b != expected
            kind = "both" if wrong_a and wrong_b else "pipeline" if wrong_a else "opencc"
            shown = ref[max(0, start - context):start] + "[" + expected + "]" + ref[end:end + context]
            rows.append([kind, expected, got_a, got_b, number, shown])
    return rows


def _news_score(text: str, output: str, news_from: int | None) -> dict:
    if news_from is None:
        return {}
    reference = "\n".join(text.split("\n")[news_from:])
    if not reference:
        return {}
    wrong = sum(wrong_characters(reference, "\n".join(output.split("\n")[news_from:])).values())
    return {"news_per_10k": round(wrong / len(reference) * 1e4, 3)}


def run(text: str, dump: Path | None = None, news_from: int | None = None) -> dict:
    """Every source × every converter; with ``news_from`` also the raw score of the news lines
    alone (edited mainland text: no variant forms in the reference, nothing accepted)."""
    import opencc

    rules = rules_for(load_config())
    variant_forms = {chr(code): char for code, char in load_variants(rules.variants).items()} if rules.variants else {}
    accepted = Accepted(variant_forms, load_overrides(rules.word_forms)[1] if rules.word_forms else None)
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
            errors = wrong_characters(text, output, accepted)
            total = sum(errors.values())
            raw = sum(wrong_characters(text, output).values())
            row[name] = {"per_10k": round(total / len(text) * 1e4, 3), "wrong": total,
                         "per_10k_counting_variants": round(raw / len(text) * 1e4, 3),
                         **_news_score(text, output, news_from),
                         "top": [[a, b, n] for (a, b), n in errors.most_common(8)]}
        row["pipeline"]["chars_per_s"] = round(len(traditional) / elapsed)
        if dump is not None:
            best = min(BASELINES, key=lambda name: row[name]["wrong"])
            dump.mkdir(parents=True, exist_ok=True)
            with open(dump / (source.replace(" ", "_") + ".tsv"), "w", encoding="utf-8") as handle:
                handle.write(f"kind\texpected\tpipeline\t{best}\tline\tcontext\n")
                for diff in sorted(differences(text, ours, candidates[best], accepted), key=lambda r: (r[0], r[1], r[4])):
                    handle.write("\t".join(map(str, diff)) + "\n")
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
    parser.add_argument("--dump", type=Path, default=None,
                        help="folder for per-source TSVs of every difference (pipeline vs the best OpenCC "
                             "config, with context); keep it out of git, e.g. bench-results/convert-diff")
    args = parser.parse_args(argv)
    text, news_from = load_texts(args.clean, Path(str(args.news)) if str(args.news) else None, args.news_limit)
    results = run(text, args.dump, news_from)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{results['characters']:,} Simplified characters; wrong characters per 10,000 after the round trip")
    header = ["source"] + ["pipeline"] + list(BASELINES)
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for source, row in results["sources"].items():
        cells = [f"{row[name]['per_10k']:.2f}" for name in ["pipeline", *BASELINES]]
        print(f"| {source} | " + " | ".join(cells) + " |")
    if "news_per_10k" in next(iter(results["sources"].values()))["pipeline"]:
        print("\nnews sentences alone (edited mainland text; every difference counted):")
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
        for source, row in results["sources"].items():
            cells = [f"{row[name]['news_per_10k']:.2f}" for name in ["pipeline", *BASELINES]]
            print(f"| {source} | " + " | ".join(cells) + " |")
    for source, row in results["sources"].items():
        print(f"{source}: pipeline's most frequent errors {row['pipeline']['top'][:6]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
