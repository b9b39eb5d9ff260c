"""Every bad input gets a clear answer: one batch over tests/fixtures/bad_inputs, every outcome checked.

The committed fixtures are copied to a temporary input folder and joined there by what
cannot or should not be committed: a file over the size limit, names with ``* ? | " <``
and a line break, and symlinks (one leaving the input folder, which must not be read).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_config
from test_record import check_offsets

FIXTURES = Path(__file__).parent / "fixtures" / "bad_inputs"
SIMPLE = "中国网讯 粤港澳大湾区新材料产业2019年营业收入约2.2万亿元，增长5.45%。\n"
BOOKKEEPING = {"_errors.jsonl", "_index.json", "_manifest.json"}

# record id -> source.encoding
RECORDS = {
    "encodings/utf8": "utf-8",
    "encodings/utf8_bom": "utf-8-sig",
    "encodings/utf16le_bom": "utf-16-le",
    "encodings/utf16be_bom": "utf-16-be",
    "encodings/utf16le_nobom": "utf-16-le",
    "encodings/gbk": "gb18030",
    "encodings/gb18030": "gb18030",
    "encodings/big5": "big5",
    "chars/control_chars": "utf-8",
    "chars/zero_width": "utf-8",
    "chars/astral": "utf-8",
    "chars/fullwidth": "utf-8",
    "chars/combining": "utf-8",
    "markup/page": "utf-8",
    "markup/page_gbk": "gb18030",
    "markup/notes": "utf-8",
    "names/名字 有空格": "utf-8",
    "names/报告（2023）全文": "utf-8",
    "names/a;b&c$(echo pwned)'q'": "utf-8",
    "names/-leading-dash": "utf-8",
    "names/a/report": "utf-8",
    "names/b/report": "utf-8",
    "generated/star*and?question|pipe\"quote<lt>": "utf-8",
    "generated/line\nbreak": "utf-8",
}
# input name -> what the error says after "<name>: "
FAILURES = {
    "encodings/mixed_utf8_gbk.txt": "cannot decode",
    "encodings/latin1.txt": "cannot decode",
    "empty/empty.txt": "empty document",
    "empty/whitespace_only.txt": "empty document",
    "empty/nav_only.html": "empty document",
    "binary/scan.txt": "not a text document (PNG image)",
    "binary/document.txt": "not a text document (PDF document)",
    "binary/archive.md": "not a text document (ZIP archive)",
    "binary/program.txt": "not a text document (ELF executable)",
    "binary/random.txt": "not a text document (binary content)",
    "generated/too_large.txt": "too large",
}


def _snapshot(root: Path, exclude: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and exclude not in (p, *p.parents)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("reliability")
    inputs = root / "in"
    shutil.copytree(FIXTURES, inputs)
    generated = inputs / "generated"
    generated.mkdir()
    for name in RECORDS:
        if name.startswith("generated/"):
            (inputs / f"{name}.txt").write_text(SIMPLE, encoding="utf-8")
    # Over the default ingest.max_bytes by one byte: refused by its size, before decoding.
    limit = load_config().get("ingest.max_bytes")
    line = ("数据" * 5000 + "\n").encode("utf-8")
    with open(generated / "too_large.txt", "wb") as handle:
        for _ in range(limit // len(line)):
            handle.write(line)
        handle.write(b"x" * (limit % len(line) + 1))
    # Symlinks: outside the input folder (never read), inside it (read once), dangling (ignored).
    secret = root / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("机密文件，不得读取。\n", encoding="utf-8")
    links = inputs / "links"
    links.mkdir()
    (links / "outside.txt").symlink_to(secret)
    (links / "outside_dir").symlink_to(secret.parent, target_is_directory=True)
    (links / "inside.txt").symlink_to(inputs / "encodings" / "utf8.txt")
    (links / "dangling.txt").symlink_to(root / "missing.txt")

    out = root / "out"
    before = _snapshot(root, out)
    code = main(["run", str(inputs), "--out", str(out), "--quiet", "--workers", "2"])
    return {"root": root, "out": out, "code": code, "before": before}


def test_exit_code_says_some_inputs_failed(batch):
    assert batch["code"] == 1


def test_exactly_the_good_inputs_have_records(batch):
    out = batch["out"]
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    records = {f for f in files if f not in BOOKKEEPING}
    assert records == {f"{rid}.{fmt}" for rid in RECORDS for fmt in ("json", "yaml")}


def test_errors_name_each_bad_file_with_its_reason(batch):
    lines = (batch["out"] / "_errors.jsonl").read_text(encoding="utf-8").splitlines()
    errors = {e["input"]: e["error"] for e in map(json.loads, lines)}
    assert set(errors) == set(FAILURES)
    for name, reason in FAILURES.items():
        assert errors[name].startswith(f"{name}: {reason}"), errors[name]
    assert "ingest.max_bytes" in errors["generated/too_large.txt"]
    assert "ingest.on_undecodable" in errors["encodings/mixed_utf8_gbk.txt"]


def test_encoding_recorded_and_offsets_exact(batch):
    for rid, encoding in RECORDS.items():
        record = json.loads((batch["out"] / f"{rid}.json").read_text(encoding="utf-8"))
        assert record["id"] == rid
        assert record["source"]["encoding"] == encoding, rid
        assert "replacements" not in record["source"]
        check_offsets(record)


def _record(batch, rid: str) -> dict:
    return json.loads((batch["out"] / f"{rid}.json").read_text(encoding="utf-8"))


def test_characters_survive_exactly(batch):
    control = _record(batch, "chars/control_chars")["text_original"]
    assert "\x00" in control and "\x07" in control and "\x1b[31m" in control and "\x85" in control
    zero_width = _record(batch, "chars/zero_width")
    assert "\u200b" in zero_width["text_original"] and "\ufeff" in zero_width["text_original"]
    astral = _record(batch, "chars/astral")
    assert astral["text_original"].startswith("𫫇是") and "😀🇨🇳" in astral["text"]
    assert "ＡＩ\u3000ｆｏｒ" in _record(batch, "chars/fullwidth")["text_original"]
    combining = _record(batch, "chars/combining")["text_original"]
    assert combining.startswith("Café") and "\u0301" not in combining  # NFC
    big5 = _record(batch, "encodings/big5")
    assert big5["text_original"].startswith("中國網訊") and big5["text"].startswith("中国网讯")
    assert _record(batch, "encodings/gb18030")["text_original"].startswith("𫫇（GB18030")


def test_html_text_and_headings(batch):
    page = _record(batch, "markup/page")
    assert page["source"]["format"] == "html"
    text = page["text_original"]
    for dropped in ("document.write", "脚本", "font-family", "首页", "关于我们", "<"):
        assert dropped not in text
    assert "约2.2万亿元，增长5.45%。" in text  # the line break inside <p> between CJK is gone
    assert "合作&持续" in text  # entities decoded
    assert [(s["heading"], s["level"]) for s in page["sections"]] == [
        ("粤港澳大湾区新材料产业", 1), ("发展基础", 2)]
    gbk = _record(batch, "markup/page_gbk")
    assert [s["heading"] for s in gbk["sections"]] == ["发展基础"]


def test_markdown_headings(batch):
    notes = _record(batch, "markup/notes")
    assert [(s["heading"], s["level"]) for s in notes["sections"]] == [
        ("粤港澳大湾区新材料产业", 1), ("发展基础", 2), ("存在的主要问题", 2)]


def test_nothing_written_outside_the_output_folder(batch):
    assert _snapshot(batch["root"], batch["out"]) == batch["before"]
    assert not list(batch["root"].rglob("pwned"))


def test_no_partial_or_temporary_files(batch):
    out = batch["out"]
    leftovers = [p.relative_to(out).as_posix() for p in out.rglob("*")
                 if p.name.startswith(".") or p.name.endswith((".tmp", ".journal"))]
    assert leftovers == []
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # complete, parseable


def test_symlink_outside_the_input_folder_is_not_read(batch):
    out = batch["out"]
    assert not (out / "links").exists()
    for path in out.rglob("*.json"):
        assert "机密文件" not in path.read_text(encoding="utf-8")


def _replace_mode_batch(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("mixed_utf8_gbk.txt", "latin1.txt"):
        shutil.copy(FIXTURES / "encodings" / name, inputs / name)
    config = tmp_path / "replace.yaml"
    config.write_text("ingest:\n  on_undecodable: replace\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(inputs), "--out", str(out), "--quiet", "--workers", "1", "--config", str(config),
                 "--format", "json"])
    return code, out


def test_replace_mode_writes_records_and_the_batch_succeeds(tmp_path):
    code, out = _replace_mode_batch(tmp_path)
    assert code == 0
    for rid in ("mixed_utf8_gbk", "latin1"):
        record = json.loads((out / f"{rid}.json").read_text(encoding="utf-8"))
        assert record["source"]["encoding"] == "utf-8"
        assert "\ufffd" in record["text_original"]
        check_offsets(record)


def test_replace_mode_reports_the_replacement_count(tmp_path):
    code, out = _replace_mode_batch(tmp_path)
    counts = {rid: json.loads((out / f"{rid}.json").read_text(encoding="utf-8"))["source"].get("replacements")
              for rid in ("mixed_utf8_gbk", "latin1")}
    assert counts == {"mixed_utf8_gbk": 22, "latin1": 7}
