"""Test settings: the defaults of common; test suites override what they exercise."""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.settings import common


def plugin_settings(settings: Any) -> None:
    """Apply the common defaults."""
    common.plugin_settings(settings)
