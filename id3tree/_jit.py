"""The one place where numba options are chosen: caching policy, fallback and flags."""

from __future__ import annotations

import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import numba

__all__ = ["njit", "run_chunks", "even_chunks", "CACHE_ENABLED"]


def _cache_wanted() -> bool:
    return os.environ.get("ID3TREE_NUMBA_CACHE", "1").strip().lower() not in {
        "0",
        "false",
        "no",
        "off",
    }


def _cache_usable() -> bool:
    """Return whether numba can write its cache for this package.

    numba raises ``RuntimeError`` when a cached function is defined and no cache
    location is writable; probing once here lets the package fall back to no caching
    instead of failing at import.
    """
    try:

        @numba.njit(cache=True)
        def _probe(x):  # pragma: no cover - trivial
            return x

    except RuntimeError as exc:
        warnings.warn(
            f"id3tree: numba cannot cache compiled kernels ({exc}); "
            "running without a cache, so every process compiles again. "
            "Set NUMBA_CACHE_DIR to a writable folder to enable caching.",
            RuntimeWarning,
            stacklevel=3,
        )
        return False
    return True


CACHE_ENABLED: bool = _cache_wanted() and _cache_usable()

_OPTIONS = {"cache": CACHE_ENABLED, "nogil": True, "fastmath": False}


def njit(func):
    """Compile ``func`` as a serial numba kernel with id3tree's options."""
    return numba.njit(**_OPTIONS)(func)


def even_chunks(n_items: int) -> list[int]:
    """Bounds of ``numba.get_num_threads()`` runs of ``n_items`` of about equal size.

    The same cut as numba's static ``prange`` schedule, for ``run_chunks``.
    """
    n_chunks = max(1, min(numba.get_num_threads(), n_items))
    return [n_items * c // n_chunks for c in range(n_chunks + 1)]


_pool: ThreadPoolExecutor | None = None


def _forget_pool() -> None:
    global _pool
    _pool = None


os.register_at_fork(after_in_child=_forget_pool)  # a forked child has no threads


def run_chunks(work, n_chunks: int) -> None:
    """Call ``work(chunk, worker)`` for every chunk, on numba's number of threads.

    ``work`` calls a ``nogil`` kernel, so the threads run in parallel. Each free
    thread takes the next chunk, in order; ``worker`` (in ``[0, n_threads)``) is the
    thread's number, for per-thread scratch space. The calling thread is worker 0;
    the others come from a pool kept for the process. A serial kernel run this way
    compiles much faster than a ``prange`` loop (no parfor lowering and gufunc).
    """
    n_workers = min(numba.get_num_threads(), n_chunks)
    if n_workers <= 1:
        for chunk in range(n_chunks):
            work(chunk, 0)
        return
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(numba.config.NUMBA_NUM_THREADS - 1)
    lock = threading.Lock()
    next_chunk = [0]

    def worker(number):
        while True:
            with lock:
                chunk = next_chunk[0]
                next_chunk[0] += 1
            if chunk >= n_chunks:
                return
            work(chunk, number)

    helpers = [_pool.submit(worker, number) for number in range(1, n_workers)]
    try:
        worker(0)
    finally:
        for helper in helpers:
            helper.result()
