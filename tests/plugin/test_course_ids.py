"""Every management command reads a course id one way: ``management/course_ids.course_key_argument``."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.management.course_ids import course_key_argument

COMMANDS = Path(__file__).resolve().parents[2] / "ve_edu_plugin" / "management" / "commands"


def test_a_course_id_becomes_a_course_key():
    key = course_key_argument("course-v1:VE-EDU+MATH34+2026")
    assert isinstance(key, CourseKey) and str(key) == "course-v1:VE-EDU+MATH34+2026"


def test_a_malformed_course_id_is_an_argparse_type_error_naming_it():
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape("'not a course' is not a valid course id.")):
        course_key_argument("not a course")


@pytest.mark.parametrize(
    "argv",
    [
        ["ve_edu_sync_course", "not a course"],
        ["ve_edu_import_questions", "not a course", "bank.csv"],
        ["ve_edu_compute_analytics", "course-v1:VE-EDU+MATH34+2026", "not a course"],
        ["ve_edu_finalise_expired", "--course", "not a course"],
    ],
)
def test_every_command_refuses_a_malformed_course_id_before_doing_anything(argv):
    with pytest.raises(CommandError, match=re.escape("'not a course' is not a valid course id.")):
        call_command(*argv)


def test_no_command_parses_course_ids_by_itself():
    """The commands name ``course_key_argument`` as the argument's type; none parses a key itself."""
    for path in sorted(COMMANDS.glob("ve_edu_*.py")):
        source = path.read_text(encoding="utf-8")
        names = {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}
        assert "course_key_argument" in names, path.name
        assert "from_string" not in source and "parse_course_key" not in source, path.name
