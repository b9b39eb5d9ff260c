"""Convert: Traditional → Simplified Chinese with OpenCC, keeping the way back.

OpenCC's ``t2s`` is used (never ``tw2sp`` on mainland text: it rewrites vocabulary such as
核心→内核). Its output is then corrected by a phrase table the project owns
(``resources/convert/overrides.tsv``), e.g. the particle 著 → 着 while 显著 keeps 著.
Both steps usually keep the length; where OpenCC changes it, the line is aligned
character by character so every Simplified span still maps to its original span.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

from pipeline.alignment import Alignment
from pipeline.document import Document


class ConvertError(ValueError):
    """The override table is malformed; the message names the file and line."""


@lru_cache(maxsize=4)
def _converter(config_name: str):
    import opencc  # imported lazily: keeps start-up cheap for commands that never convert

    return opencc.OpenCC(config_name)


@lru_cache(maxsize=8)
def load_overrides(path: Path) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Read the override table: a longest-first regex and the replacement of each phrase."""
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or len(parts[0]) != len(parts[1]) or not parts[0]:
                raise ConvertError(f"{path}:{number}: expected 'source<TAB>target' of equal lengths: {line!r}")
            source, target = parts
            if table.get(source, target) != target:
                raise ConvertError(f"{path}:{number}: '{source}' is listed twice with different targets")
            table[source] = target
    if not table:
        return None, table
    alternatives = sorted(table, key=lambda phrase: (-len(phrase), phrase))
    return re.compile("|".join(map(re.escape, alternatives))), table


def to_simplified(text: str, opencc_config: str, overrides: Path | None) -> tuple[str, Alignment]:
    """Convert ``text`` and return it with its alignment (original → simplified)."""
    converted = _converter(opencc_config).convert(text)
    if len(converted) == len(text):
        alignment = Alignment.identity(len(text))
    else:
        converted, alignment = _convert_with_alignment(text, opencc_config)
    if overrides is not None:
        pattern, table = load_overrides(overrides)
        if pattern is not None:
            converted = pattern.sub(lambda match: table[match.group()], converted)
    return converted, alignment


def _convert_with_alignment(text: str, opencc_config: str) -> tuple[str, Alignment]:
    """Line-wise conversion; lines whose length changes are aligned with difflib."""
    converter = _converter(opencc_config)
    pieces: list[str] = []
    edits: list[tuple[int, int, int]] = []
    position = 0
    for line in text.split("\n"):
        out = converter.convert(line)
        if len(out) != len(line):
            matcher = difflib.SequenceMatcher(None, line, out, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal" and (i2 - i1) != (j2 - j1):
                    edits.append((position + i1, position + i2, j2 - j1))
        pieces.append(out)
        position += len(line) + 1
    return "\n".join(pieces), Alignment.from_edits(len(text), edits)


def convert(doc: Document) -> None:
    """Fill ``doc.text_simplified`` and ``doc.convert_alignment``."""
    config = doc.config
    if not config.get("convert.enabled"):
        doc.text_simplified = doc.text_original
        doc.convert_alignment = Alignment.identity(len(doc.text_original))
        return
    overrides = config.resource_path("convert.overrides", "convert", "overrides.tsv")
    doc.text_simplified, doc.convert_alignment = to_simplified(
        doc.text_original, config.get("convert.opencc_config"), overrides
    )
