"""The plugin's system checks report a backend or outline reader this process cannot serve."""

from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ve_edu_plugin.checks import TAG


def _ids(settings_overrides, settings) -> list[str]:
    for name, value in settings_overrides.items():
        setattr(settings, name, value)
    return sorted(str(message.id) for message in run_checks(tags=[TAG]))


@pytest.fixture
def platform_present(monkeypatch):
    """Modules standing in for openedx-platform, found by ``importlib.util.find_spec``."""

    def install(*names: str) -> None:
        for name in names:
            module = types.ModuleType(name)
            module.__spec__ = importlib.machinery.ModuleSpec(name, None)
            monkeypatch.setitem(sys.modules, name, module)

    return install


def test_the_test_host_is_configured_for_a_host_without_the_platform():
    call_command("check", "--tag", TAG)  # raises SystemCheckError on any error


def test_platform_backend_without_the_platform_is_an_error_naming_the_fix(settings):
    settings.VE_EDU_PLATFORM_BACKEND = "platform"
    (message,) = run_checks(tags=[TAG])
    assert message.id == "ve_edu_plugin.E002"
    assert "VE_EDU_PLATFORM_BACKEND" in message.msg and "common.djangoapps.student.roles" in message.msg
    assert "VE_EDU_PLATFORM_BACKEND = 'standalone'" in (message.hint or "")


def test_platform_backend_inside_the_platform_passes(settings, platform_present):
    platform_present("common.djangoapps.student.roles")
    assert _ids({"VE_EDU_PLATFORM_BACKEND": "platform"}, settings) == []


def test_modulestore_reader_without_the_platform_is_an_error_naming_the_fix(settings):
    settings.VE_EDU_OUTLINE_READER = "modulestore"
    (message,) = run_checks(tags=[TAG])
    assert message.id == "ve_edu_plugin.E004"
    assert "VE_EDU_OUTLINE_READER" in message.msg and "'olx'" in (message.hint or "")


def test_modulestore_reader_inside_the_platform_passes(settings, platform_present):
    platform_present("xmodule.modulestore.django")
    assert _ids({"VE_EDU_OUTLINE_READER": "modulestore"}, settings) == []


def test_unknown_names_are_errors(settings):
    ids = _ids({"VE_EDU_PLATFORM_BACKEND": "openedx", "VE_EDU_OUTLINE_READER": "mongo"}, settings)
    assert ids == ["ve_edu_plugin.E001", "ve_edu_plugin.E003"]


def test_manage_py_check_fails_on_the_platform_defaults_outside_the_platform(settings):
    """``manage.py check`` (and the start of runserver and migrate) stop with both errors."""
    settings.VE_EDU_PLATFORM_BACKEND = "platform"
    settings.VE_EDU_OUTLINE_READER = "modulestore"
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    assert "ve_edu_plugin.E002" in str(raised.value) and "ve_edu_plugin.E004" in str(raised.value)
