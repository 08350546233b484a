"""Work on many records, spread over every core.

Reading and verifying a record is CPU work (TOML parsing, SHA-256, Ed25519),
each record independent of the others, so `verify --all` and rebuilding the
index hand the files to a process pool, one worker per core. Results come
back in the order the items were given, so output is the same whatever the
number of workers. A pool costs tens of milliseconds to start, so a handful
of records is handled in this process unless more workers were asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

#: Below this many records, a pool costs more than it saves (unless --jobs asks).
THRESHOLD = 200
#: Records handed to a worker at a time: few round trips, and even shares.
MAX_CHUNK = 256

T = TypeVar("T")
Item = TypeVar("Item")


def default_jobs() -> int:
    return os.cpu_count() or 1


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes handle ``count`` records: this one alone for a few,
    else ``jobs``, or one per core."""
    if jobs is None:
        return default_jobs() if count >= THRESHOLD else 1
    return max(1, min(jobs, count))


def _quiet_worker(initializer: Callable[..., None] | None, *args: Any) -> None:
    import signal

    # Ctrl-C is the parent's to handle; workers just stop when it shuts them down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*args)


def pooled(
    function: Callable[[Item], T],
    items: Sequence[Item],
    jobs: int | None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[T]:
    """``function`` of each item, in order, on a pool when it is worth one.

    ``function`` and ``initializer`` are module-level functions, and every
    argument and result picklable, so this works where workers are spawned.
    """
    workers = workers_for(len(items), jobs)
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts a worker in ~1 ms with peerpact already imported; where
    # there is no fork, the platform's default (spawn) imports it afresh.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunk = max(1, min(MAX_CHUNK, len(items) // (workers * 8)))
    pool = ProcessPoolExecutor(
        workers, multiprocessing.get_context(method), _quiet_worker, (initializer, *initargs)
    )
    try:
        yield from pool.map(function, items, chunksize=chunk)
    finally:
        pool.shutdown(cancel_futures=True)
