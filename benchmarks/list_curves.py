"""
Staff lists and the mastery report against a bare DRF list view, on the same database in the
same run (issue "Fast at the scale of a real school system", target 1: reads of lists and
reports <= 4x the bare view): the question list at 100 / 1,000 / 10,000 questions, the attempts
list and ``mastery/me`` for a learner with 10 / 1,000 / 10,000 past attempts.

Every call is a whole request through Django's test client (``benchmarks.load_urls``: the host's
LMS urls plus the bare views), each with a JWT header, so the floor and the plugin's views pay the
same URL resolution, middleware, authentication (user loaded afresh) and renderer; the ratio is
what the plugin's own work adds to a request.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from benchmarks.harness import Row, print_table, quick

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from opaque_keys.edx.keys import CourseKey

COURSE = "course-v1:VE-EDU+LISTS+2026"
READ_TARGET = 4.0


def _rounds() -> int:
    return 15 if quick() else 60


def _paired_us(ours: Callable[[], object], bare: Callable[[], object]) -> tuple[float, float]:
    """
    Medians of ``ours`` and ``bare`` called in turn, so that both see the same load of a shared
    machine (measured one after the other, a busy moment lands on one side only).
    """
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(_rounds()):
        for call, into in ((ours, samples[0]), (bare, samples[1])):
            started = time.perf_counter()
            call()
            into.append(time.perf_counter() - started)
    return statistics.median(samples[0]) * 1e6, statistics.median(samples[1]) * 1e6


def _get(path: str, user: User) -> Callable[[], None]:
    """
    A whole GET of ``path`` as ``user``, asserting a 200: through the URLconf, the middleware and
    the JWT authentication (the user is loaded afresh each time, as a deployment does), rendered.
    """
    from django.test import Client
    from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt

    client = Client(HTTP_AUTHORIZATION=f"JWT {generate_jwt(user)}")

    def call() -> None:
        response = client.get(path)
        assert response.status_code == 200, response.content

    return call


def _bare_list(user: User) -> Callable[[], None]:
    """
    The floor: ``benchmarks.load_urls.BareView``, a DRF view with the same JWT authentication and
    JSON renderer as the plugin's, reading one page of 20 rows of the same table with one SELECT.
    """
    return _get(f"/bare/{COURSE}/", user)


def _setup() -> tuple[CourseKey, User, User]:
    return _setup_course(COURSE)


def _setup_course(course: str) -> tuple[CourseKey, User, User]:
    """The course's outline (5 topics x 4 subtopics), a staff member and a learner."""
    from django.contrib.auth import get_user_model
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
    from ve_edu_plugin.curriculum.sync import sync_outline
    from ve_edu_plugin.platform.models import StandaloneCourseRole

    key = CourseKey.from_string(course)
    block = course.replace("course-v1:", "block-v1:") + "+type@"
    sections = tuple(
        OutlineSection(
            f"{block}chapter+block@c{c}",
            f"Topic {c}",
            subsections=tuple(OutlineSubsection(f"{block}sequential+block@s{c}_{s}", f"Skill {s}") for s in range(4)),
        )
        for c in range(5)
    )
    sync_outline(key, CourseOutline(course, "Lists", sections), trigger="command")
    users = get_user_model().objects
    staff = users.create(username="bench_list_staff")
    learner = users.create(username="bench_list_learner")
    StandaloneCourseRole.objects.create(user=staff, course_key=key, role="staff")
    StandaloneCourseRole.objects.create(user=learner, course_key=key, role="learner")
    return key, staff, learner


def _grow_bank(key: CourseKey, size: int) -> None:
    """Questions with a version each (bodies of a realistic size) up to ``size``, in bulk."""
    from ve_edu_plugin.curriculum.models import Subtopic
    from ve_edu_plugin.questions.models import Question, QuestionTag, QuestionVersion

    subtopics = list(Subtopic.objects.filter(course_key=key).values_list("id", flat=True))
    have = Question.objects.filter(course_key=key).count()
    text = "<p>" + "A question of a realistic length. " * 20 + "</p>"
    body = {"text": text, "value": 12, "tolerance": "1%"}
    for start in range(have, size, 2000):
        batch = Question.objects.bulk_create(
            Question(
                course_key=key,
                subtopic_id=subtopics[n % len(subtopics)],
                status="published",
                question_type="numeric",
                difficulty=1 + n % 5,
                title=f"Question {n}",
                search_text=text,
            )
            for n in range(start, min(size, start + 2000))
        )
        versions = QuestionVersion.objects.bulk_create(
            QuestionVersion(question=question, number=1, question_type="numeric", body=body) for question in batch
        )
        for question, version in zip(batch, versions, strict=True):
            question.current_version = version
        Question.objects.bulk_update(batch, ["current_version"], batch_size=1000)
        QuestionTag.objects.bulk_create(QuestionTag(question=question, tag=f"t{question.id % 9}") for question in batch)


def _grow_history(key: CourseKey, learner: User, count: int) -> None:
    """The learner's attempts in the course up to ``count`` (spread over 20 questions)."""
    from django.utils import timezone

    from ve_edu_plugin.attempts.models import Attempt
    from ve_edu_plugin.questions.models import Question

    questions = list(
        Question.objects.filter(course_key=key)
        .order_by("id")
        .values_list("id", "current_version_id", "subtopic_id")[:20]
    )
    have = Attempt.objects.filter(user=learner).count()
    now = timezone.now()
    Attempt.objects.bulk_create(
        (
            Attempt(
                user=learner,
                course_key=key,
                question_id=questions[n % 20][0],
                question_version_id=questions[n % 20][1],
                subtopic_id=questions[n % 20][2],
                block_usage_key="bench-block",
                attempt_number=n // 20 + 1,
                answer="12",
                normalised_answer="12",
                correct=bool(n % 2),
                score=float(n % 2),
                result={"correct": bool(n % 2)},
                client_key=uuid.uuid4().hex,
                created=now,
            )
            for n in range(have, count)
        ),
        batch_size=2000,
    )


def _row(name: str, ours_call: Callable[[], object], bare_call: Callable[[], object]) -> Row:
    ours, bare = _paired_us(ours_call, bare_call)
    return Row(name, ours, bare, "us", f"<= {READ_TARGET:.0f}x the bare view", ours / bare <= READ_TARGET)


def run() -> list[Row]:
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="benchmarks.load_urls", ALLOWED_HOSTS=["testserver"]):
        return _run()


def _run() -> list[Row]:
    from django.db import connection

    key, staff, learner = _setup()
    api = f"/api/ve-edu/v1/courses/{COURSE}/"
    bare = _bare_list(staff)
    questions = _get(f"{api}questions/", staff)
    tagged = _get(f"{api}questions/?tag=t3", staff)
    rows = []
    for size in (100, 1_000, 10_000):
        _grow_bank(key, size)
        for call in (questions, tagged, bare):
            call()
        rows.append(_row(f"question list, {size:,} questions", questions, bare))
        rows.append(_row(f"  ... filtered by tag, {size:,}", tagged, bare))
    course_log = _get(f"{api}attempts/", staff)
    own_log = _get(f"{api}attempts/", learner)
    mastery = _get(f"{api}mastery/me/", learner)
    for count in (10, 1_000, 10_000):
        _grow_history(key, learner, count)
        for call in (course_log, own_log, mastery, bare):
            call()
        rows.append(_row(f"attempts list (staff), {count:,}", course_log, bare))
        rows.append(_row(f"attempts list (own), {count:,}", own_log, bare))
        rows.append(_row(f"mastery/me, {count:,} attempts", mastery, bare))
    print_table(
        f"Staff lists and mastery report on {connection.vendor}"
        f" (median of {_rounds()} calls each, in turn with the bare view)",
        "bare DRF list",  # same auth, renderer and middleware: see _bare_list
        rows,
        against_floor=True,
    )
    return rows
