"""
Finalisation by a real Celery worker at deadline + grace, and what happens when it is missing.

The worker is a separate process sharing the test database (MariaDB) and the broker (Redis), as
the LMS and its workers do. Must show 1 (browser closed: the worker finalises and the score
reaches edx-submissions), 2 (worker stopped: the command, a learner's request and a staff list
finalise; the late task is a no-op)
and 3 (broker unreachable at start: start succeeds, the lazy path finalises).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import current_app
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.assessments.conftest import BLOCK, answer, right_answer
from tests.celery_conf import celery_conf
from tests.host import services
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.models import AssessmentSession
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.tasks import finalise_assessment_session

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker process for the module, on a queue of its own, with the platform score path."""
    services.require_worker_services()
    queue = f"ve_edu_test_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        database = connection.settings_dict["NAME"]
    overrides = {"VE_EDU_CELERY_QUEUE": queue, "VE_EDU_PLATFORM_BACKEND": "platform"}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.host.settings.lms_test",
        "VE_EDU_CELERY_EAGER": "false",
        "VE_EDU_MYSQL_DATABASE": database,
        "VE_EDU_HOST_OVERRIDES": json.dumps(overrides),
    }
    log = Path(tmp_path_factory.mktemp("worker")) / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "tests.host.celery:app", "worker", "-Q", queue]
    command += ["--concurrency", "2", "--pool", "threads", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    with open(log, "w") as log_file:
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text() and time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    yield {"queue": queue, "overrides": overrides, "log": log}
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def send_to_worker(worker, settings):
    for name, value in worker["overrides"].items():
        setattr(settings, name, value)
    with celery_conf(task_always_eager=False):
        yield worker


def _fresh_broker_pools() -> None:
    """Make the app build its connection and producer pools again from its current broker URL."""
    current_app._pool = None
    current_app.amqp._producer_pool = None


def _short(config) -> assessments_api.AssessmentSettings:
    return assessments_api.AssessmentSettings(
        time_limit_minutes=3 / 60, grace_seconds=2, question_ids=config.question_ids
    )


def _wait_until_closed(session_id: int, worker, timeout: float = 30) -> AssessmentSession:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session = AssessmentSession.objects.get(pk=session_id)
        if session.status != AssessmentSession.OPEN:
            return session
        time.sleep(0.2)
    pytest.fail(f"the worker did not finalise session {session_id}; log:\n{worker['log'].read_text()[-3000:]}")


def test_browser_closed_the_worker_finalises_at_deadline_plus_grace(send_to_worker, make_user, learning_course, config):
    from submissions import api as submissions_api

    learner = make_user("closed-browser")
    start = timezone.now()
    state = assessments_api.start_session(
        learner, learning_course.course_key, BLOCK, _short(config), anonymous_student_id="anon-cb", now=start
    )
    first_three = config.question_ids[:3]
    saved = [answer(q, right_answer(q, learning_course)) for q in first_three[:2]] + [answer(first_three[2], "0")]
    assessments_api.save_answers(learner, BLOCK, saved)
    assert AssessmentSession.objects.get(pk=state.id).status == AssessmentSession.OPEN  # nobody submits
    session = _wait_until_closed(state.id, send_to_worker)
    assert timezone.now() >= state.closes, "finalised before deadline + grace"
    assert session.status == AssessmentSession.EXPIRED and session.finalised_by == "deadline"
    assert session.finished == state.deadline
    assert sorted(Attempt.objects.filter(user=learner).values_list("question_id", "correct")) == sorted(
        [(first_three[0], True), (first_three[1], True), (first_three[2], False)]
    )
    item = {"student_id": "anon-cb", "course_id": str(learning_course.course_key), "item_id": BLOCK}
    score = submissions_api.get_score({**item, "item_type": "ve_timed_assessment"})
    assert (score["points_earned"], score["points_possible"]) == (200, 500)


def test_worker_stopped_the_command_finalises_and_the_late_task_is_a_no_op(
    send_to_worker, make_user, learning_course, config, settings
):
    learner = make_user("stopped-worker")
    settings.VE_EDU_CELERY_QUEUE = f"nobody_listens_{uuid.uuid4().hex[:8]}"  # the task waits in a dead queue
    state = assessments_api.start_session(
        learner, learning_course.course_key, BLOCK, _short(config), anonymous_student_id="anon-sw"
    )
    q1 = config.question_ids[0]
    assessments_api.save_answers(learner, BLOCK, [answer(q1, right_answer(q1, learning_course))])
    time.sleep(max((state.closes - timezone.now()).total_seconds(), 0) + 0.5)
    assert AssessmentSession.objects.get(pk=state.id).status == AssessmentSession.OPEN
    call_command("ve_edu_finalise_expired")
    session = AssessmentSession.objects.get(pk=state.id)
    assert session.status == AssessmentSession.EXPIRED and session.finished == state.deadline
    # The worker comes back and runs the task: nothing is graded twice.
    result = finalise_assessment_session.apply_async(args=[state.id], queue=send_to_worker["queue"])
    done = f"[{result.id}] succeeded"
    deadline = time.monotonic() + 20
    while done not in send_to_worker["log"].read_text():
        assert time.monotonic() < deadline, send_to_worker["log"].read_text()[-3000:]
        time.sleep(0.2)
    assert "'status': 'closed'" in send_to_worker["log"].read_text().split(done, 1)[1].splitlines()[0]
    assert Attempt.objects.filter(user=learner).count() == 1
    assert AssessmentSession.objects.get(pk=state.id).finished == state.deadline


def _wait_for_task(worker, task_id: str) -> str:
    """The worker's log line saying what the task returned."""
    done = f"[{task_id}] succeeded"
    deadline = time.monotonic() + 20
    while done not in worker["log"].read_text():
        assert time.monotonic() < deadline, worker["log"].read_text()[-3000:]
        time.sleep(0.2)
    return worker["log"].read_text().split(done, 1)[1].splitlines()[0]


def test_worker_stopped_the_next_learner_or_staff_request_finalises(
    send_to_worker, make_user, learning_course, config, settings
):
    """Must show 2, the request paths: a learner's own request and a staff list each finalise, once."""
    settings.VE_EDU_CELERY_QUEUE = f"nobody_listens_{uuid.uuid4().hex[:8]}"
    learner, other = make_user("stopped-learner"), make_user("stopped-listed")
    q1 = config.question_ids[0]
    states = {}
    for user in (learner, other):
        states[user.id] = assessments_api.start_session(
            user, learning_course.course_key, BLOCK, _short(config), anonymous_student_id=f"anon-{user.id}"
        )
        assessments_api.save_answers(user, BLOCK, [answer(q1, right_answer(q1, learning_course))])
    closes = max(state.closes for state in states.values())
    time.sleep(max((closes - timezone.now()).total_seconds(), 0) + 0.5)
    assert set(AssessmentSession.objects.values_list("status", flat=True)) == {AssessmentSession.OPEN}
    mine = assessments_api.current_session(learner, BLOCK)  # the learner opens the block again
    assert mine is not None and mine.status == AssessmentSession.EXPIRED
    assert AssessmentSession.objects.get(pk=states[other.id].id).status == AssessmentSession.OPEN
    listed = {s.pk: s for s in assessments_api.sessions_of(learning_course.course_key)}  # staff list the sessions
    assert listed[states[other.id].id].status == AssessmentSession.EXPIRED
    for state in states.values():  # the worker comes back and runs both tasks
        result = finalise_assessment_session.apply_async(args=[state.id], queue=send_to_worker["queue"])
        assert "'status': 'closed'" in _wait_for_task(send_to_worker, result.id)
        assert AssessmentSession.objects.get(pk=state.id).finished == state.deadline
    assert Attempt.objects.filter(user__in=[learner, other]).count() == 2


def test_broker_unreachable_at_start_does_not_stop_it(make_user, learning_course, config, caplog):
    learner = make_user("no-broker")
    try:
        with celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0"):
            _fresh_broker_pools()  # the app's pools were made for the real broker
            began = time.monotonic()
            minute = assessments_api.AssessmentSettings(time_limit_minutes=1, question_ids=config.question_ids)
            state = assessments_api.start_session(learner, learning_course.course_key, BLOCK, minute)
            assert time.monotonic() - began < 10
    finally:
        _fresh_broker_pools()  # back to the real broker for the tests that follow (nothing closed)
    assert state.status == "open"
    assert "Could not schedule finalisation" in caplog.text
    q1 = config.question_ids[0]
    assessments_api.save_answers(learner, BLOCK, [answer(q1, right_answer(q1, learning_course))])
    later = state.closes + (state.closes - state.deadline)
    current = assessments_api.current_session(learner, BLOCK, now=later)
    assert current is not None and current.status == AssessmentSession.EXPIRED
    assert Attempt.objects.filter(user=learner).count() == 1
