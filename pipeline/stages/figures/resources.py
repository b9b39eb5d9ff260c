"""Figure resource files (``pipeline/resources/figures/``) loaded once per folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.document import Document



WRAP = "\u2028"  # stands for a hard line wrap between a number and its unit (75 000⏎個, 24⏎小時)


class Lex:
    """Surfaces indexed by first character; longest match first. Items are tuples, surface first."""

    def __init__(self, items: list[tuple[str, ...]]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for item in sorted(items, key=lambda it: -len(it[0])):
            self.by_first.setdefault(item[0][0], []).append(item)

    def match(self, norm: str, pos: int, allow_space: bool = True) -> tuple[int, tuple[str, ...]] | None:
        """Longest item at ``pos``; non-CJK surfaces may follow one space and need a boundary after."""
        here = norm[pos : pos + 1]
        starts = (pos + 1,) if here == WRAP else (pos, pos + 1) if allow_space and here == " " else (pos,)
        for start in starts:
            for item in self.by_first.get(norm[start : start + 1], ()):
                surface = item[0]
                cjk = _is_cjk(surface[0])
                if start != pos and cjk and here != WRAP:
                    continue
                if not norm.startswith(surface, start):
                    continue
                end = start + len(surface)
                after = norm[end : end + 1]
                if not cjk:
                    if after and after.isascii() and after.isalnum():
                        continue
                    if len(surface) == 1 and surface.isalpha() and start == pos and after \
                            and not after.isascii() and after.isalpha():
                        continue  # 4K视频, 5G网络: a glued single letter before Chinese is a name, not a unit
                return end, item
        return None


# the characters a case-insensitive Latin word can match (with re.IGNORECASE "i" also matches İ ı, "s" ſ,
# "k" the Kelvin sign): a window without them cannot hold a Latin subject word
LATIN_FOLD_RE = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


class LazyPattern:
    """A regular expression compiled on first use, used like the ``re.Pattern`` it stands for.

    The figure grammar is large (about 120 block patterns, case-folded English alternations):
    compiling it all when the resources load cost a cold start ~0.1-0.3 s, though a document uses
    only the patterns whose needed characters it contains. Compiling by need changes no match."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def __getattr__(self, name: str):  # search, match, finditer, pattern … of the compiled pattern
        return getattr(self.compiled, name)


@dataclass(frozen=True)
class Qualifier:
    surface: str
    approximate: bool
    bound: str | None


@dataclass(frozen=True)
class Resources:
    units: tuple[tuple[str, str, str], ...]  # surface, symbol, kind; longest first
    english_words: dict[str, tuple[int, str]]  # english_numbers.tsv: word → (value, kind)
    english_word_re: LazyPattern
    currency_suffix: tuple[tuple[str, str, str], ...]  # surface, ISO code, factor to the currency
    currency_prefix: tuple[tuple[str, str], ...]
    classifiers: tuple[str, ...]
    prefix_qualifiers: tuple[Qualifier, ...]
    infix_qualifiers: tuple[Qualifier, ...]
    suffix_qualifiers: tuple[Qualifier, ...]
    direction_re: LazyPattern
    direction_of: dict[str, str]
    subject_re: LazyPattern
    subject_end_re: LazyPattern
    subject_cjk_re: LazyPattern  # the same alternation without its Latin words, for windows with no letter:
    subject_cjk_end_re: LazyPattern  # the case-folded Latin words cost most of the compilation
    subject_max_len: int
    subject_kinds: dict[str, frozenset[str]]
    block_res: tuple[LazyPattern, ...]  # compiled by need (BlockCheck asks only for those it runs)
    block_needs: tuple[str | None, ...]  # per pattern: characters one of which it needs to match
    units_lex: Lex
    units_cjk_lex: Lex
    currency_lex: Lex
    classifier_lex: Lex
    prefix_qual_re: LazyPattern
    prefix_currency_re: LazyPattern
    prefix_currency: dict[str, str]
    eras: dict[str, int]  # eras.tsv: regnal era name → Gregorian year of its year 1


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _is_latin(surface: str) -> bool:
    return surface[:1].isascii() and surface[:1].isalpha()


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=1)
def default_resource_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources" / "figures"


def resource_dir(doc: Document) -> Path:
    """``extract.figures_resources``: ``builtin`` or a folder (relative to the config file)."""
    return doc.config.resource_path("extract.figures_resources", "figures")


@lru_cache(maxsize=8)
def load_resources(directory: str) -> Resources:
    """Read the figure resource files once per process (cached by folder)."""
    base = Path(directory)
    units = sorted(
        ((r[0], r[1], r[2]) for r in _rows(base / "units.tsv")), key=lambda r: -len(r[0])
    )
    cur = _rows(base / "currencies.tsv")
    suffix = sorted(((r[0], r[1], r[3] if len(r) > 3 else "1") for r in cur if r[2] == "suffix"),
                    key=lambda r: -len(r[0]))
    prefix = sorted(((r[0], r[1]) for r in cur if r[2] == "prefix"), key=lambda r: -len(r[0]))
    classifiers = sorted((r[0] for r in _rows(base / "classifiers.txt")), key=lambda s: -len(s))
    quals: dict[str, list[Qualifier]] = {"prefix": [], "infix": [], "suffix": []}
    for r in _rows(base / "qualifiers.tsv"):
        bound = None if r[3] == "-" else r[3]
        quals[r[1]].append(Qualifier(r[0], r[2] == "true", bound))
    for key in quals:
        quals[key].sort(key=lambda q: -len(q.surface))
    directions = {r[0]: r[1] for r in _rows(base / "directions.tsv")}
    cn_verbs = sorted((d for d in directions if not _is_latin(d)), key=len, reverse=True)
    en_verbs = sorted((d for d in directions if _is_latin(d)), key=len, reverse=True)
    prefix_alt = "|".join(re.escape(q.surface) for q in quals["prefix"])
    direction_re = LazyPattern(
        rf"(?:(?P<cn>{'|'.join(map(re.escape, cn_verbs))})(?:了|至|到|为|达|了约)?"
        rf"(?:\d{{4}}年(?:[初底末中])?的?)?"
        rf"|\b(?P<en>{'|'.join(map(re.escape, en_verbs))})(?:\s+(?:by|to))?\s+)"
        rf"(?:{prefix_alt})?\s*$",
        re.IGNORECASE,
    )
    subjects = {r[0]: frozenset(r[1].split(",")) for r in _rows(base / "subjects.tsv")}
    words = sorted(subjects, key=len, reverse=True)
    subject_alt = "|".join(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if _is_latin(w) else re.escape(w)
                           for w in words)
    cjk_alt = "|".join(re.escape(w) for w in words if not LATIN_FOLD_RE.search(w))
    words, patterns, needs = [], [], []
    for line in (base / "not_figures.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("re:"):
            pattern, _, need = line[3:].partition("\tneeds:")
            patterns.append(pattern)
            needs.append(need or None)
        else:
            words.append(line)
    # one alternation of the fixed words (fast), then each pattern alone (faster than one big alternation),
    # each compiled when a document first needs it
    block_res = (LazyPattern("|".join(map(re.escape, sorted(words, key=len, reverse=True)))),
                 *(LazyPattern(p) for p in patterns))
    block_needs = (None, *needs)
    cn_quals = [q.surface for q in quals["prefix"] if not _is_latin(q.surface)]
    en_quals = [q.surface for q in quals["prefix"] if _is_latin(q.surface)]
    prefix_qual_re = LazyPattern(
        rf"(?:(?P<cn>{'|'.join(map(re.escape, cn_quals))})[ ]?|(?<![A-Za-z])(?P<en>{'|'.join(map(re.escape, en_quals))})\s+)$",
        re.IGNORECASE,
    )
    from pipeline.stages.figures.numerals import english_word_re, english_word_table  # (numerals needs Resources)

    english = english_word_table(directory)
    return Resources(
        units=tuple(units),
        english_words=english,
        english_word_re=english_word_re(english),
        currency_suffix=tuple(suffix),
        currency_prefix=tuple(prefix),
        classifiers=tuple(classifiers),
        prefix_qualifiers=tuple(quals["prefix"]),
        infix_qualifiers=tuple(quals["infix"]),
        suffix_qualifiers=tuple(quals["suffix"]),
        direction_re=direction_re,
        direction_of={k.lower(): v for k, v in directions.items()},
        subject_re=LazyPattern(subject_alt, re.IGNORECASE),
        subject_end_re=LazyPattern(f"(?:{subject_alt})$", re.IGNORECASE),
        subject_cjk_re=LazyPattern(cjk_alt),
        subject_cjk_end_re=LazyPattern(f"(?:{cjk_alt})$"),
        subject_max_len=max(map(len, words)),
        subject_kinds=subjects,
        block_res=block_res,
        block_needs=block_needs,
        units_lex=Lex(units),
        units_cjk_lex=Lex([u for u in units if _is_cjk(u[0][0])]),
        currency_lex=Lex(suffix),
        classifier_lex=Lex([(c,) for c in classifiers]),
        prefix_qual_re=prefix_qual_re,
        prefix_currency_re=LazyPattern(
            "(?P<cur>" + "|".join(
                (rf"(?<![A-Za-z]){re.escape(c)}" if _is_latin(c) else re.escape(c)) for c, _ in prefix
            ) + r")\s?$"
        ),
        prefix_currency=dict(prefix),
        eras={r[0]: int(r[1]) for r in _rows(base / "eras.tsv")} if (base / "eras.tsv").exists() else {},
    )



@dataclass(frozen=True)
class Facts:
    """What the document says about itself that figures depend on: the region (whose currency a
    bare 元 / $ is, whose calendar 114年 follows) and the reference date relative dates resolve
    against (``None`` parts when the text does not state them)."""

    region: str = "CN"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    stated: bool = False  # the text states its date (a dateline, a stamp); not only a year it names
    paragraphs: tuple[tuple[int, int, str], ...] = ()  # (start, end, region) of paragraphs of another region

    def region_at(self, position: int) -> str:
        """The region of the paragraph holding ``position``: its own when its markers say so
        (``pipeline.region.paragraph_regions``), else the document's."""
        for start, end, region in self.paragraphs:
            if start <= position < end:
                return region
        return self.region
