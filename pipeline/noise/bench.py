"""Noise benchmark: inject spam into clean paragraphs and measure what cleaning gives back.

Run: ``python -m pipeline.noise.bench [--data DIR] [--limit N]`` (``make bench-noise``).
Held-out paragraphs of the clean encyclopedia sets (never seen by the models) get spam
inserted at uniformly random character positions, inside words too: (a) lexicon words,
(b) invented words from ``bench_spam.txt`` (never in the lexicon or model resources).
Inputs are made Traditional first, as real reports come (OpenCC s2t for the Simplified
set; the Traditional set is Traditional already, the spam converted s2t), then t2s and
clean run as in the pipeline. Reported per set: recall (injected tokens fully removed),
genuine characters lost per 100k, documents restored exactly; the same on the text with
nothing injected; and cleaning time against rjieba segmentation of the same texts.
Rows ``news*`` do the same on news: held-out blocks of the MSRA sentences (People's Daily;
40 contiguous sentences, ~2,100 characters, make one document; the models never saw them, see
pipeline/noise/data.py). At one insertion per 400 characters a news document gets ~5, so nearly
every one also holds an ``always`` token (the document is "polluted", which is evidence for its
contextual matches); ``news-ctx`` injects only the contextual tokens (交流, 讲座), so there the
evidence must come from the sentence (fusion, spam runs); ``news-clean`` injects nothing.
Recall is per injected token; ``ctx%`` is the recall of the contextual tokens alone.
How injections are drawn (``inject``): one token per CHARS_PER_INSERTION characters, each at a
position uniform over all character positions, each token uniform over the set's list; ``--seed``
changes both (report an untuned seed beside the tuned one). ``--dev-text`` also cleans all the
development text as it is and with one always-token per document (genuine characters removed).
Rows ``+batch`` measure the batch workflow: ``noise discover`` over the whole set, its
proposals (default filters) added to a temporary copy of the lexicon, then clean; on the
clean set this shows what batch discovery costs in false removals. Fixed seeds throughout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.noise.data import DEFAULT_DATA, news_blocks, paragraphs

SEED = 2024
SPAM_FILE = Path(__file__).with_name("bench_spam.txt")
CHARS_PER_INSERTION = 400  # one injected token per this many characters (at least one)


@dataclass
class Case:
    reference: str  # what cleaning should return (simplified, nothing injected)
    text: str  # simplified input with spam
    spans: list[tuple[int, int]]  # injected spans in ``text``


def _sources(data_dir: Path, source: str, limit: int):
    """(script, text) of the held-out documents: encyclopedia paragraphs of both scripts, or news blocks."""
    if source == "news":
        for count, (_, sentences) in enumerate(news_blocks(data_dir, "heldout")):
            if count >= limit:
                break
            yield "simplified", "".join(sentences)
        return
    for script in ("simplified", "traditional"):
        for count, (_, text) in enumerate(paragraphs(data_dir, script, "heldout")):
            if count >= limit:
                break
            yield script, text


@dataclass
class Tally:
    docs: int = 0
    restored: int = 0
    injected: int = 0
    recalled: int = 0
    genuine_chars: int = 0
    lost: int = 0
    losses: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    ctx_injected: int = 0
    ctx_recalled: int = 0

    def row(self) -> dict:
        return {
            "docs": self.docs,
            "injected": self.injected,
            "recall_pct": round(100 * self.recalled / self.injected, 2) if self.injected else None,
            "lost_per_100k": round(1e5 * self.lost / max(1, self.genuine_chars), 2),
            "lost_chars": self.lost,
            "genuine_chars": self.genuine_chars,
            "restored_pct": round(100 * self.restored / max(1, self.docs), 2),
            "ctx_recall_pct": round(100 * self.ctx_recalled / self.ctx_injected, 2) if self.ctx_injected else None,
        }


def read_spam(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def inject(rng: random.Random, text: str, tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Insert tokens at random positions; returns the text and the injected spans."""
    count = max(1, len(text) // CHARS_PER_INSERTION)
    positions = sorted(rng.randrange(1, len(text)) for _ in range(count))
    pieces, spans, prev, shift = [], [], 0, 0
    for pos in positions:
        token = rng.choice(tokens)
        pieces.append(text[prev:pos])
        pieces.append(token)
        spans.append((pos + shift, pos + shift + len(token)))
        shift += len(token)
        prev = pos
    pieces.append(text[prev:])
    return "".join(pieces), spans


def build_cases(data_dir: Path, tokens: list[str] | None, limit: int, seed: int,
                source: str = "wiki") -> list[Case]:
    """Cases for one spam list (None = nothing injected): wiki (both scripts) or news documents."""
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    rng = random.Random(seed)
    cases: list[Case] = []
    for script, text in _sources(data_dir, source, limit):
        traditional = s2t.convert(text) if script == "simplified" else text
        spam = [s2t.convert(t) for t in tokens] if tokens else []
        injected, spans = inject(rng, traditional, spam) if tokens else (traditional, [])
        simplified = t2s.convert(injected)
        reference = t2s.convert(traditional)
        if len(simplified) != len(injected) or len(reference) != len(traditional):
            continue  # a conversion changed the length: positions would not line up
        cases.append(Case(reference, simplified, spans))
    return cases


def evaluate(settings, cases: list[Case]) -> tuple[Tally, float]:
    from pipeline.noise.engine import find_noise

    tally = Tally()
    elapsed = 0.0
    for case in cases:
        start = time.perf_counter()
        removals, _ = find_noise(settings, case.text)
        elapsed += time.perf_counter() - start
        removed = [False] * len(case.text)
        for r in removals:
            for k in range(r.start, r.end):
                removed[k] = True
        injected = [False] * len(case.text)
        for s, e in case.spans:
            for k in range(s, e):
                injected[k] = True
            tally.injected += 1
            contextual = getattr(settings.lexicon.entries.get(case.text[s:e]), "policy", "") == "contextual"
            tally.ctx_injected += contextual
            if all(removed[s:e]):
                tally.recalled += 1
                tally.ctx_recalled += contextual
            else:
                tally.misses.append(case.text[max(0, s - 6):s] + "[" + case.text[s:e] + "]" + case.text[e:e + 6])
        lost = [k for k in range(len(case.text)) if removed[k] and not injected[k]]
        tally.lost += len(lost)
        tally.genuine_chars += len(case.text) - sum(injected)
        for r in removals:
            if any(not injected[k] for k in range(r.start, r.end)):
                tally.losses.append(case.text[max(0, r.start - 6):r.start] + "[" + r.token + "]"
                                    + case.text[r.end:r.end + 6] + f" {r.reason} {r.score}")
        clean = "".join(c for k, c in enumerate(case.text) if not removed[k])
        tally.docs += 1
        tally.restored += clean == case.reference
    return tally, elapsed


def with_batch_lexicon(settings, cases: list[Case], tmp_dir: Path):
    """Run ``noise discover`` over the cases as one batch; accept proposals into a temporary lexicon.

    Measures the two-step workflow (discover over a batch, then clean with the grown lexicon);
    accepted entries are contextual, so each occurrence is still judged in its sentence.
    """
    import dataclasses

    from pipeline.config import load_config
    from pipeline.noise.discover import DETECTOR_SETTINGS, MIN_DIVERSITY, MIN_DOCS, MIN_SHARE, discover
    from pipeline.noise.lexicon import load_lexicon
    from pipeline.stages.clean import settings_for
    from pipeline.config import RESOURCES_DIR

    finder = settings_for(load_config(), DETECTOR_SETTINGS)
    documents = ((str(i), c.text) for i, c in enumerate(cases))
    proposals = discover(finder, documents, MIN_DOCS, MIN_SHARE, MIN_DIVERSITY)
    base = (RESOURCES_DIR / "noise" / "lexicon.tsv").read_text(encoding="utf-8")
    path = tmp_dir / f"lexicon_batch_{len(list(tmp_dir.iterdir()))}.tsv"
    path.write_text(base + "".join(f"{p.token}\t{p.policy}\tbench\n" for p in proposals), encoding="utf-8")
    accepted = [p.token for p in proposals]
    return dataclasses.replace(settings, lexicon=load_lexicon(str(path))), accepted


def segmentation_time(cases: list[Case]) -> float:
    import rjieba

    start = time.perf_counter()
    for case in cases:
        rjieba.cut(case.text)
    return time.perf_counter() - start


def dev_text_documents(data_dir: Path):
    """All the development text with nothing injected: every clean paragraph of both scripts (the
    Traditional ones t2s-converted, as the pipeline does), every MSRA block, and the CLUENER and
    People's Daily sentences in blocks of NEWS_BLOCK. The models read parts of it, so this is no
    held-out measure: it checks that cleaning removes nothing from real text of these classes."""
    import json as _json

    import opencc

    from pipeline.noise.data import NEWS_BLOCK

    t2s = opencc.OpenCC("t2s")
    for script in ("simplified", "traditional"):
        for pid, text in paragraphs(data_dir, script, "all"):
            yield f"{script}:{pid}", t2s.convert(text) if script == "traditional" else text
    for block_id, sentences in news_blocks(data_dir, "all"):
        yield block_id, "".join(sentences)
    for name in ("cluener_train.jsonl", "peoples_daily_dev.jsonl"):
        path = Path(data_dir).parent / "ner" / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as handle:
            lines = [_json.loads(line)["text"] for line in handle if line.strip()]
        for k in range(0, len(lines), NEWS_BLOCK):
            yield f"{name}:{k // NEWS_BLOCK}", "".join(lines[k:k + NEWS_BLOCK])


def dev_text_loss(settings, data_dir: Path, polluted: bool = False, seed: int = SEED) -> dict:
    """Genuine characters removed from all the development text (see dev_text_documents).

    ``polluted``: one ``always`` lexicon token is first inserted at a random position of each
    document (and not counted): every contextual match then has the ``polluted`` ground, the
    hardest case for a genuine 交流 / 讲座 (the decision rests on the sentence evidence alone).
    """
    from pipeline.noise.engine import find_noise

    always = sorted(t for t, e in settings.lexicon.entries.items() if e.policy == "always")
    rng = random.Random(seed)
    chars = lost = flagged = docs = 0
    examples: list[str] = []
    for doc_id, text in dev_text_documents(data_dir):
        spam = (0, 0)
        if polluted and always and len(text) > 1:
            pos, token = rng.randrange(1, len(text)), rng.choice(always)
            text, spam = text[:pos] + token + text[pos:], (pos, pos + len(token))
        removals, candidates = find_noise(settings, text)
        removals = [r for r in removals if (r.start, r.end) != spam]
        docs += 1
        chars += len(text)
        flagged += sum(c.reason == "lexicon" for c in candidates)
        for r in removals:
            lost += r.end - r.start
            examples.append(f"{doc_id}: {text[max(0, r.start - 8):r.start]}[{r.token}]{text[r.end:r.end + 8]} "
                            f"{r.reason} {r.score} {r.detail.get('grounds', '')}")
    return {"docs": docs, "chars": chars, "lost_chars": lost, "flagged": flagged, "examples": examples}


SEED_REPORT = Path(__file__).resolve().parents[2] / "corpus" / "000_c7325925ba10cb96.txt"


def seed_report(settings, runs: int = 20) -> dict | None:
    """Removals on the seed report and per-run time of cleaning vs segmentation."""
    if not SEED_REPORT.exists():
        return None
    import opencc
    import rjieba

    from pipeline.noise.engine import find_noise

    text = opencc.OpenCC("t2s").convert(SEED_REPORT.read_text(encoding="utf-8"))
    removals, _ = find_noise(settings, text)
    start = time.perf_counter()
    for _ in range(runs):
        find_noise(settings, text)
    clean_ms = 1000 * (time.perf_counter() - start) / runs
    start = time.perf_counter()
    for _ in range(runs):
        rjieba.cut(text)
    cut_ms = 1000 * (time.perf_counter() - start) / runs
    return {"removals": len(removals), "tokens": [r.token for r in removals],
            "clean_ms": round(clean_ms, 2), "rjieba_cut_ms": round(cut_ms, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.noise.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with wiki_*.jsonl (default %(default)s)")
    parser.add_argument("--limit", type=int, default=250, help="held-out paragraphs per script (default %(default)s)")
    parser.add_argument("--config", type=Path, default=None, help="pipeline config file (clean section)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", type=int, default=5, help="examples of losses/misses to print per set")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-batch", action="store_true",
                        help="skip the batch rows (discover over the set, then clean with the grown lexicon)")
    parser.add_argument("--only", action="append", default=[], metavar="SET",
                        help="run only these sets (lexicon, invented, clean, news, news-ctx, news-clean, ...)")
    parser.add_argument("--dev-text", action="store_true",
                        help="also clean all the development text with nothing injected (3.8 M chars) and "
                             "count what is removed (must be 0)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a clean setting, e.g. --set detector=false --set contextual_prior=1.0")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no benchmark data at {args.data}; pass --data", file=sys.stderr)
        return 2

    from pipeline.config import load_config
    from pipeline.stages.clean import settings_for
    from pipeline.config import RESOURCES_DIR
    from pipeline.noise.lexicon import read_lexicon

    overrides = dict(item.split("=", 1) for item in args.set)
    settings = settings_for(load_config(args.config), overrides)
    settings.models.words.warm()  # times below are per document in a batch, not the one-off table build
    lexicon_words = [e.token for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv")]
    invented = read_spam(SPAM_FILE)
    overlap = set(invented) & set(settings.lexicon.entries)
    if overlap:
        print(f"invented spam words found in the lexicon: {sorted(overlap)}", file=sys.stderr)
        return 2
    contextual = [e.token for e in read_lexicon(RESOURCES_DIR / "noise" / "lexicon.tsv") if e.policy == "contextual"]
    sets = {"lexicon": lexicon_words, "invented": invented, "clean": None,
            "news": lexicon_words, "news-ctx": contextual, "news-clean": None}
    report: dict = {"sets": {}}
    clean_time = seg_time = 0.0
    import tempfile

    tmp_dir = Path(tempfile.mkdtemp(prefix="noise_bench_"))
    runs = [(name, tokens, False) for name, tokens in sets.items()]
    if not args.no_batch:
        runs += [("invented+batch", invented, True), ("clean+batch", None, True)]
    offsets = {"lexicon": 0, "invented": 1, "clean": 2, "news": 3, "news-ctx": 4, "news-clean": 5}
    if args.only:
        runs = [run for run in runs if run[0] in args.only]
    for name, tokens, batch in runs:
        base = name.split("+")[0]
        cases = build_cases(args.data, tokens, args.limit, args.seed + offsets[base],
                            "news" if base.startswith("news") else "wiki")
        run_settings = settings
        if batch:
            run_settings, accepted = with_batch_lexicon(settings, cases, tmp_dir)
            report.setdefault("batch_accepted", {})[name] = accepted
        tally, elapsed = evaluate(run_settings, cases)
        if batch:
            report["sets"][name] = tally.row()
            report["sets"][name].update(clean_s=round(elapsed, 3), rjieba_cut_s=None,
                                        examples_lost=tally.losses[: args.show],
                                        examples_missed=tally.misses[: args.show])
            continue
        segmenting = segmentation_time(cases)
        clean_time += elapsed
        seg_time += segmenting
        report["sets"][name] = tally.row()
        report["sets"][name]["clean_s"] = round(elapsed, 3)
        report["sets"][name]["rjieba_cut_s"] = round(segmenting, 3)
        report["sets"][name]["examples_lost"] = tally.losses[: args.show]
        report["sets"][name]["examples_missed"] = tally.misses[: args.show]
    report["time"] = {"clean_s": round(clean_time, 3), "rjieba_cut_s": round(seg_time, 3),
                      "ratio": round(clean_time / seg_time, 2) if seg_time else None}
    report["seed"] = seed_report(settings)
    if args.dev_text:
        report["dev_text"] = dev_text_loss(settings, args.data)
        report["dev_text_polluted"] = dev_text_loss(settings, args.data, polluted=True, seed=args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{'set':14} {'docs':>5} {'inj':>5} {'recall%':>8} {'ctx%':>7} {'lost/100k':>10} {'lost':>5} "
          f"{'chars':>8} {'restored%':>10} {'clean_s':>8} {'rjieba_s':>8}")
    for name, row in report["sets"].items():
        recall = "-" if row["recall_pct"] is None else f"{row['recall_pct']:.2f}"
        ctx = "-" if row["ctx_recall_pct"] is None else f"{row['ctx_recall_pct']:.2f}"
        print(f"{name:14} {row['docs']:>5} {row['injected']:>5} {recall:>8} {ctx:>7} {row['lost_per_100k']:>10.2f} "
              f"{row['lost_chars']:>5} {row['genuine_chars']:>8} "
              f"{row['restored_pct']:>10.2f} {row['clean_s']:>8.3f} {row['rjieba_cut_s'] or 0:>8.3f}")
    for name, accepted in report.get("batch_accepted", {}).items():
        print(f"{name}: {len(accepted)} strings accepted from discover: {' '.join(accepted[:12])}")
    seed = report["seed"]
    if seed:
        print(f"seed: {seed['removals']} removals {seed['tokens']}; per run clean {seed['clean_ms']} ms, "
              f"rjieba.cut {seed['rjieba_cut_ms']} ms")
    for name, row in report["sets"].items():
        for example in row["examples_lost"]:
            print(f"  {name} lost:   {example}")
        for example in row["examples_missed"]:
            print(f"  {name} missed: {example}")
    for key, what in (("dev_text", "nothing injected"), ("dev_text_polluted", "one always-token a document")):
        if key not in report:
            continue
        d = report[key]
        print(f"{key} ({what}): {d['docs']} documents, {d['chars']} chars, {d['lost_chars']} genuine removed, "
              f"{d['flagged']} contextual matches flagged")
        for example in d["examples"][: max(args.show, 20)]:
            print(f"  {key} lost: {example}")
    t = report["time"]
    print(f"time: clean {t['clean_s']}s, rjieba.cut {t['rjieba_cut_s']}s (clean/segment = {t['ratio']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
