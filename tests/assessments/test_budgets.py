"""Query budgets of the hot paths: a save, and finalising a session (pinned, whatever the answer count)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.assessments.conftest import BLOCK, answer, minutes, numeric_questions
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.finalise import SUBMIT, finalise_session
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db

BUDGET = 9  # lock, saved answers, versions, attempt log, session, policy, tracing read + upsert, transitions


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


def _statements(queries: CaptureQueriesContext) -> list[str]:
    """What the code under test sent (the test's own transaction savepoints left out)."""
    return [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


@pytest.mark.parametrize("count", [1, 20])
def test_finalising_costs_the_same_for_1_or_20_answers(make_user, learning_course, count):
    """Grading, logging, scoring and knowledge tracing: a fixed number of statements per session."""
    subtopics = list(learning_course.practice_questions)
    questions = [
        questions_api.create_question(
            learning_course.course_key,
            question_type="numeric",
            body={"text": f"<p>Type {n}.</p>", "value": n, "tolerance": "1%"},
            fields=questions_api.QuestionFields(subtopic_id=subtopics[n % len(subtopics)], status="published"),
        ).id
        for n in range(count)
    ]
    learner = make_user("ada")
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(questions))
    state = assessments_api.start_session(learner, learning_course.course_key, BLOCK, config, now=timezone.now())
    assessments_api.save_answers(learner, BLOCK, [answer(q, "1") for q in questions], now=state.started)
    with CaptureQueriesContext(connection) as queries:
        finalise_session(state.id, reason=SUBMIT, now=state.started + minutes(2))
    statements = _statements(queries)
    assert len(statements) <= BUDGET, statements
    tracing = [sql for sql in statements if "skillstate" in sql.lower()]
    assert len(tracing) == 2, tracing  # one locking read, one upsert, whatever the answer count
    assert SkillState.objects.filter(user=learner).aggregate(n=Sum("attempts"))["n"] == count
    assert Attempt.objects.filter(user_id=learner.id).count() == count
