"""Tests of id3tree._information: J48 kernels, distributions, empirical gains."""

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mutual_info_score

from id3tree._information import (
    LN2,
    conditional_entropy,
    cross_entropy,
    entropy,
    gain_ratio,
    gain_ratio_from,
    information_gain,
    joint_entropy,
    kl_divergence,
    mutual_information,
    self_information,
    split_entropy,
    split_gain,
    split_information,
    weighted_conditional_entropy,
    weighted_entropy,
    xlnx,
)

# ------------------------------------------------------------------ datasets

WEATHER = [
    ("sunny", "hot", "high", "FALSE", "no"),
    ("sunny", "hot", "high", "TRUE", "no"),
    ("overcast", "hot", "high", "FALSE", "yes"),
    ("rainy", "mild", "high", "FALSE", "yes"),
    ("rainy", "cool", "normal", "FALSE", "yes"),
    ("rainy", "cool", "normal", "TRUE", "no"),
    ("overcast", "cool", "normal", "TRUE", "yes"),
    ("sunny", "mild", "high", "FALSE", "no"),
    ("sunny", "cool", "normal", "FALSE", "yes"),
    ("rainy", "mild", "normal", "FALSE", "yes"),
    ("sunny", "mild", "normal", "TRUE", "yes"),
    ("overcast", "mild", "high", "TRUE", "yes"),
    ("overcast", "hot", "normal", "FALSE", "yes"),
    ("rainy", "mild", "high", "TRUE", "no"),
]
WEATHER_COLUMNS = list(zip(*WEATHER, strict=True))
PLAY = WEATHER_COLUMNS[4]
# declared (ARFF) value order, which J48 uses for its bags
WEATHER_VALUES = [
    ["sunny", "overcast", "rainy"],
    ["hot", "mild", "cool"],
    ["high", "normal"],
    ["TRUE", "FALSE"],
]
# C45_SPEC section 10.1, Weka 3.6.14's exact doubles
WEATHER_GAIN = [
    0.24674981977443913,
    0.029222565658954584,
    0.1518355013623419,
    0.048127030408269454,
]
WEATHER_RATIO = [
    0.15642756242117517,
    0.018772646222418633,
    0.1518355013623419,
    0.04884861551152081,
]
WEATHER_SPLIT_INFO = [1.5774, 1.5567, 1.0000, 0.9852]

LOAN = [
    ("youth", "no", "no", "fair", "no"),
    ("youth", "no", "no", "good", "no"),
    ("youth", "yes", "no", "good", "yes"),
    ("youth", "yes", "yes", "fair", "yes"),
    ("youth", "no", "no", "fair", "no"),
    ("middle", "no", "no", "fair", "no"),
    ("middle", "no", "no", "good", "no"),
    ("middle", "yes", "yes", "good", "yes"),
    ("middle", "no", "yes", "excellent", "yes"),
    ("middle", "no", "yes", "excellent", "yes"),
    ("old", "no", "yes", "excellent", "yes"),
    ("old", "no", "yes", "good", "yes"),
    ("old", "yes", "no", "good", "yes"),
    ("old", "yes", "no", "excellent", "yes"),
    ("old", "no", "no", "fair", "no"),
]
LOAN_COLUMNS = list(zip(*LOAN, strict=True))
APPROVED = LOAN_COLUMNS[4]
# SEEDS.md: feature -> (gain, split information, gain ratio), 4 decimals
LOAN_NUMBERS = {
    0: (0.0830, 1.5850, 0.0524),
    1: (0.3237, 0.9183, 0.3524),
    2: (0.4200, 0.9710, 0.4325),
    3: (0.3630, 1.5656, 0.2319),
}


# ------------------------------------------------------------ brute force


def ref_xlnx(x):
    return 0.0 if x < 1e-6 else x * math.log(x) / math.log(2)


def ref_old_ent(counts):
    s = 0.0
    n = 0.0
    for c in counts:
        s += ref_xlnx(c)
        n += c
    return ref_xlnx(n) - s


def ref_new_ent(table, row_totals):
    s = 0.0
    for b in range(len(table)):
        for c in table[b]:
            s += ref_xlnx(c)
        s -= ref_xlnx(row_totals[b])
    return -s


def ref_gain(table, row_totals, n, w, old_ent, eps):
    rate = (w - n) / w
    num = (1 - rate) * (old_ent - ref_new_ent(table, row_totals))
    if num == 0 or (num < eps and -num < eps):
        return 0.0
    return num / n


def ref_split_ent(row_totals, n, w):
    if not n > 1e-6:
        return 0.0
    s = 0.0
    for r in row_totals:
        s -= ref_xlnx(r)
    s -= ref_xlnx(w - n)
    s += ref_xlnx(w)
    return s


def ref_entropy_bits(counts):
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c > 0)


def ref_gain_and_split(x, y, w=None):
    """Textbook C4.5 formulas with plain Python dictionaries."""
    w = [1.0] * len(x) if w is None else list(w)
    known = [
        i
        for i, v in enumerate(x)
        if not (v is None or (isinstance(v, float) and v != v))
    ]
    total_weight = sum(w)
    known_weight = sum(w[i] for i in known)
    by_class, by_value, by_cell = {}, {}, {}
    for i in known:
        by_class[y[i]] = by_class.get(y[i], 0.0) + w[i]
        by_value[x[i]] = by_value.get(x[i], 0.0) + w[i]
        by_cell[x[i], y[i]] = by_cell.get((x[i], y[i]), 0.0) + w[i]
    h = ref_entropy_bits(list(by_class.values())) if known else 0.0
    cond = 0.0
    for v, nv in by_value.items():
        cell = [c for (xv, _), c in by_cell.items() if xv == v]
        cond += nv / known_weight * ref_entropy_bits(cell)
    fraction = known_weight / total_weight
    gain = fraction * (h - cond) if known else 0.0
    parts = list(by_value.values()) + [total_weight - known_weight]
    split = ref_entropy_bits([p for p in parts if p > 0]) if known else 0.0
    return gain, split


def weka_table(column, values):
    """The weather split table in J48's value and class order."""
    table = np.zeros((len(values), 2))
    for v, p in zip(column, PLAY, strict=True):
        table[values.index(v), ["yes", "no"].index(p)] += 1.0
    return table


# ------------------------------------------------------------------ kernels


@pytest.mark.parametrize("x", [0.0, 5e-7, 1e-6, 0.3, 1.0, 2.0, 9.0, 14.0, 1e6])
def test_xlnx_matches_formula(x):
    assert xlnx(x) == ref_xlnx(x)


def test_xlnx_guard_is_1e_minus_6():
    assert xlnx(9.99e-7) == 0.0
    assert xlnx(1e-6) != 0.0
    assert xlnx(1.0) == 0.0


def test_kernels_match_brute_force_on_random_weighted_tables():
    rng = np.random.default_rng(0)
    for _ in range(50):
        k, c = rng.integers(1, 6), rng.integers(1, 5)
        table = rng.random((k, c)) * rng.choice([1e-7, 1.0, 30.0])
        table[rng.random((k, c)) < 0.3] = 0.0
        row_totals = np.array([sum(row) for row in table])
        class_totals = np.array([sum(col) for col in table.T])
        n = sum(row_totals)
        w = n + rng.random() * n
        assert weighted_entropy(class_totals) == ref_old_ent(class_totals)
        assert weighted_conditional_entropy(table, row_totals) == ref_new_ent(
            table, row_totals
        )
        old = ref_old_ent(class_totals)
        for eps in (0.0, 1e-6):
            assert split_gain(table, row_totals, n, w, old, eps) == ref_gain(
                table, row_totals, n, w, old, eps
            )
        assert split_entropy(row_totals, n, w) == ref_split_ent(row_totals, n, w)


def test_kernels_accept_non_contiguous_views():
    table = np.asfortranarray(np.array([[3.0, 1.0], [0.0, 4.0], [2.0, 2.0]]))
    rows = table.sum(axis=1)
    assert weighted_conditional_entropy(table, rows) == ref_new_ent(table, rows)
    assert weighted_entropy(table[:, 0]) == ref_old_ent(table[:, 0])


def test_weighted_entropy_is_total_times_entropy():
    counts = np.array([3.0, 5.0, 2.0])
    assert weighted_entropy(counts) / 10 == pytest.approx(
        scipy.stats.entropy(counts, base=2), abs=1e-14
    )


def test_split_gain_eps_zero_test():
    # numerator 1e-7 * N: zero for C4.5's 1e-6 test, kept by an exact test
    table = np.array([[1.0, 1.0], [1.0, 1.0]])
    rows = table.sum(axis=1)
    old = weighted_conditional_entropy(table, rows) + 1e-7
    assert split_gain(table, rows, 4.0, 4.0, old, 1e-6) == 0.0
    assert split_gain(table, rows, 4.0, 4.0, old, 0.0) == pytest.approx(1e-7 / 4)


def test_split_gain_all_missing_is_zero():
    table = np.zeros((2, 2))
    assert split_gain(table, np.zeros(2), 0.0, 5.0, 0.0, 1e-6) == 0.0
    assert split_entropy(np.zeros(2), 0.0, 5.0) == 0.0


def test_gain_ratio_from():
    assert gain_ratio_from(0.5, 8.0, 4.0, 1e-6) == 0.25
    assert gain_ratio_from(0.5, 5e-7, 4.0, 1e-6) == 0.0
    assert gain_ratio_from(0.5, 5e-7, 4.0, 0.0) == 0.5 / (5e-7 / 4.0)
    assert gain_ratio_from(0.5, 0.0, 4.0, 0.0) == 0.0


def test_split_entropy_counts_missing_as_a_branch():
    rows = np.array([3.0, 3.0])
    assert split_entropy(rows, 6.0, 9.0) / 9.0 == pytest.approx(
        scipy.stats.entropy([3, 3, 3], base=2)
    )


@pytest.mark.parametrize("attribute", range(4))
def test_weather_kernels_reproduce_weka_doubles(attribute):
    table = weka_table(WEATHER_COLUMNS[attribute], WEATHER_VALUES[attribute])
    rows = table.sum(axis=1)
    old = weighted_entropy(table.sum(axis=0))
    assert old == 13.164003421388834
    gain = split_gain(table, rows, 14.0, 14.0, old, 1e-6)
    assert gain == WEATHER_GAIN[attribute]
    ratio = gain_ratio_from(gain, split_entropy(rows, 14.0, 14.0), 14.0, 1e-6)
    assert ratio == WEATHER_RATIO[attribute]


# ------------------------------------------------------- empirical functions


def test_weather_entropy():
    assert entropy([9, 5]) == pytest.approx(0.9402859586706309, abs=1e-15)
    assert entropy(pd.Series(PLAY).value_counts().to_numpy()) == pytest.approx(
        0.9402859586706309, abs=1e-15
    )


@pytest.mark.parametrize("attribute", range(4))
def test_weather_gain_and_ratio(attribute):
    x = WEATHER_COLUMNS[attribute]
    assert information_gain(x, PLAY) == pytest.approx(
        WEATHER_GAIN[attribute], abs=1e-15
    )
    assert gain_ratio(x, PLAY) == pytest.approx(WEATHER_RATIO[attribute], abs=1e-15)
    assert split_information(x) == pytest.approx(
        WEATHER_SPLIT_INFO[attribute], abs=5e-5
    )


@pytest.mark.parametrize("attribute", range(4))
def test_weather_exact_with_declared_category_order(attribute):
    x = pd.Categorical(WEATHER_COLUMNS[attribute], categories=WEATHER_VALUES[attribute])
    assert information_gain(x, PLAY) == WEATHER_GAIN[attribute]
    assert gain_ratio(pd.Series(x), PLAY) == WEATHER_RATIO[attribute]


def test_weather_outlook_is_the_best_ratio_among_good_gains():
    gains = [information_gain(c, PLAY) for c in WEATHER_COLUMNS[:4]]
    ratios = [gain_ratio(c, PLAY) for c in WEATHER_COLUMNS[:4]]
    average = sum(gains) / 4
    candidates = [i for i in range(4) if gains[i] >= average - 1e-3]
    assert max(candidates, key=lambda i: ratios[i]) == 0


def test_loan_table():
    assert entropy(pd.Series(APPROVED).value_counts().to_numpy()) == pytest.approx(
        0.9710, abs=5e-5
    )
    for attribute, (gain, split, ratio) in LOAN_NUMBERS.items():
        x = LOAN_COLUMNS[attribute]
        assert information_gain(x, APPROVED) == pytest.approx(gain, abs=5e-5)
        assert split_information(x) == pytest.approx(split, abs=5e-5)
        assert gain_ratio(x, APPROVED) == pytest.approx(ratio, abs=5e-5)
    gains = [information_gain(c, APPROVED) for c in LOAN_COLUMNS[:4]]
    assert int(np.argmax(gains)) == 2  # own_house


def test_loan_second_level():
    rows = [r for r in LOAN if r[2] == "no"]
    columns = list(zip(*rows, strict=True))
    y = columns[4]
    assert entropy(pd.Series(y).value_counts().to_numpy()) == pytest.approx(
        0.9183, abs=5e-5
    )
    assert information_gain(columns[0], y) == pytest.approx(0.2516, abs=5e-5)
    assert information_gain(columns[1], y) == pytest.approx(0.9183, abs=5e-5)
    assert information_gain(columns[3], y) == pytest.approx(0.4739, abs=5e-5)


def test_gain_equals_mutual_information_without_missing_values():
    rng = np.random.default_rng(1)
    for _ in range(20):
        x = rng.integers(0, 4, 40)
        y = rng.integers(0, 3, 40)
        expected = mutual_info_score(y, x) / LN2
        assert information_gain(x, y) == pytest.approx(expected, abs=1e-12)
        assert information_gain(x, y, base="e") == pytest.approx(
            mutual_info_score(y, x), abs=1e-12
        )


def test_gain_and_split_information_with_missing_values_match_c45_formulas():
    rng = np.random.default_rng(2)
    for _ in range(20):
        x = [None if rng.random() < 0.25 else str(v) for v in rng.integers(0, 3, 30)]
        y = [int(v) for v in rng.integers(0, 2, 30)]
        w = rng.random(30) + 0.1
        for weight in (None, w):
            gain, split = ref_gain_and_split(x, y, weight)
            assert information_gain(x, y, weight) == pytest.approx(gain, abs=1e-12)
            assert split_information(x, weight) == pytest.approx(split, abs=1e-12)
            expected_ratio = gain / split if split else 0.0
            assert gain_ratio(x, y, weight) == pytest.approx(expected_ratio, abs=1e-12)


@pytest.mark.parametrize(
    "missing", [None, np.nan, pd.NA, float("nan")], ids=["None", "np.nan", "NA", "nan"]
)
def test_missing_markers(missing):
    x = ["a", "a", "b", missing, "b", missing]
    y = [0, 0, 1, 1, 1, 0]
    expected = information_gain(["a", "a", "b", "b"], [0, 0, 1, 1]) * 4 / 6
    assert information_gain(x, y) == pytest.approx(expected, abs=1e-15)
    assert split_information(x) == pytest.approx(
        scipy.stats.entropy([2, 2, 2], base=2), abs=1e-15
    )


def test_numeric_categories_with_nan_and_pandas_inputs():
    x = np.array([1.0, 1.0, 2.0, np.nan, 2.0, 3.0])
    y = np.array(["u", "u", "v", "v", "v", "u"])
    by_list = information_gain(["1", "1", "2", None, "2", "3"], list(y))
    assert information_gain(x, y) == pytest.approx(by_list, abs=1e-15)
    assert information_gain(pd.Series(x), pd.Series(y)) == pytest.approx(by_list)
    assert information_gain(pd.array(["1", "1", "2", pd.NA, "2", "3"]), y) == (
        pytest.approx(by_list)
    )


def test_all_missing_gives_zero():
    assert information_gain([None, None], [0, 1]) == 0.0
    assert split_information([None, None]) == 0.0
    assert gain_ratio([None, None], [0, 1]) == 0.0


def test_integer_weights_equal_repeated_rows():
    x = ["a", "b", "b", "c", None]
    y = [0, 1, 0, 1, 1]
    w = [2, 1, 3, 1, 2]
    x_rep = [v for v, k in zip(x, w, strict=True) for _ in range(k)]
    y_rep = [v for v, k in zip(y, w, strict=True) for _ in range(k)]
    assert information_gain(x, y, w) == pytest.approx(information_gain(x_rep, y_rep))
    assert split_information(x, w) == pytest.approx(split_information(x_rep))
    assert gain_ratio(x, y, w) == pytest.approx(gain_ratio(x_rep, y_rep))


def test_zero_weights_drop_samples():
    x, y = ["a", "b", "b", "c"], [0, 1, 0, 1]
    assert information_gain(x, y, [1, 1, 1, 0]) == pytest.approx(
        information_gain(x[:3], y[:3])
    )


@pytest.mark.parametrize("base,factor", [(2, 1.0), ("e", LN2), (10, math.log10(2))])
def test_empirical_bases(base, factor):
    x, y = WEATHER_COLUMNS[0], PLAY
    assert information_gain(x, y, base=base) == pytest.approx(
        information_gain(x, y) * factor, rel=1e-14
    )
    assert split_information(x, base=base) == pytest.approx(
        split_information(x) * factor, rel=1e-14
    )


# ------------------------------------------------------------ distributions


def test_textbook_values():
    assert self_information(0.125) == 3.0
    assert isinstance(self_information(0.125), float)
    assert self_information(0.5) == 1.0
    assert self_information(1.0) == 0.0
    assert math.copysign(1.0, self_information(1.0)) == 1.0
    assert self_information(0.0) == math.inf
    assert self_information(1 / math.e, base="e") == pytest.approx(1.0)
    assert entropy([0.5, 0.5]) == 1.0
    assert entropy([1, 0]) == 0.0
    assert entropy([1, 1, 1, 1, 1, 1, 1, 1]) == pytest.approx(3.0)


def test_self_information_arrays():
    p = np.array([[1.0, 0.5], [0.25, 0.0]])
    out = self_information(p)
    assert out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[0.0, 1.0], [2.0, np.inf]])
    assert self_information(np.float64(0.25)) == 2.0


@pytest.mark.parametrize("base", [2, "e", 10, 3.5, 0.5])
def test_entropy_divergences_vs_scipy(base):
    rng = np.random.default_rng(3)
    scipy_base = math.e if base == "e" else base
    for _ in range(20):
        p = rng.random(6) * 5
        q = rng.random(6)
        p[rng.random(6) < 0.3] = 0.0
        if p.sum() == 0:
            p[0] = 1.0
        assert entropy(p, base=base) == pytest.approx(
            scipy.stats.entropy(p, base=scipy_base), rel=1e-12, abs=1e-14
        )
        assert kl_divergence(p, q, base=base) == pytest.approx(
            scipy.stats.entropy(p, q, base=scipy_base), rel=1e-12, abs=1e-14
        )
        assert cross_entropy(p, q, base=base) == pytest.approx(
            scipy.stats.entropy(p, base=scipy_base)
            + scipy.stats.entropy(p, q, base=scipy_base),
            rel=1e-12,
            abs=1e-14,
        )


def test_cross_entropy_and_kl_infinite_where_model_rules_out_data():
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == 1.0
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_kl_is_not_symmetric():
    p, q = [0.5, 0.5], [0.9, 0.1]
    assert kl_divergence(p, q) != pytest.approx(kl_divergence(q, p))
    assert cross_entropy(p, q) != pytest.approx(cross_entropy(q, p))


def test_table_functions_vs_references():
    rng = np.random.default_rng(4)
    for _ in range(20):
        table = rng.integers(0, 6, (rng.integers(1, 5), rng.integers(1, 5))).astype(
            float
        )
        if table.sum() == 0:
            table[0, 0] = 1.0
        total = table.sum()
        assert joint_entropy(table) == pytest.approx(
            scipy.stats.entropy(table.ravel(), base=2), abs=1e-12
        )
        ref_cond = sum(
            row.sum() / total * ref_entropy_bits(list(row))
            for row in table
            if row.sum() > 0
        )
        assert conditional_entropy(table) == pytest.approx(ref_cond, abs=1e-12)
        assert mutual_information(table, base="e") == pytest.approx(
            mutual_info_score(None, None, contingency=table), abs=1e-12
        )


def test_table_examples():
    assert joint_entropy([[1, 1], [1, 1]]) == 2.0
    assert conditional_entropy([[2, 0], [1, 1]]) == 0.5
    assert mutual_information([[1, 0], [0, 1]]) == 1.0
    assert mutual_information([[1, 1], [2, 2]]) == 0.0
    assert conditional_entropy([[1, 0], [0, 1]]) == 0.0


# ------------------------------------------------------------------ hypothesis

counts_1d = hnp.arrays(
    np.float64,
    st.integers(1, 8),
    elements=st.integers(0, 20).map(float),
).filter(lambda a: a.sum() > 0)

count_tables = hnp.arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(1, 5)),
    elements=st.integers(0, 10).map(float),
).filter(lambda a: a.sum() > 0)


@st.composite
def labelled_samples(draw, missing=True):
    n = draw(st.integers(1, 30))
    values = st.sampled_from(["a", "b", "c", "d"] + ([None] if missing else []))
    x = draw(st.lists(values, min_size=n, max_size=n))
    y = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    w = draw(st.lists(st.floats(0.01, 100.0, allow_nan=False), min_size=n, max_size=n))
    return x, y, np.array(w)


@settings(max_examples=80, deadline=None)
@given(counts_1d)
def test_entropy_bounds(p):
    h = entropy(p)
    assert -1e-12 <= h <= math.log2(len(p)) + 1e-12


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 8)
    .flatmap(
        lambda k: st.tuples(
            hnp.arrays(np.float64, k, elements=st.integers(0, 20).map(float)),
            hnp.arrays(np.float64, k, elements=st.integers(0, 20).map(float)),
        )
    )
    .filter(lambda pq: pq[0].sum() > 0 and pq[1].sum() > 0)
)
def test_kl_nonnegative_zero_iff_equal(pq):
    p, q = pq
    kl = kl_divergence(p, q)
    assert kl_divergence(p, p) == 0.0
    same = np.array_equal(p * q.sum(), q * p.sum())
    if same:
        assert kl == pytest.approx(0.0, abs=1e-12)
    else:
        assert kl > 0
    if math.isfinite(kl):
        assert cross_entropy(p, q) == pytest.approx(entropy(p) + kl, abs=1e-12)
    else:
        assert cross_entropy(p, q) == math.inf


@settings(max_examples=80, deadline=None)
@given(count_tables)
def test_mutual_information_identities(table):
    h_x = entropy(table.sum(axis=1))
    h_y = entropy(table.sum(axis=0))
    h_xy = joint_entropy(table)
    h_y_given_x = conditional_entropy(table)
    mi = mutual_information(table)
    assert mi >= 0.0
    assert mi == pytest.approx(h_y - h_y_given_x, abs=1e-12)
    assert mi == pytest.approx(h_x + h_y - h_xy, abs=1e-12)
    assert mi <= min(h_x, h_y) + 1e-12


@settings(max_examples=60, deadline=None)
@given(labelled_samples())
def test_gain_ratio_in_unit_interval(sample):
    x, y, w = sample
    for weight in (None, w):
        ratio = gain_ratio(x, y, weight)
        assert -1e-12 <= ratio <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(labelled_samples(), st.permutations(["p", "q", "r", "s"]))
def test_gain_invariant_under_relabelling(sample, names):
    x, y, w = sample
    rename = dict(zip(["a", "b", "c", "d"], names, strict=True))
    x2 = [None if v is None else rename[v] for v in x]
    y2 = [["B", "C", "A"][v] for v in y]
    assert information_gain(x2, y2, w) == pytest.approx(
        information_gain(x, y, w), abs=1e-12
    )
    assert gain_ratio(x2, y2, w) == pytest.approx(gain_ratio(x, y, w), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(labelled_samples(), st.sampled_from([1e-9, 1e-3, 0.5, 7.0, 1e6, 1e9]))
def test_gain_invariant_under_weight_scaling(sample, scale):
    x, y, w = sample
    assert information_gain(x, y, w * scale) == pytest.approx(
        information_gain(x, y, w), abs=1e-12
    )
    split = split_information(x, w)
    assert split_information(x, w * scale) == pytest.approx(split, abs=1e-12)
    # gain / split: the gain's rounding error (1e-12) divided by the split information
    tol = 1e-12 * (1.0 + 1.0 / split) if split > 0 else 1e-12
    assert gain_ratio(x, y, w * scale) == pytest.approx(gain_ratio(x, y, w), abs=tol)


@settings(max_examples=60, deadline=None)
@given(labelled_samples(missing=False))
def test_gain_is_mutual_information_of_the_contingency_table(sample):
    x, y, w = sample
    table = pd.crosstab(pd.Series(x), pd.Series(y), values=w, aggfunc="sum")
    table = table.fillna(0.0).to_numpy()
    assert information_gain(x, y, w) == pytest.approx(
        mutual_information(table), abs=1e-12
    )


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("base", [0, 1, -2, 1.0, "two", True, math.inf, None])
def test_bad_base(base):
    with pytest.raises(ValueError, match="base must be"):
        entropy([1, 1], base=base)
    with pytest.raises(ValueError, match="base must be"):
        information_gain(["a"], [0], base=base)


@pytest.mark.parametrize(
    "p,match",
    [
        ([], "p is empty"),
        ([0.5, np.nan], "p contains NaN"),
        ([0.5, -0.5], "p contains negative"),
        ([1.0, np.inf], "p contains infinite"),
        ([0, 0], "p sums to zero"),
        ([[0.5, 0.5]], "p must be 1-D"),
        (["a", "b"], "p must contain numbers"),
    ],
)
def test_entropy_bad_input(p, match):
    with pytest.raises(ValueError, match=match):
        entropy(p)


def test_pair_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        cross_entropy([0.5, 0.5], [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="same shape"):
        kl_divergence([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="q contains negative"):
        kl_divergence([0.5, 0.5], [1.5, -0.5])
    with pytest.raises(ValueError, match="q contains NaN"):
        cross_entropy([0.5, 0.5], [np.nan, 1.0])


def test_table_bad_input():
    with pytest.raises(ValueError, match="table must be 2-D"):
        mutual_information([1, 2, 3])
    with pytest.raises(ValueError, match="table contains negative"):
        conditional_entropy([[1, -1], [1, 1]])
    with pytest.raises(ValueError, match="table sums to zero"):
        joint_entropy([[0, 0]])
    with pytest.raises(ValueError, match="table is empty"):
        joint_entropy(np.zeros((0, 2)))


@pytest.mark.parametrize(
    "p,match",
    [
        (1.5, r"probabilities in \[0, 1\]"),
        ([0.5, -0.1], r"probabilities in \[0, 1\]"),
        (np.nan, "p contains NaN"),
        ([0.5, np.nan], "p contains NaN"),
        ([], "p is empty"),
        ("half", "p must contain numbers"),
    ],
)
def test_self_information_bad_input(p, match):
    with pytest.raises(ValueError, match=match):
        self_information(p)


def test_empirical_bad_input():
    with pytest.raises(ValueError, match="different lengths"):
        information_gain(["a", "b"], [0])
    with pytest.raises(ValueError, match="y contains missing"):
        information_gain(["a", "b"], [0, None])
    with pytest.raises(ValueError, match="y contains missing"):
        gain_ratio(["a", "b"], [0.0, np.nan])
    with pytest.raises(ValueError, match="x must be 1-D"):
        information_gain([["a", "b"]], [0])
    with pytest.raises(ValueError, match="x must be 1-D"):
        split_information(pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(ValueError, match="x is empty"):
        split_information([])
    with pytest.raises(ValueError, match="sample_weight contains negative"):
        information_gain(["a", "b"], [0, 1], [1.0, -1.0])
    with pytest.raises(ValueError, match="sample_weight contains NaN"):
        split_information(["a", "b"], [1.0, np.nan])
    with pytest.raises(ValueError, match="sample_weight sums to zero"):
        gain_ratio(["a", "b"], [0, 1], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"sample_weight must have shape \(2,\)"):
        information_gain(["a", "b"], [0, 1], [1.0])
