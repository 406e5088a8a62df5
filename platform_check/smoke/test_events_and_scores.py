"""
What the plugin sends into the platform fits the versions the platform pins.

* Its openedx-events are valid signals of the pinned openedx-events: registered by type, sent
  with their data checked, and serialised and read back by the event bus's Avro serializer.
* Its openedx-filters run with the pinned openedx-filters (no pipeline configured: unchanged).
* A timed assessment's score goes through the pinned edx-submissions as the LMS grades app
  expects it: a submission for the learner's anonymous id, then ``set_score`` (``score_set``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import COURSE_ID

pytestmark = pytest.mark.django_db

USAGE = "block-v1:VE+MATH101+2026+type@ve_timed_assessment+block@smoke"


def _samples() -> dict[str, dict[str, Any]]:
    from opaque_keys.edx.keys import CourseKey, UsageKey

    from ve_edu_plugin.hooks import data

    course = CourseKey.from_string(COURSE_ID)
    usage = UsageKey.from_string(USAGE)
    now = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)
    attempt = data.TimedAssessmentAttemptData(
        user_id=3, course_key=course, assessment_usage_key=usage, attempt_id=7, score=0.5, at=now
    )
    return {
        "org.openedx.ve_edu.mastery.subtopic.reached.v1": {
            "mastery": data.SubtopicMasteryData(
                user_id=3, course_key=course, subtopic_id=5, subtopic_usage_key=usage, p_mastery=0.96, reached_at=now
            )
        },
        "org.openedx.ve_edu.assessments.timed.submitted.v1": {"attempt": attempt},
        "org.openedx.ve_edu.assessments.timed.finalised.v1": {"attempt": attempt},
        "org.openedx.ve_edu.curriculum.outline_sync.finished.v1": {
            "sync": data.OutlineSyncData(
                course_key=course, sync_run_id=2, trigger="publish", counts={"add_topic": 2}, finished_at=now
            )
        },
        "org.openedx.ve_edu.analytics.item_analysis.finished.v1": {
            "analysis": data.ItemAnalysisData(
                course_key=course, questions_analysed=4, attempts_analysed=90, finished_at=now
            )
        },
    }


def test_every_event_is_a_registered_signal_that_sends_and_survives_the_event_bus() -> None:
    from openedx_events.event_bus.avro.deserializer import deserialize_bytes_to_event_data
    from openedx_events.event_bus.avro.serializer import serialize_event_data_to_bytes
    from openedx_events.tooling import OpenEdxPublicSignal

    from ve_edu_plugin.hooks import events

    samples = _samples()
    signals = [getattr(events, name) for name in events.__all__]
    assert sorted(signal.event_type for signal in signals) == sorted(samples)
    for signal in signals:
        assert OpenEdxPublicSignal.get_signal_by_type(signal.event_type) is signal
        received: list[dict[str, Any]] = []

        def receiver(**kwargs: Any) -> None:
            received.append(kwargs)  # noqa: B023 - used before the loop moves on

        signal.connect(receiver, weak=False)
        try:
            signal.send_event(send_robust=False, **samples[signal.event_type])
        finally:
            signal.disconnect(receiver)
        assert len(received) == 1 and received[0]["metadata"].event_type == signal.event_type
        ((name, payload),) = samples[signal.event_type].items()
        wire = serialize_event_data_to_bytes(samples[signal.event_type], signal)
        assert deserialize_bytes_to_event_data(wire, signal) == {name: payload}


def test_the_plugins_filters_run_unchanged_without_a_pipeline() -> None:
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.hooks.filters import QuestionImportRequested, TimedAssessmentStartRequested

    course = CourseKey.from_string(COURSE_ID)
    questions = ["q1", "q2"]
    assert (
        QuestionImportRequested.run_filter(course_key=course, file_format="json", questions=questions, dry_run=True)
        == questions
    )
    assert TimedAssessmentStartRequested.run_filter(user_id=3, course_key=course, assessment_key=USAGE) == (
        3,
        course,
        USAGE,
    )


def test_a_timed_score_reaches_edx_submissions_as_the_grades_app_reads_it(
    settings: Any, make_user: Any, course_key: Any
) -> None:
    from common.djangoapps.student.models import anonymous_id_for_user
    from submissions import api as submissions_api
    from submissions.models import score_set

    from ve_edu_plugin.platform import api as platform_api

    settings.VE_EDU_PLATFORM_BACKEND = "platform"
    learner = make_user()
    anonymous_id = anonymous_id_for_user(learner, course_key)
    heard: list[dict[str, Any]] = []

    def listener(sender: Any, **kwargs: Any) -> None:
        heard.append(kwargs)

    # Only this listener: the grades app's own one would rebuild the course's grades from the
    # modulestore, which needs MongoDB (see docs/platform-check.rst).
    saved, score_set.receivers = score_set.receivers, []
    score_set.sender_receivers_cache.clear()
    score_set.connect(listener, weak=False)
    try:
        uuid = platform_api.record_score(
            learner.id,
            course_key,
            USAGE,
            anonymous_student_id=anonymous_id,
            earned=3,
            possible=4,
            answers={"answers": {}},
            questions=4,
        )
    finally:
        score_set.receivers = saved
        score_set.sender_receivers_cache.clear()
    assert uuid
    item = {
        "student_id": anonymous_id,
        "course_id": str(course_key),
        "item_id": USAGE,
        "item_type": "ve_timed_assessment",
    }
    score = submissions_api.get_score(item)
    assert score is not None and score["points_possible"] > 0
    assert score["points_earned"] / score["points_possible"] == pytest.approx(0.75)
    assert len(heard) == 1 and heard[0]["anonymous_user_id"] == anonymous_id and heard[0]["item_id"] == USAGE
