"""Build the CRF's resource files: ``python -m pipeline.ner.build_resources --data DIR [--clean DIR]``.

Writes, into ``pipeline/resources/models/ner/`` (or ``--out``):

- ``lexicon.tsv`` — person / place / organisation names for the lexicon-match features: jieba's bundled
  dictionary words tagged nr / nrt / nrfg (P), ns (L), nt (O), plus the project's place and institution
  gazetteers (a snapshot: the model must not change when the gazetteers are edited);
- ``char_clusters.tsv`` — a cluster id for every character seen at least ``--min-count`` times in the
  unlabeled text (clean encyclopedia paragraphs, Traditional ones converted with OpenCC t2s, and the text of
  the NER *training* sentences only): positive PMI vectors of the left and right neighbours, reduced by SVD
  and grouped by k-means with a fixed seed.

Run once when the data change; training reads the committed files, so ``make train`` needs neither the
clean text nor this script. Deterministic for a given numpy build (fixed seed, sorted inputs).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from pipeline.ner.data import is_heldout, read_sentences
from pipeline.ner.features import CLUSTER_FILE, LEX_MAX_LEN, LEXICON_FILE, resource_dir

_JIEBA_CLASSES = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O"}
_GAZ_CLASSES = {"GPE": "L", "LOC": "L", "FAC": "L", "ORG": "O"}


def _han(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def build_lexicon() -> dict[str, str]:
    """word -> class letters, from jieba's dictionary and the project's gazetteers."""
    import jieba

    classes: dict[str, set[str]] = {}
    dict_path = Path(jieba.__file__).resolve().parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in _JIEBA_CLASSES and 2 <= len(parts[0]) <= LEX_MAX_LEN and _han(parts[0]):
            classes.setdefault(parts[0], set()).add(_JIEBA_CLASSES[parts[2]])
    from pipeline.ner.resources import gazetteer_dir

    for name in ("places.tsv", "institutions.tsv"):
        for line in (gazetteer_dir() / name).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) >= 2 and cols[1] in _GAZ_CLASSES and 2 <= len(cols[0]) <= LEX_MAX_LEN and _han(cols[0]):
                classes.setdefault(cols[0], set()).add(_GAZ_CLASSES[cols[1]])
    return {w: "".join(sorted(c, key="PLO".index)) for w, c in sorted(classes.items())}


def unlabeled_texts(ner_dir: Path, clean_dir: Path | None) -> list[str]:
    """Training-split NER sentences and clean paragraphs (Traditional converted to Simplified)."""
    texts = [s.text for s in read_sentences(ner_dir) if not is_heldout(s.id)]
    if clean_dir is not None:
        import opencc

        t2s = opencc.OpenCC("t2s")
        for path in sorted(clean_dir.glob("*.jsonl")):
            convert = "traditional" in path.name
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    text = json.loads(line)["text"]
                    texts.append(t2s.convert(text) if convert else text)
    return texts


def build_clusters(texts: list[str], n_clusters: int, min_count: int, dims: int, seed: int = 0) -> dict[str, int]:
    """Character -> cluster id: k-means over SVD-reduced PPMI vectors of left/right neighbours."""
    counts = Counter(c for t in texts for c in t if c.isprintable() and not c.isspace())
    vocab = sorted((c for c, n in counts.items() if n >= min_count), key=lambda c: (-counts[c], c))
    index = {c: i for i, c in enumerate(vocab)}
    n_ctx = min(len(vocab), 1500)  # context: the most frequent characters, plus boundary and "other"
    other, boundary = n_ctx, n_ctx + 1
    left = np.zeros((len(vocab), n_ctx + 2))
    right = np.zeros((len(vocab), n_ctx + 2))

    def ctx(ch: str | None) -> int:
        if ch is None:
            return boundary
        i = index.get(ch, other)
        return i if i < n_ctx else other

    for t in texts:
        chars = [c for c in t if c.isprintable() and not c.isspace()]
        for k, c in enumerate(chars):
            row = index.get(c)
            if row is None:
                continue
            left[row, ctx(chars[k - 1] if k else None)] += 1
            right[row, ctx(chars[k + 1] if k + 1 < len(chars) else None)] += 1

    def ppmi(m: np.ndarray) -> np.ndarray:
        total = m.sum()
        expected = m.sum(axis=1, keepdims=True) * m.sum(axis=0, keepdims=True) / total
        with np.errstate(divide="ignore", invalid="ignore"):
            val = np.log(np.where(m > 0, m / np.maximum(expected, 1e-12), 1.0))
        return np.maximum(val, 0.0)

    x = np.hstack([ppmi(left), ppmi(right)])
    u, s, _ = np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    emb = u[:, :dims] * s[:dims]
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    rng = np.random.default_rng(seed)
    # k-means++ seeding, then Lloyd iterations.
    centres = [emb[0]]
    d = ((emb - emb[0]) ** 2).sum(1)
    for _ in range(1, n_clusters):
        centres.append(emb[rng.choice(len(emb), p=d / d.sum())])
        d = np.minimum(d, ((emb - centres[-1]) ** 2).sum(1))
    c = np.array(centres)
    assign = np.zeros(len(emb), dtype=np.int64)
    for _ in range(50):
        dist = (emb ** 2).sum(1)[:, None] - 2 * emb @ c.T + (c ** 2).sum(1)[None]
        new = dist.argmin(axis=1)
        if np.array_equal(new, assign) and _:
            break
        assign = new
        for k in range(n_clusters):
            members = emb[assign == k]
            if len(members):
                c[k] = members.mean(axis=0)
    # Renumber clusters by first appearance in frequency order, so ids are stable and readable.
    remap: dict[int, int] = {}
    for a in assign.tolist():
        remap.setdefault(a, len(remap))
    return {ch: remap[int(a)] for ch, a in zip(vocab, assign)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"), help="NER *.jsonl (training split used)")
    parser.add_argument("--clean", type=Path, default=Path("../shared/data/clean"), help="clean *.jsonl paragraphs")
    parser.add_argument("--out", type=Path, default=resource_dir())
    parser.add_argument("--clusters", type=int, default=128)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--dims", type=int, default=64)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    import jieba

    lexicon = build_lexicon()
    with (args.out / LEXICON_FILE).open("w", encoding="utf-8") as handle:
        handle.write(f"# word\tclasses (P person, L place, O organisation); from jieba {jieba.__version__} dict.txt "
                     "(nr/nrt/nrfg, ns, nt; MIT) and pipeline/resources/gazetteers places.tsv + institutions.tsv; "
                     "built by python -m pipeline.ner.build_resources\n")
        for word, classes in lexicon.items():
            handle.write(f"{word}\t{classes}\n")
    texts = unlabeled_texts(args.data, args.clean if args.clean.exists() else None)
    clusters = build_clusters(texts, args.clusters, args.min_count, args.dims)
    with (args.out / CLUSTER_FILE).open("w", encoding="utf-8") as handle:
        handle.write(f"# cluster\tcharacter; k-means (k={args.clusters}, seed 0) of SVD-{args.dims} PPMI left/right "
                     f"neighbour vectors; characters seen >= {args.min_count} times in {len(texts)} texts "
                     "(NER training split + clean wiki paragraphs, t2s); built by python -m pipeline.ner.build_resources\n")
        for ch, cid in sorted(clusters.items(), key=lambda kv: (kv[1], ord(kv[0]))):
            handle.write(f"{cid}\t{ch}\n")
    print(json.dumps({"lexicon_words": len(lexicon), "cluster_chars": len(clusters), "texts": len(texts),
                      "chars": sum(len(t) for t in texts)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
