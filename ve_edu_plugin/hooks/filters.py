"""
The plugin's openedx-filters: points where an operator's pipeline can change or stop an action.

Each filter is an ``OpenEdxPublicFilter`` named ``org.openedx.ve_edu.<subdomain>.<subject>.<action>.v1``
and configured like any Open edX filter, through ``OPEN_EDX_FILTERS_CONFIG``. With no pipeline
configured ``run_filter`` returns its arguments unchanged (one settings lookup). A step stops the
action by raising the filter's exception with a message for the learner or author; the plugin
turns it into a ``stopped_by_extension`` problem (REST) or a handler error (blocks).
``docs/extending.rst`` documents every filter with a worked example.
"""

from typing import Any, TypedDict, Unpack

from opaque_keys.edx.keys import CourseKey
from openedx_filters.exceptions import OpenEdxFilterException
from openedx_filters.tooling import OpenEdxPublicFilter

__all__ = [
    "AnswerResultRenderStarted",
    "PracticeQuestionRequested",
    "QuestionImportRequested",
    "TimedAssessmentStartRequested",
]


class PracticeQuestionRequested(OpenEdxPublicFilter):
    """
    Filter used to change or stop the question adaptive practice is about to serve.

    Purpose:
        Runs after the selector chose a question for the learner, before it is shown. A step may
        reorder or remove ``candidates`` (the question ids the learner could be given now, the
        chosen one first), change ``chosen``, or stop practice with a message (``PreventPracticeQuestion``,
        e.g. "Come back tomorrow"). If ``chosen`` is no longer among ``candidates`` the first
        candidate is served; with no candidate left practice ends as having no questions left.

    Filter Type:
        org.openedx.ve_edu.practice.question.requested.v1

    Trigger:
        - Repository: ve-edu-plugin
        - Path: ve_edu_plugin/practice/api.py
        - Function or Method: choose_next_question
    """

    filter_type = "org.openedx.ve_edu.practice.question.requested.v1"

    class PreventPracticeQuestion(OpenEdxFilterException):
        """
        Raise to end practice for now; ``message`` is what the learner reads instead of a question.
        """

    @classmethod
    def run_filter(
        cls, *, user_id: int, course_key: CourseKey, block_key: str, candidates: list[int], chosen: int
    ) -> tuple[list[int], int]:
        """
        Run the pipeline over the learner's candidates and the chosen question.

        Arguments:
            user_id (int): the learner.
            course_key (CourseKey): the course.
            block_key (str): usage key of the practice block.
            candidates (list[int]): question ids the learner could be given now, chosen first.
            chosen (int): the question id the selector chose.

        Returns:
            tuple[list[int], int]: the candidates and the chosen question id, possibly changed.
        """
        data = super().run_pipeline(
            user_id=user_id, course_key=course_key, block_key=block_key, candidates=candidates, chosen=chosen
        )
        return list(data.get("candidates") or []), data.get("chosen")  # type: ignore[return-value]


class RenderedAnswer(TypedDict):
    """
    The keyword arguments of ``AnswerResultRenderStarted.run_filter``, which every pipeline step
    receives as they are (documented on ``run_filter``).
    """

    user_id: int
    course_key: CourseKey
    question_id: int
    block_key: str
    correct: bool
    feedback: str | None
    links: list[dict[str, str]]


class AnswerResultRenderStarted(OpenEdxPublicFilter):
    """
    Filter used to change the feedback a learner sees after answering a question.

    Purpose:
        Runs after the answer was graded and recorded, before the result reaches the learner
        (the ``submit`` handler of the practice and question blocks). A step may change
        ``feedback`` (plain text) and add ``links`` (``{"text": ..., "url": ...}``, e.g. to a
        lesson). The attempt log keeps the result as graded: the pipeline changes what is shown.

    Filter Type:
        org.openedx.ve_edu.attempts.answer_result.render.started.v1

    Trigger:
        - Repository: ve-edu-plugin
        - Path: ve_edu_plugin/attempts/api.py
        - Function or Method: submit_answer
    """

    filter_type = "org.openedx.ve_edu.attempts.answer_result.render.started.v1"

    @classmethod
    def run_filter(cls, **answer: Unpack[RenderedAnswer]) -> tuple[str | None, list[dict[str, str]]]:
        """
        Run the pipeline over an answer's feedback.

        Arguments:
            user_id (int): the learner.
            course_key (CourseKey): the course.
            question_id (int): the question answered.
            block_key (str): usage key of the block answered in ("" outside a block).
            correct (bool): whether the answer was correct.
            feedback (str | None): the feedback message as graded.
            links (list[dict]): links shown under the feedback (empty as graded).

        Returns:
            tuple[str | None, list[dict]]: the feedback and the links, possibly changed.
        """
        data = super().run_pipeline(**answer)
        return data.get("feedback"), list(data.get("links") or [])


class QuestionImportRequested(OpenEdxPublicFilter):
    """
    Filter used to refuse or amend a question-bank import before it is checked and applied.

    Purpose:
        Runs after the file was read, before the questions are checked against the course and
        written (also for a dry run). A step may amend ``questions`` (a list of
        ``IncomingQuestion``: ``external_id``, ``fields`` such as ``subtopic``, ``difficulty``,
        ``status``, ``tags`` and the ``body``), drop some, or refuse the whole import with
        ``PreventQuestionImport``. Amended questions are validated like read ones.

    Filter Type:
        org.openedx.ve_edu.questions.import.requested.v1

    Trigger:
        - Repository: ve-edu-plugin
        - Path: ve_edu_plugin/questions/transfer.py
        - Function or Method: import_questions (and import_questions_from_path)
    """

    filter_type = "org.openedx.ve_edu.questions.import.requested.v1"

    class PreventQuestionImport(OpenEdxFilterException):
        """Raise to refuse the import; ``message`` is shown to the author and nothing is written."""

    @classmethod
    def run_filter(cls, *, course_key: CourseKey, file_format: str, questions: list[Any], dry_run: bool) -> list[Any]:
        """
        Run the pipeline over the questions read from the file.

        Arguments:
            course_key (CourseKey): the course imported into.
            file_format (str): ``json``, ``csv`` or ``olx``.
            questions (list[IncomingQuestion]): the questions read, in file order.
            dry_run (bool): whether the import only reports what it would do.

        Returns:
            list[IncomingQuestion]: the questions to import, possibly amended.
        """
        data = super().run_pipeline(
            course_key=course_key, file_format=file_format, questions=questions, dry_run=dry_run
        )
        return list(data.get("questions") or [])


class TimedAssessmentStartRequested(OpenEdxPublicFilter):
    """
    Filter used to refuse the start of a timed assessment (eligibility, proctoring, ...).

    Purpose:
        Runs when a learner asks to start a timed assessment, before the attempt is created and
        the clock starts. A step may refuse with ``PreventTimedAssessmentStart`` and a message.

    Filter Type:
        org.openedx.ve_edu.assessments.timed.start.requested.v1

    Trigger:
        - Repository: ve-edu-plugin
        - Path: ve_edu_plugin/assessments/api.py
        - Function or Method: start_session (through hooks.api.check_timed_assessment_start)
    """

    filter_type = "org.openedx.ve_edu.assessments.timed.start.requested.v1"

    class PreventTimedAssessmentStart(OpenEdxFilterException):
        """Raise to refuse the start; ``message`` is what the learner reads."""

    @classmethod
    def run_filter(cls, *, user_id: int, course_key: CourseKey, assessment_key: str) -> tuple[int, CourseKey, str]:
        """
        Run the pipeline before a timed assessment starts.

        Arguments:
            user_id (int): the learner.
            course_key (CourseKey): the course.
            assessment_key (str): usage key of the timed assessment block.

        Returns:
            tuple[int, CourseKey, str]: the arguments (a step refuses by raising, not by changing them).
        """
        data = super().run_pipeline(user_id=user_id, course_key=course_key, assessment_key=assessment_key)
        return data["user_id"], data["course_key"], data["assessment_key"]
