"""Log-loss (cross-entropy of predicted probabilities) kernels, functions and scorer."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.metrics import make_scorer

from ._information import _log_base
from ._jit import njit

__all__ = [
    "binary_cross_entropy",
    "log_loss",
    "log_loss_scorer",
    "make_log_loss_scorer",
]


def _eps_for(y_proba: ArrayLike) -> float:
    """Return the machine epsilon of ``y_proba``'s float dtype (float64 otherwise).

    Probabilities are clipped to ``[eps, 1 - eps]``, as scikit-learn does, so a
    confident mistake costs ``-ln(eps)`` (36 nats in float64), not infinity.
    """
    dtype = getattr(y_proba, "dtype", None)
    if dtype in (np.float32, np.float16):
        return float(np.finfo(dtype).eps)
    return float(np.finfo(np.float64).eps)


# --------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------


@njit
def mean_log_loss(proba, class_idx, sample_weight, eps):
    """Return the weighted mean of ``-ln(clip(proba[i, class_idx[i]]))`` in nats.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes), dtype=float64
        Predicted class probabilities in ``[0, 1]``. Any layout.
    class_idx : ndarray of shape (n_samples,), dtype=intp
        Column of the true class of each sample, ``0 <= class_idx[i] < n_classes``.
    sample_weight : ndarray of shape (n_samples,), dtype=float64
        Non-negative weights with a positive sum.
    eps : float
        Each probability is clipped to ``[eps, 1 - eps]`` before the log.

    Returns
    -------
    loss : float
        ``Σ_i w_i · -ln(p_i) / Σ_i w_i``, the negative log-likelihood per unit weight.
    """
    total = 0.0
    weight_sum = 0.0
    hi = 1.0 - eps
    for i in range(proba.shape[0]):
        p = proba[i, class_idx[i]]
        if p < eps:
            p = eps
        elif p > hi:
            p = hi
        total += sample_weight[i] * -math.log(p)
        weight_sum += sample_weight[i]
    return total / weight_sum


@njit
def mean_binary_cross_entropy(Y_true, Y_proba, sample_weight, eps):
    """Return the weighted mean over samples of the mean binary cross-entropy per label.

    Parameters
    ----------
    Y_true : ndarray of shape (n_samples, n_labels), dtype=float64
        Targets in ``[0, 1]`` (0/1 indicators, or soft targets). Any layout.
    Y_proba : ndarray of shape (n_samples, n_labels), dtype=float64
        Predicted probability of each label being 1, in ``[0, 1]``.
    sample_weight : ndarray of shape (n_samples,), dtype=float64
        Non-negative weights with a positive sum.
    eps : float
        ``p`` and ``1 - p`` are each clipped to ``[eps, 1 - eps]`` before the log.

    Returns
    -------
    loss : float
        ``Σ_i w_i · mean_l -(y ln p + (1 - y) ln(1 - p)) / Σ_i w_i`` in nats, a term
        being 0 when its target factor is 0.
    """
    n_samples, n_labels = Y_true.shape
    hi = 1.0 - eps
    total = 0.0
    weight_sum = 0.0
    for i in range(n_samples):
        row = 0.0
        for j in range(n_labels):
            y = Y_true[i, j]
            p = Y_proba[i, j]
            q = 1.0 - p
            p = min(max(p, eps), hi)
            q = min(max(q, eps), hi)
            if y != 0.0:
                row -= y * math.log(p)
            if y != 1.0:
                row -= (1.0 - y) * math.log(q)
        total += sample_weight[i] * (row / n_labels)
        weight_sum += sample_weight[i]
    return total / weight_sum


# --------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------


def _check_proba(y_proba: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``y_proba`` as float64 after checking it holds probabilities."""
    try:
        proba = np.asarray(y_proba, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must contain numbers; {exc}.") from None
    if proba.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1-D or 2-D; got shape {proba.shape}.")
    if proba.size == 0:
        raise ValueError(f"{name} is empty.")
    if not np.isfinite(proba).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if proba.max() > 1:
        raise ValueError(f"{name} contains values greater than 1: {proba.max()}.")
    if proba.min() < 0:
        raise ValueError(f"{name} contains values lower than 0: {proba.min()}.")
    return proba


def _check_weight(sample_weight: ArrayLike | None, n_samples: int) -> NDArray:
    """Return float64 weights of shape ``(n_samples,)`` (ones for ``None``)."""
    if sample_weight is None:
        return np.ones(n_samples)
    try:
        weight = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"sample_weight must contain numbers; {exc}.") from None
    if weight.shape != (n_samples,):
        raise ValueError(
            f"sample_weight must have shape ({n_samples},); got {weight.shape}."
        )
    if not np.isfinite(weight).all():
        raise ValueError("sample_weight contains NaN or infinite values.")
    if (weight < 0).any():
        raise ValueError("sample_weight contains negative values.")
    if not weight.sum() > 0:
        raise ValueError("sample_weight sums to zero.")
    return weight


def _check_labels(y_true: ArrayLike) -> NDArray:
    """Return ``y_true`` as a 1-D array without missing values."""
    import pandas as pd  # (not at import time: it costs 0.2 s)

    y = np.asarray(y_true)
    if y.ndim != 1:
        raise ValueError(f"y_true must be 1-D; got shape {y.shape}.")
    if y.size == 0:
        raise ValueError("y_true is empty.")
    if pd.isna(y).any():
        raise ValueError("y_true contains missing values.")
    return y


def _sorted_unique(values: NDArray, name: str) -> NDArray:
    """Return the sorted distinct values, with a clear error for mixed types."""
    try:
        return np.unique(values)
    except TypeError:
        raise ValueError(
            f"{name} mixes types that cannot be sorted, e.g. numbers and strings."
        ) from None


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def log_loss(
    y_true: ArrayLike,
    y_proba: ArrayLike,
    *,
    labels: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
    base: float | str = "e",
) -> float:
    """Log-loss: the categorical cross-entropy of predicted class probabilities.

    Behaves like ``sklearn.metrics.log_loss`` (same clipping, same column order),
    plus a ``base`` for the unit.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_proba : array-like of shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities, columns in sorted class order (as
        ``predict_proba`` and ``LabelBinarizer`` give them). A 1-D array (or a single
        column) is the probability of the larger of two classes.
    labels : array-like, default=None
        All class labels, when ``y_true`` does not show every column's class.
        Sorted internally; a warning is issued if they were not given sorted.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights with a positive sum.
    base : float or "e", default="e"
        Logarithm base: ``"e"`` gives nats (scikit-learn's unit), 2 gives bits.

    Returns
    -------
    loss : float
        ``-Σ_i w_i log p_i(y_i) / Σ_i w_i``, each probability first clipped to
        ``[eps, 1 - eps]`` with ``eps`` the machine epsilon of ``y_proba``'s
        dtype (float64 unless float32 or float16 is given).

    Raises
    ------
    ValueError
        If the probabilities are not in ``[0, 1]`` or not finite, the shapes do not
        match, fewer than two classes are known, ``y_true`` has a label not in
        ``labels``, the number of classes and columns differ, ``sample_weight`` is
        invalid, or ``base`` is invalid.

    Warns
    -----
    UserWarning
        If a row of probabilities does not sum to one (within ``sqrt(eps)``
        relatively plus ``1e-8``), or ``labels`` is not sorted.

    Notes
    -----
    With one-hot targets the cross-entropy ``H(P, Q) = -Σ p log q`` of each sample
    is ``-log q(true class)``, its negative log-likelihood; averaging it over the
    samples gives the cross-entropy of the data to the model. Minimising it is
    maximum likelihood. A decision tree's leaf frequencies, the class distributions
    ID3 (Quinlan 1986) and C4.5 (Quinlan 1993) store, are the maximum-likelihood
    estimates on the training data.

    Examples
    --------
    >>> from id3tree import log_loss
    >>> log_loss(["spam", "ham", "ham", "spam"],
    ...          [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])
    0.2161...
    >>> log_loss([0, 1], [0.5, 0.5], base=2)  # a fair guess costs one bit
    1.0
    """
    log_base = _log_base(base)
    eps = _eps_for(y_proba)
    proba = _check_proba(y_proba, "y_proba")
    y = _check_labels(y_true)
    n_samples = y.shape[0]
    if proba.shape[0] != n_samples:
        raise ValueError(
            "y_true and y_proba have different numbers of samples: "
            f"{n_samples} and {proba.shape[0]}."
        )
    weight = _check_weight(sample_weight, n_samples)

    if labels is None:
        classes = _sorted_unique(y, "y_true")
        if classes.shape[0] < 2:
            raise ValueError(
                f"y_true contains only one label ({classes[0]!r}); pass all the "
                "class labels through the labels argument."
            )
    else:
        given = np.asarray(labels)
        if given.ndim != 1:
            raise ValueError(f"labels must be 1-D; got shape {given.shape}.")
        classes = _sorted_unique(given, "labels")
        if classes.shape[0] < 2:
            raise ValueError(
                f"labels must contain at least two labels; got {classes.tolist()}."
            )
        if classes.shape != given.shape or not (classes == given).all():
            warnings.warn(
                f"labels were not given sorted: {given.tolist()}. The columns of "
                f"y_proba are taken to follow the sorted labels {classes.tolist()}.",
                UserWarning,
                stacklevel=2,
            )
        unknown = np.setdiff1d(_sorted_unique(y, "y_true"), classes)
        if unknown.size:
            raise ValueError(
                f"y_true contains labels {unknown.tolist()} not in labels "
                f"{classes.tolist()}."
            )

    if proba.ndim == 1:
        proba = proba[:, np.newaxis]
    if proba.shape[1] == 1:
        proba = np.hstack([1.0 - proba, proba])
    if not np.isclose(proba.sum(axis=1), 1.0, rtol=math.sqrt(eps), atol=1e-8).all():
        warnings.warn(
            "The y_proba values do not sum to one. Make sure to pass probabilities.",
            UserWarning,
            stacklevel=2,
        )
    if proba.shape[1] != classes.shape[0]:
        where = "y_true" if labels is None else "labels"
        raise ValueError(
            f"{where} has {classes.shape[0]} classes but y_proba has "
            f"{proba.shape[1]} columns; classes found in {where}: "
            f"{classes.tolist()}."
            + (" Pass all the class labels through labels." if labels is None else "")
        )
    class_idx = np.searchsorted(classes, y).astype(np.intp)
    loss = mean_log_loss(np.ascontiguousarray(proba), class_idx, weight, eps)
    return float(loss / log_base)


def binary_cross_entropy(
    Y_true: ArrayLike,
    Y_proba: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    base: float | str = "e",
) -> float:
    """Binary cross-entropy of multi-label (sigmoid) predictions.

    Parameters
    ----------
    Y_true : array-like of shape (n_samples, n_labels) or (n_samples,)
        Label indicator matrix (0 or 1), or soft targets in ``[0, 1]``.
    Y_proba : array-like of the shape of ``Y_true``
        Predicted probability that each label is 1.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights with a positive sum.
    base : float or "e", default="e"
        Logarithm base: ``"e"`` gives nats, 2 gives bits.

    Returns
    -------
    loss : float
        ``-(y log p + (1 - y) log(1 - p))`` averaged over labels, then over samples
        (weighted). ``p`` and ``1 - p`` are clipped to ``[eps, 1 - eps]`` as in
        :func:`log_loss`, so one label gives the same value as :func:`log_loss`.

    Raises
    ------
    ValueError
        If the shapes differ, targets or probabilities are outside ``[0, 1]`` or not
        finite, ``sample_weight`` is invalid, or ``base`` is invalid.

    Notes
    -----
    Each label is a Bernoulli variable; its cross-entropy
    ``-y log p - (1 - y) log(1 - p)`` is the negative log-likelihood of the target.
    This is the two-class case of the entropy ID3 (Quinlan 1986) and C4.5
    (Quinlan 1993) compute at a node.

    Examples
    --------
    >>> from id3tree import binary_cross_entropy
    >>> binary_cross_entropy([[1, 0], [0, 1]], [[0.5, 0.5], [0.5, 0.5]], base=2)
    1.0
    >>> binary_cross_entropy([[1, 0, 1]], [[0.9, 0.2, 0.6]])
    0.2797...
    """
    log_base = _log_base(base)
    eps = _eps_for(Y_proba)
    targets = _check_proba(Y_true, "Y_true")
    proba = _check_proba(Y_proba, "Y_proba")
    if targets.shape != proba.shape:
        raise ValueError(
            "Y_true and Y_proba must have the same shape; got "
            f"{targets.shape} and {proba.shape}."
        )
    if targets.ndim == 1:
        targets = targets[:, np.newaxis]
        proba = proba[:, np.newaxis]
    weight = _check_weight(sample_weight, targets.shape[0])
    loss = mean_binary_cross_entropy(
        np.ascontiguousarray(targets), np.ascontiguousarray(proba), weight, eps
    )
    return float(loss / log_base)


def make_log_loss_scorer(
    *, labels: ArrayLike | None = None, base: float | str = "e"
) -> Callable[..., float]:
    """Make a scorer returning the negative :func:`log_loss` of ``predict_proba``.

    Parameters
    ----------
    labels : array-like, default=None
        All class labels, passed to :func:`log_loss` (useful when a test fold misses
        a class).
    base : float or "e", default="e"
        Logarithm base of the loss: ``"e"`` nats, 2 bits.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y)``; greater is better, so it returns the negated
        loss, like scikit-learn's ``"neg_log_loss"``.

    Raises
    ------
    ValueError
        If ``base`` is invalid.

    Notes
    -----
    Choosing hyperparameters by this score is maximum likelihood on held-out data:
    the log-loss is the cross-entropy of the data to the model (see
    :func:`log_loss`; trees: Quinlan 1986, 1993).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from id3tree import make_log_loss_scorer
    >>> X, y = [[0], [1], [2], [3]], [0, 0, 1, 1]
    >>> scorer = make_log_loss_scorer(base=2)
    >>> score = scorer(LogisticRegression().fit(X, y), X, y)
    >>> -1 < score < 0
    True
    """
    _log_base(base)
    kwargs = {"base": base}
    if labels is not None:
        kwargs["labels"] = labels
    return make_scorer(
        log_loss, response_method="predict_proba", greater_is_better=False, **kwargs
    )


#: Scorer for model selection by log-loss in nats (equal to ``"neg_log_loss"``).
log_loss_scorer = make_scorer(
    log_loss, response_method="predict_proba", greater_is_better=False
)
