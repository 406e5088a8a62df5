"""
Races on MariaDB with real threads and connections: concurrent first answers in one subtopic,
concurrent answers against ``max_attempts``, and a right and a wrong answer sent together.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.attempts.models import Attempt, AttemptSummary
from ve_edu_plugin.grading.bodies import NumericBody
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.practice import api as practice_api
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run the calls at once, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture(autouse=True)
def _mariadb_only():
    if connection.vendor != "mysql":
        pytest.skip("the races are decided by MariaDB's row locks")


def test_concurrent_first_answers_in_one_subtopic_make_one_skill_state(learning_course):
    """Two blocks on one page (different questions of one subtopic) answered at the same instant."""
    subtopic = learning_course.subtopic_ids[0]
    questions = [learning_course.choice_question, *learning_course.practice_questions[subtopic]]
    policy = attempts_api.FeedbackPolicy(max_attempts=None)
    for round_ in range(3):
        learner = get_user_model().objects.create(username=f"first{round_}")

        def answer(question_id: int, learner=learner) -> None:
            attempts_api.submit_answer(
                learner,
                learning_course.course_key,
                question_id,
                answer="a" if question_id == learning_course.choice_question else "1",
                client_key=uuid.uuid4().hex,
                policy=policy,
                block_usage_key=f"block-{question_id}",
            )

        errors = _race([partial(answer, q) for q in questions])
        assert not errors, errors
        state = SkillState.objects.get(user=learner)
        assert state.attempts == len(questions)


def _answer_first(learner, learning_course, block: str, policy: attempts_api.FeedbackPolicy) -> None:
    """One earlier wrong answer, so the race meets an existing summary row (the lock), not a first insert."""
    outcome = attempts_api.submit_answer(
        learner,
        learning_course.course_key,
        learning_course.choice_question,
        answer="c",
        client_key=uuid.uuid4().hex,
        policy=policy,
        block_usage_key=block,
    )
    assert outcome.graded and not outcome.result["correct"]


@pytest.mark.parametrize("earlier", [0, 1], ids=["fresh", "after-one-answer"])
def test_max_attempts_and_attempt_numbers_hold_under_concurrent_answers(learning_course, earlier):
    """
    Thirty learners each send four different answers at once to a question allowing one more.

    Fresh learners race on the summary row's insert (the unique constraint decides); learners with
    an earlier answer race on its update, which only the row lock serialises.
    """
    limit = 1 + earlier
    policy = attempts_api.FeedbackPolicy(max_attempts=limit)
    learners = [get_user_model().objects.create(username=f"guess{n}") for n in range(30)]
    for learner in learners:
        if earlier:
            _answer_first(learner, learning_course, "block-limit", policy)
        calls: list[Callable[[], object]] = [
            partial(
                attempts_api.submit_answer,
                learner,
                learning_course.course_key,
                learning_course.choice_question,
                answer=answer,
                client_key=uuid.uuid4().hex,
                policy=policy,
                block_usage_key="block-limit",
            )
            for answer in ("a", "b", "c", "d")
        ]
        assert not _race(calls)
    counts = [Attempt.objects.filter(user=learner).count() for learner in learners]
    over_limit = sum(max(0, count - limit) for count in counts)
    numbers = Counter(Attempt.objects.values_list("user_id", "block_usage_key", "question_id", "attempt_number"))
    duplicates = sum(count - 1 for count in numbers.values() if count > 1)
    assert (over_limit, duplicates) == (0, 0)
    # Exactly the limit: the race's winner is graded, every other answer is refused, none is lost.
    assert set(counts) == {limit}
    summaries = AttemptSummary.objects.filter(user__in=learners, block_usage_key="block-limit")
    assert sorted(summaries.values_list("attempts", flat=True)) == [limit] * len(learners)


@pytest.mark.parametrize("earlier", [0, 1], ids=["fresh", "after-one-answer"])
def test_a_right_and_a_wrong_answer_sent_together_never_lower_the_published_grade(learning_course, earlier):
    """
    The published grade is the best of the block's attempts, published in the order recorded:
    its last value is the best score in the attempt log, and it never goes down.
    """
    policy = attempts_api.FeedbackPolicy(max_attempts=None)
    published: dict[int, list[float]] = {}
    lock = threading.Lock()
    learners = [get_user_model().objects.create(username=f"grade{n}") for n in range(20)]
    for learner in learners:
        if earlier:
            _answer_first(learner, learning_course, "block-grade", policy)

        def publish(outcome: attempts_api.SubmitOutcome, learner=learner) -> None:
            with lock:
                published.setdefault(learner.id, []).append(outcome.best_score)

        calls: list[Callable[[], object]] = [
            partial(
                attempts_api.submit_answer,
                learner,
                learning_course.course_key,
                learning_course.choice_question,
                answer=answer,
                client_key=uuid.uuid4().hex,
                policy=policy,
                block_usage_key="block-grade",
                on_recorded=publish,
            )
            for answer in ("b", "a")
        ]
        assert not _race(calls)
    scores = Attempt.objects.filter(block_usage_key="block-grade").values_list("user_id", "score")
    logged: dict[int, float] = {}
    for user_id, score in scores:
        logged[user_id] = max(logged.get(user_id, 0.0), score)
    assert set(logged.values()) == {1.0}
    lost = [learner.id for learner in learners if published[learner.id][-1] != logged[learner.id]]
    assert lost == []
    assert all(values == sorted(values) for values in published.values())
    stored = dict(AttemptSummary.objects.filter(block_usage_key="block-grade").values_list("user_id", "best_score"))
    assert stored == logged


def test_a_practice_blocks_last_published_grade_is_the_progress_after_the_last_answer(learning_course):
    """
    A right and a wrong practice answer sent together: the grade published last is the progress
    after both. The first answer to publish holds back until the other has finished (or half a
    second has passed, as it must while it holds the lock): a grade read before the other answer
    was recorded, and published after it, would be stale.
    """
    subtopic = learning_course.subtopic_ids[0]
    question = learning_course.practice_questions[subtopic][0]
    body = questions_api.question_snapshot(learning_course.course_key, question).parsed_body
    assert isinstance(body, NumericBody)
    right = str(body.value)
    policy = attempts_api.FeedbackPolicy(max_attempts=None)
    published: dict[int, list[float]] = {}
    lock = threading.Lock()
    learners = [get_user_model().objects.create(username=f"practice{n}") for n in range(10)]
    for learner in learners:
        finished = threading.Event()

        def publish(
            _outcome: attempts_api.SubmitOutcome,
            progress: practice_api.PracticeProgress,
            learner=learner,
            finished=finished,
        ) -> None:
            with lock:
                first = learner.id not in published
                published.setdefault(learner.id, [])
            if first:
                finished.wait(timeout=0.5)
            with lock:
                published[learner.id].append(progress.score)

        def answer(value: str, publish=publish, finished=finished, learner=learner) -> None:
            practice_api.submit_practice_answer(
                learner,
                learning_course.course_key,
                question,
                answer=value,
                client_key=uuid.uuid4().hex,
                client_timestamp=None,
                subtopic_ids=[subtopic],
                policy=None,
                feedback_policy=policy,
                block_key="block-practice",
                on_progress=publish,
            )
            with lock:
                if len(published.get(learner.id, ())) == 1:
                    finished.set()

        assert not _race([partial(answer, value) for value in (right, "-1")])
    now = {
        learner.id: practice_api.practice_progress(
            learner.id, learning_course.course_key, subtopic_ids=[subtopic], policy=None
        ).score
        for learner in learners
    }
    assert [len(values) for values in published.values()] == [2] * len(learners)
    stale = [learner.id for learner in learners if published[learner.id][-1] != now[learner.id]]
    assert stale == []
