"""Chinese report pipeline: Traditional/Simplified/English reports → one structured record.

Public API: :func:`process` (one text → one record dict, exactly what the CLI writes) and
:func:`pipe` (many texts → their records in input order, optionally on worker processes).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

__version__ = "0.1.0"
__all__ = ["process", "pipe", "__version__"]


def process(text: str, **options: Any) -> dict:
    """Process one report's text into its record; see :func:`pipeline.api.process`."""
    from pipeline.api import process as _process  # lazy: `import pipeline` stays cheap

    return _process(text, **options)


def pipe(texts: Iterable[str | tuple[str, Any]], workers: int = 1, **options: Any) -> Iterator[Any]:
    """Records of many texts in input order, like spaCy's ``nlp.pipe``; see :func:`pipeline.piping.pipe`.

    Items are strings (yielding records) or ``(text, context)`` tuples (yielding ``(record, context)``).
    ``workers=1`` runs here, ``workers=N`` on N worker processes; the records are identical either way.
    """
    from pipeline.piping import pipe as _pipe

    return _pipe(texts, workers=workers, **options)
