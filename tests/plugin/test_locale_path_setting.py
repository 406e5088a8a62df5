"""The plugin's catalogues join ``LOCALE_PATHS`` whether the platform lists them or derives them later."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ve_edu_plugin.settings.common import _add_locale_path


class Derived:
    """The shape of openedx-platform's ``openedx.core.lib.derived.Derived`` (master's ``LOCALE_PATHS``)."""

    def __init__(self, calculate_value: Any) -> None:
        self.calculate_value = calculate_value


def _is_ours(path: Any) -> bool:
    return str(path).endswith("ve_edu_plugin/conf/locale")


def test_a_listed_locale_path_setting_gets_the_plugin_catalogues_once():
    settings = SimpleNamespace(LOCALE_PATHS=("/platform/conf/locale",))
    _add_locale_path(settings)
    _add_locale_path(settings)
    assert settings.LOCALE_PATHS[0] == "/platform/conf/locale"
    assert [path for path in settings.LOCALE_PATHS if _is_ours(path)] == [settings.LOCALE_PATHS[-1]]


def test_a_derived_locale_path_setting_stays_derived_and_adds_the_plugin_catalogues_when_calculated():
    settings = SimpleNamespace(LOCALE_PATHS=Derived(lambda module: [module.REPO_ROOT + "/conf/locale"]))
    _add_locale_path(settings)
    assert isinstance(settings.LOCALE_PATHS, Derived), "derive_settings must still find it"
    calculated = settings.LOCALE_PATHS.calculate_value(SimpleNamespace(REPO_ROOT="/platform"))
    assert calculated[0] == "/platform/conf/locale" and _is_ours(calculated[-1]) and len(calculated) == 2
