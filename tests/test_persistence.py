"""Fitted estimators survive pickle and skops round trips unchanged."""

import pickle

import numpy as np
import pandas as pd
import pytest
import skops.io as sio

from id3tree import C45Classifier, ID3Classifier, _evaluation, export_text
from id3tree._persistence import SKOPS_TRUSTED_TYPES, load_model, save_model
from id3tree.datasets import load_iris, load_vote


def _strings_frame():
    rng = np.random.default_rng(0)
    n = 120
    colour = rng.choice(["red", "green", "blue"], size=n)
    size = rng.normal(size=n).round(2)
    shape = rng.choice(["round", "square"], size=n)
    label = np.where((colour == "red") | (size > 0.5), "yes", "no")
    X = pd.DataFrame(
        {
            "colour": pd.Series(colour, dtype="str"),
            "size": size,
            "shape": pd.Series(shape, dtype=object),
        }
    )
    X.loc[::11, "colour"] = None
    X.loc[::13, "size"] = np.nan
    return X, label


DATASETS = {
    "vote": lambda: load_vote(return_X_y=True),
    "iris": lambda: load_iris(return_X_y=True),
    "strings": _strings_frame,
}
ESTIMATORS = {"id3": ID3Classifier, "c45": C45Classifier}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def data(request):
    return DATASETS[request.param]()


@pytest.fixture(scope="module", params=sorted(ESTIMATORS))
def fitted(request, data):
    X, y = data
    return ESTIMATORS[request.param]().fit(X, y), X


def _skops_round_trip(model):
    payload = sio.dumps(model)
    return sio.loads(payload, trusted=sio.get_untrusted_types(data=payload))


ROUND_TRIPS = {
    "pickle": lambda m: pickle.loads(pickle.dumps(m)),
    "skops": _skops_round_trip,
}


def _assert_same(original, loaded, X):
    assert type(loaded) is type(original)
    assert loaded.get_params() == original.get_params()
    np.testing.assert_array_equal(loaded.classes_, original.classes_)
    np.testing.assert_array_equal(loaded.predict(X), original.predict(X))
    np.testing.assert_array_equal(loaded.predict_proba(X), original.predict_proba(X))
    np.testing.assert_array_equal(loaded.apply(X), original.apply(X))
    for style in ("sklearn", "j48"):
        assert export_text(loaded, style=style) == export_text(original, style=style)


@pytest.mark.parametrize("how", sorted(ROUND_TRIPS))
def test_round_trip_predicts_identically(fitted, how):
    model, X = fitted
    loaded = ROUND_TRIPS[how](model)
    _assert_same(model, loaded, X)
    if hasattr(model, "feature_names_in_"):
        np.testing.assert_array_equal(loaded.feature_names_in_, model.feature_names_in_)


def test_skops_needs_exactly_the_documented_types(fitted):
    model, _ = fitted
    payload = sio.dumps(model)
    untrusted = set(sio.get_untrusted_types(data=payload))
    assert untrusted <= set(SKOPS_TRUSTED_TYPES)
    assert {"id3tree._tree.Tree", "id3tree._encoding.Encoding"} <= untrusted
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.loads(payload)


def test_fitted_state_holds_only_arrays_and_plain_values(fitted):
    """What skops has to trust: the estimator, Encoding and Tree, nothing else."""
    model, _ = fitted
    allowed = (type(None), bool, int, float, str, np.ndarray, np.generic)

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}[{key!r}]")
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]")
        elif isinstance(value, np.ndarray) and value.dtype == object:
            for item in value.ravel():
                assert isinstance(item, (str, bool, int, float)), where
        elif type(value).__module__.startswith("id3tree."):
            walk(vars(value), where)
        else:
            assert isinstance(value, allowed), f"{where}: {type(value)}"

    walk(vars(model), type(model).__name__)


@pytest.mark.parametrize("suffix", [".skops", ".pkl"])
def test_save_and_load_model_files(tmp_path, suffix):
    X, y = load_vote(return_X_y=True)
    model = C45Classifier().fit(X, y)
    path = tmp_path / f"model{suffix}"
    save_model(model, path)
    _assert_same(model, load_model(path), X)


def test_load_model_refuses_unknown_skops_types(tmp_path):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    X, y = load_iris(return_X_y=True)
    transformer = FunctionTransformer(_evaluation._as_text)
    pipeline = make_pipeline(transformer, ID3Classifier()).fit(X, y)
    path = tmp_path / "pipeline.skops"
    save_model(pipeline, path)
    with pytest.raises(
        sio.exceptions.UntrustedTypesFoundException,
        match="id3tree._evaluation._as_text",
    ):
        load_model(path)
    trusted = sio.get_untrusted_types(file=path)
    loaded = sio.load(path, trusted=trusted)
    np.testing.assert_array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))


def test_pipeline_of_sklearn_types_and_id3tree_loads(tmp_path):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_iris(return_X_y=True)
    pipeline = make_pipeline(StandardScaler(), C45Classifier()).fit(X, y)
    path = tmp_path / "pipeline.skops"
    save_model(pipeline, path)
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))
