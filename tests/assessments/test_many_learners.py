"""
Must show 5, scaled to the suite: learners saving concurrently on MariaDB, all reaching the deadline
together and finalised by concurrent sweeps. Every answer stored once, every session finalised
once, no error, no deadlock. ``benchmarks/timed_concurrency.py`` runs the full 300 x 20.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.assessments.conftest import BLOCK, numeric_questions, right_answer
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.attempts.models import Attempt

pytestmark = pytest.mark.django_db(transaction=True)
LEARNERS = 24


@pytest.fixture(autouse=True)
def _mariadb_only():
    if connection.vendor != "mysql":
        pytest.skip("concurrency is decided by MariaDB's row locks")


def test_learners_save_concurrently_and_are_finalised_once(make_user, learning_course):
    questions = numeric_questions(learning_course)
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(questions))
    start = timezone.now()
    learners = [make_user(f"many{n}") for n in range(LEARNERS)]
    for learner in learners:
        assessments_api.start_session(learner, learning_course.course_key, BLOCK, config, now=start)
    deadline = start + timedelta(minutes=10)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(learner) -> None:
        try:
            for n, question in enumerate(questions):  # each answer saved, then changed, then resent
                first = {"question_id": question, "answer": "0", "client_key": uuid.uuid4().hex}
                final = {"question_id": question, "answer": right_answer(question, learning_course)}
                final["client_key"] = uuid.uuid4().hex
                at = start + timedelta(seconds=n + 1)
                assessments_api.save_answers(learner, BLOCK, [first], now=at)
                assessments_api.save_answers(learner, BLOCK, [final], now=at + timedelta(seconds=1))
                assessments_api.save_answers(learner, BLOCK, [final], now=at + timedelta(seconds=2))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with lock:
                failures.append(exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, learners))
    assert not failures, failures[:3]
    assert SavedAnswer.objects.count() == LEARNERS * len(questions)

    after = deadline + timedelta(minutes=3)

    def sweep(_n: int) -> int:
        try:
            return assessments_api.finalise_expired(now=after)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        finalised = sum(pool.map(sweep, range(4)))
    assert finalised == LEARNERS
    assert set(AssessmentSession.objects.values_list("status", flat=True)) == {"expired"}
    assert set(AssessmentSession.objects.values_list("finished", flat=True)) == {deadline}
    assert Attempt.objects.filter(block_usage_key=BLOCK).count() == LEARNERS * len(questions)
    assert set(AssessmentSession.objects.values_list("score", flat=True)) == {1.0}
