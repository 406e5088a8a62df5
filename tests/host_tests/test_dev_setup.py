"""``make dev``'s setup command: users, roles and the demo course, idempotently."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
from ve_edu_plugin.questions.models import Question

pytestmark = pytest.mark.django_db


def test_dev_setup_loads_the_demo_course_and_is_idempotent(capsys, settings):
    settings.VE_EDU_OUTLINE_READER = "olx"
    settings.VE_EDU_OLX_EXPORTS = {
        "course-v1:VE-EDU+MATH34+2026": os.path.join(settings.BASE_DIR, "ve_edu_plugin", "demo", "course")
    }
    call_command("ve_edu_dev_setup")
    assert "VE-EDU dev host is ready" in capsys.readouterr().out
    assert Topic.objects.filter(archived=False).count() >= 6
    assert Subtopic.objects.filter(archived=False).count() >= 18
    assert Subtopic.objects.filter(visible_to_staff_only=True).exists()
    assert Subtopic.objects.filter(hide_from_toc=True).exists()
    assert Question.objects.filter(status="published").count() >= 60
    assert set(Question.objects.values_list("question_type", flat=True)) == {
        "single_choice",
        "multiple_choice",
        "numeric",
        "text",
        "formula",
    }

    assert not Topic.objects.filter(exam_level="").exists() and not Subtopic.objects.filter(exam_level="").exists()
    assert set(Topic.objects.values_list("form", flat=True)) == {3, 4, None}, "a section spanning two forms has none"
    for question in Question.objects.exclude(subtopic=None).select_related("subtopic"):
        subtopic = question.subtopic
        assert subtopic is not None
        assert (subtopic.exam_level, subtopic.form, subtopic.subject_code) == (
            question.exam_level,
            question.form,
            question.subject_code,
        ), (subtopic.title, question.external_id)

    questions = Question.objects.count()
    capsys.readouterr()
    call_command("ve_edu_dev_setup")
    assert "Demo curriculum tags: up to date" in capsys.readouterr().out
    assert SyncRun.objects.count() == 2
    assert Question.objects.count() == questions
    assert SyncRun.objects.all()[0].counts == {}
