"""The question editor in a ve_question block's Studio editor: it writes the bank, never around it."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.questions.models import QuestionVersion

pytestmark = pytest.mark.django_db
NUMERIC = {"text": r"<p>Type \(6 \times 7\).</p>", "value": 42}


def _version(course_key: CourseKey, question_id: int) -> QuestionVersion:
    """The question's current version (every bank question here has one)."""
    version = questions_api.get_question(course_key, question_id).current_version
    assert version is not None
    return version


def _fields(fragment) -> dict:  # type: ignore[no-untyped-def]
    return {field["name"]: field for field in fragment.json_init_args["fields"]}


def _editor(**meta) -> dict:  # type: ignore[no-untyped-def]
    return {"question_id": None, "type": "numeric", "body": NUMERIC, "difficulty": 2, "tags": ["new"], **meta}


def test_a_question_written_in_the_editor_is_a_published_bank_question_of_the_block(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient("<ve_question/>", student="author")
    subtopic = learning_course.subtopic_ids[0]
    status, saved = client.call("save_settings", {"values": {"inline_question": _editor(subtopic=subtopic, form=3)}})
    assert status == 200, saved
    question = questions_api.get_question(learning_course.course_key, saved["question_id"])
    assert question.status == questions_api.PUBLISHED and (question.external_id or "").startswith("block:")
    assert (question.subtopic_id, question.difficulty, question.form) == (subtopic, 2, 3)
    editor = _fields(client.block.studio_view())["inline_question"]
    assert (
        editor["type"] == "question_editor" and editor["value"]["body"]["text"] == NUMERIC["text"]
    )  # LaTeX, not MathML
    assert editor["value"]["tags"] == ["new"] and editor["note"] is None  # written here: no bank note


def test_a_bank_question_edited_from_a_block_gets_a_new_version_and_the_editor_says_so(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    question_id = learning_course.choice_question
    client = HandlerClient(f'<ve_question question_id="{question_id}"/>', student="author")
    editor = _fields(client.block.studio_view())["inline_question"]
    assert f"bank question {question_id}" in editor["note"] and "0 block(s)" in editor["note"]
    before = _version(learning_course.course_key, question_id).number
    value = {**editor["value"], "body": {**editor["value"]["body"], "text": "<p>Edited from a block.</p>"}}
    status, saved = client.call("save_settings", {"values": {"inline_question": value, "question_id": question_id}})
    assert status == 200 and saved["question_id"] == question_id
    after = _version(learning_course.course_key, question_id)
    assert after.number == before + 1 and after.body["text"] == "<p>Edited from a block.</p>"
    # saved again unchanged: no new version
    client.call("save_settings", {"values": {"inline_question": value, "question_id": question_id}})
    assert _version(learning_course.course_key, question_id).number == before + 1


def test_the_editor_s_errors_come_back_under_its_own_name(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient("<ve_question/>", student="author")
    broken = _editor(body={"text": "", "value": "not a number"}, difficulty=9)
    status, body = client.call("save_settings", {"values": {"inline_question": broken}})
    assert status == 400
    errors = body["error"]["field_errors"]
    assert {"inline_question.body.text", "inline_question.body.value", "inline_question.difficulty"} <= set(errors)
    status, body = client.call("save_settings", {"values": {"inline_question": "text"}})
    assert status == 400 and "inline_question" in body["error"]["field_errors"]


def test_an_editor_value_for_another_question_than_the_chosen_one_is_left_alone(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    question_id = learning_course.choice_question
    other = questions_api.create_question(learning_course.course_key, question_type="numeric", body=NUMERIC)
    client = HandlerClient(f'<ve_question question_id="{question_id}"/>', student="author")
    value = _editor(question_id=question_id, body={**NUMERIC, "text": "<p>Not saved.</p>"})
    status, saved = client.call("save_settings", {"values": {"inline_question": value, "question_id": other.id}})
    assert status == 200 and saved["question_id"] == other.id
    assert _version(learning_course.course_key, question_id).number == 1
