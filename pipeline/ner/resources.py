"""Gazetteers and rule lists for the entity stage, loaded once per process from data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def gazetteer_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "gazetteers"


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    label: str
    canonical: str
    name_en: str | None = None


def _lines(path: Path) -> list[str]:
    """Non-comment, non-empty lines of a text resource."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\n"))
    return out


# Lists of single characters, written many to a line (whitespace-separated)
SPACED_LISTS = frozenset({"surnames.txt", "region_abbreviations.txt"})


@lru_cache(maxsize=None)  # ~30 lists are in use; a bounded cache re-read files on every call
def word_list(name: str, directory: str | None = None) -> frozenset[str]:
    """A one-item-per-line list (whitespace-separated items on a line for SPACED_LISTS)."""
    path = Path(directory or gazetteer_dir()) / name
    items: set[str] = set()
    for line in _lines(path):
        if "\t" in line or name not in SPACED_LISTS:
            items.add(line.split("\t")[0].strip())
        else:
            items.update(line.split())
    return frozenset(items)


def glossary(directory: str | None = None) -> dict[str, dict]:
    """canonical name -> {"en": English name, "label": ..., "aliases": [...]}: the glossary stage's reader."""
    from pipeline.stages.glossary import load_glossary

    return load_glossary(str(Path(directory or gazetteer_dir()) / "glossary.yaml"))


@lru_cache(maxsize=4)
def gazetteer(directory: str | None = None) -> tuple[GazetteerEntry, ...]:
    """All gazetteer names: institutions.tsv, places.tsv, the other ``*.tsv`` lists (regional government
    bodies, parties, companies, international organisations, places; sorted by file name; the person lists
    people*.tsv last), then glossary aliases; later rows never override."""
    base = Path(directory or gazetteer_dir())
    entries: dict[str, GazetteerEntry] = {}
    # Person lists last: a name that is also a place or a body is that (元朗, 许昌, 戴尔 in THUOCL's persons).
    extra = sorted((p.name for p in base.glob("*.tsv") if p.name not in ("institutions.tsv", "places.tsv")),
                   key=lambda name: (name.startswith("people"), name))
    for file_name in ("institutions.tsv", "places.tsv", *extra):
        for line in _lines(base / file_name):
            parts = line.split("\t") + ["", "", ""]
            name, label, canonical, name_en = (p.strip() for p in parts[:4])
            if name and name not in entries:
                entries[name] = GazetteerEntry(name, label, canonical or name, name_en or None)
    gloss = glossary(directory)
    for canonical, info in gloss.items():
        label = info.get("label") or (entries[canonical].label if canonical in entries else None)
        if label is None:
            continue
        en = info.get("en")
        for name in [canonical, *info.get("aliases", [])]:
            old = entries.get(name)
            if old is None:
                entries[name] = GazetteerEntry(name, label, canonical, en)
            elif en and not old.name_en:
                entries[name] = GazetteerEntry(old.name, old.label, old.canonical, en)
    return tuple(entries.values())


@lru_cache(maxsize=4)
def english_names(directory: str | None = None) -> dict[str, str]:
    """canonical -> English name, from the gazetteers and the glossary (glossary wins)."""
    out = {e.canonical: e.name_en for e in gazetteer(directory) if e.name_en and e.name == e.canonical}
    for canonical, info in glossary(directory).items():
        if info.get("en"):
            out[canonical] = info["en"]
    return out


@lru_cache(maxsize=4)
def english_gazetteer(directory: str | None = None) -> dict[str, tuple[str, str]]:
    """English name -> (label, canonical Chinese name), so English mentions join their Chinese entity."""
    out: dict[str, tuple[str, str]] = {}
    for e in gazetteer(directory):
        if e.name_en and e.name_en not in out and e.label in ("GPE", "LOC", "ORG", "FAC"):
            out[e.name_en] = (e.label, e.canonical)
        if e.name.isascii() and e.name not in out:
            out[e.name] = (e.label, e.canonical)
    return out


@lru_cache(maxsize=4)
def english_heads(directory: str | None = None) -> dict[str, str]:
    """English head word -> label (University -> ORG, Facility -> FAC …)."""
    out: dict[str, str] = {}
    for line in _lines(Path(directory or gazetteer_dir()) / "english_heads.txt"):
        head, _, label = line.partition("\t")
        out[head.strip()] = label.strip() or "ORG"
    return out
