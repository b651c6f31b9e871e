"""Run examples/information_theory_tour.py and check the numbers it prints."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = (
    Path(__file__).resolve().parents[1] / "examples" / "information_theory_tour.py"
)


@pytest.fixture(scope="module")
def output():
    if not EXAMPLE.exists():
        pytest.skip("examples/ is not shipped with this installation")
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')",
            str(EXAMPLE),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "expected",
    [
        "I(0.125) = 3.000 bits",
        "H(fair coin) = 1.000 bit",
        "H(P, uniform) = 2.0000 bits",
        "H(fair, loaded) = 1.7370 = H(fair) + KL(fair || loaded) = 1.0000 + 0.7370",
        "I(outlook; play) = 0.2467 bits",
        "H(D) = 0.9710",
        "own_house   0.4200      0.9710      0.4325",
        "ID3 splits on own_house",
        "gain(has_job) = 0.9183",
        "H(play) = 0.9403",
        "outlook      gain = 0.2467  split info = 1.5774  gain ratio = 0.1564",
        "outlook      gain = 0.24674981977443913  gain ratio = 0.15642756242117517",
        "windy        gain = 0.048127030408269454  gain ratio = 0.04884861551152081",
        "Q minimising H(P, Q) on a 0.05 grid = (0.5, 0.3, 0.2)",
        "log_loss = 1.0297 nats = H(P, Q) = 1.0297 nats",
    ],
)
def test_example_prints(output, expected):
    assert expected in output
