"""Entity mentions of a text through the whole pipeline, shared by the entity test files."""

from __future__ import annotations

from functools import lru_cache

import pipeline


@lru_cache(maxsize=256)
def mentions(text: str) -> tuple[tuple[str, str], ...]:
    """(text as written, label) of every mention, in order (cached: many cases share a text)."""
    record = pipeline.process(text)
    return tuple((m.get("text_original") or m["text"], m["label"]) for m in record["entities"])


def found(text: str) -> set[tuple[str, str]]:
    """(text as written, label) of every mention."""
    return set(mentions(text))


def texts(text: str) -> set[str]:
    """The written text of every mention."""
    return {t for t, _ in mentions(text)}
