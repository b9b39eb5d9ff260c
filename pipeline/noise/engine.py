"""Find the noise in one simplified text: lexicon matches and unknown spans, judged in context.

Pure function of (text, settings) so the clean stage, ``noise discover`` and the
benchmark share it. Offsets are into the text given. Passes repeat on the cleaned
text until nothing more is removed, which makes cleaning idempotent by construction.

The rule for a listed token (lexicon policy):
- ``always`` (瑜伽场地, 小树屋): removed wherever found outside protected spans;
- ``contextual`` (交流, 讲座: real words that spam also uses): removed only when the sentence reads
  better without it (score > ``lexicon_threshold``, or ``fusion_threshold`` on the fusion ground)
  **and** there is strong evidence it was injected, one of the GROUNDS, recorded in ``detail.grounds``
  (``split`` is decisive on its own); when the only grounds are about the document (polluted, batch)
  and a collocate of the word's genuine use is in the clause (collocates.py), it is held; a held match
  is only flagged (a noise candidate, ``detail.held``) so that no genuine word is silently lost;
- ``batch``: an entry that ``noise discover`` showed injected across a batch (its ground is ``batch``).
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

import numpy as np

from pipeline.document import Removal
from pipeline.noise import collocates, positions, protect, split
from pipeline.noise.detector import Classifier, context_logit, load_classifier, score_listed, score_span
from pipeline.noise.features import NO_COMPOUND, TOPIC_REACH, WINDOW, Models, is_boundary_char, load_models
from pipeline.noise.lexicon import Lexicon


GROUNDS = {  # strong evidence for removing a contextual token (see grounds())
    "fusion": "removal rejoins a dictionary word the insertion split (持续交流性 -> 持续性), and the token "
              "forms no dictionary word with its neighbours (招聘交流会 keeps 交流会)",
    "spam_run": "it touches a span removed as spam (next to it, or where nested spam was cut out)",
    "polluted": "an always-token (or, with clean.fusion_pollutes, a listed word on fusion) was removed from "
                "the same document: spam is injected per document",
    "batch": "the lexicon entry has policy batch: noise discover showed the string injected across a batch",
    "split": "removal rejoins a number or an acronym the insertion split (１[交流]９年, ５[交流]月, Ｎ[讲座]ＢＡ): "
             "real text never puts a word between a digit and its next digit or measure word (split.py)",
    "recurs": "another occurrence of the same listed word in the document reads injected on its own as well "
              "(both sentence log-odds > clean.twin_support_max): spam is dropped into a document more than "
              "once, a genuine word that reads out of place twice in one document was not seen in 3.9 M "
              "characters of development text (clean.recurs_ground)",
}
DECISIVE = ("split",)
DOCUMENT_GROUNDS = {"polluted", "batch", "recurs"}  # grounds about the document or batch, not this spot: a collocate outweighs them  # grounds strong enough to remove without the sentence score (recorded all the same)
ALWAYS_SCORE = 1.0  # score recorded for a removal decided by the lexicon's "always" policy
PROTECT_MARGIN = 40  # context (chars) given to the protectors around a candidate


@dataclass(frozen=True)
class Settings:
    lexicon: Lexicon
    models: Models
    classifier: Classifier
    lexicon_classifier: Classifier
    detector_classifier: Classifier
    contextual_prior: float
    polluted_prior: float
    lexicon_threshold: float
    detector: bool
    detector_threshold: float
    candidate_threshold: float
    prefilter: float
    max_chars: int
    max_passes: int
    require_grounds: bool = True
    fusion_pollutes: bool = True
    support_max: float = 0.0
    fusion_threshold: float = 0.0
    collocates: dict | None = None  # token -> {collocate: ratio} (collocates.py); None or empty: no such evidence
    collocate_hold: bool = True
    collocate_weigh: bool = True
    recurs_ground: bool = True
    positions: dict | None = None  # evidence name -> log likelihood ratio (positions.py); None or empty: none


def load_settings(lexicon: Lexicon, model_dir: Path, values: dict) -> Settings:
    return Settings(
        lexicon=lexicon,
        models=load_models(str(model_dir)),
        classifier=load_classifier(str(Path(model_dir) / "detector.json"), "context"),
        lexicon_classifier=load_classifier(str(Path(model_dir) / "detector.json"), "lexicon"),
        detector_classifier=load_classifier(str(Path(model_dir) / "detector.json"), "detector"),
        contextual_prior=float(values["contextual_prior"]),
        polluted_prior=float(values["polluted_prior"]),
        lexicon_threshold=float(values["lexicon_threshold"]),
        detector=bool(values["detector"]),
        detector_threshold=float(values["detector_threshold"]),
        candidate_threshold=float(values["candidate_threshold"]),
        prefilter=float(values["detector_prefilter"]),
        max_chars=int(values["detector_max_chars"]),
        max_passes=int(values["max_passes"]),
        require_grounds=bool(values.get("contextual_grounds", True)),
        fusion_pollutes=bool(values.get("fusion_pollutes", True)),
        support_max=float(values.get("twin_support_max", 0.0)),
        fusion_threshold=float(values.get("fusion_threshold", values["lexicon_threshold"])),
        collocates=collocates.load_ratios(str(Path(model_dir) / "collocates.tsv")),
        collocate_hold=bool(values.get("collocate_hold", True)),
        recurs_ground=bool(values.get("recurs_ground", True)),
        positions=positions.load(str(Path(model_dir) / "positions.tsv")) if values.get("clause_start", True) else None,
        collocate_weigh=bool(values.get("collocate_weigh", True)),
    )


@dataclass
class Decision:
    start: int
    end: int
    reason: str
    score: float
    remove: bool
    detail: dict


def detector_candidates(models: Models, text: str, prefilter: float, max_chars: int) -> list[tuple[int, int, float]]:
    """Spans whose character evidence alone passes the prefilter (vectorised, cheap)."""
    C = models.chars
    n = len(text)
    if n < 3:
        return []
    boundary = C.char_id("\n")
    ids = np.concatenate(([boundary], C.ids(text), [boundary]))  # ids[k+1] is text[k]
    entry = C.bigram(ids[:-1], ids[1:])  # entry[k] = log P(text[k] | text[k-1]); entry[n] = to boundary
    uni = C.unigram[ids[1:-1]]
    letters = np.fromiter((not is_boundary_char(c) for c in text), dtype=bool, count=n)
    bad = np.concatenate(([0], np.cumsum(~letters)))
    out: list[tuple[int, int, float]] = []
    for length in range(2, max_chars + 1):
        if n - length < 1:
            break
        starts = np.arange(1, n - length + 1)  # never at the very start
        ends = starts + length
        bridge = C.bigram(ids[starts], ids[ends + 1])
        lr = bridge + uni[starts] - entry[starts] - entry[ends]
        ok = (lr > prefilter) & (bad[ends] - bad[starts] == 0)
        for s in starts[ok]:
            out.append((int(s), int(s + length), float(lr[s - 1])))
    return out


def _overlaps(taken: np.ndarray, s: int, e: int) -> bool:
    return bool(taken[s:e].any())


def _near(junctions: list[int] | None, s: int, e: int, reach: int = WINDOW + 1) -> bool:
    """Whether a junction lies inside the evidence window of [s, e) (None: first pass)."""
    if junctions is None:
        return True
    k = bisect_left(junctions, s - reach)
    return k < len(junctions) and junctions[k] <= e + reach


def one_pass(settings: Settings, text: str, protection: Callable[..., bool],
             latin_touch: Callable[[int, int], bool], index: np.ndarray,
             junctions: list[int] | None, polluted: bool = False) -> tuple[list[Decision], bool, bool]:
    """Decisions on ``text``, whose characters sit at ``index`` in the first text; whether the
    document is now known to be polluted (see GROUNDS); whether matches judged before it was known
    must be judged again.

    ``protection(s, e)`` and ``latin_touch(s, e)`` take first-text offsets.
    """
    decisions: list[Decision] = []
    taken = np.zeros(len(text) + 1, dtype=bool)
    edges = set(junctions or ())
    judged_clean = rejudge = False

    def first(s: int, e: int) -> tuple[int, int]:
        return int(index[s]), int(index[e - 1]) + 1

    def blocked(s: int, e: int, entry) -> bool:
        if splits_cluster(text, s, e):
            return True
        fs, fe = first(s, e)
        if any(c.isascii() and c.isalpha() for c in entry.token):
            # an exact Latin lexicon token may go, but never out of a longer Latin word
            return latin_touch(fs, fe) or protection(fs, fe, True)
        return protection(fs, fe)

    # contextual matches also weigh topic evidence from TOPIC_REACH characters around: re-judge them
    # whenever a removal happened that far away (keeps cleaning idempotent)
    matches = [m for m in settings.lexicon.matches(text)
               if _near(junctions, m[0], m[1], WINDOW + 1 if m[2].policy == "always" else TOPIC_REACH + 1)]
    # sentence evidence of every contextual match first: an occurrence that reads as injected on its
    # own (or an always-token) is kept out of the topic evidence of the others (no vouching twins)
    sentence = {(s, e): context_logit(settings.models, settings.classifier, text, s, e)
                for s, e, entry in matches if entry.policy != "always"}
    suspects = [(s, e) for s, e, entry in matches
                if entry.policy == "always" or sentence[(s, e)][0] > settings.support_max]
    recurring = _recurring(matches, sentence, settings.support_max) if settings.recurs_ground else set()
    # "always" tokens first: they are decided by policy, and a confirmed one is evidence for the rest
    for s, e, entry in sorted(matches, key=lambda m: (m[2].policy != "always", m[0], m[0] - m[1])):
        if _overlaps(taken, s, e):
            continue
        if entry.policy == "always":  # decided by policy: no evidence needed (and none computed)
            score, detail, remove = ALWAYS_SCORE, {"policy": "always"}, True
        else:
            prior = settings.contextual_prior + (settings.polluted_prior if polluted else 0.0)
            masked = tuple((a, b) for a, b in suspects if (a, b) != (s, e) and b > s - TOPIC_REACH
                           and a < e + TOPIC_REACH)
            logit, evidence = score_listed(settings.models, settings.classifier, settings.lexicon_classifier,
                                            text, s, e, masked, sentence[(s, e)])
            position = (settings.positions or {}).get("clause_start", 0.0) if positions.opens_clause(text, s) else 0.0
            if position:
                evidence["clause_start"] = position  # a listed word seldom opens a clause; spam does, by chance
            score = round(logit + prior + position, 3)
            found = grounds(entry.policy, evidence, s, e, taken, edges, polluted)
            if (s, e) in recurring:
                found.append("recurs")
            rejoined = split.rejoins(text, s, e)
            if rejoined:
                found.insert(0, "split")
                evidence["rejoins"] = rejoined
            near = collocates.found(settings.collocates or {}, text, s, e)
            if near:
                evidence["collocates"] = near
            detail = {"policy": entry.policy, "evidence": evidence, "prior": round(prior, 3), "grounds": found}
            # removal rejoins a split word, or the word reads injected here and in another place (its own
            # sentence log-odds > 0 is part of recurs, and the twin is what pulled the topic evidence down):
            # a second, independent sign, so the stacked score may be lower
            threshold = settings.fusion_threshold if {"fusion", "recurs"} & set(found) else settings.lexicon_threshold
            remove = score > threshold or any(g in DECISIVE for g in found)
            if remove and near and settings.collocate_hold and set(found) <= DOCUMENT_GROUNDS:
                # only document-level grounds, and a word its genuine use goes with is in the clause: the
                # collocate's ratio (how much likelier near the genuine word than near an insertion) is a
                # likelihood ratio against injection; weighed, or (collocate_weigh: false) a veto
                weighed = score - math.log(max(settings.collocates[entry.token][w] for w in near))
                evidence["collocate_weighed"] = round(weighed, 3)
                if not settings.collocate_weigh or weighed <= threshold:
                    remove = False
                    detail["held"] = "genuine collocate in the clause"

            if remove and settings.require_grounds and not found:
                remove = False  # reads better without it, but nothing shows it was injected: flag only
                detail["held"] = "no strong evidence"
        if remove and blocked(s, e, entry):
            remove = False
            detail["protected"] = True
        decisions.append(Decision(s, e, "lexicon", score, remove, detail))
        if remove:
            taken[s:e] = True
            # confirmed spam: an always-token, or a listed word whose removal rejoined a split word
            polluted = polluted or entry.policy == "always" or (
                settings.fusion_pollutes and bool({"fusion", "split"} & set(detail.get("grounds", ()))))
            if polluted and judged_clean:
                rejudge = True  # matches judged before this point did not know the document was polluted
        if entry.policy != "always" and not polluted:
            judged_clean = True
    if settings.detector:
        scored = []
        for s, e, _lr in detector_candidates(settings.models, text, settings.prefilter, settings.max_chars):
            if (_overlaps(taken, s, e) or not _near(junctions, s, e) or splits_cluster(text, s, e)
                    or protection(*first(s, e))):
                continue
            logit, evidence = score_span(settings.models, settings.detector_classifier, text, s, e)
            if logit > settings.candidate_threshold:
                scored.append((logit, s, e, evidence))
        scored.sort(key=lambda item: -item[0])
        for logit, s, e, evidence in scored:
            if _overlaps(taken, s, e):
                continue
            remove = logit > settings.detector_threshold
            decisions.append(Decision(s, e, "detector", round(logit, 3), remove, {"evidence": evidence}))
            if remove:
                taken[s:e] = True
    decisions.sort(key=lambda d: d.start)
    return decisions, polluted, rejudge


def grounds(policy: str, evidence: dict, s: int, e: int, taken: np.ndarray, edges: set[int],
            polluted: bool) -> list[str]:
    """The strong evidence that this occurrence of a listed real word (交流, 讲座) was injected.

    A contextual token is a genuine word most of the time it occurs (news: 交流 ×359, 讲座 ×69 in
    2.2 M characters), so "the sentence reads better without it" is not enough to delete it; one
    of these must hold as well (see GROUNDS). Reports in every script reach here as Simplified text.
    """
    found = []
    if policy == "batch":
        found.append("batch")
    if evidence.get("fusion") and evidence.get("compound", NO_COMPOUND) <= NO_COMPOUND:
        found.append("fusion")
    if (s > 0 and taken[s - 1]) or taken[e] or s in edges or e in edges:
        found.append("spam_run")
    if polluted:
        found.append("polluted")
    return found


def splits_cluster(text: str, s: int, e: int) -> bool:
    """Whether [s, e) cuts a character cluster: a combining mark (an accent, a variation selector) after
    the span belongs to its last character, and removing the span would hand the mark to another one
    (a瑜伽場地\u0301 would become á, which NFC input normalisation then changes again)."""
    return any(k < len(text) and unicodedata.category(text[k]).startswith("M") for k in (s, e))


def _recurring(matches: list, sentence: dict, level: float) -> set[tuple[int, int]]:
    """Contextual matches whose token occurs again in the text, each occurrence reading injected on
    its own (sentence log-odds > ``level``): the ``recurs`` ground."""
    reading: dict[str, list[tuple[int, int]]] = {}
    for s, e, entry in matches:
        if entry.policy != "always" and sentence[(s, e)][0] > level:
            reading.setdefault(entry.token, []).append((s, e))
    return {span for spans in reading.values() if len(spans) > 1 for span in spans}


def _shift(spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    return [(a + offset, b + offset) for a, b in spans]


def _runs(index: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous runs of sorted positions, as [start, end) spans."""
    if index.shape[0] == 0:
        return []
    breaks = np.flatnonzero(np.diff(index) != 1) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [index.shape[0]]))
    return [(int(index[a]), int(index[b - 1]) + 1) for a, b in zip(starts, ends)]


def find_noise(settings: Settings, text: str) -> tuple[list[Removal], list[Removal]]:
    """Removals and (not removed) candidates in ``text`` offsets, from repeated passes.

    Later passes only re-judge spans whose evidence window touches a removal junction
    (for contextual lexicon matches the topic window, TOPIC_REACH characters): elsewhere the
    evidence, hence the decision, is unchanged.
    """
    def protection(s: int, e: int, allow_latin: bool = False) -> bool:
        """Whether [s, e) (first-text offsets) overlaps a protected span, judged locally."""
        lo, hi = max(0, s - PROTECT_MARGIN), min(len(text), e + PROTECT_MARGIN)
        spans = protect.protected_spans(text[lo:hi], s - lo, e - lo, latin=not allow_latin)
        return any(a < e and b > s for a, b in _shift(spans, lo))

    def latin_touch(s: int, e: int) -> bool:
        """Whether a Latin token at [s, e) continues a longer Latin word."""
        return (s > 0 and text[s - 1].isascii() and text[s - 1].isalpha()) or (
            e < len(text) and text[e].isascii() and text[e].isalpha())

    index = np.arange(len(text))
    current = text
    removals: list[Removal] = []
    candidates: list[Removal] = []
    junctions: list[int] | None = None
    polluted = False
    for pass_number in range(1, settings.max_passes + 1):
        was_polluted = polluted
        decisions, polluted, rejudge = one_pass(settings, current, protection, latin_touch, index, junctions,
                                                polluted)
        keep = np.ones(len(current), dtype=bool)
        for d in decisions:
            detail = dict(d.detail, **({"pass": pass_number} if pass_number > 1 else {}))
            spans = [(d.start, d.end)] if pass_number == 1 else _runs(index[d.start:d.end])
            for s, e in spans:
                item = Removal(text[s:e], s, e, d.reason, d.score, detail)
                (removals if d.remove else candidates).append(item)
            if d.remove:
                keep[d.start:d.end] = False
        if keep.all():
            break
        kept_positions = np.flatnonzero(keep)
        dropped = np.flatnonzero(~keep)
        # junctions in the new text: number of kept characters before each dropped one
        junctions = sorted(set(np.searchsorted(kept_positions, dropped).tolist()))
        if rejudge or (polluted and not was_polluted and pass_number > 1):
            junctions = None  # the document turned out polluted after some matches were judged: judge all again
        index = index[keep]
        current = "".join(current[a:b] for a, b in _runs(kept_positions))
    removals.sort(key=lambda r: r.start)
    unique: dict[tuple[int, int], Removal] = {}
    for c in candidates:
        unique.setdefault((c.start, c.end), c)
    taken = {(r.start, r.end) for r in removals}
    candidates = [c for key, c in sorted(unique.items()) if key not in taken]
    return removals, candidates
