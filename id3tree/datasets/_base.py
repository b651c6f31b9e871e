"""Loaders for the ARFF example datasets bundled with id3tree (from Weka 3.6)."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ._arff import load_arff

__all__ = [
    "list_datasets",
    "load_dataset",
    "load_breast_cancer",
    "load_contact_lenses",
    "load_credit_german",
    "load_diabetes",
    "load_glass",
    "load_ionosphere",
    "load_iris",
    "load_labor",
    "load_segment",
    "load_soybean",
    "load_unbalanced",
    "load_vote",
    "load_weather",
]

# Dataset name (the file name without ".arff") -> description used when the
# file has no header comment of its own.
_DATASETS = {
    "weather.nominal": (
        "Weather (play tennis) data, all attributes nominal: the textbook example "
        "of Quinlan (1986), 'Induction of decision trees', Machine Learning 1(1). "
        "14 instances, 4 nominal attributes, class 'play' (yes/no)."
    ),
    "weather.numeric": (
        "Weather (play tennis) data with numeric temperature and humidity, from "
        "Quinlan (1993), 'C4.5: Programs for Machine Learning'. 14 instances, "
        "2 nominal and 2 numeric attributes, class 'play' (yes/no)."
    ),
    "contact-lenses": "",
    "labor": "",
    "iris": "",
    "glass": "",
    "breast-cancer": "",
    "ionosphere": "",
    "vote": "",
    "soybean": "",
    "diabetes": "",
    "segment-challenge": "",
    "segment-test": "",
    "unbalanced": (
        "Unbalanced data set shipped with Weka 3.6: 856 instances, 32 numeric "
        "(molecular descriptor) attributes, class 'Outcome' (Active/Inactive) "
        "with about 1.4% Active instances."
    ),
    "credit-g": "",
}


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower().removesuffix(".arff"))


_BY_KEY = {_key(name): name for name in _DATASETS}


def list_datasets() -> list[str]:
    """Return the names of the bundled datasets.

    Returns
    -------
    names : list of str
        Dataset names (the ARFF file names without ``.arff``), accepted by
        :func:`load_dataset`.

    Examples
    --------
    >>> from id3tree.datasets import list_datasets
    >>> "weather.nominal" in list_datasets()
    True
    """
    return list(_DATASETS)


def _to_numpy(frame: pd.DataFrame) -> np.ndarray:
    """Float64 array if all columns are numeric, else an object array.

    In the object array numeric entries are floats (NaN if missing) and nominal or
    string entries are ``str`` (``None`` if missing).
    """
    if all(isinstance(dtype, np.dtype) and dtype.kind == "f" for dtype in frame.dtypes):
        return frame.to_numpy(dtype=np.float64)
    out = np.empty(frame.shape, dtype=object)
    for j, column in enumerate(frame.columns):
        series = frame[column]
        if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
            out[:, j] = [float(v) for v in series.to_numpy()]
        else:
            out[:, j] = [None if pd.isna(v) else str(v) for v in series.to_numpy()]
    return out


def load_dataset(
    name: str, *, as_frame: bool = True, return_X_y: bool = False
) -> Bunch | tuple:
    """Load a bundled dataset by name.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets` (for example ``"weather.nominal"`` or
        ``"credit-g"``). Case, the ``.arff`` suffix and punctuation are ignored,
        so ``"credit_g"`` and ``"Weather Nominal"`` work too.
    as_frame : bool, default=True
        If True, ``data`` is a DataFrame and ``target`` a categorical Series. If
        False, ``data`` is a NumPy array: float64 when every feature is numeric,
        otherwise dtype object with floats (NaN for missing) in numeric columns
        and ``str`` values (``None`` for missing) in nominal columns; ``target``
        is an object array of ``str`` (``None`` for missing) and ``frame`` is
        None.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : sklearn.utils.Bunch
        With ``data`` (features: every attribute but the last), ``target`` (the
        last attribute), ``frame`` (all attributes, or None), ``feature_names``,
        ``target_names`` (the declared class values, in declared order),
        ``categories`` (feature name to its declared values, for nominal
        features), ``DESCR`` (the ARFF header comment), ``filename`` and
        ``relation``.
    (data, target) : tuple
        If ``return_X_y`` is True.

    Examples
    --------
    >>> from id3tree.datasets import load_dataset
    >>> bunch = load_dataset("contact-lenses")
    >>> bunch.data.shape
    (24, 4)
    >>> bunch.target_names
    ['soft', 'hard', 'none']
    """
    canonical = _BY_KEY.get(_key(name))
    if canonical is None:
        raise ValueError(f"unknown dataset {name!r}; available: {', '.join(_DATASETS)}")
    resource = resources.files(__package__).joinpath("data", canonical + ".arff")
    with resources.as_file(resource) as path:
        frame = load_arff(path)
        filename = str(path)

    target_name = frame.columns[-1]
    feature_names = [str(c) for c in frame.columns[:-1]]
    target = frame[target_name]
    if not isinstance(target.dtype, pd.CategoricalDtype):
        raise ValueError(f"{canonical}: the last attribute is not nominal")
    target_names = [str(v) for v in target.cat.categories]
    categories = {
        c: [str(v) for v in frame[c].cat.categories]
        for c in feature_names
        if isinstance(frame[c].dtype, pd.CategoricalDtype)
    }
    descr = frame.attrs["description"] or _DATASETS[canonical]

    if as_frame:
        data = frame[feature_names].copy()
        target = target.copy()
        out_frame = frame
    else:
        data = _to_numpy(frame[feature_names])
        target = np.array(
            [None if pd.isna(v) else str(v) for v in target.to_numpy()], dtype=object
        )
        out_frame = None
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=out_frame,
        feature_names=feature_names,
        target_names=target_names,
        categories=categories,
        DESCR=descr,
        filename=filename,
        relation=frame.attrs["relation"],
    )


_COMMON_DOC = """
    Parameters
    ----------{extra}
    as_frame : bool, default=True
        If False, return NumPy arrays instead of pandas objects (see
        :func:`load_dataset`).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : sklearn.utils.Bunch or tuple
        See :func:`load_dataset`.
"""


def load_weather(
    numeric: bool = False, *, as_frame: bool = True, return_X_y: bool = False
) -> Bunch | tuple:
    """Load the weather (play tennis) data: 14 rows, class ``play``.

    Parameters
    ----------
    numeric : bool, default=False
        If False, load ``weather.nominal`` (all four attributes nominal); if True,
        load ``weather.numeric`` (temperature and humidity numeric).
    as_frame : bool, default=True
        If False, return NumPy arrays instead of pandas objects (see
        :func:`load_dataset`).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : sklearn.utils.Bunch or tuple
        See :func:`load_dataset`.

    Examples
    --------
    >>> from id3tree.datasets import load_weather
    >>> X, y = load_weather(return_X_y=True)
    >>> X.columns.tolist()
    ['outlook', 'temperature', 'humidity', 'windy']
    >>> y.value_counts().tolist()
    [9, 5]
    """
    name = "weather.numeric" if numeric else "weather.nominal"
    return load_dataset(name, as_frame=as_frame, return_X_y=return_X_y)


def load_segment(
    subset: str = "challenge", *, as_frame: bool = True, return_X_y: bool = False
) -> Bunch | tuple:
    """Load the image segmentation data: 19 numeric features, 7 classes.

    Parameters
    ----------
    subset : {"challenge", "test"}, default="challenge"
        ``"challenge"`` gives ``segment-challenge`` (1500 rows, the training
        part), ``"test"`` gives ``segment-test`` (810 rows).
    as_frame : bool, default=True
        If False, return NumPy arrays instead of pandas objects (see
        :func:`load_dataset`).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : sklearn.utils.Bunch or tuple
        See :func:`load_dataset`.

    Examples
    --------
    >>> from id3tree.datasets import load_segment
    >>> load_segment("test").data.shape
    (810, 19)
    """
    if subset not in ("challenge", "test"):
        raise ValueError(f"subset must be 'challenge' or 'test', got {subset!r}")
    return load_dataset("segment-" + subset, as_frame=as_frame, return_X_y=return_X_y)


def _make_loader(name: str, function_name: str, summary: str):
    def loader(*, as_frame: bool = True, return_X_y: bool = False) -> Bunch | tuple:
        return load_dataset(name, as_frame=as_frame, return_X_y=return_X_y)

    loader.__name__ = loader.__qualname__ = function_name
    loader.__module__ = __name__
    loader.__doc__ = f"""Load the ``{name}`` dataset: {summary}
{_COMMON_DOC.format(extra="")}"""
    return loader


load_contact_lenses = _make_loader(
    "contact-lenses",
    "load_contact_lenses",
    "24 rows, 4 nominal features, 3 classes.",
)
load_labor = _make_loader(
    "labor",
    "load_labor",
    "57 rows, 8 nominal and 8 numeric features, 2 classes, many missing values.",
)
load_iris = _make_loader(
    "iris", "load_iris", "150 rows, 4 numeric features, 3 classes."
)
load_glass = _make_loader(
    "glass", "load_glass", "214 rows, 9 numeric features, 7 classes (1 unused)."
)
load_breast_cancer = _make_loader(
    "breast-cancer",
    "load_breast_cancer",
    "286 rows, 9 nominal features, 2 classes, a few missing values "
    "(the Ljubljana data, not scikit-learn's Wisconsin data).",
)
load_ionosphere = _make_loader(
    "ionosphere", "load_ionosphere", "351 rows, 34 numeric features, 2 classes."
)
load_vote = _make_loader(
    "vote",
    "load_vote",
    "435 rows, 16 nominal (y/n) features, 2 classes, missing values.",
)
load_soybean = _make_loader(
    "soybean",
    "load_soybean",
    "683 rows, 35 nominal features, 19 classes, missing values.",
)
load_diabetes = _make_loader(
    "diabetes",
    "load_diabetes",
    "768 rows, 8 numeric features, 2 classes "
    "(Pima Indians, not scikit-learn's regression data).",
)
load_unbalanced = _make_loader(
    "unbalanced",
    "load_unbalanced",
    "856 rows, 32 numeric features, 2 very unbalanced classes.",
)
load_credit_german = _make_loader(
    "credit-g",
    "load_credit_german",
    "1000 rows, 13 nominal and 7 numeric features, 2 classes.",
)
