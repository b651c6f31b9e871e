"""Structural and distributional invariants of fitted trees (hypothesis).

Random small datasets mix nominal (object strings) and numeric columns, with or
without missing values, and random sample weights; every fitted ``tree_`` must be a
well-formed breadth-first tree whose class counts add up, and ``apply``,
``predict_proba``, ``predict`` and ``decision_path`` must agree with each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from id3tree import C45Classifier, ID3Classifier
from id3tree._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC

NUMBERS = [0.0, 0.5, 1.0, 1.000001, 2.0, 2.5, 3.0, -1.0, 10.0]

CONFIGS = [
    lambda msl: C45Classifier(min_samples_leaf=msl),
    lambda msl: C45Classifier(min_samples_leaf=msl, pruning=None, collapse=False),
    lambda msl: C45Classifier(
        min_samples_leaf=msl, binary_categorical_splits=True, laplace=True
    ),
    lambda msl: C45Classifier(min_samples_leaf=msl, subtree_raising=False),
    lambda msl: ID3Classifier(min_samples_leaf=msl),
    lambda msl: ID3Classifier(criterion="gain_ratio", max_depth=2, laplace=True),
    lambda msl: C45Classifier(min_samples_leaf=msl, pruning="reduced_error"),
]


@st.composite
def problems(draw):
    n = draw(st.integers(3, 30))
    missing = draw(st.booleans())
    n_nominal = draw(st.integers(0, 2))
    n_numeric = draw(st.integers(0 if n_nominal else 1, 2))
    columns = {}
    for j in range(n_nominal):
        cats = st.sampled_from(["a", "b", "c", "d"][: draw(st.integers(2, 4))])
        value = st.one_of(cats, st.none()) if missing else cats
        col = [draw(cats)] + draw(st.lists(value, min_size=n - 1, max_size=n - 1))
        columns[f"s{j}"] = np.array(col, dtype=object)
    for j in range(n_numeric):
        value = st.one_of(st.sampled_from(NUMBERS), st.floats(-5.0, 5.0))
        if missing:
            value = st.one_of(value, st.just(np.nan))
        columns[f"x{j}"] = np.array(draw(st.lists(value, min_size=n, max_size=n)))
    X = pd.DataFrame(columns)
    labels = draw(st.sampled_from([["p", "q"], ["p", "q", "r"], [0, 1, 2]]))
    y = np.array(draw(st.lists(st.sampled_from(labels), min_size=n, max_size=n)))
    if draw(st.booleans()):  # most labels follow the first column: deeper trees
        keys = [str(v) for v in X.iloc[:, 0]]
        code = {k: i for i, k in enumerate(sorted(set(keys)))}
        noisy = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        y = np.array(
            [
                y[i] if noisy[i] and noisy[i - 1] else labels[code[k] % len(labels)]
                for i, k in enumerate(keys)
            ]
        )
    if draw(st.booleans()):  # declared classes in J48's order, one possibly unused
        y = pd.Series(pd.Categorical(y, categories=list(reversed(labels))))
    weights = draw(
        st.sampled_from(
            [
                st.none(),
                st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), min_size=n, max_size=n),
                st.lists(st.floats(0.1, 5.0), min_size=n, max_size=n),
            ]
        )
    )
    w = draw(weights)
    if w is not None:
        w = np.array(w)
        w[0] = max(w[0], 1.0)
    config = draw(st.integers(0, len(CONFIGS) - 1))
    msl = draw(st.sampled_from([1.0, 2.0]))
    return X, y, w, CONFIGS[config](msl)


def parents(tree):
    parent = np.full(tree.node_count, -1)
    n_parents = np.zeros(tree.node_count, dtype=int)
    for node in range(tree.node_count):
        for child in tree.children(node):
            parent[child] = node
            n_parents[child] += 1
    return parent, n_parents


def check_structure(clf):
    tree = clf.tree_
    n = tree.node_count
    leaf = tree.kind == LEAF
    np.testing.assert_array_equal(leaf, tree.feature == -1)
    np.testing.assert_array_equal(leaf, tree.n_children == 0)
    np.testing.assert_array_equal(leaf, tree.first_child == -1)
    assert np.all(np.isnan(tree.threshold[leaf]))
    assert not np.any(tree.empty & ~leaf)
    for node in np.flatnonzero(~leaf):
        start, k = tree.first_child[node], tree.n_children[node]
        assert node < start and start + k <= n  # children after the parent
        categories = clf.categories_[tree.feature[node]]
        if tree.kind[node] == NUMERIC:
            assert categories is None
            assert k == 2 and np.isfinite(tree.threshold[node])
        elif tree.kind[node] == NOMINAL:
            assert categories is not None
            assert k == len(categories) and np.isnan(tree.threshold[node])
        else:
            assert tree.kind[node] == NOMINAL_BINARY
            assert categories is not None and k == 2
            code = tree.threshold[node]
            assert code == int(code) and 0 <= code < len(categories)
    parent, n_parents = parents(tree)
    assert n_parents[0] == 0
    assert np.all(n_parents[1:] == 1)  # so the children ranges tile 1..n-1
    np.testing.assert_array_equal(tree.parent, parent)
    depth = np.zeros(n, dtype=int)
    for node in range(1, n):  # parents come first
        depth[node] = depth[parent[node]] + 1
    np.testing.assert_array_equal(tree.depth, depth)
    assert tree.max_depth == depth.max()


def check_counts(clf, X, y, w, has_missing):
    tree = clf.tree_
    for node in np.flatnonzero(tree.n_children):
        children = list(tree.children(node))
        np.testing.assert_allclose(
            tree.branch_value[children].sum(axis=0),
            tree.value[node],
            rtol=1e-9,
            atol=1e-9,
        )
        if not has_missing:
            np.testing.assert_allclose(
                tree.value[children].sum(axis=0), tree.value[node], rtol=1e-9, atol=1e-9
            )
    if clf.pruning == "reduced_error":
        return  # grown on a subset of the rows
    weight = np.ones(len(y)) if w is None else w / w[w > 0].min()
    labels = np.asarray(y, dtype=object)
    expected = [weight[labels == c].sum() for c in clf.tree_classes_]
    np.testing.assert_allclose(tree.value[0], expected, rtol=1e-9, atol=1e-9)
    if not has_missing:
        np.testing.assert_allclose(
            tree.value[tree.kind == LEAF].sum(axis=0), expected, rtol=1e-9, atol=1e-9
        )


def check_predictions(clf, X):
    tree = clf.tree_
    leaves = clf.apply(X)
    assert np.all(tree.kind[leaves] == LEAF)
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), len(clf.classes_))
    # columns of predict_proba (classes_) in the order of tree_.value (tree_classes_)
    to_tree = pd.Index(clf.classes_).get_indexer(clf.tree_classes_)
    tree_proba = proba[:, to_tree]
    parent, _ = parents(tree)
    complete = ~X.isna().to_numpy().any(axis=1)
    for i in np.flatnonzero(complete):
        leaf = leaves[i]
        counts = tree.value[parent[leaf]] if tree.empty[leaf] else tree.value[leaf]
        total = counts.sum()
        if clf.laplace:
            expected = (counts + 1.0) / (total + tree.n_classes)
        else:
            expected = counts / total
        np.testing.assert_allclose(tree_proba[i], expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(
        clf.predict(X), clf.tree_classes_[np.argmax(tree_proba, axis=1)]
    )
    path = clf.decision_path(X).tocsr()
    assert path.shape == (len(X), tree.node_count)
    for i in range(len(X)):
        nodes = path.indices[path.indptr[i] : path.indptr[i + 1]]
        assert 0 in nodes and leaves[i] in nodes
        assert len(nodes) == tree.depth[leaves[i]] + 1
        for node in nodes[nodes > 0]:
            assert parent[node] in nodes


@settings(max_examples=40, deadline=None)
@given(problems())
def test_fitted_tree_invariants(problem):
    X, y, w, clf = problem
    clf.fit(X, y, sample_weight=w)
    has_missing = bool(X.isna().to_numpy().any())
    check_structure(clf)
    check_counts(clf, X, y, w, has_missing)
    check_predictions(clf, X)
