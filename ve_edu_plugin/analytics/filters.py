"""
openedx-filters pipeline step adding the "Mastery & item analysis" tab to the LMS instructor
dashboard (``org.openedx.learning.instructor.dashboard.render.started.v1``).

The platform's ``instructor_dashboard_2`` view calls ``InstructorDashboardRenderStarted.run_filter(
context=context, template_name=...)`` and renders each entry of ``context["sections"]`` with
``<%include file="${section_data.get('template_path_prefix', '')}${section_data['section_key']}.html"/>``;
our template (``templates/instructor_dashboard/ve_edu_analytics.html``, on the mako path through
the plugin settings) prints the section's fragment. Enable it in ``OPEN_EDX_FILTERS_CONFIG``::

    OPEN_EDX_FILTERS_CONFIG = {
        "org.openedx.learning.instructor.dashboard.render.started.v1": {
            "fail_silently": True,
            "pipeline": ["ve_edu_plugin.analytics.filters.AddMasteryAnalyticsTab"],
        }
    }
"""

from __future__ import annotations

from typing import Any

from crum import get_current_user
from django.utils.translation import gettext
from openedx_filters import PipelineStep
from web_fragments.fragment import Fragment

from ve_edu_plugin.analytics import api as analytics_api

SECTION_KEY = "ve_edu_analytics"
TEMPLATE_PATH_PREFIX = "/instructor_dashboard/"


class AddMasteryAnalyticsTab(PipelineStep):
    """Append the tab for course staff; anyone else sees the dashboard unchanged."""

    def run_filter(self, context: dict[str, Any], template_name: str) -> dict[str, Any]:
        course = context.get("course")
        user = get_current_user()
        course_key = getattr(course, "id", None)
        if course_key is None or user is None or not analytics_api.may_view_class(user, course_key):
            return {"context": context, "template_name": template_name}
        section = {
            "section_key": SECTION_KEY,
            "section_display_name": gettext("Mastery & item analysis"),
            "course_id": str(course_key),
            "template_path_prefix": TEMPLATE_PATH_PREFIX,
            "fragment": Fragment(analytics_api.dashboard_html(course_key)),
        }
        context.setdefault("sections", []).append(section)
        return {"context": context, "template_name": template_name}
