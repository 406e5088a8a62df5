"""The process caches: bounded, aged by their window, emptied together; edits drop what they change."""

from __future__ import annotations

import pytest

from tests.questions.conftest import NUMERIC_BODY
from ve_edu_plugin import caching
from ve_edu_plugin.mastery.models import SkillParameters
from ve_edu_plugin.questions import api as questions_api


def test_a_cache_empties_itself_at_its_bound_and_ages_entries(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    cache: caching.ProcessCache[int, str] = caching.ProcessCache("test", max_entries=2, seconds=5.0)
    cache.set(1, "a")
    cache.set(2, "b")
    assert (cache.get(1), len(cache)) == ("a", 2)
    cache.set(3, "c")
    assert (cache.get(1), cache.get(3), len(cache)) == (None, "c", 1)
    clock[0] += 5.0
    assert cache.get(3) is None
    assert cache.get_or_build(4, lambda: "d") == "d" and cache.get(4) == "d"


def test_clear_all_empties_every_cache():
    cache: caching.ProcessCache[str, int] = caching.ProcessCache("test", max_entries=10)
    cache.set("kept", 1)
    caching.clear_all()
    assert cache.get("kept") is None and len(cache) == 0


def test_a_memo_stops_growing_at_its_limit():
    memo = caching.Memo(limit=1)
    assert memo.get_or_build("a", lambda: 1) == 1
    assert memo.get_or_build("b", lambda: 2) == 2
    assert memo.get_or_build("b", lambda: 3) == 3 and len(memo) == 1


@pytest.mark.django_db
def test_editing_skill_parameters_reaches_the_next_answer_at_once(course_key, synced):
    subtopic = synced["ch0_s0"]
    fields = questions_api.QuestionFields(subtopic_id=subtopic, status="published")
    question = questions_api.create_question(course_key, question_type="numeric", body=NUMERIC_BODY, fields=fields)
    assert questions_api.question_snapshot(course_key, question.id).bkt_parameters is None

    parameters = SkillParameters.objects.create(subtopic_id=subtopic, prior=0.2, learn=0.3, guess=0.1, slip=0.1)
    stored = questions_api.question_snapshot(course_key, question.id).bkt_parameters
    assert stored is not None and stored["prior"] == 0.2
    parameters.prior = 0.4
    parameters.save()
    edited = questions_api.question_snapshot(course_key, question.id).bkt_parameters
    assert edited is not None and edited["prior"] == 0.4
    parameters.delete()
    assert questions_api.question_snapshot(course_key, question.id).bkt_parameters is None
