"""Split search: score each candidate (node, feature) and choose each node's split."""

from __future__ import annotations

import numpy as np

from ._dtypes import WEKA_MAX_DOUBLE
from ._information import (
    gain_ratio_from,
    split_entropy,
    split_gain,
    weighted_entropy,
    xlnx,
)
from ._jit import njit, run_chunks

_LN2 = np.log(2.0)
#: How far below the best gain a cut screened with running sums is still evaluated
#: exactly; far above the rounding error of the running sums (~1e-9 at 1e6 rows).
_SCREEN_MARGIN = 1e-7
#: Fewest work units of a split search: chunks of nodes are cut by feature too
#: while there are fewer.
_MIN_UNITS = 16


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
def _unit_counts_at(classes, q, seg, cut, pos, left_n, right_n, out_l, out_r):
    """Integer class counts of a unit-weight segment on each side of a cut.

    ``out_l`` gets the counts of the first ``cut`` entries of ``classes[q]`` from
    ``seg``, ``out_r`` those of the other known entries, from the scan's running
    counts ``left_n`` and ``right_n`` (``pos >= cut`` entries on the left): the
    entries between the two positions are counted, or the first ``cut`` entries
    if they are fewer.
    """
    n_classes = out_l.shape[0]
    if pos - cut <= cut:
        for k in range(n_classes):
            out_l[k] = left_n[k]
            out_r[k] = right_n[k]
        for i in range(seg + cut, seg + pos):
            out_l[classes[q, i]] -= 1.0
            out_r[classes[q, i]] += 1.0
        return
    for k in range(n_classes):
        out_l[k] = 0.0
    for i in range(seg, seg + cut):
        out_l[classes[q, i]] += 1.0
    for k in range(n_classes):
        out_r[k] = float(left_n[k] + right_n[k]) - out_l[k]


@njit
def _two_bag_split_entropy(n_left, n_right, total_weight, table):
    """``split_entropy`` of a two-bag split, in its order, integer terms looked up."""
    known = n_left + n_right
    if not known > 1e-6:
        return 0.0
    s = 0.0
    s -= _xlnx_fast(n_left, table)
    s -= _xlnx_fast(n_right, table)
    s -= _xlnx_fast(total_weight - known, table)
    s += _xlnx_fast(total_weight, table)
    return s


# ---------------------------------------------------------------------------
# evaluating one candidate split (one node, one feature)


@njit
def _evaluate_numeric(
    first,
    n_nodes,
    feature_lo,
    feature_hi,
    task_start,
    task_node,
    task_feature,
    numeric_slot,
    seg_start,
    values,
    ids,
    classes,
    unit_weight,
    id_row,
    id_cls,
    id_w,
    sw,
    node_counts,
    node_sample_weight,
    node_weight,
    table,
    step,
    min_leaf,
    eps,
    value_gap,
    c45_min_split,
    mdl,
    out_valid,
    out_gain,
    out_ratio,
    out_threshold,
):
    """J48's numeric cut search (C45_SPEC §4.2, steps 1-8) for a chunk's tasks.

    Covers the numeric tasks among ``_evaluate_chunk``'s (the nodes
    ``[first, first + n_nodes)``, their tasks ``[feature_lo, feature_hi)``) and
    writes their
    ``out_valid``, ``out_gain``, ``out_ratio`` and ``out_threshold`` (the
    midpoint threshold); the outputs of invalid tasks are left as they are.
    ``values[q]``, ``ids[q]`` and ``classes[q]`` are the level's sorted values of
    numeric feature ``q``, with the ids and class codes of their entries
    (``id_row``, ``id_cls`` and ``id_w`` give each id's row, class and weight),
    missing values last in every segment; ``unit_weight`` says every entry of
    the level weighs 1. ``table[k]`` is ``xlnx(k)`` and ``step[k]`` is
    ``table[k + 1] - table[k]``. The scan of a task is in this loop, not in a
    function called per task: numba updates the reference count of every array
    argument of a call, which costs more than the scan of a small node.
    """
    n_classes = node_counts.shape[1]
    left = np.empty(n_classes, dtype=np.float64)
    right = np.empty(n_classes, dtype=np.float64)
    best_l = np.empty(n_classes, dtype=np.float64)
    best_r = np.empty(n_classes, dtype=np.float64)
    left_n = np.empty(n_classes, dtype=np.intp)
    right_n = np.empty(n_classes, dtype=np.intp)
    for i in range(feature_lo * n_nodes, feature_hi * n_nodes):  # by feature
        t = task_start[first + i % n_nodes] + i // n_nodes
        q = numeric_slot[task_feature[t]]
        if q < 0:
            continue
        node = task_node[t]
        seg = seg_start[node]
        size = seg_start[node + 1] - seg
        total_weight = node_weight[node]
        m = size
        while m > 0 and np.isnan(values[q, seg + m - 1]):
            m -= 1
        if m < 2:
            continue
        # J48 adds the known instances to its distribution in sorted order: its
        # per-class and total sums are in that order (exact in any order for unit
        # weights, whose node counts can be used as they are)
        from_node = m == size and unit_weight
        for c in range(n_classes):
            left[c] = 0.0
            right[c] = node_counts[node, c] if from_node else 0.0
        known = 0.0
        if from_node:
            # the row-count rule (rows when unit weights)
            m_weight = node_sample_weight[node]
            for c in range(n_classes):
                known += right[c]
        else:
            m_weight = 0.0
            for r in range(m):
                entry = ids[q, seg + r]
                right[id_cls[entry]] += id_w[entry]
                known += id_w[entry]
                m_weight += sw[id_row[entry]]
        min_split = min_leaf
        if c45_min_split:
            min_split = 0.1 * known / n_classes
            if _sm_or_eq(min_split, min_leaf, eps):
                min_split = min_leaf
            elif _gr(min_split, 25.0, eps):
                min_split = 25.0
        if 2.0 * min_split - m_weight > eps:  # sm(m, 2 * minSplit)
            continue
        old_ent = 0.0  # J48's oldEnt: the total is its sequential sum of weights
        for c in range(n_classes):
            old_ent += _xlnx_fast(right[c], table)
        old_ent = _xlnx_fast(known, table) - old_ent
        unknown_factor = 1.0 - (total_weight - known) / total_weight
        n_left = 0.0
        n_right = known
        # Running sums of xlnx over each side's class counts (J48's newEnt terms) give
        # an approximate gain at every cut; J48's exact arithmetic is only needed where
        # two candidates are within the screening margin of a tie, so that ties and
        # near-ties break exactly as J48's sequential scan breaks them. With unit
        # weights the counts are integers: ``step[k] = xlnx(k + 1) - xlnx(k)`` updates
        # the sums with one lookup per side and row.
        unit = unit_weight and m + 1 < table.shape[0]
        # with unit weights, the cuts that leave min_split on both sides are the
        # positions first_cut <= nxt <= m - first_cut
        first_cut = 0
        while unit and not _gr_or_eq(float(first_cut), min_split, eps):
            first_cut += 1
        for c in range(n_classes):
            left_n[c] = 0
            right_n[c] = int(right[c]) if unit else 0
        s_left = 0.0
        s_right = _sum_xlnx(right, table)
        scale = unknown_factor / known
        best_approx = 0.0  # J48 starts from a best gain of exactly 0
        best_exact = 0.0
        best_exact_known = True
        best_left = 0.0
        best_right = 0.0
        split_pos = -1
        count = 0
        v_prev = values[q, seg]
        for nxt in range(1, m):
            c = classes[q, seg + nxt - 1]
            if unit:
                s_left += step[left_n[c]]
                s_right -= step[right_n[c] - 1]
                left_n[c] += 1
                right_n[c] -= 1
                if nxt % 4096 == 0:  # bound the rounding drift of the running sums
                    s_left = 0.0
                    s_right = 0.0
                    for k in range(n_classes):
                        s_left += table[left_n[k]]
                        s_right += table[right_n[k]]
            else:
                w = id_w[ids[q, seg + nxt - 1]]
                s_left -= _xlnx_fast(left[c], table)
                s_right -= _xlnx_fast(right[c], table)
                left[c] += w
                right[c] -= w
                s_left += _xlnx_fast(left[c], table)
                s_right += _xlnx_fast(right[c], table)
                n_left += w
                n_right -= w
                if nxt % 4096 == 0:
                    s_left = _sum_xlnx(left, table)
                    s_right = _sum_xlnx(right, table)
            v_next = values[q, seg + nxt]
            if v_prev + value_gap < v_next:
                if unit:
                    cut = first_cut <= nxt <= m - first_cut
                    n_left = float(nxt)
                    n_right = float(m - nxt)
                else:
                    cut = _gr_or_eq(n_left, min_split, eps) and _gr_or_eq(
                        n_right, min_split, eps
                    )
                if cut:
                    count += 1
                    if unit:
                        sides = table[nxt] + table[m - nxt]
                    else:
                        sides = _xlnx_fast(n_left, table) + _xlnx_fast(n_right, table)
                    approx = (old_ent - sides + s_left + s_right) * scale
                    lead = approx - best_approx
                    if lead > eps + _SCREEN_MARGIN:
                        exact_known = False
                        g = 0.0
                    elif lead >= eps - _SCREEN_MARGIN:
                        if unit:
                            for k in range(n_classes):
                                left[k] = left_n[k]
                                right[k] = right_n[k]
                        if not best_exact_known:
                            if unit:
                                _unit_counts_at(
                                    classes,
                                    q,
                                    seg,
                                    split_pos + 1,
                                    nxt,
                                    left_n,
                                    right_n,
                                    best_l,
                                    best_r,
                                )
                            best_exact = _exact_gain(
                                best_l,
                                best_r,
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
                    if not unit:  # integer counts are counted again when needed
                        for k in range(n_classes):
                            best_l[k] = left[k]
                            best_r[k] = right[k]
                    best_left = n_left
                    best_right = n_right
                    split_pos = nxt - 1
            v_prev = v_next
        best_gain = best_exact
        if split_pos >= 0 and not best_exact_known:
            if unit:
                _unit_counts_at(
                    classes,
                    q,
                    seg,
                    split_pos + 1,
                    m - 1,
                    left_n,
                    right_n,
                    best_l,
                    best_r,
                )
            best_gain = _exact_gain(
                best_l,
                best_r,
                best_left,
                best_right,
                table,
                old_ent,
                unknown_factor,
                known,
                eps,
            )
        if count == 0 or split_pos < 0:
            continue
        gain = best_gain
        if mdl:
            gain = best_gain - (np.log(count) / _LN2) / total_weight
        if _sm_or_eq(gain, 0.0, eps):
            out_gain[t] = gain
            continue
        lo = values[q, seg + split_pos]
        hi = values[q, seg + split_pos + 1]
        threshold = (lo + hi) / 2.0
        if threshold == hi:
            threshold = lo
        split_ent = _two_bag_split_entropy(best_left, best_right, total_weight, table)
        ratio = gain_ratio_from(gain, split_ent, total_weight, eps)
        out_valid[t] = True
        out_gain[t] = gain
        out_ratio[t] = ratio
        out_threshold[t] = threshold


@njit
def _nominal_table(col, seg, size, e_row, e_cls, e_w, n_values, n_classes):
    """Weighted (value, class) table, value totals and class totals of a segment."""
    table = np.zeros((n_values, n_classes), dtype=np.float64)
    totals = np.zeros(n_values, dtype=np.float64)
    for e in range(seg, seg + size):
        v = col[e_row[e]]
        if np.isnan(v):
            continue
        b = int(v)
        table[b, e_cls[e]] += e_w[e]
        totals[b] += e_w[e]
    class_totals = np.zeros(n_classes, dtype=np.float64)
    for b in range(n_values):
        for c in range(n_classes):
            class_totals[c] += table[b, c]
    return table, totals, class_totals


@njit
def _evaluate_nominal(
    col, seg, size, e_row, e_cls, e_w, n_values, n_classes, total_weight, min_leaf, eps
):
    """J48's multiway nominal split (C45_SPEC §4.1); ``(valid, gain, ratio)``."""
    table, totals, class_totals = _nominal_table(
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
    table, totals, class_totals = _nominal_table(
        col, seg, size, e_row, e_cls, e_w, n_values, n_classes
    )
    known = 0.0
    for b in range(n_values):
        known += totals[b]
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


@njit
def _evaluate_chunk(
    first,
    n_nodes,
    feature_lo,
    feature_hi,
    task_start,
    task_node,
    task_feature,
    X,
    e_row,
    e_cls,
    e_w,
    sw,
    sorted_values,
    sorted_ids,
    sorted_classes,
    id_row,
    id_cls,
    id_w,
    unit_weight,
    numeric_slot,
    n_categories,
    seg_start,
    node_counts,
    node_sample_weight,
    node_weight,
    table,
    step,
    min_leaf,
    eps,
    value_gap,
    c45_min_split,
    mdl,
    binary_nominal,
    valid,
    gain,
    ratio,
    threshold,
):
    """``evaluate_tasks`` for the candidates ``[first, first + n_nodes)``.

    Only each candidate's tasks ``[feature_lo, feature_hi)`` (positions among its
    tasks), feature after feature.
    """
    _evaluate_numeric(
        first,
        n_nodes,
        feature_lo,
        feature_hi,
        task_start,
        task_node,
        task_feature,
        numeric_slot,
        seg_start,
        sorted_values,
        sorted_ids,
        sorted_classes,
        unit_weight,
        id_row,
        id_cls,
        id_w,
        sw,
        node_counts,
        node_sample_weight,
        node_weight,
        table,
        step,
        min_leaf,
        eps,
        value_gap,
        c45_min_split,
        mdl,
        valid,
        gain,
        ratio,
        threshold,
    )
    if X is None:  # no nominal features: their kernels are not compiled
        return
    n_classes = node_counts.shape[1]
    for i in range(feature_lo * n_nodes, feature_hi * n_nodes):  # nominal tasks
        t = task_start[first + i % n_nodes] + i // n_nodes
        j = task_feature[t]
        if numeric_slot[j] >= 0:
            continue
        k = task_node[t]
        seg = seg_start[k]
        size = seg_start[k + 1] - seg
        if binary_nominal:
            ok, g, r, thr = _evaluate_nominal_binary(
                X[:, j],
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
                X[:, j],
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


def evaluate_tasks(
    chunk_start,
    task_start,
    task_node,
    task_feature,
    X,
    e_row,
    e_cls,
    e_w,
    sw,
    sorted_values,
    sorted_ids,
    sorted_classes,
    id_row,
    id_cls,
    id_w,
    unit_weight,
    numeric_slot,
    n_categories,
    seg_start,
    node_counts,
    node_sample_weight,
    node_weight,
    table,
    step,
    min_leaf,
    eps,
    value_gap,
    c45_min_split,
    mdl,
    binary_nominal,
):
    """Evaluate every (node, feature) task of a level, chunks of tasks in parallel.

    Parameters
    ----------
    chunk_start : ndarray of shape (n_chunks + 1,), dtype=intp
        Chunk ``c`` is the candidate nodes ``[chunk_start[c], chunk_start[c + 1])``;
        chunks are the units of parallel work (see ``balanced_chunks``). A chunk
        is evaluated feature after feature, so that the sorted columns are read
        in memory order (a node's segment follows the previous node's).
    task_start : ndarray of shape (n_candidates + 1,), dtype=intp
        Tasks of candidate ``c`` are ``[task_start[c], task_start[c + 1])``; every
        candidate has the same number of tasks.
    task_node, task_feature : ndarray of shape (n_tasks,), dtype=intp
        Frontier position and feature of every task.
    X : ndarray of shape (n_samples, n_features), dtype=float64
        Features, NaN for missing, category codes for nominal features.
    e_row, e_cls, e_w : ndarray of shape (n_entries,)
        Row, class code and weight of the entries of the level.
    sw : ndarray of shape (n_samples,), dtype=float64
        Sample weights (for J48's row-count rule).
    sorted_values, sorted_ids, sorted_classes : ndarray of shape (n_numeric, n_entries)
        Per numeric feature, every segment's values (float64) sorted, missing last,
        with their entries' ids and class codes (int32).
    id_row, id_cls, id_w : ndarray of shape (n_ids,)
        Row (intp), class code (intp) and weight (float64) of every entry id.
    unit_weight : bool
        Every entry of the level weighs 1 (skips reading ``e_w`` in scans).
    numeric_slot : ndarray of shape (n_features,), dtype=intp
        Row of ``sorted_ids`` of each numeric feature, -1 for nominal features.
    n_categories : ndarray of shape (n_features,), dtype=intp
        Number of categories of each nominal feature.
    seg_start : ndarray of shape (n_frontier + 1,), dtype=intp
        Segment bounds.
    node_counts : ndarray of shape (n_frontier, n_classes), dtype=float64
        Class counts of every frontier node.
    node_sample_weight, node_weight : ndarray of shape (n_frontier,), dtype=float64
        Sample-weight sum (J48's row count) and total weight of every node.
    table, step : ndarray, dtype=float64
        ``xlnx`` of small integers, and its differences ``table[k + 1] - table[k]``.
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
    n_per_node = task_start[1] - task_start[0] if task_start.shape[0] > 1 else 0

    # few chunks (the first levels, one big node each) are cut by feature as well,
    # so that every thread gets work
    n_node_chunks = chunk_start.shape[0] - 1
    nominal_X = X if np.any(n_categories > 0) else None  # None: numeric kernels only
    parts = min(n_per_node, max(1, -(-_MIN_UNITS // max(n_node_chunks, 1))))

    def work(unit, worker):
        chunk, part = divmod(unit, parts)
        _evaluate_chunk(
            chunk_start[chunk],
            chunk_start[chunk + 1] - chunk_start[chunk],
            n_per_node * part // parts,
            n_per_node * (part + 1) // parts,
            task_start,
            task_node,
            task_feature,
            nominal_X,
            e_row,
            e_cls,
            e_w,
            sw,
            sorted_values,
            sorted_ids,
            sorted_classes,
            id_row,
            id_cls,
            id_w,
            unit_weight,
            numeric_slot,
            n_categories,
            seg_start,
            node_counts,
            node_sample_weight,
            node_weight,
            table,
            step,
            min_leaf,
            eps,
            value_gap,
            c45_min_split,
            mdl,
            binary_nominal,
            valid,
            gain,
            ratio,
            threshold,
        )

    run_chunks(work, n_node_chunks * parts)
    return valid, gain, ratio, threshold


def balanced_chunks(node_size, n_chunks):
    """Cut a list of nodes into at most ``n_chunks`` runs of about equal work.

    A node's work is its segment size plus a fixed overhead; the returned
    ``chunk_start`` (intp) starts at 0, ends at ``node_size.size`` and is strictly
    increasing.
    """
    n_tasks = node_size.size
    work = np.cumsum(node_size + 64.0)
    cuts = np.searchsorted(work, work[-1] * np.arange(1, n_chunks) / n_chunks)
    return np.unique(np.concatenate(([0], cuts, [n_tasks]))).astype(np.intp)


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
def snap_threshold(threshold, first_rows, column, eps):
    """Replace a midpoint by J48 3.6's training value (C45_SPEC §4.2 step 9).

    J48 scans all training rows in order and keeps the largest value ``v`` with
    ``smOrEq(v, threshold)``, replacing its current best only when ``gr(v, best)``.
    The candidates that can decide the result are the top run of distinct values
    less than ``eps`` apart: every smaller value is more than ``eps`` below all of
    them, so it is replaced by the first of them the scan meets. A run of one value
    is the answer; a longer run (rare) is scanned in the order in which each of
    its values first occurs (later occurrences of a value never replace it).

    Parameters
    ----------
    threshold : float
    first_rows : ndarray of shape (n_unique,), dtype=int32
        For each distinct non-missing value of the feature over all training rows,
        in increasing order of value, the first row where it occurs.
    column : ndarray of shape (n_reference,), dtype=float64
        The feature's values over all training rows (``column[first_rows]`` are
        the sorted distinct values).
    eps : float
    """
    lo = 0
    hi = first_rows.shape[0]
    while lo < hi:  # first index that does not qualify
        mid = (lo + hi) // 2
        if _sm_or_eq(column[first_rows[mid]], threshold, eps):
            lo = mid + 1
        else:
            hi = mid
    top = lo - 1
    if top < 0:
        return threshold
    first = top
    while first > 0 and not _gr(
        column[first_rows[first]], column[first_rows[first - 1]], eps
    ):
        first -= 1
    if first == top:
        return column[first_rows[top]]
    run = first_rows[first : top + 1].copy()
    for i in range(1, run.shape[0]):  # insertion sort: the order the scan meets them
        j = i
        while j > 0 and run[j - 1] > run[j]:
            run[j - 1], run[j] = run[j], run[j - 1]
            j -= 1
    best = -WEKA_MAX_DOUBLE
    for row in run:
        v = column[row]
        if _gr(v, best, eps) and _sm_or_eq(v, threshold, eps):
            best = v
    return best
