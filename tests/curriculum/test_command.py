"""``ve_edu_sync_course``: prints the plan, applies it unless --dry-run, fails clearly."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export
from ve_edu_plugin.curriculum.models import SyncRun, Topic

pytestmark = pytest.mark.django_db


def test_dry_run_prints_the_plan_and_changes_nothing(tmp_path, capsys):
    export = write_export(tmp_path, grid(2, 2))
    call_command("ve_edu_sync_course", COURSE_ID, "--olx", str(export), "--dry-run")
    out = capsys.readouterr().out
    assert "add topic block-v1:VE-EDU+TEST101+2026+type@chapter+block@ch0 'Section 0' at 0" in out
    assert "Dry run" in out and "add_topic=2" in out
    assert not Topic.objects.exists()


def test_sync_applies_and_records(tmp_path, capsys):
    export = write_export(tmp_path, grid(2, 2))
    call_command("ve_edu_sync_course", COURSE_ID, "--olx", str(export))
    assert "Synced" in capsys.readouterr().out
    assert Topic.objects.count() == 2
    assert SyncRun.objects.get().trigger == "command"


@pytest.mark.parametrize(
    ("course_id", "make_path", "message"),
    [
        ("not a course", lambda tmp: tmp, "not a valid course id"),
        (COURSE_ID, lambda tmp: tmp / "missing", "invalid_course_export: No course export"),
        ("course-v1:Other+X+1", lambda tmp: write_export(tmp, grid(1, 1)), "is of course-v1:VE-EDU+TEST101+2026"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, course_id, make_path, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("ve_edu_sync_course", course_id, "--olx", str(make_path(tmp_path)))
