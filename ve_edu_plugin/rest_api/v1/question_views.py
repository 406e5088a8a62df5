"""
Question bank endpoints: ``/api/ve-edu/v1/courses/{course_id}/questions/...`` (course staff only).

Each view checks the input with a serializer, calls one bank api function and serializes the
result; the bank's errors become problem documents through ``ProblemErrorsMixin``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from edx_api_doc_tools import schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin import errors, rate_limits
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin, parse_course_key
from ve_edu_plugin.rest_api.parsers import StrictJSONParser
from ve_edu_plugin.rest_api.v1.pagination import CountedPagination
from ve_edu_plugin.rest_api.v1.permissions import IsCourseStaff
from ve_edu_plugin.rest_api.v1.question_serializers import (
    ImportFileSerializer,
    ImportOptionsSerializer,
    ImportReportSerializer,
    PreviewSerializer,
    QuestionDetailSerializer,
    QuestionFilterSerializer,
    QuestionSerializer,
    QuestionWriteSerializer,
    question_rows,
)


class QuestionListView(ProblemErrorsMixin, GenericAPIView):
    """GET: the course's questions, filtered and paginated. POST: create one (201)."""

    permission_classes = (IsCourseStaff,)
    pagination_class = CountedPagination
    serializer_class = QuestionSerializer

    @schema(
        summary="The course's questions, filtered and paginated.",
        parameters=[docs.COURSE_ID, docs.PAGE, docs.PAGE_SIZE],
        responses=docs.problems(*docs.SIGNED_IN, errors.InvalidRequestError),
    )
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        query = QuestionFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        paginator: CountedPagination = self.paginator  # type: ignore[assignment]
        page = paginator.paginate_counted(
            questions_api.question_list_rows(course_key, **filters),
            questions_api.count_questions(course_key, **filters),
            request,
            self,
        )
        return self.get_paginated_response(question_rows(page or []))

    @schema(
        summary="Create a question (a draft unless the body says otherwise).",
        body=QuestionWriteSerializer,
        parameters=[docs.COURSE_ID],
        responses=docs.responses(201, QuestionDetailSerializer, *docs.SIGNED_IN, *docs.WRITE, description="Created"),
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


class QuestionDetailView(ProblemErrorsMixin, APIView):
    """GET one question with its body; PUT / PATCH change it (a changed body adds a version)."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="One question with its body.",
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(200, QuestionDetailSerializer, *docs.SIGNED_IN, errors.NotFoundError),
    )
    def get(self, request: Request, course_id: str, question_id: int) -> Response:
        question = questions_api.get_question(parse_course_key(course_id), question_id)
        return Response(QuestionDetailSerializer(question).data)

    @schema(
        summary="Replace a question's fields; a changed body adds a version.",
        body=QuestionWriteSerializer,
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(200, QuestionDetailSerializer, *docs.SIGNED_IN, *docs.WRITE, errors.NotFoundError),
    )
    def put(self, request: Request, course_id: str, question_id: int) -> Response:
        return self._update(request, course_id, question_id, partial=False)

    @schema(
        summary="Change some of a question's fields; a changed body adds a version.",
        body=QuestionWriteSerializer,
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(200, QuestionDetailSerializer, *docs.SIGNED_IN, *docs.WRITE, errors.NotFoundError),
    )
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


class QuestionRetireView(ProblemErrorsMixin, APIView):
    """POST: retire the question (status ``retired``); its versions and the answers to them stay."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="Retire a question; its versions and the answers to them stay.",
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(
            200, QuestionDetailSerializer, *docs.SIGNED_IN, errors.ThrottledError, errors.NotFoundError
        ),
    )
    def post(self, request: Request, course_id: str, question_id: int) -> Response:
        course_key = parse_course_key(course_id)
        questions_api.retire_question(question_id, course_key=course_key)
        return Response(QuestionDetailSerializer(questions_api.get_question(course_key, question_id)).data)


class QuestionPreviewView(ProblemErrorsMixin, APIView):
    """POST a sample answer: the grade a learner would get, with nothing recorded."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="Grade a sample answer as a learner's would be, recording nothing.",
        body=PreviewSerializer,
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(
            200, docs.shape(grading_api.PreviewResult), *docs.SIGNED_IN, *docs.WRITE, errors.NotFoundError
        ),
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

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # the one attribute DRF reads from its api_settings


class QuestionImportView(ProblemErrorsMixin, APIView):
    """
    POST a file (multipart, field ``file``) or a JSON export document as the body.

    ``?format=json|csv|olx`` (default: guessed from the file), ``?dry_run=true`` to check without
    writing. 200 with the report; 400 with ``field_errors`` by row or path when anything is invalid,
    and then nothing is imported.
    """

    permission_classes = (IsCourseStaff,)
    parser_classes = (StrictJSONParser, MultiPartParser)
    rate_scope = rate_limits.IMPORT
    content_negotiation_class = _FormatParameterIsNotARenderer

    @schema(
        summary="Import questions from a file (multipart field `file`) or a JSON export document; all or nothing.",
        parameters=[
            docs.COURSE_ID,
            docs.query_parameter("format", str, "json, csv or olx (default: guessed from the file)."),
            docs.query_parameter("dry_run", bool, "Check only; write nothing."),
        ],
        responses=docs.responses(
            200, ImportReportSerializer, *docs.SIGNED_IN, *docs.WRITE, errors.PayloadTooLargeError
        ),
    )
    def post(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        options = ImportOptionsSerializer(data=request.query_params)
        options.is_valid(raise_exception=True)
        content, filename = self._content(request)
        report = questions_api.import_questions(
            course_key,
            content,
            filename=filename,
            file_format=options.validated_data.get("format"),
            dry_run=options.validated_data["dry_run"],
            author=request.user,
        )
        return Response(ImportReportSerializer(report).data)

    def _content(self, request: Request) -> tuple[bytes | Mapping[str, Any], str]:
        if (request.content_type or "").startswith("multipart/"):
            upload = ImportFileSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            file = upload.validated_data["file"]
            return file.read(), file.name or ""
        if not isinstance(request.data, Mapping):
            raise InvalidRequestError(field_errors={"body": ["Must be a ve-edu-questions JSON document."]})
        return request.data, ""


class QuestionExportView(ProblemErrorsMixin, APIView):
    """GET the course's whole bank in the plugin's JSON format (a download)."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="The course's whole bank as a ve-edu-questions JSON document (a download).",
        parameters=[docs.COURSE_ID],
        responses=docs.responses(200, docs.ANY_OBJECT, *docs.SIGNED_IN),
    )
    def get(self, request: Request, course_id: str) -> Response:
        course_key = parse_course_key(course_id)
        filename = re.sub(r"[^A-Za-z0-9.-]+", "_", str(course_key)) + "-questions.json"
        return Response(
            questions_api.export_questions(course_key),
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
