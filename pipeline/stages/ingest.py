"""Ingest: bytes → decoded, normalised text with its line structure and metadata spans.

Decoding never guesses silently: UTF-8 (with or without BOM) and UTF-16 with a BOM are
taken as they are; otherwise GB18030 and Big5 are tried strictly and the one whose text
reads most like Chinese wins; anything else is an :class:`IngestError` naming the file.
Normalisation keeps meaning: line endings become ``\\n``, the BOM goes, NFC composes
accents; there is no blanket NFKC (full-width digits and punctuation stay as written —
later stages read both forms).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config
from pipeline.document import Block, Document

SENTENCE_FINAL = "。！？!?；;…"
CLOSERS = "”’」』）)》】\"'"
BINARY_MAGIC = (
    b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"MZ", b"\x1f\x8b",
    b"BZh", b"7z\xbc\xaf", b"Rar!", b"\xca\xfe\xba\xbe", b"\xd0\xcf\x11\xe0",
)

DATELINE = re.compile(r"^\s*(?P<outlet>[^\s/，,。]{1,12}?[網网])(?:/(?P<channel>[^\s/，,。]{1,16}?[網网]))?[訊讯]")
CREDITS = re.compile(r"^[（(]\s*(?P<body>(?:作者|作\s*者|文)\s*[:：].*)[)）]\s*$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
ITEM = re.compile(r"[^、，,\s]+")


class IngestError(ValueError):
    """An input that cannot become a document; the message names the file."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replacements: int = 0


# ---------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes, name: str, on_undecodable: str = "error") -> Decoded:
    """Decode report bytes, recording the encoding; raise IngestError on non-text."""
    if not data.strip():
        raise IngestError(f"{name}: empty document")
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_strict(data[3:], "utf-8", name), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return Decoded(_strict(data[2:], encoding, name), encoding)
    if any(data.startswith(magic) for magic in BINARY_MAGIC) or data.count(b"\x00") > max(1, len(data) // 100):
        raise IngestError(f"{name}: not a text document (binary content)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), encoding, text))
    if candidates:
        score, encoding, text = max(candidates)
        if score >= 0.6:
            return Decoded(text, encoding)
    if on_undecodable == "replace":
        text = data.decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", replacements=text.count("\ufffd"))
    raise IngestError(f"{name}: cannot decode: not UTF-8, GB18030 or Big5 text")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: invalid {encoding} at byte {exc.start}") from exc


def _chinese_score(text: str) -> float:
    """Share of characters that are common CJK, ASCII or CJK punctuation (mojibake scores low)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch < "\x7f" or "\u4e00" <= ch <= "\u9fa5" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef")
    return good / len(sample)


def normalise(text: str) -> str:
    """Line endings to ``\\n``, NFC; nothing that changes what the text says."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------- structure
def split_blocks(text: str, heading_max_chars: int) -> list[Block]:
    """Non-empty lines as blocks; headings are short lines without sentence-final punctuation."""
    blocks: list[Block] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        marker = MARKDOWN_HEADING.match(stripped)
        if marker:
            blocks.append(Block("heading", start + marker.end(), end, level=len(marker.group(1))))
        elif CREDITS.match(stripped):
            blocks.append(Block("credits", start, end))
        elif _looks_like_heading(stripped, heading_max_chars):
            blocks.append(Block("heading", start, end, level=0))
        else:
            blocks.append(Block("paragraph", start, end))
    _assign_heading_levels(blocks)
    return blocks


def _looks_like_heading(line: str, max_chars: int) -> bool:
    if len(line) > max_chars or line[-1] in SENTENCE_FINAL + "，,、：:" or line[-1] in CLOSERS[:1]:
        return False
    return not any(mark in line[:-1] for mark in "。！？!?；")


def _assign_heading_levels(blocks: list[Block]) -> None:
    """Levels from layout alone: in a run of consecutive headings each is the parent of the next.

    The last heading of a run (the one directly above body text) takes the depth of the
    deepest heading seen so far; the headings before it in the run are its ancestors.
    """
    depth = 1
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "heading" or blocks[i].level:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "heading" and not blocks[j].level:
            j += 1
        run = blocks[i:j]
        depth = max(depth, len(run))
        for k, block in enumerate(run):
            block.level = max(1, depth - (len(run) - 1 - k))
        i = j


def find_metadata_spans(text: str, blocks: list[Block]) -> dict:
    """Dateline outlet at the top and the closing credits (authors, editor, publication) as spans."""
    spans: dict = {}
    match = DATELINE.match(text)
    if match:
        spans["outlet"] = match.span("outlet")
        if match.group("channel"):
            spans["channel"] = match.span("channel")
    credits = [b for b in blocks if b.kind == "credits"]
    if credits:
        spans.update(_parse_credits(text, credits[-1]))
    return spans


def _parse_credits(text: str, block: Block) -> dict:
    """(作者：甲、乙,单位。丙,单位1 单位2；编审：丁；《刊名》供稿)"""
    body_start = block.start + 1
    body = text[body_start:block.end - 1]
    result: dict = {}
    offset = body_start
    for part in re.split(r"([；;])", body):
        if part in ("；", ";"):
            offset += len(part)
            continue
        part_start = offset
        offset += len(part)
        label = re.match(r"\s*(作\s*者|文|编审|編審|责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*", part)
        publication = re.search(r"《([^》]+)》", part)
        if label and label.group(1).replace(" ", "") in ("作者", "文"):
            result["authors"] = _parse_authors(part_start + label.end(), part[label.end():])
        elif label:
            name_start = part_start + label.end()
            name_text = part[label.end():].strip()
            lead = len(part[label.end():]) - len(part[label.end():].lstrip())
            result["editor"] = {"name": (name_start + lead, name_start + lead + len(name_text))}
        elif publication:
            result["publication"] = (part_start + publication.start(1), part_start + publication.end(1))
    return result


def _parse_authors(start: int, body: str) -> list[dict]:
    """Groups separated by 。: names (、-separated), a comma, then affiliations (space-separated)."""
    authors: list[dict] = []
    for group in re.finditer(r"[^。]+", body):
        comma = re.search(r"[，,]", group.group())
        names_end = group.start() + (comma.start() if comma else len(group.group()))
        affiliations = []
        if comma:
            affiliations = _spans(body, group.start() + comma.end(), group.end(), start)
        for name in _spans(body, group.start(), names_end, start):
            authors.append({"name": name, "affiliations": affiliations})
    return authors


def _spans(body: str, lo: int, hi: int, offset: int) -> list[tuple[int, int]]:
    """Spans of the items of ``body[lo:hi]`` separated by 、, commas or spaces."""
    return [(offset + lo + m.start(), offset + lo + m.end()) for m in ITEM.finditer(body[lo:hi])]


# ---------------------------------------------------------------------------- entry point
def ingest_text(text: str, config: Config, source: dict | None = None) -> Document:
    """Build a Document from already-decoded text (the API path)."""
    text = normalise(text)
    if not text.strip():
        name = (source or {}).get("path") or "<text>"
        raise IngestError(f"{name}: empty document")
    doc = Document(text_original=text, config=config)
    doc.source = {"path": None, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                  "encoding": None, **(source or {})}
    doc.blocks = split_blocks(text, config.get("ingest.heading_max_chars"))
    doc.metadata_spans = find_metadata_spans(text, doc.blocks)
    return doc


def ingest_bytes(data: bytes, name: str, config: Config) -> Document:
    """Decode and ingest one input's bytes (the CLI path)."""
    limit = config.get("ingest.max_bytes")
    if len(data) > limit:
        raise IngestError(f"{name}: {len(data):,} bytes is over the size limit of {limit:,} (ingest.max_bytes)")
    decoded = decode_bytes(data, name, config.get("ingest.on_undecodable"))
    source = {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "encoding": decoded.encoding}
    if decoded.replacements:
        source["replacements"] = decoded.replacements
    return ingest_text(decoded.text, config, source)


def read_document(path: str | Path, config: Config, name: str | None = None) -> Document:
    """Read and ingest a file; ``name`` is how the record refers to it (default: the path)."""
    path = Path(path)
    label = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{label}: cannot read: {exc.strerror or exc}") from exc
    return ingest_bytes(data, label, config)
