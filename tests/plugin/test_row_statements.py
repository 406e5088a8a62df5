"""
The answer path's written statements read and write rows exactly as the ORM does: the same
values back (JSON, booleans, aware times, deferred columns), defaults and ``auto_now`` on insert,
increments done by the database, a lock where the database has one, and a cursor of its own in
every thread.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from ve_edu_plugin import row_statements
from ve_edu_plugin.attempts.models import AttemptSummary
from ve_edu_plugin.mastery.models import SkillState

pytestmark = pytest.mark.django_db(transaction=True)

RESULT = {"correct": False, "hint_level": 1, "feedback": "Nearly: \u00e9\u00e8 \u2264 \u03b1", "links": []}


def _summary(learning_course, user, **values) -> AttemptSummary:
    fields = {
        "user": user,
        "course_key": learning_course.course_key,
        "block_usage_key": "block-1",
        "question_id": learning_course.choice_question,
        "attempts": 2,
        "wrong": 2,
        "answers": [["a", False], ["2\u00bd", False]],
        "last_answer": {"x": [1, 2]},
        "last_result": RESULT,
        "last_attempt_at": datetime(2026, 12, 6, 8, 30, 15, 123456, tzinfo=UTC),
    }
    return AttemptSummary.objects.create(**{**fields, **values})


def test_a_read_row_equals_the_orms(learning_course, make_user):
    user = make_user("reader")
    stored = _summary(learning_course, user)
    columns = tuple(field.attname for field in AttemptSummary._meta.concrete_fields)
    read = row_statements.select_one(
        AttemptSummary, columns, user_id=user.id, block_usage_key="block-1", question_id=stored.question_id
    )
    orm = AttemptSummary.objects.get(pk=stored.pk)
    assert read is not None and read.pk == stored.pk
    for name in columns:
        assert getattr(read, name) == getattr(orm, name), name
    assert read.answered_correctly is False and read.last_attempt_at is not None
    assert read.last_attempt_at.tzinfo is not None
    assert read._state.adding is False and read._state.db == "default"


def test_columns_not_asked_for_are_deferred_and_a_missing_row_is_none(learning_course, make_user):
    user = make_user("partial")
    stored = _summary(learning_course, user)
    read = row_statements.select_one(
        AttemptSummary, ("attempts",), user_id=user.id, block_usage_key="block-1", question_id=stored.question_id
    )
    assert read is not None and read.attempts == 2
    assert "last_result" in read.get_deferred_fields() and "attempts" not in read.get_deferred_fields()
    assert read.last_result == RESULT, "a deferred column still loads on access, as the ORM's do"
    missing = row_statements.select_one(
        AttemptSummary, ("attempts",), user_id=user.id, block_usage_key="other", question_id=stored.question_id
    )
    assert missing is None


def test_a_locked_read_says_for_update_where_the_database_can(learning_course, make_user):
    user = make_user("locker")
    stored = _summary(learning_course, user)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        row_statements.select_one(
            SkillState, ("p_mastery",), lock=True, user_id=user.id, subtopic_id=learning_course.subtopic_ids[0]
        )
        row_statements.select_one(
            AttemptSummary, ("attempts",), user_id=user.id, block_usage_key="block-1", question_id=stored.question_id
        )
    locked, plain = (query["sql"] for query in captured.captured_queries)
    assert locked.endswith("FOR UPDATE") == connection.features.has_select_for_update
    assert "FOR UPDATE" not in plain


def test_an_insert_fills_defaults_and_auto_now_and_sets_the_key(learning_course, make_user):
    user = make_user("inserter")
    before = datetime.now(UTC)
    state = row_statements.insert_row(
        SkillState(
            user_id=user.id,
            course_key=learning_course.course_key,
            subtopic_id=learning_course.subtopic_ids[0],
            p_mastery=0.25,
        )
    )
    assert state.pk is not None and state._state.adding is False
    stored = SkillState.objects.get(pk=state.pk)
    assert (stored.p_mastery, stored.attempts, stored.recent_results, stored.mastered) == (0.25, 0, "", False)
    assert stored.updated >= before.replace(microsecond=0) and stored.mastered_at is None
    with pytest.raises(IntegrityError):
        row_statements.insert_row(
            SkillState(
                user_id=user.id,
                course_key=learning_course.course_key,
                subtopic_id=learning_course.subtopic_ids[0],
                p_mastery=0.5,
            )
        )


def test_an_update_sets_values_and_adds_in_the_database(learning_course, make_user):
    user = make_user("updater")
    stored = _summary(learning_course, user)
    AttemptSummary.objects.filter(pk=stored.pk).update(attempts=5)  # a write the caller has not seen
    changed = row_statements.update_row(
        AttemptSummary,
        stored.pk,
        {"last_result": {**RESULT, "correct": True}, "answered_correctly": True},
        add={"attempts": 1, "wrong": 0},
    )
    assert changed == 1
    stored.refresh_from_db()
    assert (stored.attempts, stored.wrong, stored.answered_correctly) == (6, 2, True)
    assert stored.last_result == {**RESULT, "correct": True}
    assert row_statements.update_row(AttemptSummary, stored.pk + 1000, {"wrong": 9}) == 0


def test_each_thread_reads_through_its_own_connection(learning_course, make_user):
    """The statements are kept per connection object: another thread's converters are never borrowed."""
    user = make_user("threads")
    stored = _summary(learning_course, user)
    read_here = row_statements.select_one(
        AttemptSummary, ("last_result",), user_id=user.id, block_usage_key="block-1", question_id=stored.question_id
    )
    found: list[object] = []

    def read() -> None:
        try:
            row = row_statements.select_one(
                AttemptSummary,
                ("last_result",),
                user_id=user.id,
                block_usage_key="block-1",
                question_id=stored.question_id,
            )
            found.append(row.last_result if row else None)
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert read_here is not None and found == [read_here.last_result] == [RESULT]


class _RecordingRouter:
    """Answers ``default`` for everything and notes which question the ORM would have asked."""

    asked: list[str] = []

    def db_for_read(self, model, **hints):
        self.asked.append(f"read {model.__name__}")
        return "default"

    def db_for_write(self, model, **hints):
        self.asked.append(f"write {model.__name__}")
        return "default"


def test_reads_and_locked_reads_ask_the_router_as_the_orm_does(learning_course, make_user, settings):
    """The platform's read-replica router may send a plain read elsewhere; a lock always goes to the writer."""
    user = make_user("routed")
    stored = _summary(learning_course, user)
    settings.DATABASE_ROUTERS = [f"{__name__}._RecordingRouter"]
    _RecordingRouter.asked = []
    where = {"user_id": user.id, "block_usage_key": "block-1", "question_id": stored.question_id}
    row_statements.select_one(AttemptSummary, ("attempts",), **where)
    with transaction.atomic():
        row_statements.select_one(AttemptSummary, ("attempts",), lock=True, **where)
    row_statements.update_row(AttemptSummary, stored.pk, {"wrong": 3})
    assert _RecordingRouter.asked == ["read AttemptSummary", "write AttemptSummary", "write AttemptSummary"]


def test_rows_read_together_come_back_each_or_none(learning_course, make_user):
    user = make_user("together")
    stored = _summary(learning_course, user)
    key = {"user_id": user.id, "block_usage_key": "block-1", "question_id": stored.question_id}
    summary_lookup = row_statements.Lookup.of(AttemptSummary, ("attempts", "answers"), **key)
    state_lookup = row_statements.Lookup.of(
        SkillState, ("p_mastery",), user_id=user.id, subtopic_id=learning_course.subtopic_ids[0]
    )
    summary, state = row_statements.select_together(summary_lookup, state_lookup)
    assert summary is not None and (summary.pk, summary.attempts, summary.answers) == (stored.pk, 2, stored.answers)
    assert state is None, "no state yet: NULLs from the left join, not a missing row"
    SkillState.objects.create(
        user=user, course_key=learning_course.course_key, subtopic_id=learning_course.subtopic_ids[0], p_mastery=0.4
    )
    summary, state = row_statements.select_together(summary_lookup, state_lookup)
    assert summary is not None and state is not None and state.p_mastery == 0.4


def test_a_locked_read_together_locks_every_row_it_read(learning_course, make_user):
    """Another transaction asking for either row without waiting is refused while the first holds them."""
    if connection.vendor != "mysql":
        pytest.skip("row locks are MariaDB's")
    user = make_user("lock-both")
    stored = _summary(learning_course, user)
    subtopic = learning_course.subtopic_ids[0]
    SkillState.objects.create(user=user, course_key=learning_course.course_key, subtopic_id=subtopic, p_mastery=0.4)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                row_statements.select_together(
                    row_statements.Lookup.of(
                        AttemptSummary,
                        ("attempts",),
                        user_id=user.id,
                        block_usage_key="block-1",
                        question_id=stored.question_id,
                    ),
                    row_statements.Lookup.of(SkillState, ("p_mastery",), user_id=user.id, subtopic_id=subtopic),
                    lock=True,
                )
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10)
        refused = []
        for rows in (AttemptSummary.objects.filter(pk=stored.pk), SkillState.objects.filter(user=user)):
            try:
                with transaction.atomic():
                    list(rows.select_for_update(nowait=True))
            except DatabaseError:
                refused.append(rows.model.__name__)
        assert refused == ["AttemptSummary", "SkillState"]
    finally:
        release.set()
        thread.join()
