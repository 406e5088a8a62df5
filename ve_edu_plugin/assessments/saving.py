"""
Saving answers on MySQL/MariaDB in two statements and no explicit transaction.

A save is the hottest request of a timed test (every debounced keystroke of every learner), so it
costs what a bare "select then insert" view costs: one read, one write, in autocommit.

1. One read finds the learner's open session by its unique ``open_marker`` key, with the stored
   answers to the questions being saved (a left join): the request is checked and the grace rules
   applied against it, and the counts (stored, resent, stale) are taken from it.
2. One ``INSERT ... SELECT ... LOCK IN SHARE MODE ... ON DUPLICATE KEY UPDATE`` writes every
   answer, but only while the session row is still open and the answers still on time. The
   shared lock orders it against finalisation (which locks the row ``FOR UPDATE``): either the
   write commits first and finalisation grades it, or it waits, sees the session closed, writes
   nothing and the save is refused with ``assessment_closed``. An answer is never lost in between.

The update keeps the stored answer when the key is the one stored (a resend counts once) or when
the stored answer was typed later (an old copy arriving late). Those rules live in the statement,
so two saves racing on one question still end with the right answer; only the counts returned,
read before the write, may then be off by the racing save.

Other databases (SQLite in development) use :func:`.sessions.store_answers` instead: a
transaction with the session row locked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from ve_edu_plugin.assessments.data import SaveOutcome
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.assessments.sessions import accepts, parse_answers
from ve_edu_plugin.errors import AssessmentClosedError
from ve_edu_plugin.i18n import gettext


@dataclass(frozen=True)
class OpenWindow:
    """The open session as a save sees it: its questions and when it stops taking answers."""

    id: int
    questions: list[dict[str, Any]]
    deadline: datetime
    closes: datetime
    status: str = AssessmentSession.OPEN


def supported() -> bool:
    """The two-statement save needs MySQL's upsert with a locking ``INSERT ... SELECT``."""
    return connection.vendor == "mysql"


def _aware(value: datetime | None) -> datetime | None:
    """MySQL hands raw reads back as naive UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _requested_ids(raw: Any) -> list[int]:
    """The whole-number question ids a save names (the rest is refused by the parser later)."""
    if not isinstance(raw, list):
        return []
    found = {item.get("question_id") for item in raw if isinstance(item, dict)}
    return sorted(value for value in found if isinstance(value, int) and not isinstance(value, bool))


def _tables() -> tuple[str, str]:
    """The two tables' quoted names: the only text put into the statements, every value is a placeholder."""
    quote = connection.ops.quote_name
    return quote(AssessmentSession._meta.db_table), quote(SavedAnswer._meta.db_table)


def read_open(
    user_id: int, block_key: str, question_ids: list[int]
) -> tuple[OpenWindow | None, dict[int, SavedAnswer]]:
    """
    The learner's open session in the block and its stored answers to ``question_ids``: one query.
    The answers come back as unsaved :class:`SavedAnswer` rows holding the columns read (key and
    time), as the transaction path of :func:`.sessions.store_answers` reads them.
    """
    sessions, answers = _tables()
    wanted = ", ".join(["%s"] * len(question_ids)) if question_ids else "NULL"
    sql = (
        "SELECT s.id, s.questions, s.deadline, s.closes, a.question_id, a.client_key, a.client_time "  # noqa: S608
        f"FROM {sessions} s LEFT JOIN {answers} a ON a.session_id = s.id AND a.question_id IN ({wanted}) "
        f"WHERE s.user_id = %s AND s.block_usage_key = %s AND s.open_marker = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*question_ids, user_id, block_key])
        rows = cursor.fetchall()
    if not rows:
        return None, {}
    first = rows[0]
    questions = json.loads(first[1]) if isinstance(first[1], (str, bytes)) else first[1]
    window = OpenWindow(first[0], questions, _aware(first[2]), _aware(first[3]))  # type: ignore[arg-type]
    stored = {
        row[4]: SavedAnswer(question_id=row[4], client_key=row[5], client_time=_aware(row[6]))
        for row in rows
        if row[4] is not None
    }
    return window, stored


def _counts(answers: list[dict[str, Any]], stored: dict[int, SavedAnswer]) -> tuple[list[dict[str, Any]], SaveOutcome]:
    """The answers to write (the last one per question) and the outcome, judged against ``stored``."""
    latest: dict[int, dict[str, Any]] = {}
    for item in answers:  # the last answer to a question in one save wins
        latest[item["question_id"]] = item
    writes, duplicates, stale = [], 0, 0
    for question_id in sorted(latest):  # one order for every save: concurrent ones never lock crosswise
        item, row = latest[question_id], stored.get(question_id)
        if row is not None and row.client_key == item["client_key"]:
            duplicates += 1
        elif row is not None and row.client_time and item["client_time"] and item["client_time"] < row.client_time:
            stale += 1
        else:
            writes.append(item)
    return writes, SaveOutcome(len(writes), duplicates + len(answers) - len(latest), stale)


# Kept when the key is the stored one (a resend) or the stored answer was typed later (stale).
# Bare column names are the stored row's (the selected columns are named v_* so none is ambiguous).
# client_key is assigned last: MySQL assigns left to right, and its test reads client_time, which
# by then holds the new time exactly when the answer was taken (so the key follows it).
_NOT_STALE = "NOT COALESCE(VALUES(client_time) < client_time, FALSE)"
_TAKEN = f"client_key <> VALUES(client_key) AND {_NOT_STALE}"
_UPSERT = (
    "ON DUPLICATE KEY UPDATE "
    f"answer = IF({_TAKEN}, VALUES(answer), answer), "
    f"saved = IF({_TAKEN}, VALUES(saved), saved), "
    f"client_time = IF({_TAKEN}, VALUES(client_time), client_time), "
    f"client_key = IF({_NOT_STALE}, VALUES(client_key), client_key)"
)


def write(window: OpenWindow, writes: list[dict[str, Any]], now: datetime) -> bool:
    """
    Upsert the answers if the session is still open and they are still on time; False if it closed
    meanwhile (nothing written). The deadline test is the grace rule of :func:`.sessions.accepts`
    for the whole save: before the deadline, or every answer typed before it (within the grace).
    """
    sessions, answers = _tables()
    adapt = connection.ops.adapt_datetimefield_value
    rows = " UNION ALL ".join(
        ["SELECT %s AS v_question, %s AS v_answer, %s AS v_key, %s AS v_time"]
        + ["SELECT %s, %s, %s, %s"] * (len(writes) - 1)
    )
    params: list[Any] = [adapt(now)]
    for item in writes:
        params += [item["question_id"], json.dumps(item["answer"]), item["client_key"], adapt(item["client_time"])]
    times = [item["client_time"] for item in writes]
    typed_by = adapt(max(times)) if all(times) else None
    params += [window.id, adapt(now), adapt(now), typed_by]
    sql = (
        f"INSERT INTO {answers} (session_id, question_id, answer, client_key, client_time, saved) "  # noqa: S608
        f"SELECT s.id, v.v_question, v.v_answer, v.v_key, v.v_time, %s FROM {sessions} s CROSS JOIN ({rows}) v "
        "WHERE s.id = %s AND s.open_marker = 1 AND s.closes >= %s AND (s.deadline >= %s OR %s <= s.deadline) "
        f"LOCK IN SHARE MODE {_UPSERT}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


def save_into_open(user_id: int, block_key: str, raw: Any, *, now: datetime) -> SaveOutcome | None:
    """
    Save into the learner's open session; None when there is none taking answers at ``now`` (the
    caller finalises an expired one lazily and refuses). Late answers: ``assessment_closed``.
    """
    window, stored = read_open(user_id, block_key, _requested_ids(raw))
    if window is None or now > window.closes:
        return None
    answers = parse_answers({entry["question_id"] for entry in window.questions}, raw)
    if any(not accepts(window, item["client_time"], now) for item in answers):
        raise AssessmentClosedError(gettext("The time for this assessment is over; the answer was not saved."))
    writes, outcome = _counts(answers, stored)
    if writes and not write(window, writes, now):
        raise AssessmentClosedError(gettext("This assessment closed before the answer arrived; it was not saved."))
    return outcome
