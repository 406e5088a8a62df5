"""Outline endpoints: ``/api/ve-edu/v1/courses/{course_id}/outline/...`` (course staff only)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.v1.outline_serializers import (
    CurriculumTagsSerializer,
    SubtopicSerializer,
    SyncRunSerializer,
    TopicSerializer,
)
from ve_edu_plugin.rest_api.v1.view_bases import CourseRowsView, StaffView, rows_operation


class OutlineView(StaffView):
    """GET: topics in order, each with its subtopics in order; archived ones flagged."""

    @docs.course_operation(
        "The course's outline: topics in order, each with its subtopics.",
        docs.obj(course_id=docs.STRING, topics=docs.array_of(docs.ANY_OBJECT)),
    )
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        topics = curriculum_api.get_outline(course_key)
        return Response({"course_id": str(course_key), "topics": TopicSerializer(topics, many=True).data})


class CurriculumTagsView(StaffView):
    """PATCH a topic's or subtopic's curriculum tags."""

    level = "topic"

    @docs.course_operation(
        "Set a topic's or subtopic's curriculum tags.",
        SubtopicSerializer,
        *docs.WRITE,
        errors.NotFoundError,
        parameters=[docs.NODE_ID],
        request=CurriculumTagsSerializer,
    )
    def patch(self, request: Request, course_id: str, node_id: int) -> Response:
        course_key = parse_course_key(course_id)
        serializer = CurriculumTagsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        node = curriculum_api.update_curriculum_tags(
            course_key, level=self.level, node_id=node_id, tags=serializer.validated_data
        )
        return Response(SubtopicSerializer(node).data)


class OutlineSyncView(StaffView):
    """POST: queue a sync now; 202 with the sync id to follow in the history."""

    @docs.course_operation(
        "Queue an outline sync now.",
        docs.obj(sync_id=docs.INTEGER, status=docs.STRING, history=docs.STRING),
        errors.ThrottledError,
        errors.ConflictError,
        errors.OutlineUnavailableError,
        ok=202,
        description="Accepted: follow the sync in the history.",
    )
    def post(self, request: Request, course_id: str) -> Response:
        run = curriculum_api.request_manual_sync(parse_course_key(course_id))
        return Response(
            {
                "sync_id": run.id,
                "status": run.status,
                "history": f"/api/ve-edu/v1/courses/{run.course_key}/outline/syncs/",
            },
            status=status.HTTP_202_ACCEPTED,
        )


@rows_operation("The course's outline syncs, newest first.")
class SyncHistoryView(CourseRowsView):
    """GET: the course's syncs, newest first, paginated."""

    serializer_class = SyncRunSerializer
    rows = staticmethod(curriculum_api.list_sync_runs)
