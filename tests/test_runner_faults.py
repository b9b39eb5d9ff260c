"""Fault injection: a run killed midway (SIGKILL, SIGTERM, Ctrl-C) resumes; a full or unwritable
output folder gives a clear error and leaves the earlier records intact.

The run under test is ``main([...])`` in a forked child process (so it inherits a
slowed-down ``process_item``: the kill lands midway) and its workers are grandchildren.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.runner import batch
from pipeline.runner.manifest import JOURNAL_FILE, MANIFEST_FILE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork and /proc")

LIGHT = Path(__file__).parent / "fixtures" / "runner" / "light.yaml"
TEXT = "中國網訊 粵港澳大灣區{n}年營業收入約2.2萬億元，增長5.45%。\n"
COUNT = 16


def corpus(folder: Path, count: int = COUNT) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"r{i:02}.txt").write_text(TEXT.format(n=1990 + i), encoding="utf-8")
    return folder


def argv(inputs: Path, out: Path, *extra: str) -> list[str]:
    return ["run", str(inputs), "--out", str(out), "--config", str(LIGHT), "--workers", "2", *extra]


def records(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(("_", "."))}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("reference")
    assert main(argv(corpus(root / "in"), root / "out", "--quiet")) == 0
    return records(root / "out")


def _child(args: list[str], err: str, new_group: bool) -> None:
    if new_group:
        os.setpgrp()
    sys.stderr = open(err, "w", encoding="utf-8")  # noqa: SIM115
    original = batch.process_item

    def slow(item, config, data=None):
        time.sleep(0.25)
        return original(item, config, data)

    batch.process_item = slow
    code = main(args)
    sys.stderr.flush()
    sys.exit(code)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _wait_gone(pids: list[int], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"workers still alive: {alive}")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def start_and_stop(tmp_path: Path, how: str) -> tuple[Path, Path, int | None, list[int]]:
    """Start a slowed run, wait until 3 documents are journaled, stop it ``how``; return its state."""
    inputs, out, err = corpus(tmp_path / "in"), tmp_path / "out", tmp_path / "stderr.txt"
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(argv(inputs, out), str(err), how == "ctrl-c"))
    process.start()
    journal = out / JOURNAL_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 3:
            break
        time.sleep(0.02)
    else:
        process.kill()
        raise AssertionError("the run did not start: " + err.read_text(encoding="utf-8"))
    workers = _children(process.pid)
    assert workers, "the run has worker processes"
    if how == "kill -9":
        os.kill(process.pid, signal.SIGKILL)
    elif how == "kill":
        os.kill(process.pid, signal.SIGTERM)
    else:  # Ctrl-C reaches the whole foreground process group: the run and its workers
        os.killpg(process.pid, signal.SIGINT)
    process.join(30)
    _wait_gone(workers)  # orphans of a hard kill finish their document, then notice and exit
    return inputs, out, process.exitcode, workers


@pytest.mark.parametrize("how", ["kill", "ctrl-c"])
def test_interrupted_run_stops_cleanly_and_resumes(tmp_path, reference, capsys, how):
    inputs, out, code, _ = start_and_stop(tmp_path, how)
    assert code == 130
    assert leftovers(out) == [] and not (out / JOURNAL_FILE).exists()
    assert "run the same command again to resume" in (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    done = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["entries"]
    assert 3 <= len(done) < COUNT
    partial = records(out)
    assert all(reference[name] == data for name, data in partial.items())  # complete records only
    capsys.readouterr()
    assert main(argv(inputs, out, "--quiet")) == 0
    assert f"{COUNT - len(done)} processed, {len(done)} skipped" in capsys.readouterr().err
    assert records(out) == reference


def test_hard_killed_run_resumes_from_its_journal(tmp_path, reference, capsys):
    inputs, out, code, _ = start_and_stop(tmp_path, "kill -9")
    assert code == -signal.SIGKILL
    journaled = (out / JOURNAL_FILE).read_text(encoding="utf-8").count("\n")
    assert journaled >= 3
    for name, data in records(out).items():
        assert reference[name] == data  # no partial record, ever
    capsys.readouterr()
    assert main(argv(inputs, out, "--quiet")) == 0
    err = capsys.readouterr().err
    assert f"resumed: {journaled} document(s)" in err
    skipped = int(err.split(" skipped")[0].rsplit(", ", 1)[1])
    assert skipped >= journaled
    assert records(out) == reference
    assert leftovers(out) == [] and not (out / JOURNAL_FILE).exists()


def test_full_disk_stops_with_a_clear_error_and_keeps_earlier_records(tmp_path, monkeypatch, capsys):
    inputs, out = corpus(tmp_path / "in", 6), tmp_path / "out"
    assert main(argv(inputs, out, "--quiet")) == 0
    before = {**records(out), MANIFEST_FILE: (out / MANIFEST_FILE).read_bytes()}
    for path in inputs.iterdir():
        path.write_text(path.read_text(encoding="utf-8") + "更新。\n", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # forked workers inherit it: every write fails
    capsys.readouterr()
    assert main(argv(inputs, out, "--quiet")) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "records already written are intact" in err
    assert {**records(out), MANIFEST_FILE: (out / MANIFEST_FILE).read_bytes()} == before
    assert leftovers(out) == [] or leftovers(out) == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    assert main(argv(inputs, out, "--quiet")) == 0  # space again: the journal is replayed, the rest rebuilt
    assert json.loads((out / "r00.json").read_text(encoding="utf-8"))["text"].endswith("更新。\n")


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys):
    inputs = corpus(tmp_path / "in", 1)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert main(argv(inputs, blocker / "out", "--quiet")) == 2
    assert f"output folder {blocker / 'out'} is not writable" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_write_error_in_one_folder_fails_that_document_only(tmp_path, capsys):
    inputs, out = corpus(tmp_path / "in", 3), tmp_path / "out"
    (inputs / "sub").mkdir()
    (inputs / "sub" / "x.txt").write_text(TEXT.format(n=1), encoding="utf-8")
    out.mkdir()
    (out / "sub").write_text("a file where a folder is needed\n", encoding="utf-8")
    assert main(argv(inputs, out, "--quiet")) == 1
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["input"] for e in errors] == ["sub/x.txt"] and "cannot write" in errors[0]["error"]
    assert len([n for n in records(out) if n.endswith(".json")]) == 3


def test_a_worker_killed_mid_write_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    """A worker that dies between creating its temporary file and renaming it (SIGKILL, a crash) cannot
    clean up; the batch sweeps such files once every worker is joined, and the document fails alone."""
    inputs, out = corpus(tmp_path / "in", 4), tmp_path / "out"
    real_fsync = os.fsync

    def die_on_r02(fd):
        if os.readlink(f"/proc/self/fd/{fd}").rsplit("/", 1)[-1].startswith(".r02.json."):
            os._exit(9)  # like SIGKILL: no handler, no cleanup
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", die_on_r02)  # forked workers inherit it
    assert main(argv(inputs, out, "--quiet")) == 1
    assert "r02.txt: worker process died (exit code 9)" in capsys.readouterr().err
    assert leftovers(out) == []
    assert sorted(records(out)) == sorted(f"r{i:02}.{fmt}" for i in (0, 1, 3) for fmt in ("json", "yaml"))
