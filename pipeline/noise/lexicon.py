"""The noise lexicon: known spam tokens with a removal policy, matched with Aho-Corasick.

File format (TSV, ``#`` comments, a header row ``token policy note``): one token per
row in Simplified script; policy ``always``, ``contextual`` or ``batch`` (empty = the config's
``clean.default_policy``); what each policy means: pipeline.noise.engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

POLICIES = ("always", "contextual", "batch")


@dataclass(frozen=True)
class Entry:
    token: str
    policy: str
    note: str = ""


class LexiconError(ValueError):
    """A malformed lexicon file; the message names the file and line."""


def read_lexicon(path: str | Path, default_policy: str = "contextual") -> tuple[Entry, ...]:
    entries: dict[str, Entry] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            token = cols[0].strip()
            if token == "token" and number <= 10 and len(cols) > 1 and cols[1].strip() == "policy":
                continue  # header
            policy = cols[1].strip() if len(cols) > 1 and cols[1].strip() else default_policy
            if policy not in POLICIES:
                raise LexiconError(f"{path}:{number}: policy must be one of {POLICIES}, got {policy!r}")
            if not token:
                raise LexiconError(f"{path}:{number}: empty token")
            entries[token] = Entry(token, policy, cols[2].strip() if len(cols) > 2 else "")
    return tuple(entries.values())


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, Entry]
    automaton: ahocorasick.Automaton | None

    def matches(self, text: str) -> list[tuple[int, int, Entry]]:
        """All (possibly overlapping) occurrences, sorted by start then longest first."""
        if self.automaton is None:
            return []
        found = [(end + 1 - len(e.token), end + 1, e) for end, e in self.automaton.iter(text)]
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        return found


@lru_cache(maxsize=8)
def load_lexicon(path: str, default_policy: str = "contextual") -> Lexicon:
    entries = read_lexicon(path, default_policy)
    automaton = None
    if entries:
        automaton = ahocorasick.Automaton()
        for entry in entries:
            automaton.add_word(entry.token, entry)
        automaton.make_automaton()
    return Lexicon({e.token: e for e in entries}, automaton)
