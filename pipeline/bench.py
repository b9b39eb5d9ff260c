"""``python -m pipeline.bench`` (``make bench``): speed and memory of whole pipeline runs, in one go.

Generates a corpus of reports from the seed (corpus/*.txt) and, when present, the
development text in /work/shared/data/clean (read only, never copied into the repo),
then measures with separate ``python -m pipeline run`` processes:

- end-to-end characters per second, all stages, one worker, as a ratio to plain
  ``jieba.posseg.cut`` over the same texts (time-boxed sample; also over their
  Simplified conversion, where jieba is much faster: the stricter baseline);
- per-stage throughput (convert, clean, segment, entities, figures, emit, and the
  serialisation + write of the files) from ``doc.timings`` over a sample;
- cold start of ``python -m pipeline run`` on the seed;
- peak RSS per worker at two corpus sizes (a quarter, and all of it);
- two workers against one; a no-op rerun over 1,000 unchanged documents.

Prints a table and writes bench-results/bench.json. Not part of the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "corpus" / "000_c7325925ba10cb96.txt"  # the seed alone: corpus/ now holds the real-report corpus too
EXTRA_TEXT = Path("/work/shared/data/clean")
RESULTS = ROOT / "bench-results" / "bench.json"
TARGETS = {"ratio_vs_jieba": 1.0, "cold_start_s": 1.5, "peak_rss_mb": 400, "speedup_2_workers": 1.7,
           "noop_1000_s": 3.0}


# ---------------------------------------------------------------------------- corpus
def _paragraphs() -> tuple[list[str], list[str], str]:
    """Seed paragraphs, extra paragraphs (wiki, both scripts) and the seed's dateline paragraph."""
    seed_paragraphs: list[str] = []
    header = ""
    for path in [SEED_FILE]:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        header = header or lines[0]
        seed_paragraphs += lines[1:]
    extra: list[str] = []
    for name in ("wiki_traditional.jsonl", "wiki_simplified.jsonl"):
        path = EXTRA_TEXT / name
        if path.is_file():
            with open(path, encoding="utf-8") as handle:
                extra += [json.loads(line)["text"] for line in handle if line.strip()]
    return seed_paragraphs, extra, header


def generate_corpus(folder: Path, docs: int, chars: int = 10_000, rng_seed: int = 7) -> dict[str, Any]:
    """``docs`` reports of about ``chars`` characters each: the seed's dateline, then seed and extra
    paragraphs in a random (seeded) mix, with headings from the seed's short lines."""
    rng = random.Random(rng_seed)
    seed_paragraphs, extra, header = _paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total_chars = total_bytes = 0
    for i in range(docs):
        parts = [header]
        size = len(header)
        while size < chars:
            pool = extra if extra and rng.random() < 0.5 else seed_paragraphs
            paragraph = rng.choice(pool)
            parts.append(paragraph)
            size += len(paragraph)
        text = "\n".join(parts) + "\n"
        path = folder / f"{i // 100:02}" / f"report_{i:04}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total_chars += len(text)
        total_bytes += len(text.encode("utf-8"))
    return {"docs": docs, "chars": total_chars, "mb": round(total_bytes / 1e6, 2),
            "sources": "seed + wiki (shared/data/clean)" if extra else "seed only"}


def corpus_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


# ---------------------------------------------------------------------------- processes
def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    stat = handle.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _peak_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_process(args: list[str], cwd: Path = ROOT) -> dict[str, Any]:
    """Run a whole process; wall time, exit code, peak RSS of it and of each child (polled in /proc)."""
    import resource

    peaks: dict[int, int] = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in [process.pid, *_children(process.pid)]:
                peaks[pid] = max(peaks.get(pid, 0), _peak_kb(pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sys.platform.startswith("linux"):
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    if sampler.is_alive():
        sampler.join()
    workers = [kb for pid, kb in peaks.items() if pid != process.pid]
    return {"seconds": seconds, "cpu_seconds": round(cpu, 2), "code": process.returncode, "stderr": err.decode("utf-8", "replace")[-2000:],
            "main_peak_mb": round(peaks.get(process.pid, 0) / 1024, 1),
            "worker_peak_mb": round(max(workers) / 1024, 1) if workers else None}


def pipeline_run(inputs: Path, out: Path, workers: int, *extra: str) -> dict[str, Any]:
    result = run_process([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out),
                          "--workers", str(workers), "--quiet", *extra])
    if result["code"] != 0:
        raise SystemExit(f"pipeline run failed ({result['code']}):\n{result['stderr']}")
    return result


# ---------------------------------------------------------------------------- in-process probes
JIEBA_PROBE = r"""
import json, logging, sys, time
import jieba, jieba.posseg
jieba.setLogLevel(logging.WARNING)
paths, budget, simplify = sys.argv[1:-2], float(sys.argv[-2]), sys.argv[-1] == "1"
started = time.perf_counter(); jieba.initialize(); init = time.perf_counter() - started
convert = None
if simplify:
    import opencc
    convert = opencc.OpenCC("t2s").convert
chars = 0; seconds = 0.0; docs = 0
for path in paths:
    text = open(path, encoding="utf-8").read()
    if convert: text = convert(text)
    started = time.perf_counter()
    for _ in jieba.posseg.cut(text): pass
    seconds += time.perf_counter() - started; chars += len(text); docs += 1
    if seconds > budget: break
print(json.dumps({"docs": docs, "chars": chars, "seconds": seconds, "init_seconds": init}))
"""

STAGES_PROBE = r"""
import json, sys, time
from pathlib import Path
from pipeline.api import process_document
from pipeline.config import load_config
from pipeline.runner.batch import read_input, Task, render
from pipeline.runner.discover import InputItem
from pipeline.stages import ingest
from pipeline.stages.emit import atomic_write
config = load_config()
out = Path(sys.argv[1]); paths = sys.argv[2:]
totals = {}; chars = 0
def add(name, seconds): totals[name] = totals.get(name, 0.0) + seconds
for i, path in enumerate(paths):
    item = InputItem(Path(path), Path(path).name)
    t0 = time.perf_counter()
    text, encoding, sha, _ = read_input(item, config)
    doc = ingest.ingest_text(text, config, {"path": item.name, "sha256": sha, "encoding": encoding})
    t1 = time.perf_counter()
    record = process_document(doc, item.record_id)
    t2 = time.perf_counter()
    files = render(record, item.record_id, ["json", "yaml"])
    t3 = time.perf_counter()
    for name, data in files.items(): atomic_write(out / name, data)
    t4 = time.perf_counter()
    if i == 0:  # the first document pays the loading of every resource: reported apart
        first = {"seconds": t4 - t0, **doc.timings}
        continue
    chars += len(text)
    add("ingest", t1 - t0)
    for stage, seconds in doc.timings.items(): add(stage, seconds)
    add("serialise (json+yaml)", t3 - t2); add("write (atomic, fsync)", t4 - t3)
    from pipeline.stages.emit import to_json, to_yaml
    t5 = time.perf_counter(); to_json(record); t6 = time.perf_counter(); to_yaml(record); t7 = time.perf_counter()
    add("  of which json", t6 - t5); add("  of which yaml", t7 - t6)
print(json.dumps({"chars": chars, "docs": len(paths) - 1, "stages": totals, "first_doc": first}))
"""


def python_probe(code: str, args: list[str]) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"probe failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- benchmark
def bench(docs: int, jieba_budget: float, noop_docs: int, work: Path, log) -> dict[str, Any]:
    results: dict[str, Any] = {"command": "python -m pipeline.bench " + " ".join(sys.argv[1:]),
                               "cpus": os.cpu_count(), "python": sys.version.split()[0],
                               "date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}
    corpus = work / "corpus"
    results["corpus"] = generate_corpus(corpus, docs)
    quarter = work / "corpus_quarter"
    generate_corpus(quarter, max(1, docs // 4))
    log(f"corpus: {results['corpus']}")
    texts_chars = results["corpus"]["chars"]

    # 1. End-to-end, one worker, all stages (whole process: start-up included).
    one = pipeline_run(corpus, work / "out1", 1)
    results["end_to_end_1_worker"] = {"seconds": round(one["seconds"], 2), "cpu_seconds": one["cpu_seconds"],
                                      "chars_per_s": round(texts_chars / one["seconds"])}
    log(f"1 worker: {one['seconds']:.1f} s")

    # 2. jieba.posseg over the same texts (time-boxed sample), as given and Simplified.
    paths = [str(p) for p in sorted(corpus.rglob("*.txt"))]
    for key, simplify in (("jieba_posseg_as_given", "0"), ("jieba_posseg_simplified", "1")):
        probe = python_probe(JIEBA_PROBE, [*paths, str(jieba_budget), simplify])
        speed = probe["chars"] / probe["seconds"]
        results[key] = {**probe, "chars_per_s": round(speed),
                        "ratio": round(results["end_to_end_1_worker"]["chars_per_s"] / speed, 3)}
        log(f"{key}: {speed:,.0f} chars/s over {probe['docs']} docs")

    # 3. Per-stage throughput over a sample (steady state: the first document is reported apart).
    sample = paths[: min(len(paths), 9)]
    stages = python_probe(STAGES_PROBE, [str(work / "stages_out"), *sample])
    results["stages"] = {name: {"seconds": round(s, 3), "chars_per_s": round(stages["chars"] / s) if s else None}
                         for name, s in stages["stages"].items()}
    results["stages_sample"] = {"docs": stages["docs"], "chars": stages["chars"],
                                "first_doc_seconds": {k: round(v, 3) for k, v in stages["first_doc"].items()}}
    log("stages: " + ", ".join(f"{k} {v['seconds']}s" for k, v in results["stages"].items()))

    # 4. Two workers against one.
    two = pipeline_run(corpus, work / "out2", 2)
    # On a machine shared with other jobs the wall-time speedup understates the engine: the CPU
    # seconds say whether two workers did the same work (no duplicated loading, no serial part).
    results["two_workers"] = {"seconds": round(two["seconds"], 2), "cpu_seconds": two["cpu_seconds"],
                              "speedup": round(one["seconds"] / two["seconds"], 2),
                              "load_average_1min": round(os.getloadavg()[0], 2)}
    log(f"2 workers: {two['seconds']:.1f} s")

    # 5. Peak memory per worker at two corpus sizes.
    small = pipeline_run(quarter, work / "out_quarter", 1)
    results["peak_rss_mb"] = {
        "worker_quarter_corpus": small["worker_peak_mb"], "worker_full_corpus": one["worker_peak_mb"],
        "main_full_corpus": one["main_peak_mb"], "workers_2": two["worker_peak_mb"],
        "docs": {"quarter": max(1, docs // 4), "full": docs},
    }

    # 6. Cold start on the seed (best of 3; every run is a fresh process into a fresh folder), with the
    # package's bytecode compiled as an installed package has it (an editable install, or
    # PYTHONDONTWRITEBYTECODE, would otherwise compile ~60 modules from source in every process).
    import compileall

    compileall.compile_dir(str(ROOT / "pipeline"), quiet=1)
    colds = []
    for i in range(3):
        colds.append(pipeline_run(SEED_FILE, work / f"cold{i}", 1)["seconds"])
    help_start = min(run_process([sys.executable, "-m", "pipeline", "--help"])["seconds"] for _ in range(3))
    results["cold_start"] = {"seconds_best": round(min(colds), 2), "seconds_all": [round(c, 2) for c in colds],
                             "help_seconds": round(help_start, 3)}

    # 7. No-op rerun over noop_docs unchanged documents.
    results["noop_rerun"] = noop_rerun(work, noop_docs, log)
    return results


def noop_rerun(work: Path, docs: int, log) -> dict[str, Any]:
    """Build ``docs`` small documents once (light config: the rerun cost does not depend on the
    stages), then time a whole ``run`` that must skip them all. When the rerun rebuilt something
    (the code changed in between: a shared working tree), build again and time again."""
    small_corpus = work / "noop"
    rng = random.Random(3)
    seed_paragraphs, _, header = _paragraphs()
    for i in range(docs):
        path = small_corpus / f"{i // 100:02}" / f"n{i:04}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + "\n" + rng.choice(seed_paragraphs) + "\n", encoding="utf-8")
    light = ROOT / "tests" / "fixtures" / "runner" / "light.yaml"
    out = work / "noop_out"
    build = pipeline_run(small_corpus, out, 2, "--config", str(light))
    for attempt in range(3):
        rerun = pipeline_run(small_corpus, out, 2, "--config", str(light))
        if f"0 processed, {docs} skipped" in rerun["stderr"]:
            break
        log("no-op rerun rebuilt documents (the code changed meanwhile); measuring again")
    else:
        log("the no-op rerun never skipped every document (the code kept changing); its time is not a no-op")
    summary = rerun["stderr"].strip().splitlines()[-1] if rerun["stderr"].strip() else ""
    log(f"no-op rerun of {docs}: {rerun['seconds']:.2f} s ({summary})")
    return {"docs": docs, "seconds": round(rerun["seconds"], 2), "first_build_seconds": round(build["seconds"], 1),
            "attempts": attempt + 1, "summary": summary}


def table(results: dict[str, Any]) -> str:
    rss = results["peak_rss_mb"]
    rows = [
        ("corpus", f"{results['corpus']['docs']} docs, {results['corpus']['chars']:,} chars, "
                   f"{results['corpus']['mb']} MB ({results['corpus']['sources']})", ""),
        ("end-to-end, 1 worker, all stages", f"{results['end_to_end_1_worker']['chars_per_s']:,} chars/s "
                                             f"({results['end_to_end_1_worker']['seconds']} s)", ""),
        ("  vs jieba.posseg on the texts as given",
         f"x{results['jieba_posseg_as_given']['ratio']} (jieba {results['jieba_posseg_as_given']['chars_per_s']:,}"
         " chars/s)", f">= {TARGETS['ratio_vs_jieba']}"),
        ("  vs jieba.posseg on their Simplified form",
         f"x{results['jieba_posseg_simplified']['ratio']} (jieba "
         f"{results['jieba_posseg_simplified']['chars_per_s']:,} chars/s)", f">= {TARGETS['ratio_vs_jieba']}"),
    ]
    for name, stage in results["stages"].items():
        speed = f"{stage['chars_per_s']:,} chars/s" if stage["chars_per_s"] else "-"
        rows.append((f"  stage {name}", f"{speed} ({stage['seconds']} s)", ""))
    rows += [
        ("cold start `run` on the seed", f"{results['cold_start']['seconds_best']} s "
                                         f"(--help {results['cold_start']['help_seconds']} s)",
         f"<= {TARGETS['cold_start_s']} s"),
        ("peak RSS per worker (1/4 corpus, full)", f"{rss['worker_quarter_corpus']} MB, {rss['worker_full_corpus']} MB"
                                                   f" (main {rss['main_full_corpus']} MB)",
         f"<= {TARGETS['peak_rss_mb']} MB, flat"),
        ("2 workers vs 1", f"x{results['two_workers']['speedup']} ({results['two_workers']['seconds']} s; CPU "
                           f"{results['end_to_end_1_worker'].get('cpu_seconds')} s vs "
                           f"{results['two_workers'].get('cpu_seconds')} s; load {results['two_workers'].get('load_average_1min')})",
         f">= {TARGETS['speedup_2_workers']}"),
        (f"no-op rerun, {results['noop_rerun']['docs']} docs", f"{results['noop_rerun']['seconds']} s",
         f"<= {TARGETS['noop_1000_s']} s"),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    lines = [f"{'measure':<{width}}  {'result':<{value_width}}  target", "-" * (width + value_width + 12)]
    lines += [f"{a:<{width}}  {b:<{value_width}}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=160, help="reports in the generated corpus (about 10k chars each)")
    parser.add_argument("--jieba-budget", type=float, default=25.0,
                        help="seconds of jieba.posseg per baseline (a sample of the corpus)")
    parser.add_argument("--noop-docs", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--only-noop", action="store_true",
                        help="measure only the no-op rerun and update it in an existing results file")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(f"[bench] {line}", file=sys.stderr, flush=True)

    work = args.keep or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    try:
        if args.only_noop:
            results = json.loads(args.json.read_text(encoding="utf-8"))
            results["noop_rerun"] = noop_rerun(work, args.noop_docs, log)
        else:
            results = bench(args.docs, args.jieba_budget, args.noop_docs, work, log)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
