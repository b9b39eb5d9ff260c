"""Blocks: the lines of a text as headings, paragraphs, credits and datelines, with heading levels.

Markup decides where there is markup (HTML ``<h1>``–``<h6>``, Markdown ``#`` and Setext); plain
text goes through :mod:`pipeline.stages.wrap` (hard-wrapped lines) and
:mod:`pipeline.stages.headings` (numbering schemes, non-heading classes, context). The title line
(:mod:`pipeline.stages.titles`) is the root heading (level 1); section levels start below it.
Offsets are into ``text_original``: nothing here edits the text.
"""

from __future__ import annotations

import re

from pipeline.document import Block
from pipeline.stages.headings import candidate, is_note_item, is_notes_label, select
from pipeline.stages.ingest_en import classify_english_line
from pipeline.stages.titles import find_title
from pipeline.stages.wrap import continuations

CREDITS = re.compile(r"^[（(]\s*(?P<body>(?:作者|作\s*者|文)\s*[:：].*)[)）]\s*$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def split_blocks(text: str, heading_max_chars: int, markup: dict[int, int] | None = None,
                 setext: bool = False) -> list[Block]:
    """Non-empty lines as blocks; headings are marked up (HTML, Markdown) or found by the heading rules.

    ``markup`` gives the heading level of line indices that the markup declared headings;
    when it declares any, only Markdown markers still add headings (no guessing). With
    ``setext``, a line underlined by ``===`` / ``---`` is a level 1 / 2 heading and the
    underline is no block.
    """
    markup = markup or {}
    guess = not markup
    lines = text.split("\n")
    underlines = _setext_underlines(lines) if setext else {}
    underline_lines = set(underlines.values())
    marked = False
    rows: list[tuple[int, int, int, str]] = []  # (line index, start, end, stripped)
    decided: dict[int, Block] = {}
    found = {}
    position = 0
    for index, line in enumerate(lines):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped or index in underline_lines:
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        rows.append((index, start, end, stripped))
        marker = MARKDOWN_HEADING.match(stripped)
        if index in markup:
            decided[index] = Block("heading", start, end, level=markup[index])
        elif index in underlines:
            level = 1 if lines[underlines[index]].strip().startswith("=") else 2
            decided[index] = Block("heading", start, end, level=level)
            marked = True
        elif marker and stripped[marker.end():].strip("# \t") and not _table_note(lines, index):
            body = stripped[marker.end():]
            unclosed = body.rstrip("#")  # "## Title ##": the closing hashes follow whitespace
            if unclosed != body and unclosed[-1:] in (" ", "\t"):
                body = unclosed.rstrip()
            heading_start = start + marker.end()
            decided[index] = Block("heading", heading_start, heading_start + len(body), level=len(marker.group(1)))
            marked = True
        elif CREDITS.match(stripped):
            decided[index] = Block("credits", start, end)
        else:
            english = classify_english_line(stripped)
            if english in ("credits", "dateline"):
                decided[index] = Block(english, start, end)
            elif guess:
                found_here = candidate(index, stripped, heading_max_chars, english)
                if found_here is not None:
                    found[index] = found_here
    headings: dict[int, tuple[int, int]] = {}  # line index -> (heading length, level)
    continued: set[int] = set()
    if guess and not marked:
        continued = continuations(lines)
        title = find_title(lines, continued)
        title_lines = set(title.lines) if title else set()
        chosen = select(lines, found, continued, title_lines)
        shift = 0
        if title and title.whole_line and _is_whole_line(text, title):
            headings[title.lines[0]] = (-1, 1)
            shift = 1
        for c in chosen:
            headings[c.index] = (c.length, c.level + shift)
    blocks: list[Block] = []
    previous = -1
    for index, start, end, stripped in rows:
        if index in decided:
            blocks.append(decided[index])
        elif index in headings:
            length, level = headings[index]
            cut = end if length < 0 else start + length
            blocks.append(Block("heading", start, cut, level=level))
            rest = cut + len(text[cut:end]) - len(text[cut:end].lstrip())
            if rest < end:
                blocks.append(Block("paragraph", rest, end))  # the text of a run-in heading's line
        elif index in continued and blocks and blocks[-1].kind == "paragraph" and previous == index - 1:
            blocks[-1] = Block("paragraph", blocks[-1].start, end)  # one paragraph over its wrapped lines
        else:
            blocks.append(Block("paragraph", start, end))
        previous = index
    return blocks


def _is_whole_line(text: str, title) -> bool:
    """The title is its line as printed (no site name, footnote mark or second line): the root heading."""
    start, end = title.spans[0]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return len(title.spans) == 1 and line == text[start:end] and "*" not in line


def _setext_underlines(lines: list[str]) -> dict[int, int]:
    """{heading line index: underline line index} for Markdown Setext headings."""
    found: dict[int, int] = {}
    for index in range(1, len(lines)):
        above = lines[index - 1].strip()
        if (SETEXT_UNDERLINE.match(lines[index]) and above and not MARKDOWN_HEADING.match(above)
                and not SETEXT_UNDERLINE.match(lines[index - 1])):
            found[index - 1] = index
    return found


def _table_note(lines: list[str], index: int) -> bool:
    """A "# …" line among the notes under a table: above it, past other note items, a 註： / Notes: label."""
    for line in reversed(lines[max(0, index - 12):index]):
        stripped = line.strip()
        if not stripped:
            continue
        if is_notes_label(stripped):
            return True
        if not is_note_item(stripped):
            return False
    return False
