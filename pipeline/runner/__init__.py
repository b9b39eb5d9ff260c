"""Batch execution: finding inputs, running documents, writing records and errors."""
