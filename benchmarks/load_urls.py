"""
Urls of the load benchmark: the plugin's LMS urls, the bare DRF floor views, and the plugin's
submit path behind a bare view (``submit_answer`` as the question block calls it, without the
XBlock runtime, whose cost is the host's, not the plugin's).
"""

from __future__ import annotations

import uuid

from django.urls import path
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from opaque_keys.edx.keys import CourseKey
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tests.host.urls_lms import urlpatterns as host_urlpatterns
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.mastery.models import MasteryTransition
from ve_edu_plugin.questions.models import Question

COURSE = "course-v1:VE-EDU+LOAD+2026"


class _Authenticated(APIView):
    """Authenticated as the plugin's views are (a JWT header), so the floor pays the same."""

    authentication_classes = (JwtAuthentication,)
    permission_classes = (IsAuthenticated,)


class BareView(_Authenticated):
    """The floor: GET reads one page of 20 rows; POST one indexed SELECT and one INSERT."""

    def get(self, request: Request, course_id: str = COURSE) -> Response:
        rows = list(Question.objects.filter(course_key=course_id).order_by("id").values("id", "title", "status")[:20])
        return Response({"results": rows})

    def post(self, request: Request) -> Response:
        data, user = request.data, request.user
        assert isinstance(data, dict) and user.is_authenticated, "a JSON object from a signed-in user"
        question = Question.objects.get(id=data["question_id"])
        assert question.subtopic_id is not None, "the load course's questions are in subtopics"
        row = MasteryTransition.objects.create(
            user=user,
            course_key=question.course_key,
            subtopic_id=question.subtopic_id,
            kind="reached",
            p_mastery=0.5,
        )
        return Response({"id": row.id})


class SubmitView(_Authenticated):
    """
    The plugin's whole answer path (grade, attempt, summary, mastery) for the posted answer, in
    the load course or the posted ``course_id`` (``make bench`` posts its own).
    """

    def post(self, request: Request) -> Response:
        data = request.data
        assert isinstance(data, dict), "a JSON object"
        outcome = attempts_api.submit_answer(
            request.user,
            CourseKey.from_string(data.get("course_id", COURSE)),
            int(data["question_id"]),
            answer=data["answer"],
            client_key=uuid.uuid4().hex,
            policy=attempts_api.FeedbackPolicy(),
            block_usage_key="load-block",
        )
        return Response({"graded": outcome.graded, "duplicate": outcome.duplicate})


urlpatterns = [
    path("bare/", BareView.as_view()),
    path("bare/<str:course_id>/", BareView.as_view()),
    path("submit/", SubmitView.as_view()),
    *host_urlpatterns,
]
