"""
Writing the question bank: create, edit (by adding versions) and retire questions.

Kept apart from :mod:`ve_edu_plugin.questions.api` so imports (``questions/transfer.py``) can write
through these functions while the api re-exports the imports: neither module imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.curriculum.models import ExamLevel, Subtopic
from ve_edu_plugin.errors import InvalidRequestError, NotFoundError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.grading.bodies import QuestionBody
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.cached import bank_changed, forget_snapshot
from ve_edu_plugin.questions.models import (
    DRAFT,
    PUBLISHED,
    QUESTION_TYPES,
    RETIRED,
    Question,
    QuestionTag,
    QuestionVersion,
)
from ve_edu_plugin.questions.sanitize import plain_text
from ve_edu_plugin.questions.schemas import validate_body

STATUSES = (DRAFT, PUBLISHED, RETIRED)
_TAG = re.compile(r"^[\w.:+-]{1,64}$")
_SUBJECT_CODE_LENGTH = 32


@dataclass(frozen=True)
class QuestionFields:
    """Everything but the body that an author sets on a question (``None``: leave as it is)."""

    subtopic_id: int | None = None
    difficulty: int | None = None
    status: str | None = None
    tags: Sequence[str] | None = None
    exam_level: str | None = None
    form: int | None = None
    subject_code: str | None = None
    external_id: str | None = None
    clear_subtopic: bool = False
    clear_form: bool = False

    @classmethod
    def given(cls, given: Mapping[str, Any], /, *, subtopic_id: int | None, external_id: str | None) -> QuestionFields:
        """
        The fields as an author gave them, by their public names (a REST body, an import row): a
        name left out leaves the question's value, ``subtopic`` or ``form`` given empty clears it.
        The caller resolves the subtopic (an id or a usage key) and says which external id applies.
        """
        return cls(
            subtopic_id=subtopic_id,
            external_id=external_id,
            clear_subtopic="subtopic" in given and not given["subtopic"],
            clear_form="form" in given and given["form"] is None,
            **{name: given.get(name) for name in _GIVEN_AS_NAMED},
        )


#: The fields an author gives under the names ``QuestionFields`` uses.
_GIVEN_AS_NAMED = ("difficulty", "status", "tags", "exam_level", "form", "subject_code")


def check_question_fields(
    course_key: CourseKey,
    fields: QuestionFields,
    /,
    *,
    question_id: int | None = None,
    known_subtopic_ids: Collection[int] | None = None,
    external_id_looked_up: bool = False,
) -> dict[str, list[str]]:
    """
    Every problem with ``fields`` for a question of the course, by field name (empty: valid).

    ``question_id`` is the question being edited (its own external id is no clash);
    ``known_subtopic_ids`` are subtopic ids the caller already found in the course, and
    ``external_id_looked_up`` says the caller already fetched the course's questions with this
    external id (an import, in one query for the whole file), so a bulk import does not look
    each one up again.
    """
    errors: dict[str, list[str]] = {}
    if fields.difficulty is not None and not _whole_in(fields.difficulty, 1, 5):
        errors["difficulty"] = [gettext("Must be a whole number from 1 to 5.")]
    if fields.status is not None and fields.status not in STATUSES:
        errors["status"] = [gettext("Must be one of %(statuses)s.") % {"statuses": ", ".join(STATUSES)}]
    if fields.exam_level not in (None, "", *ExamLevel.values):
        errors["exam_level"] = [gettext("Must be MSCE or JCE (or empty).")]
    if fields.form is not None and not _whole_in(fields.form, 1, 4):
        errors["form"] = [gettext("Must be a whole number from 1 to 4.")]
    if fields.subject_code is not None and len(fields.subject_code) > _SUBJECT_CODE_LENGTH:
        errors["subject_code"] = [
            gettext("Must be at most %(subject_code_length)s characters.")
            % {"subject_code_length": _SUBJECT_CODE_LENGTH}
        ]
    for tag in fields.tags or ():
        if not isinstance(tag, str) or not _TAG.fullmatch(tag.strip()):
            errors.setdefault("tags", []).append(f"{tag!r} is not a valid tag (letters, digits, . : + - _).")
    if (
        fields.subtopic_id is not None
        and fields.subtopic_id not in (known_subtopic_ids or ())
        and not Subtopic.objects.filter(id=fields.subtopic_id, course_key=course_key).exists()
    ):
        errors["subtopic"] = [
            gettext("No subtopic %(subtopic_id)s in %(course_key)s.")
            % {"subtopic_id": fields.subtopic_id, "course_key": course_key}
        ]
    if fields.external_id is not None and not external_id_looked_up:
        clash = Question.objects.filter(course_key=course_key, external_id=fields.external_id)
        if question_id is not None:
            clash = clash.exclude(id=question_id)
        clash_id = clash.values_list("id", flat=True).first()
        if clash_id is not None:
            errors["external_id"] = [
                gettext("Question %(clash_id)s of this course already has this external id.") % {"clash_id": clash_id}
            ]
    return errors


def _whole_in(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def create_question(
    course_key: CourseKey,
    /,
    *,
    question_type: str,
    body: Mapping[str, Any],
    author: Any = None,
    fields: QuestionFields = QuestionFields(),
) -> Question:
    """Validate and store a new question with its first version (every problem is reported at once)."""
    parsed = _raise_if_invalid(_checked_body(question_type, body), check_question_fields(course_key, fields))
    with transaction.atomic():
        question = Question(course_key=course_key, question_type=question_type)
        apply_fields(question, fields)
        question.save()
        _new_version(question, question_type, parsed, author)
        if fields.tags is not None:
            _set_tags(question, fields.tags)
        bank_changed(course_key)
    return question


def update_question(
    question_id: int,
    /,
    *,
    course_key: CourseKey,
    author: Any = None,
    question_type: str | None = None,
    body: Mapping[str, Any] | None = None,
    fields: QuestionFields = QuestionFields(),
) -> Question:
    """
    Change a question: a changed body (or type) adds a version; other fields change in place.

    A body equal to the current one (compared in canonical form) adds no version, so saving an
    unchanged editor form or re-importing the same file leaves the history as it is.
    """
    with transaction.atomic():
        question = _locked(course_key, question_id)
        errors = check_question_fields(course_key, fields, question_id=question_id)
        new_type = question_type or question.question_type
        parsed = None
        if body is not None or new_type != question.question_type:
            source = body if body is not None else question.current_version.body  # type: ignore[union-attr]
            parsed = _raise_if_invalid(_checked_body(new_type, source), errors)
        elif errors:
            raise InvalidRequestError(gettext("Invalid question."), field_errors=errors)
        current = question.current_version
        if parsed is not None and (
            current is None or current.question_type != new_type or current.body != parsed.to_dict()
        ):
            question.question_type = new_type
            _new_version(question, new_type, parsed, author)
        apply_fields(question, fields)
        question.save()
        if fields.tags is not None:
            _set_tags(question, fields.tags)
        forget_snapshot(question_id)
        bank_changed(course_key)
    return question


def retire_question(question_id: int, /, *, course_key: CourseKey) -> Question:
    """Take a question out of use; its versions and the answers to them stay."""
    with transaction.atomic():
        question = _locked(course_key, question_id)
        question.status = RETIRED
        question.save(update_fields=["status", "modified"])
        forget_snapshot(question_id)
        bank_changed(course_key)
    return question


def question_types() -> tuple[str, ...]:
    """Every question type the bank accepts: the built-in five, then those installed packages add."""
    return (*QUESTION_TYPES, *grading_api.extension_types())


def _checked_body(question_type: str, body: Mapping[str, Any]) -> QuestionBody | InvalidRequestError:
    """The validated body, or the error listing its problems under ``type`` / ``body.<path>``."""
    known = question_types()
    if question_type not in known:
        return InvalidRequestError(
            gettext("Unknown question type."),
            field_errors={"type": [gettext("Must be one of %(known)s.") % {"known": ", ".join(known)}]},
        )
    try:
        return validate_body(question_type, body)
    except BodyValidationError as exc:
        return exc.with_prefix("body").as_invalid_request()


def checked_body(question_type: str, body: Mapping[str, Any]) -> QuestionBody:
    """The validated body (raises InvalidRequestError like ``create_question`` for an invalid one)."""
    return _raise_if_invalid(_checked_body(question_type, body), {})


def _raise_if_invalid(body: QuestionBody | InvalidRequestError, field_errors: dict[str, list[str]]) -> QuestionBody:
    """Report body and field problems together; a body-only problem keeps its own error code."""
    if isinstance(body, InvalidRequestError):
        if not field_errors:
            raise body
        raise InvalidRequestError(gettext("Invalid question."), field_errors={**body.field_errors, **field_errors})
    if field_errors:
        raise InvalidRequestError(gettext("Invalid question."), field_errors=field_errors)
    return body


def _locked(course_key: CourseKey, question_id: int) -> Question:
    rows = Question.objects.select_for_update().select_related("current_version")
    return course_question(rows, course_key, question_id)


def course_question(rows: QuerySet[Question], course_key: CourseKey, question_id: int, /) -> Question:
    """
    Question ``question_id`` of the course from ``rows`` (a read or a locked read), or
    ``NotFoundError``: a question of another course is as missing as one that never was.
    """
    try:
        return rows.get(id=question_id, course_key=course_key)
    except Question.DoesNotExist as exc:
        raise NotFoundError(
            gettext("No question %(question_id)s in %(course_key)s.")
            % {"question_id": question_id, "course_key": course_key}
        ) from exc


def apply_fields(question: Question, fields: QuestionFields) -> None:
    for name in ("difficulty", "status", "exam_level", "form", "subject_code", "external_id"):
        value = getattr(fields, name)
        if value is not None:
            setattr(question, name, value)
    if fields.subtopic_id is not None:
        question.subtopic_id = fields.subtopic_id
    elif fields.clear_subtopic:
        question.subtopic_id = None
    if fields.clear_form and fields.form is None:
        question.form = None


def _new_version(question: Question, question_type: str, body: QuestionBody, author: Any) -> QuestionVersion:
    number = (question.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        question_type=question_type,
        body=body.to_dict(),
        author=author if getattr(author, "is_authenticated", False) else None,
    )
    question.current_version = version
    text = plain_text(body.text)
    question.search_text = text
    question.title = text[:120]
    question.save(update_fields=["current_version", "search_text", "title", "question_type", "modified"])
    return version


def _set_tags(question: Question, tags: Sequence[str]) -> None:
    wanted = {tag.strip() for tag in tags if tag.strip()}
    question.tags.exclude(tag__in=wanted).delete()
    existing = set(question.tags.values_list("tag", flat=True))
    QuestionTag.objects.bulk_create([QuestionTag(question=question, tag=tag) for tag in sorted(wanted - existing)])
