"""English headings, bylines and credit lines: the English side of ingest's structure and metadata.

Chinese reports credit authors in a closing ``(作者：…；编审：…；《刊名》供稿)``; English ones say
"By Jane Doe and John Smith, Institute X" under the title, "Edited by …", "Source: …", or a
closing "(Authors: …; Editor: …; Source: …)". This module finds them as *spans* into the
original text, in the shape of :func:`pipeline.stages.ingest.find_metadata_spans`, so the
metadata stage resolves them exactly like the Chinese ones.

It also classifies English lines (:func:`classify_english_line`): English titles are longer
than Chinese ones (a 40-character limit would make them paragraphs), and a byline is
credits, not a heading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.document import Block
from pipeline.stages.language import detect_language

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE = re.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\s+(?P<y2>(?:19|20)\d\d))"
    rf"|(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))"
    rf"|(?P<my>(?P<m4>{_MONTH})\s+(?P<y4>(?:19|20)\d\d))"
)
BYLINE = re.compile(r"^\s*(?:By|BY|Written by|Text by|Words by)\s+(?=[A-Z])")
LABELLED = re.compile(
    r"\s*(?P<label>Authors?|Written by|By|Editors?|Edited by|Reviewed by|Reviewer|Source|Published in|"
    r"Originally published in|Contributed by|Provided by|Courtesy of)\s*:?\s+",
    re.IGNORECASE,
)
AUTHOR_LABELS = {"author", "authors", "written by", "by"}
EDITOR_LABELS = {"editor", "editors", "edited by", "reviewed by", "reviewer"}
PUBLICATION_LABELS = {"source", "published in", "originally published in", "contributed by", "provided by",
                      "courtesy of"}
WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{1,30}, (?P<date>[^()\n]{3,30}?)\s*\((?P<outlet>[A-Za-z][\w .&'\-]{1,40})\)\s*[-—–]+")
NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-H]\.|(?:Part|PART|Chapter|CHAPTER|Section|SECTION)\s+"
                              r"(?:[IVX]+|\d+)[.:]?)\s+[A-Z]")
PERSON_WORD = r"(?:[A-Z][a-z\u00e0-\u024f'’]+(?:-[A-Za-z][a-z\u00e0-\u024f'’]*)?|[A-Z]\.)"
PERSON_NAME = re.compile(rf"{PERSON_WORD}(?:\s+(?:van|von|de|der|da|bin|{PERSON_WORD})){{1,3}}")
SEPARATORS = re.compile(r"\s+(?:\||·|•|—|–|--)\s+")
HEADING_MAX_WORDS = 16
HEADING_MAX_CHARS = 120


def _english(line: str) -> bool:
    return detect_language(line) == "en"


def is_credit_line(line: str) -> bool:
    """A byline or credit line: "By …", "Edited by …", "Source: …", "(Authors: …)"."""
    stripped = line.strip()
    inner = stripped[1:-1] if stripped[:1] in "(（" and stripped[-1:] in ")）" else stripped
    if BYLINE.match(inner):
        return True
    label = LABELLED.match(inner)
    if label and not label.group("label")[0].isupper():
        return False  # "by the Secretary for Housing, …": a hard-wrapped sentence, not a byline
    return bool(label) and (":" in inner[:label.end()] or label.group("label").lower().endswith(("by", "in", "of")))


def is_date_line(line: str) -> bool:
    """A line that is only a date (optionally "Published:"/"Updated:" before it)."""
    stripped = re.sub(r"^(?:Published|Updated|Date|Released)\s*:?\s*", "", line.strip(), flags=re.IGNORECASE)
    match = DATE.fullmatch(stripped.rstrip("."))
    return match is not None


def looks_like_english_heading(line: str) -> bool:
    """Short, no final sentence punctuation, no sentence break inside; numbered headings count."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > HEADING_MAX_WORDS or len(stripped) > HEADING_MAX_CHARS:
        return False
    if NUMBERED_HEADING.match(stripped):
        return not stripped.endswith((".", ";", ","))
    if stripped[-1] in ".;,:!\"”" or re.search(r"[.!?;]\s+[A-Z]", stripped):
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def classify_english_line(line: str) -> str | None:
    """Block kind of an English line ("credits", "dateline", "heading", "paragraph"); None if not English."""
    if not _english(line):
        return None
    if is_credit_line(line):
        return "credits"
    if is_date_line(line):
        return "dateline"
    if looks_like_english_heading(line):
        return "heading"
    return "paragraph"


def parse_date(text: str) -> str | None:
    """ISO form of the first English date in ``text`` (2024-03-15, or 2024-03 for a month)."""
    match = DATE.search(text)
    if match is None:
        return None
    if match.group("iso"):
        return f"{match.group('y3')}-{match.group('m3')}-{match.group('d3')}"
    if match.group("mdy"):
        month, day, year = match.group("m1"), match.group("d1"), match.group("y1")
    elif match.group("dmy"):
        month, day, year = match.group("m2"), match.group("d2"), match.group("y2")
    else:
        month, day, year = match.group("m4"), None, match.group("y4")
    number = MONTH_ABBR.get(month.rstrip(".").lower()[:4]) or MONTH_ABBR.get(month.rstrip(".").lower()[:3])
    if number is None:
        return None
    return f"{year}-{number:02d}" + (f"-{int(day):02d}" if day else "")


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """English names with a label (places, organisations): never a person in a byline."""
    try:
        from pipeline.config import RESOURCES_DIR
        from pipeline.stages.glossary import bilingual_index

        index = bilingual_index(str(RESOURCES_DIR / "gazetteers" / "glossary.yaml"))
        return frozenset(index.english)
    except (ImportError, OSError, ValueError):
        return frozenset()


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    try:
        from pipeline.stages.entities_en import lexicon

        return frozenset(lexicon().heads)
    except (ImportError, OSError):
        return frozenset()


def is_person_name(item: str) -> bool:
    """2–4 capitalised words (initials allowed), no organisation head, not a known place or body."""
    item = item.strip()
    if not PERSON_NAME.fullmatch(item) or item in _known_names():
        return False
    return not any(word.rstrip(",") in _heads() for word in item.split())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,;.":
        start += 1
    while end > start and text[end - 1] in " \t,;.":
        end -= 1
    return start, end


def parse_people(text: str, start: int, end: int) -> list[dict]:
    """Authors of ``text[start:end]``: names, then the affiliations after them (shared by the group).

    "Jane Doe and John Smith, Institute X" → both with Institute X; "Jane Doe, Lab A, and
    John Smith, University B" → one affiliation each; consecutive affiliations accumulate.
    """
    authors: list[dict] = []
    group: list[dict] = []
    affiliations: list[tuple[int, int]] = []
    for item in re.finditer(r"[^,;]+", text[start:end]):
        s, e = _trimmed(text, start + item.start(), start + item.end())
        lead = re.match(r"(?:and|&)\s+", text[s:e])
        if lead:
            s += lead.end()
        if e <= s:
            continue
        parts, position = [], s
        for joint in re.finditer(r"\s+(?:and|&)\s+", text[s:e]):
            parts.append((position, s + joint.start()))
            position = s + joint.end()
        parts = [_trimmed(text, a, b) for a, b in [*parts, (position, e)]]
        if parts and all(is_person_name(text[a:b]) for a, b in parts):
            if affiliations:
                group, affiliations = [], []
            for a, b in parts:
                author = {"name": (a, b), "affiliations": affiliations}
                group.append(author)
                authors.append(author)
        elif group:
            affiliations.append((s, e))
    return authors


def _credit_fields(text: str, start: int, end: int) -> dict:
    """Labelled parts separated by ; or | : authors, editor, publication."""
    result: dict = {}
    for part in re.finditer(r"[^;|]+", text[start:end]):
        s, e = start + part.start(), start + part.end()
        label = LABELLED.match(text, s, e)
        byline = BYLINE.match(text[s:e])
        if byline and not label:
            kind, body = "by", s + byline.end()
        elif label:
            kind, body = label.group("label").lower(), label.end()
        else:
            if "date" not in result and parse_date(text[s:e]):
                result["date"] = parse_date(text[s:e])
            continue
        body_start, body_end = _trimmed(text, body, e)
        if body_end <= body_start:
            continue
        if kind in AUTHOR_LABELS and "authors" not in result:
            cut = SEPARATORS.search(text, body_start, body_end)
            people_end = cut.start() if cut else body_end
            authors = parse_people(text, body_start, people_end)
            if authors:
                result["authors"] = authors
            if cut and "date" not in result:
                date = parse_date(text[cut.end():body_end])
                if date:
                    result["date"] = date
        elif kind in EDITOR_LABELS and "editor" not in result:
            name = re.match(r"[^,(]+", text[body_start:body_end])
            if name:
                a, b = _trimmed(text, body_start, body_start + name.end())
                result["editor"] = {"name": (a, b)}
        elif kind in PUBLICATION_LABELS and "publication" not in result:
            a, b = body_start, body_end
            if text[a] in "*_“\"" and text[b - 1] in "*_”\"":
                a, b = a + 1, b - 1
            result["publication"] = (a, b)
    return result


def find_english_metadata(text: str, blocks: list[Block]) -> dict:
    """Title, authors (name + affiliation spans), editor, publication, outlet as spans; date as ISO string.

    Looks at the first and last six blocks; returns {} when nothing English is found, so it
    can run on every report (ingest keeps what the Chinese parser found and adds the rest).
    """
    spans: dict = {}
    if not blocks:
        return spans
    for block in blocks[:2]:
        line = text[block.start:block.end]
        if block.kind in ("heading", "paragraph") and _english(line) and looks_like_english_heading(line):
            spans["title"] = (block.start, block.end)
            break
        if block.kind not in ("dateline", "credits") and not is_date_line(line):
            break
    wire = WIRE_DATELINE.match(text[blocks[0].start:blocks[0].end])
    if wire:
        spans["outlet"] = (blocks[0].start + wire.start("outlet"), blocks[0].start + wire.end("outlet"))
    candidates = blocks[:6] + [b for b in blocks[-6:] if b not in blocks[:6]]
    for block in candidates:
        line = text[block.start:block.end]
        if not _english(line):
            continue
        if is_credit_line(line):
            s, e = block.start, block.end
            stripped = line.strip()
            if stripped[:1] in "(（" and stripped[-1:] in ")）":
                s, e = s + line.index(stripped[0]) + 1, s + line.rindex(stripped[-1])
            for key, value in _credit_fields(text, s, e).items():
                spans.setdefault(key, value)
        elif "date" not in spans and (is_date_line(line) or block is blocks[0] or wire and block is blocks[0]):
            date = parse_date(line)
            if date:
                spans["date"] = date
    if "date" not in spans and wire:
        date = parse_date(wire.group("date") + " " + text[blocks[0].start:blocks[0].end])
        if date:
            spans["date"] = date
    return spans
