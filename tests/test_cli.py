"""The id3tree command line: train, predict, options and error messages."""

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from id3tree import C45Classifier, _cli, _evaluation, export_text, log_loss
from id3tree._cli import main
from id3tree._persistence import load_model
from id3tree.datasets import load_weather

WEATHER_CSV = """outlook,temperature,humidity,windy,play
sunny,85,85,FALSE,no
sunny,80,90,TRUE,no
overcast,83,86,FALSE,yes
rainy,70,96,FALSE,yes
rainy,68,80,FALSE,yes
rainy,65,70,TRUE,no
overcast,64,65,TRUE,yes
sunny,72,95,FALSE,no
sunny,69,70,FALSE,yes
rainy,75,80,FALSE,yes
sunny,75,70,TRUE,yes
overcast,72,90,TRUE,yes
overcast,81,75,FALSE,yes
rainy,71,91,TRUE,no
"""


@pytest.fixture
def weather_csv(tmp_path):
    path = tmp_path / "weather.csv"
    path.write_text(WEATHER_CSV)
    return path


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(err, *fragments):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("id3tree: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in err


# ----------------------------------------------------------------------------- train


def test_train_prints_j48_tree_and_cross_validation(capsys, weather_csv):
    status, out, err = run(capsys, "train", weather_csv, "--cv", 3)
    assert status == 0, err
    assert "Data: weather.csv: 14 instances, 4 attributes" in out
    assert "=== C4.5: J48 -C 0.25 -M 2 ===" in out
    assert "J48 pruned tree" in out
    assert "Number of Leaves  : \t" in out
    assert "Training set: accuracy " in out
    assert "=== Stratified 3-fold cross-validation (shuffle seed 1) ===" in out
    assert "Log loss (nats)" in out
    assert "<-- classified as" in out
    # a DATA argument turns the comparison off by default
    assert "DecisionTreeClassifier" not in out
    assert err == ""


def test_train_tree_matches_export_text(capsys, weather_csv):
    status, out, _ = run(capsys, "train", weather_csv, "--cv", 0, "-U")
    assert status == 0
    frame = pd.read_csv(weather_csv)
    model = C45Classifier(pruning=None).fit(frame.iloc[:, :-1], frame["play"])
    assert export_text(model, style="j48").rstrip("\n") in out
    assert "cross-validation" not in out


def test_train_without_data_compares_with_sklearn_on_vote(capsys):
    status, out, err = run(capsys, "train", "--cv", 3)
    assert status == 0, err
    assert "Data: vote (bundled): 435 instances" in out
    assert "DecisionTreeClassifier" in out
    accuracy_row = next(ln for ln in out.splitlines() if ln.startswith("Accuracy"))
    assert accuracy_row.count("%") == 2
    loss_row = next(ln for ln in out.splitlines() if ln.startswith("Log loss"))
    assert len(loss_row.split()) == 5  # label (3 words) + 2 values


def test_no_compare_turns_the_default_comparison_off(capsys):
    status, out, _ = run(capsys, "train", "weather.nominal", "--no-compare", "--cv", 2)
    assert status == 0
    assert "DecisionTreeClassifier" not in out


def test_json_output(capsys, weather_csv):
    status, out, _ = run(capsys, "train", weather_csv, "--cv", 3, "--compare", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["data"]["class_counts"] == {"no": 5, "yes": 9}
    assert report["model"]["estimator"] == "C45Classifier"
    assert report["model"]["tree"].startswith("J48 pruned tree")
    assert report["model"]["params"]["confidence_factor"] == 0.25
    cv = report["cross_validation"]
    assert cv["folds"] == 3
    assert set(cv["models"]) == {"C45Classifier", "DecisionTreeClassifier"}
    for result in cv["models"].values():
        assert np.sum(result["confusion_matrix"]) == 14
        assert set(result["per_class"]) == {"no", "yes"}
        assert len(result["fold_accuracy"]) == 3
        assert 0 <= result["accuracy"] <= 1
        assert result["log_loss"] >= 0
    assert 0 <= report["training"]["accuracy"] <= 1


@pytest.mark.parametrize("source", ["csv", "arff"])
def test_cross_validated_metrics_match_a_manual_loop(capsys, weather_csv, source):
    """Also for a nominal class whose declared order (yes, no) is not sorted."""
    from sklearn.metrics import confusion_matrix
    from sklearn.model_selection import StratifiedKFold

    data = weather_csv if source == "csv" else "weather.nominal"
    status, out, _ = run(capsys, "train", data, "--cv", 3, "--json")
    assert status == 0
    result = json.loads(out)["cross_validation"]["models"]["C45Classifier"]
    if source == "csv":
        frame = pd.read_csv(weather_csv)
        X, y = frame.iloc[:, :-1], frame["play"].to_numpy(dtype=object)
    else:
        X, y = load_weather(return_X_y=True)
        y = y.array
    labels = np.asarray(y)
    proba = np.zeros((14, 2))
    predicted = np.empty(14, dtype=object)
    folds = StratifiedKFold(3, shuffle=True, random_state=1).split(X, labels)
    for train, test in folds:
        model = C45Classifier().fit(X.iloc[train], y[train])
        np.testing.assert_array_equal(model.classes_, ["no", "yes"])
        proba[test] = model.predict_proba(X.iloc[test])
        predicted[test] = model.predict(X.iloc[test])
    assert result["accuracy"] == pytest.approx(np.mean(predicted == labels))
    assert result["log_loss"] == pytest.approx(log_loss(labels, proba))
    # per-class output in the tree's class order: declared for ARFF, else sorted
    order = ["no", "yes"] if source == "csv" else ["yes", "no"]
    assert list(result["per_class"]) == order
    expected = confusion_matrix(labels, predicted, labels=order).tolist()
    assert result["confusion_matrix"] == expected


def test_nominal_class_keeps_declared_order_like_j48(capsys):
    """Counts, per-class rows and the confusion matrix follow J48's class order."""
    status, out, _ = run(capsys, "train", "weather.nominal", "--cv", 2)
    assert status == 0
    assert "Class attribute: play (yes: 9, no: 5)" in out
    X, y = load_weather(return_X_y=True)
    assert export_text(C45Classifier().fit(X, y), style="j48").rstrip() in out
    lines = out.splitlines()
    rows = lines.index("class  precision  recall      F1  support")
    assert [ln.split()[0] for ln in lines[rows + 1 : rows + 3]] == ["yes", "no"]
    matrix = next(i for i, ln in enumerate(lines) if "<-- classified as" in ln)
    assert lines[matrix + 1].endswith("| a = yes")
    assert lines[matrix + 2].endswith("| b = no")


def test_unused_declared_class_is_shown_like_j48(capsys, tmp_path):
    """A declared class no row has gets a count of 0 and a confusion-matrix row."""
    path = tmp_path / "unused.arff"
    rows = "\n".join(f"{'xy'[i % 2]},{'pq'[i % 2]}" for i in range(12))
    path.write_text(
        "@relation unused\n@attribute a {x,y}\n@attribute c {q,r,p}\n"
        f"@data\n{rows}\n"
    )
    status, out, err = run(capsys, "train", path, "--cv", 3, "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["data"]["class_counts"] == {"q": 6, "r": 0, "p": 6}
    assert report["training"] == {"accuracy": 1.0, "log_loss": pytest.approx(0)}
    result = report["cross_validation"]["models"]["C45Classifier"]
    assert list(result["per_class"]) == ["q", "r", "p"]
    assert result["confusion_matrix"] == [[6, 0, 0], [0, 0, 0], [0, 0, 6]]


def test_id3_prints_sklearn_style(capsys):
    status, out, _ = run(capsys, "train", "weather.nominal", "--id3", "--cv", 0)
    assert status == 0
    assert "=== ID3: ID3Classifier() ===" in out
    assert "|--- outlook = " in out
    assert "Number of leaves: 5" in out


def test_style_option(capsys):
    status, out, _ = run(
        capsys, "train", "weather.nominal", "--style", "sklearn", "--cv", 0
    )
    assert status == 0
    assert "|--- " in out and "J48 pruned tree" not in out


def test_target_option_and_missing_class(capsys, tmp_path):
    path = tmp_path / "data.csv"
    frame = pd.read_csv(io.StringIO(WEATHER_CSV))
    frame = frame[["play", "outlook", "temperature", "humidity", "windy"]]
    frame.loc[3, "play"] = None
    frame.to_csv(path, index=False)
    status, out, _ = run(capsys, "train", path, "--target", "play", "--cv", 2, "--json")
    assert status == 0
    report = json.loads(out)
    assert report["data"]["target"] == "play"
    assert report["data"]["n_instances"] == 13
    assert report["data"]["n_dropped_missing_class"] == 1
    status, out, _ = run(capsys, "train", path, "--target", "play", "--cv", 0)
    assert "Ignored 1 instances with a missing class" in out


def test_integer_class_and_few_members_note(capsys, tmp_path):
    path = tmp_path / "ints.csv"
    rng = np.random.default_rng(1)
    x = rng.normal(size=20)
    label = (x > 0).astype(int)
    label[:2] = 2  # a class with 2 members, fewer than the 3 folds
    pd.DataFrame({"x": x, "label": label}).to_csv(path, index=False)
    status, out, err = run(capsys, "train", path, "--cv", 3, "--compare")
    assert status == 0, err
    assert "Class attribute: label (0: 8, 1: 10, 2: 2)" in out
    assert "Note: The least populated class in y has only 2 members" in out


@pytest.mark.parametrize(
    ("options", "params"),
    [
        ([], {}),
        (
            ["-C", "0.1", "-M", "5", "-S", "-A", "-B", "-J"],
            {
                "confidence_factor": 0.1,
                "min_samples_leaf": 5.0,
                "subtree_raising": False,
                "laplace": True,
                "binary_categorical_splits": True,
                "mdl_correction": False,
            },
        ),
        (
            ["--reduced-error", "--folds", "4", "--seed", "7"],
            {"pruning": "reduced_error", "n_folds": 4, "random_state": 7},
        ),
        (["--unpruned"], {"pruning": None}),
    ],
)
def test_j48_options_map_to_parameters(options, params):
    args = _cli._build_parser().parse_args(["train", *options])
    assert _cli._estimator_params(args) == params
    estimator, _, description = _cli._make_estimator(args)
    assert description.startswith("J48 ")
    for name, value in params.items():
        assert estimator.get_params()[name] == value


def test_options_string_follows_j48():
    args = _cli._build_parser().parse_args(["train", "-R", "-N", "5", "-M", "3", "-B"])
    _, _, description = _cli._make_estimator(args)
    assert description == "J48 -M 3 -R -N 5 -Q 1 -B"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-U", "-R"], "not allowed with argument"),
        (["-U", "-C", "0.2"], "unpruned"),
        (["-R", "-C", "0.2"], "reduced-error"),
        (["-N", "4"], "--folds needs reduced-error pruning"),
        (["-U", "-S"], "--no-raising"),
        (["--id3", "-C", "0.2"], "--id3"),
        (["-C", "1.5"], "must be in (0, 1)"),
        (["-M", "0"], "must be positive"),
        (["--cv", "-1"], "must be at least 0"),
        (["--save", "model.txt"], ".skops"),
        (["--style", "fancy"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(capsys, options, message):
    status, out, err = run(capsys, "train", "weather.nominal", "--cv", 0, *options)
    assert status == 2
    assert out == ""
    assert_one_line_error(err, message)


def test_no_command_is_a_usage_error(capsys):
    status, _, err = run(capsys)
    assert status == 2
    assert_one_line_error(err, "COMMAND")


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("id3tree ")


# ------------------------------------------------------------------------ data errors


def test_missing_file(capsys, tmp_path):
    status, _, err = run(capsys, "train", tmp_path / "nope.csv")
    assert status == 1
    assert_one_line_error(err, "no such file", "nope.csv")


def test_unknown_bundled_name(capsys):
    status, _, err = run(capsys, "train", "not-a-dataset")
    assert status == 1
    assert_one_line_error(err, "no such file or bundled dataset", "vote")


def test_bad_arff(capsys, tmp_path):
    path = tmp_path / "bad.arff"
    path.write_text("@relation r\n@attribute a {x,y}\n@attribute c {p,q}\n@data\nz,p\n")
    status, _, err = run(capsys, "train", path)
    assert status == 1
    assert_one_line_error(err, "bad ARFF file", "line 5")


def test_bad_arff_with_debug_shows_traceback(capsys, tmp_path):
    path = tmp_path / "bad.arff"
    path.write_text("@relation r\n@attribute a {x,y}\n@data\nz\n")
    status, _, err = run(capsys, "train", path, "--debug")
    assert status == 1
    assert "Traceback" in err
    assert err.strip().splitlines()[-1].startswith("id3tree: error: bad ARFF file")


def test_unknown_target(capsys, weather_csv):
    status, _, err = run(capsys, "train", weather_csv, "--target", "rain")
    assert status == 1
    assert_one_line_error(err, "unknown target column 'rain'", "'outlook'")


def test_one_valued_class(capsys, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("a,b,c\n1,x,yes\n2,y,yes\n3,x,yes\n")
    status, _, err = run(capsys, "train", path)
    assert status == 1
    assert_one_line_error(err, "class column 'c' has only one value ('yes')")


def test_continuous_class(capsys, tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text("a,b\n1,0.5\n2,1.5\n3,2.25\n")
    status, _, err = run(capsys, "train", path)
    assert status == 1
    assert_one_line_error(err, "continuous")


def test_single_column(capsys, tmp_path):
    path = tmp_path / "col.csv"
    path.write_text("c\nyes\nno\n")
    status, _, err = run(capsys, "train", path)
    assert status == 1
    assert_one_line_error(err, "a class column and at least one feature column")


def test_empty_csv(capsys, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    status, _, err = run(capsys, "train", path)
    assert status == 1
    assert_one_line_error(err, "cannot read CSV file")


def test_more_folds_than_instances(capsys, weather_csv):
    status, _, err = run(capsys, "train", weather_csv, "--cv", 20)
    assert status == 1
    assert_one_line_error(err, "--cv 20: ", "greater than the number of samples")


# ---------------------------------------------------------------- save and predict


@pytest.mark.parametrize("suffix", [".skops", ".pkl"])
def test_save_then_predict(capsys, tmp_path, weather_csv, suffix):
    model_path = tmp_path / f"model{suffix}"
    status, out, _ = run(capsys, "train", weather_csv, "--cv", 0, "--save", model_path)
    assert status == 0
    assert f"Model saved to {model_path}" in out
    model = load_model(model_path)
    frame = pd.read_csv(weather_csv)
    X = frame.iloc[:, :-1]

    status, out, _ = run(capsys, "predict", model_path, weather_csv)
    assert status == 0
    result = pd.read_csv(io.StringIO(out))
    assert list(result.columns) == ["predicted", "proba_no", "proba_yes"]
    np.testing.assert_array_equal(result["predicted"], model.predict(X))
    np.testing.assert_allclose(
        result[["proba_no", "proba_yes"]], model.predict_proba(X), rtol=1e-15
    )

    output = tmp_path / "predictions.csv"
    status, out, _ = run(capsys, "predict", model_path, weather_csv, "-o", output)
    assert status == 0 and out == ""
    pd.testing.assert_frame_equal(pd.read_csv(output), result)


def test_predict_on_arff_ignores_the_class_column(capsys, tmp_path):
    model_path = tmp_path / "model.pkl"
    status, _, _ = run(
        capsys, "train", "weather.nominal", "--cv", 0, "--save", model_path
    )
    assert status == 0
    status, out, _ = run(capsys, "predict", model_path, "weather.nominal")
    assert status == 0
    X, y = load_weather(return_X_y=True)
    result = pd.read_csv(io.StringIO(out))
    model = C45Classifier().fit(X, y)
    np.testing.assert_array_equal(result["predicted"], model.predict(X))


def test_predict_errors(capsys, tmp_path, weather_csv):
    status, _, err = run(capsys, "predict", tmp_path / "none.pkl", weather_csv)
    assert status == 1
    assert_one_line_error(err, "no such model file")

    garbage = tmp_path / "garbage.pkl"
    garbage.write_bytes(b"not a pickle")
    status, _, err = run(capsys, "predict", garbage, weather_csv)
    assert status == 1
    assert_one_line_error(err, "cannot load model")

    model_path = tmp_path / "model.pkl"
    run(capsys, "train", weather_csv, "--cv", 0, "--save", model_path)
    partial = tmp_path / "partial.csv"
    pd.read_csv(weather_csv).drop(columns=["windy"]).to_csv(partial, index=False)
    status, _, err = run(capsys, "predict", model_path, partial)
    assert status == 1
    assert_one_line_error(err, "lacks column(s)", "'windy'")


# ---------------------------------------------------------------------- progress


def test_progress_appears_only_on_long_runs(monkeypatch):
    stream = io.StringIO()
    progress = _evaluation._Progress(stream, enabled=True)
    monkeypatch.setattr(_evaluation, "_PROGRESS_AFTER", 3600.0)
    progress.update("C45Classifier", 1, 10)
    assert stream.getvalue() == ""
    monkeypatch.setattr(_evaluation, "_PROGRESS_AFTER", 0.0)
    progress.update("C45Classifier", 2, 10)
    assert "cross-validating C45Classifier: fold 2/10" in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\r\033[K")


def test_progress_is_off_when_stderr_is_not_a_terminal():
    assert not _evaluation._Progress(io.StringIO()).enabled


# ---------------------------------------------------------------------- processes


def _script() -> list[str]:
    script = Path(sys.executable).with_name("id3tree")
    return [str(script)] if script.exists() else [sys.executable, "-m", "id3tree"]


def test_python_m_help():
    result = subprocess.run(
        [sys.executable, "-m", "id3tree", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert "train" in result.stdout and "predict" in result.stdout


def test_console_script_train(weather_csv):
    result = subprocess.run(
        [*_script(), "train", str(weather_csv), "--cv", "3", "--compare"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "J48 pruned tree" in result.stdout
    assert "DecisionTreeClassifier" in result.stdout
    assert result.stderr == ""
