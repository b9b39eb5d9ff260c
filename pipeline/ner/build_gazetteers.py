"""Build the person gazetteer from open data: ``python -m pipeline.ner.build_gazetteers --thuocl DIR``.

Source: THUOCL ``THUOCL_lishimingren.txt`` (historical and public figures with document frequencies;
thunlp/THUOCL @ a30ce79d, MIT licence, copyright notice kept in the output's header). A name is kept when
it is frequent enough to be a well-known person (``--min-count``), written in 2–8 Han characters (``·``
allowed inside transliterations), and not a common word: jieba's dictionary must not list it with a
non-person part of speech, and it must not be an idiom or a place name of THUOCL. The output is committed
(``pipeline/resources/gazetteers/people_thuocl.tsv``); the pipeline never reads ../shared.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pipeline.ner.resources import gazetteer_dir

OUT_FILE = "people_thuocl.tsv"
_NAME = re.compile(r"^[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)*$")
HEADER = """# Well-known persons (historical figures, scientists, politicians, public figures) as written in Simplified
# Chinese, PERSON. Built by `python -m pipeline.ner.build_gazetteers --thuocl ../shared/data/lexicons/thuocl`
# from THUOCL_lishimingren.txt (thunlp/THUOCL @ a30ce79d): names with document frequency >= {min_count},
# 2-8 Han characters, not listed by jieba's dictionary as a non-person word, not a THUOCL idiom or place.
# THUOCL licence: MIT License, Copyright (c) 2018 THUNLP. Permission is hereby granted, free of charge, to any
# person obtaining a copy of this software and associated documentation files, to deal in the Software without
# restriction, subject to including this copyright and permission notice (full text: opensource.org/license/mit).
# name	label	canonical	name_en
"""


def jieba_pos() -> dict[str, str]:
    import jieba

    out: dict[str, str] = {}
    for line in (Path(jieba.__file__).resolve().parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = parts[2]
    return out


def read_counts(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2 and parts[1].strip().isdigit():
            out[parts[0].strip()] = int(parts[1])
    return out


def build(thuocl: Path, min_count: int) -> list[str]:
    names = read_counts(thuocl / "THUOCL_lishimingren.txt")
    blocked: set[str] = set()
    for other in ("THUOCL_chengyu.txt", "THUOCL_diming.txt"):
        if (thuocl / other).exists():
            blocked |= set(read_counts(thuocl / other))
    pos = jieba_pos()
    kept = []
    for name, count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        han = name.replace("·", "")
        if count < min_count or not _NAME.match(name) or not 2 <= len(han) <= 8 or name in blocked:
            continue
        tag = pos.get(name)
        if tag is not None and not tag.startswith("nr"):
            continue
        kept.append(name)
    return sorted(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--thuocl", type=Path, default=Path("../shared/data/lexicons/thuocl"))
    parser.add_argument("--min-count", type=int, default=50)
    parser.add_argument("--out", type=Path, default=gazetteer_dir() / OUT_FILE)
    parser.add_argument("--ner", type=Path, default=Path("../shared/data/ner"), help="NER sets (training split counts)")
    args = parser.parse_args(argv)
    names = build(args.thuocl, args.min_count)
    args.out.write_text(HEADER.format(min_count=args.min_count) + "".join(f"{n}\tPERSON\n" for n in names),
                        encoding="utf-8")
    print(f"{len(names)} names -> {args.out}")
    main_words(["--thuocl", str(args.thuocl)])
    return main_common(["--ner", str(args.ner)])



COMMON_FILE = "name_shaped_common.txt"
COMMON_HEADER = """# Common words shaped like personal names (a surname character first, or all transliteration characters):
# a model PERSON span equal to one of them needs a context cue (person_cues.txt) or a gazetteer entry.
# Built by `python -m pipeline.ner.build_gazetteers` from (1) jieba 0.42.1 dict.txt (MIT): two-character
# words with frequency >= 200 and three-/four-character words with frequency >= 50 not tagged as names;
# (2) the NER training split (../shared/data/ner, held-out blocks excluded; research data, only counts
# used): strings seen >= 5 times of which < 10 % are annotated persons. Names of the person gazetteers
# are never listed.
"""


def name_shaped(word: str, surnames: frozenset[str], translit: frozenset[str]) -> bool:
    if not 2 <= len(word) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return False
    return word[0] in surnames or word[:2] in surnames or all(c in translit for c in word)


def build_common(ner_dir: Path | None) -> list[str]:
    import jieba

    from pipeline.ner.data import read_sentences, split_of
    from pipeline.ner.resources import gazetteer, word_list

    surnames = word_list("surnames.txt")
    translit = frozenset("".join(word_list("transliteration_chars.txt")))
    persons = {e.name for e in gazetteer() if e.label == "PERSON"}
    out: set[str] = set()
    for line in (Path(jieba.__file__).resolve().parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or not name_shaped(parts[0], surnames, translit):
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if (len(word) == 2 and freq >= 200) or (len(word) > 2 and freq >= 50 and not tag.startswith("nr")):
            out.add(word)
    if ner_dir is not None and ner_dir.exists():
        from collections import Counter

        seen: Counter[str] = Counter()
        as_person: Counter[str] = Counter()
        for sent in read_sentences(ner_dir):
            if split_of(sent.id) != "train":
                continue
            text = sent.text
            for n in (2, 3):
                for i in range(len(text) - n + 1):
                    w = text[i:i + n]
                    if name_shaped(w, surnames, translit):
                        seen[w] += 1
            for s, e, label in sent.spans:
                if label == "PERSON":
                    as_person[text[s:e]] += 1
        out |= {w for w, n in seen.items() if n >= 5 and as_person[w] < 0.1 * n}
    return sorted(out - persons)


def main_common(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ner", type=Path, default=Path("../shared/data/ner"))
    args = parser.parse_args(argv)
    return _write_list(COMMON_FILE, COMMON_HEADER, build_common(args.ner), "common words")


def _write_list(name: str, header: str, words: list[str], what: str) -> int:
    """Write a built word list (its header, then one word per line) into the gazetteer folder."""
    path = gazetteer_dir() / name
    path.write_text(header + "".join(w + "\n" for w in words), encoding="utf-8")
    print(f"{len(words)} {what} -> {path}")
    return 0


WORDS_FILE = "name_shaped_words.txt"
WORDS_HEADER = """# Two-character words shaped like personal names (a surname character first) that dictionaries list as
# words: a two-character model PERSON without a context cue is accepted only when it is NOT listed here (an
# unknown string of name form that the CRF calls a person: 丁聪, 阳靖), so dictionary words (周密, 叶子, 高峰),
# technical, legal and financial terms (林权, 哈希) still need a cue.
# Built by `python -m pipeline.ner.build_gazetteers` from (1) jieba 0.42.1 dict.txt (MIT): every
# two-character word except rare words tagged as names (nr*, frequency < 100); (2) THUOCL (thunlp/THUOCL @
# a30ce79d, MIT, Copyright (c) 2018 THUNLP): the IT, finance (caijing), law, idiom (chengyu) and place
# (diming) lists — a term's own two characters or the first / last two of a longer term (林权纠纷 → 林权,
# 哈希算法 → 哈希). Names of the person gazetteers are never listed.
"""


def build_words(thuocl: Path) -> list[str]:
    from pipeline.ner.resources import gazetteer, word_list

    surnames = word_list("surnames.txt")
    persons = {e.name for e in gazetteer() if e.label == "PERSON"}
    out: set[str] = set()
    for line in (Path(__import__("jieba").__file__).resolve().parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or len(parts[0]) != 2 or parts[0][0] not in surnames:
            continue
        if parts[2] == "nr" and int(parts[1]) < 100:
            continue
        out.add(parts[0])
    for name in ("THUOCL_IT.txt", "THUOCL_caijing.txt", "THUOCL_law.txt", "THUOCL_chengyu.txt", "THUOCL_diming.txt"):
        if (thuocl / name).exists():
            for term in read_counts(thuocl / name):  # the term, or the head / tail of a longer one (林权纠纷)
                out |= {w for w in {term[:2], term[-2:]} if len(term) >= 2 and w[0] in surnames}
    return sorted(w for w in out - persons if all("\u4e00" <= c <= "\u9fff" for c in w))


def main_words(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--thuocl", type=Path, default=Path("../shared/data/lexicons/thuocl"))
    args = parser.parse_args(argv)
    return _write_list(WORDS_FILE, WORDS_HEADER, build_words(args.thuocl), "dictionary words")


if __name__ == "__main__":
    raise SystemExit(main())
