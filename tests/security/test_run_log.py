"""One structured log line per outline sync and per question import, failures included."""

from __future__ import annotations

import logging

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db


def _lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "ve_edu_plugin.runs"]


def test_a_sync_logs_one_line_with_its_counts(tmp_path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="ve_edu_plugin.runs")
    export = write_export(tmp_path, grid(2, 2))
    curriculum_api.sync_course_outline(CourseKey.from_string(COURSE_ID), trigger="command", olx_path=str(export))
    (line,) = _lines(caplog)
    assert line.startswith("ve_edu.run kind=sync ") and f"course={COURSE_ID}" in line
    assert "add_topic=2" in line and "status=ok" in line and "duration_ms=" in line


def test_a_failed_import_logs_one_line_with_its_code(caplog) -> None:
    caplog.set_level(logging.INFO, logger="ve_edu_plugin.runs")
    with pytest.raises(questions_api.QuestionImportError):
        questions_api.import_questions(CourseKey.from_string(COURSE_ID), b"{not json", filename="bank.json")
    (line,) = _lines(caplog)
    assert line.startswith("ve_edu.run kind=import ") and "status=failed" in line and "error=invalid_import" in line
    assert "filename=bank.json" in line and "bytes=9" in line
