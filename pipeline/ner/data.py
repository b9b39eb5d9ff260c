"""Reading the NER training data (JSON Lines) into character BIOES sequences, and the fixed split."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

HELDOUT_BUCKETS = 10  # 1 bucket in 10 is held out


@dataclass
class Sentence:
    id: str
    text: str
    spans: list[tuple[int, int, str]]  # mapped labels, char offsets


def label_map_path() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "models" / "ner" / "label_map.tsv"


@lru_cache(maxsize=4)
def load_label_map(path: str | None = None) -> dict[str, str]:
    """Source tag -> OntoNotes label (``O`` drops the span)."""
    mapping: dict[str, str] = {}
    for line in Path(path or label_map_path()).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split("\t")[:2]
        mapping[source] = target
    return mapping


def is_heldout(sentence_id: str) -> bool:
    """Stable 10 % split by a hash of the sentence id (same on every machine and run)."""
    return zlib.crc32(sentence_id.encode("utf-8")) % HELDOUT_BUCKETS == 0


def read_sentences(data_dir: str | Path, stats: dict[str, int] | None = None) -> Iterator[Sentence]:
    """All sentences of every ``*.jsonl`` file in ``data_dir``, labels mapped.

    ``stats`` counts spans kept, dropped by the mapping, not alignable (offsets that do not reproduce
    the span text; tokenisation never loses a span, the unit is the character) and overlapping an
    earlier span (nested annotations; BIO keeps the first).
    """
    mapping = load_label_map()
    stats = stats if stats is not None else {}
    for key in ("spans", "kept", "dropped_label", "unaligned", "overlapping"):
        stats.setdefault(key, 0)
    for path in sorted(Path(data_dir).glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                rec = json.loads(line)
                text = rec["text"]
                spans: list[tuple[int, int, str]] = []
                taken = [False] * len(text)
                for ent in sorted(rec.get("entities", []), key=lambda e: (e["start"], -e["end"])):
                    stats["spans"] += 1
                    label = mapping.get(ent["label"], "O")
                    if label == "O":
                        stats["dropped_label"] += 1
                        continue
                    s, e = ent["start"], ent["end"]
                    if not (0 <= s < e <= len(text)) or text[s:e] != ent.get("text", text[s:e]):
                        stats["unaligned"] += 1
                        continue
                    if any(taken[s:e]):
                        stats["overlapping"] += 1
                        continue
                    for i in range(s, e):
                        taken[i] = True
                    spans.append((s, e, label))
                    stats["kept"] += 1
                yield Sentence(rec["id"], text, spans)


def bio_tags(sentence: Sentence) -> list[str]:
    """BIOES tags (B-egin, I-nside, E-nd, S-ingle, O-utside): the explicit end and single-character
    labels let the CRF learn where names stop (+0.7 folded F1 over BIO, MODEL_CARD.md)."""
    tags = ["O"] * len(sentence.text)
    for s, e, label in sentence.spans:
        if e - s == 1:
            tags[s] = "S-" + label
            continue
        tags[s] = "B-" + label
        for i in range(s + 1, e - 1):
            tags[i] = "I-" + label
        tags[e - 1] = "E-" + label
    return tags


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIOES (or BIO) tags -> spans; lenient: a stray I-/E- starts a span, a label change ends one."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags + ["O"]):
        prefix, lab = tag[:2], tag[2:]
        if start >= 0 and (tag == "O" or prefix in ("B-", "S-") or lab != label):
            spans.append((start, i, label))
            start, label = -1, ""
        if tag != "O" and start < 0:
            start, label = i, lab
        if prefix in ("E-", "S-") and start >= 0:
            spans.append((start, i + 1, label))
            start, label = -1, ""
    return spans
