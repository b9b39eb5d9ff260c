"""Command line: ``python -m pipeline COMMAND ...`` (``--help`` on every command).

Exit codes: 0 every input succeeded, 1 some inputs failed, 2 usage or configuration error,
130 interrupted (rerun the same command to resume).
Progress and errors go to stderr; stdout stays free for data.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pipeline import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# Modules that add their own commands: each exposes register(subparsers).
COMMAND_MODULES = ("pipeline.convert_cli", "pipeline.noise.cli")


class UsageError(Exception):
    """Bad arguments or configuration: exit code 2."""


def _formats(value: str) -> list[str]:
    from pipeline.stages.emit import FORMATS

    formats = [part.strip() for part in value.split(",") if part.strip()]
    bad = [fmt for fmt in formats if fmt not in FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"formats must be among {', '.join(FORMATS)}; got {value!r}")
    return formats


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {value!r}")
    return number


def _add_run(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="process reports into records (JSON/YAML)",
        description="Process reports into one record each: OUT/<relative path without suffix>.json and .yaml. "
                    "PATH is a file, a folder (searched recursively for *.txt and *.md, or --glob) or - for "
                    "stdin. Runs are incremental: OUT/_manifest.json remembers what each record was built "
                    "from, unchanged inputs are skipped, and an interrupted run resumes where it stopped.",
        epilog="Exit status: 0 all inputs succeeded, 1 some failed (listed in OUT/_errors.jsonl) or the output "
               "folder filled up, 2 usage error (also: OUT not writable), 130 interrupted.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="input file, folder, quoted glob or - for stdin")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    parser.add_argument("--format", default="json,yaml", type=_formats, dest="formats",
                        help="comma-separated output formats: json,yaml (default: both)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="YAML config overriding the defaults (pipeline/resources/config/default.yaml)")
    parser.add_argument("--glob", action="append", metavar="PATTERN", dest="globs",
                        help="in folders, take files matching PATTERN instead of *.txt/*.md (repeatable; "
                             "'*.txt' matches at any depth, 'a/*.md' from the folder root, ** crosses folders)")
    parser.add_argument("-j", "--workers", type=_positive, metavar="N",
                        help="worker processes (default: all cores); records are identical whatever N")
    parser.add_argument("--force", action="store_true", help="rebuild every record, even unchanged ones")
    parser.add_argument("--prune", action="store_true",
                        help="delete the records of inputs that are gone (those the manifest lists, only)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: scheduler address (tcp://host:8786); default: a local cluster")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    import signal

    from pipeline.config import ConfigError, load_config
    from pipeline.runner.batch import OutputError, run_batch
    from pipeline.runner.discover import DiscoveryError, discover
    from pipeline.runner.engines import EngineError
    from pipeline.runner.progress import make_reporter, summary

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        config = load_config(args.config)
        items = discover(args.paths, globs=args.globs)
    except (ConfigError, DiscoveryError) as exc:
        raise UsageError(str(exc)) from exc
    if not items:
        raise UsageError("no input files found (looked for " + (", ".join(args.globs or []) or "*.txt and *.md") + ")")

    def terminate(signum, frame):  # `kill` stops like Ctrl-C: workers end, the manifest is saved
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        result = run_batch(items, args.out, config, args.formats, workers=args.workers, force=args.force,
                           prune=args.prune, engine=args.engine, scheduler=args.scheduler,
                           reporter=make_reporter(args.quiet))
    except OutputError as exc:
        raise UsageError(str(exc.strerror)) from exc
    except EngineError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(summary(result), file=sys.stderr)
    if result.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if result.failed or result.fatal else EXIT_OK


def _add_export(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export an output folder's records as a dataset (JSONL or Parquet)",
        description="Write every record of OUT_DIR (a folder made by `run`) into one dataset file: "
                    "JSON Lines (.jsonl, one record per line) or Parquet (.parquet, needs pyarrow). "
                    "--index rewrites OUT_DIR/_index.json (every record with its key facts).",
        epilog="Exit status: 0 exported, 1 some records could not be read, 2 usage error.",
    )
    parser.add_argument("folder", type=Path, metavar="OUT_DIR", help="output folder of `python -m pipeline run`")
    parser.add_argument("--to", type=Path, metavar="FILE", help="dataset file: .jsonl or .parquet")
    parser.add_argument("--fields", metavar="A,B,...",
                        help="only these fields, in this order (dotted paths reach inside: metadata.title)")
    parser.add_argument("--tokens", choices=("compact", "expanded"), default="compact",
                        help="tokens as the record stores them (columns gap, length, pos, original_shift; "
                             "default) or expanded, one {text, pos, start, end, start_original, end_original} each")
    parser.add_argument("--index", action="store_true", help="rewrite OUT_DIR/_index.json from the manifest")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from pipeline.runner.export import ExportError, export, write_index

    if not args.to and not args.index:
        raise UsageError("nothing to do: give --to FILE and/or --index")
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    try:
        if args.index:
            count = write_index(args.folder)
            print(f"{args.folder / '_index.json'}: {count} records", file=sys.stderr)
        if args.to:
            report = export(args.folder, args.to, fields, tokens=args.tokens)
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    if args.to:
        for problem in report["problems"]:
            print(f"FAILED  {problem}", file=sys.stderr)
        if report["views"]:
            print(f"note: {len(report['views'])} record(s) exported from the YAML view (no tokens, text_original "
                  f"or entity mentions; run with --format json for complete records), first: {report['views'][0]}",
                  file=sys.stderr)
        if report["json_columns"]:
            print(f"note: columns stored as JSON strings (mixed types): {', '.join(report['json_columns'])}",
                  file=sys.stderr)
        print(f"{report['records']} records exported to {args.to}", file=sys.stderr)
        return EXIT_FAILED if report["problems"] else EXIT_OK
    return EXIT_OK


def _add_review(subparsers) -> None:
    parser = subparsers.add_parser(
        "review",
        help="build a static review site (HTML) of an output folder",
        description="Write OUT_DIR/_review/: index.html (every record, sortable and filterable, with the "
                    "failed inputs of _errors.jsonl) and one page per record showing its text with entities, "
                    "figures, removals and flags marked, in Simplified or the original script. Offline and "
                    "self-contained: open index.html in a browser.",
        epilog="Exit status: 0 built, 1 some records could not be read or a page is over 1 MB, 2 usage error.",
    )
    parser.add_argument("folder", type=Path, metavar="OUT_DIR", help="output folder of `python -m pipeline run`")
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"), metavar="DIR",
                        help="gold folder (<id>.yaml per document) to compare records with (default: tests/gold, "
                             "when it exists)")
    parser.add_argument("--eval", type=Path, metavar="FILE", dest="eval_report",
                        help="JSON report of `make eval`: the index shows each document's scores")
    parser.add_argument("--to", type=Path, metavar="DIR", help="site folder (default: OUT_DIR/_review)")
    parser.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    from pipeline.review.site import PAGE_LIMIT, ReviewError, build_site, main_summary  # not on run's path

    try:
        report = build_site(args.folder, gold_dir=args.gold, eval_report=args.eval_report, target=args.to)
    except ReviewError as exc:
        raise UsageError(str(exc)) from exc
    for problem in report.problems:
        print(f"FAILED  {problem}", file=sys.stderr)
    for doc_id in report.oversized:
        print(f"warning: {doc_id}: page is {report.pages[doc_id] / 1e6:.2f} MB (over {PAGE_LIMIT / 1e6:.0f} MB)",
              file=sys.stderr)
    print(main_summary(report), file=sys.stderr)
    return EXIT_FAILED if report.problems or report.oversized else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Chinese report pipeline: convert, de-noise, segment and extract entities and figures "
                    "from Traditional/Simplified Chinese and English reports into JSON/YAML records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run(subparsers)
    _add_export(subparsers)
    _add_review(subparsers)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
