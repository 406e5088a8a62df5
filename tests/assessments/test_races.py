"""
Finalisation exactly once, on MariaDB with real threads and connections: a submit racing the
deadline task, and saves racing finalisation (every answer stored once and graded, or refused).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.assessments.conftest import BLOCK, answer, minutes, right_answer
from ve_edu_plugin import errors
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.finalise import DEADLINE, SUBMIT, finalise_session
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.attempts.models import Attempt

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _mariadb_only():
    if connection.vendor != "mysql":
        pytest.skip("the races are decided by MariaDB's row locks")


def _race(calls: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    failures: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


def test_submit_and_deadline_task_racing_finalise_once(make_user, learning_course, config):
    for round_ in range(5):
        learner, now = make_user(f"racer{round_}"), timezone.now()
        state = assessments_api.start_session(learner, learning_course.course_key, BLOCK, config, now=now)
        q1 = config.question_ids[0]
        assessments_api.save_answers(learner, BLOCK, [answer(q1, right_answer(q1, learning_course))], now=now)
        within_grace, after_grace = state.deadline + minutes(1), state.closes + minutes(1)
        calls: list[Callable[[], object]] = [
            partial(finalise_session, state.id, reason=SUBMIT, now=within_grace),
            partial(finalise_session, state.id, reason=DEADLINE, now=within_grace),
            partial(assessments_api.finalise_due, state.id, now=after_grace),
        ]
        results, failures = _race(calls)
        assert not failures, failures
        assert sum(1 for result in results if isinstance(result, AssessmentSession)) + results.count("finalised") == 1
        assert Attempt.objects.filter(user=learner).count() == 1
        session = AssessmentSession.objects.get(pk=state.id)
        assert session.finished == state.deadline and session.score == pytest.approx(1 / 5)


def test_saves_racing_finalisation_are_stored_and_graded_or_refused(make_user, learning_course, config):
    learner, now = make_user("saver"), timezone.now()
    assessments_api.start_session(learner, learning_course.course_key, BLOCK, config, now=now)
    questions = list(config.question_ids)

    def save(question_id: int) -> object:
        try:
            return assessments_api.save_answers(
                learner, BLOCK, [answer(question_id, right_answer(question_id, learning_course))], now=now
            )
        except errors.AssessmentClosedError:
            return "refused"

    calls: list[Callable[[], object]] = [partial(save, q) for q in questions]
    calls.append(lambda: assessments_api.submit_session(learner, BLOCK, now=now))
    results, failures = _race(calls)
    assert not failures, failures
    saved = set(SavedAnswer.objects.values_list("question_id", flat=True))
    graded = set(Attempt.objects.filter(user=learner).values_list("question_id", flat=True))
    assert saved == graded, "an answer stored after finalisation was never graded"
    assert len(saved) + results.count("refused") == len(questions)
