"""The question bank REST endpoints: course staff only, thin views over the bank api."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.curriculum.olx_builder import COURSE_ID
from tests.questions.conftest import CHOICE_BODY, NUMERIC_BODY, seq_key
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.questions import api
from ve_edu_plugin.questions.models import QuestionVersion

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/"


def _create(course_key, body=CHOICE_BODY, question_type="single_choice", **fields):
    return api.create_question(course_key, question_type=question_type, body=body, fields=api.QuestionFields(**fields))


@pytest.fixture
def client(jwt_client, staff):
    return jwt_client(staff)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "{id}/"),
        ("patch", "{id}/"),
        ("post", "{id}/retire/"),
        ("post", "{id}/preview/"),
        ("post", "import/"),
        ("get", "export/"),
    ],
)
def test_anonymous_is_401_and_a_learner_is_403(api_client, jwt_client, learner, course_key, method, suffix):
    question = _create(course_key)
    url = BASE + suffix.format(id=question.id)
    assert getattr(api_client, method)(url, {}, format="json").status_code == 401
    response = getattr(jwt_client(learner), method)(url, {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_malformed_course_id_is_400(client):
    response = client.get("/api/ve-edu/v1/courses/not-a-course/questions/")
    assert response.status_code == 400 and response.json()["code"] == "invalid_course_key"


def test_create_and_retrieve(client, synced):
    payload = {
        "type": "single_choice",
        "body": CHOICE_BODY,
        "subtopic": synced["ch0_s0"],
        "difficulty": 2,
        "tags": ["algebra"],
        "exam_level": "MSCE",
        "form": 3,
        "external_id": "alg-1",
    }
    created = client.post(BASE, payload, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["version"] == 1 and body["subtopic_usage_key"] == seq_key("ch0_s0")
    assert body["body"] == api.validate_body("single_choice", CHOICE_BODY).to_dict()
    assert (body["tags"], body["external_id"], body["status"]) == (["algebra"], "alg-1", "draft")
    assert client.get(f"{BASE}{body['id']}/").json() == body


def test_invalid_input_is_400_with_field_errors(client, synced):
    bad = copy.deepcopy(CHOICE_BODY)
    del bad["choices"][0]["correct"]
    response = client.post(BASE, {"type": "single_choice", "body": bad, "difficulty": 3}, format="json")
    assert response.status_code == 400
    assert "body.choices[0].correct" in response.json()["field_errors"]

    response = client.post(BASE, {"type": "essay", "body": [], "colour": "red", "difficulty": 0}, format="json")
    assert response.status_code == 400
    assert set(response.json()["field_errors"]) == {"type", "body", "difficulty", "colour"}
    response = client.post(BASE, {"type": "numeric", "body": NUMERIC_BODY, "colour": "red"}, format="json")
    assert response.status_code == 400 and set(response.json()["field_errors"]) == {"colour"}

    response = client.post(BASE, {"type": "numeric", "body": NUMERIC_BODY, "subtopic": 999999}, format="json")
    assert response.status_code == 400 and "subtopic" in response.json()["field_errors"]
    assert not api.Question.objects.exists()


def test_another_courses_question_is_404(client, synced):
    from opaque_keys.edx.keys import CourseKey

    other = _create(CourseKey.from_string("course-v1:Other+X+1"))
    assert client.get(f"{BASE}{other.id}/").status_code == 404
    assert client.patch(f"{BASE}{other.id}/", {"difficulty": 1}, format="json").status_code == 404


def test_put_with_a_new_body_adds_a_version_and_patch_of_fields_does_not(client, course_key, synced):
    question = _create(course_key)
    edited = copy.deepcopy(CHOICE_BODY)
    edited["choices"][2]["text"] = "8"
    response = client.put(f"{BASE}{question.id}/", {"type": "single_choice", "body": edited}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert QuestionVersion.objects.get(question=question, number=1).body["choices"][2]["text"] == "7"

    response = client.patch(f"{BASE}{question.id}/", {"difficulty": 5, "subtopic": synced["ch1_s1"]}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert (response.json()["difficulty"], response.json()["subtopic"]) == (5, synced["ch1_s1"])

    same = client.put(f"{BASE}{question.id}/", {"type": "single_choice", "body": edited}, format="json")
    assert same.json()["version"] == 2, "an unchanged body adds no version"
    assert client.put(f"{BASE}{question.id}/", {"difficulty": 1}, format="json").status_code == 400
    cleared = client.patch(f"{BASE}{question.id}/", {"subtopic": None, "form": None}, format="json")
    assert cleared.json()["subtopic"] is None and cleared.json()["form"] is None


def test_retire_is_a_post_and_delete_is_not_allowed(client, course_key, synced):
    question = _create(course_key, status="published")
    response = client.post(f"{BASE}{question.id}/retire/")
    assert response.status_code == 200 and response.json()["status"] == "retired"
    response = client.delete(f"{BASE}{question.id}/")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert api.Question.objects.filter(id=question.id).exists()


def test_list_filters_and_pages(client, course_key, synced):
    algebra = _create(course_key, subtopic_id=synced["ch0_s0"], difficulty=1, status="published", tags=["algebra"])
    area = _create(course_key, NUMERIC_BODY, "numeric", subtopic_id=synced["ch0_s1"], difficulty=4, tags=["area"])
    retired = _create(course_key, NUMERIC_BODY, "numeric", status="retired")

    def ids(query: str = "") -> list[int]:
        response = client.get(f"{BASE}?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    assert ids() == [algebra.id, area.id, retired.id]
    assert ids(f"subtopic={synced['ch0_s1']}") == [area.id]
    assert ids("type=single_choice") == [algebra.id]
    assert ids("difficulty=4") == [area.id]
    assert ids("status=retired") == [retired.id]
    assert ids("tag=algebra") == [algebra.id]
    assert ids("search=rectangle&difficulty=3") == [retired.id]
    page = client.get(f"{BASE}?page_size=2&page=2").json()
    assert page["count"] == 3 and [item["id"] for item in page["results"]] == [retired.id]
    assert "body" not in page["results"][0]

    bad = client.get(f"{BASE}?difficulty=9&type=essay&status=gone")
    assert bad.status_code == 400 and set(bad.json()["field_errors"]) == {"difficulty", "type", "status"}


def test_the_list_runs_in_a_fixed_number_of_queries(client, course_key, synced, django_assert_max_num_queries):
    for n in range(30):
        _create(course_key, subtopic_id=synced["ch0_s0"], tags=[f"t{n}", "shared"])
    # user, course role, count, page (with version and subtopic joined), tags: none per question
    with django_assert_max_num_queries(5):
        response = client.get(f"{BASE}?page_size=25&tag=shared")
    assert response.status_code == 200 and len(response.json()["results"]) == 25


def test_the_list_reads_no_bodies_and_counts_without_distinct(client, course_key, synced):
    """A page of the list must not grow with the bank: no DISTINCT, no bodies, a plain count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _create(course_key, subtopic_id=synced["ch0_s0"], tags=["algebra", "shared"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{BASE}?tag=shared&search=a")
    assert response.status_code == 200 and len(response.json()["results"]) == 1
    bank_sql = [query["sql"] for query in captured.captured_queries if "ve_edu_plugin_question" in query["sql"]]
    assert bank_sql, "the list read no questions"
    for sql in bank_sql:
        assert "DISTINCT" not in sql.upper(), sql
        assert "`body`" not in sql and "search_text`," not in sql.split("WHERE")[0], sql
    count = next(sql for sql in bank_sql if "COUNT(" in sql.upper())
    assert "EXISTS" in count.upper() and "JOIN" not in count.upper(), count


def test_import_a_csv_upload_then_a_dry_run_then_a_bad_file(client, course_key, synced):
    subtopic = seq_key("ch0_s0").encode()
    csv = b"id,type,text,answer,subtopic\nn1,numeric,How many sides has a square?,4," + subtopic + b"\n"
    upload = SimpleUploadedFile("bank.csv", csv, content_type="text/csv")
    response = client.post(f"{BASE}import/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["format"] == "csv" and report["counts"]["created"] == 1 and report["dry_run"] is False
    assert report["created"][0]["external_id"] == "n1" and report["created"][0]["question_id"]

    dry = client.post(
        f"{BASE}import/?dry_run=true&format=csv",
        {"file": SimpleUploadedFile("bank.txt", csv.replace(b"4,", b"5,"))},
        format="multipart",
    )
    assert dry.status_code == 200 and dry.json()["dry_run"] is True and dry.json()["counts"]["updated"] == 1
    version = api.list_questions(course_key).get().current_version
    assert version is not None and version.body["value"] == 4.0

    bad = client.post(
        f"{BASE}import/",
        {"file": SimpleUploadedFile("bank.csv", csv + b"n2,numeric,,,\n")},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_import"
    assert set(bad.json()["field_errors"]) == {"row 3.text", "row 3.answer"}
    assert api.Question.objects.count() == 1

    missing = client.post(f"{BASE}import/", {"other": "x"}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["field_errors"]
    unknown = client.post(f"{BASE}import/?format=xlsx", {"file": upload}, format="multipart")
    assert unknown.status_code == 400 and "format" in unknown.json()["field_errors"]


def test_import_a_json_body_and_export_it_back(client, course_key, synced):
    _create(course_key, subtopic_id=synced["ch2_s2"], tags=["x"])
    exported = client.get(f"{BASE}export/")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="course-v1_VE-EDU_TEST101_2026-')
    document = exported.json()
    assert document["format"] == "ve-edu-questions" and len(document["questions"]) == 1

    again = client.post(f"{BASE}import/", document, format="json")
    assert again.status_code == 200 and again.json()["counts"]["unchanged"] == 1

    document["questions"].append({"id": "new", "type": "numeric", "body": NUMERIC_BODY})
    added = client.post(f"{BASE}import/?format=json", document, format="json")
    assert added.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 1, "skipped": 0, "errors": 0}

    as_file = SimpleUploadedFile("bank.json", json.dumps(document).encode())
    assert client.post(f"{BASE}import/", {"file": as_file}, format="multipart").json()["counts"]["unchanged"] == 2
    assert client.post(f"{BASE}import/", [1, 2], format="json").status_code == 400


def test_import_an_olx_problem_reports_unsupported_ones(client, course_key, synced):
    custom = b'<problem display_name="Custom"><customresponse cfn="f"><textline/></customresponse></problem>'
    response = client.post(f"{BASE}import/", {"file": SimpleUploadedFile("custom.xml", custom)}, format="multipart")
    assert response.status_code == 200
    (skipped,) = response.json()["skipped"]
    assert "customresponse" in skipped["reason"] and skipped["title"] == "Custom"


def test_preview_grades_and_records_nothing(client, course_key, synced):
    question = _create(course_key)
    url = f"{BASE}{question.id}/preview/"
    wrong = client.post(url, {"answer": "a"}, format="json")
    assert wrong.status_code == 200, wrong.json()
    assert wrong.json()["correct"] is False and wrong.json()["new_hint_html"] == "<p>Subtract 2 from both sides.</p>"
    assert wrong.json()["feedback_html"] == {"a": "<p>2 + 2 is not 5.</p>"}

    after = client.post(
        url, {"answer": "c", "history": ["a"], "policy": {"solution_after": 2, "show_answer": "always"}}, format="json"
    ).json()
    assert after["hint_level"] == 2 and after["show_solution"] and after["correct_answer"] == ["b"]

    malformed = client.post(url, {"answer": ["a", "b"]}, format="json").json()
    assert malformed["error"]["code"] == "malformed_answer"

    bad = client.post(url, {"history": "a", "policy": {"max_attempts": 0}}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["field_errors"]) == {"answer", "history", "policy.max_attempts"}

    assert not Attempt.objects.exists()
    assert api.get_question(course_key, question.id).versions.count() == 1


def test_list_rows_are_shaped_as_the_serializer_would(client, course_key, synced):
    """The list maps rows without a serializer per row; the JSON must not change for it."""
    from ve_edu_plugin.questions import api as questions_api
    from ve_edu_plugin.rest_api.v1.question_serializers import QuestionSerializer

    _create(course_key, subtopic_id=synced["ch0_s0"], tags=["b-tag", "a-tag"])
    _create(course_key)
    rows = client.get(BASE).json()["results"]
    expected = QuestionSerializer(list(questions_api.list_questions(course_key)), many=True).data
    assert len(rows) == 2 and rows == [dict(row) for row in expected]
    assert rows[0]["tags"] == ["a-tag", "b-tag"] and rows[1]["subtopic_usage_key"] is None


def test_the_question_list_has_a_pinned_budget_whatever_its_length(client, course_key, synced):
    """One page costs the same queries for 2 or 12 questions (tags and subtopics are prefetched)."""
    counts = []
    for total in (2, 12):
        while api.list_questions(course_key).count() < total:
            _create(course_key, subtopic_id=synced["ch0_s0"], tags=["algebra", "quadratics"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(BASE)
        assert response.status_code == 200 and response.json()["count"] == total
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 5, counts  # auth user, role, count (the bank just changed), page, tags


def test_the_list_counts_once_per_bank_version_and_again_after_a_change(client, course_key, synced):
    """A second page view reads its count from the cache; a question created through the bank
    (a new bank version) is counted at once, filtered counts apart from the whole list's."""
    _create(course_key, tags=["algebra"])
    _create(course_key)
    assert client.get(BASE).json()["count"] == 2
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BASE).json()["count"] == 2
    assert not [query for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
    assert client.get(BASE + "?tag=algebra").json()["count"] == 1
    _create(course_key, tags=["algebra"])
    assert client.get(BASE).json()["count"] == 3
    assert client.get(BASE + "?tag=algebra").json()["count"] == 2
