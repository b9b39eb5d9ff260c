"""What every step of the entity stage reads: the clean text, the segmenter's words (with bisect look-ups),
the sentences and the byline's names, plus per-document memos (a name's cue anywhere in the document)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from pipeline.ner.evidence import cued_elsewhere

Word = tuple[int, int, str]  # start, end, pos


class WordIndex:
    """Segmenter words (sorted, non-overlapping) with bisect look-ups: boundaries, word ending at a point."""

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.starts = [w[0] for w in words]
        self.ends = [w[1] for w in words]

    def is_boundary(self, pos: int) -> bool:
        i = bisect_left(self.starts, pos)
        if i < len(self.starts) and self.starts[i] == pos:
            return True
        j = bisect_left(self.ends, pos)
        return (j < len(self.ends) and self.ends[j] == pos) or not self.words

    def word_ending_at(self, pos: int) -> Word | None:
        j = bisect_left(self.ends, pos)
        return self.words[j] if j < len(self.ends) and self.ends[j] == pos else None

    def range(self, start: int, end: int) -> list[Word]:
        """Words overlapping [start, end), clipped to it, in offsets relative to ``start``."""
        i = bisect_right(self.ends, start)
        j = bisect_left(self.starts, end)
        out = [(ws - start, we - start, pos) for ws, we, pos in self.words[i:j]]
        if out:
            if out[0][0] < 0:
                out[0] = (0, out[0][1], out[0][2])
            if out[-1][1] > end - start:
                out[-1] = (out[-1][0], end - start, out[-1][2])
        return out


@dataclass
class EntityContext:
    """What every step reads: the clean text, the segmenter's words, sentences and the byline's names."""

    text: str
    words: list[Word]
    sentences: list[tuple[int, int]]
    byline_names: list[str] = field(default_factory=list)
    word_index: WordIndex = field(init=False)
    person_spans: list[tuple[int, int]] = field(default_factory=list)  # known persons, for list cues
    _cued: dict[str, bool] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.sentences = list(self.sentences) or [(0, len(self.text))]
        self.word_index = WordIndex(self.words)

    def cued_name(self, name: str) -> bool:
        """Has some occurrence of ``name`` in this document a person cue? (memoised per document)"""
        if name not in self._cued:
            self._cued[name] = cued_elsewhere(self.text, name, self.person_spans)
        return self._cued[name]
