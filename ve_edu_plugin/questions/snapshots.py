"""
Reading a question as a learner answers it: parsed bodies and question snapshots, cached.

Kept apart from :mod:`ve_edu_plugin.questions.api` so the bank's write functions
(:mod:`ve_edu_plugin.questions.bank`) can drop a snapshot after an edit without importing the api.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import transaction
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import setting
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.grading.bodies import QuestionBody
from ve_edu_plugin.questions.models import Question, QuestionVersion
from ve_edu_plugin.questions.schemas import validate_body

#: Parsed bodies by version id. Versions never change, so the id is the whole key (no need to
#: serialise the body on every answer); the bound keeps a long-running worker's memory flat.
_BODIES: dict[int, QuestionBody] = {}
_MAX_BODIES = 4096


def _cached_body(version_id: int, question_type: str, body: Mapping[str, Any]) -> QuestionBody:
    parsed = _BODIES.get(version_id)
    if parsed is None:
        parsed = validate_body(question_type, body)
        if len(_BODIES) >= _MAX_BODIES:
            _BODIES.clear()
        _BODIES[version_id] = parsed
    return parsed


@dataclass(frozen=True)
class QuestionSnapshot:
    """
    What answering a question needs, in one cacheable value: the current version's body and the
    subtopic's knowledge-tracing parameters. Cached in the shared cache and dropped on every edit.
    """

    id: int
    course_key: str
    question_type: str
    version_id: int
    version_number: int
    body: dict[str, Any]
    subtopic_id: int | None
    subtopic_title: str
    bkt_parameters: dict[str, float] | None

    @property
    def parsed_body(self) -> QuestionBody:
        return _cached_body(self.version_id, self.question_type, self.body)


_SNAPSHOT_SECONDS = 300
#: Each process also keeps a snapshot this long without asking the shared cache: an edit made in
#: another process reaches learners here within this time (at once in the process that made it).
LOCAL_SNAPSHOT_SECONDS = 5.0
_local_snapshots: dict[int, tuple[float, QuestionSnapshot]] = {}


def _snapshot_key(question_id: int) -> str:
    return f"ve_edu:question_snapshot:{question_id}"


def question_snapshot(course_key: CourseKey, question_id: int, /) -> QuestionSnapshot:
    """The question as a learner answers it; a cache hit costs no database query."""
    now = time.monotonic()
    local = _local_snapshots.get(question_id)
    if local is not None and now - local[0] < LOCAL_SNAPSHOT_SECONDS and local[1].course_key == str(course_key):
        return local[1]
    cache = caches[setting("VE_EDU_CACHE_ALIAS")]
    snapshot = cache.get(_snapshot_key(question_id))
    if snapshot is None or snapshot.course_key != str(course_key):
        try:
            question = Question.objects.select_related("current_version", "subtopic__bkt_parameters").get(
                id=question_id, course_key=course_key
            )
        except Question.DoesNotExist as exc:
            raise NotFoundError(f"No question {question_id} in {course_key}.") from exc
        version = question.current_version
        if version is None:
            raise NotFoundError(f"Question {question_id} has no content yet.")
        subtopic = question.subtopic
        stored = getattr(subtopic, "bkt_parameters", None) if subtopic is not None else None
        snapshot = QuestionSnapshot(
            id=question.id,
            course_key=str(course_key),
            question_type=version.question_type,
            version_id=version.id,
            version_number=version.number,
            body=version.body,
            subtopic_id=question.subtopic_id,
            subtopic_title=subtopic.title if subtopic is not None else "",
            bkt_parameters=stored.as_dict() if stored is not None else None,
        )
        cache.set(_snapshot_key(question_id), snapshot, timeout=_SNAPSHOT_SECONDS)
    if len(_local_snapshots) > 4096:
        _local_snapshots.clear()
    _local_snapshots[question_id] = (now, snapshot)
    return snapshot


def forget_snapshot(question_id: int, /) -> None:
    """Drop the cached snapshot after an edit (after commit, so no reader re-caches the old one)."""
    key = _snapshot_key(question_id)
    _local_snapshots.pop(question_id, None)
    caches[setting("VE_EDU_CACHE_ALIAS")].delete(key)

    def _after_commit() -> None:
        _local_snapshots.pop(question_id, None)
        caches[setting("VE_EDU_CACHE_ALIAS")].delete(key)

    transaction.on_commit(_after_commit)


def body_of(version: QuestionVersion) -> QuestionBody:
    """
    The frozen body of a stored version, validated once per process: versions never change, so
    the parsed body (and the graders' memoised set-up on it) is reused by every later answer.
    """
    return _cached_body(version.id, version.question_type, version.body)
