"""Every example script runs to completion and prints what it promises."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# tested with its numbers in test_examples_information.py
SKIP = {"information_theory_tour.py"}

KEY_LINES = {
    "weather_by_hand.py": [
        "H(play) = 0.940",
        "gain(outlook) = 0.247, gain ratio(outlook) = 0.156",
        "ID3 root (largest gain): outlook",
        "C4.5 root (best gain ratio among gains >= 0.119: outlook, humidity): outlook",
        "J48 pruned tree",
    ],
    "pandas_pipeline.py": ["C4.5: best {", "test log loss", "J48 pruned tree"],
    "boosting_and_bagging.py": ["AdaBoost C4.5 (10)", "bagged C4.5 (10)", "best: "],
    "moving_from_j48.py": [
        "-C 0.25    confidence_factor=0.25",
        "identical to Weka 3.6.14's J48 output: True",
        "10-fold accuracy of J48's defaults:",
    ],
}

SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if p.name not in SKIP)


def test_every_example_has_key_lines():
    if not EXAMPLES.exists():
        pytest.skip("examples/ is not shipped with this installation")
    assert set(KEY_LINES) <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs(script):
    result = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=EXAMPLES,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for line in KEY_LINES.get(script, []):
        assert line in result.stdout, f"{script} did not print {line!r}"
    assert "identical to Weka 3.6.14's J48 output: False" not in result.stdout
