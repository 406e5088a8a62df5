"""
The attempt log read and written in bulk: a learner's standing in a block, a course's attempts
for the REST listing, and answers graded elsewhere (a timed assessment) added to the log.

Split from ``attempts.api`` (which re-exports every name here) so that module keeps to the one
write path of an answer; nothing outside ``attempts`` imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.attempts.models import Attempt, AttemptSummary

#: The longest client key (idempotency key) an answer may carry; the submit path refuses longer ones.
MAX_CLIENT_KEY = 64


@dataclass(frozen=True)
class BlockStanding:
    """
    A learner's activity in one block, from the summary rows (one per question answered there).

    Attributes:
        recent: question ids, most recently answered first (each once).
        answered: questions answered in the block.
        answered_since: questions answered since the time asked for.
        finished: questions the learner can no longer answer in the block (answered correctly,
            or out of attempts under ``max_attempts``).
    """

    recent: tuple[int, ...]
    answered: int
    answered_since: int
    finished: frozenset[int]


def block_standing(user_id: int, block_key: str, /, *, since: datetime, max_attempts: int | None) -> BlockStanding:
    """
    One indexed query over the learner's summary rows in the block: its size is the number of
    questions answered there, never the number of attempts.
    """
    rows = list(
        AttemptSummary.objects.filter(user_id=user_id, block_usage_key=block_key)
        .order_by("-last_attempt_at", "-id")
        .values_list("question_id", "attempts", "answered_correctly", "last_attempt_at")
    )
    finished = frozenset(
        question_id
        for question_id, attempts, correct, _at in rows
        if correct or (max_attempts is not None and attempts >= max_attempts)
    )
    since_count = sum(1 for *_rest, at in rows if at is not None and at >= since)
    return BlockStanding(tuple(row[0] for row in rows), len(rows), since_count, finished)


@dataclass(frozen=True)
class GradedAnswer:
    """
    A graded answer as the attempt log keeps it: one the submit path has just graded, or one graded
    elsewhere (a timed assessment's finalisation). ``result`` is what the learner was sent (a
    resent copy gets it back); an answer graded elsewhere keeps its verdict only.
    """

    question_id: int
    version_id: int
    subtopic_id: int | None
    answer: Any
    normalised_answer: str
    correct: bool
    score: float
    client_key: str
    client_timestamp: datetime | None
    hint_level: int = 0
    result: Mapping[str, Any] | None = None

    def attempt(
        self, user_id: int, course_key: CourseKey, block_usage_key: str, /, *, attempt_number: int, created: datetime
    ) -> Attempt:
        """
        The log's row for this answer, the learner's ``attempt_number``-th in the block (not yet
        saved): the one place an answer becomes an ``Attempt``, so both ways in store it alike.
        """
        verdict = {"correct": self.correct, "score": self.score, "duplicate": False}
        return Attempt(
            user_id=user_id,
            course_key=course_key,
            block_usage_key=block_usage_key,
            attempt_number=attempt_number,
            created=created,
            question_version_id=self.version_id,
            normalised_answer=self.normalised_answer[:512],
            client_key=self.client_key[:MAX_CLIENT_KEY],
            result=verdict if self.result is None else self.result,
            **{name: getattr(self, name) for name in _LOGGED_AS_GIVEN},
        )


#: The fields of a ``GradedAnswer`` that are ``Attempt`` columns of the same name, stored as given
#: (the others are renamed, cut to their column's width, or filled in).
_LOGGED_AS_GIVEN = ("question_id", "subtopic_id", "answer", "correct", "score", "hint_level", "client_timestamp")


def record_graded_answers(
    user_id: int,
    course_key: CourseKey,
    block_usage_key: str,
    answers: list[GradedAnswer],
    /,
    *,
    attempt_number: int,
    created: datetime,
) -> None:
    """
    Add already graded answers to the attempt log in one insert, so analytics and the learner's
    history see them. Per-question summaries are not touched: a timed assessment keeps its own
    standing, and its answers never unlock hints or count against a practice block's attempts.
    """
    Attempt.objects.bulk_create(
        [
            item.attempt(user_id, course_key, block_usage_key, attempt_number=attempt_number, created=created)
            for item in answers
        ]
    )
