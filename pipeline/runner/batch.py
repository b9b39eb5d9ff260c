"""Run a batch: plan (skip what is current), process the rest on an engine, keep the books.

The per-document work is :func:`process_item` → ``pipeline.api.process``, wrapped by
:func:`run_task` (process + write, on a local worker) or :func:`render_task` (process
and return the serialised files, on a Dask worker that may not share our disk). Every
document is independent, so records are byte-identical whatever the number of workers.

A failing input is reported with its name and reason in ``OUT/_errors.jsonl`` and never
stops the batch; its old record (if any) stays untouched. A full disk or an unwritable
folder stops the batch with a clear message: records already written stay intact.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from pipeline.config import Config
from pipeline.runner.discover import InputItem

ERRORS_FILE = "_errors.jsonl"
INDEX_FILE = "_index.json"
# Write errors that will hit every following document too: stop instead of failing them one by one.
FATAL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class OutputError(OSError):
    """The output folder cannot be written (missing permission, read-only, full)."""


# ---------------------------------------------------------------------------- per document
@dataclass(frozen=True)
class Task:
    """One document to build. ``data`` carries the bytes when the worker cannot read ``path``."""

    name: str
    path: str | None
    record_id: str
    data: bytes | None = None


@dataclass
class Outcome:
    """What a worker reports back: small (hashes and key facts), never the record itself."""

    name: str
    record_id: str
    ok: bool
    error: str = ""
    fatal: bool = False
    sha256: str = ""
    chars: int = 0
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # relative path -> sha256/size/mtime
    rendered: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes (render_task only)
    facts: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def read_input(item: InputItem | Task, config: Config, data: bytes | None = None) -> tuple[str, str, str, int]:
    """Bytes of one input decoded: (text, encoding, sha256, replacement count)."""
    import hashlib

    from pipeline.stages.ingest import IngestError, decode_bytes

    limit = config.get("ingest.max_bytes")
    if data is None:
        if item.path is None:
            data = sys.stdin.buffer.read()
        else:
            try:
                size = os.stat(item.path).st_size
                if size > limit:
                    raise IngestError(_too_large(item.name, size, limit))
                data = Path(item.path).read_bytes()
            except OSError as exc:
                raise IngestError(f"{item.name}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise IngestError(_too_large(item.name, len(data), limit))
    decoded = decode_bytes(data, item.name, config.get("ingest.on_undecodable"))
    return decoded.text, decoded.encoding, hashlib.sha256(data).hexdigest(), decoded.replacements


def _too_large(name: str, size: int, limit: int) -> str:
    return f"{name}: too large: {size:,} bytes, over the limit of {limit:,} (ingest.max_bytes)"


def process_item(item: InputItem | Task, config: Config, data: bytes | None = None) -> dict:
    """THE per-document function of every engine: read, decode, ``pipeline.api.process``."""
    from pipeline.api import process

    text, encoding, sha256, replacements = read_input(item, config, data)
    return process(text, config=config, path=item.name, id=item.record_id, encoding=encoding, sha256=sha256,
                   replacements=replacements)


def render(record: dict, record_id: str, formats: Iterable[str]) -> dict[str, bytes]:
    from pipeline.stages.emit import SERIALISERS

    return {f"{record_id}.{fmt}": SERIALISERS[fmt](record).encode("utf-8") for fmt in formats}


def key_facts(record: dict) -> dict[str, Any]:
    """The few facts the batch index lists per record."""
    metadata = record.get("metadata") or {}
    source = record.get("source") or {}
    stats = record.get("stats") or {}
    return {
        "title": metadata.get("title"),
        "date": metadata.get("date"),
        "outlet": metadata.get("outlet"),
        "authors": [a.get("name") for a in metadata.get("authors") or [] if isinstance(a, dict)],
        "script": source.get("script"),
        "language": source.get("language"),
        "chars_original": stats.get("chars_original"),
        "chars": stats.get("chars"),
        "tokens": stats.get("tokens"),
        "noise_removed": stats.get("noise_removed"),
        "entities": stats.get("entities"),
        "figures": stats.get("figures"),
        "top_entities": [{"text": e.get("text"), "label": e.get("label")}
                         for e in (record.get("entities_unique") or [])[:10]],
        "keywords": [k.get("text") for k in (record.get("keywords") or [])[:10]],
    }


def _build(task: Task, config: Config, formats: list[str]) -> tuple[Outcome, dict[str, bytes]]:
    from pipeline.stages.ingest import IngestError

    started = time.perf_counter()
    try:
        record = process_item(task, config, task.data)
        rendered = render(record, task.record_id, formats)
    except IngestError as exc:
        return Outcome(task.name, task.record_id, False, error=str(exc)), {}
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return Outcome(task.name, task.record_id, False, error=f"{task.name}: {type(exc).__name__}: {exc}"), {}
    outcome = Outcome(task.name, task.record_id, True, sha256=record["source"]["sha256"],
                      chars=record["stats"]["chars_original"], facts=key_facts(record))
    outcome.seconds = time.perf_counter() - started
    return outcome, rendered


def render_task(task: Task, config: Config, formats: list[str]) -> Outcome:
    """Process one document and return its files' bytes (for workers without our disk)."""
    outcome, rendered = _build(task, config, formats)
    outcome.rendered = rendered
    return outcome


def run_task(task: Task, config: Config, out_dir: Path, formats: list[str]) -> Outcome:
    """Process one document and write its files atomically; report their hashes."""
    outcome, rendered = _build(task, config, formats)
    if outcome.ok:
        write_outputs(outcome, rendered, out_dir)
    return outcome


def write_outputs(outcome: Outcome, rendered: dict[str, bytes], out_dir: Path) -> None:
    """Write each file atomically; a write error turns the outcome into a failure (fatal if the disk is)."""
    from pipeline.runner.manifest import output_stat
    from pipeline.stages.emit import atomic_write

    for relative, data in rendered.items():
        target = out_dir / relative
        try:
            atomic_write(target, data)
            outcome.outputs[relative] = output_stat(target, data)
        except OSError as exc:
            outcome.ok = False
            outcome.fatal = exc.errno in FATAL_ERRNOS
            outcome.error = f"{outcome.name}: cannot write {target}: {exc.strerror or exc}"
            return


# ---------------------------------------------------------------------------- batch
@dataclass
class BatchResult:
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    pruned: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # records of deleted inputs kept (no --prune)
    not_started: int = 0  # left when the run was interrupted or stopped
    chars: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    fatal: str | None = None  # why the batch stopped early (disk full, ...)
    recovered: int = 0  # documents whose completion was replayed from the journal of a killed run


class Reporter:
    """What the batch tells the user; progress.py gives the terminal and plain versions."""

    def start(self, total: int, skipped: int) -> None: ...
    def done(self, outcome: Outcome) -> None: ...
    def note(self, line: str) -> None: ...
    def close(self) -> None: ...


def check_writable(out_dir: Path) -> None:
    """Fail early and clearly when the output folder cannot hold records."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".write-probe.", suffix=".tmp", dir=out_dir)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(exc.errno, f"output folder {out_dir} is not writable: {exc.strerror or exc}") from exc


def run_batch(items: list[InputItem], out_dir: Path, config: Config, formats: list[str], *,
              workers: int | None = None, force: bool = False, prune: bool = False,
              engine: str = "local", scheduler: str | None = None,
              reporter: Reporter | None = None, log: Callable[[str], None] | None = None) -> BatchResult:
    """Build the records of ``items`` in ``out_dir``: skip current ones, run the rest, save the manifest."""
    from pipeline.runner import manifest as mf
    from pipeline.runner.engines import make_engine

    reporter = reporter or _LogReporter(log or (lambda line: print(line, file=sys.stderr)))
    result = BatchResult()
    started = time.perf_counter()
    check_writable(out_dir)
    mf.sweep_temporaries(out_dir)
    manifest = mf.Manifest.load(out_dir)
    result.recovered = manifest.recovered
    if manifest.warning:
        reporter.note(f"warning: {manifest.warning}")
    fingerprint = mf.build_fingerprint(config)

    # Plan: hash every input; current ones are skipped.
    tasks: list[Task] = []
    stdin_data: bytes | None = None
    for item in items:
        digest = None
        try:
            if item.path is None:
                stdin_data = sys.stdin.buffer.read()
                digest = mf.sha256_bytes(stdin_data)
            elif not force:
                digest = mf.sha256_file(item.path)
        except OSError:
            pass  # the worker reports the read error
        if (digest is not None and not force
                and manifest.is_current(item.name, digest, config.hash, fingerprint, formats)):
            result.skipped.append(item.name)
            continue
        tasks.append(Task(item.name, str(item.path) if item.path else None, item.record_id,
                          stdin_data if item.path is None else None))

    stale = mf.stale_names(manifest, (item.name for item in items))
    errors: list[dict[str, str]] = []
    manifest.open_journal()
    try:
        if prune:
            for name in stale:
                _remove_outputs(out_dir, manifest.entries[name].get("outputs", {}))
                manifest.set(name, None)
                result.pruned.append(name)
        else:
            result.stale = stale
        reporter.start(len(tasks), len(result.skipped))
        if tasks:
            runner = make_engine(engine, workers=workers, scheduler=scheduler, config=config,
                                 out_dir=out_dir, formats=formats)
            try:
                for outcome in runner.run(tasks):
                    _book(outcome, manifest, result, errors, out_dir, config, fingerprint, formats)
                    reporter.done(outcome)
                    if outcome.fatal:
                        result.fatal = outcome.error
                        break
            except KeyboardInterrupt:
                result.interrupted = True
            finally:
                runner.close()
                # Every worker is joined now: a temporary file left by one killed mid-write
                # (SIGTERM racing its cleanup, SIGKILL, a crash) belongs to nobody.
                mf.sweep_temporaries(out_dir)
    finally:
        reporter.close()
        result.not_started = len(tasks) - len(result.processed) - len(result.failed)
        result.seconds = time.perf_counter() - started
        _finish(manifest, result, errors, out_dir, reporter)
    return result


def _book(outcome: Outcome, manifest, result: BatchResult, errors: list[dict[str, str]], out_dir: Path,
          config: Config, fingerprint: str, formats: list[str]) -> None:
    from pipeline import __version__

    if outcome.ok and outcome.rendered:  # rendered remotely: write here
        write_outputs(outcome, outcome.rendered, out_dir)
        outcome.rendered = {}
    old = manifest.entries.get(outcome.name) or {}
    if not outcome.ok:
        result.failed.append((outcome.name, outcome.error))
        errors.append({"input": outcome.name, "error": outcome.error})
        # The old record stays on disk (and can still be pruned) but is no longer current.
        manifest.set(outcome.name, {**old, "status": "failed", "error": outcome.error} if old else
                     {"id": outcome.record_id, "status": "failed", "error": outcome.error, "outputs": {}})
        return
    for relative in set(old.get("outputs", {})) - set(outcome.outputs):
        _remove_outputs(out_dir, {relative: None})  # a format no longer produced
    manifest.set(outcome.name, {
        "id": outcome.record_id, "status": "ok", "sha256": outcome.sha256, "config_hash": config.hash,
        "fingerprint": fingerprint, "version": __version__, "formats": list(formats),
        "outputs": outcome.outputs, "facts": outcome.facts,
    })
    result.processed.append(outcome.name)
    result.chars += outcome.chars


def _remove_outputs(out_dir: Path, outputs: dict[str, Any]) -> None:
    for relative in outputs:
        path = out_dir / relative
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        parent = path.parent
        while parent != out_dir and out_dir in parent.parents:
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent


def _finish(manifest, result: BatchResult, errors: list[dict[str, str]], out_dir: Path, reporter: Reporter) -> None:
    """Save the manifest, the error list and the index; on a full disk say so and keep the journal."""
    from pipeline.stages.emit import atomic_write

    try:
        manifest.save()
        errors_path = out_dir / ERRORS_FILE
        if errors:
            atomic_write(errors_path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
        elif errors_path.exists():
            errors_path.unlink()
        atomic_write(out_dir / INDEX_FILE, render_index(manifest.entries))
    except OSError as exc:
        manifest.close_journal()
        message = f"cannot update the manifest in {out_dir}: {exc.strerror or exc}"
        result.fatal = f"{result.fatal}; {message}" if result.fatal else message


def render_index(entries: dict[str, dict[str, Any]]) -> str:
    """``_index.json``: every current record with its key facts, sorted by input name."""
    records = []
    for name, entry in sorted(entries.items()):
        if entry.get("status") != "ok":
            continue
        records.append({"id": entry.get("id"), "input": name, "sha256": entry.get("sha256"),
                        "outputs": sorted(entry.get("outputs", {})), **entry.get("facts", {})})
    return json.dumps({"records": records, "count": len(records)}, ensure_ascii=False, indent=1) + "\n"


class _LogReporter(Reporter):
    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log

    def done(self, outcome: Outcome) -> None:
        self.log(f"ok      {outcome.name}" if outcome.ok else f"FAILED  {outcome.error}")

    def note(self, line: str) -> None:
        self.log(line)
