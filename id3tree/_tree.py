"""The fitted tree: a frozen container of flat node arrays."""

from __future__ import annotations

import numpy as np

from ._dtypes import FLOAT, INDEX, LEAF

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
    depth : ndarray of shape (n_nodes,), dtype=intp
        Depth of every node.
    weighted_n_node_samples : ndarray of shape (n_nodes,), dtype=float64
        Total weight at every node (``value.sum(axis=1)``).
    impurity : ndarray of shape (n_nodes,), dtype=float64
        Class entropy at every node, in bits.
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
        depth = np.zeros(n, dtype=INDEX)
        for node in range(n):  # parents come before children
            k = self.n_children[node]
            if k:
                start = self.first_child[node]
                depth[start : start + k] = depth[node] + 1
        self.depth = depth
        self.max_depth = int(depth.max()) if n else 0
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
