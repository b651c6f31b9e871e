"""Fit-time tree builder: the level-wise C4.5/ID3 growing loop over presorted segments.

The builder grows the tree one level (frontier) at a time. Every frontier node owns a
segment of entries (a training row and its possibly fractional weight); every numeric
feature keeps, per segment, the entries sorted by that feature (sorted once per fit,
then partitioned stably), so a split scan is a single pass. Rows whose split value is
missing go down every branch with a fractional weight, as in C4.5 (Quinlan 1993).
The kernels live beside it: presorting in ``_presort``, the split search in
``_splitting`` and the routing of entries to the children in ``_partition``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from ._dtypes import (
    FLOAT,
    INDEX,
    LEAF,
    NOMINAL,
    NOMINAL_BINARY,
    NUMERIC,
    class_code_dtype,
)
from ._jit import njit
from ._partition import (
    partition_entries,
    partition_order,
    partition_order_in_place,
    route_entries,
)
from ._presort import (
    distinct_first_rows,
    presort_columns,
    segment_class_counts,
    segment_weights,
)
from ._splitting import (
    _xlnx_table,
    balanced_chunks,
    evaluate_tasks,
    select_splits,
    snap_threshold,
)

#: Parallel work units per thread in the split search: chunks of about equal work,
#: handed out dynamically, so a busy core or a large node does not stall a level.
_CHUNKS_PER_THREAD = 16

#: Entry ids, rows and positions are int32.
_MAX_ENTRIES = int(np.iinfo(np.int32).max)


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
# random feature draws (max_features)


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
# the builder's state


@dataclass
class _Ids:
    """Row, class code and weight of every entry id.

    An entry is a training row in one node, with its (possibly fractional)
    weight. Ids are stable across levels, so the sorted columns never need their
    positions remapped: a known entry keeps its id in its child; an entry missing
    at a split keeps it in the first child that takes it and gets new ids
    (appended here) in the others.
    """

    row: np.ndarray  # int32
    cls: np.ndarray  # class_code_dtype
    w: np.ndarray  # float64

    def grow(self, n_ids: int) -> None:
        """Make room for ids up to ``n_ids``."""
        extra = n_ids - self.row.size
        if n_ids > _MAX_ENTRIES:
            raise ValueError(
                f"C4.5 missing-value copies make {n_ids} entries; at most "
                f"{_MAX_ENTRIES} are supported"
            )
        if extra > 0:
            self.row = np.concatenate([self.row, np.empty(extra, self.row.dtype)])
            self.cls = np.concatenate([self.cls, np.empty(extra, self.cls.dtype)])
            self.w = np.concatenate([self.w, np.empty(extra, dtype=FLOAT)])


@dataclass
class _Entries:
    """The entries of one level, segment after segment (one per frontier node).

    ``row``, ``cls``, ``w`` and ``id`` are in node order (the order C4.5 sums
    in); ``values``, ``ids`` and ``classes`` hold, per numeric feature, each
    segment's entries sorted by that feature (missing last), by value, id and
    class code.
    """

    row: np.ndarray
    cls: np.ndarray
    w: np.ndarray
    id: np.ndarray
    values: np.ndarray
    ids: np.ndarray
    classes: np.ndarray


def _scratch(scratch, length, classes):
    """Per-thread scratch rows for ``partition_order_in_place``, kept if long enough.

    ``classes`` is the sorted class codes array (it gives their dtype).
    """
    if scratch is not None and scratch[0].shape[1] >= length:
        return scratch
    shape = (numba.config.NUMBA_NUM_THREADS, length)
    return (
        np.empty(shape, dtype=FLOAT),
        np.empty(shape, dtype=np.int32),
        np.empty(shape, dtype=classes.dtype),
    )


def _partition_level(
    entries,
    ids,
    scratch,
    seg_start,
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_known,
    child_missing,
    child_copy,
    share,
    e_slot,
    e_local,
    eps,
):
    """Move the split nodes' entries into the children (the next level's entries).

    Returns the new entries and the scratch buffers (kept for the next level).

    ``child_missing`` is the number of entries missing at the split that each
    child would take; ``child_copy`` marks the children that get entries. The
    sorted columns are partitioned in place unless entries missing at a split
    are copied into several children (then the level needs new arrays).
    """
    n_new = int(child_start[-1])
    n_numeric = entries.values.shape[0]
    # new ids for the second and later copies of entries missing at a split
    starts = child_offset[:-1]
    takers = np.add.reduceat(child_copy & (child_missing > 0), starts)
    n_missing = np.maximum.reduceat(child_missing, starts)
    n_extra = n_missing * np.maximum(takers - 1, 0)
    n_ids = ids.row.size
    extra_base = (n_ids + np.cumsum(n_extra) - n_extra).astype(INDEX)
    ids.grow(n_ids + int(n_extra.sum()))
    code_type = np.int8 if split_n_children.max() < 128 else np.int32
    id_code = np.empty(ids.row.size, dtype=code_type)
    extra_id = np.empty(n_ids, dtype=np.int32)
    in_place = not np.any(child_missing > 0)
    new = _Entries(
        np.empty(n_new, dtype=entries.row.dtype),
        np.empty(n_new, dtype=entries.cls.dtype),
        np.empty(n_new, dtype=FLOAT),
        np.empty(n_new, dtype=np.int32),
        entries.values,
        entries.ids,
        entries.classes,
    )
    if not in_place:  # one spare column: partition_order's sink for dropped entries
        new.values = np.empty((n_numeric, n_new + 1), dtype=FLOAT)
        new.ids = np.empty((n_numeric, n_new + 1), dtype=np.int32)
        new.classes = np.empty((n_numeric, n_new + 1), dtype=entries.classes.dtype)
    partition_entries(
        split_node,
        split_n_children,
        child_offset,
        child_start,
        child_known,
        child_copy,
        share,
        extra_base,
        e_slot,
        e_local,
        entries.row,
        entries.cls,
        entries.w,
        entries.id,
        seg_start,
        eps,
        new.row,
        new.cls,
        new.w,
        new.id,
        ids.row,
        ids.cls,
        ids.w,
        id_code,
        extra_id,
    )
    if in_place:
        scratch = _scratch(
            scratch, entries.values.shape[1] + 1, entries.classes
        )  # + a sink
        partition_order_in_place(
            split_node,
            split_n_children,
            child_offset,
            child_start,
            child_copy,
            id_code,
            np.packbits(id_code == 1, bitorder="little"),
            seg_start,
            new.values,
            new.ids,
            new.classes,
            *scratch,
        )
    else:
        partition_order(
            split_node,
            split_n_children,
            child_offset,
            child_start,
            child_copy,
            share,
            id_code,
            extra_id,
            entries.values,
            entries.ids,
            entries.classes,
            seg_start,
            eps,
            new.values,
            new.ids,
            new.classes,
        )
    return new, scratch


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
    rows = np.flatnonzero(sw > 0).astype(INDEX)
    if rows.size > _MAX_ENTRIES:
        raise ValueError(
            f"{rows.size} training rows; at most {_MAX_ENTRIES} are supported"
        )
    numeric_features = np.flatnonzero(n_categories == 0).astype(INDEX)
    numeric_slot = np.full(n_features, -1, dtype=INDEX)
    numeric_slot[numeric_features] = np.arange(numeric_features.size)
    n_reference = float(rows.size if X_reference is None else X_reference.shape[0])
    counted = _average_gain_features(n_categories, n_reference, params.eps)
    table = _xlnx_table(min(int(sw[rows].sum()) + 2, 1 << 24) if rows.size else 2)
    step = np.diff(table)
    eps = params.eps
    max_features = min(max(int(params.max_features), 1), n_features)

    class_dtype = class_code_dtype(n_classes)
    values, order, sorted_classes = presort_columns(
        X, y, rows, numeric_features, class_dtype
    )
    # an entry's id is its position in the root's rows; copies get new ids
    ids = _Ids(rows.astype(np.int32), y[rows].astype(class_dtype), sw[rows].copy())
    entries = _Entries(
        ids.row.copy(),
        ids.cls.copy(),
        sw[rows].copy(),
        np.arange(rows.size, dtype=np.int32),
        values,
        order,
        sorted_classes,
    )
    if params.snap_threshold:
        snap_reference = _snap_reference(
            X, X_reference, rows, values, order, numeric_features
        )
    seg_start = np.array([0, rows.size], dtype=INDEX)
    frontier_depth = 0
    next_id = 1
    levels: list[dict[str, np.ndarray]] = []
    branch_value_frontier = None  # branch rows of the frontier nodes
    scratch = None  # partition_order_in_place's buffers

    counts, sample_weight_sum = segment_class_counts(
        entries.row, entries.cls, entries.w, sw, seg_start, n_classes
    )
    while seg_start.size > 1:
        n_frontier = seg_start.size - 1
        first_id = next_id - n_frontier
        # J48's node weight is a sequential sum over its instances; nodes without
        # entries (leaves already) have only their class counts
        weight = np.where(
            seg_start[1:] > seg_start[:-1],
            segment_weights(entries.w, seg_start),
            counts.sum(axis=1),
        )
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
                with np.errstate(over="ignore"):  # uint64 products wrap on purpose
                    feats = draw_features(
                        n_frontier, first_id, n_features, max_features, params.seed
                    )[candidates]
            else:
                feats = np.broadcast_to(
                    np.arange(n_features), (candidates.size, n_features)
                )
            task_node = np.repeat(candidates, feats.shape[1]).astype(INDEX)
            # a writable copy: a read-only view would compile a second signature
            task_feature = np.array(feats.reshape(-1), dtype=INDEX)
            task_start = np.arange(0, task_node.size + 1, feats.shape[1], dtype=INDEX)
            node_size = (seg_start[candidates + 1] - seg_start[candidates]).astype(
                FLOAT
            )
            valid, gain, ratio, thr = evaluate_tasks(
                balanced_chunks(
                    node_size, _CHUNKS_PER_THREAD * numba.get_num_threads()
                ),
                task_start,
                task_node,
                task_feature,
                X,
                entries.row,
                entries.cls,
                entries.w,
                sw,
                entries.values,
                entries.ids,
                entries.classes,
                ids.row,
                ids.cls,
                ids.w,
                bool(np.all(entries.w == 1.0)),
                numeric_slot,
                n_categories,
                seg_start,
                counts,
                sample_weight_sum,
                weight,
                table,
                step,
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
                        thresholds[i], *snap_reference[feat[i]], eps
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
            X,
            entries.row,
            entries.cls,
            entries.w,
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
        child_missing = child_size - child_known
        child_size[~child_copy] = 0
        child_start = np.zeros(n_next + 1, dtype=INDEX)
        np.cumsum(child_size, out=child_start[1:])
        if n_next:
            entries, scratch = _partition_level(
                entries,
                ids,
                scratch,
                seg_start,
                split_node,
                split_n_children,
                child_offset,
                child_start,
                child_known,
                child_missing,
                child_copy,
                share,
                e_slot,
                e_local,
                eps,
            )
        seg_start = child_start
        counts, sample_weight_sum = child_counts, child_sample_weight
        branch_value_frontier = child_branch
        frontier_depth += 1

    return _assemble(levels)


def _snap_reference(X, X_reference, rows, values, order, numeric_features):
    """Per numeric feature: the first row of each distinct value, and the column.

    The reference rows (J48's ``ALL``) are the root's rows by default; their
    distinct values then come from the presorted columns.
    """
    snap = {}
    if X_reference is None:
        reference = X if rows.size == X.shape[0] else X[rows]
    else:
        reference = np.ascontiguousarray(X_reference, dtype=FLOAT)
    for q, j in enumerate(numeric_features):
        column = reference[:, j]
        if X_reference is None:
            first_rows = distinct_first_rows(values[q], order[q])
        else:
            known = np.flatnonzero(~np.isnan(column))
            first = np.unique(column[known], return_index=True)[1]
            first_rows = known[first].astype(np.int32)
        snap[int(j)] = (first_rows, column)
    return snap


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
