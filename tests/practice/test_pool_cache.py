"""
``next`` reads the practice pool from a cache keyed by the bank's version: a second call does not
read the bank, and every change to the bank (create, edit, retire) is seen by the next call.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.questions.conftest import NUMERIC_BODY
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.practice import api as practice_api
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db


def _publish(course_key, subtopic_id: int, difficulty: int = 3):
    fields = questions_api.QuestionFields(subtopic_id=subtopic_id, difficulty=difficulty, status="published")
    return questions_api.create_question(course_key, question_type="numeric", body=NUMERIC_BODY, fields=fields)


def _next(course_key, user_id: int, subtopic_id: int, block_key: str = "block-1") -> int | str | None:
    progress = practice_api.practice_progress(user_id, course_key, subtopic_ids=[subtopic_id], policy=None)
    selection = practice_api.choose_next_question(
        user_id, course_key, progress=progress, block_key=block_key, config=mastery_api.SelectionConfig()
    )
    return selection.question_id


def _bank_reads(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "FROM `ve_edu_plugin_question`" in query["sql"]]


def test_the_pool_is_read_once_per_bank_version(course_key, synced, make_user):
    learner = make_user("pool-learner")
    subtopic = synced["ch0_s0"]
    first = _publish(course_key, subtopic)
    assert _next(course_key, learner.id, subtopic) == first.id
    with CaptureQueriesContext(connection) as captured:
        assert _next(course_key, learner.id, subtopic) == first.id
    assert _bank_reads(captured) == []


def test_every_bank_change_reaches_the_next_call(course_key, synced, make_user):
    learner = make_user("pool-learner")
    subtopic, other = synced["ch0_s0"], synced["ch0_s1"]
    first = _publish(course_key, subtopic)
    assert _next(course_key, learner.id, subtopic) == first.id
    version = questions_api.bank_version(course_key)

    second = _publish(course_key, subtopic)
    assert questions_api.bank_version(course_key) != version
    version = questions_api.bank_version(course_key)
    questions_api.retire_question(first.id, course_key=course_key)
    assert questions_api.bank_version(course_key) != version
    assert _next(course_key, learner.id, subtopic) == second.id

    version = questions_api.bank_version(course_key)
    questions_api.update_question(
        second.id, course_key=course_key, fields=questions_api.QuestionFields(subtopic_id=other)
    )
    assert questions_api.bank_version(course_key) != version
    assert _next(course_key, learner.id, subtopic) is None
    assert _next(course_key, learner.id, other, block_key="block-2") == second.id


def test_a_lost_version_is_replaced_by_a_new_one(course_key, synced):
    from django.core.cache import caches

    from ve_edu_plugin.conf import setting

    version = questions_api.bank_version(course_key)
    assert questions_api.bank_version(course_key) == version
    caches[setting("VE_EDU_CACHE_ALIAS")].delete(f"ve_edu:bank_version:{course_key}")
    assert questions_api.bank_version(course_key) not in ("", version)
