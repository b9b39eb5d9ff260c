"""Propose new lexicon entries from a batch of reports, with the evidence for each.

A spam token that nobody listed shows itself twice: within a document the detector
finds that the sentence reads better without it (fusion, fluency), and across the
batch the *same string* recurs in unrelated documents at word-breaking positions.
``discover`` runs the detector in flag mode with a low threshold over every document,
groups the candidate spans by string and ranks the strings by how many documents
flag them. The output is a TSV a person reviews; rows to keep are copied (token,
policy, note) into the lexicon file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:  # the engine (numpy, models) is imported when discover runs, not when the CLI registers
    from pipeline.noise.engine import Settings

EXAMPLES = 3
# Defaults measured on the benchmark (python -m pipeline.noise.bench, rows "+batch").
DETECTOR_SETTINGS = {"detector": True, "candidate_threshold": 0.0, "detector_prefilter": 3.0}
MIN_DOCS = 2  # flagged in at least this many documents
# flagged occurrences / all occurrences of the string in the batch: injected spam is flagged at many of
# its occurrences, a genuine word at few (with the news-trained models, genuine 讯号, 抗日, 较为 were
# flagged at 13-17 % of theirs on the benchmark's clean paragraphs; invented spam at 18-67 %)
MIN_SHARE = 0.2
MIN_DIVERSITY = 0.8  # distinct neighbours per occurrence; below: a recurring genuine name
ALWAYS_SHARE, ALWAYS_DIVERSITY = 0.3, 0.9  # suggest "always" from these on (and >= 3 occurrences)
# ... and a common word of jieba's dictionary (log-probability above this: the top of the frequency band
# whose genuine and injected occurrences train the contextual judge, train.LEXICON_LOGP; 交流 -9.4,
# 讲座 -11.8, 姊妹 -10.6) is suggested "contextual" whatever the batch shows: it has genuine uses in any
# batch, so each occurrence needs strong evidence of its own (measured: the clean paragraphs' batch run
# lost 姊妹 four times as "always", once as "contextual"; README, noise cleaning)
COMMON_WORD_LOGP = -12.5
MAX_LINE_ERRORS = 5  # per JSON Lines file: lines reported one by one, then a count


class DiscoverInputError(ValueError):
    """An input ``noise discover`` cannot read; the message names the file (and line)."""


@dataclass
class Proposal:
    token: str
    docs: set[str] = field(default_factory=set)
    flagged: int = 0
    occurrences: int = 0
    docs_containing: int = 0
    diversity: float = 0.0  # distinct neighbour pairs / occurrences (random insertion: near 1)
    scores: list[float] = field(default_factory=list)
    fusion: int = 0
    examples: list[str] = field(default_factory=list)
    word_logp: float | None = None  # unigram log-probability in jieba's dictionary (None: not a word)

    @property
    def share(self) -> float:
        return self.flagged / self.occurrences if self.occurrences else 0.0

    @property
    def policy(self) -> str:
        """Suggested lexicon policy from the batch evidence: ``always``, or ``batch`` (each occurrence is
        still judged in its sentence, the batch itself being the strong evidence; see pipeline.noise.engine);
        ``contextual`` for a common dictionary word (COMMON_WORD_LOGP)."""
        strong = self.share >= ALWAYS_SHARE and self.diversity >= ALWAYS_DIVERSITY and self.occurrences >= 3
        common = self.word_logp is not None and self.word_logp > COMMON_WORD_LOGP
        if common:
            return "contextual"
        return "always" if strong else "batch"

    @property
    def mean_score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIX = ".jsonl"


def iter_texts(paths: Iterable[Path], simplify: Callable[[str], str],
               on_error: Callable[[str], None] | None = None) -> Iterator[tuple[str, str]]:
    """(name, simplified text) for .txt/.md files, folders of them, and .jsonl files ({"text": ...} a line).

    An input that cannot be read (undecodable bytes, a JSON Lines file of another shape, a line that
    is not JSON) is reported to ``on_error`` as ``"FILE[:LINE]: reason"`` and skipped: one bad file
    in a folder never stops the batch. Without ``on_error`` the first problem raises DiscoverInputError.
    """
    def fail(message: str) -> None:
        if on_error is None:
            raise DiscoverInputError(message)
        on_error(message)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES + (JSONL_SUFFIX,))
        else:
            files = [path]
        for file in files:
            if file.suffix == JSONL_SUFFIX:
                yield from _jsonl_texts(file, simplify, fail)
                continue
            try:
                from pipeline.stages.ingest import decode_bytes

                text = decode_bytes(file.read_bytes(), str(file)).text
            except (OSError, ValueError) as exc:  # IngestError is a ValueError and names the file
                fail(str(exc) if str(file) in str(exc) else f"{file}: {exc}")
                continue
            yield str(file), simplify(text)


def _jsonl_texts(file: Path, simplify: Callable[[str], str], fail: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """The "text" of every line of a JSON Lines file; each unreadable line reported with its number."""
    try:
        handle = open(file, encoding="utf-8")
    except OSError as exc:
        fail(f"{file}: cannot read: {exc.strerror or exc}")
        return
    bad_shape = 0
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    fail(f"{file}:{number}: not a JSON line ({exc.msg})")
                    continue
                text = item.get("text") if isinstance(item, dict) else None
                if not isinstance(text, str):
                    bad_shape += 1
                    if bad_shape <= MAX_LINE_ERRORS:
                        if isinstance(item, dict) and "text" in item:
                            got = f"\"text\": {type(text).__name__}"
                        elif isinstance(item, dict):
                            got = ", ".join(map(str, item)) or "an empty object"
                        else:
                            got = f"a JSON {type(item).__name__}"
                        fail(f"{file}:{number}: no \"text\" string field (got {got}); "
                             "expected one {\"text\": ...} object a line")
                    continue
                yield f"{file}:{item.get('id', number)}", simplify(text)
        except UnicodeDecodeError as exc:
            fail(f"{file}: not UTF-8 ({exc.reason} at byte {exc.start})")
    if bad_shape > MAX_LINE_ERRORS:
        fail(f"{file}: {bad_shape - MAX_LINE_ERRORS} more line(s) without a \"text\" field")


def discover(settings: Settings, documents: Iterable[tuple[str, str]], min_docs: int = MIN_DOCS,
             min_share: float = 0.0, min_diversity: float = 0.0) -> list[Proposal]:
    """Candidate strings flagged in at least ``min_docs`` documents, best first.

    ``min_share`` and ``min_diversity`` drop strings whose batch evidence is weak (see module constants).
    """
    from pipeline.noise.engine import find_noise

    proposals: dict[str, Proposal] = {}
    texts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, text in documents:
        removals, candidates = find_noise(settings, text)
        for item in removals + candidates:
            if item.reason != "detector":
                continue
            prop = proposals.setdefault(item.token, Proposal(item.token))
            prop.docs.add(name)
            prop.flagged += 1
            prop.scores.append(item.score)
            prop.fusion += bool(item.detail.get("evidence", {}).get("fusion"))
            if len(prop.examples) < EXAMPLES:
                prop.examples.append(text[max(0, item.start - 8):item.start] + "[" + item.token + "]"
                                     + text[item.end:item.end + 8])
        texts[name].append((name, text))
    kept = [p for p in proposals.values() if len(p.docs) >= min_docs and p.token not in settings.lexicon.entries]
    for prop in kept:  # how often the string occurs at all: flagged share is the batch evidence
        counts = [text.count(prop.token) for items in texts.values() for _, text in items]
        prop.occurrences = sum(counts)
        prop.docs_containing = sum(1 for c in counts if c)
        prop.diversity = context_diversity(prop.token, [t for items in texts.values() for _, t in items])
        prop.word_logp = settings.models.words.lookup(prop.token)
    kept = [p for p in kept if p.share >= min_share and p.diversity >= min_diversity]
    kept.sort(key=lambda p: (-len(p.docs), -p.mean_score, p.token))
    return kept


def context_diversity(token: str, texts: list[str], reach: int = 2) -> float:
    """Share of distinct left and right neighbours over all occurrences (the smaller of the two).

    Spam lands at random places, so its neighbours rarely repeat; a genuine name that recurs
    (漠南蒙古, 苏维埃联邦) keeps its collocations.
    """
    lefts, rights, total = set(), set(), 0
    for text in texts:
        start = text.find(token)
        while start >= 0:
            total += 1
            lefts.add(text[max(0, start - reach):start])
            rights.add(text[start + len(token):start + len(token) + reach])
            start = text.find(token, start + 1)
    return min(len(lefts), len(rights)) / total if total else 0.0


def write_tsv(proposals: list[Proposal], out: Path) -> None:
    header = (
        "# Lexicon proposals from `python -m pipeline noise discover`. Review each row; copy the ones that\n"
        "# are spam (columns token, policy, note) into the lexicon TSV. policy is a suggestion: always when\n"
        "# >= 30% of >= 3 occurrences were flagged and diversity >= 0.9, batch otherwise (removed where the\n"
        "# sentence reads better without it: this batch is the evidence), contextual for a common dictionary\n"
        "# word (removed only on strong evidence of its own; use contextual for any real word).\n"
        "# docs: documents where the detector flagged it; docs_containing: documents where it occurs at all\n"
        "# (a string recurring across unrelated documents is itself evidence); flagged/occurrences: flagged\n"
        "# share of all occurrences in the batch; diversity: distinct neighbours per occurrence (near 1 for\n"
        "# randomly inserted spam, lower for a genuine name that keeps its collocations); fusion: flagged\n"
        "# occurrences whose removal re-joins a dictionary word.\n"
        "token\tpolicy\tnote\tdocs\tdocs_containing\tflagged\toccurrences\tdiversity\tmean_score\tfusion\texamples\n"
    )
    rows = []
    for p in proposals:
        note = f"discovered: flagged in {len(p.docs)} docs ({p.share:.0%} of occurrences)"
        rows.append("\t".join([p.token, p.policy, note, str(len(p.docs)), str(p.docs_containing), str(p.flagged), str(p.occurrences), f"{p.diversity:.2f}",
                               f"{p.mean_score:.2f}", str(p.fusion), " | ".join(p.examples).replace("\n", " ")]))
    out.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
