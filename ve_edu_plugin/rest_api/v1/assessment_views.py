"""
Timed-assessment endpoints: a learner's active sessions; for staff, the sessions, extend and reset.

Every read finalises expired open sessions first (lazy finalisation), so what is listed is current
even when a worker was down.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from edx_api_doc_tools import schema
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.v1.view_bases import LearnerView, StaffListView, StaffView

_STATUSES = ("open", "submitted", "expired")

_DATETIME = docs.openapi.Schema(type=docs.openapi.TYPE_STRING, format=docs.openapi.FORMAT_DATETIME)
_NULLABLE_DATETIME = docs.openapi.Schema(
    type=docs.openapi.TYPE_STRING, format=docs.openapi.FORMAT_DATETIME, x_nullable=True
)
_NULLABLE_NUMBER = docs.openapi.Schema(type=docs.openapi.TYPE_NUMBER, x_nullable=True)
_NUMBER = docs.openapi.Schema(type=docs.openapi.TYPE_NUMBER)
SESSION_ID = docs.path_parameter("session_id", int, "The assessment session's id.")
#: A learner's open session as ``active/`` lists it.
ACTIVE_SESSION = docs.obj(
    id=docs.INTEGER,
    status=docs.STRING,
    started=_DATETIME,
    deadline=_DATETIME,
    closes=_DATETIME,
    seconds_left=docs.INTEGER,
    attempt_number=docs.INTEGER,
)
ACTIVE = docs.obj(
    course_id=docs.STRING, results=docs.openapi.Schema(type=docs.openapi.TYPE_ARRAY, items=ACTIVE_SESSION)
)
#: One line of the staff list (``assessments_api.session_summary``).
SESSION_SUMMARY = docs.obj(
    id=docs.INTEGER,
    username=docs.STRING,
    block_usage_key=docs.STRING,
    status=docs.STRING,
    attempt_number=docs.INTEGER,
    started=_DATETIME,
    deadline=_DATETIME,
    finished=_NULLABLE_DATETIME,
    score=_NULLABLE_NUMBER,
    max_score=_NUMBER,
    reset=docs.openapi.Schema(type=docs.openapi.TYPE_BOOLEAN),
)
SESSIONS_PAGE = docs.obj(
    count=docs.INTEGER,
    next=docs.openapi.Schema(type=docs.openapi.TYPE_STRING, x_nullable=True),
    previous=docs.openapi.Schema(type=docs.openapi.TYPE_STRING, x_nullable=True),
    results=docs.openapi.Schema(type=docs.openapi.TYPE_ARRAY, items=SESSION_SUMMARY),
)
#: A session after a staff action (``SessionState.as_json``).
SESSION_STATE = docs.obj(
    id=docs.INTEGER,
    status=docs.STRING,
    attempt_number=docs.INTEGER,
    started=_DATETIME,
    deadline=_DATETIME,
    closes=_DATETIME,
    seconds_left=docs.INTEGER,
    finished=_NULLABLE_DATETIME,
    score=_NULLABLE_NUMBER,
    max_score=_NUMBER,
    answers=docs.ANY_OBJECT,
)
EXTEND_BODY = docs.obj(
    extra_minutes=docs.openapi.Schema(
        type=docs.openapi.TYPE_INTEGER, description="Whole minutes added, 0 to 10000 (default 0)."
    ),
    multiplier=docs.openapi.Schema(
        type=docs.openapi.TYPE_NUMBER, description="Time limit multiplied by 1 to 10 (default 1)."
    ),
)


class ActiveAssessmentsView(LearnerView):
    """GET ``assessments/active/``: the requesting learner's open sessions with the seconds left."""

    @schema(
        summary="The requesting learner's open timed assessments with the seconds left.",
        parameters=[docs.COURSE_ID],
        responses=docs.responses(200, ACTIVE, *docs.SIGNED_IN),
    )
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        active = assessments_api.active_sessions(request.user, course_key)
        fields = ("id", "status", "started", "deadline", "closes", "seconds_left", "attempt_number")
        rows = [{name: state.as_json()[name] for name in fields} for state in active]
        return Response({"course_id": str(course_key), "results": rows})


class AssessmentSessionsView(StaffListView):
    """GET ``assessments/?block=&status=&username=`` (staff): sessions, newest first, paginated."""

    @schema(
        summary="Timed-assessment sessions, newest first (course staff only).",
        parameters=[
            docs.COURSE_ID,
            docs.query_parameter("block", str, "Only the sessions of this block usage key."),
            docs.query_parameter("status", str, "open, submitted or expired."),
            docs.query_parameter("username", str, "Only this learner's sessions."),
            docs.PAGE,
            docs.PAGE_SIZE,
        ],
        responses=docs.responses(200, SESSIONS_PAGE, *docs.SIGNED_IN, errors.InvalidRequestError, errors.NotFoundError),
    )
    def get(self, request: Request, course_id: str, *args: Any) -> Response:
        course_key = parse_course_key(course_id)
        status = request.query_params.get("status", "")
        if status and status not in _STATUSES:
            raise errors.InvalidRequestError(
                field_errors={"status": [gettext("Must be one of %(statuses)s.") % {"statuses": ", ".join(_STATUSES)}]}
            )
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
        raise errors.InvalidRequestError(field_errors={name: [gettext("Must be a number.")]})
    return value


class ExtendAssessmentView(StaffView):
    """POST ``assessments/{id}/extend/`` (staff): ``{"extra_minutes": 10}`` and/or ``{"multiplier": 1.5}``."""

    @schema(
        summary="Give the session's learner more time in its block; an open session's deadline moves.",
        body=EXTEND_BODY,
        parameters=[docs.COURSE_ID, SESSION_ID],
        responses=docs.responses(200, SESSION_STATE, *docs.SIGNED_IN, *docs.WRITE, errors.NotFoundError),
    )
    def post(self, request: Request, course_id: str, session_id: int) -> Response:
        session = assessments_api.session_in_course(parse_course_key(course_id), session_id)
        state = assessments_api.extend_time(
            session.pk,
            extra_minutes=_number(request.data, "extra_minutes", 0),
            multiplier=_number(request.data, "multiplier", 1.0),
        )
        return Response(state.as_json())


class ResetAssessmentView(StaffView):
    """POST ``assessments/{id}/reset/`` (staff): the learner may start again; the session is kept."""

    @schema(
        summary="Let the session's learner start the block again; the session (finalised if open) is kept.",
        parameters=[docs.COURSE_ID, SESSION_ID],
        responses=docs.responses(200, SESSION_STATE, *docs.SIGNED_IN, errors.ThrottledError, errors.NotFoundError),
    )
    def post(self, request: Request, course_id: str, session_id: int) -> Response:
        session = assessments_api.session_in_course(parse_course_key(course_id), session_id)
        return Response(assessments_api.reset_learner(session.pk).as_json())
