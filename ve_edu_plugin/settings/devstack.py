"""Devstack and dev-host settings: syncs follow publishes quickly so authors see changes at once."""

from __future__ import annotations

from typing import Any

from ve_edu_plugin.settings import common


def plugin_settings(settings: Any) -> None:
    """Shorter debounce for development; everything else as in common."""
    if not hasattr(settings, "VE_EDU_SYNC_DEBOUNCE_SECONDS"):
        settings.VE_EDU_SYNC_DEBOUNCE_SECONDS = 2
    common.plugin_settings(settings)
