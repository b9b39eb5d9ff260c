"""The real-report evaluation (pipeline.eval): scoring, gold errors, the ratchet, the CLI.

Everything runs on the tiny committed fixture under tests/fixtures/eval/ (a Traditional news item,
its hand-written gold) and on records built here by hand as dicts: no pipeline run, no corpus/.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.eval.__main__ import evaluate, main
from pipeline.eval.gold import GoldError, load, read_text
from pipeline.eval.normalize import heading_key, norm, simplified
from pipeline.eval.ratchet import build_baseline, check
from pipeline.eval.score import AREAS, HEADLINE, measures, score_document
from pipeline.eval.sources import read_sources

EVAL = Path(__file__).parent / "fixtures" / "eval"
GOLD = EVAL / "gold" / "tiny.yaml"
TEXT = read_text(EVAL / "corpus" / "tiny.txt")


@pytest.fixture(scope="module")
def gold():
    return load(GOLD, TEXT)


def span(surface: str, after: int = 0) -> dict:
    start = TEXT.index(surface, after)
    return {"start_original": start, "end_original": start + len(surface)}


def entity(surface: str, label: str, after: int = 0) -> dict:
    return {"text": simplified(surface), "text_original": surface, "label": label, **span(surface, after)}


def figure(surface: str, kind: str, value=None, unit=None, date=None, low=None, high=None) -> dict:
    return {"text": simplified(surface), "text_original": surface, "kind": kind, "value": value, "unit": unit,
            "low": low, "high": high, "date": date, **span(surface)}


def perfect_record() -> dict:
    """The record a perfect pipeline would write for tiny.txt (Simplified fields, like the real one)."""
    noise = span("瑜伽場地")
    clean = TEXT[:noise["start_original"]] + TEXT[noise["end_original"]:]
    return {
        "text_original": TEXT,
        "text": simplified(clean).replace("抢著", "抢着"),  # the particle, as the project converts it
        "metadata": {"title": "新预算案出炉", "outlet": "中央社",
                     "authors": [{"name": "陈俊华", "name_original": "陳俊華", "affiliations": ["中央社"]}],
                     "editor": {"name": "林克伦", "name_original": "林克倫"},
                     "publication": "中央社", "date": "2025-04-24"},
        "sections": [{"heading": "新预算案出炉", "heading_original": "新預算案出爐", "level": 1},  # the title: ignored
                     {"heading": "一、人口对策", "heading_original": "一、人口對策", "level": 2}],
        "entities": [entity("中央社", "ORG"), entity("陳俊華", "PERSON"), entity("台北", "GPE"),
                     entity("行政院", "ORG"), entity("卓榮泰", "PERSON"), entity("台灣經濟研究院", "ORG"),
                     entity("臺北市", "GPE"), entity("桃園機場", "FAC"), entity("林克倫", "PERSON"),
                     entity("中央社", "WORK_OF_ART")],  # not a scored label: ignored
        "figures": [figure("2025年4月24日", "date", value=2025, date="2025-04-24"),
                    figure("新台幣4100億元", "money", 4.1e11, "TWD"),
                    figure("3.5%", "percent", 3.5, "%"), figure("2成", "percent", 20, "%")],
        "noise": [{"token": "瑜伽场地", "token_original": "瑜伽場地", **noise}],
        "noise_candidates": [],
    }


def scores(gold, record) -> dict:
    return {area: measures(area, result["counts"]) for area, result in score_document(gold, record).items()}


# ---------------------------------------------------------------- scoring

def test_a_perfect_record_scores_one_everywhere(gold):
    result = scores(gold, perfect_record())
    for area in AREAS:
        assert result[area][HEADLINE[area]] == 1.0, area
        for name, value in result[area].items():
            if name in ("must_not", "spurious", "genuine_removed", "genuine_per_100k"):
                assert value == 0, (area, name)
            elif value is not None:
                assert value == 1.0, (area, name, value)


def test_a_missing_entity_lowers_recall_only(gold):
    record = perfect_record()
    record["entities"] = [e for e in record["entities"] if e["text_original"] != "卓榮泰"]
    result = scores(gold, record)["entities"]
    assert result["precision"] == 1.0 and result["recall"] == pytest.approx(8 / 9)
    assert result["PERSON.f1"] < 1.0 and result["ORG.f1"] == 1.0


def test_an_extra_entity_lowers_precision_only(gold):
    record = perfect_record()
    record["entities"].append(entity("人口", "ORG"))
    result = scores(gold, record)["entities"]
    assert result["recall"] == 1.0 and result["precision"] == pytest.approx(9 / 10)


def test_a_mislabelled_entity_lowers_both(gold):
    record = perfect_record()
    record["entities"][5]["label"] = "PERSON"  # 台灣經濟研究院
    result = scores(gold, record)["entities"]
    assert result["precision"] == pytest.approx(8 / 9) and result["recall"] == pytest.approx(8 / 9)
    assert result["ORG.f1"] < 1.0 and result["PERSON.f1"] < 1.0


def test_gpe_and_loc_are_one_family_and_spans_must_be_exact(gold):
    record = perfect_record()
    record["entities"][6]["label"] = "LOC"  # 臺北市 GPE -> LOC: same family, still right
    assert scores(gold, record)["entities"]["f1"] == 1.0
    record["entities"][6] = entity("臺北", "GPE")  # shorter span: wrong
    result = scores(gold, record)["entities"]
    assert result["precision"] < 1.0 and result["recall"] < 1.0


def test_entities_after_the_window_are_not_scored(gold, tmp_path):
    text = TEXT + "台灣" * 10
    (tmp_path / "tiny.yaml").write_text(GOLD.read_text(encoding="utf-8").replace("region: TW", "region: TW\nwindow: 129"),
                                        encoding="utf-8")
    narrow = load(tmp_path / "tiny.yaml", text)
    record = perfect_record()
    record["text_original"] = text
    record["entities"].append({"text_original": "台灣", "label": "GPE", "start_original": len(TEXT),
                               "end_original": len(TEXT) + 2})
    assert scores(narrow, record)["entities"]["f1"] == 1.0


def test_a_wrong_unit_fails_value_but_is_still_located(gold):
    record = perfect_record()
    record["figures"][2]["unit"] = "pp"  # 3.5% read as percentage points
    result = scores(gold, record)["figures"]
    assert result["f1"] < 1.0 and result["precision"] == pytest.approx(3 / 4)
    assert result["located.f1"] == 1.0


def test_a_wrong_value_or_date_fails_value(gold):
    record = perfect_record()
    record["figures"][1]["value"] = 4.1e10
    record["figures"][0]["date"] = "2025-04"
    result = scores(gold, record)["figures"]
    assert result["recall"] == pytest.approx(2 / 4) and result["located.f1"] == 1.0


def test_cny_instead_of_twd_counts_against_currency_accuracy(gold):
    record = perfect_record()
    record["figures"][1]["unit"] = "CNY"
    result = scores(gold, record)["figures"]
    assert result["currency"] == 0.0 and result["located.f1"] == 1.0 and result["f1"] < 1.0
    details = score_document(gold, record)["figures"]["details"]
    assert details["wrong_currency"] == ["新台幣4100億元: CNY (gold TWD)"]


def test_must_not_violations_are_counted(gold):
    record = perfect_record()
    record["entities"].append(entity("筆者", "PERSON"))
    record["figures"].append(figure("一", "cardinal", 1))  # inside 一、人口對策
    record["sections"].append({"heading_original": "本文原載於筆者專欄", "level": 2})
    result = scores(gold, record)
    assert result["entities"]["must_not"] == 1
    assert result["figures"]["must_not"] == 1
    assert result["headings"]["must_not"] == 1 and result["headings"]["precision"] == pytest.approx(1 / 2)


def test_metadata_compares_normalised_values_and_counts_spurious_ones(gold):
    record = perfect_record()
    record["metadata"]["editor"] = ["林 克倫"]  # list of strings, white space: still right
    record["metadata"]["authors"][0]["affiliations"] = []
    record["metadata"]["date"] = "2025-04-25"
    result = scores(gold, record)["metadata"]
    assert result["editor"] == 1.0 and result["authors"] == 1.0 and result["authors.f1"] == 1.0
    assert result["affiliations.f1"] == 0.0 and result["date"] == 0.0
    assert result["accuracy"] == pytest.approx(4 / 5)
    gold_without_title = copy.deepcopy(gold)
    gold_without_title.metadata["title"] = None
    result = scores(gold_without_title, perfect_record())["metadata"]
    assert result["spurious"] == 1 and result["title"] is None and result["accuracy"] == pytest.approx(4 / 5)


def test_headings_ignore_enumeration_markers_and_shift_levels(gold):
    assert heading_key("（一）人口對策") == heading_key("1.1 人口对策") == heading_key("第一章 人口對策") == "人口对策"
    record = perfect_record()
    record["sections"][1] = {"heading": "1. 人口对策", "level": 3}  # other marker, deeper level
    result = scores(gold, record)["headings"]
    assert result["f1"] == 1.0 and result["level"] == 1.0


def test_noise_counts_genuine_characters_removed(gold):
    record = perfect_record()
    record["noise"].append({"start_original": TEXT.index("郵局"), "end_original": TEXT.index("郵局") + 2})
    result = scores(gold, record)["noise"]
    assert result["recall"] == 1.0 and result["genuine_removed"] == 2
    assert result["char_precision"] == pytest.approx(4 / 6) and result["score"] < 1.0
    record["noise"] = [record["noise"][1]]
    assert scores(gold, record)["noise"]["recall"] == 0.0


def test_conversion_checks_the_simplified_phrase_in_the_text(gold):
    record = perfect_record()
    record["text"] = record["text"].replace("抢着", "抢著")
    assert scores(gold, record)["conversion"]["accuracy"] == 0.0


# ---------------------------------------------------------------- gold errors

def _move_after(source: str, line: str, anchor: str) -> str:
    return source.replace(line, "").replace(anchor, anchor + line)


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.replace("[卓榮泰, PERSON]", "[卓榮泰, PER]"),
     r"tiny.yaml:22: entity '卓榮泰': label must be one of"),
    (lambda s: s.replace("region: TW", "region: TW\ncolour: red"),
     r"tiny.yaml:1: unknown key\(s\) \['colour'\]"),
    (lambda s: s.replace("[桃園機場, FAC]", "[桃園火車站, FAC]"),
     r"tiny.yaml:25: entity '桃園火車站' not found after offset \d+; it does not occur"),
    (lambda s: _move_after(s, "  - [卓榮泰, PERSON]\n", "  - [臺北市, GPE]\n"),
     r"tiny.yaml:24: entity '卓榮泰' not found after offset 73; it occurs earlier at 33: the list must be in "
     r"document order"),
    (lambda s: s.replace("title: 新預算案出爐", "title: [新預算案出爐"), r"tiny.yaml:8: not valid YAML"),
], ids=["bad label", "unknown key", "not found", "out of order", "bad YAML"])
def test_malformed_gold_names_the_file_and_the_line(tmp_path, edit, message):
    source = GOLD.read_text(encoding="utf-8")
    edited = edit(source)
    assert edited != source
    path = tmp_path / "tiny.yaml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load(path, TEXT)


def test_the_cli_reports_a_malformed_gold_file(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "tiny.yaml").write_text(GOLD.read_text(encoding="utf-8").replace("FAC]", "BUILDING]"),
                                                 encoding="utf-8")
    assert main(["--gold", str(tmp_path / "gold"), "--corpus", str(EVAL / "corpus"),
                 "--records", str(tmp_path), "--json", str(tmp_path / "e.json")]) == 2
    assert "tiny.yaml:25" in capsys.readouterr().err


# ---------------------------------------------------------------- ratchet

def _docs(tp: int) -> dict:
    counts = {"tp": tp, "gold": 1000, "pred": 1000}
    return {"a": {"split": "dev", "areas": {area: {"counts": counts if area == "entities" else {}, "details": {}}
                                            for area in AREAS}}}


def test_the_ratchet_fails_on_a_one_point_drop_and_passes_on_0_4():
    baseline = build_baseline(_docs(800))
    assert baseline["headline"]["entities"] == 0.8
    failures, _ = check(baseline, _docs(790))
    assert len(failures) == 1 and failures[0].startswith("entities.f1 dropped 0.8000 -> 0.7900")
    assert "a 0.8000 -> 0.7900" in failures[0]
    assert check(baseline, _docs(796)) == ([], [])
    failures, notes = check(baseline, _docs(801))
    assert not failures and "improved" in notes[0]


def test_the_ratchet_reports_new_documents_without_failing():
    baseline = build_baseline(_docs(800))
    current = _docs(800)
    current["b"] = _docs(0)["a"]  # a new, badly scored document
    failures, notes = check(baseline, current)
    assert failures == [] and "new document(s)" in notes[0] and "b" in notes[0]


def test_cli_scores_written_records_and_ratchets(tmp_path, capsys):
    records = tmp_path / "records"
    records.mkdir()
    (records / "tiny.json").write_text(json.dumps(perfect_record(), ensure_ascii=False), encoding="utf-8")
    common = ["--gold", str(EVAL / "gold"), "--corpus", str(EVAL / "corpus"), "--records", str(records),
              "--json", str(tmp_path / "eval.json"), "--baseline", str(tmp_path / "baseline.json")]
    assert main(common + ["--update-baseline"]) == 0
    out = capsys.readouterr().out
    assert "*f1" in out and "dev  holdout      all" in out
    report = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert report["headline"]["all"]["entities"] == 1.0 and "tiny" in report["documents"]
    assert main(common + ["--check"]) == 0
    worse = perfect_record()
    worse["entities"] = worse["entities"][1:]
    (records / "tiny.json").write_text(json.dumps(worse, ensure_ascii=False), encoding="utf-8")
    assert main(common + ["--check"]) == 1
    assert "entities.f1 dropped" in capsys.readouterr().err


def test_documents_are_split_by_sources_yaml(tmp_path, gold):
    sources = tmp_path / "SOURCES.yaml"
    sources.write_text("seed: 7\ndocuments:\n  - {id: tiny, file: tiny.txt, split: holdout}\n"
                       "  - {file: other.txt, split: dev}\n", encoding="utf-8")
    splits = read_sources(sources)
    assert splits == {"tiny": "holdout", "other": "dev"}
    assert read_sources(tmp_path / "missing.yaml") == {}
    documents = evaluate([(gold, TEXT)], {"tiny": perfect_record()}, splits)
    assert documents["tiny"]["split"] == "holdout"
    sources.write_text("- {id: tiny, split: test}\n", encoding="utf-8")
    with pytest.raises(GoldError, match="split must be one of"):
        read_sources(sources)


def test_the_eval_tools_stay_off_the_run_time_path():
    """No run-time module imports it (only the other tools: pipeline/review reads gold for its pages),
    and it is not part of the records' code fingerprint."""
    package = Path(__file__).parent.parent / "pipeline"
    for path in package.rglob("*.py"):
        if path.relative_to(package).parts[0] not in ("eval", "review"):
            assert "pipeline.eval" not in path.read_text(encoding="utf-8"), path
    from pipeline.runner.manifest import code_fingerprint, shapes_records

    assert not any(shapes_records(path) for path in (package / "eval").rglob("*.py"))
    assert code_fingerprint()



def test_metadata_keys_ignore_quote_style():
    """「」 → “” is conversion's configurable quote style (convert.quotes), not a different title."""
    assert norm("總統發表2025新年談話　「以民主厚植國力」") == norm("总统发表2025新年谈话“以民主厚植国力”")
    assert norm("总统发表谈话") != norm("总统发表讲话")
