"""The fitted tree: a frozen container of flat node arrays."""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import numpy as np

from ._dtypes import FLOAT, INDEX, LEAF, NOMINAL

#: Arrays a tree is made of (the grower and the pruners produce exactly these).
NODE_ARRAYS = (
    "kind",
    "feature",
    "threshold",
    "first_child",
    "n_children",
    "value",
    "branch_value",
    "empty",
    "gain",
    "gain_ratio",
)

#: One node of the prediction layout (16 bytes; see ``PredictLayout``).
NODE_RECORD = np.dtype(
    [("threshold", FLOAT), ("code", np.int32), ("next", np.int32)], align=True
)


class PredictLayout(NamedTuple):
    """The tree in preorder as compact node records, read by the prediction kernels.

    A node's first child comes right after it (position ``p + 1``), so a walk reads
    one 16-byte record per level and often finds the next one in the same cache line.

    Attributes
    ----------
    nodes : ndarray of shape (n_nodes,), dtype=NODE_RECORD
        ``code`` is ``4 * feature + kind`` (0 for a leaf). ``threshold`` is the
        numeric threshold (kind 1), the category code of slot 0 (kind 3), the
        number of children (kind 2) or 0 (leaves). ``next`` is the leaf's node id
        (kind 0), the position of the slot-1 child (kinds 1 and 3) or the offset
        of the node's children in ``children`` (kind 2).
    children : ndarray of shape (n_multiway_children,), dtype=intp
        Positions of the children of the multiway nodes, in slot order.
    node_id : ndarray of shape (n_nodes,), dtype=intp
        Node id (index into the ``Tree`` arrays) of each position.
    heaviest : ndarray of shape (n_nodes,), dtype=intp
        Position of the child with the largest ``branch_value`` row sum (the first
        one on ties), -1 for leaves.
    weight : ndarray of shape (n_nodes,), dtype=float64
        Weight of each position in its parent's split (``Tree.branch_weight``).
    empty : ndarray of shape (n_nodes,), dtype=bool
        ``Tree.empty`` of each position.
    stack_size : int
        Bound on the stack of a walk that follows every branch at missing values.
    """

    nodes: np.ndarray
    children: np.ndarray
    node_id: np.ndarray
    heaviest: np.ndarray
    weight: np.ndarray
    empty: np.ndarray
    stack_size: int


def _parents(first_child: np.ndarray, n_children: np.ndarray) -> np.ndarray:
    """Parent of every node (-1 for the root), from each node's run of children."""
    internal = np.flatnonzero(n_children > 0)
    runs = n_children[internal]
    run_start = np.cumsum(runs) - runs
    position = np.arange(int(runs.sum())) - np.repeat(run_start, runs)
    parent = np.full(first_child.shape[0], -1, dtype=INDEX)
    parent[np.repeat(first_child[internal], runs) + position] = np.repeat(
        internal, runs
    )
    return parent


def _depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node: each pass settles one more level of the tree."""
    depth = np.zeros(parent.shape[0], dtype=INDEX)
    child = np.flatnonzero(parent >= 0)
    while True:
        new = depth[parent[child]] + 1
        if np.array_equal(new, depth[child]):
            return depth
        depth[child] = new


class Tree:
    """Flat, array-based decision tree (struct of arrays indexed by node id).

    Node 0 is the root; the children of a node are contiguous
    (``first_child + slot`` for ``slot < n_children``) and have larger ids than their
    parent. Every node keeps its weighted class counts, so an early stop is valid.

    Parameters
    ----------
    kind : ndarray of shape (n_nodes,), dtype=int8
        0 leaf, 1 numeric ``x <= threshold``, 2 nominal multiway (slot = category
        code), 3 nominal binary (``x == threshold`` is slot 0, any other value slot 1).
    feature : ndarray of shape (n_nodes,), dtype=intp
        Split feature, -1 for leaves.
    threshold : ndarray of shape (n_nodes,), dtype=float64
        Numeric threshold (kind 1) or category code (kind 3); NaN otherwise.
    first_child, n_children : ndarray of shape (n_nodes,), dtype=intp
        First child id (-1 for leaves) and number of children (0 for leaves).
    value : ndarray of shape (n_nodes, n_classes), dtype=float64
        Weighted class counts of the training instances at the node, instances with a
        missing split value counted with their fractional weights (C4.5's completed
        distribution).
    branch_value : ndarray of shape (n_nodes, n_classes), dtype=float64
        The node's row in its parent's split distribution (the root: ``value[0]``).
        J48 prints leaf counts from it; its row sums weigh missing values at predict.
    empty : ndarray of shape (n_nodes,), dtype=bool
        Leaves grown on (numerically) zero weight; they predict their parent's class
        frequencies.
    gain, gain_ratio : ndarray of shape (n_nodes,), dtype=float64
        Information gain (bits) and gain ratio of the node's split; 0 for leaves.

    Attributes
    ----------
    node_count, n_leaves, max_depth : int
        Number of nodes, of leaves, and the depth of the deepest leaf (root = 0).
    parent, depth : ndarray of shape (n_nodes,), dtype=intp
        Parent (-1 for the root) and depth of every node.
    weighted_n_node_samples : ndarray of shape (n_nodes,), dtype=float64
        Total weight at every node (``value.sum(axis=1)``).
    impurity : ndarray of shape (n_nodes,), dtype=float64
        Class entropy at every node, in bits.
    branch_weight : ndarray of shape (n_nodes,), dtype=float64
        Row sums of ``branch_value`` (derived on first use).
    layout : PredictLayout
        The preorder node records the prediction kernels walk (derived on first
        use; not pickled, rebuilt after loading).
    """

    def __init__(self, **arrays: np.ndarray) -> None:
        missing = set(NODE_ARRAYS) - set(arrays)
        if missing:
            raise TypeError(f"Tree is missing arrays: {sorted(missing)}")
        self.kind = np.ascontiguousarray(arrays["kind"], dtype=np.int8)
        self.feature = np.ascontiguousarray(arrays["feature"], dtype=INDEX)
        self.threshold = np.ascontiguousarray(arrays["threshold"], dtype=FLOAT)
        self.first_child = np.ascontiguousarray(arrays["first_child"], dtype=INDEX)
        self.n_children = np.ascontiguousarray(arrays["n_children"], dtype=INDEX)
        self.value = np.ascontiguousarray(arrays["value"], dtype=FLOAT)
        self.branch_value = np.ascontiguousarray(arrays["branch_value"], dtype=FLOAT)
        self.empty = np.ascontiguousarray(arrays["empty"], dtype=bool)
        self.gain = np.ascontiguousarray(arrays["gain"], dtype=FLOAT)
        self.gain_ratio = np.ascontiguousarray(arrays["gain_ratio"], dtype=FLOAT)
        n = self.kind.shape[0]
        self.node_count = int(n)
        self.n_leaves = int(np.count_nonzero(self.kind == LEAF))
        self.parent = _parents(self.first_child, self.n_children)
        self.depth = _depths(self.parent)
        self.max_depth = int(self.depth.max()) if n else 0
        self.weighted_n_node_samples = self.value.sum(axis=1)
        total = self.weighted_n_node_samples[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(total > 0, self.value / np.where(total > 0, total, 1.0), 0.0)
            logp = np.where(p > 0, np.log2(np.where(p > 0, p, 1.0)), 0.0)
        self.impurity = -(p * logp).sum(axis=1) + 0.0

    @property
    def n_classes(self) -> int:
        """Number of classes (columns of ``value``)."""
        return int(self.value.shape[1])

    @property
    def children_left(self) -> np.ndarray:
        """First child of every node (-1 for leaves), as in scikit-learn."""
        return self.first_child

    def arrays(self) -> dict[str, np.ndarray]:
        """Return the defining node arrays, by name (copies are not made)."""
        return {name: getattr(self, name) for name in NODE_ARRAYS}

    @cached_property
    def branch_weight(self) -> np.ndarray:
        """Weight of every node in its parent's split (``branch_value`` row sums)."""
        return self.branch_value.sum(axis=1)

    @cached_property
    def layout(self) -> PredictLayout:
        """The prediction layout, derived on first use (it is not pickled)."""
        return _preorder_layout(self)

    def children(self, node: int) -> range:
        """Return the ids of the children of ``node`` in slot order."""
        start = int(self.first_child[node])
        return range(start, start + int(self.n_children[node]))

    def __getstate__(self) -> dict:
        """Pickle only the defining arrays; derived ones are rebuilt."""
        return self.arrays()

    def __setstate__(self, state: dict) -> None:
        """Rebuild the tree from its defining arrays."""
        self.__init__(**state)


def _preorder_layout(tree: Tree) -> PredictLayout:
    """Derive the preorder node records of ``tree`` (vectorised, level by level)."""
    n = tree.node_count
    if n >= 2**31:
        raise ValueError(f"trees of {n} nodes do not fit 32-bit node records")
    kind, n_children, first_child = tree.kind, tree.n_children, tree.first_child
    internal = np.flatnonzero(n_children > 0)
    k = n_children[internal]
    group = np.cumsum(k) - k  # where each internal node's children start in `child`
    slot = np.arange(k.sum(), dtype=INDEX) - np.repeat(group, k)
    child = np.repeat(first_child[internal], k) + slot  # grouped by parent, in order
    parent = np.full(n, -1, dtype=INDEX)
    parent[child] = np.repeat(internal, k)

    by_depth = np.argsort(tree.depth, kind="stable")
    bounds = np.searchsorted(tree.depth[by_depth], np.arange(tree.max_depth + 2))
    levels = [by_depth[bounds[d] : bounds[d + 1]] for d in range(tree.max_depth + 1)]
    size = np.ones(n, dtype=INDEX)  # subtree sizes, deepest level first
    for nodes in levels[:0:-1]:
        np.add.at(size, parent[nodes], size[nodes])
    # a child comes after its parent and the subtrees of its earlier siblings
    before = np.cumsum(size[child]) - size[child]
    offset = np.zeros(n, dtype=INDEX)
    offset[child] = 1 + before - np.repeat(before[group], k)
    pos = np.zeros(n, dtype=INDEX)
    for nodes in levels[1:]:
        pos[nodes] = pos[parent[nodes]] + offset[nodes]
    node_id = np.empty(n, dtype=INDEX)
    node_id[pos] = np.arange(n, dtype=INDEX)

    multiway = kind[internal] == NOMINAL
    children = pos[child[np.repeat(multiway, k)]]
    nxt = np.arange(n, dtype=INDEX)  # leaves: their node id
    binary = internal[~multiway]
    nxt[binary] = pos[first_child[binary] + 1]
    nxt[internal[multiway]] = np.cumsum(k[multiway]) - k[multiway]
    threshold = tree.threshold.copy()
    threshold[internal[multiway]] = k[multiway]
    threshold[kind == LEAF] = 0.0
    records = np.zeros(n, dtype=NODE_RECORD)
    records["threshold"][pos] = threshold
    records["code"][pos] = np.where(kind == LEAF, 0, 4 * tree.feature + kind)
    records["next"][pos] = nxt

    heaviest = np.full(n, -1, dtype=INDEX)
    if internal.size:
        weight = tree.branch_weight[child]
        is_max = weight == np.repeat(np.maximum.reduceat(weight, group), k)
        first = np.minimum.reduceat(np.where(is_max, slot, n), group)
        first = np.where(first < k, first, 0)  # NaN weights: the first child
        heaviest[pos[internal]] = pos[first_child[internal] + first]
    max_k = int(k.max()) if k.size else 1
    stack_size = min(n, 1 + tree.max_depth * (max_k - 1)) if k.size else 1
    return PredictLayout(
        nodes=records,
        children=children,
        node_id=node_id,
        heaviest=heaviest,
        weight=tree.branch_weight[node_id],
        empty=tree.empty[node_id],
        stack_size=stack_size,
    )
