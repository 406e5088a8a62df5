"""Simulated answers written straight into the attempt log (Rasch learners), for analytics tests."""

from __future__ import annotations

import uuid

import numpy as np
from django.contrib.auth import get_user_model

from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.questions.models import Question


def seed_answers(course_key, question_ids: list[int], *, learners: int, rounds: int = 1, seed: int = 0) -> list:
    """``learners`` new users answer every question ``rounds`` times; returns the users.

    Right answers follow a Rasch model with the question's difficulty ``(difficulty - 3)`` logits;
    a wrong answer to a choice question picks the first wrong choice.
    """
    rng = np.random.default_rng(seed)
    users = [
        get_user_model().objects.create(username=f"sim-{seed}-{n}-{uuid.uuid4().hex[:6]}") for n in range(learners)
    ]
    questions = {q.id: q for q in Question.objects.filter(pk__in=question_ids).select_related("current_version")}
    rows = []
    for user in users:
        ability = rng.normal(0, 1)
        for attempt_number in range(1, rounds + 1):
            for question_id in question_ids:
                question = questions[question_id]
                right = bool(rng.random() < 1 / (1 + np.exp(-(ability - (question.difficulty - 3)))))
                version = question.current_version
                assert version is not None, "every seeded question has a version"
                body = version.body
                answer = ""
                if question.question_type == "single_choice":
                    answer = next(c["id"] for c in body["choices"] if bool(c["correct"]) == right)
                rows.append(
                    Attempt(
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
                    )
                )
    Attempt.objects.bulk_create(rows, batch_size=2000)
    return users
