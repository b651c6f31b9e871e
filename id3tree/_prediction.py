"""Predict-time kernels: branch selection, class probabilities, leaves and paths."""

import numba
import numpy as np

from ._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from ._jit import njit, run_chunks

#: Fewest rows per parallel task of the prediction kernels.
_CHUNK = 2048
#: Most parallel tasks per thread (fewer for few rows).
_CHUNKS_PER_THREAD = 16


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
        slot = select_branch(  # int8 kind, as in the builder: one signature
            np.int8(kind), threshold, n_children, x[record["code"] >> 2], tol
        )
        if slot == 0:  # preorder: the first child comes next
            pos += 1
        elif slot < 0:
            return pos
        elif kind == NOMINAL:
            pos = children[record["next"] + slot]
        else:
            pos = record["next"]


@njit
def _child(record, pos, children, slot):
    """Position of the child in ``slot`` of the split at ``pos``."""
    if slot == 0:  # preorder: the first child comes next
        return pos + 1
    if record["code"] & 3 == NOMINAL:
        return children[record["next"] + slot]
    return record["next"]


@njit
def _spread(x, pos, nodes, children, weight, empty, leaf_proba, tol, stack, out):
    """Add to ``out`` the C4.5 distribution of row ``x`` from position ``pos`` down.

    ``stack`` is a pair of arrays (positions, weights) of at least
    ``PredictLayout.stack_size`` items.
    """
    stack_pos, stack_wt = stack
    stack_pos[0] = pos
    stack_wt[0] = 1.0
    top = 1
    while top > 0:
        top -= 1
        pos = stack_pos[top]
        wt = stack_wt[top]
        record = nodes[pos]
        kind = record["code"] & 3
        if kind == LEAF:
            for c in range(out.shape[0]):
                out[c] += wt * leaf_proba[record["next"], c]
            continue
        threshold = record["threshold"]
        n_children = int(threshold) if kind == NOMINAL else 2
        slot = select_branch(
            np.int8(kind), threshold, n_children, x[record["code"] >> 2], tol
        )
        if slot >= 0:
            stack_pos[top] = _child(record, pos, children, slot)
            stack_wt[top] = wt
            top += 1
            continue
        total = 0.0
        for b in range(n_children):
            total += weight[_child(record, pos, children, b)]
        # push in reverse so that children are summed in slot order
        for b in range(n_children - 1, -1, -1):
            child = _child(record, pos, children, b)
            if empty[child] or total <= 0.0:
                continue
            stack_pos[top] = child
            stack_wt[top] = wt * (weight[child] / total)
            top += 1


def _chunk_size(n_rows):
    """Rows per parallel task: at least ``_CHUNK``, few enough tasks per thread."""
    n_tasks = _CHUNKS_PER_THREAD * numba.get_num_threads()
    return max(_CHUNK, -(-n_rows // n_tasks))


@njit
def _proba_chunk(
    X, start, stop, nodes, children, weight, empty, stack_size, leaf_proba, tol, out
):
    stack = (np.empty(stack_size, dtype=np.intp), np.empty(stack_size, np.float64))
    for i in range(start, stop):
        x = X[i]
        pos = descend(x, nodes, children, np.intp(0), tol)  # not a literal 0
        record = nodes[pos]
        if record["code"] & 3 == LEAF:
            for c in range(out.shape[1]):
                out[i, c] = leaf_proba[record["next"], c]
            continue
        for c in range(out.shape[1]):
            out[i, c] = 0.0
        _spread(x, pos, nodes, children, weight, empty, leaf_proba, tol, stack, out[i])


def predict_proba_rows(
    X, nodes, children, weight, empty, stack_size, leaf_proba, tol, out
):
    """Fill ``out`` with C4.5 class distributions of the rows of ``X``.

    A row follows its known values; at a split whose value is missing it goes down
    every non-empty child with the weight ``weight[child] / Σ weight`` and the leaf
    distributions are summed with those weights (Quinlan 1993). Weight sent to empty
    children is dropped, as J48 does, so a row can sum to slightly less than one.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    nodes, children, weight, empty, stack_size
        The ``PredictLayout`` of the tree.
    leaf_proba : ndarray of shape (n_nodes, n_classes), dtype=float64
        Class distribution returned at each node (by node id) reached as a leaf.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples, n_classes), dtype=float64
        Output, overwritten.
    """
    size = _chunk_size(X.shape[0])

    def work(k, worker):
        _proba_chunk(
            X,
            k * size,
            min(X.shape[0], (k + 1) * size),
            nodes,
            children,
            weight,
            empty,
            stack_size,
            leaf_proba,
            tol,
            out,
        )

    run_chunks(work, -(-X.shape[0] // size))


@njit
def _walk_chunk(
    X, start, stop, nodes, children, heaviest, follow, leaf_value, tol, out
):
    for i in range(start, stop):
        x = X[i]
        pos = descend(x, nodes, children, np.intp(0), tol)  # not a literal 0
        while follow and nodes[pos]["code"] & 3 != LEAF:
            pos = descend(x, nodes, children, heaviest[pos], tol)
        record = nodes[pos]
        out[i] = leaf_value[record["next"]] if record["code"] & 3 == LEAF else -1


def walk_rows(X, nodes, children, heaviest, follow, leaf_value, tol, out):
    """Fill ``out`` with a value of the leaf each row of ``X`` ends in.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
        Encoded features, NaN for missing.
    nodes, children, heaviest
        The ``PredictLayout`` of the tree.
    follow : bool
        At a split whose value is missing, follow the child with the largest
        training weight (the first such child on ties); otherwise stop there.
    leaf_value : ndarray of shape (n_nodes,), dtype=intp
        The value written for each node id reached as a leaf: the node ids
        themselves for ``apply``, the leaf classes for ``predict``.
    tol : float
        Numeric routing tolerance (see ``select_branch``).
    out : ndarray of shape (n_samples,), dtype=intp
        Output, overwritten: the leaf's value, or -1 for a row stopped by a missing
        value (its class then needs ``predict_proba_rows``).
    """
    size = _chunk_size(X.shape[0])

    def work(k, worker):
        _walk_chunk(
            X,
            k * size,
            min(X.shape[0], (k + 1) * size),
            nodes,
            children,
            heaviest,
            follow,
            leaf_value,
            tol,
            out,
        )

    run_chunks(work, -(-X.shape[0] // size))
