"""Predict-time kernels: branch selection, class probabilities, leaves and paths."""

import numpy as np
from numba import prange

from ._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from ._jit import njit, parallel_njit


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
    if np.isnan(x):
        return -1
    if kind == NUMERIC:
        if x - threshold < tol or x <= threshold:
            return 0
        return 1
    if kind == NOMINAL_BINARY:
        return 0 if x == threshold else 1
    if kind == NOMINAL:
        if x < 0 or x >= n_children:
            return -1
        return int(x)
    return -1


@njit
def _walk_known(x, node, kind, feature, threshold, first_child, n_children, tol):
    """Follow known values from ``node``; return (node, stopped-at-missing flag)."""
    while kind[node] != LEAF:
        slot = select_branch(
            kind[node], threshold[node], n_children[node], x[feature[node]], tol
        )
        if slot < 0:
            return node, True
        node = first_child[node] + slot
    return node, False


@parallel_njit
def predict_proba_rows(
    X,
    kind,
    feature,
    threshold,
    first_child,
    n_children,
    branch_weight,
    leaf_proba,
    empty,
    tol,
    out,
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
    kind, feature, threshold, first_child, n_children : ndarray of shape (n_nodes,)
        Tree structure (see ``Tree``).
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
    n_samples = X.shape[0]
    n_classes = out.shape[1]
    n_nodes = kind.shape[0]
    for i in prange(n_samples):
        x = X[i]
        node, stopped = _walk_known(
            x, 0, kind, feature, threshold, first_child, n_children, tol
        )
        for c in range(n_classes):
            out[i, c] = 0.0
        if not stopped:
            for c in range(n_classes):
                out[i, c] = leaf_proba[node, c]
            continue
        stack_node = np.empty(n_nodes, dtype=np.intp)
        stack_wt = np.empty(n_nodes, dtype=np.float64)
        stack_node[0] = node
        stack_wt[0] = 1.0
        top = 1
        while top > 0:
            top -= 1
            node = stack_node[top]
            wt = stack_wt[top]
            if kind[node] == LEAF:
                for c in range(n_classes):
                    out[i, c] += wt * leaf_proba[node, c]
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


@parallel_njit
def apply_rows(
    X, kind, feature, threshold, first_child, n_children, branch_weight, tol, out
):
    """Fill ``out`` with the leaf id each row of ``X`` ends in.

    At a split whose value is missing the row follows the child with the largest
    training weight (the first such child on ties).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    kind, feature, threshold, first_child, n_children : ndarray of shape (n_nodes,)
        Tree structure (see ``Tree``).
    branch_weight : ndarray of shape (n_nodes,), dtype=float64
        Weight of each node in its parent's split distribution.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples,), dtype=intp
        Output, overwritten.
    """
    for i in prange(X.shape[0]):
        x = X[i]
        node, stopped = _walk_known(
            x, 0, kind, feature, threshold, first_child, n_children, tol
        )
        while stopped:
            start = first_child[node]
            slot = 0
            for b in range(1, n_children[node]):
                if branch_weight[start + b] > branch_weight[start + slot]:
                    slot = b
            node, stopped = _walk_known(
                x,
                start + slot,
                kind,
                feature,
                threshold,
                first_child,
                n_children,
                tol,
            )
        out[i] = node
