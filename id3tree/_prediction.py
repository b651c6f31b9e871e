"""Predict-time kernels: branch selection, class probabilities, leaves and paths."""

import numpy as np
from numba import prange

from ._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from ._jit import njit, parallel_njit

#: Rows per parallel task of the prediction kernels (a constant: numba freezes it).
_CHUNK = 2048


@njit
def select_branch(kind, threshold, n_children, x, tol):
    """Return the child slot a value goes to at a split node, or -1 if unknown.

    Parameters
    ----------
    kind : int
        Node kind (1 numeric, 2 nominal multiway, 3 nominal binary).
    threshold : float
        Numeric threshold (kind 1) or the category code of slot 0 (kind 3).
    n_children : int
        Number of children of the node.
    x : float
        The row's value of the split feature; NaN when missing.
    tol : float
        Numeric routing tolerance: ``x`` goes left iff ``x - threshold < tol`` or
        ``x <= threshold`` (J48 3.6 uses ``1e-6``; ``0`` is plain ``<=``).

    Returns
    -------
    slot : int
        Child slot, or -1 when ``x`` is missing (or a category code out of range).
    """
    if kind == NUMERIC:  # tested first: the common case of the walks
        if x - threshold < tol or x <= threshold:
            return 0
        return -1 if np.isnan(x) else 1
    if np.isnan(x):
        return -1
    if kind == NOMINAL_BINARY:
        return 0 if x == threshold else 1
    if kind == NOMINAL:
        if x < 0 or x >= n_children:
            return -1
        return int(x)
    return -1


@njit
def descend(x, nodes, children, pos, tol):
    """Follow the known values of row ``x`` from layout position ``pos``.

    Parameters
    ----------
    x : ndarray of shape (n_features,), dtype=float64
        Encoded row, NaN for missing.
    nodes, children : ndarray
        ``PredictLayout.nodes`` and ``PredictLayout.children`` of the tree.
    pos : int
        Start position.
    tol : float
        Numeric routing tolerance (see ``select_branch``).

    Returns
    -------
    pos : int
        Position of the leaf reached, or of the split whose value is unknown.
    """
    while True:
        record = nodes[pos]
        kind = record["code"] & 3
        if kind == LEAF:
            return pos
        threshold = record["threshold"]
        n_children = int(threshold) if kind == NOMINAL else 2
        slot = select_branch(kind, threshold, n_children, x[record["code"] >> 2], tol)
        if slot == 0:  # preorder: the first child comes next
            pos += 1
        elif slot < 0:
            return pos
        elif kind == NOMINAL:
            pos = children[record["next"] + slot]
        else:
            pos = record["next"]


@njit
def _spread(x, node, tree_arrays, branch_weight, leaf_proba, empty, tol, stack, out):
    """Add to ``out`` the C4.5 distribution of row ``x`` from split ``node`` down.

    ``tree_arrays`` is ``(kind, feature, threshold, first_child, n_children)``;
    ``stack`` holds at least ``PredictLayout.stack_size`` (node, weight) pairs.
    """
    kind, feature, threshold, first_child, n_children = tree_arrays
    stack_node, stack_wt = stack
    stack_node[0] = node
    stack_wt[0] = 1.0
    top = 1
    while top > 0:
        top -= 1
        node = stack_node[top]
        wt = stack_wt[top]
        if kind[node] == LEAF:
            for c in range(out.shape[0]):
                out[c] += wt * leaf_proba[node, c]
            continue
        slot = select_branch(
            kind[node], threshold[node], n_children[node], x[feature[node]], tol
        )
        start = first_child[node]
        if slot >= 0:
            stack_node[top] = start + slot
            stack_wt[top] = wt
            top += 1
            continue
        total = 0.0
        for b in range(n_children[node]):
            total += branch_weight[start + b]
        # push in reverse so that children are summed in slot order
        for b in range(n_children[node] - 1, -1, -1):
            child = start + b
            if empty[child] or total <= 0.0:
                continue
            stack_node[top] = child
            stack_wt[top] = wt * (branch_weight[child] / total)
            top += 1


@njit
def _proba_chunk(
    X, start, stop, layout, tree_arrays, branch_weight, leaf_proba, empty, tol, out
):
    nodes, children, node_id, stack_size = layout
    stack = (np.empty(stack_size, dtype=np.intp), np.empty(stack_size, np.float64))
    for i in range(start, stop):
        x = X[i]
        pos = descend(x, nodes, children, 0, tol)
        record = nodes[pos]
        if record["code"] & 3 == LEAF:
            node = record["next"]
            for c in range(out.shape[1]):
                out[i, c] = leaf_proba[node, c]
            continue
        for c in range(out.shape[1]):
            out[i, c] = 0.0
        _spread(
            x,
            node_id[pos],
            tree_arrays,
            branch_weight,
            leaf_proba,
            empty,
            tol,
            stack,
            out[i],
        )


@parallel_njit
def predict_proba_rows(
    X, layout, tree_arrays, branch_weight, leaf_proba, empty, tol, out
):
    """Fill ``out`` with C4.5 class distributions of the rows of ``X``.

    A row follows its known values; at a split whose value is missing it goes down
    every non-empty child with the weight ``branch_weight[child] / Σ branch_weight``
    and the leaf distributions are summed with those weights (Quinlan 1993). Weight
    sent to empty children is dropped, as J48 does, so a row can sum to slightly less
    than one.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    layout : tuple
        ``(nodes, children, node_id, stack_size)`` of ``Tree.layout``.
    tree_arrays : tuple
        ``(kind, feature, threshold, first_child, n_children)`` of the ``Tree``.
    branch_weight : ndarray of shape (n_nodes,), dtype=float64
        Weight of each node in its parent's split distribution.
    leaf_proba : ndarray of shape (n_nodes, n_classes), dtype=float64
        Class distribution returned at each node when it is reached as a leaf.
    empty : ndarray of shape (n_nodes,), dtype=bool
        Empty leaves, skipped when reached through a missing value.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples, n_classes), dtype=float64
        Output, overwritten.
    """
    n_chunks = (X.shape[0] + _CHUNK - 1) // _CHUNK
    for k in prange(n_chunks):
        stop = min(X.shape[0], (k + 1) * _CHUNK)
        _proba_chunk(
            X,
            k * _CHUNK,
            stop,
            layout,
            tree_arrays,
            branch_weight,
            leaf_proba,
            empty,
            tol,
            out,
        )


@njit
def _apply_chunk(X, start, stop, nodes, children, heaviest, tol, out):
    for i in range(start, stop):
        x = X[i]
        pos = descend(x, nodes, children, 0, tol)
        while nodes[pos]["code"] & 3 != LEAF:
            pos = descend(x, nodes, children, heaviest[pos], tol)
        out[i] = nodes[pos]["next"]


@parallel_njit
def apply_rows(X, nodes, children, heaviest, tol, out):
    """Fill ``out`` with the leaf id each row of ``X`` ends in.

    At a split whose value is missing the row follows the child with the largest
    training weight (the first such child on ties).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    nodes, children, heaviest : ndarray
        ``PredictLayout`` arrays of the tree.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples,), dtype=intp
        Output (node ids), overwritten.
    """
    n_chunks = (X.shape[0] + _CHUNK - 1) // _CHUNK
    for k in prange(n_chunks):
        stop = min(X.shape[0], (k + 1) * _CHUNK)
        _apply_chunk(X, k * _CHUNK, stop, nodes, children, heaviest, tol, out)


@njit
def _predict_chunk(X, start, stop, nodes, children, leaf_class, tol, out):
    for i in range(start, stop):
        record = nodes[descend(X[i], nodes, children, 0, tol)]
        out[i] = leaf_class[record["next"]] if record["code"] & 3 == LEAF else -1


@parallel_njit
def predict_rows(X, nodes, children, leaf_class, tol, out):
    """Fill ``out`` with the class of the leaf each row reaches on known values.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    nodes, children : ndarray
        ``PredictLayout`` arrays of the tree.
    leaf_class : ndarray of shape (n_nodes,), dtype=intp
        Class (column of ``leaf_proba``) predicted at each node reached as a leaf.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples,), dtype=intp
        Output, overwritten: the class, or -1 for a row that meets a split whose
        value is missing (its class needs ``predict_proba_rows``).
    """
    n_chunks = (X.shape[0] + _CHUNK - 1) // _CHUNK
    for k in prange(n_chunks):
        stop = min(X.shape[0], (k + 1) * _CHUNK)
        _predict_chunk(X, k * _CHUNK, stop, nodes, children, leaf_class, tol, out)
