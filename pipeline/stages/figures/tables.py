"""Table cells: a table flattened to one cell per line takes each number's unit from its column header.

Statistical releases (国家统计局 tables, Hong Kong and Taiwan government tables such as 「（百萬元）」,
English "(US$ million)" / "(%)" columns) lose their grid when copied from HTML: the headers come
first, one per line, each with its unit in brackets (``1-11月（亿元）``, ``同比增长（%）``), then each
row is a label line followed by one line per cell. GUIDELINES §10: table cells take the unit of their
column header; negative cells keep their sign.
"""

from __future__ import annotations

import re

from pipeline.numbers import parse_arabic, parse_chinese, scale_value
from pipeline.region import bare_currency
from pipeline.stages.figures.figure import Raw
from pipeline.stages.figures.resources import Facts, Resources

HEADER_UNIT_RE = re.compile(r"[(（]\s*([^()（）]{1,12}?)\s*[)）]\s*$")
CELL_RE = re.compile(r"\s*([-−]?\d[\d,]*(?:\.\d+)?)\s*$")
SCALE_RE = re.compile(r"^(?:[十百千万亿]+|thousands?|millions?|billions?|trillions?)\s*", re.IGNORECASE)
EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
END_RE = re.compile(r"^\s*(?:注|资料来源|数据来源|说明|Notes?\b|Sources?\b)")
NOTE_RE = re.compile(r"\s*[(（]\s*(?:注|note)\s?\d*\s*[)）]\s*$", re.IGNORECASE)
MAX_LABEL = 30  # a row label or header is a short line; prose ends the table


def _column_unit(inside: str, res: Resources, facts: Facts) -> tuple[str, str | None, float, str | None] | None:
    """What a header's bracket says: (kind, unit, factor, currency_source), or None if it is no unit."""
    text = inside.strip()
    if text in ("%", "％"):
        return "percent", "%", 1, None
    factor: float = 1
    m = SCALE_RE.match(text)
    if m:
        word = m.group(0).strip().lower().rstrip("s")
        factor = EN_SCALE.get(word) or parse_chinese("1" + m.group(0).strip()) or 1
        text = text[m.end():]
    before, _, _ = text.partition("/")  # 万元/人: a per-capita amount is still an amount
    for probe in (text, before):
        if not probe:
            continue
        hit = res.currency_lex.match(probe, 0, allow_space=False)
        if hit is None:
            cm = res.prefix_currency_re.search(probe)
            if cm is not None and cm.end() == len(probe.rstrip()):
                code = res.prefix_currency[cm.group("cur")]
                return _money(code, factor, facts)
        elif hit[0] == len(probe):
            return _money(hit[1][1], factor, facts)
        hit = res.units_lex.match(probe, 0, allow_space=False)
        if hit is not None and hit[0] == len(probe):
            _, (surface, symbol, kind) = hit
            return ("duration" if kind == "duration" else "quantity"), ("x" if kind == "multiple" else symbol), factor, None
    return None


def _money(code: str, factor: float, facts: Facts) -> tuple[str, str, float, str]:
    if code.startswith("LOCAL"):
        return "money", bare_currency(facts.region, dollar=code == "LOCAL$"), factor, "inferred"
    return "money", code, factor, "stated"


def table_cells(norm: str, res: Resources, facts: Facts) -> list[Raw]:
    """Figures of every number cell under a run of unit-bearing column headers."""
    if "\n" not in norm or ("（" not in norm and "(" not in norm):
        return []
    lines = []
    pos = 0
    for line in norm.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    out: list[Raw] = []
    i = 0
    while i < len(lines):
        units = []
        j = i
        while j < len(lines) and len(lines[j][1].strip()) <= MAX_LABEL:
            m = HEADER_UNIT_RE.search(lines[j][1])
            unit = _column_unit(m.group(1), res, facts) if m else None
            if unit is None:
                break
            units.append(unit)
            j += 1
        if len(units) < 2:
            i += 1
            continue
        column = 0
        k = j
        while k < len(lines):
            start, line = lines[k]
            if not line.strip() or END_RE.match(line) or len(line.strip()) > MAX_LABEL:
                break
            header = HEADER_UNIT_RE.search(line)
            if header and _column_unit(header.group(1), res, facts) is not None:
                break  # the next table's headers
            if NOTE_RE.match(line):  # a footnote mark in a cell of its own: （注1）
                k += 1
                continue
            cell = CELL_RE.match(line)
            if cell is None:
                column = 0  # a row label
                k += 1
                continue
            value = parse_arabic(cell.group(1).replace("−", "-"))
            if value is not None:
                kind, unit, factor, source = units[column % len(units)]
                s = start + cell.start(1)
                out.append(Raw(s, start + cell.end(1), kind, scale_value(value, factor) if factor != 1 else value,
                               unit=unit, currency_source=source, core_end=start + cell.end(1)))
            column += 1
            k += 1
        i = k
    return out
