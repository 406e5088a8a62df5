"""Admin for analytics: the per-course feedback switch, and fitted parameters next to the ones in use."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ve_edu_plugin.analytics.models import AnalyticsRun, CourseAnalyticsSettings, SkillFit
from ve_edu_plugin.mastery.models import BktColumns, SkillParameters


class _ByCourseAdmin(admin.ModelAdmin):
    """Every analytics row names its course: staff find a course's rows by its key."""

    search_fields = ("course_key",)


@admin.register(CourseAnalyticsSettings)
class CourseAnalyticsSettingsAdmin(_ByCourseAdmin):
    list_display = ("course_key", "apply_fits", "use_measured_difficulty")


@admin.register(AnalyticsRun)
class AnalyticsRunAdmin(_ByCourseAdmin):
    list_display = ("id", "course_key", "trigger", "status", "subtopics", "subtopics_done", "created", "finished")
    list_filter = ("status", "trigger")


@admin.register(SkillFit)
class SkillFitAdmin(_ByCourseAdmin):
    """Each fit beside the parameters the subtopic uses now (defaults when none are stored)."""

    list_display = ("subtopic", "run", "fitted", "current", "answers", "applied", "problems")
    list_filter = ("applied",)
    list_select_related = ("subtopic", "subtopic__bkt_parameters")

    @admin.display(description=_("fitted (prior, learn, guess, slip, forget)"))
    def fitted(self, fit: SkillFit) -> str:
        return _params(fit)

    @admin.display(description=_("in use"))
    def current(self, fit: SkillFit) -> str:
        try:
            stored = fit.subtopic.bkt_parameters
        except SkillParameters.DoesNotExist:
            return gettext("defaults")
        return f"{_params(stored)} ({stored.source})"


def _params(row: BktColumns) -> str:
    return ", ".join(f"{value:.3f}" for value in row.as_dict().values())
