"""
The timed assessment runs ``TimedAssessmentStartRequested`` before a session starts, and sends
``TIMED_ASSESSMENT_SUBMITTED`` (the learner's submit) and ``TIMED_ASSESSMENT_FINALISED`` (every
finalising path: submit, the Celery task at deadline + grace, the command, a late read) once per
session, only after the finalising transaction commits, round-tripping through the Avro serializer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from opaque_keys.edx.keys import UsageKey

from tests.assessments.conftest import BLOCK, answer, numeric_questions, right_answer
from tests.celery_conf import celery_conf
from tests.hooks import steps
from tests.hooks.event_tools import round_trip
from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.models import AssessmentSession
from ve_edu_plugin.errors import StoppedByExtensionError
from ve_edu_plugin.hooks import data, events
from ve_edu_plugin.hooks.filters import TimedAssessmentStartRequested
from ve_edu_plugin.tasks import finalise_assessment_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_the_plugin_events")]

REFUSE = steps.config(TimedAssessmentStartRequested.filter_type, steps.NotEligible)
RECORD = steps.config(TimedAssessmentStartRequested.filter_type, steps.RecordTimedStart)


@pytest.fixture
def exam(learning_course):
    return assessments_api.AssessmentSettings(
        time_limit_minutes=10, grace_seconds=120, question_ids=tuple(numeric_questions(learning_course)[:4])
    )


@pytest.fixture
def sent(received):
    """What the two timed assessment events sent, in order."""
    return received(events.TIMED_ASSESSMENT_SUBMITTED), received(events.TIMED_ASSESSMENT_FINALISED)


def _start(learner, course, config, now):
    return assessments_api.start_session(learner, course.course_key, BLOCK, config, now=now)


# --- the start filter ---------------------------------------------------------------------------


def test_a_refusing_step_stops_the_start_before_any_session(make_user, learning_course, exam):
    with override_settings(OPEN_EDX_FILTERS_CONFIG=REFUSE), pytest.raises(StoppedByExtensionError) as stopped:
        _start(make_user("ada"), learning_course, exam, timezone.now())
    assert stopped.value.code == "stopped_by_extension" and stopped.value.status == 403
    assert stopped.value.detail == "You are not registered for this exam."
    assert not AssessmentSession.objects.exists()


def test_the_step_sees_the_learner_course_and_block_once_per_new_session(make_user, learning_course, exam):
    learner, now = make_user("ada"), timezone.now()
    steps.SEEN.clear()
    with override_settings(OPEN_EDX_FILTERS_CONFIG=RECORD):
        first = _start(learner, learning_course, exam, now)
        resumed = _start(learner, learning_course, exam, now + timedelta(minutes=1))
    assert resumed.id == first.id
    assert [{"user_id": learner.id, "course_key": learning_course.course_key, "assessment_key": BLOCK}] == steps.SEEN


def test_the_start_handler_answers_stopped_by_extension_with_the_message(learning_course):
    ids = numeric_questions(learning_course)[:2]
    client = HandlerClient(f"<ve_timed_assessment question_ids='{ids}' time_limit_minutes='10'/>")
    with override_settings(OPEN_EDX_FILTERS_CONFIG=REFUSE):
        status, body = client.call("start", {})
    assert status == 403
    assert body["error"] == {"code": "stopped_by_extension", "message": "You are not registered for this exam."}
    assert client.call("state", {})[1]["status"] == "not_started"


# --- the events ---------------------------------------------------------------------------------


def _payload(session: AssessmentSession) -> data.TimedAssessmentAttemptData:
    assert session.score is not None and session.finished is not None, "a finalised session"
    return data.TimedAssessmentAttemptData(
        user_id=session.user_id,
        course_key=session.course_key,
        assessment_usage_key=UsageKey.from_string(BLOCK),
        attempt_id=session.pk,
        score=session.score / session.max_score,
        at=session.finished,
    )


def test_a_learners_submit_sends_submitted_then_finalised_once_after_commit(
    make_user, learning_course, exam, sent, django_capture_on_commit_callbacks
):
    submitted, finalised = sent
    learner, now = make_user("ada"), timezone.now()
    _start(learner, learning_course, exam, now)
    first = exam.question_ids[0]
    later = now + timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        assessments_api.submit_session(
            learner, BLOCK, answers=[answer(first, right_answer(first, learning_course))], now=later
        )
    assert submitted.calls == [] and finalised.calls == [], "sent before the submit committed"
    for callback in pending:
        callback()
    session = AssessmentSession.objects.get()
    assert session.status == AssessmentSession.SUBMITTED and session.score == pytest.approx(0.25)
    (sent_submit,), (sent_final,) = submitted.calls, finalised.calls
    assert sent_submit["attempt"] == sent_final["attempt"] == _payload(session)
    assert sent_final["attempt"].at == later
    round_trip(events.TIMED_ASSESSMENT_SUBMITTED, "attempt", sent_submit["attempt"])
    round_trip(events.TIMED_ASSESSMENT_FINALISED, "attempt", sent_final["attempt"])

    with django_capture_on_commit_callbacks(execute=True):
        assessments_api.submit_session(learner, BLOCK, now=later + timedelta(seconds=5))  # a second tap
    assert len(submitted.calls) == len(finalised.calls) == 1


def test_a_submit_rolled_back_sends_nothing(make_user, learning_course, exam, sent, django_capture_on_commit_callbacks):
    submitted, finalised = sent
    learner, now = make_user("ada"), timezone.now()
    _start(learner, learning_course, exam, now)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        assessments_api.submit_session(learner, BLOCK, now=now)
        raise RuntimeError("roll back")
    assert submitted.calls == [] and finalised.calls == []
    assert AssessmentSession.objects.get().status == AssessmentSession.OPEN


def test_the_celery_task_at_deadline_sends_finalised_only(
    make_user, learning_course, exam, sent, django_capture_on_commit_callbacks
):
    submitted, finalised = sent
    state = _start(make_user("ada"), learning_course, exam, timezone.now() - timedelta(minutes=30))
    with celery_conf(task_eager_propagates=True), django_capture_on_commit_callbacks(execute=True):
        result = finalise_assessment_session.delay(state.id).get()
        again = finalise_assessment_session.delay(state.id).get()  # a redelivered task
    assert (result["status"], again["status"]) == ("finalised", "closed")
    session = AssessmentSession.objects.get()
    assert session.status == AssessmentSession.EXPIRED
    assert submitted.calls == []
    (call,) = finalised.calls
    assert call["attempt"] == _payload(session) and call["attempt"].at == state.deadline
    round_trip(events.TIMED_ASSESSMENT_FINALISED, "attempt", call["attempt"])


def test_the_command_and_a_late_read_each_finalise_and_send_once(
    make_user, learning_course, exam, sent, django_capture_on_commit_callbacks
):
    submitted, finalised = sent
    ada, bo = make_user("ada"), make_user("bo")
    long_ago = timezone.now() - timedelta(minutes=30)
    _start(ada, learning_course, exam, long_ago)
    _start(bo, learning_course, exam, long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        late = assessments_api.current_session(bo, BLOCK)
        assert late is not None and late.status == AssessmentSession.EXPIRED  # a late read
        call_command("ve_edu_finalise_expired", "--course", str(learning_course.course_key))
        call_command("ve_edu_finalise_expired")  # nothing left: sends nothing
    assert submitted.calls == []
    by_user = {call["attempt"].user_id: call["attempt"] for call in finalised.calls}
    assert len(finalised.calls) == 2 and set(by_user) == {ada.id, bo.id}
    for session in AssessmentSession.objects.all():
        assert by_user[session.user_id] == _payload(session)
