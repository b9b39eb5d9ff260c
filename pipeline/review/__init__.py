"""The review site: HTML pages that show each record over its report text (``python -m pipeline review``).

Off the run-time path: ``run`` never imports this package (nor Jinja2).

- :mod:`pipeline.review.site` — ``build_site(OUT_DIR)`` writes ``OUT_DIR/_review/``;
- :mod:`pipeline.review.markup` — the report text with its entities, figures, removals as elements;
- :mod:`pipeline.review.gold_compare` — gold against record (missed / extra / wrong items);
- :mod:`pipeline.review.evalreport` — per-document scores from a ``make eval`` JSON report.
"""

from __future__ import annotations

from typing import Any


def build_site(*args: Any, **kwargs: Any):
    """See :func:`pipeline.review.site.build_site`."""
    from pipeline.review.site import build_site as _build_site

    return _build_site(*args, **kwargs)
