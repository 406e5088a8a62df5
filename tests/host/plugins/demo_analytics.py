"""Simulated learners for the dev host, so every analytics chart has something to show (seeded, idempotent)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from tests.analytics.seed import seed_answers
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.conf import setting
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.mastery.bkt import replay
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.questions.models import Question

LEARNERS = 60


def seed_demo_analytics(course_key: CourseKey) -> str:
    """Answers of ``LEARNERS`` simulated learners, their knowledge-tracing states, and one analytics run."""
    if get_user_model().objects.filter(username__startswith="sim-").exists():
        return "Demo analytics: already seeded"
    questions = list(
        Question.objects.filter(course_key=course_key, subtopic__isnull=False, status="published")
        .order_by("id")
        .values_list("id", flat=True)
    )
    users = seed_answers(course_key, questions, learners=LEARNERS, rounds=2, seed=2026)
    answers: dict[tuple[int, int], list[bool]] = defaultdict(list)
    rows = Attempt.objects.filter(user__in=users).order_by("id").values_list("user_id", "subtopic_id", "correct")
    for user_id, subtopic_id, correct in rows:
        answers[(user_id, subtopic_id)].append(correct)
    params = mastery_api.default_params()
    threshold = float(setting("VE_EDU_MASTERY_THRESHOLD"))
    states = []
    for (user_id, subtopic_id), results in answers.items():
        state = replay(params, results)
        states.append(
            SkillState(
                user_id=user_id,
                course_key=course_key,
                subtopic_id=subtopic_id,
                p_mastery=state.p_mastery,
                attempts=state.attempts,
                correct_attempts=state.correct_attempts,
                mastered=state.p_mastery >= threshold,
            )
        )
    SkillState.objects.bulk_create(states)
    run = analytics_api.run_now(course_key, trigger="command")
    return f"Demo analytics: {LEARNERS} simulated learners, {len(rows)} answers, run {run.pk} {run.status}"
