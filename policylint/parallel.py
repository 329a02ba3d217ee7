"""Running one task per file in worker processes, and handing the results back in order.

The caller decides what a task is; this module only starts the processes, spreads the
work, and gives each result back in the order of the files, so that a parallel run
reports exactly what a serial one does. Where worker processes cannot be used, it says so
by handing back None, and the caller does the work itself.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:  # imported where processes are started: a one-file run never needs them
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this many files per process, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 2


def cannot_start() -> tuple[type[BaseException], ...]:
    """What creating the pool or handing it work raises when processes cannot be had here:
    no fork or semaphores in a sandbox, too many processes, a platform without them."""
    from concurrent.futures.process import BrokenProcessPool

    return (OSError, NotImplementedError, ImportError, BrokenProcessPool)

_task: Callable | None = None  # set in each worker process by _start_worker
_shared = None
# Pools started in this process whose workers have not yet been waited for: at exit, the
# interpreter's own shutdown has to see them off. Once none is left, the process may end
# at once (the command line does, so as not to tear down every object it built).
_unjoined: set = set()


def all_joined() -> bool:
    """Whether every pool this process started has finished and its workers have exited."""
    return not _unjoined


def available_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine has under a CPU mask)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worker_count(jobs: int | None, files: int) -> int:
    """How many processes to lint `files` files in; 1 means in this process.

    `jobs` None is automatic: one process per CPU when every process gets at least
    MIN_FILES_PER_WORKER files, else none. Never more processes than files.
    """
    if jobs is None:
        jobs = min(available_cpus(), files // MIN_FILES_PER_WORKER)
    return max(1, min(jobs, files))


def pool_context():
    """`fork` where the platform has it: workers start at once and inherit the modules,
    catalogues and compiled patterns already loaded. The platform's default elsewhere,
    and on macOS, whose system libraries may crash in a forked child."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def start_pool(workers: int, task: Callable, shared) -> ProcessPoolExecutor:
    """A pool whose processes run `task(shared, item)`; raises one of cannot_start()."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=pool_context(), initializer=_start_worker, initargs=(task, shared),
    )
    _unjoined.add(pool)
    return pool


def _start_worker(task: Callable, shared) -> None:
    """Set up a worker process."""
    global _task, _shared
    signal.signal(signal.SIGINT, _exit_quietly)
    _task, _shared = task, shared


def _exit_quietly(signum, frame) -> None:
    """Ctrl-C reaches every process of the terminal's group. A worker leaves at once and
    says nothing (each would print a traceback); the main process stops the pool and exits
    as a serial run does."""
    os._exit(128 + signum)


def run_task(item):
    """The function the pool calls (module level, so that `spawn` can find it). Each
    worker holds its own copy of `shared`: what a task records there stays in its process."""
    return _task(_shared, item)


def submit(pool: ProcessPoolExecutor, items: list, size: Callable | None = None) -> list[Future | None]:
    """Hand every item (None: none to hand) to the pool, one per task; the futures come
    back in item order.

    One item per task balances big files and small ones: a process takes the next file
    when it is done with its last. The biggest go first (by `size`), so that no process is
    left with a long file at the end while the other waits.
    """
    order = sorted(range(len(items)), key=lambda i: -size(items[i]) if size and items[i] is not None else 0)
    futures: list[Future | None] = [None] * len(items)
    for i in order:
        if items[i] is not None:
            futures[i] = pool.submit(run_task, items[i])
    return futures


def start_work(
    workers: int, task: Callable, shared, items: list, size: Callable | None = None,
) -> tuple[ProcessPoolExecutor | None, list]:
    """A pool with every item handed to it, and the futures in item order; or no pool and
    no futures when processes are not wanted (`workers` < 2) or cannot be started."""
    if workers < 2:
        return None, [None] * len(items)
    pool = None
    try:
        pool = start_pool(workers, task, shared)
        return pool, submit(pool, items, size)
    except cannot_start():
        _stop(pool)
        return None, [None] * len(items)
    except BaseException:  # Ctrl-C while the processes start
        _stop(pool)
        raise


def results_in_order(task: Callable, shared, items: list, workers: int, size: Callable | None = None) -> Iterator:
    """Yield, for each item in order, `task(shared, item)` as run in a worker process, or
    None where the caller is to do the item itself: items that are None, every item when
    `workers` < 2 or processes cannot be started, and the rest once a worker has died.

    The processes start when the first item to hand out is reached, so the work the caller
    did on the items before it (compiling patterns, loading modules) is inherited under
    `fork`. A task's exception is raised at its item's turn. If the caller stops early (an
    exception, Ctrl-C), the work not yet started is cancelled.
    """
    first = next((i for i, item in enumerate(items) if item is not None), len(items))
    yield from [None] * first
    pool, futures = start_work(workers, task, shared, items[first:], size)
    broken = cannot_start()[-1] if pool is not None else ()
    try:
        for future in futures:
            result = None
            if future is not None and pool is not None:
                try:
                    result = future.result()
                except broken:
                    _stop(pool)
                    pool = None  # a worker died: the caller does the rest
            yield result
    except BaseException:
        _stop(pool)
        raise
    if pool is not None:
        _join(pool)


def _join(pool: ProcessPoolExecutor) -> None:
    """Wait for the pool's work to end and its workers to exit."""
    pool.shutdown(wait=True)
    _unjoined.discard(pool)


def _stop(pool: ProcessPoolExecutor | None) -> None:
    """Cancel the work not started; the workers leave when their current task is done
    (at once on Ctrl-C)."""
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
