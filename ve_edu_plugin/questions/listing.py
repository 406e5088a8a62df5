"""
The staff question list, read as a deployment pays for it: one page of flat rows, the page's tags,
and a count that does not grow with the bank.

A page is one SELECT of the list's columns (no bodies, no search text, no ``DISTINCT``: the tag
filter is an ``EXISTS``), read as plain values rather than three model instances per row, and
written once per process for each set of filters applied (``query_templates``): building and
compiling the queryset had cost more than running it. The count is kept in the shared cache
under the bank's version token (``cached.bank_version``), so any change to the bank made through
its api starts a new count; an operator's edit elsewhere (the Django admin) shows within
``COUNT_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypedDict, Unpack

from django.core.cache import caches
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, CharField, Exists, F, Field, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.conf import setting
from ve_edu_plugin.query_templates import QueryTemplate, Slot
from ve_edu_plugin.questions.cached import bank_version, bank_version_key
from ve_edu_plugin.questions.models import Question, QuestionTag

#: How long a list's count may serve after a change the bank api did not see (admin edits).
COUNT_SECONDS = 300
#: Filter combinations whose counts one course keeps (past this the set starts again).
COUNTS_KEPT = 64

#: The question's own columns that a row of the staff list shows: everything but bodies and search
#: text (and the course key, which every row shares and which would be parsed once per row).
_ROW_COLUMNS = (
    "id",
    "external_id",
    "question_type",
    "title",
    "difficulty",
    "status",
    "exam_level",
    "form",
    "subject_code",
    "created",
    "modified",
)
#: A row of the list as ``values()`` reads it: the model's names, the joined version number and the
#: subtopic's usage key as its stored text (not parsed into a key object and printed back per row).
ROW_VALUES = (*_ROW_COLUMNS, "subtopic_id", "version_number", "subtopic_key")
#: The same row read as models (``questions_api.list_questions``): the relations it joins, and their
#: columns it shows.
LIST_COLUMNS = (
    *_ROW_COLUMNS,
    "subtopic",
    "current_version",
    "current_version__number",
    "subtopic__usage_key",
)

#: The column every list filters on, and the name of its slot in a page's template.
_COURSE = "course_key"

#: Databases whose JSON array aggregate lets a page read its tags in its own SELECT.
_TAGS_IN_PAGE = {"mysql": "JSON_ARRAYAGG", "sqlite": "JSON_GROUP_ARRAY"}


class _JsonArray(Aggregate):
    """The column's values of a group as one JSON array (MariaDB/MySQL and SQLite)."""

    output_field = JSONField()

    def as_mysql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, function=_TAGS_IN_PAGE["mysql"], **extra_context)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, function=_TAGS_IN_PAGE["sqlite"], **extra_context)


class QuestionFilters(TypedDict, total=False):
    """
    The staff list's filters, each optional (``None`` or left out: not filtered on): one declaration
    for every function that takes them as keyword arguments and passes them on.
    """

    subtopic_id: int | None
    question_type: str | None
    difficulty: int | None
    status: str | None
    tag: str | None
    exam_level: str | None
    form: int | None
    search: str | None


#: How each filter narrows the course's questions, given its value (or the :class:`Slot` of one).
_FILTERS: dict[str, Callable[[Any], Q | Exists]] = {
    "subtopic_id": lambda value: Q(subtopic_id=value),
    "question_type": lambda value: Q(question_type=value),
    "difficulty": lambda value: Q(difficulty=value),
    "status": lambda value: Q(status=value),
    "tag": lambda value: Exists(QuestionTag.objects.filter(question=OuterRef("pk"), tag=value)),
    "exam_level": lambda value: Q(exam_level=value),
    "form": lambda value: Q(form=value),
    "search": lambda value: Q(search_text__icontains=value) | Q(title__icontains=value),
}


def _slot(name: str) -> Slot:
    """The slot of the course's or a filter's value in a page's template, prepared as its column is."""
    model, column = {"tag": (QuestionTag, "tag"), "search": (Question, "search_text")}.get(name, (Question, name))
    field = model._meta.get_field(column)
    assert isinstance(field, Field), f"{model.__name__}.{column} is a column"
    return Slot(name, field)


def _applied(filters: QuestionFilters) -> dict[str, Any]:
    """The filters that narrow the list: a value of ``None`` or ``""`` does not."""
    return {name: value for name, value in filters.items() if value is not None and value != ""}


def filtered_questions(course_key: CourseKey, /, **filters: Unpack[QuestionFilters]) -> QuerySet[Question]:
    """The course's questions matching every filter given (unordered, no columns chosen)."""
    return _narrowed(course_key, _applied(filters))


def _narrowed(course_key: CourseKey | Slot, applied: dict[str, Any]) -> QuerySet[Question]:
    """The course's questions narrowed by each applied filter: by values, or by slots for a template."""
    questions = Question.objects.filter(course_key=course_key)
    for name, value in applied.items():
        questions = questions.filter(_FILTERS[name](value))
    return questions


def _rows_of(questions: QuerySet[Question], *, vendor: str) -> QuerySet[Question, dict[str, Any]]:
    """
    The list's rows by id as dicts of ``ROW_VALUES``; on MariaDB/MySQL and SQLite each row also
    holds ``tag_list``, its tags gathered by a subquery of the same SELECT (one round trip less
    per page; ``tags_by_question`` reads them elsewhere).
    """
    rows = questions.annotate(
        version_number=F("current_version__number"),
        subtopic_key=Cast("subtopic__usage_key", output_field=CharField()),
    )
    columns: tuple[str, ...] = ROW_VALUES
    if vendor in _TAGS_IN_PAGE:
        tags = QuestionTag.objects.filter(question=OuterRef("pk")).order_by().values("question")
        rows = rows.annotate(tag_list=Subquery(tags.annotate(names=_JsonArray("tag")).values("names")))
        columns = (*ROW_VALUES, "tag_list")
    return rows.values(*columns).order_by("id")


@lru_cache(maxsize=4 * COUNTS_KEPT)
def _page_template(shape: tuple[str, ...], connection: BaseDatabaseWrapper) -> QueryTemplate:
    """
    The page's SELECT for one set of applied filters, compiled once per connection (each thread
    has its own; the converters are its backend's): the course and every filter are slots.
    """
    slots = {name: _slot(name) for name in shape}
    questions = _narrowed(_slot(_COURSE), slots)
    return QueryTemplate.compile(_rows_of(questions, vendor=connection.vendor), connection)


class QuestionRows:
    """
    The list's rows by id, read a page (a slice) at a time, each page in one statement written
    once per set of applied filters (``query_templates``): what a paginator slices.
    """

    def __init__(self, course_key: CourseKey, applied: dict[str, Any]) -> None:
        self._values = {_COURSE: course_key, **applied}
        self._shape = tuple(sorted(applied))

    def template(self) -> QueryTemplate:
        """The page's compiled SELECT on the database a read of questions goes to."""
        return _page_template(self._shape, connections[router.db_for_read(Question)])

    def statement(self, *, offset: int, limit: int) -> tuple[str, list[Any]]:
        """The SQL and parameters of one page (for ``EXPLAIN``)."""
        return self.template().statement(self._values, offset=offset, limit=limit)

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        assert isinstance(page, slice) and page.step is None, "a page of rows"
        offset = page.start or 0
        assert page.stop is not None and page.stop >= offset, "a page has an end"
        if page.stop == offset:
            return []
        return self.template().rows(self._values, offset=offset, limit=page.stop - offset)


def question_list_rows(course_key: CourseKey, /, **filters: Unpack[QuestionFilters]) -> QuestionRows:
    """
    The list's rows by id as dicts of ``ROW_VALUES`` (slice it for a page); on MariaDB/MySQL and
    SQLite each row also holds ``tag_list``. The SQL of a page is written once per process for
    each set of filters applied, and only run per request.
    """
    return QuestionRows(course_key, _applied(filters))


def page_tags(rows: list[dict[str, Any]], /) -> list[list[str]]:
    """Each row's tags, sorted: from the page's own SELECT when it gathered them, else one query."""
    if rows and "tag_list" not in rows[0]:
        found = tags_by_question(row["id"] for row in rows)
        return [found.get(row["id"], []) for row in rows]
    return [sorted(row["tag_list"] or []) for row in rows]


def tags_by_question(question_ids: Iterable[int], /) -> dict[int, list[str]]:
    """Each question's tags, sorted, for one page of the list (one query)."""
    tags: dict[int, list[str]] = {}
    for question_id, tag in QuestionTag.objects.filter(question_id__in=list(question_ids)).values_list(
        "question_id", "tag"
    ):
        tags.setdefault(question_id, []).append(tag)
    for names in tags.values():
        names.sort()
    return tags


def count_questions(course_key: CourseKey, /, **filters: Unpack[QuestionFilters]) -> int:
    """
    How many of the course's questions match the filters, counted once per bank version.

    The version token and the course's counts are read in one round trip; a count taken while
    the bank changes is kept under the version read before it, which the change has already
    replaced (``bank_changed`` bumps at the write and again at commit), so it is never served.
    """
    cache = caches[setting("VE_EDU_CACHE_ALIAS")]
    version_key, counts_key = bank_version_key(course_key), f"ve_edu:question_counts:{course_key}"
    found = cache.get_many([version_key, counts_key])
    version = found.get(version_key)
    kept = found.get(counts_key)
    counts: dict[str, int] = kept[1] if kept and version is not None and kept[0] == version else {}
    applied = _applied(filters)
    wanted = repr(sorted(applied.items()))
    if wanted in counts:
        return counts[wanted]
    if version is None:
        version = bank_version(course_key)  # the first read of this bank starts its token
    count = _narrowed(course_key, applied).count()
    if len(counts) >= COUNTS_KEPT:
        counts = {}
    cache.set(counts_key, (version, {**counts, wanted: count}), timeout=COUNT_SECONDS)
    return count
