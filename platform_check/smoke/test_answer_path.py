"""
An answer recorded on the platform's database connection and settings: its router list (the
read-replica router included), its user model and its transaction settings, through the same
written statements the answer path uses in production (ADR 0003); and the staff question list,
whose page statement is compiled once per set of filters (ADR 0005).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from conftest import COURSE_ID, only_in_lms

pytestmark = [pytest.mark.django_db(transaction=True), only_in_lms]

BLOCK = "block-v1:VE+MATH101+2026+type@ve_question+block@q1"


def _question(course_key: Any) -> int:
    """A published single-choice question in the course's one subtopic (synced from an outline)."""
    from ve_edu_plugin.curriculum import api as curriculum_api
    from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
    from ve_edu_plugin.curriculum.sync import sync_outline
    from ve_edu_plugin.questions import api as questions_api

    block = COURSE_ID.replace("course-v1:", "block-v1:") + "+type@"
    outline = CourseOutline(
        COURSE_ID,
        "Smoke",
        (
            OutlineSection(
                f"{block}chapter+block@c0",
                "Algebra",
                subsections=(OutlineSubsection(f"{block}sequential+block@s0", "Quadratics"),),
            ),
        ),
    )
    sync_outline(course_key, outline, trigger="command")
    subtopic = curriculum_api.Subtopic.objects.get(course_key=course_key)
    body = {
        "text": "<p>2 + 2?</p>",
        "choices": [{"id": "a", "text": "3", "correct": False}, {"id": "b", "text": "4", "correct": True}],
        "hints": ["<p>Count.</p>"],
    }
    question = questions_api.create_question(
        course_key,
        question_type="single_choice",
        body=body,
        fields=questions_api.QuestionFields(subtopic_id=subtopic.id, status="published"),
    )
    return int(question.id)


@pytest.fixture
def enrolled_learner(make_user: Callable[..., Any], course_overview: Any) -> Any:
    """A learner with an active enrollment row, made by the platform's factories."""
    from common.djangoapps.student.tests.factories import CourseEnrollmentFactory

    learner = make_user()
    CourseEnrollmentFactory(user=learner, course=course_overview, is_active=True)
    return learner


def test_answers_are_recorded_and_traced_on_the_platforms_database(
    enrolled_learner: Any, course_key: Any, jwt_client: Callable[[Any], Any]
) -> None:
    from ve_edu_plugin.attempts import api as attempts_api
    from ve_edu_plugin.attempts.models import Attempt, AttemptSummary
    from ve_edu_plugin.mastery.models import SkillState

    question_id = _question(course_key)
    policy = attempts_api.FeedbackPolicy(max_attempts=2)
    outcomes = [
        attempts_api.submit_answer(
            enrolled_learner,
            course_key,
            question_id,
            answer=answer,
            client_key=uuid.uuid4().hex,
            policy=policy,
            block_usage_key=BLOCK,
        )
        for answer in ("a", "b", "b")
    ]
    wrong, right, refused = outcomes
    assert (wrong.result["correct"], right.result["correct"]) == (False, True)
    assert wrong.result["hint_level"] == 1 and right.result["attempts_used"] == 2
    error = refused.result["error"]
    assert not refused.graded and error is not None and error["code"] == "no_attempts_left"
    assert Attempt.objects.filter(user=enrolled_learner).count() == 2
    summary = AttemptSummary.objects.get(user=enrolled_learner, block_usage_key=BLOCK)
    assert (summary.attempts, summary.wrong, summary.answered_correctly, summary.best_score) == (2, 1, True, 1.0)
    state = SkillState.objects.get(user=enrolled_learner)
    assert state.attempts == 2 and state.recent_results == "10"
    report = jwt_client(enrolled_learner).get(f"/api/ve-edu/v1/courses/{COURSE_ID}/mastery/me/")
    assert report.status_code == 200, report.content
    subtopics = [row for topic in report.json()["topics"] for row in topic["subtopics"]]
    assert [row["attempts"] for row in subtopics] == [2]


def test_the_staff_question_list_reads_its_written_page_on_the_platforms_database(
    make_user: Callable[..., Any], course_overview: Any, course_key: Any, jwt_client: Callable[[Any], Any]
) -> None:
    """A filtered second page, read by the statement compiled once per set of filters (ADR 0005)."""
    from common.djangoapps.student.roles import CourseStaffRole

    from ve_edu_plugin.questions import api as questions_api

    first = _question(course_key)
    for n in range(4):
        questions_api.create_question(
            course_key,
            question_type="numeric",
            body={"text": f"<p>{n} + 1?</p>", "value": n + 1},
            fields=questions_api.QuestionFields(tags=["arithmetic"], difficulty=1 + n % 2),
        )
    staff = make_user()
    CourseStaffRole(course_key).add_users(staff)
    client = jwt_client(staff)
    everything = client.get(f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/")
    assert everything.status_code == 200, everything.content
    assert everything.json()["count"] == 5 and everything.json()["results"][0]["id"] == first
    page = client.get(f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/?tag=arithmetic&page_size=2&page=2")
    assert page.status_code == 200, page.content
    assert page.json()["count"] == 4
    rows = page.json()["results"]
    assert [row["title"] for row in rows] == ["2 + 1?", "3 + 1?"] and rows[0]["tags"] == ["arithmetic"]
    assert rows[0]["created"].endswith("Z") and rows[0]["version"] == 1
