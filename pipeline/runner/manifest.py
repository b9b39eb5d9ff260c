"""The manifest: what each record in an output folder was built from, so reruns skip it.

``OUT/_manifest.json`` maps every input name to its sha256, the config hash, the code
fingerprint and the pipeline version it was built with, and the hash and size of each
output file. An input is skipped when all of them still match, so a no-op rerun costs one
read of each input and a few ``stat`` calls: output files are re-hashed only when their
size or modification time moved since this machine last saw them. Those times live in a
machine-local stat cache (``pipeline.cache.cache_dir()``, one file per output folder), not
in the manifest, so the manifest is the same on every machine and can be committed with the
records; losing the stat cache only costs one re-hash of each output.

Resumability: while a run is going, each finished document is appended to
``OUT/_manifest.journal`` (one JSON line, flushed). A run that ends — normally, by
Ctrl-C or by SIGTERM — folds the journal into ``_manifest.json`` (atomic write) and
deletes it; after a hard kill (SIGKILL, power loss) the journal stays and the next run
replays it first, so no finished document is redone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from pipeline import __version__
from pipeline.config import Config, RESOURCES_DIR
from pipeline.stages.emit import atomic_write

MANIFEST_FILE = "_manifest.json"
JOURNAL_FILE = "_manifest.journal"
MANIFEST_FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")


# ---------------------------------------------------------------------------- fingerprints
def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shapes_records(path: Path) -> bool:
    """Whether a file of the package can change a record: Python sources and resource files, but not
    benchmarks, the evaluation tools or documentation (a PROVENANCE.md edit rebuilds nothing)."""
    relative = path.relative_to(PACKAGE_DIR)
    if "__pycache__" in relative.parts or path.name.startswith("bench") or relative.parts[0] == "eval":
        return False
    if path.suffix == ".md":
        return False
    return path.suffix == ".py" or RESOURCES_DIR in path.parents


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's Python sources and resources: changed code or data rebuilds records.

    The version number alone would not notice an edited lexicon or a fixed bug. The benchmarks, the
    evaluation tools (``pipeline/eval``) and the resources' documentation (PROVENANCE.md,
    MODEL_CARD.md) never shape a record, so they are left out.
    """
    digest = hashlib.sha256(__version__.encode())
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and shapes_records(p)]
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_fingerprint(config: Config) -> str:
    """Code fingerprint plus the contents of resource files a user config points at."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(_external_resources(config.data, config.path)):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _external_resources(node: Any, config_path: Path | None) -> set[Path]:
    found: set[Path] = set()
    if isinstance(node, dict):
        for value in node.values():
            found |= _external_resources(value, config_path)
    elif isinstance(node, str) and node != "builtin" and ("/" in node or "." in node):
        path = Path(node)
        if not path.is_absolute() and config_path is not None:
            path = config_path.parent / path
        try:
            if path.is_file():
                found.add(path.resolve())
        except OSError:
            pass
    return found


def output_stat(path: Path, data: bytes | None = None) -> dict[str, Any]:
    """What the manifest remembers of an output file (``mtime_ns`` goes to the stat cache)."""
    info = path.stat()
    digest = sha256_bytes(data) if data is not None else sha256_file(path)
    return {"sha256": digest, "size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _stat_cache_path(folder: Path) -> Path:
    from pipeline.cache import cache_dir

    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"manifest-stat-{key}.json"


def _load_stat_cache(folder: Path) -> dict[str, list]:
    """relative output path -> [size, mtime_ns, sha256] as last seen on this machine."""
    try:
        data = json.loads(_stat_cache_path(folder).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------------------- manifest
@dataclass
class Manifest:
    """Entries by input name; loaded from, journaled into and saved to an output folder."""

    folder: Path
    entries: dict[str, dict[str, Any]]
    recovered: int = 0  # entries replayed from a journal left by a hard kill
    warning: str | None = None
    stats: dict[str, list] = field(default_factory=dict)  # machine-local: relative path -> [size, mtime_ns, sha256]
    _journal: Any = None

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        entries: dict[str, dict[str, Any]] = {}
        warning = None
        path = folder / MANIFEST_FILE
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") != MANIFEST_FORMAT:
                    raise ValueError(f"format {data.get('format')!r}")
                entries = data["entries"]
            except (OSError, ValueError, KeyError, AttributeError) as exc:
                warning = f"{path}: unreadable manifest ({exc}); every input is rebuilt"
                entries = {}
        manifest = cls(folder, entries, warning=warning, stats=_load_stat_cache(folder))
        manifest.recovered = manifest._replay()
        for entry in manifest.entries.values():  # a manifest written before the stat cache existed
            manifest._take_times(entry)
        return manifest

    def _take_times(self, entry: dict[str, Any] | None) -> dict[str, Any] | None:
        """Move the output files' modification times from ``entry`` into the stat cache."""
        for relative, remembered in ((entry or {}).get("outputs") or {}).items():
            mtime = remembered.pop("mtime_ns", None)
            if mtime is not None:
                self.stats[relative] = [remembered["size"], mtime, remembered["sha256"]]
        return entry

    def _replay(self) -> int:
        journal = self.folder / JOURNAL_FILE
        if not journal.exists():
            return 0
        count = 0
        with open(journal, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    change = json.loads(line)
                    name = change["input"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut by the kill
                if change.get("entry") is None:
                    self.entries.pop(name, None)
                else:
                    self.entries[name] = change["entry"]
                count += 1
        return count

    # -------------------------------------------------------------- decisions
    def is_current(self, name: str, sha256: str, config_hash: str, fingerprint: str, formats: list[str]) -> bool:
        """True when the input's record is up to date and its files are untouched."""
        entry = self.entries.get(name)
        if (not entry or entry.get("status") != "ok" or entry.get("sha256") != sha256
                or entry.get("config_hash") != config_hash or entry.get("fingerprint") != fingerprint
                or entry.get("version") != __version__ or sorted(entry.get("formats", [])) != sorted(formats)):
            return False
        for relative, remembered in entry.get("outputs", {}).items():
            path = self.folder / relative
            try:
                info = path.stat()
            except OSError:
                return False
            if info.st_size != remembered["size"]:
                return False
            if self.stats.get(relative) != [info.st_size, info.st_mtime_ns, remembered["sha256"]]:
                try:
                    if sha256_file(path) != remembered["sha256"]:
                        return False
                except OSError:
                    return False
                # same bytes, touched or unknown to this machine: remember the time
                self.stats[relative] = [info.st_size, info.st_mtime_ns, remembered["sha256"]]
        return True

    # -------------------------------------------------------------- changes
    def open_journal(self) -> None:
        self._journal = open(self.folder / JOURNAL_FILE, "a", encoding="utf-8")

    def set(self, name: str, entry: dict[str, Any] | None) -> None:
        """Record one finished input (or drop it with None) and journal the change at once."""
        if entry is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = self._take_times(entry)
        if self._journal is not None:
            self._journal.write(json.dumps({"input": name, "entry": entry}, ensure_ascii=False) + "\n")
            self._journal.flush()  # in the kernel: survives a kill of this process

    def save(self) -> None:
        """Fold everything into ``_manifest.json`` atomically, then drop the journal."""
        data = {"format": MANIFEST_FORMAT, "pipeline_version": __version__,
                "entries": dict(sorted(self.entries.items()))}
        atomic_write(self.folder / MANIFEST_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        self._save_stats()
        self.close_journal()
        try:
            os.unlink(self.folder / JOURNAL_FILE)
        except FileNotFoundError:
            pass

    def _save_stats(self) -> None:
        """Best effort: an unwritable cache only means outputs are re-hashed next time."""
        owned = {relative for entry in self.entries.values() for relative in entry.get("outputs") or {}}
        stats = {relative: value for relative, value in sorted(self.stats.items()) if relative in owned}
        path = _stat_cache_path(self.folder)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(stats, ensure_ascii=False) + "\n")
        except OSError:
            pass

    def close_journal(self) -> None:
        if self._journal is not None:
            try:
                self._journal.close()
            except OSError:
                pass
            self._journal = None


def sweep_temporaries(folder: Path) -> list[Path]:
    """Delete hidden ``.NAME.XXXX.tmp`` files a hard-killed writer left behind."""
    removed = []
    for path in folder.rglob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file():
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def stale_names(manifest: Manifest, current: Iterable[str]) -> list[str]:
    """Inputs the manifest knows that are no longer among the inputs (deleted or renamed)."""
    return sorted(set(manifest.entries) - set(current))
