"""``record_answers`` (a finalised timed assessment) ends where ``record_answer`` one by one does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.mastery.models import MasteryTransition, SkillState

pytestmark = pytest.mark.django_db

STATE = ("subtopic_id", "p_mastery", "attempts", "correct_attempts", "recent_results", "mastered")


def _rows(user):
    return [
        tuple(round(v, 9) if isinstance(v, float) else v for v in row)
        for row in SkillState.objects.filter(user=user).order_by("subtopic_id").values_list(*STATE)
    ]


def _transitions(user):
    return list(MasteryTransition.objects.filter(user=user).order_by("id").values_list("subtopic_id", "kind"))


POLICIES = [{"kind": "correct_in_a_row", "count": 2}, {"kind": "bkt_threshold", "threshold": 0.6}]


@pytest.mark.parametrize("kind", POLICIES)
def test_bulk_answers_match_one_at_a_time(make_user, learning_course, kind):
    one, bulk = make_user("one"), make_user("bulk")
    key = learning_course.course_key
    first, second = learning_course.subtopic_ids[:2]
    policy = mastery_api.parse_policy(kind)
    params = mastery_api.default_params()
    for user in (one, bulk):  # an earlier practice answer: the bulk path must start from the stored row
        mastery_api.record_answer(user.id, key, first, correct=True, params=params, policy=policy)
    sequence = [(first, True), (second, True), (first, False), (second, True), (first, True), (first, True)]
    sequence += [(second, False), (second, False), (first, True)]
    for subtopic, correct in sequence:
        mastery_api.record_answer(one.id, key, subtopic, correct=correct, params=params, policy=policy)
    evidence = [mastery_api.AnswerEvidence(subtopic, correct, params) for subtopic, correct in sequence]
    with CaptureQueriesContext(connection) as queries:
        updates = mastery_api.record_answers(bulk.id, key, evidence, policy=policy)
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 3, statements  # lock, upsert, transitions
    assert _rows(bulk) == _rows(one)
    assert _transitions(bulk) == _transitions(one)
    assert _transitions(bulk), "the sequence should reach or lose mastery at least once"
    assert [update.subtopic_id for update in updates] == [subtopic for subtopic, _ in sequence]
    assert mastery_api.record_answers(bulk.id, key, [], policy=policy) == []
