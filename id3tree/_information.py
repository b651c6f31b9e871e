"""Entropy, information gain and divergences: J48-exact kernels and public wrappers."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._jit import njit

__all__ = [
    "conditional_entropy",
    "cross_entropy",
    "entropy",
    "gain_ratio",
    "information_gain",
    "joint_entropy",
    "kl_divergence",
    "mutual_information",
    "self_information",
    "split_information",
]

#: ``ln 2`` as the double ``math.log(2)``; J48 divides every ``x ln x`` term by it.
LN2 = math.log(2)


# --------------------------------------------------------------------------------------
# J48 kernels: weighted counts in, bits * weight out (C45_SPEC sections 0 and 5)
# --------------------------------------------------------------------------------------


@njit
def xlnx(x):
    """Return J48's entropy term ``x * ln(x) / ln(2)``, or 0 for ``x < 1e-6``.

    Parameters
    ----------
    x : float
        A non-negative weighted count.

    Returns
    -------
    term : float
        ``0.0`` if ``x < 1e-6`` (J48's guard, not an exact ``0 log 0``), else
        ``x * log(x) / LN2`` evaluated in that order.

    Examples
    --------
    >>> from id3tree._information import xlnx
    >>> xlnx(4.0)
    8.0
    >>> xlnx(1e-7)
    0.0
    """
    if x < 1e-6:
        return 0.0
    return x * math.log(x) / LN2


@njit
def weighted_entropy(counts):
    """Return J48's ``oldEnt``: the class entropy of a count vector times its total.

    Parameters
    ----------
    counts : ndarray of shape (n_classes,), dtype=float64
        Non-negative weighted class counts. Any layout.

    Returns
    -------
    old_ent : float
        ``xlnx(N) - Σ_c xlnx(counts[c])`` with ``N`` and the sum accumulated in
        index order; equals ``N * H(class)`` in bits.

    Examples
    --------
    >>> import numpy as np
    >>> from id3tree._information import weighted_entropy
    >>> float(weighted_entropy(np.array([2.0, 2.0])))
    4.0
    """
    s = 0.0
    total = 0.0
    for c in range(counts.shape[0]):
        s += xlnx(counts[c])
        total += counts[c]
    return xlnx(total) - s


@njit
def weighted_conditional_entropy(table, row_totals):
    """Return J48's ``newEnt``: ``Σ_b n[b] · H(class | bag b)`` in bits.

    Parameters
    ----------
    table : ndarray of shape (n_bags, n_classes), dtype=float64
        Weighted class counts per bag (branch). Any layout.
    row_totals : ndarray of shape (n_bags,), dtype=float64
        ``n[b]``, the total of each row of ``table`` (as accumulated by the caller).

    Returns
    -------
    new_ent : float
        ``-s`` where one running sum ``s`` adds, bag by bag, ``xlnx(table[b, c])`` for
        each class in index order and then subtracts ``xlnx(row_totals[b])``.

    Examples
    --------
    >>> import numpy as np
    >>> from id3tree._information import weighted_conditional_entropy
    >>> table = np.array([[1.0, 1.0], [2.0, 0.0]])
    >>> float(weighted_conditional_entropy(table, table.sum(axis=1)))
    2.0
    """
    s = 0.0
    for b in range(table.shape[0]):
        for c in range(table.shape[1]):
            s += xlnx(table[b, c])
        s -= xlnx(row_totals[b])
    return -s


@njit
def split_gain(table, row_totals, known_total, total_weight, old_ent, eps):
    """Return J48's information gain of a split, in bits per unit of known weight.

    Parameters
    ----------
    table : ndarray of shape (n_bags, n_classes), dtype=float64
        Weighted class counts per bag, instances with a known split value only.
    row_totals : ndarray of shape (n_bags,), dtype=float64
        Row totals ``n[b]`` of ``table``.
    known_total : float
        ``N``, the weight of the instances with a known value; ``N > 0`` unless the
        numerator is zero.
    total_weight : float
        ``W > 0``, the weight of all instances of the node, missing values included.
    old_ent : float
        ``weighted_entropy`` of the known instances' class counts.
    eps : float
        Tolerance of the zero test on the numerator: ``1e-6`` for C4.5, ``0.0`` for
        an exact test.

    Returns
    -------
    gain : float
        ``num / N`` where ``num = (old_ent - new_ent) * (1 - (W - N) / W)``, or
        ``0.0`` when ``num == 0`` or ``|num| < eps``. May be slightly negative from
        rounding; nothing clips it.

    Examples
    --------
    >>> import numpy as np
    >>> from id3tree._information import split_gain, weighted_entropy
    >>> table = np.array([[2.0, 0.0], [0.0, 2.0]])
    >>> old_ent = weighted_entropy(table.sum(axis=0))
    >>> float(split_gain(table, table.sum(axis=1), 4.0, 4.0, old_ent, 0.0))
    1.0
    """
    unknown_rate = (total_weight - known_total) / total_weight
    num = old_ent - weighted_conditional_entropy(table, row_totals)
    num = (1.0 - unknown_rate) * num
    if num == 0.0 or (num < eps and -num < eps):
        return 0.0
    return num / known_total


@njit
def split_entropy(row_totals, known_total, total_weight):
    """Return J48's ``splitEnt``: split information times ``W``, in bits.

    The instances with a missing value count as one more branch.

    Parameters
    ----------
    row_totals : ndarray of shape (n_bags,), dtype=float64
        Weight of each bag (known values only).
    known_total : float
        ``N``, the weight with a known value.
    total_weight : float
        ``W``, the weight of all instances, missing values included.

    Returns
    -------
    split_ent : float
        ``0.0`` unless ``N > 1e-6``; else ``s`` accumulated as
        ``s -= xlnx(n[b])`` for each bag, ``s -= xlnx(W - N)``, ``s += xlnx(W)``.

    Examples
    --------
    >>> import numpy as np
    >>> from id3tree._information import split_entropy
    >>> float(split_entropy(np.array([2.0, 2.0]), 4.0, 4.0))
    4.0
    """
    if not known_total > 1e-6:
        return 0.0
    s = 0.0
    for b in range(row_totals.shape[0]):
        s -= xlnx(row_totals[b])
    s -= xlnx(total_weight - known_total)
    s += xlnx(total_weight)
    return s


@njit
def gain_ratio_from(gain, split_ent, total_weight, eps):
    """Return J48's gain ratio from a gain and a ``split_entropy``.

    Parameters
    ----------
    gain : float
        Information gain in bits (``split_gain``).
    split_ent : float
        Split information times ``W`` in bits (``split_entropy``).
    total_weight : float
        ``W > 0``.
    eps : float
        Tolerance of the zero test on ``split_ent`` (``1e-6`` for C4.5, ``0.0``
        exact).

    Returns
    -------
    ratio : float
        ``0.0`` if ``split_ent == 0`` or ``|split_ent| < eps``, else
        ``gain / (split_ent / W)``.

    Examples
    --------
    >>> from id3tree._information import gain_ratio_from
    >>> gain_ratio_from(0.5, 8.0, 4.0, 1e-6)
    0.25
    """
    if split_ent == 0.0 or (split_ent < eps and -split_ent < eps):
        return 0.0
    return gain / (split_ent / total_weight)


# --------------------------------------------------------------------------------------
# Distribution kernels: normalised probabilities in, nats out, exact 0 log 0 = 0
# --------------------------------------------------------------------------------------


@njit
def entropy_nats(p):
    """Return ``-Σ p log p`` in nats, with ``0 log 0 = 0``.

    Parameters
    ----------
    p : ndarray of shape (n,), dtype=float64
        Probabilities summing to one (not checked). Any layout.

    Returns
    -------
    h : float
        Shannon entropy in nats.
    """
    s = 0.0
    for i in range(p.shape[0]):
        if p[i] > 0.0:
            s -= p[i] * math.log(p[i])
    return s


@njit
def cross_entropy_nats(p, q):
    """Return ``-Σ p log q`` in nats; ``inf`` if some ``q[i] == 0 < p[i]``.

    Parameters
    ----------
    p, q : ndarray of shape (n,), dtype=float64
        Probabilities summing to one (not checked); terms with ``p[i] == 0`` are 0.

    Returns
    -------
    h : float
        Cross-entropy ``H(p, q)`` in nats.
    """
    s = 0.0
    for i in range(p.shape[0]):
        if p[i] > 0.0:
            if q[i] == 0.0:
                return math.inf
            s -= p[i] * math.log(q[i])
    return s


@njit
def kl_divergence_nats(p, q):
    """Return ``Σ p log(p / q)`` in nats; ``inf`` if some ``q[i] == 0 < p[i]``.

    Parameters
    ----------
    p, q : ndarray of shape (n,), dtype=float64
        Probabilities summing to one (not checked); terms with ``p[i] == 0`` are 0.

    Returns
    -------
    kl : float
        ``KL(p || q)`` in nats; exactly 0 when ``p`` and ``q`` are equal.
    """
    s = 0.0
    for i in range(p.shape[0]):
        if p[i] > 0.0:
            if q[i] == 0.0:
                return math.inf
            s += p[i] * math.log(p[i] / q[i])
    return s


@njit
def conditional_entropy_nats(joint):
    """Return ``H(Y | X) = Σ p(x, y) log(p(x) / p(x, y))`` in nats.

    Parameters
    ----------
    joint : ndarray of shape (n_x, n_y), dtype=float64
        Joint probabilities summing to one (not checked); rows are values of ``X``.

    Returns
    -------
    h : float
        Conditional entropy of the columns given the rows, in nats.
    """
    s = 0.0
    for i in range(joint.shape[0]):
        px = 0.0
        for j in range(joint.shape[1]):
            px += joint[i, j]
        for j in range(joint.shape[1]):
            if joint[i, j] > 0.0:
                s += joint[i, j] * math.log(px / joint[i, j])
    return s


@njit
def mutual_information_nats(joint):
    """Return ``I(X; Y) = Σ p(x, y) log(p(x, y) / (p(x) p(y)))`` in nats.

    Parameters
    ----------
    joint : ndarray of shape (n_x, n_y), dtype=float64
        Joint probabilities summing to one (not checked).

    Returns
    -------
    mi : float
        Mutual information in nats, clipped at 0 (rounding can give ``-1e-17``).
    """
    n_x, n_y = joint.shape
    px = np.zeros(n_x)
    py = np.zeros(n_y)
    for i in range(n_x):
        for j in range(n_y):
            px[i] += joint[i, j]
            py[j] += joint[i, j]
    s = 0.0
    for i in range(n_x):
        for j in range(n_y):
            if joint[i, j] > 0.0:
                s += joint[i, j] * math.log(joint[i, j] / (px[i] * py[j]))
    return max(s, 0.0)


# --------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------


def _log_base(base: float | str) -> float:
    """Return ``ln(base)`` after checking ``base`` (``"e"`` or a number > 0, != 1)."""
    if isinstance(base, str):
        if base == "e":
            return 1.0
    elif (
        isinstance(base, numbers.Real)
        and not isinstance(base, bool)
        and math.isfinite(base)
        and base > 0
        and base != 1
    ):
        return math.log(base)
    raise ValueError(
        f"base must be 'e' or a finite number > 0 other than 1; got {base!r}."
    )


def _as_float_array(a: ArrayLike, name: str) -> NDArray[np.float64]:
    """Convert to a float64 array, rejecting non-numeric, NaN, infinite or < 0."""
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must contain numbers; {exc}.") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty.")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN.")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values.")
    if (arr < 0).any():
        raise ValueError(f"{name} contains negative values.")
    return arr


def _as_distribution(a: ArrayLike, name: str, ndim: int) -> NDArray[np.float64]:
    """Validate non-negative counts or probabilities and normalise them to sum 1."""
    arr = _as_float_array(a, name)
    if arr.ndim != ndim:
        shape = "1-D" if ndim == 1 else "2-D"
        raise ValueError(f"{name} must be {shape}; got shape {arr.shape}.")
    total = arr.sum()
    if not total > 0:
        raise ValueError(f"{name} sums to zero; it needs at least one positive entry.")
    return np.ascontiguousarray(arr / total)


def _as_labels(a: ArrayLike, name: str) -> tuple[NDArray[np.intp], int]:
    """Encode a 1-D array of labels as codes ``0..k-1`` (``-1`` for missing)."""
    import pandas as pd  # (not at import time: it costs 0.2 s)

    if isinstance(a, pd.DataFrame):
        raise ValueError(f"{name} must be 1-D; got a DataFrame.")
    values = a if isinstance(a, (pd.Series, pd.Index, pd.Categorical)) else None
    if values is None:
        values = np.asarray(a)
        if values.ndim != 1:
            raise ValueError(f"{name} must be 1-D; got shape {values.shape}.")
    if len(values) == 0:
        raise ValueError(f"{name} is empty.")
    try:
        codes, uniques = pd.factorize(values, sort=True)
    except TypeError:  # labels of mixed types cannot be sorted
        codes, uniques = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.intp), len(uniques)


def _split_table(
    x: ArrayLike, y: ArrayLike | None, sample_weight: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], float, float, NDArray]:
    """Return J48's count table of ``y`` per value of ``x`` and its totals.

    Returns ``(table, row_totals, known_total, total_weight, class_totals)``; the
    counts are accumulated instance by instance as J48 does, after rescaling the
    weights to mean 1.
    """
    x_codes, n_values = _as_labels(x, "x")
    n_samples = x_codes.shape[0]
    if y is None:
        y_codes, n_classes = np.zeros(n_samples, dtype=np.intp), 1
    else:
        y_codes, n_classes = _as_labels(y, "y")
        if y_codes.shape[0] != n_samples:
            raise ValueError(
                f"x and y have different lengths: {n_samples} and {y_codes.shape[0]}."
            )
        if (y_codes < 0).any():
            raise ValueError("y contains missing values; class labels must be known.")
    if sample_weight is None:
        weight = np.ones(n_samples)
    else:
        weight = _as_float_array(sample_weight, "sample_weight")
        if weight.shape != (n_samples,):
            raise ValueError(
                f"sample_weight must have shape ({n_samples},); got {weight.shape}."
            )
        total = weight.sum()
        if not total > 0:
            raise ValueError("sample_weight sums to zero.")
        weight = weight * (n_samples / total)
    known = x_codes >= 0
    xk, yk, wk = x_codes[known], y_codes[known], weight[known]
    table = np.zeros((n_values, n_classes))
    np.add.at(table, (xk, yk), wk)
    row_totals = np.zeros(n_values)
    np.add.at(row_totals, xk, wk)
    class_totals = np.zeros(n_classes)
    np.add.at(class_totals, yk, wk)
    # running sums in instance order, as J48's Distribution keeps them
    known_total = float(np.cumsum(wk)[-1]) if wk.size else 0.0
    total_weight = float(np.cumsum(weight)[-1])
    return table, row_totals, known_total, total_weight, class_totals


def _bits_to(base: float | str) -> float:
    """Return the factor converting bits to units of ``base`` (exactly 1 for 2)."""
    return LN2 / _log_base(base)


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def self_information(p: ArrayLike, base: float | str = 2) -> float | NDArray:
    """Self-information (surprisal) ``-log p`` of outcomes with probability ``p``.

    Parameters
    ----------
    p : float or array-like of float
        Probabilities in ``[0, 1]``.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    info : float or ndarray
        ``-log_base(p)``; ``inf`` where ``p == 0``. A float for scalar input, else an
        array of the shape of ``p``.

    Raises
    ------
    ValueError
        If ``p`` is empty, NaN or outside ``[0, 1]``, or ``base`` is invalid.

    Notes
    -----
    ``I(p) = -log p`` (Shannon 1948): rare outcomes carry more information and the
    information of independent outcomes adds up. ID3 (Quinlan 1986) and C4.5
    (Quinlan 1993) average it over the class distribution to get the entropy.

    Examples
    --------
    One of the 8 outcomes of three fair coin tosses carries 3 bits:

    >>> from id3tree import self_information
    >>> self_information(0.125)
    3.0
    >>> self_information([1.0, 0.5, 0.25])
    array([0., 1., 2.])
    """
    log_base = _log_base(base)
    if isinstance(p, str):
        raise ValueError("p must contain numbers; got a string.")
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"p must contain numbers; {exc}.") from None
    if arr.size == 0:
        raise ValueError("p is empty.")
    if np.isnan(arr).any():
        raise ValueError("p contains NaN.")
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError("p must contain probabilities in [0, 1].")
    with np.errstate(divide="ignore"):
        info = -np.log(arr) / log_base
    # -log(1) is -0.0; report +0.0
    info = info + 0.0
    return float(info) if info.ndim == 0 else info


def entropy(p: ArrayLike, base: float | str = 2) -> float:
    """Shannon entropy ``H(P) = -Σ p log p`` of a distribution or of counts.

    Parameters
    ----------
    p : array-like of shape (n_outcomes,)
        Non-negative probabilities or counts; normalised to sum to one (as
        ``scipy.stats.entropy`` does).
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    h : float
        Entropy, with ``0 log 0 = 0``; between 0 and ``log(n_outcomes)``.

    Raises
    ------
    ValueError
        If ``p`` is empty, not 1-D, contains NaN, inf or negative values, or sums to
        zero, or ``base`` is invalid.

    Notes
    -----
    ``H(P) = -Σ_x p(x) log p(x)``: the expected self-information, the mean length of
    the best code for messages drawn from ``P``. ID3 (Quinlan 1986) and C4.5
    (Quinlan 1993) use the entropy of the class counts of a node, in bits.

    Examples
    --------
    >>> from id3tree import entropy
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([9, 5])  # the "play" column of the weather data
    0.940285958670...
    >>> entropy([1, 1, 1, 1], base="e")
    1.386294361119...
    """
    log_base = _log_base(base)
    return float(entropy_nats(_as_distribution(p, "p", 1)) / log_base)


def _check_pair(p: ArrayLike, q: ArrayLike) -> tuple[NDArray, NDArray]:
    """Validate and normalise two distributions of the same shape."""
    p_arr = _as_distribution(p, "p", 1)
    q_arr = _as_distribution(q, "q", 1)
    if p_arr.shape != q_arr.shape:
        raise ValueError(
            f"p and q must have the same shape; got {p_arr.shape} and {q_arr.shape}."
        )
    return p_arr, q_arr


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float | str = 2) -> float:
    """Cross-entropy ``H(P, Q) = -Σ p log q`` of a model ``Q`` for data ``P``.

    Parameters
    ----------
    p : array-like of shape (n_outcomes,)
        True distribution (or counts), normalised to sum to one.
    q : array-like of shape (n_outcomes,)
        Model distribution (or counts), normalised to sum to one.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    h : float
        ``H(P, Q) >= H(P)``; ``inf`` if ``q`` is 0 where ``p`` is positive.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is invalid (see :func:`entropy`) or their shapes differ.

    Notes
    -----
    ``H(P, Q) = -Σ_x p(x) log q(x) = H(P) + KL(P || Q)``: the mean code length when
    messages from ``P`` are coded with the code built for ``Q``. It is not
    symmetric. Minimising it over ``Q`` is maximum likelihood, and the log-loss of a
    classifier is its cross-entropy to the observed labels; the tree's leaves are
    the class frequencies that minimise it (Quinlan 1986, 1993).

    Examples
    --------
    >>> from id3tree import cross_entropy, entropy, kl_divergence
    >>> cross_entropy([0.5, 0.5], [0.25, 0.75])
    1.207518749639...
    >>> entropy([0.5, 0.5]) + kl_divergence([0.5, 0.5], [0.25, 0.75])
    1.207518749639...
    >>> cross_entropy([1, 0], [0, 1])
    inf
    """
    log_base = _log_base(base)
    p_arr, q_arr = _check_pair(p, q)
    return float(cross_entropy_nats(p_arr, q_arr) / log_base)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | str = 2) -> float:
    """Kullback-Leibler divergence ``KL(P || Q) = Σ p log(p / q)``.

    Parameters
    ----------
    p : array-like of shape (n_outcomes,)
        True distribution (or counts), normalised to sum to one.
    q : array-like of shape (n_outcomes,)
        Model distribution (or counts), normalised to sum to one.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    kl : float
        ``>= 0``, zero iff ``p == q`` after normalisation; ``inf`` if ``q`` is 0
        where ``p`` is positive.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is invalid (see :func:`entropy`) or their shapes differ.

    Notes
    -----
    ``KL(P || Q) = Σ_x p(x) log(p(x) / q(x)) = H(P, Q) - H(P)``: the extra code
    length paid for using ``Q``'s code on ``P``'s messages. It is not symmetric.
    Maximising likelihood minimises ``KL(data || model)``. Matches
    ``scipy.stats.entropy(p, q)``. Entropy-based trees: Quinlan 1986, 1993.

    Examples
    --------
    >>> from id3tree import kl_divergence
    >>> kl_divergence([0.5, 0.5], [0.25, 0.75])
    0.207518749639...
    >>> kl_divergence([0.25, 0.75], [0.5, 0.5])
    0.188721875540...
    >>> kl_divergence([1, 2], [2, 4])
    0.0
    """
    log_base = _log_base(base)
    p_arr, q_arr = _check_pair(p, q)
    return float(kl_divergence_nats(p_arr, q_arr) / log_base)


def joint_entropy(table: ArrayLike, base: float | str = 2) -> float:
    """Joint entropy ``H(X, Y)`` of a contingency table.

    Parameters
    ----------
    table : array-like of shape (n_x, n_y)
        Non-negative joint counts or probabilities; rows are values of ``X``,
        columns values of ``Y``. Normalised to sum to one.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    h : float
        ``-Σ_{x,y} p(x, y) log p(x, y)``.

    Raises
    ------
    ValueError
        If ``table`` is not 2-D, empty, contains NaN, inf or negative values, or sums
        to zero, or ``base`` is invalid.

    Notes
    -----
    ``H(X, Y) = H(X) + H(Y | X)``. With the class as ``Y`` and a feature as ``X``
    this is the entropy of the cells of the split table of ID3 (Quinlan 1986) and
    C4.5 (Quinlan 1993).

    Examples
    --------
    >>> from id3tree import joint_entropy
    >>> joint_entropy([[1, 1], [1, 1]])
    2.0
    """
    log_base = _log_base(base)
    joint = _as_distribution(table, "table", 2)
    return float(entropy_nats(joint.ravel()) / log_base)


def conditional_entropy(table: ArrayLike, base: float | str = 2) -> float:
    """Conditional entropy ``H(Y | X)`` of a contingency table.

    Parameters
    ----------
    table : array-like of shape (n_x, n_y)
        Non-negative joint counts or probabilities; rows are values of ``X``,
        columns values of ``Y``. Normalised to sum to one.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    h : float
        ``Σ_x p(x) H(Y | X = x)``.

    Raises
    ------
    ValueError
        If ``table`` is invalid (see :func:`joint_entropy`) or ``base`` is invalid.

    Notes
    -----
    ``H(Y | X) = Σ_x p(x) H(Y | X = x) = H(X, Y) - H(X)``. With the class as ``Y``
    and a feature as ``X`` it is the expected entropy after splitting on the feature,
    ``E(A)`` in Quinlan (1986); the information gain is ``H(Y) - H(Y | X)``
    (Quinlan 1986, 1993).

    Examples
    --------
    >>> from id3tree import conditional_entropy
    >>> conditional_entropy([[2, 0], [1, 1]])  # half the rows are pure
    0.5
    """
    log_base = _log_base(base)
    joint = _as_distribution(table, "table", 2)
    return float(conditional_entropy_nats(joint) / log_base)


def mutual_information(table: ArrayLike, base: float | str = 2) -> float:
    """Mutual information ``I(X; Y)`` of a contingency table.

    Parameters
    ----------
    table : array-like of shape (n_x, n_y)
        Non-negative joint counts or probabilities; rows are values of ``X``,
        columns values of ``Y``. Normalised to sum to one.
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    mi : float
        ``I(X; Y) >= 0``, at most ``min(H(X), H(Y))``.

    Raises
    ------
    ValueError
        If ``table`` is invalid (see :func:`joint_entropy`) or ``base`` is invalid.

    Notes
    -----
    ``I(X; Y) = Σ p(x, y) log(p(x, y) / (p(x) p(y))) = H(Y) - H(Y | X)
    = H(X) + H(Y) - H(X, Y)``. On training counts it is the information gain of
    ID3 (Quinlan 1986); C4.5 divides it by the split information (Quinlan 1993).
    With ``base="e"`` it equals ``sklearn.metrics.mutual_info_score`` of the
    contingency table.

    Examples
    --------
    >>> from id3tree import mutual_information
    >>> mutual_information([[1, 0], [0, 1]])
    1.0
    >>> mutual_information([[1, 1], [2, 2]])
    0.0
    """
    log_base = _log_base(base)
    joint = _as_distribution(table, "table", 2)
    return float(mutual_information_nats(joint) / log_base)


def information_gain(
    x: ArrayLike,
    y: ArrayLike,
    sample_weight: ArrayLike | None = None,
    base: float | str = 2,
) -> float:
    """Information gain of the class ``y`` from splitting on the feature ``x``.

    Computed with the same kernels and arithmetic as the C4.5 tree (Weka J48).

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        Category of each sample (numbers or strings); ``NaN``, ``None`` and
        ``pd.NA`` mark a missing value.
    y : array-like of shape (n_samples,)
        Class labels; no missing values.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights; ``None`` means 1 each. Only their ratios matter: they
        are rescaled to mean 1 before J48's arithmetic (which treats counts below
        ``1e-6`` as empty).
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    gain : float
        ``F · (H(y) - H(y | x))`` over the samples with known ``x``, ``F`` being their
        share of the weight. Can be ``-1e-16``-ish from rounding.

    Raises
    ------
    ValueError
        If the inputs are empty, not 1-D, of different lengths, ``y`` has missing
        values, ``sample_weight`` is negative, NaN or sums to zero, or ``base`` is
        invalid.

    Notes
    -----
    ID3 (Quinlan 1986) picks the feature with the largest gain
    ``g(D, A) = H(D) - Σ_v |D_v| / |D| · H(D_v)``, the mutual information of class
    and feature in the training data. C4.5 (Quinlan 1993) computes it on the
    samples whose value is known and multiplies it by their fraction ``F``.
    Arithmetic: J48's ``(oldEnt - newEnt) · F / N`` with ``x log2 x`` terms summed
    in a fixed order, so the weather numbers match Weka to the last bit.

    Examples
    --------
    >>> from id3tree import information_gain
    >>> outlook = ["sunny", "sunny", "overcast", "rainy", "rainy", "rainy",
    ...            "overcast", "sunny", "sunny", "rainy", "sunny", "overcast",
    ...            "overcast", "rainy"]
    >>> play = ["no", "no", "yes", "yes", "yes", "no", "yes", "no", "yes", "yes",
    ...         "yes", "yes", "yes", "no"]
    >>> information_gain(outlook, play)
    0.2467498197744...
    >>> information_gain(["a", None, "b", "b"], [0, 1, 1, 1])  # 3/4 known
    0.6887218755408...
    """
    factor = _bits_to(base)
    table, row_totals, known, total, class_totals = _split_table(x, y, sample_weight)
    gain = split_gain(
        table, row_totals, known, total, weighted_entropy(class_totals), 0.0
    )
    return float(gain * factor)


def split_information(
    x: ArrayLike, sample_weight: ArrayLike | None = None, base: float | str = 2
) -> float:
    """Split information ``H_A(D)`` of the feature ``x``: the entropy of its values.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        Category of each sample (numbers or strings); ``NaN``, ``None`` and
        ``pd.NA`` mark a missing value, counted as one more branch.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights; ``None`` means 1 each (rescaled to mean 1).
    base : float or "e", default=2
        Logarithm base: 2 gives bits, ``"e"`` nats.

    Returns
    -------
    split_info : float
        ``-Σ_v (w_v / W) log(w_v / W)`` over the values and the missing part;
        0 if every value is missing.

    Raises
    ------
    ValueError
        If ``x`` is empty or not 1-D, ``sample_weight`` is invalid, or ``base`` is
        invalid.

    Notes
    -----
    C4.5 (Quinlan 1993) divides the gain by
    ``H_A(D) = -Σ_v |D_v| / |D| · log2(|D_v| / |D|)`` to penalise features with many
    values (ID3's gain, Quinlan 1986, favours them); the samples with a missing
    value form one more subset ``D_?``.

    Examples
    --------
    >>> from id3tree import split_information
    >>> split_information(["a", "a", "b", "b"])
    1.0
    >>> split_information(["a", "a", None, None])  # missing is its own branch
    1.0
    """
    factor = _bits_to(base)
    _, row_totals, known, total, _ = _split_table(x, None, sample_weight)
    return float(split_entropy(row_totals, known, total) / total * factor)


def gain_ratio(
    x: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
) -> float:
    """C4.5's gain ratio: information gain divided by split information.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        Category of each sample (numbers or strings); ``NaN``, ``None`` and
        ``pd.NA`` mark a missing value.
    y : array-like of shape (n_samples,)
        Class labels; no missing values.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weights; ``None`` means 1 each (rescaled to mean 1).

    Returns
    -------
    ratio : float
        ``information_gain / split_information`` (unitless, in ``[0, 1]`` up to
        rounding); 0 if the split information is 0.

    Raises
    ------
    ValueError
        As :func:`information_gain`.

    Notes
    -----
    ``GainRatio(A) = g(D, A) / H_A(D)`` (Quinlan 1993, C4.5), which corrects the
    bias of ID3's gain (Quinlan 1986) towards many-valued features. Computed as
    J48 does: ``gain / (splitEnt / W)``.

    Examples
    --------
    >>> from id3tree import gain_ratio
    >>> outlook = ["sunny", "sunny", "overcast", "rainy", "rainy", "rainy",
    ...            "overcast", "sunny", "sunny", "rainy", "sunny", "overcast",
    ...            "overcast", "rainy"]
    >>> play = ["no", "no", "yes", "yes", "yes", "no", "yes", "no", "yes", "yes",
    ...         "yes", "yes", "yes", "no"]
    >>> gain_ratio(outlook, play)
    0.1564275624211...
    """
    table, row_totals, known, total, class_totals = _split_table(x, y, sample_weight)
    gain = split_gain(
        table, row_totals, known, total, weighted_entropy(class_totals), 0.0
    )
    split_ent = split_entropy(row_totals, known, total)
    return float(gain_ratio_from(gain, split_ent, total, 0.0))
