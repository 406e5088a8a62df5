"""
Timed assessments: the ``save`` handler against the bare DRF floor, and finalising expired sessions.

Targets (issue "Timed assessments"): the median ``save`` (XBlock handler -> lock the session ->
store the answer) is at most 2x the bare DRF view of ``benchmarks.submit`` (one indexed select,
one insert), measured in the same run; finalising ``VE_EDU_BENCH_TIMED_SESSIONS`` (default 500)
expired sessions of 20 answers on one process reports the time per session and the queries per
session, which must not grow with the number of answers and be at most 5 (``--quick``: 50
sessions). Knowledge tracing of a session's answers is one locked read and one upsert; a session
that makes the learner reach or lose mastery adds the insert recording it (reported apart).
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from benchmarks.harness import Row, print_table
from benchmarks.submit import _bare_view, _median_us, _setup

if TYPE_CHECKING:
    from opaque_keys.edx.keys import CourseKey

ROUNDS = 300
ANSWERS = 20
BLOCK = "block-v1:VE-EDU+SUBMIT+2026+type@ve_timed_assessment+block@bench"


def _questions(key: CourseKey, subtopic_id: int | None) -> list[int]:
    from ve_edu_plugin.questions import api as questions_api

    return [
        questions_api.create_question(
            key,
            question_type="numeric",
            body={"text": f"<p>Type {n}.</p>", "value": n, "tolerance": "1%"},
            fields=questions_api.QuestionFields(subtopic_id=subtopic_id, status="published"),
        ).id
        for n in range(ANSWERS)
    ]


def _save_handler(question_ids: list[int]) -> Callable[[], None]:
    """The block's save handler in the workbench runtime, the learner named by id as in the LMS."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from webob import Request
    from workbench.runtime import WorkbenchRuntime

    settings.WORKBENCH_COURSE_ID = "course-v1:VE-EDU+SUBMIT+2026"
    runtime = WorkbenchRuntime(user_id="bench_learner")
    runtime.id_generator.set_scenario("bench-timed")
    learner_id = get_user_model().objects.get(username="bench_learner").id
    user_service = runtime._services["user"]
    original = user_service.get_current_user

    def lms_like_user() -> Any:
        user = original()
        user.opt_attrs["edx-platform.user_id"] = learner_id
        return user

    user_service.get_current_user = lms_like_user
    xml = f"<ve_timed_assessment question_ids='{json.dumps(question_ids)}' time_limit_minutes='600'/>"
    block = runtime.get_block(runtime.parse_xml_string(xml))
    runtime.handle(block, "start", Request.blank("/", method="POST", body=b"{}"))
    counter = iter(range(10**9))

    def save() -> None:
        item = {"question_id": question_ids[next(counter) % len(question_ids)], "answer": "3"}
        body = json.dumps({"answers": [{**item, "client_key": uuid.uuid4().hex}]}).encode()
        response = runtime.handle(block, "save", Request.blank("/", method="POST", body=body))
        assert response.status_code == 200, response.body

    return save


def _finalise_rows(key: CourseKey, question_ids: list[int], sessions: int) -> list[Row]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ve_edu_plugin.assessments import api as assessments_api

    config = assessments_api.AssessmentSettings(time_limit_minutes=10, question_ids=tuple(question_ids))
    start = timezone.now() - timedelta(hours=1)
    for n in range(sessions):
        user = get_user_model().objects.create(username=f"bench_timed_{n}")
        assessments_api.start_session(user, key, BLOCK, config, now=start)
        answers = [{"question_id": q, "answer": "1", "client_key": uuid.uuid4().hex} for q in question_ids]
        assessments_api.save_answers(user, BLOCK, answers, now=start)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        done = assessments_api.finalise_expired(course_key=key)
        elapsed = time.perf_counter() - started
    assert done == sessions, done
    if os.environ.get("VE_EDU_BENCH_SHOW_QUERIES"):
        for query in queries.captured_queries[:60]:
            print("   ", query["sql"][:110])
    per_session_ms = elapsed / sessions * 1000
    data = [q for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
    per_session_queries = (len(data) - 1) / sessions  # one query lists the expired sessions
    transitions = sum(1 for q in data if "masterytransition" in q["sql"].lower()) / sessions
    # Filling the process's caches (the course policy, the questions' snapshots) happens once per run.
    fills = ("FROM `ve_edu_plugin_coursemasterypolicy`", "FROM `ve_edu_plugin_question`")
    warmup = sum(1 for q in data if any(table in q["sql"] for table in fills))
    core = per_session_queries - transitions - warmup / sessions
    return [
        Row(
            f"finalise {sessions} x {ANSWERS} answers",
            per_session_ms,
            per_session_ms,
            "ms",
            "time per session (reported)",
            True,
            note=f"({per_session_queries:.2f} queries/session)",
        ),
        Row(
            "finalise: queries per session",
            core,
            5.0,
            "q",
            "<= 5 whatever the answer count",
            core <= 5.0,
            note=f"(+ {transitions:.2f}/session recording mastery reached or lost, + {warmup} cache fills in all)",
        ),
    ]


def run() -> list[Row]:
    from django.db import connection

    key, question, user = _setup()
    question_ids = _questions(key, question.subtopic_id)
    ours_call, bare_call = _save_handler(question_ids), _bare_view(question.id, user)
    for _ in range(20):
        ours_call()
        bare_call()
    ours, bare = [], []
    for _ in range(3):  # interleaved, so load on the machine affects both alike
        ours.append(_median_us(ours_call))
        bare.append(_median_us(bare_call))
    ours_median, bare_median = statistics.median(ours), statistics.median(bare)
    ratio = ours_median / bare_median
    rows = [
        Row(
            "save an answer (handler path)",
            ours_median,
            bare_median,
            "us",
            "<= 2x the bare view",
            ratio <= 2.0,
            note=f"(ours / bare = {ratio:.2f}x)",
        )
    ]
    print_table(f"Timed save on {connection.vendor} (median of {3 * ROUNDS} calls each)", "bare DRF view", rows)
    default = "50" if os.environ.get("VE_EDU_BENCH_QUICK") else "500"
    sessions = int(os.environ.get("VE_EDU_BENCH_TIMED_SESSIONS", default))
    finalise = _finalise_rows(key, question_ids, sessions)
    print_table(f"Finalising expired sessions on {connection.vendor}", "itself", finalise)
    return rows + finalise
