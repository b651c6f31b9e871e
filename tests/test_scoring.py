"""Tests of id3tree._scoring: log-loss, binary cross-entropy and the scorer."""

import math

import numpy as np
import pytest
import sklearn.metrics
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import get_scorer, make_scorer
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.tree import DecisionTreeClassifier

from id3tree._scoring import (
    binary_cross_entropy,
    log_loss,
    log_loss_scorer,
    make_log_loss_scorer,
)

EPS = np.finfo(np.float64).eps


def random_proba(rng, n, k):
    logits = rng.normal(size=(n, k)) * 2
    proba = np.exp(logits)
    return proba / proba.sum(axis=1, keepdims=True)


def assert_same(y, proba, **kwargs):
    ours = log_loss(y, proba, **kwargs)
    theirs = sklearn.metrics.log_loss(y, proba, **kwargs)
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)
    return ours


# ------------------------------------------------------------ vs scikit-learn


@pytest.mark.parametrize("labels", [[0, 1], ["ham", "spam"], [-1, 3]])
def test_binary_one_dimensional_probabilities(labels):
    rng = np.random.default_rng(0)
    y = rng.choice(np.array(labels), 50)
    assert_same(y, rng.random(50))


def test_binary_two_columns_and_single_column():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 40)
    proba = random_proba(rng, 40, 2)
    value = assert_same(y, proba)
    assert log_loss(y, proba[:, 1:]) == pytest.approx(value, rel=1e-12)
    assert log_loss(y, proba[:, 1]) == pytest.approx(value, rel=1e-12)


def test_docstring_example_of_sklearn():
    value = assert_same(
        ["spam", "ham", "ham", "spam"],
        [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]],
    )
    assert value == pytest.approx(0.21616, abs=1e-5)


@pytest.mark.parametrize("k", [3, 4, 7])
def test_multiclass(k):
    rng = np.random.default_rng(k)
    y = rng.integers(0, k, 100)
    y[:k] = np.arange(k)
    assert_same(y, random_proba(rng, 100, k))
    names = np.array([f"class {i}" for i in range(k)])
    assert_same(names[y], random_proba(rng, 100, k))


@pytest.mark.parametrize("k", [2, 3])
def test_weighted(k):
    rng = np.random.default_rng(10 + k)
    y = rng.integers(0, k, 60)
    y[:k] = np.arange(k)
    proba = random_proba(rng, 60, k)
    w = rng.random(60) * 3
    w[::7] = 0.0
    assert_same(y, proba, sample_weight=w)
    assert_same(y, proba, sample_weight=list(np.ones(60)))


def test_labels_when_y_true_misses_classes():
    rng = np.random.default_rng(2)
    y = rng.choice([0, 2], 30)
    proba = random_proba(rng, 30, 3)
    assert_same(y, proba, labels=[0, 1, 2])
    assert_same(y, proba, labels=np.array([0, 1, 2]), sample_weight=rng.random(30))
    # one present class plus labels, 1-D probabilities
    assert_same([1, 1, 1], [0.9, 0.8, 0.7], labels=[0, 1])


def test_unsorted_labels_warn_like_sklearn():
    y = [0, 2, 1]
    proba = [[0.7, 0.2, 0.1], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3]]
    with pytest.warns(UserWarning, match="sorted"):
        ours = log_loss(y, proba, labels=[2, 0, 1])
    with pytest.warns(UserWarning, match="ordered lexicographically"):
        theirs = sklearn.metrics.log_loss(y, proba, labels=[2, 0, 1])
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_probabilities_exactly_zero_and_one_are_clipped():
    y = [0, 1, 1, 0, 2]
    proba = [
        [1.0, 0.0, 0.0],  # certain and right: costs eps
        [1.0, 0.0, 0.0],  # certain and wrong: costs -ln(eps)
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [0.5, 0.5, 0.0],
    ]
    value = assert_same(y, proba)
    assert value == pytest.approx(
        (-math.log(1 - EPS) * 2 - math.log(EPS) * 3) / 5, rel=1e-15
    )
    assert_same([0, 1], [0.0, 1.0])
    assert_same([0, 1], [1.0, 0.0])
    assert log_loss([0, 1], [1.0, 0.0]) == pytest.approx(-math.log(EPS))


def test_not_summing_to_one_warns_and_matches():
    y = [0, 1, 2]
    proba = [[0.5, 0.2, 0.1], [0.1, 0.5, 0.1], [0.2, 0.2, 0.5]]
    with pytest.warns(UserWarning, match="do not sum to one"):
        ours = log_loss(y, proba)
    with pytest.warns(UserWarning, match="do not sum to one"):
        theirs = sklearn.metrics.log_loss(y, proba)
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_rounding_error_in_sums_does_not_warn():
    y = [0, 1]
    proba = np.array([[0.7, 0.3 + 1e-10], [0.2, 0.8]])
    assert_same(y, proba)


@pytest.mark.parametrize("base,divisor", [(2, math.log(2)), (10, math.log(10))])
def test_base(base, divisor):
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 20)
    y[:3] = [0, 1, 2]
    proba = random_proba(rng, 20, 3)
    assert log_loss(y, proba, base=base) == pytest.approx(
        log_loss(y, proba) / divisor, rel=1e-14
    )
    assert log_loss([0, 1], [0.5, 0.5], base=2) == 1.0
    assert log_loss(y, proba, base="e") == log_loss(y, proba)


def test_float32_and_list_inputs():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 3, 30)
    y[:3] = [0, 1, 2]
    proba64 = random_proba(rng, 30, 3)
    proba = proba64.astype(np.float32)
    proba[0] = [1.0, 0.0, 0.0]  # clipped with float32's eps, as sklearn does
    # no warning: float32 rows sum to one within float32's precision
    assert log_loss(y, proba) == pytest.approx(
        sklearn.metrics.log_loss(y, proba), rel=1e-6
    )
    assert log_loss(y, proba64.tolist()) == pytest.approx(
        sklearn.metrics.log_loss(y, proba64), rel=1e-12
    )


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    "y,proba,kwargs,match",
    [
        ([0, 1], [[0.5, 1.5], [0.5, 0.5]], {}, "greater than 1"),
        ([0, 1], [-0.1, 0.5], {}, "lower than 0"),
        ([0, 1], [np.nan, 0.5], {}, "NaN or infinite"),
        ([0, 1], ["a", "b"], {}, "y_proba must contain numbers"),
        ([0, 1], [], {}, "y_proba is empty"),
        ([0, 1], np.zeros((2, 2, 1)), {}, "y_proba must be 1-D or 2-D"),
        ([0, 1, 1], [0.5, 0.5], {}, "different numbers of samples"),
        ([[0, 1]], [[0.5, 0.5]], {}, "y_true must be 1-D"),
        ([0, None], [0.5, 0.5], {}, "y_true contains missing"),
        ([1, 1], [0.5, 0.5], {}, "only one label"),
        ([1, 1], [0.5, 0.5], {"labels": [1]}, "at least two labels"),
        ([0, 3], [0.5, 0.5], {"labels": [0, 1]}, r"labels \[3\] not in labels"),
        ([0, 1, 2], [0.5, 0.5, 0.5], {}, "3 classes but y_proba has 2 columns"),
        (
            [0, 1],
            [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]],
            {"labels": [0, 1]},
            "labels has 2 classes",
        ),
        ([0, 1], [0.5, 0.5], {"sample_weight": [1.0]}, r"shape \(2,\)"),
        ([0, 1], [0.5, 0.5], {"sample_weight": [1.0, -1.0]}, "negative"),
        ([0, 1], [0.5, 0.5], {"sample_weight": [0.0, 0.0]}, "sums to zero"),
        ([0, 1], [0.5, 0.5], {"base": 1}, "base must be"),
        ([0, 1], [0.5, 0.5], {"base": "2"}, "base must be"),
        (np.array([0, "a"], dtype=object), [0.5, 0.5], {}, "mixes types"),
    ],
)
def test_log_loss_errors(y, proba, kwargs, match):
    with pytest.raises(ValueError, match=match):
        log_loss(y, proba, **kwargs)


# ----------------------------------------------------- binary cross-entropy


def ref_binary_cross_entropy(Y, P, w=None):
    Y = np.asarray(Y, dtype=float).reshape(len(Y), -1)
    P = np.asarray(P, dtype=float).reshape(len(Y), -1)
    w = np.ones(len(Y)) if w is None else np.asarray(w, dtype=float)
    total = 0.0
    for i in range(len(Y)):
        row = 0.0
        for y, p in zip(Y[i], P[i], strict=True):
            p1 = min(max(p, EPS), 1 - EPS)
            p0 = min(max(1 - p, EPS), 1 - EPS)
            row += -(y * math.log(p1) if y else 0.0)
            row += -((1 - y) * math.log(p0) if y != 1 else 0.0)
        total += w[i] * row / Y.shape[1]
    return total / w.sum()


def test_binary_cross_entropy_vs_brute_force():
    rng = np.random.default_rng(4)
    Y = rng.integers(0, 2, (30, 5))
    P = rng.random((30, 5))
    P[0, 0], P[1, 1], P[2, 2] = 0.0, 1.0, 1.0
    w = rng.random(30)
    assert binary_cross_entropy(Y, P) == pytest.approx(
        ref_binary_cross_entropy(Y, P), rel=1e-13
    )
    assert binary_cross_entropy(Y, P, sample_weight=w) == pytest.approx(
        ref_binary_cross_entropy(Y, P, w), rel=1e-13
    )
    assert binary_cross_entropy(Y, P, base=2) == pytest.approx(
        ref_binary_cross_entropy(Y, P) / math.log(2), rel=1e-13
    )


def test_binary_cross_entropy_soft_targets():
    Y = [[0.25, 1.0], [0.5, 0.0]]
    P = [[0.5, 0.9], [0.3, 0.2]]
    assert binary_cross_entropy(Y, P) == pytest.approx(
        ref_binary_cross_entropy(Y, P), rel=1e-13
    )


def test_binary_cross_entropy_one_label_is_log_loss():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 50)
    p = rng.random(50)
    p[:4] = [0.0, 1.0, 0.0, 1.0]
    w = rng.random(50)
    expected = sklearn.metrics.log_loss(y, p, labels=[0, 1], sample_weight=w)
    assert binary_cross_entropy(y, p, sample_weight=w) == pytest.approx(
        expected, rel=1e-12
    )
    assert binary_cross_entropy(y[:, None], p[:, None], sample_weight=w) == (
        pytest.approx(expected, rel=1e-12)
    )


def test_binary_cross_entropy_is_mean_of_per_label_log_losses():
    rng = np.random.default_rng(6)
    Y = rng.integers(0, 2, (40, 3))
    P = rng.random((40, 3))
    per_label = [
        sklearn.metrics.log_loss(Y[:, j], P[:, j], labels=[0, 1]) for j in range(3)
    ]
    assert binary_cross_entropy(Y, P) == pytest.approx(np.mean(per_label), rel=1e-12)


@pytest.mark.parametrize(
    "Y,P,kwargs,match",
    [
        ([[0, 1]], [[0.5, 0.5, 0.5]], {}, "same shape"),
        ([[0, 2]], [[0.5, 0.5]], {}, "Y_true contains values greater than 1"),
        ([[0, -1]], [[0.5, 0.5]], {}, "Y_true contains values lower than 0"),
        ([[0, 1]], [[0.5, 1.5]], {}, "Y_proba contains values greater than 1"),
        ([[0, 1]], [[0.5, np.nan]], {}, "Y_proba contains NaN"),
        ([], [], {}, "Y_true is empty"),
        ([[0, 1]], [[0.5, 0.5]], {"sample_weight": [1, 1]}, r"shape \(1,\)"),
        ([[0, 1]], [[0.5, 0.5]], {"base": 0}, "base must be"),
    ],
)
def test_binary_cross_entropy_errors(Y, P, kwargs, match):
    with pytest.raises(ValueError, match=match):
        binary_cross_entropy(Y, P, **kwargs)


# ------------------------------------------------------------------ scorer


@pytest.fixture(scope="module")
def binary_data():
    return make_classification(n_samples=120, n_features=5, random_state=0)


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


@pytest.mark.parametrize(
    "estimator",
    [
        LogisticRegression(max_iter=1000),
        DecisionTreeClassifier(max_depth=3, random_state=0),
        DecisionTreeClassifier(random_state=0),  # probabilities of exactly 0 and 1
    ],
    ids=["logistic", "shallow tree", "full tree"],
)
@pytest.mark.parametrize("dataset", ["binary_data", "iris"])
def test_scorer_equals_neg_log_loss(estimator, dataset, request):
    X, y = request.getfixturevalue(dataset)
    model = estimator.fit(X[::2], y[::2])
    theirs = get_scorer("neg_log_loss")(model, X[1::2], y[1::2])
    ours = log_loss_scorer(model, X[1::2], y[1::2])
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)
    assert ours <= 0


def test_scorer_with_string_classes(binary_data):
    X, y = binary_data
    names = np.array(["no", "yes"])[y]
    model = LogisticRegression(max_iter=1000).fit(X, names)
    assert log_loss_scorer(model, X, names) == pytest.approx(
        get_scorer("neg_log_loss")(model, X, names), rel=1e-12
    )


def test_make_log_loss_scorer_base_and_labels(iris):
    X, y = iris
    model = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    assert make_log_loss_scorer(base=2)(model, X, y) == pytest.approx(
        log_loss_scorer(model, X, y) / math.log(2), rel=1e-14
    )
    assert make_log_loss_scorer()(model, X, y) == log_loss_scorer(model, X, y)
    # a fold that misses class 2 needs labels
    X_sub, y_sub = X[y < 2], y[y < 2]
    theirs = make_scorer(
        sklearn.metrics.log_loss,
        response_method="predict_proba",
        greater_is_better=False,
        labels=[0, 1, 2],
    )(model, X_sub, y_sub)
    ours = make_log_loss_scorer(labels=[0, 1, 2])(model, X_sub, y_sub)
    assert ours == pytest.approx(theirs, rel=1e-12)
    with pytest.raises(ValueError, match="2 classes but y_proba has 3 columns"):
        log_loss_scorer(model, X_sub, y_sub)
    with pytest.raises(ValueError, match="base must be"):
        make_log_loss_scorer(base=-1)


def test_grid_search_with_log_loss_scorer(iris):
    X, y = iris
    grid = {"max_depth": [1, 2, 3], "min_samples_leaf": [1, 5]}
    ours = GridSearchCV(
        DecisionTreeClassifier(random_state=0), grid, scoring=log_loss_scorer, cv=3
    ).fit(X, y)
    theirs = GridSearchCV(
        DecisionTreeClassifier(random_state=0), grid, scoring="neg_log_loss", cv=3
    ).fit(X, y)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"],
        theirs.cv_results_["mean_test_score"],
        rtol=1e-12,
    )


def test_cross_val_score_with_logistic_regression(binary_data):
    X, y = binary_data
    model = LogisticRegression(max_iter=1000)
    np.testing.assert_allclose(
        cross_val_score(model, X, y, scoring=log_loss_scorer, cv=4),
        cross_val_score(model, X, y, scoring="neg_log_loss", cv=4),
        rtol=1e-12,
    )
