"""Serializers of the outline endpoints."""

from __future__ import annotations

from django.utils.translation import gettext
from rest_framework import serializers

from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.curriculum.api import ExamLevel
from ve_edu_plugin.rest_api.v1.columns import ColumnSerializer

#: The columns topics and subtopics both show: the curriculum tags first, then the node.
_NODE = "exam_level form subject_code id usage_key title position hide_from_toc visible_to_staff_only archived"


class SubtopicSerializer(ColumnSerializer):
    model = curriculum_api.Subtopic
    columns = _NODE


class TopicSerializer(ColumnSerializer):
    model = curriculum_api.Topic
    columns = f"{_NODE} subtopics"
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


class SyncRunSerializer(ColumnSerializer):
    model = curriculum_api.SyncRun
    columns = "id course_id trigger status counts duration_ms error created finished"
    course_id = serializers.CharField(source="course_key")
    counts = serializers.DictField(child=serializers.IntegerField())
