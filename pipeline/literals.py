"""Find a fixed list of names in text, as a longest-first regex alternation with word-edge
lookarounds would, but from an Aho-Corasick automaton.

Known English names (gazetteers, glossary) are thousands of literals. Compiled as one regular
expression they cost 0.1–0.3 s of every cold start each; the automaton is built ~50× faster and
scans at the same speed. The matches are the regex's: leftmost first, at each position the longest
name whose edges are not inside a word, then on from its end (non-overlapping).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ahocorasick

WordChar = Callable[[str], bool]


def ascii_alnum(char: str) -> bool:
    """A Latin letter or digit: a name must not start or end inside such a word."""
    return char.isascii() and char.isalnum()


class LiteralNames:
    """A set of literal names and the rule for their edges (``inside_word``: a character that, next to
    an edge, means the name would cut a word; ``right_inside_word`` when the right edge differs)."""

    def __init__(self, names: Iterable[str], inside_word: WordChar,
                 right_inside_word: WordChar | None = None) -> None:
        self.names = frozenset(name for name in names if name)
        self.inside_word = inside_word
        self.right_inside_word = right_inside_word or inside_word
        self._automaton = None
        if self.names:
            automaton = ahocorasick.Automaton()
            for name in self.names:
                automaton.add_word(name, name)
            automaton.make_automaton()
            self._automaton = automaton

    def __bool__(self) -> bool:
        return self._automaton is not None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, name) of every match in ``text[start:end]``. The left edge looks before
        ``start``; the right edge passes at ``end`` (a slice boundary is a word boundary)."""
        if self._automaton is None:
            return []
        end = len(text) if end is None else end
        found: list[tuple[int, int, str]] = []
        for last, name in self._automaton.iter(text, start, end):
            first = last + 1 - len(name)
            stop = last + 1
            if first > 0 and self.inside_word(text[first - 1]):
                continue
            if stop < end and self.right_inside_word(text[stop]):
                continue
            found.append((first, stop, name))
        found.sort(key=lambda match: (match[0], match[0] - match[1]))
        out: list[tuple[int, int, str]] = []
        cursor = start
        for first, stop, name in found:
            if first >= cursor:
                out.append((first, stop, name))
                cursor = stop
        return out
