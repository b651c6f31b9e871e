"""Cross-validation of classifiers on shared stratified folds, and its text report."""

from __future__ import annotations

import sys
import time
import warnings
from typing import IO, Any

import numpy as np
import pandas as pd

_PROGRESS_AFTER = 1.0  # seconds before the fold counter appears

BASELINE_NOTE = (
    "DecisionTreeClassifier: criterion='entropy', random_state=0, nominal columns\n"
    "one-hot encoded (a missing value is a category of its own)"
)


def stratified_folds(y: Any, n_folds: int, seed: int) -> tuple[list, list[str]]:
    """Shuffled stratified folds, and the warnings scikit-learn gave as notes.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    n_folds : int
        Number of folds.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    folds : list of (ndarray, ndarray)
        Train and test indices of each fold.
    notes : list of str
        Warnings of ``StratifiedKFold``, e.g. about a class with too few members.
    """
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    labels = np.asarray(y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        folds = list(splitter.split(np.zeros((labels.shape[0], 1)), labels))
    return folds, [str(w.message) for w in caught]


def entropy_tree_baseline(nominal: list) -> Any:
    """``DecisionTreeClassifier(criterion="entropy")`` behind one-hot encoding.

    Parameters
    ----------
    nominal : list of str
        The nominal columns, one-hot encoded with missing values as a category of
        their own; the other columns pass through (the tree routes NaN itself).

    Returns
    -------
    pipeline : Pipeline
        The unfitted pipeline.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier

    one_hot = Pipeline(
        [
            ("as_text", FunctionTransformer(_as_text, feature_names_out="one-to-one")),
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("encode", OneHotEncoder(handle_unknown="ignore")),
        ]
    )
    columns = ColumnTransformer(
        [("nominal", one_hot, nominal)], remainder="passthrough"
    )
    tree = DecisionTreeClassifier(criterion="entropy", random_state=0)
    return Pipeline([("columns", columns), ("tree", tree)])


def _as_text(X: Any) -> np.ndarray:
    """Nominal values as ``str`` in an object array, missing values as NaN."""
    frame = pd.DataFrame(X)
    out = np.empty(frame.shape, dtype=object)
    for j in range(frame.shape[1]):
        out[:, j] = [np.nan if pd.isna(v) else str(v) for v in frame.iloc[:, j]]
    return out


class _Progress:
    """Fold counter on a terminal's stderr, shown once a run takes a while."""

    def __init__(self, stream: IO[str], enabled: bool | None = None):
        self.stream = stream
        if enabled is None:
            enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.start = time.perf_counter()
        self.shown = False

    def update(self, label: str, fold: int, n_folds: int) -> None:
        if not self.enabled:
            return
        if not self.shown and time.perf_counter() - self.start < _PROGRESS_AFTER:
            return
        self.shown = True
        self.stream.write(f"\r\033[Kcross-validating {label}: fold {fold}/{n_folds}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def cross_validate(
    models: dict, X: pd.DataFrame, y: Any, folds: list, display: np.ndarray
) -> dict:
    """Pooled out-of-fold metrics of every model on the same folds.

    Parameters
    ----------
    models : dict of str to estimator
        Unfitted classifiers, cloned for each fold.
    X : DataFrame of shape (n_samples, n_features)
        Features.
    y : ndarray or pd.Categorical of shape (n_samples,)
        Class labels, passed to ``fit`` as they are.
    folds : list of (ndarray, ndarray)
        Train and test indices, as from :func:`stratified_folds`.
    display : ndarray
        Class order of the per-class metrics and the confusion matrix.

    Returns
    -------
    results : dict of str to dict
        Per model: ``accuracy`` (of ``predict``), ``log_loss`` in nats (of
        ``predict_proba``, a class missing from a training fold getting
        probability 0), ``per_class`` precision/recall/F1/support,
        ``confusion_matrix`` (rows actual, columns predicted) and
        ``fold_accuracy``.
    """
    from sklearn.base import clone

    labels = np.asarray(y)
    categories = getattr(y, "categories", None)  # a categorical y declares them
    if categories is None:
        classes = np.unique(labels)  # the classes_ of a model fitted on all of y
    else:
        classes = np.sort(np.asarray(categories, dtype=labels.dtype))
    progress = _Progress(sys.stderr)
    results = {}
    for name, model in models.items():
        proba = np.zeros((labels.shape[0], classes.shape[0]))
        predicted = np.empty_like(labels)
        fold_accuracy = []
        for fold, (train_idx, test_idx) in enumerate(folds, start=1):
            progress.update(name, fold, len(folds))
            fitted = clone(model).fit(X.iloc[train_idx], y[train_idx])
            columns = np.searchsorted(classes, fitted.classes_)
            proba[np.ix_(test_idx, columns)] = fitted.predict_proba(X.iloc[test_idx])
            predicted[test_idx] = fitted.predict(X.iloc[test_idx])
            hits = predicted[test_idx] == labels[test_idx]
            fold_accuracy.append(float(np.mean(hits)))
        results[name] = _metrics(labels, predicted, proba, classes, display)
        results[name]["fold_accuracy"] = fold_accuracy
    progress.close()
    return results


def _metrics(
    y: np.ndarray,
    predicted: np.ndarray,
    proba: np.ndarray,
    classes: np.ndarray,
    display: np.ndarray,
) -> dict:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    from ._scoring import log_loss

    precision, recall, f1, support = precision_recall_fscore_support(
        y, predicted, labels=display, zero_division=0.0
    )
    per_class = {
        str(c): {
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "support": int(s),
        }
        for c, p, r, f, s in zip(display, precision, recall, f1, support, strict=True)
    }
    return {
        "accuracy": float(np.mean(predicted == y)),
        "log_loss": log_loss(y, proba, labels=classes),
        "per_class": per_class,
        "confusion_matrix": confusion_matrix(y, predicted, labels=display).tolist(),
    }


# ---------------------------------------------------------------------------------
# Text report
# ---------------------------------------------------------------------------------


def format_cv(cv: dict, short_name: str) -> list[str]:
    """Lines of the cross-validation report: a table of models, then per model.

    Parameters
    ----------
    cv : dict
        ``folds``, ``seed``, ``notes`` and ``models`` (the results of
        :func:`cross_validate`, the estimator first).
    short_name : str
        Name shown for the first model.

    Returns
    -------
    lines : list of str
    """
    results = cv["models"]
    names = [short_name, *list(results)[1:]]
    lines = [
        "",
        f"=== Stratified {cv['folds']}-fold cross-validation "
        f"(shuffle seed {cv['seed']}) ===",
    ]
    lines += [f"Note: {note}" for note in cv["notes"]]
    width = max(14, *(len(n) + 2 for n in names))
    rows = {
        "Accuracy": [percent(r["accuracy"]) for r in results.values()],
        "  std over folds (%)": [
            f"{100 * np.std(r['fold_accuracy']):.2f}" for r in results.values()
        ],
        "Log loss (nats)": [f"{r['log_loss']:.4f}" for r in results.values()],
    }
    lines += ["", " " * 22 + "".join(n.rjust(width) for n in names)]
    lines += [
        k.ljust(22) + "".join(v.rjust(width) for v in vs) for k, vs in rows.items()
    ]
    if "DecisionTreeClassifier" in results:
        lines += ["", BASELINE_NOTE]
    for name, result in zip(names, results.values(), strict=True):
        lines += ["", f"--- {name} ---", ""]
        lines += _format_per_class(result["per_class"])
        lines += [""] + _format_confusion(result)
    return lines


def _format_per_class(per_class: dict) -> list[str]:
    width = max(5, *(len(c) for c in per_class))
    lines = ["class".ljust(width) + "  precision  recall      F1  support"]
    for label, m in per_class.items():
        lines.append(
            f"{label.ljust(width)}  {m['precision']:9.3f}  {m['recall']:6.3f}  "
            f"{m['f1']:6.3f}  {m['support']:7d}"
        )
    return lines


def _format_confusion(result: dict) -> list[str]:
    """Weka's confusion matrix: letters for the columns, rows are actual classes."""
    matrix, labels = result["confusion_matrix"], list(result["per_class"])
    letters = [_letter(i) for i in range(len(labels))]
    width = max(len(str(v)) for row in matrix for v in row)
    width = max(width, *(len(a) for a in letters)) + 1
    lines = ["".join(a.rjust(width) for a in letters) + "   <-- classified as"]
    for row, letter, label in zip(matrix, letters, labels, strict=True):
        cells = "".join(str(v).rjust(width) for v in row)
        lines.append(f"{cells} | {letter.rjust(width - 1)} = {label}")
    return lines


def _letter(i: int) -> str:
    """Return the letter naming column ``i`` of the confusion matrix (a, b, ...)."""
    text = ""
    while True:
        text = chr(ord("a") + i % 26) + text
        i //= 26
        if i == 0:
            return text


def percent(x: float) -> str:
    """Format a fraction as a percentage with two decimals."""
    return f"{100 * x:.2f} %"
