"""
``ve_adaptive_practice``: practice over chosen subtopics until the learner masters them.

The selector picks each next question (prerequisite order, lowest mastery first, difficulty fit,
no repeats); answers go through the same path as ``ve_question``. The grade published to the LMS
is the mean progress toward mastery over the targets (``practice.api.practice_progress``).
"""

from __future__ import annotations

from typing import Any

from edx_django_utils.monitoring import set_custom_attribute
from xblock.exceptions import JsonHandlerError
from xblock.fields import Dict, Float, Integer, List
from xblock.scorable import Score

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import NotFoundError, VeEduError
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.practice import api as practice_api
from xblocks import compat, practice_authoring
from xblocks.errors import as_json_errors, json_handler
from xblocks.graded_block import GradedBlock, LearnerView
from xblocks.settings_form import _, between, display_name_setting, learner_state, setting, weight_setting

#: What a learner reads when the practice cannot run (documented in docs/xblock-handlers.rst).
UNAVAILABLE = {
    "not_configured": _("This practice has not been set up yet."),
    "subtopics_missing": _("This practice is not available at the moment. Please tell your teacher."),
}


class VeAdaptivePracticeBlock(GradedBlock):
    """Adaptive practice until mastery, scored by progress toward mastery."""

    display_name = display_name_setting(_("The title learners see above the practice."), _("Adaptive practice"))
    subtopic_ids = setting(
        List, _("Subtopics to practise"), _("The outline's subtopics (subsections) to practise, by id."), []
    )
    subtopic_keys = setting(
        List,
        _("Subtopic usage keys"),
        _("Subsection usage keys to practise, used when no ids are set (as in OLX and the demo course)."),
        [],
    )
    mastery_policy = setting(
        Dict,
        _("Mastery policy (JSON; empty for the course policy)"),
        _('Override of the course policy, e.g. {"kind": "correct_in_a_row", "count": 3}; empty: the course policy.'),
        {},
    )
    max_questions = setting(
        Integer, _("Maximum questions"), _("Questions this practice asks at most, in all."), 40, between(1, 1000)
    )
    daily_limit = setting(
        Integer,
        _("Questions per day"),
        _("Questions a learner may answer here in one day (resets at midnight where the learners are)."),
        30,
        between(1, 1000),
    )
    repeat_window = setting(
        Integer,
        _("No repeat within (questions)"),
        _("A question is not asked again until this many other questions have been asked."),
        5,
        between(0, 100),
    )
    max_attempts = setting(
        Integer,
        _("Attempts per question"),
        _("Graded attempts per question; the solution shows once they are used or the answer is right."),
        2,
        between(1, 10),
    )
    weight = weight_setting(_("Points this practice is worth in the course grade (scored by progress toward mastery)."))
    current_question_id = learner_state(Integer, _("The question the learner is on."), None)
    raw_earned = learner_state(Float, _("The learner's progress toward mastery, 0 to 1 (the score)."), 0.0)
    answered = learner_state(Integer, _("Questions the learner has answered here."), 0)

    learner = LearnerView(
        "ve_adaptive_practice", "VeAdaptivePracticeBlock", UNAVAILABLE, ("question_id", "answer", "client_key")
    )
    authoring = practice_authoring

    def feedback_policy(self) -> attempts_api.FeedbackPolicy:
        # The solution and answer wait until the question is finished (right, or out of attempts):
        # shown earlier, the learner could copy them into a graded attempt that counts as evidence.
        return attempts_api.FeedbackPolicy(
            max_attempts=self.max_attempts or None,
            solution_after=1,
            show_answer=attempts_api.ShowAnswer.AFTER_CORRECT,
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

    def _targets_problem(self) -> str | None:
        """Why the practice cannot run (an ``UNAVAILABLE`` code), or None."""
        if not (self.subtopic_ids or self.subtopic_keys):
            return "not_configured"
        try:
            self.target_ids()
        except VeEduError:
            return "subtopics_missing"
        return None

    def selection_config(self) -> mastery_api.SelectionConfig:
        return mastery_api.SelectionConfig(
            max_questions=self.max_questions or None,
            daily_limit=self.daily_limit or None,
            repeat_window=self.repeat_window,
            top_k=3,
            open_subtopics=1,
        )

    # -- views ------------------------------------------------------------------------------

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """For the mobile apps: the settings, or an ``error`` marker when the practice cannot run."""
        problem = self._targets_problem()
        return {
            "display_name": self.ugettext(self.display_name),
            "subtopic_ids": self._chosen_ids() if problem is None else [],
            "mastery_policy": self.mastery_policy or None,
            "max_questions": self.max_questions,
            "daily_limit": self.daily_limit,
            "weight": self.weight,
            "error": self.unavailable(problem) if problem else None,
        }

    # -- handlers ---------------------------------------------------------------------------

    def _view(self, user: Any, *, advance: bool) -> dict[str, Any]:
        problem = self._targets_problem()
        state = None
        if problem is None:
            try:
                state = self._practice_state(user, advance=advance)
            except NotFoundError:
                # The question the learner was on has left the bank: pick another instead of failing.
                self.current_question_id = None
                state = self._practice_state(user, advance=advance)
            if not state.progress.subtopics:
                problem = "subtopics_missing"  # ids that are not (or no longer) this course's subtopics
        if problem is not None or state is None:
            problem = problem or "not_configured"
            return {
                "status": "unavailable",
                "reason": problem,
                "question": None,
                "progress": [],
                "answered": self.answered,
                "score": self.raw_earned * self.weight,
                "max_score": self.weight,
                "error": self.unavailable(problem),
            }
        self.current_question_id = state.current_question_id
        return {
            "status": state.status,
            "reason": state.reason,
            "message": state.message or practice_api.REASON_MESSAGES.get(state.reason, ""),
            "question": state.question,
            "progress": state.progress.subtopics,
            "answered": self.answered,
            "score": state.progress.score * self.weight,
            "max_score": self.weight,
            "error": None,
        }

    def _practice_state(self, user: Any, *, advance: bool) -> Any:
        return practice_api.practice_state(
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

    @json_handler
    @as_json_errors
    def state(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        return self._view(compat.current_user(self), advance=False)

    @json_handler
    @as_json_errors
    def next(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        return self._view(compat.current_user(self), advance=True)

    @json_handler
    @as_json_errors
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        self.check_answer_request(data)
        set_custom_attribute("ve_edu_question_id", self.current_question_id)
        question_id = data.get("question_id") or self.current_question_id
        # Compared as text: any JSON value a client sends (a list, a huge number) is a stale id, never a crash.
        if not question_id or str(question_id) != str(self.current_question_id):
            message = self.ugettext(_("That question is no longer current."))
            raise JsonHandlerError(409, {"code": "stale_question", "message": message})

        def publish(recorded: attempts_api.SubmitOutcome, progress: practice_api.PracticeProgress) -> None:
            # Inside the answer's transaction: grades are published in the order answers are
            # recorded, so the last one is the progress after the last answer.
            if recorded.question["attempts_used"] == 1:
                self.answered += 1
            self.raw_earned = progress.score
            self._publish_grade(Score(progress.score, 1.0))

        answered = practice_api.submit_practice_answer(
            compat.current_user(self),
            compat.course_key_of(self),
            int(self.current_question_id),
            answer=data["answer"],
            client_key=str(data.get("client_key", "")),
            client_timestamp=data.get("client_timestamp"),
            subtopic_ids=self.target_ids(),
            policy=self.mastery_policy or None,
            feedback_policy=self.feedback_policy(),
            block_key=compat.usage_key_string(self),
            on_progress=publish,
        )
        outcome, progress = answered.outcome, answered.progress
        self.publish_answer(
            "ve_edu.practice.answer_submitted",
            {"question_id": question_id, "correct": outcome.result["correct"], "progress": progress.score},
            outcome,
        )
        return {
            **self.answer_response(outcome, progress.score),
            "progress": progress.subtopics,
            "status": answered.status,
            "reason": "practice",
            "message": "",
            "answered": self.answered,
        }

    # -- scoring ----------------------------------------------------------------------------

    def has_submitted_answer(self) -> bool:
        return self.answered > 0

    def calculate_score(self) -> Score:
        if self._targets_problem() is not None:
            return Score(float(self.raw_earned), 1.0)  # rescoring never fails on a changed outline
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
