"""One figure as the extractor builds it, before context attachment (``Raw``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Raw:
    start: int
    end: int
    kind: str
    value: Any
    unit: str | None = None
    approximate: bool = False
    bound: str | None = None
    date: str | None = None
    low: Any = None
    high: Any = None
    core_end: int = 0  # end of the number core (before unit)
    currency_source: str | None = None  # money: "stated" (a currency word or symbol) or "inferred" (region)
