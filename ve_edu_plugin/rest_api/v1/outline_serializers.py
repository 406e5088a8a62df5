"""Serializers of the outline endpoints."""

from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from ve_edu_plugin.curriculum.api import ExamLevel


class _TagsMixin(serializers.Serializer):
    exam_level = serializers.CharField()
    form = serializers.IntegerField(allow_null=True)
    subject_code = serializers.CharField()


class SubtopicSerializer(_TagsMixin):
    id = serializers.IntegerField()
    usage_key = serializers.CharField()
    title = serializers.CharField()
    position = serializers.IntegerField()
    hide_from_toc = serializers.BooleanField()
    visible_to_staff_only = serializers.BooleanField()
    archived = serializers.BooleanField()


class TopicSerializer(SubtopicSerializer):
    subtopics = SubtopicSerializer(many=True, source="subtopics.all")


class CurriculumTagsSerializer(serializers.Serializer):
    """PATCH body: any of the three tags; ``exam_level`` ``MSCE``/``JCE``, ``form`` 1-4."""

    exam_level = serializers.ChoiceField(choices=[("", "none"), *ExamLevel.choices], required=False)
    form = serializers.IntegerField(min_value=1, max_value=4, allow_null=True, required=False)
    subject_code = serializers.CharField(max_length=32, allow_blank=True, required=False)

    def validate(self, attrs: dict) -> dict:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError({name: [gettext("Not a curriculum tag.")] for name in sorted(unknown)})
        if not attrs:
            raise serializers.ValidationError(gettext("Send at least one of exam_level, form, subject_code."))
        return attrs


class SyncRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course_id = serializers.CharField(source="course_key")
    trigger = serializers.CharField()
    status = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    duration_ms = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)
