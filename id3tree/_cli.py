"""The ``id3tree`` command: train, cross-validate, save and apply ID3/C4.5 trees."""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

__all__ = ["SKOPS_TRUSTED_TYPES", "load_model", "main", "save_model"]

#: Types a fitted ID3Classifier or C45Classifier holds besides NumPy arrays and
#: builtins; pass them to ``skops.io.load(..., trusted=...)``.
SKOPS_TRUSTED_TYPES = [
    "id3tree._classes.C45Classifier",
    "id3tree._classes.ID3Classifier",
    "id3tree._encoding.Encoding",
    "id3tree._tree.Tree",
]

_DEFAULT_DATASET = "vote"
_MODEL_SUFFIXES = (".skops", ".pkl", ".pickle")
_DATA_SUFFIXES = (".arff", ".csv", ".tsv", ".txt")
_PROGRESS_AFTER = 1.0  # seconds before the fold counter appears


_EXAMPLES = """\
examples:
  id3tree train                       C4.5 on the bundled vote data, 10-fold CV,
                                      compared with scikit-learn's tree
  id3tree train data.csv --target y   the class is column y
  id3tree train data.arff -C 0.1 -M 5 --save model.skops
  id3tree train iris --id3 --cv 5     a bundled dataset, ID3
  id3tree predict model.skops new.csv -o predictions.csv
"""


class _UsageError(Exception):
    """Bad combination of command-line options (exit code 2)."""


class _DataError(Exception):
    """Unreadable or unsuitable input (exit code 1)."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line: ``id3tree: error: ...``."""

    def error(self, message: str) -> None:  # noqa: D102 (argparse API)
        _print_error(f"{message} (see '{self.prog} --help')")
        raise SystemExit(2)


def _print_error(message: str) -> None:
    one_line = " ".join(str(message).split())
    print(f"id3tree: error: {one_line}", file=sys.stderr)


# ---------------------------------------------------------------------------------
# Argument parsing
# ---------------------------------------------------------------------------------


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(
        prog="id3tree",
        description=(
            "Grow ID3 and C4.5 (Weka J48) decision trees, print them,\n"
            "cross-validate them and apply saved models."
        ),
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"id3tree {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    train = commands.add_parser(
        "train",
        help="fit a tree, print it and cross-validate it",
        description=(
            "Fit a C4.5 (J48) tree, or an ID3 tree with --id3, print it with its "
            "training accuracy and stratified cross-validated accuracy, log loss, "
            "per-class precision/recall and confusion matrix. With no DATA the "
            "bundled vote dataset is used and the tree is compared with "
            "scikit-learn's DecisionTreeClassifier(criterion='entropy') on the "
            "same folds."
        ),
    )
    train.add_argument(
        "data",
        nargs="?",
        metavar="DATA",
        help=(
            "ARFF or CSV file (the class is the last column unless --target is "
            "given), or the name of a bundled dataset; default: the bundled "
            f"{_DEFAULT_DATASET!r} dataset"
        ),
    )
    train.add_argument(
        "--target", metavar="NAME", help="class column (default: the last column)"
    )
    j48 = train.add_argument_group(
        "tree options (J48's letters; unset options keep the estimator's defaults)"
    )
    pruning = j48.add_mutually_exclusive_group()
    for group, flags, options, text in [
        (j48, ("-C", "--confidence"), _value(_open_unit_float, "C"),
         "confidence factor of pessimistic pruning (J48 default 0.25)"),
        (j48, ("-M", "--min-leaf"), _value(_positive_float, "M"),
         "minimum weight in at least two branches of a split (J48 default 2)"),
        (pruning, ("-U", "--unpruned"), _FLAG, "grow an unpruned tree"),
        (pruning, ("-R", "--reduced-error"), _FLAG,
         "reduced-error pruning on a held-out fold"),
        (j48, ("-N", "--folds"), _value(_int_at_least(2), "N"),
         "folds of reduced-error pruning, one of them prunes (default 3)"),
        (j48, ("-Q", "--seed"), _value(int, "SEED"),
         "seed of the reduced-error folds (default 1)"),
        (j48, ("-S", "--no-raising"), _FLAG,
         "do not consider subtree raising when pruning"),
        (j48, ("-A", "--laplace"), _FLAG, "Laplace-smoothed leaf estimates"),
        (j48, ("-B", "--binary-splits"), _FLAG,
         "binary splits (= v / != v) on nominal attributes"),
        (j48, ("-J", "--no-mdl"), _FLAG,
         "no MDL correction of the information gain of numeric splits"),
        (j48, ("--id3",), _FLAG,
         "fit ID3Classifier (information gain, unpruned) instead of C4.5"),
    ]:  # fmt: skip
        group.add_argument(*flags, help=text, **options)
    evaluation = train.add_argument_group("evaluation and output")
    evaluation.add_argument(
        "--cv",
        type=_int_at_least(0),
        default=10,
        metavar="K",
        help="folds of stratified cross-validation, 0 for none (default 10)",
    )
    evaluation.add_argument(
        "--cv-seed",
        type=int,
        default=1,
        metavar="SEED",
        help="seed that shuffles the cross-validation folds (default 1)",
    )
    evaluation.add_argument(
        "--compare",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=(
            "also cross-validate scikit-learn's DecisionTreeClassifier"
            "(criterion='entropy') on the same folds, nominal columns one-hot "
            "encoded (default: on without DATA, off with DATA)"
        ),
    )
    evaluation.add_argument(
        "--style",
        choices=("j48", "sklearn"),
        help="tree drawing (default: j48 for C4.5, sklearn for ID3)",
    )
    evaluation.add_argument(
        "--save",
        metavar="MODEL",
        help="save the tree fitted on all the data (.skops, or .pkl for pickle)",
    )
    evaluation.add_argument(
        "--json", action="store_true", help="print everything as one JSON document"
    )
    evaluation.add_argument(
        "--debug", action="store_true", help="show tracebacks of errors"
    )
    train.set_defaults(run=_run_train)

    predict = commands.add_parser(
        "predict",
        help="apply a saved model to data",
        description=(
            "Load a model saved by 'id3tree train --save' (or any fitted "
            "classifier saved with skops or pickle) and write CSV with the "
            "predicted class and one probability column per class."
        ),
    )
    predict.add_argument("model", metavar="MODEL", help=".skops or .pkl model file")
    predict.add_argument(
        "data",
        metavar="DATA",
        help=(
            "ARFF or CSV file (or bundled dataset) holding the model's feature "
            "columns; other columns are ignored"
        ),
    )
    predict.add_argument(
        "-o", "--output", metavar="FILE", help="write the CSV here (default: stdout)"
    )
    predict.add_argument(
        "--debug", action="store_true", help="show tracebacks of errors"
    )
    predict.set_defaults(run=_run_predict)
    return parser


_FLAG = {"action": "store_true"}


def _value(parse, metavar: str) -> dict:
    return {"type": parse, "metavar": metavar}


def _open_unit_float(text: str) -> float:
    value = _float(text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1), got {text}")
    return value


def _positive_float(text: str) -> float:
    value = _float(text)
    if not value > 0.0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def _int_at_least(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {text}")
        return value

    parse.__name__ = "integer"
    return parse


# ---------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``id3tree`` command line.

    Parameters
    ----------
    argv : sequence of str, default=None
        Arguments after the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    status : int
        0 on success, 1 for unreadable or unsuitable data, 2 for a usage error.
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return _exit_code(exc.code)
    try:
        return args.run(args)
    except _UsageError as exc:
        if args.debug:
            raise
        _print_error(f"{exc} (see 'id3tree {args.command} --help')")
        return 2
    except KeyboardInterrupt:
        if args.debug:
            raise
        _print_error("interrupted")
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, (_DataError, OSError)):
            message = f"{type(exc).__name__}: {message}"
        _print_error(message)
        return 1


def _exit_code(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1


# ---------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------


def _read_table(source: str | None) -> tuple[pd.DataFrame, str]:
    """Read an ARFF/CSV file or a bundled dataset; return the frame and its name."""
    from .datasets import list_datasets, load_arff, load_dataset

    if source is None:
        frame = load_dataset(_DEFAULT_DATASET).frame
        return frame, f"{_DEFAULT_DATASET} (bundled)"
    path = Path(source)
    if not path.exists():
        if os.sep not in source and path.suffix.lower() not in _DATA_SUFFIXES:
            try:
                frame = load_dataset(source).frame
            except ValueError:
                pass
            else:
                return frame, f"{frame.attrs.get('relation') or source} (bundled)"
            raise _DataError(
                f"no such file or bundled dataset: {source!r} (bundled datasets: "
                f"{', '.join(list_datasets())})"
            )
        raise _DataError(f"no such file: {source!r}")
    if path.is_dir():
        raise _DataError(f"{source!r} is a directory, not a data file")
    if _looks_like_arff(path):
        try:
            frame = load_arff(path)
        except (ValueError, NotImplementedError, UnicodeDecodeError) as exc:
            raise _DataError(f"bad ARFF file: {exc}") from exc
    else:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        try:
            frame = pd.read_csv(path, sep=sep)
        except (ValueError, UnicodeDecodeError) as exc:
            # pandas' EmptyDataError and ParserError are ValueErrors
            raise _DataError(f"cannot read CSV file {source!r}: {exc}") from exc
        if frame.shape[0] == 0:
            raise _DataError(f"CSV file {source!r} has a header but no rows")
    return frame, path.name


def _looks_like_arff(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".arff":
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            stripped = line.strip()
            if stripped:
                return stripped.startswith(("%", "@"))
    return False


def _split_target(
    frame: pd.DataFrame, target: str | None
) -> tuple[pd.DataFrame, Any, str, int]:
    """Return X, y (rows with a missing class dropped), the class name and drops.

    A categorical class (an ARFF nominal attribute) stays a ``pd.Categorical``, so
    the estimators keep its declared class order, as J48 does.
    """
    from sklearn.utils.multiclass import type_of_target

    columns = [str(c) for c in frame.columns]
    if frame.shape[1] < 2:
        raise _DataError(
            f"the data has {frame.shape[1]} column(s); a class column and at least "
            "one feature column are needed"
        )
    if target is None:
        position = frame.shape[1] - 1
    elif target in columns:
        position = columns.index(target)
    else:
        shown = ", ".join(repr(c) for c in columns[:12])
        more = f", ... ({len(columns)} columns)" if len(columns) > 12 else ""
        raise _DataError(f"unknown target column {target!r}; columns: {shown}{more}")
    name = columns[position]
    labels = frame.iloc[:, position]
    known = labels.notna().to_numpy()
    X = frame.drop(columns=frame.columns[position])[known].reset_index(drop=True)
    labels = labels[known]
    if isinstance(labels.dtype, pd.CategoricalDtype):
        y = labels.array
    elif pd.api.types.is_numeric_dtype(labels.dtype) and not (
        pd.api.types.is_bool_dtype(labels.dtype)
    ):
        y = labels.to_numpy()
    else:
        y = np.array([str(v) for v in labels], dtype=object)
    n_dropped = int((~known).sum())
    values = pd.unique(np.asarray(y))
    if len(values) == 0:
        raise _DataError(f"class column {name!r} has no values (all missing)")
    if len(values) == 1:
        raise _DataError(
            f"class column {name!r} has only one value ({values[0]!r}); "
            "at least two classes are needed"
        )
    kind = type_of_target(np.asarray(y))
    if kind not in ("binary", "multiclass"):
        raise _DataError(
            f"class column {name!r} holds {kind} values; id3tree grows "
            "classification trees and needs a nominal or integer class "
            "(choose another column with --target)"
        )
    return X, y, name, n_dropped


def _nominal_columns(X: pd.DataFrame) -> list:
    """Columns that are not numeric (what ``categorical_features="auto"`` picks)."""
    return [
        c
        for c in X.columns
        if not pd.api.types.is_numeric_dtype(X[c].dtype)
        or pd.api.types.is_bool_dtype(X[c].dtype)
    ]


# ---------------------------------------------------------------------------------
# train
# ---------------------------------------------------------------------------------


def _estimator_params(args: argparse.Namespace) -> dict:
    """Translate the J48 options that were given into estimator parameters."""
    if args.confidence is not None and args.unpruned:
        raise _UsageError("--confidence makes no sense with an unpruned tree (-U)")
    if args.confidence is not None and args.reduced_error:
        raise _UsageError("--confidence makes no sense with reduced-error pruning (-R)")
    if args.folds is not None and not args.reduced_error:
        raise _UsageError("--folds needs reduced-error pruning (-R)")
    if args.no_raising and args.unpruned:
        raise _UsageError("--no-raising makes no sense with an unpruned tree (-U)")
    if args.id3 and (args.confidence is not None or args.no_raising):
        raise _UsageError(
            "--confidence and --no-raising belong to C4.5's pessimistic pruning, "
            "which --id3 does not do"
        )
    params: dict[str, Any] = {}
    if args.confidence is not None:
        params["confidence_factor"] = args.confidence
    if args.min_leaf is not None:
        params["min_samples_leaf"] = args.min_leaf
    if args.unpruned:
        params["pruning"] = None
    if args.reduced_error:
        params["pruning"] = "reduced_error"
    if args.folds is not None:
        params["n_folds"] = args.folds
    if args.seed is not None:
        params["random_state"] = args.seed
    if args.no_raising:
        params["subtree_raising"] = False
    if args.laplace:
        params["laplace"] = True
    if args.binary_splits:
        params["binary_categorical_splits"] = True
    if args.no_mdl:
        params["mdl_correction"] = False
    return params


def _describe_options(estimator: Any) -> str:
    """J48-style option string of a C45Classifier (Weka's ``getOptions`` order)."""
    options = []
    if estimator.pruning is None:
        options.append("-U")
    elif estimator.pruning == "pessimistic":
        options.append(f"-C {estimator.confidence_factor:g}")
    options.append(f"-M {estimator.min_samples_leaf:g}")
    if estimator.pruning == "reduced_error":
        seed = 1 if estimator.random_state is None else estimator.random_state
        options.append(f"-R -N {estimator.n_folds} -Q {seed}")
    if not estimator.subtree_raising and estimator.pruning == "pessimistic":
        options.append("-S")
    if estimator.laplace:
        options.append("-A")
    if estimator.binary_categorical_splits:
        options.append("-B")
    if not estimator.mdl_correction:
        options.append("-J")
    return "J48 " + " ".join(options)


def _make_estimator(args: argparse.Namespace):
    from . import C45Classifier, ID3Classifier

    params = _estimator_params(args)
    if args.id3:
        estimator = ID3Classifier(**params)
        changed = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return estimator, "ID3", f"ID3Classifier({changed})"
    estimator = C45Classifier(**params)
    return estimator, "C4.5", _describe_options(estimator)


def _sklearn_tree(X: pd.DataFrame):
    """DecisionTreeClassifier(criterion="entropy") behind one-hot encoding."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier

    nominal = _nominal_columns(X)
    one_hot = Pipeline(
        [
            ("as_text", FunctionTransformer(_as_text, feature_names_out="one-to-one")),
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("encode", OneHotEncoder(handle_unknown="ignore")),
        ]
    )
    # numeric columns pass through: the tree routes NaN itself
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


def _fold_indices(y: np.ndarray, n_folds: int, seed: int) -> tuple[list, list[str]]:
    from sklearn.model_selection import StratifiedKFold

    if n_folds > y.shape[0]:
        raise _DataError(
            f"--cv {n_folds} needs at least {n_folds} instances with a class; "
            f"the data has {y.shape[0]}"
        )
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    notes = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            folds = list(splitter.split(np.zeros((y.shape[0], 1)), y))
        except ValueError as exc:
            raise _DataError(f"--cv {n_folds}: {exc}") from exc
    notes.extend(str(w.message) for w in caught)
    return folds, notes


def _aligned_proba(model: Any, X: Any, classes: np.ndarray) -> np.ndarray:
    """``predict_proba`` with one column per class of the whole data set."""
    proba = model.predict_proba(X)
    fitted = np.asarray(model.classes_)
    if fitted.shape == classes.shape and (fitted == classes).all():
        return proba
    position = {label: j for j, label in enumerate(classes.tolist())}
    out = np.zeros((proba.shape[0], classes.shape[0]))
    out[:, [position[label] for label in fitted.tolist()]] = proba
    return out


def _cross_validate(
    models: dict, X: pd.DataFrame, y: Any, classes: np.ndarray, folds: list
) -> dict:
    """Pooled out-of-fold class probabilities of every model, with fold accuracies.

    ``y`` is what the models are fitted on (an array or a ``pd.Categorical``).
    """
    from sklearn.base import clone

    labels = np.asarray(y)
    progress = _Progress(sys.stderr)
    pooled = {}
    for label, model in models.items():
        proba = np.zeros((y.shape[0], classes.shape[0]))
        fold_accuracy = []
        for fold, (train_idx, test_idx) in enumerate(folds, start=1):
            progress.update(label, fold, len(folds))
            fitted = clone(model).fit(X.iloc[train_idx], y[train_idx])
            proba[test_idx] = _aligned_proba(fitted, X.iloc[test_idx], classes)
            predicted = classes.take(np.argmax(proba[test_idx], axis=1))
            fold_accuracy.append(float(np.mean(predicted == labels[test_idx])))
        pooled[label] = (proba, fold_accuracy)
    progress.close()
    return pooled


def _metrics(y: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> dict:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    predicted = classes.take(np.argmax(proba, axis=1))
    precision, recall, f1, support = precision_recall_fscore_support(
        y, predicted, labels=classes, zero_division=0.0
    )
    return {
        "accuracy": float(np.mean(predicted == y)),
        "log_loss": _log_loss(y, proba, classes),
        "per_class": {
            str(c): {
                "precision": float(p),
                "recall": float(r),
                "f1": float(f),
                "support": int(s),
            }
            for c, p, r, f, s in zip(
                classes, precision, recall, f1, support, strict=True
            )
        },
        "confusion_matrix": confusion_matrix(y, predicted, labels=classes).tolist(),
    }


def _log_loss(y: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> float:
    """``log_loss`` of probability columns in ``classes`` order (maybe unsorted)."""
    from . import log_loss

    order = np.argsort(classes, kind="stable")
    return log_loss(y, proba[:, order], labels=classes[order])


def _run_train(args: argparse.Namespace) -> int:
    from . import export_text

    estimator, short_name, options = _make_estimator(args)
    compare = args.compare if args.compare is not None else args.data is None
    if args.save is not None:
        _check_model_suffix(args.save)
    style = args.style or ("sklearn" if args.id3 else "j48")

    frame, data_name = _read_table(args.data)
    X, y, target, n_dropped = _split_target(frame, args.target)
    model = estimator.fit(X, y)
    # the model's class order: declared order for a nominal class, else sorted
    classes = np.asarray(model.classes_)
    y_values = np.asarray(y)
    nominal = _nominal_columns(X)
    counts = {str(c): int(np.sum(y_values == c)) for c in classes}
    report: dict[str, Any] = {
        "data": {
            "name": data_name,
            "n_instances": int(X.shape[0]),
            "n_attributes": int(X.shape[1]),
            "n_nominal": len(nominal),
            "n_numeric": int(X.shape[1] - len(nominal)),
            "n_missing_values": int(X.isna().to_numpy().sum()),
            "n_dropped_missing_class": n_dropped,
            "target": target,
            "class_counts": counts,
        }
    }

    proba = _aligned_proba(model, X, classes)
    predicted = classes.take(np.argmax(proba, axis=1))
    tree = model.tree_
    report["model"] = {
        "estimator": type(model).__name__,
        "options": options,
        "params": {k: _jsonable(v) for k, v in model.get_params().items()},
        "n_leaves": int(tree.n_leaves),
        "size": int(tree.node_count),
        "depth": int(tree.max_depth),
        "tree": export_text(model, style=style),
        "style": style,
    }
    report["training"] = {
        "accuracy": float(np.mean(predicted == y_values)),
        "log_loss": _log_loss(y_values, proba, classes),
    }

    if args.cv:
        folds, notes = _fold_indices(y_values, args.cv, args.cv_seed)
        models = {type(model).__name__: estimator}
        if compare:
            models["DecisionTreeClassifier"] = _sklearn_tree(X)
        pooled = _cross_validate(models, X, y, classes, folds)
        results = {}
        for label, (oof, fold_accuracy) in pooled.items():
            results[label] = _metrics(y_values, oof, classes)
            results[label]["fold_accuracy"] = fold_accuracy
        report["cross_validation"] = {
            "folds": args.cv,
            "seed": args.cv_seed,
            "stratified": True,
            "notes": notes,
            "models": results,
        }

    if args.save is not None:
        save_model(model, args.save)
        report["saved"] = args.save

    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_format_report(report, short_name))
    return 0


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in value]
    return repr(value)


# ---------------------------------------------------------------------------------
# Text report
# ---------------------------------------------------------------------------------

_SKLEARN_NOTE = (
    "DecisionTreeClassifier: criterion='entropy', random_state=0, nominal columns\n"
    "one-hot encoded (a missing value is a category of its own)"
)


def _format_report(report: dict, short_name: str) -> str:
    data, model, training = report["data"], report["model"], report["training"]
    counts = ", ".join(f"{c}: {n}" for c, n in data["class_counts"].items())
    lines = [
        f"Data: {data['name']}: {data['n_instances']} instances, "
        f"{_plural(data['n_attributes'], 'attribute')} ({data['n_nominal']} nominal, "
        f"{data['n_numeric']} numeric), {data['n_missing_values']} missing values",
        f"Class attribute: {data['target']} ({counts})",
    ]
    if data["n_dropped_missing_class"]:
        lines.append(
            f"Ignored {data['n_dropped_missing_class']} instances with a missing class"
        )
    lines += ["", f"=== {short_name}: {model['options']} ===", ""]
    lines.append(model["tree"].rstrip("\n"))
    if model["style"] != "j48":
        lines += [
            "",
            f"Number of leaves: {model['n_leaves']}",
            f"Size of the tree: {model['size']}",
        ]
    lines += [
        "",
        f"Training set: accuracy {_percent(training['accuracy'])}, "
        f"log loss {training['log_loss']:.4f} nats",
    ]
    cv = report.get("cross_validation")
    if cv is not None:
        lines += _format_cv(cv, short_name)
    if "saved" in report:
        lines += ["", f"Model saved to {report['saved']}"]
    return "\n".join(lines) + "\n"


def _format_cv(cv: dict, short_name: str) -> list[str]:
    results = cv["models"]
    names = [short_name, *list(results)[1:]]
    lines = [
        "",
        f"=== Stratified {cv['folds']}-fold cross-validation "
        f"(shuffle seed {cv['seed']}) ===",
    ]
    lines += [f"Note: {note}" for note in cv["notes"]]
    width = max(14, *(len(n) + 2 for n in names))
    header = " " * 22 + "".join(n.rjust(width) for n in names)
    accuracy = "".join(_percent(r["accuracy"]).rjust(width) for r in results.values())
    spread = "".join(
        f"{100 * np.std(r['fold_accuracy']):.2f}".rjust(width) for r in results.values()
    )
    loss = "".join(f"{r['log_loss']:.4f}".rjust(width) for r in results.values())
    lines += [
        "",
        header,
        "Accuracy".ljust(22) + accuracy,
        "  std over folds (%)".ljust(22) + spread,
        "Log loss (nats)".ljust(22) + loss,
    ]
    if "DecisionTreeClassifier" in results:
        lines += ["", _SKLEARN_NOTE]
    for name, result in zip(names, results.values(), strict=True):
        lines += ["", f"--- {name} ---", ""]
        lines += _format_per_class(result["per_class"])
        lines += [""] + _format_confusion(result["confusion_matrix"], result)
    return lines


def _format_per_class(per_class: dict) -> list[str]:
    width = max(5, *(len(c) for c in per_class))
    lines = [
        "class".ljust(width) + "  precision  recall      F1  support",
    ]
    for label, m in per_class.items():
        lines.append(
            f"{label.ljust(width)}  {m['precision']:9.3f}  {m['recall']:6.3f}  "
            f"{m['f1']:6.3f}  {m['support']:7d}"
        )
    return lines


def _format_confusion(matrix: list, result: dict) -> list[str]:
    """Weka's confusion matrix: letters for the columns, rows are actual classes."""
    labels = list(result["per_class"])
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


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _percent(x: float) -> str:
    return f"{100 * x:.2f} %"


# ---------------------------------------------------------------------------------
# Persistence
# ---------------------------------------------------------------------------------


def _check_model_suffix(path: str) -> None:
    if Path(path).suffix.lower() not in _MODEL_SUFFIXES:
        raise _UsageError(
            f"model file {path!r} must end in .skops (skops) or .pkl/.pickle (pickle)"
        )


def _import_skops():
    try:
        import skops.io
    except ImportError:
        raise _DataError(
            "reading or writing .skops files needs the skops package "
            "(pip install 'id3tree[persist]'), or use a .pkl file"
        ) from None
    return skops.io


def save_model(model: Any, path: str | os.PathLike) -> None:
    """Save a fitted estimator with skops (``.skops``) or pickle (other suffixes).

    Parameters
    ----------
    model : estimator
        A fitted estimator, for example a C45Classifier.
    path : str or path-like
        Destination file.
    """
    if Path(path).suffix.lower() == ".skops":
        _import_skops().dump(model, path)
    else:
        with open(path, "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_model(path: str | os.PathLike) -> Any:
    """Load an estimator saved by :func:`save_model`.

    A ``.skops`` file is loaded trusting only scikit-learn's types and
    :data:`SKOPS_TRUSTED_TYPES`; any other type in it is refused. Other suffixes
    are unpickled, which can run arbitrary code: load only pickles you trust.

    Parameters
    ----------
    path : str or path-like
        A ``.skops`` or pickle file.

    Returns
    -------
    model : estimator
        The loaded estimator.
    """
    if Path(path).suffix.lower() == ".skops":
        sio = _import_skops()
        untrusted = sio.get_untrusted_types(file=path)
        unknown = sorted(set(untrusted) - set(SKOPS_TRUSTED_TYPES))
        if unknown:
            raise _DataError(
                f"{os.fspath(path)!r} holds types id3tree does not trust: "
                f"{', '.join(unknown)}; load it with skops.io.load(trusted=...)"
            )
        return sio.load(path, trusted=untrusted)
    with open(path, "rb") as handle:
        return pickle.load(handle)


# ---------------------------------------------------------------------------------
# predict
# ---------------------------------------------------------------------------------


def _run_predict(args: argparse.Namespace) -> int:
    _check_model_suffix(args.model)
    if not Path(args.model).is_file():
        raise _DataError(f"no such model file: {args.model!r}")
    try:
        model = load_model(args.model)
    except (_DataError, OSError):
        raise
    except Exception as exc:
        raise _DataError(f"cannot load model {args.model!r}: {exc}") from exc
    if not (hasattr(model, "predict_proba") and hasattr(model, "classes_")):
        raise _DataError(
            f"{args.model!r} does not hold a fitted classifier with predict_proba"
        )
    frame, _ = _read_table(args.data)
    X = _model_columns(model, frame)
    proba = model.predict_proba(X)
    classes = np.asarray(model.classes_)
    out = pd.DataFrame({"predicted": classes.take(np.argmax(proba, axis=1))})
    for j, label in enumerate(classes):
        out[f"proba_{label}"] = proba[:, j]
    if args.output is None:
        out.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        out.to_csv(args.output, index=False, lineterminator="\n")
    return 0


def _model_columns(model: Any, frame: pd.DataFrame) -> pd.DataFrame:
    """Select the columns of ``frame`` the model was fitted on, in fitted order."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        columns = [str(c) for c in frame.columns]
        missing = [str(n) for n in names if str(n) not in columns]
        if missing:
            shown = ", ".join(repr(n) for n in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            raise _DataError(
                f"the data lacks column(s) the model was trained on: {shown}{more}"
            )
        return frame.set_axis(columns, axis=1)[[str(n) for n in names]]
    n_features = getattr(model, "n_features_in_", frame.shape[1])
    if frame.shape[1] == n_features + 1:  # the class column is still there
        frame = frame.iloc[:, :-1]
    if frame.shape[1] != n_features:
        raise _DataError(
            f"the model expects {n_features} feature columns, the data has "
            f"{frame.shape[1]}"
        )
    return frame
