"""Ingest: bytes → decoded, normalised text with its line structure and metadata spans.

Every input gets a defined answer, naming the file:

- UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM and BOM-less UTF-16 (recognised by
  its NUL pattern) are decoded strictly; otherwise GB18030 (⊃ GBK, GB2312) and Big5 are
  tried strictly and the one whose characters are common Chinese characters wins. Nothing
  plausible: "cannot decode" — or, with ``ingest.on_undecodable: replace``, the most
  plausible decoding with U+FFFD for bad bytes and their count in ``source.replacements``.
  Never silent mojibake.
- Empty, whitespace-only or invisible-only input: "empty document".
- Known binary signatures (PNG, PDF, ZIP, ELF …, see ``resources/ingest/binary_signatures.tsv``)
  or many control bytes: "not a text document".
- Inputs over ``ingest.max_bytes``: refused before they are read.
- HTML (``.html``/``.htm``): text and ``<h1>``–``<h6>`` headings from the markup
  (:mod:`pipeline.stages.markup`); Markdown: ATX (``#``) and, in ``.md``, Setext headings.

Normalisation keeps meaning and exact offsets: line endings become ``\\n``, a leading BOM
goes, NFC composes accents; there is no blanket NFKC (full-width digits and punctuation
stay as written). Control, zero-width and astral-plane characters are kept as they are:
offsets are code points into ``text_original``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.config import RESOURCES_DIR, Config
from pipeline.document import Block, Document
from pipeline.stages.blocks import CREDITS, split_blocks  # noqa: F401  (split_blocks: part of ingest's API)
from pipeline.stages.credits import find_credit_spans, parse_closing_credits
from pipeline.stages.credits_en import find_english_credits
from pipeline.stages.ingest_en import find_english_metadata
from pipeline.stages.pagehead import copyright_holder
from pipeline.stages.titles import find_title

# Fallbacks for ``ingest.*`` keys that the packaged default.yaml may not carry yet.
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SIGNATURES_PATH = RESOURCES_DIR / "ingest" / "binary_signatures.tsv"
LEGACY_ENCODINGS = ("gb18030", "big5", "big5hkscs")  # big5hkscs only when plain Big5 fails
PLAUSIBLE_MIN = 0.8  # share of common characters a legacy decoding needs (mojibake scores < 0.6)
AMBIGUITY_MARGIN = 0.1  # two plausible legacy decodings closer than this: undecidable (short inputs)
SNIFF_BYTES = 65536
# Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC excepted).
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20), 0x7F])

DATELINE = re.compile(r"^\s*(?P<outlet>[^\s/，,。]{1,12}?[網网])(?:/(?P<channel>[^\s/，,。]{1,16}?[網网]))?[訊讯]")


class IngestError(ValueError):
    """An input that cannot become a document; the message names the file."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replacements: int = 0


def setting(config: Config, key: str) -> Any:
    """``ingest.<key>`` from the config (defaults in resources/config/default.yaml)."""
    return config.get(f"ingest.{key}")


# ---------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes, name: str, on_undecodable: str = "error") -> Decoded:
    """Decode report bytes, recording the encoding; raise IngestError on non-text."""
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise IngestError(f"{name}: empty document")
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                          (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data, encoding.replace("-sig", ""), name, len(bom))
            if _control_heavy(text[:SNIFF_BYTES].encode("utf-8")):
                raise IngestError(f"{name}: not a text document (binary content after a {encoding} BOM)")
            return Decoded(text, encoding)
    signature = _signature(data)
    if signature:
        raise IngestError(f"{name}: not a text document ({signature})")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if _control_heavy(data):
        raise IngestError(f"{name}: not a text document (binary content)")
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_legacy(data, name, on_undecodable, exc)
    if on_undecodable != "replace" and _utf8_doubtful(utf8):
        rival = next((c for c in _legacy_candidates(data) if c[0] >= PLAUSIBLE_MIN), None)
        if rival:
            raise IngestError(f"{name}: cannot decode: ambiguous encoding (valid UTF-8 that reads as {rival[1]} "
                              "too: too little text to decide); save it as UTF-8 with a BOM")
    return Decoded(utf8, "utf-8")


def _decode_legacy(data: bytes, name: str, on_undecodable: str, utf8_error: UnicodeDecodeError) -> Decoded:
    """Not UTF-8: the one plausible legacy decoding, else an error (or U+FFFD replacements on request)."""
    candidates = _legacy_candidates(data)
    plausible = sorted((c for c in candidates if c[0] >= PLAUSIBLE_MIN), key=lambda c: -c[0])
    if plausible and (len(plausible) == 1 or plausible[0][0] - plausible[1][0] >= AMBIGUITY_MARGIN
                      or on_undecodable == "replace"):
        return Decoded(plausible[0][2], plausible[0][1])
    if plausible:
        raise IngestError(f"{name}: cannot decode: ambiguous encoding (reads as {plausible[0][1]} and as "
                          f"{plausible[1][1]}: too little text to decide); save it as UTF-8")
    if on_undecodable == "replace":
        return _decode_replacing(data)
    tried = ", ".join(f"{encoding} looks like mojibake ({score:.0%} common characters)"
                      for score, encoding, _ in candidates)
    detail = f"invalid UTF-8 at byte {utf8_error.start}" + (f"; {tried}" if tried else "; not GB18030 or Big5 either")
    raise IngestError(f"{name}: cannot decode: mixed or unknown encoding ({detail}); "
                      "set ingest.on_undecodable: replace to keep it with U+FFFD")


def _legacy_candidates(data: bytes) -> list[tuple[float, str, str]]:
    """(plausibility, encoding, text) of each legacy Chinese encoding that decodes ``data`` strictly."""
    candidates: list[tuple[float, str, str]] = []
    for encoding in LEGACY_ENCODINGS:
        if encoding == "big5hkscs" and any(c[1] == "big5" for c in candidates):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text), encoding, text))
    return candidates


def _utf8_doubtful(text: str) -> bool:
    """Valid UTF-8 that may be GBK/Big5 in disguise: only two-byte characters, and not Latin-looking.

    Short GBK texts can be valid UTF-8 (一 = D2 BB reads as Cyrillic һ). Real Chinese UTF-8
    has three-byte characters; in real Latin text an accented letter stands next to ASCII
    letters and a symbol (°, ±, μ) stands alone, while mojibake of Chinese comes in runs.
    """
    if text.isascii():
        return False
    wide = []
    for i, ch in enumerate(text):
        if ch >= "\u0800":
            return False  # a three-byte character: genuine UTF-8 (Chinese, “”, —)
        if ch >= "\x80":
            wide.append(i)

    def looks_genuine(i: int) -> bool:
        neighbours = [text[j] for j in (i - 1, i + 1) if 0 <= j < len(text)]
        if all(n < "\x80" for n in neighbours):
            return True  # a lone symbol or letter (25°C, 14 μm, café)
        ch = text[i]
        return "\u00c0" <= ch <= "\u024f" and ch.isalpha() and any(n.isascii() and n.isalpha() for n in neighbours)

    return sum(map(looks_genuine, wide)) < 0.8 * len(wide)


def _strict(data: bytes, encoding: str, name: str, skip: int = 0) -> str:
    """``data[skip:]`` decoded; the error gives the file offset of the first bad byte."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: cannot decode: invalid {encoding} at byte {skip + exc.start}") from exc


def _decode_replacing(data: bytes) -> Decoded:
    """The most plausible decoding with U+FFFD for undecodable bytes (counted, never hidden)."""
    best: tuple[float, int, str, str] | None = None
    for order, encoding in enumerate(("utf-8", "gb18030", "big5")):
        text = data.decode(encoding, errors="replace")
        key = (plausibility(text), -order, encoding, text)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None
    _, _, encoding, text = best
    return Decoded(text, encoding, replacements=text.count("\ufffd"))


@lru_cache(maxsize=2)
def load_signatures(path: Path = SIGNATURES_PATH) -> tuple[tuple[bytes, str], ...]:
    """The binary signature table: (leading bytes, description), longest first."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                magic, description = line.rstrip("\n").split("\t", 1)
                rows.append((bytes.fromhex(magic), description))
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _signature(data: bytes) -> str | None:
    for magic, description in load_signatures():
        if data.startswith(magic):
            return description
    return None


def _control_heavy(data: bytes) -> bool:
    """Text has (almost) no NUL or other control bytes; executables and random bytes have many."""
    sample = data[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls > max(8, len(sample) // 20) or sample.count(0) > max(2, len(sample) // 100)


def binary_kind(data: bytes) -> str | None:
    """What a non-text input is ("PNG image", "binary content"), or None when it may be text."""
    if _signature(data):
        return _signature(data)
    if _bomless_utf16(data) is None and _control_heavy(data):
        return "binary content"
    return None


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without BOM: NULs on one side of every other byte (ASCII-heavy text), decodable."""
    sample = data[:SNIFF_BYTES]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= pairs * 0.3 and other == 0:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if plausibility(text) >= PLAUSIBLE_MIN and not _control_heavy(text.encode("utf-8", "replace")):
                return Decoded(text, encoding)
    return None


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Common Chinese characters: all of GB2312 (6,763) and Big5 level 1 (5,401 常用字).

    Derived from the code tables themselves: correctly decoded reports are ≥ 89 % such
    characters, cross-decoded mojibake (Big5 read as GBK and back, UTF-8 read as either)
    ≤ 58 % (measured on 600 wiki paragraphs of both scripts).
    """
    chars = set()
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters or CJK/general punctuation."""
    common = common_characters()
    sample = text[:20000]
    total = good = 0
    for ch in sample:
        if ch < "\x80":
            continue
        total += 1
        if (ch in common or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e"
                or "\u2010" <= ch <= "\u205e" or ch in "\u00b7\u00d7\u00b0\u00a0\ufeff"):
            good += 1
    return good / total if total else 1.0


def normalise(text: str) -> str:
    """Line endings to ``\\n``, no leading BOMs, NFC; nothing that changes what the text says.

    Every leading BOM goes (not just one), so normalising is idempotent: a record's text
    processed again is unchanged.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    """Nothing a reader would see: whitespace, format (zero-width, BOM) and control characters only."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs") for ch in text)


# ---------------------------------------------------------------------------- structure
def find_metadata_spans(text: str, blocks: list[Block]) -> dict:
    """Title, dateline outlet, credits (authors, editor, publication) as spans; "date" as an ISO value.

    The seed's closing credits come first, then labelled lines, agency datelines, paper author
    lines and signatures (:mod:`pipeline.stages.credits`), then English bylines; the first finder
    of a field keeps it.
    """
    spans: dict = {}
    match = DATELINE.match(text)
    if match:
        spans["outlet"] = match.span("outlet")
        if match.group("channel"):
            spans["channel"] = match.span("channel")
    credits = [b for b in blocks if b.kind == "credits" and CREDITS.match(text[b.start:b.end].strip())]
    if credits:
        spans.update(parse_closing_credits(text, credits[-1]))
    title = find_title(text.split("\n"))
    if title:
        spans["title"] = title.spans[0]
        if len(title.spans) > 1:
            spans["title_parts"] = title.spans
        if title.site:
            spans["publication"] = title.site
    found, values = find_credit_spans(text, title.lines[0] if title and title.lines else None)
    for key, value in found.items():
        spans.setdefault(key, value)
    if values.get("date"):
        spans.setdefault("date", values["date"])
    for key, value in find_english_metadata(text, blocks).items():
        spans.setdefault(key, value)  # English bylines and credits; "date" is a value, moved by ingest_text
    for key, value in find_english_credits(text).items():
        spans.setdefault(key, value)  # AUTHORS blocks, signatures, author notes, "prepared by the …"
    if "publication" not in spans:
        holder = copyright_holder(text)  # the last resort: © 2021 Center for Security and Emerging Technology
        if holder:
            spans["publication"] = holder
    return spans


# ---------------------------------------------------------------------------- entry point
def source_format(path: str | None, config: Config) -> str:
    """``html``, ``markdown`` or ``text``, from the input's suffix."""
    suffix = Path(path).suffix.lower() if path else ""
    if suffix in HTML_SUFFIXES and setting(config, "html"):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def ingest_text(text: str, config: Config, source: dict | None = None) -> Document:
    """Build a Document from already-decoded text (the API path; HTML by ``source.path`` suffix)."""
    source = dict(source or {})
    name = source.get("path") or "<text>"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError(f"{name}: not valid Unicode: lone surrogate at character {exc.start}") from None
    text = normalise(text)
    fmt = source_format(source.get("path"), config)
    markup: dict[int, int] = {}
    html_title: str | None = None
    if fmt == "html":
        from pipeline.stages.markup import html_to_text

        extracted = html_to_text(text)
        text, markup = extracted.text, extracted.headings
        source["format"] = "html"
        html_title = extracted.title
    if is_blank(text):
        raise IngestError(f"{name}: empty document" + (" (no text in the markup)" if fmt == "html" else ""))
    doc = Document(text_original=text, config=config)
    doc.source = {"path": None, "sha256": None, "encoding": None, **source}
    if not doc.source["sha256"]:
        doc.source["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.blocks = split_blocks(text, setting(config, "heading_max_chars"), markup, setext=fmt == "markdown")
    doc.metadata_spans = find_metadata_spans(text, doc.blocks)
    if fmt == "html":
        _html_title(doc, html_title)
    date = doc.metadata_spans.pop("date", None)  # English bylines carry a date value, not a span
    if date:
        doc.metadata_values.setdefault("date", date)
    return doc


def _html_title(doc: Document, html_title: str | None) -> None:
    """HTML: the first <h1> is the title; without one, the page's <title> less its site name."""
    spans = doc.metadata_spans
    h1 = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1), None)
    if h1 is not None:
        spans["title"] = (h1.start, h1.end)
        spans.pop("title_parts", None)
    elif html_title and "title" not in spans:
        parts = [p for p in re.split(r"\s+(?:-|–|—|\||·|_)\s+", html_title) if p.strip()]
        doc.metadata_values["title"] = max(parts, key=len) if parts else html_title


def check_size(size: int, name: str, config: Config) -> None:
    limit = setting(config, "max_bytes")
    if size > limit:
        raise IngestError(f"{name}: too large: {size:,} bytes, over the limit of {limit:,} (ingest.max_bytes)")


def read_bytes(path: str | Path, name: str, config: Config) -> bytes:
    """A file's bytes, refusing it by its size before reading (never more than the limit in memory)."""
    path = Path(path)
    try:
        check_size(path.stat().st_size, name, config)
        with open(path, "rb") as handle:
            data = handle.read(setting(config, "max_bytes") + 1)
    except OSError as exc:
        raise IngestError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    check_size(len(data), name, config)  # grew since stat, or not a regular file
    return data


def ingest_bytes(data: bytes, name: str, config: Config) -> Document:
    """Decode and ingest one input's bytes (the CLI path)."""
    check_size(len(data), name, config)
    decoded = decode_bytes(data, name, setting(config, "on_undecodable"))
    source = {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "encoding": decoded.encoding}
    if decoded.replacements:
        source["replacements"] = decoded.replacements
    return ingest_text(decoded.text, config, source)


def read_document(path: str | Path, config: Config, name: str | None = None) -> Document:
    """Read and ingest a file; ``name`` is how the record refers to it (default: the path)."""
    label = name or str(path)
    return ingest_bytes(read_bytes(path, label, config), label, config)
