"""
Curves of the learner path against the bare DRF floor in the same run (issue "Fast at the scale
of a real school system"): submit after 10 / 1,000 / 10,000 earlier attempts by the learner at
the question, and practice ``next`` with a bank of 100 / 1,000 / 10,000 questions. Each point is
the ratio ours / bare view (target: <= 2x for submit; reported for ``next``).
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from benchmarks.harness import Row, print_table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from ve_edu_plugin.questions.models import Question

ROUNDS = 60


def _median_us(call: Callable[[], object]) -> float:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def _interleaved(ours: Callable[[], object], bare: Callable[[], object]) -> tuple[float, float]:
    """Medians of three alternating runs of each (as the main submit row): load on the machine hits both alike."""
    runs = [(_median_us(ours), _median_us(bare)) for _ in range(3)]
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def _seed_history(user: User, question: Question, block_key: str, count: int) -> None:
    """``count`` earlier wrong attempts at the question in the block, as the log (and summary) hold them."""
    from django.utils import timezone

    from ve_edu_plugin.attempts import models

    assert question.current_version_id is not None, "the benchmark's question has a version"
    now = timezone.now()
    models.Attempt.objects.filter(user=user).delete()
    rows = [
        models.Attempt(
            user=user,
            course_key=question.course_key,
            question_id=question.id,
            question_version_id=question.current_version_id,
            subtopic_id=question.subtopic_id,
            block_usage_key=block_key,
            attempt_number=n + 1,
            answer="a",
            normalised_answer="a",
            correct=False,
            score=0.0,
            hint_level=1,
            result={"hint_level": 1, "correct": False, "score": 0.0},
            client_key=uuid.uuid4().hex,
            created=now,
        )
        for n in range(count)
    ]
    models.Attempt.objects.bulk_create(rows, batch_size=2000)
    summary = getattr(models, "AttemptSummary", None)
    if summary is not None:
        summary.objects.filter(user=user).delete()
        summary.objects.create(
            user=user,
            course_key=question.course_key,
            block_usage_key=block_key,
            question_id=question.id,
            attempts=count,
            wrong=count,
            hint_level=1,
            answers=[["a", False]],
            last_answer="a",
            last_result=rows[-1].result,
            last_attempt_at=now,
        )


def _submit_curve(bare_call: Callable[[], object]) -> list[Row]:
    from django.contrib.auth import get_user_model

    from benchmarks.submit import _handler_path
    from ve_edu_plugin.questions.models import Question

    question = Question.objects.get(course_key="course-v1:VE-EDU+SUBMIT+2026", subtopic__isnull=False)
    call, block = _handler_path(question.id)
    user = get_user_model().objects.get(username="bench_learner")
    rows = []
    for count in (10, 1_000, 10_000):
        _seed_history(user, question, str(block.scope_ids.usage_id), count)
        for _ in range(5):
            call()
        ours, bare = _interleaved(call, bare_call)
        ratio = ours / bare
        rows.append(
            Row(
                f"submit, {count:,} earlier attempts",
                ours,
                bare,
                "us",
                "<= 2x the bare view",
                ratio <= 2.0,
            )
        )
    return rows


def _next_curve(bare_call: Callable[[], object]) -> list[Row]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from webob import Request
    from workbench.runtime import WorkbenchRuntime

    from ve_edu_plugin.curriculum import api as curriculum_api
    from ve_edu_plugin.questions.models import Question, QuestionVersion

    settings.WORKBENCH_COURSE_ID = "course-v1:VE-EDU+SUBMIT+2026"
    subtopic = curriculum_api.Subtopic.objects.get(course_key="course-v1:VE-EDU+SUBMIT+2026")
    template = Question.objects.get(course_key="course-v1:VE-EDU+SUBMIT+2026", subtopic=subtopic)
    version = template.current_version
    assert version is not None, "the submit benchmark's question has a version"
    user_id = get_user_model().objects.get(username="bench_learner").id
    rows = []
    have = Question.objects.filter(subtopic=subtopic).count()
    for size in (100, 1_000, 10_000):
        for start in range(have, size, 1000):
            batch = [
                Question(
                    course_key=template.course_key,
                    subtopic=subtopic,
                    status="published",
                    difficulty=1 + n % 5,
                    external_id=f"bench-{n}",
                )
                for n in range(start, min(size, start + 1000))
            ]
            Question.objects.bulk_create(batch)
        for question in Question.objects.filter(subtopic=subtopic, current_version__isnull=True):
            created = QuestionVersion.objects.create(
                question=question, number=1, question_type=version.question_type, body=version.body
            )
            Question.objects.filter(pk=question.pk).update(current_version=created)
        have = size
        runtime = WorkbenchRuntime(user_id="bench_learner")
        runtime.id_generator.set_scenario(f"bench-next-{size}")
        user_service = runtime._services["user"]
        original = user_service.get_current_user

        def lms_like_user(original: Callable[[], Any] = original) -> Any:
            user = original()
            user.opt_attrs["edx-platform.user_id"] = user_id
            return user

        user_service.get_current_user = lms_like_user
        xml = f"<ve_adaptive_practice subtopic_ids='[{subtopic.id}]' max_questions='100000' daily_limit='100000'/>"
        block = runtime.get_block(runtime.parse_xml_string(xml))

        def call(runtime: Any = runtime, block: Any = block) -> None:
            response = runtime.handle(block, "next", Request.blank("/", method="POST", body=json.dumps({}).encode()))
            assert response.status_code == 200, response.body

        for _ in range(3):
            call()
        ours, bare = _interleaved(call, bare_call)
        rows.append(
            Row(
                f"practice next, {size:,} questions",
                ours,
                bare,
                "us",
                "reported (ratio vs bare)",
                True,
            )
        )
    return rows


def run_with(bare_call: Callable[[], object]) -> list[Row]:
    """Run after the submit benchmark (its course, learner and bare view)."""
    from django.db import connection

    rows = _submit_curve(bare_call) + _next_curve(bare_call)
    print_table(
        f"Learner path curves on {connection.vendor} (median of 3 x {ROUNDS} calls, interleaved)",
        "bare DRF view",
        rows,
        against_floor=True,
    )
    return rows
