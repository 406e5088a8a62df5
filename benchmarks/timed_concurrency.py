"""
Timed assessments under load (issue "Timed assessments", must show 5): ``VE_EDU_BENCH_TIMED_LEARNERS``
(default 300; 30 with ``--quick``) simulated learners save 20 answers each at the same time (the
last one resent), then all reach the deadline together and are finalised by their scheduled tasks
racing operator sweeps. Every answer must be stored once, every session finalised once, no errors.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from benchmarks.harness import Row, print_table

ANSWERS = 20
SWEEPS = 4
WORKERS = int(os.environ.get("VE_EDU_BENCH_TIMED_THREADS", "32"))
BLOCK = "block-v1:VE-EDU+SUBMIT+2026+type@ve_timed_assessment+block@crowd"


def learners_count() -> int:
    default = "30" if os.environ.get("VE_EDU_BENCH_QUICK") else "300"
    return int(os.environ.get("VE_EDU_BENCH_TIMED_LEARNERS", default))


def _course() -> tuple[Any, list[int]]:  # the bench course and 20 numeric questions "type n"
    from benchmarks.submit import _setup
    from benchmarks.timed import _questions
    from ve_edu_plugin.curriculum import api as curriculum_api

    subtopic = curriculum_api.Subtopic.objects.filter(course_key="course-v1:VE-EDU+SUBMIT+2026").first()
    if subtopic is None:  # run on its own, not after ``timed``
        _key, question, _user = _setup()
        assert question.subtopic_id is not None, "the submit benchmark's question is in a subtopic"
        subtopic = curriculum_api.Subtopic.objects.get(id=question.subtopic_id)
    return subtopic.course_key, _questions(subtopic.course_key, subtopic.id)


def _run_all(tasks: list[Callable[[], Any]], failures: list[BaseException]) -> list[Any]:
    """Run the tasks on the thread pool; each thread's connection is closed after its task."""
    from django.db import connections

    lock = threading.Lock()

    def run(task: Callable[[], Any]) -> Any:
        try:
            return task()
        except BaseException as exc:  # noqa: BLE001 - counted and reported
            with lock:
                failures.append(exc)
            return None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, tasks))


@dataclass(frozen=True)
class Crowd:
    """What a crowd run measured: its checks (all must hold), its timings and counts for the report."""

    checks: dict[str, bool]
    failures: list[BaseException]
    save_seconds: float
    finalise_seconds: float
    note: str


def crowd(count: int) -> Crowd:
    """``count`` learners save 20 answers each concurrently, then are finalised together (shared with the suite)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ve_edu_plugin.assessments import api as assessments_api
    from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
    from ve_edu_plugin.attempts.models import Attempt

    key, questions = _course()
    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(questions))
    start = timezone.now() - timedelta(minutes=30)
    users = [get_user_model().objects.create(username=f"bench_crowd_{n}") for n in range(count)]
    sessions = [assessments_api.start_session(user, key, BLOCK, config, now=start).id for user in users]
    deadline = start + timedelta(minutes=10)

    def save(user: Any, n: int, question: int) -> None:
        item = {"question_id": question, "answer": str(n), "client_key": uuid.uuid4().hex}
        at = start + timedelta(seconds=n + 1)
        assessments_api.save_answers(user, BLOCK, [item], now=at)
        if n == len(questions) - 1:  # the last save is resent (a lost response): it counts once
            assessments_api.save_answers(user, BLOCK, [item], now=at + timedelta(seconds=1))

    # Answer by answer across all learners, shuffled, so every learner is mid-test at once.
    saves: list[Callable[[], Any]] = [
        partial(save, user, n, question) for n, question in enumerate(questions) for user in users
    ]
    random.Random(12).shuffle(saves)
    failures: list[BaseException] = []
    started = time.perf_counter()
    _run_all(saves, failures)
    save_seconds = time.perf_counter() - started

    after = deadline + timedelta(minutes=3)  # everyone's deadline + grace has passed together

    def finalise(session: int) -> bool:
        return assessments_api.finalise_due(session, now=after) == "finalised"

    finals: list[Callable[[], Any]] = [partial(finalise, session) for session in sessions]
    finals += [(lambda: -assessments_api.finalise_expired(now=after, course_key=key)) for _ in range(SWEEPS)]
    random.Random(13).shuffle(finals)
    started = time.perf_counter()
    results = _run_all(finals, failures)
    finalise_seconds = time.perf_counter() - started

    by_task = sum(1 for result in results if result is True)
    by_sweep = -sum(result for result in results if isinstance(result, int) and not isinstance(result, bool))
    mine = AssessmentSession.objects.filter(block_usage_key=BLOCK)
    stored = SavedAnswer.objects.filter(session__block_usage_key=BLOCK).count()
    logged = Attempt.objects.filter(block_usage_key=BLOCK).count()
    expired = mine.filter(status=AssessmentSession.EXPIRED, finished=deadline).count()
    correct = mine.filter(score=1.0).count()
    expected = count * len(questions)
    checks = {
        "errors": len(failures) == 0,
        "answers stored once": stored == expected,
        "answers graded once": logged == expected,
        "finalised once": by_task + by_sweep == count and expired == count,
        "scores": correct == count,
    }
    calls = expected + count
    note = (
        f"(saves {calls} in {save_seconds:.1f} s = {calls / save_seconds:.0f}/s; "
        f"finalised {by_task} by task + {by_sweep} by sweep in {finalise_seconds:.1f} s; "
        f"{len(failures)} errors; stored {stored}/{expected}, graded {logged}/{expected})"
    )
    return Crowd(checks, failures, save_seconds, finalise_seconds, note)


def run() -> list[Row]:
    from django.db import connection

    count = learners_count()
    result = crowd(count)
    checks, failures, note = result.checks, result.failures, result.note
    save_seconds, finalise_seconds = result.save_seconds, result.finalise_seconds
    if failures:
        print("first errors:", [repr(exc)[:200] for exc in failures[:3]])
    rows = [
        Row(
            f"{count} learners x {ANSWERS} answers, {WORKERS} threads",
            save_seconds + finalise_seconds,
            save_seconds + finalise_seconds,
            "s",
            "each answer once, each session once, 0 errors",
            all(checks.values()),
            note=note + ("" if all(checks.values()) else f" failed: {[k for k, ok in checks.items() if not ok]}"),
        )
    ]
    print_table(f"Timed assessments, concurrent learners on {connection.vendor}", "itself", rows)
    return rows
