"""Fixtures of the question bank tests: a synced 3 x 3 course outline, staff and a learner, bodies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID, grid, usage_key, write_export
from ve_edu_plugin.curriculum import api as curriculum_api

DEMO_COURSE = Path(__file__).resolve().parents[2] / "ve_edu_plugin" / "demo" / "course"
DEMO_COURSE_ID = "course-v1:VE-EDU+MATH34+2026"

CHOICE_BODY: dict[str, Any] = {
    "text": "<p>Which value of x solves x + 2 = 5?</p>",
    "choices": [
        {"id": "a", "text": "2", "correct": False, "feedback": "<p>2 + 2 is not 5.</p>"},
        {"id": "b", "text": "3", "correct": True},
        {"id": "c", "text": "7", "correct": False},
    ],
    "hints": ["<p>Subtract 2 from both sides.</p>", "<p>5 - 2 = ?</p>"],
    "solution": "<p>x = 5 - 2 = 3.</p>",
}
NUMERIC_BODY: dict[str, Any] = {"text": "<p>Area of a 3 by 4 rectangle?</p>", "value": 12, "tolerance": "1%"}


def seq_key(url_name: str, **course: str) -> str:
    return usage_key("sequential", url_name, **course)


@pytest.fixture
def course_key() -> CourseKey:
    return CourseKey.from_string(COURSE_ID)


@pytest.fixture
def synced(tmp_path, course_key) -> dict[str, int]:
    """Sync a 3 x 3 outline; returns subtopic id by sequential url_name (``ch0_s0`` ... ``ch2_s2``)."""
    export = write_export(tmp_path / "outline", grid(3, 3))
    curriculum_api.sync_course_outline(course_key, trigger="command", olx_path=str(export))
    return {
        str(subtopic.usage_key).rsplit("@", 1)[1]: subtopic.id
        for subtopic in curriculum_api.Subtopic.objects.filter(course_key=course_key)
    }


@pytest.fixture
def staff(course_member, course_key):
    return course_member("teacher", course_key, "staff")


@pytest.fixture
def learner(course_member, course_key):
    return course_member("learner", course_key, "learner")
