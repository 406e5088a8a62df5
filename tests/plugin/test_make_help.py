"""``make help`` lists every target a reader is told about, with values instead of variable names."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _help(*args: str) -> str:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "help", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def _listed(output: str) -> set[str]:
    return set(re.findall(r"^  make (\S+)", output, flags=re.M))


def test_help_lists_the_ci_targets_and_those_the_readme_names():
    listed = _listed(_help())
    ci_targets = set(re.findall(r"^make (\S+)$", (ROOT / ".ci" / "run").read_text(), flags=re.M))
    readme_targets = set(re.findall(r"``make ([a-z0-9-]+)", (ROOT / "README.rst").read_text(encoding="utf-8")))
    assert ci_targets and ci_targets <= listed
    assert readme_targets <= listed, sorted(readme_targets - listed)
    assert {"test-django42", "test-py311", "dist"} <= listed


def test_help_shows_values_not_variable_names():
    output = _help("DEV_HOST=0.0.0.0:9000")
    assert "$(" not in output
    assert "http://0.0.0.0:9000/" in output


def test_dist_builds_what_help_says():
    (line,) = [line for line in _help().splitlines() if line.startswith("  make dist ")]
    assert "sdist" in line and "wheel" in line
    recipe = subprocess.run(["make", "-n", "dist"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (build,) = [command for command in recipe.splitlines() if "dist" in command.split()]
    assert "--sdist" in build and "--wheel" in build, build
