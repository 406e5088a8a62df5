"""
Where a question is in use, as the attempt log knows it: the blocks learners have answered it in.

The bank keeps no list of the blocks that name a question (a block's settings live in the
platform's modulestore). The attempt log does know every block a learner answered a question in,
which is what an author editing a bank question needs to weigh: a new version reaches those
learners' next answers (their earlier answers keep the version they answered).
"""

from __future__ import annotations

from ve_edu_plugin.attempts.models import AttemptSummary


def blocks_answering(question_id: int, /) -> int:
    """How many blocks learners have answered the question in (answers outside a block not counted)."""
    return (
        AttemptSummary.objects.filter(question_id=question_id)
        .exclude(block_usage_key="")
        .values("block_usage_key")
        .distinct()
        .count()
    )
