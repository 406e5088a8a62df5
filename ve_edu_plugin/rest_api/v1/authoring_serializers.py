"""Serializers of the question editor's endpoints: a draft's preview and a question's versions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.rest_api.v1.question_serializers import FeedbackPolicySerializer, _StrictSerializer


class DraftPreviewSerializer(_StrictSerializer):
    """
    A body being edited (``type`` and ``body`` as a save sends them) and, optionally, a sample
    ``answer`` (with earlier ``history``) to grade against it. Nothing is saved.
    """

    type = serializers.ChoiceField(choices=questions_api.question_types())
    body = serializers.DictField()
    answer = serializers.JSONField(required=False)
    history = serializers.ListField(child=serializers.JSONField(), max_length=50, required=False)
    policy = FeedbackPolicySerializer(required=False)


class VersionSerializer(serializers.Serializer):
    """One version of a question: when, by whom, and its body (as stored and as its author wrote it)."""

    number = serializers.IntegerField()
    type = serializers.CharField(source="question_type")
    created = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    body = serializers.JSONField()
    body_source = serializers.SerializerMethodField()

    def get_author(self, version: questions_api.QuestionVersion) -> str | None:
        return version.author.username if version.author is not None else None

    def get_body_source(self, version: questions_api.QuestionVersion) -> dict[str, Any] | None:
        return questions_api.body_source(version.body)
