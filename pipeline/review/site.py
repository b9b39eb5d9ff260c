"""Build the review site of an output folder: ``OUT/_review/index.html`` and one page per record.

Static, offline, self-contained pages (inline CSS and a little JS, a Content-Security-Policy
that lets only that JS run and nothing load from the network); every string from a record is
escaped, so a report that contains ``<script>`` shows it as text. Templates and assets live in
``pipeline/resources/review/``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.review import evalreport
from pipeline.review.gold_compare import compare_with_gold, load_gold_for
from pipeline.review.markup import LABELS, figure_tip, render_view

REVIEW_DIR = "_review"
RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "review"
PAGE_LIMIT = 1_000_000  # bytes: a page larger than this is reported


@dataclass
class SiteReport:
    folder: Path
    pages: dict[str, int] = field(default_factory=dict)   # record id -> page size in bytes
    errors: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)     # unreadable records, bad gold files
    seconds: float = 0.0

    @property
    def oversized(self) -> list[str]:
        return [doc for doc, size in self.pages.items() if size > PAGE_LIMIT]


class ReviewError(ValueError):
    """A bad request (no such folder, unreadable eval report)."""


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(RESOURCES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = _format_number
    return env


def _format_number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) <= 1.0 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


@lru_cache(maxsize=1)
def _assets() -> dict[str, Any]:
    from markupsafe import Markup

    css = (RESOURCES / "review.css").read_text(encoding="utf-8")
    scripts = {}
    for name in ("page", "index"):
        js = (RESOURCES / f"{name}.js").read_text(encoding="utf-8")
        if "</" in js:
            raise ValueError(f"{name}.js must not contain '</' (it is inlined into a <script> element)")
        digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
        # Only our own inline script runs; nothing is fetched (no network, no CDN).
        csp = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
        scripts[name] = {"js": Markup(js), "csp": csp}
    return {"css": Markup(css), "scripts": scripts}


def _records(folder: Path, problems: list[str]):
    from pipeline.runner.export import read_record, record_files

    for path in record_files(folder):
        try:
            yield read_record(path)
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: cannot read: {exc}")


def _errors(folder: Path) -> list[dict[str, Any]]:
    path = folder / "_errors.jsonl"
    errors = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                try:
                    entry = json.loads(line)
                except ValueError:
                    entry = {"input": "?", "error": line}
                if isinstance(entry, dict):
                    errors.append({"input": str(entry.get("input", "?")), "error": str(entry.get("error", ""))})
    return errors


def _region(record: dict[str, Any]) -> str | None:
    for node in (record.get("source") or {}, record.get("metadata") or {}, record):
        if isinstance(node, dict) and node.get("region"):
            return str(node["region"])
    return None


def _title(record: dict[str, Any]) -> str | None:
    return (record.get("metadata") or {}).get("title")


def page_path(doc_id: str) -> str:
    """The page of a record, relative to the site root (ids may hold folders: 2024/a)."""
    return "docs/" + "/".join(part for part in doc_id.split("/") if part not in ("", ".", "..")) + ".html"


def _root_from(page: str) -> str:
    return "../" * page.count("/")


def _metadata_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    meta = record.get("metadata") or {}
    source = record.get("source") or {}

    def person(value: Any) -> str:
        if isinstance(value, dict):
            name = value.get("name") or ""
            original = value.get("name_original")
            affiliations = value.get("affiliations") or []
            text = name + (f" ({original})" if original and original != name else "")
            return text + (f" — {'; '.join(affiliations)}" if affiliations else "")
        return str(value)

    authors = meta.get("authors") or []
    editor = meta.get("editor")
    editors = editor if isinstance(editor, list) else ([editor] if editor else [])
    rows = [
        ("title", meta.get("title")),
        ("date", meta.get("date")),
        ("outlet", meta.get("outlet")),
        ("channel", meta.get("channel")),
        ("authors", "\n".join(person(a) for a in authors) or None),
        ("editor", ", ".join(person(e) for e in editors) or None),
        ("publication", meta.get("publication")),
        ("language", source.get("language")),
        ("script", source.get("script")),
        ("region", _region(record)),
        ("source", source.get("path")),
        ("encoding", source.get("encoding")),
        ("sha256", (source.get("sha256") or "")[:16] or None),
        ("pipeline", " ".join(str(v) for v in (record.get("pipeline") or {}).values() if isinstance(v, (str, int)))
         or None),
    ]
    return [(key, "—" if value in (None, "") else str(value)) for key, value in rows]


def _label_counts(record: dict[str, Any]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for entity in record.get("entities") or []:
        counts[entity.get("label", "?")] = counts.get(entity.get("label", "?"), 0) + 1
    order = {label: i for i, label in enumerate(LABELS)}
    return sorted(counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))


def _outline(record: dict[str, Any]) -> list[dict[str, Any]]:
    levels = [int(s.get("level") or 1) for s in record.get("sections") or []]
    top = min(levels) if levels else 1
    return [{"index": i, "heading": s.get("heading") or "", "heading_original": s.get("heading_original") or "",
             "depth": max(0, min(int(s.get("level") or 1) - top, 5))}
            for i, s in enumerate(record.get("sections") or [])]


def _page_context(record: dict[str, Any], gold_dir: Path | None, eval_scores: dict[str, float] | None,
                  page: str, problems: list[str]) -> dict[str, Any]:
    gold, gold_error = load_gold_for(record, gold_dir)
    if gold_error:
        problems.append(gold_error)
    comparison = compare_with_gold(record, gold) if gold is not None else None
    figures = [{"text": f.get("text"), "text_original": f.get("text_original"), "tip": figure_tip(f),
                "kind": f.get("kind")} for f in record.get("figures") or []]
    return {
        "record_id": record.get("id") or "",
        "title": _title(record),
        "root": _root_from(page),
        "metadata": _metadata_rows(record),
        "labels": _label_counts(record),
        "outline": _outline(record),
        "entity_count": len(record.get("entities") or []),
        "figure_count": len(record.get("figures") or []),
        "figures": figures,
        "noise": record.get("noise") or [],
        "candidates": record.get("noise_candidates") or [],
        "text_simplified": _markup(render_view(record, original=False)),
        "text_original": _markup(render_view(record, original=True)),
        "gold": comparison,
        "gold_error": gold_error,
        "gold_path": f"{gold_dir}/{record.get('id')}.yaml" if gold is not None or gold_error else None,
        "eval_scores": eval_scores,
    }


def _markup(html: str):
    from markupsafe import Markup

    return Markup(html)


def _write(path: Path, content: str) -> int:
    """Plain write: honours the user's umask like any other file the user creates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def build_site(folder: Path, gold_dir: Path | None = None, eval_report: Path | None = None,
               target: Path | None = None) -> SiteReport:
    """Write ``folder/_review/`` (or ``target``); return page sizes, errors shown and problems met."""
    started = time.perf_counter()
    folder = Path(folder)
    if not folder.is_dir():
        raise ReviewError(f"{folder}: no such output folder")
    target = Path(target) if target else folder / REVIEW_DIR
    report = SiteReport(folder=target)
    scores: dict[str, dict[str, float]] = {}
    overall: dict[str, float] = {}
    if eval_report is not None:
        try:
            data = evalreport.load(eval_report)
        except (OSError, ValueError) as exc:
            raise ReviewError(f"{eval_report}: cannot read the eval report: {exc}") from exc
        scores, overall = evalreport.per_document(data), evalreport.overall(data)
    if gold_dir is not None and not Path(gold_dir).is_dir():
        gold_dir = None
    env = _environment()
    assets = _assets()
    page_template = env.get_template("page.html.j2")
    # A fresh site each time: pages of records that are gone must not linger (only our own files go).
    shutil.rmtree(target / "docs", ignore_errors=True)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in _records(folder, report.problems):
        doc_id = str(record.get("id") or "")
        if not doc_id or doc_id in seen:
            continue
        seen.add(doc_id)
        page = page_path(doc_id)
        context = _page_context(record, gold_dir, scores.get(doc_id), page, report.problems)
        html = page_template.render(css=assets["css"], script=assets["scripts"]["page"], **context)
        report.pages[doc_id] = _write(target / page, html)
        gold = context["gold"]
        source = record.get("source") or {}
        rows.append({
            "id": doc_id, "page": page, "title": _title(record), "language": source.get("language"),
            "script": source.get("script"), "region": _region(record),
            "entities": len(record.get("entities") or []), "figures": len(record.get("figures") or []),
            "removals": len(record.get("noise") or []), "flagged": len(record.get("noise_candidates") or []),
            "chars": len(record.get("text_original") or ""), "input": source.get("path"), "error": None,
            "scores": scores.get(doc_id, {}),
            "gold": None if gold is None else {area: gold[area]["f1"] for area in ("entities", "figures", "noise")},
        })
    report.errors = _errors(folder)
    by_input = {row["input"]: row for row in rows if row["input"]}
    for error in report.errors:
        row = by_input.get(error["input"])
        if row is not None:  # an older record of a failed input: still shown, with the failure
            row["error"] = error["error"]
        else:
            rows.append({"id": error["input"], "page": None, "title": None, "language": None, "script": None,
                         "region": None, "entities": None, "figures": None, "removals": None, "flagged": None,
                         "chars": None, "input": error["input"], "error": error["error"], "scores": {},
                         "gold": None})
    areas = sorted({area for row in rows for area in row["scores"]})
    index = env.get_template("index.html.j2").render(
        css=assets["css"], script=assets["scripts"]["index"], rows=rows, areas=areas, overall=overall,
        errors=report.errors, problems=report.problems, eval_report=str(eval_report) if eval_report else None,
        languages=sorted({r["language"] for r in rows if r["language"]}),
        scripts=sorted({r["script"] for r in rows if r["script"]}),
        has_gold=any(r["gold"] for r in rows))
    _write(target / "index.html", index)
    report.seconds = time.perf_counter() - started
    return report


def main_summary(report: SiteReport) -> str:
    sizes = sorted(report.pages.values())
    largest = f", largest page {sizes[-1] / 1e6:.2f} MB" if sizes else ""
    return (f"{report.folder}/index.html: {len(report.pages)} page(s), {len(report.errors)} failed input(s)"
            f"{largest} in {report.seconds:.2f} s")


__all__ = ["build_site", "ReviewError", "SiteReport", "page_path", "REVIEW_DIR", "main_summary"]
