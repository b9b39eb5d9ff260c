"""Progress on stderr: a tqdm bar on a terminal, plain lines otherwise, failures only with --quiet.

stdout is never written (it may carry data). The summary line is :func:`summary`.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from pipeline.runner.batch import BatchResult, Outcome, Reporter


class PlainReporter(Reporter):
    """One line per document (for logs and CI); ``quiet`` keeps only failures and warnings."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.total = self.count = self.chars = 0
        self.started = time.perf_counter()

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def start(self, total: int, skipped: int) -> None:
        self.total, self.started = total, time.perf_counter()
        if not self.quiet and (total or skipped):
            self._print(f"{total} to process, {skipped} unchanged (skipped)")

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        self.chars += outcome.chars
        if not outcome.ok:
            self._print(f"FAILED  {outcome.error}")
        elif not self.quiet:
            width = len(str(self.total))
            speed = self.chars / max(time.perf_counter() - self.started, 1e-9)
            self._print(f"[{self.count:>{width}}/{self.total}] ok  {outcome.name}  "
                        f"({outcome.chars:,} chars, {speed:,.0f} chars/s)")

    def note(self, line: str) -> None:
        self._print(line)


class BarReporter(PlainReporter):
    """A tqdm bar: documents done/total, docs/s, and characters per second in the postfix."""

    def start(self, total: int, skipped: int) -> None:
        import tqdm

        tqdm.tqdm.monitor_interval = 0  # no monitor thread: workers may be forked later
        super().start(total, skipped)
        self.bar = tqdm.tqdm(total=total, unit="doc", desc="records", file=self.stream, dynamic_ncols=True,
                             smoothing=0.1, disable=total == 0)

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        self.chars += outcome.chars
        if not outcome.ok:
            self.bar.write(f"FAILED  {outcome.error}", file=self.stream)
        speed = self.chars / max(time.perf_counter() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{speed:,.0f} chars/s", refresh=False)
        self.bar.update(1)

    def note(self, line: str) -> None:
        if getattr(self, "bar", None) is not None:
            self.bar.write(line, file=self.stream)
        else:
            self._print(line)

    def close(self) -> None:
        if getattr(self, "bar", None) is not None:
            self.bar.close()
            self.bar = None


def make_reporter(quiet: bool, stream: TextIO | None = None) -> Reporter:
    stream = stream or sys.stderr
    if not quiet and stream.isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            return PlainReporter(stream)
        return BarReporter(stream)
    return PlainReporter(stream, quiet=quiet)


def summary(result: BatchResult) -> str:
    """One line: processed, skipped, failed, pruned, time and throughput."""
    speed = result.chars / result.seconds if result.seconds else 0.0
    docs = len(result.processed) / result.seconds if result.seconds else 0.0
    parts = [f"{len(result.processed)} processed", f"{len(result.skipped)} skipped (unchanged)",
             f"{len(result.failed)} failed"]
    if result.pruned:
        parts.append(f"{len(result.pruned)} pruned")
    line = (f"{', '.join(parts)} in {result.seconds:.2f} s "
            f"({docs:,.1f} docs/s, {speed:,.0f} chars/s)")
    extra = []
    if result.recovered:
        extra.append(f"resumed: {result.recovered} document(s) finished by an interrupted run were kept")
    if result.stale:
        extra.append(f"{len(result.stale)} record(s) of inputs no longer present kept (--prune removes them)")
    if result.failed:
        extra.append("failures are listed in _errors.jsonl")
    if result.interrupted:
        extra.append(f"interrupted: {result.not_started} not processed; run the same command again to resume")
    if result.fatal:
        extra.append(f"stopped: {result.fatal}; records already written are intact")
    return "\n".join([line, *extra])
