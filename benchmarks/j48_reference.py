"""Regenerate the Weka J48 / Id3 reference outputs that id3tree's tests compare to.

Needs Java (a JDK: ``javac`` and ``java``) and Weka 3.6 (Debian/Ubuntu:
``apt-get install weka``; or point the ``WEKA_JAR`` environment variable at a
``weka.jar``). CI has no Java, so developers run this script and commit what it
writes::

    python benchmarks/j48_reference.py

It is idempotent: it deletes and rewrites everything below, then prints a summary
(Weka and Java versions, case counts, failing cases).

What it writes (paths relative to the repository root):

``tests/data/j48/<dataset>/<tag>.tree`` and ``.proba``
    J48 trained on each bundled dataset (``id3tree/datasets/data/*.arff``, the
    class is the last attribute) with the option set named by ``tag``
    (``default``, ``U``, ``M1``, ``C0.1``, ``S``, ``A``, ``B``, ``R`` and, for a
    few datasets, ``R_N5_Q2`` = ``-R -N 5 -Q 2``). ``.tree`` is J48's printed
    tree (``toString()``), ``.proba`` has one line per data row in file order
    with the class probabilities (``distributionForInstance``, Java
    ``Double.toString``, full precision), tab separated, in the declared order
    of the class values. A case that fails writes ``.err`` (stack trace).
``tests/data/j48/cases.tsv``
    One line per J48 case: dataset file, tag, options, leaves, tree size.
``tests/data/j48/cv10.tsv``
    J48 default 10-fold cross-validation accuracy per bundled dataset, as
    printed by ``java weka.classifiers.trees.J48 -t FILE`` (Weka's own seeded,
    stratified folds).
``tests/data/id3/<dataset>.tree`` and ``.proba``
    Weka ``Id3`` on the bundled nominal datasets without missing values.
``tests/data/random/<name>.arff``
    About 300 small random datasets (fixed seed), see :func:`make_dataset`.
``tests/data/random/probe/<name>.arff``
    Probe rows for each random dataset (same header, class missing): declared
    values including unused ones, missing values, training values and values
    within 1e-7 of them, out-of-range numbers.
``tests/data/random/j48/<name>.<tag>.tree``, ``.proba``, ``.probe.proba``
    J48 with ``default`` and ``U`` (and ``M1`` for every third dataset);
    ``.proba`` for the training rows, ``.probe.proba`` for the probe rows.
``tests/data/random/id3/<name>.tree``, ``.proba``, ``.probe.proba``
    Weka ``Id3`` for the random datasets that are nominal only and have no
    missing values.
``tests/data/random/datasets.tsv`` and ``tests/data/random/j48/cases.tsv``
    What each random dataset contains, and the J48 cases (as above).

The Java helper ``benchmarks/WekaDump.java`` is compiled into a temporary
directory; it writes the same ``.tree`` / ``.proba`` format as the team's
``J48Dump`` tool and adds Id3 and probe rows.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "id3tree" / "datasets" / "data"
OUT = ROOT / "tests" / "data"
J48_DIR = OUT / "j48"
ID3_DIR = OUT / "id3"
RANDOM_DIR = OUT / "random"
HELPER = Path(__file__).resolve().parent / "WekaDump.java"

SEED = 20240917
N_RANDOM = 300
N_NOMINAL_ONLY = 50  # the first datasets: nominal only, no missing (Id3 cases)

OPTION_SETS = ["", "-U", "-M 1", "-C 0.1", "-S", "-A", "-B", "-R"]
EXTRA_OPTION_SETS = {
    "-R -N 5 -Q 2": ["weather.numeric", "labor", "vote", "diabetes", "soybean"],
    "-M 5": ["weather.nominal", "weather.numeric", "contact-lenses"],
    "-U -M 5": ["weather.nominal", "weather.numeric", "contact-lenses"],
}
RANDOM_OPTION_SETS = ["", "-U"]  # plus "-M 1" for every third dataset


def option_tag(options: str) -> str:
    """``"" -> "default"``, ``"-C 0.1" -> "C0.1"``, ``"-R -N 5" -> "R_N5"``."""
    if not options.strip():
        return "default"
    parts = []
    for token in options.split():
        if token.startswith("-"):
            parts.append(token[1:])
        else:
            parts[-1] += token
    return "_".join(parts)


# ------------------------------------------------------------------ Java side


def find_weka_jar() -> Path:
    env = os.environ.get("WEKA_JAR")
    if env:
        return Path(env)
    try:
        listing = subprocess.run(
            ["dpkg", "-L", "weka"], capture_output=True, text=True, check=True
        ).stdout
        for line in listing.splitlines():
            if line.endswith("/weka.jar"):
                return Path(line)
    except (OSError, subprocess.CalledProcessError):
        pass
    default = Path("/usr/share/java/weka.jar")
    if default.exists():
        return default
    sys.exit("weka.jar not found: apt-get install weka, or set WEKA_JAR")


def java_versions(jar: Path) -> tuple[str, str]:
    weka = subprocess.run(
        ["java", "-cp", str(jar), "weka.core.Version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[0]
    java = subprocess.run(
        ["java", "-version"], capture_output=True, text=True, check=True
    ).stderr.splitlines()[0]
    return weka.strip(), java.strip()


def run_dump(jar: Path, build: Path, jobs: list[tuple[str, ...]]) -> None:
    """Run WekaDump on ``jobs`` (classifier, train, prefix, options, probe)."""
    job_file = build / "jobs.tsv"
    job_file.write_text("".join("\t".join(job) + "\n" for job in jobs))
    result = subprocess.run(
        ["java", "-cp", f"{jar}{os.pathsep}{build}", "WekaDump", str(job_file)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"WekaDump failed:\n{result.stderr}")


def tree_counts(tree_file: Path) -> tuple[str, str]:
    """Leaves and size printed at the end of a J48 tree, or ``error``."""
    if not tree_file.exists():
        return "error", "error"
    text = tree_file.read_text()
    leaves = re.search(r"Number of Leaves\s*:\s*(\d+)", text)
    size = re.search(r"Size of the tree\s*:\s*(\d+)", text)
    return leaves.group(1), size.group(1)


def cv10_accuracy(jar: Path, arff: Path) -> tuple[str, str, str]:
    output = subprocess.run(
        ["java", "-cp", str(jar), "weka.classifiers.trees.J48", "-t", str(arff)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    section = output.split("=== Stratified cross-validation ===", 1)[1]
    correct = re.search(
        r"Correctly Classified Instances\s+(\d+)\s+([\d.]+)\s*%", section
    )
    total = re.search(r"Total Number of Instances\s+(\d+)", section)
    return correct.group(1), total.group(1), correct.group(2)


# ------------------------------------------------------------ random datasets

EXOTIC_VALUES = ["x y", "it's", "a,b", "50%", 'q"t', "-1", "?!"]
NUMERIC_FLAVOURS = [
    "uniform",
    "int",
    "near",
    "huge",
    "tiny",
    "negative",
    "gauss",
    "const",
    "giant",
]
FLAVOUR_WEIGHTS = [3, 3, 3, 2, 2, 2, 2, 1, 1]


def arff_quote(value: str) -> str:
    if value and re.fullmatch(r"[A-Za-z0-9_.+\-/<>=!]+", value) and value != "?":
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def numeric_column(rng: random.Random, flavour: str, n: int) -> list[float]:
    if flavour == "uniform":
        digits = rng.choice([1, 2, 3])
        return [round(rng.uniform(-5, 20), digits) for _ in range(n)]
    if flavour == "int":
        high = rng.randint(1, 6)
        return [float(rng.randint(0, high)) for _ in range(n)]
    if flavour == "near":
        # Values a few multiples of delta apart: around Weka's 1e-5 cut-point
        # and 1e-6 comparison tolerances.
        delta = rng.choice([1e-6, 2e-6, 5e-6, 1e-5, 1.5e-5, 2e-5, 5e-5, 1e-4])
        base = rng.choice([0.0, 1.0, 3.7, -2.5, 100.0])
        steps = rng.randint(1, 6)
        return [base + rng.randint(0, steps) * delta for _ in range(n)]
    if flavour == "huge":
        return [
            float(round(rng.uniform(1, 9) * 1e8, rng.choice([-3, 0, 2])))
            for _ in range(n)
        ]
    if flavour == "tiny":
        return [rng.uniform(0, 5) * 1e-8 for _ in range(n)]
    if flavour == "negative":
        return [-round(rng.uniform(0, 1000), 2) for _ in range(n)]
    if flavour == "gauss":
        return [rng.gauss(0, 1) for _ in range(n)]
    if flavour == "const":
        value = round(rng.uniform(-3, 3), 1)
        return [value] * n
    if flavour == "giant":
        return [rng.uniform(1, 9) * 10.0 ** rng.randint(13, 16) for _ in range(n)]
    raise ValueError(flavour)


def make_dataset(index: int, rng: random.Random) -> dict:
    """One random dataset: header, rows (strings, ``?`` for missing) and metadata.

    The first ``N_NOMINAL_ONLY`` datasets are nominal only without missing
    values. The others mix nominal attributes (2-5 values, sometimes one declared
    but unused) and numeric attributes of several flavours (uniform, small
    integers with many repeats, near-equal values 1e-6..1e-4 apart, 1e8
    magnitudes, 1e-8 magnitudes, negatives, Gaussian full-precision, constants,
    1e13-1e16 magnitudes); about a third get ~10% missing attribute values and a
    few get missing class values. The class (2-4 declared values, sometimes one
    unused) follows a noisy rule on one attribute or is pure noise.
    """
    name = f"rand_{index:03d}"
    nominal_only = index < N_NOMINAL_ONLY
    n_rows = rng.randint(10, 60)
    n_attributes = rng.randint(1, 5)
    exotic = rng.random() < 0.08

    attributes = []  # (name, values or None, flavour)
    columns = []  # list of per-row values (str for nominal, float for numeric)
    notes = []
    for j in range(n_attributes):
        attr_name = f"a{j + 1}"
        if exotic and j == 0:
            attr_name = "my attr"
        if nominal_only or rng.random() < 0.4:
            k = rng.randint(2, 5)
            values = [f"v{m}" for m in range(k)]
            if exotic:
                values = rng.sample(EXOTIC_VALUES, min(k, len(EXOTIC_VALUES)))
                k = len(values)
            used = list(range(k))
            unused = None
            if k > 2 and rng.random() < 0.25:
                unused = rng.randrange(k)
                used.remove(unused)
            weights = [rng.random() + 0.2 for _ in used]
            column = [values[rng.choices(used, weights)[0]] for _ in range(n_rows)]
            attributes.append((attr_name, values, None))
            columns.append(column)
            notes.append(f"nom{k}" + ("+unused" if unused is not None else ""))
        else:
            flavour = rng.choices(NUMERIC_FLAVOURS, FLAVOUR_WEIGHTS)[0]
            attributes.append((attr_name, None, flavour))
            columns.append(numeric_column(rng, flavour, n_rows))
            notes.append(f"num:{flavour}")

    n_classes = rng.randint(2, 4)
    class_values = [f"c{m}" for m in range(n_classes)]
    unused_class = None
    if rng.random() < 0.1:
        unused_class = rng.randrange(n_classes + 1)
        class_values.insert(unused_class, "cx")
        notes.append("class+unused")
    used_classes = [c for c in class_values if c != "cx"]

    # Class: a noisy rule on one attribute (60%) or pure noise.
    if rng.random() < 0.6:
        j = rng.randrange(n_attributes)
        noise = rng.choice([0.0, 0.1, 0.25])
        values, flavour = attributes[j][1], attributes[j][2]
        if values is not None:
            mapping = {v: rng.choice(used_classes) for v in values}
            labels = [mapping[v] for v in columns[j]]
        else:
            cut = rng.choice(columns[j])
            low, high = rng.sample(used_classes, 2)
            labels = [low if v <= cut else high for v in columns[j]]
        labels = [
            rng.choice(used_classes) if rng.random() < noise else label
            for label in labels
        ]
        notes.append(f"rule:a{j + 1}:noise{noise}")
    else:
        labels = [rng.choice(used_classes) for _ in range(n_rows)]
        notes.append("noise")

    rows = []
    for i in range(n_rows):
        row = []
        for (_, values, _), column in zip(attributes, columns, strict=True):
            value = column[i]
            row.append(arff_quote(value) if values is not None else repr(value))
        row.append(labels[i])
        rows.append(row)

    missing_values = False
    missing_class = False
    if not nominal_only and rng.random() < 0.35:
        rate = rng.uniform(0.05, 0.2)
        for row in rows:
            for j in range(n_attributes):
                if rng.random() < rate:
                    row[j] = "?"
                    missing_values = True
        if missing_values:
            notes.append(f"missing{rate:.2f}")
    if not nominal_only and rng.random() < 0.05:
        for i in rng.sample(range(n_rows), rng.randint(1, 3)):
            rows[i][-1] = "?"
            missing_class = True
        notes.append("missing-class")

    id3_domain = all(a[1] is not None for a in attributes) and not (
        missing_values or missing_class
    )
    # Weka's Id3 rejects missing values, also in the rows it predicts.
    probe = make_probe(rng, attributes, columns, allow_missing=not id3_domain)
    return {
        "name": name,
        "attributes": attributes,
        "class_values": class_values,
        "rows": rows,
        "probe": probe,
        "n_nominal": sum(a[1] is not None for a in attributes),
        "n_numeric": sum(a[1] is None for a in attributes),
        "missing_values": missing_values,
        "missing_class": missing_class,
        "id3": id3_domain,
        "notes": ",".join(notes),
    }


def make_probe(rng, attributes, columns, *, allow_missing: bool) -> list[list[str]]:
    """About 30 rows exercising unseen/unused values, missing values and ties."""
    n_probe = rng.randint(20, 40)
    probe = []
    for _ in range(n_probe):
        row = []
        for (_, values, _), column in zip(attributes, columns, strict=True):
            if allow_missing and rng.random() < 0.15:
                row.append("?")
            elif values is not None:
                row.append(arff_quote(rng.choice(values)))  # includes unused values
            else:
                base = rng.choice(column)
                choice = rng.random()
                if choice < 0.4:
                    value = base
                elif choice < 0.7:
                    # within Weka's 1e-6 tolerance of a training value
                    value = base + rng.choice([-5e-7, -1e-7, 1e-7, 5e-7, 2e-6])
                elif choice < 0.85:
                    other = rng.choice(column)
                    value = (base + other) / 2
                else:
                    spread = max(abs(v) for v in column) or 1.0
                    value = rng.choice([-1, 1]) * spread * rng.uniform(1.5, 3)
                row.append(repr(float(value)))
        row.append("?")
        probe.append(row)
    return probe


def write_arff(path: Path, dataset: dict, rows: list[list[str]], comment: str):
    lines = [f"% {line}" for line in comment.splitlines()]
    lines.append(f"@relation {dataset['name']}")
    lines.append("")
    for attr_name, values, _ in dataset["attributes"]:
        quoted = arff_quote(attr_name)
        if values is None:
            lines.append(f"@attribute {quoted} numeric")
        else:
            lines.append(
                f"@attribute {quoted} {{{', '.join(arff_quote(v) for v in values)}}}"
            )
    lines.append(f"@attribute class {{{', '.join(dataset['class_values'])}}}")
    lines.append("")
    lines.append("@data")
    lines.extend(",".join(row) for row in rows)
    path.write_text("\n".join(lines) + "\n")


# Hand-made edge cases: (name, attribute declarations, class values, data rows,
# probe rows). They get J48 default, -U and -M 1, and Id3 when nominal/complete.
HANDMADE = [
    (
        "hand_empty_branch",  # C45_SPEC 10.5: empty branch and a class tie
        [("a", ["x", "y", "z"]), ("b", ["p", "q"])],
        ["c1", "c2"],
        ["x,p,c1", "x,p,c1", "y,q,c2", "y,p,c2"],
        ["x,p,?", "y,q,?", "z,p,?", "z,q,?"],
    ),
    (
        "hand_one_class",
        [("a", ["x", "y"]), ("n", None)],
        ["c1", "c2", "c3"],
        ["x,1,c2", "y,2,c2", "x,3,c2", "y,4,c2", "x,5,c2"],
        ["x,0,?", "y,9,?", "?,?,?"],
    ),
    (
        "hand_single_row",
        [("a", ["x", "y"]), ("n", None)],
        ["c1", "c2"],
        ["y,1.5,c2"],
        ["x,1.5,?", "y,0,?", "?,?,?"],
    ),
    (
        "hand_no_rows",
        [("a", ["x", "y"]), ("n", None)],
        ["c1", "c2"],
        [],
        ["x,1,?", "?,?,?"],
    ),
    (
        "hand_all_missing_attribute",
        [("a", ["x", "y"]), ("n", None), ("m", None)],
        ["c1", "c2"],
        [f"{'xy'[i % 2]},?,{i % 7},{'c1' if i % 7 < 3 else 'c2'}" for i in range(20)],
        ["x,?,1,?", "y,1,5,?", "?,?,?,?"],
    ),
    (
        "hand_missing_class",
        [("n", None)],
        ["c1", "c2"],
        ["1,c1", "2,c1", "3,?", "4,c2", "5,?", "6,c2", "7,c2", "8,?"],
        ["2.5,?", "3,?", "6.5,?", "?,?"],
    ),
    (
        "hand_only_missing_class",
        [("n", None)],
        ["c1", "c2"],
        ["1,?", "2,?", "3,?"],
        ["2,?"],
    ),
    (
        "hand_tolerance",  # values 1e-6 apart: Weka's SMALL and the 1e-5 cut rule
        [("n", None)],
        ["c1", "c2"],
        [f"{1 + k * 1e-6!r},{'c1' if k < 5 else 'c2'}" for k in range(10)]
        + [f"{2 + k * 2e-5!r},{'c1' if k < 5 else 'c2'}" for k in range(10)],
        ["1.000004,?", "1.0000045,?", "1.0000055,?", "2.00008,?", "2.000081,?"],
    ),
]


def write_handmade(entry) -> dict:
    name, attributes, class_values, rows, probe = entry
    dataset = {
        "name": name,
        "attributes": [(a, v, None) for a, v in attributes],
        "class_values": class_values,
    }
    arff = RANDOM_DIR / f"{name}.arff"
    write_arff(arff, dataset, [r.split(",") for r in rows], f"Hand-made case {name}.")
    probe_path = RANDOM_DIR / "probe" / f"{name}.arff"
    write_arff(
        probe_path, dataset, [r.split(",") for r in probe], f"Probe rows for {name}."
    )
    nominal = all(v is not None for _, v in attributes)
    complete = all("?" not in r.split(",") for r in rows) and all(
        "?" not in r.split(",")[:-1] for r in probe
    )
    return {
        **dataset,
        "arff": arff,
        "probe_path": probe_path,
        "rows": rows,
        "n_nominal": sum(v is not None for _, v in attributes),
        "n_numeric": sum(v is None for _, v in attributes),
        "missing_values": any("?" in r.split(",")[:-1] for r in rows),
        "missing_class": any(r.split(",")[-1] == "?" for r in rows),
        "id3": nominal and complete and bool(rows),
        "notes": "hand-made",
    }


# ------------------------------------------------------------------- driver


def clean_outputs() -> None:
    for directory in (ID3_DIR, RANDOM_DIR):
        if directory.exists():
            shutil.rmtree(directory)
    if J48_DIR.exists():
        for child in J48_DIR.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            elif child.name in ("cases.tsv", "cv10.tsv"):
                child.unlink()
    for directory in (J48_DIR, ID3_DIR, RANDOM_DIR / "j48", RANDOM_DIR / "id3"):
        directory.mkdir(parents=True, exist_ok=True)
    (RANDOM_DIR / "probe").mkdir()


def arff_is_nominal_complete(path: Path) -> bool:
    """True if every attribute is nominal and no value is missing (Id3's domain)."""
    sys.path.insert(0, str(ROOT))
    from id3tree.datasets import load_arff

    frame = load_arff(path)
    types = frame.attrs["attribute_types"].values()
    return all(t == "nominal" for t in types) and not frame.isna().to_numpy().any()


def main() -> None:
    jar = find_weka_jar()
    weka_version, java_version = java_versions(jar)
    print(f"Weka {weka_version} ({jar}); {java_version}")
    clean_outputs()

    bundled = sorted(BUNDLED.glob("*.arff"))
    j48_cases = []  # (arff, tag, options, out_prefix)
    id3_cases = []
    for arff in bundled:
        stem = arff.name.removesuffix(".arff")
        (J48_DIR / stem).mkdir()
        option_sets = list(OPTION_SETS)
        option_sets += [o for o, names in EXTRA_OPTION_SETS.items() if stem in names]
        for options in option_sets:
            tag = option_tag(options)
            j48_cases.append((arff, tag, options, J48_DIR / stem / tag))
        if arff_is_nominal_complete(arff):
            id3_cases.append((arff, ID3_DIR / stem, None))

    rng = random.Random(SEED)
    random_rows = []
    random_cases = []

    def add_random(dataset: dict, arff: Path, probe: Path, option_sets: list[str]):
        name = dataset["name"]
        tags = []
        for options in option_sets:
            tag = option_tag(options)
            tags.append(tag)
            prefix = RANDOM_DIR / "j48" / f"{name}.{tag}"
            random_cases.append((arff, tag, options, prefix, probe))
        if dataset["id3"]:
            id3_cases.append((arff, RANDOM_DIR / "id3" / name, probe))
        random_rows.append(
            [
                name,
                str(len(dataset["rows"])),
                str(dataset["n_nominal"]),
                str(dataset["n_numeric"]),
                str(len(dataset["class_values"])),
                "yes" if dataset["missing_values"] else "no",
                "yes" if dataset["missing_class"] else "no",
                " ".join(tags),
                "yes" if dataset["id3"] else "no",
                dataset["notes"],
            ]
        )

    for index in range(N_RANDOM):
        dataset = make_dataset(index, rng)
        name = dataset["name"]
        arff = RANDOM_DIR / f"{name}.arff"
        probe = RANDOM_DIR / "probe" / f"{name}.arff"
        comment = (
            f"Random dataset {name} generated by benchmarks/j48_reference.py "
            f"(seed {SEED}).\nContents: {dataset['notes']}"
        )
        write_arff(arff, dataset, dataset["rows"], comment)
        write_arff(
            probe, dataset, dataset["probe"], f"Probe rows for {name} (class unknown)."
        )
        option_sets = list(RANDOM_OPTION_SETS) + (["-M 1"] if index % 3 == 0 else [])
        add_random(dataset, arff, probe, option_sets)
    for entry in HANDMADE:
        dataset = write_handmade(entry)
        add_random(dataset, dataset["arff"], dataset["probe_path"], ["", "-U", "-M 1"])

    jobs = [("J48", str(a), str(p), o, "") for a, _, o, p in j48_cases]
    jobs += [("J48", str(a), str(p), o, str(q)) for a, _, o, p, q in random_cases]
    jobs += [("Id3", str(a), str(p), "", str(q) if q else "") for a, p, q in id3_cases]

    with tempfile.TemporaryDirectory() as build:
        build = Path(build)
        subprocess.run(
            ["javac", "-cp", str(jar), "-d", str(build), str(HELPER)], check=True
        )
        run_dump(jar, build, jobs)

    with open(J48_DIR / "cases.tsv", "w") as out:
        out.write("dataset\ttag\toptions\tleaves\tsize\n")
        for arff, tag, options, prefix in j48_cases:
            leaves, size = tree_counts(Path(f"{prefix}.tree"))
            out.write(f"{arff.name}\t{tag}\t{options}\t{leaves}\t{size}\n")
    with open(RANDOM_DIR / "j48" / "cases.tsv", "w") as out:
        out.write("dataset\ttag\toptions\tleaves\tsize\n")
        for arff, tag, options, prefix, _ in random_cases:
            leaves, size = tree_counts(Path(f"{prefix}.tree"))
            out.write(f"{arff.name}\t{tag}\t{options}\t{leaves}\t{size}\n")
    with open(RANDOM_DIR / "datasets.tsv", "w") as out:
        out.write(
            "name\trows\tnominal\tnumeric\tclasses\tmissing_values\tmissing_class"
            "\tj48_tags\tid3\tcontents\n"
        )
        out.writelines("\t".join(row) + "\n" for row in random_rows)

    print("10-fold cross-validation (J48 default options) ...")
    with open(J48_DIR / "cv10.tsv", "w") as out:
        out.write("dataset\tcorrect\ttotal\taccuracy_percent\n")
        for arff in bundled:
            correct, total, accuracy = cv10_accuracy(jar, arff)
            out.write(f"{arff.name}\t{correct}\t{total}\t{accuracy}\n")

    errors = sorted(OUT.rglob("*.err"))
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"bundled datasets: {len(bundled)}, J48 cases: {len(j48_cases)}")
    print(
        f"random datasets: {N_RANDOM} + {len(HANDMADE)} hand-made, "
        f"J48 cases: {len(random_cases)}, "
        f"Id3 cases (bundled + random): {len(id3_cases)}"
    )
    print(f"failed cases (.err): {len(errors)}")
    for path in errors:
        first = path.read_text().splitlines()[0]
        print(f"  {path.relative_to(ROOT)}: {first}")
    print(f"tests/data total size: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
