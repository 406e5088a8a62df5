"""
The question editor's endpoints (course staff only): preview a body before it is saved, and list a
question's versions. Saving goes through the bank's own endpoints (``question_views``).
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.v1.authoring_serializers import DraftPreviewSerializer, VersionSerializer
from ve_edu_plugin.rest_api.v1.view_bases import StaffView


class DraftPreviewView(StaffView):
    """
    POST a body being edited: it back as a save would store it (maths as MathML), and the grade of
    ``answer`` when one is sent. Errors are the save's, so the editor can show them beside the field.
    """

    @docs.course_operation(
        "Check and render a question body before saving it; grade a sample answer; record nothing.",
        docs.obj(body=docs.ANY_OBJECT, result=docs.shape(grading_api.PreviewResult)),
        *docs.WRITE,
        request=DraftPreviewSerializer,
    )
    def post(self, request: Request, course_id: str) -> Response:
        parse_course_key(course_id)
        serializer = DraftPreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policy = grading_api.FeedbackPolicy(**data.get("policy", {}))
        body, result = questions_api.preview_body(
            data["type"], data["body"], answer=data.get("answer"), history=data.get("history", []), policy=policy
        )
        return Response({"body": body, "result": grading_api.preview_json(result) if result is not None else None})


class QuestionVersionsView(StaffView):
    """GET every version of a question, newest first (versions are never changed, only added)."""

    @docs.question_operation("A question's versions, newest first.", VersionSerializer(many=True))
    def get(self, request: Request, course_id: str, question_id: int) -> Response:
        versions = questions_api.question_versions(parse_course_key(course_id), question_id)
        return Response(VersionSerializer(versions, many=True).data)
