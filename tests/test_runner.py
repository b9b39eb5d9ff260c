"""Batch runner: workers, manifest (skip, force, prune, rebuild), globs, collisions, index, errors.

The runs use tests/fixtures/runner/light.yaml (clean off, no entities, figures or
keywords): these tests are about batching, and stay fast whatever the stages cost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.runner import batch
from pipeline.runner.manifest import JOURNAL_FILE, MANIFEST_FILE

LIGHT = Path(__file__).parent / "fixtures" / "runner" / "light.yaml"
TEXT = "中國網訊 粵港澳大灣區{n}年營業收入約2.2萬億元，增長5.45%。\n\n第{n}份報告。\n"


def corpus(folder: Path, names: list[str]) -> Path:
    for i, name in enumerate(names):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.format(n=2000 + i), encoding="utf-8")
    return folder


def run(*args: str | Path) -> int:
    return main(["run", *map(str, args), "--config", str(LIGHT), "--quiet"])


def records(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith("_")}


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["entries"]


NAMES = ["a.txt", "b.md", "sub/a.txt", "sub/deeper/c.txt", "d.txt"]


def test_records_are_byte_identical_whatever_the_number_of_workers(tmp_path):
    inputs = corpus(tmp_path / "in", NAMES)
    assert run(inputs, "--out", tmp_path / "one", "--workers", "1") == 0
    assert run(inputs, "--out", tmp_path / "two", "--workers", "2") == 0
    one, two = records(tmp_path / "one"), records(tmp_path / "two")
    assert sorted(one) == ["a.json", "a.yaml", "b.json", "b.yaml", "d.json", "d.yaml", "sub/a.json", "sub/a.yaml",
                           "sub/deeper/c.json", "sub/deeper/c.yaml"]  # equal stems in folders never collide
    assert one == two
    assert json.loads(one["sub/a.json"])["id"] == "sub/a"


def test_unchanged_inputs_are_skipped_changed_ones_rebuilt(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", NAMES)
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    first = manifest(out)
    assert set(first) == set(NAMES)
    entry = first["sub/a.txt"]
    assert entry["status"] == "ok" and entry["id"] == "sub/a" and set(entry["outputs"]) == {"sub/a.json", "sub/a.yaml"}
    assert len(entry["sha256"]) == 64 and entry["config_hash"] and entry["fingerprint"] and entry["version"]
    capsys.readouterr()

    assert run(inputs, "--out", out) == 0
    assert "0 processed, 5 skipped" in capsys.readouterr().err

    (inputs / "d.txt").write_text("中國網訊 新的內容。\n", encoding="utf-8")
    (out / "b.yaml").unlink()  # a lost output is rebuilt too
    (out / "a.json").write_text("{}\n", encoding="utf-8")  # and an edited one
    assert run(inputs, "--out", out) == 0
    assert "3 processed, 2 skipped" in capsys.readouterr().err
    assert json.loads((out / "d.json").read_text(encoding="utf-8"))["text"].startswith("中国网讯 新的内容")
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["id"] == "a"

    assert run(inputs, "--out", out, "--force") == 0
    assert "5 processed, 0 skipped" in capsys.readouterr().err


def test_a_touched_but_identical_output_is_not_rebuilt(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    (out / "a.json").write_bytes((out / "a.json").read_bytes())  # new mtime, same bytes
    capsys.readouterr()
    assert run(inputs, "--out", out) == 0
    assert "0 processed, 1 skipped" in capsys.readouterr().err


def test_a_changed_config_rebuilds(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    other = tmp_path / "other.yaml"
    other.write_text(LIGHT.read_text(encoding="utf-8") + "emit:\n  tokens: false\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(inputs), "--out", str(out), "--config", str(other), "--quiet"]) == 0
    assert "2 processed, 0 skipped" in capsys.readouterr().err
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["tokens"] == {
        "gap": [], "length": [], "pos": [], "original_shift": []}


def test_formats_change_removes_outputs_no_longer_produced(tmp_path):
    inputs = corpus(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    assert run(inputs, "--out", out, "--format", "json") == 0
    assert sorted(records(out)) == ["a.json"]
    assert list(manifest(out)["a.txt"]["outputs"]) == ["a.json"]


def test_prune_removes_records_of_deleted_inputs_only(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", NAMES)
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # not ours: never pruned
    (inputs / "sub" / "deeper" / "c.txt").unlink()
    capsys.readouterr()
    assert run(inputs, "--out", out) == 0
    assert "1 record(s) of inputs no longer present kept" in capsys.readouterr().err
    assert (out / "sub" / "deeper" / "c.json").exists()
    assert run(inputs, "--out", out, "--prune") == 0
    assert "1 pruned" in capsys.readouterr().err
    assert not (out / "sub" / "deeper").exists()  # emptied folders go too
    assert (out / "notes.txt").exists() and (out / "sub" / "a.json").exists()
    assert "sub/deeper/c.txt" not in manifest(out)


def test_index_lists_every_record_with_key_facts(tmp_path):
    inputs = corpus(tmp_path / "in", NAMES)
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    index = json.loads((out / "_index.json").read_text(encoding="utf-8"))
    assert index["count"] == 5
    first = index["records"][0]
    assert first["id"] == "a" and first["input"] == "a.txt" and first["outputs"] == ["a.json", "a.yaml"]
    record = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert first["sha256"] == record["source"]["sha256"]
    assert first["chars_original"] == record["stats"]["chars_original"]
    assert first["outlet"] == record["metadata"]["outlet"]


def test_glob_selects_files_and_quoted_glob_paths_work(tmp_path):
    inputs = corpus(tmp_path / "in", NAMES + ["notes.rst"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out, "--glob", "*.md", "--glob", "*.rst") == 0
    assert sorted(records(out)) == ["b.json", "b.yaml", "notes.json", "notes.yaml"]
    assert run(inputs, "--out", tmp_path / "root", "--glob", "sub/*.txt") == 0
    assert sorted(records(tmp_path / "root")) == ["sub/a.json", "sub/a.yaml"]
    assert run(f"{inputs}/sub/**/*.txt", "--out", tmp_path / "quoted") == 0
    assert sorted(records(tmp_path / "quoted")) == ["a.json", "a.yaml", "deeper/c.json", "deeper/c.yaml"]


def test_two_inputs_writing_one_record_is_a_usage_error(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt", "a.md"])
    assert run(inputs, "--out", tmp_path / "out") == 2
    assert "would both write the record 'a'" in capsys.readouterr().err
    other = corpus(tmp_path / "other", ["b.txt"])
    corpus(tmp_path / "third", ["b.txt"])
    assert run(other, tmp_path / "third", "--out", tmp_path / "out") == 2


def test_usage_errors_of_the_batch_options(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt"])
    assert run(inputs, "--out", tmp_path / "o", "--workers", "0") == 2
    assert run(inputs, "--out", tmp_path / "o", "--scheduler", "tcp://x:1") == 2
    assert run(inputs, "--out", tmp_path / "o", "--engine", "spark") == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_plain_progress_lines_when_not_a_terminal(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt", "b.txt"])
    assert main(["run", str(inputs), "--out", str(tmp_path / "out"), "--config", str(LIGHT)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "2 to process, 0 unchanged (skipped)"
    assert any(line.startswith("[1/2] ok  ") and "chars/s" in line for line in err)
    assert err[-1].startswith("2 processed, 0 skipped (unchanged), 0 failed in ")


# ---------------------------------------------------------------------------- failures
def _flaky(original):
    """process_item that raises on raise.txt and kills its own process on die.txt."""
    import os

    def process_item(item, config, data=None):
        if item.name.endswith("raise.txt"):
            raise RuntimeError("boom")
        if item.name.endswith("die.txt"):
            os._exit(9)
        return original(item, config, data)
    return process_item


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_document_that_raises_or_kills_its_worker_fails_alone(tmp_path, monkeypatch, workers):
    inputs = corpus(tmp_path / "in", ["a.txt", "die.txt", "b.txt", "raise.txt", "c.txt", "d.txt"])
    reference = tmp_path / "reference"
    assert run(inputs, "--out", reference, "--glob", "[abcd].txt") == 0
    monkeypatch.setattr(batch, "process_item", _flaky(batch.process_item))  # forked workers inherit it
    out = tmp_path / "out"
    assert run(inputs, "--out", out, "--workers", workers) == 1
    assert records(out) == records(reference)
    errors = {e["input"]: e["error"] for e in map(json.loads, (out / "_errors.jsonl").read_text().splitlines())}
    assert errors == {"raise.txt": "raise.txt: RuntimeError: boom",
                      "die.txt": "die.txt: worker process died (exit code 9) while processing it"}
    assert manifest(out)["die.txt"]["status"] == "failed"
    monkeypatch.undo()
    (inputs / "die.txt").unlink()
    (inputs / "raise.txt").unlink()
    assert run(inputs, "--out", out) == 0
    assert not (out / "_errors.jsonl").exists()


def test_failed_input_keeps_its_old_record_and_is_retried(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    old = (out / "b.json").read_bytes()
    (inputs / "b.txt").write_bytes(b"")
    assert run(inputs, "--out", out) == 1
    assert (out / "b.json").read_bytes() == old
    capsys.readouterr()
    assert run(inputs, "--out", out) == 1  # failures are not "unchanged": they fail again, visibly
    assert "0 processed, 1 skipped (unchanged), 1 failed" in capsys.readouterr().err
    assert run(inputs, "--out", out, "--prune") == 1
    assert (out / "b.json").exists()  # still an input: not pruned


def test_journal_of_a_killed_run_is_replayed(tmp_path, capsys):
    """What a hard kill leaves (a journal, a stray temporary file) is picked up by the next run."""
    inputs = corpus(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    assert run(inputs, "--out", out) == 0
    entries = manifest(out)
    (out / MANIFEST_FILE).unlink()
    (out / JOURNAL_FILE).write_text(
        "".join(json.dumps({"input": n, "entry": e}) + "\n" for n, e in entries.items()) + '{"input": "c.t',
        encoding="utf-8")
    (out / ".a.json.abcd1234.tmp").write_text("{\"partial", encoding="utf-8")
    capsys.readouterr()
    assert run(inputs, "--out", out) == 0
    err = capsys.readouterr().err
    assert "0 processed, 2 skipped" in err and "resumed: 2 document(s)" in err
    assert not (out / JOURNAL_FILE).exists() and not (out / ".a.json.abcd1234.tmp").exists()
    assert manifest(out) == entries


def test_progress_bar_on_a_terminal(tmp_path):
    import io

    from pipeline.runner.batch import Outcome
    from pipeline.runner.progress import BarReporter, PlainReporter, make_reporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    reporter = make_reporter(quiet=False, stream=screen)
    assert isinstance(reporter, BarReporter)
    reporter.start(2, 5)
    reporter.done(Outcome("a.txt", "a", True, chars=1000))
    reporter.done(Outcome("b.txt", "b", False, error="b.txt: empty document"))
    reporter.close()
    shown = screen.getvalue()
    assert "2 to process, 5 unchanged (skipped)" in shown
    assert "records" in shown and "2/2" in shown and "chars/s" in shown and "doc/s" in shown
    assert "FAILED  b.txt: empty document" in shown
    assert isinstance(make_reporter(quiet=True, stream=Terminal()), PlainReporter)  # --quiet: no bar


def test_manifest_is_the_same_on_every_run_and_keeps_no_file_times(tmp_path, capsys):
    """The manifest holds only reproducible facts (hashes, sizes, fingerprints), so it can be committed
    beside the records; modification times live in the machine-local stat cache, and losing that
    cache costs a re-hash, not a rebuild."""
    from pipeline.runner import manifest as mf

    inputs = corpus(tmp_path / "in", ["a.txt", "sub/b.txt"])
    assert run(inputs, "--out", tmp_path / "one") == 0
    assert run(inputs, "--out", tmp_path / "two", "--workers", "1") == 0
    first = (tmp_path / "one" / MANIFEST_FILE).read_bytes()
    assert first == (tmp_path / "two" / MANIFEST_FILE).read_bytes()
    assert b"mtime" not in first
    mf._stat_cache_path(tmp_path / "one").unlink()
    os.utime(tmp_path / "one" / "a.json", ns=(1, 1))  # touched, same bytes
    capsys.readouterr()
    assert run(inputs, "--out", tmp_path / "one") == 0
    assert "0 processed, 2 skipped" in capsys.readouterr().err
    assert (tmp_path / "one" / MANIFEST_FILE).read_bytes() == first


def test_only_files_that_can_change_a_record_enter_the_fingerprint():
    from pipeline.runner.manifest import PACKAGE_DIR, RESOURCES_DIR, shapes_records

    assert shapes_records(PACKAGE_DIR / "stages" / "figures" / "classify.py")
    assert shapes_records(RESOURCES_DIR / "gazetteers" / "places.tsv")
    assert not shapes_records(RESOURCES_DIR / "gazetteers" / "PROVENANCE.md")  # documentation
    assert not shapes_records(RESOURCES_DIR / "models" / "ner" / "MODEL_CARD.md")
    assert not shapes_records(PACKAGE_DIR / "eval" / "score.py")  # evaluation tools
    assert not shapes_records(PACKAGE_DIR / "bench.py")
