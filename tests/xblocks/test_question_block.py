"""``ve_question`` through its handlers in the workbench runtime: progressive feedback and grading."""

from __future__ import annotations

import gzip

import pytest

from tests.learning_fixtures import HandlerClient

pytestmark = pytest.mark.django_db


def _client(course, student: str = "learner", **attrs: str) -> HandlerClient:
    extra = " ".join(f'{name}="{value}"' for name, value in attrs.items())
    return HandlerClient(f'<ve_question question_id="{course.choice_question}" {extra}/>', student=student)


def test_hints_unlock_one_wrong_answer_at_a_time_and_the_right_answer_scores(learning_course):
    client = _client(learning_course, max_attempts="5", solution_after="2")
    status, state = client.call("state", {})
    assert status == 200 and state["question"]["hints_html"] == [] and state["score"] == 0

    first = client.submit("a")
    assert not first["result"]["correct"] and first["result"]["new_hint_html"] == "<p>Subtract 2 from both sides.</p>"
    assert first["result"]["feedback_html"] == {"a": "<p>Check: 2 + 2 is not 5.</p>"}

    repeat = client.submit("a")
    assert repeat["question"]["hints_html"] == ["<p>Subtract 2 from both sides.</p>"], (
        "a repeated answer unlocks nothing"
    )

    assert repeat["result"]["new_hint_html"] is None, "nothing new was unlocked, so no hint is announced as new"

    second = client.submit("c")
    assert second["question"]["hints_html"] == ["<p>Subtract 2 from both sides.</p>", "<p>5 - 2 = ?</p>"]
    assert second["question"]["solution_html"] is None, "no solution while graded attempts remain"

    right = client.submit("b")
    assert right["result"]["correct"] and right["score"] == 1.0 and right["question"]["done"]
    grades = [data for name, data in client.events if name == "grade"]
    assert grades[-1] == {"value": 1.0, "max_value": 1.0, "only_if_higher": None}
    assert [name for name, _ in client.events].count("ve_edu.question.answer_submitted") == 4


def test_reload_restores_the_state(learning_course):
    client = _client(learning_course)
    client.submit("a")
    _status, state = client.call("state", {})
    assert state["question"]["last_answer"] == "a" and state["question"]["attempts_used"] == 1
    assert state["question"]["hints_html"] == ["<p>Subtract 2 from both sides.</p>"]


def test_a_resent_answer_counts_once(learning_course):
    client = _client(learning_course)
    first = client.submit("a", key="resend-key-0001")
    again = client.submit("a", key="resend-key-0001")
    assert again["result"]["duplicate"] and not first["result"]["duplicate"]
    assert again["question"]["attempts_used"] == 1


def test_a_malformed_answer_is_an_error_not_an_attempt(learning_course):
    client = _client(learning_course)
    result = client.submit("zz")
    assert result["result"]["error"]["code"] == "unknown_choice"
    assert result["question"]["attempts_used"] == 0


def test_attempts_run_out(learning_course):
    client = _client(learning_course, max_attempts="2")
    client.submit("a")
    last = client.submit("c")
    assert last["question"]["done"]
    refused = client.submit("b")
    assert refused["result"]["error"]["code"] == "no_attempts_left"


def test_missing_question_and_bad_requests_are_clear_errors(learning_course):
    empty = HandlerClient("<ve_question/>")
    status, body = empty.call("state", {})
    assert status == 200 and body["question"] is None and body["error"]["code"] == "not_configured"
    status, body = empty.call("submit", {"answer": "a", "client_key": "unset-block-1"})
    assert status == 409 and body["error"]["code"] == "not_configured"
    client = _client(learning_course)
    status, body = client.call("submit", {"nothing": 1})
    assert status == 400
    status, body = client.call("submit", {"answer": "a", "client_key": "short"})
    assert status == 400 and "client_key" in body["error"]["field_errors"]


def test_studio_settings_are_validated_field_by_field(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = _client(learning_course, student="author")
    status, body = client.call("save_settings", {"values": {"weight": -1, "show_answer": "sometimes", "colour": 1}})
    assert status == 400
    assert set(body["error"]["field_errors"]) == {"weight", "show_answer", "colour"}
    status, body = client.call(
        "save_settings", {"values": {"display_name": "Equation", "weight": 2, "max_attempts": 4}}
    )
    assert status == 200 and client.block.weight == 2 and client.block.max_attempts == 4


def test_an_inline_question_is_saved_into_the_bank(learning_course, course_member):
    course_member("author", learning_course.course_key, "staff")
    client = HandlerClient("<ve_question/>", student="author")
    body = '{"text": "<p>Capital of Malawi?</p>", "alternatives": ["Lilongwe"]}'
    status, saved = client.call("save_settings", {"values": {"inline_type": "text", "inline_body": body}})
    assert status == 200 and saved["question_id"]
    assert client.submit("lilongwe")["result"]["correct"]
    status, bad = client.call("save_settings", {"values": {"inline_type": "text", "inline_body": '{"text": ""}'}})
    assert status == 400 and any(m.startswith("body") for m in bad["error"]["field_errors"]["inline_body"])


def _served(client, url: str) -> bytes:
    """The body the host serves at a block resource ``url`` (a first view downloads it once)."""
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 200, url
    assert "max-age=31536000" in response["Cache-Control"], response["Cache-Control"]
    return response.content


def test_views_are_light(learning_course):
    client = _client(learning_course)
    fragment = client.block.student_view()
    assert all(resource.kind == "url" for resource in fragment.resources), "CSS/JS linked, not inlined"
    bodies = [fragment.content.encode(), *(_served(client, resource.data) for resource in fragment.resources)]
    # The budget is what a first view transfers: the LMS's web server (and the dev host) gzip text.
    transferred = sum(len(gzip.compress(body)) for body in bodies)
    assert transferred <= 40 * 1024, transferred
    # And what the phone has to parse stays bounded too.
    assert sum(len(body) for body in bodies) <= 64 * 1024
    assert "question" in client.block.author_view().content
    assert client.block.student_view_data()["question"]["id"] == learning_course.choice_question
    assert "VeStudioEditor" in client.block.studio_view().js_init_fn


def test_a_block_set_by_reference_publishes_the_bank_id_it_answered(learning_course):
    client = HandlerClient('<ve_question question_ref="choice-1"/>')
    client.submit("a")
    published = [data for name, data in client.events if name == "ve_edu.question.answer_submitted"]
    assert published == [{"question_id": learning_course.choice_question, "correct": False, "score": 0.0, "attempt": 1}]
