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
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db

# The session locked with its saved answers, the attempt log, the session, knowledge tracing's
# locked read and upsert (the frozen versions come from the questions' cached snapshots).
BUDGET = 5


def _session_with_answers(user, course, count: int, subtopics: bool):
    questions = numeric_questions(course)[:count]
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(questions))
    now = timezone.now()
    state = assessments_api.start_session(user, course.course_key, BLOCK, config, now=now)
    assessments_api.save_answers(user, BLOCK, [answer(q, "1") for q in questions], now=now)
    return state


def test_a_save_is_two_queries(make_user, learning_course):
    learner = make_user("ada")
    state = _session_with_answers(learner, learning_course, 2, True)
    question = state.questions[0]["question_id"]
    with CaptureQueriesContext(connection) as queries:
        assessments_api.save_answers(learner, BLOCK, [answer(question, "2")], now=state.started + minutes(1))
    data = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]  # the test's transaction
    assert len(data) <= (2 if connection.vendor == "mysql" else 4), [q["sql"][:80] for q in data]


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
    attempts_api.course_policy(learning_course.course_key)  # the process keeps it, as for practice answers
    with CaptureQueriesContext(connection) as queries:
        finalise_session(state.id, reason=SUBMIT, now=state.started + minutes(2))
    statements = _statements(queries)
    assert len(statements) <= BUDGET, statements
    tracing = [sql for sql in statements if "skillstate" in sql.lower()]
    assert len(tracing) == 2, tracing  # one locking read, one upsert, whatever the answer count
    assert SkillState.objects.filter(user=learner).aggregate(n=Sum("attempts"))["n"] == count
    assert Attempt.objects.filter(user_id=learner.id).count() == count


def test_a_question_edited_during_the_test_is_graded_against_the_frozen_version(make_user, learning_course):
    """Snapshots serve current versions only; an edited question's frozen version is read from the database."""
    key = learning_course.course_key
    subtopic = next(iter(learning_course.practice_questions))
    kept, edited = (
        questions_api.create_question(
            key,
            question_type="numeric",
            body={"text": f"<p>Type {n}.</p>", "value": n, "tolerance": "1%"},
            fields=questions_api.QuestionFields(subtopic_id=subtopic, status="published"),
        ).id
        for n in (5, 7)
    )
    learner = make_user("ada")
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=(kept, edited))
    state = assessments_api.start_session(learner, key, BLOCK, config, now=timezone.now())
    changed = {"text": "<p>Type 8.</p>", "value": 8, "tolerance": "1%"}
    questions_api.update_question(edited, course_key=key, body=changed)
    assessments_api.save_answers(learner, BLOCK, [answer(kept, "5"), answer(edited, "7")], now=state.started)
    session = finalise_session(state.id, reason=SUBMIT, now=state.started + minutes(2))
    assert session is not None and session.results == {str(kept): [1.0, True], str(edited): [1.0, True]}
    frozen = {entry["question_id"]: entry["version_id"] for entry in state.questions}
    logged = dict(Attempt.objects.filter(user_id=learner.id).values_list("question_id", "question_version_id"))
    assert logged == frozen
    assert questions_api.question_snapshot(key, edited).version_id != frozen[edited]
    assert SkillState.objects.get(user=learner, subtopic_id=subtopic).attempts == 2
