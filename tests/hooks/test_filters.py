"""
Each filter runs at its point with a configured pipeline (openedx-filters' runner, real
PipelineStep classes, configured through OPEN_EDX_FILTERS_CONFIG) and changes or stops the action.
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from tests.curriculum.olx_builder import COURSE_ID
from tests.hooks import steps
from tests.learning_fixtures import HandlerClient
from tests.questions.conftest import CHOICE_BODY, course_key, staff, synced  # noqa: F401
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.hooks.filters import (
    AnswerResultRenderStarted,
    PracticeQuestionRequested,
    QuestionImportRequested,
    TimedAssessmentStartRequested,
)
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db
IMPORT_URL = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/import/"


def _practice(course, *, student: str = "learner") -> HandlerClient:
    ids = json.dumps(course.subtopic_ids[:1])
    return HandlerClient(f"<ve_adaptive_practice subtopic_ids='{ids}'/>", student=student)


def test_the_filter_types_follow_the_open_edx_naming():
    for filter_class in (
        PracticeQuestionRequested,
        AnswerResultRenderStarted,
        QuestionImportRequested,
        TimedAssessmentStartRequested,
    ):
        assert filter_class.filter_type.startswith("org.openedx.ve_edu.")
        assert filter_class.filter_type.endswith(".v1")


# --- practice ----------------------------------------------------------------------------------


def test_a_step_stops_practice_with_its_message(learning_course):
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(PracticeQuestionRequested.filter_type, steps.ComeBackTomorrow)
    ):
        status, view = _practice(learning_course).call("state", {})
    assert status == 200
    assert view["status"] == "limit" and view["reason"] == "stopped_by_extension"
    assert view["message"] == "Enough for today. Come back tomorrow!"
    assert view["question"] is None


def test_a_step_reorders_the_candidates_and_the_first_one_is_served(learning_course):
    steps.SEEN.clear()
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(PracticeQuestionRequested.filter_type, steps.ServeLastCandidate)
    ):
        _status, view = _practice(learning_course).call("state", {})
    (seen,) = steps.SEEN
    subtopic_questions = {
        learning_course.choice_question,
        *learning_course.practice_questions[learning_course.subtopic_ids[0]],
    }
    assert set(seen["candidates"]) == subtopic_questions
    assert seen["candidates"][0] == seen["chosen"]
    assert view["status"] == "question"
    assert view["question"]["id"] == seen["candidates"][-1] != seen["chosen"]


def test_a_step_that_removes_every_candidate_ends_practice(learning_course):
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(PracticeQuestionRequested.filter_type, steps.RemoveEveryCandidate)
    ):
        _status, view = _practice(learning_course).call("state", {})
    assert view["status"] == "empty" and view["reason"] == "no_questions_left" and view["question"] is None


def test_without_a_pipeline_practice_serves_the_selector_choice(learning_course):
    _status, view = _practice(learning_course).call("state", {})
    assert view["status"] == "question" and view["question"] is not None


# --- answer feedback ---------------------------------------------------------------------------


def test_a_step_adds_a_message_and_a_link_to_the_result_but_the_log_keeps_the_graded_one(learning_course):
    block = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(AnswerResultRenderStarted.filter_type, steps.LinkToLesson)
    ):
        wrong = block.submit("a")
        right = block.submit("b")
    assert wrong["result"]["feedback"].endswith("Watch the lesson first.")
    assert wrong["result"]["links"] == [{"text": "Lesson", "url": "https://example.org/lesson"}]
    assert wrong["question"]["last_result"]["links"] == wrong["result"]["links"]
    assert right["result"]["links"] == [] and "lesson" not in (right["result"]["feedback"] or "")
    stored = Attempt.objects.order_by("id").first()
    assert stored is not None and "links" not in stored.result
    assert "Watch the lesson" not in (stored.result["feedback"] or "")


def test_a_step_raising_the_framework_exception_leaves_the_recorded_result_as_graded(learning_course):
    block = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    config = steps.config(AnswerResultRenderStarted.filter_type, steps.BrokenFeedbackStep)
    with override_settings(OPEN_EDX_FILTERS_CONFIG=config):
        shown = block.submit("a")
    assert shown["result"]["correct"] is False and "links" not in shown["result"]
    assert Attempt.objects.count() == 1


def test_without_a_pipeline_the_result_has_no_links(learning_course):
    block = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    assert "links" not in block.submit("a")["result"]


# --- question import ---------------------------------------------------------------------------


def _document(course_key, synced):  # noqa: F811
    questions_api.create_question(
        course_key,
        question_type="single_choice",
        body=CHOICE_BODY,
        fields=questions_api.QuestionFields(subtopic_id=synced["ch0_s0"], external_id="q-1"),
    )
    document = questions_api.export_questions(course_key)
    first = document["questions"][0]
    document["questions"] = [{**first, "id": "q-2"}, {key: value for key, value in first.items() if key != "id"}]
    return document


def test_a_step_refuses_an_import_as_a_problem_and_nothing_is_written(jwt_client, staff, course_key, synced):  # noqa: F811
    document = _document(course_key, synced)
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(QuestionImportRequested.filter_type, steps.RefuseDraftImports)
    ):
        response = jwt_client(staff).post(IMPORT_URL, document, format="json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "stopped_by_extension"
    assert response.json()["detail"] == "Imports are closed during exams."
    assert questions_api.Question.objects.filter(course_key=course_key).count() == 1


def test_a_step_amends_the_questions_before_they_are_checked_and_written(course_key, synced):  # noqa: F811
    document = _document(course_key, synced)
    with override_settings(
        OPEN_EDX_FILTERS_CONFIG=steps.config(QuestionImportRequested.filter_type, steps.TagImported)
    ):
        report = questions_api.import_questions(course_key, document)
    assert report.counts()["created"] == 1
    created = questions_api.Question.objects.get(course_key=course_key, external_id="q-2")
    assert [tag.tag for tag in created.tags.all()] == ["imported"]
    assert questions_api.Question.objects.filter(course_key=course_key).count() == 2


# --- timed assessment start --------------------------------------------------------------------


def test_the_timed_assessment_helper_refuses_with_the_step_message(course_key):  # noqa: F811
    key = f"block-v1:{COURSE_ID[len('course-v1:') :]}+type@ve_timed_assessment+block@exam"
    hooks_api.check_timed_assessment_start(1, course_key, assessment_key=key)  # allowed: no exception
    with (
        override_settings(
            OPEN_EDX_FILTERS_CONFIG=steps.config(TimedAssessmentStartRequested.filter_type, steps.NotEligible)
        ),
        pytest.raises(hooks_api.StoppedByExtensionError) as stopped,
    ):
        hooks_api.check_timed_assessment_start(1, course_key, assessment_key=key)
    assert stopped.value.detail == "You are not registered for this exam."
    assert stopped.value.code == "stopped_by_extension" and stopped.value.status == 403
