"""Dataset export: an output folder's records as one JSONL file or one Parquet file.

``python -m pipeline export OUT --to dataset.jsonl [--fields id,text,entities,metadata.title]``
The format follows the suffix (.jsonl/.ndjson, .parquet). Records stream one at a time
(JSONL) or in batches (Parquet), so memory stays flat whatever the folder's size.
Records are read in manifest order (sorted by input name) — the folder's ``*.json``
when there is no manifest — and a record that cannot be read is reported, not skipped silently.

Parquet (pyarrow, optional): nested fields keep their structure when every record agrees
on a type; a field whose items disagree (free-form ``detail`` maps, say) becomes a JSON
string column, named in the report so nobody is surprised.

Tokens: by default as the record stores them (the compact columns ``gap``, ``length``, ``pos``,
``original_shift``: a struct of lists in Parquet); ``tokens="expanded"`` (``--tokens expanded``)
writes one mapping per token instead — ``text``, ``pos``, ``start``, ``end``, ``start_original``,
``end_original``, as :func:`pipeline.record.tokens` gives them (a list of structs in Parquet).
A folder written with ``--format yaml`` only has the readable view (no tokens, ``text_original``
or entity mentions): its records are exported as they are and the report says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

from pipeline.record import with_tokens
from pipeline.runner.batch import INDEX_FILE, render_index
from pipeline.runner.manifest import MANIFEST_FILE, Manifest

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
TOKEN_FORMS = ("compact", "expanded")
PARQUET_BATCH = 256


class ExportError(ValueError):
    """A bad export request (unknown format, missing folder, missing pyarrow)."""


def record_files(folder: Path) -> list[Path]:
    """The JSON (else YAML) file of every current record, in manifest order."""
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such output folder")
    if (folder / MANIFEST_FILE).exists():
        manifest = Manifest.load(folder)
        files = []
        for _, entry in sorted(manifest.entries.items()):
            if entry.get("status") != "ok":
                continue
            outputs = sorted(entry.get("outputs", {}), key=lambda name: not name.endswith(".json"))
            if outputs:
                files.append(folder / outputs[0])
        return files
    return [p for p in sorted(folder.rglob("*.json")) if not p.name.startswith(("_", "."))]


def read_record(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def select(record: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    """Keep ``fields`` (dotted paths reach inside: ``metadata.title``), in the order given."""
    if not fields:
        return record
    out = {}
    for name in fields:
        node: Any = record
        for part in name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        out[name] = node
    return out


def _wants_tokens(fields: list[str] | None) -> bool:
    return fields is None or any(name == "tokens" or name.startswith("tokens.") for name in fields)


def iter_records(folder: Path, fields: list[str] | None, problems: list[str],
                 tokens: str = "compact", views: list[str] | None = None) -> Iterator[dict[str, Any]]:
    expand = tokens == "expanded" and _wants_tokens(fields)
    for path in record_files(folder):
        try:
            record = read_record(path)
            if "tokens" not in record:
                if views is not None:
                    views.append(str(path))
            elif expand:
                record = with_tokens(record)
            yield select(record, fields)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{path}: cannot read: {exc}")


def export(folder: Path, target: Path, fields: list[str] | None = None,
           log: Callable[[str], None] = lambda line: None, tokens: str = "compact") -> dict[str, Any]:
    """Write the dataset; return counts and any problems (unreadable records, JSON-encoded columns).

    ``tokens``: ``compact`` (the record's columns) or ``expanded`` (one mapping per token).
    ``views`` in the report lists records read from a YAML view (no tokens, ``text_original``, mentions).
    """
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        raise ExportError(f"{target}: unknown dataset format (use {', '.join(sorted(FORMATS))})")
    if tokens not in TOKEN_FORMS:
        raise ExportError(f"unknown token form {tokens!r} (use {' or '.join(TOKEN_FORMS)})")
    problems: list[str] = []
    views: list[str] = []
    records = iter_records(folder, fields, problems, tokens, views)
    if kind == "jsonl":
        count = _write_jsonl(records, target)
        encoded: list[str] = []
    else:
        count, encoded = _write_parquet(folder, fields, target, problems, tokens, views)
    return {"records": count, "problems": problems, "json_columns": encoded, "target": str(target),
            "views": views}


def _write_jsonl(records: Iterator[dict[str, Any]], target: Path) -> int:
    import os
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    from pipeline.fileio import make_ordinary

    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    count = 0
    try:
        make_ordinary(handle)  # mkstemp makes 0600: the dataset gets the user's umask like the records
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError(f"Parquet export needs pyarrow: pip install pyarrow ({exc})") from exc
    return pa, pq


def _parquet_writable(pa, kind) -> bool:
    """Parquet cannot hold a struct without fields (an always-empty map such as ``{}``)."""
    if pa.types.is_struct(kind):
        return kind.num_fields > 0 and all(_parquet_writable(pa, kind.field(i).type) for i in range(kind.num_fields))
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _parquet_writable(pa, kind.value_type)
    return True


def _write_parquet(folder: Path, fields: list[str] | None, target: Path, problems: list[str],
                   tokens: str = "compact", views: list[str] | None = None) -> tuple[int, list[str]]:
    """Two streaming passes: agree on one schema (per column), then write in batches."""
    import os
    import tempfile

    pa, pq = _pyarrow()
    columns: dict[str, Any] = {}  # name -> arrow type, or None when the records disagree
    order: list[str] = []
    for record in iter_records(folder, fields, [], tokens):
        for name, value in record.items():
            if name not in columns:
                order.append(name)
                columns[name] = pa.null()
            if columns[name] is None or value is None:
                continue
            try:
                found = pa.array([value]).type
                columns[name] = found if pa.types.is_null(columns[name]) else \
                    pa.unify_schemas([pa.schema([(name, columns[name])]), pa.schema([(name, found)])],
                                     promote_options="permissive").field(name).type
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                columns[name] = None
    for name in order:
        if columns[name] is not None and not _parquet_writable(pa, columns[name]):
            columns[name] = None
    encoded = [name for name in order if columns[name] is None]
    schema = pa.schema([(name, pa.string() if columns[name] is None else columns[name]) for name in order])

    def rows(batch: list[dict[str, Any]]) -> Any:
        for record in batch:
            for name in encoded:
                if record.get(name) is not None:
                    record[name] = json.dumps(record[name], ensure_ascii=False)
        return pa.Table.from_pylist(batch, schema=schema)

    target.parent.mkdir(parents=True, exist_ok=True)
    from pipeline.fileio import make_ordinary

    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    count = 0
    try:
        make_ordinary(temporary)
        with pq.ParquetWriter(temporary, schema) as writer:
            batch: list[dict[str, Any]] = []
            for record in iter_records(folder, fields, problems, tokens, views):
                batch.append(record)
                if len(batch) == PARQUET_BATCH:
                    writer.write_table(rows(batch))
                    count += len(batch)
                    batch = []
            if batch:
                writer.write_table(rows(batch))
                count += len(batch)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count, encoded


def write_index(folder: Path) -> int:
    """Rewrite ``_index.json`` from the manifest (``run`` keeps it current; this is for old folders)."""
    from pipeline.stages.emit import atomic_write

    if not (folder / MANIFEST_FILE).exists():
        raise ExportError(f"{folder}: no {MANIFEST_FILE}: run `python -m pipeline run ... --out {folder}` first")
    manifest = Manifest.load(folder)
    atomic_write(folder / INDEX_FILE, render_index(manifest.entries))
    return sum(1 for entry in manifest.entries.values() if entry.get("status") == "ok")
