"""
``ve_timed_assessment``: a timed test whose clock is the server's, that never loses an answer.

Intro -> Start -> every question on one page, answers saved as they are typed, a countdown from the
server's seconds left -> Submit (or time runs out: the server finalises what was saved). The
sessions, deadlines and finalisation live in ``ve_edu_plugin.assessments``; this block only maps
its settings and the runtime to that api. Handlers (docs/xblock-handlers.rst): ``state``,
``start``, ``save``, ``submit`` and, for course staff, ``sessions``.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, String

from ve_edu_plugin.assessments import api as assessments_api
from xblocks import compat, fragments, settings_form, timed_authoring
from xblocks.errors import as_json_errors, json_handler
from xblocks.settings_form import _, between, display_name_setting, setting, weight_setting

SHOW_RESULTS = [
    {"display_name": _("Immediately after submitting"), "value": "immediately"},
    {"display_name": _("After the due date"), "value": "after_due"},
    {"display_name": _("Never"), "value": "never"},
]


@XBlock.wants("user")
@XBlock.needs("i18n")
class VeTimedAssessmentBlock(XBlock):
    """A timed assessment over bank questions: a fixed list or a blueprint drawn per learner."""

    display_name = display_name_setting(_("The title learners see above the test."), "Timed test")
    time_limit_minutes = setting(
        Integer, _("Time limit (minutes)"), _("Minutes from Start; the server's clock decides."), 40, between(1, 600)
    )
    grace_seconds = setting(
        Integer,
        _("Grace period (seconds)"),
        _("Answers typed before time ran out and arriving this much later (a slow or offline phone) still count."),
        120,
        between(0, 3600),
    )
    question_ids = setting(
        List,
        _("Fixed questions"),
        _("Bank question ids or external ids, in order; leave empty to draw from the blueprint."),
        [],
    )
    blueprint = setting(
        List,
        _("Blueprint (JSON rows)"),
        _(
            'Rows like {"count": 5, "subtopic_id": 12, "difficulty_min": 2, "difficulty_max": 4}; '
            '"topic_id" for a whole topic, neither for the whole course; optional "exam_level" and "form".'
        ),
        [],
    )
    preset = setting(
        String,
        _("Preset"),
        _("Mock paper: fill the blueprint with questions from every published topic of the course."),
        "",
        [{"display_name": _("None"), "value": ""}, {"display_name": _("Mock paper"), "value": "mock_paper"}],
    )
    shuffle_questions = setting(
        Boolean, _("Shuffle question order"), _("Each learner sees the questions in an order of their own."), False
    )
    shuffle_choices = setting(
        Boolean, _("Shuffle choices"), _("Each learner sees the choices of a question in an order of their own."), True
    )
    attempts_allowed = setting(
        Integer, _("Attempts allowed"), _("How many times a learner may take the test."), 1, between(1, 10)
    )
    show_results = setting(
        String,
        _("Show results"),
        _("When learners see their score, which answers were right, and the solutions."),
        "immediately",
        SHOW_RESULTS,
    )
    weight = weight_setting(_("Points the test is worth in the course grade."))

    icon_class = "problem"
    #: The CSS and JavaScript are served from here, as the runtime's local resources (``fragments``).
    public_dir = fragments.PUBLIC_DIR
    has_author_view = True
    has_score = True

    def ugettext(self, text: str) -> str:
        return str(compat.gettext(self)(text))

    def assessment_settings(self) -> assessments_api.AssessmentSettings:
        """The block's settings as the assessments api takes them (blueprint rows already checked on save)."""
        rows, _errors = assessments_api.parse_blueprint(self.blueprint or [])
        return assessments_api.AssessmentSettings(
            time_limit_minutes=float(self.time_limit_minutes),
            grace_seconds=int(self.grace_seconds),
            question_ids=tuple(timed_authoring.resolve_question_ids(self)),
            blueprint=tuple(rows),
            shuffle_questions=self.shuffle_questions,
            shuffle_choices=self.shuffle_choices,
            attempts_allowed=self.attempts_allowed,
            due=self.due_date(),
            weight=float(self.weight),
        )

    def due_date(self) -> Any:
        """
        The due date from the platform's inherited ``due`` field (aware, UTC if naive), or None. Only
        a declared field counts: the workbench pins a fake ``due`` of "now" on every block it handles.
        """
        if "due" not in self.fields or self.due is None:
            return None
        due = self.due
        return due if due.tzinfo is not None else due.replace(tzinfo=UTC)

    def question_count(self) -> int:
        return len(self.question_ids) or sum(int(row.get("count", 0)) for row in self.blueprint or [])

    def _results_visible(self) -> bool:
        if self.show_results == "never":
            return False
        if self.show_results == "after_due":
            from django.utils import timezone

            due = self.due_date()
            return due is not None and timezone.now() > due
        return True

    # -- views ------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """
        The template, and the block's CSS and scripts linked as versioned local resources (as the
        other blocks): a learner fetches them once, and a later view costs the template only. The
        timed script stands alone (no shared learner script), so a first view stays under 40 KB.
        """
        from ve_edu_plugin.conf import setting

        fragment = Fragment(fragments.render_template("ve_timed_assessment.html"))
        fragment.add_css_url(fragments.asset_url(self, "css/ve_blocks.css"))
        fragment.add_css_url(fragments.asset_url(self, "css/ve_timed.css"))
        fragment.add_javascript_url(fragments.asset_url(self, "js/ve_maths.js"))
        fragments.add_catalogue(self, fragment)
        fragment.add_javascript_url(fragments.asset_url(self, "js/ve_timed.js"))
        fragment.initialize_js(
            "VeTimedAssessmentBlock",
            json_args={
                "display_name": self.display_name,
                "is_staff": compat.is_course_author(self),
                "mathjax_url": str(setting("VE_EDU_MATHJAX_URL") or ""),
            },
        )
        return fragment

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return timed_authoring.author_view(self)

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return timed_authoring.studio_view(self)

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """For the mobile apps: the test's rules and handlers, never its questions' answers."""
        return {
            "display_name": self.display_name,
            "time_limit_minutes": self.time_limit_minutes,
            "grace_seconds": self.grace_seconds,
            "question_count": self.question_count(),
            "attempts_allowed": self.attempts_allowed,
            "show_results": self.show_results,
            "weight": self.weight,
            "handlers": ["state", "start", "save", "submit"],
        }

    # -- handlers ---------------------------------------------------------------------------

    def _state(self, session: assessments_api.AssessmentSession | None) -> dict[str, Any]:
        intro = {
            "question_count": self.question_count(),
            "time_limit_minutes": self.time_limit_minutes,
            "attempts_allowed": self.attempts_allowed,
        }
        if session is None:
            return {"status": "not_started", "intro": intro, "session": None, "questions": []}
        state = assessments_api.session_state(session).as_json()
        closed = session.status != assessments_api.AssessmentSession.OPEN
        reveal = closed and self._results_visible()
        if closed and not reveal:
            state["score"] = None
        can_start = closed and self._attempts_left()
        questions = assessments_api.questions_for_learner(session, reveal=reveal)
        return {
            "status": session.status,
            "intro": intro,
            "session": state,
            "questions": questions,
            "can_start": can_start,
        }

    def _attempts_left(self) -> bool:
        sessions = assessments_api.sessions_of(
            compat.course_key_of(self), block_key=compat.usage_key_string(self), user_id=compat.current_user(self).id
        )
        return sum(1 for session in sessions if not session.reset) < self.attempts_allowed

    @json_handler
    @as_json_errors
    def state(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """The intro, or the session with its questions, saved answers and the server's seconds left."""
        return self._state(assessments_api.current_session(compat.current_user(self), compat.usage_key_string(self)))

    @json_handler
    @as_json_errors
    def start(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Start (or resume) the learner's session; the deadline is set here, on the server."""
        user = compat.current_user(self)
        anonymous_id = str(getattr(self.runtime, "anonymous_student_id", "") or "")
        assessments_api.start_session(
            user,
            compat.course_key_of(self),
            compat.usage_key_string(self),
            self.assessment_settings(),
            anonymous_student_id=anonymous_id,
        )
        return self._state(assessments_api.current_session(user, compat.usage_key_string(self)))

    @json_handler
    @as_json_errors
    def save_answers(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Save ``{"answers": [{question_id, answer, client_key, client_time}]}``; resent keys count once."""
        answers = data.get("answers") if isinstance(data, dict) else None
        outcome = assessments_api.save_answers(compat.current_user(self), compat.usage_key_string(self), answers)
        return {"stored": outcome.stored, "duplicates": outcome.duplicates, "stale": outcome.stale}

    def save(self, request: Any = None, suffix: str = "") -> Any:
        """
        Two things under one name: the ``save`` handler the issue and the mobile app name (called
        with a request), and ``XBlock.save()`` that runtimes call with no argument to store fields.
        """
        if request is None:
            return super().save()
        return self.save_answers(request, suffix)

    save._is_xblock_handler = True  # type: ignore[attr-defined]

    @json_handler
    @as_json_errors
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Save any pending answers and finalise; the grade is published through the runtime too."""
        answers = data.get("answers") if isinstance(data, dict) else None
        user = compat.current_user(self)

        def publish(session: assessments_api.AssessmentSession) -> None:
            self.runtime.publish(self, "grade", {"value": session.score or 0.0, "max_value": session.max_score})

        assessments_api.submit_session(user, compat.usage_key_string(self), answers=answers or None, on_scored=publish)
        return self._state(assessments_api.current_session(user, compat.usage_key_string(self)))

    @json_handler
    @as_json_errors
    def sessions(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Course staff: the block's sessions in this course run (expired ones finalised first)."""
        settings_form.require_author(self)
        found = assessments_api.sessions_of(compat.course_key_of(self), block_key=compat.usage_key_string(self))
        return {"sessions": [assessments_api.session_summary(session) for session in found[:200]]}

    @json_handler
    @as_json_errors
    def save_settings(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """Studio's editor saves here: course staff only; per-field errors, blueprint shortfalls refused."""
        settings_form.require_author(self)
        values = data.get("values") if isinstance(data, dict) else None
        return timed_authoring.save_settings(self, values)

    def max_score(self) -> float:
        return float(self.weight)

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        from xblocks.scenarios import timed_scenarios

        return timed_scenarios()
