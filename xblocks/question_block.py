"""
``ve_question``: one bank question (or one authored in the block) with progressive feedback.

A thin shell: handlers call ``ve_edu_plugin.attempts.api``; grading, the attempt log and
knowledge tracing live there. The learner view is plain JavaScript (``static/js/ve_question.js``);
the Studio editor and author view are built in ``xblocks.question_authoring``.

A block whose question is gone from the bank (deleted, a course imported without its bank, a
retired question) never raises from a view or handler: learners read a clear message, authors a
warning, and ``student_view_data`` carries an ``error`` marker (``docs/xblock-handlers.rst``).
"""

from __future__ import annotations

from typing import Any

from edx_django_utils.monitoring import set_custom_attribute
from opaque_keys.edx.keys import CourseKey
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Float, Integer, String
from xblock.scorable import Score

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.questions import api as questions_api
from xblocks import compat, question_authoring
from xblocks.errors import as_json_errors, json_handler
from xblocks.graded_block import GradedBlock, LearnerView
from xblocks.settings_form import _, between, display_name_setting, learner_state, setting, weight_setting

#: The show-answer choices, declared once (the editor's options and the save check read them).
SHOW_ANSWER_CHOICES = [
    {"display_name": _("When finished (answered correctly or out of attempts)"), "value": "after_correct"},
    {"display_name": _("After 'Show answer after' attempts, or when finished"), "value": "after_attempts"},
    {"display_name": _("Never"), "value": "never"},
    {"display_name": _("Always, from the start (learners can copy it)"), "value": "always"},
]


def reveal_after_setting(label: str, help: str, default: int) -> Any:
    """An attempt count after which help shows (the solution, the answer): both share one range, 0 to 100."""
    return setting(Integer, label, help, default, between(0, 100))


#: What a learner reads when the block has no question to ask.
LEARNER_MESSAGES = {
    "not_configured": _("This question has not been set up yet."),
    "question_missing": _("This question is not available at the moment. Please tell your teacher."),
    "question_retired": _("This question is no longer in use. Please tell your teacher."),
}


class VeQuestionBlock(GradedBlock):
    """A question with hints that unlock one wrong answer at a time, graded into the LMS."""

    display_name = display_name_setting(_("The title learners see above the question."), _("Question"))
    question_id = setting(
        Integer,
        _("Bank question id"),
        _("Id of the course question bank's question this block asks; empty to use the reference below."),
        None,
        between(1, 2**31 - 1, allow_empty=True),
    )
    question_ref = setting(
        String,
        _("Bank question reference"),
        _("External id of the bank question, used when no id is set (as in OLX and the demo course)."),
        "",
        {"allow_empty": True},
    )
    weight = weight_setting(_("Points this question is worth in the course grade."))
    max_attempts = setting(
        Integer,
        _("Maximum attempts"),
        _("Graded attempts allowed; empty for unlimited."),
        3,
        between(1, 100, allow_empty=True),
    )
    reveal_early = setting(
        Boolean,
        _("Reveal the solution or answer while attempts remain"),
        _(
            "Off (recommended): the solution and the answer show only once the question is answered correctly "
            "or no attempts are left. On: 'Solution after' and 'Show answer after' may show them earlier."
        ),
        False,
    )
    solution_after = reveal_after_setting(
        _("Solution after wrong attempts"),
        _("Wrong attempts after which the worked solution shows (before the end only when revealing early)."),
        2,
    )
    show_answer = setting(
        String, _("Show answer"), _("When learners may see the correct answer."), "after_correct", SHOW_ANSWER_CHOICES
    )
    show_answer_after = reveal_after_setting(
        _("Show answer after attempts"),
        _("With 'After ... attempts' and revealing early: attempts after which the answer shows."),
        3,
    )
    shuffle = setting(
        Boolean,
        _("Shuffle choices"),
        _("Show the choices of a choice question in a different order for each learner."),
        True,
    )
    raw_earned = learner_state(Float, _("The learner's best score on this question, 0 to 1."), 0.0)
    answered = learner_state(Boolean, _("Whether the learner has submitted a graded answer."), False)

    learner = LearnerView("ve_question", "VeQuestionBlock", LEARNER_MESSAGES, ("answer", "client_key"))
    authoring = question_authoring

    # -- policy and question ----------------------------------------------------------------

    def feedback_policy(self) -> attempts_api.FeedbackPolicy:
        return attempts_api.FeedbackPolicy(
            max_attempts=self.max_attempts or None,
            solution_after=self.solution_after,
            show_answer=attempts_api.ShowAnswer(self.show_answer),
            show_answer_after=self.show_answer_after,
            shuffle=self.shuffle,
            reveal_before_finished=self.reveal_early,
        )

    def _question_id(self, course_key: CourseKey | None = None) -> int:
        """The bank id the block asks: its id, else its reference resolved (``NotFoundError`` if none)."""
        if self.question_id:
            return int(self.question_id)
        return questions_api.question_id_for_ref(course_key or compat.course_key_of(self), self.question_ref)

    def lookup_question(self) -> tuple[Any, str | None]:
        """The block's bank question and what is wrong with it: None, or a ``LEARNER_MESSAGES`` code."""
        if not (self.question_id or self.question_ref):
            return None, "not_configured"
        course_key = compat.course_key_of(self)
        try:
            question = questions_api.get_question(course_key, self._question_id(course_key))
        except NotFoundError:
            return None, "question_missing"
        if question.current_version is None:
            return question, "question_missing"
        if question.status == questions_api.RETIRED:
            return question, "question_retired"
        return question, None

    def _require_question(self, course_key: CourseKey) -> int:
        """The question to answer in the block's course, or a 4xx naming why there is none (never a 500)."""
        if not (self.question_id or self.question_ref):
            raise JsonHandlerError(409, self.unavailable("not_configured"))
        try:
            question_id = self._question_id(course_key)
            # cached: what the answer path loads anyway
            questions_api.question_snapshot(course_key, question_id)
        except NotFoundError as exc:
            raise JsonHandlerError(404, self.unavailable("question_missing")) from exc
        return question_id

    def _mastery_line(self, question_id: int) -> dict[str, Any] | None:
        """The learner's mastery of the question's subtopic, as a submit reports it (None before any answer)."""
        course_key = compat.course_key_of(self)
        snapshot = questions_api.question_snapshot(course_key, question_id)
        if snapshot.subtopic_id is None:
            return None
        user = compat.current_user(self)
        standing = mastery_api.mastery_of(user.id, course_key, subtopic_ids=[snapshot.subtopic_id])
        if not standing or not standing[0].attempts:
            return None
        return {
            "subtopic_id": snapshot.subtopic_id,
            "title": standing[0].title,
            "p_mastery": round(standing[0].p_mastery, 4),
            "mastered": standing[0].mastered,
            "transition": None,
        }

    def _learner_view(self, question_id: int) -> Any:
        """The question as the learner sees it under the block's feedback policy."""
        return attempts_api.question_for_learner(
            compat.current_user(self),
            compat.course_key_of(self),
            question_id,
            policy=self.feedback_policy(),
            block_usage_key=compat.usage_key_string(self),
        )

    # -- views ------------------------------------------------------------------------------

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """For the mobile apps: the settings and the question as the learner sees it, or an ``error`` marker."""
        data: dict[str, Any] = {
            "display_name": self.ugettext(self.display_name),
            "weight": self.weight,
            "question": None,
            "error": None,
        }
        question, problem = self.lookup_question()
        if problem is not None:
            data["error"] = self.unavailable(problem)
            return data
        data["question"] = self._learner_view(int(question.id))
        return data

    # -- handlers ---------------------------------------------------------------------------

    @json_handler
    @as_json_errors
    def state(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        question, problem = self.lookup_question()
        out: dict[str, Any] = {"question": None, "score": self.raw_earned * self.weight, "max_score": self.weight}
        if problem is not None:
            return {**out, "mastery": None, "error": self.unavailable(problem)}
        question_id = int(question.id)
        view = self._learner_view(question_id)
        return {**out, "question": view, "mastery": self._mastery_line(question_id), "error": None}

    @json_handler
    @as_json_errors
    def submit(self, data: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        self.check_answer_request(data)
        course_key = compat.course_key_of(self)
        question_id = self._require_question(course_key)
        set_custom_attribute("ve_edu_question_id", question_id)

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
            course_key,
            question_id,
            answer=data["answer"],
            client_key=str(data.get("client_key", "")),
            client_timestamp=data.get("client_timestamp"),
            policy=self.feedback_policy(),
            block_usage_key=compat.usage_key_string(self),
            on_recorded=publish,
        )
        # The resolved bank id, also for a block set by ``question_ref``.
        event = {"question_id": question_id, "correct": outcome.result["correct"], "score": outcome.result["score"]}
        self.publish_answer(
            "ve_edu.question.answer_submitted", {**event, "attempt": outcome.result["attempts_used"]}, outcome
        )
        return {**self.answer_response(outcome, self.raw_earned), "mastery": outcome.mastery}

    # -- scoring (ScorableXBlockMixin) ------------------------------------------------------

    def has_submitted_answer(self) -> bool:
        return bool(self.answered)

    def calculate_score(self) -> Score:
        question, problem = self.lookup_question()
        if problem is not None:
            # Rescoring a block whose question is gone keeps the grade the learner earned.
            return Score(float(self.raw_earned), 1.0)
        best = attempts_api.best_score(
            compat.current_user(self), int(question.id), block_usage_key=compat.usage_key_string(self)
        )
        return Score(best, 1.0)

    # -- workbench --------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        from xblocks.scenarios import question_scenarios

        return question_scenarios()
