"""The one place where numba options are chosen: caching policy, fallback and flags."""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager

import numba

__all__ = ["njit", "parallel_njit", "dynamic_schedule", "CACHE_ENABLED"]

# numba's OpenMP threads spin while they wait for work. A level-wise tree build
# launches hundreds of short parallel regions, and on a shared machine the spinning
# threads take the cores from the ones with work (measured: 2x slower fits under
# load). Threads that sleep while waiting cost little when the machine is idle.
# Set before numba starts its OpenMP runtime; a value the user chose is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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


def parallel_njit(func):
    """Compile ``func`` as a numba kernel that uses ``numba.prange``."""
    return numba.njit(parallel=True, **_OPTIONS)(func)


@contextmanager
def dynamic_schedule():
    """Hand out ``prange`` iterations one at a time to whichever thread is idle.

    numba splits a ``prange`` into equal static blocks by default; kernels whose
    iterations are unequal chunks of work run under this context instead.
    """
    with numba.parallel_chunksize(1):
        yield
