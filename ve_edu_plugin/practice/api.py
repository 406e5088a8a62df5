"""
Public surface of adaptive practice: progress over a block's target subtopics, the block's score,
and the next question (the pure selector in ``mastery/selection.py`` decides; this module gathers
its inputs from the bank, the attempt log and the learner's skill states).
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import caching
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.conf import setting
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.questions import api as questions_api

__all__ = [
    "REASON_MESSAGES",
    "PracticeAnswer",
    "PracticeProgress",
    "PracticeState",
    "choose_next_question",
    "practice_progress",
    "practice_state",
    "submit_practice_answer",
]

#: What the learner reads for each way practice can end (the selector's reason codes).
REASON_MESSAGES = {
    "all_targets_mastered": "You have mastered every skill of this practice.",
    "daily_limit_reached": "You have reached today's number of questions. Come back tomorrow.",
    "max_questions_reached": "You have answered every question this practice allows.",
    "no_target_subtopics": "This practice has no skills to practise yet.",
    "no_questions_for_unmastered_targets": "There are no questions yet for the skills left to practise.",
    "no_questions_left": (
        "You have answered every question available for the skills left to practise. "
        "Ask your teacher for more questions."
    ),
    "stopped_by_extension": "Practice is closed for now. Come back later.",
}


@dataclass(frozen=True)
class PracticeProgress:
    """Per target subtopic standing (outline order), the block's score, and who is mastered."""

    subtopics: list[dict[str, Any]]
    score: float
    targets: tuple[mastery_api.TargetSubtopic, ...]


def practice_progress(
    user_id: int, course_key: CourseKey, /, *, subtopic_ids: Sequence[int], policy: Mapping[str, Any] | None
) -> PracticeProgress:
    """
    The learner's progress. The block's score is the mean over targets of the progress toward
    mastery under the block's policy (``mastery_api.progress``): 1.0 once every target is mastered.
    """
    mastery_policy = mastery_api.effective_policy(course_key, override=policy)
    standings = mastery_api.mastery_of(user_id, course_key, subtopic_ids=subtopic_ids, policy=mastery_policy)
    rows, targets, total = [], [], 0.0
    for standing in standings:
        evidence = standing.evidence
        mastered = standing.mastered
        share = mastery_api.progress(mastery_policy, evidence) if evidence.attempts else 0.0
        total += share
        rows.append(
            {
                "subtopic_id": standing.subtopic_id,
                "title": standing.title,
                "topic_title": standing.topic_title,
                "p_mastery": round(evidence.p_mastery, 4),
                "mastered": mastered,
                "progress": round(share, 4),
            }
        )
        targets.append(mastery_api.TargetSubtopic(standing.subtopic_id, evidence.p_mastery, mastered))
    score = round(total / len(rows), 4) if rows else 0.0
    return PracticeProgress(rows, score, tuple(targets))


def choose_next_question(
    user_id: int,
    course_key: CourseKey,
    /,
    *,
    progress: PracticeProgress,
    block_key: str,
    config: mastery_api.SelectionConfig,
    max_attempts: int | None = None,
) -> mastery_api.Selection:
    """
    The next question for the learner in this block (or why there is none). Attempts are counted
    per block: a question finished here (answered correctly, or out of ``max_attempts``) is never
    offered again; answers given in other blocks are mastery evidence only. The operator's
    ``PracticeQuestionRequested`` pipeline, if any, may change the choice or stop practice
    (``StoppedByExtensionError``).
    """
    pool = _question_pool(course_key, tuple(sorted({int(target.subtopic_id) for target in progress.targets})))
    standing = attempts_api.block_standing(user_id, block_key, since=_start_of_day(), max_attempts=max_attempts)
    answered = standing.answered
    seed = int.from_bytes(hashlib.sha256(f"{user_id}:{block_key}:{answered}".encode()).digest()[:8], "big")
    request = mastery_api.SelectionRequest(
        targets=progress.targets,
        recent_question_ids=standing.recent[: max(config.repeat_window, 1)],
        answered_in_block=answered,
        answered_today=standing.answered_since,
        seed=seed,
        finished_question_ids=standing.finished,
    )
    selection = mastery_api.select_next_question(request, pool=pool, config=config)
    if selection.status != "question" or selection.question_id is None:
        return selection
    chosen = int(selection.question_id)
    open_subtopics = {int(target.subtopic_id) for target in progress.targets if not target.mastered}
    served = hooks_api.practice_question(
        user_id,
        course_key,
        block_key=block_key,
        chosen=chosen,
        candidates=lambda: [
            int(question_id)
            for question_id, (subtopic_id, _difficulty) in pool.locations.items()
            if subtopic_id in open_subtopics and question_id not in standing.finished
        ],
    )
    if served is None:
        return mastery_api.Selection("empty", reason="no_questions_left")
    if served == chosen:
        return selection
    location = pool.locations.get(served)
    return mastery_api.Selection("question", served, location[0] if location else None, selection.reason)


#: Pools by course, bank version and target subtopics. A bank change makes a new version, so an
#: entry is never stale; old versions' entries go when the cache empties itself.
_POOLS: caching.ProcessCache[tuple[str, str, tuple[int, ...]], mastery_api.QuestionPool] = caching.ProcessCache(
    "practice pools", max_entries=256
)


def _question_pool(course_key: CourseKey, subtopic_ids: tuple[int, ...]) -> mastery_api.QuestionPool:
    """
    The published questions of the subtopics, indexed for selection, built once per bank version:
    a ``next`` costs one shared-cache read here, not a read of the whole bank.
    """
    version = questions_api.bank_version(course_key)

    def build() -> mastery_api.QuestionPool:
        rows = (
            questions_api.published_questions(course_key, subtopic_ids=subtopic_ids)
            .order_by("id")
            .values_list("id", "subtopic_id", analytics_api.difficulty_used_in_practice())
        )
        return mastery_api.QuestionPool.build((mastery_api.CandidateQuestion(*row) for row in rows), version=version)

    return _POOLS.get_or_build((str(course_key), version, subtopic_ids), build)


def _start_of_day() -> datetime.datetime:
    """Midnight today where the learners are (``VE_EDU_PRACTICE_DAY_TIMEZONE``)."""
    zone = zoneinfo.ZoneInfo(setting("VE_EDU_PRACTICE_DAY_TIMEZONE"))
    local = timezone.now().astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class PracticeState:
    """What the practice view shows, and the question the block now holds (None when it ended)."""

    status: str
    reason: str
    question: attempts_api.QuestionView | None
    progress: PracticeProgress
    current_question_id: int | None
    message: str = ""


def practice_state(
    user: Any,
    course_key: CourseKey,
    /,
    *,
    subtopic_ids: Sequence[int],
    policy: Mapping[str, Any] | None,
    current_question_id: int | None,
    advance: bool,
    feedback_policy: attempts_api.FeedbackPolicy,
    config: mastery_api.SelectionConfig,
    block_key: str,
) -> PracticeState:
    """
    The practice as the learner sees it. The current question stays until it has been answered
    and the learner asks for the next one (``advance``); then the selector picks the next, or says
    why there is none (``mastered``, ``limit``, ``empty``).
    """
    progress = practice_progress(user.id, course_key, subtopic_ids=subtopic_ids, policy=policy)
    question = None
    if current_question_id:
        question = attempts_api.question_for_learner(
            user, course_key, current_question_id, policy=feedback_policy, block_usage_key=block_key
        )
    if question is None or (advance and (question["done"] or question["attempts_used"])):
        try:
            selection = choose_next_question(
                user.id,
                course_key,
                progress=progress,
                block_key=block_key,
                config=config,
                max_attempts=feedback_policy.max_attempts,
            )
        except hooks_api.StoppedByExtensionError as stopped:
            return PracticeState("limit", "stopped_by_extension", None, progress, None, stopped.detail)
        if selection.status == "question" and selection.question_id is not None:
            chosen = int(selection.question_id)
            question = attempts_api.question_for_learner(
                user, course_key, chosen, policy=feedback_policy, block_usage_key=block_key
            )
            return PracticeState(selection.status, selection.reason, question, progress, chosen)
        return PracticeState(selection.status, selection.reason, None, progress, None)
    return PracticeState(_status(progress, question), "practice", question, progress, current_question_id)


def _status(progress: PracticeProgress, question: attempts_api.QuestionView) -> str:
    """``mastered`` once every target is mastered and the current question is done, else ``question``."""
    if progress.subtopics and all(row["mastered"] for row in progress.subtopics) and question["done"]:
        return "mastered"
    return "question"


@dataclass(frozen=True)
class PracticeAnswer:
    """One answer in a practice block: the outcome, the progress after it, and what to show."""

    outcome: attempts_api.SubmitOutcome
    progress: PracticeProgress
    status: str


def submit_practice_answer(
    user: Any,
    course_key: CourseKey,
    question_id: int,
    /,
    *,
    subtopic_ids: Sequence[int],
    policy: Mapping[str, Any] | None,
    feedback_policy: attempts_api.FeedbackPolicy,
    block_key: str,
    on_progress: Callable[[attempts_api.SubmitOutcome, PracticeProgress], None] | None = None,
    **sent: Unpack[attempts_api.SentAnswer],
) -> PracticeAnswer:
    """
    Record the answer (counted in this block), then the progress the block's grade is.

    The progress is read inside the answer's transaction, after its knowledge-tracing update and
    while the learner's row for the question in this block is locked, and ``on_progress`` runs
    there too (a block publishes its grade in it): answers sent together publish in the order
    they were recorded, so the last grade published is the progress after the last answer.
    """
    measured: list[PracticeProgress] = []

    def recorded(outcome: attempts_api.SubmitOutcome) -> None:
        progress = practice_progress(user.id, course_key, subtopic_ids=subtopic_ids, policy=policy)
        measured.append(progress)
        if on_progress is not None:
            on_progress(outcome, progress)

    outcome = attempts_api.submit_answer(
        user,
        course_key,
        question_id,
        policy=feedback_policy,
        block_usage_key=block_key,
        mastery_policy=policy,
        on_recorded=recorded,
        **sent,
    )
    # Not recorded (refused, or a resent copy): nothing was published, the progress is read now.
    progress = (
        measured[-1]
        if measured and outcome.graded and not outcome.duplicate
        else practice_progress(user.id, course_key, subtopic_ids=subtopic_ids, policy=policy)
    )
    return PracticeAnswer(outcome, progress, _status(progress, outcome.question))
