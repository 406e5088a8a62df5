"""Learner data endpoints: mastery and attempts. A learner only ever sees their own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from opaque_keys.edx.keys import CourseKey
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.platform import api as platform_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin, parse_course_key, parse_id
from ve_edu_plugin.rest_api.v1.columns import ColumnSerializer
from ve_edu_plugin.rest_api.v1.pagination import NewestFirstCursorPagination
from ve_edu_plugin.rest_api.v1.permissions import CanViewCourse
from ve_edu_plugin.rest_api.v1.view_bases import LearnerView, StaffView, rows_operation

#: The body of both mastery endpoints.
MASTERY_REPORT = docs.obj(course_id=docs.STRING, username=docs.STRING, topics=docs.array_of(docs.ANY_OBJECT))


def _mastery_report(course_key: CourseKey, learner: Any) -> Response:
    """``MASTERY_REPORT`` of ``learner`` (the caller, or the learner staff asked for)."""
    topics = mastery_api.mastery_report(learner.id, course_key)
    return Response({"course_id": str(course_key), "username": learner.username, "topics": topics})


class MyMasteryView(LearnerView):
    """GET ``mastery/me/``: the requesting learner's mastery per topic and subtopic."""

    @docs.course_operation("The requesting learner's mastery per topic and subtopic.", MASTERY_REPORT)
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        assert request.user.is_authenticated, "CanViewCourse admits signed-in users only"
        return _mastery_report(course_key, request.user)


class LearnerMasteryView(StaffView):
    """GET ``mastery/?username=``: one learner's mastery (course staff only)."""

    @docs.course_operation(
        "One learner's mastery per topic and subtopic (course staff only).",
        MASTERY_REPORT,
        errors.InvalidRequestError,
        errors.NotFoundError,
        parameters=[docs.query_parameter("username", str, "The learner's username (required).")],
    )
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        username = request.query_params.get("username")
        if not username:
            raise errors.InvalidRequestError(field_errors={"username": [gettext("This query parameter is required.")]})
        return _mastery_report(course_key, platform_api.get_user_by_username(username))


class AttemptSerializer(ColumnSerializer):
    model = attempts_api.Attempt
    columns = (
        "id username question_id question_version subtopic_id attempt_number answer correct score hint_level"
        " block_usage_key client_timestamp created"
    )
    username = serializers.CharField(source="user.username")
    question_version = serializers.IntegerField(source="question_version.number")


_DATETIME = serializers.DateTimeField()


def _attempt_rows(rows: list[dict[str, Any]], own_username: str | None) -> list[dict[str, Any]]:
    """
    A page of ``attempts_api.attempt_log`` as ``AttemptSerializer`` shapes an attempt, mapped as
    plain dicts: the serializer's per-row field work was most of the request's time on a long
    log. A learner's own log needs no username lookup (``own_username``).
    """
    usernames = {} if own_username is not None else attempts_api.usernames_of(row["user_id"] for row in rows)
    numbers = attempts_api.version_numbers_of(row["question_version_id"] for row in rows)
    return [
        {
            "id": row["id"],
            "username": own_username if own_username is not None else usernames.get(row["user_id"]),
            "question_id": row["question_id"],
            "question_version": numbers.get(row["question_version_id"]),
            "subtopic_id": row["subtopic_id"],
            "attempt_number": row["attempt_number"],
            "answer": row["answer"],
            "correct": bool(row["correct"]),
            "score": float(row["score"]),
            "hint_level": row["hint_level"],
            "block_usage_key": str(row["block_usage_key"]),
            "client_timestamp": (
                _DATETIME.to_representation(row["client_timestamp"]) if row["client_timestamp"] else None
            ),
            "created": _DATETIME.to_representation(row["created"]),
        }
        for row in rows
    ]


@rows_operation(
    "Attempts, newest first: a learner's own; course staff may filter by learner and question.",
    errors.InvalidRequestError,
    errors.NotFoundError,
    parameters=[
        docs.query_parameter("username", str, "Whose attempts (course staff, or the learner's own name)."),
        docs.query_parameter("question", int, "Only the attempts at this question id."),
    ],
)
class AttemptsView(ProblemErrorsMixin, GenericAPIView):
    """
    GET ``attempts/``: own attempts; course staff may filter by ``username`` and ``question``.
    Paged by cursor (``next`` / ``previous`` links, no total): a course's log is too long to count.
    """

    permission_classes = (CanViewCourse,)
    pagination_class = NewestFirstCursorPagination
    serializer_class = AttemptSerializer

    def get(self, request: Request, course_id: str, *args: Any) -> Response:
        course_key = parse_course_key(course_id)
        username = request.query_params.get("username")
        question = request.query_params.get("question")
        user_id: int | None
        if platform_api.is_course_staff(request.user, course_key):
            user_id = platform_api.get_user_by_username(username).id if username else None
        elif username and username != request.user.username:
            raise errors.PermissionDeniedError(gettext("Only course staff may see another learner's attempts."))
        else:
            user_id = request.user.id
        attempts = attempts_api.attempt_log(course_key, user_id=user_id, question_id=parse_id(question, "question"))
        page = self.paginate_queryset(attempts) or []
        own = request.user.username if user_id == request.user.id else None
        return self.get_paginated_response(_attempt_rows(page, own))
