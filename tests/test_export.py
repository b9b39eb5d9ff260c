"""Dataset export: JSONL and Parquet hold exactly the records of an output folder; the batch index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.record import tokens as expand

LIGHT = Path(__file__).parent / "fixtures" / "runner" / "light.yaml"
TEXT = "中國網訊 粵港澳大灣區{n}年營業收入約2.2萬億元，增長5.45%。\n"
NAMES = ["a.txt", "sub/b.txt", "c.md"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export")
    for i, name in enumerate(NAMES):
        path = root / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.format(n=2000 + i), encoding="utf-8")
    (root / "in" / "empty.txt").write_text("", encoding="utf-8")  # failed: not exported
    assert main(["run", str(root / "in"), "--out", str(root / "out"), "--config", str(LIGHT), "--quiet"]) == 1
    return root / "out"


def records(out: Path) -> list[dict]:
    return [json.loads((out / f"{rid}.json").read_text(encoding="utf-8")) for rid in ("a", "c", "sub/b")]


def test_jsonl_has_one_full_record_per_line_in_input_order(out, tmp_path):
    target = tmp_path / "data" / "dataset.jsonl"
    assert main(["export", str(out), "--to", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records(out)
    assert "\\u" not in lines[0]


def test_field_selection_with_dotted_paths(out, tmp_path):
    target = tmp_path / "dataset.jsonl"
    assert main(["export", str(out), "--to", str(target), "--fields", "id,metadata.outlet,stats.chars,nope"]) == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"id": "a", "metadata.outlet": "中国网", "stats.chars": records(out)[0]["stats"]["chars"],
                       "nope": None}
    assert list(rows[0]) == ["id", "metadata.outlet", "stats.chars", "nope"]


def test_parquet_keeps_records_and_nested_structure(out, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "dataset.parquet"
    assert main(["export", str(out), "--to", str(target)]) == 0
    table = pq.read_table(target)
    expected = records(out)
    assert table.num_rows == 3
    assert table.column("id").to_pylist() == ["a", "c", "sub/b"]
    assert table.column("text").to_pylist() == [r["text"] for r in expected]
    tokens = table.column("tokens").to_pylist()[0]
    assert tokens == expected[0]["tokens"]  # the compact columns: a struct of lists, not a string
    assert table.column("entities").to_pylist()[0] == expected[0]["entities"]


def test_expanded_tokens_in_jsonl_and_parquet(out, tmp_path):
    target = tmp_path / "tokens.jsonl"
    assert main(["export", str(out), "--to", str(target), "--fields", "id,tokens", "--tokens", "expanded"]) == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    expected = records(out)
    assert [row["tokens"] for row in rows] == [expand(r) for r in expected]
    assert rows[0]["tokens"][0] == {"text": "中国", "pos": "ns", "start": 0, "end": 2,
                                    "start_original": 0, "end_original": 2}
    assert main(["export", str(out), "--to", str(target), "--fields", "id,tokens.pos"]) == 0  # compact: dotted paths
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["tokens.pos"] == expected[0]["tokens"]["pos"]
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "tokens.parquet"
    assert main(["export", str(out), "--to", str(target), "--tokens", "expanded"]) == 0
    assert pq.read_table(target).column("tokens").to_pylist() == [expand(r) for r in expected]  # list of structs


def test_a_yaml_only_folder_exports_its_view_and_says_so(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT.format(n=2000), encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--config", str(LIGHT),
                 "--format", "yaml", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["export", str(tmp_path / "out"), "--to", str(tmp_path / "x.jsonl")]) == 0
    assert "exported from the YAML view" in capsys.readouterr().err
    row = json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8"))
    assert "tokens" not in row and row["id"] == "a"


def test_unknown_format_and_missing_folder_are_usage_errors(out, tmp_path, capsys):
    assert main(["export", str(out), "--to", str(tmp_path / "x.csv")]) == 2
    assert main(["export", str(tmp_path / "missing"), "--to", str(tmp_path / "x.jsonl")]) == 2
    assert main(["export", str(out)]) == 2
    assert "unknown dataset format" in capsys.readouterr().err


def test_index_is_rewritten_from_the_manifest(out):
    before = (out / "_index.json").read_text(encoding="utf-8")
    (out / "_index.json").unlink()
    assert main(["export", str(out), "--index"]) == 0
    assert (out / "_index.json").read_text(encoding="utf-8") == before
    index = json.loads(before)
    assert [r["id"] for r in index["records"]] == ["a", "c", "sub/b"]  # the failed input is not listed


# ---------------------------------------------------------------------------- file modes
@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_every_output_honours_the_umask(tmp_path: Path, umask: int) -> None:
    """Records, manifest, index, JSONL and Parquet exports, the review site: 0666 & ~umask, none 0600."""
    import subprocess
    import sys

    seed = Path(__file__).parent / "fixtures" / "seed"
    out = tmp_path / "out"
    code = (
        "import os, sys\n"
        f"os.umask({umask})\n"
        "from pipeline.cli import main\n"
        f"assert main(['run', {str(seed)!r}, '--out', {str(out)!r}, '-q', '-j', '1']) == 0\n"
        f"assert main(['export', {str(out)!r}, '--to', {str(tmp_path / 'd.jsonl')!r}]) == 0\n"
        f"assert main(['export', {str(out)!r}, '--to', {str(tmp_path / 'd.parquet')!r}]) == 0\n"
        f"assert main(['export', {str(out)!r}, '--index']) == 0\n"
        f"assert main(['review', {str(out)!r}]) == 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = [tmp_path / "d.jsonl", tmp_path / "d.parquet", *(p for p in out.rglob("*") if p.is_file())]
    assert len(files) >= 8
    modes = {str(p.relative_to(tmp_path)): p.stat().st_mode & 0o777 for p in files}
    assert modes == {name: 0o666 & ~umask for name in modes}, modes
