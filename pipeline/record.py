"""Reading records: the compact token columns (schema 2.0) and their expansion.

A record's ``tokens`` is one mapping of parallel columns instead of one mapping per token
(a token list was three quarters of a 1.0 record, ~105 bytes per token)::

    "tokens": {
      "gap":            [0,0,0,1,...],   # characters between the previous token's end (0 at first) and this start
      "length":         [2,1,1,2,...],   # end - start
      "pos":            ["ns","n","x","m",...],
      "original_shift": [[0,0,0],[412,0,4],[413,4,4]]
    }

Clean offsets: ``start = previous end + gap`` (the previous end of the first token is 0),
``end = start + length``; the token's text is ``record["text"][start:end]`` (never stored).
Original offsets (into ``text_original``): ``original_shift`` is a run list sorted by token
index; an entry ``[i, start_shift, end_shift]`` holds for token ``i`` and every later token up
to the next entry: ``start_original = start + start_shift``, ``end_original = end + end_shift``.
A new entry is written only where the shifts change (around a noise removal, a conversion that
changed lengths), so a report without either has the single entry ``[0, 0, 0]``; no tokens, no
entries. :func:`tokens` expands the columns into the 1.0 per-token mappings.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

TOKEN_COLUMNS = ("gap", "length", "pos", "original_shift")


def compact_tokens(spans: Sequence[tuple[int, int, str]], originals: Iterable[tuple[int, int]]) -> dict[str, list]:
    """The token columns of ``(start, end, pos)`` clean spans and their ``(start_original, end_original)``."""
    gap: list[int] = []
    length: list[int] = []
    pos: list[str] = []
    shifts: list[list[int]] = []
    previous_end = 0
    current: tuple[int, int] | None = None
    for index, ((start, end, tag), (start_original, end_original)) in enumerate(zip(spans, originals)):
        gap.append(start - previous_end)
        length.append(end - start)
        pos.append(tag)
        previous_end = end
        shift = (start_original - start, end_original - end)
        if shift != current:
            shifts.append([index, shift[0], shift[1]])
            current = shift
    return {"gap": gap, "length": length, "pos": pos, "original_shift": shifts}


def token_spans(record: dict[str, Any]) -> list[tuple[int, int, int, int]]:
    """``(start, end, start_original, end_original)`` of every token of a 2.0 record."""
    columns = record["tokens"]
    shifts = columns["original_shift"]
    out: list[tuple[int, int, int, int]] = []
    next_run, start_shift, end_shift = 0, 0, 0
    end = 0
    for index, (gap, length) in enumerate(zip(columns["gap"], columns["length"])):
        while next_run < len(shifts) and shifts[next_run][0] <= index:
            _, start_shift, end_shift = shifts[next_run]
            next_run += 1
        start = end + gap
        end = start + length
        out.append((start, end, start + start_shift, end + end_shift))
    return out


def tokens(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's tokens as one mapping each, exactly the 1.0 form:
    ``{"text", "pos", "start", "end", "start_original", "end_original"}``.

    A 1.0 record (``tokens`` already a list) is returned as it is.
    """
    columns = record["tokens"]
    if isinstance(columns, list):
        return columns
    text = record["text"]
    return [{"text": text[start:end], "pos": pos, "start": start, "end": end,
             "start_original": start_original, "end_original": end_original}
            for (start, end, start_original, end_original), pos in zip(token_spans(record), columns["pos"])]


def with_tokens(record: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy of the record whose ``tokens`` is the expanded list (for tools that want 1.0 tokens)."""
    return {key: tokens(record) if key == "tokens" else value for key, value in record.items()}
