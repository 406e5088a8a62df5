"""Authors and degraded blocks: who may save, what the editor shows, a question gone from the bank."""

from __future__ import annotations

import json

import pytest
from xblock.core import XBlock
from xblock.fields import Scope

from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.questions import api as questions_api
from xblocks.practice_block import VeAdaptivePracticeBlock
from xblocks.question_block import VeQuestionBlock

pytestmark = pytest.mark.django_db

INLINE = {"text": "<p>Type 42.</p>", "value": 42, "tolerance": "0", "hints": ["<p>Forty-two.</p>"]}


def _fields(fragment) -> dict:
    return {field["name"]: field for field in fragment.json_init_args["fields"]}


def test_a_learner_cannot_save_settings_nor_write_the_bank(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    author = HandlerClient("<ve_question/>", student="author")
    status, saved = author.call(
        "save_settings", {"values": {"inline_type": "numeric", "inline_body": json.dumps(INLINE)}}
    )
    assert status == 200
    question = questions_api.get_question(learning_course.course_key, saved["question_id"])
    versions = question.versions.count()

    count = questions_api.list_questions(learning_course.course_key).count()
    learner = author  # the same block, loaded by a learner's runtime below
    for values in (
        {"show_answer": "always"},
        {"inline_type": "numeric", "inline_body": json.dumps({**INLINE, "value": 1})},
        {"inline_type": "text", "inline_body": '{"text": "<p>new</p>", "alternatives": ["x"]}'},
    ):
        status, body = _as(learner, "learner", "save_settings", {"values": values})
        assert status == 403 and body["error"]["code"] == "forbidden"
    question.refresh_from_db()
    assert question.current_version is not None
    assert question.versions.count() == versions and question.current_version.body["value"] == 42
    assert learner.block.show_answer == "after_correct"
    assert questions_api.list_questions(learning_course.course_key).count() == count  # nothing created


def _as(client: HandlerClient, student: str, handler: str, data: dict) -> tuple[int, dict]:
    from workbench.runtime import WorkbenchRuntime

    runtime = WorkbenchRuntime(user_id=student)
    block = runtime.get_block(client.block.scope_ids.usage_id)
    client.block, client.runtime = block, runtime
    return client.call(handler, data)


def test_the_editor_round_trips_an_inline_question_with_subtopic_and_difficulty(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient("<ve_question/>", student="author")
    subtopic = learning_course.subtopic_ids[1]
    status, saved = client.call(
        "save_settings",
        {
            "values": {
                "inline_type": "numeric",
                "inline_body": json.dumps(INLINE),
                "inline_subtopic": subtopic,
                "inline_difficulty": 4,
            }
        },
    )
    assert status == 200
    question = questions_api.get_question(learning_course.course_key, saved["question_id"])
    assert question.subtopic_id == subtopic and question.difficulty == 4
    fields = _fields(client.block.studio_view())
    assert fields["inline_type"]["value"] == "numeric"
    assert json.loads(fields["inline_body"]["value"])["value"] == 42
    assert fields["inline_subtopic"]["value"] == subtopic and fields["inline_difficulty"]["value"] == 4
    assert "written in this component" in fields["question_in_use"]["text"]
    # saving the form as shown (an edit of the body) updates the same question, not a new one; with the
    # advanced JSON fields unfolded, the editor does not send its own value (ve_studio_editor.js)
    not_sent = ("info", "warning", "link", "question_search", "question_editor")
    edited = {name: field["value"] for name, field in fields.items() if field["type"] not in not_sent}
    edited["inline_body"] = json.dumps({**INLINE, "value": 43})
    status, again = client.call("save_settings", {"values": edited})
    assert status == 200 and again["question_id"] == question.id
    version = questions_api.get_question(learning_course.course_key, question.id).current_version
    assert version is not None and version.body["value"] == 43
    status, bad = client.call("save_settings", {"values": {**edited, "inline_difficulty": 9}})
    assert status == 400 and "inline_difficulty" in bad["error"]["field_errors"]


def test_a_block_set_by_reference_shows_it_in_the_editor_and_author_view(learning_course):
    client = HandlerClient('<ve_question question_ref="choice-1"/>')
    fields = _fields(client.block.studio_view())
    assert fields["question_ref"]["value"] == "choice-1"
    assert f"Bank question {learning_course.choice_question} (reference choice-1)" in fields["question_in_use"]["text"]
    summary = client.block.author_view().content
    assert "none chosen" not in summary and f"question {learning_course.choice_question}" in summary


def test_author_views_read_as_text_not_python(learning_course):
    ids = json.dumps(learning_course.subtopic_ids[:2])
    practice = HandlerClient(
        f"""<ve_adaptive_practice subtopic_ids='{ids}' mastery_policy='{{"kind": "correct_in_a_row", "count": 2}}'/>"""
    )
    content = practice.block.author_view().content
    assert "[" not in content and "{" not in content and "'count'" not in content
    assert "2 correct answers in a row" in content and " / " in content  # subtopics by topic / title
    question = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>').block.author_view()
    assert "after_correct" not in question.content and "When finished" in question.content


@pytest.mark.parametrize("xml", ['<ve_question question_id="987654"/>', '<ve_question question_ref="gone"/>'])
def test_a_missing_bank_question_degrades_in_every_view_and_handler(learning_course, course_member, xml):
    client = HandlerClient(xml)
    data = client.block.student_view_data()
    assert data["question"] is None and data["error"]["code"] == "question_missing" and data["error"]["message"]
    assert "VeQuestionBlock" in client.block.student_view().js_init_fn
    status, state = client.call("state", {})
    assert status == 200 and state["question"] is None and state["error"]["code"] == "question_missing"
    status, body = client.call("submit", {"answer": "a", "client_key": "missing-key-01"})
    assert status == 404 and body["error"]["code"] == "question_missing"
    assert "is not in this course" in client.block.author_view().content
    assert "is not in this course" in _fields(client.block.studio_view())["question_problem"]["text"]
    assert client.block.calculate_score().raw_earned == 0.0
    course_member("author", learning_course.course_key, "staff")
    author = HandlerClient(xml, student="author")
    status, body = author.call("save_settings", {"values": {"display_name": "Renamed"}})
    assert status == 400 and ({"question_id", "question_ref"} & set(body["error"]["field_errors"]))


def test_a_retired_question_is_not_offered(learning_course):
    questions_api.retire_question(learning_course.choice_question, course_key=learning_course.course_key)
    client = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    assert client.block.student_view_data()["error"]["code"] == "question_retired"
    assert client.call("state", {})[1]["error"]["code"] == "question_retired"
    assert "retired" in client.block.author_view().content


def test_a_practice_whose_subtopics_are_gone_degrades(learning_course):
    keys = json.dumps(["block-v1:VE-EDU+X+2026+type@sequential+block@gone"])
    client = HandlerClient(f"<ve_adaptive_practice subtopic_keys='{keys}'/>")
    assert client.block.student_view_data()["error"]["code"] == "subtopics_missing"
    for handler in ("state", "next"):
        status, body = client.call(handler, {})
        assert status == 200 and body["status"] == "unavailable" and body["error"]["message"]
    assert "not in the course outline" in client.block.author_view().content
    assert "subtopics_problem" in _fields(client.block.studio_view())
    assert client.block.calculate_score().raw_earned == 0.0


def test_the_mastery_line_survives_a_reload(learning_course):
    client = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    assert client.call("state", {})[1]["mastery"] is None
    answered = client.submit("b")
    _status, state = client.call("state", {})
    assert state["mastery"] is not None
    for key in ("subtopic_id", "title", "p_mastery", "mastered"):
        assert state["mastery"][key] == answered["mastery"][key]


@pytest.mark.parametrize("block_class", [VeQuestionBlock, VeAdaptivePracticeBlock])
def test_every_field_has_help_and_enforces_its_type(block_class):
    for name, field in block_class.fields.items():
        if name in XBlock.fields or field.scope not in (Scope.settings, Scope.user_state):
            continue  # the fields XBlock itself declares
        assert field.help, f"{block_class.__name__}.{name} has no help"
        assert field._enable_enforce_type, f"{block_class.__name__}.{name} does not enforce its type"


def test_a_range_is_declared_once_and_used_by_the_editor_and_the_save(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>', student="author")
    fields = _fields(client.block.studio_view())
    for name in ("max_attempts", "weight", "solution_after", "show_answer_after"):
        declared = client.block.fields[name].values
        assert (fields[name]["min"], fields[name]["max"]) == (declared["min"], declared["max"])
        status, body = client.call("save_settings", {"values": {name: declared["max"] + 1}})
        assert status == 400 and str(declared["max"]) in body["error"]["field_errors"][name][0]
    assert [option["value"] for option in fields["show_answer"]["options"]] == [
        choice["value"] for choice in client.block.fields["show_answer"].values
    ]


def test_labels_and_messages_go_through_the_i18n_service(learning_course):
    class Shout:
        def ugettext(self, text: str) -> str:
            return "T:" + text  # a "translation" that keeps the {placeholders}

    client = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    client.runtime._services["i18n"] = Shout()
    fields = _fields(client.block.studio_view())
    assert fields["max_attempts"]["label"] == "T:Maximum attempts"
    status, body = client.call("save_settings", {"values": {"weight": 1}})
    assert status == 403 and body["error"]["message"].startswith("T:")
    missing = HandlerClient('<ve_question question_id="987654"/>')
    missing.runtime._services["i18n"] = Shout()
    assert missing.call("state", {})[1]["error"]["message"].startswith("T:")


def test_the_editor_warns_about_early_reveal(learning_course):
    fields = _fields(
        HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>').block.studio_view()
    )
    assert fields["reveal_early"]["value"] is False and fields["reveal_early"]["warning"]["when"] is True
    assert fields["show_answer"]["warning"]["when"] == "always"
