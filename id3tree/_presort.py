"""Presorting: each numeric column sorted once per fit, and class counts per segment."""

from __future__ import annotations

import numpy as np
from numba import prange

from ._jit import njit, parallel_njit

# ---------------------------------------------------------------------------
# presorting and per-node class counts


@njit
def _sort_keys(values):
    """Map doubles to unsigned integers of the same order, NaN last."""
    n = values.shape[0]
    clean = np.empty(n, dtype=np.float64)
    for i in range(n):
        clean[i] = values[i] if values[i] != 0.0 else 0.0  # -0.0 is 0.0
    keys = clean.view(np.uint64).copy()
    sign = np.uint64(0x8000000000000000)
    for i in range(n):
        if np.isnan(clean[i]):
            keys[i] = np.uint64(0xFFFFFFFFFFFFFFFF)
        elif keys[i] & sign:
            keys[i] = ~keys[i]
        else:
            keys[i] = keys[i] | sign
    return keys


@njit
def _radix_argsort(keys):
    """Stable argsort of unsigned 64-bit keys (least-significant-digit radix sort)."""
    n = keys.shape[0]
    order = np.arange(n)
    scratch = np.empty(n, dtype=np.intp)
    counts = np.empty(2049, dtype=np.intp)
    for shift in range(0, 64, 11):
        s = np.uint64(shift)
        counts[:] = 0
        for i in range(n):
            counts[((keys[i] >> s) & np.uint64(2047)) + 1] += 1
        if counts[1:].max() == n:  # every key has the same digit: nothing moves
            continue
        for d in range(2048):
            counts[d + 1] += counts[d]
        for i in range(n):
            idx = order[i]
            d = (keys[idx] >> s) & np.uint64(2047)
            scratch[counts[d]] = idx
            counts[d] += 1
        order, scratch = scratch, order
    return order


@parallel_njit
def presort_columns(Xt, y, rows, numeric_features):
    """Sort the given rows by every numeric feature, stably, missing values last.

    Parameters
    ----------
    Xt : ndarray of shape (n_features, n_samples), dtype=float64, C-contiguous
        Transposed feature matrix, NaN for missing.
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
    for q in prange(n_numeric):
        source = Xt[numeric_features[q]]
        column = np.empty(n, dtype=np.float64)
        for i in range(n):
            column[i] = source[rows[i]]
        idx = _radix_argsort(_sort_keys(column))
        for i in range(n):
            order[q, i] = idx[i]
            values[q, i] = column[idx[i]]
            classes[q, i] = y[rows[idx[i]]]
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
