"""``ve_timed_assessment`` through its handlers, as the page and the mobile app call them."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from tests.assessments.conftest import right_answer
from tests.learning_fixtures import HandlerClient
from xblocks.resources import read, version

pytestmark = pytest.mark.django_db


def _timed(course, student: str = "learner", **attrs: str) -> HandlerClient:
    ids = json.dumps([q for ids in course.practice_questions.values() for q in ids][:4])
    extra = " ".join(f"{name}='{value}'" for name, value in attrs.items())
    return HandlerClient(
        f"<ve_timed_assessment question_ids='{ids}' time_limit_minutes='10' {extra}/>", student=student
    )


def _save(client, question_id, value):
    item = {"question_id": question_id, "answer": value, "client_key": uuid.uuid4().hex}
    return client.call("save", {"answers": [{**item, "client_time": timezone.now().isoformat()}]})


def test_intro_start_save_reload_submit(learning_course):
    client = _timed(learning_course)
    status, view = client.call("state", {})
    assert status == 200 and view["status"] == "not_started" and view["intro"]["question_count"] == 4
    status, started = client.call("start", {})
    assert status == 200 and started["status"] == "open" and 598 <= started["session"]["seconds_left"] <= 600
    questions = started["questions"]
    assert len(questions) == 4 and all("value" not in json.dumps(q) for q in questions)
    first, second = questions[0]["id"], questions[1]["id"]
    assert _save(client, first, right_answer(first, learning_course))[0] == 200
    assert _save(client, second, "1")[0] == 200
    _status, reloaded = client.call("state", {})
    assert reloaded["session"]["answers"] == {str(first): right_answer(first, learning_course), str(second): "1"}
    status, submitted = client.call("submit", {})
    assert status == 200 and submitted["status"] == "submitted"
    assert submitted["session"]["score"] == pytest.approx(0.25)
    assert [q["correct"] for q in submitted["questions"]] == [True, False, False, False]
    assert ("grade", {"value": pytest.approx(0.25), "max_value": 1.0}) in client.events
    status, refused = _save(client, first, "2")
    assert status == 409 and refused["error"]["code"] == "assessment_closed"


def test_results_hidden_when_the_author_says_never(learning_course):
    client = _timed(learning_course, show_results="never")
    client.call("start", {})
    _status, submitted = client.call("submit", {})
    assert submitted["session"]["score"] is None and all("correct" not in q for q in submitted["questions"])


def test_student_view_data_has_no_answers(learning_course):
    client = _timed(learning_course)
    data = client.block.student_view_data()
    assert data["question_count"] == 4 and data["handlers"] == ["state", "start", "save", "submit"]
    assert "value" not in json.dumps(data)


FIRST_VIEW_BUDGET = 40 * 1024
SECOND_VIEW_BUDGET = 5 * 1024


def _linked_file(url: str) -> str:
    """The block's own static file a linked URL names (the runtime's local resource, versioned)."""
    parsed = urlparse(url)
    assert not parsed.netloc and parsed.path.startswith("/workbench/resource/ve_timed_assessment/static/"), url
    assert parse_qs(parsed.query)["v"] == [version("static/" + parsed.path.split("/static/", 1)[1])], url
    return read("static/" + parsed.path.split("/static/", 1)[1])


def _views(fragment) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """
    Bytes of a first view (the template, the inline setup and every linked file) and of a later
    one, when the linked files come from the browser's cache (the template and the setup only).
    """
    tags = fragment.head_html() + fragment.foot_html()  # the <link> and <script src> tags
    inline = len((fragment.content + tags + json.dumps(fragment.json_init_args)).encode())
    linked = sum(len(_linked_file(r.data).encode()) for r in fragment.resources if r.kind == "url")
    return inline + linked, inline


def test_page_weight_is_under_40_kb_and_from_no_other_host(learning_course):
    """The CSS and scripts are linked, versioned, from the block's own static files: cached after one view."""
    fragment = _timed(learning_course).block.student_view({})
    assert {r.kind for r in fragment.resources} == {"url"}, [r.data[:60] for r in fragment.resources]
    linked = [urlparse(r.data).path.rsplit("/", 1)[1] for r in fragment.resources]
    assert linked == ["ve_blocks.css", "ve_timed.css", "ve_maths.js", "ve_timed.js"]
    first, again = _views(fragment)
    assert first <= FIRST_VIEW_BUDGET, first
    assert again <= SECOND_VIEW_BUDGET, again


def test_a_chichewa_learner_gets_the_page_in_chichewa_with_its_catalogue_linked(learning_course):
    from django.utils import translation

    client = _timed(learning_course)
    with translation.override("ny"):
        fragment = client.block.student_view({})
    assert "Mayeso akutsegulidwa" in fragment.content and "Loading test" not in fragment.content
    scripts = [_linked_file(r.data) for r in fragment.resources if r.mimetype == "application/javascript"]
    assert any("window.VeEduCatalogue" in script and '"Nthawi yotsala"' in script for script in scripts)
    first, again = _views(fragment)
    assert first <= FIRST_VIEW_BUDGET and again <= SECOND_VIEW_BUDGET, (first, again)
    english = client.block.student_view({})
    assert "Loading test" in english.content
    assert not any("/translations/" in r.data for r in english.resources)


def test_staff_only_handlers_and_the_editor(learning_course, course_member):
    learner = _timed(learning_course)
    assert learner.call("sessions", {})[0] == 403
    assert learner.call("save_settings", {"values": {"weight": 2}})[0] == 403
    course_member("author", learning_course.course_key, "staff")
    author = _timed(learning_course, student="author")
    learner.call("start", {})
    status, errors = author.call("save_settings", {"values": {"time_limit_minutes": 0, "blueprint": '[{"count": 0}]'}})
    assert status == 400 and set(errors["error"]["field_errors"]) == {"time_limit_minutes", "blueprint"}
    too_many = json.dumps([{"count": 99}])
    status, short = author.call("save_settings", {"values": {"question_ids": "", "blueprint": too_many}})
    assert status == 400 and "Row 1 asks for 99" in short["error"]["field_errors"]["blueprint"][0]
    status, saved = author.call("save_settings", {"values": {"question_ids": "", "preset": "mock_paper"}})
    assert status == 200 and saved["question_count"] >= 3
    assert author.block.blueprint and not author.block.question_ids
    assert "ve-warning" not in author.block.author_view({}).content
