"""pipeline.pipe: records of many texts in input order, equal to pipeline.process, whatever the workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline

FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = [
    "松山湖材料實驗室位於東莞市，2023年營業收入增長5.45%。\n",
    FIXTURES.joinpath("english", "policy_brief_en.txt").read_text(encoding="utf-8"),
    "中山大学在广州市，终九宫格端设备约2.8万亿元。\n",
    FIXTURES.joinpath("english", "mixed_zh_en.txt").read_text(encoding="utf-8"),
    "粵港澳大灣區\n\n發展基礎\n香港、澳門與深圳市持續交流性合作。\n",
]


def dump(records) -> list[str]:
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]


@pytest.fixture(scope="module")
def expected() -> list[str]:
    return dump(pipeline.process(text) for text in TEXTS)


def test_pipe_is_exported() -> None:
    assert "pipe" in pipeline.__all__ and callable(pipeline.pipe)


def test_one_worker_yields_process_records_in_order(expected) -> None:
    records = pipeline.pipe(iter(TEXTS), workers=1)
    assert not isinstance(records, list)  # lazy, like nlp.pipe
    assert dump(records) == expected
    assert callable(pipeline.pipe)  # still the function after its module was imported


def test_two_workers_are_byte_identical_to_one(expected) -> None:
    assert dump(pipeline.pipe(TEXTS * 3, workers=2)) == expected * 3  # 18 texts: more than are in flight


def test_tuples_carry_their_context(expected) -> None:
    items = [(text, {"row": i}) for i, text in enumerate(TEXTS)]
    for workers in (1, 2):
        out = list(pipeline.pipe(items, workers=workers))
        assert [context for _, context in out] == [{"row": i} for i in range(len(TEXTS))]
        assert dump(record for record, _ in out) == expected


def test_options_apply_to_every_text() -> None:
    settings = {"clean.mode": "flag"}
    text = TEXTS[2]
    [record] = pipeline.pipe([text], settings=settings)
    assert record == pipeline.process(text, settings=settings)
    assert record["noise"] == [] and record["noise_candidates"]


def test_bad_arguments_fail_at_once() -> None:
    with pytest.raises(ValueError):
        pipeline.pipe(TEXTS, workers=0)
    with pytest.raises(TypeError):
        pipeline.pipe(TEXTS, path="a.txt")
    with pytest.raises(TypeError):
        list(pipeline.pipe([b"bytes"]))


def test_closing_early_stops_the_pool() -> None:
    records = pipeline.pipe(iter(TEXTS * 10), workers=2)
    first = next(records)
    assert first["text"].startswith("松山湖材料实验室")
    records.close()  # no hang, workers shut down


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_is_raised_in_its_turn(workers: int) -> None:
    from pipeline.stages.ingest import IngestError

    records = pipeline.pipe([TEXTS[0], "   ", TEXTS[2]], workers=workers)
    assert next(records)["text"].startswith("松山湖")
    with pytest.raises(IngestError, match="empty document"):
        next(records)
