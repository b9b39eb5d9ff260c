"""English entities, part 1: the vocabulary (``pipeline/resources/english/``) and the scanning of Latin
text into words and capitalised name sequences, shared by the organisation and the people rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.literals import LiteralNames
from pipeline.config import RESOURCES_DIR

# A word: letters/digits with inner - ' ’ & . (Yat-sen, O'Neil, R&D, U.S.), an optional final period.
WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f'’&.\-]*[A-Za-z0-9\u00c0-\u024f])?\.?")
SENTENCE_BREAK = set(".!?。！？；;:：\n\"“”")
CONNECTORS_SPLIT = ("of", "for")


def english_dir() -> Path:
    return RESOURCES_DIR / "english"


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    heads: dict[str, str]
    connectors: frozenset[str]
    common: frozenset[str]  # lower-case
    generic: frozenset[str]  # lower-case
    titles: frozenset[str]  # lower-case, no final period
    speech: frozenset[str]
    office: frozenset[str]
    given: frozenset[str]
    surnames: frozenset[str]


@lru_cache(maxsize=4)
def lexicon(directory: str | None = None) -> Lexicon:
    base = Path(directory) if directory else english_dir()
    heads = {}
    for line in _lines(base / "heads.tsv"):
        head, label = line.split("\t")[:2]
        heads[head.strip()] = label.strip()
    return Lexicon(
        heads=heads,
        connectors=frozenset(_lines(base / "connectors.txt")),
        common=frozenset(w.lower() for w in _lines(base / "common_words.txt")),
        generic=frozenset(w.lower() for w in _lines(base / "generic_words.txt")),
        titles=frozenset(w.lower().rstrip(".") for w in _lines(base / "titles.txt")),
        speech=frozenset(w.lower() for w in _lines(base / "speech_verbs.txt")),
        office=frozenset(w.lower() for w in _lines(base / "office_verbs.txt")),
        given=frozenset(_lines(base / "given_names.txt")),
        surnames=frozenset(w for line in _lines(base / "pinyin_surnames.txt") for w in line.split()),
    )


PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                   r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu"
                   r"|ua|uo|ui|ue|er|a|o|e|i|u|v)")
PINYIN_GIVEN = re.compile(rf"(?:{PINYIN_SYLLABLE})(?:[-']?(?:{PINYIN_SYLLABLE})){{0,2}}", re.IGNORECASE)


MIDDLE_INITIAL = re.compile(r"[A-Z]\.")
HYPHEN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[A-Za-z][a-z]{1,5}")


def is_pinyin_given(word: str) -> bool:
    """A pinyin given name of one to three syllables (Weihua, Can, Qing-li)."""
    return len(word) >= 2 and word[0].isupper() and PINYIN_GIVEN.fullmatch(word) is not None


def _latin_word_char(char: str) -> bool:
    """A letter or digit of a Latin word (accented letters included): names do not cut one."""
    return ("A" <= char <= "Z" or "a" <= char <= "z" or "0" <= char <= "9"
            or "\u00c0" <= char <= "\u024f")


def _latin_word_char_or_dollar(char: str) -> bool:
    return char == "$" or _latin_word_char(char)


@lru_cache(maxsize=8)
def gazetteer_names(names: tuple[str, ...]) -> LiteralNames | None:
    """English gazetteer names as one matcher; not followed by a Latin word character or "$"."""
    return LiteralNames(names, _latin_word_char, _latin_word_char_or_dollar) or None


# ---------------------------------------------------------------------------- scanning
@dataclass
class Word:
    text: str
    start: int
    end: int
    sentence_initial: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def bare(self) -> str:
        return self.text.rstrip(".") if self.text.count(".") == 1 else self.text


def scan_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Latin words of ``text[start:end]``; a final period stays only on abbreviations and initials."""
    end = len(text) if end is None else end
    words: list[Word] = []
    for match in WORD.finditer(text, start, end):
        s, e = match.span()
        token = match.group()
        if token.endswith(".") and not _keeps_period(token):
            token, e = token[:-1], e - 1
        if not token:
            continue
        words.append(Word(token, s, e, _sentence_initial(text, s)))
    return words


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pipeline.stages.segment import english_abbreviations

    heads = {h for h in lexicon().heads if h.endswith(".")}
    return english_abbreviations() | heads


def _keeps_period(token: str) -> bool:
    """Dr., Inc., U.S., J. keep their period; a sentence's last word gives it back."""
    if len(token) == 2 and token[0].isupper():
        return True
    if token.count(".") >= 2 and all(len(p) <= 2 for p in token.rstrip(".").split(".")):
        return True
    return token in _abbreviations()


def _sentence_initial(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t\"“'‘(（":
        i -= 1
    return i < 0 or text[i] in SENTENCE_BREAK


def _sequences(text: str, words: list[Word], lex: Lexicon) -> list[list[Word]]:
    """Maximal capitalised sequences: words joined by one space, lower-case connectors inside."""
    sequences: list[list[Word]] = []
    current: list[Word] = []

    def close() -> None:
        while current and not current[-1].capitalised:
            current.pop()
        if current:
            sequences.append(list(current))
        current.clear()

    for word in words:
        joined = bool(current) and text[current[-1].end:word.start] == " "
        if word.capitalised:
            if not joined:
                close()
            current.append(word)
        elif joined and word.text in lex.connectors and current[-1].capitalised or (
                joined and word.text == "the" and current[-1].text in CONNECTORS_SPLIT):
            current.append(word)
        else:
            close()
    close()
    return sequences


def _strip_leading(seq: list[Word], lex: Lexicon) -> tuple[list[Word], bool]:
    """Drop sentence-initial common words, titles and dangling connectors; report a title cue."""
    titled = False
    i = 0
    while i < len(seq):
        word = seq[i]
        low = word.bare.lower()
        if not word.capitalised:
            i += 1
            continue
        if low in lex.titles:
            titled = True
            i += 1
            continue
        if (word.sentence_initial or i > 0) and low in lex.common:
            i += 1
            continue
        break
    rest = seq[i:]
    while rest and not rest[0].capitalised:
        rest = rest[1:]
    return rest, titled
