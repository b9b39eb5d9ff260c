"""`make check`'s report: which entities, figures and noise removals appeared or disappeared per record."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pipeline.runner.diff import compare


def write(folder: Path, name: str, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


RECORD = {
    "text": "中山大学增长5%。",
    "entities": [{"label": "ORG", "text": "中山大学", "start": 0, "end": 4}],
    "figures": [{"kind": "percent", "text": "5%", "value": 0.05, "unit": None, "start": 6, "end": 8}],
    "noise": [{"token": "九宫格", "reason": "lexicon", "start_original": 2}],
}


def test_identical_folders_are_up_to_date(tmp_path: Path) -> None:
    write(tmp_path / "a", "r.json", RECORD)
    write(tmp_path / "b", "r.json", RECORD)
    out = io.StringIO()
    assert compare(tmp_path / "a", tmp_path / "b", out) == 0
    assert "outputs are up to date (1 files)" in out.getvalue()


def test_changed_record_lists_the_facts_that_came_and_went(tmp_path: Path) -> None:
    changed = json.loads(json.dumps(RECORD))
    changed["entities"] = [{"label": "GPE", "text": "中山", "start": 0, "end": 2}]
    changed["noise"] = []
    write(tmp_path / "old", "r.json", RECORD)
    write(tmp_path / "new", "r.json", changed)
    write(tmp_path / "new", "extra.json", RECORD)
    out = io.StringIO()
    assert compare(tmp_path / "old", tmp_path / "new", out) == 1
    lines = out.getvalue().splitlines()
    assert "~ r.json: differs" in lines
    assert "    - entity: ORG 中山大学 @0" in lines
    assert "    + entity: GPE 中山 @0" in lines
    assert "    - noise: 九宫格 (lexicon) @2" in lines
    assert not any("figure" in line for line in lines)  # the figure did not change
    assert "+ extra.json: new record, not committed" in lines
    assert lines[-1] == "2 file(s) differ: run `make regenerate` and commit outputs/"


def test_a_change_outside_the_facts_names_the_fields(tmp_path: Path) -> None:
    write(tmp_path / "old", "r.json", RECORD)
    write(tmp_path / "new", "r.json", {**RECORD, "text": "中山大学增长6%。"})
    out = io.StringIO()
    assert compare(tmp_path / "old", tmp_path / "new", out) == 1
    assert "    fields changed: text" in out.getvalue().splitlines()


def test_index_and_manifest_are_compared_but_other_bookkeeping_is_not(tmp_path: Path) -> None:
    for folder in ("old", "new"):
        write(tmp_path / folder, "r.json", RECORD)
        write(tmp_path / folder, "_index.json", {"records": 1})
        write(tmp_path / folder, "_errors.jsonl", {"run": folder})  # per run: never compared
    write(tmp_path / "old", "_manifest.json", {"fingerprint": "a"})
    write(tmp_path / "new", "_manifest.json", {"fingerprint": "b"})
    out = io.StringIO()
    assert compare(tmp_path / "old", tmp_path / "new", out) == 1
    assert out.getvalue().splitlines()[0] == "~ _manifest.json: differs"
    assert "1 file(s) differ" in out.getvalue()


def test_tokens_are_compared_expanded(tmp_path: Path) -> None:
    old = {**RECORD, "tokens": {"gap": [0, 0], "length": [4, 2], "pos": ["nt", "v"], "original_shift": [[0, 0, 0]]}}
    same_as_1_0 = {**RECORD, "tokens": [
        {"text": "中山大学", "pos": "nt", "start": 0, "end": 4, "start_original": 0, "end_original": 4},
        {"text": "增长", "pos": "v", "start": 4, "end": 6, "start_original": 4, "end_original": 6}]}
    split = {**RECORD, "tokens": {"gap": [0, 0, 0], "length": [2, 2, 2], "pos": ["ns", "n", "v"],
                                  "original_shift": [[0, 0, 0]]}}
    write(tmp_path / "old", "r.json", old)
    write(tmp_path / "same", "r.json", same_as_1_0)
    write(tmp_path / "split", "r.json", split)
    out = io.StringIO()
    assert compare(tmp_path / "same", tmp_path / "old", out) == 1
    assert "    fields changed: tokens" in out.getvalue().splitlines()  # same tokens, other form
    out = io.StringIO()
    assert compare(tmp_path / "old", tmp_path / "split", out) == 1
    assert "    tokens: 2 -> 3, first difference at token 0: 中山大学/nt @0 -> 中山/ns @0" in out.getvalue().splitlines()
