"""
The hot queries, explained by MariaDB on seeded data of a real school system's size (10,000
questions, 30,000 attempts): each is served by an index, with no full scan and no filesort.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.attempts.models import Attempt, AttemptSummary
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.questions.models import Question, QuestionTag, QuestionVersion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "mysql", reason="the plans are MariaDB's"),
]

COURSE = CourseKey.from_string("course-v1:VE+PLANS+2026")
OTHER = CourseKey.from_string("course-v1:VE+OTHER+2026")
QUESTIONS, ANSWERED, LEARNERS, ATTEMPTS = 10_000, 50, 40, 30_000


@pytest.fixture
def seeded() -> dict[str, Any]:
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"plan-learner-{n}", email=f"p{n}@example.com") for n in range(LEARNERS)]
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                course_key=COURSE if n % 10 else OTHER,
                question_type="numeric",
                difficulty=n % 5 + 1,
                status="published",
                title=f"Question {n}",
            )
            for n in range(QUESTIONS)
        ],
        batch_size=2000,
    )
    mine = [question for question in questions if question.course_key == COURSE]
    QuestionTag.objects.bulk_create([QuestionTag(question=question, tag=f"t{question.id % 7}") for question in mine])
    # Every question has a version (as in a real bank); the first ANSWERED are the ones answered.
    versions = QuestionVersion.objects.bulk_create(
        [QuestionVersion(question=question, number=1, question_type="numeric", body={}) for question in mine],
        batch_size=2000,
    )[:ANSWERED]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    def attempts() -> Iterator[Attempt]:
        for n in range(ATTEMPTS):
            version = versions[n % ANSWERED]
            yield Attempt(
                user=users[n % LEARNERS],
                course_key=COURSE if n % 6 else OTHER,
                question_id=version.question_id,
                question_version=version,
                block_usage_key=f"block-{n % 3}",
                attempt_number=n // (ANSWERED * LEARNERS) + 1,
                answer="1",
                correct=bool(n % 2),
                score=float(n % 2),
                result={},
                client_key=f"k{n}",
                created=start + datetime.timedelta(seconds=n),
            )

    Attempt.objects.bulk_create(attempts(), batch_size=5000)
    AttemptSummary.objects.bulk_create(
        [
            AttemptSummary(
                user=user, course_key=COURSE, block_usage_key="block-0", question_id=version.question_id, attempts=3
            )
            for user in users
            for version in versions
        ],
        batch_size=2000,
    )
    # No ANALYZE TABLE: it commits implicitly, which would leave the seed in the database for
    # the tests after this one. The optimizer's index dives see the seeded rows anyway.
    return {
        "user": users[3],
        "question": versions[7].question_id,
        "middle_id": Attempt.objects.order_by("id")[ATTEMPTS // 2].id,
    }


Statement = tuple[str, Sequence[Any]]


def _plan(queryset: QuerySet[Any] | Statement) -> list[dict[str, Any]]:
    sql, params = queryset if isinstance(queryset, tuple) else queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _assert_indexed(queryset: QuerySet[Any] | Statement) -> None:
    for row in _plan(queryset):
        if row["table"] is None:  # "Impossible WHERE" and similar: nothing read at all
            continue
        extra = row["Extra"] or ""
        assert row["type"] != "ALL", f"full scan of {row['table']}: {row}"
        assert "filesort" not in extra and "temporary" not in extra, f"{row['table']}: {row}"


def test_the_hot_queries_use_indexes(seeded):
    user, question = seeded["user"], seeded["question"]
    hot: dict[str, QuerySet[Any] | Statement] = {
        "question list page": questions_api.list_questions(COURSE)[:20],
        "question list page by tag": questions_api.list_questions(COURSE, tag="t3")[:20],
        "question list count by tag": questions_api.list_questions(COURSE, tag="t3").order_by().values("id"),
        "question list rows (the endpoint's page)": questions_api.question_list_rows(COURSE).statement(
            offset=0, limit=20
        ),
        "question list rows, a deep page": questions_api.question_list_rows(COURSE).statement(offset=9_000, limit=20),
        "question list rows by tag": questions_api.question_list_rows(COURSE, tag="t3").statement(offset=0, limit=20),
        "question list rows by tag and status": questions_api.question_list_rows(
            COURSE, tag="t3", status="published"
        ).statement(offset=0, limit=20),
        "attempt log page (the endpoint's)": attempts_api.attempt_log(COURSE)[:21],
        "attempt log page of a learner": attempts_api.attempt_log(COURSE, user_id=user.id)[:21],
        "attempts of the course": attempts_api.attempts_of(COURSE)[:21],
        "attempts of the course, deep cursor": attempts_api.attempts_of(COURSE).filter(id__lt=seeded["middle_id"])[:21],
        "attempts of a learner": attempts_api.attempts_of(COURSE, user_id=user.id)[:21],
        "attempts of a learner at a question": attempts_api.attempts_of(COURSE, user_id=user.id, question_id=question)[
            :21
        ],
        "a learner's standing in a block": AttemptSummary.objects.filter(
            user_id=user.id, block_usage_key="block-0"
        ).order_by("-last_attempt_at", "-id"),
        "a learner's summary of a question": AttemptSummary.objects.filter(
            user_id=user.id, block_usage_key="block-0", question_id=question
        ),
        "a learner's skill states": SkillState.objects.filter(user_id=user.id, course_key=COURSE),
    }
    for name, queryset in hot.items():
        try:
            _assert_indexed(queryset)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc
