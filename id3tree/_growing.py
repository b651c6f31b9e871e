"""Fit-time kernels: presorting, split search and the level-wise C4.5/ID3 tree builder.

The builder grows the tree one level (frontier) at a time. Every frontier node owns a
segment of entries (a training row and its possibly fractional weight); every numeric
feature keeps, per segment, the entries sorted by that feature (sorted once per fit,
then partitioned stably), so a split scan is a single pass. Rows whose split value is
missing go down every branch with a fractional weight, as in C4.5 (Quinlan 1993).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import prange

from ._dtypes import FLOAT, INDEX, LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from ._information import (
    gain_ratio_from,
    split_entropy,
    split_gain,
    weighted_entropy,
    xlnx,
)
from ._jit import njit, parallel_njit
from ._prediction import select_branch

_LN2 = np.log(2.0)
#: How far below the best gain a cut screened with running sums is still evaluated
#: exactly; far above the rounding error of the running sums (~1e-9 at 1e6 rows).
_SCREEN_MARGIN = 1e-7


@dataclass(frozen=True)
class GrowParams:
    """Plain-number settings of the builder (resolved from estimator parameters).

    Attributes
    ----------
    gain_ratio : bool
        Choose splits by gain ratio with C4.5's average-gain prefilter (else by
        information gain).
    min_leaf : float
        J48's ``-M``: a split needs two branches with at least this weight.
    eps : float
        Tolerance of every comparison of doubles (Weka's 1e-6, or 0 for exact).
    value_gap : float
        Two numeric values closer than this are not separated by a cut.
    c45_min_split : bool
        Numeric cuts need ``clamp(0.1 * W / n_classes, min_leaf, 25)`` on each side.
    mdl : bool
        Subtract ``log2(#cuts) / W`` from numeric gains.
    snap_threshold : bool
        Replace a midpoint threshold by the largest training value below it.
    binary_nominal : bool
        Nominal features get ``= v`` / ``!= v`` splits instead of multiway ones.
    max_depth : int
        Nodes at this depth become leaves (-1: unlimited).
    min_split_weight : float
        Nodes lighter than this become leaves.
    min_gain : float
        Splits whose information gain is below this are not made.
    max_features : int
        Number of features drawn at random at each node (all when >= n_features).
    seed : int
        Seed of the feature draws.
    """

    gain_ratio: bool
    min_leaf: float
    eps: float
    value_gap: float
    c45_min_split: bool
    mdl: bool
    snap_threshold: bool
    binary_nominal: bool
    max_depth: int
    min_split_weight: float
    min_gain: float
    max_features: int
    seed: int


# ---------------------------------------------------------------------------
# small numeric helpers (Weka's tolerant comparisons with a variable tolerance)


@njit
def _gr(a, b, eps):
    return a - b > eps


@njit
def _gr_or_eq(a, b, eps):
    return b - a < eps or a >= b


@njit
def _sm_or_eq(a, b, eps):
    return a - b < eps or a <= b


@njit
def _xlnx_table(n):
    """Return ``xlnx(k)`` for the integers ``k < n`` (lookup for unit weights)."""
    table = np.empty(n, dtype=np.float64)
    for k in range(n):
        table[k] = xlnx(float(k))
    return table


@njit
def _xlnx_fast(x, table):
    k = int(x)
    if k == x and k < table.shape[0]:
        return table[k]
    return xlnx(x)


@njit
def _sum_xlnx(counts, table):
    s = 0.0
    for c in range(counts.shape[0]):
        s += _xlnx_fast(counts[c], table)
    return s


@njit
def _exact_gain(
    left, right, n_left, n_right, table, old_ent, unknown_factor, known, eps
):
    """J48's gain of a two-bag split, in its exact order of operations."""
    num = (old_ent - _two_bag_new_ent(left, right, n_left, n_right, table)) * (
        unknown_factor
    )
    if num == 0.0 or (num < eps and -num < eps):
        return 0.0
    return num / known


@njit
def _two_bag_new_ent(left, right, n_left, n_right, table):
    """J48's ``newEnt`` of a two-bag split, with integer counts looked up."""
    s = 0.0
    for c in range(left.shape[0]):
        s += _xlnx_fast(left[c], table)
    s -= _xlnx_fast(n_left, table)
    for c in range(right.shape[0]):
        s += _xlnx_fast(right[c], table)
    s -= _xlnx_fast(n_right, table)
    return -s


@njit
def _splitmix(state):
    z = (state + np.uint64(0x9E3779B97F4A7C15)) & np.uint64(0xFFFFFFFFFFFFFFFF)
    z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & np.uint64(
        0xFFFFFFFFFFFFFFFF
    )
    z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & np.uint64(
        0xFFFFFFFFFFFFFFFF
    )
    return z ^ (z >> np.uint64(31))


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


# ---------------------------------------------------------------------------
# evaluating one candidate split (one node, one feature)


@njit
def _evaluate_numeric(
    values,
    positions,
    classes,
    unit_weight,
    seg,
    size,
    e_row,
    e_cls,
    e_w,
    sw,
    node_counts,
    node_sample_weight,
    total_weight,
    table,
    min_leaf,
    eps,
    value_gap,
    c45_min_split,
    mdl,
):
    """J48's numeric cut search on one segment (C45_SPEC §4.2, steps 1-8).

    ``values``, ``positions`` and ``classes`` are the level's sorted values of the
    feature, with the segment-local positions and class codes of their entries,
    missing values last in every segment; ``unit_weight`` says every entry of the
    level weighs 1.

    Returns ``(valid, gain, gain_ratio, threshold)`` with the midpoint threshold.
    """
    n_classes = node_counts.shape[0]
    m = size
    while m > 0 and np.isnan(values[seg + m - 1]):
        m -= 1
    if m < 2:
        return False, 0.0, 0.0, np.nan
    if m == size:
        right = node_counts.copy()
        m_weight = node_sample_weight  # the row-count rule (rows when unit weights)
    else:
        right = np.zeros(n_classes, dtype=np.float64)
        m_weight = 0.0
        for i in range(m):
            e = seg + positions[seg + i]
            right[e_cls[e]] += e_w[e]
            m_weight += sw[e_row[e]]
    known = 0.0
    for c in range(n_classes):
        known += right[c]
    min_split = min_leaf
    if c45_min_split:
        min_split = 0.1 * known / n_classes
        if _sm_or_eq(min_split, min_leaf, eps):
            min_split = min_leaf
        elif _gr(min_split, 25.0, eps):
            min_split = 25.0
    if m_weight < 2.0 * min_split:
        return False, 0.0, 0.0, np.nan
    old_ent = weighted_entropy(right)
    unknown_factor = 1.0 - (total_weight - known) / total_weight
    left = np.zeros(n_classes, dtype=np.float64)
    n_left = 0.0
    n_right = known
    # Running sums of xlnx over each side's class counts (J48's newEnt terms) give
    # an approximate gain at every cut; J48's exact arithmetic is only needed where
    # two candidates are within the screening margin of a tie, so that ties and
    # near-ties break exactly as J48's sequential scan breaks them.
    s_left = 0.0
    s_right = _sum_xlnx(right, table)
    best_approx = 0.0  # J48 starts from a best gain of exactly 0
    best_exact = 0.0
    best_exact_known = True
    best_counts = np.zeros((2, n_classes), dtype=np.float64)
    best_left = 0.0
    best_right = 0.0
    split_pos = -1
    count = 0
    v_prev = values[seg]
    w = 1.0
    for nxt in range(1, m):
        c = classes[seg + nxt - 1]
        if not unit_weight:
            w = e_w[seg + positions[seg + nxt - 1]]
        s_left -= _xlnx_fast(left[c], table)
        s_right -= _xlnx_fast(right[c], table)
        left[c] += w
        right[c] -= w
        s_left += _xlnx_fast(left[c], table)
        s_right += _xlnx_fast(right[c], table)
        n_left += w
        n_right -= w
        if nxt % 4096 == 0:  # bound the rounding drift of the running sums
            s_left = _sum_xlnx(left, table)
            s_right = _sum_xlnx(right, table)
        v_next = values[seg + nxt]
        if v_prev + value_gap < v_next:
            if _gr_or_eq(n_left, min_split, eps) and _gr_or_eq(n_right, min_split, eps):
                count += 1
                approx = (
                    old_ent
                    - _xlnx_fast(n_left, table)
                    - _xlnx_fast(n_right, table)
                    + s_left
                    + s_right
                ) * (unknown_factor / known)
                lead = approx - best_approx
                if lead > eps + _SCREEN_MARGIN:
                    exact_known = False
                    g = 0.0
                elif lead >= eps - _SCREEN_MARGIN:
                    if not best_exact_known:
                        best_exact = _exact_gain(
                            best_counts[0],
                            best_counts[1],
                            best_left,
                            best_right,
                            table,
                            old_ent,
                            unknown_factor,
                            known,
                            eps,
                        )
                        best_exact_known = True
                    g = _exact_gain(
                        left,
                        right,
                        n_left,
                        n_right,
                        table,
                        old_ent,
                        unknown_factor,
                        known,
                        eps,
                    )
                    if not _gr(g, best_exact, eps):
                        v_prev = v_next
                        continue
                    exact_known = True
                else:
                    v_prev = v_next
                    continue
                best_approx = approx
                best_exact = g
                best_exact_known = exact_known
                best_counts[0] = left
                best_counts[1] = right
                best_left = n_left
                best_right = n_right
                split_pos = nxt - 1
        v_prev = v_next
    best_gain = best_exact
    if split_pos >= 0 and not best_exact_known:
        best_gain = _exact_gain(
            best_counts[0],
            best_counts[1],
            best_left,
            best_right,
            table,
            old_ent,
            unknown_factor,
            known,
            eps,
        )
    if count == 0 or split_pos < 0:
        return False, 0.0, 0.0, np.nan
    gain = best_gain
    if mdl:
        gain = best_gain - (np.log(count) / _LN2) / total_weight
    if _sm_or_eq(gain, 0.0, eps):
        return False, gain, 0.0, np.nan
    lo = values[seg + split_pos]
    hi = values[seg + split_pos + 1]
    threshold = (lo + hi) / 2.0
    if threshold == hi:
        threshold = lo
    bag = np.empty(2, dtype=np.float64)
    bag[0] = best_left
    bag[1] = best_right
    ratio = gain_ratio_from(
        gain, split_entropy(bag, bag[0] + bag[1], total_weight), total_weight, eps
    )
    return True, gain, ratio, threshold


@njit
def _nominal_table(col, seg, size, e_row, e_cls, e_w, n_values, n_classes):
    table = np.zeros((n_values, n_classes), dtype=np.float64)
    totals = np.zeros(n_values, dtype=np.float64)
    for e in range(seg, seg + size):
        v = col[e_row[e]]
        if np.isnan(v):
            continue
        b = int(v)
        table[b, e_cls[e]] += e_w[e]
        totals[b] += e_w[e]
    return table, totals


@njit
def _evaluate_nominal(
    col, seg, size, e_row, e_cls, e_w, n_values, n_classes, total_weight, min_leaf, eps
):
    """J48's multiway nominal split (C45_SPEC §4.1); ``(valid, gain, ratio)``."""
    table, totals = _nominal_table(
        col, seg, size, e_row, e_cls, e_w, n_values, n_classes
    )
    big = 0
    known = 0.0
    for b in range(n_values):
        known += totals[b]
        if _gr_or_eq(totals[b], min_leaf, eps):
            big += 1
    if big < 2:
        return False, 0.0, 0.0
    class_totals = table.sum(axis=0)
    gain = split_gain(
        table, totals, known, total_weight, weighted_entropy(class_totals), eps
    )
    ratio = gain_ratio_from(
        gain, split_entropy(totals, known, total_weight), total_weight, eps
    )
    return True, gain, ratio


@njit
def _evaluate_nominal_binary(
    col, seg, size, e_row, e_cls, e_w, n_values, n_classes, total_weight, min_leaf, eps
):
    """J48's ``-B`` nominal split (C45_SPEC §4.3); ``(valid, gain, ratio, code)``."""
    table, totals = _nominal_table(
        col, seg, size, e_row, e_cls, e_w, n_values, n_classes
    )
    known = 0.0
    for b in range(n_values):
        known += totals[b]
    class_totals = table.sum(axis=0)
    old_ent = weighted_entropy(class_totals)
    two = np.zeros((2, n_classes), dtype=np.float64)
    two_totals = np.zeros(2, dtype=np.float64)
    found = False
    best_gain = 0.0
    best_ratio = 0.0
    best_code = -1
    for i in range(n_values):
        if not _gr_or_eq(totals[i], min_leaf, eps):
            continue
        for c in range(n_classes):
            two[0, c] = table[i, c]
            two[1, c] = 0.0
        for j in range(n_values):
            if j != i:
                for c in range(n_classes):
                    two[1, c] += table[j, c]
        two_totals[0] = totals[i]
        two_totals[1] = known - totals[i]
        if not _gr_or_eq(two_totals[1], min_leaf, eps):
            continue
        g = split_gain(two, two_totals, known, total_weight, old_ent, eps)
        r = gain_ratio_from(
            g, split_entropy(two_totals, known, total_weight), total_weight, eps
        )
        if not found or _gr(r, best_ratio, eps):
            found = True
            best_gain = g
            best_ratio = r
            best_code = i
    return found, best_gain, best_ratio, float(best_code)


@parallel_njit
def evaluate_tasks(
    task_node,
    task_feature,
    Xt,
    e_row,
    e_cls,
    e_w,
    sw,
    sorted_values,
    order,
    sorted_classes,
    unit_weight,
    numeric_slot,
    n_categories,
    seg_start,
    node_counts,
    node_sample_weight,
    node_weight,
    table,
    min_leaf,
    eps,
    value_gap,
    c45_min_split,
    mdl,
    binary_nominal,
):
    """Evaluate every (node, feature) task of a level in parallel.

    Parameters
    ----------
    task_node, task_feature : ndarray of shape (n_tasks,), dtype=intp
        Frontier position and feature of every task.
    Xt : ndarray of shape (n_features, n_samples), dtype=float64
        Transposed features, NaN for missing, category codes for nominal features.
    e_row, e_cls, e_w : ndarray of shape (n_entries,)
        Row, class code and weight of the entries of the level.
    sw : ndarray of shape (n_samples,), dtype=float64
        Sample weights (for J48's row-count rule).
    sorted_values, order, sorted_classes : ndarray of shape (n_numeric, n_entries)
        Per numeric feature, every segment's values (float64) sorted, missing last,
        with their entries' segment-local positions and class codes (int32).
    unit_weight : bool
        Every entry of the level weighs 1 (skips reading ``e_w`` in scans).
    numeric_slot : ndarray of shape (n_features,), dtype=intp
        Row of ``order`` of each numeric feature, -1 for nominal features.
    n_categories : ndarray of shape (n_features,), dtype=intp
        Number of categories of each nominal feature.
    seg_start : ndarray of shape (n_frontier + 1,), dtype=intp
        Segment bounds.
    node_counts : ndarray of shape (n_frontier, n_classes), dtype=float64
        Class counts of every frontier node.
    node_sample_weight, node_weight : ndarray of shape (n_frontier,), dtype=float64
        Sample-weight sum (J48's row count) and total weight of every node.
    table : ndarray, dtype=float64
        ``xlnx`` of small integers.
    min_leaf, eps, value_gap : float
    c45_min_split, mdl, binary_nominal : bool

    Returns
    -------
    valid : ndarray of shape (n_tasks,), dtype=bool
    gain, ratio, threshold : ndarray of shape (n_tasks,), dtype=float64
        ``threshold`` is the midpoint for numeric features, the category code of
        the ``=`` branch for binary nominal splits.
    """
    n_tasks = task_node.shape[0]
    valid = np.zeros(n_tasks, dtype=np.bool_)
    gain = np.zeros(n_tasks, dtype=np.float64)
    ratio = np.zeros(n_tasks, dtype=np.float64)
    threshold = np.full(n_tasks, np.nan)
    for t in prange(n_tasks):
        k = task_node[t]
        j = task_feature[t]
        seg = seg_start[k]
        size = seg_start[k + 1] - seg
        col = Xt[j]
        n_classes = node_counts.shape[1]
        q = numeric_slot[j]
        if q >= 0:
            ok, g, r, thr = _evaluate_numeric(
                sorted_values[q],
                order[q],
                sorted_classes[q],
                unit_weight,
                seg,
                size,
                e_row,
                e_cls,
                e_w,
                sw,
                node_counts[k],
                node_sample_weight[k],
                node_weight[k],
                table,
                min_leaf,
                eps,
                value_gap,
                c45_min_split,
                mdl,
            )
        elif binary_nominal:
            ok, g, r, thr = _evaluate_nominal_binary(
                col,
                seg,
                size,
                e_row,
                e_cls,
                e_w,
                n_categories[j],
                n_classes,
                node_weight[k],
                min_leaf,
                eps,
            )
        else:
            ok, g, r = _evaluate_nominal(
                col,
                seg,
                size,
                e_row,
                e_cls,
                e_w,
                n_categories[j],
                n_classes,
                node_weight[k],
                min_leaf,
                eps,
            )
            thr = np.nan
        valid[t] = ok
        gain[t] = g
        ratio[t] = r
        threshold[t] = thr
    return valid, gain, ratio, threshold


# ---------------------------------------------------------------------------
# choosing the split of every node


@njit
def select_splits(
    task_start, task_feature, valid, gain, ratio, counted, use_gain_ratio, eps, min_gain
):
    """Pick each node's split among its evaluated features (C45_SPEC §3, steps 4-6).

    With ``use_gain_ratio`` C4.5's rule applies: among valid candidates whose gain is
    at least the average gain (over the ``counted`` ones) minus 1e-3, the strictly
    best gain ratio, ties to the lowest feature. Otherwise the strictly best
    information gain (ID3). A split whose gain is below ``min_gain`` is not made.

    Parameters
    ----------
    task_start : ndarray of shape (n_frontier + 1,), dtype=intp
        Tasks of node ``k`` are ``[task_start[k], task_start[k + 1])``, in feature
        order.
    task_feature : ndarray of shape (n_tasks,), dtype=intp
    valid : ndarray of shape (n_tasks,), dtype=bool
    gain, ratio : ndarray of shape (n_tasks,), dtype=float64
    counted : ndarray of shape (n_features,), dtype=bool
        Features whose gain enters C4.5's average.
    use_gain_ratio : bool
    eps, min_gain : float

    Returns
    -------
    best_task : ndarray of shape (n_frontier,), dtype=intp
        Chosen task per node, -1 for a leaf.
    """
    n_nodes = task_start.shape[0] - 1
    best_task = np.full(n_nodes, -1, dtype=np.intp)
    for k in range(n_nodes):
        lo = task_start[k]
        hi = task_start[k + 1]
        best = -1
        if use_gain_ratio:
            total = 0.0
            n_counted = 0
            for t in range(lo, hi):
                if valid[t] and counted[task_feature[t]]:
                    total += gain[t]
                    n_counted += 1
            if n_counted == 0:
                continue
            average = total / n_counted
            best_ratio = 0.0
            for t in range(lo, hi):
                if valid[t] and gain[t] >= average - 1e-3:
                    if _gr(ratio[t], best_ratio, eps):
                        best = t
                        best_ratio = ratio[t]
            if best >= 0 and (best_ratio == 0.0 or -eps < best_ratio < eps):
                best = -1
        else:
            best_gain = 0.0
            for t in range(lo, hi):
                if valid[t] and _gr(gain[t], best_gain, eps):
                    best = t
                    best_gain = gain[t]
        if best >= 0 and gain[best] < min_gain:
            best = -1
        best_task[k] = best
    return best_task


@njit
def snap_threshold(threshold, ref_sorted, ref_col, eps):
    """Replace a midpoint by J48 3.6's training value (C45_SPEC §4.2 step 9).

    The result is the largest value ``v`` of the reference column with
    ``smOrEq(v, threshold)``, found by a scan in row order that only replaces the
    current best when ``gr(v, best)``. The sorted unique values give the answer
    directly unless two candidates lie within ``eps`` of each other, in which case
    the row-order scan is done.

    Parameters
    ----------
    threshold : float
    ref_sorted : ndarray of shape (n_unique,), dtype=float64
        Sorted distinct non-missing values of the feature over all training rows.
    ref_col : ndarray of shape (n_samples,), dtype=float64
        The feature's values over all training rows, in row order (NaN skipped).
    eps : float
    """
    lo = 0
    hi = ref_sorted.shape[0]
    while lo < hi:  # first index that does not qualify
        mid = (lo + hi) // 2
        if _sm_or_eq(ref_sorted[mid], threshold, eps):
            lo = mid + 1
        else:
            hi = mid
    top = lo - 1
    if top < 0:
        return threshold
    if top == 0 or _gr(ref_sorted[top], ref_sorted[top - 1], eps):
        return ref_sorted[top]
    best = -np.finfo(np.float64).max
    for v in ref_col:
        if np.isnan(v):
            continue
        if _gr(v, best, eps) and _sm_or_eq(v, threshold, eps):
            best = v
    return best


# ---------------------------------------------------------------------------
# splitting nodes and partitioning their entries


@parallel_njit
def route_entries(
    split_node,
    split_kind,
    split_feature,
    split_threshold,
    split_n_children,
    child_offset,
    Xt,
    e_row,
    e_cls,
    e_w,
    sw,
    seg_start,
    n_classes,
    eps,
    tol,
):
    """Send every entry of the split nodes to its child (C45_SPEC §2.2).

    Builds the known-value split distribution, completes it with the entries whose
    value is missing (proportions of the known part), and routes missing entries to
    every child whose share ``n[b] / N`` exceeds ``eps``.

    Returns
    -------
    e_slot : ndarray of shape (n_entries,), dtype=intp
        Child slot of each entry of a split node; -1 for missing (every child), -2
        for entries of nodes that do not split.
    e_local : ndarray of shape (n_entries,), dtype=intp
        Position of a known entry among its child's known entries, or the rank of a
        missing entry among its node's missing entries.
    parent_value : ndarray of shape (n_split, n_classes), dtype=float64
        Completed distribution summed over bags.
    branch_value : ndarray of shape (n_children_total, n_classes), dtype=float64
        Completed distribution, one row per child.
    child_known, child_size : ndarray of shape (n_children_total,), dtype=intp
        Known entries routed to each child, and all entries it receives.
    share : ndarray of shape (n_children_total,), dtype=float64
        ``n[b] / N`` of the completed distribution (weight factor of missing rows).
    child_counts : ndarray of shape (n_children_total, n_classes), dtype=float64
        Class counts of the entries each child receives (its own distribution),
        known entries first, then missing ones, each in node order.
    child_sample_weight : ndarray of shape (n_children_total,), dtype=float64
        Sum of the sample weights of the rows each child receives.
    """
    n_entries = e_row.shape[0]
    e_slot = np.full(n_entries, -2, dtype=np.intp)
    e_local = np.zeros(n_entries, dtype=np.intp)
    n_split = split_node.shape[0]
    n_total = child_offset[n_split]
    parent_value = np.zeros((n_split, n_classes), dtype=np.float64)
    branch_value = np.zeros((n_total, n_classes), dtype=np.float64)
    child_known = np.zeros(n_total, dtype=np.intp)
    child_size = np.zeros(n_total, dtype=np.intp)
    share = np.zeros(n_total, dtype=np.float64)
    child_counts = np.zeros((n_total, n_classes), dtype=np.float64)
    child_sample_weight = np.zeros(n_total, dtype=np.float64)
    for s in prange(n_split):
        k = split_node[s]
        col = Xt[split_feature[s]]
        base = child_offset[s]
        n_child = split_n_children[s]
        bag_known = np.zeros(n_child, dtype=np.float64)
        n_missing = 0
        for e in range(seg_start[k], seg_start[k + 1]):
            slot = select_branch(
                split_kind[s], split_threshold[s], n_child, col[e_row[e]], tol
            )
            e_slot[e] = slot
            if slot < 0:
                e_local[e] = n_missing
                n_missing += 1
                continue
            e_local[e] = child_known[base + slot]
            child_known[base + slot] += 1
            branch_value[base + slot, e_cls[e]] += e_w[e]
            bag_known[slot] += e_w[e]
            child_sample_weight[base + slot] += sw[e_row[e]]
        known = 0.0
        for b in range(n_child):
            known += bag_known[b]
        for c in range(n_classes):
            for b in range(n_child):
                parent_value[s, c] += branch_value[base + b, c]
        if n_missing > 0:
            pk = np.empty(n_child, dtype=np.float64)
            for b in range(n_child):
                if known == 0.0 or (known < eps and -known < eps):
                    pk[b] = 1.0 / n_child
                else:
                    pk[b] = bag_known[b] / known
            for e in range(seg_start[k], seg_start[k + 1]):
                if e_slot[e] != -1:
                    continue
                c = e_cls[e]
                parent_value[s, c] += e_w[e]
                for b in range(n_child):
                    branch_value[base + b, c] += pk[b] * e_w[e]
        total = 0.0
        bag = np.zeros(n_child, dtype=np.float64)
        for b in range(n_child):
            for c in range(n_classes):
                bag[b] += branch_value[base + b, c]
            total += bag[b]
        for b in range(n_child):
            share[base + b] = bag[b] / total if total > 0.0 else 0.0
            child_size[base + b] = child_known[base + b]
            if n_missing > 0 and _gr(share[base + b], 0.0, eps):
                child_size[base + b] += n_missing
        for b in range(n_child):
            for c in range(n_classes):
                child_counts[base + b, c] = branch_value[base + b, c]
        if n_missing > 0:  # a child's own distribution: its known part, then the
            for b in range(n_child):  # missing entries at the child's share
                for c in range(n_classes):
                    child_counts[base + b, c] = 0.0
            for e in range(seg_start[k], seg_start[k + 1]):
                if e_slot[e] >= 0:
                    child_counts[base + e_slot[e], e_cls[e]] += e_w[e]
            for e in range(seg_start[k], seg_start[k + 1]):
                if e_slot[e] != -1:
                    continue
                for b in range(n_child):
                    if _gr(share[base + b], 0.0, eps):
                        child_counts[base + b, e_cls[e]] += e_w[e] * share[base + b]
                        child_sample_weight[base + b] += sw[e_row[e]]
    return (
        e_slot,
        e_local,
        parent_value,
        branch_value,
        child_known,
        child_size,
        share,
        child_counts,
        child_sample_weight,
    )


@parallel_njit
def partition_entries(
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_known,
    child_copy,
    share,
    e_slot,
    e_local,
    e_row,
    e_cls,
    e_w,
    seg_start,
    eps,
    new_row,
    new_cls,
    new_w,
):
    """Copy each split node's entries into its children's segments.

    Known entries keep their order; missing ones follow them, in order, with their
    weight times the child's share. Children that are leaves already
    (``child_copy`` False) get no entries. Writes ``new_row``, ``new_cls`` and
    ``new_w``.
    """
    for s in prange(split_node.shape[0]):
        k = split_node[s]
        base = child_offset[s]
        for e in range(seg_start[k], seg_start[k + 1]):
            slot = e_slot[e]
            if slot >= 0:
                if not child_copy[base + slot]:
                    continue
                pos = child_start[base + slot] + e_local[e]
                new_row[pos] = e_row[e]
                new_cls[pos] = e_cls[e]
                new_w[pos] = e_w[e]
            else:
                for b in range(split_n_children[s]):
                    ch = base + b
                    if child_copy[ch] and _gr(share[ch], 0.0, eps):
                        pos = child_start[ch] + child_known[ch] + e_local[e]
                        new_row[pos] = e_row[e]
                        new_cls[pos] = e_cls[e]
                        new_w[pos] = e_w[e] * share[ch]


@parallel_njit
def partition_order(
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_known,
    child_copy,
    share,
    e_slot,
    e_local,
    sorted_values,
    order,
    sorted_classes,
    seg_start,
    eps,
    new_values,
    new_order,
    new_classes,
):
    """Stably partition every numeric feature's sorted entries into the children.

    ``new_values[q]``, ``new_order[q]`` and ``new_classes[q]`` receive, for every
    child, its values of feature ``q`` in increasing order (missing values last),
    with the child-local positions and class codes of those entries.
    """
    n_numeric = order.shape[0]
    n_split = split_node.shape[0]
    for q in prange(n_numeric):
        for s in range(n_split):
            k = split_node[s]
            base = child_offset[s]
            n_child = split_n_children[s]
            fill = np.zeros(n_child, dtype=np.intp)
            seg = seg_start[k]
            for i in range(seg, seg_start[k + 1]):
                e = seg + order[q, i]
                slot = e_slot[e]
                if slot >= 0:
                    if not child_copy[base + slot]:
                        continue
                    pos = child_start[base + slot] + fill[slot]
                    new_order[q, pos] = e_local[e]
                    new_values[q, pos] = sorted_values[q, i]
                    new_classes[q, pos] = sorted_classes[q, i]
                    fill[slot] += 1
                else:
                    for b in range(n_child):
                        ch = base + b
                        if child_copy[ch] and _gr(share[ch], 0.0, eps):
                            pos = child_start[ch] + fill[b]
                            new_order[q, pos] = child_known[ch] + e_local[e]
                            new_values[q, pos] = sorted_values[q, i]
                            new_classes[q, pos] = sorted_classes[q, i]
                            fill[b] += 1


@njit
def draw_features(n_frontier, first_id, n_features, max_features, seed):
    """Pick ``max_features`` features per node from a hash of (seed, node id).

    Returns a (n_frontier, max_features) array of sorted feature ids; the draw
    depends only on the seed and the node id, never on the thread count.
    """
    out = np.empty((n_frontier, max_features), dtype=np.intp)
    perm = np.empty(n_features, dtype=np.intp)
    for k in range(n_frontier):
        state = _splitmix(
            np.uint64(seed) * np.uint64(1000003) + np.uint64(first_id + k)
        )
        for j in range(n_features):
            perm[j] = j
        for j in range(max_features):
            state = _splitmix(state)
            pick = j + int(state % np.uint64(n_features - j))
            tmp = perm[j]
            perm[j] = perm[pick]
            perm[pick] = tmp
        out[k] = np.sort(perm[:max_features])
    return out


# ---------------------------------------------------------------------------
# the builder


def build_tree(
    X: np.ndarray,
    y: np.ndarray,
    sample_weight: np.ndarray,
    n_classes: int,
    n_categories: np.ndarray,
    params: GrowParams,
    X_reference: np.ndarray | None = None,
    tol: float = 0.0,
) -> dict[str, np.ndarray]:
    """Grow an unpruned C4.5/ID3 tree, level by level.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64
        Encoded features: numeric values or category codes, NaN for missing.
    y : ndarray of shape (n_samples,), dtype=intp
        Class codes in ``[0, n_classes)``.
    sample_weight : ndarray of shape (n_samples,), dtype=float64
        Positive weights (rows of weight 0 are ignored).
    n_classes : int
        Number of classes.
    n_categories : ndarray of shape (n_features,), dtype=intp
        Number of categories of each nominal feature, 0 for numeric features.
    params : GrowParams
        Resolved settings.
    X_reference : ndarray of shape (n_reference, n_features), dtype=float64, optional
        All training rows (J48's ``ALL``) for threshold snapping and the many-valued
        attribute rule; defaults to the rows of ``X`` with positive weight.
    tol : float
        Numeric routing tolerance (see ``select_branch``).

    Returns
    -------
    arrays : dict of str to ndarray
        The node arrays of ``id3tree._tree.NODE_ARRAYS``, in breadth-first order.
    """
    X = np.ascontiguousarray(X, dtype=FLOAT)
    y = np.ascontiguousarray(y, dtype=INDEX)
    sw = np.ascontiguousarray(sample_weight, dtype=FLOAT)
    n_categories = np.ascontiguousarray(n_categories, dtype=INDEX)
    n_features = X.shape[1]
    Xt = np.ascontiguousarray(X.T)
    rows = np.flatnonzero(sw > 0).astype(INDEX)
    if X_reference is None:
        X_reference = X[rows]
    ref_t = np.ascontiguousarray(np.asarray(X_reference, dtype=FLOAT).T)
    numeric_features = np.flatnonzero(n_categories == 0).astype(INDEX)
    numeric_slot = np.full(n_features, -1, dtype=INDEX)
    numeric_slot[numeric_features] = np.arange(numeric_features.size)
    ref_sorted = [np.unique(c[~np.isnan(c)]) for c in ref_t]

    n_reference = float(X_reference.shape[0])
    counted = _average_gain_features(n_categories, n_reference, params.eps)
    table = _xlnx_table(min(int(sw[rows].sum()) + 2, 1 << 24) if rows.size else 2)
    eps = params.eps
    max_features = min(max(int(params.max_features), 1), n_features)

    e_row = rows
    e_cls = y[rows]
    e_w = sw[rows].copy()
    values, order, sorted_classes = presort_columns(Xt, y, rows, numeric_features)
    seg_start = np.array([0, rows.size], dtype=INDEX)
    frontier_depth = 0
    next_id = 1
    levels: list[dict[str, np.ndarray]] = []
    branch_value_frontier = None  # branch rows of the frontier nodes

    counts, sample_weight_sum = segment_class_counts(
        e_row, e_cls, e_w, sw, seg_start, n_classes
    )
    while seg_start.size > 1:
        n_frontier = seg_start.size - 1
        first_id = next_id - n_frontier
        weight = counts.sum(axis=1)
        if branch_value_frontier is None:
            branch_value_frontier = counts.copy()
        can_split = _pre_leaf_mask(counts, weight, frontier_depth, params)

        split_kind = np.zeros(n_frontier, dtype=np.int8)
        split_feature = np.full(n_frontier, -1, dtype=INDEX)
        split_threshold = np.full(n_frontier, np.nan)
        split_gain_arr = np.zeros(n_frontier)
        split_ratio = np.zeros(n_frontier)
        candidates = np.flatnonzero(can_split)
        if candidates.size:
            if max_features < n_features:
                feats = draw_features(
                    n_frontier, first_id, n_features, max_features, params.seed
                )[candidates]
            else:
                feats = np.broadcast_to(
                    np.arange(n_features), (candidates.size, n_features)
                )
            task_node = np.repeat(candidates, feats.shape[1]).astype(INDEX)
            task_feature = np.ascontiguousarray(feats.reshape(-1), dtype=INDEX)
            task_start = np.arange(0, task_node.size + 1, feats.shape[1], dtype=INDEX)
            valid, gain, ratio, thr = evaluate_tasks(
                task_node,
                task_feature,
                Xt,
                e_row,
                e_cls,
                e_w,
                sw,
                values,
                order,
                sorted_classes,
                bool(np.all(e_w == 1.0)),
                numeric_slot,
                n_categories,
                seg_start,
                counts,
                sample_weight_sum,
                weight,
                table,
                params.min_leaf,
                eps,
                params.value_gap,
                params.c45_min_split,
                params.mdl,
                params.binary_nominal,
            )
            best = select_splits(
                task_start,
                task_feature,
                valid,
                gain,
                ratio,
                counted,
                params.gain_ratio,
                eps,
                params.min_gain,
            )
            chosen = best >= 0
            nodes = candidates[chosen]
            tasks = best[chosen]
            feat = task_feature[tasks]
            split_feature[nodes] = feat
            split_gain_arr[nodes] = gain[tasks]
            split_ratio[nodes] = ratio[tasks]
            is_numeric = n_categories[feat] == 0
            split_kind[nodes] = np.where(
                is_numeric,
                NUMERIC,
                NOMINAL_BINARY if params.binary_nominal else NOMINAL,
            )
            thresholds = thr[tasks].copy()
            if params.snap_threshold:
                for i in np.flatnonzero(is_numeric):
                    thresholds[i] = snap_threshold(
                        thresholds[i], ref_sorted[feat[i]], ref_t[feat[i]], eps
                    )
            split_threshold[nodes] = thresholds

        split_node = np.flatnonzero(split_feature >= 0).astype(INDEX)
        split_n_children = np.where(
            split_kind[split_node] == NOMINAL,
            n_categories[split_feature[split_node]],
            2,
        ).astype(INDEX)
        child_offset = np.zeros(split_node.size + 1, dtype=INDEX)
        np.cumsum(split_n_children, out=child_offset[1:])

        (
            e_slot,
            e_local,
            parent_value,
            child_branch,
            child_known,
            child_size,
            share,
            child_counts,
            child_sample_weight,
        ) = route_entries(
            split_node,
            split_kind[split_node],
            split_feature[split_node],
            split_threshold[split_node],
            split_n_children,
            child_offset,
            Xt,
            e_row,
            e_cls,
            e_w,
            sw,
            seg_start,
            n_classes,
            eps,
            tol,
        )
        node_value = counts.copy()
        node_value[split_node] = parent_value
        n_children = np.zeros(n_frontier, dtype=INDEX)
        n_children[split_node] = split_n_children
        n_next = int(child_offset[-1])
        is_leaf = split_feature < 0
        levels.append(
            {
                "kind": split_kind,
                "feature": split_feature,
                "threshold": split_threshold,
                "n_children": n_children,
                "value": node_value,
                "branch_value": branch_value_frontier,
                "empty": is_leaf & ((weight == 0.0) | (np.abs(weight) < eps)),
                "gain": split_gain_arr,
                "gain_ratio": split_ratio,
                "split_node": split_node,
                "child_offset": child_offset,
            }
        )
        next_id += n_next

        # children that will be leaves need no entries (their counts are known)
        child_copy = _pre_leaf_mask(
            child_counts, child_counts.sum(axis=1), frontier_depth + 1, params
        )
        child_size[~child_copy] = 0
        child_start = np.zeros(n_next + 1, dtype=INDEX)
        np.cumsum(child_size, out=child_start[1:])
        n_new = int(child_start[-1])
        new_row = np.empty(n_new, dtype=INDEX)
        new_cls = np.empty(n_new, dtype=INDEX)
        new_w = np.empty(n_new, dtype=FLOAT)
        new_values = np.empty((order.shape[0], n_new), dtype=FLOAT)
        new_order = np.empty((order.shape[0], n_new), dtype=np.int32)
        new_classes = np.empty((order.shape[0], n_new), dtype=np.int32)
        if n_next:
            partition_entries(
                split_node,
                split_n_children,
                child_offset,
                child_start,
                child_known,
                child_copy,
                share,
                e_slot,
                e_local,
                e_row,
                e_cls,
                e_w,
                seg_start,
                eps,
                new_row,
                new_cls,
                new_w,
            )
            partition_order(
                split_node,
                split_n_children,
                child_offset,
                child_start,
                child_known,
                child_copy,
                share,
                e_slot,
                e_local,
                values,
                order,
                sorted_classes,
                seg_start,
                eps,
                new_values,
                new_order,
                new_classes,
            )
        e_row, e_cls, e_w, seg_start = new_row, new_cls, new_w, child_start
        values, order, sorted_classes = new_values, new_order, new_classes
        counts, sample_weight_sum = child_counts, child_sample_weight
        branch_value_frontier = child_branch
        frontier_depth += 1

    return _assemble(levels)


def _average_gain_features(n_categories, n_reference, eps):
    """Features whose gain enters C4.5's average (C45_SPEC §3, steps 3-4)."""
    numeric = n_categories == 0
    few_values = n_categories < 0.3 * n_reference - eps
    multi_valued = not np.any(numeric | few_values)
    return numeric | few_values | multi_valued


def _pre_leaf_mask(counts, weight, depth, params):
    """Nodes that may still split (C45_SPEC §3 step 1, plus depth and size limits)."""
    eps = params.eps
    n_max = counts.max(axis=1)
    too_light = 2.0 * params.min_leaf - weight > eps
    pure = (weight == n_max) | ((np.abs(weight - n_max) < eps) if eps > 0 else False)
    ok = ~too_light & ~pure & (weight >= params.min_split_weight)
    if params.max_depth >= 0 and depth >= params.max_depth:
        ok[:] = False
    return ok


def _assemble(levels):
    """Concatenate the per-level node arrays into breadth-first tree arrays."""
    sizes = [lvl["kind"].size for lvl in levels]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    first_child_parts = []
    for i, lvl in enumerate(levels):
        fc = np.full(sizes[i], -1, dtype=INDEX)
        fc[lvl["split_node"]] = starts[i + 1] + lvl["child_offset"][:-1]
        first_child_parts.append(fc)
    arrays = {
        name: np.concatenate([lvl[name] for lvl in levels])
        for name in (
            "kind",
            "feature",
            "threshold",
            "n_children",
            "value",
            "branch_value",
            "empty",
            "gain",
            "gain_ratio",
        )
    }
    arrays["first_child"] = np.concatenate(first_child_parts)
    arrays["kind"] = arrays["kind"].astype(np.int8)
    leaf = arrays["kind"] == LEAF
    arrays["feature"][leaf] = -1
    arrays["threshold"][leaf] = np.nan
    return arrays
