"""Tests of id3tree._prediction: each kernel against a brute-force reference.

Trees are built by hand (dicts of arrays -> Tree); the references are recursive
functions written from C45_SPEC §2.3 and §6.3 over those arrays.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from id3tree._classes import _leaf_probabilities
from id3tree._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from id3tree._prediction import predict_proba_rows, select_branch, walk_rows
from id3tree._tree import Tree

SMALL = 1e-6

# ---------------------------------------------------------------- select_branch


@pytest.mark.parametrize(
    ("x", "tol", "slot"),
    [
        (0.5, 1e-6, 0),
        (1.0, 1e-6, 0),
        (1.0 + 5e-7, 1e-6, 0),  # x - t < tol goes left
        (1.0 + 5e-7, 0.0, 1),  # plain x <= t
        (1.0 + 2e-6, 1e-6, 1),
        (np.nextafter(1.0, 2.0), 0.0, 1),
        (-np.inf, 0.0, 0),
        (np.inf, 1e-6, 1),
        (np.nan, 1e-6, -1),
        (np.nan, 0.0, -1),
    ],
)
def test_select_branch_numeric(x, tol, slot):
    assert select_branch(NUMERIC, 1.0, 2, x, tol) == slot


@pytest.mark.parametrize(
    ("x", "slot"),
    [(0.0, 0), (1.0, 1), (3.0, 3), (4.0, -1), (-1.0, -1), (7.0, -1), (np.nan, -1)],
)
def test_select_branch_nominal(x, slot):
    assert select_branch(NOMINAL, np.nan, 4, x, 1e-6) == slot


@pytest.mark.parametrize(
    ("x", "slot"), [(2.0, 0), (0.0, 1), (1.0, 1), (3.0, 1), (np.nan, -1)]
)
def test_select_branch_binary_nominal(x, slot):
    # slot 0 is "= code 2" (no tolerance: codes are integers), slot 1 "!= code 2"
    assert select_branch(NOMINAL_BINARY, 2.0, 2, x, 1e-6) == slot


def test_select_branch_leaf():
    assert select_branch(LEAF, np.nan, 0, 1.0, 1e-6) == -1


# ---------------------------------------------------------------- random trees

N_CATEGORIES = {1: 3, 2: 4}  # feature 0 numeric, 1 nominal (3), 2 nominal (4)
THRESHOLDS = [-1.0, 0.0, 0.5, 2.0, 3.25]


def random_tree(rng, n_classes, max_depth=4):
    """Random tree arrays in breadth-first order (children contiguous, after parent).

    Leaves get random class counts (all zero for empty leaves); a node's ``value``
    is its completed distribution, the sum of its children's ``branch_value`` rows;
    a child's ``branch_value`` differs from its own ``value`` (as with missing values
    at training), so the weights used at predict time are checked.
    """
    kind, feature, threshold, first_child, n_children, depth = [], [], [], [], [], []

    def add(d):
        kind.append(LEAF)
        feature.append(-1)
        threshold.append(np.nan)
        first_child.append(-1)
        n_children.append(0)
        depth.append(d)
        return len(kind) - 1

    add(0)
    node = 0
    while node < len(kind):
        if depth[node] < max_depth and rng.random() < (0.85 if node == 0 else 0.5):
            f = int(rng.integers(0, 3))
            if f == 0:
                k, kd, t = 2, NUMERIC, float(rng.choice(THRESHOLDS))
            elif f == 2 and rng.random() < 0.5:
                k, kd, t = 2, NOMINAL_BINARY, float(rng.integers(0, N_CATEGORIES[2]))
            else:
                k, kd, t = N_CATEGORIES[f], NOMINAL, np.nan
            kind[node], feature[node], threshold[node] = kd, f, t
            n_children[node] = k
            first_child[node] = len(kind)
            for _ in range(k):
                add(depth[node] + 1)
        node += 1

    n = len(kind)
    value = np.zeros((n, n_classes))
    branch_value = np.zeros((n, n_classes))
    empty = np.zeros(n, dtype=bool)
    for node in range(n - 1, -1, -1):  # children before parents
        if kind[node] == LEAF:
            if node > 0 and rng.random() < 0.2:
                empty[node] = True
                continue
            value[node] = rng.integers(0, 6, n_classes) + rng.random(n_classes) * (
                rng.random() < 0.5
            )
            value[node, rng.integers(0, n_classes)] += 1.0
            branch_value[node] = value[node] + rng.random(n_classes) * 0.5
        else:
            children = range(first_child[node], first_child[node] + n_children[node])
            if all(empty[c] for c in children):  # keep one child non-empty
                c = first_child[node]
                empty[c] = False
                value[c] = 1.0 + rng.integers(0, 3, n_classes)
                branch_value[c] = value[c]
            value[node] = branch_value[list(children)].sum(axis=0)
            branch_value[node] = value[node] * (1.0 + 0.1 * rng.random())
    branch_value[0] = value[0]
    return {
        "kind": np.array(kind, dtype=np.int8),
        "feature": np.array(feature),
        "threshold": np.array(threshold),
        "first_child": np.array(first_child),
        "n_children": np.array(n_children),
        "value": value,
        "branch_value": branch_value,
        "empty": empty,
        "gain": np.zeros(n),
        "gain_ratio": np.zeros(n),
    }


def random_rows(rng, n_rows):
    X = np.empty((n_rows, 3))
    near = rng.choice(THRESHOLDS, n_rows) + rng.choice(
        [0.0, 5e-7, -5e-7, 2e-6, -2e-6], n_rows
    )
    X[:, 0] = np.where(rng.random(n_rows) < 0.5, near, rng.uniform(-2, 4, n_rows))
    for f, k in N_CATEGORIES.items():
        X[:, f] = rng.integers(0, k, n_rows)
        odd = rng.random(n_rows) < 0.05
        X[odd, f] = rng.choice([-1.0, float(k), 9.0], int(odd.sum()))
    X[rng.random(X.shape) < 0.25] = np.nan
    return X


# ---------------------------------------------------------------- references


def branch_of(t, node, x, tol):
    """Child slot of row x at a split node, None when unknown (C45_SPEC §2.3)."""
    v = x[t.feature[node]]
    if math.isnan(v):
        return None
    if t.kind[node] == NUMERIC:
        return 0 if (v - t.threshold[node] < tol or v <= t.threshold[node]) else 1
    if t.kind[node] == NOMINAL_BINARY:
        return 0 if v == t.threshold[node] else 1
    if 0 <= v < t.n_children[node]:
        return int(v)
    return None  # unseen category: missing


def distribution(counts, n_classes, laplace):
    total = counts.sum()
    if laplace:
        return (counts + 1.0) / (total + n_classes)
    if total < SMALL:
        return np.zeros(n_classes)
    return counts / total


def reference_proba(t, x, tol, laplace):
    """C45_SPEC §2.3: recursive, missing values spread with n[b] / N."""

    def leaf_prob(node):  # §6.3 on the leaf's own distribution
        return distribution(t.value[node], t.n_classes, laplace)

    def bag_prob(parent, child):  # P(class | bag b of the parent's split)
        bag = t.branch_value[child]
        if bag.sum() > SMALL:
            return distribution(bag, t.n_classes, laplace)
        return distribution(t.value[parent], t.n_classes, laplace)

    def proba(node, wt):
        if t.kind[node] == LEAF:
            return wt * leaf_prob(node)
        b = branch_of(t, node, x, tol)
        children = list(t.children(node))
        if b is None:
            bags = t.branch_value[children].sum(axis=1)
            out = np.zeros(t.n_classes)
            for child, n_b in zip(children, bags, strict=True):
                if not t.empty[child]:
                    out += proba(child, wt * n_b / bags.sum())
            return out
        if t.empty[children[b]]:
            return wt * bag_prob(node, children[b])
        return proba(children[b], wt)

    return proba(0, 1.0)


def reference_apply(t, x, tol):
    node = 0
    while t.kind[node] != LEAF:
        b = branch_of(t, node, x, tol)
        children = list(t.children(node))
        if b is None:  # heaviest branch, the first one on ties
            weights = [t.branch_value[c].sum() for c in children]
            b = 0
            for i, w in enumerate(weights):
                if w > weights[b]:
                    b = i
        node = children[b]
    return node


def run_proba(tree, X, tol, laplace):
    out = np.full((X.shape[0], tree.n_classes), np.nan)
    layout = tree.layout
    predict_proba_rows(
        np.ascontiguousarray(X),
        layout.nodes,
        layout.children,
        layout.weight,
        layout.empty,
        layout.stack_size,
        _leaf_probabilities(tree, laplace),
        tol,
        out,
    )
    return out


def run_walk(tree, X, tol, follow, leaf_value):
    out = np.full(X.shape[0], -7, dtype=np.intp)
    layout = tree.layout
    walk_rows(
        np.ascontiguousarray(X),
        layout.nodes,
        layout.children,
        layout.heaviest,
        follow,
        leaf_value,
        tol,
        out,
    )
    return out


def run_apply(tree, X, tol):
    return run_walk(tree, X, tol, True, np.arange(tree.node_count))


@pytest.mark.parametrize("seed", range(25))
def test_predict_proba_rows_matches_reference(seed):
    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(2, 4))
    tree = Tree(**random_tree(rng, n_classes))
    X = random_rows(rng, 60)
    tol = 1e-6 if seed % 3 else 0.0
    laplace = seed % 2 == 1
    got = run_proba(tree, X, tol, laplace)
    expected = np.array([reference_proba(tree, x, tol, laplace) for x in X])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert np.all(got.sum(axis=1) <= 1.0 + 1e-12)


@pytest.mark.parametrize("seed", range(25))
def test_walk_rows_following_the_heaviest_matches_apply_reference(seed):
    rng = np.random.default_rng(100 + seed)
    tree = Tree(**random_tree(rng, 3))
    X = random_rows(rng, 60)
    tol = 1e-6 if seed % 2 else 0.0
    got = run_apply(tree, X, tol)
    expected = [reference_apply(tree, x, tol) for x in X]
    np.testing.assert_array_equal(got, expected)
    assert np.all(tree.kind[got] == LEAF)
    # a row with every value known ends where predict_proba reads its leaf
    known = ~np.isnan(X).any(axis=1) & (X[:, 1] < 3) & (X[:, 1] >= 0)
    known &= (X[:, 2] >= 0) & (X[:, 2] < 4)
    proba = run_proba(tree, X[known], tol, False)
    np.testing.assert_array_equal(proba, _leaf_probabilities(tree, False)[got[known]])


def hand_tree():
    """Root: x0 <= 1.0; left: nominal x1 (3 values, the last one empty); right leaf.

    Branch weights at the root: 6 (left) and 2 (right); at node 1: 4, 2 and 0.
    """
    return Tree(
        kind=np.array([NUMERIC, NOMINAL, LEAF, LEAF, LEAF, LEAF], dtype=np.int8),
        feature=np.array([0, 1, -1, -1, -1, -1]),
        threshold=np.array([1.0, np.nan, np.nan, np.nan, np.nan, np.nan]),
        first_child=np.array([1, 3, -1, -1, -1, -1]),
        n_children=np.array([2, 3, 0, 0, 0, 0]),
        value=np.array(
            [[5.0, 3.0], [5.0, 1.0], [0.0, 2.0], [4.0, 0.0], [1.0, 1.0], [0, 0]]
        ),
        branch_value=np.array(
            [[5.0, 3.0], [5.0, 1.0], [0.0, 2.0], [4.0, 0.0], [1.0, 1.0], [0, 0]]
        ),
        empty=np.array([False, False, False, False, False, True]),
        gain=np.zeros(6),
        gain_ratio=np.zeros(6),
    )


def test_predict_proba_hand_tree():
    tree = hand_tree()
    X = np.array(
        [
            [0.0, 0.0],  # leaf 3
            [0.0, 2.0],  # empty leaf 5: node 1's distribution
            [5.0, 0.0],  # leaf 2
            [np.nan, 1.0],  # 6/8 of leaf 4 + 2/8 of leaf 2
            [0.0, np.nan],  # 4/6 of leaf 3 + 2/6 of leaf 4, nothing to the empty one
            [np.nan, np.nan],  # 6/8 * (4/6 leaf 3 + 2/6 leaf 4) + 2/8 leaf 2
            [1.0 + 5e-7, 5.0],  # tolerant <= goes left; code 5 unseen: missing
        ]
    )
    expected = [
        [1.0, 0.0],
        [5 / 6, 1 / 6],
        [0.0, 1.0],
        [6 / 8 * 0.5, 6 / 8 * 0.5 + 2 / 8],
        [4 / 6 + 2 / 6 * 0.5, 2 / 6 * 0.5],
        [6 / 8 * (4 / 6 + 1 / 6), 6 / 8 * 1 / 6 + 2 / 8],
        [4 / 6 + 2 / 6 * 0.5, 2 / 6 * 0.5],
    ]
    np.testing.assert_allclose(run_proba(tree, X, 1e-6, False), expected, rtol=1e-15)
    np.testing.assert_array_equal(run_apply(tree, X, 1e-6), [3, 5, 2, 4, 3, 3, 3])
    # a missing value sends the weight of an empty child nowhere: rows can sum to < 1
    branch_value = tree.branch_value.copy()
    branch_value[5] = [1.0, 1.0]  # node 1's bags now weigh 4, 2 and 2
    tree2 = Tree(**{**tree.arrays(), "branch_value": branch_value})
    proba = run_proba(tree2, np.array([[0.0, np.nan]]), 1e-6, False)
    np.testing.assert_allclose(proba, [[4 / 8 + 1 / 8, 1 / 8]], rtol=1e-15)
    assert proba.sum() < 1.0


def test_apply_ties_go_to_the_first_branch():
    tree = hand_tree()
    arrays = tree.arrays()
    arrays["branch_value"] = np.array(
        [[5.0, 3.0], [2.0, 2.0], [4.0, 0.0], [4.0, 0.0], [2, 2.0], [0, 0]]
    )
    tree = Tree(**arrays)
    X = np.array([[np.nan, np.nan], [0.0, np.nan]])
    np.testing.assert_array_equal(run_apply(tree, X, 1e-6), [3, 3])
    arrays["branch_value"][4] = [2.0, 2.0 + 1e-9]  # strictly heavier wins
    np.testing.assert_array_equal(run_apply(Tree(**arrays), X, 1e-6), [4, 4])


def test_single_leaf_tree():
    tree = Tree(
        kind=np.array([LEAF], dtype=np.int8),
        feature=np.array([-1]),
        threshold=np.array([np.nan]),
        first_child=np.array([-1]),
        n_children=np.array([0]),
        value=np.array([[3.0, 1.0]]),
        branch_value=np.array([[3.0, 1.0]]),
        empty=np.array([False]),
        gain=np.zeros(1),
        gain_ratio=np.zeros(1),
    )
    X = np.array([[np.nan], [1.0]])
    np.testing.assert_allclose(run_proba(tree, X, 1e-6, False), [[0.75, 0.25]] * 2)
    np.testing.assert_allclose(run_proba(tree, X, 1e-6, True), [[4 / 6, 2 / 6]] * 2)
    np.testing.assert_array_equal(run_apply(tree, X, 1e-6), [0, 0])


# ---------------------------------------------------------------- preorder layout


def reference_preorder(t):
    """Node ids in preorder (recursive walk, children in slot order)."""
    order = []

    def visit(node):
        order.append(node)
        for child in t.children(node):
            visit(child)

    visit(0)
    return order


def reference_walk(t, x, tol):
    """Follow known values from the root: (node, stopped at a missing value)."""
    node = 0
    while t.kind[node] != LEAF:
        b = branch_of(t, node, x, tol)
        if b is None:
            return node, True
        node = t.first_child[node] + b
    return node, False


def reference_stack_depth(t):
    """Largest stack of a walk from the root that follows every branch."""
    stack, largest = [0], 1
    while stack:
        node = stack.pop()
        stack.extend(t.children(node))
        largest = max(largest, len(stack))
    return largest


@pytest.mark.parametrize("seed", range(25))
def test_layout_is_the_tree_in_preorder(seed):
    rng = np.random.default_rng(200 + seed)
    tree = Tree(**random_tree(rng, 3, max_depth=int(rng.integers(1, 6))))
    layout = tree.layout
    order = reference_preorder(tree)
    np.testing.assert_array_equal(layout.node_id, order)
    pos = np.empty(tree.node_count, dtype=np.intp)
    pos[order] = np.arange(tree.node_count)
    records = layout.nodes
    assert records.dtype.itemsize == 16
    for p, node in enumerate(order):
        code, threshold, nxt = (records[p][f] for f in ("code", "threshold", "next"))
        kind = tree.kind[node]
        assert code & 3 == kind
        if kind == LEAF:
            assert code == 0 and nxt == node
            assert layout.heaviest[p] == -1
            continue
        assert code >> 2 == tree.feature[node]
        slots = [pos[c] for c in tree.children(node)]
        assert slots[0] == p + 1
        if kind == NOMINAL:
            assert threshold == tree.n_children[node]
            np.testing.assert_array_equal(
                layout.children[nxt : nxt + len(slots)], slots
            )
        else:
            assert threshold == tree.threshold[node]
            assert nxt == slots[1]
        weights = [tree.branch_value[c].sum() for c in tree.children(node)]
        assert layout.heaviest[p] == slots[int(np.argmax(weights))]
    np.testing.assert_array_equal(layout.weight, tree.branch_value[order].sum(axis=1))
    np.testing.assert_array_equal(layout.empty, tree.empty[order])
    assert layout.stack_size >= reference_stack_depth(tree)


@pytest.mark.parametrize("seed", range(25))
def test_walk_rows_without_following_matches_reference(seed):
    rng = np.random.default_rng(300 + seed)
    n_classes = int(rng.integers(2, 5))
    tree = Tree(**random_tree(rng, n_classes))
    X = random_rows(rng, 80)
    tol = 1e-6 if seed % 2 else 0.0
    leaf_proba = _leaf_probabilities(tree, seed % 3 == 0)
    leaf_class = np.argmax(leaf_proba, axis=1)
    out = run_walk(tree, X, tol, False, leaf_class)
    for x, got in zip(X, out, strict=True):
        node, stopped = reference_walk(tree, x, tol)
        assert got == (-1 if stopped else leaf_class[node])


def test_ties_between_classes_go_to_the_first():
    tree = hand_tree()  # leaf 4 holds [1, 1]
    leaf_class = np.argmax(_leaf_probabilities(tree, False), axis=1)
    X = np.array([[0.0, 1.0], [0.0, np.nan]])
    np.testing.assert_array_equal(run_walk(tree, X, 1e-6, False, leaf_class), [0, -1])


def test_all_missing_rows_on_wide_deep_trees():
    # every value missing: the spreading stack reaches its bound
    rng = np.random.default_rng(7)
    for _ in range(10):
        tree = Tree(**random_tree(rng, 3, max_depth=6))
        X = np.full((3, 3), np.nan)
        expected = [reference_proba(tree, x, 0.0, False) for x in X]
        np.testing.assert_allclose(run_proba(tree, X, 0.0, False), expected, rtol=1e-12)
        assert tree.layout.stack_size >= reference_stack_depth(tree)


def test_layout_survives_pickle_and_is_not_stored():
    import pickle

    tree = hand_tree()
    layout = tree.layout
    assert "layout" not in tree.__getstate__()
    loaded = pickle.loads(pickle.dumps(tree))
    for a, b in zip(layout, loaded.layout, strict=True):
        np.testing.assert_array_equal(a, b)
