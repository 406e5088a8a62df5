"""``make dev`` seeds simulated learners so every chart has data, and the dev host shows the teachers' page."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.analytics.seed import GENERATING
from ve_edu_plugin.analytics.models import AnalyticsRun, ItemStatistic, MasteryDistribution, SkillFit

COURSE_ID = "course-v1:VE-EDU+MATH34+2026"

pytestmark = pytest.mark.django_db


def test_dev_setup_seeds_analytics_and_the_page_is_for_staff(settings, client, capsys):
    settings.VE_EDU_OUTLINE_READER = "olx"
    settings.VE_EDU_OLX_EXPORTS = {COURSE_ID: os.path.join(settings.BASE_DIR, "ve_edu_plugin", "demo", "course")}
    call_command("ve_edu_dev_setup")
    assert "Demo analytics: 60 simulated learners" in capsys.readouterr().out
    run = AnalyticsRun.objects.get()
    assert run.status == "done"
    assert ItemStatistic.objects.filter(run=run).count() >= 60
    distributions = MasteryDistribution.objects.filter(run=run)
    assert sum(row.mastered + row.in_progress for row in distributions) > 0
    assert any(row.mastered for row in distributions) and any(row.in_progress for row in distributions)
    # The simulated learners learn, so the demo's fits describe learning and are applied.
    fits = SkillFit.objects.filter(run=run, answers__gt=0)
    assert fits.exists() and all(fit.applied for fit in fits)
    assert all(fit.learn == pytest.approx(GENERATING.learn, abs=0.1) for fit in fits)
    assert all(row.median_seconds for row in ItemStatistic.objects.filter(run=run))
    call_command("ve_edu_dev_setup")
    assert "Demo analytics: already seeded" in capsys.readouterr().out

    with override_settings(ROOT_URLCONF="tests.host.urls_dev"):
        assert client.get(f"/analytics/{COURSE_ID}/").status_code == 302
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username="learner"))
        assert client.get(f"/analytics/{COURSE_ID}/").status_code == 403
        client.force_login(get_user_model().objects.get(username="teacher"))
        page = client.get(f"/analytics/{COURSE_ID}/")
        assert page.status_code == 200
        assert page.content.count(b"<svg") == 2 and b"ve-mastered" in page.content
