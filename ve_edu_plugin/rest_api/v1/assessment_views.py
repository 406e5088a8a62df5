"""
Timed-assessment endpoints: a learner's active sessions; for staff, the sessions, extend and reset.

Every read finalises expired open sessions first (lazy finalisation), so what is listed is current
even when a worker was down.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from opaque_keys.edx.keys import CourseKey
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.v1.view_bases import CourseRowsView, LearnerView, QueryFilter, StaffView, rows_operation

_STATUSES = ("open", "submitted", "expired")

SESSION_ID = docs.path_parameter("session_id", int, "The assessment session's id.")
#: What ``active/`` shows of each of a learner's open sessions.
ACTIVE_FIELDS = "id status started deadline closes seconds_left attempt_number"
ACTIVE = docs.obj(course_id=docs.STRING, results=docs.array_of(docs.shape(assessments_api.SessionState, ACTIVE_FIELDS)))
#: One line of the staff list (``assessments_api.session_summary``): a session's state and its learner and block.
SESSION_SUMMARY = docs.shape(
    assessments_api.SessionState,
    "id username block_usage_key status attempt_number started deadline finished score max_score reset",
    username=docs.STRING,
    block_usage_key=docs.STRING,
    reset=docs.BOOLEAN,
)
#: A session after a staff action (``SessionState.as_json``; ``answers`` by question id).
SESSION_STATE = docs.shape(
    assessments_api.SessionState,
    "id status attempt_number started deadline closes seconds_left finished score max_score answers",
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

    @docs.course_operation("The requesting learner's open timed assessments with the seconds left.", ACTIVE)
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        active = assessments_api.active_sessions(request.user, course_key)
        states = (state.as_json() for state in active)
        rows = [{name: state[name] for name in ACTIVE_FIELDS.split()} for state in states]
        return Response({"course_id": str(course_key), "results": rows})


def _sessions(course_key: CourseKey, *, block: str | None, status: str | None, username: str | None) -> Any:
    """The course's sessions for the staff list's filters (expired open ones finalised first)."""
    if status and status not in _STATUSES:
        raise errors.InvalidRequestError(
            field_errors={"status": [gettext("Must be one of %(statuses)s.") % {"statuses": ", ".join(_STATUSES)}]}
        )
    user_id = platform_api.get_user_by_username(username).id if username else None
    return assessments_api.sessions_of(course_key, block_key=block or "", status=status or "", user_id=user_id)


@rows_operation(
    "Timed-assessment sessions, newest first (course staff only).",
    errors.InvalidRequestError,
    errors.NotFoundError,
    page=docs.page_of(docs.array_of(SESSION_SUMMARY)),
)
class AssessmentSessionsView(CourseRowsView):
    """GET ``assessments/?block=&status=&username=`` (staff): sessions, newest first, paginated."""

    rows = staticmethod(_sessions)
    filters = (
        QueryFilter("block", str, "Only the sessions of this block usage key."),
        QueryFilter("status", str, "open, submitted or expired."),
        QueryFilter("username", str, "Only this learner's sessions."),
    )

    def page(self, rows: Any) -> Response:
        """A page of ``assessments_api.session_summary`` lines (the staff block's list shows the same)."""
        return self.get_paginated_response(
            [assessments_api.session_summary(row) for row in self.paginate_queryset(rows) or []]
        )


def _number(data: Any, name: str, default: float) -> Any:
    value = data.get(name, default) if isinstance(data, dict) else default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise errors.InvalidRequestError(field_errors={name: [gettext("Must be a number.")]})
    return value


class ExtendAssessmentView(StaffView):
    """POST ``assessments/{id}/extend/`` (staff): ``{"extra_minutes": 10}`` and/or ``{"multiplier": 1.5}``."""

    @docs.course_operation(
        "Give the session's learner more time in its block; an open session's deadline moves.",
        SESSION_STATE,
        *docs.WRITE,
        errors.NotFoundError,
        parameters=[SESSION_ID],
        request=EXTEND_BODY,
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

    @docs.course_operation(
        "Let the session's learner start the block again; the session (finalised if open) is kept.",
        SESSION_STATE,
        errors.ThrottledError,
        errors.NotFoundError,
        parameters=[SESSION_ID],
    )
    def post(self, request: Request, course_id: str, session_id: int) -> Response:
        session = assessments_api.session_in_course(parse_course_key(course_id), session_id)
        return Response(assessments_api.reset_learner(session.pk).as_json())
