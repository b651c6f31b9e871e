"""The estimators: ID3Classifier and C45Classifier, one code path with two presets."""

from __future__ import annotations

import sys
from numbers import Integral, Real

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, issparse
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils import compute_sample_weight
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    column_or_1d,
    validate_data,
)

from ._dtypes import FLOAT, INDEX, SKLEARN_VALUE_GAP, WEKA_VALUE_GAP
from ._encoding import fit_encoding, is_dataframe, transform
from ._growing import GrowParams, build_tree
from ._prediction import predict_proba_rows, walk_rows
from ._pruning import (
    collapse,
    prune_pessimistic,
    prune_reduced_error,
    reduced_error_split,
)
from ._tree import Tree

_PARAMETER_CONSTRAINTS: dict = {
    "criterion": [StrOptions({"information_gain", "gain_ratio"})],
    "max_depth": [Interval(Integral, 0, None, closed="left"), None],
    "min_samples_split": [
        Interval(Integral, 2, None, closed="left"),
        Interval(Real, 0.0, 1.0, closed="right"),
    ],
    "min_samples_leaf": [Interval(Real, 0.0, None, closed="neither")],
    "min_weight_fraction_leaf": [Interval(Real, 0.0, 0.5, closed="both")],
    "min_gain": [Interval(Real, 0.0, None, closed="left")],
    "max_features": [
        Interval(Integral, 1, None, closed="left"),
        Interval(Real, 0.0, 1.0, closed="right"),
        StrOptions({"sqrt", "log2"}),
        None,
    ],
    "random_state": ["random_state"],
    "categorical_features": [StrOptions({"auto"}), "array-like", None],
    "class_weight": [dict, StrOptions({"balanced"}), None],
    "pruning": [StrOptions({"pessimistic", "reduced_error"}), None],
    "confidence_factor": [Interval(Real, 0.0, 1.0, closed="neither")],
    "subtree_raising": ["boolean"],
    "n_folds": [Interval(Integral, 2, None, closed="left")],
    "laplace": ["boolean"],
    "mdl_correction": ["boolean"],
    "binary_categorical_splits": ["boolean"],
    "collapse": ["boolean"],
    "numeric_split": [StrOptions({"c45", "exact"})],
    "tolerance": [Interval(Real, 0.0, 1e-3, closed="both")],
}

_PARAMS_DOC = """
    Parameters
    ----------
    criterion : {"information_gain", "gain_ratio"}
        Split criterion. ``"gain_ratio"`` applies C4.5's rule: among the candidates
        whose information gain is at least the average gain, the best gain ratio.
    max_depth : int, default=None
        Maximum depth of the tree (the root has depth 0); None for no limit.
    min_samples_split : int or float, default=2
        Minimum weight of a node to be split (a float is a fraction of the total
        weight).
    min_samples_leaf : float
        J48's ``-M``: a split must send at least this much weight to at least two
        branches, and numeric cuts need it on both sides.
    min_weight_fraction_leaf : float, default=0.0
        Like ``min_samples_leaf``, as a fraction of the total weight (the larger
        of the two applies).
    min_gain : float, default=0.0
        Splits whose information gain (bits) is below this are not made.
    max_features : int, float, {"sqrt", "log2"} or None, default=None
        Number of features drawn at random at every node (for random forests).
    random_state : int, RandomState instance or None, default=None
        Seeds the feature draws and the reduced-error folds (J48 ``-Q``; ``None``
        means J48's seed 1 for the folds).
    categorical_features : "auto", None, or array-like of bool, int or str
        Nominal columns. ``"auto"``: pandas ``category``, ``object``, ``string``
        and ``bool`` columns and object/string arrays holding strings. Categories
        are learned at fit (all categories of a pandas categorical, used or not);
        an unseen category at predict is treated as missing.
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplied into ``sample_weight``.
    pruning : {"pessimistic", "reduced_error"} or None
        C4.5's pessimistic-error pruning (J48 default), reduced-error pruning on a
        held-out fold (J48 ``-R``) or none (J48 ``-U``).
    confidence_factor : float, default=0.25
        Confidence of pessimistic pruning (J48 ``-C``); smaller prunes more.
    subtree_raising : bool, default=True
        Consider raising the largest branch while pruning (J48 ``-S`` disables).
    n_folds : int, default=3
        Folds of reduced-error pruning, one of which prunes (J48 ``-N``).
    laplace : bool, default=False
        Laplace-smoothed leaf probabilities (J48 ``-A``); the tree is unchanged.
    mdl_correction : bool
        Subtract ``log2(#cuts) / W`` from numeric gains (J48; Weka 3.8 ``-J``).
    binary_categorical_splits : bool, default=False
        Nominal features get ``= v`` / ``!= v`` splits (J48 ``-B``).
    collapse : bool
        Remove subtrees that do not reduce the training error (J48 always does).
    numeric_split : {"c45", "exact"}
        ``"c45"``: J48's numeric cuts (at least ``clamp(0.1 W / n_classes, M, 25)``
        weight per side, values more than 1e-5 apart, threshold = the largest
        training value below the midpoint). ``"exact"``: scikit-learn's (values
        more than 1e-7 apart, ``min_samples_leaf`` per side, midpoint threshold).
    tolerance : float
        Absolute tolerance of comparisons between doubles (Weka's ``1e-6``), also
        used to route numeric values (``x - t < tolerance`` goes left); 0 compares
        exactly.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted: the columns of ``predict_proba``. The labels of y, or
        all categories of a pandas categorical y.
    tree_classes_ : ndarray of shape (n_tree_classes,)
        Class labels in the order of the columns of ``tree_.value``: the declared
        categories of a pandas categorical target (J48's class order, unused ones
        included), otherwise ``classes_``. Ties between classes go to the first.
    n_classes_ : int
        Number of classes.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).
    categories_ : list of (ndarray or None)
        Categories of each nominal feature (code ``i`` is ``categories_[j][i]``),
        None for numeric features.
    tree_ : Tree
        The fitted tree as flat node arrays.
    feature_importances_ : ndarray of shape (n_features_in_,)
        Weighted information gain of the splits on each feature, normalised.
"""


class _BaseC45(ClassifierMixin, BaseEstimator):
    """Shared implementation of the ID3 and C4.5 estimators (not public)."""

    _parameter_constraints: dict = _PARAMETER_CONSTRAINTS

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Grow (and prune) a tree from the training set (X, y).

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            Training features: numbers, strings or categories; NaN, None and
            ``pd.NA`` are missing values.
        y : array-like of shape (n_samples,)
            Class labels. A pandas categorical target declares its classes, unused
            ones included, as an ARFF header does for J48; the tree works in their
            declared order (``tree_classes_``), ``classes_`` holds them sorted.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights; rows of weight 0 are ignored. Weights are
            divided by the smallest positive one, so ``min_samples_leaf`` counts
            rows of the lightest weight whatever the scale of the weights.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X = self._check_X(X, reset=True)
        declared = _declared_categories(y)
        y = column_or_1d(y, warn=True)
        check_consistent_length(X, y)
        if y.dtype.kind in "fc":
            check_array(y, ensure_2d=False, dtype=None, input_name="y")
        elif y.dtype.kind not in "biuSU":  # these dtypes cannot hold a missing value
            import pandas as pd

            if pd.isna(pd.Series(y, dtype=object)).any():
                raise ValueError("Input y contains NaN or missing class labels.")
        check_classification_targets(y)
        self.classes_, y_codes = np.unique(y, return_inverse=True)
        self.tree_classes_ = self.classes_
        self._proba_columns = np.arange(len(self.classes_), dtype=INDEX)
        if declared is not None:  # J48 counts and orders the declared classes
            import pandas as pd  # (y is a pandas categorical: pandas is loaded)

            self.tree_classes_ = np.asarray(declared, dtype=self.classes_.dtype)
            self.classes_ = np.sort(self.tree_classes_)
            y_codes = pd.Categorical(y, categories=declared).codes
            self._proba_columns = pd.Index(self.tree_classes_).get_indexer(
                self.classes_
            )
        self.n_classes_ = len(self.classes_)
        y_codes = y_codes.astype(INDEX)
        weight = _check_sample_weight(
            sample_weight, X, dtype=FLOAT, ensure_non_negative=True
        )
        if self.class_weight is not None:
            weight = weight * compute_sample_weight(self.class_weight, y)
        if not np.any(weight > 0):
            raise ValueError("sample_weight is zero for every sample.")
        # J48's -M and minimum split sizes are in units of weight; dividing by the
        # smallest positive weight makes them mean the same at any scale (AdaBoost
        # passes weights that sum to one) and keeps integer weights equivalent to
        # repeated rows.
        weight = weight / weight[weight > 0].min()

        self._encoding, X_enc = fit_encoding(X, self.categorical_features)
        self.categories_ = list(self._encoding.categories)
        arrays = self._grow_and_prune(X_enc, y_codes, weight)
        self.tree_ = Tree(**arrays)
        self._leaf_proba = _leaf_probabilities(self.tree_, self.laplace)
        # the class each node predicts as a leaf (argmax: ties to the first class)
        self._leaf_class = np.argmax(self._leaf_proba, axis=1)
        return self

    def _resolve_params(self, total_weight: float) -> GrowParams:
        exact = self.numeric_split == "exact"
        min_split = self.min_samples_split
        if isinstance(min_split, Real) and not isinstance(min_split, Integral):
            min_split = min_split * total_weight
        n_features = self.n_features_in_
        max_features = self.max_features
        if max_features is None:
            max_features = n_features
        elif max_features == "sqrt":
            max_features = max(1, int(np.sqrt(n_features)))
        elif max_features == "log2":
            max_features = max(1, int(np.log2(n_features)))
        elif isinstance(max_features, Real) and not isinstance(max_features, Integral):
            max_features = max(1, int(max_features * n_features))
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        return GrowParams(
            gain_ratio=self.criterion == "gain_ratio",
            min_leaf=max(
                float(self.min_samples_leaf),
                self.min_weight_fraction_leaf * total_weight,
            ),
            eps=float(self.tolerance),
            value_gap=SKLEARN_VALUE_GAP if exact else WEKA_VALUE_GAP,
            c45_min_split=not exact,
            mdl=bool(self.mdl_correction),
            snap_threshold=not exact,
            binary_nominal=bool(self.binary_categorical_splits),
            max_depth=-1 if self.max_depth is None else int(self.max_depth),
            min_split_weight=float(min_split),
            min_gain=float(self.min_gain),
            max_features=int(min(max_features, n_features)),
            seed=int(seed),
        )

    def _grow_and_prune(self, X, y, weight) -> dict:
        n_categories = self._encoding.n_categories
        params = self._resolve_params(float(weight.sum()))
        tol = float(self.tolerance)
        keep = np.flatnonzero(weight > 0)
        if keep.size < weight.size:  # rows of weight 0 take no part (no copy if none)
            X, y, weight = X[keep], y[keep], weight[keep]
        if self.pruning == "reduced_error":
            seed = 1 if self.random_state is None else _fold_seed(self.random_state)
            grow, held_out = reduced_error_split(y, self.n_folds, seed)
            arrays = build_tree(
                X[grow],
                y[grow],
                weight[grow],
                len(self.tree_classes_),
                n_categories,
                params,
                X_reference=X,
                tol=tol,
            )
            return prune_reduced_error(
                arrays, X[held_out], y[held_out], weight[held_out], tol=tol
            )
        arrays = build_tree(
            X,
            y,
            weight,
            len(self.tree_classes_),
            n_categories,
            params,
            tol=tol,
        )
        if self.collapse:
            arrays = collapse(arrays)
        if self.pruning == "pessimistic":
            arrays = prune_pessimistic(
                arrays,
                X,
                y,
                weight,
                confidence_factor=float(self.confidence_factor),
                subtree_raising=bool(self.subtree_raising),
                tol=tol,
            )
        return arrays

    # -------------------------------------------------------------- predict
    def _check_X(self, X, *, reset: bool):
        """Validate X's shape and names; keep DataFrames (their dtypes matter)."""
        if issparse(X):
            raise TypeError(
                f"{type(self).__name__} does not accept sparse input; "
                "convert X with X.toarray()."
            )
        if not is_dataframe(X):
            X = check_array(
                X, dtype=None, ensure_all_finite=False, ensure_min_samples=1
            )
            if X.dtype.kind == "c":
                raise ValueError("Complex data not supported.")
        elif X.shape[0] < 1:
            raise ValueError(
                f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of "
                "1 is required."
            )
        validate_data(self, X, reset=reset, skip_check_array=True)
        if X.shape[1] < 1:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={X.shape}) while a minimum "
                "of 1 is required."
            )
        return X

    def _encode(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        return transform(self._encoding, X)

    def predict_proba(self, X) -> NDArray[np.float64]:
        """Class probabilities of the samples in X (C4.5's, missing values included).

        A sample whose split value is missing goes down every branch, weighted by
        the training weight of the branch, and the leaf distributions are summed.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        X_enc = self._encode(X)  # checks that the estimator is fitted
        columns = self._proba_columns
        leaf_proba = self._leaf_proba
        if np.any(columns != np.arange(columns.size)):
            leaf_proba = np.ascontiguousarray(leaf_proba[:, columns])
        return self._tree_proba(X_enc, leaf_proba)

    def _tree_proba(self, X_enc, leaf_proba) -> NDArray[np.float64]:
        """Class probabilities of encoded rows, columns in the order of leaf_proba."""
        layout = self.tree_.layout
        out = np.empty((X_enc.shape[0], leaf_proba.shape[1]), dtype=FLOAT)
        predict_proba_rows(
            X_enc,
            layout.nodes,
            layout.children,
            layout.weight,
            layout.empty,
            layout.stack_size,
            leaf_proba,
            float(self.tolerance),
            out,
        )
        return out

    def predict_log_proba(self, X) -> NDArray[np.float64]:
        """Natural logarithm of ``predict_proba``.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        """Predict the most probable class.

        Ties go to the class listed first in ``tree_classes_`` (J48's rule).

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        X_enc = self._encode(X)
        layout = self.tree_.layout
        codes = np.empty(X_enc.shape[0], dtype=INDEX)
        walk_rows(
            X_enc,
            layout.nodes,
            layout.children,
            layout.heaviest,
            False,
            self._leaf_class,
            float(self.tolerance),
            codes,
        )
        stopped = np.flatnonzero(codes < 0)
        if stopped.size:  # a missing value mixes several leaves
            proba = self._tree_proba(X_enc[stopped], self._leaf_proba)
            codes[stopped] = np.argmax(proba, axis=1)
        return self.tree_classes_.take(codes)

    def apply(self, X) -> NDArray[np.intp]:
        """Return the leaf each sample ends in.

        A missing split value follows the branch with the largest training weight.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        leaves : ndarray of shape (n_samples,), dtype=intp
        """
        return self._apply_encoded(self._encode(X))

    def _apply_encoded(self, X_enc) -> NDArray[np.intp]:
        layout = self.tree_.layout
        out = np.empty(X_enc.shape[0], dtype=INDEX)
        walk_rows(
            X_enc,
            layout.nodes,
            layout.children,
            layout.heaviest,
            True,
            np.arange(self.tree_.node_count, dtype=INDEX),  # leaf values: node ids
            float(self.tolerance),
            out,
        )
        return out

    def decision_path(self, X) -> csr_matrix:
        """Return the nodes on each sample's path to its ``apply`` leaf, as a matrix.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        indicator : sparse matrix of shape (n_samples, n_nodes)
        """
        leaves = self.apply(X)
        parent = self.tree_.parent
        depth = self.tree_.depth
        indptr = np.concatenate([[0], np.cumsum(depth[leaves] + 1)])
        indices = np.empty(indptr[-1], dtype=INDEX)
        node = leaves.copy()
        pos = indptr[1:] - 1
        active = np.ones(leaves.size, dtype=bool)
        while active.any():
            indices[pos[active]] = node[active]
            pos = pos - 1
            node = np.where(active, parent[node], -1)
            active = node >= 0
        data = np.ones(indices.size, dtype=np.int64)
        return csr_matrix(
            (data, indices, indptr), shape=(leaves.size, self.tree_.node_count)
        )

    def get_depth(self) -> int:
        """Return the depth of the tree (a single leaf has depth 0)."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self) -> int:
        """Return the number of leaves."""
        check_is_fitted(self)
        return self.tree_.n_leaves

    @property
    def feature_importances_(self) -> NDArray[np.float64]:
        """Weight times information gain of the splits on each feature, normalised."""
        check_is_fitted(self)
        tree = self.tree_
        internal = tree.feature >= 0
        importances = np.bincount(
            tree.feature[internal],
            weights=tree.weighted_n_node_samples[internal]
            * np.maximum(tree.gain[internal], 0.0),
            minlength=self.n_features_in_,
        )
        total = importances.sum()
        return importances / total if total > 0 else importances

    def __sklearn_tags__(self):
        """Declare NaN, categorical and string input support."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags


def _declared_categories(y):
    """Return the categories of a pandas categorical target, else None.

    pandas is not imported for this: a pandas object implies it is loaded.
    """
    pd = sys.modules.get("pandas")
    dtype = getattr(y, "dtype", None)
    if pd is None or not isinstance(dtype, pd.CategoricalDtype):
        return None
    return dtype.categories


def _fold_seed(random_state) -> int:
    if isinstance(random_state, Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def _leaf_probabilities(tree: Tree, laplace: bool) -> NDArray[np.float64]:
    """Class distribution returned at each node reached as a leaf (C45_SPEC §6.3).

    Empty leaves answer with their parent's class frequencies.
    """
    value = tree.value.copy()
    parent = tree.parent
    empty = np.flatnonzero(tree.empty & (parent >= 0))
    value[empty] = tree.value[parent[empty]]
    total = value.sum(axis=1, keepdims=True)
    if laplace:
        return (value + 1.0) / (total + tree.n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, value / np.where(total > 0, total, 1.0), 0.0)


def _init_params(params: dict) -> dict:
    """Return the keyword arguments of a public ``__init__`` (``locals()`` - self)."""
    return {k: v for k, v in params.items() if k not in ("self", "__class__")}


class ID3Classifier(_BaseC45):
    __doc__ = (
        """ID3 decision tree (Quinlan 1986), with numeric and missing-value support.

    Splits maximise information gain; nominal features get one branch per
    category, numeric features binary ``x <= t`` cuts chosen like scikit-learn's
    ``DecisionTreeClassifier(criterion="entropy")``. No pruning. On nominal data it
    grows Weka's ``Id3`` tree, on tie-free numeric data scikit-learn's entropy tree.
"""
        + _PARAMS_DOC
        + """
    Examples
    --------
    >>> from id3tree import ID3Classifier
    >>> from id3tree.datasets import load_weather
    >>> X, y = load_weather(return_X_y=True)
    >>> clf = ID3Classifier().fit(X, y)
    >>> clf.get_n_leaves(), clf.predict(X.iloc[:2]).tolist()
    (5, ['no', 'no'])
    """
    )

    def __init__(
        self,
        *,
        criterion="information_gain",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1.0,
        min_weight_fraction_leaf=0.0,
        min_gain=0.0,
        max_features=None,
        random_state=None,
        categorical_features="auto",
        class_weight=None,
        pruning=None,
        confidence_factor=0.25,
        subtree_raising=True,
        n_folds=3,
        laplace=False,
        mdl_correction=False,
        binary_categorical_splits=False,
        collapse=False,
        numeric_split="exact",
        tolerance=0.0,
    ):
        _set_params(self, _init_params(locals()))


class C45Classifier(_BaseC45):
    __doc__ = (
        """C4.5 decision tree (Quinlan 1993) that grows Weka J48's trees exactly.

    Defaults are J48's (``-C 0.25 -M 2``): gain ratio with the average-gain
    prefilter, MDL-corrected numeric cuts at training values, missing values as
    fractional instances, collapse and pessimistic pruning with subtree raising.
"""
        + _PARAMS_DOC
        + """
    Examples
    --------
    >>> from id3tree import C45Classifier
    >>> from id3tree.datasets import load_vote
    >>> X, y = load_vote(return_X_y=True)
    >>> clf = C45Classifier().fit(X, y)
    >>> clf.get_n_leaves(), clf.tree_.node_count
    (6, 11)
    """
    )

    def __init__(
        self,
        *,
        criterion="gain_ratio",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=2.0,
        min_weight_fraction_leaf=0.0,
        min_gain=0.0,
        max_features=None,
        random_state=None,
        categorical_features="auto",
        class_weight=None,
        pruning="pessimistic",
        confidence_factor=0.25,
        subtree_raising=True,
        n_folds=3,
        laplace=False,
        mdl_correction=True,
        binary_categorical_splits=False,
        collapse=True,
        numeric_split="c45",
        tolerance=1e-6,
    ):
        _set_params(self, _init_params(locals()))


def _set_params(estimator: BaseEstimator, params: dict) -> None:
    for name, value in params.items():
        setattr(estimator, name, value)
