"""
``ve_question``: one bank question (or one authored in the block) with progressive feedback.

A thin shell: handlers call ``ve_edu_plugin.attempts.api``; grading, the attempt log and
knowledge tracing live there. The learner view is plain JavaScript (``static/js/ve_question.js``).
"""

from __future__ import annotations

import json
from typing import Any

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.questions import api as questions_api
from xblocks import compat, fragments, settings_form
from xblocks.errors import as_json_errors

SHOW_ANSWER = ("never", "after_attempts", "after_correct", "always")


@XBlock.wants("user")
@XBlock.needs("i18n")
class VeQuestionBlock(ScorableXBlockMixin, XBlock):
    """A question with hints that unlock one wrong answer at a time, graded into the LMS."""

    display_name = String(display_name="Display name", default="Question", scope=Scope.settings)
    question_id = Integer(
        display_name="Bank question",
        help="Id of the course question bank's question this block asks.",
        default=None,
        scope=Scope.settings,
    )
    question_ref = String(
        display_name="Bank question reference",
        help="External id of the bank question (used when no id is set, e.g. in OLX and demo scenarios).",
        default="",
        scope=Scope.settings,
    )
    weight = Float(display_name="Weight", help="Points this question is worth.", default=1.0, scope=Scope.settings)
    max_attempts = Integer(
        display_name="Maximum attempts",
        help="Graded attempts allowed; empty for unlimited.",
        default=3,
        scope=Scope.settings,
    )
    solution_after = Integer(
        display_name="Solution after",
        help="Wrong attempts after which the worked solution shows.",
        default=2,
        scope=Scope.settings,
    )
    show_answer = String(
        display_name="Show answer", default="after_attempts", values=list(SHOW_ANSWER), scope=Scope.settings
    )
    show_answer_after = Integer(display_name="Show answer after", default=3, scope=Scope.settings)
    shuffle = Boolean(display_name="Shuffle choices", default=True, scope=Scope.settings)
    raw_earned = Float(default=0.0, scope=Scope.user_state, enforce_type=True)
    answered = Boolean(default=False, scope=Scope.user_state)

    icon_class = "problem"
    has_author_view = True

    # -- policy -----------------------------------------------------------------------------

    def feedback_policy(self) -> attempts_api.FeedbackPolicy:
        return attempts_api.FeedbackPolicy(
            max_attempts=self.max_attempts or None,
            solution_after=self.solution_after,
            show_answer=attempts_api.ShowAnswer(self.show_answer),
            show_answer_after=self.show_answer_after,
            shuffle=self.shuffle,
        )

    # -- views ------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return fragments.learner_fragment(
            "ve_question.html",
            "ve_question.js",
            "VeQuestionBlock",
            {
                "usage_id": compat.usage_key_string(self),
                "user_key": str(self.scope_ids.user_id),
                "display_name": self.display_name,
            },
        )

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        lines = [f"{self.display_name}: bank question {self.question_id or '(none chosen)'}"]
        lines.append(f"Attempts: {self.max_attempts or 'unlimited'}; solution after {self.solution_after} wrong")
        lines.append(f"Show answer: {self.show_answer}; weight {self.weight}")
        return fragments.summary_fragment(lines)

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        return fragments.studio_fragment(
            [
                {"name": "display_name", "label": "Display name", "type": "text", "value": self.display_name},
                {
                    "name": "question_id",
                    "label": "Bank question id",
                    "type": "number",
                    "value": self.question_id,
                    "help": "Leave empty to write the question below instead.",
                    "min": 1,
                },
                {
                    "name": "inline_type",
                    "label": "Question type (inline question)",
                    "type": "select",
                    "value": "single_choice",
                    "options": [{"value": name, "label": name} for name in questions_api.QUESTION_TYPES],
                },
                {
                    "name": "inline_body",
                    "label": "Question body (JSON, inline question)",
                    "type": "textarea",
                    "value": "",
                    "help": "The body as in the bank's JSON format; saved as a bank question.",
                },
                {"name": "weight", "label": "Weight", "type": "number", "value": self.weight, "min": 0},
                {
                    "name": "max_attempts",
                    "label": "Maximum attempts",
                    "type": "number",
                    "value": self.max_attempts,
                    "min": 1,
                    "max": 100,
                },
                {
                    "name": "solution_after",
                    "label": "Solution after wrong attempts",
                    "type": "number",
                    "value": self.solution_after,
                    "min": 0,
                    "max": 100,
                },
                {
                    "name": "show_answer",
                    "label": "Show answer",
                    "type": "select",
                    "value": self.show_answer,
                    "options": [{"value": name, "label": name} for name in SHOW_ANSWER],
                },
                {
                    "name": "show_answer_after",
                    "label": "Show answer after attempts",
                    "type": "number",
                    "value": self.show_answer_after,
                    "min": 0,
                    "max": 100,
                },
                {"name": "shuffle", "label": "Shuffle choices", "type": "checkbox", "value": self.shuffle},
            ]
        )

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """For the mobile apps: the settings and the question as the learner sees it."""
        data: dict[str, Any] = {"display_name": self.display_name, "weight": self.weight, "question": None}
        if self.question_id or self.question_ref:
            data["question"] = attempts_api.question_for_learner(
                compat.current_user(self),
                compat.course_key_of(self),
                self._require_question(),
                policy=self.feedback_policy(),
                block_usage_key=compat.usage_key_string(self),
            )
        return data

    # -- handlers ---------------------------------------------------------------------------

    def _require_question(self) -> int:
        if self.question_id:
            return int(self.question_id)
        if self.question_ref:
            return questions_api.question_id_for_ref(compat.course_key_of(self), self.question_ref)
        raise JsonHandlerError(409, {"code": "not_configured", "message": "This question has not been set up."})

    @XBlock.json_handler
    @as_json_errors
    def state(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        question = attempts_api.question_for_learner(
            compat.current_user(self),
            compat.course_key_of(self),
            self._require_question(),
            policy=self.feedback_policy(),
            block_usage_key=compat.usage_key_string(self),
        )
        return {"question": question, "score": self.raw_earned * self.weight, "max_score": self.weight, "mastery": None}

    @XBlock.json_handler
    @as_json_errors
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        if not isinstance(data, dict) or "answer" not in data:
            raise JsonHandlerError(400, {"code": "invalid_request", "message": "Send {answer, client_key}."})
        question_id = self._require_question()

        def publish(recorded: attempts_api.SubmitOutcome) -> None:
            # Inside the answer's transaction, while the learner's row for this block is locked:
            # the grade is the best score of the block's graded attempts (from the attempt log),
            # and grades are published in the order answers are recorded, so a race between a
            # right and a wrong answer can never leave the lower one as the grade.
            self.answered = True
            self.raw_earned = recorded.best_score
            self._publish_grade(Score(recorded.best_score, 1.0))

        outcome = attempts_api.submit_answer(
            compat.current_user(self),
            compat.course_key_of(self),
            question_id,
            answer=data["answer"],
            client_key=str(data.get("client_key", "")),
            client_timestamp=data.get("client_timestamp"),
            policy=self.feedback_policy(),
            block_usage_key=compat.usage_key_string(self),
            on_recorded=publish,
        )
        if outcome.graded and not outcome.duplicate:
            self.runtime.publish(
                self,
                "ve_edu.question.answer_submitted",
                {
                    "question_id": question_id,
                    "correct": outcome.result["correct"],
                    "score": outcome.result["score"],
                    "attempt": outcome.result["attempts_used"],
                },
            )
            if outcome.mastery and outcome.mastery.get("transition") == "reached":
                self.runtime.publish(self, "ve_edu.mastery.reached", outcome.mastery)
        return {
            "result": outcome.result,
            "question": outcome.question,
            "score": self.raw_earned * self.weight,
            "max_score": self.weight,
            "mastery": outcome.mastery,
        }

    @XBlock.json_handler
    @as_json_errors
    def save_settings(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        values = data.get("values") if isinstance(data, dict) else None
        cleaned = settings_form.validate(
            values,
            {
                "display_name": settings_form.text(),
                "question_id": settings_form.int_between(1, 2**31, optional=True),
                "inline_type": settings_form.one_of(*questions_api.QUESTION_TYPES),
                "inline_body": lambda value: value or "",
                "weight": settings_form.float_between(0, 100),
                "max_attempts": settings_form.int_between(1, 100, optional=True),
                "solution_after": settings_form.int_between(0, 100),
                "show_answer": settings_form.one_of(*SHOW_ANSWER),
                "show_answer_after": settings_form.int_between(0, 100),
                "shuffle": bool,
            },
        )
        course_key = compat.course_key_of(self)
        inline_body = cleaned.pop("inline_body", "")
        inline_type = cleaned.pop("inline_type", "single_choice")
        if cleaned.get("question_id"):
            questions_api.get_question(course_key, cleaned["question_id"])
        elif inline_body:
            cleaned["question_id"] = self._save_inline(course_key, inline_type, inline_body)
        for name, value in cleaned.items():
            setattr(self, name, value)
        return {"saved": True, "question_id": self.question_id}

    def _save_inline(self, course_key: Any, question_type: str, body_json: str) -> int:
        try:
            body = json.loads(body_json)
        except ValueError as exc:
            raise settings_form.invalid({"inline_body": ["Not valid JSON."]}) from exc
        external_id = f"block:{compat.usage_key_string(self)}"
        existing = questions_api.list_questions(course_key).filter(external_id=external_id).first()
        fields = questions_api.QuestionFields(external_id=external_id, status=questions_api.PUBLISHED)
        if existing:
            question = questions_api.update_question(
                existing.id, course_key=course_key, question_type=question_type, body=body, fields=fields
            )
        else:
            question = questions_api.create_question(course_key, question_type=question_type, body=body, fields=fields)
        return int(question.id)

    # -- scoring (ScorableXBlockMixin) ------------------------------------------------------

    def max_score(self) -> float:
        return 1.0

    def has_submitted_answer(self) -> bool:
        return bool(self.answered)

    def get_score(self) -> Score:
        return Score(float(self.raw_earned), 1.0)

    def set_score(self, score: Score) -> None:
        self.raw_earned = float(score.raw_earned)

    def calculate_score(self) -> Score:
        if not (self.question_id or self.question_ref):
            return Score(0.0, 1.0)
        score = attempts_api.best_score(
            compat.current_user(self), self._require_question(), block_usage_key=compat.usage_key_string(self)
        )
        return Score(score, 1.0)

    # -- workbench --------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        from xblocks.scenarios import question_scenarios

        return question_scenarios()
