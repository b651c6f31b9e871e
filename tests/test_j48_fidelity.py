"""Whole trees and class probabilities against Weka 3.6.14's J48 and Id3.

The reference outputs under tests/data were made by benchmarks/j48_reference.py
(see tests/data/j48/README.md); CI reads them and needs no Java.
"""

import csv
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from id3tree import C45Classifier, ID3Classifier, export_text
from id3tree.datasets import load_arff

DATA = Path(__file__).parent / "data"
BUNDLED = Path(__file__).parents[1] / "id3tree" / "datasets" / "data"

#: Datasets id3tree cannot fit as J48 does: scikit-learn estimators reject missing
#: class labels and empty training sets. J48 drops rows with a missing class but still
#: snaps thresholds to their attribute values, and it trains on zero rows.
NOT_FITTED = {
    "hand_missing_class": "missing class labels",
    "hand_only_missing_class": "missing class labels",
    "hand_no_rows": "0 sample",
}
#: Cases whose printed tree differs from J48's in number formatting only. The JDK 17
#: that made the references prints some doubles with more digits than the shortest
#: form that reads back (JDK-4511638, fixed in JDK 19); id3tree prints the shortest.
#: In rand_178 a leaf's error count lies within a last-bit rounding error of 7.625
#: and so rounds to 7.62, where J48 (adding fractional weights in another order)
#: prints 7.63. For these the trees are compared number by number with a tolerance.
NUMBER_FORMAT_ONLY = {
    "rand_222.arff-M1": 0.0,
    "rand_288.arff-default": 0.0,
    "rand_288.arff-U": 0.0,
    "rand_288.arff-M1": 0.0,
    "rand_178.arff-default": 0.01,
}
#: Rows with a missing class are dropped before fitting, so thresholds are snapped to
#: the remaining rows' values: these trees differ from J48's in those thresholds.
SNAPPED_WITHOUT_MISSING_CLASS_ROWS = {
    "rand_190.arff-default",
    "rand_190.arff-U",
    "rand_211.arff-U",
}


def _cases(manifest: Path):
    with manifest.open() as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _params(options: str) -> dict:
    """Translate J48 command-line options into C45Classifier parameters."""
    words = options.split()
    params = {}
    i = 0
    while i < len(words):
        flag = words[i]
        if flag == "-U":
            params["pruning"] = None
        elif flag == "-R":
            params["pruning"] = "reduced_error"
        elif flag == "-S":
            params["subtree_raising"] = False
        elif flag == "-A":
            params["laplace"] = True
        elif flag == "-B":
            params["binary_categorical_splits"] = True
        elif flag in ("-M", "-C", "-N", "-Q"):
            value = words[i + 1]
            i += 1
            if flag == "-M":
                params["min_samples_leaf"] = float(value)
            elif flag == "-C":
                params["confidence_factor"] = float(value)
            elif flag == "-N":
                params["n_folds"] = int(value)
            else:
                params["random_state"] = int(value)
        else:
            raise ValueError(f"unknown J48 option {flag}")
        i += 1
    return params


@cache
def _load(path: Path):
    frame = load_arff(path)
    return frame.iloc[:, :-1], frame.iloc[:, -1]


def _fit(estimator, path: Path):
    X, y = _load(path)
    known = y.notna().to_numpy()
    return estimator.fit(X[known], y[known])


def _read_proba(path: Path) -> np.ndarray:
    rows = [line.split("\t") for line in path.read_text().splitlines() if line]
    return np.array(rows, dtype=float)


_NUMBER = re.compile(r"-?\d+\.\d+(?:E-?\d+)?|-?\d+")


def _same_up_to_number_format(ours: str, theirs: str, atol: float) -> bool:
    if _NUMBER.sub("#", ours) != _NUMBER.sub("#", theirs):
        return False
    a = [float(v) for v in _NUMBER.findall(ours)]
    b = [float(v) for v in _NUMBER.findall(theirs)]
    return np.allclose(a, b, rtol=0, atol=atol)


def _check_case(est, arff: Path, prefix: Path, case_id: str = ""):
    X, y = _load(arff)
    text = Path(f"{prefix}.tree").read_text()
    if case_id in NUMBER_FORMAT_ONLY:
        ours = export_text(est, style="j48")
        assert ours != text
        assert _same_up_to_number_format(ours, text, NUMBER_FORMAT_ONLY[case_id])
    elif case_id in SNAPPED_WITHOUT_MISSING_CLASS_ROWS:
        return
    else:
        assert export_text(est, style="j48") == text
    np.testing.assert_array_equal(est.tree_classes_, y.cat.categories)
    columns = y.cat.categories.get_indexer(est.classes_)
    expected = _read_proba(Path(f"{prefix}.proba"))[:, columns]
    got = est.predict_proba(X)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    probe = arff.parent / "probe" / arff.name
    if probe.exists():
        Xp, _ = _load(probe)
        expected = _read_proba(Path(f"{prefix}.probe.proba"))[:, columns]
        got = est.predict_proba(Xp)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


BUNDLED_CASES = _cases(DATA / "j48" / "cases.tsv")


@pytest.mark.parametrize(
    "case", BUNDLED_CASES, ids=[f"{c['dataset']}-{c['tag']}" for c in BUNDLED_CASES]
)
def test_bundled_dataset_matches_j48(case):
    arff = BUNDLED / case["dataset"]
    est = _fit(C45Classifier(**_params(case["options"])), arff)
    assert est.get_n_leaves() == int(case["leaves"])
    assert est.tree_.node_count == int(case["size"])
    _check_case(est, arff, DATA / "j48" / arff.stem / case["tag"])


RANDOM_CASES = [
    c
    for c in _cases(DATA / "random" / "j48" / "cases.tsv")
    if Path(c["dataset"]).stem not in NOT_FITTED
]


@pytest.mark.parametrize(
    "case", RANDOM_CASES, ids=[f"{c['dataset']}-{c['tag']}" for c in RANDOM_CASES]
)
def test_random_dataset_matches_j48(case):
    arff = DATA / "random" / case["dataset"]
    est = _fit(C45Classifier(**_params(case["options"])), arff)
    assert est.get_n_leaves() == int(case["leaves"])
    assert est.tree_.node_count == int(case["size"])
    case_id = f"{case['dataset']}-{case['tag']}"
    prefix = DATA / "random" / "j48" / f"{arff.stem}.{case['tag']}"
    _check_case(est, arff, prefix, case_id)


ID3_CASES = sorted(
    [(BUNDLED / f"{p.stem}.arff", p) for p in (DATA / "id3").glob("*.tree")]
    + [
        (DATA / "random" / f"{p.stem}.arff", p)
        for p in (DATA / "random" / "id3").glob("*.tree")
    ]
)


@pytest.mark.parametrize("arff,tree", ID3_CASES, ids=[a.stem for a, _ in ID3_CASES])
def test_nominal_dataset_matches_weka_id3(arff, tree):
    est = _fit(ID3Classifier(), arff)
    assert export_text(est, style="weka_id3") == tree.read_text()
    X, y = _load(arff)
    columns = y.cat.categories.get_indexer(est.classes_)
    expected = _read_proba(tree.with_suffix(".proba"))[:, columns]
    got = est.predict_proba(X)
    # Weka's Id3 answers all zeros at an empty ("null") leaf; id3tree answers with
    # the parent's class frequencies there, as C4.5 does.
    reached = expected.sum(axis=1) > 0
    np.testing.assert_allclose(got[reached], expected[reached], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", sorted(NOT_FITTED))
def test_datasets_j48_fits_but_id3tree_rejects(name):
    X, y = _load(DATA / "random" / f"{name}.arff")
    with pytest.raises(ValueError, match=NOT_FITTED[name]):
        C45Classifier().fit(X, y)
