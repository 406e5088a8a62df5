"""
Query budgets of the learner path, pinned: a submit costs the same after 3 or 300 earlier
attempts (it reads the bounded summary, not the history), and the practice state, ``next`` and
the mastery report have fixed budgets.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.xblocks.test_practice_block import _practice
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.mastery import api as mastery_api

POLICY = attempts_api.FeedbackPolicy(max_attempts=None)
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _data_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


@pytest.mark.django_db(transaction=True)
def test_a_submit_costs_the_same_queries_and_rows_whatever_the_history(learning_course):
    learner = get_user_model().objects.create(username="long_history")
    key, question = learning_course.course_key, learning_course.choice_question
    counts = []
    for earlier in (3, 298):
        for _ in range(earlier):
            attempts_api.submit_answer(
                learner, key, question, answer="a", client_key=uuid.uuid4().hex, policy=POLICY, block_usage_key="b"
            )
        with CaptureQueriesContext(connection) as captured:
            outcome = attempts_api.submit_answer(
                learner, key, question, answer="c", client_key=uuid.uuid4().hex, policy=POLICY, block_usage_key="b"
            )
        assert outcome.graded
        data = _data_queries(captured)
        assert len(data) == 4, data
        assert not any("ve_edu_plugin_attempt` WHERE" in sql or 've_edu_plugin_attempt" WHERE' in sql for sql in data)
        counts.append(len(data))
    assert counts[0] == counts[1]
    assert outcome.question["attempts_used"] == 303


@pytest.mark.django_db
def test_practice_state_and_next_have_pinned_budgets(learning_course, django_assert_max_num_queries):
    client = _practice(learning_course)
    client.call("state", {})  # the learner's user row and the block's first question
    with django_assert_max_num_queries(8):
        status, view = client.call("state", {})
    assert status == 200 and view["status"] == "question"
    client.submit("0", question_id=view["question"]["id"])
    with django_assert_max_num_queries(10):
        status, view = client.call("next", {})
    assert status == 200


@pytest.mark.django_db
def test_the_mastery_report_has_a_pinned_budget(learning_course, django_assert_max_num_queries):
    learner = get_user_model().objects.create(username="report")
    for question in learning_course.practice_questions[learning_course.subtopic_ids[0]]:
        attempts_api.submit_answer(
            learner, learning_course.course_key, question, answer="1", client_key=uuid.uuid4().hex, policy=POLICY
        )
    with django_assert_max_num_queries(3):
        report = mastery_api.mastery_report(learner.id, learning_course.course_key)
    assert report and report[0]["subtopics"][0]["attempts"] == 4
