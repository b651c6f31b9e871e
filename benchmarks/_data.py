"""Data sets, estimators and measurements shared by benchmarks/run.py and its children.

Only numpy is imported at module level, so that a child process can time
``import id3tree`` from a clean interpreter.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np

N_FEATURES = 20
N_CLASSES = 4

# ---------------------------------------------------------------------------
# data


def make_numeric(n_samples: int, random_state: int = 0):
    """The numeric benchmark set: 20 features, 4 classes, 5 % label noise."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=n_samples,
        n_features=N_FEATURES,
        n_informative=10,
        n_redundant=5,
        n_classes=N_CLASSES,
        n_clusters_per_class=3,
        flip_y=0.05,
        random_state=random_state,
    )


def make_nominal(n_samples: int, random_state: int = 0, depth: int = 8, noise=0.1):
    """Nominal benchmark set: 20 features with 5-100 categories each.

    The label is a random tree over the features: every internal node (to
    ``depth``) sends a random half of one feature's categories left and the rest
    right, every leaf draws one of 4 classes; then a fraction ``noise`` of the
    labels is replaced by a random class. Category frequencies are uniform.

    Returns
    -------
    codes : ndarray of shape (n_samples, 20), dtype=int16
        Category codes, ``0 <= codes[:, j] < n_categories[j]``.
    y : ndarray of shape (n_samples,), dtype=int64
    n_categories : ndarray of shape (20,), dtype=int64
    """
    rng = np.random.default_rng(random_state)
    n_categories = rng.integers(5, 101, size=N_FEATURES)
    codes = np.empty((n_samples, N_FEATURES), dtype=np.int16)
    for j, k in enumerate(n_categories):
        codes[:, j] = rng.integers(0, k, size=n_samples)
    y = np.empty(n_samples, dtype=np.int64)
    stack = [(np.arange(n_samples), 0)]
    while stack:
        rows, level = stack.pop()
        if level == depth or rows.size == 0:
            y[rows] = rng.integers(N_CLASSES)
            continue
        j = rng.integers(N_FEATURES)
        left_set = rng.random(n_categories[j]) < 0.5
        go_left = left_set[codes[rows, j]]
        stack.append((rows[go_left], level + 1))
        stack.append((rows[~go_left], level + 1))
    flip = rng.random(n_samples) < noise
    y[flip] = rng.integers(0, N_CLASSES, size=int(flip.sum()))
    return codes, y, n_categories


def nominal_frame(codes, n_categories):
    """The codes as a DataFrame of pandas Categoricals (all categories declared)."""
    import pandas as pd

    return pd.DataFrame(
        {
            f"f{j}": pd.Categorical.from_codes(codes[:, j], categories=range(k))
            for j, k in enumerate(n_categories)
        }
    )


def write_arff(path, X, y, classes=range(N_CLASSES)) -> None:
    """Write numeric (X, y) as a Weka ARFF file; the class is the last attribute."""
    with open(path, "w") as f:
        f.write("@relation benchmark\n")
        for j in range(X.shape[1]):
            f.write(f"@attribute f{j} numeric\n")
        f.write("@attribute class {" + ",".join(str(c) for c in classes) + "}\n")
        f.write("@data\n")
        fmt = ["%.17g"] * X.shape[1] + ["%d"]
        np.savetxt(f, np.column_stack([X, y]), fmt=fmt, delimiter=",")


# ---------------------------------------------------------------------------
# estimators (name -> factory); imported lazily


def make_estimator(name: str):
    """Return a fresh estimator for a benchmark name (see ESTIMATORS)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
    from sklearn.tree import DecisionTreeClassifier

    from id3tree import C45Classifier, ID3Classifier

    def sklearn_tree():
        return DecisionTreeClassifier(criterion="entropy", random_state=0)

    factories = {
        "id3": lambda: ID3Classifier(),
        "c45": lambda: C45Classifier(pruning=None),
        "c45_pruned": lambda: C45Classifier(),
        "sklearn": sklearn_tree,
        "sklearn_onehot": lambda: make_pipeline(
            OneHotEncoder(sparse_output=True, handle_unknown="ignore"),
            sklearn_tree(),
        ),
        "sklearn_ordinal": lambda: make_pipeline(
            OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
            sklearn_tree(),
        ),
    }
    return factories[name]()


#: Display names of the estimators.
ESTIMATORS = {
    "id3": "ID3Classifier()",
    "c45": "C45Classifier(pruning=None)",
    "c45_pruned": "C45Classifier()",
    "sklearn": "sklearn DecisionTreeClassifier(entropy)",
    "sklearn_onehot": "sklearn OneHotEncoder(sparse) + tree",
    "sklearn_ordinal": "sklearn OrdinalEncoder + tree",
}


def n_leaves(estimator) -> int:
    """Leaves of a fitted tree or of the tree at the end of a pipeline."""
    final = estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator
    return int(final.get_n_leaves())


def benchmark_inputs(kind: str, n_samples: int, estimator: str):
    """The training (X, y) that ``estimator`` gets in the ``kind`` benchmark.

    Nominal data goes to id3tree as a DataFrame of Categoricals (detected by
    ``categorical_features="auto"``) and to the scikit-learn pipelines as the
    integer code matrix (their encoders' fastest input).
    """
    if kind == "numeric":
        return make_numeric(n_samples)
    codes, y, n_categories = make_nominal(n_samples)
    if estimator.startswith("sklearn"):
        return codes, y
    return nominal_frame(codes, n_categories), y


# ---------------------------------------------------------------------------
# child processes (run by run.py with ``python -c``)


def _rss_bytes(field: str) -> int:
    """Return VmRSS or VmHWM (peak) of this process from /proc, in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak_rss() -> bool:
    """Reset this process's peak RSS (Linux >= 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def child_memory(kind: str, n_samples: int, estimator: str) -> None:
    """Fit once and print the peak RSS growth of the fit as JSON.

    A small fit first compiles the kernels, so that compiler memory is not
    counted. The peak resident set size is then reset (``/proc/self/clear_refs``)
    and read back after the fit (``VmHWM``); where resetting is not possible,
    ``ru_maxrss`` before and after the fit is used instead (it misses a peak
    lower than an earlier one).
    """
    import resource

    X, y = benchmark_inputs(kind, n_samples, estimator)
    small = slice(0, min(2000, n_samples))
    X_small = X.iloc[small] if hasattr(X, "iloc") else X[small]
    make_estimator(estimator).fit(X_small, y[small])
    est = make_estimator(estimator)
    if _reset_peak_rss():
        method = "VmHWM"
        before = _rss_bytes("VmRSS")
        est.fit(X, y)
        peak = _rss_bytes("VmHWM")
    else:
        method = "ru_maxrss"
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        est.fit(X, y)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    X_bytes = X.memory_usage(index=False).sum() if hasattr(X, "iloc") else X.nbytes
    print(
        json.dumps(
            {
                "peak_bytes": max(peak - before, 0),
                "X_bytes": int(X_bytes),
                "method": method,
            }
        )
    )


def _noop(x):
    return x


def child_startup_floor() -> None:
    """Time what any id3tree start-up pays: scikit-learn, numba, one cached kernel.

    ``import sklearn.base`` (which pulls scipy.stats and pandas), then ``import
    numba``, then the first call of a trivial ``cache=True`` kernel: a compile when
    ``NUMBA_CACHE_DIR`` is empty, numba's one-time JIT start-up plus a cache load
    when it is filled. Prints JSON.
    """
    times = {}
    t0 = time.perf_counter()
    import sklearn.base  # noqa: F401

    times["sklearn_base"] = time.perf_counter() - t0
    t = time.perf_counter()
    import numba

    times["numba"] = time.perf_counter() - t
    t = time.perf_counter()
    numba.njit(cache=True)(_noop)(1.0)
    times["first_kernel"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    print(json.dumps(times))


def child_startup(n_samples: int = 2000) -> None:
    """Time ``import id3tree`` and the first fits and predict; print JSON.

    The data is drawn with numpy before the clock starts, so the import time
    includes everything id3tree pulls in (numba, scikit-learn, pandas).
    """
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_samples, N_FEATURES))
    y = (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] + X[:, 2] > 0.5)
    X[rng.random(X.shape) < 0.01] = np.nan  # the missing-value kernels too
    times = {}
    t0 = time.perf_counter()
    import id3tree

    times["import"] = time.perf_counter() - t0
    t = time.perf_counter()
    id3 = id3tree.ID3Classifier().fit(X, y)
    times["id3_fit"] = time.perf_counter() - t
    t = time.perf_counter()
    id3.predict(X)
    times["predict"] = time.perf_counter() - t
    t = time.perf_counter()
    id3tree.C45Classifier().fit(X, y)
    times["c45_fit"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["cache_dir"] = os.environ.get("NUMBA_CACHE_DIR", "")
    print(json.dumps(times))
