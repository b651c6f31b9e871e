"""Benchmark id3tree against scikit-learn and Weka's J48; print one table.

Usage::

    python benchmarks/run.py             # full run (about 15 minutes on 2 cores)
    python benchmarks/run.py --quick     # one to two minutes
    python benchmarks/run.py --smoke     # seconds (tests/test_benchmarks_smoke.py)
    python benchmarks/run.py --markdown  # the table as Markdown (for the README)

Every number in the table comes from this one run. Times are medians of up to
``--repeats`` fits; a case stops repeating once the next repeat would take it past
``--budget`` seconds (in the full run, 1M-row fits run once). The first call of
each estimator in the process compiles (or loads) the numba kernels: it is made on
a small slice of the data and reported apart as "first call (compile)". See
benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from _data import (  # noqa: I001  (after the sys.path insert)
    ESTIMATORS,
    N_FEATURES,
    benchmark_inputs,
    make_estimator,
    make_nominal,
    make_numeric,
    n_leaves,
    nominal_frame,
    write_arff,
)

#: Sizes and limits of each mode (``--sizes`` / ``--repeats`` override them).
MODES = {
    "full": dict(
        numeric=[100_000, 1_000_000],
        nominal=[100_000, 1_000_000],
        onehot_max=100_000,
        predict=1_000_000,
        memory=100_000,
        j48=100_000,
        cold_start=True,
        repeats=3,
        budget=60.0,
    ),
    "quick": dict(
        numeric=[100_000],
        nominal=[20_000],
        onehot_max=20_000,
        predict=1_000_000,
        memory=20_000,
        memory_cases=[("numeric", "id3"), ("numeric", "sklearn"), ("nominal", "id3")],
        j48=20_000,
        cold_start=False,
        repeats=3,
        budget=10.0,
    ),
    "smoke": dict(
        numeric=[2_000],
        nominal=[1_000],
        onehot_max=1_000,
        predict=2_000,
        memory=1_000,
        memory_cases=[("numeric", "id3")],
        j48=1_000,
        cold_start=False,
        repeats=1,
        budget=1.0,
    ),
}

#: Rows of the slice fitted by the first (compiling) call.
WARMUP_ROWS = 2_000

#: Targets of the issue: speed-up factors (x) and wall times (s).
NUMERIC_FIT_TARGET = {100_000: 10.0, 1_000_000: 20.0}
NOMINAL_FIT_TARGET = 5.0
PREDICT_TARGET = 2.0
J48_TARGET = 50.0
J48_TARGET_ROWS = 100_000
COLD_START_TARGET = 10.0
WARM_START_TARGET = 1.0

# ---------------------------------------------------------------------------
# the table


@dataclass
class Row:
    """One line of the result table."""

    benchmark: str
    estimator: str
    rows: int | None = None
    value: str = ""
    speedup: float | None = None
    versus: str = ""
    target: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        speedup = f"{self.speedup:.1f}x vs {self.versus}" if self.speedup else ""
        target = self.target
        if target and self.met is not None:
            target += " (met)" if self.met else " (NOT met)"
        return [
            self.benchmark,
            self.estimator,
            _rows_text(self.rows),
            self.value,
            speedup,
            target,
            "; ".join(self.notes),
        ]


HEADER = ["benchmark", "case", "rows", "time / memory", "speed-up", "target", "notes"]


def _rows_text(n: int | None) -> str:
    if n is None:
        return ""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def format_table(rows: list[Row], markdown: bool) -> str:
    """Render the rows as an aligned text table or as a Markdown table."""
    lines = [HEADER] + [r.cells() for r in rows]
    if markdown:
        out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        out += [
            "| " + " | ".join(c.replace("|", "\\|") for c in ln) + " |"
            for ln in lines[1:]
        ]
        return "\n".join(out)
    widths = [max(len(ln[i]) for ln in lines) for i in range(len(HEADER))]
    text = [
        " | ".join(c.ljust(w) for c, w in zip(ln, widths, strict=True)).rstrip()
        for ln in lines
    ]
    text.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(text)


def _seconds(t: float) -> str:
    return f"{t:.3f} s" if t < 10 else f"{t:.1f} s"


def _megabytes(n_bytes: float) -> str:
    return (
        f"{n_bytes / 2**20:.0f} MB" if n_bytes >= 2**20 else f"{n_bytes / 2**10:.0f} kB"
    )


def _target(row: Row, minimum: float | None) -> Row:
    """Attach a speed-up target (``>= minimum x``) to a row that has a speed-up."""
    if minimum is not None:
        row.target = f">= {minimum:g}x"
        row.met = row.speedup is not None and row.speedup >= minimum
    return row


# ---------------------------------------------------------------------------
# timing


def median_time(func, repeats: int, budget: float) -> tuple[float, int]:
    """Median wall time of ``func()`` over up to ``repeats`` calls.

    Stops early when one more call would take the total past ``budget`` seconds
    (at least one call is made). Returns (median, number of calls).
    """
    times: list[float] = []
    while len(times) < repeats:
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        if sum(times) + times[-1] > budget:
            break
    return statistics.median(times), len(times)


def time_fit(name, X, y, config) -> tuple[float, int, object]:
    """Median fit time of a fresh ``name`` estimator; returns the last fitted one."""
    fitted = []

    def fit():
        fitted[:] = [make_estimator(name).fit(X, y)]

    median, n = median_time(fit, config["repeats"], config["budget"])
    return median, n, fitted[0]


def _repeat_note(n: int) -> str:
    return f"median of {n}" if n > 1 else "1 run"


# ---------------------------------------------------------------------------
# benchmark sections (each returns rows)


def first_calls() -> list[Row]:
    """Time the first calls of the estimators in this process, in this order.

    Each first call compiles the kernels it is the first to reach (or loads them
    from numba's cache), so later rows show only the kernels that are new to them.
    """
    X, y = make_numeric(WARMUP_ROWS, random_state=1)
    codes, y_nom, n_categories = make_nominal(WARMUP_ROWS, random_state=1)
    frame = nominal_frame(codes, n_categories)
    rows = []

    def first(label, call):
        start = time.perf_counter()
        result = call()
        rows.append(
            Row(
                "first call (compile)",
                label,
                WARMUP_ROWS,
                _seconds(time.perf_counter() - start),
            )
        )
        return result

    id3 = first("ID3Classifier() fit, numeric", lambda: make_estimator("id3").fit(X, y))
    first("ID3Classifier() predict", lambda: id3.predict(X))
    first(
        "ID3Classifier() fit, nominal", lambda: make_estimator("id3").fit(frame, y_nom)
    )
    first("C45Classifier(pruning=None) fit", lambda: make_estimator("c45").fit(X, y))
    first(
        "C45Classifier() fit (pessimistic pruning)",
        lambda: make_estimator("c45_pruned").fit(X, y),
    )
    # scikit-learn has no compile step; one small fit each imports its modules
    make_estimator("sklearn").fit(X, y)
    make_estimator("sklearn_onehot").fit(codes, y_nom)
    make_estimator("sklearn_ordinal").fit(codes, y_nom)
    return rows


def numeric_fit(n_samples: int, config) -> tuple[list[Row], dict]:
    """Full-depth fits on the numeric set: id3tree vs scikit-learn.

    Returns the rows and, per estimator name, (median time, repeats, fitted).
    """
    X, y = make_numeric(n_samples)
    results = {name: time_fit(name, X, y, config) for name in ("sklearn", "id3", "c45")}
    sk_time, sk_n, sk = results["sklearn"]
    sk_leaves = n_leaves(sk)
    sk_pred = sk.predict(X)
    rows = []
    for name in ("id3", "c45"):
        t, n, est = results[name]
        notes = [f"{n_leaves(est)} leaves", _repeat_note(n)]
        if name == "id3":
            agreement = float((est.predict(X) == sk_pred).mean())
            notes.insert(1, f"train predictions agree with sklearn: {agreement:.4f}")
        row = Row(
            "numeric fit",
            ESTIMATORS[name],
            n_samples,
            _seconds(t),
            sk_time / t,
            "sklearn",
            notes=notes,
        )
        rows.append(_target(row, NUMERIC_FIT_TARGET.get(n_samples)))
    rows.append(
        Row(
            "numeric fit",
            ESTIMATORS["sklearn"],
            n_samples,
            _seconds(sk_time),
            notes=[f"{sk_leaves} leaves", _repeat_note(sk_n)],
        )
    )
    return rows, results


def nominal_fit(n_samples: int, config) -> list[Row]:
    """Full-depth fits on the nominal set: native multiway splits vs encoders."""
    codes, y, n_categories = make_nominal(n_samples)
    frame = nominal_frame(codes, n_categories)
    names = ["sklearn_ordinal", "id3", "c45"]
    if n_samples <= config["onehot_max"]:
        names.insert(0, "sklearn_onehot")
    results = {
        name: time_fit(name, codes if name.startswith("sklearn") else frame, y, config)
        for name in names
    }
    onehot = results.get("sklearn_onehot")
    ordinal_time = results["sklearn_ordinal"][0]
    rows = []
    for name in ("id3", "c45"):
        t, n, est = results[name]
        notes = [
            f"{ordinal_time / t:.1f}x vs ordinal",
            f"{n_leaves(est)} leaves",
            f"depth {est.get_depth()}",
            "input: DataFrame of Categoricals",
            _repeat_note(n),
        ]
        row = Row(
            "nominal fit",
            ESTIMATORS[name],
            n_samples,
            _seconds(t),
            onehot[0] / t if onehot else None,
            "one-hot",
            notes=notes,
        )
        rows.append(_target(row, NOMINAL_FIT_TARGET if onehot else None))
    for name in ("sklearn_onehot", "sklearn_ordinal"):
        if name not in results:
            rows.append(
                Row(
                    "nominal fit",
                    ESTIMATORS[name],
                    n_samples,
                    "skipped",
                    notes=[
                        f"only run up to {_rows_text(config['onehot_max'])} "
                        "rows (sklearn on ~1300 sparse one-hot columns "
                        "takes minutes at 100k)"
                    ],
                )
            )
            continue
        t, n, est = results[name]
        rows.append(
            Row(
                "nominal fit",
                ESTIMATORS[name],
                n_samples,
                _seconds(t),
                notes=[
                    f"{n_leaves(est)} leaves",
                    "input: int16 codes",
                    _repeat_note(n),
                ],
            )
        )
    categories = f"{n_categories.min()}-{n_categories.max()} categories"
    rows[0].notes.append(categories)
    return rows


def predict_rows(n_samples: int, fitted: dict, trained_on: int, config) -> list[Row]:
    """Predict ``n_samples`` fresh numeric rows with the largest fitted trees."""
    X, _ = make_numeric(n_samples, random_state=1)
    times = {}
    for name in ("sklearn", "id3", "c45"):
        est = fitted[name]
        times[name] = median_time(
            lambda est=est: est.predict(X), config["repeats"], config["budget"]
        )
    rows = []
    sk_time = times["sklearn"][0]
    for name in ("id3", "c45"):
        t, n = times[name]
        row = Row(
            "predict",
            ESTIMATORS[name],
            n_samples,
            _seconds(t),
            sk_time / t,
            "sklearn",
            notes=[f"tree fitted on {_rows_text(trained_on)} rows", _repeat_note(n)],
        )
        rows.append(_target(row, PREDICT_TARGET))
    rows.append(
        Row(
            "predict",
            ESTIMATORS["sklearn"],
            n_samples,
            _seconds(sk_time),
            notes=[
                f"tree fitted on {_rows_text(trained_on)} rows",
                _repeat_note(times["sklearn"][1]),
            ],
        )
    )
    return rows


def _child_env(threads: int | None) -> dict:
    env = dict(os.environ)
    env.pop("ID3TREE_NUMBA_CACHE", None)
    env.pop("NUMBA_DISABLE_JIT", None)
    if threads:
        env["NUMBA_NUM_THREADS"] = str(threads)
    return env


def run_child(call: str, env: dict, timeout: float = 3600) -> dict:
    """Run ``_data.<call>`` in a fresh interpreter; return the JSON it prints."""
    path = str(BENCH_DIR)
    code = f"import sys; sys.path.insert(0, {path!r}); import _data; _data.{call}"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"child {call} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def peak_memory(config, threads) -> list[Row]:
    """Peak RSS growth of one fit, each estimator in a fresh process."""
    n = config["memory"]
    cases = config.get("memory_cases") or [
        ("numeric", "id3"),
        ("numeric", "c45"),
        ("numeric", "sklearn"),
        ("nominal", "id3"),
        ("nominal", "c45"),
        ("nominal", "sklearn_ordinal"),
    ]
    float64_bytes = n * N_FEATURES * 8  # X as a float64 matrix, the common yardstick
    rows = []
    env = _child_env(threads)
    for kind, name in cases:
        res = run_child(f"child_memory({kind!r}, {n}, {name!r})", env)
        notes = [
            f"{res['peak_bytes'] / float64_bytes:.1f}x X.nbytes "
            f"({_megabytes(float64_bytes)} as float64)"
        ]
        if kind == "nominal":
            given = "int16 codes" if name.startswith("sklearn") else "Categoricals"
            notes.append(f"given {_megabytes(res['X_bytes'])} of {given}")
        rows.append(
            Row(
                "peak memory of fit",
                f"{ESTIMATORS[name]}, {kind}",
                n,
                f"+{_megabytes(res['peak_bytes'])}",
                notes=[*notes, res["method"]],
            )
        )
    return rows


def find_weka_jar() -> Path | None:
    """weka.jar from $WEKA_JAR, the Debian package, or /usr/share/java."""
    if os.environ.get("WEKA_JAR"):
        return Path(os.environ["WEKA_JAR"])
    if shutil.which("dpkg"):
        listing = subprocess.run(
            ["dpkg", "-L", "weka"], capture_output=True, text=True, check=False
        ).stdout
        for line in listing.splitlines():
            if line.endswith("/weka.jar"):
                return Path(line)
    default = Path("/usr/share/java/weka.jar")
    return default if default.exists() else None


def _run_j48(jar: Path, train: Path, test: Path) -> tuple[float, float, int]:
    """Run J48 -U from the command line; return (wall, Weka's build time, leaves)."""
    cmd = [
        "java",
        "-Xmx8g",
        "-cp",
        str(jar),
        "weka.classifiers.trees.J48",
        "-t",
        str(train),
        "-T",
        str(test),
        "-no-cv",
        "-U",
    ]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"J48 failed: {result.stderr[-2000:]}")
    build = re.search(r"Time taken to build model: ([\d.]+) seconds", result.stdout)
    leaves = re.search(r"Number of Leaves\s*:\s*(\d+)", result.stdout)
    return wall, float(build.group(1)), int(leaves.group(1))


def j48(config, c45_times: dict) -> list[Row]:
    """Weka J48 -U (unpruned) on the numeric set vs C45Classifier(pruning=None)."""
    n = config["j48"]
    jar = find_weka_jar()
    if shutil.which("java") is None or jar is None or not jar.exists():
        return [
            Row(
                "J48 (Weka)",
                "J48 -U",
                n,
                "skipped",
                notes=["java or weka.jar not found (set WEKA_JAR)"],
            )
        ]
    X, y = make_numeric(n)
    with tempfile.TemporaryDirectory() as tmp:
        train, tiny = Path(tmp, "train.arff"), Path(tmp, "tiny.arff")
        write_arff(train, X, y)
        write_arff(tiny, X[:5], y[:5])
        jvm_wall = statistics.median(_run_j48(jar, tiny, tiny)[0] for _ in range(3))
        runs = []
        while len(runs) < config["repeats"]:
            runs.append(_run_j48(jar, train, tiny))
            walls = [r[0] for r in runs]
            if sum(walls) + walls[-1] > config["budget"]:
                break
    wall = statistics.median(r[0] for r in runs) - jvm_wall
    build = statistics.median(r[1] for r in runs)
    j48_leaves = runs[-1][2]
    if n in c45_times:
        c45_time, c45_leaves, c45_n = c45_times[n]
    else:
        c45_time, c45_n, est = time_fit("c45", X, y, config)
        c45_leaves = n_leaves(est)
    target = J48_TARGET if n == J48_TARGET_ROWS else None
    return [
        Row(
            "J48 (Weka)",
            "J48 -U: Weka's 'time taken to build model'",
            n,
            _seconds(build),
            notes=[f"{j48_leaves} leaves", _repeat_note(len(runs))],
        ),
        Row(
            "J48 (Weka)",
            "J48 -U: wall time - JVM start",
            n,
            _seconds(wall),
            notes=[
                f"JVM + Weka start {jvm_wall:.2f} s (J48 on 5 rows) subtracted",
                "includes ARFF parsing and output",
            ],
        ),
        _target(
            Row(
                "J48 (Weka)",
                ESTIMATORS["c45"],
                n,
                _seconds(c45_time),
                build / c45_time,
                "J48 build",
                notes=[
                    f"{wall / c45_time:.1f}x vs J48 wall - JVM",
                    f"{c45_leaves} leaves",
                    _repeat_note(c45_n),
                ],
            ),
            target,
        ),
    ]


def startup(config, threads) -> list[Row]:
    """Import + first fits in fresh processes: cold (empty numba cache) and warm."""
    rows = []
    env = _child_env(threads)
    with tempfile.TemporaryDirectory() as cache_dir:
        if config["cold_start"]:
            # the cold run fills the empty cache directory, the warm run reads it
            env["NUMBA_CACHE_DIR"] = cache_dir
            runs = [
                ("cold", "empty NUMBA_CACHE_DIR"),
                ("warm", "NUMBA_CACHE_DIR filled by the cold run"),
            ]
        else:
            runs = [("warm", "default numba cache, filled by this run")]
        for label, how in runs:
            floor = run_child("child_startup_floor()", env)
            t = run_child("child_startup()", env)
            target = COLD_START_TARGET if label == "cold" else WARM_START_TARGET
            first_fit = t["import"] + t["id3_fit"]
            rows += [
                Row(
                    f"{label} start",
                    "floor: import sklearn.base + numba + 1 trivial kernel",
                    None,
                    _seconds(floor["total"]),
                    notes=[
                        f"sklearn.base {floor['sklearn_base']:.2f} s",
                        f"numba {floor['numba']:.2f} s",
                        f"first cached kernel {floor['first_kernel']:.2f} s",
                        "no id3tree: what any numba + scikit-learn estimator pays",
                    ],
                ),
                Row(
                    f"{label} start",
                    "import id3tree",
                    None,
                    _seconds(t["import"]),
                    notes=[how],
                ),
                Row(
                    f"{label} start",
                    "import + first ID3Classifier().fit",
                    2_000,
                    _seconds(first_fit),
                    target=f"< {target:g} s",
                    met=first_fit < target,
                    notes=[how, "numeric with NaN"],
                ),
                Row(f"{label} start", "+ first predict", 2_000, _seconds(t["predict"])),
                Row(
                    f"{label} start",
                    "+ first C45Classifier().fit (pruned)",
                    2_000,
                    _seconds(t["c45_fit"]),
                    notes=[f"total {t['total']:.2f} s"],
                ),
            ]
    return rows


# ---------------------------------------------------------------------------
# header and profile


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def header_lines(mode: str, config, java: str) -> list[str]:
    import numba
    import numpy
    import pandas
    import sklearn

    import id3tree

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"id3tree benchmarks, mode {mode}, {time.strftime('%Y-%m-%d %H:%M')}",
        f"machine: {cpu_model()}, os.cpu_count()={os.cpu_count()}, "
        f"numba threads={numba.get_num_threads()}, load average at start {load}",
        f"versions: python {platform.python_version()}, numpy {numpy.__version__}, "
        f"numba {numba.__version__}, scikit-learn {sklearn.__version__}, "
        f"pandas {pandas.__version__}, id3tree {id3tree.__version__}; {java}",
        f"times: median of up to {config['repeats']} fits, a case stops repeating "
        f"after {config['budget']:g} s; first calls on {WARMUP_ROWS} rows, apart",
    ]


def java_version() -> str:
    jar = find_weka_jar()
    if shutil.which("java") is None or jar is None:
        return "java/Weka: not found"
    out = subprocess.run(
        ["java", "-version"], capture_output=True, text=True, check=False
    ).stderr.splitlines()
    weka = subprocess.run(
        ["java", "-cp", str(jar), "weka.core.Version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{out[0] if out else 'java'}, Weka {weka.splitlines()[0] if weka else '?'}"


def profile_fit(kind: str, n_samples: int, name: str) -> str:
    """Time every id3tree kernel and helper during one fit; return a text table.

    Each numba kernel and Python helper that ``fit`` reaches through module globals
    of ``_classes``, ``_growing`` and ``_pruning`` is wrapped in a timer; the
    exclusive time of a wrapper excludes the wrapped calls it makes. "rest of fit"
    is validation, ``np.unique``, copies and everything not wrapped.
    """
    import numba

    from id3tree import _classes, _growing, _pruning

    X, y = benchmark_inputs(kind, n_samples, name)
    stats: dict[str, list[float]] = {}
    stack: list[list[float]] = []

    def wrap(label, func):
        def timed(*args, **kwargs):
            stack.append([0.0])
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = stack.pop()[0]
                if stack:
                    stack[-1][0] += elapsed
                entry = stats.setdefault(label, [0, 0.0, 0.0])
                entry[0] += 1
                entry[1] += elapsed
                entry[2] += elapsed - inner

        return timed

    originals = []
    for module in (_classes, _growing, _pruning):
        for attr, value in list(vars(module).items()):
            if attr.startswith("__") or isinstance(value, type):
                continue
            is_kernel = isinstance(value, numba.core.dispatcher.Dispatcher)
            is_local_function = callable(value) and getattr(
                value, "__module__", ""
            ).startswith("id3tree")
            if is_kernel or is_local_function:
                label = f"{value.__module__.split('.')[-1]}.{attr}"
                originals.append((module, attr, value))
                setattr(module, attr, wrap(label, value))
    try:
        est = make_estimator(name)
        start = time.perf_counter()
        est.fit(X, y)
        total = time.perf_counter() - start
    finally:
        for module, attr, value in originals:
            setattr(module, attr, value)
    wrapped = sum(v[2] for v in stats.values())
    columns = ("calls", "incl s", "excl s", "excl %")
    lines = [
        f"{ESTIMATORS[name]} on {_rows_text(n_samples)} {kind} rows: fit {total:.3f} s",
        f"  {'function':40s} " + " ".join(f"{c:>7s}" for c in columns),
    ]
    for label, (calls, incl, excl) in sorted(stats.items(), key=lambda kv: -kv[1][2]):
        if excl / total >= 0.001:
            lines.append(
                f"  {label:40s} {calls:7d} {incl:7.3f} {excl:7.3f} "
                f"{100 * excl / total:6.1f}%"
            )
    rest = total - wrapped
    lines.append(
        f"  {'rest of fit (validation, copies, ...)':40s} {'':7s} {'':7s} "
        f"{rest:7.3f} {100 * rest / total:6.1f}%"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="about a minute")
    size.add_argument("--smoke", action="store_true", help="tiny sizes, for the tests")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(float(v)) for v in s.split(",")],
        help="comma-separated row counts of the numeric and nominal "
        "fits, e.g. 100000,1e6",
    )
    parser.add_argument("--repeats", type=int, help="maximum repeats per case")
    parser.add_argument(
        "--budget", type=float, help="seconds after which a case stops repeating"
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="numba threads (NUMBA_NUM_THREADS, also for subprocesses)",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also time the kernels of one ID3 and one C4.5 fit",
    )
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.threads:  # before numba is imported (it reads the variable once)
        os.environ["NUMBA_NUM_THREADS"] = str(args.threads)
    mode = "quick" if args.quick else "smoke" if args.smoke else "full"
    config = dict(MODES[mode])
    if args.sizes:
        config["numeric"] = config["nominal"] = sorted(args.sizes)
    if args.repeats:
        config["repeats"] = args.repeats
    if args.budget is not None:
        config["budget"] = args.budget

    import numba

    if args.threads:
        numba.set_num_threads(args.threads)
    header = header_lines(mode, config, java_version())
    for line in header:
        print(("- " if args.markdown else "") + line, flush=True)
    start = time.perf_counter()

    def progress(message):
        print(
            f"[{time.perf_counter() - start:6.0f} s] {message}",
            file=sys.stderr,
            flush=True,
        )

    progress("first calls")
    rows = first_calls()
    c45_times, fitted, largest = {}, None, None
    for n in config["numeric"]:
        progress(f"numeric fit, {n} rows")
        new_rows, results = numeric_fit(n, config)
        rows += new_rows
        c45_time, c45_n, c45 = results["c45"]
        c45_times[n] = (c45_time, n_leaves(c45), c45_n)
        fitted = {name: result[2] for name, result in results.items()}
        largest = n
    for n in config["nominal"]:
        progress(f"nominal fit, {n} rows")
        rows += nominal_fit(n, config)
    progress(f"predict, {config['predict']} rows")
    rows += predict_rows(config["predict"], fitted, largest, config)
    fitted = None
    gc.collect()
    progress("peak memory (subprocesses)")
    rows += peak_memory(config, args.threads)
    progress("J48")
    rows += j48(config, c45_times)
    progress("start-up (subprocesses)")
    rows += startup(config, args.threads)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print()
    print(format_table(rows, args.markdown))
    print()
    print(
        f"total {time.perf_counter() - start:.0f} s, load average at end {load}, "
        f"numba threading layer {numba.threading_layer()}"
    )
    if args.profile:
        print()
        print("where the time goes (one fit each):")
        for kind, n in (
            ("numeric", config["numeric"][0]),
            ("nominal", config["nominal"][0]),
        ):
            for name in ("id3", "c45"):
                print(profile_fit(kind, n, name))


if __name__ == "__main__":
    main()
