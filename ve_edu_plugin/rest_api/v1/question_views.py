"""
Question bank endpoints: ``/api/ve-edu/v1/courses/{course_id}/questions/...`` (course staff only).

Each view checks the input with a serializer, calls one bank api function and serializes the
result; the bank's errors become problem documents through ``ProblemErrorsMixin``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext
from edx_api_doc_tools import schema
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors, rate_limits
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.parsers import StrictJSONParser
from ve_edu_plugin.rest_api.v1.pagination import CountedPagination
from ve_edu_plugin.rest_api.v1.question_serializers import (
    ImportFileSerializer,
    ImportOptionsSerializer,
    ImportReportSerializer,
    ImportRunSerializer,
    PreviewSerializer,
    QuestionDetailSerializer,
    QuestionFilterSerializer,
    QuestionSerializer,
    QuestionWriteSerializer,
    question_rows,
)
from ve_edu_plugin.rest_api.v1.view_bases import StaffListView, StaffView, rows_operation


@rows_operation("The course's questions, filtered and paginated.", errors.InvalidRequestError)
class QuestionListView(StaffListView):
    """GET: the course's questions, filtered and paginated. POST: create one (201)."""

    pagination_class = CountedPagination
    serializer_class = QuestionSerializer

    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        filters = QuestionFilterSerializer.filters_of(request.query_params)
        paginator: CountedPagination = self.paginator  # type: ignore[assignment]
        page = paginator.paginate_counted(
            questions_api.question_list_rows(course_key, **filters),
            questions_api.count_questions(course_key, **filters),
            request,
            self,
        )
        return self.get_paginated_response(question_rows(page or []))

    @docs.course_operation(
        "Create a question (a draft unless the body says otherwise).",
        QuestionDetailSerializer,
        *docs.WRITE,
        request=QuestionWriteSerializer,
        description="Created",
        ok=201,
    )
    def post(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        serializer = QuestionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = questions_api.create_question(
            course_key,
            question_type=serializer.validated_data["type"],
            body=serializer.validated_data["body"],
            author=request.user,
            fields=serializer.question_fields(),
        )
        detail = questions_api.get_question(course_key, question.id)
        return Response(QuestionDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


def _update_operation(summary: str) -> Callable[[Any], Any]:
    """The schema of PUT and PATCH of a question: they take and answer the same (they differ only in ``partial``)."""
    return docs.question_operation(summary, QuestionDetailSerializer, *docs.WRITE, request=QuestionWriteSerializer)


class QuestionDetailView(StaffView):
    """GET one question with its body; PUT / PATCH change it (a changed body adds a version)."""

    @docs.question_operation("One question with its body.", QuestionDetailSerializer)
    def get(self, request: Request, course_id: str, question_id: int) -> Response:
        question = questions_api.get_question(parse_course_key(course_id), question_id)
        return Response(QuestionDetailSerializer(question).data)

    @_update_operation("Replace a question's fields; a changed body adds a version.")
    def put(self, request: Request, course_id: str, question_id: int) -> Response:
        return self._update(request, course_id, question_id, partial=False)

    @_update_operation("Change some of a question's fields; a changed body adds a version.")
    def patch(self, request: Request, course_id: str, question_id: int) -> Response:
        return self._update(request, course_id, question_id, partial=True)

    def _update(self, request: Request, course_id: str, question_id: int, *, partial: bool) -> Response:
        course_key = parse_course_key(course_id)
        serializer = QuestionWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        questions_api.update_question(
            question_id,
            course_key=course_key,
            author=request.user,
            question_type=serializer.validated_data.get("type"),
            body=serializer.validated_data.get("body"),
            fields=serializer.question_fields(),
        )
        return Response(QuestionDetailSerializer(questions_api.get_question(course_key, question_id)).data)


class QuestionRetireView(StaffView):
    """POST: retire the question (status ``retired``); its versions and the answers to them stay."""

    @docs.question_operation(
        "Retire a question; its versions and the answers to them stay.",
        QuestionDetailSerializer,
        errors.ThrottledError,
    )
    def post(self, request: Request, course_id: str, question_id: int) -> Response:
        course_key = parse_course_key(course_id)
        questions_api.retire_question(question_id, course_key=course_key)
        return Response(QuestionDetailSerializer(questions_api.get_question(course_key, question_id)).data)


class QuestionPreviewView(StaffView):
    """POST a sample answer: the grade a learner would get, with nothing recorded."""

    @docs.question_operation(
        "Grade a sample answer as a learner's would be, recording nothing.",
        docs.shape(grading_api.PreviewResult),
        *docs.WRITE,
        request=PreviewSerializer,
    )
    def post(self, request: Request, course_id: str, question_id: int) -> Response:
        serializer = PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = questions_api.preview_answer(
            parse_course_key(course_id),
            question_id,
            answer=serializer.validated_data["answer"],
            history=serializer.validated_data.get("history", []),
            policy=serializer.feedback_policy(),
        )
        return Response(grading_api.preview_json(result))


class _FormatParameterIsNotARenderer(DefaultContentNegotiation):
    """``?format=`` names the import's file format here, not a renderer as DRF would read it."""

    # The one attribute DRF reads from its api_settings; the stubs type the attribute as the whole settings object.
    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # type: ignore[assignment]


class QuestionImportView(StaffView):
    """
    POST a file (multipart, field ``file``) or a JSON export document as the body.

    ``?format=json|csv|olx`` (default: guessed from the file), ``?dry_run=true`` to check without
    writing. 200 with the report; 400 with ``field_errors`` by row or path when anything is invalid,
    and then nothing is imported.
    """

    parser_classes = (StrictJSONParser, MultiPartParser)
    rate_scope = rate_limits.IMPORT
    content_negotiation_class = _FormatParameterIsNotARenderer

    @schema(
        summary=(
            "Import questions from a file (multipart field `file`) or a JSON export document; all or nothing. "
            "A file over `VE_EDU_IMPORT_TASK_BYTES` (inflated) is imported by a Celery task: 202 with the "
            "run, whose `status_url` answers its progress and, at the end, the same report or problem."
        ),
        parameters=[
            docs.COURSE_ID,
            docs.query_parameter("format", str, "json, csv or olx (default: guessed from the file)."),
            docs.query_parameter("dry_run", bool, "Check only; write nothing."),
        ],
        responses={
            **docs.responses(
                200,
                ImportReportSerializer,
                *docs.SIGNED_IN,
                *docs.WRITE,
                errors.PayloadTooLargeError,
                errors.ExpandsTooMuchError,
            ),
            **docs.accepted(ImportRunSerializer, "Accepted: a task imports the file; poll `status_url`."),
        },
    )
    def post(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        options = ImportOptionsSerializer(data=request.query_params)
        options.is_valid(raise_exception=True)
        content, filename = self._content(request)
        arguments = {
            "filename": filename,
            "file_format": options.validated_data.get("format"),
            "dry_run": options.validated_data["dry_run"],
            "author": request.user,
        }
        if questions_api.runs_as_task(content):
            run = questions_api.start_import(course_key, content, **arguments)
            body = ImportRunSerializer(questions_api.run_status(course_key, run.pk), context={"request": request}).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})
        report = questions_api.import_questions(course_key, content, **arguments)
        return Response(ImportReportSerializer(report).data)

    def _content(self, request: Request) -> tuple[bytes | Mapping[str, Any], str]:
        if (request.content_type or "").startswith("multipart/"):
            upload = ImportFileSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            file = upload.validated_data["file"]
            return file.read(), file.name or ""
        if not isinstance(request.data, Mapping):
            raise InvalidRequestError(field_errors={"body": [gettext("Must be a ve-edu-questions JSON document.")]})
        return request.data, ""


class ImportRunView(StaffView):
    """GET: a task import's state and progress; when done, its report, or the problem it failed with."""

    @docs.course_operation(
        "A task import's state, progress and, at the end, its report or problem document.",
        ImportRunSerializer,
        errors.NotFoundError,
        parameters=[docs.path_parameter("run_id", int, "The import run's id.")],
    )
    def get(self, request: Request, course_id: str, run_id: int) -> Response:
        found = questions_api.run_status(parse_course_key(course_id), run_id)
        return Response(ImportRunSerializer(found, context={"request": request}).data)


class QuestionExportView(StaffView):
    """GET the course's whole bank in the plugin's JSON format (a download)."""

    @docs.course_operation("The course's whole bank as a ve-edu-questions JSON document (a download).", docs.ANY_OBJECT)
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        filename = re.sub(r"[^A-Za-z0-9.-]+", "_", str(course_key)) + "-questions.json"
        return Response(
            questions_api.export_questions(course_key),
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
