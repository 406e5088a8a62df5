"""
A course's whole analytics run through the database: 1,000,000 attempts in MariaDB (analytics issue).

``python -m benchmarks analytics_db`` (``make bench-analytics-db``; not part of ``make bench``: the
load alone takes minutes on a shared machine). A course of 20 subtopics x 20 questions and 5,000
learners, each answering 10 questions per subtopic (200 answers: 1,000,000 in all), drawn from a
knowledge-tracing process with known parameters (so every fit is accepted, as in a real class),
is bulk-loaded with multi-row INSERTs. Then a *fresh process*, like a Celery worker, runs the
course as the tasks do (every subtopic streamed, analysed, fitted and stored; the run finished,
centred and fed back) and reports its wall time, the parts of it in :data:`PARTS`, and its peak
resident memory (``ru_maxrss``), against the same process's baseline: reading the same rows and
nothing else (for the memory: the process before the run). The target is the issue's: 10 s on
one worker for 1,000,000 attempts, 500 MB.
``--quick`` divides the learners by 10.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.harness import Row, print_table, quick

LEARNERS = 500 if quick() else 5_000
SUBTOPICS = 20
QUESTIONS_PER_SUBTOPIC = 20
ANSWERS_PER_SUBTOPIC = 10
COURSE = "course-v1:VE-EDU+BENCH+2026"
BATCH = 5_000
#: The knowledge-tracing process the simulated learners follow: prior, learn, guess, slip.
TRUTH = (0.25, 0.2, 0.2, 0.1)
CHOICES = ["a", "b", "c", "d"]
#: The run's parts timed on their own: (module, function) -> its row's name.
PARTS = {
    ("ve_edu_plugin.analytics.compute", "stream_answers"): "the read",
    ("ve_edu_plugin.analytics.compute", "_choice_counts"): "choice counts",
    ("ve_edu_plugin.analytics.items", "item_analysis"): "item analysis",
    ("ve_edu_plugin.analytics.bkt_fit", "fit_bkt"): "knowledge-tracing fit",
}
#: Seconds the whole run may take on one worker: the issue's target for 1,000,000 attempts (and so for fewer).
TARGET_SECONDS = 10.0


def _course() -> dict[int, list[tuple[int, int]]]:
    """The course's outline and bank: subtopic id -> [(question id, version id)]."""
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.curriculum.models import Subtopic, Topic
    from ve_edu_plugin.questions.models import Question, QuestionVersion

    course_key = CourseKey.from_string(COURSE)
    topic = Topic.objects.create(
        course_key=course_key, usage_key="block-v1:VE-EDU+BENCH+2026+type@chapter+block@t", title="Bench", position=0
    )
    bank: dict[int, list[tuple[int, int]]] = {}
    body = {"text": "Which?", "choices": [{"id": c, "text": c, "correct": c == "a"} for c in CHOICES]}
    for s in range(SUBTOPICS):
        subtopic = Subtopic.objects.create(
            course_key=course_key,
            usage_key=f"block-v1:VE-EDU+BENCH+2026+type@sequential+block@s{s}",
            title=f"Subtopic {s}",
            position=s,
            topic=topic,
        )
        questions = Question.objects.bulk_create(
            Question(
                course_key=course_key,
                subtopic=subtopic,
                question_type="single_choice",
                difficulty=1 + n % 5,
                status="published",
                title=f"Q{s}.{n}",
            )
            for n in range(QUESTIONS_PER_SUBTOPIC)
        )
        # MariaDB and SQLite return the new ids from a bulk insert, which the versions below need.
        versions = [
            QuestionVersion.objects.create(question=q, number=1, question_type="single_choice", body=body)
            for q in questions
        ]
        for question, version in zip(questions, versions, strict=True):
            Question.objects.filter(pk=question.pk).update(current_version=version)
        bank[subtopic.pk] = [(q.pk, v.pk) for q, v in zip(questions, versions, strict=True)]
    return bank


def _learners() -> list[int]:
    from django.contrib.auth import get_user_model

    model = get_user_model()
    model.objects.bulk_create(model(username=f"bench-{n}") for n in range(LEARNERS))
    return list(model.objects.filter(username__startswith="bench-").order_by("id").values_list("id", flat=True))


def _load(bank: dict[int, list[tuple[int, int]]], users: list[int]) -> int:
    """Every learner's answers, subtopic by subtopic, inserted ``BATCH`` rows per statement.

    Only placeholders in ``VALUES (...)``: the MySQL driver then sends one multi-row INSERT per
    batch (with a literal among them it falls back to a statement per row). One transaction.
    """
    from django.db import connection, transaction

    rng = np.random.default_rng(2026)
    prior, learn, guess, slip = TRUTH
    start = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    sql = (
        "INSERT INTO ve_edu_plugin_attempt (user_id, course_key, question_id, question_version_id, subtopic_id, "
        "block_usage_key, attempt_number, answer, normalised_answer, correct, score, hint_level, result, "
        "client_key, client_timestamp, created) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    rows: list[tuple] = []
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for user in users:
            clock = start + datetime.timedelta(minutes=float(rng.uniform(0, 10_000)))
            for subtopic, questions in bank.items():
                known = rng.random() < prior
                for position in rng.choice(len(questions), ANSWERS_PER_SUBTOPIC, replace=False):
                    question, version = questions[position]
                    right = bool(rng.random() < (1 - slip if known else guess))
                    known = known or bool(rng.random() < learn)
                    clock += datetime.timedelta(seconds=float(rng.gamma(2.0, 20.0)))
                    answer = "a" if right else CHOICES[1 + int(rng.integers(0, 3))]
                    when = clock.strftime("%Y-%m-%d %H:%M:%S.%f")
                    rows.append(
                        (user, COURSE, question, version, subtopic, "", 1, json.dumps(answer), answer, right,
                         float(right), 0, "{}", uuid.uuid4().hex, when, when)
                    )  # fmt: skip
                    if len(rows) == BATCH:
                        cursor.executemany(sql, rows)
                        total += len(rows)
                        rows.clear()
        if rows:
            cursor.executemany(sql, rows)
            total += len(rows)
    return total


def _child(database: str) -> None:
    """In a fresh process: read the course's rows (baseline), then run its analytics; print JSON."""
    from benchmarks.harness import setup_django

    setup_django()
    from django.db import connection
    from opaque_keys.edx.keys import CourseKey

    connection.settings_dict["NAME"] = database
    from ve_edu_plugin.analytics import api as analytics_api
    from ve_edu_plugin.analytics.compute import stream_answers
    from ve_edu_plugin.analytics.models import SkillFit

    course_key = CourseKey.from_string(COURSE)
    subtopics = analytics_api.course_subtopic_ids(course_key)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    read = sum(int(stream_answers(subtopic).user.size) for subtopic in subtopics)
    reading = time.perf_counter() - started
    parts = _time_parts()
    started = time.perf_counter()
    profile = os.environ.get("VE_EDU_BENCH_PROFILE")
    if profile:  # cProfile of the run, written where the variable says (for splitting its time)
        import cProfile

        profiler = cProfile.Profile()
        run = profiler.runcall(analytics_api.run_now, course_key)
        profiler.dump_stats(profile)
    else:
        run = analytics_api.run_now(course_key)
    whole = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fits = SkillFit.objects.filter(run=run)
    print(
        json.dumps(
            {
                "read": read,
                "reading_s": reading,
                "run_s": whole,
                "parts_s": parts,
                "status": run.status,
                "rss_before_mb": before,
                "rss_peak_mb": peak,
                "accepted": fits.filter(problems=[]).count(),
                "fits": fits.count(),
                "learn": sorted(fits.values_list("learn", flat=True)),
            }
        )
    )


def _time_parts() -> dict[str, float]:
    """Wrap each function of :data:`PARTS` to add its wall time to its part; returns the totals, kept as they grow.

    The run calls them through their modules, so wrapping the module's attribute times every call
    without a line of timing code in the plugin.
    """
    totals = dict.fromkeys(PARTS.values(), 0.0)
    for (module_name, function_name), part in PARTS.items():
        module = importlib.import_module(module_name)
        setattr(module, function_name, _timed(getattr(module, function_name), part, totals))
    return totals


def _timed(function: Callable[..., Any], part: str, totals: dict[str, float]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[part] += time.perf_counter() - started

    return timed


def run() -> list[Row]:
    from django.db import connection

    started = time.perf_counter()
    bank = _course()
    users = _learners()
    loaded = _load(bank, users)
    load_s = time.perf_counter() - started
    database = connection.settings_dict["NAME"]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.analytics_db", "--child", database],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["read"] == loaded and result["status"] == "done", result
    learn = result["learn"]
    print(
        f"\nloaded {loaded:,} attempts in {load_s:.1f} s ({connection.vendor}); "
        f"fits accepted {result['accepted']}/{result['fits']}, learn {learn[0]:.3f}..{learn[-1]:.3f} (true {TRUTH[1]})"
    )
    peak, reading = result["rss_peak_mb"], result["reading_s"]
    rows = [
        Row(
            f"analytics run, {loaded:,} attempts (read + compute + store)",
            result["run_s"],
            reading,
            "s",
            f"<= {TARGET_SECONDS:g} s, one worker",
            result["run_s"] <= TARGET_SECONDS,
            note="baseline: only reading the rows",
        ),
        *(
            Row(f"  of which {part}", seconds, reading, "s", "(a part)", True)
            for part, seconds in result["parts_s"].items()
        ),
        Row(
            "analytics run, peak resident memory",
            peak,
            result["rss_before_mb"],
            "MB",
            "<= 500 MB",
            peak <= 500.0,
            note="baseline: the process before the run",
        ),
    ]
    print_table("Grading analytics through the database", "baseline", rows, against_floor=True)
    return rows


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    _child(sys.argv[2])
