"""The submit path: query budget, idempotency under concurrent duplicates on MariaDB."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.mastery.models import SkillState

POLICY = attempts_api.FeedbackPolicy(max_attempts=None)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.mark.django_db(transaction=True)
def test_a_submit_takes_four_data_queries(learning_course):
    """
    Transactional, as in production (a test transaction would add savepoints). The budget counts
    data queries (summary and skill state locked together, attempt, summary, skill state: ADR 0003); the one
    transaction's BEGIN and COMMIT come on top.
    """
    learner = get_user_model().objects.create(username="budget")
    question = learning_course.choice_question
    attempts_api.submit_answer(
        learner, learning_course.course_key, question, answer="a", client_key=uuid.uuid4().hex, policy=POLICY
    )
    with CaptureQueriesContext(connection) as captured:
        outcome = attempts_api.submit_answer(
            learner, learning_course.course_key, question, answer="c", client_key=uuid.uuid4().hex, policy=POLICY
        )
    statements = [query["sql"] for query in captured.captured_queries]
    data = [sql for sql in statements if not sql.upper().startswith(TRANSACTION_CONTROL)]
    assert len(data) == 4, data
    assert len(statements) - len(data) <= 2, statements
    assert outcome.graded and outcome.mastery is not None
    state = SkillState.objects.get(user=learner)
    assert state.attempts == 2 and state.recent_results == "00"


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_record_one_attempt(learning_course):
    if connection.vendor != "mysql":
        pytest.skip("the race is decided by MariaDB's unique index")
    learner = get_user_model().objects.create(username="racer")
    key = uuid.uuid4().hex
    barrier = threading.Barrier(4)
    results: list[attempts_api.AnswerResult] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            outcome = attempts_api.submit_answer(
                learner,
                learning_course.course_key,
                learning_course.choice_question,
                answer="a",
                client_key=key,
                policy=POLICY,
            )
            results.append(outcome.result)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Attempt.objects.filter(user=learner).count() == 1
    assert sum(not result["duplicate"] for result in results) == 1
    assert {result["hint_level"] for result in results} == {1}
    assert SkillState.objects.get(user=learner).attempts == 1


@pytest.mark.django_db
def test_an_edit_reaches_the_next_answer_and_answers_keep_their_version(learning_course):
    """The question snapshot is cached; editing the question drops it, so the next answer sees v2."""
    from ve_edu_plugin.questions import api as questions_api

    learner = get_user_model().objects.create(username="editor_watch")
    key, question_id = learning_course.course_key, learning_course.choice_question
    first = attempts_api.submit_answer(
        learner, key, question_id, answer="d", client_key=uuid.uuid4().hex, policy=POLICY
    )
    assert not first.result["correct"]
    version = questions_api.get_question(key, question_id).current_version
    assert version is not None
    body = version.body
    body["choices"] = [{**choice, "correct": choice["id"] == "d"} for choice in body["choices"]]
    questions_api.update_question(question_id, course_key=key, body=body)
    second = attempts_api.submit_answer(
        learner, key, question_id, answer="d", client_key=uuid.uuid4().hex, policy=POLICY
    )
    assert second.result["correct"] and second.question["version"] == 2
    versions = list(
        Attempt.objects.filter(user=learner).order_by("id").values_list("question_version__number", flat=True)
    )
    assert versions == [1, 2]
