"""The bank api: create, versions on edit, fields, retire, filters, preview."""

from __future__ import annotations

import copy

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.questions.conftest import CHOICE_BODY, NUMERIC_BODY
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.errors import InvalidRequestError, NotFoundError
from ve_edu_plugin.grading.api import FeedbackPolicy, GradeErrorCode
from ve_edu_plugin.questions import api
from ve_edu_plugin.questions.models import QuestionVersion

pytestmark = pytest.mark.django_db


def _choice(course_key, **fields):
    return api.create_question(
        course_key, question_type="single_choice", body=CHOICE_BODY, fields=api.QuestionFields(**fields)
    )


def test_create_stores_version_1_with_fields_and_tags(course_key, synced):
    question = _choice(
        course_key, subtopic_id=synced["ch0_s1"], difficulty=2, status="published", tags=["algebra", "form3"]
    )
    stored = api.get_question(course_key, question.id)
    assert stored.current_version is not None
    assert stored.current_version.number == 1
    assert stored.current_version.body == api.validate_body("single_choice", CHOICE_BODY).to_dict()
    assert (stored.subtopic_id, stored.difficulty, stored.status) == (synced["ch0_s1"], 2, "published")
    assert sorted(tag.tag for tag in stored.tags.all()) == ["algebra", "form3"]
    assert stored.title == "Which value of x solves x + 2 = 5?"


def test_body_and_field_errors_are_reported_together(course_key, synced):
    bad = copy.deepcopy(CHOICE_BODY)
    bad["choices"][0]["text"] = ""
    with pytest.raises(InvalidRequestError) as caught:
        api.create_question(
            course_key,
            question_type="single_choice",
            body=bad,
            fields=api.QuestionFields(difficulty=7, form="three", tags=["no spaces allowed"]),  # type: ignore[arg-type]
        )
    assert set(caught.value.field_errors) == {"body.choices[0].text", "difficulty", "form", "tags"}
    assert not api.Question.objects.exists()


def test_an_edit_adds_version_2_and_leaves_version_1_as_it_was(course_key, synced):
    question = _choice(course_key)
    first = QuestionVersion.objects.get(question=question, number=1)
    first_body = copy.deepcopy(first.body)
    edited = copy.deepcopy(CHOICE_BODY)
    edited["choices"][2]["text"] = "8"
    api.update_question(question.id, course_key=course_key, body=edited)

    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.current_version.body["choices"][2]["text"] == "8"
    first.refresh_from_db()
    assert first.number == 1 and first.body == first_body and first.body["choices"][2]["text"] == "7"


def test_an_unchanged_body_or_a_field_edit_adds_no_version(course_key, synced):
    question = _choice(course_key)
    same_but_spaced = {**CHOICE_BODY, "text": "  <p>Which value of x solves x + 2 = 5?</p>  "}
    api.update_question(question.id, course_key=course_key, body=same_but_spaced)
    api.update_question(question.id, course_key=course_key, fields=api.QuestionFields(difficulty=5))
    assert question.versions.count() == 1
    question.refresh_from_db()
    assert question.difficulty == 5


def test_changing_the_type_adds_a_version(course_key, synced):
    question = _choice(course_key)
    api.update_question(question.id, course_key=course_key, question_type="numeric", body=NUMERIC_BODY)
    question.refresh_from_db()
    assert question.question_type == "numeric" and question.current_version.number == 2
    assert question.current_version.question_type == "numeric"


def test_external_ids_are_unique_per_course(course_key, synced):
    _choice(course_key, external_id="q-1")
    with pytest.raises(InvalidRequestError) as caught:
        _choice(course_key, external_id="q-1")
    assert "external_id" in caught.value.field_errors
    other = CourseKey.from_string("course-v1:Other+X+1")
    assert api.create_question(
        other, question_type="numeric", body=NUMERIC_BODY, fields=api.QuestionFields(external_id="q-1")
    ).id


def test_subtopic_and_form_can_be_cleared_and_must_be_of_the_course(course_key, synced):
    question = _choice(course_key, subtopic_id=synced["ch1_s0"], form=3)
    api.update_question(
        question.id, course_key=course_key, fields=api.QuestionFields(clear_subtopic=True, clear_form=True)
    )
    question.refresh_from_db()
    assert question.subtopic_id is None and question.form is None
    other = CourseKey.from_string("course-v1:Other+X+1")
    with pytest.raises(InvalidRequestError) as caught:
        api.create_question(
            other, question_type="numeric", body=NUMERIC_BODY, fields=api.QuestionFields(subtopic_id=synced["ch0_s0"])
        )
    assert "subtopic" in caught.value.field_errors


def test_retire_keeps_the_versions(course_key, synced):
    question = _choice(course_key, status="published")
    api.update_question(question.id, course_key=course_key, body=NUMERIC_BODY, question_type="numeric")
    api.retire_question(question.id, course_key=course_key)
    question.refresh_from_db()
    assert question.status == "retired" and question.versions.count() == 2


def test_list_filters(course_key, synced):
    algebra = _choice(course_key, subtopic_id=synced["ch0_s0"], difficulty=1, status="published", tags=["algebra"])
    numeric = api.create_question(
        course_key,
        question_type="numeric",
        body=NUMERIC_BODY,
        fields=api.QuestionFields(subtopic_id=synced["ch0_s1"], difficulty=4, tags=["area"]),
    )

    def ids(**filters):
        return [question.id for question in api.list_questions(course_key, **filters)]

    assert ids() == [algebra.id, numeric.id]
    assert ids(subtopic_id=synced["ch0_s1"]) == [numeric.id]
    assert ids(question_type="single_choice") == [algebra.id]
    assert ids(difficulty=4) == [numeric.id]
    assert ids(status="published") == [algebra.id]
    assert ids(tag="area") == [numeric.id]
    assert ids(search="rectangle") == [numeric.id]
    assert ids(search="rectangle", tag="algebra") == []


def test_get_question_of_another_course_is_not_found(course_key, synced):
    question = _choice(course_key)
    with pytest.raises(NotFoundError):
        api.get_question(CourseKey.from_string("course-v1:Other+X+1"), question.id)


def test_preview_grades_with_the_history_and_records_nothing(course_key, synced):
    question = _choice(course_key)
    modified = api.get_question(course_key, question.id).modified

    first = api.preview_answer(course_key, question.id, answer="a")
    assert not first.correct and first.hint == "<p>Subtract 2 from both sides.</p>"
    assert first.feedback_by_choice == {"a": "<p>2 + 2 is not 5.</p>"}

    later = api.preview_answer(course_key, question.id, answer="b", history=["a", "zzz", "c"])
    assert later.correct and later.attempts_used == 3, "the malformed 'zzz' is not an attempt"

    refused = api.preview_answer(
        course_key, question.id, answer="b", history=["a"], policy=FeedbackPolicy(max_attempts=1)
    )
    assert refused.error is not None and refused.error.code == GradeErrorCode.NO_ATTEMPTS_LEFT

    assert not Attempt.objects.exists()
    stored = api.get_question(course_key, question.id)
    assert stored.modified == modified and stored.versions.count() == 1
