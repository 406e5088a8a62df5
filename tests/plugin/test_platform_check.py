"""
The parts of ``make platform-check`` that run without a platform checkout.

The smoke suite itself needs openedx-platform (docs/platform-check.rst); these check the entry
points refuse a missing or wrong checkout, and the settings shim drops only true duplicates.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_platform_settings():
    spec = importlib.util.spec_from_file_location(
        "platform_settings_under_test", ROOT / "platform_check" / "platform_settings" / "__init__.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unique_apps_keeps_the_first_of_each_and_records_the_drops() -> None:
    shim = _load_platform_settings()
    apps = ["a.apps.A", "b", "a.apps.A", "c", "b"]
    assert shim.unique_apps(apps, "lms.envs.test") == ["a.apps.A", "b", "c"]
    assert shim.DROPPED_APPS == ["a.apps.A", "b"]


def test_unique_apps_leaves_a_clean_list_alone() -> None:
    shim = _load_platform_settings()
    assert shim.unique_apps(["a", "b"], "cms.envs.test") == ["a", "b"]
    assert shim.DROPPED_APPS == []


def test_make_target_requires_platform() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "platform-check", "PLATFORM="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "usage: make platform-check PLATFORM=" in result.stdout + result.stderr


def test_run_script_refuses_a_directory_that_is_not_a_platform(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "platform_check" / "run.sh"), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr
