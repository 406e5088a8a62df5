"""The outline REST endpoints: course staff only, problem errors, tags, sync and history."""

from __future__ import annotations

import pytest

from tests.curriculum.olx_builder import COURSE_ID, grid
from ve_edu_plugin.curriculum import api
from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/outline/"


@pytest.fixture
def staff(course_member, course_key):
    return course_member("teacher", course_key, "staff")


@pytest.fixture
def learner(course_member, course_key):
    return course_member("learner", course_key, "learner")


@pytest.fixture
def synced(export, course_key):
    api.sync_course_outline(course_key, trigger="command")


def test_anonymous_is_401_and_learner_is_403(api_client, jwt_client, learner, synced):
    assert api_client.get(BASE).status_code == 401
    response = jwt_client(learner).get(BASE)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_staff_sees_topics_and_subtopics_in_order(jwt_client, staff, synced, export, course_key):
    export_chapters = grid(2, 3)
    export.write(export_chapters)
    api.sync_course_outline(course_key, trigger="command")
    body = jwt_client(staff).get(BASE).json()
    assert body["course_id"] == COURSE_ID
    titles = [(t["title"], t["archived"], [s["title"] for s in t["subtopics"]]) for t in body["topics"]]
    assert titles[:2] == [
        ("Section 0", False, ["Subsection 0.0", "Subsection 0.1", "Subsection 0.2"]),
        ("Section 1", False, ["Subsection 1.0", "Subsection 1.1", "Subsection 1.2"]),
    ]
    assert titles[2][1] is True and len(export_chapters) == 2
    assert set(body["topics"][0]) >= {"id", "usage_key", "exam_level", "form", "subject_code", "hide_from_toc"}


def test_malformed_course_id_is_400_and_never_synced_is_404(jwt_client, make_user):
    admin = make_user("admin", is_staff=True)
    response = jwt_client(admin).get("/api/ve-edu/v1/courses/not-a-course/outline/")
    assert response.status_code == 400 and response.json()["code"] == "invalid_course_key"
    response = jwt_client(admin).get("/api/ve-edu/v1/courses/course-v1:A+B+C/outline/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_patch_sets_curriculum_tags_and_validates_them(jwt_client, staff, synced):
    client = jwt_client(staff)
    topic = Topic.objects.all()[0]
    ok = client.patch(
        f"{BASE}topics/{topic.id}/", {"exam_level": "MSCE", "form": 3, "subject_code": "MATH"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["exam_level"] == "MSCE"
    topic.refresh_from_db()
    assert (topic.exam_level, topic.form, topic.subject_code) == ("MSCE", 3, "MATH")

    subtopic = Subtopic.objects.all()[0]
    bad = client.patch(f"{BASE}subtopics/{subtopic.id}/", {"exam_level": "IGCSE", "form": 5}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["field_errors"]) == {"exam_level", "form"}
    unknown = client.patch(f"{BASE}subtopics/{subtopic.id}/", {"colour": "red"}, format="json")
    assert unknown.status_code == 400 and "colour" in unknown.json()["field_errors"]
    missing = client.patch(f"{BASE}subtopics/999999/", {"form": 2}, format="json")
    assert missing.status_code == 404


def test_tags_survive_a_resync(jwt_client, staff, synced, course_key):
    topic = Topic.objects.all()[0]
    jwt_client(staff).patch(f"{BASE}topics/{topic.id}/", {"exam_level": "JCE", "form": 2}, format="json")
    api.sync_course_outline(course_key, trigger="command")
    topic.refresh_from_db()
    assert (topic.exam_level, topic.form) == ("JCE", 2)


def test_post_sync_is_202_and_the_history_shows_it(jwt_client, staff, export, django_capture_on_commit_callbacks):
    client = jwt_client(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}sync/")
    assert response.status_code == 202
    sync_id = response.json()["sync_id"]
    run = SyncRun.objects.get(id=sync_id)
    assert run.status == "succeeded" and run.trigger == "manual"

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{BASE}sync/")
    history = client.get(f"{BASE}syncs/?page_size=2").json()
    assert history["count"] == 4 and len(history["results"]) == 2
    assert history["results"][0]["id"] > history["results"][1]["id"]
    assert history["results"][-1]["status"] == "succeeded"
