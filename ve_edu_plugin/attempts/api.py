"""
Public surface of the attempt log: what a learner sees of a question, and answering it.

The log's bulk reads and writes (a block's standing, the course listing, answers graded by a
timed assessment) live in ``attempts.history`` and are re-exported here: edges import this module only.

``submit_answer`` is the learner loop's one write path: grade (pure) with progressive feedback,
record the attempt (idempotent on the client key, also under concurrent duplicates), update the
learner's knowledge-tracing state, and return what the view shows.

Attempts are counted per learner, block and question. Each answer locks that one
:class:`AttemptSummary` row (``SELECT ... FOR UPDATE``, together with the learner's skill state)
and reads what feedback needs from it, not from the history, so concurrent answers of one learner
in one block are serialised: attempt numbers never repeat, ``max_attempts`` holds, and the best
score never goes down. A submit is four data statements (pinned by a test) whatever the history's
length, written once per process by :mod:`ve_edu_plugin.row_statements` rather than compiled per
call (ADR 0003).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import row_statements
from ve_edu_plugin.attempts.data import AnswerResult, MasteryChange, QuestionView, result_json
from ve_edu_plugin.attempts.history import (
    MAX_CLIENT_KEY,
    BlockStanding,
    GradedAnswer,
    block_standing,
    record_graded_answers,
)
from ve_edu_plugin.attempts.log import attempt_log, attempts_of, usernames_of, version_numbers_of
from ve_edu_plugin.attempts.models import Attempt, AttemptSummary
from ve_edu_plugin.attempts.signals import answer_recorded
from ve_edu_plugin.attempts.usage import blocks_answering
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.questions import api as questions_api

__all__ = [
    "AnswerResult",
    "Attempt",
    "BlockStanding",
    "FeedbackPolicy",
    "GradedAnswer",
    "MasteryChange",
    "QuestionView",
    "SentAnswer",
    "ShowAnswer",
    "SubmitOutcome",
    "attempt_log",
    "attempts_of",
    "best_score",
    "block_standing",
    "blocks_answering",
    "course_policy",
    "question_for_learner",
    "record_graded_answers",
    "result_json",
    "submit_answer",
    "usernames_of",
    "version_numbers_of",
]

FeedbackPolicy = grading_api.FeedbackPolicy
ShowAnswer = grading_api.ShowAnswer
#: Tries of one answer that lost a race (a first summary row or skill state inserted by a
#: concurrent answer, or a deadlock reported by the database): each retry sees the winner's rows.
_TRIES = 4
_DEADLOCK = 1213


class SentAnswer(TypedDict):
    """
    An answer as the learner's browser sent it: the answer, its idempotency key and, when the
    browser gave it, the time it was sent. Blocks pass it to ``submit_answer`` (or through
    practice) as keyword arguments, and it is carried whole from there to the attempt log.
    """

    answer: Any
    client_key: str
    client_timestamp: NotRequired[str | datetime | None]


@dataclass(frozen=True)
class SubmitOutcome:
    """
    The answer's result, the question as the learner now sees it, the mastery it moved, and the
    block's grade for the question (the best score of the learner's graded attempts in the block).
    """

    result: AnswerResult
    question: QuestionView
    mastery: MasteryChange | None
    duplicate: bool
    graded: bool
    best_score: float = 0.0


def _load_question(course_key: CourseKey, question_id: int) -> questions_api.QuestionSnapshot:
    """The question as answered (from the shared cache; dropped on every edit)."""
    return questions_api.question_snapshot(course_key, question_id)


def _course_policy(course_key: CourseKey) -> mastery_api.MasteryPolicy:
    """The course's mastery policy (kept in the process by the mastery capability)."""
    return mastery_api.course_policy(course_key)


def course_policy(course_key: CourseKey, /) -> mastery_api.MasteryPolicy:
    """The policy answers in the course are traced under, as the answer path keeps it (``POLICY_SECONDS``)."""
    return _course_policy(course_key)


def _seed(user_id: int, question_id: int) -> str:
    """Per learner and question: the same learner always sees the same choice order and samples."""
    return f"{user_id}:{question_id}"


#: The summary is read whole where a view is built from it: feedback, the learner's view and the
#: block's grade each use part of it.
_SUMMARY_COLUMNS = tuple(field.attname for field in AttemptSummary._meta.concrete_fields)
#: What an answer reads of the summary it locks: grading's history and what the update keeps. The
#: rest (the last answer and result) is rewritten by the answer; a refused answer reads it again.
_ANSWERING_COLUMNS = ("attempts", "wrong", "answered_correctly", "best_score", "answers")


def _summary(user_id: int, block_key: str, question_id: int, *, lock: bool) -> AttemptSummary | None:
    """The learner's summary row for the question in the block (one written statement, ADR 0003)."""
    return row_statements.select_one(
        AttemptSummary,
        _SUMMARY_COLUMNS,
        lock=lock,
        user_id=user_id,
        block_usage_key=block_key,
        question_id=question_id,
    )


def _lock_rows(
    user_id: int, block_key: str, question: questions_api.QuestionSnapshot
) -> tuple[AttemptSummary | None, mastery_api.LockedState | None]:
    """
    Lock and read, in one statement, the learner's summary row of the question in the block and
    their knowledge-tracing state in its subtopic (when it has one): the two rows an answer
    updates, in the order every answer locks them.
    """
    summary_row = row_statements.Lookup.of(
        AttemptSummary, _ANSWERING_COLUMNS, user_id=user_id, block_usage_key=block_key, question_id=question.id
    )
    if question.subtopic_id is None:
        (summary,) = row_statements.select_together(summary_row, lock=True)
        return summary, None
    state_row = mastery_api.state_lookup(user_id, question.subtopic_id)
    summary, state = row_statements.select_together(summary_row, state_row, lock=True)
    return summary, mastery_api.LockedState(state)


def _history(summary: AttemptSummary | None) -> grading_api.SummarisedHistory:
    if summary is None:
        return grading_api.SummarisedHistory()
    return grading_api.SummarisedHistory(
        count=summary.attempts,
        incorrect_count=summary.wrong,
        answered_correctly=summary.answered_correctly,
        answers=tuple((str(answer), bool(correct)) for answer, correct in summary.answers),
    )


def question_for_learner(
    user: Any,
    course_key: CourseKey,
    question_id: int,
    /,
    *,
    policy: grading_api.FeedbackPolicy,
    block_usage_key: str = "",
) -> QuestionView:
    """The question as this learner sees it now in the block (hints unlocked, last answer and result)."""
    question = _load_question(course_key, question_id)
    return _learner_view(question, _summary(user.id, block_usage_key, question.id, lock=False), policy, user.id)


def _learner_view(
    question: questions_api.QuestionSnapshot,
    summary: AttemptSummary | None,
    policy: grading_api.FeedbackPolicy,
    user_id: int,
) -> QuestionView:
    body = question.parsed_body
    order = grading_api.choice_order(body, policy, seed=_seed(user_id, question.id))
    choices_by_id = {choice.id: choice for choice in getattr(body, "choices", ())}
    attempts_used = summary.attempts if summary else 0
    attempts_left = None if policy.max_attempts is None else max(policy.max_attempts - attempts_used, 0)
    last: AnswerResult | None = None
    if summary is not None and summary.last_result:
        # The counts come from the summary under the block's current policy, so the view and its
        # last result always agree (the stored result was computed under the policy of its time).
        stored: AnswerResult = summary.last_result
        last = {**stored, "attempts_used": attempts_used, "attempts_left": attempts_left}
    view: QuestionView = {
        "id": question.id,
        "version": question.version_number,
        "type": question.question_type,
        "text_html": body.text,
        "choices": [{"id": choice_id, "html": choices_by_id[choice_id].text} for choice_id in order],
        "variables": [variable.name for variable in getattr(body, "variables", ())],
        "attempts_used": attempts_used,
        "max_attempts": policy.max_attempts,
        "hints_html": list(body.hints[: last["hint_level"] if last else 0]),
        "solution_html": last.get("solution_html") if last else None,
        "correct_answer": last.get("correct_answer") if last else None,
        "explanation_html": last.get("explanation_html") if last else None,
        "last_answer": summary.last_answer if summary else None,
        "last_result": last,
        "done": bool(summary and summary.answered_correctly) or attempts_left == 0,
    }
    widget = grading_api.learner_widget(question.question_type)
    if widget is not None:
        view["widget"] = widget
    return view


def submit_answer(
    user: Any,
    course_key: CourseKey,
    question_id: int,
    /,
    *,
    policy: grading_api.FeedbackPolicy,
    block_usage_key: str | None = None,
    mastery_policy: Mapping[str, Any] | None = None,
    on_recorded: Callable[[SubmitOutcome], None] | None = None,
    **sent: Unpack[SentAnswer],
) -> SubmitOutcome:
    """
    Grade and record one answer. A client key seen before returns the original result and adds
    nothing, also when two copies arrive at once (the unique key decides, the loser re-reads).

    ``on_recorded`` runs inside the answer's transaction, while the learner's summary row is
    locked: a block publishes its grade there, so grades reach the platform in the order the
    answers were recorded and a slower, worse answer never overwrites a better one.
    """
    client_key = sent["client_key"]
    if not isinstance(client_key, str) or not 8 <= len(client_key) <= MAX_CLIENT_KEY:
        raise InvalidRequestError(
            field_errors={
                "client_key": [
                    gettext("Must be a string of 8 to %(max_key)s characters.") % {"max_key": MAX_CLIENT_KEY}
                ]
            }
        )
    question = _load_question(course_key, question_id)
    block_key = block_usage_key or ""
    for attempt in range(_TRIES):
        try:
            with transaction.atomic():
                outcome = _answer_locked(
                    user, course_key, question, sent, block_key=block_key, policy=policy, mastery_policy=mastery_policy
                )
                if on_recorded is not None and outcome.graded and not outcome.duplicate:
                    on_recorded(outcome)
                if outcome.graded and not outcome.duplicate:
                    answer_recorded.send(sender=None, course_key=course_key)
            return _as_shown(user.id, course_key, block_key, outcome)
        except IntegrityError:
            # A copy of this answer won the unique (user, client_key) race, or a concurrent first
            # answer inserted the summary or skill-state row this one was about to insert.
            duplicate = _resent(user, question, client_key, block_key, policy)
            if duplicate is not None:
                return _as_shown(user.id, course_key, block_key, duplicate)
            if attempt == _TRIES - 1:
                raise
        except OperationalError as exc:
            if not exc.args or exc.args[0] != _DEADLOCK or attempt == _TRIES - 1:
                raise
    raise AssertionError("unreachable: the last try returns or raises")


def _as_shown(user_id: int, course_key: CourseKey, block_key: str, outcome: SubmitOutcome) -> SubmitOutcome:
    """
    The outcome with the feedback an ``AnswerResultRenderStarted`` pipeline wants shown (after the
    commit: the attempt log keeps the result as graded). Without a pipeline, the outcome as is.
    """
    result = outcome.result
    if result["error"] is not None:
        return outcome
    shown = hooks_api.answer_feedback(
        user_id,
        course_key,
        outcome.question["id"],
        block_key=block_key,
        correct=result["correct"],
        feedback=result["feedback"],
    )
    if shown is None:
        return outcome
    feedback, links = shown
    changed: AnswerResult = {**result, "feedback": feedback, "links": links}
    last = outcome.question["last_result"]
    if last is None:
        return replace(outcome, result=changed)
    view: QuestionView = {**outcome.question, "last_result": {**last, "feedback": feedback, "links": links}}
    return replace(outcome, result=changed, question=view)


def _resent(
    user: Any,
    question: questions_api.QuestionSnapshot,
    client_key: str,
    block_key: str,
    policy: grading_api.FeedbackPolicy,
) -> SubmitOutcome | None:
    """The stored outcome of an answer already recorded under ``client_key``, if there is one."""
    stored = next(
        iter(Attempt.objects.filter(user_id=user.id, client_key=client_key).values_list("result", "block_usage_key")),
        None,
    )
    if stored is None:
        return None
    summary = _summary(user.id, stored[1], question.id, lock=False)
    original: AnswerResult = stored[0]
    result: AnswerResult = {**original, "duplicate": True}
    view = _learner_view(question, summary, policy, user.id)
    best = summary.best_score if summary else 0.0
    return SubmitOutcome(result, view, None, duplicate=True, graded=True, best_score=best)


def _answer_locked(
    user: Any,
    course_key: CourseKey,
    question: questions_api.QuestionSnapshot,
    sent: SentAnswer,
    /,
    *,
    block_key: str,
    policy: grading_api.FeedbackPolicy,
    mastery_policy: Mapping[str, Any] | None,
) -> SubmitOutcome:
    summary, state = _lock_rows(user.id, block_key, question)
    answer, client_key = sent["answer"], sent["client_key"]
    graded = grading_api.grade_answer(
        question.parsed_body, answer, _history(summary), policy, seed=_seed(user.id, question.id)
    )
    result = result_json(graded)
    if graded.error is not None:
        # Not an attempt: nothing is recorded, the learner corrects the answer and resends. A
        # resent copy of the last allowed attempt is refused by grading; it gets its own result.
        if graded.error.code == grading_api.GradeErrorCode.NO_ATTEMPTS_LEFT:
            resent = _resent(user, question, client_key, block_key, policy)
            if resent is not None:
                return resent
        summary = _summary(user.id, block_key, question.id, lock=False)  # whole, for the view (row still locked)
        view = _learner_view(question, summary, policy, user.id)
        return SubmitOutcome(result, view, None, False, graded=False, best_score=summary.best_score if summary else 0.0)
    now = timezone.now()
    logged = _logged(question, graded, result, sent)
    row_statements.insert_row(
        logged.attempt(user.id, course_key, block_key, attempt_number=graded.attempts_used, created=now)
    )
    summary = _write_summary(
        user.id, course_key, question.id, block_key, summary, graded=graded, result=result, answer=answer, now=now
    )
    mastery = _record_mastery(user.id, course_key, question, graded.correct, mastery_policy, locked=state)
    view = _learner_view(question, summary, policy, user.id)
    return SubmitOutcome(result, view, mastery, False, graded=True, best_score=summary.best_score)


def _logged(
    question: questions_api.QuestionSnapshot, graded: grading_api.GradeResult, result: AnswerResult, sent: SentAnswer
) -> GradedAnswer:
    """The answer as the attempt log keeps it: the version answered, the verdict, and what was sent."""
    sent_at = sent.get("client_timestamp")
    return GradedAnswer(
        question_id=question.id,
        version_id=question.version_id,
        subtopic_id=question.subtopic_id,
        answer=sent["answer"],
        normalised_answer=graded.normalised_answer,
        correct=graded.correct,
        score=graded.score,
        client_key=sent["client_key"],
        client_timestamp=parse_datetime(sent_at) if isinstance(sent_at, str) else sent_at,
        hint_level=graded.hint_level,
        result=result,
    )


def _write_summary(
    user_id: int,
    course_key: CourseKey,
    question_id: int,
    block_key: str,
    summary: AttemptSummary | None,
    /,
    *,
    graded: grading_api.GradeResult,
    result: AnswerResult,
    answer: Any,
    now: datetime,
) -> AttemptSummary:
    """Insert the first summary row, or update the locked one (one query either way)."""
    normalised = graded.normalised_answer[:512]
    answers = list(summary.answers) if summary else []
    if normalised not in {known for known, _correct in answers} and len(answers) < AttemptSummary.ANSWER_MEMORY:
        answers.append([normalised, graded.correct])
    values = {
        "answered_correctly": bool(summary and summary.answered_correctly) or graded.correct,
        "best_score": max(summary.best_score if summary else 0.0, graded.score),
        "hint_level": graded.hint_level,
        "answers": answers,
        "last_answer": answer,
        "last_result": result,
        "last_attempt_at": now,
    }
    wrong = 0 if graded.correct else 1
    if summary is None:
        return row_statements.insert_row(
            AttemptSummary(
                user_id=user_id,
                course_key=course_key,
                block_usage_key=block_key,
                question_id=question_id,
                attempts=1,
                wrong=wrong,
                **values,
            )
        )
    row_statements.update_row(AttemptSummary, summary.pk, values, add={"attempts": 1, "wrong": wrong})
    for name, value in values.items():
        setattr(summary, name, value)
    summary.attempts += 1
    summary.wrong += wrong
    return summary


def _record_mastery(
    user_id: int,
    course_key: CourseKey,
    question: questions_api.QuestionSnapshot,
    correct: bool,
    mastery_policy: Mapping[str, Any] | None,
    *,
    locked: mastery_api.LockedState | None,
) -> MasteryChange | None:
    """Every graded answer is mastery evidence for the question's subtopic, whichever block it came from."""
    if question.subtopic_id is None:
        return None
    policy = mastery_api.parse_policy(mastery_policy) if mastery_policy else _course_policy(course_key)
    update = mastery_api.record_answer(
        user_id,
        course_key,
        question.subtopic_id,
        correct=correct,
        params=mastery_api.params_from_dict(question.bkt_parameters),
        policy=policy,
        locked=locked,
    )
    return {
        "subtopic_id": question.subtopic_id,
        "title": question.subtopic_title,
        "p_mastery": round(update.p_mastery, 4),
        "mastered": update.mastered,
        "transition": update.transition,
    }


def best_score(user: Any, question_id: int, /, *, block_usage_key: str = "") -> float:
    """The learner's best score on the question in the block so far (0 when unanswered)."""
    summary = _summary(user.id, block_usage_key, question_id, lock=False)
    return summary.best_score if summary else 0.0
