"""
Timed-assessment endpoints: a learner's active sessions; for staff, the sessions, extend and reset.

Every read finalises expired open sessions first (lazy finalisation), so what is listed is current
even when a worker was down.
"""

from __future__ import annotations

from typing import Any

from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin import errors
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin, parse_course_key
from ve_edu_plugin.rest_api.v1.pagination import StandardPagination
from ve_edu_plugin.rest_api.v1.permissions import CanViewCourse, IsCourseStaff

_STATUSES = ("open", "submitted", "expired")


class ActiveAssessmentsView(ProblemErrorsMixin, APIView):
    """GET ``assessments/active/``: the requesting learner's open sessions with the seconds left."""

    permission_classes = (CanViewCourse,)

    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        active = assessments_api.active_sessions(request.user, course_key)
        fields = ("id", "status", "started", "deadline", "closes", "seconds_left", "attempt_number")
        rows = [{name: state.as_json()[name] for name in fields} for state in active]
        return Response({"course_id": str(course_key), "results": rows})


class AssessmentSessionsView(ProblemErrorsMixin, GenericAPIView):
    """GET ``assessments/?block=&status=&username=`` (staff): sessions, newest first, paginated."""

    permission_classes = (IsCourseStaff,)
    pagination_class = StandardPagination

    def get(self, request: Request, course_id: str, *args: Any) -> Response:
        course_key = parse_course_key(course_id)
        status = request.query_params.get("status", "")
        if status and status not in _STATUSES:
            raise errors.InvalidRequestError(field_errors={"status": [f"Must be one of {', '.join(_STATUSES)}."]})
        username = request.query_params.get("username")
        user_id = platform_api.get_user_by_username(username).id if username else None
        found = assessments_api.sessions_of(
            course_key, block_key=request.query_params.get("block", ""), status=status, user_id=user_id
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response([assessments_api.session_summary(session) for session in page or []])


def _number(data: Any, name: str, default: float) -> Any:
    value = data.get(name, default) if isinstance(data, dict) else default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise errors.InvalidRequestError(field_errors={name: ["Must be a number."]})
    return value


class ExtendAssessmentView(ProblemErrorsMixin, APIView):
    """POST ``assessments/{id}/extend/`` (staff): ``{"extra_minutes": 10}`` and/or ``{"multiplier": 1.5}``."""

    permission_classes = (IsCourseStaff,)

    def post(self, request: Request, course_id: str, session_id: int) -> Response:
        session = assessments_api.session_in_course(parse_course_key(course_id), session_id)
        state = assessments_api.extend_time(
            session.pk,
            extra_minutes=_number(request.data, "extra_minutes", 0),
            multiplier=_number(request.data, "multiplier", 1.0),
        )
        return Response(state.as_json())


class ResetAssessmentView(ProblemErrorsMixin, APIView):
    """POST ``assessments/{id}/reset/`` (staff): the learner may start again; the session is kept."""

    permission_classes = (IsCourseStaff,)

    def post(self, request: Request, course_id: str, session_id: int) -> Response:
        session = assessments_api.session_in_course(parse_course_key(course_id), session_id)
        return Response(assessments_api.reset_learner(session.pk).as_json())
