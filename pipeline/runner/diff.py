"""Compare two output folders and say what changed in the data, not just that bytes differ.

``python -m pipeline.runner.diff EXPECTED ACTUAL`` — used by ``make check``: for every
record that differs it lists the entities, figures and noise removals that appeared (+)
or disappeared (-), and for tokens their counts and the first token that differs (the compact
columns are compared expanded, so a record in another schema with the same tokens shows no token
change). The batch index and the manifest are compared too (they are reproducible:
hashes and facts, no times). Exit 0 when identical, 1 when anything differs.

``--markdown`` writes the change report a reviewer reads on a pull request instead: per
document the entities, figures, metadata and removals added / removed / changed (same span,
other label, value or reason), and with ``--eval-before A.json --eval-after B.json`` the eval
scores before and after. ``--output FILE`` writes it to a file (stdout otherwise).
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


# ---------------------------------------------------------------------------- markdown report
METADATA_FIELDS = ("title", "date", "outlet", "channel", "authors", "editor", "publication")
SOURCE_FIELDS = ("language", "script")


def _span(item: dict) -> tuple:
    if item.get("start_original") is not None:
        return (item["start_original"], item.get("end_original"))
    return (item.get("start"), item.get("end"))


def _entity(e: dict) -> str:
    return f"{e.get('label')} {e.get('text')}"


def _figure(f: dict) -> str:
    if f.get("low") is not None or f.get("high") is not None:
        value = f"{f.get('low')}–{f.get('high')}"
    else:
        value = f.get("date") if f.get("kind") == "date" and f.get("date") else f.get("value")
    extra = ", ".join(f"{k} {f[k]}" for k in ("subject", "time") if f.get(k))
    return f"{f.get('kind')} {f.get('text')} = {value} {f.get('unit') or ''}".rstrip() + (f" ({extra})" if extra else "")


def _removal(n: dict) -> str:
    return f"{n.get('token_original') or n.get('token')} ({n.get('reason')})"


def _people(value) -> str | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    names = [item.get("name") if isinstance(item, dict) else str(item) for item in items]
    return ", ".join(n for n in names if n) or None


def _items_changes(old: list[dict], new: list[dict], show) -> dict[str, list]:
    """Added / removed / changed (same span, other description), items in span order."""
    before: dict[tuple, list[str]] = {}
    after: dict[tuple, list[str]] = {}
    for item in old:
        before.setdefault(_span(item), []).append(show(item))
    for item in new:
        after.setdefault(_span(item), []).append(show(item))
    added, removed, changed = [], [], []
    for span in sorted(set(before) | set(after), key=lambda s: tuple(-1 if v is None else v for v in s)):
        was, now = before.get(span, []), after.get(span, [])
        gone = [d for d in was if d not in now]
        came = [d for d in now if d not in was]
        while gone and came:
            changed.append((span[0], gone.pop(0), came.pop(0)))
        removed += [(span[0], d) for d in gone]
        added += [(span[0], d) for d in came]
    return {"added": added, "removed": removed, "changed": changed}


def _metadata_changes(old: dict, new: dict) -> dict[str, list]:
    added, removed, changed = [], [], []

    def value(record: dict, name: str):
        if name in SOURCE_FIELDS:
            return (record.get("source") or {}).get(name)
        found = (record.get("metadata") or {}).get(name)
        return _people(found) if name in ("authors", "editor") else found

    for name in METADATA_FIELDS + SOURCE_FIELDS:
        was, now = value(old, name), value(new, name)
        if was == now:
            continue
        if was in (None, "", []):
            added.append((name, f"{name}: {now}"))
        elif now in (None, "", []):
            removed.append((name, f"{name}: {was}"))
        else:
            changed.append((name, f"{name}: {was}", f"{name}: {now}"))
    return {"added": added, "removed": removed, "changed": changed}


def record_changes(old: dict, new: dict) -> dict[str, dict[str, list]]:
    """What a reviewer reads: entities, figures, metadata and removals added / removed / changed."""
    return {
        "entities": _items_changes(old.get("entities") or [], new.get("entities") or [], _entity),
        "figures": _items_changes(old.get("figures") or [], new.get("figures") or [], _figure),
        "metadata": _metadata_changes(old, new),
        "removals": _items_changes(old.get("noise") or [], new.get("noise") or [], _removal),
    }


def md(text) -> str:
    """Markdown- and HTML-safe inline text (report text is untrusted: it must not become markup)."""
    out = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*[]|~":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


def _counts(change: dict[str, list]) -> str:
    parts = [f"+{len(change['added'])}" if change["added"] else "", f"−{len(change['removed'])}" if change["removed"] else "",
             f"~{len(change['changed'])}" if change["changed"] else ""]
    return " ".join(p for p in parts if p) or "·"


def _load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _eval_section(before_path: Path | None, after_path: Path | None) -> list[str]:
    from pipeline.review import evalreport  # small, pure module

    if before_path is None and after_path is None:
        return []
    reports = [_load(p) if p else None for p in (before_path, after_path)]
    lines = ["", "### Eval scores", ""]
    for path, report in zip((before_path, after_path), reports):
        if path is not None and report is None:
            lines.append(f"_{md(path)}: no readable eval report._")
    before, after = (evalreport.overall(r) if r else {} for r in reports)
    names = sorted(set(before) | set(after))
    if names:
        lines += ["| score | before | after | Δ |", "|---|---:|---:|---:|"]
        for name in names:
            b, a = before.get(name), after.get(name)
            delta = f"{a - b:+.4f}" if a is not None and b is not None else ""
            marker = " ⚠️" if a is not None and b is not None and a < b else ""
            lines.append(f"| {md(name)} | {'' if b is None else f'{b:.4f}'} | {'' if a is None else f'{a:.4f}'} "
                         f"| {delta}{marker} |")
    docs_before, docs_after = (evalreport.per_document(r) if r else {} for r in reports)
    moved = []
    for doc in sorted(set(docs_before) | set(docs_after)):
        for area in sorted(set(docs_before.get(doc, {})) | set(docs_after.get(doc, {}))):
            b, a = docs_before.get(doc, {}).get(area), docs_after.get(doc, {}).get(area)
            if b != a:
                moved.append(f"| {md(doc)} | {md(area)} | {'' if b is None else f'{b:.4f}'} "
                             f"| {'' if a is None else f'{a:.4f}'} |")
    if moved:
        lines += ["", "Documents whose scores moved:", "", "| document | area | before | after |",
                  "|---|---|---:|---:|", *moved]
    elif names:
        lines += ["", "No document's scores moved."]
    return lines


def markdown_report(expected: Path, actual: Path, eval_before: Path | None = None,
                    eval_after: Path | None = None) -> tuple[str, int]:
    """The change report as Markdown, and the number of files that differ."""
    old_files, new_files = _files(expected), _files(actual)
    names = sorted(set(old_files) | set(new_files))
    records = [n for n in names if n.endswith(".json") and n not in BOOKKEEPING]
    differing = [n for n in names if n not in old_files or n not in new_files
                 or old_files[n].read_bytes() != new_files[n].read_bytes()]
    lines = ["## Change report: outputs/", ""]
    if not differing:
        lines.append(f"No record changes ({len(old_files)} files are up to date).")
    else:
        changed_records = [n for n in records if n in differing]
        lines.append(f"**{len(changed_records)} record(s) changed** of {len(set(records))}; "
                     f"{len(differing)} file(s) differ in all.")
        summary, details = [], []
        for name in changed_records:
            doc = name[:-len(".json")]
            if name not in new_files:
                summary.append(f"| {md(doc)} | record no longer produced | | | |")
                continue
            new = _load(new_files[name]) or {}
            old = _load(old_files[name]) if name in old_files else {}
            if old is None:
                summary.append(f"| {md(doc)} | committed record unreadable | | | |")
                continue
            change = record_changes(old, new)
            label = " (new)" if name not in old_files else ""
            summary.append(f"| {md(doc)}{label} | " + " | ".join(_counts(change[k]) for k in change) + " |")
            body = []
            for kind, parts in change.items():
                for start, before, after in parts["changed"]:
                    body.append(f"- ~ {kind} @{start}: {md(before)} → {md(after)}")
                for start, text in parts["added"]:
                    body.append(f"- \\+ {kind} @{start}: {md(text)}")
                for start, text in parts["removed"]:
                    body.append(f"- − {kind} @{start}: {md(text)}")
            if not body:
                fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
                body.append(f"- fields changed: {md(', '.join(fields) or 'formatting only')}")
            details += ["", f"<details><summary><b>{md(doc)}</b>{label}: {len(body)} change(s)</summary>", "",
                        *body, "", "</details>"]
        if summary:
            lines += ["", "| document | entities | figures | metadata | removals |", "|---|---|---|---|---|", *summary]
        lines += details
        others = [n for n in differing if n not in records
                  and not (n.endswith(".yaml") and n[:-len(".yaml")] + ".json" in records)]
        if others:
            lines += ["", "Other files that differ: " + ", ".join(f"`{n}`" for n in others)]
        lines += ["", "Run `make regenerate` and commit `outputs/` to accept these changes."]
    lines += _eval_section(eval_before, eval_after)
    return "\n".join(lines) + "\n", len(differing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.runner.diff", description=__doc__.split("\n\n")[0])
    parser.add_argument("expected", type=Path, help="committed outputs folder")
    parser.add_argument("actual", type=Path, help="freshly generated folder")
    parser.add_argument("--markdown", action="store_true", help="write the change report as Markdown (for a PR)")
    parser.add_argument("--eval-before", type=Path, metavar="A.json", help="eval JSON report of the base")
    parser.add_argument("--eval-after", type=Path, metavar="B.json", help="eval JSON report of the change")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    args = parser.parse_args(argv)
    if not args.markdown:
        if args.eval_before or args.eval_after or args.output:
            parser.error("--eval-before, --eval-after and --output go with --markdown")
        return compare(args.expected, args.actual)
    report, differing = markdown_report(args.expected, args.actual, args.eval_before, args.eval_after)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
    else:
        sys.stdout.write(report)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
