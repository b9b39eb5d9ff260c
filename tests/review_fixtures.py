"""Records and gold for the review-site tests: the seed, a hostile report, an English brief, a failure."""

from __future__ import annotations

import json
from pathlib import Path

EVIL_TEXT = ("中國網訊 松山湖材料實驗室位於東莞市，由汪衛華領銜。2023年營業收入增長5.45%，約2.8萬億元。"
             "<script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> 瑜伽場地\n")
EVIL_TITLE = "<script>window.__pwned=3</script>標題 & \"quotes\""

EVIL_GOLD = """\
id: evil
language: zh
script: traditional
region: CN
window: 3000
metadata:
  title: null
  authors: []
  editor: []
  publication: null
  date: null
entities:
  - [中國網, ORG]
  - [松山湖材料實驗室, ORG]
  - [東莞市, GPE]
  - [汪衛華, ORG]
figures:
  - {text: 2023年, kind: date, date: "2023"}
  - {text: 5.45%, kind: percent, value: 5.45, unit: "%"}
  - {text: 2.8萬億元, kind: money, value: 2800000000000, unit: HKD}
noise: [瑜伽場地]
"""


def evil_record() -> dict:
    import pipeline

    record = pipeline.process(EVIL_TEXT, path="evil.txt", encoding="utf-8")
    # The entities are fixed by hand, so the gold comparison below does not move with the entity
    # stage: 中國網 is left out (a miss), 汪衛華 is PERSON where the gold says ORG (a wrong label).
    record["entities"] = [_entity(record, simplified, original, label)
                          for simplified, original, label in (("松山湖材料实验室", "松山湖材料實驗室", "ORG"),
                                                              ("东莞市", "東莞市", "GPE"), ("汪卫华", "汪衛華", "PERSON"))]
    # Hostile strings in attributes and metadata too (same record format, other values).
    record["metadata"]["title"] = EVIL_TITLE
    record["entities"][0]["name_en"] = "\"><script>window.__pwned=4</script><b x=\""
    return record


def _entity(record: dict, simplified: str, original: str, label: str) -> dict:
    start, start_original = record["text"].index(simplified), record["text_original"].index(original)
    return {"text": simplified, "text_original": original, "label": label,
            "start": start, "end": start + len(simplified),
            "start_original": start_original, "end_original": start_original + len(original), "source": "gazetteer"}


def write_json(folder: Path, record: dict) -> None:
    path = folder / f"{record['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def make_output_folder(folder: Path, seed_record: dict, english_text: str | None = None) -> dict[str, dict]:
    """An output folder as `run` leaves it (records and _errors.jsonl, no manifest needed)."""
    import pipeline

    records = {"seed": seed_record, "evil": evil_record()}
    if english_text is not None:
        records["english"] = pipeline.process(english_text, path="briefs/policy_brief_en.txt", encoding="utf-8")
    for record in records.values():
        write_json(folder, record)
    (folder / "_errors.jsonl").write_text(
        json.dumps({"input": "broken.txt", "error": "broken.txt: cannot decode: <b>mixed</b> bytes"}) + "\n",
        encoding="utf-8")
    return records


def make_gold_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evil.yaml").write_text(EVIL_GOLD, encoding="utf-8")
    return folder


FIXTURES_ENGLISH = Path(__file__).parent / "fixtures" / "english" / "policy_brief_en.txt"
