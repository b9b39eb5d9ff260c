"""``python -m pipeline noise ...``: noise tools (``discover`` proposes lexicon entries)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    noise = subparsers.add_parser("noise", help="noise tools: discover new spam tokens in a batch",
                                  description="Tools around the noise (spam token) cleaner.")
    sub = noise.add_subparsers(dest="noise_command", metavar="SUBCOMMAND")
    parser = sub.add_parser(
        "discover",
        help="propose new lexicon entries from a batch of reports",
        description="Run the unknown-token detector over every document (flag mode, low threshold), group the "
                    "flagged spans by string and keep strings flagged in at least --min-docs documents. Writes a "
                    "TSV to review: token, suggested policy, note, then the evidence (documents, flagged and "
                    "total occurrences, mean score, fusion count, examples). Copy the rows that are spam "
                    "(first three columns) into the lexicon file named by clean.lexicon.",
        epilog="PATH: .txt/.md files, folders of them (recursive), or .jsonl files with a \"text\" field per line. "
               "Traditional input is converted to Simplified first, as in the pipeline. An input that cannot be "
               "read (undecodable, a JSON Lines file of another shape) is named on stderr with the reason and "
               "skipped; the rest of the batch goes on. Exit status: 0 written, 1 written but some input could "
               "not be read (or none could), 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="input file or folder")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="proposals TSV to write")
    from pipeline.noise import discover as d

    parser.add_argument("--min-docs", type=int, default=d.MIN_DOCS, metavar="N",
                        help="keep strings flagged in at least N documents (default %(default)s)")
    parser.add_argument("--min-share", type=float, default=d.MIN_SHARE, metavar="X",
                        help="keep strings with at least this share of their occurrences flagged (default %(default)s)")
    parser.add_argument("--min-diversity", type=float, default=d.MIN_DIVERSITY, metavar="X",
                        help="keep strings whose neighbours differ on at least this share of occurrences "
                             "(default %(default)s; recurring genuine names score lower)")
    parser.add_argument("--threshold", type=float, default=d.DETECTOR_SETTINGS["candidate_threshold"],
                        help="detector log-odds above which a span counts as flagged (default %(default)s)")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="pipeline config (its clean section: lexicon, models)")
    parser.set_defaults(handler=run_discover)
    noise.set_defaults(handler=lambda args: (noise.print_help(sys.stderr), 2)[1])


def _simplifier(config):
    try:
        from pipeline.stages.convert import to_simplified

        overrides = config.resource_path("convert.overrides", "convert", "overrides.tsv")
        name = config.get("convert.opencc_config")
        return lambda text: to_simplified(text, name, overrides)[0]
    except (ImportError, KeyError):
        import opencc

        return opencc.OpenCC("t2s").convert


def run_discover(args: argparse.Namespace) -> int:
    from pipeline.config import ConfigError, load_config
    from pipeline.noise.discover import DETECTOR_SETTINGS, discover, iter_texts, write_tsv
    from pipeline.stages.clean import settings_for

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"error: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    overrides = dict(DETECTOR_SETTINGS, candidate_threshold=args.threshold)
    settings = settings_for(config, overrides)
    failures: list[str] = []

    def report(message: str) -> None:
        failures.append(message)
        print(f"error: {message}", file=sys.stderr)

    read = 0

    def counted():
        nonlocal read
        for item in iter_texts(args.paths, _simplifier(config), report):
            read += 1
            yield item

    proposals = discover(settings, counted(), args.min_docs, args.min_share, args.min_diversity)
    try:
        write_tsv(proposals, args.out)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{len(proposals)} proposals from {read} document(s) written to {args.out}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} input problem(s): those inputs were skipped", file=sys.stderr)
        return 1
    if read == 0:
        print("error: no document could be read", file=sys.stderr)
        return 1
    return 0
