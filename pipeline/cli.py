"""Command line: ``python -m pipeline COMMAND ...`` (``--help`` on every command).

Exit codes: 0 every input succeeded, 1 some inputs failed, 2 usage or configuration error.
Progress and errors go to stderr; stdout stays free for data.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pipeline import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Modules that add their own commands: each exposes register(subparsers).
COMMAND_MODULES = ("pipeline.noise.cli",)


class UsageError(Exception):
    """Bad arguments or configuration: exit code 2."""


def _formats(value: str) -> list[str]:
    from pipeline.stages.emit import FORMATS

    formats = [part.strip() for part in value.split(",") if part.strip()]
    bad = [fmt for fmt in formats if fmt not in FORMATS]
    if bad or not formats:
        raise argparse.ArgumentTypeError(f"formats must be among {', '.join(FORMATS)}; got {value!r}")
    return formats


def _add_run(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="process reports into records (JSON/YAML)",
        description="Process reports into one record each: OUT/<relative path without suffix>.json and .yaml. "
                    "PATH is a file, a folder (searched recursively for *.txt and *.md) or - for stdin.",
        epilog="Exit status: 0 all inputs succeeded, 1 some failed (listed in OUT/_errors.jsonl), 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="input file, folder or - for stdin")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    parser.add_argument("--format", default="json,yaml", type=_formats, dest="formats",
                        help="comma-separated output formats: json,yaml (default: both)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="YAML config overriding the defaults (pipeline/resources/config/default.yaml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors and the summary")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pipeline.config import ConfigError, load_config
    from pipeline.runner.batch import run_batch
    from pipeline.runner.discover import DiscoveryError, discover

    try:
        config = load_config(args.config)
        items = discover(args.paths)
    except (ConfigError, DiscoveryError) as exc:
        raise UsageError(str(exc)) from exc
    if not items:
        raise UsageError("no input files found (looked for *.txt and *.md)")

    def log(line: str) -> None:
        if not args.quiet or line.startswith("FAILED"):
            print(line, file=sys.stderr)

    result = run_batch(items, args.out, config, args.formats, log=log)
    speed = result.chars / result.seconds if result.seconds else 0.0
    print(f"{len(result.processed)} processed, {len(result.failed)} failed in {result.seconds:.2f} s "
          f"({speed:,.0f} chars/s)", file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Chinese report pipeline: convert, de-noise, segment and extract entities and figures "
                    "from Traditional/Simplified Chinese and English reports into JSON/YAML records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run(subparsers)
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
        return 130
