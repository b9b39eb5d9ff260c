"""A local cache for tables derived from shipped files (the way jieba caches its dictionary).

Some resources are cheap to ship but slow to turn into lookup tables (jieba's 350,000-word
dictionary into log-probabilities and prefixes). The derived table is stored with
``marshal`` under ``$CN_REPORT_PIPELINE_CACHE`` (default ``~/.cache/cn-report-pipeline``),
keyed by a hash of the source files' contents and of the builder's name, so a changed
source rebuilds it. Nothing is ever downloaded; an unwritable cache folder only means the
table is rebuilt in memory each time. Big tables that are only *looked up* (jieba's IDF) are
cached as numpy arrays instead (:func:`cached_arrays`): loading them creates no Python objects.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from pipeline.fileio import new_file_mode


def cache_dir() -> Path:
    configured = os.environ.get("CN_REPORT_PIPELINE_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cn-report-pipeline"


def _key(name: str, sources: list[Path]) -> str:
    digest = hashlib.sha256(f"{name}|{sys.version_info[:2]}".encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


def _write_atomically(path: Path, write: Callable[[Any], None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.fchmod(handle, new_file_mode())  # mkstemp makes 0600: honour the umask like every output
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except OSError:
        pass  # read-only home, full disk: the table just is not cached


def cached_arrays(name: str, sources: list[Path], build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Like :func:`cached_table` for a dict of numpy arrays (stored as an uncompressed ``.npz``)."""
    import numpy as np

    path = cache_dir() / f"{name}-{_key(name, sources)}.npz"
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {key: stored[key] for key in stored.files}
    except (OSError, EOFError, ValueError, KeyError):
        pass
    value = build()
    _write_atomically(path, lambda out: np.savez(out, **value))
    return value


def cached_table(name: str, sources: list[Path], build: Callable[[], Any]) -> Any:
    """``build()`` once per source version; later processes load the marshalled result.

    ``build`` must return marshal-able data (dicts, lists, tuples, str, int, float, bytes).
    """
    path = cache_dir() / f"{name}-{_key(name, sources)}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # loads(bytes): marshal.load(file) reads piecemeal, 5x slower
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    _write_atomically(path, lambda out: marshal.dump(value, out))
    return value
