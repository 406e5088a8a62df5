"""
Production settings: the platform's ``production.py`` runs this after reading its YAML config.

Operators set ``VE_EDU_*`` names in that YAML (or through the Tutor plugin); the platform copies
them onto the settings module before this runs, so only missing names receive defaults.
"""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.settings import common


def plugin_settings(settings: Any) -> None:
    """Fill in any ``VE_EDU_*`` name the operator left out."""
    common.plugin_settings(settings)
