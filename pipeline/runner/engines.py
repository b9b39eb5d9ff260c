"""Engines run the same per-document function on many documents and stream the outcomes back.

- ``local``: a pool of worker processes on this machine, one document at a time each.
  The pool is our own (not ``ProcessPoolExecutor``) so a document that kills its worker
  (segfault, ``os._exit``, the OOM killer) is known by name and fails alone: the worker
  is replaced and the batch goes on. Workers write their records themselves (the costly
  serialisation runs in parallel) and send back only hashes and key facts.
- ``dask``: the same function on a ``dask.distributed`` cluster (``--scheduler ADDRESS``)
  or on a LocalCluster started for the run. Dask workers need not share our disk: they
  receive the input bytes and return the serialised files, which this process writes.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from pathlib import Path
from typing import Any, Iterator

from pipeline.config import Config
from pipeline.runner.batch import Outcome, Task, run_task, render_task


class EngineError(RuntimeError):
    """An engine that cannot start: missing optional dependency, unreachable scheduler."""


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_engine(name: str, *, workers: int | None, scheduler: str | None, config: Config, out_dir: Path,
                formats: list[str]):
    if name == "local":
        return LocalEngine(workers or default_workers(), config, out_dir, formats)
    if name == "dask":
        return DaskEngine(workers, scheduler, config, formats)
    raise EngineError(f"unknown engine {name!r} (local or dask)")


# ---------------------------------------------------------------------------- local processes
def _context():
    import multiprocessing

    # fork is cheap (modules already imported are shared) and keeps worker start-up in
    # milliseconds; elsewhere spawn, the platform default.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _worker_main(conn, parent_end, config: Config, out_dir: Path, formats: list[str], parent_pid: int) -> None:
    """Loop: receive a task, build it, send the outcome. Ends on None, EOF or an orphaned parent."""
    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and stops us with SIGTERM
    # SystemExit unwinds like an exception: atomic_write removes its temporary file.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent_pid:  # the parent was killed: stop, nothing to report to
                return
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = run_task(task, config, out_dir, formats)
        if os.getppid() != parent_pid:
            return
        conn.send(outcome)


def warm_up(config: Config) -> None:
    """Load every stage's resources once here, so forked workers start warm and share the pages.

    A tiny document through ``pipeline.process`` touches exactly the stages this config
    enables (spaCy only if entities are on). A failure here is left for the workers to report.
    """
    from pipeline.api import process

    try:
        process("中國網訊 2019年營業收入約2.2萬億元，增長5.45%。Warm-up.\n", config=config)
    except Exception:  # noqa: BLE001
        pass


class _Worker:
    def __init__(self, context, args: tuple[Any, ...]) -> None:
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child_end, self.conn, *args), daemon=True)
        self.process.start()
        child_end.close()
        self.task: Task | None = None


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class LocalEngine:
    """Up to ``workers`` processes; each task goes to an idle one; a dead worker fails its task alone."""

    def __init__(self, workers: int, config: Config, out_dir: Path, formats: list[str]) -> None:
        if workers < 1:
            raise EngineError("--workers must be at least 1")
        self.workers = workers
        self.context = _context()
        self.args = (config, out_dir, list(formats), os.getpid())
        self.pool: list[_Worker] = []

    def run(self, tasks: list[Task]) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        pending = deque(tasks)
        if self.context.get_start_method() == "fork":
            warm_up(self.args[0])
        for _ in range(min(self.workers, len(pending))):
            self.pool.append(_Worker(self.context, self.args))
        while True:
            for worker in list(self.pool):
                if worker.task is None and pending:
                    try:
                        worker.conn.send(pending[0])
                    except (OSError, ValueError):  # died while idle: replace it, the task waits
                        self.pool.remove(worker)
                        worker.process.join(timeout=1)
                        self.pool.append(_Worker(self.context, self.args))
                        continue
                    worker.task = pending.popleft()
            busy = [w for w in self.pool if w.task is not None]
            if not busy:
                return
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                outcome = None
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        if worker.conn.poll():
                            outcome = worker.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is None and worker.process.is_alive():
                        continue
                else:
                    continue
                task, worker.task = worker.task, None
                if outcome is None:  # the process died on this document
                    worker.process.join()
                    reason = _death_reason(worker.process.exitcode)
                    self.pool.remove(worker)
                    worker.conn.close()
                    if pending:
                        self.pool.append(_Worker(self.context, self.args))
                    outcome = Outcome(task.name, task.record_id, False,
                                      error=f"{task.name}: worker process died ({reason}) while processing it")
                yield outcome

    def close(self) -> None:
        """Stop idle workers politely, busy ones with SIGTERM (their atomic writes clean up)."""
        for worker in self.pool:
            try:
                if worker.task is None:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except (OSError, ValueError):
                worker.process.terminate()
        for worker in self.pool:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.pool = []


# ---------------------------------------------------------------------------- dask
class DaskEngine:
    """``render_task`` on a dask.distributed cluster; at most a few tasks per worker in flight."""

    def __init__(self, workers: int | None, scheduler: str | None, config: Config, formats: list[str]) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("--engine dask needs dask.distributed: pip install 'dask[distributed]' "
                              f"({exc})") from exc
        self.config, self.formats = config, list(formats)
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                                            processes=True, dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc

    def run(self, tasks: list[Task]) -> Iterator[Outcome]:
        from dask.distributed import as_completed

        slots = max(2, 2 * len(self.client.scheduler_info().get("workers", {})) or 2)
        pending = deque(tasks)
        futures: dict[Any, Task] = {}

        def submit() -> Any:
            task = _with_bytes(pending.popleft())
            future = self.client.submit(render_task, task, self.config, self.formats, pure=False)
            futures[future] = task
            return future

        stream = as_completed([submit() for _ in range(min(slots, len(pending)))])
        for future in stream:
            task = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker and friends: this document fails alone
                outcome = Outcome(task.name, task.record_id, False,
                                  error=f"{task.name}: Dask task failed: {type(exc).__name__}: {exc}")
            future.release()
            if pending:
                stream.add(submit())
            yield outcome

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _with_bytes(task: Task) -> Task:
    """Remote workers may not see our files: ship the input's bytes with the task."""
    if task.data is not None or task.path is None:
        return task
    try:
        data = Path(task.path).read_bytes()
    except OSError:
        return task  # the worker reports the read error
    return Task(task.name, task.path, task.record_id, data)
