"""Entity-stage speed: ``python -m pipeline.ner.bench [FILE ...] [--repeat N]``.

Reports characters per second of :func:`pipeline.stages.entities.extract_entities` (tokens and
sentences prepared beforehand, as the pipeline does) beside ``jieba.posseg`` on the same text in the
same run, and the cold load time of the entity combiner (gazetteers, rules, CRF). Times are CPU seconds of this process
(``time.process_time``), so other work on the machine does not distort the numbers. Default text: the committed simplified seed fixture.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

_SENT = re.compile(r"[。！？!?；;\n]")
_DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "entities" / "seed_simplified.txt"


def _prepare(text: str, model: str | None = None):
    import rjieba

    from pipeline.alignment import Alignment
    from pipeline.config import load_config
    from pipeline.document import Document, Token

    overrides = {"extract.entities_model": str(Path(model).resolve())} if model else None
    doc = Document(text_original=text, config=load_config(overrides=overrides))
    doc.text = text
    pos = 0
    for word, tag in rjieba.tag(text):
        doc.tokens.append(Token(word, tag, pos, pos + len(word)))
        pos += len(word)
    start = 0
    for m in _SENT.finditer(text):
        doc.sentences.append((start, m.end()))
        start = m.end()
    if start < len(text):
        doc.sentences.append((start, len(text)))
    doc.clean_alignment = Alignment.identity(len(text))
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", default=None, help="NER model directory (default: the shipped model)")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in (args.files or [_DEFAULT])]

    docs = [_prepare(t, args.model) for t in texts]
    started = time.process_time()
    from pipeline.stages.entities import combiner_for, extract_entities

    combiner_for(docs[0])  # gazetteer automaton, rules and the CRF, loaded once per process
    load_seconds = time.process_time() - started
    chars = sum(len(t) for t in texts)
    extract_entities(docs[0])  # warm caches
    started = time.process_time()
    mentions = 0
    for _ in range(args.repeat):
        for doc in docs:
            mentions += len(extract_entities(doc))
    ent_seconds = (time.process_time() - started) / args.repeat

    import logging

    import jieba
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    list(jieba.posseg.cut(texts[0][:100]))
    started = time.process_time()
    for _ in range(args.repeat):
        for t in texts:
            list(jieba.posseg.cut(t))
    pos_seconds = (time.process_time() - started) / args.repeat
    print(json.dumps({
        "chars": chars,
        "entity_load_seconds": round(load_seconds, 3),
        "entities_chars_per_second": round(chars / ent_seconds),
        "jieba_posseg_chars_per_second": round(chars / pos_seconds),
        "mentions_per_run": mentions // args.repeat,
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
