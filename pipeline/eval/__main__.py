"""``python -m pipeline.eval``: score the pipeline against every gold file, print tables, ratchet.

    python -m pipeline.eval                       # process corpus/<id>.txt for every tests/gold/<id>.yaml
    python -m pipeline.eval --records outputs     # score records already written (outputs/<id>.json)
    python -m pipeline.eval --check               # exit 1 when a headline fell > 0.005 below the baseline
    python -m pipeline.eval --update-baseline     # rewrite tests/gold/baseline.json with these scores

Exit status: 0 fine, 1 the ratchet failed, 2 a gold file, document or record is missing or malformed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.eval.gold import Gold, GoldError, load, read_text
from pipeline.eval.ratchet import build_baseline, check, load_baseline, write_baseline
from pipeline.eval.report import json_report, summarise, tables
from pipeline.eval.score import score_document
from pipeline.eval.sources import read_sources


def load_golds(gold_dir: Path, corpus: Path, only: list[str] | None = None) -> list[tuple[Gold, str]]:
    """Every ``gold_dir/<id>.yaml`` with its document ``corpus/<id>.txt``, loaded and validated."""
    paths = sorted(p for p in gold_dir.glob("*.yaml") if not only or p.stem in only)
    golds = []
    for path in paths:
        doc = corpus / f"{path.stem}.txt"
        if not doc.exists():
            raise GoldError(f"{path}: its document {doc} does not exist")
        text = read_text(doc)
        golds.append((load(path, text), text))
    return golds


def _process(job: tuple[str, str]) -> dict[str, Any]:
    """Worker: one document through the pipeline (tokens dropped: not scored, heavy to pickle)."""
    import pipeline

    text, doc_id = job
    record = pipeline.process(text, path=f"{doc_id}.txt", id=doc_id)
    record.pop("tokens", None)
    return record


def make_records(golds: list[tuple[Gold, str]], workers: int) -> dict[str, dict]:
    """Records produced in-process, in a pool of at most two workers (one: in this process)."""
    jobs = [(text, gold.id) for gold, text in golds]
    workers = max(1, min(workers, 2, len(jobs)))
    if workers == 1:
        return {doc_id: _process((text, doc_id)) for text, doc_id in jobs}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return {doc_id: record for (_, doc_id), record in zip(jobs, pool.map(_process, jobs))}


def read_records(folder: Path, ids: list[str]) -> tuple[dict[str, dict], list[str]]:
    """Records ``folder/<id>.json`` (or found below it); the ids without one."""
    records, missing = {}, []
    for doc_id in ids:
        path = folder / f"{doc_id}.json"
        if not path.exists():
            found = [p for p in folder.rglob(f"{doc_id}.json") if not p.name.startswith("_")]
            path = found[0] if found else path
        if path.exists():
            records[doc_id] = json.loads(path.read_text(encoding="utf-8"))
        else:
            missing.append(doc_id)
    return records, missing


def evaluate(golds: list[tuple[Gold, str]], records: dict[str, dict], splits: dict[str, str],
             notes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """``{id: {"split", "areas": {area: {"counts", "details"}}}}`` for every gold with a record."""
    documents = {}
    for gold, text in golds:
        record = records.get(gold.id)
        if record is None:
            continue
        if notes is not None and record.get("text_original") != text:
            notes.append(f"{gold.id}: the record's text_original differs from the document: offsets may not agree")
        documents[gold.id] = {"split": splits.get(gold.id, "dev"), "areas": score_document(gold, record)}
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"), help="gold folder (default tests/gold)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="documents (default corpus)")
    parser.add_argument("--sources", type=Path, help="split list (default CORPUS/SOURCES.yaml)")
    parser.add_argument("--records", type=Path, help="score records already written in this folder")
    parser.add_argument("--workers", type=int, default=2, help="worker processes, at most 2 (default 2)")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these documents")
    parser.add_argument("--json", type=Path, default=Path("bench-results/eval.json"),
                        help="JSON report (default bench-results/eval.json)")
    parser.add_argument("--baseline", type=Path, help="baseline (default GOLD/baseline.json)")
    parser.add_argument("--check", action="store_true", help="ratchet: exit 1 when a headline fell below the baseline")
    parser.add_argument("--update-baseline", action="store_true", help="write these scores as the baseline")
    args = parser.parse_args(argv)
    baseline_path = args.baseline or args.gold / "baseline.json"
    started = time.perf_counter()
    notes: list[str] = []
    try:
        golds = load_golds(args.gold, args.corpus, args.only)
        splits = read_sources(args.sources or args.corpus / "SOURCES.yaml")
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not golds:
        print(f"error: no gold files in {args.gold}", file=sys.stderr)
        return 2
    if args.records:
        records, missing = read_records(args.records, [g.id for g, _ in golds])
        if missing:
            print(f"error: no record in {args.records} for: {', '.join(missing)}", file=sys.stderr)
            return 2
    else:
        records = make_records(golds, args.workers)
    documents = evaluate(golds, records, splits, notes)
    summary = summarise(documents)
    print(tables(summary))
    status = 0
    if args.check:
        if not baseline_path.exists():
            print(f"error: no baseline {baseline_path} (make eval-update-baseline)", file=sys.stderr)
            return 2
        failures, check_notes = check(load_baseline(baseline_path), documents)
        notes += check_notes
        for failure in failures:
            print(f"RATCHET FAILED {failure}", file=sys.stderr)
        status = 1 if failures else 0
        if not failures:
            print(f"\nratchet: no headline fell more than the tolerance below {baseline_path}")
    if args.update_baseline:
        write_baseline(baseline_path, build_baseline(documents))
        print(f"\nbaseline written: {baseline_path}")
    for note in notes:
        print(f"note: {note}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(json_report(documents, summary, notes), ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")
    print(f"\n{len(documents)} document(s) scored in {time.perf_counter() - started:.1f} s; report: {args.json}")
    return status


if __name__ == "__main__":
    sys.exit(main())
