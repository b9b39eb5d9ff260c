"""The development / holdout split of the corpus, read from ``corpus/SOURCES.yaml`` (GUIDELINES.md §9).

The file lists every document as an entry with at least ``id`` (or ``file``) and ``split``
(``dev`` or ``holdout``), plus source, date, licence …. The list is either the whole file or the
value of a top-level key (``documents``, ``sources`` …) beside others such as the holdout seed.
Until the file exists every document is ``dev``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.eval.gold import GoldError

SPLITS = ("dev", "holdout")


def _entries(data: Any, name: str) -> list[dict]:
    if data is None:
        return []
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(e, dict) for e in v)
                 and any("split" in e for e in v)]
        if len(lists) == 1:
            return lists[0]
        if not lists:
            return []
    raise GoldError(f"{name}: expected a list of documents (id, file, split, …)")


def read_sources(path: Path) -> dict[str, str]:
    """``{document id: split}``; ``{}`` when the file does not exist."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: not valid YAML: {exc}") from None
    splits: dict[str, str] = {}
    for n, entry in enumerate(_entries(data, str(path)), 1):
        if not isinstance(entry, dict):
            raise GoldError(f"{path}: entry {n} is not a mapping")
        doc_id = entry.get("id") or (Path(str(entry["file"])).stem if entry.get("file") else None)
        if not doc_id:
            raise GoldError(f"{path}: entry {n} has neither 'id' nor 'file'")
        split = entry.get("split", "dev")
        if split not in SPLITS:
            raise GoldError(f"{path}: {doc_id}: split must be one of {list(SPLITS)}, not {split!r}")
        splits[str(doc_id)] = split
    return splits
