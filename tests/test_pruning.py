"""Tests of id3tree._pruning against the C4.5/J48 spec, Java and brute-force references.

The references below are written independently from the module: recursive functions
over node objects that follow C45_SPEC §7 literally (Weka's Distribution semantics:
running sums in instance order, tolerant comparisons).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special

from id3tree._pruning import (
    _java_random_ints,
    add_errors,
    collapse,
    java_random_shuffle,
    normal_inverse,
    prune_pessimistic,
    prune_reduced_error,
    reduced_error_split,
)
from id3tree._tree import NODE_ARRAYS, Tree

SMALL = 1e-6
MAX_DOUBLE = 1.7976931348623157e308


def eq(a, b):
    return a == b or (a - b < SMALL and b - a < SMALL)


def gr(a, b):
    return a - b > SMALL


def sm_or_eq(a, b):
    return a - b < SMALL or a <= b


def gr_or_eq(a, b):
    return b - a < SMALL or a >= b


# --------------------------------------------------------------------------------------
# addErrs and ndtri (§7.1)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "e", "cf", "expected"),
    [
        (14, 0, 0.25, 1.319868700305306),
        (14, 1, 0.25, 1.4605500322408935),
        (14, 0.5, 0.25, 1.3902093662730999),
        (6, 2, 0.25, 1.321325709462255),
        (100, 10, 0.25, 2.7496114511898675),
        (5, 4.6, 0.25, 0.40000000000000036),
        (1, 0, 0.25, 0.75),
        (100, 10, 0.1, 5.086949748377521),
    ],
)
def test_add_errors_reference_values(n, e, cf, expected):
    assert add_errors(n, e, cf) == expected


def test_add_errors_special_cases():
    # CF > 0.5 disables the estimate; CF = 0.5 does not
    assert add_errors(10, 3, 0.6) == 0.0
    assert add_errors(10, 3, 0.5) > 0.0
    # within 0.5 of n: n - e
    assert add_errors(4, 3.5, 0.25) == 0.5
    assert add_errors(4, 4, 0.25) == 0.0
    # e < 1 interpolates linearly between e = 0 and e = 1
    lo, hi = add_errors(20, 0), add_errors(20, 1)
    assert add_errors(20, 0.25) == pytest.approx(lo + 0.25 * (hi - lo), abs=1e-15)
    # continuous at e = 1 and at e + 0.5 = n
    assert add_errors(20, 1 - 1e-12) == pytest.approx(add_errors(20, 1), abs=1e-9)
    assert add_errors(10, 9.5 - 1e-9) == pytest.approx(0.5, abs=1e-6)


def test_add_errors_uses_float32_confidence():
    # 1 - CF is computed in float32: z(0.9f) != ndtri(0.9)
    z32 = normal_inverse(float(np.float32(1.0) - np.float32(0.1)))
    assert z32 == 1.281551429692279
    assert normal_inverse(0.9) == pytest.approx(1.2815515655446004, abs=1e-15)
    n, e = 50.0, 7.0
    f = (e + 0.5) / n
    zz = z32 * z32
    r = (f + zz / (2 * n) + z32 * math.sqrt(f / n - f * f / n + zz / (4 * n * n))) / (
        1 + zz / n
    )
    assert add_errors(n, e, 0.1) == r * n - e
    # the zero-error bound uses the float32 CF widened to double
    cf = float(np.float32(0.1))
    assert add_errors(7.0, 0.0, 0.1) == 7.0 * (1 - cf ** (1 / 7.0))


def test_normal_inverse_weka_value_at_075():
    z = normal_inverse(0.75)
    assert z == 0.6744897501960816
    assert z.hex() == "0x1.5956b87528a48p-1"
    # scipy is one ulp higher there (documented in the spec)
    assert scipy.special.ndtri(0.75) == 0.6744897501960817
    assert np.nextafter(z, 1.0) == scipy.special.ndtri(0.75)


def test_normal_inverse_matches_scipy():
    ys = np.concatenate(
        [
            np.logspace(-300, -1, 400),
            np.linspace(0.001, 0.999, 999),
            1.0 - np.logspace(-15, -1, 200),
        ]
    )
    ours = np.array([normal_inverse(v) for v in ys])
    ref = scipy.special.ndtri(ys)
    np.testing.assert_allclose(ours, ref, rtol=2e-15, atol=1e-15)
    # symmetric up to rounding
    assert normal_inverse(0.5) == 0.0
    assert normal_inverse(0.25) == -normal_inverse(0.75)


# --------------------------------------------------------------------------------------
# java.util.Random (§7.5)
# --------------------------------------------------------------------------------------

# Printed by OpenJDK 17: new Random(seed), three rounds of nextInt(bound) over BOUNDS.
BOUNDS = [10, 16, 1, 2, 7, 1000, 2**30, 1500000000, 2**31 - 1, 3, 2**30 + 1, 5]
BOUNDS += [1900000000, 64]
JAVA_INTS = {
    1: "5 1 0 0 6 904 357252217 1414906606 2078239978 1 13136569 3 342691263 60 "
    "4 15 0 1 5 376 981360166 746289310 342179099 2 792426959 3 1856420153 7 "
    "2 12 0 1 3 363 817841977 812182689 1339970820 0 966836660 2 10420737 0",
    42: "0 0 0 0 5 525 297510752 1429255519 196118093 2 969067502 1 819572292 17 "
    "2 7 0 1 2 400 163163931 937357226 944462913 2 830146030 3 380917387 9 "
    "0 5 0 0 3 727 184917606 340708093 1261490713 0 172412737 0 194700534 48",
    -5: "1 5 0 0 1 385 308505528 497885393 741576374 2 245762545 0 1594993887 56 "
    "5 6 0 0 3 827 118483842 119748117 620182886 0 643502663 1 67041202 37 "
    "5 0 0 1 0 119 982142509 1054610629 1454818946 1 82190066 1 1530096865 60",
    123456789012345: "4 8 0 1 0 868 92932130 849765284 1838689823 1 146958768 3 "
    "1442513241 43 8 10 0 0 4 711 496727404 661249147 370477417 0 214121746 2 "
    "916301524 43 1 15 0 1 3 387 140537072 8739820 919937691 1 920866725 4 "
    "511910691 18",
}
# Weka's Instances.randomize loop (swap(j, nextInt(j + 1)) for j = n-1 .. 1) on 0..n-1.
JAVA_SHUFFLES = {
    (1, 1): [0],
    (1, 2): [0, 1],
    (1, 10): [6, 9, 7, 8, 4, 2, 0, 3, 1, 5],
    (1, 25): [16, 6, 9, 15, 1, 13, 12, 7, 17, 14, 2, 3, 0, 5, 21, 11, 8, 18, 24, 23]
    + [20, 19, 22, 4, 10],
    (2, 10): [2, 1, 9, 5, 0, 3, 4, 7, 6, 8],
    (2, 25): [13, 24, 2, 0, 17, 5, 3, 20, 7, 16, 1, 6, 21, 22, 18, 14, 11, 9, 15, 10]
    + [23, 19, 4, 12, 8],
    (7, 10): [0, 1, 9, 3, 7, 4, 8, 5, 2, 6],
    (7, 25): [18, 10, 24, 13, 16, 8, 3, 17, 6, 21, 22, 7, 23, 12, 0, 9, 15, 5, 4, 14]
    + [19, 2, 1, 20, 11],
    (-3, 2): [1, 0],
    (-3, 10): [7, 8, 5, 3, 0, 9, 1, 2, 6, 4],
    (-3, 25): [22, 20, 18, 15, 2, 7, 4, 11, 16, 8, 17, 23, 13, 3, 6, 24, 5, 12, 1, 0]
    + [19, 10, 21, 9, 14],
}


@pytest.mark.parametrize("seed", sorted(JAVA_INTS))
def test_java_next_int_matches_java(seed):
    expected = [int(v) for v in JAVA_INTS[seed].split()]
    assert _java_random_ints(seed, BOUNDS * 3).tolist() == expected


@pytest.mark.parametrize(("seed", "n"), sorted(JAVA_SHUFFLES))
def test_java_shuffle_matches_java(seed, n):
    perm = java_random_shuffle(n, seed)
    assert perm.dtype == np.intp
    assert perm.tolist() == JAVA_SHUFFLES[(seed, n)]


def test_java_shuffle_large_matches_java():
    perm = java_random_shuffle(100_000, 1)
    assert perm[:3].tolist() == [46925, 53783, 51157]
    assert perm[-1] == 48985
    h = 0  # Java: long h = 0; h = h * 31 + p[i] (wrapping)
    for v in perm.tolist():
        h = (h * 31 + v) & 0xFFFFFFFFFFFFFFFF
    h = h - (1 << 64) if h >= 1 << 63 else h
    assert h == 4534236724525898246
    assert np.array_equal(np.sort(perm), np.arange(100_000))


def test_java_shuffle_empty():
    assert java_random_shuffle(0, 1).tolist() == []


# --------------------------------------------------------------------------------------
# The -R split (§7.5)
# --------------------------------------------------------------------------------------


def ref_reduced_error_split(y, n_folds, seed):
    rows = list(range(len(y)))
    i = 1
    n = len(rows)
    while i < n:  # Weka's stratify: group by class with swaps
        anchor = y[rows[i - 1]]
        for j in range(i, n):
            if y[rows[j]] == anchor:
                rows[i], rows[j] = rows[j], rows[i]
                i += 1
        i += 1
    dealt = []
    start = 0
    while len(dealt) < n:  # stratStep
        j = start
        while j < n:
            dealt.append(rows[j])
            j += n_folds
        start += 1
    per_fold = n // n_folds
    fold = n_folds - 1
    if fold < n % n_folds:
        per_fold += 1
        offset = fold
    else:
        offset = n % n_folds
    first = fold * (n // n_folds) + offset
    prune = dealt[first : first + per_fold]
    grow = dealt[:first] + dealt[first + per_fold :]
    perm = java_random_shuffle(len(grow), seed)  # checked against Java above
    return [grow[k] for k in perm], prune


@pytest.mark.parametrize("trial", range(30))
def test_reduced_error_split_matches_reference(trial):
    rng = np.random.default_rng(trial)
    n = int(rng.integers(0, 40))
    n_classes = int(rng.integers(1, 5))
    y = rng.integers(0, n_classes, size=n).astype(np.intp)
    n_folds = int(rng.integers(2, 6))
    seed = int(rng.integers(-5, 6))
    grow, prune = reduced_error_split(y, n_folds, seed)
    ref_grow, ref_prune = ref_reduced_error_split(y.tolist(), n_folds, seed)
    assert grow.tolist() == ref_grow
    assert prune.tolist() == ref_prune
    assert grow.dtype == np.intp and prune.dtype == np.intp
    assert sorted(grow.tolist() + prune.tolist()) == list(range(n))


def test_reduced_error_split_small_example():
    # stratify swaps: [0,1,2,3,4,5] -> [0,2,1,3,4,5] -> [0,2,4,3,1,5] (class 0 first,
    # then the class-1 rows in the order the swaps left them)
    # dealt into 3 folds: [0,3] [2,1] [4,5]; the last fold is the pruning set
    y = np.array([0, 1, 0, 1, 0, 1])
    grow, prune = reduced_error_split(y, 3, 1)
    assert prune.tolist() == [4, 5]
    # the grow set [0, 3, 2, 1] shuffled by Random(1)
    assert grow.tolist() == [[0, 3, 2, 1][k] for k in java_random_shuffle(4, 1)]


def test_reduced_error_split_group_swaps():
    # the swap scheme is not a stable sort: check one case by hand
    y = np.array([1, 0, 1, 0, 0])
    # i=1: anchor y[0]=1; j=1..4: j=2 matches -> swap(1,2): [0,2,1,3,4], i=2; i=3
    # i=3: anchor y[rows[2]] = y[1] = 0; j=3: y[3]=0 swap(3,3), i=4; j=4: y[4]=0, i=5
    grow, prune = reduced_error_split(y, 5, 1)
    assert prune.tolist() == [4]


# --------------------------------------------------------------------------------------
# Brute-force reference: node objects, recursion, Weka's Distribution semantics
# --------------------------------------------------------------------------------------


class Dist:
    """Weka-style distribution with running sums."""

    def __init__(self, n_bags, n_classes):
        self.rows = [[0.0] * n_classes for _ in range(n_bags)]
        self.bag = [0.0] * n_bags
        self.cls = [0.0] * n_classes
        self.total = 0.0

    def add(self, b, c, wt):
        self.rows[b][c] += wt
        self.bag[b] += wt
        self.cls[c] += wt
        self.total += wt

    def max_class(self):
        best, count = 0, 0.0
        for c, v in enumerate(self.cls):
            if gr(v, count):
                best, count = c, v
        return best

    def max_bag(self):
        best, idx = 0.0, -1
        for b, v in enumerate(self.bag):
            if gr_or_eq(v, best):
                best, idx = v, b
        return idx

    def num_incorrect(self):
        return self.total - self.cls[self.max_class()]

    def merged(self):
        d = Dist(1, len(self.cls))
        d.rows[0] = list(self.cls)
        d.bag[0] = self.total
        d.cls = list(self.cls)
        d.total = self.total
        return d


class Node:
    def __init__(self, kind, feature=-1, threshold=math.nan, children=()):
        self.kind = kind
        self.feature = feature
        self.threshold = threshold
        self.children = list(children)
        self.dist = None
        self.train = None
        self.test = None
        self.empty = False
        self.gain = 0.0
        self.gain_ratio = 0.0

    @property
    def is_leaf(self):
        return self.kind == 0


def branch(node, x, tol):
    v = x[node.feature]
    if math.isnan(v):
        return None
    if node.kind == 1:
        return 0 if (v - node.threshold < tol or v <= node.threshold) else 1
    if node.kind == 3:
        return 0 if v == node.threshold else 1
    return int(v)


def class_dist(data, y, n_classes):
    d = Dist(1, n_classes)
    for i, wt in data:
        d.add(0, y[i], wt)
    return d


def split_dist(node, data, X, y, n_classes, tol):
    """Known values into their bags, then missing ones spread (addInstWithUnknown)."""
    k = len(node.children)
    d = Dist(k, n_classes)
    for i, wt in data:
        b = branch(node, X[i], tol)
        if b is not None:
            d.add(b, y[i], wt)
    probs = [1.0 / k if eq(d.total, 0) else d.bag[b] / d.total for b in range(k)]
    for i, wt in data:
        if branch(node, X[i], tol) is None:
            c = y[i]
            d.cls[c] += wt
            d.total += wt
            for b in range(k):
                d.rows[b][c] += probs[b] * wt
                d.bag[b] += probs[b] * wt
    return d


def split_data(node, dist, data, X, tol):
    subsets = [[] for _ in node.children]
    for i, wt in data:
        b = branch(node, X[i], tol)
        if b is not None:
            subsets[b].append((i, wt))
            continue
        for j in range(len(subsets)):
            prob = dist.bag[j] / dist.total
            if gr(prob, 0):
                subsets[j].append((i, prob * wt))
    return subsets


def grow_random_tree(rng, X, y, w, n_classes, cats, max_depth, tol):
    """A random tree whose counts are C4.5's (what a grower would store)."""

    def grow(data, depth):
        total = sum(wt for _, wt in data)
        if depth >= max_depth or total < 1.5 or rng.random() < 0.2:
            node = Node(0)
            node.dist = class_dist(data, y, n_classes)
            node.empty = eq(total, 0)
            return node
        f = int(rng.integers(X.shape[1]))
        if cats[f] == 0:
            known = [X[i, f] for i, _ in data if not math.isnan(X[i, f])]
            pool = known if known else [v for v in X[:, f] if not math.isnan(v)]
            node = Node(1, f, float(rng.choice(pool)) if pool else 0.0, [None, None])
        elif rng.random() < 0.3:
            node = Node(3, f, float(rng.integers(cats[f])), [None, None])
        else:
            node = Node(2, f, math.nan, [None] * cats[f])
        node.gain = float(rng.random())
        node.gain_ratio = float(rng.random())
        node.dist = split_dist(node, data, X, y, n_classes, tol)
        subsets = split_data(node, node.dist, data, X, tol)
        node.children = [grow(s, depth + 1) for s in subsets]
        return node

    return grow([(i, float(w[i])) for i in range(X.shape[0])], 0)


def to_arrays(root, n_classes):
    order, parent_row = [root], [None]
    k = 0
    while k < len(order):
        node = order[k]
        for b, child in enumerate(node.children):
            order.append(child)
            parent_row.append(node.dist.rows[b])
        k += 1
    n = len(order)
    a = {
        "kind": np.zeros(n, np.int8),
        "feature": np.full(n, -1, np.intp),
        "threshold": np.full(n, np.nan),
        "first_child": np.full(n, -1, np.intp),
        "n_children": np.zeros(n, np.intp),
        "value": np.zeros((n, n_classes)),
        "branch_value": np.zeros((n, n_classes)),
        "empty": np.zeros(n, bool),
        "gain": np.zeros(n),
        "gain_ratio": np.zeros(n),
    }
    next_id = 1
    for idx, node in enumerate(order):
        a["kind"][idx] = node.kind
        a["value"][idx] = node.dist.cls
        a["branch_value"][idx] = node.dist.cls if idx == 0 else parent_row[idx]
        a["empty"][idx] = node.empty
        if node.is_leaf:
            continue
        a["feature"][idx] = node.feature
        a["threshold"][idx] = node.threshold
        a["first_child"][idx] = next_id
        a["n_children"][idx] = len(node.children)
        a["gain"][idx] = node.gain
        a["gain_ratio"][idx] = node.gain_ratio
        next_id += len(node.children)
    return a


def from_arrays(a):
    """Node objects with the stored distributions (bag totals = row sums)."""
    n_classes = a["value"].shape[1]

    def build(i):
        node = Node(int(a["kind"][i]), int(a["feature"][i]), float(a["threshold"][i]))
        node.empty = bool(a["empty"][i])
        node.gain = float(a["gain"][i])
        node.gain_ratio = float(a["gain_ratio"][i])
        kids = range(a["first_child"][i], a["first_child"][i] + a["n_children"][i])
        node.children = [build(j) for j in kids]
        d = Dist(max(len(node.children), 1), n_classes)
        d.cls = [float(v) for v in a["value"][i]]
        d.total = sum(d.cls)
        if node.children:
            d.rows = [[float(v) for v in a["branch_value"][j]] for j in kids]
        else:
            d.rows = [list(d.cls)]
        d.bag = [sum(r) for r in d.rows]
        node.dist = d
        return node

    return build(0)


def attach_train(node, data, X, y, n_classes, tol):
    node.train = data
    if node.is_leaf:
        return
    d = split_dist(node, data, X, y, n_classes, tol)
    subsets = split_data(node, d, data, X, tol)
    for child, sub in zip(node.children, subsets, strict=True):
        attach_train(child, sub, X, y, n_classes, tol)


class Pessimistic:
    """C45_SPEC §7.1-7.3, literally."""

    def __init__(self, X, y, n_classes, cf, raising, tol):
        self.X, self.y, self.n_classes = X, y, n_classes
        self.cf, self.raising, self.tol = cf, raising, tol
        self.n_raised = 0

    def leaf_errors(self, d):
        if eq(d.total, 0):
            return 0.0
        e = d.num_incorrect()
        return e + add_errors(d.total, e, self.cf)

    def subtree_errors(self, node):
        if node.is_leaf:
            return self.leaf_errors(node.dist)
        errors = 0.0
        for child in node.children:
            errors = errors + self.subtree_errors(child)
        return errors

    def branch_errors(self, node, data):
        if node.is_leaf:
            return self.leaf_errors(class_dist(data, self.y, self.n_classes))
        tmp = split_dist(node, data, self.X, self.y, self.n_classes, self.tol)
        errors = 0.0
        for child, sub in zip(
            node.children, split_data(node, tmp, data, self.X, self.tol), strict=True
        ):
            errors = errors + self.branch_errors(child, sub)
        return errors

    def redistribute(self, node, data):
        node.train = data
        if node.is_leaf:
            node.dist = class_dist(data, self.y, self.n_classes)
            if not eq(node.dist.total, 0):
                node.empty = False
            return
        node.dist = split_dist(node, data, self.X, self.y, self.n_classes, self.tol)
        for child, sub in zip(
            node.children,
            split_data(node, node.dist, data, self.X, self.tol),
            strict=True,
        ):
            self.redistribute(child, sub)

    def prune(self, node):
        if node.is_leaf:
            return
        for child in node.children:
            self.prune(child)
        largest = node.children[node.dist.max_bag()]
        if self.raising:
            err_largest = self.branch_errors(largest, node.train)
        else:
            err_largest = MAX_DOUBLE
        err_leaf = self.leaf_errors(node.dist.merged())
        err_tree = self.subtree_errors(node)
        if sm_or_eq(err_leaf, err_tree + 0.1) and sm_or_eq(err_leaf, err_largest + 0.1):
            node.kind, node.feature, node.threshold = 0, -1, math.nan
            node.children, node.gain, node.gain_ratio = [], 0.0, 0.0
            node.dist = node.dist.merged()
            return
        if sm_or_eq(err_largest, err_tree + 0.1):
            self.n_raised += 1
            node.kind, node.feature = largest.kind, largest.feature
            node.threshold, node.children = largest.threshold, largest.children
            node.gain, node.gain_ratio = largest.gain, largest.gain_ratio
            self.redistribute(node, node.train)
            self.prune(node)


def ref_collapse(node):
    def training_errors(n):
        if n.is_leaf:
            return n.dist.num_incorrect()
        errors = 0.0
        for child in n.children:
            errors = errors + training_errors(child)
        return errors

    if node.is_leaf:
        return
    if training_errors(node) >= node.dist.num_incorrect() - 1e-3:
        node.kind, node.feature, node.threshold = 0, -1, math.nan
        node.children, node.gain, node.gain_ratio = [], 0.0, 0.0
        node.dist = node.dist.merged()
    else:
        for child in node.children:
            ref_collapse(child)


def ref_rep(root, X, y, w, n_classes, tol):
    """C45_SPEC §7.5: hold-out distributions (Weka's m_test), then rep_prune."""

    def attach_test(node, data):
        k = max(len(node.children), 1)
        t = Dist(k, n_classes)
        for i, wt in data:
            b = 0 if node.is_leaf else branch(node, X[i], tol)
            if b is not None:
                t.add(b, y[i], wt)
            else:
                for j in range(k):
                    t.add(j, y[i], wt * (node.dist.bag[j] / node.dist.total))
        node.test = t
        if not node.is_leaf:
            for child, sub in zip(
                node.children, split_data(node, node.dist, data, X, tol), strict=True
            ):
                attach_test(child, sub)

    def errors_leaf(node):
        return node.test.total - node.test.cls[node.dist.max_class()]

    def errors_tree(node):
        if node.is_leaf:
            return errors_leaf(node)
        errors = 0.0
        for b, child in enumerate(node.children):
            if eq(node.dist.bag[b], 0):
                errors += node.test.bag[b] - node.test.rows[b][node.dist.max_class()]
            else:
                errors += errors_tree(child)
        return errors

    def prune(node):
        if node.is_leaf:
            return
        for child in node.children:
            prune(child)
        if sm_or_eq(errors_leaf(node), errors_tree(node)):
            node.kind, node.feature, node.threshold = 0, -1, math.nan
            node.children, node.gain, node.gain_ratio = [], 0.0, 0.0
            node.dist = node.dist.merged()

    attach_test(root, [(i, float(w[i])) for i in range(X.shape[0])])
    prune(root)


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def assert_same_tree(got, expected, rtol=1e-12):
    assert set(got) == set(NODE_ARRAYS)
    for name in ("kind", "feature", "first_child", "n_children", "empty"):
        np.testing.assert_array_equal(got[name], expected[name], err_msg=name)
    for name in ("threshold", "value", "branch_value", "gain", "gain_ratio"):
        np.testing.assert_allclose(
            got[name], expected[name], rtol=rtol, atol=1e-13, err_msg=name
        )
    assert got["kind"].dtype == np.int8
    assert got["value"].dtype == np.float64
    Tree(**got)  # a valid container


def copy_arrays(a):
    return {k: v.copy() for k, v in a.items()}


def assert_unchanged(a, saved):
    for k in saved:
        np.testing.assert_array_equal(a[k], saved[k])


def random_case(seed, n_rows=(5, 60), max_depth=4, signal=True):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(*n_rows))
    n_features = int(rng.integers(1, 5))
    n_classes = int(rng.integers(2, 4))
    cats = [
        0 if rng.random() < 0.5 else int(rng.integers(2, 5)) for _ in range(n_features)
    ]
    X = np.empty((n, n_features))
    for f, k in enumerate(cats):
        if k == 0:
            X[:, f] = np.round(rng.random(n) * 10, 1)
        else:
            X[:, f] = rng.integers(0, k, n)
        X[rng.random(n) < rng.random() * 0.3, f] = np.nan
    if signal:  # class mostly a function of feature 0 (so raising can pay off)
        base = np.nan_to_num(X[:, 0], nan=0.0)
        y = (base > np.nanmedian(X[:, 0]) if n else base).astype(np.intp) % n_classes
        flip = rng.random(n) < 0.15
        y[flip] = rng.integers(0, n_classes, int(flip.sum()))
    else:
        y = rng.integers(0, n_classes, n).astype(np.intp)
    y = y.astype(np.intp)
    if rng.random() < 0.5:
        w = np.ones(n)
    else:
        w = rng.choice([0.5, 1.0, 1.5, 2.0, 0.3], n)
    root = grow_random_tree(rng, X, y, w, n_classes, cats, max_depth, 1e-6)
    return X, y, w, n_classes, root, rng


# --------------------------------------------------------------------------------------
# collapse (§7.4)
# --------------------------------------------------------------------------------------


def leaf_tree(value):
    value = np.atleast_2d(np.asarray(value, dtype=float))
    return {
        "kind": np.zeros(1, np.int8),
        "feature": np.full(1, -1, np.intp),
        "threshold": np.full(1, np.nan),
        "first_child": np.full(1, -1, np.intp),
        "n_children": np.zeros(1, np.intp),
        "value": value.copy(),
        "branch_value": value.copy(),
        "empty": np.zeros(1, bool),
        "gain": np.zeros(1),
        "gain_ratio": np.zeros(1),
    }


def stump(feature, kind, threshold, value, child_values, gain=0.3, ratio=0.2):
    child_values = np.asarray(child_values, dtype=float)
    k = child_values.shape[0]
    return {
        "kind": np.array([kind] + [0] * k, np.int8),
        "feature": np.array([feature] + [-1] * k, np.intp),
        "threshold": np.array([threshold] + [np.nan] * k),
        "first_child": np.array([1] + [-1] * k, np.intp),
        "n_children": np.array([k] + [0] * k, np.intp),
        "value": np.vstack([value, child_values]),
        "branch_value": np.vstack([value, child_values]),
        "empty": np.array([False] + [bool(r.sum() == 0) for r in child_values]),
        "gain": np.array([gain] + [0.0] * k),
        "gain_ratio": np.array([ratio] + [0.0] * k),
    }


# weather.nominal: outlook {sunny, overcast, rainy}, temperature {hot, mild, cool},
# humidity {high, normal}, windy {TRUE, FALSE}; play {yes, no}
WEATHER = """
sunny hot high FALSE no
sunny hot high TRUE no
overcast hot high FALSE yes
rainy mild high FALSE yes
rainy cool normal FALSE yes
rainy cool normal TRUE no
overcast cool normal TRUE yes
sunny mild high FALSE no
sunny cool normal FALSE yes
rainy mild normal FALSE yes
sunny mild normal TRUE yes
overcast mild high TRUE yes
overcast hot normal FALSE yes
rainy mild high TRUE no
"""
WEATHER_CODES = [
    {"sunny": 0, "overcast": 1, "rainy": 2},
    {"hot": 0, "mild": 1, "cool": 2},
    {"high": 0, "normal": 1},
    {"TRUE": 0, "FALSE": 1},
]


def weather():
    rows = [line.split() for line in WEATHER.strip().splitlines()]
    X = np.array([[WEATHER_CODES[f][r[f]] for f in range(4)] for r in rows], float)
    y = np.array([0 if r[4] == "yes" else 1 for r in rows], np.intp)
    return X, y, np.ones(len(rows))


def weather_outlook_stump():
    # the -M 5 unpruned tree of §10.4: outlook = sunny (2/3) | overcast (4/0) | rainy
    return stump(0, 2, np.nan, [9.0, 5.0], [[2.0, 3.0], [4.0, 0.0], [3.0, 2.0]])


def test_weather_m5_prunes_to_single_leaf():
    X, y, w = weather()
    tree = weather_outlook_stump()
    saved = copy_arrays(tree)
    # the numbers of §10.4
    err_leaf = 5 + add_errors(14, 5)
    err_tree = 2 * (2 + add_errors(5, 2)) + add_errors(4, 0)
    assert err_leaf == pytest.approx(6.7611, abs=1e-4)
    assert err_tree == pytest.approx(7.6155, abs=1e-4)
    collapsed = collapse(tree)  # 4 training errors < 5 - 0.001: kept
    assert_same_tree(collapsed, tree)
    for raising in (True, False):
        pruned = prune_pessimistic(collapsed, X, y, w, subtree_raising=raising)
        assert_same_tree(pruned, leaf_tree([9.0, 5.0]))
    assert_unchanged(tree, saved)


def test_weather_default_tree_is_kept():
    # §10.2 weather.nominal: outlook / humidity (sunny) / windy (rainy), 5 pure leaves
    X, y, w = weather()
    tree = {
        "kind": np.array([2, 2, 0, 2, 0, 0, 0, 0], np.int8),
        "feature": np.array([0, 2, -1, 3, -1, -1, -1, -1], np.intp),
        "threshold": np.full(8, np.nan),
        "first_child": np.array([1, 4, -1, 6, -1, -1, -1, -1], np.intp),
        "n_children": np.array([3, 2, 0, 2, 0, 0, 0, 0], np.intp),
        "value": np.array(
            [[9, 5], [2, 3], [4, 0], [3, 2], [0, 3], [2, 0], [0, 2], [3, 0]], float
        ),
        "empty": np.zeros(8, bool),
        "gain": np.array([0.247, 0.97, 0, 0.97, 0, 0, 0, 0]),
        "gain_ratio": np.array([0.156, 1, 0, 1, 0, 0, 0, 0]),
    }
    tree["branch_value"] = tree["value"].copy()
    assert_same_tree(collapse(tree), tree)
    assert_same_tree(prune_pessimistic(tree, X, y, w), tree)
    # with a tiny confidence the whole tree becomes one leaf
    assert prune_pessimistic(tree, X, y, w, confidence_factor=0.001)["kind"].size < 8


def test_collapse_removes_zero_gain_split():
    tree = stump(1, 1, 2.5, [4.0, 2.0], [[2.0, 1.0], [2.0, 1.0]])
    assert_same_tree(collapse(tree), leaf_tree([4.0, 2.0]))
    # one error less than a leaf: kept
    tree = stump(1, 1, 2.5, [4.0, 2.0], [[3.0, 0.0], [1.0, 2.0]])
    assert_same_tree(collapse(tree), tree)
    # only 0.0005 fewer errors: removed (margin 1e-3)
    tree = stump(1, 1, 2.5, [4.0, 2.0], [[2.0, 0.9995], [2.0, 1.0]])
    tree["value"][0] = [4.0, 1.9995]
    assert collapse(tree)["kind"].tolist() == [0]


def test_collapse_is_top_down():
    # root split removes no error, although its child split does: the whole subtree
    # goes (top-down), and the pure child split below the kept root is judged alone
    value = np.array([[4, 4], [2, 2], [2, 2], [2, 0], [0, 2]], float)
    tree = {
        "kind": np.array([1, 0, 1, 0, 0], np.int8),
        "feature": np.array([0, -1, 1, -1, -1], np.intp),
        "threshold": np.array([1.0, np.nan, 2.0, np.nan, np.nan]),
        "first_child": np.array([1, -1, 3, -1, -1], np.intp),
        "n_children": np.array([2, 0, 2, 0, 0], np.intp),
        "value": value,
        "branch_value": value.copy(),
        "empty": np.zeros(5, bool),
        "gain": np.array([0.1, 0, 0.5, 0, 0]),
        "gain_ratio": np.array([0.1, 0, 0.5, 0, 0]),
    }
    # training errors 2 + 0 + 0 = 2 < 4 - 0.001: root kept; node 1 is a leaf; node 2
    # (errors 0 < 2) kept
    assert_same_tree(collapse(tree), tree)
    tree["value"][1] = [2, 2]
    tree["value"][0] = [4, 4]
    tree["value"][3] = [1, 1]
    tree["value"][4] = [1, 1]
    tree["value"][2] = [2, 2]
    # now 2 + 1 + 1 = 4 >= 4 - 0.001: everything collapses into the root
    assert collapse(tree)["kind"].tolist() == [0]


@pytest.mark.parametrize("seed", range(60))
def test_collapse_matches_reference(seed):
    _, _, _, n_classes, root, _ = random_case(seed)
    arrays = to_arrays(root, n_classes)
    saved = copy_arrays(arrays)
    got = collapse(arrays)
    assert_unchanged(arrays, saved)
    ref = from_arrays(arrays)
    ref_collapse(ref)
    assert_same_tree(got, to_arrays(ref, n_classes))


# --------------------------------------------------------------------------------------
# pessimistic pruning with subtree raising (§7.2)
# --------------------------------------------------------------------------------------


def raising_case():
    # A (feature 0) splits 20 rows (B decides the class) from 3 rows; the A=0 branch
    # splits on B (feature 1). Sending all 23 rows through the B split is better.
    X = [[0, 0]] * 10 + [[0, 1]] * 10 + [[1, 0]] * 2 + [[1, 1]]
    y = [0] * 10 + [1] * 10 + [0, 0, 1]
    X, y = np.array(X, float), np.array(y, np.intp)
    value = np.array([[12, 11], [10, 10], [2, 1], [10, 0], [0, 10]], float)
    tree = {
        "kind": np.array([2, 2, 0, 0, 0], np.int8),
        "feature": np.array([0, 1, -1, -1, -1], np.intp),
        "threshold": np.full(5, np.nan),
        "first_child": np.array([1, 3, -1, -1, -1], np.intp),
        "n_children": np.array([2, 2, 0, 0, 0], np.intp),
        "value": value,
        "branch_value": value.copy(),
        "empty": np.zeros(5, bool),
        "gain": np.array([0.01, 1.0, 0, 0, 0]),
        "gain_ratio": np.array([0.02, 1.0, 0, 0, 0]),
    }
    return X, y, np.ones(len(y)), tree


def test_subtree_raising_hand_case():
    X, y, w, tree = raising_case()
    err_tree = 2 * add_errors(10, 0) + 1 + add_errors(3, 1)
    err_largest = add_errors(12, 0) + add_errors(11, 0)
    err_leaf = 11 + add_errors(23, 11)
    assert err_largest < err_tree < err_leaf  # raise, do not prune to a leaf
    saved = copy_arrays(tree)
    got = prune_pessimistic(tree, X, y, w)
    assert_unchanged(tree, saved)
    value = np.array([[12, 11], [12, 0], [0, 11]], float)
    expected = stump(1, 2, np.nan, value[0], value[1:], gain=1.0, ratio=1.0)
    assert_same_tree(got, expected)
    # without raising only replacement is possible, and it does not pay here
    assert_same_tree(prune_pessimistic(tree, X, y, w, subtree_raising=False), tree)


def test_subtree_raising_with_missing_values():
    X, y, w, tree = raising_case()
    X = np.vstack([X, [[np.nan, 1.0], [1.0, np.nan]]])
    y = np.append(y, [1, 0])
    w = np.append(w, [1.0, 0.5])
    # counts as the grower would store them (missing values spread)
    ref = from_arrays(tree)
    attach_train(ref, [(i, float(w[i])) for i in range(len(y))], X, y, 2, 1e-6)
    P = Pessimistic(X, y, 2, 0.25, True, 1e-6)
    P.redistribute(ref, ref.train)
    grown = to_arrays(ref, 2)
    assert grown["value"][0].tolist() == [12.5, 12.0]
    got = prune_pessimistic(grown, X, y, w)
    P.prune(ref)
    assert P.n_raised == 1
    assert_same_tree(got, to_arrays(ref, 2))
    assert got["feature"].tolist() == [1, -1, -1]
    # the raised split's counts: all 25 rows (weight 24.5) through B
    np.testing.assert_allclose(got["value"][0], [12.5, 12.0])
    assert got["value"][1:].sum() == pytest.approx(24.5)


def test_largest_branch_ties_go_to_highest_index():
    # two equal bags: the second is the largest branch; raising it is exact here
    X = np.array([[0, 0]] * 6 + [[1, 1]] * 6 + [[0, 1]] * 2 + [[1, 0]] * 2, float)
    y = np.array([0] * 6 + [1] * 6 + [1, 1, 0, 0], np.intp)
    # root on feature 0 (bags 8 / 8), each child splits on feature 1
    value = np.array([[8, 8], [6, 2], [2, 6], [6, 0], [0, 2], [2, 0], [0, 6]], float)
    tree = {
        "kind": np.array([2, 2, 2, 0, 0, 0, 0], np.int8),
        "feature": np.array([0, 1, 1, -1, -1, -1, -1], np.intp),
        "threshold": np.full(7, np.nan),
        "first_child": np.array([1, 3, 5, -1, -1, -1, -1], np.intp),
        "n_children": np.array([2, 2, 2, 0, 0, 0, 0], np.intp),
        "value": value,
        "branch_value": value.copy(),
        "empty": np.zeros(7, bool),
        "gain": np.array([0.1, 0.5, 0.6, 0, 0, 0, 0]),
        "gain_ratio": np.array([0.1, 0.5, 0.6, 0, 0, 0, 0]),
    }
    w = np.ones(len(y))
    ref = from_arrays(tree)
    attach_train(ref, [(i, 1.0) for i in range(len(y))], X, y, 2, 1e-6)
    P = Pessimistic(X, y, 2, 0.25, True, 1e-6)
    P.prune(ref)
    got = prune_pessimistic(tree, X, y, w)
    assert_same_tree(got, to_arrays(ref, 2))
    assert P.n_raised == 1
    # the raised node is node 2's split (its gain moved with it)
    assert got["gain"][0] == 0.6
    np.testing.assert_allclose(got["value"], [[8, 8], [8, 0], [0, 8]])


def _compare_pessimistic(seed, cf, raising, collapse_first):
    X, y, w, n_classes, root, _ = random_case(seed)
    arrays = to_arrays(root, n_classes)
    if collapse_first:
        arrays = collapse(arrays)
    saved = copy_arrays(arrays)
    Xs, ys, ws = X.copy(), y.copy(), w.copy()
    got = prune_pessimistic(
        arrays, X, y, w, confidence_factor=cf, subtree_raising=raising
    )
    assert_unchanged(arrays, saved)
    np.testing.assert_array_equal(X, Xs)
    np.testing.assert_array_equal(y, ys)
    np.testing.assert_array_equal(w, ws)
    ref = from_arrays(arrays)
    attach_train(ref, [(i, float(w[i])) for i in range(len(y))], X, y, n_classes, 1e-6)
    P = Pessimistic(X, y, n_classes, cf, raising, 1e-6)
    P.prune(ref)
    assert_same_tree(got, to_arrays(ref, n_classes))
    return P.n_raised, int(arrays["kind"].size - got["kind"].size)


def test_pessimistic_matches_reference_on_random_trees():
    n_raised = n_changed = 0
    for seed in range(250):
        cf = (0.25, 0.1, 0.4, 0.01)[seed % 4]
        raising = seed % 5 != 0
        r, removed = _compare_pessimistic(seed, cf, raising, seed % 2 == 0)
        n_raised += r
        n_changed += removed > 0
    # the random cases do exercise both replacement and raising
    assert n_raised >= 20
    assert n_changed >= 100


def test_pessimistic_deeper_trees_with_raising():
    n_raised = 0
    for seed in range(1000, 1040):
        X, y, w, n_classes, root, _ = random_case(seed, n_rows=(60, 150), max_depth=6)
        arrays = to_arrays(root, n_classes)
        got = prune_pessimistic(arrays, X, y, w)
        ref = from_arrays(arrays)
        attach_train(
            ref, [(i, float(w[i])) for i in range(len(y))], X, y, n_classes, 1e-6
        )
        P = Pessimistic(X, y, n_classes, 0.25, True, 1e-6)
        P.prune(ref)
        assert_same_tree(got, to_arrays(ref, n_classes))
        n_raised += P.n_raised
    assert n_raised >= 10


def test_pessimistic_routing_tolerance():
    # x = 2.0000005 goes left with the 3.6 tolerance and right with tol = 0
    X = np.array([[1.0], [2.0000005], [3.0], [4.0]])
    y = np.array([0, 0, 1, 1], np.intp)
    tree = stump(0, 1, 2.0, [2.0, 2.0], [[2.0, 0.0], [0.0, 2.0]])
    assert_same_tree(prune_pessimistic(tree, X, y, np.ones(4)), tree)
    ref = from_arrays(tree)
    attach_train(ref, [(i, 1.0) for i in range(4)], X, y, 2, 0.0)
    P = Pessimistic(X, y, 2, 0.25, True, 0.0)
    P.prune(ref)
    assert_same_tree(
        prune_pessimistic(tree, X, y, np.ones(4), tol=0.0), to_arrays(ref, 2)
    )


def test_pessimistic_leaf_root_and_empty_leaves():
    X, y, w = weather()
    tree = leaf_tree([9.0, 5.0])
    assert_same_tree(prune_pessimistic(tree, X, y, w), tree)
    assert_same_tree(collapse(tree), tree)
    # a multiway split with an empty branch keeps the empty flag and zero counts
    X = np.array([[0.0], [0.0], [1.0], [1.0]])
    y = np.array([0, 0, 1, 1], np.intp)
    tree = stump(0, 2, np.nan, [2.0, 2.0], [[2.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    got = prune_pessimistic(tree, X, y, np.ones(4))
    assert_same_tree(got, tree)
    assert got["empty"].tolist() == [False, False, False, True]


def test_pessimistic_confidence_above_half_disables_the_estimate():
    # children 0/3 and 4/3: with CF = 0.25 the leaf (5.5598) is within 0.1 of the
    # tree (5.4747) and wins; with CF > 0.5 addErrs is 0, so the training errors
    # decide (leaf 4 > tree 3 + 0.1) and the split stays
    X = np.array([[0.0]] * 3 + [[1.0]] * 7)
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1, 1, 1], np.intp)
    tree = stump(0, 2, np.nan, [4.0, 6.0], [[0.0, 3.0], [4.0, 3.0]])
    assert 4 + add_errors(10, 4) == pytest.approx(5.5598, abs=1e-4)
    assert add_errors(3, 0) + 3 + add_errors(7, 3) == pytest.approx(5.4747, abs=1e-4)
    assert prune_pessimistic(tree, X, y, np.ones(10))["kind"].tolist() == [0]
    got = prune_pessimistic(tree, X, y, np.ones(10), confidence_factor=0.6)
    assert_same_tree(got, tree)


# --------------------------------------------------------------------------------------
# reduced-error pruning (§7.5)
# --------------------------------------------------------------------------------------


def test_reduced_error_hand_case():
    tree = stump(0, 2, np.nan, [4.0, 4.0], [[3.0, 1.0], [1.0, 3.0], [0.0, 0.0]])
    # hold-out rows contradict the split: the leaf (class 0) makes 2 errors, the
    # tree 4 -> pruned
    Xp = np.array([[0.0], [0.0], [1.0], [1.0]])
    yp = np.array([1, 1, 0, 0], np.intp)
    saved = copy_arrays(tree)
    got = prune_reduced_error(tree, Xp, yp, np.ones(4))
    assert_unchanged(tree, saved)
    assert_same_tree(got, leaf_tree([4.0, 4.0]))
    # hold-out rows agree with the split: tree 0 errors, leaf 2 -> kept
    yp = np.array([0, 0, 1, 1], np.intp)
    assert_same_tree(prune_reduced_error(tree, Xp, yp, np.ones(4)), tree)
    # equal errors: pruned (smOrEq)
    Xp = np.array([[0.0], [1.0]])
    yp = np.array([0, 0], np.intp)
    assert prune_reduced_error(tree, Xp, yp, np.ones(2))["kind"].size == 1


def test_reduced_error_empty_branch_uses_parent_majority():
    # grow counts: branch 2 is empty. Hold-out rows in branch 2 of class 1 are errors
    # of the parent's majority (class 0), not of the empty leaf's own (also class 0
    # by default, so use a parent whose majority is class 1)
    tree = stump(0, 2, np.nan, [3.0, 5.0], [[3.0, 0.0], [0.0, 5.0], [0.0, 0.0]])
    Xp = np.array([[0.0], [1.0], [2.0], [2.0]])
    yp = np.array([0, 1, 1, 1], np.intp)
    # tree: 0 + 0 + (2 - 2) = 0 errors; leaf (class 1): 1 error -> kept
    assert_same_tree(prune_reduced_error(tree, Xp, yp, np.ones(4)), tree)
    yp = np.array([0, 1, 0, 0], np.intp)
    # tree: 0 + 0 + 2 errors = 2; leaf: 3 errors -> kept
    assert_same_tree(prune_reduced_error(tree, Xp, yp, np.ones(4)), tree)
    yp = np.array([1, 1, 0, 0], np.intp)
    # tree: 1 + 0 + 2 = 3; leaf: 2 -> pruned
    assert prune_reduced_error(tree, Xp, yp, np.ones(4))["kind"].size == 1


@pytest.mark.parametrize("seed", range(80))
def test_reduced_error_matches_reference(seed):
    X, y, w, n_classes, root, rng = random_case(seed + 500)
    arrays = to_arrays(root, n_classes)
    m = int(rng.integers(0, 40))
    rows = rng.integers(0, max(len(y), 1), m) if len(y) else np.zeros(0, np.intp)
    Xp = X[rows].copy() if len(y) else np.zeros((0, X.shape[1]))
    Xp[rng.random(Xp.shape) < 0.1] = np.nan
    yp = rng.integers(0, n_classes, m).astype(np.intp)
    wp = rng.choice([1.0, 0.5, 2.0], m)
    saved = copy_arrays(arrays)
    got = prune_reduced_error(arrays, Xp, yp, wp)
    assert_unchanged(arrays, saved)
    ref = from_arrays(arrays)
    ref_rep(ref, Xp, yp, wp, n_classes, 1e-6)
    assert_same_tree(got, to_arrays(ref, n_classes))


def test_reduced_error_without_prune_rows_prunes_everything():
    X, y, w, n_classes, root, _ = random_case(3, n_rows=(40, 41))
    arrays = to_arrays(root, n_classes)
    got = prune_reduced_error(arrays, np.zeros((0, X.shape[1])), [], [])
    assert got["kind"].tolist() == [0]
    np.testing.assert_array_equal(got["value"][0], arrays["value"][0])
