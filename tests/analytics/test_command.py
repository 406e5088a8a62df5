"""The cron command computes a course here, or sends it to the workers, and refuses bad ids."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.analytics.seed import seed_answers
from ve_edu_plugin.analytics.models import AnalyticsRun, ItemStatistic

pytestmark = pytest.mark.django_db


def test_here_computes_and_reports(learning_course, capsys):
    seed_answers(learning_course.course_key, [learning_course.choice_question], learners=3, seed=1)
    call_command("ve_edu_compute_analytics", str(learning_course.course_key), "--here")
    run = AnalyticsRun.objects.get()
    assert run.status == "done" and run.trigger == "command"
    assert ItemStatistic.objects.filter(run=run).count() == 1
    assert f"Run {run.pk} of {learning_course.course_key}: done" in capsys.readouterr().out


def test_default_sends_to_the_workers(learning_course, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in the test host
        call_command("ve_edu_compute_analytics", str(learning_course.course_key))
    run = AnalyticsRun.objects.get()
    assert run.status == "done" and run.subtopics_done == len(learning_course.subtopic_ids)
    assert "sent to the workers" in capsys.readouterr().out


def test_bad_course_id():
    with pytest.raises(CommandError, match="not a valid course id"):
        call_command("ve_edu_compute_analytics", "nonsense")
