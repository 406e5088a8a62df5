"""
A course's analytics computed by a real Celery worker, fanned out per subtopic, and a burst of
answers giving one recompute (MariaDB and Redis shared with the worker, as in production).
"""

from __future__ import annotations

import time
import uuid

import pytest

from tests.analytics.seed import seed_answers
from tests.curriculum.test_celery_worker import send_to_worker, worker  # noqa: F401 -- the shared worker
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.analytics.models import AnalyticsRun, SkillFit
from ve_edu_plugin.attempts import api as attempts_api

#: Long enough for 1,000 answers through the api on a small, busy machine (10-25 s seen).
DEBOUNCE = 60

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _wait_for(condition, worker_info, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what}; worker log:\n{worker_info['log'].read_text()[-3000:]}")


def test_a_worker_computes_a_course_fanned_out_per_subtopic(learning_course, send_to_worker):  # noqa: F811
    questions = [learning_course.choice_question, *learning_course.practice_questions[learning_course.subtopic_ids[0]]]
    seed_answers(learning_course.course_key, questions, learners=25, seed=7)
    run = analytics_api.start_run(learning_course.course_key, trigger="staff")

    def finished() -> bool:
        run.refresh_from_db()
        return run.status == AnalyticsRun.DONE

    _wait_for(finished, send_to_worker, "the run did not finish")
    assert run.subtopics_done == len(learning_course.subtopic_ids) and run.subtopics_failed == []
    assert SkillFit.objects.filter(run=run).count() == len(learning_course.subtopic_ids)
    expected = 2 * len(learning_course.subtopic_ids)

    def logged() -> int:
        return send_to_worker["log"].read_text().count("ve_edu_plugin.tasks.compute_subtopic_analytics[")

    # The last task closes the run before the worker logs its success: wait for that line too.
    _wait_for(lambda: logged() >= expected, send_to_worker, "the worker did not log every task", timeout=10)
    assert logged() >= expected, "one task received and one succeeded per subtopic"


def test_a_burst_of_answers_gives_one_recompute(learning_course, send_to_worker, settings, make_user):  # noqa: F811
    settings.VE_EDU_ANALYTICS_DEBOUNCE_SECONDS = DEBOUNCE
    learners = [make_user(f"burst-{n}-{uuid.uuid4().hex[:4]}") for n in range(10)]
    question = learning_course.practice_questions[learning_course.subtopic_ids[0]][0]
    started = time.monotonic()
    for n in range(1000):
        attempts_api.submit_answer(
            learners[n % 10],
            learning_course.course_key,
            question,
            answer="1",
            client_key=uuid.uuid4().hex,
            policy=attempts_api.FeedbackPolicy(max_attempts=None),
        )
    assert time.monotonic() - started < DEBOUNCE, "the burst must fit in one debounce window"
    assert not AnalyticsRun.objects.exists(), "nothing runs inside the learners' requests"
    _wait_for(
        lambda: AnalyticsRun.objects.filter(course_key=learning_course.course_key, status="done").exists(),
        send_to_worker,
        "no run after the burst",
        timeout=DEBOUNCE + 60,
    )
    time.sleep(3)
    runs = AnalyticsRun.objects.filter(course_key=learning_course.course_key)
    assert runs.count() == 1 and runs.get().trigger == "answers"
