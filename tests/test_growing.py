"""Tests of the builder (id3tree._growing) and its kernels (_presort, _splitting).

The references are written from C45_SPEC (§2.2, §3, §4.2, §5) in plain Python over
lists, independently of the module: Weka's tolerant comparisons, running sums in
instance order, the first best cut, the literal row-order threshold scan.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from id3tree._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from id3tree._encoding import fit_encoding
from id3tree._growing import GrowParams, build_tree, draw_features
from id3tree._presort import distinct_first_rows, presort_columns
from id3tree._splitting import select_splits, snap_threshold
from id3tree.datasets import load_weather

SMALL = 1e-6
LN2 = math.log(2.0)
MAX_DOUBLE = np.finfo(np.float64).max


def eq(a, b, eps=SMALL):
    return a == b or (a - b < eps and b - a < eps)


def gr(a, b, eps=SMALL):
    return a - b > eps


def sm(a, b, eps=SMALL):
    return b - a > eps


def gr_or_eq(a, b, eps=SMALL):
    return b - a < eps or a >= b


def sm_or_eq(a, b, eps=SMALL):
    return a - b < eps or a <= b


def xlnx(x):
    return 0.0 if x < 1e-6 else x * math.log(x) / LN2


def j48_params(**changes):
    params = {
        "gain_ratio": True,
        "min_leaf": 2.0,
        "eps": 1e-6,
        "value_gap": 1e-5,
        "c45_min_split": True,
        "mdl": True,
        "snap_threshold": True,
        "binary_nominal": False,
        "max_depth": -1,
        "min_split_weight": 0.0,
        "min_gain": 0.0,
        "max_features": 1 << 30,
        "seed": 0,
    }
    params.update(changes)
    return GrowParams(**params)


def exact_params(**changes):
    changes = {
        "gain_ratio": False,
        "min_leaf": 1.0,
        "eps": 0.0,
        "value_gap": 1e-7,
        "c45_min_split": False,
        "mdl": False,
        "snap_threshold": False,
        **changes,
    }
    return j48_params(**changes)


# ---------------------------------------------------------------- presorting

SPECIAL = [
    0.0,
    -0.0,
    np.nan,
    -np.nan,
    np.inf,
    -np.inf,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    MAX_DOUBLE,
    -MAX_DOUBLE,
    1.0,
    -1.0,
    1.0 + 2.0**-52,
    1e300,
    -1e-300,
]

sort_inputs = st.lists(
    st.one_of(
        st.sampled_from(SPECIAL),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-3, 3).map(float),
    ),
    min_size=0,
    max_size=60,
)


def presorted_order(v, rows=None):
    """``presort_columns`` on one column (and a second, reversed, copy of it)."""
    X = np.ascontiguousarray(np.stack([v, v[::-1]], axis=1))
    y = np.arange(v.size) % 3
    rows = np.arange(v.size) if rows is None else rows
    values, order, classes = presort_columns(X, y, rows, np.array([0, 1]), np.int8)
    np.testing.assert_array_equal(classes[0], y[rows[order[0]]])
    np.testing.assert_array_equal(values[0], v[rows[order[0]]])
    return order[0]


@settings(max_examples=50, deadline=None)
@given(sort_inputs)
def test_presort_is_a_stable_argsort(values):
    v = np.array(values, dtype=np.float64)
    got = presorted_order(v)
    np.testing.assert_array_equal(got, np.argsort(v, kind="stable"))


def test_presort_large_with_repeats_and_a_subset_of_rows():
    rng = np.random.default_rng(0)
    pool = np.array(SPECIAL + list(rng.normal(scale=1e3, size=40)))
    v = rng.choice(pool, size=1500)
    v[rng.random(v.size) < 0.3] = -123.456  # one heavily repeated value
    got = presorted_order(v)
    np.testing.assert_array_equal(got, np.argsort(v, kind="stable"))
    rows = np.flatnonzero(rng.random(v.size) < 0.5)
    got = presorted_order(v, rows)
    np.testing.assert_array_equal(got, np.argsort(v[rows], kind="stable"))


def test_signed_zeros_and_nans_keep_row_order():
    v = np.array([0.0, -0.0, np.nan, -1.0, -0.0, -np.nan, 0.0, np.inf, -np.inf])
    got = presorted_order(v)
    np.testing.assert_array_equal(got, [8, 3, 0, 1, 4, 6, 7, 2, 5])


# ---------------------------------------------------------------- threshold snapping


def reference_snap(t, column, eps):
    """C45_SPEC §4.2 step 9, literally: one scan of all rows in row order."""
    best = -MAX_DOUBLE
    for v in column:
        if math.isnan(v):
            continue
        if gr(v, best, eps) and sm_or_eq(v, t, eps):
            best = v
    return best


# values in clusters closer than 1e-6 (the fallback scan) and far apart
BASES = [-2.5, 0.0, 1.0, 3.0, 7.25]
OFFSETS = [0.0, 2e-7, 4e-7, 9e-7, 1.1e-6, 3e-6, 0.5]


@st.composite
def snap_cases(draw):
    n = draw(st.integers(1, 25))
    column = [
        draw(
            st.one_of(
                st.builds(
                    lambda b, o: b + o,
                    st.sampled_from(BASES),
                    st.sampled_from(OFFSETS),
                ),
                st.just(np.nan),
            )
        )
        for _ in range(n)
    ]
    column = np.array(column, dtype=np.float64)
    known = column[~np.isnan(column)]
    if known.size and draw(st.booleans()):
        t = float(draw(st.sampled_from(list(known)))) + draw(
            st.sampled_from([0.0, 5e-7, -5e-7, 1e-6, 2e-6, -2e-6, 0.25])
        )
    else:
        t = draw(st.floats(-3.0, 8.0))
    eps = draw(st.sampled_from([1e-6, 1e-6, 0.0]))
    return t, column, eps


def snap_reference(column):
    """The row where each distinct known value first occurs, and the column."""
    known = np.flatnonzero(~np.isnan(column))
    first = np.unique(column[known], return_index=True)[1]
    return known[first].astype(np.int32), column


@settings(max_examples=50, deadline=None)
@given(snap_cases())
def test_snap_threshold_matches_row_order_scan(case):
    t, column, eps = case
    expected = reference_snap(t, column, eps)
    assume(expected != -MAX_DOUBLE)  # some training value is <= t (always at a split)
    assert snap_threshold(t, *snap_reference(column), eps) == expected


def test_snap_threshold_fallback_depends_on_row_order():
    # 1.0 and 1.0 + 5e-7 are within 1e-6: the first one met in row order is kept
    column = np.array([1.0 + 5e-7, np.nan, 1.0, 0.0])
    assert snap_threshold(1.5, *snap_reference(column), 1e-6) == 1.0 + 5e-7
    column = np.array([1.0, 1.0 + 5e-7, 0.0])
    assert snap_threshold(1.5, *snap_reference(column), 1e-6) == 1.0
    # a chain of values 0.6e-6 apart: the row order decides which one is kept
    column = np.array([1.0 + 6e-7, 1.0 + 1.2e-6, 1.0, 1.0 + 1.8e-6])
    assert snap_threshold(1.5, *snap_reference(column), 1e-6) == reference_snap(
        1.5, column, 1e-6
    )
    # tolerant <=: a value just above the midpoint still qualifies
    column = np.array([0.0, 2.0 + 5e-7])
    assert snap_threshold(2.0, *snap_reference(column), 1e-6) == 2.0 + 5e-7
    assert snap_threshold(2.0, *snap_reference(column), 0.0) == 0.0


# ---------------------------------------------------------------- numeric cut search


def old_ent(class_counts, total):
    s = 0.0
    for n_c in class_counts:
        s += xlnx(n_c)
    return xlnx(total) - s


def new_ent(bags, bag_totals):
    s = 0.0
    for row, n_b in zip(bags, bag_totals, strict=True):
        for n_bc in row:
            s += xlnx(n_bc)
        s -= xlnx(n_b)
    return -s


def gain_of(bags, bag_totals, known, W, default_ent, eps=SMALL):
    unknown_rate = (W - known) / W
    num = default_ent - new_ent(bags, bag_totals)
    num = (1.0 - unknown_rate) * num
    if eq(num, 0.0, eps):
        return 0.0
    return num / known


def split_ent(bag_totals, known, W):
    if not gr(known, 0.0):
        return 0.0
    s = 0.0
    for n_b in bag_totals:
        s -= xlnx(n_b)
    s -= xlnx(W - known)
    s += xlnx(W)
    return s


def j48_numeric(x, y, w, n_classes, min_leaf, rows=None):
    """C45_SPEC §4.2 steps 1-8 on one node's instances (in node order).

    ``m`` (the "row count" of known values) is ``rows`` (the instances' sample
    weights, default ``w``) summed over the known values: J48's row count for unit
    sample weights; an integer weight counts as that many rows. Returns
    ``(valid, gain, gain_ratio, midpoint)``.
    """
    rows = w if rows is None else rows
    n = len(x)
    W = 0.0
    for i in range(n):
        W += w[i]
    known_rows = sorted(
        (i for i in range(n) if not math.isnan(x[i])), key=lambda i: x[i]
    )
    m = 0.0
    for i in known_rows:
        m += rows[i]
    bags = [[0.0] * n_classes, [0.0] * n_classes]
    totals = [0.0, 0.0]
    per_class = [0.0] * n_classes
    known = 0.0
    for i in known_rows:
        bags[1][y[i]] += w[i]
        totals[1] += w[i]
        per_class[y[i]] += w[i]
        known += w[i]
    min_split = 0.1 * known / n_classes
    if sm_or_eq(min_split, min_leaf):
        min_split = min_leaf
    elif gr(min_split, 25.0):
        min_split = 25.0
    if sm(m, 2 * min_split):
        return False, 0.0, 0.0, math.nan
    default_ent = old_ent(per_class, known)
    best_gain, split_index, count, last = 0.0, -1, 0, 0
    v = [x[i] for i in known_rows]
    for nxt in range(1, len(known_rows)):
        if v[nxt - 1] + 1e-5 < v[nxt]:
            for i in known_rows[last:nxt]:
                bags[1][y[i]] -= w[i]
                bags[0][y[i]] += w[i]
                totals[1] -= w[i]
                totals[0] += w[i]
            if gr_or_eq(totals[0], min_split) and gr_or_eq(totals[1], min_split):
                g = gain_of(bags, totals, known, W, default_ent)
                if gr(g, best_gain):
                    best_gain, split_index = g, nxt - 1
                count += 1
            last = nxt
    if count == 0:
        return False, 0.0, 0.0, math.nan
    info_gain = best_gain - (math.log(count) / LN2) / W
    if sm_or_eq(info_gain, 0.0):
        return False, info_gain, 0.0, math.nan
    t = (v[split_index] + v[split_index + 1]) / 2
    if t == v[split_index + 1]:
        t = v[split_index]
    n0 = 0.0
    for i in known_rows[: split_index + 1]:
        n0 += w[i]
    n1 = 0.0
    for i in known_rows[split_index + 1 :]:
        n1 += w[i]
    si = split_ent([n0, n1], (0.0 + n0) + n1, W)
    ratio = 0.0 if eq(si, 0.0) else info_gain / (si / W)
    return True, info_gain, ratio, t


def j48_root(x, y, w, n_classes, min_leaf):
    """Root of a one-feature dataset (C45_SPEC §3): split or leaf."""
    W = sum(w)
    counts = [0.0] * n_classes
    for yi, wi in zip(y, w, strict=True):
        counts[yi] += wi
    if sm(W, 2 * min_leaf) or eq(W, max(counts)):
        return None
    valid, gain, ratio, t = j48_numeric(x, y, w, n_classes, min_leaf)
    if not valid or not gr(ratio, 0.0):  # avgGain is this gain; eq(bestGR, 0)
        return None
    return gain, ratio, t


INTEGER_WEIGHTS = [1.0, 1.0, 1.0, 2.0, 3.0]
FRACTIONAL_WEIGHTS = [0.25, 0.3, 0.5, 0.7, 1.0, 1.5, 2.3]
DYADIC_WEIGHTS = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.5, 3.0]
VALUE_POOL = [0.0, 1.0, 1.0 + 4e-6, 1.0 + 2e-5, 2.0, 2.5, 3.0, 3.0 + 5e-8, -1.5, 10.0]


@st.composite
def numeric_datasets(draw, weights, missing=True):
    n = draw(st.integers(2, 30))
    n_classes = draw(st.integers(2, 3))
    cls = st.integers(0, n_classes - 1)
    value = st.sampled_from(VALUE_POOL + ([np.nan] if missing else []))
    if draw(st.booleans()):
        value = st.one_of(value, st.floats(-5.0, 5.0))
    x = draw(st.lists(value, min_size=n, max_size=n))
    y = draw(st.lists(cls, min_size=n, max_size=n))
    w = draw(st.lists(st.sampled_from(weights), min_size=n, max_size=n))
    min_leaf = draw(st.sampled_from([1.0, 2.0, 3.0]))
    return np.array(x, dtype=np.float64), np.array(y), np.array(w), n_classes, min_leaf


def grow_root(x, y, w, n_classes, params):
    arrays = build_tree(
        x[:, None], y, w, n_classes, np.array([0]), params, tol=params.eps
    )
    return arrays


def check_j48_root(data, snap):
    x, y, w, n_classes, min_leaf = data
    params = j48_params(min_leaf=min_leaf, max_depth=1, snap_threshold=snap)
    arrays = grow_root(x, y, w, n_classes, params)
    expected = j48_root(list(x), list(y), list(w), n_classes, min_leaf)
    if expected is None:
        assert arrays["kind"][0] == LEAF
        assert arrays["kind"].size == 1
        return
    gain, ratio, t = expected
    assert arrays["kind"][0] == NUMERIC
    assert arrays["feature"][0] == 0
    assert arrays["gain"][0] == pytest.approx(gain, rel=1e-12, abs=1e-15)
    assert arrays["gain_ratio"][0] == pytest.approx(ratio, rel=1e-12, abs=1e-15)
    if snap:
        t = reference_snap(t, x, SMALL)
    assert arrays["threshold"][0] == t


@settings(max_examples=50, deadline=None)
@given(numeric_datasets(weights=INTEGER_WEIGHTS))
def test_numeric_cut_matches_j48_integer_weights(data):
    check_j48_root(data, snap=False)


@settings(max_examples=50, deadline=None)
@given(numeric_datasets(weights=FRACTIONAL_WEIGHTS))
def test_numeric_cut_matches_j48_fractional_weights(data):
    check_j48_root(data, snap=True)


def test_numeric_cut_hand_example():
    # 8 known values, perfect cut between 4 and 5, two missing rows (W = 10)
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, np.nan, np.nan], dtype=np.float64)
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1])
    w = np.ones(10)
    arrays = grow_root(x, y, w, 2, j48_params(max_depth=1, snap_threshold=False))
    # minSplit = 2: cuts after 2, 3, 4, 5, 6 count; gain = 8/10 * 1 bit - MDL
    assert arrays["gain"][0] == pytest.approx(0.8 - math.log2(5) / 10, abs=1e-15)
    split_info = -(0.4 * math.log2(0.4) * 2 + 0.2 * math.log2(0.2))
    assert arrays["gain_ratio"][0] == pytest.approx(
        (0.8 - math.log2(5) / 10) / split_info, abs=1e-15
    )
    assert arrays["threshold"][0] == 4.5
    arrays = grow_root(x, y, w, 2, j48_params(max_depth=1))
    assert arrays["threshold"][0] == 4.0


def test_numeric_min_split_is_clamped_to_25():
    # 600 rows, 2 classes: 0.1 * 600 / 2 = 30 -> minSplit = 25, so the pure cut
    # after 20 rows is not allowed; the best cut leaves 25 rows on the left
    x = np.arange(600, dtype=np.float64)
    y = (x >= 20).astype(np.intp)
    w = np.ones(600)
    gain, ratio, t = j48_root(list(x), list(y), list(w), 2, 2.0)
    assert t == 24.5
    arrays = grow_root(x, y, w, 2, j48_params(max_depth=1, snap_threshold=False))
    assert arrays["threshold"][0] == 24.5
    assert arrays["gain"][0] == pytest.approx(gain, rel=1e-12)
    assert arrays["gain_ratio"][0] == pytest.approx(ratio, rel=1e-12)
    # MDL: 551 admissible cuts (both sides >= 25)
    left = entropy_bits([20.0, 5.0]) * 25 / 600
    assert gain == pytest.approx(
        entropy_bits([20.0, 580.0]) - left - math.log2(551) / 600, rel=1e-12
    )


def test_integer_weights_equal_repeated_rows():
    rng = np.random.default_rng(3)
    x = rng.choice([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, np.nan], size=25)
    y = (np.nan_to_num(x) > 2.5).astype(np.intp) ^ (rng.random(25) < 0.15)
    w = rng.integers(1, 4, size=25).astype(np.float64)
    rep = np.repeat(np.arange(25), w.astype(int))
    a = grow_root(x, y, w, 2, j48_params(max_depth=1))
    b = grow_root(x[rep], y[rep], np.ones(rep.size), 2, j48_params(max_depth=1))
    assert a["kind"][0] == b["kind"][0] == NUMERIC
    assert a["threshold"][0] == b["threshold"][0]
    assert a["gain"][0] == pytest.approx(b["gain"][0], rel=1e-12)
    assert a["gain_ratio"][0] == pytest.approx(b["gain_ratio"][0], rel=1e-12)
    np.testing.assert_allclose(a["value"], b["value"], rtol=1e-12)


def entropy_bits(counts):
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c > 0)


def best_gain_cut(x, y, w, n_classes, min_leaf):
    """Every admissible cut's information gain; the first strict maximum.

    Cuts lie between sorted known values more than 1e-7 apart, with at least
    ``min_leaf`` weight on each side (plain comparisons). Gains are computed in
    C45_SPEC §5's order with an exact zero test (so that ties compare exactly as a
    sequential scan sees them), and also from the textbook formula. Returns
    ``(gain, textbook_gain, midpoint)``, or None when no cut has a positive gain.
    """
    known = sorted(
        (i for i in range(len(x)) if not math.isnan(x[i])), key=lambda i: x[i]
    )
    W = sum(w)
    K = sum(w[i] for i in known)
    if K < 2 * min_leaf:
        return None
    total = [0.0] * n_classes
    for i in known:
        total[y[i]] += w[i]
    default_ent = old_ent(total, K)
    best, best_gain = None, 0.0
    for k in range(1, len(known)):
        lo, hi = x[known[k - 1]], x[known[k]]
        if not lo + 1e-7 < hi:
            continue
        left, right = [0.0] * n_classes, [0.0] * n_classes
        for i in known[:k]:
            left[y[i]] += w[i]
        for i in known[k:]:
            right[y[i]] += w[i]
        nl, nr = sum(left), sum(right)
        if nl < min_leaf or nr < min_leaf:
            continue
        g = gain_of([left, right], [nl, nr], K, W, default_ent, eps=0.0)
        if g > best_gain:
            textbook = (
                K
                / W
                * (
                    entropy_bits(total)
                    - nl / K * entropy_bits(left)
                    - nr / K * entropy_bits(right)
                )
            )
            t = (lo + hi) / 2
            best, best_gain = (g, textbook, t if t != hi else lo), g
    return best


@settings(max_examples=50, deadline=None)
@given(numeric_datasets(weights=DYADIC_WEIGHTS))
def test_exact_numeric_cut_is_first_best_gain(data):
    # dyadic weights: every count is exact, so "at least min_leaf" is unambiguous
    x, y, w, n_classes, min_leaf = data
    arrays = grow_root(x, y, w, n_classes, exact_params(min_leaf=min_leaf, max_depth=1))
    best = best_gain_cut(list(x), list(y), list(w), n_classes, min_leaf)
    counts = np.bincount(y, weights=w, minlength=n_classes)
    if best is None or counts.max() == w.sum() or w.sum() < 2 * min_leaf:
        assert arrays["kind"][0] == LEAF
        return
    gain, textbook, t = best
    assert arrays["kind"][0] == NUMERIC
    assert arrays["gain"][0] == pytest.approx(gain, rel=1e-13, abs=1e-15)
    assert arrays["gain"][0] == pytest.approx(textbook, rel=1e-9, abs=1e-12)
    assert arrays["threshold"][0] == t


# ---------------------------------------------------------------- select_splits


def reference_select(tasks, counted, use_gain_ratio, eps, min_gain):
    """C45_SPEC §3 steps 4-6 (or ID3's best gain) for one node's candidate list."""
    best = -1
    if use_gain_ratio:
        total, n = 0.0, 0
        for _, feat, ok, g, _r in tasks:
            if ok and counted[feat]:
                total += g
                n += 1
        if n == 0:
            return -1
        average = total / n
        best_ratio = 0.0
        for t, _, ok, g, r in tasks:
            if ok and g >= average - 1e-3 and gr(r, best_ratio, eps):
                best, best_ratio = t, r
        if best >= 0 and eq(best_ratio, 0.0, eps):
            return -1
    else:
        best_gain = 0.0
        for t, _, ok, g, _r in tasks:
            if ok and gr(g, best_gain, eps):
                best, best_gain = t, g
    if best >= 0 and tasks[[task[0] for task in tasks].index(best)][3] < min_gain:
        return -1
    return best


SCORES = [
    0.0,
    1e-7,
    5e-7,
    1e-6,
    1.5e-6,
    0.1,
    0.1 + 5e-7,
    0.1 + 2e-6,
    0.099,
    0.1011,
    -1e-3,
]


@st.composite
def selection_problems(draw):
    n_features = draw(st.integers(1, 5))
    n_nodes = draw(st.integers(1, 6))
    per_node = draw(st.integers(1, n_features))
    score = st.one_of(st.sampled_from(SCORES), st.floats(-0.01, 1.0))
    feats, valid, gain, ratio = [], [], [], []
    for _ in range(n_nodes):
        chosen = sorted(
            draw(
                st.sets(
                    st.integers(0, n_features - 1), min_size=per_node, max_size=per_node
                )
            )
        )
        for f in chosen:
            feats.append(f)
            valid.append(draw(st.booleans()) or draw(st.booleans()))
            gain.append(draw(score))
            ratio.append(draw(score))
    counted = draw(st.lists(st.booleans(), min_size=n_features, max_size=n_features))
    return (
        np.arange(0, n_nodes * per_node + 1, per_node, dtype=np.intp),
        np.array(feats, dtype=np.intp),
        np.array(valid, dtype=bool),
        np.array(gain, dtype=np.float64),
        np.array(ratio, dtype=np.float64),
        np.array(counted, dtype=bool),
        draw(st.booleans()),
        draw(st.sampled_from([1e-6, 0.0])),
        draw(st.sampled_from([0.0, 0.0, 0.05])),
    )


@settings(max_examples=50, deadline=None)
@given(selection_problems())
def test_select_splits_matches_reference(problem):
    task_start, feats, valid, gain, ratio, counted, use_ratio, eps, min_gain = problem
    got = select_splits(
        task_start, feats, valid, gain, ratio, counted, use_ratio, eps, min_gain
    )
    for k in range(task_start.size - 1):
        tasks = [
            (t, int(feats[t]), bool(valid[t]), float(gain[t]), float(ratio[t]))
            for t in range(task_start[k], task_start[k + 1])
        ]
        assert got[k] == reference_select(tasks, counted, use_ratio, eps, min_gain)


def run_select(gain, ratio, valid=None, counted=None, use_ratio=True, eps=1e-6):
    n = len(gain)
    return int(
        select_splits(
            np.array([0, n], dtype=np.intp),
            np.arange(n, dtype=np.intp),
            np.ones(n, dtype=bool) if valid is None else np.array(valid),
            np.array(gain, dtype=np.float64),
            np.array(ratio, dtype=np.float64),
            np.ones(n, dtype=bool) if counted is None else np.array(counted),
            use_ratio,
            eps,
            0.0,
        )[0]
    )


def test_select_splits_tie_breaks():
    # weather.nominal root (C45_SPEC §10.1): outlook wins on gain ratio
    gains = [0.24674981977443913, 0.029222565658954584, 0.1518355013623419, 0.0481]
    ratios = [0.15642756242117517, 0.018772646222418633, 0.1518355013623419, 0.0488]
    assert run_select(gains, ratios) == 0
    # ratio ties within 1e-6 go to the lowest feature; eps = 0 takes the larger
    assert run_select([0.5, 0.5], [0.3, 0.3 + 5e-7]) == 0
    assert run_select([0.5, 0.5], [0.3, 0.3 + 5e-7], eps=0.0) == 1
    # the average-gain filter: gain >= average - 1e-3 (plain >=)
    assert run_select([0.2, 0.1], [0.1, 0.9]) == 0
    assert run_select([0.2, 0.1985], [0.1, 0.9]) == 1
    # a non-counted feature is still a candidate, it only leaves the average
    assert run_select([0.2, 0.5], [0.9, 0.1], counted=[True, False]) == 0
    assert run_select([0.2, 0.5], [0.9, 0.1]) == 1
    # nothing counted: leaf; best ratio within 1e-6 of 0: leaf
    assert run_select([0.2], [0.1], counted=[False]) == -1
    assert run_select([0.2, 0.2], [5e-7, 0.0]) == -1
    # ID3: strictly best gain, first on ties
    assert run_select([0.1, 0.1 + 5e-7, 0.05], [0, 0, 0], use_ratio=False) == 0
    assert run_select([0.1, 0.1 + 2e-6], [0, 0], use_ratio=False) == 1
    assert run_select([5e-7], [1.0], use_ratio=False) == -1


# ---------------------------------------------------------------- feature draws


def test_draw_features():
    # Without the JIT, numpy warns that the splitmix hash's uint64 products wrap;
    # wrapping is intended and the values equal the compiled ones.
    with np.errstate(over="ignore"):
        a = draw_features(50, 7, 10, 3, 42)
        assert a.shape == (50, 3)
        np.testing.assert_array_equal(a, draw_features(50, 7, 10, 3, 42))
        assert np.all((a >= 0) & (a < 10))
        assert np.all(np.diff(a, axis=1) > 0)  # sorted and distinct
        assert not np.array_equal(a, draw_features(50, 7, 10, 3, 43))
        assert len({tuple(r) for r in a}) > 10  # nodes get different draws
        # the draw of a node depends only on the seed and its id
        np.testing.assert_array_equal(a[5:6], draw_features(1, 12, 10, 3, 42))
        np.testing.assert_array_equal(
            draw_features(4, 0, 5, 5, 1), np.tile(np.arange(5), (4, 1))
        )
        # every feature gets drawn over many nodes
        assert set(np.unique(draw_features(200, 0, 10, 2, 9))) == set(range(10))


# ---------------------------------------------------------------- the builder


def test_weather_root_and_breadth_first_numbering():
    X, y = load_weather(return_X_y=True)
    encoding, X_enc = fit_encoding(X)
    y_codes = np.asarray(y.cat.codes, dtype=np.intp)  # yes = 0, no = 1
    arrays = build_tree(
        X_enc, y_codes, np.ones(len(y)), 2, encoding.n_categories, j48_params()
    )
    assert arrays["feature"][0] == 0  # outlook
    assert arrays["kind"][0] == NOMINAL
    assert arrays["n_children"][0] == 3
    np.testing.assert_array_equal(arrays["value"][0], [9.0, 5.0])
    np.testing.assert_array_equal(arrays["branch_value"][0], [9.0, 5.0])
    assert arrays["gain"][0] == pytest.approx(0.24674981977443913, abs=1e-15)
    assert arrays["gain_ratio"][0] == pytest.approx(0.15642756242117517, abs=1e-15)
    # sunny 2 yes / 3 no, overcast 4 / 0, rainy 3 / 2
    np.testing.assert_array_equal(arrays["value"][1:4], [[2, 3], [4, 0], [3, 2]])
    # breadth-first: the k-th split node's children follow those of the earlier ones
    internal = np.flatnonzero(arrays["n_children"] > 0)
    np.testing.assert_array_equal(
        arrays["first_child"][internal],
        1 + np.concatenate([[0], np.cumsum(arrays["n_children"][internal])[:-1]]),
    )
    assert np.all(arrays["first_child"][internal] > internal)
    n_nodes = arrays["kind"].size
    assert arrays["n_children"].sum() == n_nodes - 1
    assert np.all(arrays["first_child"][arrays["n_children"] == 0] == -1)
    # sunny splits on humidity, rainy on windy (J48's weather.nominal tree)
    assert arrays["feature"][1] == 2
    assert arrays["feature"][3] == 3


def missing_case_nominal():
    """Nominal feature with two categories, two rows missing (weights 2 and 0.5)."""
    x = np.array([0, 0, 0, 1, 1, 1, 1, np.nan, np.nan])
    y = np.array([0, 0, 0, 1, 1, 1, 0, 0, 1])
    w = np.array([1, 1, 1, 1, 1, 1, 1, 2.0, 0.5])
    # known bags: [3, 0] and [1, 3]: pk = [3/7, 4/7]
    pk = [Fraction(3, 7), Fraction(4, 7)]
    return x, y, w, np.array([2]), pk, [[3, 0], [1, 3]], [2, 0.5]


def missing_case_numeric():
    """Numeric feature, perfect cut at 4, two rows missing."""
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, np.nan, np.nan], dtype=np.float64)
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1])
    w = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1.5, 1.0])
    pk = [Fraction(1, 2), Fraction(1, 2)]
    return x, y, w, np.array([0]), pk, [[4, 0], [0, 4]], [1.5, 1.0]


@pytest.mark.parametrize("case", [missing_case_nominal, missing_case_numeric])
def test_missing_values_complete_the_split_distribution(case):
    x, y, w, n_categories, pk, known_bags, missing_w = case()
    arrays = build_tree(
        x[:, None], y, w, 2, n_categories, j48_params(max_depth=1, min_leaf=1.0)
    )
    assert arrays["kind"][0] != LEAF
    assert arrays["n_children"][0] == 2
    # §2.2 by hand: the missing rows (classes 0 and 1) add pk[b] * w to bag b
    completed = [
        [
            Fraction(known_bags[b][0]) + pk[b] * Fraction(missing_w[0]),
            Fraction(known_bags[b][1]) + pk[b] * Fraction(missing_w[1]),
        ]
        for b in range(2)
    ]
    expected = np.array([[float(v) for v in row] for row in completed])
    children = slice(arrays["first_child"][0], arrays["first_child"][0] + 2)
    np.testing.assert_allclose(arrays["branch_value"][children], expected, rtol=1e-15)
    totals = np.bincount(y, weights=w, minlength=2)
    np.testing.assert_allclose(arrays["value"][0], totals, rtol=1e-15)
    np.testing.assert_allclose(
        arrays["branch_value"][children].sum(axis=0), arrays["value"][0], rtol=1e-15
    )
    # the children's own distributions: known rows plus missing rows at n[b] / N
    share = [sum(row) / sum(map(sum, completed)) for row in completed]
    own = np.array(
        [
            [
                float(known_bags[b][0] + share[b] * Fraction(missing_w[0])),
                float(known_bags[b][1] + share[b] * Fraction(missing_w[1])),
            ]
            for b in range(2)
        ]
    )
    np.testing.assert_allclose(arrays["value"][children], own, rtol=1e-14)
    np.testing.assert_allclose(
        arrays["value"][children].sum(axis=0), arrays["value"][0], rtol=1e-14
    )


# ---------------------------------------------------------------- whole trees


def j48_nominal(col, y, inst, n_values, n_classes, min_leaf, W):
    """C45_SPEC §4.1: multiway split of a node's instances ``(row, weight)``."""
    bags = [[0.0] * n_classes for _ in range(n_values)]
    totals = [0.0] * n_values
    per_class = [0.0] * n_classes
    known = 0.0
    for r, wt in inst:
        if math.isnan(col[r]):
            continue
        b = int(col[r])
        bags[b][y[r]] += wt
        totals[b] += wt
        per_class[y[r]] += wt
        known += wt
    if sum(gr_or_eq(t, min_leaf) for t in totals) < 2:
        return False, 0.0, 0.0, math.nan
    g = gain_of(bags, totals, known, W, old_ent(per_class, known))
    si = split_ent(totals, known, W)
    return True, g, 0.0 if eq(si, 0.0) else g / (si / W), math.nan


def j48_nominal_binary(col, y, inst, n_values, n_classes, min_leaf, W):
    """C45_SPEC §4.3: the best ``= v`` / ``!= v`` split; the threshold is ``v``."""
    counts = [[0.0] * n_classes for _ in range(n_values)]
    totals = [0.0] * n_values
    per_class = [0.0] * n_classes
    known = 0.0
    for r, wt in inst:
        if not math.isnan(col[r]):
            counts[int(col[r])][y[r]] += wt
            totals[int(col[r])] += wt
            per_class[y[r]] += wt
            known += wt
    found, best = False, (False, 0.0, 0.0, math.nan)
    for i in range(n_values):
        if not gr_or_eq(totals[i], min_leaf):
            continue
        rest = [0.0] * n_classes
        for j in range(n_values):
            if j != i:
                for c in range(n_classes):
                    rest[c] += counts[j][c]
        two_totals = [totals[i], known - totals[i]]
        if not gr_or_eq(two_totals[1], min_leaf):
            continue
        found = True  # J48: numSubsets = 2, a valid model
        g = gain_of([counts[i], rest], two_totals, known, W, old_ent(per_class, known))
        si = split_ent(two_totals, known, W)
        r = 0.0 if eq(si, 0.0) else g / (si / W)
        if i == 0 or gr(r, best[2]):
            best = (True, g, r, float(i))
    return (found,) + best[1:]


def j48_select(X, y, inst, n_categories, n_classes, min_leaf, n_all, binary):
    """C45_SPEC §3: ``(feature, gain, ratio, midpoint or code)`` or None (leaf)."""
    W = 0.0
    counts = [0.0] * n_classes
    for r, wt in inst:
        W += wt
        counts[y[r]] += wt
    if sm(W, 2 * min_leaf) or eq(W, max(counts)):
        return None
    models = []
    for a, k in enumerate(n_categories):
        col = X[:, a]
        if k == 0:
            x = [col[r] for r, _ in inst]
            models.append(
                j48_numeric(
                    x,
                    [y[r] for r, _ in inst],
                    [wt for _, wt in inst],
                    n_classes,
                    min_leaf,
                    rows=[1.0] * len(inst),
                )
            )
        elif binary:
            models.append(j48_nominal_binary(col, y, inst, k, n_classes, min_leaf, W))
        else:
            models.append(j48_nominal(col, y, inst, k, n_classes, min_leaf, W))
    multi_valued = all(k > 0 and not sm(k, 0.3 * n_all) for k in n_categories)
    total, n_counted = 0.0, 0
    for (valid, g, _, _), k in zip(models, n_categories, strict=True):
        if valid and (k == 0 or multi_valued or sm(k, 0.3 * n_all)):
            total += g
            n_counted += 1
    if n_counted == 0:
        return None
    average = total / n_counted
    best, best_ratio = None, 0.0
    for a, (valid, g, r, t) in enumerate(models):
        if valid and g >= average - 1e-3 and gr(r, best_ratio):
            best, best_ratio = (a, g, r, t), r
    if best is None or eq(best_ratio, 0.0):
        return None
    return best


def slot_of(kind, threshold, n_children, v):
    if math.isnan(v):
        return None
    if kind == NUMERIC:
        return 0 if sm_or_eq(v, threshold) else 1
    if kind == NOMINAL_BINARY:
        return 0 if v == threshold else 1
    return int(v)


def j48_partition(X, y, inst, feature, kind, threshold, n_children, n_classes):
    """C45_SPEC §2.2: completed bags and the children's instances."""
    bags = [[0.0] * n_classes for _ in range(n_children)]
    totals = [0.0] * n_children
    missing = []
    slots = []
    for r, wt in inst:
        b = slot_of(kind, threshold, n_children, X[r, feature])
        slots.append(b)
        if b is None:
            missing.append((r, wt))
        else:
            bags[b][y[r]] += wt
            totals[b] += wt
    known = sum(totals)
    pk = [1.0 / n_children if eq(known, 0.0) else t / known for t in totals]
    for r, wt in missing:
        for b in range(n_children):
            bags[b][y[r]] += pk[b] * wt
            totals[b] += pk[b] * wt
    N = sum(totals)
    prob = [t / N for t in totals]
    children = [[] for _ in range(n_children)]
    for (r, wt), b in zip(inst, slots, strict=True):
        if b is not None:
            children[b].append((r, wt))
        else:
            for c in range(n_children):
                if gr(prob[c], 0.0):
                    children[c].append((r, wt * prob[c]))
    return bags, children


def check_against_j48(X, y, n_categories, n_classes, params):
    """Walk the built tree; at every node recompute J48's decision from its data."""
    arrays = build_tree(
        X, y, np.ones(len(y)), n_classes, n_categories, params, tol=SMALL
    )
    n_all = len(y)
    pending = [(0, [(r, 1.0) for r in range(n_all)])]
    seen = 0
    while pending:
        node, inst = pending.pop()
        seen += 1
        counts = np.zeros(n_classes)
        for r, wt in inst:
            counts[y[r]] += wt
        expected = j48_select(
            X,
            y,
            inst,
            n_categories,
            n_classes,
            params.min_leaf,
            n_all,
            params.binary_nominal,
        )
        if expected is None:
            assert arrays["kind"][node] == LEAF, node
            np.testing.assert_allclose(arrays["value"][node], counts, atol=1e-9)
            assert arrays["empty"][node] == eq(counts.sum(), 0.0)
            continue
        feature, gain, ratio, t = expected
        assert arrays["feature"][node] == feature, node
        assert arrays["gain"][node] == pytest.approx(gain, rel=1e-9, abs=1e-12)
        assert arrays["gain_ratio"][node] == pytest.approx(ratio, rel=1e-9, abs=1e-12)
        kind = arrays["kind"][node]
        if n_categories[feature] == 0:
            assert kind == NUMERIC
            t = reference_snap(t, X[:, feature], SMALL)
        else:
            assert kind == (NOMINAL_BINARY if params.binary_nominal else NOMINAL)
        assert arrays["threshold"][node] == t or (np.isnan(t) and kind == NOMINAL)
        n_children = arrays["n_children"][node]
        bags, children = j48_partition(
            X, y, inst, feature, kind, t, n_children, n_classes
        )
        first = arrays["first_child"][node]
        np.testing.assert_allclose(
            arrays["branch_value"][first : first + n_children], bags, atol=1e-9
        )
        np.testing.assert_allclose(arrays["value"][node], counts, atol=1e-9)
        pending.extend((first + b, children[b]) for b in range(n_children))
    assert seen == arrays["kind"].size


@st.composite
def mixed_datasets(draw):
    n = draw(st.integers(4, 40))
    n_classes = draw(st.integers(2, 3))
    n_categories = draw(
        st.lists(st.sampled_from([0, 0, 2, 3, 4]), min_size=1, max_size=3)
    )
    columns = []
    for k in n_categories:
        values = VALUE_POOL if k == 0 else [float(c) for c in range(k)]
        value = st.one_of(st.sampled_from(values), st.just(np.nan))
        if k == 0 and draw(st.booleans()):
            value = st.one_of(value, st.floats(-5.0, 5.0))
        columns.append(draw(st.lists(value, min_size=n, max_size=n)))
    X = np.array(columns, dtype=np.float64).T.copy()
    y = np.array(draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))
    if draw(st.booleans()):  # labels mostly follow the first column
        noise = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        key = np.nan_to_num(X[:, 0], nan=7.0)
        y = np.where(noise, y, (key > np.median(key)).astype(int))
    params = j48_params(
        min_leaf=draw(st.sampled_from([1.0, 2.0])),
        binary_nominal=draw(st.booleans()),
    )
    return X, y.astype(np.intp), np.array(n_categories), n_classes, params


@settings(max_examples=40, deadline=None)
@given(mixed_datasets())
def test_build_tree_matches_recursive_j48(data):
    check_against_j48(*data)


def test_snap_reference_from_the_presorted_columns():
    rng = np.random.default_rng(3)
    v = rng.choice([0.5, 1.0, 1.0 + 5e-7, 2.0, np.nan], size=200)
    X = v[:, None]
    values, order, _ = presort_columns(
        X, np.zeros(200, dtype=np.intp), np.arange(200), np.array([0]), np.int8
    )
    first_rows = distinct_first_rows(values[0], order[0])
    np.testing.assert_array_equal(first_rows, snap_reference(v)[0])


def test_more_entries_than_int32_ids_is_a_clear_error(monkeypatch):
    # ids, rows and positions are int32: the limit is checked, not overflowed
    import id3tree._growing as growing
    from id3tree import C45Classifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = (X[:, 0] > 0).astype(int)
    monkeypatch.setattr(growing, "_MAX_ENTRIES", 39)
    with pytest.raises(ValueError, match="40 training rows; at most 39"):
        C45Classifier().fit(X, y)
    X[::4, 0] = np.nan  # missing values at the root split are copied to both children
    monkeypatch.setattr(growing, "_MAX_ENTRIES", 40)
    with pytest.raises(ValueError, match="missing-value copies make"):
        C45Classifier(min_samples_leaf=1).fit(X, y)
