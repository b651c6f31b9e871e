"""Presorting: each numeric column sorted once per fit, and class counts per segment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from numba import prange

from ._jit import njit, parallel_njit

# ---------------------------------------------------------------------------
# presorting and per-node class counts


@njit
def _fill_sorted(column, idx, y, rows, values, order, classes):
    """Make an argsort of ``column`` stable while writing the sorted arrays.

    ``idx`` sorts ``column`` with NaN last but may order equal values (and the
    NaN tail) arbitrarily; each run of equal values is put back in increasing
    position, so that equal values keep their entry order.
    """
    n = idx.shape[0]
    for i in range(n):
        values[i] = column[idx[i]]
    i = 0
    while i < n:
        j = i + 1
        if np.isnan(values[i]):
            j = n
        else:
            while j < n and values[j] == values[i]:
                j += 1
        if j - i > 1:
            idx[i:j] = np.sort(idx[i:j])
        i = j
    for i in range(n):
        order[i] = idx[i]
        classes[i] = y[rows[idx[i]]]


def presort_columns(X, y, rows, numeric_features):
    """Sort the given rows by every numeric feature, stably, missing values last.

    Each column is sorted by NumPy's fastest ``argsort`` (not stable) and then
    made stable by ``_fill_sorted``; columns are sorted in parallel threads (both
    steps release the GIL), one thread per numba thread.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64
        Feature matrix, NaN for missing.
    y : ndarray of shape (n_samples,), dtype=intp
        Class codes.
    rows : ndarray of shape (n_entries,), dtype=intp
        Rows of the root segment.
    numeric_features : ndarray of shape (n_numeric,), dtype=intp
        Features to sort by.

    Returns
    -------
    values : ndarray of shape (n_numeric, n_entries), dtype=float64
        ``values[q]``: the values of feature ``numeric_features[q]``, sorted.
    order : ndarray of shape (n_numeric, n_entries), dtype=int32
        ``order[q]``: the positions into ``rows`` of those values.
    classes : ndarray of shape (n_numeric, n_entries), dtype=int32
        ``classes[q]``: the class codes of those rows.
    """
    n_numeric = numeric_features.shape[0]
    n = rows.shape[0]
    values = np.empty((n_numeric, n), dtype=np.float64)
    order = np.empty((n_numeric, n), dtype=np.int32)
    classes = np.empty((n_numeric, n), dtype=np.int32)
    every_row = n == X.shape[0]

    def sort_one(q):
        column = X[:, numeric_features[q]]
        column = np.ascontiguousarray(column) if every_row else column[rows]
        idx = np.argsort(column)
        _fill_sorted(column, idx, y, rows, values[q], order[q], classes[q])

    threads = min(numba.get_num_threads(), n_numeric)
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(sort_one, range(n_numeric)))
    else:
        for q in range(n_numeric):
            sort_one(q)
    return values, order, classes


@njit
def distinct_known(sorted_values):
    """Distinct non-missing values of an increasing array with NaN last."""
    out = np.empty(sorted_values.shape[0], dtype=np.float64)
    n = 0
    for v in sorted_values:
        if np.isnan(v):
            break
        if n == 0 or v != out[n - 1]:
            out[n] = v
            n += 1
    return out[:n].copy()


@parallel_njit
def segment_class_counts(e_row, e_cls, e_w, sw, seg_start, n_classes):
    """Weighted class counts and sample-weight sums of every segment, in entry order.

    Parameters
    ----------
    e_row, e_cls, e_w : ndarray of shape (n_entries,)
        Row id (intp), class code (intp) and weight (float64) of every entry.
    sw : ndarray of shape (n_samples,), dtype=float64
        Sample weights of the rows.
    seg_start : ndarray of shape (n_segments + 1,), dtype=intp
        Segment ``k`` is ``[seg_start[k], seg_start[k + 1])``.
    n_classes : int
        Number of classes.

    Returns
    -------
    counts : ndarray of shape (n_segments, n_classes), dtype=float64
    sample_weight_sum : ndarray of shape (n_segments,), dtype=float64
        J48's row count (sum of the rows' sample weights, each row once).
    """
    n_seg = seg_start.shape[0] - 1
    counts = np.zeros((n_seg, n_classes), dtype=np.float64)
    sample_weight_sum = np.zeros(n_seg, dtype=np.float64)
    for k in prange(n_seg):
        for i in range(seg_start[k], seg_start[k + 1]):
            counts[k, e_cls[i]] += e_w[i]
            sample_weight_sum[k] += sw[e_row[i]]
    return counts, sample_weight_sum
