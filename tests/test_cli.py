"""CLI: run over files, folders and stdin; exit codes; records equal pipeline.process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


import pipeline
from pipeline.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = "中國網訊 粵港澳大灣區2019年營業收入約2.2萬億元，增長5.45%。\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_help_on_every_command(capsys):
    assert main(["--help"]) == 0
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--out" in out and "Exit status" in out
    for option in ("--workers", "--glob", "--force", "--prune", "--quiet", "--engine", "--scheduler"):
        assert option in out
    assert main(["export", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--to" in out and "--fields" in out and "Exit status" in out


def test_help_and_run_start_without_heavy_imports():
    """`--help` must stay instant: no stage, spaCy, dask or pyarrow import behind it."""
    code = ("import sys; from pipeline.cli import main; main(['run', '--help']); "
            "heavy = [m for m in ('spacy', 'dask', 'distributed', 'pyarrow', 'jieba', 'rjieba', 'opencc', "
            "'pipeline.api', 'tqdm') if m in sys.modules]; print(heavy, file=sys.stderr); sys.exit(bool(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["run"]) == 2
    assert main(["run", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")]) == 2
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--format", "xml"]) == 2
    bad = write(tmp_path / "bad.yaml", "clean:\n  nope: 1\n")
    doc = write(tmp_path / "in" / "a.txt", SMALL)
    assert main(["run", str(doc), "--out", str(tmp_path / "o"), "--config", str(bad)]) == 2
    assert "clean.nope" in capsys.readouterr().err


def test_folder_run_writes_json_and_yaml_and_matches_process(tmp_path):
    write(tmp_path / "in" / "a.txt", SMALL)
    write(tmp_path / "in" / "sub" / "b.md", SMALL)
    write(tmp_path / "in" / "ignored.csv", "x")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "_index.json", "_manifest.json", "a.json", "a.yaml", "sub/b.json", "sub/b.yaml"]
    record = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert record == pipeline.process(SMALL, path="a.txt", encoding="utf-8")
    assert "\\u" not in (out / "a.json").read_text(encoding="utf-8")  # UTF-8, unescaped


def test_bad_input_fails_alone_and_keeps_old_outputs(tmp_path):
    write(tmp_path / "in" / "good.txt", SMALL)
    write(tmp_path / "in" / "empty.txt", "")
    out = tmp_path / "out"
    write(out / "empty.json", "{\"old\": true}\n")
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 1
    assert (out / "good.json").exists()
    assert (out / "empty.json").read_text() == "{\"old\": true}\n"
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [{"input": "empty.txt", "error": "empty.txt: empty document"}]
    assert not [p for p in out.rglob("*.tmp")]


def test_stdin_and_format_selection(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "-", "--out", str(out), "--format", "json"],
                            input=SMALL.encode("utf-8"), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""  # stdout stays clean
    assert sorted(p.name for p in out.iterdir()) == ["_index.json", "_manifest.json", "stdin.json"]
