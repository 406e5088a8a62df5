"""Simulated learners who *learn*, written straight into the attempt log, for analytics tests and the demo.

Each learner's answers in a subtopic are drawn from a knowledge-tracing process with known
parameters (:data:`GENERATING`): they start knowing the subtopic with probability ``prior``, and
after every answer an unknowing learner comes to know it with probability ``learn``. A knowing
learner is right unless they slip, an unknowing one only by guessing. So a fit of the simulated
log should recover :data:`GENERATING` and be accepted, as a real class's would.

Questions still differ: a question of the author's difficulty ``d`` (1-5) is easier to guess and
harder to slip on when ``d`` is low (``ITEM_SPREAD`` per level, zero on average over 1-5), so the
item analysis finds the easy questions easy. Answers are spaced by a gamma-distributed number of
seconds (median about 34 s), so the median time per question has data. Each learner meets the
questions in an order of their own (as adaptive practice serves them): with one fixed order, the
later questions would look easy only because they come after more learning.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.mastery.bkt import BktParams
from ve_edu_plugin.questions.models import Question

#: The parameters the simulated learners follow in every subtopic.
GENERATING = BktParams(prior=0.25, learn=0.2, guess=0.2, slip=0.1)
#: Change of guess (down) and slip (up) per level of the author's difficulty above 3.
ITEM_SPREAD = (0.08, 0.03)
#: Gamma shape and scale of the seconds between a learner's answers (median about 34 s).
SECONDS_SHAPE, SECONDS_SCALE = 2.0, 20.0


def seed_answers(
    course_key,
    question_ids: list[int],
    *,
    learners: int,
    rounds: int = 1,
    seed: int = 0,
    params: BktParams = GENERATING,
    item_spread: tuple[float, float] = ITEM_SPREAD,
) -> list:
    """``learners`` new users answer every question ``rounds`` times, learning as they go; returns the users.

    A wrong answer to a choice question picks the first wrong choice.
    """
    rng = np.random.default_rng(seed)
    users = [
        get_user_model().objects.create(username=f"sim-{seed}-{n}-{uuid.uuid4().hex[:6]}") for n in range(learners)
    ]
    questions = {q.id: q for q in Question.objects.filter(pk__in=question_ids).select_related("current_version")}
    start = timezone.now() - datetime.timedelta(days=7)
    rows = []
    for user in users:
        known: dict[int | None, bool] = {}
        clock = start + datetime.timedelta(minutes=float(rng.uniform(0, 600)))
        for attempt_number in range(1, rounds + 1):
            for position in rng.permutation(len(question_ids)):
                question = questions[question_ids[position]]
                subtopic = question.subtopic_id
                if subtopic not in known:
                    known[subtopic] = bool(rng.random() < params.prior)
                level = question.difficulty - 3
                guess = min(0.45, max(0.02, params.guess - item_spread[0] * level))
                slip = min(0.45, max(0.02, params.slip + item_spread[1] * level))
                right = bool(rng.random() < (1 - slip if known[subtopic] else guess))
                known[subtopic] = known[subtopic] or bool(rng.random() < params.learn)
                clock += datetime.timedelta(seconds=float(rng.gamma(SECONDS_SHAPE, SECONDS_SCALE)))
                rows.append(_attempt(user, course_key, question, attempt_number, right, clock))
    Attempt.objects.bulk_create(rows, batch_size=2000)
    return users


def _attempt(
    user: Any, course_key: CourseKey, question: Question, attempt_number: int, right: bool, when: datetime.datetime
) -> Attempt:
    assert question.current_version is not None, "every seeded question has a version"
    body = question.current_version.body
    answer = ""
    if question.question_type == "single_choice":
        answer = next(c["id"] for c in body["choices"] if bool(c["correct"]) == right)
    return Attempt(
        user=user,
        course_key=course_key,
        question=question,
        question_version=question.current_version,
        subtopic_id=question.subtopic_id,
        attempt_number=attempt_number,
        answer=answer,
        normalised_answer=answer,
        correct=right,
        score=float(right),
        result={},
        client_key=uuid.uuid4().hex,
        client_timestamp=when,
        created=when,
    )
