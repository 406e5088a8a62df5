"""The analytics REST endpoints: staff only, problem+json, paginated, CSV streamed, bounded queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.analytics.seed import seed_answers
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.mastery.models import SkillState

pytestmark = pytest.mark.django_db

BASE = "/api/ve-edu/v1/courses/{course}/analytics/"
ENDPOINTS = ["items/", "mastery/", "gradebook/", "fits/", "runs/1/", "items/1/"]


@pytest.fixture
def analysed(learning_course, settings):
    settings.VE_EDU_ANALYTICS_FIT_BOUNDS = {"max_guess": 0.3, "max_slip": 0.3, "min_learners": 20, "min_answers": 100}
    subtopic = learning_course.subtopic_ids[0]
    questions = [learning_course.choice_question, *learning_course.practice_questions[subtopic]]
    users = seed_answers(learning_course.course_key, questions, learners=30, rounds=1, seed=5)
    for n, user in enumerate(users):
        SkillState.objects.create(
            user=user,
            course_key=learning_course.course_key,
            subtopic_id=subtopic,
            p_mastery=n / 30,
            attempts=5,
            correct_attempts=n % 6,
            mastered=n >= 27,
        )
    run = analytics_api.run_now(learning_course.course_key)
    return learning_course, run, users


def _url(course, path: str) -> str:
    return BASE.format(course=course.course_key) + path


@pytest.fixture
def staff(analysed, course_member):
    return course_member("teacher", analysed[0].course_key, "staff")


def test_permission_matrix(analysed, api_client, jwt_client, make_user):
    course = analysed[0]
    learner = make_user("pupil")  # signed in, but no role in the course
    for path in ENDPOINTS:
        assert api_client.get(_url(course, path)).status_code == 401
        response = jwt_client(learner).get(_url(course, path))
        assert response.status_code == 403, path
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "permission_denied"
    assert jwt_client(learner).post(_url(course, "runs/")).status_code == 403


def test_items_are_paginated_and_filtered(analysed, staff, jwt_client):
    course = analysed[0]
    client = jwt_client(staff)
    body = client.get(_url(course, "items/"), {"page_size": 2}).json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]
    only = client.get(_url(course, "items/"), {"subtopic": course.subtopic_ids[1]}).json()
    assert only["count"] == 0
    bad = client.get(_url(course, "items/"), {"flag": "odd"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_request"
    bad = client.get(_url(course, "items/"), {"subtopic": "x"})
    assert bad.status_code == 400
    one = client.get(_url(course, f"items/{course.choice_question}/")).json()
    assert one["learners"] == 30 and set(one["choice_counts"]) == {"a", "b", "c", "d"}
    assert one["median_seconds"] > 0
    assert [(v["number"], v["answers"], v["learners"]) for v in one["versions"]] == [(1, 30, 30)]
    assert sum(one["versions"][0]["choice_counts"].values()) == 30
    missing = client.get(_url(course, "items/999999/"))
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_mastery_fits_and_runs(analysed, staff, jwt_client, settings):
    course, run, _ = analysed
    client = jwt_client(staff)
    mastery = {row["subtopic_id"]: row for row in client.get(_url(course, "mastery/")).json()["results"]}
    first = mastery[course.subtopic_ids[0]]
    assert (first["mastered"], first["in_progress"], first["not_started"]) == (3, 27, 0)
    assert sum(first["histogram"]) == 30
    fits = client.get(_url(course, "fits/")).json()
    assert fits["count"] == len(course.subtopic_ids)
    refused = next(fit for fit in fits["results"] if fit["subtopic_id"] == course.subtopic_ids[1])
    assert refused["problems"] == ["needs 20 learners, has 0", "needs 100 answers, has 0"] and not refused["applied"]
    assert client.get(_url(course, f"runs/{run.pk}/")).json()["status"] == "done"
    started = client.post(_url(course, "runs/"))
    assert started.status_code == 202 and started.json()["trigger"] == "staff"
    assert client.get(_url(course, "runs/999999/")).status_code == 404


def test_gradebook_json_and_csv(analysed, staff, jwt_client):
    course = analysed[0]
    client = jwt_client(staff)
    page = client.get(_url(course, "gradebook/"), {"page_size": 10}).json()
    assert page["count"] == 30 and len(page["results"]["rows"]) == 10
    response = client.get(_url(course, "gradebook/"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(table) == 31 and table[0][0] == "username"
    assert len(table[0]) == 1 + 2 * len(page["results"]["topics"])


@pytest.mark.parametrize("path", ["items/", "mastery/", "fits/", "gradebook/"])
def test_reads_use_a_bounded_number_of_queries(analysed, staff, jwt_client, path):
    client = jwt_client(staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(analysed[0], path)).status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]
