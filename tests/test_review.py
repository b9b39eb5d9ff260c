"""The review site without a browser: the text renderer, gold comparison, eval report reader, build, CLI.

What a browser shows (marks, hover text, the script switch, no script from report text) is
asserted in tests/test_review_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from review_fixtures import FIXTURES_ENGLISH, make_gold_folder, make_output_folder

from pipeline.review import evalreport
from pipeline.review.markup import Span, render
from pipeline.review.site import build_site, page_path

ROOT = Path(__file__).resolve().parent.parent


class _Collector(HTMLParser):
    """Text per data-k (pieces joined) and the title of each, from a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.view: str | None = None
        self.views: dict[str, list[str]] = {"view-simplified": [], "view-original": []}
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") in self.views:
            self.view, self.depth = attrs["id"], 0
        elif self.view:
            self.depth += 1
        key = attrs.get("data-k")
        self.stack.append((tag, key and f"{self.view}:{key}"))
        if key and self.view:
            self.titles.setdefault(f"{self.view}:{key}", attrs.get("title") or "")

    def handle_endtag(self, tag):
        self.stack.pop()
        if self.view:
            if self.depth == 0:
                self.view = None
            else:
                self.depth -= 1

    def handle_data(self, data):
        if self.view:
            self.views[self.view].append(data)
        for _, key in self.stack:
            if key:
                self.text[key] = self.text.get(key, "") + data


def parse_page(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


# ---------------------------------------------------------------------------- renderer
def test_render_escapes_and_nests() -> None:
    html = render("a<b>&c", [Span(1, 4, "mark", "ent", "e0", tip='x"y<')])
    assert html == 'a<mark class="ent" data-k="e0" title="x&quot;y&lt;">&lt;b&gt;</mark>&amp;c'


def test_crossing_spans_are_split_into_pieces_with_one_key() -> None:
    html = render("abcdef", [Span(0, 4, "mark", "ent", "e0"), Span(2, 6, "span", "fig", "f0")])
    page = parse_page(f'<div id="view-simplified">{html}</div>')
    assert page.text["view-simplified:e0"] == "abcd"
    assert page.text["view-simplified:f0"] == "cdef"
    assert "cont" in html  # the continued piece is marked as such
    assert "".join(page.views["view-simplified"]) == "abcdef"


def test_zero_width_items_are_inserted_where_they_were_cut() -> None:
    html = render("终端", [Span(1, 1, "del", "rm", "n0", insert="九宫格")])
    assert html == '终<del class="rm" data-k="n0">九宫格</del>端'


# ---------------------------------------------------------------------------- site build
@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_record):
    base = tmp_path_factory.mktemp("review")
    out = base / "outputs"
    records = make_output_folder(out, seed_record, FIXTURES_ENGLISH.read_text(encoding="utf-8"))
    gold = make_gold_folder(base / "gold")
    report = build_site(out, gold_dir=gold)
    return out, records, report


def test_site_has_an_index_and_a_page_per_record(built) -> None:
    out, records, report = built
    site = out / "_review"
    assert (site / "index.html").is_file()
    for record in records.values():
        assert (site / page_path(record["id"])).is_file()
    assert page_path("briefs/policy_brief_en") == "docs/briefs/policy_brief_en.html"
    assert sorted(report.pages) == sorted(r["id"] for r in records.values())
    assert not report.problems
    assert report.errors == [{"input": "broken.txt", "error": "broken.txt: cannot decode: <b>mixed</b> bytes"}]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;mixed&lt;/b&gt;" in index and "<b>mixed</b>" not in index
    assert 'href="docs/briefs/policy_brief_en.html"' in index
    nested = (site / "docs/briefs/policy_brief_en.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in nested


def test_every_entity_figure_and_removal_is_on_the_page_in_both_scripts(built) -> None:
    out, records, _ = built
    for record in records.values():
        page = parse_page((out / "_review" / page_path(record["id"])).read_text(encoding="utf-8"))
        for i, entity in enumerate(record["entities"]):
            assert page.text[f"view-simplified:e{i}"] == entity["text"]
            assert page.text[f"view-original:e{i}"] == entity["text_original"]
        for i, figure in enumerate(record["figures"]):
            assert page.text[f"view-simplified:f{i}"] == figure["text"]
            assert page.text[f"view-original:f{i}"] == figure["text_original"]
            assert f"subject: {figure['subject'] or '—'}" in page.titles[f"view-simplified:f{i}"]
        for i, item in enumerate(record["noise"]):
            assert page.text[f"view-simplified:n{i}"] == item["token"]
            assert page.text[f"view-original:n{i}"] == item["token_original"]


def test_page_text_is_the_record_text(built) -> None:
    """Without the struck-through removals the Simplified view is ``text``; the original view is ``text_original``."""
    out, records, _ = built
    for record in records.values():
        html = (out / "_review" / page_path(record["id"])).read_text(encoding="utf-8")
        page = parse_page(html)
        original = "".join(page.views["view-original"])
        assert original == record["text_original"]
        removed = sum(len(n["token"]) for n in record["noise"])
        flags = sum(1 for c in record["noise_candidates"] if c["end"] <= c["start"]
                    and record["text"][c["start"]:c["start"] + len(c["token"])] != c["token"])
        assert len("".join(page.views["view-simplified"])) == len(record["text"]) + removed + flags


def test_hostile_report_text_is_escaped(built) -> None:
    out, _, _ = built
    html = (out / "_review/docs/evil.html").read_text(encoding="utf-8")
    assert html.count("<script>") == 1  # ours, at the end
    assert "&lt;script&gt;window.__pwned=" in html and "&lt;/script&gt;" in html  # (the 1 is a figure mark)
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt;" in html  # the title
    from html import unescape

    csp = unescape(html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1]


def test_gold_comparison_lists_missed_extra_and_wrong(built) -> None:
    out, records, _ = built
    from pipeline.eval.gold import load
    from pipeline.review.gold_compare import compare_with_gold

    record = records["evil"]
    gold = load(out.parent / "gold" / "evil.yaml", record["text_original"])
    result = compare_with_gold(record, gold)
    entities = result["entities"]
    assert [row["gold"]["text"] for row in entities["missed"]] == ["中國網"]
    assert [(row["gold"]["text"], row["why"]) for row in entities["wrong"]] == [
        ("汪衛華", "label: gold ORG, record PERSON")]
    assert entities["extra"] == [] and entities["correct"] == 2
    assert entities["precision"] == pytest.approx(2 / 3) and entities["recall"] == pytest.approx(2 / 4)
    figures = result["figures"]
    assert [row["gold"]["text"] for row in figures["wrong"]] == ["2.8萬億元"]
    assert "unit: gold HKD, record CNY" in figures["wrong"][0]["why"]
    assert sorted(row["record"]["text"] for row in figures["extra"]) == ["1", "2"]  # digits inside the markup
    assert result["noise"]["correct"] == 1 and not result["noise"]["missed"]
    assert [row["field"] for row in result["metadata"]] == ["title"]  # gold: null, the record was given one
    page = (out / "_review/docs/evil.html").read_text(encoding="utf-8")
    assert page.count('class="gold-item" data-kind="missed"') == 1
    assert page.count('class="gold-item" data-kind="wrong"') == 2
    assert page.count('class="gold-item" data-kind="extra"') == 2
    index = (out / "_review/index.html").read_text(encoding="utf-8")
    assert "gold ent. F1" in index


def test_gold_overlap_is_a_boundary_error() -> None:
    from pipeline.eval.gold import Item
    from pipeline.review.gold_compare import _pair

    text = "中国科学院物理研究所"
    gold = [Item(text=text, start=0, end=10, line=1, label="ORG")]
    predicted = [{"text": "中国科学院", "label": "ORG", "start_original": 0, "end_original": 5}]
    result = _pair(text, gold, predicted, lambda g: "ORG", lambda p: "ORG", lambda g, p: "",
                   lambda g: {"text": g.text})
    assert result["wrong"][0]["why"] == "span: record has '中国科学院'"
    assert not result["missed"] and not result["extra"]


# ---------------------------------------------------------------------------- eval report
EVAL = {
    "overall": {"entities": {"f1": 0.71}, "figures": {"f1": 0.9}},
    "documents": {
        "000_c7325925ba10cb96": {"entities": {"precision": 0.8, "recall": 0.7, "f1": 0.75},
                                 "figures": {"f1": 0.5}, "metadata": {"accuracy": 0.6}, "split": "dev"},
    },
}


@pytest.mark.parametrize("shape", ["mapping", "list", "split"])
def test_eval_report_shapes(shape: str) -> None:
    doc = EVAL["documents"]["000_c7325925ba10cb96"]
    report = {"mapping": EVAL,
              "list": {"documents": [{"id": "000_c7325925ba10cb96", **doc}]},
              "split": {"dev": {"documents": EVAL["documents"]}}}[shape]
    assert evalreport.per_document(report) == {"000_c7325925ba10cb96": {"entities": 0.75, "figures": 0.5,
                                                                         "metadata": 0.6}}


def test_index_shows_eval_scores(tmp_path: Path, seed_record) -> None:
    out = tmp_path / "out"
    make_output_folder(out, seed_record)
    (tmp_path / "eval.json").write_text(json.dumps(EVAL), encoding="utf-8")
    build_site(out, eval_report=tmp_path / "eval.json")
    index = (out / "_review/index.html").read_text(encoding="utf-8")
    assert 'data-col="eval-entities"' in index and 'data-v="0.75"' in index and ">0.750<" in index
    assert "overall.entities.f1" in index
    page = (out / "_review" / page_path(seed_record["id"])).read_text(encoding="utf-8")
    assert 'id="eval"' in page


# ---------------------------------------------------------------------------- targets, CLI
def test_corpus_site_builds_and_pages_are_small(tmp_path: Path) -> None:
    """Every page of the whole corpus (outputs/) ≤ 1 MB. (Its build time, target ≤ 5 s, is measured
    by the command itself and reported in the README, not asserted here: timings belong to benchmarks.)"""
    done = subprocess.run([sys.executable, "-m", "pipeline", "review", str(ROOT / "outputs"),
                           "--to", str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    pages = list((tmp_path / "site" / "docs").rglob("*.html"))
    assert pages and all(p.stat().st_size <= 1_000_000 for p in pages)
    assert "page(s)" in done.stderr and not (ROOT / "outputs" / "_review" / "site").exists()


def test_cli_usage_errors(tmp_path: Path) -> None:
    from pipeline.cli import main

    assert main(["review", str(tmp_path / "missing")]) == 2
    (tmp_path / "out").mkdir()
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["review", str(tmp_path / "out"), "--eval", str(tmp_path / "bad.json")]) == 2


def test_run_does_not_import_the_review_package(tmp_path: Path) -> None:
    code = ("import sys; from pipeline.cli import main; "
            f"rc = main(['run', {str(ROOT / 'tests/fixtures/seed')!r}, '--out', {str(tmp_path)!r}, '-q', '-j', '1']); "
            "print(rc, 'pipeline.review' in sys.modules, 'jinja2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["0", "False", "False"], done.stderr
