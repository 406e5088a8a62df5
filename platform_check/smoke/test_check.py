"""Django's system checks pass for the plugin with the platform's settings."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.management import call_command


def _is_ours(message: checks.CheckMessage) -> bool:
    text = f"{message.id} {message.obj!r} {message.msg}"
    return "ve_edu" in text


def test_check_command_passes_for_the_plugin() -> None:
    call_command("check", "ve_edu_plugin", fail_level="ERROR")


@pytest.mark.django_db
def test_no_check_of_the_whole_platform_reports_a_plugin_error() -> None:
    errors = [m for m in checks.run_checks(include_deployment_checks=False) if m.is_serious() and _is_ours(m)]
    assert errors == []
