"""``ve_edu_import_questions``: prints the report, writes nothing on --dry-run, fails clearly."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID
from tests.questions.conftest import DEMO_COURSE, DEMO_COURSE_ID
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.questions import api

pytestmark = pytest.mark.django_db

CSV = "id,type,text,answer\nn1,numeric,How many sides has a square?,4\nt1,text,Capital of Malawi?,Lilongwe\n"


def test_a_csv_import_prints_the_report(tmp_path, capsys, synced):
    path = tmp_path / "bank.csv"
    path.write_text(CSV)
    call_command("ve_edu_import_questions", COURSE_ID, str(path))
    out = capsys.readouterr().out
    assert "created row 2 n1 -> question" in out
    assert f"Imported csv into {COURSE_ID}: created=2, updated=0, unchanged=0, skipped=0, errors=0." in out
    assert api.Question.objects.count() == 2

    call_command("ve_edu_import_questions", COURSE_ID, str(path))
    assert "created=0, updated=0, unchanged=2" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(tmp_path, capsys, synced):
    path = tmp_path / "bank.txt"
    path.write_text(CSV)
    call_command("ve_edu_import_questions", COURSE_ID, str(path), "--format", "csv", "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run of a csv import" in out and "created=2" in out and "nothing written" in out
    assert not api.Question.objects.exists()


def test_the_demo_course_export_reports_what_it_skipped(capsys):
    course_key = CourseKey.from_string(DEMO_COURSE_ID)
    curriculum_api.sync_course_outline(course_key, trigger="command", olx_path=str(DEMO_COURSE))
    call_command("ve_edu_import_questions", DEMO_COURSE_ID, str(DEMO_COURSE))
    out = capsys.readouterr().out
    assert re.search(r"skipped problem/commercial_exchange_rates_practice\.xml .*customresponse", out)
    assert "skipped=1" in out and "created=17" in out


def test_invalid_rows_fail_with_every_error_and_write_nothing(tmp_path, capsys, synced):
    path = tmp_path / "bank.csv"
    path.write_text(CSV + "n2,numeric,,\nn3,essay,Hm?,1\n")
    with pytest.raises(CommandError, match=re.escape("invalid_import: 3 errors in the csv file; nothing was imported")):
        call_command("ve_edu_import_questions", COURSE_ID, str(path))
    err = capsys.readouterr().err
    assert "error row 4.text: required" in err and "error row 4.answer: required" in err
    assert "error row 5.type: must be one of" in err
    assert not api.Question.objects.exists()


@pytest.mark.parametrize(
    ("course_id", "name", "message"),
    [
        ("not a course", "bank.csv", "'not a course' is not a valid course id"),
        (COURSE_ID, "missing.csv", "invalid_request: Cannot read"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, course_id, name, message):
    (tmp_path / "bank.csv").write_text(CSV)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("ve_edu_import_questions", course_id, str(tmp_path / name))


def test_a_directory_must_be_an_olx_export(tmp_path, capsys):
    with pytest.raises(CommandError, match="only an OLX course export can be a directory"):
        call_command("ve_edu_import_questions", COURSE_ID, str(tmp_path), "--format", "csv")
    with pytest.raises(CommandError, match="1 error in the olx file"):
        call_command("ve_edu_import_questions", COURSE_ID, str(tmp_path))
    assert "error file: the export has no course.xml" in capsys.readouterr().err
