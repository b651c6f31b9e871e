"""Presorting: each numeric column sorted once per fit, and class counts per segment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from ._jit import njit

# ---------------------------------------------------------------------------
# presorting and per-node class counts


def _stable_argsort(column, sorted_out):
    """Stable argsort of a float column, NaN last (equal values keep their order).

    The sorted values are written to ``sorted_out``. NumPy's fastest ``argsort``
    is not stable; the positions within each run of equal values (the NaN tail
    is one run) are put back in increasing order by sorting ``run * n + position``.
    """
    n = column.shape[0]
    idx = np.argsort(column)
    values = np.take(column, idx, out=sorted_out)
    new_run = np.empty(n, dtype=bool)
    new_run[:1] = True
    np.not_equal(values[1:], values[:-1], out=new_run[1:])
    n_known = n - int(np.count_nonzero(np.isnan(values)))
    new_run[n_known + 1 :] = False
    if new_run.all():
        return idx
    run = np.cumsum(new_run) - 1
    run *= n
    run += idx
    run.sort()
    idx = run % n
    return idx


def presort_columns(X, y, rows, numeric_features, class_dtype):
    """Sort the given rows by every numeric feature, stably, missing values last.

    Columns are sorted by ``_stable_argsort`` in parallel threads (NumPy's sorts
    release the GIL), one thread per numba thread.

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
    class_dtype : type
        Integer dtype of the returned class codes (``class_code_dtype``).

    Returns
    -------
    values : ndarray of shape (n_numeric, n_entries), dtype=float64
        ``values[q]``: the values of feature ``numeric_features[q]``, sorted.
    order : ndarray of shape (n_numeric, n_entries), dtype=int32
        ``order[q]``: the positions into ``rows`` of those values.
    classes : ndarray of shape (n_numeric, n_entries), dtype=class_dtype
        ``classes[q]``: the class codes of those rows.
    """
    n_numeric = numeric_features.shape[0]
    n = rows.shape[0]
    values = np.empty((n_numeric, n), dtype=np.float64)
    order = np.empty((n_numeric, n), dtype=np.int32)
    classes = np.empty((n_numeric, n), dtype=class_dtype)
    every_row = n == X.shape[0]
    root_classes = y[rows].astype(class_dtype)

    def sort_one(q):
        column = X[:, numeric_features[q]]
        column = np.ascontiguousarray(column) if every_row else column[rows]
        idx = _stable_argsort(column, values[q])
        order[q] = idx
        np.take(root_classes, idx, out=classes[q])

    threads = min(numba.get_num_threads(), n_numeric)
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(sort_one, range(n_numeric)))
    else:
        for q in range(n_numeric):
            sort_one(q)
    return values, order, classes


@njit
def distinct_first_rows(sorted_values, order):
    """First row of each distinct non-missing value of a stably sorted column.

    ``sorted_values`` is increasing with NaN last and ``order`` gives the row of
    each value (rows of equal values in increasing order); the result (int32) is
    in increasing order of value.
    """
    n = sorted_values.shape[0]
    first_rows = np.empty(n, dtype=np.int32)
    k = 0
    for i in range(n):
        v = sorted_values[i]
        if np.isnan(v):
            break
        if i == 0 or v != sorted_values[i - 1]:
            first_rows[k] = order[i]
            k += 1
    return first_rows[:k].copy()


@njit
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
    for k in range(n_seg):
        for i in range(seg_start[k], seg_start[k + 1]):
            counts[k, e_cls[i]] += e_w[i]
            sample_weight_sum[k] += sw[e_row[i]]
    return counts, sample_weight_sum


@njit
def segment_weights(e_w, seg_start):
    """Total weight of every segment, summed in entry order (as J48 sums)."""
    n_seg = seg_start.shape[0] - 1
    total = np.zeros(n_seg, dtype=np.float64)
    for k in range(n_seg):
        for i in range(seg_start[k], seg_start[k + 1]):
            total[k] += e_w[i]
    return total
