"""Save fitted estimators to skops or pickle files and load them back."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

__all__ = ["SKOPS_TRUSTED_TYPES", "load_model", "save_model"]

#: Types a fitted ID3Classifier or C45Classifier holds besides NumPy arrays and
#: builtins; pass them to ``skops.io.load(..., trusted=...)``.
SKOPS_TRUSTED_TYPES = [
    "id3tree._classes.C45Classifier",
    "id3tree._classes.ID3Classifier",
    "id3tree._encoding.Encoding",
    "id3tree._tree.Tree",
]


def _skops_io():
    try:
        import skops.io
    except ImportError:
        raise ImportError(
            "reading or writing .skops files needs the skops package "
            "(pip install 'id3tree[persist]'), or use a .pkl file"
        ) from None
    return skops.io


def save_model(model: Any, path: str | os.PathLike) -> None:
    """Save a fitted estimator with skops (``.skops``) or pickle (other suffixes).

    Parameters
    ----------
    model : estimator
        A fitted estimator, for example a C45Classifier or a pipeline ending in one.
    path : str or path-like
        Destination file. A ``.skops`` suffix needs the ``skops`` package.

    See Also
    --------
    load_model : Load the estimator back.

    Examples
    --------
    >>> from id3tree import C45Classifier, load_model, save_model
    >>> from id3tree.datasets import load_weather
    >>> X, y = load_weather(return_X_y=True)
    >>> model = C45Classifier().fit(X, y)
    >>> path = getfixture("tmp_path") / "weather.skops"
    >>> save_model(model, path)
    >>> bool((load_model(path).predict(X) == model.predict(X)).all())
    True
    """
    if Path(path).suffix.lower() == ".skops":
        _skops_io().dump(model, path)
    else:
        with open(path, "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_model(path: str | os.PathLike) -> Any:
    """Load an estimator saved by :func:`save_model`.

    A ``.skops`` file is loaded trusting only skops' default types (scikit-learn's
    and NumPy's) and :data:`SKOPS_TRUSTED_TYPES`. Any other suffix is unpickled,
    which can run arbitrary code: load only pickles you trust.

    Parameters
    ----------
    path : str or path-like
        A ``.skops`` or pickle file.

    Returns
    -------
    model : estimator
        The loaded estimator.

    Raises
    ------
    skops.io.exceptions.UntrustedTypesFoundException
        If a ``.skops`` file holds other types; load it with
        ``skops.io.load(path, trusted=...)`` once you have checked them.

    See Also
    --------
    save_model : Save a fitted estimator.

    Examples
    --------
    >>> from id3tree import ID3Classifier, load_model, save_model
    >>> from id3tree.datasets import load_weather
    >>> X, y = load_weather(return_X_y=True)
    >>> path = getfixture("tmp_path") / "weather.pkl"
    >>> save_model(ID3Classifier().fit(X, y), path)
    >>> load_model(path).tree_.n_leaves
    5
    """
    if Path(path).suffix.lower() == ".skops":
        return _skops_io().load(path, trusted=SKOPS_TRUSTED_TYPES)
    with open(path, "rb") as handle:
        return pickle.load(handle)
