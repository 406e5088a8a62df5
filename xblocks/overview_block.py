"""
``ve_mastery_overview``: where a learner stands in the course, and what to practise next.

A learner sees only their own mastery per topic (bars drawn as inline SVG) and links to the
subsections of their weakest subtopics, where the course's practice blocks are. Course staff see
the class view instead: the same content as the instructor-dashboard tab. Server-rendered, no
script: it works in the LMS, the mobile app's web view and the workbench alike.
"""

from __future__ import annotations

from html import escape
from typing import Any

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Integer, Scope, String

from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.mastery import api as mastery_api
from xblocks import compat, fragments, settings_form
from xblocks.errors import as_json_errors
from xblocks.resources import read
from xblocks.settings_form import _

#: The settings Studio's editor offers (validated from the fields' own ranges).
EDITABLE = ("display_name", "suggestions")


@XBlock.wants("user")
@XBlock.needs("i18n")
class VeMasteryOverviewBlock(XBlock):
    """A learner's mastery per topic with links to practise weak subtopics; the class view for staff."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The title above the overview."),
        default="My progress",
        scope=Scope.settings,
        enforce_type=True,
    )
    suggestions = Integer(
        display_name=_("Subtopics suggested"),
        help=_("How many of the weakest subtopics to suggest practising."),
        default=3,
        values={"min": 0, "max": 20},
        scope=Scope.settings,
        enforce_type=True,
    )

    icon_class = "other"

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        course_key = compat.course_key_of(self)
        gettext = compat.gettext(self)
        title = f"<h3>{escape(self.display_name)}</h3>"
        if compat.is_course_author(self):
            body = analytics_api.dashboard_html(course_key)
            html = f'<div class="ve-block ve-mastery-overview ve-class-view">{title}{body}</div>'
        else:
            learner = compat.current_user(self)
            try:
                html = self._learner_html(learner.id, course_key, title, gettext)
            except NotFoundError:  # the outline has never been synced: a new course, not a broken page
                waiting = escape(gettext(_("Your progress will show here once the course outline is ready.")))
                html = f'<div class="ve-block ve-mastery-overview ve-learner-view">{title}<p>{waiting}</p></div>'
        fragment = Fragment(html)
        fragment.add_css(read("static/css/ve_blocks.css"))
        return fragment

    def _learner_html(self, user_id: int, course_key: Any, title: str, gettext: Any) -> str:
        topics = mastery_api.mastery_report(user_id, course_key)
        links = {
            subtopic.id: f"/courses/{course_key}/jump_to/{subtopic.usage_key}"
            for topic in curriculum_api.get_outline(course_key)
            for subtopic in topic.subtopics.all()
        }
        # Looked up outside the f-strings below: makemessages does not read inside an f-string.
        mastered = escape(gettext("mastered"))
        practise_next = escape(gettext("Practise next"))
        rows = []
        for topic in topics:
            share = float(topic["p_mastery"])
            rows.append(
                f'<li><span class="ve-topic">{escape(topic["title"])}</span> '
                f'<svg class="ve-chart" width="120" height="10" role="img" aria-label="{share:.0%}">'
                f'<rect width="120" height="10" fill="#e0e0e0"/><rect width="{120 * share:.1f}" height="10" '
                f'fill="#2e7d32"/></svg> {topic["mastered"]}/{topic["total"]} {mastered}</li>'
            )
        weak = sorted(
            (sub for topic in topics for sub in topic["subtopics"] if not sub["mastered"]),
            key=lambda sub: sub["p_mastery"],
        )[: self.suggestions]
        suggestions = "".join(
            f'<li><a href="{escape(links.get(sub["subtopic_id"], "#"))}">{escape(sub["title"])}</a></li>'
            for sub in weak
        )
        practise = f"<h4>{practise_next}</h4><ul class='ve-next'>{suggestions}</ul>" if weak else ""
        return (
            f'<div class="ve-block ve-mastery-overview ve-learner-view">{title}'
            f'<ul class="ve-topics">{"".join(rows)}</ul>{practise}</div>'
        )

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """Studio's editor: the title and how many subtopics to suggest (Studio has no other way to set them)."""
        gettext = compat.gettext(self)
        return fragments.studio_fragment(self, [settings_form.editor_field(self, name, gettext) for name in EDITABLE])

    @XBlock.json_handler
    @as_json_errors
    def save_settings(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Studio's editor saves here: course staff only, each value checked against its field."""
        settings_form.require_author(self)
        gettext = compat.gettext(self)
        validators = {name: settings_form.validator_for(self.fields[name]) for name in EDITABLE}
        values = data.get("values") if isinstance(data, dict) else None
        for name, value in settings_form.validate(values, validators, gettext).items():
            setattr(self, name, value)
        return {"saved": True}

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        return [("VE-EDU mastery overview", '<ve_mastery_overview display_name="My progress"/>')]
