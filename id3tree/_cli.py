"""The ``id3tree`` command: train, cross-validate, save and apply ID3/C4.5 trees."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from argparse import SUPPRESS
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._evaluation import (
    cross_validate,
    entropy_tree_baseline,
    format_cv,
    percent,
    stratified_folds,
)
from ._persistence import load_model, save_model

__all__ = ["main"]

_DEFAULT_DATASET = "vote"
_MODEL_SUFFIXES = (".skops", ".pkl", ".pickle")
_DATA_SUFFIXES = (".arff", ".csv", ".tsv", ".txt")


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
        (j48, ("-C", "--confidence"), _value("confidence_factor", _open_unit, "C"),
         "confidence factor of pessimistic pruning (J48 default 0.25)"),
        (j48, ("-M", "--min-leaf"), _value("min_samples_leaf", _positive, "M"),
         "minimum weight in at least two branches of a split (J48 default 2)"),
        (pruning, ("-U", "--unpruned"), _const("pruning", None),
         "grow an unpruned tree"),
        (pruning, ("-R", "--reduced-error"), _const("pruning", "reduced_error"),
         "reduced-error pruning on a held-out fold"),
        (j48, ("-N", "--folds"), _value("n_folds", _int_at_least(2), "N"),
         "folds of reduced-error pruning, one of them prunes (default 3)"),
        (j48, ("-Q", "--seed"), _value("random_state", int, "SEED"),
         "seed of the reduced-error folds (default 1)"),
        (j48, ("-S", "--no-raising"), _const("subtree_raising", False),
         "do not consider subtree raising when pruning"),
        (j48, ("-A", "--laplace"), _const("laplace", True),
         "Laplace-smoothed leaf estimates"),
        (j48, ("-B", "--binary-splits"), _const("binary_categorical_splits", True),
         "binary splits (= v / != v) on nominal attributes"),
        (j48, ("-J", "--no-mdl"), _const("mdl_correction", False),
         "no MDL correction of the information gain of numeric splits"),
        (j48, ("--id3",), {"action": "store_true"},
         "fit ID3Classifier (information gain, unpruned) instead of C4.5"),
        (train, ("--cv",), {"type": _int_at_least(0), "default": 10, "metavar": "K"},
         "folds of stratified cross-validation, 0 for none (default 10)"),
        (train, ("--cv-seed",), {"type": int, "default": 1, "metavar": "SEED"},
         "seed that shuffles the cross-validation folds (default 1)"),
        (train, ("--compare",), {"action": argparse.BooleanOptionalAction},
         "also cross-validate scikit-learn's DecisionTreeClassifier"
         "(criterion='entropy') on the same folds, nominal columns one-hot "
         "encoded (default: on without DATA, off with DATA)"),
        (train, ("--style",), {"choices": ("j48", "sklearn")},
         "tree drawing (default: j48 for C4.5, sklearn for ID3)"),
        (train, ("--save",), {"metavar": "MODEL"},
         "save the tree fitted on all the data (.skops, or .pkl for pickle)"),
        (train, ("--json",), {"action": "store_true"},
         "print everything as one JSON document"),
        (train, ("--debug",), {"action": "store_true"}, "show tracebacks of errors"),
    ]:  # fmt: skip
        group.add_argument(*flags, help=text, **options)
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


def _value(dest: str, parse: Any, metavar: str) -> dict:
    return {"dest": dest, "type": parse, "metavar": metavar, "default": SUPPRESS}


def _const(dest: str, value: Any) -> dict:
    return {"dest": dest, "action": "store_const", "const": value, "default": SUPPRESS}


def _number(convert: Any, valid: Any, requirement: str) -> Any:
    """Argument type: ``convert`` the text, then require ``valid(value)``."""

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (np.isfinite(value) and valid(value)):
            raise argparse.ArgumentTypeError(f"must be {requirement}, got {text}")
        return value

    return parse


_open_unit = _number(float, lambda v: 0.0 < v < 1.0, "in (0, 1)")
_positive = _number(float, lambda v: v > 0.0, "positive")


def _int_at_least(minimum: int) -> Any:
    return _number(int, lambda v: v >= minimum, f"at least {minimum}")


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
        return int(exc.code or 0)
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
        if not isinstance(exc, (_DataError, OSError, ImportError)):
            message = f"{type(exc).__name__}: {message}"
        _print_error(message)
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
    if suffix in _DATA_SUFFIXES:
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
    from . import C45Classifier

    names = C45Classifier().get_params()  # tree options not given are absent
    params = {k: v for k, v in vars(args).items() if k in names}
    if args.id3 and ("confidence_factor" in params or "subtree_raising" in params):
        raise _UsageError(
            "--confidence and --no-raising belong to C4.5's pessimistic pruning, "
            "which --id3 does not do"
        )
    pruning = params.get("pruning", "pessimistic")
    unpruned = "an unpruned tree (-U)"
    if "confidence_factor" in params and pruning != "pessimistic":
        other = unpruned if pruning is None else "reduced-error pruning (-R)"
        raise _UsageError(f"--confidence makes no sense with {other}")
    if "n_folds" in params and pruning != "reduced_error":
        raise _UsageError("--folds needs reduced-error pruning (-R)")
    if "subtree_raising" in params and pruning is None:
        raise _UsageError(f"--no-raising makes no sense with {unpruned}")
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


def _run_train(args: argparse.Namespace) -> int:
    from . import export_text, log_loss

    estimator, short_name, options = _make_estimator(args)
    compare = args.compare if args.compare is not None else args.data is None
    if args.save is not None:
        _check_model_suffix(args.save)
    style = args.style or ("sklearn" if args.id3 else "j48")

    frame, data_name = _read_table(args.data)
    X, y, target, n_dropped = _split_target(frame, args.target)
    model = estimator.fit(X, y)
    labels = np.asarray(y)
    # probabilities follow classes_ (sorted); per-class output follows the tree's
    # class order, as J48 shows it (a nominal class's declared order)
    display = model.tree_classes_
    nominal = _nominal_columns(X)
    tree = model.tree_
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
            "class_counts": {str(c): int(np.sum(labels == c)) for c in display},
        },
        "model": {
            "estimator": type(model).__name__,
            "options": options,
            "params": model.get_params(),
            "n_leaves": int(tree.n_leaves),
            "size": int(tree.node_count),
            "depth": int(tree.max_depth),
            "tree": export_text(model, style=style),
            "style": style,
        },
        "training": {
            "accuracy": float(np.mean(model.predict(X) == labels)),
            "log_loss": log_loss(labels, model.predict_proba(X), labels=model.classes_),
        },
    }

    if args.cv:
        try:
            folds, notes = stratified_folds(labels, args.cv, args.cv_seed)
        except ValueError as exc:
            raise _DataError(f"--cv {args.cv}: {exc}") from exc
        models = {type(model).__name__: estimator}
        if compare:
            models["DecisionTreeClassifier"] = entropy_tree_baseline(nominal)
        report["cross_validation"] = {
            "folds": args.cv,
            "seed": args.cv_seed,
            "stratified": True,
            "notes": notes,
            "models": cross_validate(models, X, y, folds, display),
        }

    if args.save is not None:
        save_model(model, args.save)
        report["saved"] = args.save

    if args.json:
        json.dump(report, sys.stdout, indent=2, default=repr)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_format_report(report, short_name))
    return 0


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
        f"Training set: accuracy {percent(training['accuracy'])}, "
        f"log loss {training['log_loss']:.4f} nats",
    ]
    cv = report.get("cross_validation")
    if cv is not None:
        lines += format_cv(cv, short_name)
    if "saved" in report:
        lines += ["", f"Model saved to {report['saved']}"]
    return "\n".join(lines) + "\n"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _check_model_suffix(path: str) -> None:
    if Path(path).suffix.lower() not in _MODEL_SUFFIXES:
        raise _UsageError(
            f"model file {path!r} must end in .skops (skops) or .pkl/.pickle (pickle)"
        )


# ---------------------------------------------------------------------------------
# predict
# ---------------------------------------------------------------------------------


def _run_predict(args: argparse.Namespace) -> int:
    _check_model_suffix(args.model)
    if not Path(args.model).is_file():
        raise _DataError(f"no such model file: {args.model!r}")
    try:
        model = load_model(args.model)
    except OSError:
        raise
    except Exception as exc:
        raise _DataError(f"cannot load model {args.model!r}: {exc}") from exc
    if not (hasattr(model, "predict_proba") and hasattr(model, "classes_")):
        raise _DataError(
            f"{args.model!r} does not hold a fitted classifier with predict_proba"
        )
    frame, _ = _read_table(args.data)
    X = _model_columns(model, frame)
    out = pd.DataFrame({"predicted": model.predict(X)})
    proba = model.predict_proba(X)
    for j, label in enumerate(model.classes_):
        out[f"proba_{label}"] = proba[:, j]
    out.to_csv(args.output or sys.stdout, index=False, lineterminator="\n")
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
