"""Tests of id3tree._jit: cache policy, safe fallback without a writable cache."""

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_DIR = Path(importlib.util.find_spec("id3tree").submodule_search_locations[0])

PROBE = """
import json, warnings
with warnings.catch_warnings(record=True) as record:
    warnings.simplefilter("always")
    import id3tree
    from id3tree import _jit
    from id3tree._information import entropy, information_gain
    h = entropy([1, 1])
    gain = information_gain(
        ["sunny", "sunny", "overcast", "rainy", "rainy", "rainy", "overcast",
         "sunny", "sunny", "rainy", "sunny", "overcast", "overcast", "rainy"],
        ["no", "no", "yes", "yes", "yes", "no", "yes", "no", "yes", "yes",
         "yes", "yes", "yes", "no"],
    )
print(json.dumps({
    "file": id3tree.__file__,
    "cache_enabled": _jit.CACHE_ENABLED,
    "entropy": h,
    "gain": gain,
    "runtime_warnings": [
        str(w.message) for w in record if issubclass(w.category, RuntimeWarning)
    ],
}))
"""


def run_probe(env_changes, pythonpath):
    env = dict(os.environ)
    env.pop("ID3TREE_NUMBA_CACHE", None)
    env.pop("NUMBA_CACHE_DIR", None)
    env["NUMBA_DISABLE_JIT"] = "0"  # the fallback only exists when numba compiles
    env["PYTHONPATH"] = str(pythonpath)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(env_changes)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=pythonpath,  # "python -c" puts the working directory first on sys.path
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def block_directory_creation(directory):
    """Make ``directory/__pycache__`` impossible to create, even for root."""
    for folder in [directory, *(p for p in directory.rglob("*") if p.is_dir())]:
        (folder / "__pycache__").write_text("not a directory\n")


def make_read_only(root):
    for path in sorted(root.rglob("*"), reverse=True):
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    root.chmod(root.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def make_writable(root):
    root.chmod(root.stat().st_mode | stat.S_IWUSR)
    for path in root.rglob("*"):
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.fixture
def read_only_copy(tmp_path):
    """A copy of the package where numba can write no cache anywhere."""
    site = tmp_path / "site"
    shutil.copytree(
        PACKAGE_DIR,
        site / "id3tree",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc"),
    )
    block_directory_creation(site / "id3tree")
    # a regular file: nothing can be created below it, whatever the permissions
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory\n")
    env = {
        "NUMBA_CACHE_DIR": str(blocker / "numba"),
        "HOME": str(blocker / "home"),
        "XDG_CACHE_HOME": str(blocker / "cache"),
    }
    if os.geteuid() != 0:  # root ignores permissions; the blockers above suffice
        make_read_only(site)
    yield site, env
    if os.geteuid() != 0:
        make_writable(site)


def test_no_writable_cache_falls_back_and_warns_once(read_only_copy):
    site, env = read_only_copy
    out = run_probe(env, site)
    assert Path(out["file"]).is_relative_to(site)
    assert out["cache_enabled"] is False
    assert len(out["runtime_warnings"]) == 1
    message = out["runtime_warnings"][0]
    assert "numba cannot cache compiled kernels" in message
    assert "no locator available" in message
    assert out["entropy"] == 1.0
    assert out["gain"] == 0.24674981977443913
    assert not list(site.rglob("*.nbi"))


def test_env_switch_disables_cache(tmp_path):
    out = run_probe(
        {"ID3TREE_NUMBA_CACHE": "0", "NUMBA_CACHE_DIR": str(tmp_path)},
        PACKAGE_DIR.parent,
    )
    assert out["cache_enabled"] is False
    assert out["runtime_warnings"] == []
    assert out["entropy"] == 1.0
    assert not list(tmp_path.rglob("*.nbi"))


@pytest.mark.parametrize(
    "value,wanted",
    [("0", False), ("false", False), (" OFF ", False), ("no", False), ("1", True)],
)
def test_env_switch_values(value, wanted, monkeypatch):
    from id3tree._jit import _cache_wanted

    monkeypatch.setenv("ID3TREE_NUMBA_CACHE", value)
    assert _cache_wanted() is wanted
    monkeypatch.delenv("ID3TREE_NUMBA_CACHE")
    assert _cache_wanted() is True


def test_cache_enabled_with_a_writable_location(tmp_path):
    out = run_probe({"NUMBA_CACHE_DIR": str(tmp_path)}, PACKAGE_DIR.parent)
    assert out["cache_enabled"] is True
    assert out["runtime_warnings"] == []
    assert out["entropy"] == 1.0
