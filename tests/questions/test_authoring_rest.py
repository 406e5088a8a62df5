"""What the question editor and the bank page use: a draft's preview, versions, filters and the page itself."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.curriculum.olx_builder import COURSE_ID
from tests.questions.conftest import CHOICE_BODY, NUMERIC_BODY
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.questions import api
from ve_edu_plugin.questions.models import QuestionVersion

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/"
DRAFTS = BASE + "drafts/preview/"
PAGE = f"/api/ve-edu/bank/{COURSE_ID}/"


@pytest.fixture
def client(jwt_client, staff):
    return jwt_client(staff)


def test_a_draft_is_rendered_with_its_maths_and_a_sample_answer_graded_without_saving(client):
    body = {**NUMERIC_BODY, "text": r"<p>Area of \(3 \times 4\)?</p>", "hints": ["<p>Multiply.</p>"]}
    shown = client.post(DRAFTS, {"type": "numeric", "body": body}, format="json")
    assert shown.status_code == 200, shown.json()
    assert "<math" in shown.json()["body"]["text"] and shown.json()["result"] is None
    graded = client.post(DRAFTS, {"type": "numeric", "body": body, "answer": "11"}, format="json").json()
    assert graded["result"]["correct"] is False and graded["result"]["new_hint_html"] == "<p>Multiply.</p>"
    assert client.post(DRAFTS, {"type": "numeric", "body": body, "answer": "12"}, format="json").json()["result"][
        "correct"
    ]
    assert not QuestionVersion.objects.exists() and not Attempt.objects.exists()


def test_a_draft_s_errors_name_the_field_as_a_save_would(client):
    bad = {**CHOICE_BODY, "choices": [{**CHOICE_BODY["choices"][0], "text": ""}, *CHOICE_BODY["choices"][1:]]}
    response = client.post(DRAFTS, {"type": "single_choice", "body": bad}, format="json")
    assert response.status_code == 400
    assert "body.choices[0].text" in response.json()["field_errors"]


def test_versions_newest_first_and_the_body_as_its_author_wrote_it(client, course_key):
    question = api.create_question(course_key, question_type="numeric", body=NUMERIC_BODY)
    edited = {**NUMERIC_BODY, "text": r"<p>Area of \(a^2\) when a is 3?</p>", "value": 9}
    api.update_question(question.id, course_key=course_key, body=edited)
    detail = client.get(f"{BASE}{question.id}/").json()
    assert detail["body_source"]["text"] == edited["text"] and "<math" in detail["body"]["text"]
    assert detail["blocks_answered"] == 0
    versions = client.get(f"{BASE}{question.id}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["body_source"]["text"] == edited["text"] and versions[1]["body"]["value"] == 12
    assert client.get(f"{BASE}987654/versions/").status_code == 404


def test_the_list_filters_by_exam_level_and_form(client, course_key):
    jce = api.create_question(
        course_key, question_type="numeric", body=NUMERIC_BODY, fields=api.QuestionFields(exam_level="JCE", form=2)
    )
    api.create_question(
        course_key, question_type="numeric", body=NUMERIC_BODY, fields=api.QuestionFields(exam_level="MSCE", form=4)
    )
    rows = client.get(BASE, {"exam_level": "JCE", "form": 2}).json()["results"]
    assert [row["id"] for row in rows] == [jce.id]
    assert client.get(BASE, {"form": 9}).status_code == 400


def test_the_bank_page_is_for_course_staff_only(staff, learner):
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    as_learner = Client()
    as_learner.force_login(learner)
    assert as_learner.get(PAGE).status_code == 403
    as_staff = Client()
    as_staff.force_login(staff)
    page = as_staff.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ve_question_editor.js?v=" in html and "ve_bank.js?v=" in html and "&quot;api&quot;" in html
    script = html.split('src="')[2].split('"')[0]
    served = as_staff.get(script)
    assert served.status_code == 200 and "immutable" in served["Cache-Control"]
    assert as_staff.get(script.split("?")[0]).get("Cache-Control") == "no-cache"
    assert as_staff.get("/api/ve-edu/bank/static/../settings.py").status_code == 404
    assert as_staff.get("/api/ve-edu/bank/static/js/ve_question.js").status_code == 404
