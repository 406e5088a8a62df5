"""Serializers of the question bank endpoints: they check shapes; the bank api checks the rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.curriculum.api import ExamLevel
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.rest_api.base import MAX_ROW_ID
from ve_edu_plugin.rest_api.openapi import ProblemSerializer
from ve_edu_plugin.rest_api.problems import PROBLEM_TYPE_PREFIX


class _StrictSerializer(serializers.Serializer):
    """Unknown keys are errors (reported with any others): a misspelt field must not be ignored silently."""

    def to_internal_value(self, data: Any) -> Any:
        names = set(data) - set(self.fields) if isinstance(data, Mapping) else set()
        unknown = {name: [gettext("Unknown field.")] for name in sorted(names)}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class QuestionFilterSerializer(serializers.Serializer):
    """Query parameters of the list: every one given must match."""

    subtopic = serializers.IntegerField(min_value=1, max_value=MAX_ROW_ID, required=False)
    type = serializers.ChoiceField(choices=questions_api.question_types(), required=False)
    difficulty = serializers.IntegerField(min_value=1, max_value=5, required=False)
    status = serializers.ChoiceField(choices=questions_api.STATUSES, required=False)
    tag = serializers.CharField(max_length=64, required=False)
    search = serializers.CharField(max_length=200, required=False)
    exam_level = serializers.ChoiceField(choices=ExamLevel.choices, required=False)
    form = serializers.IntegerField(min_value=1, max_value=4, required=False)

    @classmethod
    def filters_of(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """
        The filters the query parameters ask for, checked (a bad one is a 400): with none of them
        given (a list's first page) no serializer is built, which cost as much as the page's rows.
        """
        if params.keys().isdisjoint(cls._declared_fields):
            return {}
        query = cls(data=params)
        query.is_valid(raise_exception=True)
        return query.filters()

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``list_questions``."""
        data = self.validated_data
        return {
            "subtopic_id": data.get("subtopic"),
            "question_type": data.get("type"),
            "difficulty": data.get("difficulty"),
            "status": data.get("status"),
            "tag": data.get("tag"),
            "search": data.get("search"),
            "exam_level": data.get("exam_level"),
            "form": data.get("form"),
        }


class QuestionSerializer(serializers.Serializer):
    """A question in a list: everything but the body (lists stay light on slow connections)."""

    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    type = serializers.CharField(source="question_type")
    title = serializers.CharField()
    subtopic = serializers.IntegerField(source="subtopic_id", allow_null=True)
    subtopic_usage_key = serializers.SerializerMethodField()
    difficulty = serializers.IntegerField()
    status = serializers.CharField()
    tags = serializers.SerializerMethodField()
    exam_level = serializers.CharField()
    form = serializers.IntegerField(allow_null=True)
    subject_code = serializers.CharField()
    version = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()

    def get_subtopic_usage_key(self, question: questions_api.Question) -> str | None:
        return str(question.subtopic.usage_key) if question.subtopic is not None else None

    def get_tags(self, question: questions_api.Question) -> list[str]:
        return sorted(tag.tag for tag in question.tags.all())

    def get_version(self, question: questions_api.Question) -> int | None:
        return question.current_version.number if question.current_version is not None else None


def question_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """
    A page of ``questions_api.question_list_rows`` as ``QuestionSerializer`` shapes a question.

    A page of the staff list is 20-100 rows; a serializer's per-row field machinery (and three
    model instances per row) was most of the request's time, so the list maps plain values
    directly, with the page's tags read in the same SELECT. The dates go through DRF's own field,
    so their format stays the API's, told the request's time zone once per page rather than
    looking it up for every date.
    """
    dates = serializers.DateTimeField(default_timezone=timezone.get_current_timezone() if settings.USE_TZ else None)
    return [
        {
            "id": row["id"],
            "external_id": row["external_id"],
            "type": row["question_type"],
            "title": row["title"],
            "subtopic": row["subtopic_id"],
            "subtopic_usage_key": row["subtopic_key"],
            "difficulty": row["difficulty"],
            "status": row["status"],
            "tags": tags,
            "exam_level": row["exam_level"],
            "form": row["form"],
            "subject_code": row["subject_code"],
            "version": row["version_number"],
            "created": dates.to_representation(row["created"]),
            "modified": dates.to_representation(row["modified"]),
        }
        for row, tags in zip(rows, questions_api.page_tags(rows), strict=True)
    ]


class QuestionDetailSerializer(QuestionSerializer):
    """
    One question with the body of its current version; ``body_source`` is that body with its maths
    as the LaTeX the author wrote (what an editor shows), ``blocks_answered`` how many blocks
    learners have answered it in (what an edit reaches).
    """

    body = serializers.SerializerMethodField()
    body_source = serializers.SerializerMethodField()
    blocks_answered = serializers.SerializerMethodField()

    def get_body(self, question: questions_api.Question) -> dict[str, Any] | None:
        return question.current_version.body if question.current_version is not None else None

    def get_body_source(self, question: questions_api.Question) -> dict[str, Any] | None:
        return questions_api.body_source(self.get_body(question))

    def get_blocks_answered(self, question: questions_api.Question) -> int:
        return attempts_api.blocks_answering(question.id)


class QuestionWriteSerializer(_StrictSerializer):
    """
    POST and PUT need ``type`` and ``body``; PATCH needs nothing. A field left out stays as it is
    (or takes its default on a new question); ``subtopic`` and ``form`` may be set to null.
    """

    type = serializers.ChoiceField(choices=questions_api.question_types())
    body = serializers.DictField()
    external_id = serializers.CharField(max_length=255, required=False)
    subtopic = serializers.IntegerField(min_value=1, max_value=MAX_ROW_ID, allow_null=True, required=False)
    difficulty = serializers.IntegerField(min_value=1, max_value=5, required=False)
    status = serializers.ChoiceField(choices=questions_api.STATUSES, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=64), max_length=50, required=False)
    exam_level = serializers.ChoiceField(choices=[("", "none"), *ExamLevel.choices], required=False)
    form = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, required=False)
    subject_code = serializers.CharField(max_length=32, allow_blank=True, required=False)

    def question_fields(self) -> questions_api.QuestionFields:
        """The non-body fields for ``create_question`` / ``update_question``."""
        data = self.validated_data
        return questions_api.QuestionFields.given(
            data, subtopic_id=data.get("subtopic"), external_id=data.get("external_id")
        )


class FeedbackPolicySerializer(_StrictSerializer):
    """The block settings a preview is graded under (defaults: the plugin's default policy)."""

    max_attempts = serializers.IntegerField(min_value=1, max_value=MAX_ROW_ID, allow_null=True, required=False)
    solution_after = serializers.IntegerField(min_value=0, max_value=MAX_ROW_ID, allow_null=True, required=False)
    show_answer = serializers.ChoiceField(choices=[mode.value for mode in grading_api.ShowAnswer], required=False)
    show_answer_after = serializers.IntegerField(min_value=0, max_value=MAX_ROW_ID, required=False)


class PreviewSerializer(_StrictSerializer):
    """``answer`` as a learner sends it; ``history``: earlier answers, oldest first."""

    answer = serializers.JSONField()
    history = serializers.ListField(child=serializers.JSONField(), max_length=50, required=False)
    policy = FeedbackPolicySerializer(required=False)

    def feedback_policy(self) -> grading_api.FeedbackPolicy:
        return grading_api.FeedbackPolicy(**self.validated_data.get("policy", {}))


class ImportOptionsSerializer(serializers.Serializer):
    """Query parameters of an import: ``?format=json|csv|olx`` (default: guessed), ``?dry_run=true``."""

    format = serializers.ChoiceField(choices=questions_api.IMPORT_FORMATS, required=False)
    dry_run = serializers.BooleanField(default=False)


class ImportFileSerializer(serializers.Serializer):
    """A multipart upload: the file in the ``file`` field."""

    file = serializers.FileField(allow_empty_file=False)

    def validate_file(self, upload: Any) -> Any:
        if upload.size > questions_api.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                gettext("The file is larger than %(max_upload_bytes)s MB.")
                % {"max_upload_bytes": questions_api.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class _ReportItemSerializer(serializers.Serializer):
    location = serializers.CharField()
    external_id = serializers.CharField(allow_null=True)
    question_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    new_version = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.CharField())


class _SkippedItemSerializer(serializers.Serializer):
    location = serializers.CharField()
    external_id = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    reason = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    format = serializers.CharField()
    dry_run = serializers.BooleanField()
    counts = serializers.SerializerMethodField()
    created = _ReportItemSerializer(many=True)
    updated = _ReportItemSerializer(many=True)
    unchanged = _ReportItemSerializer(many=True)
    skipped = _SkippedItemSerializer(many=True)

    def get_counts(self, report: questions_api.ImportReport) -> dict[str, int]:
        return report.counts()


class ImportRunSerializer(serializers.Serializer):
    """
    A task import (``RunStatus``): its state and progress; when done its report, when failed the
    problem document the synchronous import would have answered.
    """

    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    stage = serializers.CharField(help_text="checking or writing while it runs (else the state).")
    processed = serializers.IntegerField(help_text="Questions checked or written so far.")
    total = serializers.IntegerField(allow_null=True, help_text="Questions in the file, once read.")
    status_url = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    problem = serializers.SerializerMethodField()

    def get_status_url(self, run: questions_api.RunStatus) -> str:
        path = reverse("ve_edu:questions-import-run", args=[run.course_id, run.id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @swagger_serializer_method(serializer_or_field=ImportReportSerializer)
    def get_report(self, run: questions_api.RunStatus) -> Any:
        return run.report

    @swagger_serializer_method(serializer_or_field=ProblemSerializer)
    def get_problem(self, run: questions_api.RunStatus) -> Any:
        if run.problem is None:
            return None
        return {"type": PROBLEM_TYPE_PREFIX + str(run.problem["code"]), **run.problem}
