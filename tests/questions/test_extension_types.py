"""
A question type added by another installed package (``tests/extension_package``, the ``fraction``
type) through the ``ve_edu.question_types`` entry point: the bank, a JSON import, a block and the
preview all use it, and the built-in types are unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from importlib.metadata import entry_points

import pytest
from ve_edu_fraction_example import QUESTION_TYPE as FRACTION_TYPE

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import HandlerClient
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.grading import question_types
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/"
FRACTION_BODY = {
    "text": "<p>What is 6 out of 8, as a fraction?</p><script>alert(1)</script>",
    "answer": "3/4",
    "lowest_terms": True,
    "hints": ["<p>Divide top and bottom by 2.</p>"],
}


@pytest.fixture
def client(jwt_client, staff):
    return jwt_client(staff)


def test_the_example_package_is_installed_and_registered():
    assert [entry.name for entry in entry_points(group=question_types.ENTRY_POINT_GROUP)] == ["fraction"]
    assert list(grading_api.extension_types()) == ["fraction"]
    assert questions_api.question_types()[-1] == "fraction"
    assert questions_api.question_types()[:5] == ("single_choice", "multiple_choice", "numeric", "text", "formula")


def test_the_bank_validates_with_the_types_schema_and_sanitises_its_html(client, synced):
    payload = {"type": "fraction", "body": FRACTION_BODY, "subtopic": synced["ch0_s0"]}
    created = client.post(BASE, payload, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()["body"]
    assert body["answer"] == "3/4" and body["lowest_terms"] is True
    assert "<script>" not in body["text"] and body["text"].startswith("<p>What is 6 out of 8")

    bad = client.post(BASE, {"type": "fraction", "body": {"text": "x", "answer": "3/0", "colour": 1}}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["field_errors"]) == {"body.answer", "body.colour"}
    unknown = client.post(BASE, {"type": "fractions", "body": FRACTION_BODY}, format="json")
    assert unknown.status_code == 400 and "fraction" in str(unknown.json()["field_errors"]["type"])


def test_a_json_import_creates_it_and_the_export_gives_it_back(client, synced):
    item = {"id": "f1", "type": "fraction", "body": FRACTION_BODY}
    document = {"format": "ve-edu-questions", "version": 1, "questions": [item]}
    imported = client.post(f"{BASE}import/?format=json", document, format="json")
    assert imported.status_code == 200, imported.json()
    assert imported.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    exported = client.get(f"{BASE}export/").json()
    (question,) = exported["questions"]
    assert question["type"] == "fraction" and question["body"]["answer"] == "3/4"
    again = client.post(f"{BASE}import/?format=json", exported, format="json")
    assert again.json()["counts"]["unchanged"] == 1

    broken = {**document, "questions": [{"id": "f2", "type": "fraction", "body": {"text": "x", "answer": "half"}}]}
    refused = client.post(f"{BASE}import/?format=json", broken, format="json")
    assert refused.status_code == 400 and "answer" in str(refused.json()), refused.json()


def test_the_preview_grades_with_the_types_grader(client, course_key, synced):
    question = questions_api.create_question(course_key, question_type="fraction", body=FRACTION_BODY)
    url = f"{BASE}{question.id}/preview/"
    right = client.post(url, {"answer": "3/4"}, format="json").json()
    assert right["correct"] is True and right["score"] == 1.0
    unreduced = client.post(url, {"answer": "6/8"}, format="json").json()
    assert unreduced["score"] == 0.5 and unreduced["correct"] is False
    wrong = client.post(url, {"answer": "2/3", "policy": {"show_answer": "always"}}, format="json").json()
    assert wrong["score"] == 0.0 and wrong["correct_answer"] == ["3/4"]
    assert client.post(url, {"answer": "three quarters"}, format="json").json()["error"]["code"] == "malformed_answer"


def test_a_block_shows_its_widget_and_grades_an_answer(learning_course):
    question = questions_api.create_question(learning_course.course_key, question_type="fraction", body=FRACTION_BODY)
    block = HandlerClient(f'<ve_question question_id="{question.id}" max_attempts="3"/>')
    status, state = block.call("state", {})
    assert status == 200 and state["question"]["type"] == "fraction"
    assert state["question"]["widget"] == {"input": "text", "keyboard": {"inputmode": "text", "placeholder": "a/b"}}

    wrong = block.submit("1/2")
    assert not wrong["result"]["correct"] and wrong["question"]["hints_html"] == ["<p>Divide top and bottom by 2.</p>"]
    right = block.submit("3/4")
    assert right["result"]["correct"] and right["score"] == 1.0 and right["question"]["done"]
    assert [data for name, data in block.events if name == "grade"][-1]["value"] == 1.0


def test_built_in_types_have_no_widget_entry_and_keep_their_graders(learning_course):
    block = HandlerClient(f'<ve_question question_id="{learning_course.choice_question}"/>')
    _status, state = block.call("state", {})
    assert "widget" not in state["question"]
    assert grading_api.learner_widget("numeric") is None
    with pytest.raises(KeyError):
        grading_api.GRADERS["fraction"]


def test_a_broken_or_clashing_entry_point_is_skipped(monkeypatch, caplog):
    class Entry:
        def __init__(self, name, target):
            self.name, self.value, self._target = name, f"pkg:{name}", target

        def load(self):
            if isinstance(self._target, Exception):
                raise self._target
            return self._target

    good = replace(FRACTION_TYPE, name="good")
    clash = replace(FRACTION_TYPE, name="numeric")
    entries = [
        Entry("broken", ImportError("no module")),
        Entry("numeric", clash),
        Entry("other", good),
        Entry("good", good),
    ]
    monkeypatch.setattr(question_types, "entry_points", lambda group: entries)
    question_types.extension_types.cache_clear()
    try:
        assert list(question_types.extension_types()) == ["good"]
    finally:
        question_types.extension_types.cache_clear()
    assert "broken" in caplog.text and "built-in" in caplog.text and "not the entry point's name" in caplog.text
