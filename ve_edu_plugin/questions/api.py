"""
Public surface of the question bank: create, edit (by adding versions), retire, find and read
questions, preview a grade, and import and export whole banks.

Writes live in ``questions/bank.py``; what the answer path keeps between requests (snapshots,
parsed bodies, the bank's version) in ``questions/cached.py``; imports and exports in
``questions/transfer.py`` (which writes through the bank). All are re-exported here, so views,
commands and other capabilities need this module only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Unpack

from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.authoring import body_source, preview_body, question_versions
from ve_edu_plugin.questions.bank import (
    STATUSES,
    QuestionFields,
    check_question_fields,
    course_question,
    create_question,
    question_types,
    retire_question,
    update_question,
)
from ve_edu_plugin.questions.cached import (
    QuestionSnapshot,
    bank_changed,
    bank_version,
    body_of,
    forget_snapshot,
    forget_subtopic_snapshots,
    question_snapshot,
)
from ve_edu_plugin.questions.import_runs import (
    IMPORT_TASK_NAME,
    RunStatus,
    report_json,
    run_import,
    run_status,
    runs_as_task,
    start_import,
)
from ve_edu_plugin.questions.listing import (
    LIST_COLUMNS,
    QuestionFilters,
    count_questions,
    filtered_questions,
    page_tags,
    question_list_rows,
    tags_by_question,
)
from ve_edu_plugin.questions.models import (
    DRAFT,
    PUBLISHED,
    QUESTION_TYPES,
    RETIRED,
    ImportRun,
    Question,
    QuestionVersion,
)
from ve_edu_plugin.questions.schemas import validate_body
from ve_edu_plugin.questions.transfer import (
    CHECKING,
    IMPORT_FORMATS,
    WRITING,
    ImportOptions,
    Progress,
    export_questions,
    import_questions,
    import_questions_from_path,
)
from ve_edu_plugin.questions.transfer_data import ImportReport, QuestionImportError
from ve_edu_plugin.questions.uploads import MAX_UPLOAD_BYTES

__all__ = [
    "CHECKING",
    "DRAFT",
    "IMPORT_FORMATS",
    "IMPORT_TASK_NAME",
    "MAX_UPLOAD_BYTES",
    "PUBLISHED",
    "QUESTION_TYPES",
    "RETIRED",
    "STATUSES",
    "WRITING",
    "ImportOptions",
    "ImportReport",
    "ImportRun",
    "Progress",
    "Question",
    "QuestionFields",
    "QuestionFilters",
    "QuestionImportError",
    "QuestionSnapshot",
    "QuestionVersion",
    "RunStatus",
    "bank_changed",
    "bank_version",
    "body_of",
    "body_source",
    "check_question_fields",
    "count_questions",
    "create_question",
    "export_questions",
    "forget_snapshot",
    "forget_subtopic_snapshots",
    "get_question",
    "import_questions",
    "import_questions_from_path",
    "list_questions",
    "page_tags",
    "preview_answer",
    "preview_body",
    "published_questions",
    "question_id_for_ref",
    "question_list_rows",
    "question_snapshot",
    "question_types",
    "question_versions",
    "report_json",
    "retire_question",
    "run_import",
    "run_status",
    "runs_as_task",
    "start_import",
    "tags_by_question",
    "update_question",
    "validate_body",
]


def get_question(course_key: CourseKey, question_id: int, /) -> Question:
    """One question of the course with its current version."""
    rows = Question.objects.select_related("current_version", "subtopic").prefetch_related("tags")
    return course_question(rows, course_key, question_id)


def list_questions(course_key: CourseKey, /, **filters: Unpack[QuestionFilters]) -> QuerySet[Question]:
    """
    The course's questions matching every filter given, by id, as models with the list's columns
    (bodies are never read for a list). The staff list endpoint reads the same rows as values
    through ``question_list_rows`` and counts them with ``count_questions``.
    """
    questions = (
        filtered_questions(course_key, **filters)
        .select_related("current_version", "subtopic")
        .only(*LIST_COLUMNS)
        .prefetch_related("tags")
    )
    return questions.order_by("id")


def published_questions(course_key: CourseKey, /, *, subtopic_ids: Iterable[int]) -> QuerySet[Question]:
    """Published questions of the given subtopics (for adaptive selection)."""
    return Question.objects.filter(course_key=course_key, status=PUBLISHED, subtopic_id__in=list(subtopic_ids))


def question_id_for_ref(course_key: CourseKey, external_id: str, /) -> int:
    """The id of the course's question with this external id (how OLX and demo blocks name questions)."""
    found = Question.objects.filter(course_key=course_key, external_id=external_id).values_list("id", flat=True).first()
    if found is None:
        raise NotFoundError(
            gettext("No question %(external_id)s in %(course_key)s; import the course's questions first.")
            % {"external_id": repr(external_id), "course_key": course_key}
        )
    return int(found)


def preview_answer(
    course_key: CourseKey,
    question_id: int,
    /,
    *,
    answer: grading_api.AnswerPayload,
    history: Sequence[grading_api.AnswerPayload] = (),
    policy: grading_api.FeedbackPolicy = grading_api.DEFAULT_POLICY,
) -> grading_api.GradeResult:
    """
    What a learner would get for ``answer`` to the question's current version, recording nothing.

    ``history`` holds earlier answers as a learner would have sent them, oldest first; each is
    graded in turn (answers that could not be graded are left out, as they are for learners) so an
    author sees which hint, solution or answer the feedback policy unlocks after them.
    """
    question = get_question(course_key, question_id)
    if question.current_version is None:
        raise NotFoundError(gettext("Question %(question_id)s has no content yet.") % {"question_id": question_id})
    body = body_of(question.current_version)
    past = grading_api.EMPTY_HISTORY
    for earlier in history:
        verdict = grading_api.judge_answer(body, earlier)
        if verdict.error is None:
            past = past.with_attempt(verdict.normalised_answer, verdict.correct)
    return grading_api.grade_answer(body, answer, past, policy)
