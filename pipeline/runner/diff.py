"""Compare two output folders and say what changed in the data, not just that bytes differ.

``python -m pipeline.runner.diff EXPECTED ACTUAL`` — used by ``make check``: for every
record that differs it lists the entities, figures and noise removals that appeared (+)
or disappeared (-), and for tokens their counts and the first token that differs (the compact
columns are compared expanded, so a record in another schema with the same tokens shows no token
change). The batch index and the manifest are compared too (they are reproducible:
hashes and facts, no times). Exit 0 when identical, 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.record import tokens

RECORD_SUFFIXES = (".json", ".yaml")
BOOKKEEPING = ("_index.json", "_manifest.json")  # committed beside the records; reproducible too


def _files(folder: Path) -> dict[str, Path]:
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ((p.suffix in RECORD_SUFFIXES and not p.name.startswith(("_", ".")))
                            or p.relative_to(folder).as_posix() in BOOKKEEPING)
    }


def _facts(record: dict) -> dict[str, set[str]]:
    """The facts a reviewer cares about, as comparable strings."""
    return {
        "entities": {f"{e['label']} {e['text']} @{e['start']}" for e in record.get("entities", [])},
        "figures": {f"{f['kind']} {f['text']} = {f.get('value')} {f.get('unit') or ''} @{f['start']}".rstrip()
                    for f in record.get("figures", [])},
        "noise": {f"{n['token']} ({n['reason']}) @{n['start_original']}" for n in record.get("noise", [])},
    }


_SINGULAR = {"entities": "entity", "figures": "figure", "noise": "noise"}


def _token_change(old: dict, new: dict) -> str | None:
    """Tokens (compact columns or a 1.0 list, compared expanded): counts and the first token that differs."""
    if old.get("tokens") == new.get("tokens") or "tokens" not in old or "tokens" not in new:
        return None
    try:
        before, after = tokens(old), tokens(new)
    except (KeyError, TypeError, ValueError):
        return "    tokens: changed (cannot expand)"
    if before == after:
        return None  # same tokens in another form (a schema change)
    first = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))

    def show(items: list[dict]) -> str:
        if first >= len(items):
            return "(none)"
        t = items[first]
        return f"{t['text']}/{t['pos']} @{t['start']}"

    return (f"    tokens: {len(before)} -> {len(after)}, first difference at token {first}: "
            f"{show(before)} -> {show(after)}")


def describe(old: dict, new: dict) -> list[str]:
    lines = []
    before, after = _facts(old), _facts(new)
    for kind in before:
        for fact in sorted(before[kind] - after[kind]):
            lines.append(f"    - {_SINGULAR[kind]}: {fact}")
        for fact in sorted(after[kind] - before[kind]):
            lines.append(f"    + {_SINGULAR[kind]}: {fact}")
    token_line = _token_change(old, new)
    if token_line:
        lines.append(token_line)
    if not lines:
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        lines.append(f"    fields changed: {', '.join(changed) or 'formatting only'}")
    return lines


def compare(expected: Path, actual: Path, out=sys.stdout) -> int:
    old_files, new_files = _files(expected), _files(actual)
    differences = 0
    for name in sorted(set(old_files) | set(new_files)):
        if name not in new_files:
            print(f"- {name}: no longer produced", file=out)
            differences += 1
        elif name not in old_files:
            print(f"+ {name}: new record, not committed", file=out)
            differences += 1
        elif old_files[name].read_bytes() != new_files[name].read_bytes():
            differences += 1
            print(f"~ {name}: differs", file=out)
            if name.endswith(".json") and name not in BOOKKEEPING:
                try:
                    old = json.loads(old_files[name].read_text(encoding="utf-8"))
                    new = json.loads(new_files[name].read_text(encoding="utf-8"))
                except (ValueError, UnicodeDecodeError) as exc:
                    print(f"    (cannot compare contents: {exc})", file=out)
                else:
                    for line in describe(old, new):
                        print(line, file=out)
    if differences:
        print(f"{differences} file(s) differ: run `make regenerate` and commit outputs/", file=out)
        return 1
    print(f"outputs are up to date ({len(old_files)} files)", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.runner.diff", description=__doc__.split("\n\n")[0])
    parser.add_argument("expected", type=Path, help="committed outputs folder")
    parser.add_argument("actual", type=Path, help="freshly generated folder")
    args = parser.parse_args(argv)
    return compare(args.expected, args.actual)


if __name__ == "__main__":
    sys.exit(main())
