"""Run a batch: every input through ``pipeline.process``, records written atomically.

A failing input is reported with its name and reason and never stops the batch; its
old record (if any) stays untouched. The return value says what happened so the CLI
can choose the exit code.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.api import process
from pipeline.config import Config
from pipeline.runner.discover import InputItem
from pipeline.stages import emit
from pipeline.stages.ingest import IngestError, decode_bytes

ERRORS_FILE = "_errors.jsonl"


@dataclass
class BatchResult:
    processed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    chars: int = 0
    seconds: float = 0.0


def read_input(item: InputItem, config: Config) -> tuple[str, str, str]:
    """Bytes of one input decoded: (text, encoding, sha256)."""
    import hashlib

    if item.path is None:
        data = sys.stdin.buffer.read()
    else:
        try:
            data = item.path.read_bytes()
        except OSError as exc:
            raise IngestError(f"{item.name}: cannot read: {exc.strerror or exc}") from exc
    limit = config.get("ingest.max_bytes")
    if len(data) > limit:
        raise IngestError(f"{item.name}: {len(data):,} bytes is over the size limit of {limit:,} (ingest.max_bytes)")
    decoded = decode_bytes(data, item.name, config.get("ingest.on_undecodable"))
    return decoded.text, decoded.encoding, hashlib.sha256(data).hexdigest()


def process_item(item: InputItem, config: Config) -> dict:
    text, encoding, sha256 = read_input(item, config)
    return process(text, config=config, path=item.name, id=item.record_id, encoding=encoding, sha256=sha256)


def run_batch(items: list[InputItem], out_dir: Path, config: Config, formats: list[str],
              log=print) -> BatchResult:
    result = BatchResult()
    started = time.perf_counter()
    errors: list[dict] = []
    for item in items:
        try:
            record = process_item(item, config)
            emit.write_record(record, out_dir / item.record_id, formats)
        except IngestError as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            reason = f"{item.name}: {type(exc).__name__}: {exc}"
        else:
            result.processed.append(item.name)
            result.chars += record["stats"]["chars_original"]
            log(f"ok      {item.name}")
            continue
        result.failed.append((item.name, reason))
        errors.append({"input": item.name, "error": reason})
        log(f"FAILED  {reason}")
    result.seconds = time.perf_counter() - started
    errors_path = out_dir / ERRORS_FILE
    if errors:
        emit.atomic_write(errors_path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
    elif errors_path.exists():
        errors_path.unlink()
    return result
