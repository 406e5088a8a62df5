"""Query budgets of the hot paths: a save, and finalising a session (pinned, whatever the answer count)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.assessments.conftest import BLOCK, answer, minutes, numeric_questions
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.finalise import SUBMIT, finalise_session

pytestmark = pytest.mark.django_db


def _session_with_answers(user, course, count: int, subtopics: bool):
    questions = numeric_questions(course)[:count]
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(questions))
    now = timezone.now()
    state = assessments_api.start_session(user, course.course_key, BLOCK, config, now=now)
    assessments_api.save_answers(user, BLOCK, [answer(q, "1") for q in questions], now=now)
    return state


def test_a_save_is_four_queries(make_user, learning_course):
    learner = make_user("ada")
    state = _session_with_answers(learner, learning_course, 2, True)
    question = state.questions[0]["question_id"]
    with CaptureQueriesContext(connection) as queries:
        assessments_api.save_answers(learner, BLOCK, [answer(question, "2")], now=state.started + minutes(1))
    data = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]  # the test's transaction
    assert len(data) <= 4, [q["sql"][:80] for q in data]


@pytest.mark.parametrize("count", [2, 8])
def test_finalising_costs_the_same_for_2_or_8_answers_before_mastery(make_user, learning_course, count):
    """Grading, logging and scoring: fixed queries; each answer with a subtopic adds its mastery update."""
    learner = make_user("ada")
    state = _session_with_answers(learner, learning_course, count, True)
    with CaptureQueriesContext(connection) as queries:
        finalise_session(state.id, reason=SUBMIT, now=state.started + minutes(2))
    mastery = [q for q in queries if "skillstate" in q["sql"].lower() or "masterytransition" in q["sql"].lower()]
    core = [q for q in queries if q not in mastery and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # Lock, saved answers, frozen versions, course mastery policy, attempt log insert, session update.
    assert len(core) <= 6, [q["sql"][:90] for q in core]
    assert len(mastery) <= 2 * count
