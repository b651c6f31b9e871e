"""Behaviour of ID3Classifier and C45Classifier as scikit-learn estimators."""

import os
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from id3tree import C45Classifier, ID3Classifier, information_gain, log_loss_scorer
from id3tree.datasets import load_credit_german, load_labor

from .conftest import tie_free_numeric


def _leaf_partition(leaves):
    groups = {}
    for i, leaf in enumerate(leaves):
        groups.setdefault(leaf, []).append(i)
    return sorted(tuple(g) for g in groups.values())


# ----------------------------------------------------------------- textbook trees
def test_weather_root_is_outlook(id3_weather, weather):
    X, _ = weather
    tree = id3_weather.tree_
    assert X.columns[tree.feature[0]] == "outlook"
    assert tree.n_children[0] == 3


def test_weather_textbook_tree(id3_weather):
    from id3tree import export_text

    text = export_text(id3_weather, style="weka_id3")
    assert text.splitlines()[3:] == [
        "outlook = sunny",
        "|  humidity = high: no",
        "|  humidity = normal: yes",
        "outlook = overcast: yes",
        "outlook = rainy",
        "|  windy = TRUE: no",
        "|  windy = FALSE: yes",
    ]


@pytest.mark.parametrize("seed", range(8))
def test_id3_equals_sklearn_entropy_tree_on_one_tie_free_feature(seed):
    # With one feature no two candidate splits can tie across features, so the
    # trees must be identical: features, thresholds, leaves and probabilities.
    X, y = tie_free_numeric(seed, n_samples=300, n_features=1)
    ours = ID3Classifier().fit(X, y)
    ref = DecisionTreeClassifier(criterion="entropy", random_state=0).fit(X, y)
    assert ours.get_n_leaves() == ref.get_n_leaves()
    assert ours.get_depth() == ref.get_depth()
    assert _leaf_partition(ours.apply(X)) == _leaf_partition(ref.apply(X))
    internal = ours.tree_.feature >= 0
    np.testing.assert_array_equal(
        np.sort(ours.tree_.threshold[internal]),
        np.sort(ref.tree_.threshold[ref.tree_.feature >= 0]),
    )
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X))


def test_id3_equals_sklearn_with_more_classes_than_int8_codes():
    # 130 classes: the sorted columns keep int32 class codes instead of int8
    rng = np.random.default_rng(5)
    X = (rng.permutation(600) * 0.5)[:, None]
    y = rng.integers(0, 130, size=600)
    y[:130] = np.arange(130)
    ours = ID3Classifier().fit(X, y)
    ref = DecisionTreeClassifier(criterion="entropy", random_state=0).fit(X, y)
    assert ours.n_classes_ == 130
    assert ours.get_n_leaves() == ref.get_n_leaves()
    assert _leaf_partition(ours.apply(X)) == _leaf_partition(ref.apply(X))
    np.testing.assert_array_equal(ours.predict(X), y)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("min_samples_leaf", [1, 5])
def test_id3_equals_sklearn_entropy_tree_up_to_tied_gains(seed, min_samples_leaf):
    # Several features: equal count tables give equal gains, and scikit-learn breaks
    # such ties by a random feature order. Walk both trees together: every pair of
    # nodes holding the same rows has equal gains; identical splits are followed.
    X, y = tie_free_numeric(seed, n_samples=300, n_features=4)
    ours = ID3Classifier(min_samples_leaf=min_samples_leaf).fit(X, y)
    ref = DecisionTreeClassifier(
        criterion="entropy", random_state=0, min_samples_leaf=min_samples_leaf
    ).fit(X, y)
    t, r = ours.tree_, ref.tree_
    if min_samples_leaf == 1:  # both grown to pure leaves
        np.testing.assert_array_equal(ours.predict(X), y)
        np.testing.assert_array_equal(ref.predict(X), y)
    ours_rows, ref_path = _node_rows(ours, X), ref.decision_path(X).tocsc()
    stack, compared = [(0, 0)], 0
    while stack:
        a, b = stack.pop()
        rows = ours_rows[a]
        assert np.array_equal(rows, ref_path[:, b].nonzero()[0])
        assert (t.feature[a] < 0) == (r.children_left[b] < 0)
        if t.feature[a] < 0:
            continue
        ref_gain = information_gain(X[rows, r.feature[b]] <= r.threshold[b], y[rows])
        assert t.gain[a] == pytest.approx(ref_gain, abs=1e-12)
        compared += 1
        if t.feature[a] == r.feature[b] and t.threshold[a] == r.threshold[b]:
            stack += [(t.first_child[a], r.children_left[b])]
            stack += [(t.first_child[a] + 1, r.children_right[b])]
    assert compared >= 3


def _node_rows(est, X):
    path = est.decision_path(X).tocsc()
    return [path[:, k].nonzero()[0] for k in range(est.tree_.node_count)]


@pytest.mark.parametrize("seed", range(4))
def test_every_id3_split_is_the_argmax_of_information_gain(seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(120, 5)).astype(str).astype(object)
    y = (X[:, 0] == "1") ^ (rng.random(120) < 0.2) | (X[:, 2] == "2")
    est = ID3Classifier().fit(X, y)
    tree = est.tree_
    for node, rows in enumerate(_node_rows(est, X)):
        if tree.feature[node] < 0:
            continue
        gains = [information_gain(X[rows, j], y[rows]) for j in range(X.shape[1])]
        assert tree.feature[node] == int(np.argmax(gains))
        assert tree.gain[node] == pytest.approx(max(gains), abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_every_c45_split_follows_the_gain_ratio_rule(seed):
    from id3tree import gain_ratio

    rng = np.random.default_rng(seed)
    X = rng.integers(0, 4, size=(150, 5)).astype(str).astype(object)
    y = (X[:, 1] == "1") ^ (rng.random(150) < 0.2) | (X[:, 3] == "2")
    est = C45Classifier(pruning=None, collapse=False).fit(X, y)
    tree = est.tree_
    for node, rows in enumerate(_node_rows(est, X)):
        if tree.feature[node] < 0:
            continue
        gains, ratios = [], []
        for j in range(X.shape[1]):
            values = X[rows, j]
            bags = pd.Series(values).value_counts()
            valid = (bags >= 2).sum() >= 2
            gains.append(information_gain(values, y[rows]) if valid else np.nan)
            ratios.append(gain_ratio(values, y[rows]) if valid else np.nan)
        gains, ratios = np.array(gains), np.array(ratios)
        average = np.nanmean(gains)
        eligible = np.where(gains >= average - 1e-3, ratios, -np.inf)
        eligible = np.nan_to_num(eligible, nan=-np.inf)
        assert tree.feature[node] == int(np.argmax(eligible))


# --------------------------------------------------------------- sklearn contract
@pytest.mark.parametrize("Est", [ID3Classifier, C45Classifier])
def test_pickle_round_trip_predicts_identically(Est, vote):
    X, y = vote
    est = Est().fit(X, y)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict_proba(X), est.predict_proba(X))
    np.testing.assert_array_equal(again.predict(X), est.predict(X))


def test_clone_and_params():
    est = C45Classifier(confidence_factor=0.1, min_samples_leaf=3)
    twin = clone(est)
    assert twin.get_params() == est.get_params()
    assert ID3Classifier().get_params()["pruning"] is None
    assert C45Classifier().get_params()["pruning"] == "pessimistic"


def test_read_only_and_float32_input(iris):
    X, y = iris
    X = np.asarray(X, dtype=np.float32)
    X.setflags(write=False)
    est = C45Classifier().fit(X, y)
    assert est.score(X, y) > 0.95


def test_pipeline_columntransformer_and_grid_search(vote):
    X, y = vote
    pipe = Pipeline([("tree", C45Classifier())])
    grid = GridSearchCV(
        pipe,
        {"tree__confidence_factor": [0.1, 0.25], "tree__min_samples_leaf": [2, 5]},
        scoring=log_loss_scorer,
        cv=3,
    ).fit(X, y)
    assert grid.best_score_ < 0
    Xi, yi = load_labor(return_X_y=True)
    numeric = [c for c in Xi.columns if Xi[c].dtype.kind == "f"]
    ct = ColumnTransformer(
        [("num", StandardScaler(), numeric)], remainder="passthrough"
    ).set_output(transform="pandas")
    scores = cross_val_score(
        Pipeline([("ct", ct), ("tree", C45Classifier())]), Xi, yi, cv=3
    )
    assert scores.shape == (3,)


def test_ensembles(vote):
    # AdaBoost itself rejects NaN, so it gets a dataset without missing values
    Xc, yc = load_credit_german(return_X_y=True)
    Xc, yc = Xc.iloc[:300], yc.iloc[:300]
    single = C45Classifier().fit(Xc, yc).score(Xc, yc)
    ada = AdaBoostClassifier(estimator=C45Classifier(), n_estimators=5, random_state=0)
    assert ada.fit(Xc, yc).score(Xc, yc) > single
    X, y = vote
    bag = BaggingClassifier(estimator=C45Classifier(), n_estimators=5, random_state=0)
    assert bag.fit(X.to_numpy(dtype=object), y).score(X.to_numpy(dtype=object), y) > 0.9


def test_deterministic_for_fixed_random_state(iris):
    X, y = iris
    a = ID3Classifier(max_features=2, random_state=3).fit(X, y)
    b = ID3Classifier(max_features=2, random_state=3).fit(X, y)
    for name, arr in a.tree_.arrays().items():
        np.testing.assert_array_equal(arr, getattr(b.tree_, name))


_THREAD_SCRIPT = """
import numpy as np
from sklearn.datasets import make_classification
from id3tree import C45Classifier, ID3Classifier
X, y = make_classification(n_samples=3000, n_features=8, n_informative=5, n_classes=3,
                           random_state=0)
X[::7, 2] = np.nan
parts = []
for est in (ID3Classifier(max_features=5, random_state=1), C45Classifier()):
    t = est.fit(X, y).tree_
    parts += [t.feature, t.threshold, t.value, est.predict_proba(X)]
import hashlib
digest = hashlib.sha256(b"".join(np.ascontiguousarray(p).tobytes() for p in parts))
print(digest.hexdigest())
"""


def test_identical_trees_for_any_thread_count():
    outs = []
    for threads in ("1", "2"):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads}
        res = subprocess.run(
            [sys.executable, "-c", _THREAD_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        outs.append(res.stdout.strip())
    assert outs[0] == outs[1]


# ------------------------------------------------------------------- data handling
def test_dataframe_with_strings_categories_and_missing():
    df = pd.DataFrame(
        {
            "colour": pd.Categorical(
                ["red", "blue", None, "red", "green", "blue"] * 5,
                categories=["red", "green", "blue", "unused"],
            ),
            "shape": pd.array(["a", "b", "a", pd.NA, "b", "a"] * 5, dtype="string"),
            "size": [1.0, 2.5, np.nan, 4.0, 5.5, 0.5] * 5,
            "flag": [True, False, True, True, False, False] * 5,
        }
    )
    y = np.array(["x", "y", "x", "x", "y", "y"] * 5)
    est = C45Classifier(min_samples_leaf=1).fit(df, y)
    assert [c is None for c in est.categories_] == [False, False, True, False]
    assert list(est.categories_[0]) == ["red", "green", "blue", "unused"]
    proba = est.predict_proba(df)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert est.score(df, y) == 1.0


def test_unseen_category_is_treated_as_missing():
    X = np.array([["a"], ["b"], ["a"], ["b"]] * 3, dtype=object)
    y = np.array([0, 1, 0, 1] * 3)
    est = ID3Classifier().fit(X, y)
    unseen = est.predict_proba(np.array([["zzz"]], dtype=object))
    missing = est.predict_proba(np.array([[None]], dtype=object))
    np.testing.assert_array_equal(unseen, missing)
    np.testing.assert_allclose(unseen, [[0.5, 0.5]])


def test_categorical_features_by_name_index_and_mask():
    df = pd.DataFrame({"a": [0, 1, 2, 0, 1, 2] * 3, "b": np.arange(18.0)})
    y = (df["a"] == 1).to_numpy()
    for spec in (["a"], [0], [True, False]):
        est = ID3Classifier(categorical_features=spec).fit(df, y)
        assert est.categories_[1] is None and list(est.categories_[0]) == [0, 1, 2]
        assert est.tree_.kind[0] == 2


# --------------------------------------------------------------------- bad input
def test_errors_name_the_problem(iris):
    X, y = iris
    with pytest.raises(ValueError, match="Unknown label type"):
        C45Classifier().fit(X, np.linspace(0, 1, len(y)))
    est = C45Classifier().fit(X.to_numpy(), y)
    with pytest.raises(ValueError, match="3 features.*expecting 4"):
        est.predict(X.to_numpy()[:, :3])
    est = C45Classifier().fit(X, y)
    with pytest.raises(ValueError, match="feature names"):
        est.predict(X.rename(columns={"sepallength": "other"}))
    bad = X.copy()
    bad.iloc[0, 1] = np.inf
    with pytest.raises(ValueError, match="'sepalwidth'.*infinite"):
        C45Classifier().fit(bad, y)
    with pytest.raises(ValueError, match="unknown column 'nope'"):
        C45Classifier(categorical_features=["nope"]).fit(X, y)
    text = X.astype(object)
    text.iloc[3, 2] = "tall"
    with pytest.raises(ValueError, match="'petallength'.*non-numeric"):
        C45Classifier(categorical_features=None).fit(text, y)
    with pytest.raises(ValueError, match="confidence_factor"):
        C45Classifier(confidence_factor=1.5).fit(X, y)


def test_feature_importances_and_tree_attributes(c45_vote, vote):
    X, _ = vote
    imp = c45_vote.feature_importances_
    assert imp.shape == (X.shape[1],) and imp.sum() == pytest.approx(1.0)
    assert X.columns[np.argmax(imp)] == "physician-fee-freeze"
    tree = c45_vote.tree_
    assert (tree.node_count, tree.n_leaves) == (11, 6)
    assert c45_vote.get_depth() == tree.max_depth == 5
    path = c45_vote.decision_path(X)
    leaves = c45_vote.apply(X)
    assert path[np.arange(len(X)), leaves].all()
