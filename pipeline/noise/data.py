"""Development data access shared by the model builder and the benchmark.

The clean encyclopedia paragraphs are split by a stable hash of their id: the
language model is estimated on the ``train`` part only and the benchmark measures
on the ``heldout`` part, so the benchmark never scores text the model has seen.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Iterator

DEFAULT_DATA = Path("/work/shared/data/clean")
FILES = {"simplified": "wiki_simplified.jsonl", "traditional": "wiki_traditional.jsonl"}
HELDOUT_MODULO = 5  # one paragraph in five is held out


def is_heldout(paragraph_id: str) -> bool:
    return zlib.crc32(paragraph_id.encode("utf-8")) % HELDOUT_MODULO == 0


def paragraphs(data_dir: Path, script: str, part: str) -> Iterator[tuple[str, str]]:
    """Yield ``(id, text)`` of one script (simplified|traditional) and part (train|heldout|all)."""
    path = Path(data_dir) / FILES[script]
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            pid, text = str(item["id"]), item["text"]
            if part == "all" or (part == "heldout") == is_heldout(pid):
                yield pid, text
