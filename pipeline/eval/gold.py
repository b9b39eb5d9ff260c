"""Gold files of the real-report corpus: load, validate, locate every item in the text.

The format and its meaning are fixed by ``tests/gold/GUIDELINES.md``. Every error names the
file and, where it can, the line, so a malformed gold file is fixed in one look.

    python -m pipeline.eval.gold tests/gold/X.yaml [--text corpus/X.txt] [--show]

checks one or more gold files against their documents and, with ``--show``, prints every
located item with its context (how an annotator verifies that each item landed where meant).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")
FIGURE_KINDS = ("percent", "money", "quantity", "date", "duration", "cardinal", "ordinal", "range")
LANGUAGES = ("zh", "en", "mixed")
SCRIPTS = ("traditional", "simplified", None)
REGIONS = ("TW", "HK", "MO", "CN", "INTL")
TOP_KEYS = {"id", "language", "script", "region", "window", "metadata", "headings", "entities",
            "figures", "noise", "conversion", "must_not", "notes"}
METADATA_KEYS = {"title", "authors", "editor", "publication", "date"}
FIGURE_KEYS = {"text", "kind", "value", "unit", "low", "high", "date", "at", "note"}
DEFAULT_WINDOW = 3000


class GoldError(ValueError):
    """A malformed gold file: the message names the file and the line."""


@dataclass
class Item:
    """One located gold item: ``text`` found at ``start`` in ``text_original``."""
    text: str
    start: int
    end: int
    line: int
    label: str | None = None                      # entities
    attrs: dict[str, Any] = field(default_factory=dict)  # figures: kind, value, unit, low, high, date


@dataclass
class Gold:
    path: Path
    id: str
    language: str
    script: str | None
    region: str
    window: int
    metadata: dict[str, Any]
    headings: list[tuple[str, int]]
    entities: list[Item]
    figures: list[Item]
    noise: list[Item]
    conversion: list[dict[str, str]]
    must_not: dict[str, list[str]]


def read_text(path: Path) -> str:
    """The document as the pipeline's ``text_original`` of a UTF-8 text file: BOM dropped, LF, NFC."""
    raw = path.read_bytes().decode("utf-8-sig")
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and sequence (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    seq = _Seq(yaml.SafeLoader.construct_sequence(loader, node, deep=True))
    seq.line = node.start_mark.line + 1
    return seq


class _Seq(list):
    line = 0


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings (YAML would make 2025-04-24 a datetime.date).
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line(node: Any, default: int = 0) -> int:
    if isinstance(node, dict):
        return node.get("__line__", default)
    return getattr(node, "line", default)


def _number(value: Any, where: str) -> float | int | None:
    """YAML reads 4.1e11 (no dot before e, no sign after it) as a string: accept it as a number."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise GoldError(f"{where}: a number was expected, not {value!r}")
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        number = float(str(value).replace("_", ""))
    except ValueError:
        raise GoldError(f"{where}: a number was expected, not {value!r}") from None
    return int(number) if number.is_integer() and "." not in str(value) and "e" not in str(value).lower() else number


def _strip(node: Any) -> Any:
    """The plain data without the ``__line__`` bookkeeping."""
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k != "__line__"}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def load(path: Path, text: str) -> Gold:
    """Load and validate ``path`` against the document ``text`` (its ``text_original``)."""
    name = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise GoldError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{name}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{name}:1: a gold file is a mapping (id, language, metadata, entities, …)")

    def fail(node: Any, message: str) -> GoldError:
        return GoldError(f"{name}:{_line(node, _line(data, 1))}: {message}")

    unknown = set(data) - TOP_KEYS - {"__line__"}
    if unknown:
        raise fail(data, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(TOP_KEYS)}")
    for key, allowed in (("language", LANGUAGES), ("script", SCRIPTS), ("region", REGIONS)):
        if data.get(key) not in allowed:
            raise fail(data, f"{key} must be one of {list(allowed)}, not {data.get(key)!r}")
    if not isinstance(data.get("id"), str) or data["id"] != path.stem:
        raise fail(data, f"id must be the file's stem {path.stem!r}, not {data.get('id')!r}")
    window = data.get("window", DEFAULT_WINDOW)
    if not isinstance(window, int) or window <= 0:
        raise fail(data, f"window must be a positive whole number, not {window!r}")
    window = min(window, len(text))

    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise fail(data, "metadata must be a mapping")
    bad = set(metadata) - METADATA_KEYS - {"__line__"}
    if bad:
        raise fail(metadata, f"unknown metadata key(s) {sorted(bad)}; allowed: {sorted(METADATA_KEYS)}")
    authors = []
    for author in metadata.get("authors") or []:
        if isinstance(author, str):
            author = {"name": author, "affiliations": []}
        if not isinstance(author, dict) or not isinstance(author.get("name"), str):
            raise fail(author if isinstance(author, dict) else metadata, "an author is {name: …, affiliations: [...]}")
        affiliations = author.get("affiliations") or []
        if not all(isinstance(a, str) for a in affiliations):
            raise fail(author, "affiliations must be a list of strings")
        authors.append({"name": author["name"], "affiliations": list(affiliations)})
    editor = metadata.get("editor") or []
    if isinstance(editor, str):
        editor = [editor]
    date = metadata.get("date")
    if date is not None and not isinstance(date, str):
        raise fail(metadata, f"metadata.date must be a quoted ISO string, not {date!r}")
    meta = {"title": metadata.get("title"), "authors": authors, "editor": list(editor),
            "publication": metadata.get("publication"), "date": date}

    headings = []
    for entry in data.get("headings") or []:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], int) and entry[1] >= 1):
            raise fail(entry if isinstance(entry, list) else data.get("headings"),
                       f"a heading is [text, level ≥ 1], not {_strip(entry)!r}")
        if entry[0] not in text:
            raise fail(entry, f"heading {entry[0]!r} does not occur in the text")
        headings.append((entry[0], entry[1]))

    def locate(entries: Any, what: str, parse) -> list[Item]:
        items: list[Item] = []
        cursor = 0
        for entry in entries or []:
            surface, extra = parse(entry)
            line = _line(entry, _line(entries))
            at = extra.pop("at", None)
            if at is not None:
                if not isinstance(at, int) or text[at:at + len(surface)] != surface:
                    raise GoldError(f"{name}:{line}: {what} {surface!r}: 'at: {at}' does not point at it "
                                    f"(text there: {text[at:at + len(surface)]!r})" if isinstance(at, int)
                                    else f"{name}:{line}: 'at' must be a whole number")
                start = at
            else:
                start = text.find(surface, cursor)
                if start < 0:
                    before = text.find(surface)
                    hint = (f"; it occurs earlier at {before}: the list must be in document order "
                            "(or give 'at')" if before >= 0 else "; it does not occur in the text at all")
                    raise GoldError(f"{name}:{line}: {what} {surface!r} not found after offset {cursor}{hint}")
            items.append(Item(text=surface, start=start, end=start + len(surface), line=line, **extra))
            cursor = start + len(surface)
        return items

    def parse_entity(entry: Any) -> tuple[str, dict]:
        if isinstance(entry, list) and len(entry) == 2:
            surface, label, at = entry[0], entry[1], None
        elif isinstance(entry, dict):
            surface, label, at = entry.get("text"), entry.get("label"), entry.get("at")
            extra_keys = set(entry) - {"text", "label", "at", "__line__"}
            if extra_keys:
                raise fail(entry, f"unknown entity key(s) {sorted(extra_keys)}")
        else:
            raise fail(entries_node, f"an entity is [text, LABEL] or {{text, label, at}}, not {_strip(entry)!r}")
        if not isinstance(surface, str) or not surface:
            raise fail(entry, f"entity text must be a non-empty string, not {surface!r}")
        if label not in ENTITY_LABELS:
            raise fail(entry, f"entity {surface!r}: label must be one of {list(ENTITY_LABELS)}, not {label!r}")
        return surface, {"label": label, "at": at}

    def parse_figure(entry: Any) -> tuple[str, dict]:
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise fail(entry if isinstance(entry, (dict, list)) else data.get("figures"),
                       f"a figure is {{text, kind, value, unit, …}}, not {_strip(entry)!r}")
        unknown_keys = set(entry) - FIGURE_KEYS - {"__line__"}
        if unknown_keys:
            raise fail(entry, f"figure {entry['text']!r}: unknown key(s) {sorted(unknown_keys)}")
        kind = entry.get("kind")
        if kind not in FIGURE_KINDS:
            raise fail(entry, f"figure {entry['text']!r}: kind must be one of {list(FIGURE_KINDS)}, not {kind!r}")
        where = f"{name}:{_line(entry)}: figure {entry['text']!r}"
        attrs = {"kind": kind, "unit": entry.get("unit"),
                 "value": _number(entry.get("value"), where + " value"),
                 "low": _number(entry.get("low"), where + " low"),
                 "high": _number(entry.get("high"), where + " high"),
                 "date": None if entry.get("date") is None else str(entry.get("date"))}
        if kind == "date" and attrs["date"] is None:
            raise fail(entry, f"figure {entry['text']!r}: a date needs 'date' (ISO value)")
        if kind == "range" and (attrs["low"] is None or attrs["high"] is None) and attrs["date"] is None:
            raise fail(entry, f"figure {entry['text']!r}: a range needs 'low' and 'high' (or 'date' for years)")
        if kind not in ("date", "range") and attrs["value"] is None:
            raise fail(entry, f"figure {entry['text']!r}: kind {kind} needs a 'value'")
        if kind == "money" and not (isinstance(attrs["unit"], str) and len(attrs["unit"]) == 3 and attrs["unit"].isupper()):
            raise fail(entry, f"figure {entry['text']!r}: money needs an ISO 4217 unit (CNY, HKD, TWD, USD …), not {attrs['unit']!r}")
        return entry["text"], {"attrs": attrs, "at": entry.get("at")}

    def parse_noise(entry: Any) -> tuple[str, dict]:
        if isinstance(entry, dict):
            return entry.get("text"), {"at": entry.get("at")}
        if not isinstance(entry, str) or not entry:
            raise fail(data.get("noise"), f"a noise item is a string (or {{text, at}}), not {entry!r}")
        return entry, {}

    entries_node = data.get("entities")
    entities = locate(data.get("entities"), "entity", parse_entity)
    outside = [e for e in entities if e.start >= window]
    if outside:
        raise GoldError(f"{name}:{outside[0].line}: entity {outside[0].text!r} starts at {outside[0].start}, "
                        f"outside the window ({window})")
    figures = locate(data.get("figures"), "figure", parse_figure)
    outside = [f for f in figures if f.start >= window]
    if outside:
        raise GoldError(f"{name}:{outside[0].line}: figure {outside[0].text!r} starts at {outside[0].start}, "
                        f"outside the window ({window})")
    noise = locate(data.get("noise"), "noise token", parse_noise)

    conversion = []
    for entry in data.get("conversion") or []:
        if not (isinstance(entry, dict) and isinstance(entry.get("original"), str)
                and isinstance(entry.get("simplified"), str)):
            raise fail(entry if isinstance(entry, dict) else data, "a conversion phrase is {original: …, simplified: …}")
        if entry["original"] not in text:
            raise fail(entry, f"conversion phrase {entry['original']!r} does not occur in the text")
        conversion.append({"original": entry["original"], "simplified": entry["simplified"]})

    must_not_node = data.get("must_not") or {}
    if not isinstance(must_not_node, dict) or set(must_not_node) - {"entities", "figures", "headings", "__line__"}:
        raise fail(must_not_node if isinstance(must_not_node, dict) else data,
                   "must_not has the lists entities, figures, headings")
    must_not = {key: [str(s) for s in must_not_node.get(key) or []] for key in ("entities", "figures", "headings")}
    for key, strings in must_not.items():
        for s in strings:
            if s not in text:
                raise fail(must_not_node, f"must_not.{key}: {s!r} does not occur in the text")

    return Gold(path=path, id=data["id"], language=data["language"], script=data["script"],
                region=data["region"], window=window, metadata=meta, headings=headings,
                entities=entities, figures=figures, noise=noise, conversion=conversion, must_not=must_not)


def _context(text: str, item: Item, width: int = 12) -> str:
    left = text[max(0, item.start - width):item.start].replace("\n", "⏎")
    right = text[item.end:item.end + width].replace("\n", "⏎")
    return f"{left}[{text[item.start:item.end]}]{right}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.eval.gold",
        description="Check gold files against their documents (tests/gold/GUIDELINES.md); "
                    "--show prints every located item with its context.")
    parser.add_argument("gold", nargs="+", type=Path, help="gold YAML file(s)")
    parser.add_argument("--text", type=Path, help="the document (default: corpus/<id>.txt beside --corpus)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus)")
    parser.add_argument("--show", action="store_true", help="print every located item in context")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.gold:
        doc = args.text if args.text and len(args.gold) == 1 else args.corpus / f"{path.stem}.txt"
        try:
            text = read_text(doc)
            gold = load(path, text)
        except (GoldError, OSError, UnicodeDecodeError) as exc:
            print(f"FAILED {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"ok {path}: window {gold.window}, {len(gold.entities)} entities, {len(gold.figures)} figures, "
              f"{len(gold.noise)} noise, {len(gold.headings)} headings, {len(gold.conversion)} conversion")
        if args.show:
            for group, items in (("entity", gold.entities), ("figure", gold.figures), ("noise", gold.noise)):
                for item in items:
                    tag = item.label or (item.attrs.get("kind") if item.attrs else "")
                    print(f"  {group:6} {item.start:6} {tag or '':9} {_context(text, item)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
