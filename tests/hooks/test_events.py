"""
Each event is sent once per action with the documented payload, only after the transaction
commits, and round-trips through openedx-events' event-bus Avro serializer.

Events are isolated with openedx-events' own ``OpenEdxEventsTestMixin`` (only the plugin's are
enabled, and a failing receiver fails the test); after-commit behaviour is checked with Django's
captured on-commit callbacks.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import transaction
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.tooling import OpenEdxPublicSignal

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export
from tests.hooks.event_tools import round_trip as _round_trip
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.hooks import data, events

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("only_the_plugin_events")]
POLICY = attempts_api.FeedbackPolicy(max_attempts=None)
ALL = (
    events.SUBTOPIC_MASTERY_REACHED,
    events.TIMED_ASSESSMENT_SUBMITTED,
    events.TIMED_ASSESSMENT_FINALISED,
    events.COURSE_OUTLINE_SYNC_FINISHED,
    events.ITEM_ANALYSIS_FINISHED,
)
COURSE = CourseKey.from_string(COURSE_ID)
EXAM = UsageKey.from_string(f"block-v1:{COURSE_ID[len('course-v1:') :]}+type@ve_timed_assessment+block@exam")


def test_every_event_type_follows_the_open_edx_naming():
    for signal in ALL:
        assert signal.event_type.startswith("org.openedx.ve_edu.") and signal.event_type.endswith(".v1")
        assert OpenEdxPublicSignal.get_signal_by_type(signal.event_type) is signal


# --- mastery reached ---------------------------------------------------------------------------


def _answer(learner, course, question_id: int, answer: str) -> Any:
    return attempts_api.submit_answer(
        learner,
        course.course_key,
        question_id,
        answer=answer,
        client_key=uuid.uuid4().hex,
        policy=POLICY,
        mastery_policy={"kind": "correct_in_a_row", "count": 2},
    )


def test_mastery_reached_is_sent_once_after_the_answer_commits(
    learning_course, make_user, received, django_capture_on_commit_callbacks
):
    learner = make_user("learner")
    subtopic_id = learning_course.subtopic_ids[0]
    first, second, third = learning_course.practice_questions[subtopic_id][:3]
    reached = received(events.SUBTOPIC_MASTERY_REACHED)

    _answer(learner, learning_course, first, str(10 * subtopic_id))
    with django_capture_on_commit_callbacks(execute=False) as pending:
        outcome = _answer(learner, learning_course, second, str(10 * subtopic_id + 1))
    assert outcome.mastery is not None and outcome.mastery["transition"] == "reached"
    assert reached.calls == [], "sent before the answer's transaction committed"
    for callback in pending:
        callback()
    (call,) = reached.calls
    payload = call["mastery"]
    subtopic = curriculum_api.Subtopic.objects.get(pk=subtopic_id)
    assert payload == data.SubtopicMasteryData(
        user_id=learner.id,
        course_key=learning_course.course_key,
        subtopic_id=subtopic_id,
        subtopic_usage_key=subtopic.usage_key,
        p_mastery=payload.p_mastery,
        reached_at=payload.reached_at,
    )
    assert 0 < payload.p_mastery <= 1 and payload.reached_at.tzinfo is not None
    assert call["metadata"].event_type == events.SUBTOPIC_MASTERY_REACHED.event_type
    _round_trip(events.SUBTOPIC_MASTERY_REACHED, "mastery", payload)

    _answer(learner, learning_course, third, str(10 * subtopic_id + 2))
    assert len(reached.calls) == 1, "still mastered: no second event"


def test_mastery_reached_in_a_rolled_back_transaction_is_never_sent(
    learning_course, make_user, received, django_capture_on_commit_callbacks
):
    learner = make_user("learner")
    subtopic_id = learning_course.subtopic_ids[0]
    first, second = learning_course.practice_questions[subtopic_id][:2]
    reached = received(events.SUBTOPIC_MASTERY_REACHED)
    _answer(learner, learning_course, first, str(10 * subtopic_id))
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outcome = _answer(learner, learning_course, second, str(10 * subtopic_id + 1))
            assert outcome.mastery is not None and outcome.mastery["transition"] == "reached"
            raise RuntimeError("roll back")
        assert reached.calls == []
        again = _answer(learner, learning_course, second, str(10 * subtopic_id + 1))
    assert again.mastery is not None and again.mastery["transition"] == "reached"
    assert len(reached.calls) == 1


# --- outline sync ------------------------------------------------------------------------------


def test_an_outline_sync_sends_its_counts_once_after_commit(tmp_path, received, django_capture_on_commit_callbacks):
    finished = received(events.COURSE_OUTLINE_SYNC_FINISHED)
    export = str(write_export(tmp_path / "olx", grid(2, 3)))
    curriculum_api.sync_course_outline(COURSE, trigger="command", olx_path=export, dry_run=True)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        outcome = curriculum_api.sync_course_outline(COURSE, trigger="command", olx_path=export)
    assert finished.calls == [], "a dry run sends nothing, and a sync only after commit"
    for callback in pending:
        callback()
    (call,) = finished.calls
    payload = call["sync"]
    assert payload.course_key == COURSE and payload.sync_run_id == outcome.sync_id and payload.trigger == "command"
    assert payload.counts == outcome.plan.counts() == {"add_topic": 2, "add_subtopic": 6}
    _round_trip(events.COURSE_OUTLINE_SYNC_FINISHED, "sync", payload)


def test_a_failed_outline_sync_sends_nothing(tmp_path, received, django_capture_on_commit_callbacks):
    finished = received(events.COURSE_OUTLINE_SYNC_FINISHED)
    with django_capture_on_commit_callbacks(execute=True) as pending, pytest.raises(Exception):  # the reader's error
        curriculum_api.sync_course_outline(COURSE, trigger="command", olx_path=str(tmp_path / "missing"))
    assert finished.calls == [] and pending == []


# --- defined for the timed assessment and analytics capabilities --------------------------------


@pytest.mark.parametrize(
    ("send", "signal", "name"),
    [
        (
            lambda: hooks_api.timed_assessment_submitted(1, COURSE, assessment_key=EXAM, attempt_id=7, score=0.5),
            events.TIMED_ASSESSMENT_SUBMITTED,
            "attempt",
        ),
        (
            lambda: hooks_api.timed_assessment_finalised(1, COURSE, assessment_key=EXAM, attempt_id=7, score=0.75),
            events.TIMED_ASSESSMENT_FINALISED,
            "attempt",
        ),
        (
            lambda: hooks_api.item_analysis_finished(COURSE, questions_analysed=40, attempts_analysed=1200),
            events.ITEM_ANALYSIS_FINISHED,
            "analysis",
        ),
    ],
)
def test_the_helpers_send_once_after_commit_and_round_trip(
    send, signal, name, received, django_capture_on_commit_callbacks
):
    seen = received(signal)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            send()
            raise RuntimeError("roll back")
        with transaction.atomic():
            send()
            assert seen.calls == []
    (call,) = seen.calls
    _round_trip(signal, name, call[name])


def test_payloads_carry_ids_and_keys_only():
    """No text, answers or names: every field is an id, a key, a number, a time or counts."""
    allowed = {int, float, str, datetime, CourseKey, UsageKey, dict[str, int]}
    for payload_class in (
        data.SubtopicMasteryData,
        data.TimedAssessmentAttemptData,
        data.OutlineSyncData,
        data.ItemAnalysisData,
    ):
        for field in payload_class.__attrs_attrs__:
            assert field.type in allowed, (payload_class.__name__, field.name)
    assert {field.name for field in data.OutlineSyncData.__attrs_attrs__ if field.type is str} == {"trigger"}


def test_a_payload_round_trips_with_every_field_type():
    payload = data.TimedAssessmentAttemptData(
        user_id=3, course_key=COURSE, assessment_usage_key=EXAM, attempt_id=9, score=1.0, at=datetime.now(UTC)
    )
    _round_trip(events.TIMED_ASSESSMENT_FINALISED, "attempt", payload)
