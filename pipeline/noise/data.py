"""Development data access shared by the model builder and the benchmark.

The clean encyclopedia paragraphs are split by a stable hash of their id: the
language model is estimated on the ``train`` part only and the benchmark measures
on the ``heldout`` part, so the benchmark never scores text the model has seen.
The news sentences of MSRA (People's Daily, in article order) are split the same way
by contiguous blocks of NEWS_BLOCK sentences (whole articles, never sentences of one
article on both sides); a block is one benchmark document (~2,100 characters).
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


NEWS_FILE = Path("ner") / "msra_train.jsonl"  # beside the clean folder: DATA/../ner/
OVERLAP_FILE = Path("ner") / "peoples_daily_dev.jsonl"  # mostly MSRA sentences, and in the models' text
NEWS_BLOCK = 40  # contiguous sentences per block (one benchmark document)


def news_blocks(data_dir: Path, part: str) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(block id, sentences)`` of the MSRA news sentences, ``part`` train|heldout|all.

    Held-out blocks leave out the sentences that also occur in peoples_daily_dev (the language
    models read that file whole), so the benchmark never scores a sentence the models have seen.
    """
    path = Path(data_dir).parent / NEWS_FILE
    if not path.exists():
        return
    seen: set[str] = set()
    overlap = Path(data_dir).parent / OVERLAP_FILE
    if part != "train" and overlap.exists():
        with open(overlap, encoding="utf-8") as handle:
            seen = {json.loads(line)["text"] for line in handle if line.strip()}
    with open(path, encoding="utf-8") as handle:
        sentences = [json.loads(line)["text"] for line in handle if line.strip()]
    for k in range(0, len(sentences), NEWS_BLOCK):
        block_id = f"msra-{k // NEWS_BLOCK}"
        heldout = is_heldout(block_id)
        if part == "all" or (part == "heldout") == heldout:
            block = sentences[k:k + NEWS_BLOCK]
            yield block_id, [t for t in block if t not in seen] if heldout else block
