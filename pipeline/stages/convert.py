"""Convert: Traditional → Simplified Chinese with OpenCC, keeping the way back.

Steps, each a table in ``resources/convert/`` (see its PROVENANCE.md):

1. **Variant.** Taiwan, Hong Kong, generic Traditional or Simplified, from weighted markers
   (``variant_markers.tsv``: regional character forms and words such as 新臺幣 / 港元). Recorded
   in ``source.variant``; it picks OpenCC's regional config (``tw2s`` / ``hk2s`` / ``t2s``), which
   undoes that region's variant forms *without* rewriting vocabulary (never ``tw2sp``: 数位,
   网路, 川普 stay as written). A paragraph of a Taiwan or Hong Kong document whose own markers
   decisively name the other region (a Taiwan release quoted in a Hong Kong report) is converted by that region's config and
   recorded in ``source.variant_spans``; it needs ``convert.paragraph_variant_weight`` of
   evidence from regional *words* (民國, 新臺幣, 港元): single regional character forms do not
   count there, because generic Traditional has many of them (OpenCC's ``s2t`` writes 64).
2. **OpenCC**, line by line where it changes the length, with a character alignment.
3. **Variant characters** OpenCC keeps (``variants.tsv``: 賸 → 剩, 衞 → 卫, 揹 → 背 …).
4. **One-to-many characters, by rule with exception words.** The particle 著: a text that never
   writes 着 (Taiwan style) uses 著 for both zhù and zhe/zháo/zhuó; the mainland writes 着 except
   in zhù words (``zhe_keep.txt``: 著名, 显著, 著作, 土著 …). ``convert_zhe.py`` decides each 著:
   the particle unless a zhù word covers it and the segmenter's word model reads that word
   (他著有, 邀請著名學者 keep 著; 拿著名片, 配合著, 起著作用 are 着), or it is the author's 著 of a
   citation (魯迅著《吶喊》). A text that writes 着 (Hong Kong style) already distinguishes them:
   its 著 stays 著 whatever the regional table does. 帳: the mainland writes 账 for accounts (账户,
   账务, 转账) and 帐 only for curtains and tents (``zhang_keep.txt``: 帐篷, 蚊帐); OpenCC
   gives 帐 everywhere. ``choices.tsv``: 藉 → 借 but 慰藉, 顎 → 颚 but 硬腭, 鯰 → 鲇, and 於 after
   another Han character → 于 (位於倫敦: OpenCC's surname phrase 於倫 does not apply).
5. **Quotes** 「」 → “”, 『』 → ‘’ (``convert.quotes: mainland``; ``keep`` leaves them).
6. **Word forms** of Traditional input (``word_forms.tsv``): the same word written the mainland
   way (想像 → 想象, 部份 → 部分, 座標 → 坐标); spelling, never vocabulary.
7. **Phrase overrides** (``overrides.tsv``), the user's last word.

Steps 3–7 keep the length, so the alignment of step 2 stays exact.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.alignment import Alignment
from pipeline.config import Config
from pipeline.document import Document
from pipeline.stages.convert_zhe import choose_zhe, load_linking
from pipeline.stages.language import HAN, has_han
from pipeline.stages.segment import rjieba_tokenizer

VARIANTS = ("tw", "hk", "traditional", "simplified")
OPENCC_BY_VARIANT = {"tw": "tw2s", "hk": "hk2s", "traditional": "t2s", "simplified": "t2s"}
QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


class ConvertError(ValueError):
    """A conversion table is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Rules:
    """The resource files and options of one configuration (hashable: cached per process)."""
    overrides: Path | None = None
    variants: Path | None = None
    zhe_keep: Path | None = None
    zhang_keep: Path | None = None
    markers: Path | None = None
    choices: Path | None = None
    word_forms: Path | None = None
    zhe_linking: Path | None = None
    segment_dict: Path | None = None  # the segmenter's user dictionary: the 著 word model shares its tokenizer
    quotes: str = "mainland"
    paragraph_weight: int = 0  # evidence a paragraph needs to differ from its document (0: never)


class _NulSafe:
    """An OpenCC converter that keeps NUL characters: OpenCC's C++ core reads its input as a C
    string, and its multi-step configs (tw2s, hk2s) return nothing after a NUL — the whole text
    would be lost. Each NUL-free piece is converted alone and the NULs are put back."""

    def __init__(self, converter) -> None:
        self._converter = converter

    def convert(self, text: str) -> str:
        if "\x00" not in text:
            return self._converter.convert(text)
        return "\x00".join(self._converter.convert(piece) if piece else piece for piece in text.split("\x00"))


@lru_cache(maxsize=8)
def _converter(config_name: str) -> _NulSafe:
    import opencc  # imported lazily: keeps start-up cheap for commands that never convert

    try:
        return _NulSafe(opencc.OpenCC(config_name))
    except RuntimeError:
        raise ConvertError(f"convert.opencc_config: OpenCC has no config {config_name!r} "
                           "(t2s, tw2s, hk2s, … or auto)") from None


def _table_lines(path: Path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield number, line


@lru_cache(maxsize=8)
def load_overrides(path: Path) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Read the phrase table: a longest-first regex and the replacement of each phrase."""
    table: dict[str, str] = {}
    for number, line in _table_lines(path):
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


@lru_cache(maxsize=8)
def load_variants(path: Path) -> dict[int, str]:
    """``variants.tsv`` as a ``str.translate`` table (one character to one character)."""
    table: dict[int, str] = {}
    for number, line in _table_lines(path):
        parts = line.split("\t")
        if len(parts) < 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise ConvertError(f"{path}:{number}: expected 'character<TAB>character[<TAB>note]': {line!r}")
        table[ord(parts[0])] = parts[1]
    return table


@lru_cache(maxsize=16)
def load_keep_words(path: Path, char: str) -> re.Pattern[str] | None:
    """The words of a keep list (each containing ``char``) as one longest-first regex."""
    words = []
    for number, line in _table_lines(path):
        word = line.strip()
        if char not in word:
            raise ConvertError(f"{path}:{number}: a word of this list must contain {char}: {word!r}")
        words.append(word)
    if not words:
        return None
    return re.compile("|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w)))))


def load_zhe_keep(path: Path) -> re.Pattern[str] | None:
    """``zhe_keep.txt``: the zhù words that keep 著."""
    return load_keep_words(path, "著")


@dataclass(frozen=True)
class Choice:
    """One row of ``choices.tsv``: ``source`` becomes ``default`` except in ``keep`` words."""
    source: str
    default: str
    kept: str
    after_han: bool
    keep: re.Pattern[str] | None


@lru_cache(maxsize=8)
def load_choices(path: Path) -> tuple[Choice, ...]:
    """``choices.tsv``: one-to-many characters decided by rule with keep words."""
    rows = []
    for number, line in _table_lines(path):
        parts = line.split("\t")
        if (len(parts) not in (4, 5) or not all(len(p) == 1 for p in parts[:3])
                or parts[3] not in ("always", "after-han")):
            raise ConvertError(f"{path}:{number}: expected 'source<TAB>default<TAB>kept<TAB>always|after-han"
                               f"[<TAB>word,word…]': {line!r}")
        words = [w.strip() for w in parts[4].split(",") if w.strip()] if len(parts) == 5 else []
        for word in words:
            if parts[2] not in word:
                raise ConvertError(f"{path}:{number}: keep word {word!r} must contain {parts[2]}")
        keep = re.compile("|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))) if words else None
        rows.append(Choice(parts[0], parts[1], parts[2], parts[3] == "after-han", keep))
    return tuple(rows)


@lru_cache(maxsize=8)
def load_markers(path: Path) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, int]]]:
    """``variant_markers.tsv``: a regex over every marker and each marker's (variant, weight)."""
    table: dict[str, tuple[str, int]] = {}
    for number, line in _table_lines(path):
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in ("tw", "hk") or not parts[2].isdigit() or not parts[0]:
            raise ConvertError(f"{path}:{number}: expected 'marker<TAB>tw|hk<TAB>weight': {line!r}")
        table[parts[0]] = (parts[1], int(parts[2]))
    if not table:
        return None, table
    return re.compile("|".join(map(re.escape, sorted(table, key=lambda m: (-len(m), m))))), table


def _marker_hits(text: str, markers: Path | None) -> list[tuple[int, int, str, int]]:
    """(position, length, variant, weight) of every regional marker in ``text``."""
    if markers is None:
        return []
    pattern, table = load_markers(markers)
    if pattern is None:
        return []
    return [(match.start(), len(match.group()), *table[match.group()]) for match in pattern.finditer(text)]


def _decide(weights: dict[str, int], minimum: int = 1) -> str | None:
    """``tw`` / ``hk`` when one side weighs at least ``minimum`` and twice the other, else None."""
    for variant, other in (("tw", "hk"), ("hk", "tw")):
        if weights[variant] >= minimum and weights[variant] >= 2 * max(weights[other], 1):
            return variant
    return None


def detect_variant(text: str, markers: Path | None, generic: str | None = None,
                   hits: list[tuple[int, int, str, int]] | None = None) -> str:
    """``tw`` / ``hk`` when one region's markers weigh at least twice the other's, else
    ``traditional`` when OpenCC changes any character, else ``simplified``.

    ``generic`` is OpenCC ``t2s``'s conversion of ``text`` and ``hits`` its marker hits, when the
    caller already has them.
    """
    if (generic if generic is not None else _converter("t2s").convert(text)) == text:
        return "simplified"
    if markers is None:
        return "traditional"
    weights = {"tw": 0, "hk": 0}
    for _, _, variant, weight in (hits if hits is not None else _marker_hits(text, markers)):
        weights[variant] += weight
    return _decide(weights) or "traditional"


def paragraph_variants(text: str, hits: list[tuple[int, int, str, int]], document_variant: str,
                       minimum: int) -> list[tuple[int, int, str]]:
    """(start, end, variant) of the runs of paragraphs (lines) whose own *word* markers (新臺幣,
    民國, 港元 …; single character forms are left out: generic Traditional writes many of them)
    decisively name the other region of a Taiwan or Hong Kong document: at least ``minimum``
    weight and twice the other side. Consecutive such lines of one variant (blank lines between them allowed) form one
    run."""
    if minimum <= 0 or not hits or document_variant not in ("tw", "hk"):
        return []  # a generic or mixed document has no region for a paragraph to differ from
    weights_by_line: dict[int, dict[str, int]] = {}
    for position, length, variant, weight in hits:
        if length < 2:
            continue
        start = text.rfind("\n", 0, position) + 1
        weights_by_line.setdefault(start, {"tw": 0, "hk": 0})[variant] += weight
    runs: list[tuple[int, int, str]] = []
    for start in sorted(weights_by_line):
        variant = _decide(weights_by_line[start], minimum)
        if variant is None or variant == document_variant:
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if runs and runs[-1][2] == variant and not text[runs[-1][1]:start].strip():
            runs[-1] = (runs[-1][0], end, variant)
        else:
            runs.append((start, end, variant))
    return runs


def _opencc_with_alignment(text: str, config_name: str, converted: str | None = None) -> tuple[str, Alignment]:
    """OpenCC's conversion (``converted`` when already made) with its alignment."""
    converter = _converter(config_name)
    if converted is None:
        converted = converter.convert(text)
    if len(converted) == len(text):
        return converted, Alignment.identity(len(text))
    # Line-wise; lines whose length changes are aligned with difflib.
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


def _choose(original: str, converted: str, alignment: Alignment, source: str, default: str,
            keep: re.Pattern[str] | None, within: tuple[int, int] | None = None,
            kept: str | None = None, after_han: bool = False) -> str:
    """Every ``source`` character of ``original`` (inside ``within``, a range of ``original``,
    when given) becomes ``default`` in ``converted``, unless the converted text there belongs to
    a word of ``keep`` (matched with ``default`` read as OpenCC's own output, so both spellings of
    a keep word are recognised; ``kept`` is the keep words' spelling). With ``after_han`` only a
    character directly after another Han character is decided. Only a window around each position
    is searched: the characters are rare, the texts long."""
    lo, hi = within or (0, len(original))
    positions = [m.start() for m in re.compile(source).finditer(original, lo, hi)]
    if not positions:
        return converted
    chars = list(converted)
    kept = kept or _KEPT.get(default, default)
    reach = _KEEP_REACH
    same_length = len(alignment.segments) == 1 and alignment.src_length == alignment.dst_length  # identity
    for position in positions:
        start, end = (position, position + 1) if same_length else alignment.src_to_dst(position, position + 1)
        if end - start != 1 or (after_han and (position == 0 or not HAN.match(original[position - 1]))):
            continue
        choice = default
        if keep is not None:
            lo = max(0, start - reach)
            for match in keep.finditer(converted[lo:start + reach + 1].replace(default, kept)):
                if match.start() + lo <= start < match.end() + lo:
                    choice = match.group()[start - lo - match.start()]
                    break
        chars[start] = choice
    return "".join(chars)


_KEEP_REACH = 6  # longest keep word (著书立说, 中军帐 …) minus one: the window searched on each side


# Keep words are written in their kept spelling (著名, 帐篷); the default spelling is read back
# as the kept one before matching, so 着名 (a 著 already turned 着 by OpenCC's tw2s) still matches.
_KEPT = {"着": "著", "账": "帐"}


def to_simplified(text: str, opencc_config: str = "auto", overrides: Path | None = None,
                  rules: Rules | None = None) -> tuple[str, Alignment]:
    """Convert ``text`` and return it with its alignment (original → simplified)."""
    converted, alignment, _ = convert_text(text, opencc_config, rules or Rules(overrides=overrides))
    return converted, alignment


def _translate(text: str, table: dict[int, str]) -> str:
    """``str.translate`` only when a character of ``table`` occurs (translate is slow on CJK)."""
    return text.translate(table) if any(chr(code) in text for code in table) else text


def convert_text(text: str, opencc_config: str, rules: Rules) -> tuple[str, Alignment, str]:
    """The whole conversion: (simplified text, alignment, detected variant)."""
    converted, alignment, variant, _ = convert_with_spans(text, opencc_config, rules)
    return converted, alignment, variant


def convert_with_spans(text: str, opencc_config: str, rules: Rules
                       ) -> tuple[str, Alignment, str, list[tuple[int, int, str]]]:
    """``convert_text`` plus the paragraphs converted as another variant than the document's."""
    generic = _converter("t2s").convert(text)
    hits = _marker_hits(text, rules.markers) if generic != text else []
    variant = detect_variant(text, rules.markers, generic, hits)
    config_name = OPENCC_BY_VARIANT[variant] if opencc_config == "auto" else opencc_config
    converted, alignment = _opencc_with_alignment(text, config_name, generic if config_name == "t2s" else None)
    spans: list[tuple[int, int, str]] = []
    if opencc_config == "auto":
        for start, end, span_variant in paragraph_variants(text, hits, variant, rules.paragraph_weight):
            out = _converter(OPENCC_BY_VARIANT[span_variant]).convert(text[start:end])
            lo, hi = alignment.src_to_dst(start, end)
            if len(out) == hi - lo:  # same length: the alignment stays exact (else keep the document's)
                converted = converted[:lo] + out + converted[hi:]
                spans.append((start, end, span_variant))
    if rules.variants is not None:
        converted = _translate(converted, load_variants(rules.variants))
    if rules.zhe_keep is not None and "著" in text:
        for within, writes_zhe in _zhe_sections(text, spans):
            # a text (or paragraph of another region) that writes 着 already distinguishes them:
            # its 著 is zhù (Hong Kong style); otherwise 著 is 着 except in the keep words
            if writes_zhe:
                converted = _choose(text, converted, alignment, "著", "著", None, within)
            else:
                converted = choose_zhe(text, converted, alignment, load_zhe_keep(rules.zhe_keep), within,
                                       lambda: rjieba_tokenizer(rules.segment_dict),
                                       load_linking(rules.zhe_linking) if rules.zhe_linking else frozenset())
    if rules.zhang_keep is not None and "帳" in text:
        converted = _choose(text, converted, alignment, "帳", "账", load_keep_words(rules.zhang_keep, "帐"))
    if rules.choices is not None:
        for choice in load_choices(rules.choices):
            if choice.source in text:
                converted = _choose(text, converted, alignment, choice.source, choice.default, choice.keep,
                                    kept=choice.kept, after_han=choice.after_han)
    if rules.quotes == "mainland":
        converted = _translate(converted, QUOTES)
    if rules.word_forms is not None and variant != "simplified":
        pattern, table = load_overrides(rules.word_forms)
        if pattern is not None:
            converted = pattern.sub(lambda match: table[match.group()], converted)
    if rules.overrides is not None:
        pattern, table = load_overrides(rules.overrides)
        if pattern is not None:
            converted = pattern.sub(lambda match: table[match.group()], converted)
    return converted, alignment, variant, spans


def _zhe_sections(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[tuple[int, int] | None, bool]]:
    """The sections judged apart for 著 / 着, with whether each writes 着: the whole text, or each
    paragraph of another variant and the rest of the document (judged together)."""
    if not spans:
        return [(None, "着" in text)]
    rest, position, sections = [], 0, []
    for start, end, _ in spans:
        rest.append((position, start))
        sections.append(((start, end), "着" in text[start:end]))
        position = end
    rest.append((position, len(text)))
    rest_writes_zhe = any("着" in text[a:b] for a, b in rest)
    return sections + [(piece, rest_writes_zhe) for piece in rest if piece[1] > piece[0]]


def rules_for(config: Config) -> Rules:
    """The conversion rules of a loaded configuration."""
    return Rules(
        overrides=config.resource_path("convert.overrides", "convert", "overrides.tsv"),
        variants=config.resource_path("convert.variants", "convert", "variants.tsv"),
        zhe_keep=config.resource_path("convert.zhe_keep", "convert", "zhe_keep.txt"),
        zhang_keep=config.resource_path("convert.zhang_keep", "convert", "zhang_keep.txt"),
        markers=config.resource_path("convert.variant_markers", "convert", "variant_markers.tsv"),
        choices=config.resource_path("convert.choices", "convert", "choices.tsv"),
        word_forms=config.resource_path("convert.word_forms", "convert", "word_forms.tsv"),
        zhe_linking=config.resource_path("convert.zhe_linking", "convert", "zhe_linking.txt"),
        segment_dict=config.resource_path("segment.user_dict", "segment", "user_dict.txt"),
        quotes=_quotes(config.get("convert.quotes")),
        paragraph_weight=int(config.get("convert.paragraph_variant_weight")),
    )


def _quotes(value: str) -> str:
    if value not in ("mainland", "keep"):
        raise ConvertError(f"convert.quotes must be 'mainland' or 'keep', got {value!r}")
    return value


def convert(doc: Document) -> None:
    """Fill ``doc.text_simplified``, ``doc.convert_alignment``, ``source.variant`` and
    ``source.variant_spans``."""
    config = doc.config
    if not config.get("convert.enabled"):
        doc.text_simplified = doc.text_original
        doc.convert_alignment = Alignment.identity(len(doc.text_original))
        return
    doc.text_simplified, doc.convert_alignment, variant, spans = convert_with_spans(
        doc.text_original, config.get("convert.opencc_config"), rules_for(config))
    doc.source["variant"] = variant if has_han(doc.text_original) else None
    doc.source["variant_spans"] = [{"start": start, "end": end, "variant": span_variant}
                                   for start, end, span_variant in spans]
