"""
New questions of an import written in batches: the same rows ``bank.create_question`` writes, in a
few statements per thousand questions instead of a dozen round trips per question.

A 100,000-row CSV made one question at a time spent nearly all its time waiting on the database
(insert, version number, version, update, three tag statements and a savepoint per row). The
import has already checked every question against the course (fields, subtopics, ids) before it
writes, so here each body is only validated again (a filter step may have amended it) and the
rows are inserted with ``bulk_create``, whose primary keys the database returns (MariaDB 10.5+,
sqlite 3.35+); a database that cannot return them gets the one-at-a-time path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.questions import bank
from ve_edu_plugin.questions.cached import bank_changed
from ve_edu_plugin.questions.models import Question, QuestionTag, QuestionVersion
from ve_edu_plugin.questions.sanitize import plain_text

#: Questions per batch: each batch is four statements.
BATCH = 1000


@dataclass(frozen=True)
class NewQuestion:
    """One question to create: its type, body and fields (already checked against the course)."""

    question_type: str
    body: Mapping[str, Any]
    fields: bank.QuestionFields


def create_questions(
    course_key: CourseKey,
    new: Sequence[NewQuestion],
    /,
    *,
    author: Any = None,
    done: Callable[[int], None] = lambda count: None,
) -> list[int]:
    """
    Create the questions, in order, inside the caller's transaction; returns their ids.

    ``done(count)`` hears after each batch how many were written so far.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        ids = []
        for number, item in enumerate(new, start=1):
            created = bank.create_question(
                course_key, question_type=item.question_type, body=item.body, author=author, fields=item.fields
            )
            ids.append(int(created.id))
            done(number)
        return ids
    writer = author if getattr(author, "is_authenticated", False) else None
    ids = []
    for start in range(0, len(new), BATCH):
        ids += _batch(course_key, new[start : start + BATCH], writer)
        done(len(ids))
    if new:
        bank_changed(course_key)
    return ids


def _batch(course_key: CourseKey, items: Sequence[NewQuestion], author: Any) -> list[int]:
    bodies = [bank.checked_body(item.question_type, item.body) for item in items]
    questions = []
    for item, body in zip(items, bodies, strict=True):
        question = Question(course_key=course_key, question_type=item.question_type)
        bank.apply_fields(question, item.fields)
        question.search_text = plain_text(body.text)
        question.title = question.search_text[:120]
        questions.append(question)
    Question.objects.bulk_create(questions)
    QuestionVersion.objects.bulk_create(
        [
            QuestionVersion(
                question=question, number=1, question_type=question.question_type, body=body.to_dict(), author=author
            )
            for question, body in zip(questions, bodies, strict=True)
        ]
    )
    # One statement for the batch (``bulk_update`` would send a CASE of a thousand branches).
    first_version = QuestionVersion.objects.filter(question=OuterRef("pk"), number=1).values("id")[:1]
    Question.objects.filter(pk__in=[question.pk for question in questions]).update(
        current_version=Subquery(first_version)
    )
    QuestionTag.objects.bulk_create(
        [
            QuestionTag(question=question, tag=tag)
            for question, item in zip(questions, items, strict=True)
            for tag in sorted({tag.strip() for tag in item.fields.tags or () if tag.strip()})
        ]
    )
    return [int(question.pk) for question in questions]
