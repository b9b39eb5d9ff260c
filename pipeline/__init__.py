"""Chinese report pipeline: Traditional/Simplified/English reports → one structured record.

Public API: :func:`process` (one text → one record dict, exactly what the CLI writes).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["process", "__version__"]


def process(text: str, **options: Any) -> dict:
    """Process one report's text into its record; see :func:`pipeline.api.process`."""
    from pipeline.api import process as _process  # lazy: `import pipeline` stays cheap

    return _process(text, **options)
