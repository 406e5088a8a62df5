"""A course with a small bank and a learner, for the timed-assessment tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest

from ve_edu_plugin.assessments import api as assessments_api

BLOCK = "block-v1:VE-EDU+MATH34+2026+type@ve_timed_assessment+block@test1"


def numeric_questions(course) -> list[int]:
    return [question for ids in course.practice_questions.values() for question in ids]


def right_answer(question_id: int, course) -> str:
    """The numeric bank questions ask to type 10 x subtopic id + n."""
    for subtopic, ids in course.practice_questions.items():
        if question_id in ids:
            return str(10 * subtopic + ids.index(question_id))
    raise AssertionError(question_id)


def answer(question_id: int, value: Any, *, at: datetime | None = None, key: str | None = None) -> dict[str, Any]:
    return {
        "question_id": question_id,
        "answer": value,
        "client_key": key or uuid.uuid4().hex,
        "client_time": at.isoformat() if at else None,
    }


@pytest.fixture
def config(learning_course):
    return assessments_api.AssessmentSettings(
        time_limit_minutes=10, grace_seconds=120, question_ids=tuple(numeric_questions(learning_course)[:5])
    )


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
