"""Bilingual names: Chinese entities get ``name_en``, English entities get ``name_zh``.

One index is built from three kinds of data files, all user-extensible:
- ``resources/gazetteers/glossary.yaml`` — canonical Chinese name → English name, label, aliases
  (the user's file: it wins over everything else);
- the ``name_en`` column of ``resources/gazetteers/places.tsv`` and ``institutions.tsv``;
- the English gazetteers ``resources/english/{places,organisations,norp}.tsv`` (name, label, name_zh, aliases).

The same index gives the English entity stage its gazetteer (English names with labels), so
an English name the glossary knows is found in English text and linked to its Chinese name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.config import RESOURCES_DIR, parse_yaml
from pipeline.document import Document
from pipeline.stages.language import has_han

ENGLISH_GAZETTEERS = ("organisations.tsv", "places.tsv", "norp.tsv")
# Chinese gazetteers whose English column is matched in English text too (armies.tsv is not: its English
# column describes, "US military", rather than names).
CHINESE_GAZETTEERS = ("institutions.tsv", "places.tsv", "companies.tsv", "orgs_intl.tsv", "universities.tsv",
                      "gov_cn.tsv", "gov_hk.tsv", "gov_mo.tsv", "gov_tw.tsv", "parties.tsv")
# A single-word English name of these lists is matched unless english/ambiguous_names.txt lists it
# (Treasury, TPP: a common noun or another body as often as this one).
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class EnglishName:
    """One English surface form the English stage looks for."""

    name: str
    label: str
    canonical: str  # the English canonical name (an acronym's expansion, an alias's main name)
    name_zh: str | None = None


@dataclass
class BilingualIndex:
    zh_to_en: dict[str, str] = field(default_factory=dict)  # Chinese canonical or alias -> English name
    en_to_zh: dict[str, str] = field(default_factory=dict)  # casefolded English name or alias -> Chinese canonical
    english: dict[str, EnglishName] = field(default_factory=dict)  # English surface -> entry (first wins)
    labels_zh: dict[str, str] = field(default_factory=dict)  # Chinese canonical -> label (from the glossary)


def setting(config: Any, key: str) -> Any:
    """A key of the ``extract`` config section (defaults in resources/config/default.yaml)."""
    return config.get(f"extract.{key}")


def glossary_path(config: Any) -> Path:
    return config.resource_path("extract.glossary", "gazetteers", "glossary.yaml")


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([part.strip() for part in line.split("\t")])
    return rows


@lru_cache(maxsize=8)
def load_glossary(path: str) -> dict[str, dict[str, Any]]:
    """canonical Chinese name -> {"en": ..., "label": ..., "aliases": [...]}; a bare string value is the English name."""
    file = Path(path)
    if not file.exists():
        return {}
    data = parse_yaml(file.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{file}: the glossary must be a mapping of Chinese names")
    out: dict[str, dict[str, Any]] = {}
    for canonical, value in data.items():
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict):
            raise ValueError(f"{file}: entry '{canonical}' must be an English name or a mapping")
        aliases = value.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        out[str(canonical)] = {**value, "aliases": [str(a) for a in aliases]}
    return out


@lru_cache(maxsize=8)
def bilingual_index(glossary_file: str, resources: str = str(RESOURCES_DIR)) -> BilingualIndex:
    """The merged index (glossary first, then English gazetteers, then Chinese gazetteers' name_en)."""
    index = BilingualIndex()
    base = Path(resources)

    def add_english(name: str, label: str, canonical: str, name_zh: str | None) -> None:
        if name and LATIN.search(name) and name not in index.english:
            index.english[name] = EnglishName(name, label, canonical, name_zh)
        if name.startswith("The ") and name[4:] not in index.english:  # "the University of Hong Kong"
            index.english[name[4:]] = EnglishName(name[4:], label, canonical, name_zh)

    def link(en: str, zh: str) -> None:
        if en and zh:
            index.zh_to_en.setdefault(zh, en)
            index.en_to_zh.setdefault(en.casefold(), zh)

    # 1. the user's glossary: wins
    for zh, info in load_glossary(glossary_file).items():
        en = str(info.get("en") or "").strip()
        label = info.get("label")
        if label:
            index.labels_zh[zh] = label
        if not en:
            continue
        index.zh_to_en[zh] = en
        index.en_to_zh[en.casefold()] = zh
        for alias in info["aliases"]:
            if has_han(alias):
                index.zh_to_en.setdefault(alias, en)
            else:
                index.en_to_zh.setdefault(alias.casefold(), zh)
        if label:
            add_english(en, label, en, zh)
            for alias in info["aliases"]:
                if not has_han(alias):
                    add_english(alias, label, en, zh)
    # 2. the English gazetteers: name, label, name_zh, aliases
    for file_name in ENGLISH_GAZETTEERS:
        for row in _rows(base / "english" / file_name):
            row += [""] * (4 - len(row))
            name, label, zh, aliases = row[:4]
            if not name or not label:
                continue
            add_english(name, label, name, zh or None)
            link(name, zh)
            for alias in filter(None, (a.strip() for a in aliases.split("|"))):
                add_english(alias, label, name, zh or None)
                if zh:
                    index.en_to_zh.setdefault(alias.casefold(), zh)
    # 3. the Chinese gazetteers' English column: name, label, canonical, name_en
    for file_name in CHINESE_GAZETTEERS:
        for row in _rows(base / "gazetteers" / file_name):
            row += [""] * (4 - len(row))
            name, label, canonical, en = row[:4]
            if not name or not en:
                continue
            zh = canonical or name
            link(en, zh)
            index.zh_to_en.setdefault(name, index.zh_to_en.get(zh, en))
            if label and (" " in en or en not in _ambiguous_names(str(base / "english" / "ambiguous_names.txt"))):
                add_english(en, label, en, index.en_to_zh.get(en.casefold(), zh))
    return index


@lru_cache(maxsize=2)
def _ambiguous_names(path: str) -> frozenset[str]:
    return frozenset(line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def index_for(config: Any) -> BilingualIndex:
    return bilingual_index(str(glossary_path(config)))


@lru_cache(maxsize=1)
def english_multiword_names() -> tuple[str, ...]:
    """Known English names with spaces (packaged resources): kept as one token inside Chinese text."""
    index = bilingual_index(str(RESOURCES_DIR / "gazetteers" / "glossary.yaml"))
    return tuple(sorted(name for name in index.english if " " in name))


def name_en(index: BilingualIndex, chinese: str) -> str | None:
    return index.zh_to_en.get(chinese)


def name_zh(index: BilingualIndex, english: str) -> str | None:
    key = english.casefold()
    found = index.en_to_zh.get(key)
    if found is None:
        found = index.en_to_zh.get(key[4:] if key.startswith("the ") else "the " + key)
    return found


def annotate_names(mentions: list[dict], doc: Document) -> None:
    """Add ``name_en`` to Chinese mentions and ``name_zh`` to English ones, where the index knows them.

    A mention is looked up by its ``canonical`` name first, then by its text; existing values
    are kept (the entity stages may have set them). In a Chinese or mixed report an English
    mention of an entity also mentioned in Chinese takes the Chinese canonical name, so both
    count as one entity. Mentions are changed in place.
    """
    index = index_for(doc.config)
    chinese = {(m["label"], m.get("canonical") or m["text"]) for m in mentions if has_han(m["text"])}
    for mention in mentions:
        keys = [k for k in (mention.get("canonical"), mention.get("text")) if k]
        for key in keys:
            if has_han(key):
                if "name_en" not in mention:
                    found = name_en(index, key)
                    if found:
                        mention["name_en"] = found
                        break
            elif "name_zh" not in mention:
                found = name_zh(index, key)
                if found:
                    mention["name_zh"] = found
                    break
        # In a Chinese or mixed report, "Songshan Lake Materials Laboratory" beside 松山湖材料实验室
        # is the same entity: it takes the Chinese canonical name (as WIPO does in the Chinese stage).
        zh = mention.get("name_zh")
        if zh and (mention["label"], zh) in chinese and doc.source.get("language") != "en":
            mention["canonical"] = zh
