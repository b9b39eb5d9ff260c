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
    args = parser.parse_args(argv)
    names = build(args.thuocl, args.min_count)
    args.out.write_text(HEADER.format(min_count=args.min_count) + "".join(f"{n}\tPERSON\n" for n in names),
                        encoding="utf-8")
    print(f"{len(names)} names -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
