"""
Reading the attempt log a page at a time (the attempts endpoint), newest first.

Learners and versions are looked up per page by id rather than joined: with a join MariaDB may
start from the smaller table and sort the whole course's log for one page. A page is read as
plain values, and the lookups read only the two columns shown (a username, a version number),
not whole user rows and question bodies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.questions import api as questions_api

#: The columns of a log row as ``attempt_log`` reads them.
LOG_VALUES = (
    "id",
    "user_id",
    "question_id",
    "question_version_id",
    "subtopic_id",
    "attempt_number",
    "answer",
    "correct",
    "score",
    "hint_level",
    "block_usage_key",
    "client_timestamp",
    "created",
)


def attempts_of(
    course_key: CourseKey, /, *, user_id: int | None = None, question_id: int | None = None
) -> QuerySet[Attempt]:
    """
    The course's attempts, newest first, optionally of one learner and one question.

    Learners and versions are fetched per page by id rather than joined: with a join MariaDB may
    start from the smaller table and sort the whole course's log for one page.
    """
    attempts = Attempt.objects.filter(course_key=course_key).prefetch_related("question_version", "user")
    if user_id is not None:
        attempts = attempts.filter(user_id=user_id)
    if question_id is not None:
        attempts = attempts.filter(question_id=question_id)
    return attempts.order_by("-id")


def attempt_log(
    course_key: CourseKey, /, *, user_id: int | None = None, question_id: int | None = None
) -> QuerySet[Attempt, dict[str, Any]]:
    """``attempts_of`` as dicts of ``LOG_VALUES`` (slice it, or page it by cursor on ``id``)."""
    return attempts_of(course_key, user_id=user_id, question_id=question_id).prefetch_related(None).values(*LOG_VALUES)


def usernames_of(user_ids: Iterable[int], /) -> dict[int, str]:
    """Usernames by user id, for one page of the log."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    return dict(get_user_model().objects.filter(id__in=wanted).values_list("id", "username"))


def version_numbers_of(version_ids: Iterable[int], /) -> dict[int, int]:
    """Question version numbers by version id, for one page of the log."""
    wanted = set(version_ids)
    if not wanted:
        return {}
    return dict(questions_api.QuestionVersion.objects.filter(id__in=wanted).order_by().values_list("id", "number"))
