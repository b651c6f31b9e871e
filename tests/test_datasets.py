import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from id3tree import datasets
from id3tree.datasets import list_datasets, load_arff, load_dataset

DATA_DIR = Path(datasets.__file__).parent / "data"
TESTS_DATA = Path(__file__).parent / "data"

# name: rows, nominal features, numeric features, classes, missing % (features)
# (the table of Weka's example datasets)
EXPECTED = {
    "weather.nominal": (14, 4, 0, 2, 0.0),
    "weather.numeric": (14, 2, 2, 2, 0.0),
    "contact-lenses": (24, 4, 0, 3, 0.0),
    "labor": (57, 8, 8, 2, 35.7),
    "iris": (150, 0, 4, 3, 0.0),
    "glass": (214, 0, 9, 7, 0.0),
    "breast-cancer": (286, 9, 0, 2, 0.3),
    "ionosphere": (351, 0, 34, 2, 0.0),
    "vote": (435, 16, 0, 2, 5.6),
    "soybean": (683, 35, 0, 19, 9.8),
    "diabetes": (768, 0, 8, 2, 0.0),
    "segment-test": (810, 0, 19, 7, 0.0),
    "unbalanced": (856, 0, 32, 2, 0.0),
    "credit-g": (1000, 13, 7, 2, 0.0),
    "segment-challenge": (1500, 0, 19, 7, 0.0),
}


def parse(text):
    return load_arff(io.StringIO(text))


def test_list_datasets_matches_bundled_files():
    assert sorted(list_datasets()) == sorted(EXPECTED)
    assert sorted(p.stem for p in DATA_DIR.glob("*.arff")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_dataset_shape(name):
    rows, n_nominal, n_numeric, n_classes, missing = EXPECTED[name]
    bunch = load_dataset(name)
    X, y = bunch.data, bunch.target
    assert X.shape == (rows, n_nominal + n_numeric)
    kinds = [isinstance(d, pd.CategoricalDtype) for d in X.dtypes]
    assert sum(kinds) == n_nominal
    for column, is_nominal in zip(X.columns, kinds, strict=True):
        if not is_nominal:
            assert X[column].dtype == np.float64
    assert isinstance(y.dtype, pd.CategoricalDtype)
    assert len(bunch.target_names) == n_classes
    assert list(y.cat.categories) == bunch.target_names
    assert not y.isna().any()
    assert round(100 * X.isna().to_numpy().mean(), 1) == missing
    assert bunch.frame.shape == (rows, X.shape[1] + 1)
    assert bunch.feature_names == list(X.columns) == list(bunch.frame.columns[:-1])
    assert bunch.DESCR
    assert Path(bunch.filename).name == name + ".arff"
    assert set(bunch.categories) == {
        c for c, k in zip(X.columns, kinds, strict=True) if k
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_dataset_numpy(name):
    bunch = load_dataset(name, as_frame=False)
    X, y = bunch.data, bunch.target
    assert bunch.frame is None
    assert X.shape[0] == y.shape[0] == EXPECTED[name][0]
    assert y.dtype == object
    assert set(y) <= set(bunch.target_names)
    frame_X = load_dataset(name).data
    if all(c not in bunch.categories for c in bunch.feature_names):
        assert X.dtype == np.float64
        np.testing.assert_array_equal(X, frame_X.to_numpy(dtype=float))
    else:
        assert X.dtype == object
        for j, column in enumerate(bunch.feature_names):
            values = X[:, j]
            if column in bunch.categories:
                missing = frame_X[column].isna().to_numpy()
                assert all(v is None for v in values[missing])
                assert all(isinstance(v, str) for v in values[~missing])
                assert list(values[~missing]) == list(frame_X[column][~missing])
            else:
                assert all(isinstance(v, float) for v in values)
                np.testing.assert_array_equal(
                    values.astype(float), frame_X[column].to_numpy()
                )


def test_declared_category_order_and_unused_values():
    vote = datasets.load_vote()
    assert list(vote.data.iloc[:, 0].cat.categories) == ["n", "y"]
    assert vote.target_names == ["democrat", "republican"]
    cancer = datasets.load_breast_cancer()
    ages = cancer.data["age"].cat.categories.tolist()
    assert ages == [
        "10-19", "20-29", "30-39", "40-49", "50-59",
        "60-69", "70-79", "80-89", "90-99",
    ]  # fmt: skip
    assert (cancer.data["age"] == "10-19").sum() == 0  # declared but unused
    glass = datasets.load_glass()
    counts = glass.target.value_counts(sort=False)
    assert counts["vehic wind non-float"] == 0
    assert glass.target_names[3] == "vehic wind non-float"
    credit = datasets.load_credit_german()
    assert credit.categories["checking_status"] == [
        "<0", "0<=X<200", ">=200", "no checking",
    ]  # fmt: skip
    assert credit.categories["purpose"][2] == "furniture/equipment"
    assert credit.data["purpose"].iloc[0] == "radio/tv"


def test_weather_loader_variants():
    nominal = datasets.load_weather()
    numeric = datasets.load_weather(numeric=True)
    assert nominal.relation == "weather.symbolic"
    assert numeric.relation == "weather"
    assert numeric.data["temperature"].tolist()[:3] == [85.0, 80.0, 83.0]
    X, y = datasets.load_weather(return_X_y=True)
    assert X.shape == (14, 4) and y.tolist().count("yes") == 9
    X, y = datasets.load_weather(numeric=True, as_frame=False, return_X_y=True)
    assert X.dtype == object and X[0, 1] == 85.0 and X[0, 0] == "sunny"
    assert y[0] == "no"


def test_segment_subsets_and_errors():
    assert datasets.load_segment().data.shape == (1500, 19)
    assert datasets.load_segment("test").data.shape == (810, 19)
    with pytest.raises(ValueError, match="subset"):
        datasets.load_segment("train")
    with pytest.raises(ValueError, match="unknown dataset 'nope'"):
        load_dataset("nope")


@pytest.mark.parametrize(
    "alias", ["credit-g", "credit_g", "CREDIT-G.arff", "creditg", "Credit G"]
)
def test_load_dataset_aliases(alias):
    assert load_dataset(alias).relation == "german_credit"


@pytest.mark.parametrize(
    "loader, name",
    [
        ("load_contact_lenses", "contact-lenses"),
        ("load_labor", "labor"),
        ("load_iris", "iris"),
        ("load_glass", "glass"),
        ("load_breast_cancer", "breast-cancer"),
        ("load_ionosphere", "ionosphere"),
        ("load_vote", "vote"),
        ("load_soybean", "soybean"),
        ("load_diabetes", "diabetes"),
        ("load_unbalanced", "unbalanced"),
        ("load_credit_german", "credit-g"),
    ],
)
def test_named_loaders(loader, name):
    function = getattr(datasets, loader)
    assert function.__name__ == loader
    assert function.__doc__
    X, y = function(return_X_y=True)
    expected = load_dataset(name)
    pd.testing.assert_frame_equal(X, expected.data)
    pd.testing.assert_series_equal(y, expected.target)


def test_descr_is_header_comment():
    descr = datasets.load_iris().DESCR
    assert "Iris Plants Database" in descr
    assert not descr.startswith("%")
    assert datasets.load_weather().DESCR  # fallback text, no header comment


def test_frame_attrs():
    frame = load_arff(DATA_DIR / "labor.arff")
    assert frame.attrs["relation"] == "labor-neg-data"
    assert frame.attrs["attribute_types"]["duration"] == "numeric"
    assert frame.attrs["attribute_types"]["pension"] == "nominal"
    assert list(frame.attrs["attribute_types"]) == list(frame.columns)


# --------------------------------------------------------------- parser details


def test_quoting_and_escapes():
    frame = parse(
        "% comment before the relation\n"
        "@RELATION 'quoted relation'\n"
        "@ATTRIBUTE 'a b' {'x y', \"it's\", 'q\\'z', '?', plain}  % comment\n"
        "@attribute n REAL\n"
        "@attribute s string\n"
        "@attribute c{p,q}\n"
        "\n"
        "@DATA\n"
        "% a comment line\n"
        "'x y', 1e3, 'hello, world', p\n"
        '"it\'s",?,?,q % trailing comment\n'
        "'q\\'z' -2.5 \"tab\\there\" p\n"
        "'?', 1, '?', ?\n"
        "plain,\t+7 , '50% off', 'q'\n"
    )
    assert frame.attrs["relation"] == "quoted relation"
    assert frame.attrs["description"] == "comment before the relation"
    assert list(frame.columns) == ["a b", "n", "s", "c"]
    a = frame["a b"]
    assert a.cat.categories.tolist() == ["x y", "it's", "q'z", "?", "plain"]
    assert a.tolist() == ["x y", "it's", "q'z", "?", "plain"]  # quoted '?' is a value
    assert frame["n"].tolist()[:3] == [1000.0, pytest.approx(np.nan, nan_ok=True), -2.5]
    assert np.isnan(frame["n"][1])
    assert frame["n"][4] == 7.0
    assert frame["s"].tolist() == ["hello, world", None, "tab\there", "?", "50% off"]
    assert frame["c"].isna().tolist() == [False, False, False, True, False]
    assert frame["c"].cat.categories.tolist() == ["p", "q"]


def test_numeric_like_nominal_values_stay_strings():
    frame = parse("@relation r\n@attribute a {3, 1, 2}\n@data\n1\n2\n")
    assert frame["a"].cat.categories.tolist() == ["3", "1", "2"]
    assert frame["a"].cat.codes.tolist() == [1, 2]


def test_unused_declared_values_kept():
    frame = parse(
        "@relation r\n@attribute a {u, v, w}\n@attribute c {y,n}\n@data\nv,y\n"
    )
    assert frame["a"].cat.categories.tolist() == ["u", "v", "w"]
    assert frame["c"].cat.categories.tolist() == ["y", "n"]


def test_full_precision_numbers():
    frame = parse(
        "@relation r\n@attribute x numeric\n@data\n"
        "0.1\n1.0000000000000002\n-1e-308\n123456789.123456789\n1E8\n"
    )
    assert frame["x"].tolist() == [
        0.1, 1.0000000000000002, -1e-308, 123456789.123456789, 1e8,
    ]  # fmt: skip


def test_empty_data_section():
    frame = parse("@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n")
    assert frame.shape == (0, 2)
    assert frame["c"].cat.categories.tolist() == ["a", "b"]


def test_path_bytes_and_text_sources(tmp_path):
    text = "@relation r\n@attribute c {a,b}\n@data\na\r\nb\r\n"
    path = tmp_path / "r.arff"
    path.write_bytes(text.encode())
    for source in (path, str(path), io.BytesIO(text.encode()), io.StringIO(text)):
        assert load_arff(source)["c"].tolist() == ["a", "b"]
    with open(path) as handle:
        assert load_arff(handle).shape == (2, 1)
    with pytest.raises(TypeError, match="path or an open file"):
        load_arff(42)


def test_dates():
    frame = parse(
        "@relation r\n"
        "@attribute d date 'yyyy-MM-dd'\n"
        "@attribute t date\n"
        "@attribute odd date 'EEE, d MMM yyyy'\n"
        "@data\n"
        "1970-01-02, 1970-01-01T00:00:01, 'Wed, 4 Jul 2001'\n"
        "?, ?, ?\n"
    )
    assert frame["d"].tolist()[0] == 86400000.0
    assert frame["t"].tolist()[0] == 1000.0
    assert np.isnan(frame["d"][1]) and np.isnan(frame["t"][1])
    assert frame["odd"].tolist() == ["Wed, 4 Jul 2001", None]  # kept as text
    assert frame.attrs["attribute_types"]["d"] == "date"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("@relation r\n@attribute a {x,y}\n@data\nz\n", 4, "not declared"),
        ("@relation r\n@attribute a numeric\n@data\n1\n1,2\n", 5, "expected 1 values"),
        ("@relation r\n@attribute a numeric\n@data\nabc\n", 4, "not a number"),
        ("@attribute a numeric\n@data\n", 1, "@relation"),
        ("@relation r\n@attribute a {x,y\n@data\n", 2, "missing '}'"),
        ("@relation r\n@attribute a {x,x}\n@data\n", 2, "duplicate value"),
        ("@relation r\n@attribute a {}\n@data\n", 2, "no values"),
        ("@relation r\n@attribute a foo\n@data\n", 2, "unknown type 'foo'"),
        ("@relation r\n@attribute a\n@data\n", 2, "no type"),
        ("@relation r\n@attribute a {x,y}\n@data\n'x\n", 4, "unterminated"),
        ("@relation r\n@attribute a numeric\n@attribute a real\n", 3, "duplicate attr"),
        ("@relation r\n@attribute a numeric\nhello\n@data\n", 3, "expected '@attr"),
        ("@relation r\n@data\n", 2, "@data before any @attribute"),
        ("@relation r\n@relation s\n", 2, "second @relation"),
    ],
)
def test_malformed_files(text, line, message):
    with pytest.raises(ValueError, match=f"line {line}: .*{message}"):
        parse(text)


def test_malformed_whole_file():
    with pytest.raises(ValueError, match="no '@data'"):
        parse("@relation r\n@attribute a numeric\n")
    with pytest.raises(ValueError, match="not an ARFF file"):
        parse("% only a comment\n")


@pytest.mark.parametrize(
    "text, message",
    [
        ("@relation r\n@attribute a numeric\n@data\n{0 1}\n", "sparse"),
        ("@relation r\n@attribute a numeric\n@data\n1, {2}\n", "weights"),
        ("@relation r\n@attribute a relational\n@data\n", "relational"),
    ],
)
def test_unsupported_features(text, message):
    with pytest.raises(NotImplementedError, match=message):
        parse(text)


def test_error_message_names_the_file(tmp_path):
    path = tmp_path / "broken.arff"
    path.write_text("@relation r\n@attribute a numeric\n@data\n1\nx\n")
    with pytest.raises(ValueError, match=r"broken\.arff, line 5"):
        load_arff(path)


# ---------------------------------------------- generated reference datasets

RANDOM_DIR = TESTS_DATA / "random"
J48_DIR = TESTS_DATA / "j48"


def read_proba(path):
    return [line.split("\t") for line in path.read_text().splitlines()]


def read_tsv(path):
    header, *rows = path.read_text().splitlines()
    names = header.split("\t")
    return [dict(zip(names, row.split("\t"), strict=True)) for row in rows]


@pytest.mark.skipif(not J48_DIR.is_dir(), reason="reference data not generated")
def test_bundled_reference_cases_are_complete():
    cases = read_tsv(J48_DIR / "cases.tsv")
    assert {c["dataset"] for c in cases} == {n + ".arff" for n in EXPECTED}
    for case in cases:
        stem = case["dataset"].removesuffix(".arff")
        prefix = J48_DIR / stem / case["tag"]
        tree = Path(f"{prefix}.tree").read_text()
        assert f"Number of Leaves  : \t{case['leaves']}\n" in tree
        proba = read_proba(Path(f"{prefix}.proba"))
        rows, *_, n_classes, _ = EXPECTED[stem]
        assert len(proba) == rows
        assert all(len(row) == n_classes for row in proba)


@pytest.mark.skipif(not RANDOM_DIR.is_dir(), reason="reference data not generated")
def test_random_reference_datasets_load():
    datasets_tsv = read_tsv(RANDOM_DIR / "datasets.tsv")
    assert len(datasets_tsv) >= 300
    for entry in datasets_tsv:
        frame = load_arff(RANDOM_DIR / f"{entry['name']}.arff")
        probe = load_arff(RANDOM_DIR / "probe" / f"{entry['name']}.arff")
        assert list(probe.columns) == list(frame.columns)
        assert probe.iloc[:, -1].isna().all()
        y = frame.iloc[:, -1]
        assert isinstance(y.dtype, pd.CategoricalDtype)
        n_classes = len(y.cat.categories)
        assert len(frame) == int(entry["rows"])
        assert n_classes == int(entry["classes"])
        assert (entry["missing_class"] == "yes") == bool(y.isna().any())
        has_missing = bool(frame.iloc[:, :-1].isna().to_numpy().any())
        assert (entry["missing_values"] == "yes") == has_missing
        for tag in entry["j48_tags"].split():
            prefix = RANDOM_DIR / "j48" / f"{entry['name']}.{tag}"
            for suffix, rows in ((".proba", len(frame)), (".probe.proba", len(probe))):
                proba = read_proba(Path(f"{prefix}{suffix}"))
                assert len(proba) == rows
                assert all(len(row) == n_classes for row in proba)
        id3_tree = RANDOM_DIR / "id3" / f"{entry['name']}.tree"
        assert id3_tree.exists() == (entry["id3"] == "yes")
