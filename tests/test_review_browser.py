"""The review site in a real browser: headless Chromium (Debian's `chromium`), driven over the DevTools protocol.

The tests open the pages as file:// URLs and assert on the rendered DOM: every entity, figure and
removal of the record is marked where the record says, in both scripts; figures carry their value,
unit, subject and time as hover text (and the mouse really hovers them); the script switch shows the
original text; report text never runs as script; the pages fit a phone. Screenshots of the seed's page
and of the index go to bench-results/review/ (CI artefacts; REVIEW_SCREENSHOTS overrides the folder).

.ci/run installs Chromium; where no browser can be installed these tests skip and say so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cdp import Browser, find_browser
from review_fixtures import FIXTURES_ENGLISH, make_gold_folder, make_output_folder

from pipeline.review.site import build_site, page_path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("REVIEW_SCREENSHOTS") or ROOT / "bench-results" / "review")
BINARY = find_browser()
pytestmark = pytest.mark.skipif(
    BINARY is None,
    reason="no Chromium found (apt-get install chromium; .ci/run installs it): browser tests of the review site skipped")


@pytest.fixture(scope="module")
def browser():
    instance = Browser(BINARY)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_record):
    base = tmp_path_factory.mktemp("review-browser")
    out = base / "outputs"
    records = make_output_folder(out, seed_record, FIXTURES_ENGLISH.read_text(encoding="utf-8"))
    build_site(out, gold_dir=make_gold_folder(base / "gold"))
    return out / "_review", records


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    tab.size(1280, 900)
    yield tab
    tab.close()


def url(site_dir: Path, relative: str) -> str:
    return (site_dir / relative).resolve().as_uri()


PIECES = """(() => {
  const out = {};
  for (const view of ["view-simplified", "view-original"]) {
    for (const el of document.getElementById(view).querySelectorAll("[data-k]")) {
      const key = view + ":" + el.dataset.k;
      if (!out[key]) out[key] = {text: "", title: el.title, tag: el.tagName.toLowerCase(), cls: el.className};
      out[key].text += el.textContent;
    }
  }
  return out;
})()"""


def _pieces(page) -> dict:
    """data-k -> joined text and hover title of its pieces, per view (pieces of crossing spans are siblings)."""
    return page.js(PIECES)


@pytest.mark.parametrize("name", ["seed", "evil", "english"])
def test_every_entity_figure_and_removal_is_marked_where_the_record_says(page, site, name) -> None:
    site_dir, records = site
    record = records[name]
    page.open(url(site_dir, page_path(record["id"])))
    marks = _pieces(page)
    for i, entity in enumerate(record["entities"]):
        simplified, original = marks[f"view-simplified:e{i}"], marks[f"view-original:e{i}"]
        assert simplified["text"] == entity["text"] and original["text"] == entity["text_original"]
        assert simplified["tag"] == "mark" and f"L-{entity['label']}" in simplified["cls"]
        assert simplified["title"].startswith(entity["label"])
    for i, figure in enumerate(record["figures"]):
        simplified, original = marks[f"view-simplified:f{i}"], marks[f"view-original:f{i}"]
        assert simplified["text"] == figure["text"] and original["text"] == figure["text_original"]
        title = simplified["title"]
        assert title.startswith(figure["kind"] + ":")
        assert f"subject: {figure['subject'] or '—'}" in title and f"time: {figure['time'] or '—'}" in title
        if figure.get("unit"):
            assert f" {figure['unit']}" in title
    for i, item in enumerate(record["noise"]):
        assert marks[f"view-simplified:n{i}"] == {**marks[f"view-simplified:n{i}"], "text": item["token"], "tag": "del"}
        assert marks[f"view-original:n{i}"]["text"] == item["token_original"]
        assert marks[f"view-original:n{i}"]["title"].startswith("removed:")
    for i, item in enumerate(record["noise_candidates"]):
        assert marks[f"view-original:c{i}"]["text"] == item["token_original"]
        assert marks[f"view-original:c{i}"]["title"].startswith("flagged, kept:")
    text = page.js("""(() => {
      const clone = document.getElementById("view-simplified").cloneNode(true);
      clone.querySelectorAll("del.rm").forEach(el => el.remove());
      return [clone.textContent, document.getElementById("view-original").textContent];
    })()""")
    flags = "".join("⚑" for c in record["noise_candidates"]
                    if record["text"][c["start"]:c["start"] + len(c["token"])] != c["token"])
    assert text[0].replace("⚑", "") == record["text"] and (flags or "⚑" not in text[0])
    assert text[1] == record["text_original"]
    if name == "seed":
        page.screenshot(SCREENSHOTS / "seed-page.png")


def test_marks_start_exactly_at_their_offsets(page, site) -> None:
    """Each entity's first piece starts at the record's offset: counted over the text nodes of the view."""
    site_dir, records = site
    record = records["seed"]
    page.open(url(site_dir, page_path(record["id"])))
    starts = page.js("""(() => {
      const result = {};
      for (const view of ["view-simplified", "view-original"]) {
        const root = document.getElementById(view);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let offset = 0, node;
        while ((node = walker.nextNode())) {
          for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
            const key = view + ":" + el.dataset.k;
            if (el.dataset.k && !(key in result)) result[key] = offset;
          }
          if (!(view === "view-simplified" && node.parentElement.closest("del.rm"))) offset += node.length;
        }
      }
      return result;
    })()""")
    for prefix, items in (("e", record["entities"]), ("f", record["figures"])):
        for i, item in enumerate(items):
            assert starts[f"view-simplified:{prefix}{i}"] == item["start"], (prefix, i, item["text"])
            assert starts[f"view-original:{prefix}{i}"] == item["start_original"], (prefix, i, item["text"])
    for i, item in enumerate(record["noise"]):
        assert starts[f"view-original:n{i}"] == item["start_original"]


def test_hover_shows_a_figure_value_unit_subject_and_time(page, site) -> None:
    site_dir, records = site
    record = records["seed"]
    page.open(url(site_dir, page_path(record["id"])))
    index = next(i for i, f in enumerate(record["figures"]) if f["kind"] == "money" and f["subject"])
    figure = record["figures"][index]
    x, y = page.center_of(f"#view-simplified [data-k='f{index}']")
    page.mouse("mouseMoved", x, y)
    hovered = page.js("Array.from(document.querySelectorAll('#view-simplified .fig:hover')).map(e => [e.dataset.k, e.title])")
    assert hovered and hovered[-1][0] == f"f{index}"
    title = hovered[-1][1]
    assert figure["unit"] in title and f"subject: {figure['subject']}" in title and f"time: {figure['time']}" in title
    assert page.js("getComputedStyle(document.querySelector('#view-simplified .fig:hover')).cursor") == "help"
    # On a phone there is no hover: a tap shows the same details in the bar at the bottom.
    page.click_at(x, y)
    bar = page.js("[document.getElementById('tip').className, document.getElementById('tip').textContent]")
    assert bar[0] == "on" and title in bar[1]


def test_switch_between_simplified_and_original_script(page, site) -> None:
    site_dir, records = site
    record = records["seed"]
    page.open(url(site_dir, page_path(record["id"])))
    visible = "getComputedStyle(document.getElementById(%r)).display !== 'none'"
    assert page.js(visible % "view-simplified") and not page.js(visible % "view-original")
    page.click_at(*page.center_of("button[data-view='original']"))
    assert page.js(visible % "view-original") and not page.js(visible % "view-simplified")
    assert page.js("document.querySelector(\"button[data-view='original']\").getAttribute('aria-pressed')") == "true"
    shown = page.js("document.getElementById('view-original').innerText")
    assert "粵港澳大灣區" in shown and "瑜伽場地" in shown  # original script, the removed spam struck in place
    assert page.js("getComputedStyle(document.querySelector('#view-original del.rm')).textDecorationLine") == "line-through"
    # The outline goes to the heading of the script shown.
    page.click_at(*page.center_of("a[data-h='1']"))
    top = page.js("document.getElementById('oh1').getBoundingClientRect().top")
    assert 0 <= top < 50
    page.click_at(*page.center_of("button[data-view='simplified']"))
    assert page.js(visible % "view-simplified") and "粤港澳大湾区" in page.js("document.getElementById('view-simplified').innerText")


def test_report_text_never_runs_as_script(page, site) -> None:
    site_dir, records = site
    page.open(url(site_dir, page_path(records["evil"]["id"])))
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.scripts.length") == 1
    assert page.js("document.querySelectorAll('img, [onerror], b[x]').length") == 0
    text = page.js("document.getElementById('view-simplified').textContent")
    assert "<script>window.__pwned=1</script>" in text and '<img src=x onerror="window.__pwned=2">' in text
    assert page.js("document.querySelector('h1').textContent") == records["evil"]["metadata"]["title"]
    assert "<script>window.__pwned=4</script>" in page.js("document.querySelector(\"[data-k='e0']\").title")
    assert page.js("typeof window.reviewSetView") == "function"  # our own script did run


def test_gold_page_shows_missed_extra_and_wrong_side_by_side(page, site) -> None:
    site_dir, records = site
    page.open(url(site_dir, page_path(records["evil"]["id"])))
    rows = page.js("""Array.from(document.querySelectorAll('#gold .gold-item')).map(r =>
        [r.closest('.gold-grid').dataset.area, r.dataset.kind, r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])""")
    assert ["entities", "missed", "中國網 ORG", "—"] in rows
    wrong = [r for r in rows if r[0] == "entities" and r[1] == "wrong"]
    assert wrong and wrong[0][2] == "汪衛華 ORG" and wrong[0][3].startswith("汪衛華 PERSON")
    assert any(r[0] == "figures" and r[1] == "wrong" and "HKD" in r[2] and "CNY" in r[3] for r in rows)


def test_index_lists_sorts_and_filters(page, site) -> None:
    site_dir, records = site
    page.open(url(site_dir, "index.html"))
    ids = page.js("Array.from(document.querySelectorAll('#records tbody tr')).map(r => r.dataset.id)")
    assert sorted(ids) == sorted([r["id"] for r in records.values()] + ["broken.txt"])
    row = page.js("""(() => { const r = document.querySelector("#records tbody tr[data-id='broken.txt']");
        return [r.className, r.cells[r.cells.length - 1].textContent]; })()""")
    assert row == ["failed", "broken.txt: cannot decode: <b>mixed</b> bytes"]
    region = page.js("document.querySelector(\"#records tbody tr[data-id='evil'] td:nth-child(5)\").textContent")
    assert region == (records["evil"]["source"].get("region") or "—")  # '—' for records without one
    page.click_at(*page.center_of("th[data-col='entities']"))
    page.click_at(*page.center_of("th[data-col='entities']"))  # second click: descending
    counts = page.js("Array.from(document.querySelectorAll('#records tbody tr')).map(r => r.cells[5].textContent)")
    numbers = [int(c) for c in counts if c != "—"]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] == len(records["seed"]["entities"])
    page.js("window.reviewFilter('policy_brief')")
    shown = page.js("Array.from(document.querySelectorAll('#records tbody tr')).filter(r => !r.hidden).map(r => r.dataset.id)")
    assert shown == [records["english"]["id"]]
    page.js("window.reviewFilter('')")
    page.js("(() => { const s = document.querySelector(\"select[data-filter='language']\"); s.value = 'en'; "
            "s.dispatchEvent(new Event('change')); })()")
    assert page.js("document.getElementById('shown').textContent") == "1"
    page.js("(() => { const s = document.querySelector(\"select[data-filter='language']\"); s.value = ''; "
            "s.dispatchEvent(new Event('change')); })()")
    page.screenshot(SCREENSHOTS / "index.png")
    # The link opens the record's page.
    page.click_at(*page.center_of(f"a[href='{page_path(records['seed']['id'])}']"))
    page.browser.wait_event("Page.loadEventFired", page.session)
    assert page.js("document.body.dataset.record") == records["seed"]["id"]


@pytest.mark.parametrize("which", ["index", "seed"])
def test_pages_fit_a_phone(browser, site, which) -> None:
    site_dir, records = site
    tab = browser.new_page()
    try:
        tab.size(390, 844, mobile=True, scale=2)
        tab.open(url(site_dir, "index.html" if which == "index" else page_path(records["seed"]["id"])))
        assert tab.js("document.querySelector('meta[name=viewport]').content") == "width=device-width, initial-scale=1"
        width = tab.js("document.documentElement.scrollWidth")
        assert width <= 390, f"{which}: the page is {width}px wide on a 390px phone"
        tab.screenshot(SCREENSHOTS / f"{which}-phone.png")
    finally:
        tab.close()


def test_corpus_outputs_site_screenshots(page, tmp_path) -> None:
    """The site of the committed outputs/ (what `make review` builds), as CI artefacts."""
    report = build_site(ROOT / "outputs", gold_dir=ROOT / "tests" / "gold", target=tmp_path / "site")
    assert report.pages and not report.oversized
    page.open(url(tmp_path / "site", "index.html"))
    assert page.js("document.querySelectorAll('#records tbody tr').length") >= len(report.pages)
    first = sorted(report.pages)[0]
    page.open(url(tmp_path / "site", page_path(first)))
    record = json.loads((ROOT / "outputs" / f"{first}.json").read_text(encoding="utf-8"))
    count = page.js("new Set(Array.from(document.querySelectorAll('#view-simplified mark.ent')).map(e => e.dataset.k)).size")
    assert count == len(record["entities"])
    page.screenshot(SCREENSHOTS / "outputs-first-page-full.png", full=True)
