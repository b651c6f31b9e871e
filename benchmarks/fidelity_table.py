"""Print the fidelity table of the README: id3tree's C4.5 next to Weka's J48.

For every bundled dataset: J48's leaves and tree size (default options, from the
reference outputs in tests/data/j48, made by benchmarks/j48_reference.py), the same
for ``C45Classifier()``, whether the printed trees are identical, J48's 10-fold
cross-validated accuracy (Weka's own folds) and id3tree's (stratified 10-fold, seed 1;
plain 10-fold where no class has 10 rows).
Also counts how many of the stored J48 cases (every dataset and option set) id3tree
prints byte for byte. Needs no Java.

    python benchmarks/fidelity_table.py
"""

import csv
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

from id3tree import C45Classifier, export_text
from id3tree.datasets import load_arff

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "id3tree" / "datasets" / "data"
REFERENCE = ROOT / "tests" / "data" / "j48"
OPTIONS = {
    "-U": {"pruning": None},
    "-R": {"pruning": "reduced_error"},
    "-S": {"subtree_raising": False},
    "-A": {"laplace": True},
    "-B": {"binary_categorical_splits": True},
}


def _params(options: str) -> dict:
    words, params = options.split(), {}
    while words:
        flag = words.pop(0)
        if flag in OPTIONS:
            params.update(OPTIONS[flag])
        else:
            value = words.pop(0)
            name = {
                "-M": "min_samples_leaf",
                "-C": "confidence_factor",
                "-N": "n_folds",
                "-Q": "random_state",
            }[flag]
            params[name] = float(value) if flag in ("-M", "-C") else int(value)
    return params


def _rows(path: Path) -> list[dict]:
    with path.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def main() -> int:
    """Print the table and the count of identical cases."""
    cv = {
        r["dataset"]: float(r["accuracy_percent"])
        for r in _rows(REFERENCE / "cv10.tsv")
    }
    cases = _rows(REFERENCE / "cases.tsv")
    identical = 0
    lines = [
        "| dataset | J48 leaves / size | id3tree leaves / size | same tree | "
        "J48 10-fold acc % | id3tree 10-fold acc % |",
        "|---|---|---|---|---|---|",
    ]
    for case in cases:
        frame = load_arff(DATA / case["dataset"])
        X, y = frame.iloc[:, :-1], frame.iloc[:, -1]
        known = y.notna().to_numpy()
        est = C45Classifier(**_params(case["options"])).fit(X[known], y[known])
        reference = REFERENCE / Path(case["dataset"]).stem / f"{case['tag']}.tree"
        same = export_text(est, style="j48") == reference.read_text()
        identical += same
        if case["tag"] != "default":
            continue
        # stratified folds need 10 rows of some class; weather has 9 at most
        stratify = y[known].value_counts().max() >= 10
        folds = (StratifiedKFold if stratify else KFold)(
            10, shuffle=True, random_state=1
        )
        with warnings.catch_warnings():  # classes with fewer than 10 rows
            warnings.simplefilter("ignore", UserWarning)
            accuracy = cross_val_score(C45Classifier(), X[known], y[known], cv=folds)
        lines.append(
            f"| {Path(case['dataset']).stem} | {case['leaves']} / {case['size']} | "
            f"{est.get_n_leaves()} / {est.tree_.node_count} | "
            f"{'yes' if same else 'no'} | {cv[case['dataset']]:.2f} | "
            f"{100 * np.mean(accuracy):.2f} |"
        )
    print("\n".join(lines))
    print(f"\n{identical} of {len(cases)} stored J48 cases printed identically.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
