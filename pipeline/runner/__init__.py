"""Batch execution: finding inputs, running documents, writing records, errors and the manifest.

discover (inputs and their record names) → batch (plan, book-keeping, the per-document
function) → engines (local worker processes, Dask) → manifest (incremental, resumable)
→ progress (bar, plain lines, summary); export (JSONL/Parquet datasets, the index);
diff (what changed between two output folders, for ``make check``).
"""
