"""
Public surface of adaptive practice: progress over a block's target subtopics, the block's score,
and the next question (the pure selector in ``mastery/selection.py`` decides; this module gathers
its inputs from the bank, the attempt log and the learner's skill states).
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.conf import setting
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
    offered again; answers given in other blocks are mastery evidence only.
    """
    subtopic_ids = [int(target.subtopic_id) for target in progress.targets]
    pool = mastery_api.QuestionPool.build(
        mastery_api.CandidateQuestion(question_id, subtopic_id, difficulty)
        for question_id, subtopic_id, difficulty in questions_api.published_questions(
            course_key, subtopic_ids=subtopic_ids
        )
        .order_by("id")
        .values_list("id", "subtopic_id", analytics_api.difficulty_used_in_practice())
    )
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
    return mastery_api.select_next_question(request, pool=pool, config=config)


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
        selection = choose_next_question(
            user.id,
            course_key,
            progress=progress,
            block_key=block_key,
            config=config,
            max_attempts=feedback_policy.max_attempts,
        )
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
    answer: Any,
    client_key: str,
    client_timestamp: Any,
    subtopic_ids: Sequence[int],
    policy: Mapping[str, Any] | None,
    feedback_policy: attempts_api.FeedbackPolicy,
    block_key: str,
) -> PracticeAnswer:
    """Record the answer (counted in this block), then the progress the block's grade is."""
    outcome = attempts_api.submit_answer(
        user,
        course_key,
        question_id,
        answer=answer,
        client_key=client_key,
        client_timestamp=client_timestamp,
        policy=feedback_policy,
        block_usage_key=block_key,
        mastery_policy=policy,
    )
    progress = practice_progress(user.id, course_key, subtopic_ids=subtopic_ids, policy=policy)
    return PracticeAnswer(outcome, progress, _status(progress, outcome.question))
