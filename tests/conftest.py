"""Shared, session-scoped data and fitted estimators (no network)."""

import numpy as np
import pytest

from id3tree import C45Classifier, ID3Classifier
from id3tree.datasets import load_iris, load_vote, load_weather


@pytest.fixture(scope="session")
def weather():
    return load_weather(return_X_y=True)


@pytest.fixture(scope="session")
def vote():
    return load_vote(return_X_y=True)


@pytest.fixture(scope="session")
def iris():
    return load_iris(return_X_y=True)


@pytest.fixture(scope="session")
def c45_vote(vote):
    return C45Classifier().fit(*vote)


@pytest.fixture(scope="session")
def id3_weather(weather):
    return ID3Classifier().fit(*weather)


def tie_free_numeric(seed, n_samples=200, n_features=4, n_classes=3):
    """Random numeric data with distinct values, exact in float32 (as sklearn fits)."""
    rng = np.random.default_rng(seed)
    X = np.empty((n_samples, n_features))
    for j in range(n_features):
        X[:, j] = rng.permutation(n_samples) * 0.5 + rng.integers(0, 4) * 0.125
    w = rng.normal(size=(n_features, n_classes))
    noise = rng.normal(scale=0.3, size=(n_samples, n_classes))
    y = np.argmax(X @ w / n_samples + noise, axis=1)
    return X, y
