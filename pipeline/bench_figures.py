"""Figures benchmark: precision/recall by kind over the case table (``python -m pipeline.bench_figures``).

The case table is tests/figures_cases.yaml (written for the project). A predicted figure is
correct when an expected figure of the same case has the same text, kind, value and unit;
a case is *exact* when every expected field of every figure matches and nothing else is found.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import load_config
from pipeline.document import Document
from pipeline.stages import convert
from pipeline.stages.figures import KINDS, extract_figures
from pipeline.stages.language import has_han

DEFAULT_CASES = Path(__file__).resolve().parent.parent / "tests" / "figures_cases.yaml"
ALWAYS = {"approximate": False, "bound": None, "direction": None}
OPTIONAL = ("low", "high", "subject", "time", "date")


def load_cases(path: Path = DEFAULT_CASES) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def run_text(text: str, config: Any = None) -> list[dict[str, Any]]:
    """Extract figures from one clean text (no segmenter: the whole text is one sentence)."""
    doc = Document(text_original=text, config=config or load_config())
    doc.text = text
    doc.sentences = []
    if has_han(text):  # a Traditional case goes through conversion as in the pipeline (variant → region)
        convert.convert(doc)
        if doc.text_simplified != text and len(doc.text_simplified) == len(text):
            doc.text = doc.text_simplified
            figures = extract_figures(doc)
            for fig in figures:  # compare with the case in its own script
                fig["text"] = text[fig["start"]:fig["end"]]
            return figures
    return extract_figures(doc)


def _num(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def same_value(a: Any, b: Any) -> bool:
    a, b = _num(a), _num(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def field_mismatches(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Names of the fields of ``expected`` that ``got`` does not reproduce."""
    bad = []
    if str(expected["text"]) != got["text"]:
        bad.append("text")
    for key in ("kind", "unit"):
        if expected.get(key) != got.get(key):
            bad.append(key)
    if not same_value(expected.get("value"), got.get("value")):
        bad.append("value")
    for key, default in ALWAYS.items():
        if expected.get(key, default) != got.get(key):
            bad.append(key)
    for key in OPTIONAL:
        if key in expected:
            want = expected[key]
            if key in ("time", "date") and want is not None:
                want = str(want)
            if not same_value(want, got.get(key)):
                bad.append(key)
    return bad


def case_errors(case: dict[str, Any], got: list[dict[str, Any]]) -> list[str]:
    """Empty when the case is exactly right; else readable differences."""
    expected = case["f"] or []
    errors = []
    if len(expected) != len(got):
        errors.append(f"expected {len(expected)} figures, got {len(got)}: {[g['text'] for g in got]}")
        return errors
    for exp, g in zip(expected, got):
        bad = field_mismatches(exp, g)
        if bad:
            errors.append(f"{exp['text']}: " + ", ".join(f"{k} want {exp.get(k, ALWAYS.get(k))!r} got {g.get(k)!r}" for k in bad))
    return errors


def _core_match(exp: dict[str, Any], g: dict[str, Any]) -> bool:
    return (str(exp["text"]) == g["text"] and exp.get("kind") == g["kind"] and exp.get("unit") == g["unit"]
            and same_value(exp.get("value"), g["value"]))


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    config = load_config()
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    exact = 0
    for case in cases:
        got = run_text(case["t"], config)
        expected = case["f"] or []
        if not case_errors(case, got):
            exact += 1
        used: set[int] = set()
        for g in got:
            pred[g["kind"]] += 1
            for j, exp in enumerate(expected):
                if j not in used and _core_match(exp, g):
                    used.add(j)
                    tp[g["kind"]] += 1
                    break
        for exp in expected:
            gold[exp["kind"]] += 1
    return {"cases": len(cases), "exact": exact, "tp": tp, "pred": pred, "gold": gold}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    args = parser.parse_args(argv)
    result = evaluate(load_cases(args.cases))
    out = sys.stdout
    out.write(f"cases: {result['cases']}  exactly right: {result['exact']} "
              f"({result['exact'] / result['cases']:.1%})\n")
    out.write(f"{'kind':<10}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}\n")
    tp, pred, gold = result["tp"], result["pred"], result["gold"]
    for kind in (*KINDS, "all"):
        t = sum(tp.values()) if kind == "all" else tp[kind]
        p = sum(pred.values()) if kind == "all" else pred[kind]
        g = sum(gold.values()) if kind == "all" else gold[kind]
        prec = t / p if p else float("nan")
        rec = t / g if g else float("nan")
        out.write(f"{kind:<10}{g:>6}{p:>6}{prec:>8.3f}{rec:>8.3f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
