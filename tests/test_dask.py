"""Dask engine: the same per-document function on a LocalCluster of two workers gives the same records.

The cluster runs its two workers as separate processes (processes=True), as a real
cluster would; they receive the input bytes and send the serialised files back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main

distributed = pytest.importorskip("distributed")

LIGHT = Path(__file__).parent / "fixtures" / "runner" / "light.yaml"
TEXT = "中國網訊 粵港澳大灣區{n}年營業收入約2.2萬億元，增長5.45%。\n"


def records(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith("_")}


def test_dask_cluster_records_equal_local_records(tmp_path, capsys):
    inputs = tmp_path / "in"
    for i, name in enumerate(["a.txt", "sub/b.txt", "sub/c.md", "d.txt", "empty.txt"]):
        path = inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.format(n=2000 + i) if name != "empty.txt" else "", encoding="utf-8")
    common = ["--config", str(LIGHT), "--quiet"]
    assert main(["run", str(inputs), "--out", str(tmp_path / "local"), *common]) == 1

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        assert len(cluster.workers) == 2
        capsys.readouterr()
        code = main(["run", str(inputs), "--out", str(tmp_path / "dask"), "--engine", "dask",
                     "--scheduler", cluster.scheduler_address, *common])
        assert code == 1
        # Incremental on Dask too: only the failing input goes to the cluster again.
        assert main(["run", str(inputs), "--out", str(tmp_path / "dask"), "--engine", "dask",
                     "--scheduler", cluster.scheduler_address, *common]) == 1
        assert "0 processed, 4 skipped (unchanged), 1 failed" in capsys.readouterr().err
    assert records(tmp_path / "dask") == records(tmp_path / "local")
    errors = (tmp_path / "dask" / "_errors.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["input"] for line in errors.splitlines()] == ["empty.txt"]
    manifest = json.loads((tmp_path / "dask" / "_manifest.json").read_text(encoding="utf-8"))["entries"]
    assert manifest["sub/b.txt"]["status"] == "ok"
