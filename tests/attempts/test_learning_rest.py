"""Mastery and attempts endpoints: a learner sees only their own data."""

from __future__ import annotations

import uuid

import pytest

from tests.curriculum.olx_builder import COURSE_ID
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.platform.models import StandaloneCourseRole

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/"


@pytest.fixture
def people(make_user, learning_course):
    users = {name: make_user(name) for name in ("ada", "bob", "teacher")}
    for name, role in (("ada", "learner"), ("bob", "learner"), ("teacher", "staff")):
        StandaloneCourseRole.objects.create(user=users[name], course_key=learning_course.course_key, role=role)
    for name, answer in (("ada", "b"), ("bob", "a")):
        attempts_api.submit_answer(
            users[name],
            learning_course.course_key,
            learning_course.choice_question,
            answer=answer,
            client_key=uuid.uuid4().hex,
            policy=attempts_api.FeedbackPolicy(),
        )
    return users


def test_my_mastery_lists_topics_and_subtopics(jwt_client, people):
    body = jwt_client(people["ada"]).get(f"{BASE}mastery/me/").json()
    assert body["username"] == "ada"
    first = body["topics"][0]
    assert first["title"] == "Section 0" and first["subtopics"][0]["attempts"] == 1
    assert first["subtopics"][0]["p_mastery"] > 0.2


def test_my_mastery_reads_the_policy_once_and_no_keys(jwt_client, people):
    """The course policy is kept between requests; subtopic rows are read without their usage keys."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = jwt_client(people["ada"])
    assert client.get(f"{BASE}mastery/me/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{BASE}mastery/me/").status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [query for query in sql if "coursemasterypolicy" in query]
    subtopic_reads = [query for query in sql if "FROM `ve_edu_plugin_subtopic`" in query]
    assert subtopic_reads and not [query for query in subtopic_reads if "usage_key" in query.split(" FROM ")[0]]


def test_staff_see_one_learner_and_learners_cannot(jwt_client, people):
    assert jwt_client(people["teacher"]).get(f"{BASE}mastery/?username=bob").json()["username"] == "bob"
    assert jwt_client(people["ada"]).get(f"{BASE}mastery/?username=bob").status_code == 403
    assert jwt_client(people["teacher"]).get(f"{BASE}mastery/").status_code == 400
    assert jwt_client(people["teacher"]).get(f"{BASE}mastery/?username=nobody").status_code == 404


def test_attempts_are_own_for_learners_and_filterable_for_staff(jwt_client, people, learning_course):
    mine = jwt_client(people["ada"]).get(f"{BASE}attempts/").json()
    assert len(mine["results"]) == 1 and mine["results"][0]["username"] == "ada" and "count" not in mine
    assert jwt_client(people["ada"]).get(f"{BASE}attempts/?username=bob").status_code == 403
    everyone = jwt_client(people["teacher"]).get(f"{BASE}attempts/").json()
    assert len(everyone["results"]) == 2 and everyone["next"] is None
    first = jwt_client(people["teacher"]).get(f"{BASE}attempts/?page_size=1").json()
    second = jwt_client(people["teacher"]).get(first["next"]).json()
    assert [first["results"][0]["id"], second["results"][0]["id"]] == [row["id"] for row in everyone["results"]]
    bob = jwt_client(people["teacher"]).get(f"{BASE}attempts/?username=bob&question={learning_course.choice_question}")
    assert [row["username"] for row in bob.json()["results"]] == ["bob"]


def test_strangers_and_anonymous_are_refused(api_client, jwt_client, make_user, people):
    assert api_client.get(f"{BASE}mastery/me/").status_code == 401
    assert jwt_client(make_user("stranger")).get(f"{BASE}attempts/").status_code == 403


def test_attempt_rows_are_shaped_as_the_serializer_would(jwt_client, people):
    """The list maps rows without a serializer per row; the JSON must not change for it."""
    from ve_edu_plugin.rest_api.v1.learning_views import AttemptSerializer

    rows = jwt_client(people["teacher"]).get(f"{BASE}attempts/").json()["results"]
    attempts = attempts_api.attempts_of(_course_key(), user_id=None, question_id=None)
    expected = {row["id"]: row for row in AttemptSerializer(list(attempts), many=True).data}
    assert rows and rows == [dict(expected[row["id"]]) for row in rows]


def test_the_attempts_list_runs_in_a_fixed_number_of_queries(jwt_client, people, learning_course):
    """More attempts on the page must not mean more queries (no per-row reads)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = jwt_client(people["teacher"])
    assert client.get(f"{BASE}attempts/").status_code == 200
    with CaptureQueriesContext(connection) as before:
        assert len(client.get(f"{BASE}attempts/").json()["results"]) == 2
    for _ in range(3):
        attempts_api.submit_answer(
            people["bob"],
            learning_course.course_key,
            learning_course.choice_question,
            answer="b",
            client_key=uuid.uuid4().hex,
            policy=attempts_api.FeedbackPolicy(),
        )
    with CaptureQueriesContext(connection) as after:
        assert len(client.get(f"{BASE}attempts/").json()["results"]) == 5
    assert len(after.captured_queries) == len(before.captured_queries) <= 6


def _course_key():
    from opaque_keys.edx.keys import CourseKey

    return CourseKey.from_string(COURSE_ID)
