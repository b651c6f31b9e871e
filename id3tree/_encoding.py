"""Categorical columns: decide which columns are nominal, learn categories, encode."""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._dtypes import FLOAT


@dataclass(frozen=True)
class Encoding:
    """What ``fit`` learned about the columns of X.

    Attributes
    ----------
    names : list of str
        Column names (``x0``, ``x1``, ... for arrays), used in error messages.
    categories : list of (ndarray or None)
        Per column, the categories of a nominal column (code ``i`` is
        ``categories[j][i]``) or None for a numeric column.
    """

    names: list[str]
    categories: list[np.ndarray | None]

    @property
    def n_categories(self) -> NDArray[np.intp]:
        """Number of categories per column, 0 for numeric columns."""
        return np.array(
            [0 if c is None else len(c) for c in self.categories], dtype=np.intp
        )


def is_dataframe(X) -> bool:
    """Return whether X is a pandas DataFrame, without importing pandas.

    pandas is imported only when a pandas object or an object array needs it, so
    ``import id3tree`` stays fast: a DataFrame implies that pandas is loaded.
    """
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(X, pd.DataFrame)


def _columns(X) -> tuple[list, list[str]]:
    """Split X (DataFrame or 2-D array) into columns and their display names."""
    if is_dataframe(X):
        return [X.iloc[:, j] for j in range(X.shape[1])], [str(c) for c in X.columns]
    return [X[:, j] for j in range(X.shape[1])], [f"x{j}" for j in range(X.shape[1])]


def _is_nominal_dtype(col) -> bool:
    dtype = col.dtype
    if dtype == np.dtype(object):  # nominal when it holds text or booleans
        values = np.asarray(col, dtype=object)  # (missing values are none of these)
        return any(isinstance(v, (str, bytes, bool, np.bool_)) for v in values)
    if isinstance(dtype, np.dtype):  # what pandas says of numpy dtypes
        return dtype.kind in "bSU"
    import pandas as pd  # an extension dtype: pandas is loaded

    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
    )


def _nominal_mask(columns, names, categorical_features) -> list[bool]:
    """Resolve ``categorical_features`` to one flag per column."""
    n = len(columns)
    if isinstance(categorical_features, str) and categorical_features == "auto":
        return [_is_nominal_dtype(c) for c in columns]
    if categorical_features is None:
        return [False] * n
    spec = np.asarray(categorical_features)
    if spec.dtype == bool:
        if spec.shape != (n,):
            raise ValueError(
                f"categorical_features as a boolean mask must have {n} entries, "
                f"got shape {spec.shape}."
            )
        return [bool(v) for v in spec]
    mask = [False] * n
    for item in np.atleast_1d(spec).tolist():
        if isinstance(item, str):
            if item not in names:
                raise ValueError(
                    f"categorical_features names unknown column {item!r}; "
                    f"columns are {names}."
                )
            mask[names.index(item)] = True
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -n <= item < n:
                raise ValueError(
                    f"categorical_features index {item} is out of range for "
                    f"{n} columns."
                )
            mask[item] = True
        else:
            raise TypeError(
                "categorical_features must be 'auto', None, a boolean mask, or a "
                f"list of column indices or names; got the entry {item!r}."
            )
    return mask


def _missing(values: np.ndarray) -> NDArray[np.bool_]:
    import pandas as pd

    return np.asarray(pd.isna(values), dtype=bool)


def _learn_categories(col) -> np.ndarray:
    import pandas as pd

    if isinstance(col.dtype, pd.CategoricalDtype):
        return np.asarray(col.cat.categories, dtype=object)
    values = np.asarray(col, dtype=object)
    present = values[~_missing(values)]
    if pd.api.types.is_bool_dtype(col.dtype) and not isinstance(col, pd.Series):
        present = present.astype(bool)
    unique = pd.unique(present)
    try:
        return np.asarray(sorted(unique), dtype=object)
    except TypeError:  # mixed types: order by text, then type name
        return np.asarray(
            sorted(unique, key=lambda v: (str(v), type(v).__name__)), dtype=object
        )


def _encode_nominal(col, categories: np.ndarray) -> NDArray[np.float64]:
    import pandas as pd

    values = np.asarray(col, dtype=object)
    missing = _missing(values)
    codes = pd.Index(categories).get_indexer(values)
    out = codes.astype(FLOAT)
    out[(codes < 0) | missing] = np.nan
    return out


def _encode_numeric(col, name: str) -> NDArray[np.float64]:
    import pandas as pd

    values = np.asarray(col, dtype=object) if col.dtype == object else col
    try:
        out = np.asarray(pd.to_numeric(pd.Series(values), errors="raise"), dtype=FLOAT)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"Column {name!r} is numeric but holds non-numeric values ({exc}). "
            "Declare it in categorical_features to treat it as nominal."
        ) from None
    if np.isinf(out).any():
        raise ValueError(
            f"Column {name!r} holds infinite values; only NaN (missing) is allowed."
        )
    return out


def fit_encoding(X, categorical_features="auto") -> tuple[Encoding, np.ndarray]:
    """Learn the column types and categories of X and encode it.

    Parameters
    ----------
    X : DataFrame or ndarray of shape (n_samples, n_features)
        Training features; NaN, None and ``pd.NA`` are missing values.
    categorical_features : "auto", None, array-like of bool, int or str
        Which columns are nominal. ``"auto"``: pandas ``category``, ``object``,
        ``string`` and ``bool`` columns, and columns of object arrays that hold
        strings.

    Returns
    -------
    encoding : Encoding
    X_encoded : ndarray of shape (n_samples, n_features), dtype=float64
        Numeric values and category codes, NaN for missing.
    """
    columns, names = _columns(X)
    mask = _nominal_mask(columns, names, categorical_features)
    categories = [
        _learn_categories(c) if m else None for c, m in zip(columns, mask, strict=True)
    ]
    encoding = Encoding(names=names, categories=categories)
    return encoding, transform(encoding, X)


def transform(encoding: Encoding, X) -> np.ndarray:
    """Encode X with categories learned at fit; unseen categories become NaN.

    Parameters
    ----------
    encoding : Encoding
    X : DataFrame or ndarray of shape (n_samples, n_features)

    Returns
    -------
    X_encoded : ndarray of shape (n_samples, n_features), dtype=float64, C-contiguous
    """
    if isinstance(X, np.ndarray) and X.dtype.kind in "biuf":
        return _transform_numeric_array(encoding, X)
    columns, _ = _columns(X)
    out = np.empty((len(columns[0]) if columns else 0, len(columns)), dtype=FLOAT)
    for j, (col, cats) in enumerate(zip(columns, encoding.categories, strict=True)):
        name = encoding.names[j]
        out[:, j] = (
            _encode_numeric(col, name) if cats is None else _encode_nominal(col, cats)
        )
    return out


def _transform_numeric_array(encoding: Encoding, X: np.ndarray) -> np.ndarray:
    """Encode a numeric array in one pass (the common, large-data case)."""
    numeric = np.array([c is None for c in encoding.categories], dtype=bool)
    out = np.ascontiguousarray(X, dtype=FLOAT)  # no copy for float64 C arrays...
    if not numeric.all() and np.shares_memory(out, X):
        out = out.copy()  # ...unless codes are about to be written into it
    with np.errstate(over="ignore", invalid="ignore"):
        all_finite = np.isfinite(out.sum())  # one fast pass, no temporary array
    infinite = () if all_finite else np.flatnonzero(np.isinf(out).any(axis=0) & numeric)
    if len(infinite):
        raise ValueError(
            f"Column {encoding.names[infinite[0]]!r} holds infinite values; only NaN "
            "(missing) is allowed."
        )
    for j in np.flatnonzero(~numeric):
        out[:, j] = _encode_nominal(X[:, j], encoding.categories[j])
    return out
