"""
The teachers' view ("Mastery & item analysis"): the same HTML in the LMS instructor dashboard (a
tab added through openedx-filters) and on the dev host's page. Reads the latest run only.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.analytics import charts
from ve_edu_plugin.analytics.models import AnalyticsRun, ItemStatistic, MasteryDistribution, SkillFit
from ve_edu_plugin.conf import setting

#: Questions shown in the tab (the REST list has them all, paginated).
MAX_ITEMS = 200


def render(course_key: CourseKey) -> str:
    """The tab's HTML for one course, in a fixed number of queries whatever the course size."""
    run = AnalyticsRun.objects.filter(course_key=course_key, status=AnalyticsRun.DONE).order_by("-id").first()
    context: dict = {
        "course_id": str(course_key),
        "run": run,
        "api": f"/api/ve-edu/v1/courses/{course_key}/analytics/",
        "break_seconds": int(setting("VE_EDU_ANALYTICS_MAX_ANSWER_SECONDS")),
    }
    if run is not None:
        distributions = list(MasteryDistribution.objects.filter(run=run).select_related("subtopic").order_by("id"))
        totals = [0] * 10
        for row in distributions:
            totals = [a + b for a, b in zip(totals, row.histogram, strict=False)]
        context.update(
            mastery_chart=charts.stacked_bars(
                [(row.subtopic.title, row.mastered, row.in_progress, row.not_started) for row in distributions],
                title="Learners who mastered, are practising or have not started each subtopic",
            ),
            histogram_chart=charts.histogram(
                totals,
                title="Learners per tenth of P(mastery)",
                labels=[f"{n / 10:.1f}" for n in range(10)],
            ),
            items=list(
                ItemStatistic.objects.filter(run=run)
                .select_related("question")
                .prefetch_related("versions")
                .order_by("question_id")[:MAX_ITEMS]
            ),
            fits=list(SkillFit.objects.filter(run=run).order_by("subtopic_id")),
        )
    return render_to_string("ve_edu_plugin/analytics_dashboard.html", context)
