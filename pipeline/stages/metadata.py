"""Metadata: ingest's spans (dateline, credits) resolved into Simplified strings.

Runs after cleaning so names come out converted and free of noise, each with its
original-script form and its span in both texts.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.document import Document


def _field(doc: Document, span: tuple[int, int]) -> dict[str, Any]:
    start, end = doc.to_clean(*span)
    return {
        "name": doc.text[start:end],
        "name_original": doc.text_original[span[0]:span[1]],
        "start": start, "end": end, "start_original": span[0], "end_original": span[1],
    }


def _editor_names(doc: Document, span: tuple[int, int]) -> list[tuple[int, int]]:
    """One span per person: a credit such as （編輯：林克倫、蘇龍麒） or "Edited by A and B" names several."""
    start, end = span
    names = []
    for match in EDITOR_ITEM.finditer(doc.text_original[start:end]):
        piece_start = start + match.start()
        cut = 0
        for joint in LATIN_AND.finditer(match.group()):
            names.append((piece_start + cut, piece_start + joint.start()))
            cut = joint.end()
        names.append((piece_start + cut, start + match.end()))
    return names or [span]


# Editors are separated like other Chinese name lists (、，,;；/ and 及/和 between Han names); a Latin
# name keeps its inner spaces, and "and" separates Latin names.
EDITOR_ITEM = re.compile(r"[A-Za-z][A-Za-z.'\- ]*[A-Za-z.]|[^、，,;；/\s及和A-Za-z]+")
LATIN_AND = re.compile(r"\s+and\s+")


def _value(doc: Document, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    start, end = doc.to_clean(*span)
    return doc.text[start:end]


def _title(doc: Document, spans: dict) -> str | None:
    """The title as printed, one line: wrapped parts joined (no space between Chinese, else one),
    a footnote asterisk dropped (GUIDELINES §10)."""
    parts = [_value(doc, span) or "" for span in spans.get("title_parts") or [spans.get("title")] if span]
    if not parts:
        return None
    title = parts[0]
    for part in parts[1:]:
        joint = "" if re.match(r"[\u4e00-\u9fff]", part[:1]) and re.search(r"[\u4e00-\u9fff]$", title) else " "
        title = title.rstrip() + joint + part.lstrip()
    title = re.sub(r"\s*[*＊]+\s*", "", title).strip()
    return title or None


def resolve_metadata(doc: Document) -> None:
    """Fill ``doc.metadata`` from ``doc.metadata_spans`` (ingest) and ``doc.metadata_values``."""
    spans = doc.metadata_spans
    authors = []
    for author in spans.get("authors", []):
        item = _field(doc, author["name"])
        item["affiliations"] = [_value(doc, span) for span in author["affiliations"]]
        item["affiliations_original"] = [doc.text_original[s:e] for s, e in author["affiliations"]]
        authors.append(item)
    editor = spans.get("editor")
    publication = spans.get("publication")
    doc.metadata = {
        "title": _title(doc, spans) or doc.metadata_values.get("title"),  # HTML <title>: as printed
        "outlet": _value(doc, spans.get("outlet")),
        "channel": _value(doc, spans.get("channel")),
        "authors": authors,
        "editor": [_field(doc, span) for span in _editor_names(doc, editor["name"])] if editor else [],
        "publication": _value(doc, publication),
        "publication_original": doc.text_original[publication[0]:publication[1]] if publication else None,
        "date": doc.metadata_values.get("date"),
    }
