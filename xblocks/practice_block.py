"""
``ve_adaptive_practice``: practice over chosen subtopics until the learner masters them.

The selector picks each next question (prerequisite order, lowest mastery first, difficulty fit,
no repeats); answers go through the same path as ``ve_question``. The grade published to the LMS
is the mean progress toward mastery over the targets (``practice.api.practice_progress``).
"""

from __future__ import annotations

import json
from typing import Any

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Dict, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import NotFoundError, VeEduError
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.practice import api as practice_api
from xblocks import compat, fragments, settings_form
from xblocks.errors import as_json_errors


@XBlock.wants("user")
@XBlock.needs("i18n")
class VeAdaptivePracticeBlock(ScorableXBlockMixin, XBlock):
    """Adaptive practice until mastery, scored by progress toward mastery."""

    display_name = String(display_name="Display name", default="Adaptive practice", scope=Scope.settings)
    subtopic_ids = List(
        display_name="Subtopics",
        help="The outline's subtopics (subsections) to practise, by id.",
        default=[],
        scope=Scope.settings,
    )
    subtopic_keys = List(
        display_name="Subtopic usage keys",
        help="Subsection usage keys to practise (used when no ids are set, e.g. in OLX and demo scenarios).",
        default=[],
        scope=Scope.settings,
    )
    mastery_policy = Dict(
        display_name="Mastery policy",
        help='Override of the course policy, e.g. {"kind": "correct_in_a_row", "count": 3}; empty: the course policy.',
        default={},
        scope=Scope.settings,
    )
    max_questions = Integer(display_name="Maximum questions", default=40, scope=Scope.settings)
    daily_limit = Integer(display_name="Questions per day", default=30, scope=Scope.settings)
    repeat_window = Integer(display_name="No repeat within", default=5, scope=Scope.settings)
    max_attempts = Integer(display_name="Attempts per question", default=2, scope=Scope.settings)
    weight = Float(display_name="Weight", default=1.0, scope=Scope.settings)
    current_question_id = Integer(default=None, scope=Scope.user_state)
    raw_earned = Float(default=0.0, scope=Scope.user_state)
    answered = Integer(default=0, scope=Scope.user_state)

    icon_class = "problem"
    has_author_view = True

    def feedback_policy(self) -> attempts_api.FeedbackPolicy:
        return attempts_api.FeedbackPolicy(
            max_attempts=self.max_attempts or None,
            solution_after=1,
            show_answer=attempts_api.ShowAnswer.AFTER_ATTEMPTS,
            show_answer_after=self.max_attempts or 2,
            shuffle=True,
        )

    def target_ids(self) -> list[int]:
        """The target subtopics' ids: the chosen ids, else the usage keys resolved in the outline."""
        if self.subtopic_ids:
            return [int(value) for value in self.subtopic_ids]
        if self.subtopic_keys:
            return curriculum_api.subtopic_ids_for_keys(compat.course_key_of(self), list(self.subtopic_keys))
        return []

    def _chosen_ids(self) -> list[int]:
        """The targets to show as chosen in the editor (usage keys resolved when they can be)."""
        try:
            return self.target_ids()
        except VeEduError:
            return [int(value) for value in self.subtopic_ids]

    def selection_config(self) -> mastery_api.SelectionConfig:
        return mastery_api.SelectionConfig(
            max_questions=self.max_questions or None,
            daily_limit=self.daily_limit or None,
            repeat_window=self.repeat_window,
            top_k=3,
            open_subtopics=1,
        )

    # -- views ------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return fragments.learner_fragment(
            "ve_adaptive_practice.html",
            "ve_adaptive_practice.js",
            "VeAdaptivePracticeBlock",
            {
                "usage_id": compat.usage_key_string(self),
                "user_key": str(self.scope_ids.user_id),
                "display_name": self.display_name,
            },
        )

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        policy = self.mastery_policy or "the course policy"
        return fragments.summary_fragment(
            [
                f"{self.display_name}: subtopics {list(self.subtopic_ids) or list(self.subtopic_keys)}",
                f"Mastery: {policy}",
                f"At most {self.max_questions} questions, {self.daily_limit} a day",
                f"No repeat within {self.repeat_window} questions; {self.max_attempts} attempts per question",
            ]
        )

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        course_key = compat.course_key_of(self)
        try:
            topics = curriculum_api.get_outline(course_key)
        except NotFoundError:
            topics = []
        options = [
            {"value": sub.id, "label": f"{topic.title} / {sub.title}"}
            for topic in topics
            if not topic.archived
            for sub in topic.subtopics.all()
            if not sub.archived
        ]
        return fragments.studio_fragment(
            [
                {"name": "display_name", "label": "Display name", "type": "text", "value": self.display_name},
                {
                    "name": "subtopic_ids",
                    "label": "Subtopics to practise",
                    "type": "multiselect",
                    "value": self._chosen_ids(),
                    "options": options,
                },
                {
                    "name": "mastery_policy",
                    "label": "Mastery policy (JSON; empty for the course policy)",
                    "type": "textarea",
                    "value": json.dumps(self.mastery_policy) if self.mastery_policy else "",
                },
                {
                    "name": "max_questions",
                    "label": "Maximum questions",
                    "type": "number",
                    "value": self.max_questions,
                    "min": 1,
                    "max": 1000,
                },
                {
                    "name": "daily_limit",
                    "label": "Questions per day",
                    "type": "number",
                    "value": self.daily_limit,
                    "min": 1,
                    "max": 1000,
                },
                {
                    "name": "repeat_window",
                    "label": "No repeat within (questions)",
                    "type": "number",
                    "value": self.repeat_window,
                    "min": 0,
                    "max": 100,
                },
                {
                    "name": "max_attempts",
                    "label": "Attempts per question",
                    "type": "number",
                    "value": self.max_attempts,
                    "min": 1,
                    "max": 10,
                },
                {"name": "weight", "label": "Weight", "type": "number", "value": self.weight, "min": 0},
            ]
        )

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "display_name": self.display_name,
            "subtopic_ids": list(self.subtopic_ids),
            "mastery_policy": self.mastery_policy or None,
            "max_questions": self.max_questions,
            "daily_limit": self.daily_limit,
            "weight": self.weight,
        }

    # -- handlers ---------------------------------------------------------------------------

    def _view(self, user: Any, *, advance: bool) -> dict[str, Any]:
        state = practice_api.practice_state(
            user,
            compat.course_key_of(self),
            subtopic_ids=self.target_ids(),
            policy=self.mastery_policy or None,
            current_question_id=self.current_question_id,
            advance=advance,
            feedback_policy=self.feedback_policy(),
            config=self.selection_config(),
            block_key=compat.usage_key_string(self),
        )
        self.current_question_id = state.current_question_id
        return {
            "status": state.status,
            "reason": state.reason,
            "message": practice_api.REASON_MESSAGES.get(state.reason, ""),
            "question": state.question,
            "progress": state.progress.subtopics,
            "answered": self.answered,
            "score": state.progress.score * self.weight,
            "max_score": self.weight,
        }

    @XBlock.json_handler
    @as_json_errors
    def state(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        return self._view(compat.current_user(self), advance=False)

    @XBlock.json_handler
    @as_json_errors
    def next(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        return self._view(compat.current_user(self), advance=True)

    @XBlock.json_handler
    @as_json_errors
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        if not isinstance(data, dict) or "answer" not in data:
            raise JsonHandlerError(
                400, {"code": "invalid_request", "message": "Send {question_id, answer, client_key}."}
            )
        question_id = data.get("question_id") or self.current_question_id
        if not question_id or int(question_id) != self.current_question_id:
            raise JsonHandlerError(409, {"code": "stale_question", "message": "That question is no longer current."})
        answered = practice_api.submit_practice_answer(
            compat.current_user(self),
            compat.course_key_of(self),
            int(question_id),
            answer=data["answer"],
            client_key=str(data.get("client_key", "")),
            client_timestamp=data.get("client_timestamp"),
            subtopic_ids=self.target_ids(),
            policy=self.mastery_policy or None,
            feedback_policy=self.feedback_policy(),
            block_key=compat.usage_key_string(self),
        )
        outcome, progress = answered.outcome, answered.progress
        if outcome.graded and not outcome.duplicate:
            if outcome.question["attempts_used"] == 1:
                self.answered += 1
            self.raw_earned = progress.score
            self._publish_grade(Score(progress.score, 1.0))
            self.runtime.publish(
                self,
                "ve_edu.practice.answer_submitted",
                {"question_id": question_id, "correct": outcome.result["correct"], "progress": progress.score},
            )
            if outcome.mastery and outcome.mastery.get("transition") == "reached":
                self.runtime.publish(self, "ve_edu.mastery.reached", outcome.mastery)
        return {
            "result": outcome.result,
            "question": outcome.question,
            "progress": progress.subtopics,
            "status": answered.status,
            "reason": "practice",
            "message": "",
            "answered": self.answered,
            "score": progress.score * self.weight,
            "max_score": self.weight,
        }

    @XBlock.json_handler
    @as_json_errors
    def save_settings(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        values = data.get("values") if isinstance(data, dict) else None
        cleaned = settings_form.validate(
            values,
            {
                "display_name": settings_form.text(),
                "subtopic_ids": _subtopic_list,
                "mastery_policy": _policy_json,
                "max_questions": settings_form.int_between(1, 1000),
                "daily_limit": settings_form.int_between(1, 1000),
                "repeat_window": settings_form.int_between(0, 100),
                "max_attempts": settings_form.int_between(1, 10),
                "weight": settings_form.float_between(0, 100),
            },
        )
        if "subtopic_ids" in cleaned:
            course_key = compat.course_key_of(self)
            known = {sub.id for topic in curriculum_api.get_outline(course_key) for sub in topic.subtopics.all()}
            unknown = [value for value in cleaned["subtopic_ids"] if value not in known]
            if unknown:
                raise settings_form.invalid({"subtopic_ids": [f"Not subtopics of this course: {unknown}."]})
        for name, value in cleaned.items():
            setattr(self, name, value)
        return {"saved": True}

    # -- scoring ----------------------------------------------------------------------------

    def max_score(self) -> float:
        return 1.0

    def has_submitted_answer(self) -> bool:
        return self.answered > 0

    def get_score(self) -> Score:
        return Score(float(self.raw_earned), 1.0)

    def set_score(self, score: Score) -> None:
        self.raw_earned = float(score.raw_earned)

    def calculate_score(self) -> Score:
        progress = practice_api.practice_progress(
            compat.current_user(self).id,
            compat.course_key_of(self),
            subtopic_ids=self.target_ids(),
            policy=self.mastery_policy or None,
        )
        return Score(progress.score, 1.0)

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        from xblocks.scenarios import practice_scenarios

        return practice_scenarios()


def _subtopic_list(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise ValueError("Choose at least one subtopic.")
    try:
        return [int(item) for item in value]
    except (TypeError, ValueError) as exc:
        raise ValueError("Subtopics are chosen by id.") from exc


def _policy_json(value: Any) -> dict[str, Any]:
    if value in ("", None, {}):
        return {}
    try:
        data = json.loads(value) if isinstance(value, str) else value
        return mastery_api.parse_policy(data).to_dict()
    except ValueError as exc:
        raise ValueError("Not valid JSON.") from exc
    except VeEduError as exc:
        raise ValueError(exc.detail + " " + json.dumps(exc.field_errors)) from exc
