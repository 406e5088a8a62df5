"""
What the answer path keeps between requests from the bank: parsed bodies, question snapshots
(body and knowledge-tracing parameters in one cacheable value) and the bank's version token,
with what drops each of them. ``questions.api`` re-exports the public names.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import caching
from ve_edu_plugin.conf import setting
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.grading.bodies import QuestionBody
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.models import Question, QuestionVersion
from ve_edu_plugin.questions.schemas import validate_body

#: Parsed bodies by version id. Versions never change, so the id is the whole key (no need to
#: serialise the body on every answer) and entries never go stale.
_BODIES: caching.ProcessCache[int, QuestionBody] = caching.ProcessCache("parsed bodies", max_entries=4096)


def _cached_body(version_id: int, question_type: str, body: Mapping[str, Any]) -> QuestionBody:
    return _BODIES.get_or_build(version_id, lambda: validate_body(question_type, body))


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


_SNAPSHOTS: caching.ProcessCache[int, QuestionSnapshot] = caching.ProcessCache(
    "question snapshots", max_entries=4096, seconds=caching.LOCAL_SECONDS
)


def _snapshot_key(question_id: int) -> str:
    return f"ve_edu:question_snapshot:{question_id}"


def question_snapshot(course_key: CourseKey, question_id: int, /) -> QuestionSnapshot:
    """The question as a learner answers it; a cache hit costs no database query."""
    local = _SNAPSHOTS.get(question_id)
    if local is not None and local.course_key == str(course_key):
        return local
    cache = caches[setting("VE_EDU_CACHE_ALIAS")]
    snapshot = cache.get(_snapshot_key(question_id))
    if snapshot is None or snapshot.course_key != str(course_key):
        try:
            question = Question.objects.select_related("current_version", "subtopic__bkt_parameters").get(
                id=question_id, course_key=course_key
            )
        except Question.DoesNotExist as exc:
            raise NotFoundError(
                gettext("No question %(question_id)s in %(course_key)s.")
                % {"question_id": question_id, "course_key": course_key}
            ) from exc
        version = question.current_version
        if version is None:
            raise NotFoundError(gettext("Question %(question_id)s has no content yet.") % {"question_id": question_id})
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
        cache.set(_snapshot_key(question_id), snapshot, timeout=caching.SHARED_SNAPSHOT_SECONDS)
    _SNAPSHOTS.set(question_id, snapshot)
    return snapshot


def forget_snapshot(question_id: int, /) -> None:
    """Drop the cached snapshot after an edit (after commit, so no reader re-caches the old one)."""
    _forget_snapshots([question_id])


def forget_subtopic_snapshots(subtopic_id: int, /) -> None:
    """
    Drop the snapshots of the subtopic's questions: they carry its knowledge-tracing parameters,
    so an edit of those reaches the next answer as a question edit does.
    """
    _forget_snapshots(list(Question.objects.filter(subtopic_id=subtopic_id).values_list("id", flat=True)))


def _parameters_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Knowledge-tracing parameters saved or deleted anywhere (the admin included) reach the next answer."""
    forget_subtopic_snapshots(instance.subtopic_id)


# By label: the parameters belong to the mastery capability, which this module does not import.
post_save.connect(_parameters_changed, sender="ve_edu_plugin.SkillParameters", dispatch_uid="ve_edu_params_saved")
post_delete.connect(_parameters_changed, sender="ve_edu_plugin.SkillParameters", dispatch_uid="ve_edu_params_deleted")


def _forget_snapshots(question_ids: list[int]) -> None:
    keys = [_snapshot_key(question_id) for question_id in question_ids]

    def _forget() -> None:
        for question_id in question_ids:
            _SNAPSHOTS.forget(question_id)
        if keys:
            caches[setting("VE_EDU_CACHE_ALIAS")].delete_many(keys)

    _forget()
    transaction.on_commit(_forget)


def bank_version_key(course_key: CourseKey) -> str:
    """Where the shared cache keeps the course's bank version token (read with others in one round trip)."""
    return f"ve_edu:bank_version:{course_key}"


def bank_version(course_key: CourseKey, /) -> str:
    """
    A token that changes on every change to the course's bank (a question created, edited or
    retired), shared by all processes: caches of anything built from the bank key on it.

    A token lost from the shared cache is replaced by a new one, never by an old one, so a
    cache keyed on it can only miss, not serve a stale value.
    """
    cache = caches[setting("VE_EDU_CACHE_ALIAS")]
    key = bank_version_key(course_key)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return str(version)


def bank_changed(course_key: CourseKey) -> None:
    """A new bank version now and again after commit (so no reader keys a cache on the old rows)."""

    def _bump() -> None:
        caches[setting("VE_EDU_CACHE_ALIAS")].set(bank_version_key(course_key), uuid.uuid4().hex, timeout=None)

    _bump()
    transaction.on_commit(_bump)


def body_of(version: QuestionVersion) -> QuestionBody:
    """
    The frozen body of a stored version, validated once per process: versions never change, so
    the parsed body (and the graders' memoised set-up on it) is reused by every later answer.
    """
    return _cached_body(version.id, version.question_type, version.body)
