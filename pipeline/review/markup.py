"""The report text as HTML with its annotations as elements, for one view (Simplified or original).

A view is a text plus spans ``(start, end)`` into it. Spans may nest (an entity inside a
figure) or cross (a figure ending inside an entity); crossing spans are split into pieces
that share one ``data-k``, so the page stays valid HTML and every item can still be found
whole. Zero-width items (a removal in the clean text, where the token was cut out) are
inserted at their position. Everything that comes from the record is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")


@dataclass(eq=False)
class Span:
    start: int
    end: int
    tag: str                  # mark, span, del
    cls: str
    key: str                  # data-k: the item's id on the page (e1, f3, n0, c0, h2)
    tip: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    insert: str = ""          # zero-width: the text shown (struck through) at ``start``
    rank: int = 0             # among spans of equal extent, lower ranks are outer

    def open(self, first: bool) -> str:
        extra = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in self.attrs.items()
                        if first or name != "id")
        tip = f' title="{escape(self.tip, quote=True)}"' if self.tip else ""
        cls = self.cls if first else self.cls + " cont"
        return f'<{self.tag} class="{cls}" data-k="{self.key}"{tip}{extra}>'

    def close(self) -> str:
        return f"</{self.tag}>"


def render(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with every span as an element (split where spans cross)."""
    inserts: dict[int, list[Span]] = {}
    ranged: list[Span] = []
    for span in spans:
        start = max(0, min(span.start, len(text)))
        end = max(start, min(span.end, len(text)))
        span.start, span.end = start, end
        if start == end:
            inserts.setdefault(start, []).append(span)
        else:
            ranged.append(span)
    opening: dict[int, list[Span]] = {}
    for span in ranged:
        opening.setdefault(span.start, []).append(span)
    for group in opening.values():
        group.sort(key=lambda s: (-s.end, s.rank))
    points = sorted({0, len(text)} | set(opening) | {s.end for s in ranged} | set(inserts))
    out: list[str] = []
    stack: list[Span] = []
    for index, point in enumerate(points):
        ending = [i for i, span in enumerate(stack) if span.end == point]
        reopen: list[Span] = []
        if ending:
            lowest = ending[0]
            for span in reversed(stack[lowest:]):
                out.append(span.close())
            reopen = [span for span in stack[lowest:] if span.end > point]
            del stack[lowest:]
        for span in inserts.get(point, ()):
            out.append(span.open(True) + escape(span.insert) + span.close())
        # Reopened pieces were outer before; keep them outer unless a new span outlasts them.
        new = opening.get(point, [])
        continued = {id(span) for span in reopen}
        for span in sorted(reopen + new, key=lambda s: (-s.end, s.rank)):
            out.append(span.open(id(span) not in continued))
            stack.append(span)
        if index + 1 < len(points):
            out.append(escape(text[point:points[index + 1]], quote=False))
    for span in reversed(stack):
        out.append(span.close())
    return "".join(out)


def _number(value: Any) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def figure_tip(figure: dict[str, Any]) -> str:
    """What a figure's hover says: kind, value (or range) with unit, subject, time, date."""
    unit = figure.get("unit") or ""
    if figure.get("low") is not None or figure.get("high") is not None:
        value = f"{_number(figure.get('low'))} – {_number(figure.get('high'))}"
    else:
        value = _number(figure.get("value")) if figure.get("value") is not None else "—"
    parts = [f"{figure.get('kind', '?')}: {value}" + (f" {unit}" if unit else "")]
    if figure.get("approximate"):
        parts.append("approximate")
    for key in ("bound", "direction"):
        if figure.get(key):
            parts.append(f"{key} {figure[key]}")
    parts.append(f"subject: {figure.get('subject') or '—'}")
    parts.append(f"time: {figure.get('time') or '—'}")
    if figure.get("date"):
        parts.append(f"date: {figure['date']}")
    return " · ".join(parts)


def entity_tip(entity: dict[str, Any]) -> str:
    parts = [entity.get("label", "?"), f"source: {entity.get('source') or '—'}"]
    for key in ("canonical", "name_en", "name_zh"):
        if entity.get(key):
            parts.append(f"{key}: {entity[key]}")
    return " · ".join(parts)


def noise_tip(item: dict[str, Any], removed: bool) -> str:
    detail = item.get("detail") or {}
    policy = detail.get("policy") if isinstance(detail, dict) else None
    head = "removed" if removed else "flagged, kept"
    score = item.get("score")
    return " · ".join(p for p in (
        f"{head}: {item.get('token_original') or item.get('token')}",
        f"reason: {item.get('reason') or '—'}" + (f" ({policy})" if policy else ""),
        f"score: {score}" if score is not None else "",
    ) if p)


def _label_class(label: str) -> str:
    return "L-" + (label if label in LABELS else "OTHER")


def view_spans(record: dict[str, Any], original: bool) -> list[Span]:
    """Every item of the record as spans of one view: ``text`` or ``text_original``."""
    s, e = ("start_original", "end_original") if original else ("start", "end")
    text = record.get("text_original" if original else "text") or ""
    spans: list[Span] = []
    for i, section in enumerate(record.get("sections") or []):
        if section.get(s) is None:
            continue
        level = max(1, min(int(section.get("level") or 1), 6))
        spans.append(Span(section[s], section[e], "span", f"hd h{level}", f"h{i}", rank=0,
                          attrs={"id": ("oh" if original else "h") + str(i)}))
    for i, entity in enumerate(record.get("entities") or []):
        spans.append(Span(entity[s], entity[e], "mark", f"ent {_label_class(entity.get('label', ''))}", f"e{i}",
                          tip=entity_tip(entity), attrs={"data-label": str(entity.get("label", ""))}, rank=2))
    for i, figure in enumerate(record.get("figures") or []):
        spans.append(Span(figure[s], figure[e], "span", "fig", f"f{i}", tip=figure_tip(figure),
                          attrs={"data-kind": str(figure.get("kind", ""))}, rank=1))
    for i, item in enumerate(record.get("noise") or []):
        if original:  # the token is there in the input: strike it where it stands
            spans.append(Span(item[s], item[e], "del", "rm", f"n{i}", tip=noise_tip(item, True), rank=3))
        else:  # cut out of the clean text: show it struck through at the cut
            spans.append(Span(item[s], item[s], "del", "rm", f"n{i}", tip=noise_tip(item, True),
                              insert=str(item.get("token") or ""), rank=3))
    for i, item in enumerate(record.get("noise_candidates") or []):
        start, end = item[s], item[e]
        token = str(item.get("token_original" if original else "token") or "")
        if end <= start and token and text[start:start + len(token)] == token:
            end = start + len(token)  # kept in the text: mark the token itself
        spans.append(Span(start, end, "span", "cand", f"c{i}", tip=noise_tip(item, False),
                          insert="⚑" if end <= start else "", rank=3))
    return spans


def render_view(record: dict[str, Any], original: bool) -> str:
    text = record.get("text_original" if original else "text") or ""
    return render(text, view_spans(record, original))
