"""Character alignment between a source text and a text derived from it.

Every stage that changes text (conversion, cleaning) returns an :class:`Alignment`,
so any span of the final clean text can be traced back to the original input.
An alignment is a sorted list of segments ``(src_start, src_end, dst_start, dst_end)``
that tile both texts. A segment of equal lengths maps character by character; a
segment of unequal lengths (a replacement, a deletion, an insertion) maps as one block.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

Segment = tuple[int, int, int, int]


@dataclass(frozen=True)
class Alignment:
    """Piecewise map between ``src`` and ``dst`` character offsets."""

    segments: tuple[Segment, ...]
    src_length: int
    dst_length: int

    # ------------------------------------------------------------------ builders
    @classmethod
    def identity(cls, length: int) -> "Alignment":
        return cls(((0, length, 0, length),), length, length)

    @classmethod
    def from_edits(cls, src_length: int, edits: Iterable[tuple[int, int, int]]) -> "Alignment":
        """Build from non-overlapping edits ``(src_start, src_end, replacement_length)``.

        A deletion is ``(s, e, 0)``; a same-length substitution needs no edit at all.
        """
        segments: list[Segment] = []
        src_pos = dst_pos = 0
        for start, end, new_length in sorted(edits):
            if start < src_pos or end < start or end > src_length:
                raise ValueError(f"overlapping or invalid edit ({start}, {end})")
            if start > src_pos:
                segments.append((src_pos, start, dst_pos, dst_pos + start - src_pos))
                dst_pos += start - src_pos
            segments.append((start, end, dst_pos, dst_pos + new_length))
            dst_pos += new_length
            src_pos = end
        if src_pos < src_length or not segments:
            segments.append((src_pos, src_length, dst_pos, dst_pos + src_length - src_pos))
            dst_pos += src_length - src_pos
        return cls(tuple(_merge_linear(segments)), src_length, dst_pos)

    # ------------------------------------------------------------------ mapping
    def dst_to_src(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``dst`` span to the ``src`` span it came from."""
        return (self._map(start, True, to_src=True), self._map(end, False, to_src=True))

    def src_to_dst(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``src`` span to the ``dst`` span it became (removed text collapses)."""
        return (self._map(start, True, to_src=False), self._map(end, False, to_src=False))

    def dst_to_src_many(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`dst_to_src` for many spans (every token of a record) without per-call set-up.

        A span inside the character-by-character segment of the previous one (tokens come in text
        order) is shifted by that segment's offset: for a non-empty linear segment with ``dst``
        range [d0, d1), a start in [d0, d1) and an end in (d0, d1] map inside it, exactly as
        ``_map_offset`` maps them. Any other span takes the general path.
        """
        segments, keys, limit = self.segments, self._dst_keys, self.dst_length
        out: list[tuple[int, int]] = []
        low, high, shift = 0, -1, 0  # the linear segment last seen: dst [low, high), src = dst + shift
        for start, end in spans:
            if low <= start < high and low < end <= high:
                out.append((start + shift, end + shift))
                continue
            out.append((_map_offset(segments, keys, limit, 2, 0, start, True),
                        _map_offset(segments, keys, limit, 2, 0, end, False)))
            i = bisect_right(keys, start) - 1
            if 0 <= i < len(segments):
                s0, s1, d0, d1 = segments[i]
                if s1 - s0 == d1 - d0 > 0:
                    low, high, shift = d0, d1, s0 - d0
        return out

    def _map(self, pos: int, is_start: bool, *, to_src: bool) -> int:
        if to_src:
            return _map_offset(self.segments, self._dst_keys, self.dst_length, 2, 0, pos, is_start)
        return _map_offset(self.segments, self._src_keys, self.src_length, 0, 2, pos, is_start)

    @property
    def _src_keys(self) -> list[int]:
        return self._keys(0)

    @property
    def _dst_keys(self) -> list[int]:
        return self._keys(2)

    def _keys(self, index: int) -> list[int]:
        cache_name = f"_cache_keys_{index}"
        cached = self.__dict__.get(cache_name)
        if cached is None:
            cached = [segment[index] for segment in self.segments]
            object.__setattr__(self, cache_name, cached)
        return cached

    # ------------------------------------------------------------------ composition
    def then(self, nxt: "Alignment") -> "Alignment":
        """Compose ``self`` (A→B) with ``nxt`` (B→C) into A→C."""
        if nxt.src_length != self.dst_length:
            raise ValueError("alignments do not chain")
        first, second = self.segments, nxt.segments
        pieces: list[Segment] = []
        i = j = 0
        frontier = 0  # current position in B
        while i < len(first) or j < len(second):
            s = first[i] if i < len(first) else None
            n = second[j] if j < len(second) else None
            if s is not None and s[2] == s[3]:  # deleted by self: A text with no B
                c = nxt.src_to_dst(s[2], s[2])[0]
                pieces.append((s[0], s[1], c, c))
                i += 1
                continue
            if n is not None and n[0] == n[1]:  # inserted by nxt: C text with no B
                a = self.dst_to_src(n[0], n[0])[0]
                pieces.append((a, a, n[2], n[3]))
                j += 1
                continue
            if s is None or n is None:
                break
            hi = min(s[3], n[1])
            pieces.append((*_piece(s, frontier, hi, 2), *_piece(n, frontier, hi, 0)))
            frontier = hi
            if s[3] == hi:
                i += 1
            if n[1] == hi:
                j += 1
        segments = _merge_linear(_merge_overlaps(pieces)) or [(0, self.src_length, 0, nxt.dst_length)]
        return Alignment(tuple(segments), self.src_length, nxt.dst_length)


def _piece(segment: Segment, lo: int, hi: int, side: int) -> tuple[int, int]:
    """The other side of ``segment`` for the sub-range [lo, hi) of its ``side`` (0 src, 2 dst)."""
    other = 2 - side
    f0, f1, t0, t1 = segment[side], segment[side + 1], segment[other], segment[other + 1]
    if f1 - f0 == t1 - t0:
        return t0 + lo - f0, t0 + hi - f0
    return t0, t1


def _merge_overlaps(pieces: list[Segment]) -> list[Segment]:
    """Pieces cut from one block overlap; join them back into one block."""
    out: list[Segment] = []
    for piece in pieces:
        if piece[0] == piece[1] and piece[2] == piece[3]:
            continue
        if out and (piece[0] < out[-1][1] or piece[2] < out[-1][3]):
            p = out.pop()
            piece = (min(p[0], piece[0]), max(p[1], piece[1]), min(p[2], piece[2]), max(p[3], piece[3]))
        out.append(piece)
    return out


def _map_offset(segments: tuple[Segment, ...], keys: list[int], limit: int, from_index: int, to_index: int,
                pos: int, is_start: bool) -> int:
    """Map one offset through ``segments`` (``keys``: their start offsets on the side mapped from)."""
    if pos < 0 or pos > limit:
        raise ValueError(f"offset {pos} outside 0..{limit}")
    # For a start, prefer the segment that begins at pos; for an end, the one that ends there.
    i = bisect_right(keys, pos) - 1 if is_start else bisect_right(keys, pos - 1) - 1
    i = max(0, min(i, len(segments) - 1))
    # Skip empty segments on the side we map from (deletions seen from dst, insertions from src).
    seg = segments[i]
    while is_start and seg[from_index] == seg[from_index + 1] and i + 1 < len(segments):
        i += 1
        seg = segments[i]
    f0, f1, t0, t1 = seg[from_index], seg[from_index + 1], seg[to_index], seg[to_index + 1]
    if f1 - f0 == t1 - t0:
        return t0 + (pos - f0)
    if pos <= f0:
        return t0
    if pos >= f1:
        return t1
    return t0 if is_start else t1


def _merge_linear(segments: list[Segment]) -> list[Segment]:
    """Join adjacent equal-length segments that continue each other linearly."""
    merged: list[Segment] = []
    for seg in segments:
        if merged:
            p = merged[-1]
            linear_prev = p[1] - p[0] == p[3] - p[2]
            linear_cur = seg[1] - seg[0] == seg[3] - seg[2]
            if linear_prev and linear_cur and p[1] == seg[0] and p[3] == seg[2]:
                merged[-1] = (p[0], seg[1], p[2], seg[3])
                continue
        merged.append(seg)
    return merged
