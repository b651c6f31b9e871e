"""Partitioning: send the split nodes' entries to their children and copy them there."""

from __future__ import annotations

import numpy as np

from ._jit import even_chunks, njit, run_chunks
from ._prediction import select_branch
from ._splitting import _gr

# ---------------------------------------------------------------------------
# splitting nodes and partitioning their entries


def route_entries(
    split_node,
    split_kind,
    split_feature,
    split_threshold,
    split_n_children,
    child_offset,
    X,
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
    e_slot : ndarray of shape (n_entries,), dtype=int32
        Child slot of each entry of a split node; -1 for missing (every child), -2
        for entries of nodes that do not split.
    e_local : ndarray of shape (n_entries,), dtype=int32
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
    e_slot = np.full(n_entries, -2, dtype=np.int32)
    e_local = np.zeros(n_entries, dtype=np.int32)
    n_split = split_node.shape[0]
    n_total = child_offset[n_split]
    parent_value = np.zeros((n_split, n_classes), dtype=np.float64)
    branch_value = np.zeros((n_total, n_classes), dtype=np.float64)
    child_known = np.zeros(n_total, dtype=np.intp)
    child_size = np.zeros(n_total, dtype=np.intp)
    share = np.zeros(n_total, dtype=np.float64)
    child_counts = np.zeros((n_total, n_classes), dtype=np.float64)
    child_sample_weight = np.zeros(n_total, dtype=np.float64)
    bag_known = np.zeros(n_total, dtype=np.float64)  # scratch, one row per child
    bag = np.zeros(n_total, dtype=np.float64)
    bounds = even_chunks(n_split)

    def work(chunk, worker):
        _route_nodes(
            bounds[chunk],
            bounds[chunk + 1],
            split_node,
            split_kind,
            split_feature,
            split_threshold,
            split_n_children,
            child_offset,
            X,
            e_row,
            e_cls,
            e_w,
            sw,
            seg_start,
            n_classes,
            eps,
            tol,
            e_slot,
            e_local,
            parent_value,
            branch_value,
            child_known,
            child_size,
            share,
            child_counts,
            child_sample_weight,
            bag_known,
            bag,
        )

    run_chunks(work, len(bounds) - 1)
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


@njit
def _route_nodes(
    first,
    last,
    split_node,
    split_kind,
    split_feature,
    split_threshold,
    split_n_children,
    child_offset,
    X,
    e_row,
    e_cls,
    e_w,
    sw,
    seg_start,
    n_classes,
    eps,
    tol,
    e_slot,
    e_local,
    parent_value,
    branch_value,
    child_known,
    child_size,
    share,
    child_counts,
    child_sample_weight,
    bag_known,
    bag,
):
    """``route_entries`` for the split nodes ``[first, last)`` (writes their rows).

    ``bag_known`` and ``bag`` are zeroed scratch, one entry per child. The loop
    over the nodes is here, not around a call per node: numba updates the
    reference count of every array argument of a call.
    """
    for s in range(first, last):
        k = split_node[s]
        j = split_feature[s]
        base = child_offset[s]
        n_child = split_n_children[s]
        n_missing = 0
        for e in range(seg_start[k], seg_start[k + 1]):
            slot = select_branch(
                split_kind[s], split_threshold[s], n_child, X[e_row[e], j], tol
            )
            e_slot[e] = slot
            if slot < 0:
                e_local[e] = n_missing
                n_missing += 1
                continue
            e_local[e] = child_known[base + slot]
            child_known[base + slot] += 1
            branch_value[base + slot, e_cls[e]] += e_w[e]
            bag_known[base + slot] += e_w[e]
            child_sample_weight[base + slot] += sw[e_row[e]]
        known = 0.0
        for b in range(n_child):
            known += bag_known[base + b]
        for c in range(n_classes):
            for b in range(n_child):
                parent_value[s, c] += branch_value[base + b, c]
        if n_missing > 0:
            uniform = known == 0.0 or (known < eps and -known < eps)
            for e in range(seg_start[k], seg_start[k + 1]):
                if e_slot[e] != -1:
                    continue
                c = e_cls[e]
                parent_value[s, c] += e_w[e]
                for b in range(n_child):
                    pk = 1.0 / n_child if uniform else bag_known[base + b] / known
                    branch_value[base + b, c] += pk * e_w[e]
        total = 0.0
        for b in range(n_child):
            for c in range(n_classes):
                bag[base + b] += branch_value[base + b, c]
            total += bag[base + b]
        for b in range(n_child):
            share[base + b] = bag[base + b] / total if total > 0.0 else 0.0
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


def partition_entries(split_node, *args):
    """Copy each split node's entries into its children's segments.

    Known entries keep their order; missing ones follow them, in order, with their
    weight times the child's share. Children that are leaves already
    (``child_copy`` False) get no entries. Writes ``new_row``, ``new_cls``,
    ``new_w`` and ``new_id``.

    Entry ids: a known entry keeps its id; an entry missing at the split keeps it
    in the first child that takes it and gets new ids, from ``extra_base[s]`` on,
    in the others (``extra_id`` records the first of them). ``id_code`` receives
    every id's child slot (-1 for missing) for ``partition_order``; ``id_row``,
    ``id_cls`` and ``id_w`` are completed for the new ids and the new weights.
    """
    bounds = even_chunks(split_node.shape[0])

    def work(chunk, worker):
        _partition_entries(bounds[chunk], bounds[chunk + 1], split_node, *args)

    run_chunks(work, len(bounds) - 1)


@njit
def _partition_entries(
    first,
    last,
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
    e_row,
    e_cls,
    e_w,
    e_id,
    seg_start,
    eps,
    new_row,
    new_cls,
    new_w,
    new_id,
    id_row,
    id_cls,
    id_w,
    id_code,
    extra_id,
):
    """``partition_entries`` for the split nodes ``[first, last)``."""
    for s in range(first, last):
        k = split_node[s]
        base = child_offset[s]
        n_child = split_n_children[s]
        takers = 0
        for b in range(n_child):
            if child_copy[base + b] and _gr(share[base + b], 0.0, eps):
                takers += 1
        for e in range(seg_start[k], seg_start[k + 1]):
            slot = e_slot[e]
            entry = e_id[e]
            if slot >= 0:
                id_code[entry] = slot
                if not child_copy[base + slot]:
                    continue
                pos = child_start[base + slot] + e_local[e]
                new_row[pos] = e_row[e]
                new_cls[pos] = e_cls[e]
                new_w[pos] = e_w[e]
                new_id[pos] = entry
                continue
            id_code[entry] = -1
            weight = e_w[e]
            first_extra = extra_base[s] + e_local[e] * (takers - 1)
            extra_id[entry] = first_extra
            j = 0
            for b in range(n_child):
                ch = base + b
                if child_copy[ch] and _gr(share[ch], 0.0, eps):
                    pos = child_start[ch] + child_known[ch] + e_local[e]
                    copy = entry if j == 0 else first_extra + j - 1
                    w = weight * share[ch]
                    new_row[pos] = e_row[e]
                    new_cls[pos] = e_cls[e]
                    new_w[pos] = w
                    new_id[pos] = copy
                    id_row[copy] = e_row[e]
                    id_cls[copy] = e_cls[e]
                    id_w[copy] = w
                    j += 1


def partition_order(
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_copy,
    share,
    id_code,
    extra_id,
    sorted_values,
    sorted_ids,
    sorted_classes,
    seg_start,
    eps,
    new_values,
    new_ids,
    new_classes,
):
    """Stably partition every numeric feature's sorted entries into the children.

    ``new_values[q]``, ``new_ids[q]`` and ``new_classes[q]`` receive, for every
    child, its values of feature ``q`` in increasing order (missing values last),
    with the ids and class codes of those entries. An entry's child comes from
    the compact per-id ``id_code`` written by ``partition_entries``, so the
    random reads stay in a small array. The new arrays have one spare column at
    the end: entries of children that get none are written there and
    overwritten, which keeps the two-way loop free of branches.
    """

    def work(q, worker):
        _partition_order(
            q,
            q + 1,
            split_node,
            split_n_children,
            child_offset,
            child_start,
            child_copy,
            share,
            id_code,
            extra_id,
            sorted_values,
            sorted_ids,
            sorted_classes,
            seg_start,
            eps,
            new_values,
            new_ids,
            new_classes,
        )

    run_chunks(work, sorted_ids.shape[0])


@njit
def _partition_order(
    first,
    last,
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_copy,
    share,
    id_code,
    extra_id,
    sorted_values,
    sorted_ids,
    sorted_classes,
    seg_start,
    eps,
    new_values,
    new_ids,
    new_classes,
):
    """``partition_order`` for the features ``[first, last)``."""
    n_split = split_node.shape[0]
    max_children = 2
    for s in range(n_split):
        max_children = max(max_children, split_n_children[s])
    spare = new_ids.shape[1] - 1
    for q in range(first, last):
        fill = np.empty(max_children, dtype=np.intp)
        step = np.empty(max_children, dtype=np.intp)
        takes = np.empty(max_children, dtype=np.bool_)
        for s in range(n_split):
            k = split_node[s]
            base = child_offset[s]
            n_child = split_n_children[s]
            for b in range(n_child):
                copied = child_copy[base + b]
                fill[b] = child_start[base + b] if copied else spare
                step[b] = 1 if copied else 0
                takes[b] = copied and _gr(share[base + b], 0.0, eps)
            lo = seg_start[k]
            hi = seg_start[k + 1]
            args = (
                np.intp(q),
                sorted_values[q, lo:hi],
                sorted_ids[q, lo:hi],
                sorted_classes[q, lo:hi],
                id_code,
                extra_id,
                n_child,
                fill,
                step,
                takes,
                new_values,
                new_ids,
                new_classes,
            )
            if n_child == 2:
                _partition_two(*args)
            else:
                _partition_many(*args)


@njit
def _copy_missing(
    q,
    value,
    entry,
    cls,
    extra_id,
    n_child,
    fill,
    takes,
    new_values,
    new_ids,
    new_classes,
):
    """Append an entry missing at the split to every child that takes it."""
    j = 0
    for b in range(n_child):
        if takes[b]:
            pos = fill[b]
            new_ids[q, pos] = entry if j == 0 else extra_id[entry] + j - 1
            new_values[q, pos] = value
            new_classes[q, pos] = cls
            fill[b] = pos + 1
            j += 1


@njit
def _partition_two(
    q,
    values,
    ids,
    classes,
    id_code,
    extra_id,
    n_child,
    fill,
    step,
    takes,
    new_values,
    new_ids,
    new_classes,
):
    """Two-way stable partition of one node's entries of feature ``q``."""
    p0 = fill[0]
    p1 = fill[1]
    step0 = step[0]
    step1 = step[1]
    for i in range(ids.shape[0]):
        code = id_code[ids[i]]
        if code < 0:
            fill[0] = p0
            fill[1] = p1
            _copy_missing(
                q,
                values[i],
                ids[i],
                classes[i],
                extra_id,
                n_child,
                fill,
                takes,
                new_values,
                new_ids,
                new_classes,
            )
            p0 = fill[0]
            p1 = fill[1]
            continue
        right = code == 1
        pos = p1 if right else p0
        new_ids[q, pos] = ids[i]
        new_values[q, pos] = values[i]
        new_classes[q, pos] = classes[i]
        p0 += 0 if right else step0
        p1 += step1 if right else 0


@njit
def _partition_many(
    q,
    values,
    ids,
    classes,
    id_code,
    extra_id,
    n_child,
    fill,
    step,
    takes,
    new_values,
    new_ids,
    new_classes,
):
    """Multiway stable partition of one node's entries of feature ``q``."""
    for i in range(ids.shape[0]):
        b = id_code[ids[i]]
        if b < 0:
            _copy_missing(
                q,
                values[i],
                ids[i],
                classes[i],
                extra_id,
                n_child,
                fill,
                takes,
                new_values,
                new_ids,
                new_classes,
            )
            continue
        pos = fill[b]
        new_ids[q, pos] = ids[i]
        new_values[q, pos] = values[i]
        new_classes[q, pos] = classes[i]
        fill[b] = pos + step[b]


def partition_order_in_place(
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_copy,
    id_code,
    id_right,
    seg_start,
    sorted_values,
    sorted_ids,
    sorted_classes,
    scratch_values,
    scratch_ids,
    scratch_classes,
):
    """``partition_order`` without a second copy of the sorted columns.

    Valid when no entry is missing at a split of the level: every child segment
    then lies at or before its parent's segment, so the nodes can be processed in
    order, each through a scratch buffer. The scratch arrays have one row per
    numba thread, each longer than any segment (kept across levels, so their
    memory is touched once per fit). ``id_right`` packs ``id_code == 1`` into bits
    (little-endian, ``numpy.packbits``); two-way splits read it instead of
    ``id_code``, an eighth of the memory to look up at random.
    """
    max_children = max(2, split_n_children.max(initial=0))
    longest = np.max(seg_start[split_node + 1] - seg_start[split_node], initial=0)

    def work(q, worker):
        _in_place_feature(
            q,
            max_children,
            longest,
            split_node,
            split_n_children,
            child_offset,
            child_start,
            child_copy,
            id_code,
            id_right,
            seg_start,
            sorted_values[q],
            sorted_ids[q],
            sorted_classes[q],
            scratch_values[worker],
            scratch_ids[worker],
            scratch_classes[worker],
        )

    run_chunks(work, sorted_ids.shape[0])


@njit
def _in_place_feature(
    q,
    max_children,
    longest,
    split_node,
    split_n_children,
    child_offset,
    child_start,
    child_copy,
    id_code,
    id_right,
    seg_start,
    values,
    ids,
    classes,
    scratch_values,
    scratch_ids,
    scratch_classes,
):
    """``partition_order_in_place`` for one feature's sorted row.

    A node's first child that takes entries is written straight into place (its
    run starts at or before the entry being read); the later children go through
    the scratch row and are copied back after it.
    """
    fill = np.empty(max_children, dtype=np.intp)
    step = np.empty(max_children, dtype=np.intp)
    for s in range(split_node.shape[0]):
        k = split_node[s]
        base = child_offset[s]
        n_child = split_n_children[s]
        out = child_start[base]
        n_out = child_start[base + n_child] - out
        if n_out == 0:
            continue
        first = 0
        while not child_copy[base + first]:
            first += 1
        head = child_start[base + first + 1] - out
        for b in range(n_child):  # dropped children write to a spare slot
            copied = child_copy[base + b]
            fill[b] = child_start[base + b] - out - head if copied else longest
            step[b] = 1 if copied else 0
        fill[first] = out
        _scatter(
            values,
            ids,
            classes,
            seg_start[k],
            seg_start[k + 1],
            id_code,
            id_right,
            n_child,
            first,
            fill,
            step,
            scratch_values,
            scratch_ids,
            scratch_classes,
        )
        for i in range(n_out - head):
            values[out + head + i] = scratch_values[i]
            ids[out + head + i] = scratch_ids[i]
            classes[out + head + i] = scratch_classes[i]


@njit
def _scatter(
    values,
    ids,
    classes,
    lo,
    hi,
    id_code,
    id_right,
    n_child,
    first,
    fill,
    step,
    out_values,
    out_ids,
    out_classes,
):
    """Stable scatter of a node's entries: child ``first`` in place, others to out."""
    if n_child == 2:
        # both stores happen for every entry, only one position advances: no branch
        # (the in-place store lands on an entry already read or on this one)
        p_in = fill[first]
        p_out = fill[1 - first]
        step_out = step[1 - first]
        for i in range(lo, hi):
            entry = ids[i]
            value = values[i]
            cls = classes[i]
            right = (id_right[entry >> 3] >> (entry & 7)) & 1
            other = right != first
            values[p_in] = value
            ids[p_in] = entry
            classes[p_in] = cls
            out_values[p_out] = value
            out_ids[p_out] = entry
            out_classes[p_out] = cls
            p_in += 0 if other else 1
            p_out += step_out if other else 0
        return
    for i in range(lo, hi):
        b = id_code[ids[i]]
        pos = fill[b]
        if b == first:
            values[pos] = values[i]
            ids[pos] = ids[i]
            classes[pos] = classes[i]
        else:
            out_values[pos] = values[i]
            out_ids[pos] = ids[i]
            out_classes[pos] = classes[i]
        fill[b] = pos + step[b]
