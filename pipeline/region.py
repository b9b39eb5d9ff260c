"""The document's region: TW / HK / MO / CN / INTL — whose currency a bare 元 or $ is, whose calendar
a bare 114年 follows (tests/gold/GUIDELINES.md §2, §6, §10).

Built on conversion's script variant (``source.variant``: Taiwan or Hong Kong character forms) plus
explicit markers weighed in ``pipeline/resources/region/markers.tsv`` (currencies, institutions,
places). The variant alone is weak evidence (Macao writes Hong Kong forms; a mainland journal may be
republished in Traditional), so it only adds a prior to the marker scores.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

REGIONS = ("TW", "HK", "MO", "CN", "INTL")
MIN_SCORE = 6  # a few strong markers (two 港元) or many weak ones (香港 ×6); one passing mention is not enough
VARIANT_PRIOR = {"tw": ("TW", 6), "hk": ("HK", 3)}
RESOURCE_DIR = Path(__file__).resolve().parent / "resources" / "region"


@lru_cache(maxsize=2)
def load_markers(directory: str = str(RESOURCE_DIR)) -> tuple[re.Pattern[str], dict[str, tuple[str, int]]]:
    """One regex over every marker (Latin ones as whole words) and each marker's (region, weight)."""
    table: dict[str, tuple[str, int]] = {}
    for line in (Path(directory) / "markers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        marker, region, weight = line.split("\t")
        if region not in REGIONS:
            raise ValueError(f"markers.tsv: unknown region {region!r} for {marker!r}")
        table[marker] = (region, int(weight))
    alts = []
    for marker in sorted(table, key=lambda m: (-len(m), m)):
        esc = re.escape(marker)
        alts.append(rf"(?<![A-Za-z]){esc}(?![A-Za-z])" if marker[:1].isascii() else esc)
    first = "".join(sorted({re.escape(m[0]) for m in table}))
    # a first-character class lets the regex engine skip text fast
    return re.compile(f"(?=[{first}])(?:" + "|".join(alts) + ")"), table


@lru_cache(maxsize=2)
def load_currencies(directory: str = str(RESOURCE_DIR)) -> dict[str, tuple[str, str]]:
    """region → (currency of a bare 元, currency of a bare $)."""
    out = {}
    for line in (Path(directory) / "currencies.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            region, yuan, dollar = line.split("\t")
            out[region] = (yuan, dollar)
    return out


def region_scores(text: str, variant: str | None = None) -> dict[str, int]:
    """Weighted marker counts per region, with the script variant's prior."""
    pattern, table = load_markers()
    scores = dict.fromkeys(REGIONS, 0)
    for m in pattern.finditer(text):
        region, weight = table[m.group()]
        scores[region] += weight
    if variant in VARIANT_PRIOR:
        region, weight = VARIANT_PRIOR[variant]
        scores[region] += weight
    return scores


def detect_region(text: str, variant: str | None = None, has_han: bool | None = None) -> str:
    """The region with the top score if it is strong and clear; else CN for Chinese text, INTL for English."""
    scores = region_scores(text, variant)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_SCORE and top >= 2 * second:
        return best
    if has_han is None:
        has_han = any("\u4e00" <= ch <= "\u9fff" for ch in text[:2000])
    return "CN" if has_han else "INTL"


def bare_currency(region: str, dollar: bool) -> str:
    """The ISO code a bare 元 (``dollar=False``) or $ / dollars (``dollar=True``) means in ``region``."""
    yuan, usd = load_currencies().get(region, ("CNY", "USD"))
    return usd if dollar else yuan


def paragraph_regions(text: str, document_region: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, region) of the paragraphs (lines) whose own markers name another region than the
    document's as clearly as a document must (MIN_SCORE, twice the runner-up; no variant prior): a
    Hong Kong budget speech quoting a Taiwan figure in 新台币, a mainland report with a paragraph on
    Macao's 澳门元 reserves. A bare 元 there is that region's currency."""
    pattern, table = load_markers()
    by_line: dict[int, dict[str, int]] = {}
    for m in pattern.finditer(text):
        region, weight = table[m.group()]
        start = text.rfind("\n", 0, m.start()) + 1
        by_line.setdefault(start, dict.fromkeys(REGIONS, 0))[region] += weight
    out = []
    for start in sorted(by_line):
        ranked = sorted(by_line[start].items(), key=lambda kv: -kv[1])
        (best, top), (_, second) = ranked[0], ranked[1]
        if top >= MIN_SCORE and top >= 2 * second and best != document_region:
            end = text.find("\n", start)
            out.append((start, len(text) if end < 0 else end, best))
    return tuple(out)
