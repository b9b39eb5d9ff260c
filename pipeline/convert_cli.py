"""``python -m pipeline convert [FILE…]``: Traditional → Simplified text on stdout, like ``opencc``.

The same conversion as the pipeline's convert stage (variant detection, OpenCC's regional config,
variant characters, the particle 著, quotes, overrides), for people who only want the text.
Files are decoded as the pipeline decodes them (UTF-8, UTF-16, GB18030, Big5 …); with no FILE
(or ``-``) standard input is read. A file that cannot be read or decoded is reported on stderr
with its name and the others are still converted (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert Traditional Chinese text to Simplified (stdout)",
        description="Convert Traditional Chinese to Simplified with the pipeline's rules and write the text to "
                    "stdout (one input after another). The regional variant (Taiwan, Hong Kong, generic) is "
                    "detected per input and reported on stderr with --verbose.",
        epilog="Exit status: 0 every input converted, 1 some input unreadable (named on stderr), 2 usage or "
               "configuration error.",
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="input files (default: stdin; '-' = stdin)")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="pipeline config (its convert section: quotes, tables)")
    parser.add_argument("--quotes", choices=["mainland", "keep"], default=None,
                        help="「」 -> “” (mainland, default) or keep them")
    parser.add_argument("--opencc", default=None, metavar="CONFIG",
                        help="force an OpenCC config (t2s, tw2s, hk2s …) instead of the detected variant's")
    parser.add_argument("--verbose", action="store_true", help="report each input's detected variant on stderr")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.config import ConfigError, load_config
    from pipeline.stages.convert import ConvertError, convert_text, rules_for
    from pipeline.stages.ingest import IngestError, decode_bytes, normalise

    overrides = {}
    if args.quotes:
        overrides["convert.quotes"] = args.quotes
    if args.opencc:
        overrides["convert.opencc_config"] = args.opencc
    try:
        config = load_config(args.config, overrides)
        rules = rules_for(config)
        opencc_config = config.get("convert.opencc_config")
    except (ConfigError, ConvertError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for path in args.files or [Path("-")]:
        name = "<stdin>" if str(path) == "-" else str(path)
        try:
            data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
            text = normalise(decode_bytes(data, name, config.get("ingest.on_undecodable")).text)
            converted, _, variant = convert_text(text, opencc_config, rules)
        except OSError as exc:
            print(f"FAILED  {name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        except IngestError as exc:
            print(f"FAILED  {exc}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        except ConvertError as exc:  # an OpenCC config that does not exist
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if args.verbose:
            print(f"{name}: variant {variant}", file=sys.stderr)
        sys.stdout.write(converted)
        if converted and not converted.endswith("\n"):
            sys.stdout.write("\n")
    sys.stdout.flush()
    return status
