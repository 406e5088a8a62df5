"""Timed-assessment REST: active sessions, the staff list, extend and reset, with their permissions (Must show 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.assessments.conftest import BLOCK
from tests.curriculum.olx_builder import COURSE_ID
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.platform.models import StandaloneCourseRole

pytestmark = pytest.mark.django_db
BASE = f"/api/ve-edu/v1/courses/{COURSE_ID}/assessments/"


@pytest.fixture
def people(make_user, learning_course, config):
    users = {name: make_user(name) for name in ("ada", "bob", "teacher")}
    for name, role in (("ada", "learner"), ("bob", "learner"), ("teacher", "staff")):
        StandaloneCourseRole.objects.create(user=users[name], course_key=learning_course.course_key, role=role)
    for name in ("ada", "bob"):
        assessments_api.start_session(users[name], learning_course.course_key, BLOCK, config)
    return users


def _session_of(user) -> int:
    return assessments_api.AssessmentSession.objects.get(user=user).pk


def test_a_learner_sees_their_own_active_session_with_seconds_left(jwt_client, people):
    body = jwt_client(people["ada"]).get(f"{BASE}active/").json()
    assert len(body["results"]) == 1 and body["results"][0]["id"] == _session_of(people["ada"])
    assert 590 <= body["results"][0]["seconds_left"] <= 600


def test_learners_cannot_list_extend_or_reset(jwt_client, people):
    ada = jwt_client(people["ada"])
    bob_session = _session_of(people["bob"])
    for response in (
        ada.get(BASE),
        ada.get(f"{BASE}?username=bob"),
        ada.post(f"{BASE}{bob_session}/extend/", {"extra_minutes": 5}, format="json"),
        ada.post(f"{BASE}{_session_of(people['ada'])}/reset/", {}, format="json"),
    ):
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "permission_denied"


def test_staff_list_extend_and_reset(jwt_client, people):
    teacher = jwt_client(people["teacher"])
    listed = teacher.get(f"{BASE}?username=ada").json()
    assert [row["username"] for row in listed["results"]] == ["ada"]
    assert teacher.get(f"{BASE}?status=nonsense").json()["code"] == "invalid_request"
    session = _session_of(people["ada"])
    before = assessments_api.AssessmentSession.objects.get(pk=session).deadline
    extended = teacher.post(f"{BASE}{session}/extend/", {"extra_minutes": 15}, format="json")
    assert extended.status_code == 200
    assert assessments_api.AssessmentSession.objects.get(pk=session).deadline == before + timedelta(minutes=15)
    bad = teacher.post(f"{BASE}{session}/extend/", {"multiplier": "lots"}, format="json")
    assert bad.status_code == 400 and "multiplier" in bad.json()["field_errors"]
    assert teacher.post(f"{BASE}999999/reset/", {}, format="json").status_code == 404
    reset = teacher.post(f"{BASE}{session}/reset/", {}, format="json").json()
    assert reset["status"] == "submitted"
    assert assessments_api.AssessmentSession.objects.get(pk=session).reset


def test_an_expired_session_is_finalised_by_the_active_view(jwt_client, people, learning_course, config):
    carol = people["ada"]
    session = assessments_api.AssessmentSession.objects.get(user=carol)
    assessments_api.AssessmentSession.objects.filter(pk=session.pk).update(
        deadline=timezone.now() - timedelta(minutes=5), closes=timezone.now() - timedelta(minutes=3)
    )
    assert jwt_client(carol).get(f"{BASE}active/").json()["results"] == []
    assert assessments_api.AssessmentSession.objects.get(pk=session.pk).status == "expired"


def test_a_learner_asking_for_another_learners_session_by_id_gets_404_or_only_their_own(jwt_client, people):
    ada, bob_session = jwt_client(people["ada"]), _session_of(people["bob"])
    assert ada.get(f"{BASE}{bob_session}/").status_code == 404  # no per-session read exists to leak through
    for query in (f"?username=bob&id={bob_session}", f"?session={bob_session}"):
        body = ada.get(f"{BASE}active/{query}").json()
        assert [row["id"] for row in body["results"]] == [_session_of(people["ada"])]
