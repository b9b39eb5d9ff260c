"""``pipeline.pipe`` (this module is ``pipeline.piping``): many texts in, their records out, in input order (like spaCy's ``nlp.pipe``).

    for record in pipeline.pipe(texts, workers=2):
        ...
    for record, context in pipeline.pipe(((text, {"row": i}) for i, text in enumerate(texts))):
        ...

Every record equals ``pipeline.process(text, **options)`` for the same text and options, whatever
``workers`` is: each document is processed on its own. ``workers=1`` runs in this process; more
run a pool of worker processes (forked on Linux after this process has loaded the resources, so
they start warm), with a bounded number of texts in flight, so a long or endless iterable is
consumed lazily and memory stays flat. An exception from one text is raised when its turn to be
yielded comes (as ``process`` would raise it); closing the generator early stops the workers.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Any, Iterable, Iterator

_CONFIG = None  # in a worker: the Config every text is processed with
_OPTIONS: dict[str, Any] = {}


def _split(item: Any) -> tuple[str, Any, bool]:
    if isinstance(item, tuple):
        if len(item) != 2 or not isinstance(item[0], str):
            raise TypeError("pipe() takes strings or (text, context) tuples, got a tuple of another shape")
        return item[0], item[1], True
    if not isinstance(item, str):
        raise TypeError(f"pipe() takes strings or (text, context) tuples, not {type(item).__name__}")
    return item, None, False


def _init_worker(config: Any, options: dict[str, Any]) -> None:
    global _CONFIG, _OPTIONS
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the caller, which stops the pool
    _CONFIG, _OPTIONS = config, options


def _process_in_worker(text: str) -> dict[str, Any]:
    from pipeline.api import process

    return process(text, config=_CONFIG, **_OPTIONS)


def pipe(texts: Iterable[str | tuple[str, Any]], workers: int = 1, **options: Any) -> Iterator[Any]:
    """Yield one record per text, in input order; for ``(text, context)`` items yield ``(record, context)``.

    ``options`` are those of :func:`pipeline.process` that apply to every text: ``config``
    (a path or a loaded Config), ``settings`` (dotted overrides). Per-text names (``path``,
    ``id``…) make no sense for a stream and are refused: records of bare texts are known by
    a hash of their text.
    """
    from pipeline.api import process, resolve_config

    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
    unknown = set(options) - {"config", "settings"}
    if unknown:
        raise TypeError(f"pipe() options apply to every text: config, settings (not {', '.join(sorted(unknown))})")
    config = resolve_config(options.get("config"), options.get("settings"))  # a bad config fails here, at once
    if workers == 1:
        return _serial(texts, config, process)
    return _pool(texts, workers, config)


def _serial(texts: Iterable[Any], config: Any, process) -> Iterator[Any]:
    for item in texts:
        text, context, as_tuple = _split(item)
        record = process(text, config=config)
        yield (record, context) if as_tuple else record


def _pool(texts: Iterable[Any], workers: int, config: Any) -> Iterator[Any]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        from pipeline.runner.engines import warm_up

        warm_up(config)  # load once here; forked workers share the pages
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_init_worker, initargs=(config, {}))
    in_flight: deque = deque()
    limit = workers * 4
    try:
        for item in texts:
            text, context, as_tuple = _split(item)
            in_flight.append((executor.submit(_process_in_worker, text), context, as_tuple))
            while len(in_flight) >= limit:
                yield _result(in_flight.popleft())
        while in_flight:
            yield _result(in_flight.popleft())
    finally:
        for future, _, _ in in_flight:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _result(entry: tuple[Any, Any, bool]) -> Any:
    future, context, as_tuple = entry
    record = future.result()
    return (record, context) if as_tuple else record
