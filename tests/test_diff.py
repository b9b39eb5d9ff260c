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

# ---------------------------------------------------------------------------- the Markdown change report
def _run(corpus: Path, out: Path) -> None:
    from pipeline.cli import main

    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--workers", "1"]) == 0


def test_markdown_report_on_a_small_corpus_change(tmp_path: Path) -> None:
    """Two documents; one edited (a figure and an entity change, spam injected, the title line changed)."""
    from pipeline.runner.diff import main, markdown_report

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("松山湖材料实验室位于东莞市。\n2023年营业收入增长5%。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("中山大学在广州市。\n", encoding="utf-8")
    _run(corpus, tmp_path / "old")
    (corpus / "a.txt").write_text("松山湖材料实验室位于深圳市。\n2023年营业收入增长7%，瑜伽场地。\n", encoding="utf-8")
    _run(corpus, tmp_path / "new")
    before, after = tmp_path / "eval-before.json", tmp_path / "eval-after.json"
    before.write_text(json.dumps({"overall": {"entities": {"f1": 0.5}}, "documents": {"a": {"entities": {"f1": 0.5}}}}))
    after.write_text(json.dumps({"overall": {"entities": {"f1": 0.75}}, "documents": {"a": {"entities": {"f1": 1.0}}}}))
    report, differing = markdown_report(tmp_path / "old", tmp_path / "new", before, after)
    lines = report.splitlines()
    assert lines[0] == "## Change report: outputs/"
    assert "**1 record(s) changed** of 2; 4 file(s) differ in all." in lines  # a.json, a.yaml, index, manifest
    assert differing == 4
    row = next(line for line in lines if line.startswith("| a |"))
    assert row == "| a | ~1 | ~1 | · | +1 |"
    assert "- ~ entities @10: GPE 东莞市 → GPE 深圳市" in lines
    assert ("- ~ figures @26: percent 5% = 5 % (subject 营业收入, time 2023) → "
            "percent 7% = 7 % (subject 营业收入, time 2023)") in lines
    assert "- \\+ removals @29: 瑜伽场地 (lexicon)" in lines
    assert not any(line.startswith("| b |") for line in lines)
    assert "Other files that differ: `_index.json`, `_manifest.json`" in lines
    assert "| overall.entities.f1 | 0.5000 | 0.7500 | +0.2500 |" in lines
    assert "| a | entities | 0.5000 | 1.0000 |" in lines
    # The command line: exit 1 when anything differs, the report in a file.
    assert main([str(tmp_path / "old"), str(tmp_path / "new"), "--markdown", "--output", str(tmp_path / "r.md"),
                 "--eval-before", str(before), "--eval-after", str(after)]) == 1
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == report
    same, count = markdown_report(tmp_path / "old", tmp_path / "old")
    assert count == 0 and "No record changes" in same


def test_markdown_report_escapes_report_text(tmp_path: Path) -> None:
    from pipeline.runner.diff import markdown_report

    hostile = {**RECORD, "entities": [{"label": "ORG", "text": "<img src=x onerror=alert(1)>|`x`", "start": 0, "end": 4}]}
    write(tmp_path / "old", "r.json", RECORD)
    write(tmp_path / "new", "r.json", hostile)
    report, _ = markdown_report(tmp_path / "old", tmp_path / "new")
    assert "<img" not in report and "&lt;img src=x onerror=alert(1)&gt;\\|\\`x\\`" in report


def test_markdown_report_metadata_changes(tmp_path: Path) -> None:
    from pipeline.runner.diff import record_changes

    old = {"metadata": {"title": None, "authors": [{"name": "王灿"}], "date": "2024-01-01"}, "source": {"script": "traditional"}}
    new = {"metadata": {"title": "标题", "authors": [{"name": "王灿"}, {"name": "汪卫华"}], "date": None},
           "source": {"script": "traditional"}}
    meta = record_changes(old, new)["metadata"]
    assert meta["added"] == [("title", "title: 标题")]
    assert meta["removed"] == [("date", "date: 2024-01-01")]
    assert meta["changed"] == [("authors", "authors: 王灿", "authors: 王灿, 汪卫华")]
