"""File modes: every file the pipeline writes honours the user's umask, as ``open()`` would.

Atomic writes go through ``tempfile.mkstemp``, which creates files with mode 0600 whatever the
umask; :func:`new_file_mode` is the mode a plain ``open(path, "w")`` would have given, applied to
the temporary file before it is renamed into place (records, exports, the manifest, caches).
"""

from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def new_file_mode() -> int:
    """0666 minus the process umask (read once per process: os.umask can only be read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def make_ordinary(fd_or_path: int | str | os.PathLike) -> None:
    """Give a file made by ``mkstemp`` (0600) the mode an ordinary new file gets."""
    if isinstance(fd_or_path, int):
        os.fchmod(fd_or_path, new_file_mode())
    else:
        os.chmod(fd_or_path, new_file_mode())
