"""Keep benchmarks/run.py working: run it with tiny sizes (nothing is timed here)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.mark.skipif(not RUN.exists(), reason="benchmarks/ is not in this checkout")
def test_benchmark_script_runs_and_prints_the_table():
    env = dict(os.environ)
    env.pop("NUMBA_DISABLE_JIT", None)  # the script measures compiled kernels
    result = subprocess.run(
        [sys.executable, str(RUN), "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # tiny sizes; most of the time is compiling on a cold cache
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "versions: python" in out
    header = next(line for line in out.splitlines() if line.startswith("benchmark"))
    for column in ("case", "rows", "time / memory", "speed-up", "target", "notes"):
        assert column in header
    for section in ("first call (compile)", "numeric fit", "nominal fit", "predict"):
        assert section in out
